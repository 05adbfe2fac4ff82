"""What every reader shares: the error that says where a file is wrong, decoding, CSV rows
and JSON objects with the line they start on, and progress that the user can cancel.

A reader parses the whole file before anything is applied, so a file is imported whole
or not at all.
"""
from __future__ import annotations

import bisect
import csv
import io
import itertools
import json
import json.decoder
import json.scanner
import operator
import re
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import charset_normalizer
import orjson

Progress = Callable[[int, int], None]  # (done, total); may raise Cancelled to stop the work
# A character JSON can escape but no file can hold: refused where text comes in.
SURROGATE = re.compile("[\ud800-\udfff]")

CHUNK = 500  # items between two progress reports

# The csv module refuses fields over 128 KiB by default; a long note must survive a round trip.
csv.field_size_limit(2**31 - 1)


class FormatError(ValueError):
    """A file that cannot be imported, with where and why in words meant for the user:
    ``file:line: field: problem``."""

    def __init__(self, path: Path | str, line: int | None, field: str | None, problem: str) -> None:
        self.path, self.line, self.field, self.problem = Path(path), line, field, problem
        where = f"{path}:{line}" if line else str(path)
        super().__init__(f"{where}: {field}: {problem}" if field else f"{where}: {problem}")


class LeftOut(Exception):
    """A record that the file may hold but the timeline cannot (a date before year 1): the
    reader leaves it out and says so, instead of refusing the whole file."""


class Cancelled(Exception):
    """The user stopped a long import or export; nothing has been written."""


def tick(progress: Progress | None, index: int, done: int, total: int) -> None:
    """Report progress every CHUNK items, which is also where the user can cancel."""
    if progress is not None and index % CHUNK == 0:
        progress(done, total)


def read_text(path: Path) -> str:
    """The file's text: UTF-8, with or without a byte order mark."""
    raw = _read_bytes(path)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        problem = f"byte 0x{raw[error.start]:02x} is not UTF-8 text; save the file as UTF-8"
        raise FormatError(path, line, "encoding", problem) from None


class NotUtf8(FormatError):
    """A file that is not UTF-8, with the encoding it most likely is in (None: no guess)
    and the text around its first byte that is not UTF-8, as that encoding reads it, for
    the user to judge."""

    def __init__(self, path: Path, line: int, byte: int, guess: str | None, sample: str) -> None:
        self.guess, self.sample = guess, sample
        if guess is None:
            problem = f"byte 0x{byte:02x} is not UTF-8 text, nor text in any encoding recognised; save the file as UTF-8"
        else:
            problem = f'byte 0x{byte:02x} is not UTF-8 text; it looks like {guess}, which reads it as "…{sample}…"; import with --encoding {guess} if that is right'
        super().__init__(path, line, "encoding", problem)


# Spreadsheets save Western text as Windows-1252; where other encodings read the bytes the same, it is named.
_PREFERRED = ("utf_8", "cp1252")


def read_table_text(path: Path, encoding: str | None = None) -> str:
    """The text of a file to import: UTF-8 (with or without a byte order mark), or in
    ``encoding``. Other text is refused with NotUtf8, naming the encoding it looks like."""
    raw = _read_bytes(path)
    try:
        return raw.decode(encoding or "utf-8-sig")
    except LookupError:
        raise FormatError(path, None, "encoding", f"{encoding!r} is not an encoding this app knows (cp1252, latin-1, utf-16…)") from None
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        if encoding:
            raise FormatError(path, line, "encoding", f"byte 0x{raw[error.start]:02x} is not {encoding} text") from None
        guessed = charset_normalizer.from_bytes(raw).best()
        if guessed is None:
            raise NotUtf8(path, line, raw[error.start], None, "") from None
        guess = next((name for name in _PREFERRED if name in guessed.could_be_from_charset), guessed.encoding)
        # The words around the byte, as the guess reads them.
        start, end = max(raw.rfind(b"\n", 0, error.start) + 1, error.start - 40), raw.find(b"\n", error.start)
        end = min(end if end >= 0 else len(raw), error.start + 40)
        sample = raw[start:end].decode(guess, "replace").strip()
        raise NotUtf8(path, line, raw[error.start], guess, sample) from None


