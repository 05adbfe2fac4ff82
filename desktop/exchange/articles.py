"""Reading an article (a .txt, .md or .html file, or pasted text) into a Source.

The text is made readable and kept exactly as it will be quoted: line ends unified,
Unicode composed (NFC, so that a copy re-saved by another editor still matches its
quotes), control characters dropped, HTML reduced to its paragraphs without scripts,
styles or menus (only the <article> when the page has one), Markdown kept as written.
Metadata is guessed from what the document says of itself (HTML <title> and <meta>
tags, a Markdown front matter, a first line and a "By ..." line) and anything the caller
gives wins over the guess.

Text that is not UTF-8 is refused rather than guessed at, since a wrongly decoded
character would be quoted as the source's own: valid UTF-8 is read as UTF-8, an HTML
page that is not and declares its charset is read in it, a UTF-16 file with a byte order
mark is read as such, and anything else gets a message saying to save the file as UTF-8.
Binary files are told apart and named as such.
"""
from __future__ import annotations

import codecs
import datetime as dt
import re
import unicodedata
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from ..model import FuzzyDate, Source, Timeline, new_id
from .reading import SURROGATE, FormatError

MAX_BYTES = 20 * 1024 * 1024  # a news article is kilobytes; past this it is not one
TITLE_CHARS = 120  # a title guessed from a first line longer than this is cut at a word
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
MARKDOWN_SUFFIXES = (".md", ".markdown")
_BINARY_MAGIC = (b"%PDF", b"\x89PNG", b"PK\x03\x04", b"\xff\xd8\xff", b"GIF8", b"\x7fELF", b"MZ")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b\ufeff]")
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w.:-]+)""", re.IGNORECASE)
_BYLINE = re.compile(r"^\s*By\s+([A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3})\s*$", re.MULTILINE)
_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_DATE_IN_TEXT = re.compile(rf"\b(\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}} (?:{_MONTHS}) \d{{4}}|(?:{_MONTHS}) \d{{1,2}}, \d{{4}})\b")
_DATE_FORMATS = ("%Y-%m-%d", "%d %B %Y", "%B %d, %Y")


def read_article(path: Path | str, **metadata: Any) -> Source:
    """The article in the file at ``path``; ``metadata`` (title, publisher, author, url,
    published) overrides what is guessed. FormatError, naming the file, if it cannot be."""
    path = Path(path)
    try:
        if not path.is_file():
            raise FormatError(path, None, None, "not a regular file" if path.exists() else "no such file")
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise FormatError(path, None, None, f"{size / 1e6:.0f} MB is too large for an article (up to {MAX_BYTES // 2**20} MB)")
        raw = path.read_bytes()
    except OSError as error:
        raise FormatError(path, None, None, f"cannot be read ({error.strerror or error})") from None
    kind = "html" if path.suffix.lower() in HTML_SUFFIXES else "md" if path.suffix.lower() in MARKDOWN_SUFFIXES else "txt"
    return article_from_text(_decoded(path, raw, kind), str(path), kind, **metadata)


def article_from_text(text: str, name: str = "pasted text", kind: str | None = None, **metadata: Any) -> Source:
    """The article in ``text`` (``kind`` "txt", "md" or "html"; None: HTML if it looks like
    it); ``name`` stands for the file in messages and is the title of last resort."""
    if kind is None:
        kind = "html" if re.match(r"\s*<(!doctype html|html|head|body)\b", text, re.IGNORECASE) else "txt"
    if "\x00" in text:
        raise FormatError(name, None, None, "this is binary data, not text")
    if surrogate := SURROGATE.search(text):  # only pasted text can hold one, and it cannot be saved or hashed
        line = text.count("\n", 0, surrogate.start()) + 1
        raise FormatError(name, line, None, f"the text holds a character that is not valid Unicode (U+{ord(surrogate.group()):04X})")
    if kind == "html":
        body, guessed = _from_html(text)
    else:
        body, guessed = _from_plain(_tidy(text), markdown=kind == "md")
    if not body.strip():
        raise FormatError(name, None, None, "the document is empty: there is no text to import")
    guessed = {key: value for key, value in guessed.items() if value}
    guessed.setdefault("title", _first_line(body) or Path(name).stem.strip() or "Untitled article")
    if "author" not in guessed and (byline := _BYLINE.search(body[:2000])):
        guessed["author"] = byline.group(1)
    if "published" not in guessed and (date := _date_in(body[:2000])):
        guessed["published"] = date
    given = {key: value for key, value in metadata.items() if value is not None and str(value).strip()}
    fields = {**guessed, **given}
    if isinstance(fields.get("published"), str):
        try:
            fields["published"] = FuzzyDate.parse(fields["published"])
        except ValueError as error:
            raise FormatError(name, None, "published", str(error)) from None
    return Source(new_id(), text=body, **fields)


def matching_source(timeline: Timeline, source: Source) -> Source | None:
    """The timeline's source that ``source`` is a copy or another version of: the same text,
    else the same URL, else the same title from the same publisher (or where either has
    none, as a pasted text often has not); None if it is new. Two outlets' "Live updates"
    are different articles, not versions of one."""
    def same_publisher(s: Source) -> bool:
        return not s.publisher.strip() or not source.publisher.strip() or s.publisher.strip().casefold() == source.publisher.strip().casefold()

    for same in (
        lambda s: s.sha256 == source.sha256,
        lambda s: bool(source.url) and s.url == source.url,
        lambda s: s.title.strip().casefold() == source.title.strip().casefold() and same_publisher(s),
    ):
        if found := next((s for s in timeline.sources.values() if same(s)), None):
            return found
    return None


def _decoded(path: Path, raw: bytes, kind: str) -> str:
    if not raw.strip():
        raise FormatError(path, None, None, "the file is empty: there is no text to import")
    if raw.startswith(codecs.BOM_UTF16_LE) or raw.startswith(codecs.BOM_UTF16_BE):
        return _decode(path, raw, "utf-16")
    if raw.startswith(_BINARY_MAGIC) or b"\x00" in raw[:8192]:
        raise FormatError(path, None, None, "this is a binary file (an image, a PDF, an archive?), not text: import a .txt, .md or .html file")
    try:
        # Valid UTF-8 is UTF-8 whatever the page declares: a page saved as UTF-8 often keeps
        # its original's <meta charset>, and text in another charset is almost never valid UTF-8.
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    charset = _CHARSET.search(raw[:4096]) if kind == "html" else None
    encoding = charset.group(1).decode("ascii") if charset else "utf-8-sig"
    try:
        family = codecs.lookup(encoding).name
    except LookupError:
        family = ""  # _decode names it as unknown
    # A page in UTF-16 or UTF-32 would have a byte order mark or NULs, seen above; one that
    # declares either without them is in an ASCII-compatible charset, which browsers take as UTF-8.
    return _decode(path, raw, "utf-8-sig" if family == "utf-8" or family.startswith(("utf-16", "utf-32")) else encoding)


def _decode(path: Path, raw: bytes, encoding: str) -> str:
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        name = "UTF-8" if encoding == "utf-8-sig" else encoding
        problem = f"byte 0x{raw[error.start]:02x} is not {name} text; save the file as UTF-8"
        raise FormatError(path, line, "encoding", problem) from None
    except (LookupError, UnicodeError):  # no such codec, or one that is no character set ("base64", "undefined")
        raise FormatError(path, None, "encoding", f"the page declares a character set this app does not know ({encoding[:40]}); save it as UTF-8") from None


def _tidy(text: str) -> str:
    """One kind of line end, composed characters, no control characters, no trailing spaces."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _CONTROL.sub("", text)
    return re.sub(r"[ \t]+\n", "\n", text).strip("\n")


