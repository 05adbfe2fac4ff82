"""Events suggested from an article's dated sentences, relative dates read against the
day it was published."""
import datetime as dt
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.model import FuzzyDate, Source, Stance, Status, Timeline
from desktop.model.suggestions import MAX_SENTENCE, accept, already_on_timeline, sentences, suggest
from desktop.model.text_dates import DateReader

SATURDAY = dt.date(2025, 4, 26)  # the day the seed article was published


@pytest.fixture(scope="module")
def reader():
    return DateReader(SATURDAY)


@pytest.fixture(scope="module")
def seeded(kursk):
    return suggest(next(iter(kursk.sources.values())))


def dates(reader, sentence):
    return [(sentence[m.start : m.end], m.date.edtf, m.until.edtf if m.until else None, m.about) for m in reader.read(sentence)]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Gerasimov spoke on Saturday.", [("on Saturday", "2025-04-26", None, "")]),  # the day itself, not a week before
        ("They met on Monday.", [("on Monday", "2025-04-21", None, "")]),
        ("Last Saturday they met.", [("Last Saturday", "2025-04-19", None, "")]),
        ("The incursion was launched last August.", [("last August", "2024-08", None, "")]),  # a month, not a day
        ("It began last April.", [("last April", "2024-04", None, "")]),
        ("It was retaken eight months after Kyiv's surprise incursion.",
         [("eight months after", "2024-08~", None, "Kyiv's surprise incursion")]),
        ("Two weeks ago the bridge fell.", [("Two weeks ago", "2025-04-12~", None, "")]),
        ("They retreated in recent months.", [("in recent months", "2025-01~", "2025-04-26", "")]),
        ("In its latest report on 25 April, the ISW said so.", [("on 25 April", "2025-04-25", None, "")]),
        ("The fighting started in August 2024.", [("in August 2024", "2024-08", None, "")]),
        ("It was in May 2024 and may be again.", [("in May 2024", "2024-05", None, "")]),
        ("Troops now control the village.", [("now", "2025-04-26", None, "")]),
        ("It happened in 2023.", [("in 2023", "2023", None, "")]),
        ("A second look may show the sun at 5.", []),  # words dateparser alone would take for dates
        ("Russia will attack next Monday.", [("next Monday", "2025-04-28", None, "")]),
        # Month abbreviations with dots and capitals, read as month then day.
        ("It happened on NOV. 7, 2010 and again on AUG. 9, 2008.", [("on NOV. 7, 2010", "2010-11-07", None, ""), ("on AUG. 9, 2008", "2008-08-09", None, "")]),
        ("May 17, 2012 One of the men was freed.", [("May 17, 2012", "2012-05-17", None, "")]),
        ("The Oscars will be held on Feb. 9.", [("on Feb. 9", "2026-02-09", None, "")]),  # the future: on or after publication
        # The tense: what will happen is on or after publication.
        ("Mr Putin will travel to Minsk on Sunday.", [("on Sunday", "2025-04-27", None, "")]),
        ("It was set to dock with the station on Monday.", [("on Monday", "2025-04-28", None, "")]),
        ("Ukraine attacked on Monday.", [("on Monday", "2025-04-21", None, "")]),
        # Numbers that are not years.
        ("There was an attack at 1230 near the border.", []),
        ("The strike came at 0600 GMT.", []),
        ("Support fell to just 54% in June.", [("in June", "2024-06", None, "")]),
        ("Some 1500 troops crossed.", []),
        ("The film “1917” won the prize.", []),
        ("In his September 2013 address he spoke.", [("September 2013", "2013-09", None, "")]),
        # Counted from the date they are counted from, approximate.
        ("The town fell on 17 August, 11 days after launching the operation.",
         [("on 17 August", "2024-08-17", None, ""), ("11 days after", "2024-08-06~", None, "launching the operation")]),
        ("Kyiv struck again 11 days after 6 August.", [("11 days after", "2024-08-17", None, ""), ("6 August", "2024-08-06", None, "")]),
        # Ranges.
        ("Troops advanced between 6 and 10 August.", [("between 6 and 10 August", "2024-08-06", "2024-08-10", "")]),
        ("Islamists held power from 2011 to 2013.", [("from 2011 to 2013", "2011", "2013", "")]),
        ("Shorten wrote to Abbott last month; this year the bill passed.", [("last month", "2025-03", None, ""), ("this year", "2025", None, "")]),
        # A calendar date takes the tense of its own clause, not of the sentence's other fact.
        ("Supplies went up in October, and a Japanese ship will launch in mid-December.",
         [("in October", "2024-10", None, ""), ("in mid-December", "2025-12", None, "")]),
        ("After it joins the court on April 30, it will press charges.", [("on April 30", "2025-04-30", None, "")]),
        # Dates that cannot be: dateparser reads only "February", "January" and would say 2025.
        ("It fell on 29 February 2023.", [("2023", "2023", None, "")]),
        ("It ends on 1 January 10000.", []),
        ("On 31 February the talks failed.", []),
    ],
)
def test_relative_dates_are_read_against_the_publication_day(reader, sentence, expected):
    assert dates(reader, sentence) == expected


