"""An event's status follows what its citations say, unless the user says otherwise,
and every edit that changes both is one undo step."""
from dataclasses import replace

import pytest

from desktop.model import Citation, Confidence, Event, FuzzyDate, ModelError, Source, Stance, Status, Timeline
from desktop.model.claims import is_corroborated, status_from
from desktop.model.editing import cite, put, remove, set_status, uncite

BBC = Source("bbc", "BBC article", "Russia says it took Gornal. Ukraine denies it.", publisher="BBC News")
BBC_2 = Source("bbc-2", "Another BBC article", "Gornal was taken.", publisher=" bbc news ")
REUTERS = Source("reuters", "Reuters article", "Gornal was taken.", publisher="Reuters")
BLOG = Source("blog", "A blog post", "Gornal was taken.")  # no publisher: it stands alone
BLOG_2 = Source("blog-2", "Another blog post", "Gornal was taken.")
SOURCES = {s.id: s for s in (BBC, BBC_2, REUTERS, BLOG, BLOG_2)}


def said(stance, source=BBC, claimant="someone", n=[0]):
    n[0] += 1
    return Citation(f"c{n[0]}", "e", source.id, "Gornal", claimant, stance)


A, D, R = Stance.ASSERTS, Stance.DENIES, Stance.REPORTS


@pytest.mark.parametrize(
    ("citations", "expected"),
    [
        ([said(A, claimant="Gerasimov")], Status.CLAIMED),
        ([said(A, claimant="Gerasimov"), said(A, claimant="Russian military")], Status.CLAIMED),
        ([said(A, BBC), said(A, REUTERS)], Status.CLAIMED),  # one party's claim printed twice is still a claim
        ([said(A), said(D)], Status.DISPUTED),
        ([said(R, BBC), said(D, REUTERS)], Status.DISPUTED),
        ([said(D)], Status.DISPUTED),
        ([said(R)], Status.REPORTED),
        ([said(A), said(R)], Status.REPORTED),
        ([said(R, BBC), said(R, BBC_2)], Status.REPORTED),  # the same publisher twice, whatever the spelling
        ([said(R, BBC), said(R, REUTERS)], "corroborated"),
        ([said(R, BLOG), said(R, BLOG_2)], "corroborated"),  # unnamed publishers: each document its own
        ([said(R, BBC), said(R, REUTERS), said(D, BLOG)], Status.DISPUTED),
        ([], Status.UNSOURCED),
    ],
)
def test_the_status_rules(citations, expected):
    for chosen in (Status.REPORTED, Status.CONFIRMED):
        wanted = chosen if expected == "corroborated" else expected
        assert status_from(citations, SOURCES, chosen) is wanted
    assert is_corroborated(citations, SOURCES) is (expected == "corroborated")


def timeline(*citations, auto=True):
    event = Event("e", "Gornal taken", FuzzyDate.parse("2025-04-26"), status=Status.REPORTED, status_auto=auto)
    return Timeline(events={"e": event}, sources=dict(SOURCES), citations={c.id: c for c in citations})


def undo(timeline, edit):
    before = timeline.to_dict()
    timeline.apply(edit.changes)
    after = timeline.to_dict()
    timeline.apply(edit.inverse().changes)
    assert timeline.to_dict() == before
    timeline.apply(edit.changes)
    assert timeline.to_dict() == after


def test_citing_moves_an_automatic_status_in_the_same_edit():
    t = timeline()
    claim = said(A, claimant="Gerasimov")
    edit = cite(t, claim)
    assert edit.label == "Cite 'Gornal'" and [c.kind for c in edit.changes] == ["citations", "events"]
    undo(t, edit)
    assert t.events["e"].status is Status.CLAIMED
    denial = said(D, claimant="Ukraine")
    t.apply(cite(t, denial).changes)
    assert t.events["e"].status is Status.DISPUTED
    changed = cite(t, replace(denial, stance=R, confidence=Confidence.HIGH))
    assert changed.label.startswith("Change citation")
    t.apply(changed.changes)
    assert t.events["e"].status is Status.REPORTED and t.citations[denial.id].confidence is Confidence.HIGH
    assert uncite(t, [denial.id, claim.id]).label == "Delete 2 citations"
    t.apply(uncite(t, [denial.id]).changes)
    assert t.events["e"].status is Status.CLAIMED
    last = uncite(t, [claim.id])
    assert [c.kind for c in last.changes] == ["citations", "events"]
    undo(t, last)
    assert t.events["e"].status is Status.UNSOURCED  # nobody on record any more: never "reported"


