"""Pictures of the timeline to publish: PNG, SVG (its text stays text) and PDF.

The lanes are the app's own ``TimelineView``, with the user's periods, notes and
callouts, laid out offscreen at the picture's width; above them go the title, the dates
and the status legend, below them the sources that the events shown cite. One QPainter
paints it all onto a QImage, a QSvgGenerator or a QPdfWriter, in memory: the file is
written only when the picture is whole, in one atomic write, so an export that is
cancelled or fails leaves no file behind.
"""
from __future__ import annotations

import html
import math
import re
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from dataclasses import replace
from typing import NamedTuple

from PySide6.QtCore import QBuffer, QIODevice, QMarginsF, QPointF, QRectF, QSize, QSizeF, Qt
from PySide6.QtGui import (
    QColor, QFont, QFontInfo, QFontMetricsF, QGuiApplication, QImage, QPageSize, QPainter, QPdfWriter, QPen, QPicture, QTextLayout, QTextOption,
)
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QApplication

from ...exchange.image_content import MIN_WIDTH, READABLE_WIDTH, SCREEN_DPI, ImageContent, ImageError, ImageRequest, content_of, page_spans
from ...exchange.reading import Progress
from ...fileio import atomic_write
from ...model import FuzzyDate, LinkType, Status, Timeline
from .marks import BARS_HINT, COLUMNS_HINT, MARK_RADIUS, link_pen, paint_marker
from .time_axis import DAY, epoch_seconds
from .view import TimelineView

STEPS = 5  # lay out the lanes, fit them to their labels, draw them, draw the picture, write the file

MARGIN = 28.0
LINK_SAMPLE = 24.0  # the length of a link's line in the legend
GAP = 10.0  # between the parts of the header
MAX_ROWS = 40  # of labels in a lane; more events than that share its last row, as "+N" crowds
INK = QColor("#1a1a1a")
GREY = QColor("#555555")
RULE = QColor("#c8c8c8")
MAX_PIXELS = 250_000_000  # 1 GB in memory; QImage itself stops at 2 GiB, and few viewers open that much
MAX_PDF_POINTS = 14_400  # PDF's limit on a page's side (200 inches): a longer page is scaled down to it
WRAP = QTextOption(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
WRAP.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)  # a word longer than the line is broken, not cut off


class _Text(NamedTuple):
    text: str
    font: QFont
    colour: QColor
    rect: QRectF


def _font(points: float, bold: bool = False) -> QFont:
    font = QFont()
    font.setPointSizeF(points)
    font.setBold(bold)
    return font


def _lanes(content: ImageContent, request: ImageRequest, width: int, go_on: Callable[[int], None]) -> tuple[QPicture, bool]:
    """The timeline view showing what ``content`` asks for (with the callouts and links
    ``request`` asks for), every lane just tall enough for its labels, recorded as drawing
    commands (vector, text as text); and whether any lane had to count events in columns.

    Recorded apart, and only then placed under the header: the lanes and the callouts
    pointing at them are each laid out in the view's own pixels, which a painter moved
    elsewhere would set apart."""
    timeline = content.timeline
    view = TimelineView()
    view.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)  # laid out as if shown, never on screen
    view.setUpdatesEnabled(False)  # painted once, into the picture, not at every step of its sizing
    try:
        # Nobody can hover a picture to read the rest: titles and notes are cut only if the width runs out.
        view.max_label_width = 0.7 * width
        view.lane_names.toggles = False
        view.set_timeline(timeline)
        view.getPlotItem().getAxis("left").setStyle(tickLength=0)  # a lane's name needs no tick
        layer = view.annotations
        layer.show_callouts(request.callouts)
        if request.links:
            view.show_every_link()  # redrawn as the lanes are fitted below
        view.resize(width, 400)
        view.show()
        left, right = epoch_seconds(content.first_day), epoch_seconds(content.last_day) + DAY
        span = max(right - left, 7 * DAY)
        view.getPlotItem().setXRange(left - 0.03 * span, right + 0.03 * span, padding=0)
        # First a row for each event, so that none is squeezed; then just the rows they took.
        shown = Counter(e.lane for e in timeline.events.values())
        _settle()
        view.resize(width, view.fit_lanes({lane: min(count, MAX_ROWS) for lane, count in shown.items()}))
        _settle()
        go_on(1)
        view.resize(width, view.fit_lanes(view.label_rows()))
        _settle()
        go_on(2)
        picture = QPicture()
        picture.setBoundingRect(view.rect())
        painter = QPainter(picture)
        view.render(painter, QRectF(view.rect()), view.rect())
        painter.end()
        return picture, view.is_aggregated()
    finally:
        view.close()
        view.deleteLater()


