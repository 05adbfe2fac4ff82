"""What a sync does where both people changed the same thing: each conflicting field settled
by a choice (a function given the conflicts, --take mine|theirs, the app's dialog) or the
sync refused; links, lanes, sources and deletions met on both sides."""
import dataclasses
import json
import shutil

import pytest
from git_repos import delete_event, first_events, git

from desktop.exchange.reading import Cancelled
from desktop.model import LinkType
from desktop.model import lanes as lane_edits
from desktop.model.dates import FuzzyDate
from desktop.model.edits import Change
from desktop.model.heading import retitled
from desktop.model.links import made
from desktop.model.source_edits import delete_source
from desktop.share.conflicts import Conflict, lane_order, merge_fields
from desktop.share.form import record_path
from desktop.share.sync import ShareError, take_mine, take_theirs

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def path_of(event) -> str:
    return record_path("events", event.id)


def test_a_resolve_is_given_each_conflict_and_what_it_picks_is_merged_committed_and_pushed(ana, ben, remote):
    event = first_events(ana, 1)[0]
    ana.edit("events", event.id, title="Ana's title", notes="Ana's notes", annotation="Ana's remark")
    ben.edit("events", event.id, title="Ben's title", notes="Ben's notes")
    ana.sync()
    given = []

    def theirs_title_my_notes(conflicts):
        given.extend(conflicts)
        return {(c.path, c.field): c.theirs if c.field == "title" else c.mine for c in conflicts}

    synced = ben.sync(theirs_title_my_notes)
    assert given == [Conflict(path_of(event), "events", event.id, "notes", "Ben's notes", "Ana's notes", event.notes),
                     Conflict(path_of(event), "events", event.id, "title", "Ben's title", "Ana's title", event.title)]
    merged = ben.timeline().events[event.id]
    assert (merged.title, merged.notes, merged.annotation) == ("Ana's title", "Ben's notes", "Ana's remark")
    assert synced.edit is not None and synced.lines[-1] == "Pushed to origin/main"
    on_remote = json.loads(git(remote, "show", f"main:{path_of(event)}"))
    assert (on_remote["title"], on_remote["notes"], on_remote["annotation"]) == ("Ana's title", "Ben's notes", "Ana's remark")
    assert len(git(remote, "log", "-1", "--format=%P", "main").split()) == 2  # the merge, committed
    ana.sync()
    assert ana.timeline() == ben.timeline()


def _retitled_on_both_sides(ana, ben):
    """The first event, retitled by Ana and by Ben; Ana's title synced first."""
    event = first_events(ana, 1)[0]
    ana.edit("events", event.id, title="Ana's title")
    ben.edit("events", event.id, title="Ben's title")
    ana.sync()
    return event


def test_a_resolve_that_cancels_leaves_database_and_working_copy_as_they_were_and_the_next_sync_works(ana, ben):
    event = _retitled_on_both_sides(ana, ben)
    before = ben.db.read_bytes()
    with pytest.raises(Cancelled):
        ben.sync(lambda conflicts: None)
    assert ben.db.read_bytes() == before
    assert not (ben.repo / ".git" / "MERGE_HEAD").exists() and git(ben.repo, "status", "--porcelain") == ""
    assert "Ben's title" in (ben.repo / path_of(event)).read_text()  # the working copy is the database's
    assert ben.sync(take_mine).lines[-1] == "Pushed to origin/main"
    ana.sync()
    assert ana.timeline().events[event.id].title == "Ben's title"


@pytest.mark.parametrize("take", ["mine", "theirs"])
def test_share_sync_take_settles_every_conflicting_field_so(ana, ben, take, capsys):
    one, two = first_events(ana)
    ana.edit("events", one.id, title="Ana's title")
    ana.edit("events", two.id, notes="Ana's notes")
    ben.edit("events", one.id, title="Ben's title", annotation="Ben's remark")
    ben.edit("events", two.id, notes="Ben's notes")
    ana.sync()
    assert ben.cli("sync", "--take", take) == 0
    assert "Pushed to origin/main" in capsys.readouterr().out
    events = ben.timeline().events
    name = "Ben" if take == "mine" else "Ana"
    assert (events[one.id].title, events[two.id].notes, events[one.id].annotation) == (f"{name}'s title", f"{name}'s notes", "Ben's remark")
    ana.sync()
    assert ana.timeline() == ben.timeline()


