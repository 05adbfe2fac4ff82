"""``kursk-timeline import ARTICLE.html|.md|.txt``: the article added to the library without
a window and, with ``--suggest``, the events it seems to report, those the timeline holds
already left out. What was added is printed."""
from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path

from .database import open_database
from .exchange.articles import ARTICLE_SUFFIXES, matching_source, read_article
from .exchange.reading import FormatError
from .model import Source, Timeline, editing
from .model.suggestions import TICKED, Suggestion, accept, already_on_timeline, suggest

FORMAT = "article"  # as --format takes it
ABOUT = "News article: a saved web page (.html), Markdown or text, added to the library as a source"


@dataclass(frozen=True)
class ArticleOptions:
    suggest: bool = False
    min_confidence: float = TICKED
    published: str | None = None  # the user's date for an article whose page gives none (or a wrong one)


def add_options(parser: argparse.ArgumentParser) -> None:
    articles = parser.add_argument_group("articles (.html, .md, .txt)")
    articles.add_argument("--suggest", action="store_true", help="also add the events the article seems to report (those it would tick in the app)")
    articles.add_argument("--suggest-min-confidence", type=_confidence, metavar="0-1",
                          help=f"with --suggest, add the suggestions this sure or surer (default {TICKED}; 0 adds all)")
    articles.add_argument("--published", metavar="DATE", help="the article's publication date (2025-04-26), which relative dates such as "
                          "'yesterday' are read against; without it, and none in the page, they are not read")


def options_of(args: argparse.Namespace) -> ArticleOptions:
    minimum = args.suggest_min_confidence
    return ArticleOptions(args.suggest or minimum is not None, TICKED if minimum is None else minimum, args.published)


def wanted(path: Path, format_name: str | None) -> bool:
    """Whether the file is to be read as an article: asked for, or named like one."""
    return format_name == FORMAT or (format_name is None and path.suffix.lower() in ARTICLE_SUFFIXES)


def import_article(path: Path, db: Path | None, empty: bool, options: ArticleOptions) -> list[str]:
    """Add the article (and its suggested events) in one write; the lines to print. Raises
    FormatError for a file that is no article, StoreError for the database."""
    article = read_article(path, published=options.published)
    store = open_database(db, empty=empty, keep_backups=True)
    try:
        timeline = store.load()
        report = []
        source = matching_source(timeline, article)
        if source is None:
            edit = editing.put(timeline, "sources", [article], "Import")
            timeline.apply(edit.changes)
            changes, source, labels = list(edit.changes), article, [edit.label]
            when = f", published {article.published.edtf}" if article.published else ", no publication date"
            report.append(f"Added '{article.title}' ({article.publisher or 'no publisher'}{when}, {len(article.text):,} characters)")
        elif source.text == article.text:
            changes, labels = [], []
            report.append(f"'{source.title}' is in the library already")
        else:
            raise FormatError(path, None, None, f"the library holds another version of this article ('{source.title}'); "
                                                "update it in the app, where its quotes are looked for again")
        if options.suggest:
            chosen, lines = _chosen(timeline, source, options.min_confidence)
            if chosen:
                edit = accept(timeline, source.id, chosen)
                timeline.apply(edit.changes)
                changes += edit.changes
                labels.append(edit.label)
            report += lines
        if changes:
            store.apply(changes, labels)
    finally:
        store.close()
    return report


def _chosen(timeline: Timeline, source: Source, minimum: float) -> tuple[list[Suggestion], list[str]]:
    """The suggestions to add, and a line for each suggestion and for what is left out."""
    lines: list[str] = []
    chosen: list[Suggestion] = []
    unsure = 0
    if source.published is None:
        lines.append("No publication date: relative dates ('yesterday', 'Monday') were not read; give --published DATE to read them")
    for s in suggest(source):
        date = s.start.edtf + (f"/{s.end.edtf}" if s.end else "")
        if (known := already_on_timeline(timeline, s)) is not None:
            lines.append(f"  = {date}  {s.title}: already on the timeline as '{known.title}', not added")
        elif s.confidence >= minimum:
            chosen.append(s)
            lines.append(f"  + {date}  {s.title} ({s.claimant}, {s.confidence:.2f})")
        else:
            unsure += 1
    lines.insert(0, f"Added {len(chosen)} suggested event{'s' if len(chosen) != 1 else ''}"
                    + (f"; {unsure} less sure than {minimum} left out" if unsure else ""))
    return chosen, lines


def _confidence(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number from 0 to 1") from None
    if not 0 <= value <= 1:
        raise argparse.ArgumentTypeError(f"{value} is not from 0 to 1")
    return value