def _read_bytes(path: Path) -> bytes:
    try:
        if path.exists() and not path.is_file():  # a folder, or a pipe that would make reading wait forever
            raise FormatError(path, None, None, "not a regular file")
        return path.read_bytes()
    except OSError as error:
        raise FormatError(path, None, None, f"cannot be read ({error.strerror or error})") from None


HEAD_ROWS = 10  # a header is looked for this far down, below a title or a note


# A line as a file opened with newline="" gives it: ended by \r\n, \r or \n, which it keeps.
# Characters given to io.StringIO at once (its copy of them takes four bytes a character): a few
# hundred lines.
_PIECE = 2**16


def _lines(text: str) -> Iterator[str]:
    """The lines of ``text`` as a file opened with newline="" gives them, one at a time.
    io.StringIO splits them in C, a third faster than a pattern; given a piece of the text
    at a time, as given the whole it would hold a copy of it (1.6 GB for a CSV of 300,000
    events)."""
    return itertools.chain.from_iterable(map(_in_lines, _pieces(text)))


def _in_lines(piece: str) -> io.StringIO:
    return io.StringIO(piece, newline="")


def _pieces(text: str) -> Iterator[str]:
    """``text`` in pieces of about _PIECE characters, each ending where a line does: after a
    line feed, or after a carriage return when no line feed follows (old Mac files), so
    that no piece parts a carriage return from its line feed."""
    start = 0
    while start < len(text):
        end = text.find("\n", start + _PIECE) + 1 or text.find("\r", start + _PIECE) + 1 or len(text)
        yield text[start:end]
        start = end


def csv_rows(
    path: Path,
    text: str,
    progress: Progress | None = None,
    is_header: Callable[[list[str]], bool] | None = None,
    skipped: list[FormatError] | None = None,
) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
    """The header of a CSV text and its rows, each with the line it starts on; blank lines
    are skipped. A row with more or fewer cells than the header, or broken quoting, raises
    FormatError as the rows are read, so that errors come in the order of the lines; with
    ``skipped``, a row of the wrong length is noted there instead and left out.

    With ``is_header``, the header is the first of the first rows it accepts, so that lines
    above it (a title, a download note) are passed over, and a row of HXL hashtags under it
    (``#date``, ``#adm1+name``: the Humanitarian Exchange Language) is skipped."""
    if not text or text.isspace():  # not strip(): a copy of the whole text
        raise FormatError(path, 1, "header", "the file is empty")
    reader = csv.reader(_lines(text), strict=True)
    header = _next_row(path, reader, 1) or []
    if is_header is not None and not is_header(header):
        # Below a title or a note, maybe; if none of the first lines is the header, the first
        # stands for it, for the caller's check of the header to say what it lacks.
        for _ in range(HEAD_ROWS - 1):
            row = _next_row(path, reader, reader.line_num + 1)
            if row is None:
                return header, iter(())
            if is_header(row):
                header = row
                break
        else:
            return header, iter(())
    total = text.count("\n") + 1

    def rows() -> Iterator[tuple[int, list[str]]]:
        index, width, line = 0, len(header), reader.line_num + 1
        try:
            for cells in reader:  # not a call per row: a file may have a hundred thousand
                if len(cells) != width and cells:
                    problem = FormatError(path, line, "row", f"{len(cells)} values where the header names {width} columns")
                    if skipped is None:
                        raise problem
                    skipped.append(problem)
                elif cells and not (index == 0 and is_header is not None and is_hxl(cells)):
                    if progress is not None and index % CHUNK == 0:
                        progress(line, total)
                    index += 1
                    yield line, cells
                line = reader.line_num + 1
        except csv.Error as error:
            raise _row_problem(path, line, error) from None

    return header, rows()


def is_hxl(cells: Sequence[str]) -> bool:
    """A row of HXL hashtags, which HDX puts under a header: every value empty or a #tag."""
    return any(cells) and all(not cell or cell.startswith("#") for cell in cells)


def _next_row(path: Path, reader: Any, line: int) -> list[str] | None:
    try:
        return next(reader, None)
    except csv.Error as error:
        raise _row_problem(path, line, error) from None


def _row_problem(path: Path, line: int, error: csv.Error) -> FormatError:
    problem = str(error)
    if "unexpected end of data" in problem:
        problem = 'a quoted value that starts here is never closed (a " is missing)'
    return FormatError(path, line, "row", problem)