def test_the_same_link_made_from_either_end_on_both_sides_merges_as_one_link(ana, ben):
    one, two = first_events(ana)
    ana.apply(Change("links", (link := made(one.id, two.id, LinkType.SAME_AS)).id, None, link))
    ben.apply(Change("links", (twin := made(two.id, one.id, LinkType.SAME_AS)).id, None, twin))
    ana.sync()
    synced = ben.sync()
    assert f"Kept {record_path('links', twin.id)} only: the same link was added on both sides ({record_path('links', link.id)} dropped)" in synced.lines
    ana.sync()
    for person in (ana, ben):
        assert [(k.id, k.key) for k in person.timeline().links.values() if k.type is LinkType.SAME_AS] == [(twin.id, twin.key)]


def test_the_same_link_made_from_either_end_on_both_sides_keeps_the_others_note(ana, ben):
    one, two, three = first_events(ana, 3)
    ana.apply(Change("links", (link := made(one.id, two.id, LinkType.SAME_AS, "Ana's reason")).id, None, link))
    ben.apply(Change("links", (twin := made(two.id, one.id, LinkType.SAME_AS)).id, None, twin))
    ana.apply(Change("links", (other := made(one.id, three.id, LinkType.SAME_AS, "Ana's")).id, None, other))
    ben.apply(Change("links", (other_twin := made(three.id, one.id, LinkType.SAME_AS, "Ben's")).id, None, other_twin))
    ana.sync()
    given = []
    ben.sync(lambda conflicts: given.extend(conflicts) or take_theirs(conflicts))
    assert [(c.path, c.field, c.mine, c.theirs) for c in given] == [(f"{record_path('links', other_twin.id)}", "note", "Ben's", "Ana's")]
    ana.sync()
    for person in (ana, ben):
        links = person.timeline().links
        assert (links[twin.id].note, links[other_twin.id].note) == ("Ana's reason", "Ana's")
        assert link.id not in links and other.id not in links


def test_the_same_link_added_on_both_sides_with_different_notes_is_a_conflict_settled_by_the_choice(ana, ben, capsys):
    one, two = first_events(ana)
    ana.apply(Change("links", (link := made(one.id, two.id, LinkType.DISPUTES, "Ana's note")).id, None, link))
    ben.apply(Change("links", link.id, None, dataclasses.replace(link, note="Ben's note")))
    ana.sync()
    assert ben.cli("sync") == 2
    assert f"conflict: {record_path('links', link.id)}: field 'note': mine \"Ben's note\", theirs \"Ana's note\"" in capsys.readouterr().err
    ben.sync(take_theirs)
    ana.sync()
    for person in (ana, ben):
        assert person.timeline().links[link.id] == link


def test_lanes_reordered_differently_on_both_sides_are_one_conflict_of_the_lane_order(ana, ben):
    order = ana.timeline().lane_order()
    ana.apply(*lane_edits.move(ana.timeline(), order[-1], 0).changes)
    ben.apply(*lane_edits.move(ben.timeline(), order[0], len(order) - 1).changes)
    anas = ana.timeline().lane_order()
    ana.sync()
    with pytest.raises(ShareError, match="field 'order'"):
        ben.sync()
    given = []
    ben.sync(lambda conflicts: given.extend(conflicts) or take_theirs(conflicts))
    assert [(c.path, c.kind, c.field, c.theirs) for c in given] == [("lanes", "lane_records", "order", anas)]
    ana.sync()
    for person in (ana, ben):
        assert person.timeline().lane_order() == anas
    assert ana.timeline() == ben.timeline()


