"""Two people sharing the Kursk timeline through a local bare repository standing for the remote."""
import pytest
from git_repos import bare_remote, cloner, publisher, without_user_config


@pytest.fixture(autouse=True)
def no_user_git_config(tmp_path, monkeypatch):
    without_user_config(tmp_path / "home", monkeypatch)


@pytest.fixture
def remote(tmp_path):
    return bare_remote(tmp_path / "remote.git")


@pytest.fixture
def ana(tmp_path, remote):
    return publisher(tmp_path, remote, "ana")


@pytest.fixture
def ben(tmp_path, remote, ana):
    return cloner(tmp_path, remote, "ben")