def _settle() -> None:
    QApplication.processEvents()  # a widget gets its size, and its plot the layout, in events


class _Picture:
    """The whole picture laid out in pixels of ``width``: header, lanes, footer."""

    def __init__(self, content: ImageContent, request: ImageRequest, width: float, go_on: Callable[[int], None]) -> None:
        self.content = content
        self.width = width
        inner = width - 2 * MARGIN
        title = self._block(content.title, _font(18, bold=True), INK, MARGIN)
        subtitle = self._block(content.subtitle, _font(11), GREY, title.rect.bottom() + 4)
        # The types of the links drawn, each named beside its look after the statuses.
        self.link_kinds = [kind for kind in LinkType if request.links and any(k.type is kind for k in content.timeline.links.values())]
        self.legend = self._legend(_font(9.5), subtitle.rect.bottom() + GAP)
        self.lanes, aggregated = _lanes(content, request, int(inner), go_on)
        self.plot = QRectF(self.lanes.boundingRect()).translated(MARGIN, self.legend[-1].rect.bottom() + GAP)
        credits = "Sources: " + ("; ".join(content.credits) + "." if content.credits else "none cited for these events.")
        if aggregated:  # the one mark the legend does not show
            credits = f"{COLUMNS_HINT} {credits}"
        footer = self._block(credits, _font(9), INK, self.plot.bottom() + 2 * GAP)
        self.texts = [title, subtitle, *self.legend, footer]
        self.rule = footer.rect.top() - GAP
        if content.changed:  # asked for: who last changed each event shown, and when
            self.texts.append(self._block("Last changed: " + "; ".join(content.changed) + ".", _font(9), GREY, footer.rect.bottom() + GAP))
        self.height = self.texts[-1].rect.bottom() + MARGIN * 0.75

    def _block(self, text: str, font: QFont, colour: QColor, top: float, left: float = MARGIN) -> _Text:
        """``text`` wrapped to the width from ``left`` to the right margin."""
        width = self.width - MARGIN - left
        return _Text(text, font, colour, QRectF(left, top, width, _wrapped_height(text, font, width)))

    def _legend(self, font: QFont, top: float) -> list[_Text]:
        """Each status's name (its mark drawn to its left), each type of link drawn (its
        line to its left), then a word on bars, flowing onto another line where the width
        runs out."""
        metrics = QFontMetricsF(font)
        mark = 2 * MARK_RADIUS + 12  # room for a disputed mark's ring
        height = max(metrics.height(), mark)
        placed, x, y = [], MARGIN, top
        for name, drawn in [*((status.value, mark) for status in Status), *((kind.value, LINK_SAMPLE + 6) for kind in self.link_kinds)]:
            width = drawn + metrics.horizontalAdvance(name) + 1
            if x > MARGIN and x + width > self.width - MARGIN:
                x, y = MARGIN, y + height + 2
            placed.append(_Text(name, font, INK, QRectF(x + drawn, y, width - drawn, height)))
            x += width + 18
        # The hint is a sentence: it wraps, on a line of its own if it does not fit after the marks.
        if x + metrics.horizontalAdvance(BARS_HINT) + 1 > self.width - MARGIN:
            x, y = MARGIN, y + height + 2
        hint = self._block(BARS_HINT, font, GREY, y, x)
        placed.append(hint._replace(rect=hint.rect.adjusted(0, 0, 0, max(0.0, height - hint.rect.height()))))  # centred on the marks' line
        return placed

    def paint(self, painter: QPainter) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(QRectF(0, 0, self.width, self.height), QColor("white"))
        for status, text in zip(Status, self.legend):
            centre = QPointF(text.rect.left() - MARK_RADIUS - 8, text.rect.center().y())
            paint_marker(painter, centre, MARK_RADIUS, status, GREY)
        for kind, text in zip(self.link_kinds, self.legend[len(Status):]):
            painter.setPen(link_pen(kind))
            y = text.rect.center().y()
            painter.drawLine(QPointF(text.rect.left() - LINK_SAMPLE - 6, y), QPointF(text.rect.left() - 6, y))
        for text in self.texts:
            painter.setFont(text.font)
            painter.setPen(text.colour)
            painter.drawText(text.rect, text.text, WRAP)
        painter.drawPicture(self.plot.topLeft(), self.lanes)
        painter.setPen(QPen(RULE, 1.0))
        painter.drawLine(QPointF(MARGIN, self.rule), QPointF(self.width - MARGIN, self.rule))