def test_lanes_reordered_on_one_side_and_a_lane_added_on_the_other_merge_without_a_conflict(ana, ben):
    order = _lanes_recorded_on_both_sides(ana, ben)
    event = first_events(ben, 1)[0]
    ben.edit("events", event.id, lane="Volunteers")
    ben.apply(*lane_edits.restyle(ben.timeline(), "Volunteers", colour="#000000").changes)  # the new lane recorded
    ana.apply(*lane_edits.move(ana.timeline(), order[0], len(order) - 1).changes)
    anas = ana.timeline().lane_order()
    ana.sync()
    ben.sync()  # no resolve: no conflict
    ana.sync()
    for person in (ana, ben):
        assert person.timeline().lane_order() == [*anas, "Volunteers"]


def test_sources_from_one_url_added_on_both_sides_are_both_kept_and_the_sync_says_so(ana, ben):
    first = next(iter(ana.timeline().sources.values()))
    url = "https://www.bbc.com/news/articles/kursk"
    anas = dataclasses.replace(first, id="anas-copy", title="Ana's copy", url=url)
    bens = dataclasses.replace(first, id="bens-copy", title="Ben's copy", url=url)
    ana.apply(Change("sources", anas.id, None, anas))
    ben.apply(Change("sources", bens.id, None, bens))
    ana.sync()
    synced = ben.sync()
    assert f"Both sides added a source from {url}: {record_path('sources', bens.id)} and {record_path('sources', anas.id)}, both kept" in synced.lines
    ana.sync()
    for person in (ana, ben):
        assert {anas.id, bens.id} <= person.timeline().sources.keys()


def test_a_source_added_on_both_sides_under_one_id_with_different_texts_is_a_conflict_the_text_follows_the_choice(ana, ben):
    first = next(iter(ana.timeline().sources.values()))
    anas = dataclasses.replace(first, id="one-id", title="Ana's copy", text="Ana's text", sha256="")
    bens = dataclasses.replace(first, id="one-id", title="Ben's copy", text="Ben's text", sha256="")
    ana.apply(Change("sources", anas.id, None, anas))
    ben.apply(Change("sources", bens.id, None, bens))
    ana.sync()
    given = []
    ben.sync(lambda conflicts: given.extend(conflicts) or take_theirs(conflicts))
    assert sorted(c.field for c in given) == ["text", "title"]
    ana.sync()
    for person in (ana, ben):
        assert person.timeline().sources["one-id"] == anas
        assert (person.repo / record_path("sources", "one-id")).with_suffix(".txt").read_text() == "Ana's text"


@pytest.mark.parametrize("first_to_sync", ["deleter", "editor"])
def test_an_event_edited_on_one_side_and_deleted_on_the_other_is_kept_tagged_with_who_deleted_it(ana, ben, first_to_sync):
    event = first_events(ana, 1)[0]
    deleter, editor = (ana, ben) if first_to_sync == "deleter" else (ben, ana)
    delete_event(deleter, event)
    editor.edit("events", event.id, title="Edited")
    first, second = (deleter, editor) if first_to_sync == "deleter" else (editor, deleter)
    first.sync()
    synced = second.sync()
    who = "ana" if deleter is ana else "ben"
    tag = f"sync: kept, deleted by {who}@newsroom.example"
    assert f"Kept {path_of(event)}: edited on one side, deleted by {who}@newsroom.example on the other; tagged '{tag}'" in synced.lines
    first.sync()
    for person in (ana, ben):
        kept = person.timeline().events[event.id]
        assert kept.title == "Edited" and tag in kept.tags
    assert ana.timeline() == ben.timeline()