def _first_line(text: str) -> str:
    line = next((line.strip() for line in text.splitlines() if line.strip()), "")
    line = line.lstrip("#").strip()
    if len(line) > TITLE_CHARS:
        line = line[:TITLE_CHARS].rsplit(" ", 1)[0] + "…"
    return line


def _date_in(text: str) -> FuzzyDate | None:
    if match := _DATE_IN_TEXT.search(text):
        for form in _DATE_FORMATS:
            try:
                day = dt.datetime.strptime(match.group(1), form).date()
            except ValueError:
                continue
            return FuzzyDate(day.year, day.month, day.day)
    return None


# Plain text and Markdown

_FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---[ \t]*(?:\n|\Z)", re.DOTALL)  # \Z: _tidy drops the last line end
_FRONT_KEYS = {"title": "title", "author": "author", "date": "published", "published": "published",
               "publisher": "publisher", "source": "publisher", "url": "url"}


def _from_plain(text: str, markdown: bool) -> tuple[str, dict[str, Any]]:
    """The text, less a Markdown front matter, whose keys are its metadata."""
    guessed: dict[str, Any] = {}
    if markdown and (front := _FRONT_MATTER.match(text)):
        for line in front.group(1).splitlines():
            key, _, value = line.partition(":")
            value = value.strip().strip("\"'")
            if _FRONT_KEYS.get(key.strip().lower()) and value:
                guessed[_FRONT_KEYS[key.strip().lower()]] = value
        if isinstance(guessed.get("published"), str):
            guessed["published"] = _date_in(guessed["published"])
            if guessed["published"] is None:
                del guessed["published"]
        text = text[front.end() :].strip("\n")
    return text, guessed