def _wrapped_height(text: str, font: QFont, width: float) -> float:
    """The height ``text`` takes wrapped as WRAP wraps it, spaced as QPainter.drawText spaces lines."""
    layout = QTextLayout(text, font)
    layout.setTextOption(WRAP)
    layout.beginLayout()
    heights = []
    while (line := layout.createLine()).isValid():
        line.setLineWidth(width)
        heights.append(line.height())
    layout.endLayout()
    return sum(heights) + max(0, len(heights) - 1) * QFontMetricsF(font).leading()


def _buffer() -> QBuffer:
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    return buffer


def _png(picture: _Picture, request: ImageRequest) -> bytes:
    width, height = request.width, round(picture.height * request.scale)
    if width * height > MAX_PIXELS:
        # The layout, and so the height, stays the same at other widths past READABLE_WIDTH: pixels go as the width squared.
        fits = math.floor(width * math.sqrt(MAX_PIXELS / (width * height)))
        raise ImageError(
            f"a picture of {width} × {height} px is more than {MAX_PIXELS // 1_000_000} megapixels: "
            f"choose a width of about {fits} px or less{', or fewer dpi' if request.dpi else ''}, or fewer dates"
        )
    image = QImage(width, height, QImage.Format.Format_RGB32)
    if image.isNull():  # Qt says so only on the console, then draws nothing
        raise ImageError(f"not enough memory for a picture of {width} × {height} px: choose a smaller width")
    image.fill(QColor("white"))  # under the last row, which the layout may cover only in part
    image.setDevicePixelRatio(request.scale)  # the layout's pixels, drawn crisp at the image's
    painter = QPainter(image)
    picture.paint(painter)
    painter.end()
    # Stated only now: the painter reads the resolution to size fonts, which the scale already does.
    dots_per_metre = round(SCREEN_DPI * request.scale / 0.0254)
    image.setDotsPerMeterX(dots_per_metre)
    image.setDotsPerMeterY(dots_per_metre)
    buffer = _buffer()
    if not image.save(buffer, "PNG"):
        raise ImageError(f"the picture of {width} × {height} px could not be encoded as PNG")
    return bytes(buffer.data())


def _svg(picture: _Picture, request: ImageRequest) -> bytes:
    buffer = _buffer()
    generator = QSvgGenerator(QSvgGenerator.SvgVersion.Svg11)  # 1.1: clipping (Tiny 1.2 has none), so bars stop at the axes
    generator.setOutputDevice(buffer)
    generator.setSize(QSize(request.width, round(picture.height * request.scale)))  # as big as the PNG
    generator.setViewBox(QRectF(0, 0, picture.width, picture.height))  # the layout, scaled by the reader
    generator.setResolution(SCREEN_DPI)
    generator.setTitle(picture.content.title)
    generator.setDescription(picture.content.subtitle)
    painter = QPainter(generator)
    picture.paint(painter)
    painter.end()
    return _text_lengths(_portable_fonts(_xml_chars(bytes(buffer.data()).decode()).encode()))


# What XML 1.0 allows in a document; Qt writes any other character as it is, and the file is then no XML.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml_chars(svg: str) -> str:
    """``svg`` without the characters XML forbids, control characters mostly, which any
    drawn text (a title, a lane, an event, a note) or the title and description may hold."""
    return _NOT_XML.sub("", svg)


def _portable_fonts(svg: bytes) -> bytes:
    """Qt names the fonts as it knows them ("Sans Serif" is its own alias): name the
    font it drew with, and a generic family for a reader that lacks it."""

    def family(match: re.Match) -> bytes:
        drawn = QFontInfo(QFont(match[1].decode())).family()
        return f'font-family="{drawn}, sans-serif"'.encode()

    return re.sub(rb'font-family="([^"]*)"', family, svg)


_TEXT = re.compile(rb'(<text [^>]*?font-family="([^",]*)[^"]*" font-size="([\d.]+)" font-weight="(\d+)" font-style="(\w+)"\s*)>([^<]*)</text>')


