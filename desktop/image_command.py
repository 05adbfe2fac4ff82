"""``kursk-timeline export OUT.png|OUT.svg|OUT.pdf``: the image options, read and checked
before the database is opened, and drawing without a screen.

Qt is loaded only by ``draw``, once an image is really wanted: a CSV export never
loads it.
"""
from __future__ import annotations

import argparse
import os
from pathlib import Path

from .exchange.image_content import DEFAULT_WIDTH, IMAGE_SUFFIXES, ImageContent, ImageError, ImageRequest, default_width
from .model import DateError, FuzzyDate, Timeline

_OPTIONS = {"width": "--width", "dpi": "--dpi", "first": "--from", "last": "--to", "title": "--title"}


def add_options(parser: argparse.ArgumentParser) -> None:
    images = parser.add_argument_group("images (.png, .svg, .pdf)")
    images.add_argument("--width", type=int, metavar="PX", help=f"width in pixels (default {DEFAULT_WIDTH}); past 1200 the picture is drawn larger, not with more room")
    images.add_argument("--dpi", type=int, help="PNG only: draw the text at its point size for this resolution (300 for print); without --width, the default picture's room at that resolution")
    images.add_argument("--from", dest="first", metavar="DATE", help="show the events from this date on (2024-08, 2025-04-26); default: the first")
    images.add_argument("--to", dest="last", metavar="DATE", help="show the events up to this date; default: the last")
    images.add_argument("--title", help="title above the picture (default: the timeline's)")
    images.add_argument("--no-links", dest="links", action="store_false", help="leave out the lines between linked events (who disputes whom, what caused what)")


def request_of(args: argparse.Namespace) -> ImageRequest | None:
    """The picture the options ask for, None when the output is not an image. Raises
    ImageError, naming the option at fault."""
    given = [option for name, option in _OPTIONS.items() if getattr(args, name, None) is not None]
    if not getattr(args, "links", True):
        given.append("--no-links")
    suffix = Path(args.output).suffix.lower()
    if suffix in IMAGE_SUFFIXES and args.format:  # --format would write its format under the picture's name
        raise ImageError(f"--format {args.format} writes no image: name the file for that format, or leave --format out to draw a {suffix} picture")
    if suffix not in IMAGE_SUFFIXES:
        if given:
            raise ImageError(f"{given[0]} applies to images only (.png, .svg, .pdf)")
        return None
    if args.dpi is not None and suffix != ".png":
        raise ImageError("--dpi applies to .png only: an SVG or a PDF has no pixels to count")
    request = ImageRequest(
        width=default_width(args.dpi) if args.width is None else args.width,
        dpi=args.dpi,
        first=_date(args.first, "--from"),
        last=_date(args.last, "--to"),
        title=args.title or "",
        links=args.links,
    )
    request.check()
    return request


def _date(text: str | None, option: str) -> FuzzyDate | None:
    if text is None:
        return None
    try:
        return FuzzyDate.parse(text)
    except DateError as error:
        raise ImageError(f"{option}: {error}") from None


def draw(timeline: Timeline, output: Path, request: ImageRequest) -> ImageContent:
    """Write the picture, with Qt drawing offscreen unless told otherwise."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before Qt is loaded: no window, no display needed
    import pyqtgraph as pg
    from PySide6.QtWidgets import QApplication

    from .ui.canvas.image_export import export_image

    app = QApplication.instance() or QApplication(["kursk-timeline"])  # must live while drawing
    app.setApplicationName("kursk-timeline")
    pg.setConfigOptions(antialias=True)  # as in the window
    return export_image(timeline, output, request)
