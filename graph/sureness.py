"""How sure the data is of a change: the one rule for pages, lists and impact analysis (vnqi:factStatus keys)."""

from __future__ import annotations

FACT_STATUS = "https://w3id.org/vnqi/id/code/fact-status/"
RANKED = ("verified", "verified-secondary")  # the sure statuses, surest first
SURE = frozenset(RANKED)  # what a status derived from a change may rest on without caveat


def unsure(status: str | None) -> bool:
    """Whether a recorded fact status (IRI or key) leaves a change unsure: unverified, inferred, conflicting (not
    a missing status, nor one verified first- or second-hand). The one rule for pages, lists and impact analysis."""
    return bool(status) and status.removeprefix(FACT_STATUS) not in SURE  # type: ignore[union-attr]


def rank(status: str | None) -> int:
    """How sure a status is, surest first: verified 0, verified second-hand 1, anything else 2 (to pick, of several
    statements about one triple, the one a page shows)."""
    key = (status or "").removeprefix(FACT_STATUS)
    return RANKED.index(key) if key in SURE else len(RANKED)


def doubtful(statuses: list[str | None]) -> bool:
    """Whether what rests on changes of these statuses is only as sure as they are: none of them sure, one of them
    unsure (a change without a status adds no caveat)."""
    return not any(s and not unsure(s) for s in statuses) and any(unsure(s) for s in statuses)