def test_the_seed_article_suggests_the_incursion_the_isw_report_and_the_claim(seeded):
    by_date = {}
    for s in seeded:
        by_date.setdefault(s.start.edtf, []).append(s)
    (incursion,) = by_date["2024-08"]
    assert incursion.words == "last August" and incursion.lane == "Ukraine" and "incursion was launched" in incursion.quote.quote
    assert incursion.start.precision.value == "month" and (incursion.claimant, incursion.stance) == ("BBC News", Stance.REPORTS)
    (about,) = by_date["2024-08~"]  # "eight months after Kyiv's surprise incursion"
    assert about.title == "Kyiv's surprise incursion" and about.lane == "Ukraine"
    report = next(s for s in by_date["2025-04-25"] if "latest report" in s.quote.quote)
    assert report.lane == "Observers" and report.claimant == "Institute for the Study of War (ISW)" and report.stance is Stance.REPORTS
    assert report.title.startswith("ISW: Russian forces recently advanced")
    claim = next(s for s in by_date["2025-04-26"] if s.words == "on Saturday")
    assert (claim.claimant, claim.stance, claim.lane) == ("Valery Gerasimov", Stance.ASSERTS, "Russia")
    assert "village of Gornal" in claim.quote.quote and claim.title.startswith("Gerasimov: Today, the last settlement")
    (retreat,) = by_date["2025-01~"]
    assert retreat.end == FuzzyDate.parse("2025-04-26") and retreat.words == "in recent months"


def test_each_quote_is_its_sentence_anchored_in_the_text(kursk, seeded):
    text = next(iter(kursk.sources.values())).text
    for s in seeded:
        assert text[s.quote.offset : s.quote.offset + len(s.quote.quote)] == s.quote.quote
        assert s.words in s.quote.quote


def test_accepting_suggestions_adds_events_with_their_citations_in_one_edit(kursk, seeded):
    timeline = Timeline.from_dict(kursk.to_dict())
    source = next(iter(timeline.sources.values()))
    claim = next(s for s in seeded if s.words == "on Saturday")
    edited = replace(claim, title="Gornal retaken, says Gerasimov")  # the user's own title
    report = next(s for s in seeded if "latest report" in s.quote.quote)
    edit = accept(timeline, source.id, [edited, report])
    assert edit.label == f"Add 2 events from '{source.title}'"
    assert sorted(c.kind for c in edit.changes) == ["citations", "citations", "events", "events"]
    timeline.apply(edit.changes)
    added = {e.title: e for e in timeline.events.values() if e.status_auto and e.id in {c.id for c in edit.changes}}
    gornal, isw = added["Gornal retaken, says Gerasimov"], added[report.title]
    assert (gornal.start.edtf, gornal.lane, gornal.status) == ("2025-04-26", "Russia", Status.CLAIMED)
    assert (isw.start.edtf, isw.lane, isw.status) == ("2025-04-25", "Observers", Status.REPORTED)
    (citation,) = timeline.citations_for(gornal.id)
    assert (citation.claimant, citation.stance, citation.quote) == ("Valery Gerasimov", Stance.ASSERTS, claim.quote.quote)
    timeline.apply(edit.inverse().changes)
    assert timeline.to_dict() == kursk.to_dict()


def test_sentences_end_at_stops_and_lines_but_not_after_titles_or_initials():
    text = 'Mr. Putin met Valery V. Gerasimov. He said: "It is over." Then\nanother line! And a question?'
    assert [text[a:b] for a, b in sentences(text)] == [
        "Mr. Putin met Valery V. Gerasimov.", 'He said: "It is over."', "Then", "another line!", "And a question?",
    ]
    long = "word " * 1000
    assert all(0 < b - a <= MAX_SENTENCE for a, b in sentences(long))


def test_an_article_without_a_publication_date_gives_only_dates_that_need_none():
    source = Source("s", "Undated", "It happened yesterday in Kursk. On Monday they met. The raid of 6 August 2024 failed.")
    (found,) = suggest(source)
    assert (found.start.edtf, found.words) == ("2024-08-06", "6 August 2024")
    assert [s.start.edtf for s in suggest(source, dt.date(2025, 4, 26))] == ["2025-04-25", "2025-04-21", "2024-08-06"]


def test_mixed_scripts_and_long_undated_text_give_what_they_can():
    mixed = Source("m", "Mixed", "Россия заявила об этом. 북한군이 싸웠다 on 25 April 2025. Ukraine said on Saturday that 북한 troops left.",
                   published=FuzzyDate.parse("2025-04-26"))
    assert [(s.start.edtf, s.lane) for s in suggest(mixed)] == [("2025-04-25", ""), ("2025-04-26", "Ukraine")]
    assert suggest(Source("n", "No dates", "Nothing dated here, only words. " * 20_000)) == []


