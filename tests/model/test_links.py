"""Links as records: each reads both ways; a link to nothing, to itself or twice is refused;
deleting an event takes its links with it."""
import pytest

from desktop.model import Change, Event, FuzzyDate, LinkType, ModelError, Timeline
from desktop.model.editing import remove
from desktop.model.links import Link, annotate, link, made, unlink


def timeline():
    events = {key: Event(key, title, FuzzyDate.parse("2025-04-26")) for key, title in (("a", "Claim"), ("b", "Denial"), ("c", "Raid"))}
    return Timeline(events=events)


def test_each_type_reads_both_ways():
    t = timeline()
    for kind, (forward, backward) in [(LinkType.DISPUTES, ("Disputes", "Disputed by")), (LinkType.CAUSES, ("Causes", "Caused by")),
                                      (LinkType.PART_OF, ("Part of", "Has part")), (LinkType.SAME_AS, ("Same as", "Same as"))]:
        edit = link(t, "b", "a", kind)
        t.apply(edit.changes)
        [(phrase, held, other)] = [found for found in t.links_of("b") if found[1].type is kind]
        assert (phrase, other) == (forward, "a")
        assert [(p, o) for p, k, o in t.links_of("a") if k is held] == [(backward, "b")]
    assert edit.label == "Link 'Denial' same as 'Claim'"


def test_a_link_to_nothing_to_itself_or_twice_is_refused():
    t = timeline()
    with pytest.raises(ModelError, match="linked to itself"):
        link(t, "a", "a", LinkType.CAUSES)
    t.apply(link(t, "a", "c", LinkType.CAUSES).changes)
    with pytest.raises(ModelError, match="'Claim' causes 'Raid' already"):
        link(t, "a", "c", LinkType.CAUSES)
    twin = Link("another-id", "a", "c", LinkType.CAUSES)  # the same link under another id: the model refuses it too
    with pytest.raises(ModelError, match="linked so already"):
        t.apply((Change("links", twin.id, None, twin),))
    same = made("c", "a", LinkType.SAME_AS)
    t.apply((Change("links", same.id, None, same),))
    with pytest.raises(ModelError, match="'Claim' same as 'Raid' already"):  # "same as" reads the same either way
        link(t, "a", "c", LinkType.SAME_AS)
    dangling = made("a", "gone", LinkType.PART_OF)
    with pytest.raises(ModelError, match="event that does not exist"):
        t.check((Change("links", dangling.id, None, dangling),))


def test_deleting_an_event_takes_its_links_and_undoing_brings_them_back():
    t = timeline()
    t.apply(link(t, "b", "a", LinkType.DISPUTES).changes)
    t.apply(link(t, "c", "b", LinkType.PART_OF).changes)
    before = dict(t.links)
    edit = remove(t, "events", ["b"])
    t.apply(edit.changes)
    assert t.links == {}
    t.apply(edit.inverse().changes)
    assert t.links == before


def test_removing_a_link_is_one_edit_that_names_it():
    t = timeline()
    t.apply(link(t, "b", "a", LinkType.DISPUTES).changes)
    [held] = t.links
    edit = unlink(t, held)
    assert edit.label == "Unlink 'Denial' disputes 'Claim'"
    t.apply(edit.changes)
    assert t.links == {}


def test_a_links_note_is_changed_by_one_edit_that_undoes_and_the_same_note_is_no_edit():
    t = timeline()
    t.apply(link(t, "b", "a", LinkType.DISPUTES).changes)
    [held] = t.links
    edit = annotate(t, held, "  Ukraine's General Staff, 27 April  ")
    assert edit.label == "Note on link 'Denial' disputes 'Claim'"
    t.apply(edit.changes)
    assert t.links[held].note == "Ukraine's General Staff, 27 April"
    assert annotate(t, held, "Ukraine's General Staff, 27 April") is None
    t.apply(edit.inverse().changes)
    assert t.links[held].note == ""
