"""Reading an article (a .txt, .md or .html file, or pasted text) into a Source.

The text is made readable and kept exactly as it will be quoted: line ends unified,
Unicode composed (NFC, so that a copy re-saved by another editor still matches its
quotes), control characters dropped. A web page is reduced to its article by the
trafilatura library (no menus, scripts, share buttons or related links; a page with
none is refused), one paragraph a line with a blank line between; Markdown is kept as
written. Metadata is guessed from what the document says of itself: for a page,
trafilatura's reading of its JSON-LD, Open Graph and <meta> tags, checked against our
own (see _from_html); a Markdown front matter or a scraper's "Key: value" lines; a first
line, a "By ..." line and a date line. Anything the caller gives wins over the guess.

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
TITLE_CHARS = 120
DATELINE_LINES, DATELINE_WORDS = 12, 6  # where, and how short, a text's own date line is
HEAD_CHARS = 1_000_000  # what our own reader reads of a page for metadata: its head and the byline are near the top  # a title guessed from a first line longer than this is cut at a word
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
MARKDOWN_SUFFIXES = (".md", ".markdown")
ARTICLE_SUFFIXES = (".txt", *MARKDOWN_SUFFIXES, *HTML_SUFFIXES)
_BINARY_MAGIC = (b"%PDF", b"\x89PNG", b"PK\x03\x04", b"\xff\xd8\xff", b"GIF8", b"\x7fELF", b"MZ")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b\ufeff]")
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w.:-]+)""", re.IGNORECASE)
_BYLINE = re.compile(r"^\s*By\s+([A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3})\s*$", re.MULTILINE)
_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_DATE_IN_TEXT = re.compile(rf"\b(\d{{4}}-\d{{2}}-\d{{2}}|\d{{1,2}} (?:{_MONTHS}) \d{{4}}|(?:{_MONTHS}) \d{{1,2}}, \d{{4}})\b")
_DATE_FORMATS = ("%Y-%m-%d", "%d %B %Y", "%B %d, %Y")
_PAGE_BYLINE = re.compile(rf"By\s+((?!(?:{_MONTHS})\b)[A-Z][\w.'’-]*(?:\s+(?!(?:{_MONTHS})\b)[A-Z][\w.'’-]*){{0,3}})\b")
_SITE_SUFFIX = re.compile(r"^(.+?)\s+[-|–—]\s+([^-|–—]+)$")


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
        body, guessed = _from_html(text, name)
    else:
        body, guessed = _from_plain(_tidy(text), markdown=kind == "md")
    if not body.strip():
        raise FormatError(name, None, None, "the document is empty: there is no text to import")
    guessed = {key: value for key, value in guessed.items() if value}
    guessed.setdefault("title", _first_line(body) or Path(name).stem.strip() or "Untitled article")
    if "author" not in guessed and (byline := _BYLINE.search(body[:2000])):
        guessed["author"] = byline.group(1)
    if "published" not in guessed and (date := _dateline(body)):
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


def _dateline(text: str) -> FuzzyDate | None:
    """The date of a short line of its own near the top ("26 April 2025", "Published 26
    April 2025"): the article's; a date in a sentence is what the sentence is about."""
    for line in text.splitlines()[:DATELINE_LINES]:
        if len(line.split()) <= DATELINE_WORDS and (date := _date_in(line)):
            return date
    return None


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
# "Title: ...", "**URL**: ...", "- Author: ...": a key and its value on a line of their own.
_KEY_LINE = re.compile(r"[ \t]*(?:[-*][ \t]+)?(?:\*\*|__)?([A-Za-z][A-Za-z ]{0,24}?)(?:\*\*|__)?[ \t]*:(?:\*\*|__)?[ \t]*(.*)")
_KEYS = {"title": "title", "headline": "title", "author": "author", "authors": "author", "byline": "author", "by": "author",
         "date": "published", "published": "published", "published time": "published", "publication date": "published",
         "date published": "published", "publisher": "publisher", "source": "publisher", "site": "publisher",
         "site name": "publisher", "url": "url", "url source": "url", "source url": "url", "link": "url", "canonical url": "url"}
_CONTENT_MARK = "markdown content"  # where a scraper's list of metadata ends and the article begins


def _from_plain(text: str, markdown: bool) -> tuple[str, dict[str, Any]]:
    """The text, less a Markdown front matter or a list of "key: value" lines at its top
    (under the site's name as a heading, as scrapers write them), which are its metadata."""
    if not markdown:
        return text, {}
    if front := _FRONT_MATTER.match(text):
        pairs = [_KEY_LINE.fullmatch(line) for line in front.group(1).splitlines()]
        guessed = _metadata((m.group(1), m.group(2)) for m in pairs if m)
        return text[front.end() :].strip("\n"), guessed
    lines = text.split("\n")
    site = lines[0][2:].strip() if lines[0].startswith("# ") else ""
    pairs, end = [], 1 if site else 0
    for n in range(end, len(lines)):
        match = _KEY_LINE.fullmatch(lines[n])
        if lines[n].strip() and not (match and match.group(1).strip().lower() in (*_KEYS, _CONTENT_MARK)):
            break
        if match:
            pairs.append((match.group(1), match.group(2)))
        end = n + 1
        if match and match.group(1).strip().lower() == _CONTENT_MARK:
            break
    if len([key for key, _ in pairs if key.strip().lower() in _KEYS]) < 2:  # one "Note: ..." line is the article's
        return text, {}
    guessed = _metadata(pairs)
    if site:
        guessed.setdefault("publisher", site)
    return "\n".join(lines[end:]).strip("\n"), guessed


