"""CSV import: lossless round trip, all-or-nothing, and errors that say where."""
import csv
import io
import json
from dataclasses import replace

import pytest

from desktop.cli import main
from desktop.exchange.csv_format import COLUMNS
from desktop.exchange.formats import FORMATS, read_file, write_file
from desktop.exchange.importing import import_edit
from desktop.model import Citation, Event, FuzzyDate, LinkType, Reliability, Source, Stance, Status, Timeline
from desktop.model.edits import Change, Edit
from desktop.model.links import made
from desktop.model.quotes import anchor_quote
from desktop.store import Store
from disk import disk_bytes
from paths import DATA

CYRILLIC = "Генштаб ЗСУ: «Гірник, Горнал — під контролем», а не \"звільнено\""
KOREAN = "북한군 파병, 쿠르스크 전선\r\n(연합뉴스)"


def crafted() -> Timeline:
    """Values that break naive CSV: commas, quotes, line breaks of both kinds, Cyrillic and
    Korean; several citations of one source; a quote missing from its source's text."""
    article = f"Intro.\n{CYRILLIC}\nThen, a line with \"quoted, comma\" words.\r\n{KOREAN} end."
    sources = [
        Source("s-article", 'Заявление, "Генштаб", 26 апреля', article, publisher="Укрінформ", url="https://example.org/a", reliability=Reliability.B),
        Source("s-empty", "Yonhap, 연합뉴스", "", reliability=Reliability.E),
    ]

    def cite(cid, event, source, quote, claimant, stance):
        anchor = anchor_quote(source.text, quote) if quote in source.text else None
        extra = {"prefix": anchor.prefix, "suffix": anchor.suffix, "offset": anchor.offset} if anchor else {}
        return Citation(cid, event, source.id, quote, claimant, stance, **extra)

    events = [
        Event("e-gornal", 'Gornal "liberated", says MoD', FuzzyDate.parse("2025-04-26"), lane="Russia", status=Status.CLAIMED,
              tags=("gornal", "клейм, тег"), notes="Line one, with a comma\nline two\r\nline \"three\"", annotation="check, please\n— me",
              attributes=(("admin1", "Курская, обл."), ("fatalities", "3"), ("location", 'Gornal "village"\r\nnear Sudzha'))),
        Event("e-denial", "Генштаб ЗСУ denies", FuzzyDate.parse("2025-04-26~"), lane="Україна", status=Status.DISPUTED,
              notes=KOREAN),
        Event("e-salient", "Salient held", FuzzyDate.parse("2024-08"), FuzzyDate.parse("2025-04-26"), lane="Ukraine", status=Status.CONFIRMED),
        Event("e-korea", "북한군 파병", FuzzyDate.parse("2024-10?"), FuzzyDate.parse("2025-01%"), lane="North Korea"),
    ]
    article_source, empty_source = sources
    citations = [
        cite("c1", "e-gornal", article_source, CYRILLIC, "Генштаб, ЗСУ", Stance.DENIES),
        cite("c2", "e-gornal", article_source, 'a line with "quoted, comma" words.\r\n', "someone, somewhere", Stance.ASSERTS),
        cite("c3", "e-gornal", article_source, KOREAN, "연합뉴스", Stance.REPORTS),
        cite("c4", "e-gornal", empty_source, "quote, not in any text\n\"yet\"", "Yonhap", Stance.REPORTS),
        cite("c5", "e-denial", empty_source, "부인했다", "Ukraine", Stance.DENIES),
    ]
    links = [made("e-denial", "e-gornal", LinkType.DISPUTES), made("e-korea", "e-salient", LinkType.PART_OF), made("e-korea", "e-gornal", LinkType.CAUSES)]
    return Timeline("crafted", ["Russia", "Україна"], {e.id: e for e in events}, {s.id: s for s in sources}, {c.id: c for c in citations},
                    links={k.id: k for k in links})


def export(path, db, *extra):
    assert main(["export", str(path), "--db", str(db), *extra]) == 0
    return path.read_bytes()


