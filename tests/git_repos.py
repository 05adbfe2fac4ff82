"""Git repositories for the sharing tests: run git, give a repository an identity of its own,
and people who share a timeline, each with a database and a clone."""
import dataclasses
import subprocess
from pathlib import Path

from desktop.cli import main
from desktop.model.edits import Change
from desktop.share import sync as share
from desktop.share.form import files_of, write_tree
from desktop.store import Store


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


def shared_from_command_line(tmp_path: Path, monkeypatch, ben: bool = True) -> tuple[Path, Path, Path, Path]:
    """Ana publishes the Kursk database with `share init` into a clone of a new bare
    remote; Ben (unless not wanted) gets it with `share clone`. Returns the remote, Ana's
    working copy and database, and Ben's database."""
    without_user_config(tmp_path / "home", monkeypatch)
    remote = bare_remote(tmp_path / "remote.git")
    ana_repo, ana_db, ben_db = tmp_path / "ana", tmp_path / "ana.json", tmp_path / "ben.json"
    subprocess.run(["git", "clone", "--quiet", str(remote), str(ana_repo)], check=True, capture_output=True)
    identify(ana_repo, "ana")
    assert main(["share", "init", str(ana_repo), "--db", str(ana_db)]) == 0
    if ben:
        assert main(["share", "clone", str(remote), str(tmp_path / "ben"), "--db", str(ben_db)]) == 0
        identify(tmp_path / "ben", "ben")
    return remote, ana_repo, ana_db, ben_db


@dataclasses.dataclass
class Person:
    """Someone sharing the timeline: a database of their own and a clone of the remote."""

    db: Path
    repo: Path

    def cli(self, *args: str) -> int:
        return main(["share", *args, "--db", str(self.db)])

    def sync(self, resolve=None):
        store = Store.open(self.db)
        try:
            return share.sync_database(self.db, store, resolve)
        finally:
            store.close()

    def timeline(self):
        store = Store.open(self.db, read_only=True)
        return store.load()

    def apply(self, *changes: Change) -> None:
        store = Store.open(self.db)
        try:
            store.apply(list(changes))
        finally:
            store.close()

    def edit(self, kind: str, key: str, **fields) -> None:
        before = self.timeline().table(kind)[key]
        self.apply(Change(kind, key, before, None if fields.get("delete") else dataclasses.replace(before, **fields)))


def first_events(person: Person, n: int = 2):
    return list(person.timeline().events.values())[:n]


def delete_event(person: Person, event) -> None:
    """The event deleted with its citations and links, as the app does."""
    timeline = person.timeline()
    pointing = [Change("citations", c.id, c, None) for c in timeline.citations_for(event.id)]
    pointing += [Change("links", link.id, link, None) for _, link, _ in timeline.links_of(event.id)]
    person.apply(*pointing, Change("events", event.id, event, None))


def second_source_shared(ana: Person, ben: Person):
    """A copy of the first source, added by Ana and synced to both."""
    source = dataclasses.replace(next(iter(ana.timeline().sources.values())), id="second-source", title="A second source")
    ana.apply(Change("sources", source.id, None, source))
    ana.sync()
    ben.sync()
    return source


def published_flat(tmp_path: Path, remote: Path, timeline) -> Path:
    """The timeline pushed to ``remote`` by Eve with the version before, which laid each
    folder's files side by side (schema 7); her working copy."""
    eve = tmp_path / "eve"
    subprocess.run(["git", "clone", "--quiet", str(remote), str(eve)], check=True, capture_output=True)
    identify(eve, "eve")
    write_tree(eve, files_of(timeline, flat=True))
    git(eve, "add", "--all")
    git(eve, "commit", "--quiet", "-m", "Published")
    git(eve, "push", "--quiet", "origin", "HEAD:main")
    return eve


def publisher(tmp_path: Path, remote: Path, who: str = "ana") -> Person:
    """Publishes the Kursk timeline into a clone of the empty remote."""
    person = Person(tmp_path / f"{who}.json", tmp_path / who)
    subprocess.run(["git", "clone", "--quiet", str(remote), str(person.repo)], check=True, capture_output=True)
    identify(person.repo, who)
    assert person.cli("init", str(person.repo)) == 0
    return person


def cloner(tmp_path: Path, remote: Path, who: str = "ben") -> Person:
    """Clones the shared timeline, with a database of their own."""
    person = Person(tmp_path / f"{who}.json", tmp_path / who)
    assert main(["share", "clone", str(remote), str(person.repo), "--db", str(person.db)]) == 0
    identify(person.repo, who)
    return person
