"""The SPARQL query editor page: YASGUI (installed from the npm registry at set-up, served locally) over a plain form
that works without JavaScript, the project's prefixes declared, the example library, and a refused query's error."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import Response

from api.errors import status_for, status_headers
from api.i18n import pick_lang, translator
from graph.errors import GraphError
from graph.namespaces import PREFIXES

VENDOR_DIR = Path(__file__).resolve().parent / "static" / "vendor" / "yasgui"  # filled by `make setup`
VENDOR_FILES = ("yasgui.min.js", "yasgui.min.css")
DEFAULT_QUERY = "SELECT ?class (COUNT(?s) AS ?n) WHERE { ?s a ?class } GROUP BY ?class ORDER BY DESC(?n)\n"


@cache
def editor_assets() -> bool:
    """True when YASGUI's built files are in api/static/vendor/yasgui/ (checked once per process)."""
    return all((VENDOR_DIR / name).is_file() for name in VENDOR_FILES)


def with_declared_prefixes(query: str) -> str:
    """The query with a PREFIX line for each project prefix it does not declare itself (examples rely on them)."""
    declared = set(re.findall(r"(?im)^\s*PREFIX\s+([^\s:]*):", query))
    missing = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items() if p not in declared)
    return f"{missing}\n{query}" if missing else query


def editor_page(request: Request, query: str | None, error: GraphError | None = None) -> Response:
    """The HTML query editor: YASGUI when its files are installed, over a plain form that works without JavaScript;
    with `error`, the form's query refused, shown above it with the error's status (the query is not run again)."""
    from api.examples import examples

    lang = pick_lang(request)
    initial = query if query else with_declared_prefixes(DEFAULT_QUERY)
    config: dict[str, Any] = {"endpoint": "/sparql", "lang": lang, "query": initial,
                              "run": bool(query) and error is None,
                              "prefixes": PREFIXES, "base": request.app.state.settings.base_iri}
    shown = None if error is None else {"status": status_for(error), "detail": str(error),
                                        "line": getattr(error, "line", None), "column": getattr(error, "column", None)}
    context = {"lang": lang, "t": translator(lang), "query": query, "initial_query": initial, "prefixes": PREFIXES,
               "examples": [{**ex, "query": with_declared_prefixes(ex["query"])} for ex in examples(lang)],
               "editor_assets": editor_assets(), "editor_config": config, "error": shown}
    status = 200 if shown is None else shown["status"]
    return request.app.state.templates.TemplateResponse(request, "sparql.html", context, status_code=status,
                                                        headers=status_headers(status))
