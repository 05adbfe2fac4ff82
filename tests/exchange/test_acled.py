"""ACLED exports become sourced events, in today's header style and the older one.

The two samples in tests/data hold the same three invented events in ACLED's column
layouts: lower-case headers and ISO dates (acled_2024.csv), capitals and '06 August
2024' dates with the columns ACLED dropped in 2023 (acled_2019.csv)."""
from dataclasses import replace

import pytest

from paths import DATA
from desktop.cli import main
from desktop.exchange.acled import read_acled
from desktop.model import Stance, Status
from desktop.model.claims import is_corroborated
from desktop.store import Store
from disk import disk_bytes

SAMPLES = ["acled_2024.csv", "acled_2019.csv"]
REAL = DATA / "real"


@pytest.mark.parametrize("sample", SAMPLES)
def test_an_acled_export_is_recognised_and_becomes_sourced_events(db_path, capsys, sample):
    assert main(["import", str(DATA / sample), "--db", str(db_path), "--empty"]) == 0
    assert f"3 events from {sample}: 3 new" in capsys.readouterr().out
    timeline = Store.open(db_path).load()
    clash = timeline.events["acled:RUS90001"]
    assert clash.title == "Armed clash in Sudzha"
    assert clash.lane == "Ukraine"  # the state's forces go in the state's lane
    assert clash.tags == ("Battles", "Armed clash")
    assert clash.notes.endswith('The Russian MoD said "the advance was stopped". Fatalities unknown.')
    facts = dict(clash.attributes)
    assert (facts["location"], facts["admin2"], facts["admin1"], facts["latitude"], facts["longitude"]) == ("Sudzha", "Sudzhanskiy", "Kursk", "51.1917", "35.2719")
    assert (facts["fatalities"], facts["actor1"], facts["actor2"]) == ("0", "Military Forces of Ukraine (2019-)", "Military Forces of Russia (2000-)")
    # One source per publisher: two publishers corroborate the event.
    citations = timeline.citations_for(clash.id)
    assert [(c.claimant, c.stance) for c in citations] == [("Kommersant", Stance.REPORTS), ("Ukrainska Pravda", Stance.REPORTS)]
    assert all(c.quote == clash.notes for c in citations)
    assert is_corroborated(citations, timeline.sources) and clash.status is Status.REPORTED and clash.status_auto
    # Rows that name the same publisher cite one source, not a copy each.
    assert sorted((s.title, s.publisher) for s in timeline.sources.values()) == [("Kommersant", "Kommersant"), ("Ukrainska Pravda", "Ukrainska Pravda")]


def test_time_precision_keeps_the_date_as_vague_as_acled_codes_it():
    dates = {e.id: e.start.edtf for e in read_acled(DATA / "acled_2024.csv", (DATA / "acled_2024.csv").read_text(encoding="utf-8")).events}
    # 1: the day; 2: a stand-in day for a week or a few days; 3: for a month or more.
    assert dates == {"acled:RUS90001": "2024-08-06", "acled:RUS90002": "2024-08-12~", "acled:RUS90003": "2024-09~"}


def test_both_header_styles_read_the_same():
    new, old = (read_acled(DATA / name, (DATA / name).read_text(encoding="utf-8")) for name in SAMPLES)
    assert new.cited == old.cited and new.actors == old.actors
    # The older file lacks the columns ACLED added since (disorder_type, civilian_targeting, tags): only those facts differ.
    assert [replace(e, attributes=()) for e in new.events] == [replace(e, attributes=()) for e in old.events]
    assert [dict(e.attributes).get("disorder_type") for e in new.events] == ["Political violence", "Political violence", "Strategic developments"]
    assert all(dict(e.attributes).keys() - {"disorder_type"} == dict(o.attributes).keys() for e, o in zip(new.events, old.events))


def test_a_newer_export_updates_the_events_instead_of_adding_them_again(tmp_path, db_path, capsys):
    assert main(["import", str(DATA / "acled_2024.csv"), "--db", str(db_path)]) == 0
    before = Store.open(db_path).load()
    newer = (DATA / "acled_2024.csv").read_text(encoding="utf-8").replace("Fatalities unknown.", "Two killed.")
    (tmp_path / "newer.csv").write_text(newer, encoding="utf-8")
    capsys.readouterr()
    assert main(["import", str(tmp_path / "newer.csv"), "--db", str(db_path)]) == 0
    assert "0 new, 1 updated, 2 unchanged" in capsys.readouterr().out
    after = Store.open(db_path).load()
    assert len(after.events) == len(before.events) and len(after.citations) == len(before.citations)
    assert after.citations_for("acled:RUS90001")[0].quote.endswith("Two killed.")


