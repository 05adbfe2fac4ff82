"""The toolbar's Go to field: a date or a range of dates to show."""
from __future__ import annotations

from PySide6.QtWidgets import QLineEdit

from ...model import DateError
from ...model.typed_dates import read_range
from ..canvas.time_axis import DAY, epoch_seconds
from ..context import Context


class GoToField(QLineEdit):
    def __init__(self, ctx: Context) -> None:
        super().__init__(objectName="jump_to", placeholderText="Aug 2024 to Apr 2025", clearButtonEnabled=True)
        self.ctx = ctx
        self.setToolTip("A date (26 April 2025, Aug 2024, 2025-04-26) or a range (August 2024 to April 2025, 2024-08 / 2025-04); Enter shows it")
        self.setMaximumWidth(220)
        self.returnPressed.connect(self._go)

    def _go(self) -> None:
        try:
            first, last = read_range(self.text(), self.ctx.date_order)
        except DateError as error:
            self.setStyleSheet("border: 2px solid #c62828")
            self.ctx.say(str(error))
            return
        self.setStyleSheet("")
        self.ctx.canvas.show_range(epoch_seconds(first.earliest), epoch_seconds(last.latest) + DAY)
