"""Two people sharing the Kursk timeline through a local bare repository standing for the remote."""
import subprocess

import pytest
from git_repos import Person, bare_remote, identify, without_user_config

from desktop.cli import main


@pytest.fixture(autouse=True)
def no_user_git_config(tmp_path, monkeypatch):
    without_user_config(tmp_path / "home", monkeypatch)


@pytest.fixture
def remote(tmp_path):
    return bare_remote(tmp_path / "remote.git")


@pytest.fixture
def ana(tmp_path, remote):
    """Publishes the Kursk timeline into her clone of the empty remote."""
    repo = tmp_path / "ana"
    subprocess.run(["git", "clone", "--quiet", str(remote), str(repo)], check=True, capture_output=True)
    identify(repo, "ana")
    person = Person(tmp_path / "ana.json", repo)
    assert person.cli("init", str(repo)) == 0
    return person


@pytest.fixture
def ben(tmp_path, remote, ana):
    person = Person(tmp_path / "ben.json", tmp_path / "ben")
    assert main(["share", "clone", str(remote), str(person.repo), "--db", str(person.db)]) == 0
    identify(person.repo, "ben")
    return person
