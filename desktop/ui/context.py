"""What the actions and panels work with, instead of the window: the open document, the
selection, the settings, the timeline canvas, a parent for dialogs, the status bar, and
the one way to change the timeline, ``push``."""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QLocale, QObject, QSettings, Signal
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QMessageBox, QStatusBar, QWidget

from ..document import Document
from ..model import DateError, Edit, ModelError, Timeline
from ..model.typed_dates import DateOrder
from .canvas.gestures import MenuTarget
from .canvas.view import TimelineView
from .selection import Selection

APP_NAME = "Kursk Timeline"
DAY_FIRST = "dates/day_first"  # the setting: 06/08/2024 is 6 August (else 8 June)
TIMES_IN_UTC = "dates/times_in_utc"  # the setting: a time of day shown in UTC (else in the event's own zone)


def locale_reads_day_first() -> bool:
    """Whether the user's locale writes the day before the month ("dd/MM/yyyy", not "M/d/yy")."""
    short = QLocale.system().dateFormat(QLocale.FormatType.ShortFormat)
    return short.find("d") < short.find("M")


class Context(QObject):
    sourceOpened = Signal(str)  # a document of the library to show in the Sources panel
    revealRequested = Signal(str)  # a part of the window to bring forward: "library", "search", "search_results", "history", "title"
    passageChanged = Signal()  # the document shown in the Sources panel, or the text selected in it, has changed
    findRequested = Signal(int)  # the next (+1) or previous (-1) match of the search
    datesShownChanged = Signal()  # how dates are read or shown (day/month order, times in UTC) has changed
    timelineRequested = Signal(object, bool)  # a file to open in a window of its own; True: start it empty
    sharingChanged = Signal()  # a share or sync has ended: where the timeline stands against its remote may differ

    def __init__(self, document: Document, selection: Selection, settings: QSettings, canvas: TimelineView, parent: QWidget, status: QStatusBar) -> None:
        super().__init__(parent)
        self.document = document
        self.selection = selection
        self.settings = settings
        self.canvas = canvas
        self.parent_widget = parent
        self.status = status
        self.shown_source: str | None = None  # the document the Sources panel shows
        self.has_passage = False  # whether text is selected in it
        self._passage: Callable[[], tuple[int, int] | None] = lambda: None
        self.menu_target: MenuTarget | None = None  # what the last right-click on the timeline was on
        self.printer: QPrinter | None = None  # made at the first print, keeping its page setup
        self.lane: str | None = None  # the lane whose menu was opened last
        document.changed.connect(selection.forget_removed)
        if not settings.contains(DAY_FIRST):  # until the user chooses, as the locale writes dates
            settings.setValue(DAY_FIRST, locale_reads_day_first())

    @property
    def timeline(self) -> Timeline:
        return self.document.timeline

    @property
    def read_only(self) -> bool:
        return self.document.read_only

    @property
    def date_order(self) -> DateOrder:
        """How the dates the user types are read: 06/08/2024 day or month first."""
        return DateOrder.DAY_FIRST if self.settings.value(DAY_FIRST, True, type=bool) else DateOrder.MONTH_FIRST

    @property
    def times_in_utc(self) -> bool:
        return self.settings.value(TIMES_IN_UTC, True, type=bool)

    def push(self, edit: Edit) -> bool:
        """Make ``edit`` one undo step; an edit the timeline cannot take is refused with its
        reason, and False is returned (as for a read-only document, which says so itself)."""
        try:
            return self.document.push(edit)
        except (ModelError, DateError) as error:
            self.say(f"Not changed: {error}", 15000)
            QMessageBox.warning(self.parent_widget, APP_NAME, f"{edit.label}: not possible.\n\n{error}")
            return False

    def say(self, text: str, ms: int = 10000) -> None:
        self.status.showMessage(text, ms)

    def open_source(self, source_id: str) -> None:
        self.sourceOpened.emit(source_id)

    def open_timeline(self, path, empty: bool = False) -> None:
        self.timelineRequested.emit(path, empty)

    def reveal(self, part: str) -> None:
        self.revealRequested.emit(part)

    def passage(self) -> tuple[int, int] | None:
        """Start and end, in the source's text, of the passage selected in it."""
        return self._passage() if self.has_passage else None

    def set_reading(self, source_id: str | None, passage: Callable[[], tuple[int, int] | None] | None) -> None:
        """The document shown, and how to find the passage selected in it (None: nothing
        is); finding it costs a pass over the text, so it is done when a command asks."""
        self._passage = passage or (lambda: None)
        if (source_id, passage is not None) != (self.shown_source, self.has_passage):
            self.shown_source, self.has_passage = source_id, passage is not None
            self.passageChanged.emit()