def test_letting_the_citations_decide_makes_an_uncited_event_unsourced():
    t = timeline(auto=False)
    edit = set_status(t, "e", None)
    undo(t, edit)
    assert (t.events["e"].status, t.events["e"].status_auto) == (Status.UNSOURCED, True)
    t.apply(cite(t, said(R)).changes)
    assert t.events["e"].status is Status.REPORTED


def test_an_overridden_status_stays_whatever_is_cited():
    t = timeline(auto=False)
    edit = cite(t, said(D))
    assert [c.kind for c in edit.changes] == ["citations"]
    t.apply(edit.changes)
    assert t.events["e"].status is Status.REPORTED


def test_setting_a_status_overrides_and_none_follows_the_citations_again():
    t = timeline(said(A), said(D))
    t.apply(set_status(t, "e", None).changes)
    assert t.events["e"].status is Status.DISPUTED
    edit = set_status(t, "e", Status.CONFIRMED)
    assert edit.label == "Change status of 'Gornal taken'"
    undo(t, edit)
    assert (t.events["e"].status, t.events["e"].status_auto) == (Status.CONFIRMED, False)
    t.apply(set_status(t, "e", None).changes)
    assert (t.events["e"].status, t.events["e"].status_auto) == (Status.DISPUTED, True)


def test_between_reported_and_confirmed_the_user_decides_and_the_choice_is_kept():
    bbc, reuters = said(R, BBC), said(R, REUTERS)
    t = timeline(bbc, reuters)
    t.apply(set_status(t, "e", Status.CONFIRMED).changes)
    event = t.events["e"]
    assert (event.status, event.status_auto, event.corroborated_as) == (Status.CONFIRMED, True, Status.CONFIRMED)
    denial = said(D)
    t.apply(cite(t, denial).changes)
    assert t.events["e"].status is Status.DISPUTED
    t.apply(uncite(t, [denial.id]).changes)
    assert t.events["e"].status is Status.CONFIRMED  # corroborated again: as the user decided


def test_a_publisher_renamed_moves_the_statuses_of_what_its_documents_back():
    t = timeline(said(R, BBC), said(R, BBC_2))
    t.apply(put(t, "events", [replace(t.events["e"], corroborated_as=Status.CONFIRMED)], "Edit").changes)
    assert t.events["e"].status is Status.REPORTED  # one publisher, twice
    edit = put(t, "sources", [replace(BBC_2, publisher="The Guardian")], "Edit")
    assert {c.kind for c in edit.changes} == {"sources", "events"}
    t.apply(edit.changes)
    assert t.events["e"].status is Status.CONFIRMED


def test_deleting_an_event_takes_its_citations_without_touching_its_status():
    t = timeline(said(A))
    edit = remove(t, "events", ["e"])
    assert {c.kind for c in edit.changes} == {"events", "citations"}
    t.apply(edit.changes)
    assert not t.events and not t.citations


def test_old_records_read_as_the_users_status_and_normal_confidence():
    event = Event("e", "x", FuzzyDate.parse("2025"), status=Status.CONFIRMED).to_dict()
    for key in ("status_auto", "corroborated_as"):
        del event[key]
    assert (Event.from_dict(event).status_auto, Event.from_dict(event).corroborated_as) == (False, Status.REPORTED)
    citation = said(A).to_dict()
    del citation["confidence"]
    assert Citation.from_dict(citation).confidence is Confidence.NORMAL
    with pytest.raises(ModelError, match="'sure' is not one of: very low, low, normal, high, very high"):
        Citation.from_dict(citation | {"confidence": "sure"})
    with pytest.raises(ModelError, match="reported or confirmed, not claimed"):
        Event.from_dict(event | {"corroborated_as": "claimed"})
    with pytest.raises(ModelError, match="'status_auto' should be true or false"):
        Event.from_dict(event | {"status_auto": 1})


def test_the_datasets_statuses_follow_its_citations_but_the_incursions_stays_the_authors(kursk):
    for event in kursk.events.values():
        found = status_from(kursk.citations_for(event.id), kursk.sources, event.corroborated_as)
        assert event.status_auto == (found is event.status), event.title
    overridden = [e.title for e in kursk.events.values() if not e.status_auto]
    # The BBC alone reports it, but both sides treat it as fact: confirmed by the author's choice.
    assert overridden == ["Ukraine launches surprise incursion into Kursk region"]
