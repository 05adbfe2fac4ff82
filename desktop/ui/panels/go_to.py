"""The toolbar's Go to field: a date or a range of dates to show."""
from __future__ import annotations

from PySide6.QtWidgets import QLineEdit

from ...model import DateError, parse_range
from ..canvas.time_axis import DAY, epoch_seconds
from ..context import Context


class GoToField(QLineEdit):
    def __init__(self, ctx: Context) -> None:
        super().__init__(objectName="jump_to", placeholderText="2024-08 / 2025-04", clearButtonEnabled=True)
        self.ctx = ctx
        self.setToolTip("A date (2025-04-26, 2024-08, 2025) or a range (2024-08 / 2025-04); Enter shows it")
        self.setMaximumWidth(220)
        self.returnPressed.connect(self._go)

    def _go(self) -> None:
        try:
            first, last = parse_range(self.text())
        except DateError as error:
            self.setStyleSheet("border: 2px solid #c62828")
            self.ctx.say(str(error))
            return
        self.setStyleSheet("")
        self.ctx.canvas.show_range(epoch_seconds(first.earliest), epoch_seconds(last.latest) + DAY)
