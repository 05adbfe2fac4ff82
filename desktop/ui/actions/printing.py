"""File ▸ Print, Print preview and Page setup: the picture the image export draws, of
every event, on the printer's pages (a year at most a page), through Qt's print support."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QPageLayout
from PySide6.QtPrintSupport import QPageSetupDialog, QPrintDialog, QPrinter, QPrintPreviewDialog

from ...exchange.image_content import ImageError, ImageRequest
from ...model.wording import counted
from ..canvas.image_export import print_timeline
from ..context import Context
from . import Command


def _printer(ctx: Context) -> QPrinter:
    """The window's printer, which keeps the page setup between prints."""
    if ctx.printer is None:
        ctx.printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        ctx.printer.setPageOrientation(QPageLayout.Orientation.Landscape)  # a timeline is wide
        ctx.printer.setDocName(ctx.timeline.title)
    return ctx.printer


def _paint(ctx: Context, printer: QPrinter) -> None:
    try:
        pages = print_timeline(ctx.timeline, printer, ImageRequest(callouts=ctx.canvas.annotations.callouts_shown))
    except ImageError as error:
        ctx.say(f"Nothing to print: {error}")
        return
    ctx.say(f"Sent {counted(pages, 'page')} to {printer.printerName() or printer.outputFileName() or 'the printer'}")


def print_now(ctx: Context) -> None:
    printer = _printer(ctx)
    if QPrintDialog(printer, ctx.parent_widget).exec() == QPrintDialog.DialogCode.Accepted:
        _paint(ctx, printer)


def preview(ctx: Context) -> None:
    dialog = QPrintPreviewDialog(_printer(ctx), ctx.parent_widget)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.paintRequested.connect(lambda printer: _paint(ctx, printer))
    dialog.resize(1000, 760)
    dialog.open()


def page_setup(ctx: Context) -> None:
    QPageSetupDialog(_printer(ctx), ctx.parent_widget).exec()


COMMANDS = [
    Command("action_print", "&Print…", print_now, "File", (QKeySequence.StandardKey.Print,), separator=True),
    Command("action_print_preview", "Print pre&view…", preview, "File"),
    Command("action_page_setup", "Page set&up…", page_setup, "File"),
]
