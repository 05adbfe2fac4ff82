"""Reading a corrected copy of a source again keeps every citation anchored, and flags,
never drops, a quote that can no longer be found."""
import difflib
from random import Random

import pytest

from desktop.model import Citation, Event, FuzzyDate, Source, Stance, Timeline, sha256_of
from desktop.model.editing import replace_text
from desktop.model.quotes import MAX_WORK, anchor, anchor_quote, locate

LOST = "Gerasimov said more than 76,000 Ukrainian soldiers had been killed and wounded in the Kursk region – a claim not verified independently. "


def lightly_edited(text):
    assert LOST in text
    return (
        "Updated on 27 April with Ukraine's response.\n"
        + text.replace(LOST, "")  # one quoted sentence gone
        .replace("Top Russian commander", "Russia's top commander")  # around quotes
        .replace("have been in retreat", "had been in retreat")  # inside one
        .replace("–", "—")  # in prefixes and suffixes
    )


def test_reimporting_a_lightly_edited_article_keeps_the_anchors_and_flags_the_lost_quote(kursk):
    timeline = Timeline.from_dict(kursk.to_dict())
    (source,) = timeline.sources.values()
    text = lightly_edited(source.text)
    edit = replace_text(timeline, source.id, text)
    assert edit.label == f"Re-import '{source.title}'"
    timeline.apply(edit.changes)
    assert timeline.sources[source.id].sha256 == sha256_of(text)
    assert timeline.citations.keys() == kursk.citations.keys()  # none dropped
    lost = []
    for citation in timeline.citations.values():
        if locate(text, citation.quote, citation.prefix, citation.suffix, citation.offset) is None:
            lost.append(citation)
            continue
        assert text[citation.offset : citation.offset + len(citation.quote)] == citation.quote
        assert text[: citation.offset].endswith(citation.prefix)
        assert text[citation.offset + len(citation.quote) :].startswith(citation.suffix)
    assert [c.quote for c in lost] == [LOST.strip()]
    assert lost[0] == kursk.citations[lost[0].id]  # kept as it was, to be found if the words come back
    retreat = next(c for c in timeline.citations.values() if "retreat" in c.quote)
    assert retreat.quote == "Ukrainian forces had been in retreat in Kursk in recent months"  # the document's words now
    assert {e.status for e in timeline.events.values()} == {e.status for e in kursk.events.values()}
    timeline.apply(edit.inverse().changes)
    assert timeline.to_dict() == kursk.to_dict()


def test_reimporting_the_same_text_changes_nothing(kursk):
    (source,) = kursk.sources.values()
    assert replace_text(kursk, source.id, source.text).changes == ()


TEXT = "Intro words here. Gerasimov said the village of Gornal had been liberated on Saturday. Ukraine denied it."


@pytest.mark.parametrize(
    ("edited", "found"),
    [
        (TEXT.replace("had been", "has been"), "the village of Gornal has been liberated"),  # a word changed inside
        (TEXT.replace("of Gornal", "of Gornal, Kursk"), "the village of Gornal, Kursk had been liberated"),  # a few words more
        ("New lead. " + TEXT.replace("Intro", "Opening"), "the village of Gornal had been liberated"),  # moved, context changed
        (TEXT.replace("the village of Gornal had been liberated", "Russian forces entered Sudzha"), None),  # other words
        (TEXT.replace("Gerasimov said the village of Gornal had", "He said the village of Gornal has"), None),  # and its prefix too: lost
    ],
)
def test_a_quote_is_found_again_after_small_changes_in_or_around_it(edited, found):
    quote = anchor_quote(TEXT, "the village of Gornal had been liberated")
    span = locate(edited, quote.quote, quote.prefix, quote.suffix, quote.offset)
    assert (edited[span[0] : span[1]] if span else None) == found


def _cited(text, start, end):
    """A timeline whose one source, ``text``, is cited for ``text[start:end]``."""
    found = anchor(text, start, end)
    return Timeline(
        events={"e": Event("e", "Gornal", FuzzyDate.parse("2025-04-26"))},
        sources={"s": Source("s", "BBC", text, publisher="BBC")},
        citations={"c": Citation("c", "e", "s", found.quote, "Moscow", Stance.ASSERTS, prefix=found.prefix, suffix=found.suffix, offset=found.offset)},
    )


def _reimport(timeline, text):
    timeline.apply(replace_text(timeline, "s", text).changes)
    citation = timeline.citations["c"]
    return citation, locate(text, citation.quote, citation.prefix, citation.suffix, citation.offset)


def test_a_deleted_quote_is_not_taken_for_the_same_words_said_elsewhere():
    text = "Moscow said its forces took Gornal on Saturday. Kyiv said fighting continued near Gornal."
    timeline = _cited(text, text.index("took Gornal"), text.index(" on Saturday"))
    before = timeline.citations["c"]
    # The claim's sentence is gone from the corrected copy; someone else's "took Gornal" is not it.
    citation, span = _reimport(timeline, "Kyiv said fighting continued near Gornal. Analysts said nobody took Gornal yet.")
    assert span is None
    assert citation == before  # kept as it was, and shown as lost


def test_the_same_words_at_the_old_offset_are_not_the_quote_when_nothing_around_them_is():
    text = "xxxxxxxxxxxxxxxxxxxx Gornal taken. Denied: Gornal taken by Russia."
    cited = text.index("Gornal taken")
    timeline = _cited(text, cited, cited + len("Gornal taken"))
    # Another "Gornal taken" now stands at the old offset; the cited one moved further on.
    edited = "y" * (cited - len("Denied: ")) + "Denied: Gornal taken by Russia." + " filler " + text
    citation, span = _reimport(timeline, edited)
    moved = edited.index("xxxx Gornal taken") + len("xxxx ")
    assert span == (moved, moved + len("Gornal taken")) == (citation.offset, citation.offset + len(citation.quote))
    assert citation.prefix.endswith("xxxx ")


def test_a_quote_anchored_without_its_surroundings_is_still_found_by_its_words():
    # Citations made before prefixes and suffixes were kept: the words are all there is to go by.
    assert locate("Moved on. Russia took Gornal.", "took Gornal", offset=3) == (17, 28)
    assert locate("Russia took Gornal.", "took Gornal", offset=7) == (7, 18)


def test_looking_for_a_rewritten_quote_among_many_alike_places_does_bounded_work(monkeypatch):
    # A long quote between a byline and a sign-off repeated in every paragraph: each paragraph
    # is a place where the quote, reworded, could stand, and comparing one costs a lot.
    random = Random(1)
    words = ["Russia", "said", "Gornal", "the", "forces", "took", "village", "Ukraine", "denied", "on", "Saturday", "report"]

    def paragraph():
        return " ".join(random.choice(words) for _ in range(700))

    byline = "— Reporting by our correspondent. "
    text = "".join(byline + paragraph() + " End of dispatch.\n" for _ in range(250))
    start = len(byline)
    quote = anchor(text, start, text.index(" End of dispatch."))
    rewritten = text.replace(quote.quote, paragraph(), 1)
    compared = []
    ratio = difflib.SequenceMatcher.ratio
    monkeypatch.setattr(difflib.SequenceMatcher, "ratio", lambda self: compared.append(len(self.b)) or ratio(self))
    assert locate(rewritten, quote.quote, quote.prefix, quote.suffix, quote.offset) is None
    assert len(quote.quote) * sum(compared) <= MAX_WORK  # a few comparisons, not one per paragraph
    assert len(compared) <= 2
