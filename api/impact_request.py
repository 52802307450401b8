"""What an /impact request asks (from query parameters or a JSON body), checked, and the analysis it runs."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from starlette.datastructures import QueryParams

from graph.errors import QueryError
from graph.impact import MAX_DEPTH, impact_of
from graph.impact_amendment import CHANGES, amendment_of, resolve, what_if
from graph.impact_model import ImpactReport
from graph.store.base import Store

JSON_KEYS = {"amendment", "document", "provisions", "change", "date", "on", "depth"}
SINGLE = ("amendment", "document", "change", "date", "on", "depth")  # query parameters given at most once
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class ImpactQuery:
    """An amending act of the graph, or a hypothetical change (document, provisions, change, date)."""

    amendment: str | None = None
    document: str | None = None
    provisions: tuple[str, ...] = ()
    change: str = "amended"
    date: date | None = None  # when the hypothetical change takes effect
    on: date | None = None  # reference date (default: the change's effective date)
    depth: int = 4

    @property
    def empty(self) -> bool:
        """True when neither an act nor a document is given (the page shows only the form)."""
        return not self.amendment and not self.document


def parse_date(value: Any, field: str) -> date | None:
    """A YYYY-MM-DD date, or None for an empty value; 400 otherwise."""
    if value in (None, ""):
        return None
    try:
        if not ISO_DATE.fullmatch(str(value).strip()):
            raise ValueError  # Python also reads 20260101 and 2026-W01-4, which the message does not promise
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise QueryError(f"malformed {field} {value!r}: expected a date as YYYY-MM-DD", key="err_bad_date",
                         value=value) from None


def parse_depth(value: Any) -> int:
    """An integer between 1 and MAX_DEPTH (4 when empty); 400 otherwise."""
    if value in (None, ""):
        return 4
    try:
        text = str(value).strip()
        if not text.isascii():  # int() reads '٣' as 3
            raise ValueError(text)
        depth = int(text)
    except ValueError:
        raise QueryError(f"malformed depth {value!r}: expected an integer", key="err_bad_depth", value=value,
                         max=MAX_DEPTH) from None
    if not 1 <= depth <= MAX_DEPTH:
        raise QueryError(f"depth {depth} out of range: it must be between 1 and {MAX_DEPTH}", key="err_bad_depth",
                         value=depth, max=MAX_DEPTH)
    return depth


def parse_change(value: Any) -> str:
    """One of CHANGES (amended when empty)."""
    change = str(value or "amended").strip()
    if change not in CHANGES:
        raise QueryError(f"unknown change {change!r}: expected one of {', '.join(CHANGES)}", key="err_unknown_change",
                         change=change, choices=", ".join(CHANGES))
    return change


def make_query(values: Mapping[str, Any], provisions: list[str]) -> ImpactQuery:
    """The checked query; for an amending act, `date` is an alias of `on`."""
    amendment = str(values.get("amendment") or "").strip() or None
    document = str(values.get("document") or "").strip() or None
    if amendment and document:
        raise QueryError("give either an amending act (amendment) or a document (document), not both",
                         key="err_act_and_document")
    on = parse_date(values.get("on"), "on")
    day = parse_date(values.get("date"), "date")
    if amendment:
        if on and day and on != day:  # `date` was dropped, silently
            raise QueryError(f"for an amending act, date is the reference date (on): give one of them, not {on} and "
                             f"{day}", key="err_on_and_date", on=on.isoformat(), date=day.isoformat())
        on, day = on or day, None
    kept = tuple(p for p in provisions if p.strip())
    if amendment and (kept or str(values.get("change") or "").strip()):  # they were ignored, silently
        raise QueryError(f"provisions and a change describe a what-if on a document; the amending act {amendment} "
                         "says itself what it changes", key="err_what_if_with_act", amendment=amendment)
    return ImpactQuery(amendment, document, kept, parse_change(values.get("change")),
                       day, on, parse_depth(values.get("depth")))


def from_params(params: QueryParams) -> ImpactQuery:
    """GET /impact?amendment=…&on=…&depth=… or ?document=…&provision=…&change=…&date=…"""
    for name in SINGLE:  # ?amendment=A&amendment=B answered for B alone, silently
        count = len(params.getlist(name))
        if count > 1:
            raise QueryError(f"give {name} once (it was given {count} times)", key="err_repeated_param", name=name,
                             count=count)
    provisions = [p for value in params.getlist("provision") + params.getlist("provisions") for p in value.split(",")]
    return make_query(params, provisions)


def from_json(body: bytes) -> ImpactQuery:
    """POST /impact with a JSON object; unknown keys and wrong types are refused."""
    try:
        values = json.loads(body or b"{}")
        json.dumps(values, ensure_ascii=False).encode("utf-8")  # a "\ud800" escape is not a character
    except RecursionError:
        raise QueryError("the body is not valid JSON: nested too deeply") from None
    except UnicodeEncodeError:
        raise QueryError("the body is not valid JSON: it escapes a lone surrogate (\\ud800–\\udfff), "
                         "which is not a Unicode character") from None
    except ValueError as exc:
        raise QueryError(f"the body is not valid JSON: {exc}") from None
    if not isinstance(values, dict):
        raise QueryError("the body must be a JSON object")
    unknown = sorted(set(values) - JSON_KEYS)
    if unknown:
        raise QueryError(f"unknown keys {unknown}: expected some of {sorted(JSON_KEYS)}")
    provisions = values.get("provisions") or []
    if not isinstance(provisions, list) or not all(isinstance(p, str) for p in provisions):
        raise QueryError("provisions must be a list of strings ('dieu-3' or full IRIs)")
    wrong = sorted(k for k in SINGLE if not _scalar(values.get(k)))
    if wrong:  # {"document": ["68/2006/QH11"]} was read as the text "['68/2006/QH11']"
        raise QueryError(f"{', '.join(wrong)} must be a string (depth: a string or an integer)")
    return make_query(values, provisions)


def _scalar(value: Any) -> bool:
    """Whether a JSON value may stand for a single parameter: absent, a string or an integer (not a boolean)."""
    return value is None or (isinstance(value, (str, int)) and not isinstance(value, bool))


def run(store: Store, query: ImpactQuery) -> ImpactReport:
    """The impact report the query asks for (blocking: run it off the event loop)."""
    if query.amendment:
        return impact_of(store, amendment_of(store, resolve(store, query.amendment)), query.depth, query.on)
    if query.document:
        change = what_if(store, query.document, list(query.provisions), query.change, query.date)
        return impact_of(store, change, query.depth, query.on)
    raise QueryError("give an amending act (amendment=70/2025/QH15) or a document (document=68/2006/QH11)",
                     key="err_give_act_or_document")
