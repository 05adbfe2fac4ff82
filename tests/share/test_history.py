"""``share history EVENT_ID``: every committed change to an event and its citations, from git."""
import pytest
from git_repos import delete_event, first_events, git
from git_repos import Person

from desktop.cli import main
from desktop.model.edits import Change
from desktop.share.form import record_path
from desktop.share.history import described, event_history, shown, unsynced
from desktop.share.sync import ShareError
from desktop.store import Store


def _cited_event(person: Person):
    timeline = person.timeline()
    return next(e for e in timeline.events.values() if timeline.citations_for(e.id))


def test_history_names_who_changed_which_field_from_what_to_what_newest_first(ana, ben, capsys):
    event = _cited_event(ben)
    ben.edit("events", event.id, title="Ben's title", lane="Observers")
    ben.sync()
    ana.sync()
    ana.edit("events", event.id, title="Ana's title")
    ana.sync()
    capsys.readouterr()
    assert ana.cli("history", event.id) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "Ana <ana@newsroom.example>" in lines[0]
    assert lines[1] == "    title: \"Ben's title\" → \"Ana's title\""
    assert "Ben <ben@newsroom.example>" in lines[2]
    assert lines[3:5] == [f"    lane: {event.lane!r} → 'Observers'", f"    title: {shown(event.title)} → \"Ben's title\""]
    assert lines[-1] == f"    event added: {shown(event.title)}"


def test_a_citation_removed_is_part_of_its_event_s_history(ana):
    event = _cited_event(ana)
    citation = ana.timeline().citations_for(event.id)[0]
    ana.apply(Change("citations", citation.id, citation, None))
    ana.sync()
    timeline = ana.timeline()
    latest = event_history(ana.repo, timeline, event.id)[0]
    assert [(c.what, c.how) for c in latest.changes] == [("citation", "removed")]
    assert latest.changes[0].record["quote"] == citation.quote
    first = event_history(ana.repo, timeline, event.id)[-1]
    assert ("citation", "added") in [(c.what, c.how) for c in first.changes]


def test_the_history_of_another_event_leaves_these_changes_out(ana):
    first, second = list(ana.timeline().events.values())[:2]
    ana.edit("events", first.id, title="Only the first")
    ana.sync()
    assert len(event_history(ana.repo, ana.timeline(), second.id)) == 1  # its publishing only


def test_history_of_an_unshared_database_or_an_unknown_event_says_why(ana, tmp_path, capsys):
    assert ana.cli("history", "no-such-event") == 2
    assert "no event with the id 'no-such-event'" in capsys.readouterr().err
    alone = tmp_path / "alone.json"
    assert main(["export", str(tmp_path / "x.csv"), "--db", str(alone)]) == 0
    event = next(iter(Store.open(alone, read_only=True).load().events))
    assert main(["share", "history", event, "--db", str(alone)]) == 2
    assert "not shared yet" in capsys.readouterr().err


def test_a_version_broken_by_hand_and_committed_shows_rather_than_failing(ana):
    event = next(iter(ana.timeline().events.values()))
    path = ana.repo / record_path("events", event.id)
    path.write_text("{ not json", encoding="utf-8")
    git(ana.repo, "commit", "-qam", "broken")
    revisions = event_history(ana.repo, ana.timeline(), event.id)
    assert revisions[0].subject == "broken"
    assert [(c.what, c.how) for c in revisions[0].changes] == [("event", "changed")]


def test_a_conflict_settled_field_by_field_is_the_newest_change_with_the_values_kept(ana, ben):
    event = first_events(ana, 1)[0]
    ana.edit("events", event.id, title="Ana's title", notes="Ana's notes")
    ben.edit("events", event.id, title="Ben's title", notes="Ben's notes")
    ana.sync()
    ben.sync(lambda conflicts: {(c.path, c.field): c.theirs if c.field == "title" else c.mine for c in conflicts})
    ana.sync()
    newest = event_history(ana.repo, ana.timeline(), event.id)[0]
    assert (newest.author, newest.subject.startswith("Sync with origin:")) == ("Ben", True)
    assert [(f.name, f.old, f.new) for c in newest.changes for f in c.fields] == [("title", "Ben's title", "Ana's title")]


@pytest.mark.parametrize("first_to_sync", ["editor", "deleter"])
def test_an_event_kept_against_a_deletion_is_shown_kept_with_its_citations_restored_after_the_deletion(ana, ben, first_to_sync):
    event = _cited_event(ana)
    citations = {c.id for c in ana.timeline().citations_for(event.id)}
    ana.edit("events", event.id, title="Ana's title")
    delete_event(ben, ben.timeline().events[event.id])
    first, second = (ana, ben) if first_to_sync == "editor" else (ben, ana)
    first.sync()
    second.sync()
    first.sync()
    for person in (ana, ben):
        timeline = person.timeline()
        assert {c.id for c in timeline.citations_for(event.id)} == citations
        newest, *older = event_history(person.repo, timeline, event.id)
        deleted = next(r for r in older if r.author == "Ben")
        assert {(c.what, c.how) for c in deleted.changes} == {("event", "removed"), ("citation", "removed")}
        kept = [c for c in newest.changes if c.what == "event"]
        assert [(c.how, [f.name for f in c.fields]) for c in kept] == [("kept", ["tags"])]
        assert "sync: kept, deleted by ben@newsroom.example" in kept[0].record["tags"]
        assert sorted((c.how, c.record["id"]) for c in newest.changes if c.what == "citation") == [("restored", key) for key in sorted(citations)]
        lines = [line for change in newest.changes for line in described(change, timeline)]
        assert f"event kept against its deletion on the other side: \"Ana's title\"" in lines
        assert "citation of" in lines[-1] and lines[-1].endswith("restored with the event, kept against its deletion")


def test_a_change_the_merge_did_not_keep_is_still_listed(ana, ben):
    event = first_events(ana, 1)[0]
    ana.edit("events", event.id, title="Ana's title")
    ben.edit("events", event.id, title="Ben's title")
    ana.sync()
    ben.sync(lambda conflicts: {(c.path, c.field): c.theirs for c in conflicts})
    subjects = [(r.author, [f.new for c in r.changes for f in c.fields]) for r in event_history(ben.repo, ben.timeline(), event.id)]
    assert ("Ben", ["Ben's title"]) in subjects and ("Ana", ["Ana's title"]) in subjects


def test_an_edit_whose_sync_was_refused_is_still_said_to_wait(ana, ben):
    event = first_events(ana, 1)[0]
    assert not unsynced(ben.repo, ben.timeline(), event.id)
    ana.edit("events", event.id, title="Ana's title")
    ben.edit("events", event.id, title="Ben's title")
    assert unsynced(ben.repo, ben.timeline(), event.id)
    ana.sync()
    with pytest.raises(ShareError, match="both sides changed the same field"):
        ben.sync()  # refused: nothing chose between the titles
    assert unsynced(ben.repo, ben.timeline(), event.id)


def test_history_says_first_that_edits_since_the_last_sync_are_not_in_it(ana, capsys):
    event = first_events(ana, 1)[0]
    ana.edit("events", event.id, title="Not synced yet")
    capsys.readouterr()
    assert ana.cli("history", event.id) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "Your edits to it since the last sync are not committed yet: sync to commit them"
    assert lines[-1] == f"    event added: {event.title!r}"
