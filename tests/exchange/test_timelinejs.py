"""TimelineJS 3 JSON: published as TimelineJS expects it, and read back from it."""
import json

import pytest

from paths import DATA
from desktop.cli import main
from desktop.dataset import load_dataset
from desktop.model import FuzzyDate, Period, Reliability, Source
from desktop.store import Store



def with_a_linked_source():
    timeline = load_dataset()
    source = next(iter(timeline.sources.values()))
    timeline.sources[source.id] = Source(source.id, source.title, source.text, "BBC News", "Ewan Somerville", "https://www.bbc.co.uk/news/example", reliability=Reliability.B)
    timeline.periods["p1"] = Period("p1", "Salient <held>", FuzzyDate.parse("2024-08"), FuzzyDate.parse("2025-03~"))
    return timeline


def exported(tmp_path, db_path, *args):
    out = tmp_path / "kursk.timeline.json"
    assert main(["export", str(out), "--db", str(db_path), *args]) == 0
    return json.loads(out.read_text(encoding="utf-8"))


def test_export_gives_one_slide_per_event_in_timelinejs_shape(tmp_path, db_path, kursk):
    data = exported(tmp_path, db_path)
    assert data["title"]["text"]["headline"] == kursk.title
    assert {slide["unique_id"] for slide in data["events"]} == set(kursk.events)
    for slide in data["events"]:
        event = kursk.events[slide["unique_id"]]
        assert slide["text"]["headline"] == event.title.replace("&", "&amp;")
        assert slide["group"] == event.lane
        start = slide["start_date"]
        # Only the parts the date has: no day made up for "August 2024".
        assert start == {k: v for k, v in (("year", event.start.year), ("month", event.start.month), ("day", event.start.day)) if v}
        assert ("end_date" in slide) == (event.end is not None)
        qualified = any(d.approximate or d.uncertain for d in (event.start, event.end) if d)
        assert ("display_date" in slide) == qualified
        for citation in kursk.citations_for(event.id):
            assert citation.claimant in slide["text"]["text"]
    counter_offensive = next(s for s in data["events"] if s["text"]["headline"].startswith("Russian counter-offensive"))
    assert counter_offensive["start_date"] == {"year": 2024, "month": 8}
    assert counter_offensive["display_date"] == "c. Aug 2024 – 26 Apr 2025"
    assert "media" not in counter_offensive  # the article has no URL to show


def test_a_cited_source_is_linked_in_the_text_its_attribution_after_the_quote_and_an_era_ends_at_the_end_of_its_month(tmp_path, db_path):
    Store.open(db_path, seed=with_a_linked_source).close()
    data = exported(tmp_path, db_path, "--format", "timelinejs")
    slide = data["events"][0]
    assert "media" not in slide  # TimelineJS would load the article's page as an image
    text = slide["text"]["text"]
    assert '<i><a href="https://www.bbc.co.uk/news/example">Russia claims it has regained' in text
    # Who says it, on its own line after the quote, not in a <cite> inside the blockquote.
    assert "<cite>" not in text and "</blockquote><p class=\"attribution\">— " in text
    assert "</a></i>, BBC News (source reliability B, normal confidence)</p>" in text
    # "2025-03~" ends on 31 March, not on the 1st TimelineJS would make of a month alone.
    assert data["eras"] == [{
        "unique_id": "p1", "start_date": {"year": 2024, "month": 8},
        "end_date": {"year": 2025, "month": 3, "day": 31, "display_date": "c. Mar 2025"}, "display_date": "Aug 2024 – c. Mar 2025",
        "text": {"headline": "Salient &lt;held&gt;"},
    }]


def test_a_link_to_a_source_is_only_made_for_a_web_address(tmp_path, db_path):
    def seed():
        timeline = with_a_linked_source()
        source = next(iter(timeline.sources.values()))
        timeline.sources[source.id] = Source(source.id, source.title, source.text, "BBC News", url="javascript:alert(1)")
        return timeline

    Store.open(db_path, seed=seed).close()
    assert "javascript:" not in json.dumps(exported(tmp_path, db_path, "--format", "timelinejs"))


def test_an_era_and_an_end_of_a_month_come_back_as_a_month(tmp_path, db_path):
    Store.open(db_path, seed=with_a_linked_source).close()
    exported(tmp_path, db_path)
    copy = tmp_path / "copy.json"
    assert main(["import", str(tmp_path / "kursk.timeline.json"), "--db", str(copy), "--empty"]) == 0
    assert Store.open(copy).load().periods["p1"].end == FuzzyDate.parse("2025-03~")


def test_an_export_read_back_keeps_ids_titles_lanes_and_dates_with_their_qualifiers(tmp_path, db_path, kursk):
    exported(tmp_path, db_path)
    copy = tmp_path / "copy.json"
    assert main(["import", str(tmp_path / "kursk.timeline.json"), "--db", str(copy), "--empty"]) == 0
    timeline = Store.open(copy).load()
    assert timeline.title == kursk.title
    assert {e.id: (e.title, e.start, e.end, e.lane) for e in timeline.events.values()} == {
        e.id: (e.title, e.start, e.end, e.lane) for e in kursk.events.values()
    }
    assert timeline.citations == {}  # a slide says nothing of who claims what: no citation is made up