def rows_of(raw: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(raw.decode("utf-8"), newline="")))


def csv_bytes(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode("utf-8")


@pytest.mark.parametrize("seed", ["kursk", "crafted"])
def test_export_import_into_an_empty_database_and_export_again_gives_the_same_bytes(tmp_path, db_path, capsys, seed):
    if seed == "crafted":
        Store.open(db_path, seed=crafted).close()
    first = export(tmp_path / "first.csv", db_path)
    copy = tmp_path / "copy.json"
    assert main(["import", str(tmp_path / "first.csv"), "--db", str(copy), "--empty"]) == 0
    assert "new, 0 updated" in capsys.readouterr().out
    assert export(tmp_path / "second.csv", copy) == first
    assert Store.open(copy).load().links == Store.open(db_path).load().links != {}  # every link, of every type
    if seed == "crafted":  # the awkward values really are in the file, in one piece
        gornal = next(row for row in rows_of(first) if row[0] == "e-gornal")
        quotes = json.loads(gornal[COLUMNS.index("quotes")])
        assert CYRILLIC in quotes and KOREAN in quotes and len(quotes) == 4  # three citations of one source, one of another
        # Each citation's source's reliability, read back onto the sources the import makes.
        assert sorted(json.loads(gornal[COLUMNS.index("reliabilities")])) == ["B", "B", "B", "E"]
        # A dataset's facts, as one JSON object.
        assert json.loads(gornal[COLUMNS.index("attributes")]) == {"admin1": "Курская, обл.", "fatalities": "3", "location": 'Gornal "village"\r\nnear Sudzha'}


def test_an_older_files_disputes_column_becomes_a_disputes_link(tmp_path, db_path):
    rows = [["id", "title", "start", "disputes"], ["claim", "Claim", "2025-04-26", ""], ["denial", "Denial", "2025-04-27", "claim"]]
    (tmp_path / "old.csv").write_bytes(csv_bytes(rows))
    assert main(["import", str(tmp_path / "old.csv"), "--db", str(db_path), "--empty"]) == 0
    [link] = Store.open(db_path).load().links.values()
    assert (link.from_id, link.to_id, link.type) == ("denial", "claim", LinkType.DISPUTES)


def test_a_same_as_link_written_on_both_its_events_rows_is_one_link(tmp_path, db_path):
    rows = [["id", "title", "start", "links"], ["a", "Strike, per Kyiv", "2025-04-26", '["same as: b"]'], ["b", "Strike, per Moscow", "2025-04-26", '["same as: a"]']]
    (tmp_path / "both.csv").write_bytes(csv_bytes(rows))
    assert main(["import", str(tmp_path / "both.csv"), "--db", str(db_path), "--empty"]) == 0
    [link] = Store.open(db_path).load().links.values()
    assert ({link.from_id, link.to_id}, link.type) == ({"a", "b"}, LinkType.SAME_AS)
    assert main(["import", str(tmp_path / "both.csv"), "--db", str(db_path)]) == 0  # the database's link, written the other way
    assert list(Store.open(db_path).load().links.values()) == [link]


def test_importing_links_again_keeps_the_note_the_user_gave_them(tmp_path, db_path):
    rows = [["id", "title", "start", "links"], ["claim", "Claim", "2025-04-26", ""], ["denial", "Denial", "2025-04-27", '["disputes: claim"]']]
    (tmp_path / "sheet.csv").write_bytes(csv_bytes(rows))
    assert main(["import", str(tmp_path / "sheet.csv"), "--db", str(db_path), "--empty"]) == 0
    store = Store.open(db_path)
    [link] = store.load().links.values()
    store.apply(Edit("Note", (Change("links", link.id, link, replace(link, note="Kyiv says Gornal is contested")),)).changes)
    store.close()
    assert main(["import", str(tmp_path / "sheet.csv"), "--db", str(db_path)]) == 0  # a CSV has no place for a link's note
    assert [k.note for k in Store.open(db_path).load().links.values()] == ["Kyiv says Gornal is contested"]


def reimport_changes_nothing(tmp_path, db_path, capsys, seed) -> None:
    """A database made by ``seed``, exported to out.csv and imported back: not a byte changes."""
    Store.open(db_path, seed=seed).close()
    export(tmp_path / "out.csv", db_path)
    before = disk_bytes(db_path)
    assert main(["import", str(tmp_path / "out.csv"), "--db", str(db_path)]) == 0
    assert "0 new, 0 updated, 4 unchanged" in capsys.readouterr().out
    assert disk_bytes(db_path) == before


def test_importing_an_export_into_its_own_database_changes_nothing(tmp_path, db_path, capsys):
    reimport_changes_nothing(tmp_path, db_path, capsys, crafted)


def test_rows_with_known_ids_update_their_events_and_replace_their_citations(tmp_path, db_path, kursk):
    rows = rows_of(export(tmp_path / "kursk.csv", db_path))
    header, first = rows[0], rows[1]
    column = {name: header.index(name) for name in header}
    first[column["title"]] = "Retitled, on import"
    first[column["quotes"]] = json.dumps(["a new quote, instead"])
    for name, value in (("sources", "Another paper"), ("claimant", "An editor"), ("stances", "asserts"), ("confidences", "high"), ("reliabilities", "A")):
        first[column[name]] = json.dumps([value])
    rows.append(["added", "A new event", "2025-05", "", "Observers", "", "[]", "[]", "", "[]", "[]", "[]", "", "", "", "", ""])
    (tmp_path / "edited.csv").write_bytes(csv_bytes(rows))
    for _ in range(2):  # the second time changes nothing: nothing is duplicated
        assert main(["import", str(tmp_path / "edited.csv"), "--db", str(db_path)]) == 0
        timeline = Store.open(db_path).load()
        assert len(timeline.events) == len(kursk.events) + 1
    updated = timeline.events[first[column["id"]]]
    assert updated.title == "Retitled, on import"
    cited = timeline.citations_for(updated.id)
    assert [(c.quote, c.claimant, timeline.sources[c.source_id].title, c.confidence.value) for c in cited] == [
        ("a new quote, instead", "An editor", "Another paper", "high")
    ]
    assert len(timeline.citations) == len(kursk.citations) - len(kursk.citations_for(updated.id)) + 1
    assert [s.title for s in timeline.sources.values()].count("Another paper") == 1


def test_a_source_named_by_a_row_is_the_one_with_that_title_and_its_quote_is_anchored(tmp_path, db_path, kursk):
    rows = rows_of(export(tmp_path / "kursk.csv", db_path))
    article = next(iter(kursk.sources.values()))
    quote = article.text[1000:1040]
    rows.append(["new-one", "Quoted", "2025-04", "", "Observers", "", '["BBC News"]', "[]", "", json.dumps([article.title]), json.dumps([quote]), '["reports"]', "", "", "", "", ""])
    (tmp_path / "more.csv").write_bytes(csv_bytes(rows))
    assert main(["import", str(tmp_path / "more.csv"), "--db", str(db_path)]) == 0
    timeline = Store.open(db_path).load()
    assert len(timeline.sources) == 1
    (citation,) = timeline.citations_for("new-one")
    assert (citation.source_id, citation.offset) == (article.id, 1000)


def test_a_byte_order_mark_and_left_out_columns_are_accepted(tmp_path, db_path):
    (tmp_path / "short.csv").write_bytes("\ufefftitle,start\r\nПросто подія,2025-04-26\r\n".encode("utf-8"))
    assert main(["import", str(tmp_path / "short.csv"), "--db", str(db_path), "--empty"]) == 0
    (event,) = Store.open(db_path).load().events.values()
    assert (event.title, event.start.edtf, event.status) == ("Просто подія", "2025-04-26", Status.REPORTED)


@pytest.mark.parametrize(
    "option, dates",
    [([], ["2024-08-06", "2024-08", "2024-08-06", "2024-07~"]), (["--month-first"], ["2024-08-06", "2024-08", "2024-06-08", "2024-07~"])],
)
def test_dates_typed_by_hand_are_read_as_the_edtf_they_mean(tmp_path, db_path, option, dates):
    typed = ["6 August 2024", "Aug 2024", "06/08/2024", "summer 2024"]
    rows = "".join(f"{title},{date}\r\n" for title, date in zip("abcd", typed))
    (tmp_path / "typed.csv").write_text("title,start\r\n" + rows, encoding="utf-8")
    assert main(["import", str(tmp_path / "typed.csv"), "--db", str(db_path), "--empty", *option]) == 0
    events = sorted(Store.open(db_path).load().events.values(), key=lambda e: e.title)
    assert [e.start.edtf for e in events] == dates


def _valid(tmp_path, db_path) -> list[list[str]]:
    return rows_of(export(tmp_path / "valid.csv", db_path))


def _set(rows, line, name, value):
    rows[line - 1][COLUMNS.index(name)] = value
    return csv_bytes(rows)


BROKEN = {
    "wrong header": (lambda rows: b"id,name,place\r\n" + csv_bytes(rows[1:]), 1, "header", "expected the columns id,title,start"),
    "header missing a column": (lambda rows: csv_bytes([[c for c in r[:2]] + r[3:] for r in rows]), 1, "header", "missing column start"),
    "data without a header": (lambda rows: csv_bytes(rows[1:]), 1, "header", "unknown column"),
    "empty file": (lambda rows: b"", 1, "header", "the file is empty"),
    "only a byte order mark": (lambda rows: "\ufeff\r\n".encode(), 1, "header", "the file is empty"),
    "bad date": (lambda rows: _set(rows, 3, "start", "last August"), 3, "start", "cannot read 'last August' as a date"),
    "bad end date": (lambda rows: _set(rows, 4, "end", "2025-02-30"), 4, "end", "has no day 30"),
    "end before start": (lambda rows: _set(rows, 2, "end", "2020"), 2, "end", "before it starts"),
    "empty title": (lambda rows: _set(rows, 5, "title", "  "), 5, "title", "needs a title"),
    "unknown status": (lambda rows: _set(rows, 6, "status", "rumoured"), 6, "status", "not one of: confirmed"),
    "unknown stance": (lambda rows: _set(rows, 2, "stances", '["asserts", "hints"]'), 2, "stances", "'hints' is not one of"),
    "quotes not an array": (lambda rows: _set(rows, 7, "quotes", "just text, no array"), 7, "quotes", "not a JSON array"),
    "attributes not an object": (lambda rows: _set(rows, 4, "attributes", '["admin1", "Kursk"]'), 4, "attributes", "not a JSON object of text"),
    "a fact not text": (lambda rows: _set(rows, 5, "attributes", '{"fatalities": 3}'), 5, "attributes", "not a JSON object of text"),
    "escaped lone surrogate in attributes": (
        lambda rows: _set(rows, 2, "attributes", '{"admin1": "\\ud800"}'), 2, "attributes", "not valid Unicode (U+D800)",
    ),
    "arrays of other lengths": (lambda rows: _set(rows, 8, "claimant", "[]"), 8, "claimant", "0 entries where quotes has"),
    "empty claimant": (lambda rows: _set(rows, 9, "claimant", '[" "]'), 9, "claimant", "entry 1 is empty"),
    "same id twice": (lambda rows: _set(rows, 10, "id", rows[1][0]), 10, "id", "on line 2 already"),
    "links to nothing known": (lambda rows: _set(rows, 3, "links", '["causes: no-such-event"]'), 3, "links", "causes: no event 'no-such-event'"),
    "link of no type": (lambda rows: _set(rows, 3, "links", '["prompts: e-gornal"]'), 3, "links", "is not \"type: event id\" with a type one of: disputes"),
    "too many values": (lambda rows: csv_bytes(rows[:4] + [rows[4] + ["extra"]] + rows[5:]), 5, "row", "18 values where the header names 17"),
    "too few values": (lambda rows: csv_bytes(rows[:5] + [rows[5][:-2]] + rows[6:]), 6, "row", "15 values"),
    "unterminated quote": (lambda rows: csv_bytes(rows) + b'x,"Gornal,2025-04\r\nmore,rows\r\n', 15, "row", "never closed"),
    "stray quote": (lambda rows: csv_bytes(rows[:3]) + b'x,"Gornal"x,2025\r\n', 4, "row", "expected after"),
    "latin-1 byte": (lambda rows: csv_bytes(rows[:3]) + "y,Café,2025".encode("latin-1") + b"\r\n", 4, "encoding", "byte 0xe9 is not UTF-8"),
    "utf-16": (lambda rows: csv_bytes(rows).decode().encode("utf-16"), 1, "encoding", "not UTF-8"),
    "separated by semicolons": (
        lambda rows: b"title;start;notes\r\nOne;2025-01-01;x\r\n", 1, "header",
        "unknown column 'title;start;notes'; the file is separated by semicolons: save it as CSV separated by commas (in Excel, 'CSV UTF-8')",
    ),
    **{
        f"escaped lone surrogate in {name}": (
            lambda rows, name=name: _set(rows, 2, name, '["\\ud800"]' if name == "tags" else _one_cited(rows, 2, name)), 2, name,
            "the text holds a character that is not valid Unicode (U+D800)",
        )
        for name in ("quotes", "sources", "claimant", "tags")
    },
}


def _one_cited(rows, line, name):
    """The row's array for ``name`` with its first entry an escaped lone surrogate."""
    values = json.loads(rows[line - 1][COLUMNS.index(name)])
    return json.dumps(["\ud800"] + values[1:])  # escaped: json.dumps writes ASCII


@pytest.mark.parametrize("case", BROKEN, ids=list(BROKEN))
def test_a_broken_file_exits_2_naming_line_and_field_and_leaves_the_database_as_it_was(tmp_path, db_path, capsys, case):
    breaking, line, field, problem = BROKEN[case]
    rows = _valid(tmp_path, db_path)
    assert len(rows) == 14  # the line numbers above count on the Kursk timeline's 13 rows
    bad = tmp_path / "bad.csv"
    bad.write_bytes(breaking(rows))
    before = disk_bytes(db_path)
    capsys.readouterr()
    assert main(["import", str(bad), "--db", str(db_path)]) == 2
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1, err
    assert f"{bad}:{line}: {field}: " in err and problem in err, err
    assert disk_bytes(db_path) == before


def test_a_broken_file_does_not_even_create_a_new_database(tmp_path, capsys):
    (tmp_path / "bad.csv").write_text("title,start\r\nx,someday\r\n", encoding="utf-8")
    missing = tmp_path / "new.json"
    assert main(["import", str(tmp_path / "bad.csv"), "--db", str(missing)]) == 2
    assert f"{tmp_path / 'bad.csv'}:2: start: " in capsys.readouterr().err
    assert not missing.exists()


def test_the_database_itself_and_missing_files_are_refused(tmp_path, db_path, capsys):
    export(tmp_path / "x.csv", db_path)
    before = disk_bytes(db_path)
    assert main(["import", str(db_path), "--db", str(db_path)]) == 2
    assert "database itself" in capsys.readouterr().err
    assert main(["import", str(tmp_path / "nowhere.csv"), "--db", str(db_path)]) == 2
    assert "cannot be read" in capsys.readouterr().err
    assert main(["import", str(tmp_path), "--db", str(db_path)]) == 2
    assert "not a regular file" in capsys.readouterr().err
    assert disk_bytes(db_path) == before


def test_format_option_forces_a_reader(tmp_path, db_path, capsys):
    export(tmp_path / "ours.csv", db_path)
    assert main(["import", str(tmp_path / "ours.csv"), "--db", str(db_path), "--format", "acled"]) == 2
    assert "missing column event_id_cnty" in capsys.readouterr().err


def test_left_out_columns_keep_what_a_known_event_has_and_give_a_new_one_defaults(tmp_path, db_path, kursk, curate):
    Store.open(db_path, seed=crafted).close()
    before = curate(db_path, "e-salient", disputes="e-gornal")
    (tmp_path / "short.csv").write_bytes(csv_bytes([["id", "title", "start"], ["e-salient", "Salient held, retitled", "2024-08"], ["", "New", "2025"]]))
    assert main(["import", str(tmp_path / "short.csv"), "--db", str(db_path)]) == 0
    after = Store.open(db_path).load()
    assert after.events["e-salient"] == replace(before.events["e-salient"], title="Salient held, retitled")
    assert after.citations == before.citations  # no citation columns: the citations stay
    assert after.links == before.links  # no links column: the links stay
    (new,) = (e for e in after.events.values() if e.title == "New")
    assert new == Event(new.id, "New", FuzzyDate.parse("2025"))


def test_without_a_stances_column_each_citation_reports(tmp_path, db_path):
    rows = [["title", "start", "claimant", "sources", "quotes"], ["Crossing", "2024-08-06", '["BBC"]', '["An article"]', '["They crossed."]']]
    (tmp_path / "nostances.csv").write_bytes(csv_bytes(rows))
    assert main(["import", str(tmp_path / "nostances.csv"), "--db", str(db_path), "--empty"]) == 0
    (citation,) = Store.open(db_path).load().citations.values()
    assert (citation.quote, citation.claimant, citation.stance) == ("They crossed.", "BBC", Stance.REPORTS)


def test_of_two_sources_sharing_a_title_an_import_keeps_the_one_the_event_cites(tmp_path, db_path, capsys):
    def seed():
        timeline = crafted()
        twin = Source("s-twin", "Yonhap, 연합뉴스", "부인했다, says the other copy")  # the title of s-empty, made later
        timeline.sources[twin.id] = twin
        c5 = timeline.citations["c5"]
        found = anchor_quote(twin.text, c5.quote)
        timeline.citations["c5"] = replace(c5, source_id=twin.id, prefix=found.prefix, suffix=found.suffix, offset=found.offset)
        return timeline

    reimport_changes_nothing(tmp_path, db_path, capsys, seed)
    rows = rows_of((tmp_path / "out.csv").read_bytes())
    _set(rows, next(k for k, row in enumerate(rows, 1) if row[0] == "e-denial"), "claimant", '["Kyiv"]')
    (tmp_path / "edited.csv").write_bytes(csv_bytes(rows))
    assert main(["import", str(tmp_path / "edited.csv"), "--db", str(db_path)]) == 0
    (citation,) = Store.open(db_path).load().citations_for("e-denial")
    assert (citation.claimant, citation.source_id) == ("Kyiv", "s-twin")


def test_what_rows_repeat_is_kept_once_when_a_real_acled_import_is_read_back(tmp_path):
    """An event's notes and the quotes of its citations, and the (name, value) facts that
    events share, are one object each once read: 300,000 rows of copies would take gigabytes."""
    timeline = Timeline()
    timeline.apply(import_edit(timeline, read_file(DATA / "real" / "acled_2024_ukraine.csv")).changes)
    write_file(timeline, tmp_path / "out.csv", FORMATS["csv"])
    read = read_file(tmp_path / "out.csv")
    quoting = [(event, cited) for event in read.events for cited in read.cited[event.id] if cited.quote == event.notes]
    assert quoting and all(cited.quote is event.notes for event, cited in quoting)
    pairs: dict[tuple[str, str], tuple[str, str]] = {}
    for event in read.events:
        for pair in event.attributes:
            assert pairs.setdefault(pair, pair) is pair
    assert len(pairs) < sum(len(event.attributes) for event in read.events) / 2  # the file does repeat them
