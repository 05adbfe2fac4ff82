"""The columns a large database keeps beside it for its first frame are a cache of the
database: sharing never commits them (nor can a repository hold the database and what
lies beside it: files added by hand are refused)."""
import shutil

import pytest
from git_repos import first_events, git

from desktop.store.columns import columns_path

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


@pytest.fixture(autouse=True)
def kept(monkeypatch):
    monkeypatch.setattr("desktop.store.columns.KEPT_FROM", 0)  # the Kursk timeline keeps them too


def committed(repo):
    return git(repo, "ls-files").split()


def test_publishing_and_syncing_commit_no_columns(ana, ben):
    assert columns_path(ana.db).exists() and columns_path(ben.db).exists()
    one, _ = first_events(ana)
    ana.edit("events", one.id, title="Ana's title")
    ana.sync()
    ben.sync()

    for person in (ana, ben):
        assert columns_path(person.db).exists()
        assert not [name for name in committed(person.repo) if name.endswith(".columns")]
        assert not list(person.repo.rglob("*.columns"))

