"""The main window, composed: the timeline on top, the selected event's details and sources
below, menus and toolbar built from the commands, settings kept, closing safely."""
from __future__ import annotations

import json

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDockWidget, QLabel, QMainWindow, QMessageBox, QUndoView, QVBoxLayout, QWidget

from ..document import Document
from ..exchange.reading import Cancelled
from ..model.wording import counted
from . import actions
from .actions import articles, files, menus, timelines
from .actions import lanes as lane_commands
from .actions.editing import create_event, edit_title
from .canvas.view import TimelineView
from .context import APP_NAME, Context
from .dialogs.files import dropped_file, progress_dialog
from .panels.details import DetailsPanel
from .panels.filter_bar import FilterBar
from .panels.go_to import GoToField
from .panels.lanes import LanePanel
from .panels.legend import status_legend
from .panels.library import SourceLibrary
from .panels.sources import SourcePanel
from .panels.share_status import ShareIndicator
from .panels.status import SaveIndicator
from .recent import opened, view_key
from .selection import Selection

# Settings kept for each database opened, by its path.
COLLAPSED_LANES = "view/collapsed_lanes"  # the lanes collapsed to a row
LANE_HEIGHTS = "view/lane_heights"  # the lanes sized by hand: {lane: pixels}

__all__ = ["APP_NAME", "MainWindow"]


