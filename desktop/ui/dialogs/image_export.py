"""File ▸ Export as image: the dialog that asks where, how wide, which dates and what
title, and the export itself under a progress dialog that can cancel it."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QWidget,
)

from ...exchange.image_content import DEFAULT_WIDTH, IMAGE_SUFFIXES, MAX_WIDTH, MIN_WIDTH, ImageError, ImageRequest
from ...exchange.reading import Cancelled
from ...model import DateError, Timeline
from ...model.typed_dates import DateOrder, read_range
from ..canvas.image_export import export_image
from ..canvas.time_axis import day_at
from .files import progress_dialog

TITLE = "Export as image"
FILTERS = {".png": "PNG image (*.png)", ".svg": "SVG vector image (*.svg)", ".pdf": "PDF document (*.pdf)"}
DPI_CHOICES = (("Automatic", None), ("96 dpi (screen)", 96), ("150 dpi", 150), ("200 dpi", 200), ("300 dpi (print)", 300))
LARGE = 2000  # events from which an export takes long enough to show its progress at once


class ImageExportDialog(QDialog):
    """Asks for the picture; once accepted, ``path()`` and ``request()`` describe it.
    Remembers the folder, the width and the format for the next time."""

    def __init__(self, timeline: Timeline, settings: QSettings, shown: tuple[float, float], is_database: Callable[[Path], bool], callouts: bool, parent: QWidget | None = None,
                 order: DateOrder = DateOrder.DAY_FIRST, shared: bool = False) -> None:
        """``shown``: the range in view (time axis units), offered as the dates to draw;
        ``callouts``: whether the annotated events' callouts are drawn, as in the window;
        ``shared``: a timeline shared through git, which can list who last changed what."""
        super().__init__(parent, objectName="image_export_dialog", windowTitle=TITLE)
        self.order = order  # how a numeric date typed here is read
        self.settings = settings
        self.is_database = is_database
        self.callouts = callouts
        self._request: ImageRequest | None = None
        suffix = settings.value("export/image_format", ".png")
        folder = Path(settings.value("export/folder", str(Path.home())))
        self.file = QLineEdit(str(folder / f"timeline{suffix if suffix in FILTERS else '.png'}"), objectName="export_file")
        self.file.setMinimumWidth(380)
        browse = QPushButton("Browse…", objectName="export_browse")
        browse.clicked.connect(self._browse)
        self.width_px = QSpinBox(objectName="export_width", minimum=MIN_WIDTH, maximum=MAX_WIDTH, singleStep=100, suffix=" px")
        self.width_px.setValue(settings.value("export/image_width", DEFAULT_WIDTH, type=int))
        self.dpi = QComboBox(objectName="export_dpi")
        for text, value in DPI_CHOICES:
            self.dpi.addItem(text, value)
        self.dpi.setToolTip("PNG only. Automatic keeps the text readable however wide the picture; a resolution draws the text at its point size for it.")
        first, last = (day_at(x) for x in shown)
        self.everything = QCheckBox("Every event", objectName="export_everything")
        self.dates = QLineEdit(f"{first.isoformat()} / {last.isoformat()}", objectName="export_dates")
        self.dates.setToolTip("A date or a range, as Go to reads it: 2025-04-26, 2024-08 / 2025-04")
        self.everything.toggled.connect(self.dates.setDisabled)
        # A view that shows it all means all of it, not the margins around it.
        self.everything.setChecked(all(first <= e.start.earliest and (e.end or e.start).latest <= last for e in timeline.events.values()))
        self.title = QLineEdit(objectName="export_title", placeholderText=timeline.title)
        self.links = QCheckBox("Draw the lines between linked events", objectName="export_links")
        self.links.setToolTip("Who disputes whom, what caused what: each type of link in its look, named in the legend")
        self.links.setChecked(settings.value("export/image_links", True, type=bool))
        self.last_changed = QCheckBox("List who last changed each event, and when", objectName="export_last_changed")
        self.last_changed.setToolTip("From the shared timeline's git history; edits not synced yet say so")
        self.last_changed.setVisible(shared)
        self.problem = QLabel(objectName="export_problem", wordWrap=True)
        self.problem.setStyleSheet("color: #c62828")
        self.problem.hide()
        self.file.textChanged.connect(self._follow_format)
        self._follow_format(self.file.text())

        form = QFormLayout(self)
        form.addRow("File:", _row(self.file, browse))
        form.addRow("Width:", _row(self.width_px, QLabel("Resolution:"), self.dpi))
        form.addRow("Dates:", _row(self.everything, self.dates))
        form.addRow("Title:", self.title)
        form.addRow("Links:", self.links)
        if shared:
            form.addRow("History:", self.last_changed)
        form.addRow(self.problem)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        export = buttons.addButton("Export", QDialogButtonBox.ButtonRole.AcceptRole)
        export.setObjectName("export_button")
        export.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def path(self) -> Path:
        return Path(self.file.text().strip()).expanduser()

    def request(self) -> ImageRequest:
        """The picture asked for; valid once the dialog has been accepted."""
        return self._request

    def _browse(self) -> None:
        suffix = self.path().suffix.lower()
        chosen, kind = QFileDialog.getSaveFileName(self, TITLE, str(self.path()), ";;".join(FILTERS.values()), FILTERS.get(suffix, ""))
        if chosen and Path(chosen).suffix.lower() not in FILTERS:  # a name typed without its extension
            chosen += next((s for s, f in FILTERS.items() if f == kind), ".png")
        if chosen:
            self.file.setText(chosen)

    def _follow_format(self, text: str) -> None:
        self.dpi.setEnabled(Path(text.strip()).suffix.lower() == ".png")  # SVG and PDF have no pixels

    def _read(self) -> ImageRequest:
        """The fields as a request; raises ImageError with what is wrong."""
        path = self.path()
        if path.suffix.lower() not in IMAGE_SUFFIXES:
            raise ImageError("Name the file .png, .svg or .pdf: its extension picks the format.")
        if not path.parent.is_dir():
            raise ImageError(f"The folder {path.parent} does not exist.")
        if self.is_database(path):
            raise ImageError(f"{path} is the timeline database itself. Choose another file name.")
        first = last = None
        if not self.everything.isChecked():
            try:
                first, last = read_range(self.dates.text(), self.order)
            except DateError as error:
                raise ImageError(f"Dates: {error}") from None
        request = ImageRequest(
            width=self.width_px.value(),
            dpi=self.dpi.currentData() if path.suffix.lower() == ".png" else None,
            first=first,
            last=last,
            title=self.title.text(),
            callouts=self.callouts,
            links=self.links.isChecked(),
        )
        request.check()
        return request

    def accept(self) -> None:
        try:
            self._request = self._read()
        except ImageError as error:
            self.problem.setText(str(error))
            self.problem.show()
            return
        path = self.path()
        self.settings.setValue("export/folder", str(path.parent))
        self.settings.setValue("export/image_width", self._request.width)
        self.settings.setValue("export/image_format", path.suffix.lower())
        self.settings.setValue("export/image_links", self._request.links)
        super().accept()


def _row(*widgets: QWidget) -> QWidget:
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    for widget in widgets:
        layout.addWidget(widget)
    return row


def export_with_progress(parent: QWidget, timeline: Timeline, path: Path, request: ImageRequest) -> str | None:
    """Draw and write the picture, with a Cancel button between its steps; returns what to
    tell the user in the status bar, or None after a failure, which a message box reports."""
    try:
        with progress_dialog(parent, "Exporting…", 0 if len(timeline.events) >= LARGE else 800) as progress:
            content = export_image(timeline, path, request, progress)
    except Cancelled:
        return "Export cancelled: nothing was written"
    except ImageError as error:
        QMessageBox.warning(parent, TITLE, str(error))
        return None
    except OSError as error:
        QMessageBox.critical(parent, TITLE, f"Could not write {path}:\n{error.strerror or error}")
        return None
    return f"Exported {len(content.timeline.events)} events to {path}"