def _text_lengths(svg: bytes) -> bytes:
    """Give each text the width it was drawn at (``textLength``): Qt places a text by its
    left end, so in a reader's other font a right-aligned label would stop short of its
    mark, or run into it."""

    def measured(match: re.Match) -> bytes:
        font = QFont(match[2].decode())
        font.setPixelSize(1000)  # measured large, then scaled: sizes are fractional
        font.setWeight(QFont.Weight(int(match[4])))
        font.setItalic(match[5] == b"italic")
        text = html.unescape(match[6].decode())
        width = QFontMetricsF(font).horizontalAdvance(text) * float(match[3]) / 1000
        return match[1] + f' textLength="{width:.2f}" lengthAdjust="spacingAndGlyphs">'.encode() + match[6] + b"</text>"

    return _TEXT.sub(measured, svg)


def _pdf(picture: _Picture, request: ImageRequest) -> bytes:
    """A page the size of the layout, where text prints at its point size, unless the
    page would be longer than PDF allows: then all of it is scaled down to fit."""
    buffer = _buffer()
    writer = QPdfWriter(buffer)
    writer.setResolution(SCREEN_DPI)
    points = QSizeF(picture.width, picture.height) * 0.75
    shrink = min(1.0, MAX_PDF_POINTS / max(points.width(), points.height()))
    writer.setPageSize(QPageSize(points * shrink, QPageSize.Unit.Point, "", QPageSize.SizeMatchPolicy.ExactMatch))
    writer.setPageMargins(QMarginsF(0, 0, 0, 0))
    writer.setTitle(picture.content.title)
    painter = QPainter(writer)
    painter.scale(shrink, shrink)
    picture.paint(painter)
    painter.end()
    return bytes(buffer.data())


WRITERS = {".png": _png, ".svg": _svg, ".pdf": _pdf}


def export_image(timeline: Timeline, path: Path, request: ImageRequest, progress: Progress | None = None) -> ImageContent:
    """Draw ``request``'s picture of ``timeline`` and write it to ``path``, in the format
    its extension names; returns what it shows. Raises ImageError for a request that
    cannot be drawn, and lets ``progress`` raise Cancelled between its steps (nothing
    is written then)."""
    path = Path(path)
    write = WRITERS.get(path.suffix.lower())
    if write is None:
        raise ImageError(f"cannot draw a '{path.suffix}' image: name the file .png, .svg or .pdf")

    def go_on(step: int) -> None:
        if progress is not None:
            progress(step, STEPS)

    request.check()
    content = content_of(timeline, request)
    go_on(0)
    with _letters_apart():
        picture = _Picture(content, request, request.layout_width, go_on)
        go_on(3)
        data = write(picture, request)
    go_on(4)
    atomic_write(path, data)
    return content


@contextmanager
def _letters_apart() -> Iterator[None]:
    """Draw with the default font's ligatures off: a PDF keeps "fi" as one glyph that
    its text gives back as "ﬁ", and a search for "confirmed" would not find it."""
    before = QGuiApplication.font()
    font = QFont(before)
    for feature in ("liga", "clig", "dlig"):
        font.setFeature(QFont.Tag(feature), 0)
    QGuiApplication.setFont(font)
    try:
        yield
    finally:
        QGuiApplication.setFont(before)


def print_timeline(timeline: Timeline, printer: QPrinter, request: ImageRequest = ImageRequest()) -> int:
    """Paint the picture of ``request`` on the pages of ``printer`` (or its preview), as
    wide as a page allows and no taller than one; a range longer than a year goes on
    several pages, a part each, and a part without events on none. Returns how many
    pages it painted; ImageError if there is nothing to print.

    The printer is set to the app's resolution, as the PDF export is: the layout's fonts
    have their point size there (text stays text, and prints sharp)."""
    whole = content_of(timeline, request)
    printer.setResolution(SCREEN_DPI)
    parts = []
    for first, last in page_spans(whole.first_day, whole.last_day):
        part = replace(request, first=_day(first), last=_day(last))
        try:
            parts.append((part, content_of(timeline, part)))
        except ImageError:  # nothing happened in those days
            continue
    page = printer.pageLayout().paintRectPixels(SCREEN_DPI)
    width = min(max(page.width(), MIN_WIDTH), READABLE_WIDTH)
    painter = QPainter(printer)
    try:
        for number, (part, content) in enumerate(parts, 1):
            if number > 1:
                printer.newPage()
            if len(parts) > 1:
                content = replace(content, title=f"{content.title} ({number} of {len(parts)})")
            picture = _Picture(content, part, width, lambda step: None)
            scale = min(page.width() / picture.width, page.height() / picture.height)
            painter.save()
            painter.scale(scale, scale)
            picture.paint(painter)
            painter.restore()
    finally:
        painter.end()
    return len(parts)


def _day(day) -> FuzzyDate:
    return FuzzyDate(day.year, day.month, day.day)