class MainWindow(QMainWindow):
    def __init__(self, document: Document, settings: QSettings) -> None:
        super().__init__()
        self.document = document
        self.settings = settings
        self.setObjectName("main_window")
        self._show_title()
        document.changed.connect(lambda edit: self._show_title())  # a rename, its undo, a sync bringing one
        self._key = lambda name: view_key(document.store.path, name)  # this timeline's own view
        opened(settings, document.store.path)

        selection = Selection(self)
        self.timeline_view = TimelineView(selection)
        self.timeline_view.setMinimumHeight(240)  # the docks give way first in a small window
        self.ctx = ctx = Context(document, selection, settings, self.timeline_view, self, self.statusBar())
        document.changed.connect(lambda edit: self.timeline_view.refresh(document.timeline, edit))
        self.timeline_view.editRequested.connect(ctx.push)
        self.timeline_view.newEventRequested.connect(lambda day, lane: create_event(ctx, day, lane))
        self.timeline_view.eventActivated.connect(lambda event_id: edit_title(ctx, event_id))
        self.timeline_view.dragStatus.connect(ctx.say)
        selection.changed.connect(lambda ids: settings.setValue(self._key("view/selected"), ids[0] if ids else ""))

        self.filter_bar = FilterBar(ctx)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(status_legend())
        layout.addWidget(self.filter_bar)
        layout.addWidget(self.timeline_view, 1)
        self.setCentralWidget(central)

        self.details = DetailsPanel(ctx)
        self.sources = SourcePanel(ctx)
        self.library = SourceLibrary(ctx)
        details_dock = self._dock("Event", "details_dock", self.details)
        sources_dock = self._dock("Sources", "sources_dock", self.sources)
        self.library_dock = self._dock("Source library", "library_dock", self.library)
        self.lanes = LanePanel(ctx)
        self.lanes_dock = self._dock("Lanes", "lanes_dock", self.lanes)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, details_dock)
        self.splitDockWidget(details_dock, sources_dock, Qt.Orientation.Horizontal)
        self.results_dock = self._dock("Search results", "search_results_dock", self.filter_bar.results)
        self.tabifyDockWidget(details_dock, self.library_dock)
        self.tabifyDockWidget(details_dock, self.lanes_dock)
        self.tabifyDockWidget(details_dock, self.results_dock)
        self.results_dock.hide()  # until asked for
        details_dock.raise_()  # the event's form stays in front
        self.resizeDocks([details_dock, sources_dock], [420, 780], Qt.Orientation.Horizontal)
        history = QUndoView(document.undo_stack)
        history.setObjectName("history_view")
        history.setEmptyLabel("<opened>")
        self.history_dock = self._dock("History", "history_dock", history)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.history_dock)
        self.history_dock.hide()  # until asked for
        ctx.revealRequested.connect(self._reveal)

        self.command_actions = actions.build(ctx, self)
        self._menus_and_toolbar(actions.commands(), [details_dock, sources_dock, self.library_dock, self.lanes_dock, self.results_dock])
        self.timeline_view.contextMenuRequested.connect(lambda target, where: menus.show(ctx, self.command_actions, target, where))
        timelines.recent_menu(ctx, self.command_actions["action_open_recent"])
        self.lanes.add_actions([self.command_actions[command.name] for command in lane_commands.LANE_MENU])
        self.sources.add_passage_actions([self.command_actions[c.name] for c in actions.commands() if c.scope == "sources"])
        self.library.add_actions([self.command_actions[name] for name in ("action_import_article", "action_paste_article", "action_suggest_events")])
        history_action = self.command_actions["action_history"]
        history_action.setCheckable(True)  # ticked while the History dock is shown
        self.history_dock.visibilityChanged.connect(history_action.setChecked)
        self.setAcceptDrops(not document.read_only)  # a file dropped on the window is imported

        self.statusBar().addPermanentWidget(ShareIndicator(ctx))
        self.statusBar().addPermanentWidget(SaveIndicator(ctx))
        timeline = document.timeline
        ctx.say(f"{counted(len(timeline.events), 'event')} · {counted(len(timeline.sources), 'source')} · {document.store.path}", 0)
        self.timeline_view.set_timeline(timeline)
        self.timeline_view.set_collapsed(self._per_timeline(COLLAPSED_LANES, list))
        self.timeline_view.collapsedChanged.connect(lambda names: self._keep_per_timeline(COLLAPSED_LANES, names))
        self.timeline_view.set_lane_heights(self._per_timeline(LANE_HEIGHTS, dict))
        self.timeline_view.laneHeightsChanged.connect(lambda heights: self._keep_per_timeline(LANE_HEIGHTS, heights))
        available = self.screen().availableGeometry()
        self.resize(min(1500, int(available.width() * 0.95)), min(980, int(available.height() * 0.95)))
        self.share_height()
        if geometry := settings.value("window/geometry"):
            self.restoreGeometry(geometry)
        if state := settings.value(self._key("window/state")):
            self.restoreState(state)
        self.timeline_view.select([settings.value(self._key("view/selected"), "")])
        if shown := settings.value(self._key("view/range")):  # where the user left off
            self.timeline_view.getPlotItem().setXRange(*map(float, shown), padding=0)
        # The document goes with the window, and last of all its parts: its undo stack still
        # signals while it is deleted, and nothing that listens may be gone by then.
        document.setParent(self)

    def share_height(self) -> None:
        """The panels below the timeline given their share of the window's height, as on a
        first launch: a fixed height (380) left the timeline a third of a laptop's 768 pixels."""
        self.resizeDocks([self.findChild(QDockWidget, "details_dock")], [int(self.height() * 0.36)], Qt.Orientation.Vertical)

    def _show_title(self) -> None:
        read_only = " (read-only)" if self.document.read_only else ""
        self.setWindowTitle(f"{self.document.store.path.name} — {self.document.timeline.title}{read_only} — {APP_NAME}")

    def _dock(self, title: str, name: str, widget: QWidget) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        return dock

    def _menus_and_toolbar(self, commands: list[actions.Command], docks: list[QDockWidget]) -> None:
        menus = {}
        toolbar = self.addToolBar("Edit and navigate")
        toolbar.setObjectName("main_toolbar")
        for command in commands:
            action = self.command_actions[command.name]
            if command.scope == "window":
                self.addAction(action)  # its shortcut works wherever the focus is in the window
            if command.menu:
                menu = menus.get(command.menu) or menus.setdefault(command.menu, self.menuBar().addMenu(f"&{command.menu}"))
                if command.separator:
                    menu.addSeparator()
                menu.addAction(action)
            if command.toolbar:
                if command.separator:
                    toolbar.addSeparator()
                toolbar.addAction(action)
        for dock in docks:
            menus["View"].addAction(dock.toggleViewAction())
        toolbar.addSeparator()
        toolbar.addWidget(QLabel(" Go to: "))
        toolbar.addWidget(GoToField(self.ctx))

    def _saved_per_timeline(self, key: str) -> dict:
        """A setting kept for each database opened, by its path (JSON)."""
        try:
            saved = json.loads(self.settings.value(key, "{}"))
        except (TypeError, ValueError):
            return {}
        return saved if isinstance(saved, dict) else {}

    def _per_timeline(self, key: str, kind: type):
        """This timeline's value of a setting kept per database, or an empty ``kind``."""
        value = self._saved_per_timeline(key).get(str(self.document.store.path))
        return value if isinstance(value, kind) else kind()

    def _keep_per_timeline(self, key: str, value) -> None:
        saved = self._saved_per_timeline(key)
        saved[str(self.document.store.path)] = value
        self.settings.setValue(key, json.dumps(saved))

    def _reveal(self, part: str) -> None:
        if part == "library":
            self.library_dock.show()
            self.library_dock.raise_()
            self.library.tree.setFocus()
        elif part == "search_results":
            self.results_dock.show()
            self.results_dock.raise_()
        elif part == "history":
            self.history_dock.setVisible(not self.history_dock.isVisible())

    def dragEnterEvent(self, event) -> None:
        if dropped_file(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        if path := dropped_file(event.mimeData()):
            event.acceptProposedAction()
            # Once the drop is over: the file manager it came from is not kept waiting on our dialogs.
            read = articles.import_file if path.suffix.lower() in articles.ARTICLE_SUFFIXES else files.import_file
            QTimer.singleShot(0, lambda: read(self.ctx, path))

    def _may_close(self) -> bool:
        """Edits still waiting for the disk are lost on quitting: ask, plainly."""
        while self.document.unsaved:
            answer = QMessageBox.warning(
                self,
                APP_NAME,
                f"{counted(len(self.document.unsaved), 'edit')} could not be saved yet: {self.document.save_error}.\n\n"
                "Retry to save them now, or quit anyway and lose them.",
                QMessageBox.StandardButton.Retry | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Retry,
            )
            if answer != QMessageBox.StandardButton.Retry:
                return answer == QMessageBox.StandardButton.Discard
            self.document.retry()
        return True

    def _compaction_waited(self) -> bool:
        """The whole file being written when the window closes is waited for, with its
        progress, rather than dropped; Cancel keeps the window open."""
        if not self.document.compacting:
            return True
        try:
            with progress_dialog(self, f"Saving {self.document.store.path.name}…", wait_ms=0) as report:

                def report_and_respond(done: int, total: int) -> None:
                    report(done, total)  # handles events only when the figure changes
                    QApplication.processEvents()  # the window repaints, Cancel responds

                self.document.wait_for_compaction(report_and_respond)
        except Cancelled:
            return False
        return True

    def closeEvent(self, event) -> None:
        self.details.finish_editing()  # a typed value joins the edits to save first
        if not self._may_close():
            event.ignore()
            return
        if not self._compaction_waited():
            event.ignore()
            return
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue(self._key("window/state"), self.saveState())
        self.settings.setValue(self._key("view/range"), list(self.timeline_view.view_range()))
        self.document.close()
        super().closeEvent(event)
