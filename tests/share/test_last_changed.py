"""``export --last-changed``: who last changed each event and when, from the shared
history, in the CSV's last columns and under a picture; edits not synced say so."""
import csv

from git_repos import Person, git

from desktop.cli import main
from desktop.share.blame import NOT_SYNCED, last_changes


def _rows(path):
    with open(path, encoding="utf-8", newline="") as table:
        return {row["id"]: row for row in csv.DictReader(table)}


def test_the_csv_names_the_last_author_of_each_event_and_marks_edits_not_synced(ana, ben, tmp_path):
    first, second, third = list(ben.timeline().events)[:3]
    ben.edit("events", first, title="Ben's")
    ben.sync()
    ana.sync()
    ana.edit("events", second, title="Ana's, not synced")
    out = tmp_path / "out.csv"
    assert main(["export", str(out), "--db", str(ana.db), "--last-changed"]) == 0
    rows = _rows(out)
    assert rows[first]["last_changed_by"] == "Ben <ben@newsroom.example>"
    assert rows[third]["last_changed_by"] == "Ana <ana@newsroom.example>"  # as published
    assert rows[first]["last_changed_on"].endswith(" UTC")
    assert (rows[second]["last_changed_by"], rows[second]["last_changed_on"]) == (NOT_SYNCED, "")
    assert main(["import", str(out), "--db", str(ana.db)]) == 0  # the columns are read back, and left out


def test_an_event_added_since_the_last_sync_is_not_synced_and_its_last_change_is_the_latest_commit(ana):
    event = next(iter(ana.timeline().events))
    ana.edit("events", event, title="Second title")
    ana.sync()
    ana.edit("events", event, title="Third title")
    assert last_changes(ana.repo, ana.timeline())[event].by == NOT_SYNCED
    ana.sync()
    found = last_changes(ana.repo, ana.timeline())[event]
    assert (found.by, found.on is not None) == ("Ana <ana@newsroom.example>", True)


def test_a_picture_lists_who_last_changed_each_event(ana, tmp_path):
    out = tmp_path / "out.svg"
    assert main(["export", str(out), "--db", str(ana.db), "--last-changed"]) == 0
    text = out.read_text(encoding="utf-8")
    assert "Last changed: " in text and "Ana &lt;ana@newsroom.example&gt;" in text


def test_last_changed_is_refused_for_other_formats_and_for_a_database_nobody_shares(ana, tmp_path, capsys):
    assert main(["export", str(tmp_path / "out.json"), "--db", str(ana.db), "--last-changed"]) == 2
    assert "--last-changed is for CSV exports and pictures only" in capsys.readouterr().err
    alone = tmp_path / "alone.json"
    assert main(["export", str(tmp_path / "a.csv"), "--db", str(alone)]) == 0
    assert main(["export", str(tmp_path / "b.csv"), "--db", str(alone), "--last-changed"]) == 2
    assert "not shared yet" in capsys.readouterr().err


def test_who_settled_a_conflict_is_who_last_changed_the_event(ana, ben, monkeypatch):
    event = next(iter(ben.timeline().events))
    ben.edit("events", event, title="Ben's title", notes="Ben's notes")
    url = git(ben.repo, "remote", "get-url", "origin").strip()
    git(ben.repo, "remote", "set-url", "origin", str(ben.repo.parent / "offline.git"))
    monkeypatch.setenv("GIT_AUTHOR_DATE", "2025-01-01T12:00:00Z")
    monkeypatch.setenv("GIT_COMMITTER_DATE", "2025-01-01T12:00:00Z")
    ben.sync()  # offline: Ben's edit committed, waiting
    git(ben.repo, "remote", "set-url", "origin", url)
    monkeypatch.delenv("GIT_AUTHOR_DATE")
    monkeypatch.delenv("GIT_COMMITTER_DATE")
    ana.edit("events", event, title="Ana's title", notes="Ana's notes")
    ana.sync()
    ben.sync(lambda conflicts: {(c.path, c.field): c.mine if c.field == "title" else c.theirs for c in conflicts})
    assert (ben.timeline().events[event].title, ben.timeline().events[event].notes) == ("Ben's title", "Ana's notes")
    assert last_changes(ben.repo, ben.timeline())[event].by == "Ben <ben@newsroom.example>"