@pytest.mark.parametrize("first_to_sync", ["deleter", "editor"])
def test_an_event_kept_against_its_deletion_keeps_its_citations_and_links(ana, ben, first_to_sync):
    timeline = ana.timeline()
    event = next(e for e in timeline.events.values() if timeline.citations_for(e.id) and timeline.links_of(e.id))
    citations, links = timeline.citations_for(event.id), [link for _, link, _ in timeline.links_of(event.id)]
    deleter, editor = (ana, ben) if first_to_sync == "deleter" else (ben, ana)
    delete_event(deleter, event)
    editor.edit("events", event.id, title="Edited")
    first, second = (deleter, editor) if first_to_sync == "deleter" else (editor, deleter)
    first.sync()
    second.sync()
    first.sync()
    for person in (ana, ben):
        kept = person.timeline()
        assert kept.events[event.id].title == "Edited"
        assert kept.citations_for(event.id) == citations
        assert [link for _, link, _ in kept.links_of(event.id)] == links
    assert ana.timeline() == ben.timeline()


@pytest.mark.parametrize("first_to_sync", ["deleter", "editor"])
def test_a_source_edited_on_one_side_and_deleted_on_the_other_comes_back_with_its_text_citations_and_statuses(ana, ben, first_to_sync):
    timeline = ana.timeline()
    source = next(iter(timeline.sources.values()))
    cited = {c.event_id for c in timeline.citations.values() if c.source_id == source.id}
    statuses = {key: timeline.events[key].status for key in cited}
    deleter, editor = (ana, ben) if first_to_sync == "deleter" else (ben, ana)
    deleted = delete_source(deleter.timeline(), source.id)
    assert any(c.kind == "events" for c in deleted.changes)  # the deletion changes statuses
    deleter.apply(*deleted.changes)
    editor.edit("sources", source.id, title="Edited")
    first, second = (deleter, editor) if first_to_sync == "deleter" else (editor, deleter)
    first.sync()
    synced = second.sync()
    who = "ana" if deleter is ana else "ben"
    assert f"Kept {record_path('sources', source.id)}: edited on one side, deleted by {who}@newsroom.example on the other" in synced.lines
    first.sync()
    for person in (ana, ben):
        kept = person.timeline()
        assert kept.sources[source.id] == dataclasses.replace(source, title="Edited")
        assert {c.id: c for c in kept.citations.values()} == timeline.citations
        assert {key: kept.events[key].status for key in cited} == statuses
    assert ana.timeline() == ben.timeline()


def _lanes_recorded_on_both_sides(ana, ben):
    """A lane moved by Ana and synced to both: every lane has its record. The order before the move."""
    order = ana.timeline().lane_order()
    ana.apply(*lane_edits.move(ana.timeline(), order[-1], 0).changes)
    ana.sync()
    ben.sync()
    return order


@pytest.mark.parametrize("first_to_sync", ["deleter", "editor"])
def test_a_lane_recoloured_on_one_side_and_deleted_on_the_other_comes_back_with_its_events_citations_and_links(ana, ben, first_to_sync):
    _lanes_recorded_on_both_sides(ana, ben)
    before = ana.timeline()
    lane = "Russia"
    events = {key for key, e in before.events.items() if e.lane == lane}
    assert events and any(before.citations_for(key) for key in events) and any(before.links_of(key) for key in events)
    deleter, editor = (ana, ben) if first_to_sync == "deleter" else (ben, ana)
    deleter.apply(*lane_edits.delete(deleter.timeline(), lane).changes)
    editor.apply(*lane_edits.restyle(editor.timeline(), lane, colour="#123456").changes)
    first, second = (deleter, editor) if first_to_sync == "deleter" else (editor, deleter)
    first.sync()
    second.sync()
    first.sync()
    for person in (ana, ben):
        kept = person.timeline()
        assert [r.colour for r in kept.lane_records.values() if r.name == lane] == ["#123456"]
        assert kept.events == before.events and kept.citations == before.citations and kept.links == before.links
    assert ana.timeline() == ben.timeline()