@settings(max_examples=60)
@given(st.lists(st.sampled_from(["Saturday", "last August", "eight months after", "in recent months", "25 April", "2024", "now", ".", " ",
                                 "\n", "Gerasimov said", "denied by Ukraine", "ago", "May", "북한", "Курськ", "\x00", "99999 years ago"])
                | st.text(max_size=12), max_size=40).map(" ".join),
       st.dates(min_value=dt.date(1, 1, 1)))
def test_any_text_gives_suggestions_anchored_in_it(text, published):
    source = Source("s", "Fuzzed", text)
    for found in suggest(source, published):
        assert text[found.quote.offset : found.quote.offset + len(found.quote.quote)] == found.quote.quote
        assert found.title.strip() and (found.end is None or found.start.earliest <= found.end.latest)


@pytest.mark.parametrize("published", [dt.date(1, 1, 1), dt.date(1, 1, 3), dt.date(9999, 12, 31)])
def test_dates_past_the_calendars_ends_are_left_out(published):
    reader = DateReader(published)
    for sentence in ("last August", "on Saturday", "Last Monday", "eight months after it", "in recent years", "999 days ago", "yesterday",
                     "last year", "last month", "on 5 January", "next Monday", "Putin will speak on Friday"):
        assert all(1 <= m.date.year <= 9999 for m in reader.read(sentence))


PUBLISHED = dt.date(2024, 8, 20)


def suggested(text, published=PUBLISHED, **fields):
    return suggest(Source("s", "An article", text, publisher="The Paper", **fields), published)


def test_bylines_timestamps_captions_and_related_links_are_not_events():
    text = ("By John Smith, Kyiv Independent\n\n49 minutes ago\n\nUpdated 2 hours ago\n\nKYIV, Ukraine — Aug. 6, 2024\n\n"
            "Tuesday 6 August 2024 09:12 BST\n\n"
            "In this photo taken on 6 August 2024, troops cross the border. (AP Photo/Jane Doe)\n\n"
            "Read more: Kyiv strikes on 6 August 2024\n\n"
            "Ukraine launched its incursion on 6 August 2024.")
    (found,) = suggested(text)
    assert found.title == "Ukraine launched its incursion" and found.start.edtf == "2024-08-06"


def test_each_date_of_a_sentence_is_titled_from_its_own_clause():
    first, second = suggested("The offensive began in June 2024, and the last village was retaken on 26 April 2025.")
    assert (first.start.edtf, first.title) == ("2024-06", "The offensive began")
    assert (second.start.edtf, second.title) == ("2025-04-26", "The last village was retaken")
    (aside,) = suggested("Mr Mugabe, who has led Zimbabwe since independence in 1980, is under house arrest.")
    assert aside.title == "Mr Mugabe has led Zimbabwe since independence"
    (condemned,) = suggested("The leader of Ennahda condemned Wednesday's attack.", dt.date(2015, 3, 18))
    assert condemned.title == "The leader of Ennahda condemned the attack"  # not "condemned 's attack"
    (began,) = suggested("ISW said the withdrawal began in early March 2025.")
    assert began.title == "ISW: The withdrawal began"  # not "ISW: The withdrawal began in early"


def test_the_obvious_are_ticked_and_the_doubtful_not():
    sure, planned, hedged = suggested("Russian troops entered Sudzha on 12 August 2024. Talks will resume on Friday. "
                                      "The bridge may have fallen on 18 August 2024.")
    assert sure.ticked and not hedged.ticked and sure.confidence > planned.confidence > hedged.confidence
    assert planned.start.edtf == "2024-08-23"  # the Friday after publication: the future tense
    told_again = suggested("Ukraine crossed into Kursk on 6 August 2024. Ukraine's troops crossed the Kursk border on 6 August 2024.")
    assert told_again[0].ticked and not told_again[1].ticked


def test_without_a_publication_date_nothing_relative_is_suggested():
    assert [s.start.edtf for s in suggested("They met on Monday and yesterday, after talks on 6 August 2024.", None)] == ["2024-08-06"]
    counted = DateReader(None).read("It fell on 17 August 2024, 11 days after the crossing.")  # counted from a date that needs none
    assert [(m.date.edtf, m.about) for m in counted] == [("2024-08-17", ""), ("2024-08-06~", "the crossing")]


def test_a_suggestion_that_is_already_on_the_timeline_is_found_and_can_cite_it(kursk):
    timeline = Timeline.from_dict(kursk.to_dict())
    source = next(iter(timeline.sources.values()))
    incursion = next(e for e in timeline.events.values() if e.title == "Ukraine launches surprise incursion into Kursk region")
    (crossing,) = suggested("Ukrainian forces launched a surprise incursion, crossing into Russia's Kursk region on 6 August 2024.")
    assert already_on_timeline(timeline, crossing) == incursion
    (other,) = suggested("Ukrainian forces left Sumy on 6 August 2024.")
    assert already_on_timeline(timeline, other) is None
    edit = accept(timeline, source.id, [replace(crossing, event_id=incursion.id)])
    assert edit.label == f"Add 1 citation from '{source.title}'" and [c.kind for c in edit.changes] == ["citations"]
    timeline.apply(edit.changes)
    assert crossing.quote.quote in [c.quote for c in timeline.citations_for(incursion.id)]
