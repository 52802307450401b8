"""The values impact analysis works with: entities, steps of an explaining path, amendments and reports."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from graph.sureness import doubtful, unsure


@dataclass(frozen=True, slots=True)
class End:
    """An act that ends a document as a whole (repeals or replaces it), from a date, as sure as its recorded fact
    status says (a key such as 'unverified'; None when none is recorded)."""

    act: str
    on: date | None
    status: str | None = None


@dataclass(frozen=True, slots=True)
class Entity:
    """What the analysis shows and filters on for one entity."""

    iri: str
    kind: str
    labels: dict[str, str] = field(default_factory=dict)
    identifier: str | None = None
    in_force: date | None = None
    ended: date | None = None
    status: str | None = None
    ends: tuple[End, ...] = ()  # acts repealing or replacing it as a whole (most entities have none)
    issued: date | None = None  # eli:date_document: a document is in force on no day before it was issued
    start_kind: str = "in-force"  # which fact gave `in_force`: in-force, founded
    end_kind: str = "in-force"  # which fact gave `ended`: in-force, dissolved, withdrawn

    def label(self, lang: str = "vi") -> str:
        """Label in `lang`, falling back to the other language, the identifier, then the IRI."""
        return self.labels.get(lang) or next(iter(self.labels.values()), None) or self.identifier or self.iri

    def in_force_on(self, day: date) -> bool:
        """False when the entity is not yet in force (or, with no entry into force known, not yet issued) or no
        longer in force on `day`."""
        start = self.in_force or self.issued
        return not ((start and start > day) or (self.ended and self.ended <= day))

    def ended_by(self, day: date) -> tuple[End, ...]:
        """The acts that have ended it by `day`, sure ones first (graph.sureness.unsure), then by date."""
        done = [end for end in self.ends if end.on is not None and end.on <= day]
        return tuple(sorted(done, key=lambda end: (unsure(end.status), end.on, end.act)))

    def ended_on(self, day: date) -> bool:
        """Not yet or no longer in force on `day` by its dates, or surely ended by an act by then."""
        return not self.in_force_on(day) or bool(self.ended_by(day) and not self.doubts_on(day))

    def doubts_on(self, day: date) -> tuple[End, ...]:
        """The unsure acts ending it by `day` when no sure one does (and some do): its end is only as sure as they
        are, as its page says; empty when it has not ended, or surely has."""
        ended = self.ended_by(day)
        return tuple(end for end in ended if unsure(end.status)) if doubtful([e.status for e in ended]) else ()


@dataclass(frozen=True)
class Step:
    """One step of an explaining path: from the changed side to the dependent side, through a rule."""

    source: str
    target: str
    rule: str
    labels: dict[str, str]
    strength: float
    status: str | None = None  # fact status of the link when the data is not sure of it (graph/link_status.py)


@dataclass(frozen=True)
class Affected:
    """An entity reached by the analysis, with its distance, role and explaining paths."""

    entity: Entity
    distance: int
    strength: float
    role: str
    paths: tuple[tuple[Step, ...], ...]
    doubts: tuple[End, ...] = ()  # unverified acts that would have ended it by the reference date

    def because(self) -> list[str]:
        """Why the finding is uncertain on its own: 'may-have-ended' (only unverified acts say it has ended by the
        reference date), 'paths' (every explaining path goes through a link that is not verified)."""
        because = ["may-have-ended"] if self.doubts else []
        if self.paths and all(any(step.status for step in path) for path in self.paths):
            because.append("paths")
        return because

    @property
    def uncertain(self) -> bool:
        """True when the finding is uncertain on its own (Affected.because)."""
        return bool(self.because())


@dataclass(frozen=True)
class Amendment:
    """What changes: documents or provisions, the kind of change, from when, and by which act (if any)."""

    targets: tuple[str, ...]
    effective: date | None = None
    change: str = "amended"
    act: str | None = None
    status: str | None = None  # how sure the data is of the change when not verified (e.g. unverified)
    changes: tuple[tuple[str, str], ...] = ()  # per target, its change types joined by "+" (an act's, when known)
    partial_list: bool = False  # the sources say the act changes more than the graph lists (vnqi:effectsListed)
    issued_after: date | None = None  # the act's issue date when the data dates its changes earlier

    def change_of(self, target: str) -> str:
        """The change types of one target ("amended+repealed"), the amendment's when not known per target."""
        return dict(self.changes).get(target, self.change)


@dataclass(frozen=True)
class ImpactReport:
    """The result of an analysis."""

    amendment: Amendment
    on: date | None
    depth: int
    changed: tuple[Entity, ...]
    affected: tuple[Affected, ...]
    excluded: tuple[tuple[Entity, str], ...]
    pending: bool = False  # the amendment is not yet in force on the reference date
    inactive: tuple[tuple[str, str], ...] = ()  # what-if targets not in force on the date, and why (impact_validity)
    doubtful: tuple[tuple[str, End], ...] = ()  # what-if targets that unsure acts may have ended by the date

    def because(self, affected: Affected) -> list[str]:
        """Why a finding is uncertain: 'amendment' (the change itself is not verified), then Affected.because."""
        return (["amendment"] if self.amendment.status else []) + affected.because()

    def uncertain(self, affected: Affected) -> bool:
        """Whether a finding is uncertain: on its own, or because the amendment itself is not verified."""
        return bool(self.because(affected))