def test_an_event_edited_on_one_side_keeps_its_lane_that_the_other_side_deleted_and_so_the_lane_s_other_events(ana, ben):
    _lanes_recorded_on_both_sides(ana, ben)
    before = ana.timeline()
    event = next(e for e in before.events.values() if e.lane == "Russia")
    record = next(r for r in before.lane_records.values() if r.name == "Russia")
    ana.apply(*lane_edits.delete(ana.timeline(), "Russia").changes)
    ben.edit("events", event.id, title="Edited")
    ana.sync()
    ben.sync()
    ana.sync()
    for person in (ana, ben):
        kept = person.timeline()
        assert kept.events[event.id].title == "Edited" and kept.lane_records[record.id] == record
        assert kept.events.keys() == before.events.keys() and kept.citations == before.citations
    assert ana.timeline() == ben.timeline()


def test_a_citation_edited_on_one_side_brings_back_its_source_deleted_on_the_other_with_every_citation_and_status(ana, ben):
    timeline = ana.timeline()
    source = next(iter(timeline.sources.values()))
    ana.apply(*delete_source(ana.timeline(), source.id).changes)
    citation = next(c for c in timeline.citations.values() if c.source_id == source.id)
    ben.edit("citations", citation.id, claimant="Edited")
    ana.sync()
    ben.sync()
    ana.sync()
    for person in (ana, ben):
        kept = person.timeline()
        assert kept.sources[source.id] == source
        assert kept.citations == {**timeline.citations, citation.id: dataclasses.replace(citation, claimant="Edited")}
        assert {key: e.status for key, e in kept.events.items()} == {key: e.status for key, e in timeline.events.items()}
    assert ana.timeline() == ben.timeline()


def test_a_merge_the_model_refuses_after_the_conflicts_were_settled_writes_nothing(ana, ben):
    event = first_events(ana, 1)[0]
    ana.edit("events", event.id, title="Ana's title", start=FuzzyDate.parse("2030-01-01"), end=None)
    ben.edit("events", event.id, title="Ben's title", end=FuzzyDate.parse("2029-01-01"))
    ana.sync()
    before_db, before_head = ben.db.read_bytes(), git(ben.repo, "rev-parse", "HEAD")
    with pytest.raises(ShareError, match="ends .* before it starts"):
        ben.sync(take_theirs)
    assert ben.db.read_bytes() == before_db
    assert git(ben.repo, "rev-parse", "HEAD") == before_head
    assert not (ben.repo / ".git" / "MERGE_HEAD").exists()


def test_after_the_conflicts_are_settled_an_event_deleted_on_one_side_and_linked_on_the_other_is_kept(ana, ben):
    one, two, three = first_events(ana, 3)
    delete_event(ana, one)
    ana.edit("events", two.id, title="Ana's title")
    ana.sync()
    ben.edit("events", two.id, title="Ben's title")
    ben.apply(Change("links", (link := made(three.id, one.id, LinkType.DISPUTES)).id, None, link))
    synced = ben.sync(take_mine)
    assert f"Kept {path_of(one)}: deleted on one side, cited or linked on the other" in synced.lines
    ana.sync()
    for person in (ana, ben):
        timeline = person.timeline()
        kept = dataclasses.replace(one, tags=(*one.tags, "sync: kept, deleted by ana@newsroom.example"))
        assert (timeline.events[one.id], timeline.links[link.id], timeline.events[two.id].title) == (kept, link, "Ben's title")


def test_fields_merge_one_by_one():
    base = {"id": "e", "title": "T", "notes": "N", "tags": ["a"]}
    merged, conflicts = merge_fields("events/e.json", "events", base, {**base, "title": "Mine", "notes": "Same"},
                                     {**base, "title": "Theirs", "notes": "Same", "tags": ["a", "b"]})
    assert merged == {"id": "e", "title": "Mine", "notes": "Same", "tags": ["a", "b"]}
    assert conflicts == [Conflict("events/e.json", "events", "e", "title", "Mine", "Theirs", "T")]