def check_header(path: Path, header: Sequence[str], required: Sequence[str], allowed: Sequence[str] | None = None) -> None:
    """Refuse a header that is missing, lacks a required column, names one twice or (with
    ``allowed``) names one that is not known."""
    expected = f"expected the columns {','.join(allowed or required)}"
    if not any(header):
        raise FormatError(path, 1, "header", f"no column names on the first line; {expected}")
    seen: set[str] = set()
    for name in header:
        if name in seen:
            raise FormatError(path, 1, "header", f"column {name[:40]!r} appears twice")
        if allowed is not None and name not in allowed:
            hint = ""
            if ";" in name and set(name.split(";")) <= set(allowed):  # Excel's CSV in many European locales
                hint = "; the file is separated by semicolons: save it as CSV separated by commas (in Excel, 'CSV UTF-8')"
            raise FormatError(path, 1, "header", f"unknown column {name[:40]!r}; {expected}{hint}")
        seen.add(name)
    if missing := [name for name in required if name not in seen]:
        raise FormatError(path, 1, "header", f"missing column {', '.join(missing)}; {expected}")


def parse_json(path: Path, text: str) -> Any:
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError as error:
        raise FormatError(path, error.lineno, "syntax", error.msg) from None


class LineFinder:
    """Which line a JSON object of the file starts on, for an error found in it.

    The fast parser keeps no positions, so the text is parsed again, only when an error
    needs a line, by the standard library's pure-Python scanner with its object parser
    wrapped to note where each object starts."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._tree: Any = None

    def line(self, *keys: str | int) -> int | None:
        """Line of the object at ``keys`` (``"events", 3``): of the innermost object found."""
        if self._tree is None:
            try:
                self._tree = _parse_noting_lines(self._text)
            except RecursionError:  # nested deeper than Python's parser goes: no line to give
                return None
        node, line = self._tree, getattr(self._tree, "line", None)
        for key in keys:
            try:
                node = node[key]
            except (LookupError, TypeError):
                break
            line = getattr(node, "line", line)
        return line


class JsonRecords:
    """Builds records from the objects in the lists of a JSON file, remembering where each
    stands, so that a problem, in a record or found later against the timeline, names its line."""

    def __init__(self, path: Path, text: str) -> None:
        self.path, self.finder = path, LineFinder(text)
        self._places: dict[tuple[str, str], int] = {}  # (list, record id) → index in that list

    def build(self, kind: str, index: int, item: Any, make: Callable[[Any], Any], at: tuple[str | int, ...] = ()) -> Any:
        """The record ``make`` makes of ``item``, the ``index``-th of the file's list ``kind``;
        ``at``: where that list stands in the file, if not at its top under that name."""
        keys, name = (*at, index) if at else (kind, index), f"{at[-1] if at else kind}[{index}]"
        try:
            if not isinstance(item, dict):
                raise ValueError(f"should be an object, not {type(item).__name__}")
            record = make(item)
        except ValueError as error:  # ModelError and DateError say which field
            raise FormatError(self.path, self.finder.line(*keys), name, str(error)) from None
        if (kind, record.id) in self._places:
            problem = f"id {record.id!r} is the id of {self._places[kind, record.id][1]} already"
            raise FormatError(self.path, self.finder.line(*keys), name, problem)
        self._places[kind, record.id] = keys, name
        return record

    def line_of(self, kind: str, key: str) -> int | None:
        return self.finder.line(*self._places[kind, key][0]) if (kind, key) in self._places else None


class _Located(dict):
    line: int


def _parse_noting_lines(text: str) -> Any:
    starts = [0] + [match.end() for match in re.finditer("\n", text)]
    decoder = json.JSONDecoder()

    def parse_object(s_and_end: tuple[str, int], *args: Any) -> tuple[_Located, int]:
        found, end = json.decoder.JSONObject(s_and_end, *args)
        located = _Located(found)
        located.line = bisect.bisect_right(starts, s_and_end[1] - 1)
        return located, end

    decoder.parse_object = parse_object
    decoder.scan_once = json.scanner.py_make_scanner(decoder)
    return decoder.decode(text)
