"""The main window: timeline on top, the selected event's details and sources below."""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QUndoView,
    QVBoxLayout,
    QWidget,
)

from ..document import Document
from ..model import DateError, Edit, Event, FuzzyDate, ModelError, Status, editing, new_id, parse_range
from .annotation_layer import AnnotationLayer
from .article_import import ARTICLE_SUFFIXES, ArticleImport
from .citing import Citing
from .details_panel import DetailsPanel
from .export_dialog import ImageExportDialog, export_with_progress
from .file_exchange import FileExchange, dropped_file
from .filter_bar import FilterBar
from .marks import BARS_HINT, STATUS_HELP, marker_icon
from .source_library import SourceLibrary
from .source_panel import SourcePanel
from .time_axis import DAY, epoch_seconds
from .timeline_view import TimelineView

APP_NAME = "Kursk Timeline"


def _legend() -> QWidget:
    strip = QWidget(objectName="status_legend")
    layout = QHBoxLayout(strip)
    layout.setContentsMargins(8, 2, 8, 2)
    layout.addWidget(QLabel("<b>Status:</b>"))
    for status in Status:
        icon = QLabel()
        icon.setPixmap(marker_icon(status))
        icon.setToolTip(STATUS_HELP[status])
        layout.addWidget(icon)
        layout.addWidget(QLabel(status.value))
        layout.addSpacing(10)
    hint = QLabel(BARS_HINT)
    hint.setStyleSheet("color: #555555")
    layout.addWidget(hint)
    layout.addStretch(1)
    return strip


class _StepAction(QAction):
    """Undo or Redo for the toolbar: a short fixed name, and the step's name ("Move
    'Gornal…'") in the tooltip, where it cannot stretch the toolbar."""

    def __init__(self, stack: QUndoStack, redo: bool, parent: QWidget) -> None:
        super().__init__("Redo" if redo else "Undo", parent)
        self.triggered.connect(stack.redo if redo else stack.undo)
        # Bound to this action: the connections go with it, whichever of the two goes first.
        (stack.canRedoChanged if redo else stack.canUndoChanged).connect(self.setEnabled)
        (stack.redoTextChanged if redo else stack.undoTextChanged).connect(self._name)
        self.setEnabled(stack.canRedo() if redo else stack.canUndo())
        self._name(stack.redoText() if redo else stack.undoText())

    def _name(self, step: str) -> None:
        self.setToolTip(f"{self.text()} {step}".strip())