def test_the_lane_order_follows_the_side_that_changed_it():
    lanes = {key: {"position": k} for k, key in enumerate("abc")}
    moved = {"c": {"position": 0}, "a": {"position": 1}, "b": {"position": 2}}
    assert lane_order(lanes, lanes, moved) == (["c", "a", "b"], None)
    assert lane_order(lanes, moved, lanes) == (["c", "a", "b"], None)
    other = {"b": {"position": 0}, "a": {"position": 1}, "c": {"position": 2}}
    assert lane_order(lanes, moved, other)[1] == Conflict("lanes", "lane_records", "", "order", ["c", "a", "b"], ["b", "a", "c"], ["a", "b", "c"])


def test_a_timeline_renamed_on_one_side_is_renamed_on_the_other_and_the_merge_says_so(ana, ben):
    ana.apply(*retitled(ana.timeline(), "Kursk, as Ana names it").changes)
    ana.sync()
    ben.edit("events", first_events(ben, 1)[0].id, title="Ben's title")
    synced = ben.sync()
    assert "Sync with origin: the title changed by ana@newsroom.example" in synced.lines
    ana.sync()
    for person in (ana, ben):
        assert person.timeline().title == "Kursk, as Ana names it"
    assert ana.timeline() == ben.timeline()


def test_lanes_declared_anew_in_the_repository_are_taken_like_any_field(ana, ben, remote, tmp_path):
    other = tmp_path / "other"
    git(tmp_path, "clone", "--quiet", str(remote), str(other))
    head = json.loads((other / "timeline.json").read_text())
    lanes = [*reversed(head["lanes"]), "Volunteers"]
    (other / "timeline.json").write_text(json.dumps({**head, "lanes": lanes}, indent=2, sort_keys=True, ensure_ascii=False) + "\n")
    git(other, "-c", "user.name=Cy", "-c", "user.email=cy@newsroom.example", "commit", "--quiet", "-am", "lanes declared")
    git(other, "push", "--quiet", "origin", "main")
    ben.edit("events", first_events(ben, 1)[0].id, title="Ben's title")
    assert "Sync with origin: the lanes changed by cy@newsroom.example" in ben.sync().lines
    ana.sync()
    for person in (ana, ben):
        assert (person.timeline().lanes, person.timeline().title) == (lanes, head["title"])
    assert ana.timeline() == ben.timeline()


@pytest.mark.parametrize("take", ["mine", "theirs"])
def test_a_timeline_renamed_differently_on_both_sides_is_a_conflict_of_its_title(ana, ben, take, capsys):
    ana.apply(*retitled(ana.timeline(), "Ana's name").changes)
    ben.apply(*retitled(ben.timeline(), "Ben's name").changes)
    ana.sync()
    assert ben.cli("sync") == 2
    assert "conflict: timeline.json: field 'title': mine \"Ben's name\", theirs \"Ana's name\"" in capsys.readouterr().err
    assert ben.timeline().title == "Ben's name"
    given = []
    ben.sync(lambda conflicts: given.extend(conflicts) or (take_mine if take == "mine" else take_theirs)(conflicts))
    assert [(c.path, c.kind, c.field) for c in given] == [("timeline.json", "timeline", "title")]
    ana.sync()
    for person in (ana, ben):
        assert person.timeline().title == ("Ben's name" if take == "mine" else "Ana's name")


def test_a_resolve_that_leaves_a_conflict_unchosen_is_refused_and_nothing_is_merged(ana, ben):
    event = _retitled_on_both_sides(ana, ben)
    before = ben.db.read_bytes()
    with pytest.raises(ShareError, match=f"no choice was made for {path_of(event)} field 'title'"):
        ben.sync(lambda conflicts: {})
    assert ben.db.read_bytes() == before and not (ben.repo / ".git" / "MERGE_HEAD").exists()


def test_the_same_link_added_alike_on_both_sides_merges_as_one_link(ana, ben):
    one, two = first_events(ana)
    link = made(one.id, two.id, LinkType.CAUSES)
    for person in (ana, ben):
        person.apply(Change("links", link.id, None, link))
    ana.sync()
    ben.sync()
    ana.sync()
    for person in (ana, ben):
        assert [k for k in person.timeline().links.values() if k.key == link.key] == [link]

