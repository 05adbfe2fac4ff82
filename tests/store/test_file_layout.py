import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop.dataset import load_dataset
from desktop import fileio
from desktop.store import Store, layout, tinystore

SMALL = {
    "_meta": {"1": {"schema": 8, "title": "a\nb"}},
    "events": {"1": {"id": "e1", "notes": "line\nbreak", "tags": ["x"]}, "2": {"id": "e2", "attributes": {"k": "}"}},
               "3": {"id": "e3", "nested": {"a": [1, {"b": None}]}}},
    "links": {},
    "odd": [1, 2],
}


def lines(data: bytes) -> list[bytes]:
    return data.splitlines(keepends=True)


def test_the_store_writes_a_document_a_line_that_reads_as_one_json_value(db_path):
    Store.open(db_path, seed=load_dataset).close()
    written = db_path.read_bytes()
    events = orjson.loads(written)["events"]
    assert len(lines(written)) > len(events)  # each on a line of its own, not the whole file on one
    assert layout.decode(lines(written)) == orjson.loads(written)


def test_a_file_written_whole_on_one_line_is_still_read(db_path):
    Store.open(db_path, seed=load_dataset).close()
    whole = orjson.loads(db_path.read_bytes())
    db_path.write_bytes(orjson.dumps(whole))  # as earlier versions wrote it
    assert layout.decode(lines(db_path.read_bytes())) is None
    assert Store.open(db_path).load() == Store.open(db_path, read_only=True).load()
    assert len(Store.open(db_path).load().events) == len(whole["events"])


@pytest.mark.parametrize("block", [1, 2, 4096])
def test_blocks_of_any_size_read_the_same(monkeypatch, block):
    monkeypatch.setattr(layout, "_BLOCK", block)
    encoded = layout.encode(SMALL)
    assert layout.decode(lines(encoded)) == orjson.loads(encoded) == SMALL


EDITS = st.sampled_from(["drop", "double", "swap", "comma", "uncomma", "blank", "split", "join", "brace", "crlf"])


@given(st.lists(st.tuples(EDITS, st.integers(0, 40)), max_size=4), st.integers(1, 3))
def test_lines_laid_out_otherwise_are_read_as_whole_json_reads_them_or_not_at_all(edits, block):
    # A file edited by hand or cut short: reading it a line at a time either gives what
    # reading it whole gives, or declines (the store then reads it whole).
    layout._BLOCK, saved = block, layout._BLOCK
    try:
        text = lines(layout.encode(SMALL))
        for edit, at in edits:
            at %= len(text)
            line = text[at]
            if edit == "drop":
                del text[at]
            elif edit == "double":
                text.insert(at, line)
            elif edit == "swap" and at + 1 < len(text):
                text[at], text[at + 1] = text[at + 1], line
            elif edit == "comma":
                text[at] = line.rstrip(b"\n") + b",\n"
            elif edit == "uncomma":
                text[at] = line.replace(b",\n", b"\n")
            elif edit == "blank":
                text.insert(at, b"\n")
            elif edit == "split" and b":" in line:
                head, _, tail = line.partition(b":")
                text[at:at + 1] = [head + b":\n", tail]
            elif edit == "join" and at + 1 < len(text):
                text[at:at + 2] = [line.rstrip(b"\n") + text[at + 1]]
            elif edit == "brace":
                text.insert(at, b"}\n")
            elif edit == "crlf":
                text[at] = line.replace(b"\n", b"\r\n")
        try:
            whole = orjson.loads(b"".join(text))
        except orjson.JSONDecodeError:
            whole = None
        read = layout.decode(text)
        assert read is None or read == whole
    finally:
        layout._BLOCK = saved


def test_an_older_schema_is_read_as_documents_for_its_upgrade(db_path):
    Store.open(db_path, seed=load_dataset).close()
    older = orjson.loads(db_path.read_bytes())
    older["_meta"]["1"]["schema"] = 6
    db_path.write_bytes(layout.encode(older))
    read = layout.decode(lines(db_path.read_bytes()), tinystore._as_records)
    assert all(isinstance(document, dict) for document in read["events"].values())
    assert Store.open(db_path).load().events


def _current(db_path, change) -> bytes:
    """The kursk database as this version writes it, with ``change`` made to its parsed contents."""
    Store.open(db_path, seed=load_dataset).close()
    data = orjson.loads(db_path.read_bytes())
    change(data)
    db_path.write_bytes(layout.encode(data))
    return db_path.read_bytes()


def _same_id(data):
    first, second = list(data["events"])[:2]
    data["events"][second]["id"] = data["events"][first]["id"]


def _numbered_across_lines(data):
    data["events"]["1\n2"] = data["events"].pop("1")


def _unknown_event(data):
    next(iter(data["citations"].values()))["event_id"] = "nowhere"


# The checks that opening makes all at once on the records it built, each saying what is wrong.
@pytest.mark.parametrize(
    ("change", "message"),
    [(_same_id, "have the same id"), (_numbered_across_lines, "numbered documents"), (_unknown_event, "cites an unknown event nowhere")],
)
def test_a_current_file_read_as_records_is_checked_as_closely(db_path, change, message):
    written = _current(db_path, change)
    with pytest.raises(tinystore.CorruptDatabase, match=message):
        Store.open(db_path).load()
    assert db_path.read_bytes() == written


def test_a_document_lacking_a_field_among_usual_ones_takes_its_default(db_path, kursk):
    def without_annotation(data):
        del next(iter(data["events"].values()))["annotation"]

    _current(db_path, without_annotation)
    assert Store.open(db_path).load() == kursk


def test_notes_quoted_by_citations_are_kept_once_when_read(db_path):
    # An import quotes each event's notes in its citations: at a million events, copies take half a gigabyte.
    from desktop.model import Citation, Event, FuzzyDate, Source, Timeline
    from desktop.model import entities

    notes = "On 6 August 2024, Ukrainian forces crossed the border near Sudzha."
    made = Timeline(
        events={"e": Event("e", "Crossing", FuzzyDate(2024, 8, 6), notes=notes)},
        sources={"s": Source("s", "ACLED", "")},
        citations={c: Citation(c, "e", "s", notes, "ACLED") for c in ("c1", "c2")},
    )
    Store.open(db_path, seed=lambda: made).close()
    read = Store.open(db_path).load()
    assert read == made
    assert read.citations["c1"].quote is read.citations["c2"].quote is read.events["e"].notes
    assert not entities._TEXTS  # let go once read


@pytest.mark.parametrize("part", [1, 40, 2**20])
def test_a_whole_write_goes_to_disk_in_parts_that_make_the_same_bytes(db_path, monkeypatch, part):
    """A large file is written as it is encoded, never held whole (at 300,000 events it is 500 MB)."""
    monkeypatch.setattr(layout, "_PART", part)
    assert layout.decode(lines(b"".join(layout.encoded(SMALL)))) == orjson.loads(layout.encode(SMALL)) == SMALL  # laid out a document a line
    writes = []
    write_all = fileio.fs.write_all
    monkeypatch.setattr(fileio.fs, "write_all", lambda fd, data: (writes.append(bytes(data)), write_all(fd, data)))
    Store.open(db_path, seed=load_dataset).close()
    written = db_path.read_bytes()
    assert b"".join(writes) == written
    assert (len(writes) > 10) == (part < len(written) / 10)
    assert orjson.loads(written)["events"] and layout.decode(lines(written)) == orjson.loads(written)
