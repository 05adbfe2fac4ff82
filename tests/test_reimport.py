"""Reading a corrected copy of a source again keeps every citation anchored, and flags,
never drops, a quote that can no longer be found."""
import pytest

from desktop.model import Timeline, sha256_of
from desktop.model.editing import replace_text
from desktop.model.quotes import anchor_quote, locate

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
