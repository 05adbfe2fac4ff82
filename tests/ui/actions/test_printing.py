"""Printing: the exported picture on the printer's pages, a year at most a page, with the
page setup kept; checked in the PDF the printer writes and in the preview."""
import datetime as dt
import re

from PySide6.QtGui import QAction, QPageLayout
from PySide6.QtPrintSupport import QPageSetupDialog, QPrintDialog, QPrinter, QPrintPreviewDialog, QPrintPreviewWidget

from desktop.exchange.image_content import page_spans
from desktop.model import Event, FuzzyDate, Timeline


def printed_to(monkeypatch, window, path, orientation=None):
    """Print as a user does who picks a PDF file in the print dialog (and, first, an orientation in the page setup)."""
    if orientation is not None:
        def choose(dialog):
            dialog.printer().setPageOrientation(orientation)
            return QPageSetupDialog.DialogCode.Accepted

        monkeypatch.setattr(QPageSetupDialog, "exec", choose)
        window.findChild(QAction, "action_page_setup").trigger()

    def accept(dialog):
        dialog.printer().setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        dialog.printer().setOutputFileName(str(path))
        return QPrintDialog.DialogCode.Accepted

    monkeypatch.setattr(QPrintDialog, "exec", accept)
    window.findChild(QAction, "action_print").trigger()
    return path.read_bytes()


def pages(pdf: bytes) -> list[tuple[float, float]]:
    return [(float(w), float(h)) for w, h in re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf)]


def test_the_kursk_timeline_prints_on_one_landscape_page(qtbot, window, monkeypatch, tmp_path):
    pdf = printed_to(monkeypatch, window, tmp_path / "out.pdf")
    ((width, height),) = pages(pdf)
    assert width > height
    assert "Sent 1 page to" in window.statusBar().currentMessage()


def test_page_setup_is_kept_for_the_next_print(qtbot, window, monkeypatch, tmp_path):
    pdf = printed_to(monkeypatch, window, tmp_path / "out.pdf", QPageLayout.Orientation.Portrait)
    ((width, height),) = pages(pdf)
    assert width < height


def test_a_long_range_goes_on_a_page_per_part_and_empty_years_on_none(qtbot, window_on, monkeypatch, tmp_path):
    days = [dt.date(2020, 3, 1), dt.date(2021, 6, 1), dt.date(2024, 9, 30)]
    events = {f"e{k}": Event(f"e{k}", f"Event {k}", FuzzyDate(d.year, d.month, d.day), lane="A") for k, d in enumerate(days)}
    window = window_on(Timeline(title="Years", events=events))
    pdf = printed_to(monkeypatch, window, tmp_path / "years.pdf")
    spans = page_spans(days[0], days[-1])
    assert len(spans) == 5  # four and a half years, a year at most a page
    with_events = [s for s in spans if any(s[0] <= d <= s[1] for d in days)]
    assert len(pages(pdf)) == len(with_events) == 3


def test_print_preview_shows_the_pages(qtbot, window):
    window.findChild(QAction, "action_print_preview").trigger()
    dialog = window.findChild(QPrintPreviewDialog)
    assert dialog is not None and dialog.isVisible()
    preview = dialog.findChild(QPrintPreviewWidget)
    qtbot.waitUntil(lambda: preview.pageCount() == 1)
    dialog.close()


def test_page_spans_cover_every_day_once_a_year_at_most():
    spans = page_spans(dt.date(2020, 1, 1), dt.date(2024, 12, 31))
    assert spans[0][0] == dt.date(2020, 1, 1) and spans[-1][1] == dt.date(2024, 12, 31)
    assert all(b[0] - a[1] == dt.timedelta(days=1) for a, b in zip(spans, spans[1:]))
    assert all((last - first).days < 366 for first, last in spans)
    assert page_spans(dt.date(2025, 4, 26), dt.date(2025, 4, 26)) == [(dt.date(2025, 4, 26), dt.date(2025, 4, 26))]
