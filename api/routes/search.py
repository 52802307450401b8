"""/search: full-text search of the entities (HTML page or JSON), /search/suggest: as-you-type suggestions."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool

from api.browse_view import error_page
from api.deps import StoreDep
from api.i18n import pick_lang, translator
from api.negotiation import HTML, Offer, accept_of, choose
from graph.errors import NotFound
from graph.namespaces import ID
from graph.search import Facet, Hit, SearchResults, index_for
from graph.search_text import segments, tokens
from graph.store.base import Store

router = APIRouter()
SEARCH_FORMATS = (HTML, Offer("json", "application/json"))
PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
MAX_PAGE = 1000


def pick_format(request: Request) -> Offer:
    """`format=` (html, json), else the Accept header (HTML first for */*); 406 when nothing fits."""
    return choose(request.query_params.get("format"), accept_of(request), SEARCH_FORMATS,
                  "search results")


def whole(value: str | None, default: int, low: int, high: int) -> int:
    """An integer parameter at most `high`; the default when absent, not a number or below `low` (size=0 gave
    pages of one hit)."""
    try:
        number = int(value or default)
    except ValueError:
        return default
    return default if number < low else min(number, high)


def href_of(iri: str) -> str:
    """Where the entity is browsed here: /id/... for the project's entities, else the IRI itself."""
    return "/id/" + iri.removeprefix(str(ID)) if iri.startswith(str(ID)) else iri


def hit_json(hit: Hit) -> dict[str, Any]:
    """One hit as JSON."""
    return {"iri": hit.iri, "label": hit.label, "type": hit.type_iri, "typeLabel": hit.type_label,
            "identifier": hit.identifier, "snippet": hit.snippet, "score": hit.score, "href": href_of(hit.iri)}


def link(q: str, types: list[str], lang: str, page: int = 1, **extra: str) -> str:
    """URL of a results page."""
    params = [("q", q), *(("type", t) for t in types), ("lang", lang)] + ([("page", str(page))] if page > 1 else [])
    return "/search?" + urlencode(params + list(extra.items()))


def run_search(store: Store, q: str, types: list[str], lang: str, page: int, size: int
               ) -> tuple[SearchResults, list[Facet], list[str]]:
    """One page of results, the class facets and the class IRIs filtered on (blocking: run in a thread)."""
    index = index_for(store)
    results = index.search(q, types=types, lang=lang, limit=size, offset=(page - 1) * size)
    return results, index.facets(q, lang=lang), index.resolve_types(types)


@router.get("/search", summary="Search entities by identifier, name or text",
            responses={200: {"content": {"text/html": {}, "application/json": {}}}})
async def search(request: Request, store: StoreDep) -> Response:
    """?q=&type=(class IRI or local name, repeatable)&lang=&page=&size= — HTML, or JSON (Accept or format=json)."""
    offer = pick_format(request)
    params = request.query_params
    q, types, lang = params.get("q", ""), params.getlist("type"), pick_lang(request)
    asked, size = whole(params.get("page"), 1, 1, 10**9), whole(params.get("size"), PAGE_SIZE, 1, MAX_PAGE_SIZE)
    page = min(asked, MAX_PAGE)
    results, facets, active = await run_in_threadpool(run_search, store, q, types, lang, page, size)
    pages = min(max(1, -(-results.total // size)), MAX_PAGE)  # pages past MAX_PAGE cannot be asked for
    if asked > pages:  # as on the class lists: an empty page past the end, with a link back to it, was a 200
        return error_page(request, NotFound(f"page {asked} is past the last page ({pages})",
                                            key="err_past_last_page", page=asked, pages=pages), offer is not HTML)
    sized = {"size": str(size)} if size != PAGE_SIZE else {}  # every link keeps the page size asked for
    turn = sized | ({"format": "json"} if offer is not HTML else {})  # and a JSON page links to JSON pages
    paging = {"page": page, "size": size, "pages": pages,
              "prev": link(q, types, lang, page - 1, **turn) if page > 1 else None,
              "next": link(q, types, lang, page + 1, **turn) if page < pages else None}
    if offer is not HTML:
        return JSONResponse({"query": q, "types": types, "lang": lang, "total": results.total, **paging,
                             "results": [hit_json(h) for h in results.hits],
                             "facets": [{"type": f.iri, "label": f.label, "count": f.count} for f in facets]})
    words = tokens(q)
    context = {"lang": lang, "t": translator(lang), "search_q": q, "q": q, "types": types, "results": results,
               "facets": facets, "active": active, "paging": paging, "href_of": href_of, "marks": lambda text: segments(text, words),
               "all_href": link(q, [], lang, **sized), "facet_href": lambda iri: link(q, [iri], lang, **sized),
               "json_href": link(q, types, lang, page, **sized, format="json")}
    return request.app.state.templates.TemplateResponse(request, "search.html", context)


@router.get("/search/suggest", summary="Suggestions for a query being typed")
async def suggest(request: Request, store: StoreDep) -> JSONResponse:
    """?q=&lang= → a JSON list of at most 8 entities (identifier, label, class, href)."""
    q, lang = request.query_params.get("q", ""), pick_lang(request)
    hits = await run_in_threadpool(lambda: index_for(store).suggest(q, lang=lang))
    return JSONResponse([hit_json(h) for h in hits])