def test_a_timeline_made_elsewhere_is_recognised_and_read(db_path, capsys):
    assert main(["import", str(DATA / "newsroom.timeline.json"), "--db", str(db_path), "--empty"]) == 0
    assert "its own wording of the date (display_date) not kept on 1 slide" in capsys.readouterr().out  # "Spring 2025"
    timeline = Store.open(db_path).load()
    assert timeline.title == "The Kursk incursion in brief"
    events = {e.title: e for e in timeline.events.values()}
    crossing = events["Ukraine crosses into Kursk"]
    assert (crossing.start.edtf, crossing.lane) == ("2024-08-06", "Ukraine")  # numbers written as text, as sheets do
    assert crossing.notes.startswith('Troops cross the border near Sudzha.\n\nMoscow calls it a "provocation".')
    assert crossing.notes.endswith("\n\nMedia: https://example.org/border.jpg\nMedia caption: A border post\nMedia credit: Example Photo Agency")
    retaken = timeline.events["sudzha-retaken"]
    assert (retaken.start.edtf, retaken.end.edtf) == ("2025-03", "2025-04-26")  # "Spring 2025" is someone else's wording
    assert events["North Korean troops sent, says Seoul"].start.edtf == "2024"
    assert events["North Korean troops sent, says Seoul"].notes == "북한군 파병"
    (era,) = timeline.periods.values()
    assert (era.label, era.start.edtf, era.end.edtf) == ("Salient held", "2024-08-06", "2025-03")
    before = db_path.read_bytes()
    assert main(["import", str(DATA / "newsroom.timeline.json"), "--db", str(db_path)]) == 0
    assert db_path.read_bytes() == before  # slides without an id get one from their start and headline: nothing doubles


@pytest.mark.parametrize(
    "old, new, field, problem",
    [
        ('"year": "2024", "month": "8"', '"year": "2024", "month": "13"', "events[0]", "month 13 does not exist"),
        ('"year": 2024, "hour": 9', '"year": "twenty", "hour": 9', "events[2]", "year 'twenty' is not a whole number"),
        ('"end_date": {"year": 2025, "month": 4, "day": 26}', '"end_date": {"year": 2024}', "events[1]", "before it starts"),
        ('"start_date": {"year": 2024, "month": 8, "day": 6}, "end_date"', '"end_date"', "eras[0]", "start_date needs a year"),
    ],
    ids=["month", "year", "end before start", "era without start"],
)
def test_a_broken_timelinejs_file_names_the_slide_and_its_line(tmp_path, db_path, capsys, old, new, field, problem):
    text = (DATA / "newsroom.timeline.json").read_text(encoding="utf-8")
    assert old in text
    broken = text.replace(old, new, 1)
    (tmp_path / "bad.json").write_text(broken, encoding="utf-8")
    Store.open(db_path).close()
    before = db_path.read_bytes()
    assert main(["import", str(tmp_path / "bad.json"), "--db", str(db_path)]) == 2
    err = capsys.readouterr().err
    starts = {"events[0]": 6, "events[1]": 15, "events[2]": 23, "eras[0]": 30}[field]
    assert f"bad.json:{starts}: {field}: " in err and problem in err, err
    assert broken.splitlines()[starts - 1].strip().startswith("{")  # where the slide or era begins
    assert db_path.read_bytes() == before


def test_importing_an_export_into_its_own_database_keeps_citations_and_what_the_user_added(tmp_path, db_path, kursk, curate):
    Store.open(db_path, seed=load_dataset).close()
    first, second = list(kursk.events)[:2]
    curated = curate(db_path, first, disputes=second)
    exported(tmp_path, db_path)
    assert main(["import", str(tmp_path / "kursk.timeline.json"), "--db", str(db_path)]) == 0
    after = Store.open(db_path).load()
    assert after.citations == curated.citations and after.events == curated.events and after.links == curated.links


def test_export_and_import_again_is_stable_and_keeps_the_status(tmp_path, db_path, kursk):
    exported(tmp_path, db_path)
    copy = tmp_path / "copy.json"
    assert main(["import", str(tmp_path / "kursk.timeline.json"), "--db", str(copy), "--empty"]) == 0
    first = Store.open(copy).load()
    assert {e.id: e.status for e in first.events.values()} == {e.id: e.status for e in kursk.events.values()}
    assert {e.id: e.notes for e in first.events.values()} == {e.id: e.notes for e in kursk.events.values()}  # no quotes, no status
    # Claim and denial: a link to each other's slide, read back as the link.
    assert first.links == kursk.links and kursk.links
    for db in (db_path, copy):  # into the database it came from, and into the copy it made
        for _ in range(2):
            exported(tmp_path, db)
            assert main(["import", str(tmp_path / "kursk.timeline.json"), "--db", str(db)]) == 0
        assert Store.open(db).load().events == (kursk if db == db_path else first).events
        assert Store.open(db).load().links == kursk.links


def test_a_period_exported_as_an_era_is_updated_not_doubled_by_importing_it_back(tmp_path, db_path):
    from desktop.model import FuzzyDate, Period
    from desktop.model.edits import Change

    store = Store.open(db_path, seed=load_dataset)
    held = Period("salient", "Ukrainian salient held", FuzzyDate.parse("2024-08"), FuzzyDate.parse("2025-03"))
    store.apply([Change("periods", held.id, None, held)])
    store.close()
    exported(tmp_path, db_path)
    assert main(["import", str(tmp_path / "kursk.timeline.json"), "--db", str(db_path)]) == 0
    assert Store.open(db_path).load().periods == {held.id: held}
