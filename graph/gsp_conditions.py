"""Conditional requests on the Graph Store (RFC 9110 §13.1): If-Match and If-None-Match, judged on whether the
graph exists. vnqi issues no entity tags, so a listed tag never matches; `*` matches an existing graph."""

from __future__ import annotations

from dataclasses import dataclass

from graph.errors import GraphError


class PreconditionFailed(GraphError):
    """If-Match or If-None-Match evaluated to false for a request that would change or read the graph (412)."""


class NotModified(GraphError):
    """If-None-Match evaluated to false for a GET or HEAD (304)."""


@dataclass(frozen=True)
class Conditions:
    """The request's If-Match and If-None-Match field values (None when absent)."""

    if_match: str | None = None
    if_none_match: str | None = None

    def check(self, exists: bool, reading: bool) -> None:
        """Raise when a condition is false: PreconditionFailed, or NotModified for a read's If-None-Match."""
        if self.if_match is not None and not (_any(self.if_match) and exists):
            raise PreconditionFailed("If-Match: the graph " + ("has no matching entity tag (none are issued)"
                                                                 if exists else "does not exist"))
        if self.if_none_match is not None and _any(self.if_none_match) and exists:
            if reading:
                raise NotModified("If-None-Match: * and the graph exists")
            raise PreconditionFailed("If-None-Match: * and the graph exists: it was not changed")


def _any(value: str) -> bool:
    """Whether a condition's field value is `*` (any current representation)."""
    return value.strip() == "*"
