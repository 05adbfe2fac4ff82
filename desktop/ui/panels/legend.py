"""The strip above the timeline that says what each mark means."""
from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QWidget

from ...model import LinkType, Status
from ..canvas.marks import BARS_HINT, STATUS_HELP, link_icon, marker_icon


def status_legend() -> QWidget:
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
    layout.addWidget(QLabel("<b>Links:</b>"))  # the connector drawn on hover or selection
    for kind in LinkType:
        icon = QLabel(objectName=f"link_legend_{kind.name.lower()}")
        icon.setPixmap(link_icon(kind))
        icon.setToolTip(f"{kind.phrases[0]} / {kind.phrases[1]}")
        layout.addWidget(icon)
        layout.addWidget(QLabel(kind.value))
        layout.addSpacing(6)
    hint = QLabel(BARS_HINT, toolTip=BARS_HINT)
    # Cut short in a narrow window rather than widening it: the marks' meanings come first.
    hint.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
    hint.setStyleSheet("color: #555555")
    layout.addWidget(hint)
    layout.addStretch(1)
    return strip
