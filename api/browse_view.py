"""Shared helpers of the browse, ICS and graph pages: query parameters, entity links, labels, HTML-or-JSON."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import JSONResponse, Response

from api.errors import HttpProblem, status_for
from api.i18n import error_message, path_of, pick_lang, translator
from api.negotiation import HTML, Offer, accept_of, choose
from graph.errors import GraphError

PAGE_FORMATS = (HTML, Offer("json", "application/json"))


def wants_json(request: Request) -> bool:
    """JSON when `format=json` or Accept prefers application/json; HTML otherwise; 406 when neither is acceptable."""
    offer = choose(request.query_params.get("format"), accept_of(request), PAGE_FORMATS,
                   "this page (HTML or JSON)")
    return offer is not HTML


COUNT = re.compile(r"[0-9]{1,9}")


def count_of(raw: str | None) -> int | None:
    """A whole number written with 1 to 9 ASCII digits, else None (str.isdigit and int() also take '²', '٣' or
    5,000 digits, which int() then refuses or reads)."""
    return int(raw) if raw and COUNT.fullmatch(raw) else None


def int_param(request: Request, name: str, default: int, minimum: int = 1) -> int:
    """An integer query parameter ≥ minimum; 400 when malformed."""
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return default
    value = count_of(raw)
    if value is None or value < minimum:
        raise HttpProblem(400, f"{name} must be an integer ≥ {minimum}, not {raw!r}", key="err_int_param",
                          params={"name": name, "minimum": minimum, "value": raw})
    return value


def choice_param(request: Request, name: str, choices: tuple[str, ...]) -> str:
    """A parameter that must be one of `choices` (the first is the default); 400 otherwise."""
    raw = request.query_params.get(name) or choices[0]
    if raw not in choices:
        raise HttpProblem(400, f"{name} must be one of {', '.join(choices)}, not {raw!r}", key="err_choice_param",
                          params={"name": name, "choices": ", ".join(choices), "value": raw})
    return raw


def entity_href(request: Request, iri: str | None) -> str | None:
    """The local path of an entity IRI (/id/...), or None for an IRI outside the base."""
    base = request.app.state.settings.base_iri + "id/"
    return "/id/" + iri[len(base):] if iri and iri.startswith(base) and len(iri) > len(base) else None


def pick(labels: dict[str, str] | tuple[str | None, str | None], lang: str, fallback: str = "") -> str:
    """The label in `lang`, else in the other language, else `fallback`; labels as {lang: …} or (vi, en)."""
    if isinstance(labels, tuple):
        labels = {k: v for k, v in zip(("vi", "en"), labels) if v}
    other = "en" if lang == "vi" else "vi"
    return labels.get(lang) or labels.get(other) or fallback


def base_context(request: Request) -> dict[str, Any]:
    """lang, t and the helpers every browse template uses."""
    lang = pick_lang(request)
    return {"lang": lang, "t": translator(lang), "pick": lambda labels, fb="": pick(labels, lang, fb),
            "href": lambda iri: entity_href(request, iri)}


def page(request: Request, template: str, context: dict[str, Any], status: int = 200) -> Response:
    """Render a browse template."""
    return request.app.state.templates.TemplateResponse(request, template, context, status_code=status)


def error_page(request: Request, exc: GraphError, json: bool) -> Response:
    """A client error as problem JSON, or as a readable page with the same status; server errors are re-raised."""
    status = status_for(exc)
    if json or status >= 500:
        raise exc
    context = {**base_context(request), "status": status}
    context["message"] = error_message(exc, context["lang"])
    return page(request, "browse_error.html", context, status)


def json_response(body: dict[str, Any]) -> JSONResponse:
    """A JSON body."""
    return JSONResponse(body)


def href_with(request: Request, **changes: object) -> str:
    """This page's path and query with some parameters replaced (format dropped, so links stay HTML)."""
    params = {k: v for k, v in request.query_params.items() if k not in changes and k != "format"}
    params.update({k: str(v) for k, v in changes.items() if v is not None})
    return path_of(request) + "?" + urlencode(params)


def page_links(current: int, pages: int, window: int = 3) -> list[int | None]:
    """Page numbers to link: the first, the last and a window around the current one (None marks a gap)."""
    keep = sorted({1, pages, *range(max(1, current - window), min(pages, current + window) + 1)})
    out: list[int | None] = []
    for n in keep:
        if out and n - (out[-1] or 0) > 1:
            out.append(None)
        out.append(n)
    return out


def pager_context(request: Request, current: int, pages: int) -> dict[str, Any]:
    """What pager.html needs: the page numbers and a function page → href."""
    return {"pages": page_links(current, pages), "page_href": lambda n: href_with(request, page=n)}