class MainWindow(QMainWindow):
    def __init__(self, document: Document, settings: QSettings) -> None:
        super().__init__()
        self.document = document
        document.setParent(self)  # goes with the window, its undo stack and the signals it sends here
        self.settings = settings
        self.setObjectName("main_window")
        read_only = " (read-only)" if document.read_only else ""
        self.setWindowTitle(f"{document.timeline.title}{read_only} — {APP_NAME}")

        self.timeline_view = TimelineView()
        self.timeline_view.setMinimumHeight(240)  # the docks give way first in a small window
        self.annotations = AnnotationLayer(self.timeline_view, document, self)
        self.annotations.editRequested.connect(self.push_edit)
        self.annotations.status.connect(self.timeline_view.dragStatus)
        self.filter_bar = FilterBar(document)
        self.filter_bar.filter_dim.setChecked(settings.value("view/dim_filtered", False, type=bool))
        self.filter_bar.filter_dim.toggled.connect(lambda dim: settings.setValue("view/dim_filtered", dim))
        self.filter_bar.filterChanged.connect(self.timeline_view.set_filter)
        self.filter_bar.filterChanged.connect(self.annotations.redraw)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(_legend())
        layout.addWidget(self.filter_bar)
        layout.addWidget(self.timeline_view, 1)
        self.setCentralWidget(central)

        self.details = DetailsPanel(document)
        self.sources = SourcePanel(read_only=document.read_only)
        self.library = SourceLibrary()
        details_dock = self._dock("Event", "details_dock", self.details)
        sources_dock = self._dock("Sources", "sources_dock", self.sources)
        self.library_dock = library_dock = self._dock("Source library", "library_dock", self.library)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, details_dock)
        self.splitDockWidget(details_dock, sources_dock, Qt.Orientation.Horizontal)
        self.tabifyDockWidget(details_dock, library_dock)  # the event's form stays in front
        details_dock.raise_()
        self.resizeDocks([details_dock, sources_dock], [420, 780], Qt.Orientation.Horizontal)
        self.resizeDocks([details_dock], [380], Qt.Orientation.Vertical)

        history = QUndoView(document.undo_stack)
        history.setObjectName("history_view")
        history.setEmptyLabel("<opened>")
        history_dock = self._dock("History", "history_dock", history)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, history_dock)

        self.exchange = FileExchange(self)
        self.setAcceptDrops(True)  # a file dropped on the window is imported
        self.citing = Citing(self)
        self.articles = ArticleImport(self)
        self._build_actions(history_dock, details_dock, sources_dock, library_dock)
        self.timeline_view.selectionChanged.connect(self._on_selection)
        self.library.sourceActivated.connect(self.sources.show_source)
        self.sources.citeRequested.connect(self.citing.cite_selection)
        self.sources.eventRequested.connect(self.citing.event_from_selection)
        self.sources.citationChanged.connect(self.citing.change_citation)
        self.details.eventLinkActivated.connect(lambda event_id: self.timeline_view.select([event_id]))
        document.changed.connect(self._on_changed)
        document.saved.connect(self._on_saved)
        document.failed.connect(self._on_failed)
        document.refused.connect(lambda text: self.statusBar().showMessage(text, 10000))
        self._history_at = (document.undo_stack.index(), document.undo_stack.count())
        document.undo_stack.indexChanged.connect(self._on_history_moved)
        self.timeline_view.editRequested.connect(self.push_edit)
        self.timeline_view.newEventRequested.connect(self._create_event)
        self.timeline_view.eventActivated.connect(self.edit_title)
        self.timeline_view.dragStatus.connect(lambda text: self.statusBar().showMessage(text, 10000))
        self.details.refused.connect(lambda text: self.statusBar().showMessage(text, 15000))

        self.saved_label = QLabel(objectName="saved_indicator")
        self.saved_label.setToolTip(f"Every edit is saved as it is made, to {document.store.path}")
        self.statusBar().addPermanentWidget(self.saved_label)
        self._on_saved(None)
        if document.read_only:
            self._make_read_only()
        timeline = document.timeline
        self.statusBar().showMessage(f"{len(timeline.events)} events · {len(timeline.sources)} sources · {document.store.path}")
        self.timeline_view.set_timeline(timeline)
        self.library.show_timeline(timeline)
        available = self.screen().availableGeometry()
        self.resize(min(1500, int(available.width() * 0.95)), min(980, int(available.height() * 0.95)))
        if geometry := settings.value("window/geometry"):
            self.restoreGeometry(geometry)
        if state := settings.value("window/state"):
            self.restoreState(state)
        self.timeline_view.select([settings.value("view/selected", "")])
        if shown := settings.value("view/range"):  # where the user left off
            self.timeline_view.getPlotItem().setXRange(*map(float, shown), padding=0)

    def _dock(self, title: str, name: str, widget: QWidget) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        return dock

    def _action(self, name: str, text: str, shortcut=None, slot=None, enabled: bool = True) -> QAction:
        action = QAction(text, self)
        action.setObjectName(name)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if slot is not None:
            action.triggered.connect(slot)
        action.setEnabled(enabled)
        return action

    def _build_actions(self, history_dock: QDockWidget, *docks: QDockWidget) -> None:
        stack = self.document.undo_stack
        undo = stack.createUndoAction(self, "Undo")
        undo.setObjectName("action_undo")
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        redo = stack.createRedoAction(self, "Redo")
        redo.setObjectName("action_redo")
        redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        new_event = self._action("action_new_event", "&New event", "Ctrl+N", self.new_event)
        delete = self._action("action_delete", "&Delete", QKeySequence.StandardKey.Delete, self.delete_selected)
        delete.setEnabled(False)
        # Delete means the selected events only where they are: not in a list or a field.
        delete.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.timeline_view.addAction(delete)
        self.timeline_view.selectionChanged.connect(lambda ids: delete.setEnabled(bool(ids) and not self.document.read_only))
        import_ = self._action("action_import", "&Import…", "Ctrl+I", self.exchange.choose_import)
        export_png = self._action("action_export_png", "Export as &image…", "Ctrl+Shift+E", self.export_image)
        export_csv = self._action("action_export_csv", "Export as &CSV…", "Ctrl+E", self.export_csv)
        export_json = self._action("action_export_json", "Export as &JSON (everything)…", slot=lambda: self.exchange.export("json"))
        export_timelinejs = self._action("action_export_timelinejs", "Export for &TimelineJS…", slot=lambda: self.exchange.export("timelinejs"))
        import_article = self._action("action_import_article", "Import &article…", "Ctrl+Shift+I", self.articles.choose_file)
        paste_article = self._action("action_paste_article", "&Paste article…", "Ctrl+Shift+V", self.articles.paste)
        suggest = self._action("action_suggest_events", "&Suggest events…", "Ctrl+Shift+G", self.suggest_events)
        suggest.setToolTip("Suggest events from the document shown in the Sources panel (Ctrl+Shift+G)")
        library = self._action("action_source_library", "Source &library", "Ctrl+L", self.show_library)
        self.library.add_actions([import_article, paste_article, suggest])
        quit_ = self._action("action_quit", "&Quit", QKeySequence.StandardKey.Quit, self.close)
        fit = self._action("action_fit_all", "&Fit all events", "F", self.timeline_view.fit_all)
        zoom = self._action("action_zoom_selection", "&Zoom to selection", "Z", self.timeline_view.zoom_to_selection)

        file_menu = self.menuBar().addMenu("&File")
        for action in (import_, export_csv, export_json, export_timelinejs, export_png, None, library, import_article, paste_article, suggest):
            if action is None:
                file_menu.addSeparator()
            else:
                file_menu.addAction(action)
        file_menu.addSeparator()
        file_menu.addAction(quit_)
        edit_menu = self.menuBar().addMenu("&Edit")
        for action in (undo, redo, new_event, delete):
            edit_menu.addAction(action)
        edit_menu.addSeparator()
        edit_menu.addAction(self._action("action_find", "&Find…", "Ctrl+F", self.filter_bar.focus_search))
        edit_menu.addAction(self._action("action_add_period", "Add &period…", slot=self.annotations.add_period))
        edit_menu.addAction(self._action("action_pin_note", "&Pin note…", slot=self.annotations.pin_note))
        history = history_dock.toggleViewAction()
        history.setText("&History")
        history.setObjectName("action_history")
        history.setShortcut(QKeySequence("Ctrl+H"))
        history_dock.hide()  # until asked for
        edit_menu.addAction(history)
        view_menu = self.menuBar().addMenu("&View")
        view_menu.addAction(fit)
        view_menu.addAction(zoom)
        callouts = self._action("action_toggle_callouts", "Show &annotations")
        callouts.setCheckable(True)
        callouts.setChecked(self.settings.value("view/callouts", True, type=bool))
        self.annotations.show_callouts(callouts.isChecked())
        callouts.toggled.connect(self.annotations.show_callouts)
        callouts.toggled.connect(lambda shown: self.settings.setValue("view/callouts", shown))
        view_menu.addAction(callouts)
        self._toolbar(_StepAction(stack, False, self), _StepAction(stack, True, self), None, new_event, delete, None, fit, zoom)
        for dock in docks:
            view_menu.addAction(dock.toggleViewAction())

    def show_library(self) -> None:
        self.library_dock.show()
        self.library_dock.raise_()
        self.library.tree.setFocus()

    def open_source(self, source_id: str) -> None:
        """Show a document of the library in the Sources panel, picked in the library."""
        self.library.select(source_id, quietly=True)
        self.sources.show_source(self.document.timeline.sources[source_id])

    def suggest_events(self) -> None:
        shown = self.sources.document.source
        if shown is None or shown.id not in self.document.timeline.sources:
            self.statusBar().showMessage("Open a document (Source library, Ctrl+L) to suggest events from it.", 10000)
            return
        self.articles.suggest(shown.id)

    def _on_selection(self, ids: list[str]) -> None:
        self.settings.setValue("view/selected", ids[0] if ids else "")
        timeline = self.document.timeline
        event = timeline.events.get(ids[0]) if len(ids) == 1 else None
        self.details.show_event(timeline, event)
        self.sources.show_event(timeline, event.id if event else None)

    def _toolbar(self, *actions: QAction | None) -> None:
        """The most used actions, and a field to jump to a date or a range of dates."""
        bar = self.addToolBar("Edit and navigate")
        bar.setObjectName("main_toolbar")
        for action in actions:
            if action is None:
                bar.addSeparator()
            else:
                bar.addAction(action)
        bar.addSeparator()
        bar.addWidget(QLabel(" Go to: "))
        self.jump_to = QLineEdit(objectName="jump_to", placeholderText="2024-08 / 2025-04", clearButtonEnabled=True)
        self.jump_to.setToolTip("A date (2025-04-26, 2024-08, 2025) or a range (2024-08 / 2025-04); Enter shows it")
        self.jump_to.setMaximumWidth(220)
        self.jump_to.returnPressed.connect(self._jump)
        bar.addWidget(self.jump_to)

    def _jump(self) -> None:
        try:
            first, last = parse_range(self.jump_to.text())
        except DateError as error:
            self.jump_to.setStyleSheet("border: 2px solid #c62828")
            self.statusBar().showMessage(str(error), 10000)
            return
        self.jump_to.setStyleSheet("")
        self.timeline_view.show_range(epoch_seconds(first.earliest), epoch_seconds(last.latest) + DAY)

    def push_edit(self, edit: Edit) -> bool:
        """Apply an edit the user made; an impossible one is refused with its reason."""
        try:
            return self.document.push(edit)
        except (ModelError, DateError) as error:
            self.statusBar().showMessage(f"Not changed: {error}", 15000)
            QMessageBox.warning(self, APP_NAME, f"{edit.label}: not possible.\n\n{error}")
            return False

    def new_event(self) -> None:
        """Ctrl+N: a new event in the middle of the view, in the selected event's lane."""
        (x0, x1), _ = self.timeline_view.getPlotItem().viewRange()
        selected = self.timeline_view.selected_ids()
        lane = self.document.timeline.events[selected[0]].lane if selected else ""
        self.timeline_view.request_new_event((x0 + x1) / 2, lane)

    def _create_event(self, day: dt.date, lane: str) -> None:
        timeline = self.document.timeline
        lane = lane or next(iter(timeline.lane_order()), "Events")
        try:
            event = Event(new_id(), "New event", FuzzyDate(day.year, day.month, day.day), lane=lane)
        except DateError as error:  # far outside the calendar the model keeps
            self.statusBar().showMessage(f"No event created: {error}", 10000)
            return
        if self.push_edit(editing.put(timeline, "events", [event], "Create")):
            self.edit_title(event.id)  # name it straight away

    def edit_title(self, event_id: str) -> None:
        self.timeline_view.select([event_id])
        title = self.details.findChild(QLineEdit, "edit_title")
        title.setFocus()
        title.selectAll()

    def delete_selected(self) -> None:
        ids = self.timeline_view.selected_ids()
        if ids:
            self.push_edit(editing.remove(self.document.timeline, "events", ids))

    def _on_changed(self, edit) -> None:
        self.timeline_view.refresh(self.document.timeline, edit)
        self.filter_bar.refresh(edit)
        self.library.refresh(self.document.timeline, edit)

    def _on_saved(self, when) -> None:
        text = f"All changes saved · {when:%H:%M:%S}" if when else "No changes yet"
        self.saved_label.setText(text)
        self.saved_label.setStyleSheet("")

    def _make_read_only(self) -> None:
        """Another instance is writing to the database: look, search and export only."""
        for name in ("action_new_event", "action_delete", "action_import", "action_add_period", "action_pin_note", "action_import_article",
                     "action_paste_article", "action_suggest_events"):
            self.findChild(QAction, name).setEnabled(False)
        self.details.setEnabled(False)  # its fields would only be refused
        self.setAcceptDrops(False)  # a dropped file is an import
        self.saved_label.setText("Read-only: open in another window")
        self.saved_label.setToolTip(f"Another window or program is editing {self.document.store.path}; close it and reopen this one to edit")

    def _on_history_moved(self, index: int) -> None:
        """Say what an undo or redo did: its event may be out of view or filtered out."""
        stack = self.document.undo_stack
        before, count = self._history_at
        if index < before:
            self.statusBar().showMessage(f"Undone: {stack.text(index)}", 10000)
        elif index > before and stack.count() == count:  # not a new edit
            self.statusBar().showMessage(f"Redone: {stack.text(index - 1)}", 10000)
        self._history_at = (index, stack.count())

    def _on_failed(self, message: str) -> None:
        if self.document.unsaved:
            self.saved_label.setText("Not saved — retrying")
            self.saved_label.setStyleSheet("color: #c62828; font-weight: bold")
        self.statusBar().showMessage(message, 15000)
        QMessageBox.warning(self, APP_NAME, message)

    def _may_close(self) -> bool:
        """Edits still waiting for the disk are lost on quitting: ask, plainly."""
        while self.document.unsaved:
            answer = QMessageBox.warning(
                self,
                APP_NAME,
                f"{len(self.document.unsaved)} edit(s) could not be saved yet: {self.document.save_error}.\n\n"
                "Retry to save them now, or quit anyway and lose them.",
                QMessageBox.StandardButton.Retry | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Retry,
            )
            if answer != QMessageBox.StandardButton.Retry:
                return answer == QMessageBox.StandardButton.Discard
            self.document.retry()
        return True

    def export_csv(self) -> None:
        self.exchange.export("csv")

    def dragEnterEvent(self, event) -> None:
        if dropped_file(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        if path := dropped_file(event.mimeData()):
            event.acceptProposedAction()
            # Once the drop is over: the file manager it came from is not kept waiting on our dialogs.
            read = self.articles.import_file if path.suffix.lower() in ARTICLE_SUFFIXES else self.exchange.import_file
            QTimer.singleShot(0, lambda: read(path))

    def export_image(self) -> None:
        """Ctrl+Shift+E: a picture to publish, of the dates in view unless asked otherwise."""
        shown = self.timeline_view.getPlotItem().viewRange()[0]
        dialog = ImageExportDialog(self.document.timeline, self.settings, shown, self.document.store.is_file, self.annotations.callouts_shown, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def export() -> None:
            if message := export_with_progress(self, self.document.timeline, dialog.path(), dialog.request()):
                self.statusBar().showMessage(message, 8000)

        dialog.accepted.connect(export)
        dialog.open()

    def closeEvent(self, event) -> None:
        self.details.finish_editing()  # a typed value joins the edits to save first
        if not self._may_close():
            event.ignore()
            return
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        self.settings.setValue("view/range", self.timeline_view.getPlotItem().viewRange()[0])
        self.document.close()
        super().closeEvent(event)
