"""The user's notes on the timeline itself: shaded periods and notes pinned to a date."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .dates import FuzzyDate
from .entities import ModelError, _date, _field, _in_order


COLOUR = re.compile(r"#[0-9a-f]{6}")


@dataclass(frozen=True)
class Period:
    """An era drawn as a shaded band across the lanes, e.g. the months the salient was held."""

    id: str
    label: str
    start: FuzzyDate
    end: FuzzyDate
    colour: str = ""  # "#rrggbb"; "": the default shade
    lanes: tuple[str, ...] = ()  # the lanes it spans; none named: every lane

    def __post_init__(self) -> None:
        if not self.label.strip():
            raise ModelError("a period needs a label")
        _in_order(f"period '{self.label}'", self.start, self.end)
        if self.colour and not COLOUR.fullmatch(self.colour):
            raise ModelError(f"period '{self.label}': colour '{self.colour}' is not of the form #rrggbb")

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "label": self.label, "start": self.start.edtf, "end": self.end.edtf}
        if self.colour:  # written only when chosen: files from before have neither
            data["colour"] = self.colour
        if self.lanes:
            data["lanes"] = list(self.lanes)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Period:
        return cls(
            _field(data, "id", str), _field(data, "label", str), _date(data, "start"), _date(data, "end"),
            _field(data, "colour", str, ""), tuple(_field(data, "lanes", list, [])),
        )


@dataclass(frozen=True)
class PinnedNote:
    """Free text pinned to a date on the timeline."""

    id: str
    date: FuzzyDate
    text: str

    def __post_init__(self) -> None:
        if not self.text.strip():
            raise ModelError("a note needs some text")

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "date": self.date.edtf, "text": self.text}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PinnedNote:
        return cls(_field(data, "id", str), _date(data, "date"), _field(data, "text", str))
