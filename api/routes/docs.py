"""/docs: the OpenAPI document in Swagger UI, served from /static/vendor (no CDN, no inline script)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from api.i18n import pick_lang, translator

router = APIRouter()


@router.get("/docs", response_class=HTMLResponse, include_in_schema=False)
async def docs(request: Request) -> HTMLResponse:
    """Swagger UI over /openapi.json (a link to the JSON when the front-end assets are not installed)."""
    lang = pick_lang(request)
    return request.app.state.templates.TemplateResponse(request, "docs.html", {"lang": lang, "t": translator(lang)})
