"""History of this event: a row per commit, newest first (when, who, the commit's message),
and under it what the commit changed, field by field, old → new."""
from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from ...model import Timeline
from ...share.history import Revision, described


class HistoryDialog(QDialog):
    def __init__(self, parent: QWidget | None, title: str, revisions: list[Revision], timeline: Timeline, waiting: str = "") -> None:
        super().__init__(parent, objectName="history_dialog")
        self.setWindowTitle(f"History of '{title}'")
        self.resize(900, 480)
        self.tree = QTreeWidget(objectName="history_tree")
        self.tree.setHeaderLabels(["When (UTC)", "Who", "What changed"])
        for revision in revisions:
            row = QTreeWidgetItem([f"{revision.when:%Y-%m-%d %H:%M}", revision.author, revision.subject])
            row.setToolTip(1, revision.email)
            row.setToolTip(2, f"commit {revision.commit}")
            font = row.font(2)
            font.setBold(True)  # the commit stands out from the fields it changed
            row.setFont(2, font)
            for change in revision.changes:
                for line in described(change, timeline):
                    row.addChild(QTreeWidgetItem(["", "", line]))
            self.tree.addTopLevelItem(row)
        self.tree.expandAll()
        for column in (0, 1):
            self.tree.resizeColumnToContents(column)
        found = f"{len(revisions)} commit{'' if len(revisions) == 1 else 's'} changed this event or its citations" if revisions else "No commit has changed this event yet"
        self.summary = QLabel(found + (f". {waiting}" if waiting else ""), objectName="history_summary")
        self.summary.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, rejected=self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.tree)
        layout.addWidget(buttons)
