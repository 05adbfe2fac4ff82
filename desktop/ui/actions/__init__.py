"""Every menu and toolbar command, declared once: its name, text, shortcut, menu, what it
runs with the context, and whether it writes or needs a selection or a passage. The
window builds its menus and toolbar from ``COMMANDS``; whether a command is enabled
follows from its declaration (read-only disables every one that writes)."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence, QUndoStack

from ..context import Context

Shortcut = str | QKeySequence.StandardKey
SOME, ONE = 1, 2  # needs_selection


@dataclass(frozen=True)
class Command:
    name: str  # the QAction's objectName
    text: str
    run: Callable[[Context], None]
    menu: str | None = None  # "File", "Edit", "View", "Help"; None: placed elsewhere (the toolbar, a panel, a right-click menu)
    shortcuts: tuple[Shortcut, ...] = ()
    writes: bool = False  # changes the timeline: disabled when it is read-only
    needs_selection: int = 0  # how many events must be selected: 0 none, SOME at least one, ONE exactly one
    needs_passage: bool = False  # text selected in the document shown
    needs_source: bool = False  # a document shown in the Sources panel
    scope: str = "window"  # where its shortcut acts: "window"; "timeline" (Delete, arrows), with the focus there;
    # "sources", while the Sources panel is shown (its passage is what the command takes)
    toolbar: bool = False
    separator: bool = False  # a separator before it, in its menu
    tip: str = ""
    setting: str = ""  # a checkable command: the setting that remembers whether it is on (default on)
    history: str = ""  # "undo" or "redo": named after the step it would take, enabled when there is one


def commands() -> list[Command]:
    from . import articles, citing, clipboard, editing, files, history, lanes, links, navigation, printing, sharing, sources, timelines, view

    return [
        *timelines.COMMANDS, *files.COMMANDS, *articles.COMMANDS, *printing.COMMANDS, *sharing.COMMANDS, files.QUIT, *editing.COMMANDS, *history.COMMANDS, *clipboard.COMMANDS,
        *links.COMMANDS, *citing.COMMANDS, *view.COMMANDS, *lanes.COMMANDS, *sources.COMMANDS, *navigation.COMMANDS, *navigation.HELP,
    ]


def build(ctx: Context, owner: QObject) -> dict[str, QAction]:
    """A QAction for each command, named and wired, keeping its enabled state."""
    actions = {}
    for command in commands():
        if command.history:
            action = _HistoryAction(command.text, ctx.document.undo_stack, command.history == "redo", owner)
        else:
            action = QAction(command.text, owner)
            _keep_enabled(ctx, command, action)
        action.setObjectName(command.name)
        action.setShortcuts([QKeySequence(s) for s in command.shortcuts])
        if command.scope == "timeline":
            ctx.canvas.addAction(action)
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        if command.tip:
            action.setToolTip(command.tip)
        if command.setting:
            action.setCheckable(True)
            action.setChecked(ctx.settings.value(command.setting, True, type=bool))
            action.toggled.connect(lambda on, key=command.setting: ctx.settings.setValue(key, on))  # before run: it reads it
            action.toggled.connect(lambda _, run=command.run: run(ctx))
            command.run(ctx)  # as remembered
        else:
            action.triggered.connect(lambda _=False, run=command.run: run(ctx))
        actions[command.name] = action
    return actions


class _HistoryAction(QAction):
    """Undo or Redo: "Undo Move 'Gornal…'" in the menu and the tooltip, a short name on
    the toolbar, where it cannot stretch it; enabled when there is a step to take. Its
    own slots: the stack outlives it, and must not call it once it is gone."""

    def __init__(self, text: str, stack: QUndoStack, redo: bool, owner: QObject) -> None:
        super().__init__(text, owner)
        self.setIconText(text)
        self._verb = text
        (stack.canRedoChanged if redo else stack.canUndoChanged).connect(self.setEnabled)
        (stack.redoTextChanged if redo else stack.undoTextChanged).connect(self._name)
        self.setEnabled(stack.canRedo() if redo else stack.canUndo())
        self._name(stack.redoText() if redo else stack.undoText())

    def _name(self, step: str) -> None:
        self.setText(f"{self._verb} {step}".strip())
        self.setToolTip(self.text())


def _keep_enabled(ctx: Context, command: Command, action: QAction) -> None:
    def update() -> None:
        selected = len(ctx.selection.ids())
        action.setEnabled(
            not (command.writes and ctx.read_only)
            and (selected >= 1 if command.needs_selection == SOME else selected == 1 if command.needs_selection == ONE else True)
            and (not command.needs_passage or ctx.has_passage)
            and (not command.needs_source or ctx.shown_source in ctx.timeline.sources)
        )

    update()
    if command.needs_selection:
        ctx.selection.changed.connect(update)
    if command.needs_passage or command.needs_source:
        ctx.passageChanged.connect(update)
    if command.needs_source:  # a source deleted, or brought back by an undo
        ctx.document.changed.connect(update)
