"""The values impact analysis works with: entities, steps of an explaining path, amendments and reports."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


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

    def label(self, lang: str = "vi") -> str:
        """Label in `lang`, falling back to the other language, the identifier, then the IRI."""
        return self.labels.get(lang) or next(iter(self.labels.values()), None) or self.identifier or self.iri

    def in_force_on(self, day: date) -> bool:
        """False when the entity is not yet in force or no longer in force on `day`."""
        return not ((self.in_force and self.in_force > day) or (self.ended and self.ended <= day))


@dataclass(frozen=True)
class Step:
    """One step of an explaining path: from the changed side to the dependent side, through a rule."""

    source: str
    target: str
    rule: str
    labels: dict[str, str]
    strength: float
    status: str | None = None  # fact status of the link when it is not verified (unverified, inferred…)


@dataclass(frozen=True)
class Affected:
    """An entity reached by the analysis, with its distance, role and explaining paths."""

    entity: Entity
    distance: int
    strength: float
    role: str
    paths: tuple[tuple[Step, ...], ...]

    @property
    def uncertain(self) -> bool:
        """True when every explaining path goes through a link that is not verified."""
        return all(any(step.status for step in path) for path in self.paths) if self.paths else False


@dataclass(frozen=True)
class Amendment:
    """What changes: documents or provisions, the kind of change, from when, and by which act (if any)."""

    targets: tuple[str, ...]
    effective: date | None = None
    change: str = "amended"
    act: str | None = None


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
