"""What a legal document's status on a day rests on (its dates, the dated changes ending it wholly or in part)
and the status itself: one derivation for its page (graph/entity_legal.py) and class lists (graph/browse_legal.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from graph.sureness import doubtful


@dataclass
class Validity:
    """A document's entry into force, end of validity and the changes ending it, each (day, fact status)."""

    start: date | None = None
    end: date | None = None
    whole: list[tuple[date, str | None]] = field(default_factory=list)  # repealed or replaced as a whole
    part: list[tuple[date, str | None]] = field(default_factory=list)  # repealed in part

    def add(self, kind: str | None, day: date | None, status: str | None) -> None:
        """Record a dated change of a kind graph.timeline.change_kind gives (undated or other changes: nothing)."""
        if day is not None and kind in ("whole", "part"):
            (self.whole if kind == "whole" else self.part).append((day, status))

    def status(self, day: date) -> str | None:
        """The status key on `day` (in-force, partly-in-force, expired, not-yet-in-force), None when unknown."""
        if (self.end and self.end <= day) or any(d <= day for d, _ in self.whole):
            return "expired"
        if self.start and self.start > day:
            return "not-yet-in-force"
        if any(d <= day for d, _ in self.part):
            return "partly-in-force"
        return "in-force" if self.start else None

    def unsure(self, day: date) -> bool:
        """Whether the status on `day` rests only on changes the data does not hold as sure, as the page's caveat
        says (graph.entity_legal.unsure_basis)."""
        basis = {"expired": self.whole, "partly-in-force": self.part}.get(self.status(day) or "", [])
        return doubtful([status for d, status in basis if d <= day])
