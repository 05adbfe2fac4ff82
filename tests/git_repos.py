"""Git repositories for the sharing tests: run git, give a repository an identity of its own."""
import subprocess
from pathlib import Path


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, check=True).stdout


def identify(repo: Path, who: str) -> None:
    git(repo, "config", "user.name", who.capitalize())
    git(repo, "config", "user.email", f"{who}@newsroom.example")


def without_user_config(home: Path, monkeypatch) -> None:
    """Neither the user's nor the system's git configuration: each repository gets its own identity."""
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.delenv("GIT_CONFIG_GLOBAL", raising=False)


def bare_remote(path: Path) -> Path:
    subprocess.run(["git", "init", "--quiet", "--bare", "-b", "main", str(path)], check=True)
    return path