# HTML

_SKIPPED = {"script", "style", "noscript", "template", "svg", "iframe", "head", "nav", "footer", "aside", "form", "button", "select"}
_BLOCKS = {"p", "div", "section", "article", "header", "main", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "blockquote",
           "pre", "table", "tr", "dd", "dt", "dl", "figure", "figcaption", "br", "hr", "address", "summary", "details"}
_VOID = {"br", "hr", "img", "meta", "link", "input", "area", "base", "col", "embed", "source", "track", "wbr"}
_META = {"og:title": "title", "twitter:title": "title", "author": "author", "article:author": "author", "byl": "author",
         "og:site_name": "publisher", "publisher": "publisher", "application-name": "publisher",
         "article:published_time": "published", "date": "published", "pubdate": "published", "publish-date": "published",
         "dc.date": "published", "og:url": "url"}


class _Readable(HTMLParser):
    """Paragraphs of text outside scripts, styles and menus, those in <article> kept apart,
    and the metadata the page gives in its head."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[tuple[bool, str]] = []  # (inside <article>, text)
        self.meta: dict[str, str] = {}
        self.title = ""
        self._words: list[str] = []
        self._open: list[str] = []  # elements open around the text, innermost last
        self._counts: Counter[str] = Counter()  # of self._open, so that asking what is open does not scan a deep page
        self._skipping = 0
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {key: value or "" for key, value in attrs}
        if tag == "meta":
            key = (values.get("property") or values.get("name") or values.get("itemprop") or "").lower()
            if key in _META and values.get("content", "").strip():
                self.meta.setdefault(_META[key], values["content"].strip())
        elif tag == "link" and values.get("rel", "").lower() == "canonical" and values.get("href"):
            self.meta.setdefault("url", values["href"])
        elif tag == "time" and values.get("datetime"):
            self.meta.setdefault("time", values["datetime"])
        if tag == "title":
            self._in_title = True
        if tag == "body" and self._counts["head"]:  # a head never closed ends where the body starts
            self.handle_endtag("head")
        if tag in _VOID:
            if tag in _BLOCKS:
                self._end_paragraph()
            return
        if tag in _BLOCKS:
            self._end_paragraph()
        self._open.append(tag)
        self._counts[tag] += 1
        if tag in _SKIPPED:
            self._skipping += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        if not self._counts[tag]:  # a stray end tag, as browsers forgive
            return
        if tag in _BLOCKS:
            self._end_paragraph()
        while self._open:  # elements left open inside it close with it
            closed = self._open.pop()
            self._counts[closed] -= 1
            if closed in _SKIPPED:
                self._skipping -= 1
            if closed == tag:
                break

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        elif not self._skipping:
            self._words.append(data if self._counts["pre"] else re.sub(r"\s+", " ", data))

    def _end_paragraph(self) -> None:
        text = "".join(self._words).strip()
        self._words = []
        if text:
            self.paragraphs.append((self._counts["article"] > 0, text))

    def close(self) -> None:
        super().close()
        self._end_paragraph()


def _from_html(html: str) -> tuple[str, dict[str, Any]]:
    page = _Readable()
    page.feed(_CONTROL.sub("", html))
    page.close()
    paragraphs = [text for inside, text in page.paragraphs if inside] or [text for _, text in page.paragraphs]
    body = _tidy("\n\n".join(re.sub(r" {2,}", " ", text) for text in paragraphs))
    guessed: dict[str, Any] = {key: " ".join(value.split()) for key, value in page.meta.items() if key in ("title", "author", "publisher", "url")}
    if page.title.strip():
        guessed.setdefault("title", " ".join(page.title.split()))
    published = page.meta.get("published") or page.meta.get("time")
    if published and (match := re.match(r"\d{4}-\d{2}-\d{2}", published.strip())):
        try:
            guessed["published"] = FuzzyDate.parse(match.group())
        except ValueError:  # a page that says 2025-02-30: no date rather than a wrong one
            pass
    return body, guessed