@pytest.mark.parametrize(
    "old, new, line, field, problem",
    [
        (",2024-08-12,", ",12/08/2024,", 3, "event_date", "cannot tell whether '12/08/2024' is day/month/year or month/day/year"),
        (",2024-08-12,", ",12 Augst 2024,", 3, "event_date", "'Augst' is not the name of a month"),
        (",2024-09-15,2024,3,", ",2024-09-15,2024,4,", 4, "time_precision", "'4' is not 1 (day), 2 (week) or 3 (month or more)"),
        ("RUS90003,", "RUS90001,", 4, "event_id_cnty", "on line 2 already"),
        ("event_id_cnty,", "event_id,", 1, "header", "missing column event_id_cnty"),
        ("Ukrainska Pravda,National,", ",National,", 3, "source", "empty"),
    ],
    ids=["date", "month", "precision", "duplicate", "header", "no source"],
)
def test_a_broken_acled_file_names_line_and_field_and_changes_nothing(tmp_path, db_path, capsys, old, new, line, field, problem):
    text = (DATA / "acled_2024.csv").read_text(encoding="utf-8")
    assert old in text
    (tmp_path / "bad.csv").write_text(text.replace(old, new, 1), encoding="utf-8")
    Store.open(db_path).close()
    before = disk_bytes(db_path)
    assert main(["import", str(tmp_path / "bad.csv"), "--db", str(db_path), "--format", "acled"]) == 2
    err = capsys.readouterr().err
    assert f"bad.csv:{line}: {field}: " in err and problem in err, err
    assert disk_bytes(db_path) == before


def test_a_newer_export_keeps_what_the_user_added_to_the_events(tmp_path, db_path, capsys, curate):
    assert main(["import", str(DATA / "acled_2019.csv"), "--db", str(db_path)]) == 0
    curated = curate(db_path, "acled:RUS90001", disputes="acled:RUS90002")
    newer = (DATA / "acled_2024.csv").read_text(encoding="utf-8").replace("Fatalities unknown.", "Two killed.").replace("Sudzha,", "Sudzha town,", 1)
    (tmp_path / "newer.csv").write_text(newer, encoding="utf-8")
    assert main(["import", str(tmp_path / "newer.csv"), "--db", str(db_path)]) == 0
    after = Store.open(db_path).load()
    event, before = after.events["acled:RUS90001"], curated.events["acled:RUS90001"]
    assert event.title == "Armed clash in Sudzha town"  # what ACLED says is updated...
    assert (event.annotation, event.status, event.tags) == (before.annotation, before.status, before.tags)
    assert after.links == curated.links and after.links_of(event.id)  # the user's link stays
    assert {c.id for c in after.citations_for(event.id)} == {"acled:RUS90001#0000", "acled:RUS90001#0001", "my-citation"}  # ...the user's citation stays
    assert after.citations["acled:RUS90001#0000"].quote.endswith("Two killed.")
    assert after.citations["my-citation"] == curated.citations["my-citation"]


@pytest.mark.parametrize("suffix", [".csv", ".json"])
def test_acled_facts_go_out_in_an_export_and_come_back_in_an_import(tmp_path, db_path, capsys, suffix):
    assert main(["import", str(REAL / "acled_2024_ukraine.csv"), "--db", str(db_path), "--empty"]) == 0
    imported = Store.open(db_path).load()
    facts = {e.id: e.attributes for e in imported.events.values()}
    assert len(facts) == 40 and all(dict(f)["fatalities"] for f in facts.values()) and any(dict(f).get("admin1") == "Donetsk" for f in facts.values())
    out = tmp_path / f"out{suffix}"
    assert main(["export", str(out), "--db", str(db_path)]) == 0
    assert main(["import", str(out), "--db", str(tmp_path / "copy.json"), "--empty"]) == 0
    assert {e.id: e.attributes for e in Store.open(tmp_path / "copy.json").load().events.values()} == facts