def _metadata(pairs: Any) -> dict[str, Any]:
    guessed: dict[str, Any] = {}
    for key, value in pairs:
        name, value = _KEYS.get(key.strip().lower()), value.strip().strip("\"'")
        if name and value and name not in guessed:
            guessed[name] = value
    if "published" in guessed:
        guessed["published"] = _iso_day(guessed["published"]) or _date_in(guessed["published"])
    return guessed


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
    """Paragraphs of text outside scripts, styles and menus, and the metadata the page
    gives in its head: what the page says where the library finds nothing or a placeholder."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self.meta: dict[str, str] = {}
        self.link_words: set[str] = set()  # words of links, menus' included
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
        if self._counts["a"]:
            self.link_words.update(data.split())
        if self._in_title:
            self.title += data
        elif not self._skipping:
            self._words.append(data if self._counts["pre"] else re.sub(r"\s+", " ", data))

    def _end_paragraph(self) -> None:
        text = "".join(self._words).strip()
        self._words = []
        if text:
            self.paragraphs.append(text)

    def close(self) -> None:
        super().close()
        self._end_paragraph()


def _from_html(html: str, name: str) -> tuple[str, dict[str, Any]]:
    """The article's text and metadata as trafilatura finds them (its main-text heuristics,
    JSON-LD, Open Graph, htmldate), checked against what our own reading of the page gives:
    a placeholder author ("Username") or none is replaced by the page's "By ..." line, and
    a title loses the site's name after it."""
    import trafilatura  # a few tenths of a second to load: only when a page is read

    html = _CONTROL.sub("", html)
    # The date from what the page declares (meta, JSON-LD, URL, <time>), not guessed from its whole text: that
    # costs seconds on a large page, and on the labelled pages of tests/data/articles/ it changed no date.
    dates = {"extensive_search": False, "original_date": True}
    found = trafilatura.bare_extraction(html, with_metadata=True, favor_precision=True, include_comments=False, include_tables=False,
                                        date_extraction_params=dates)
    lines = [line.strip() for line in (found.text or "").splitlines()] if found else []
    body = _tidy("\n\n".join(re.sub(r" {2,}", " ", line) for line in lines if line))
    page = _Readable()
    page.feed(html[:HEAD_CHARS])
    page.close()
    if not page.paragraphs and not body:
        raise FormatError(name, None, None, "the document is empty: there is no text to import")
    if not body or set(body.split()) <= page.link_words:  # a search page's or a video page's menus and links
        raise FormatError(name, None, None, "no article text found: the page seems to hold only menus, links or a video")
    guessed: dict[str, Any] = {
        "publisher": found.sitename or page.meta.get("publisher"),
        "author": _author(found.author, page.meta.get("author", "")) or _byline(page.paragraphs),
        "url": found.url or page.meta.get("url"),
    }
    guessed = {key: " ".join(value.split()) for key, value in guessed.items() if value}
    site = [guessed.get(key, "") for key in ("publisher", "url", "author")]
    titles = [_without_site(" ".join(t.split()), *site) for t in (found.title, page.meta.get("title"), page.title) if t and t.strip()]
    # A page whose Open Graph title is its site's ("Yahoo News - Latest News") has the article's in <title>.
    guessed["title"] = next((t for t in titles if not _names_site(t, *site)), titles[0] if titles else "")
    published = found.date or page.meta.get("published") or page.meta.get("time")
    if published and (day := _iso_day(published)):
        guessed["published"] = day
    return body, guessed


_PLACEHOLDER_AUTHORS = {"username", "admin", "staff", "editor", "unknown", "anonymous"}


def _author(found: str | None, declared: str) -> str:
    """The library's author less its placeholders and repeats ("Jo Bloggs; JO BLOGGS"), each
    spelled as the page's own author tag spells it ("A. Reporter", where the library says "A Reporter")."""
    names: list[str] = []
    for name in (found or "").split(";"):
        name = " ".join(name.split())
        name = declared.strip() if _bare_name(declared) == _bare_name(name) else name
        if name and name.casefold() not in _PLACEHOLDER_AUTHORS and name.casefold() not in (n.casefold() for n in names):
            names.append(name)
    return ", ".join(names)


def _byline(paragraphs: list[str]) -> str:
    """The name in the first "By Jo Bloggs" paragraph of the page, up to a date or a comma."""
    for text in paragraphs:
        if match := _PAGE_BYLINE.match(text):
            return match.group(1)
    return ""


def _without_site(title: str, publisher: str, url: str, author: str) -> str:
    """"Obama admits ... - BBC News" less " - BBC News": a last part after a dash or a bar
    that names the publisher, the site's domain or the author."""
    match = _SITE_SUFFIX.match(title)
    return match.group(1) if match and _names_site(match.group(2), publisher, url, author) else title


def _names_site(words: str, publisher: str, url: str, author: str) -> bool:
    """Whether ``words`` begin with the publisher's, the domain's or the author's name."""
    bare = _bare_name(words)
    names = {_bare_name(publisher), _bare_name(author)}
    if domain := re.match(r"https?://(?:www\.)?([^/.]+)", url):
        names.add(domain.group(1).casefold())
    return any(name and (bare.startswith(name) or bare and name.startswith(bare)) for name in names)


def _bare_name(name: str) -> str:
    """"The Washington Post" as "washingtonpost", to compare with a domain or another spelling."""
    return re.sub(r"\W|^the\b", "", name.casefold())


def _iso_day(text: str) -> FuzzyDate | None:
    if match := re.match(r"\s*\d{4}-\d{2}-\d{2}", text):
        try:
            return FuzzyDate.parse(match.group().strip())
        except ValueError:  # a page that says 2025-02-30: no date rather than a wrong one
            return None
    return None
