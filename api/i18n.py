"""UI language: Vietnamese by default, English by choice (query parameter, then cookie)."""

from __future__ import annotations

from urllib.parse import parse_qs, urlencode

from fastapi import Request

from api.strings import STRINGS

LANGS = ("vi", "en")


def pick_lang(request: Request) -> str:
    """The requested UI language: ?lang=, then the 'lang' cookie, then Vietnamese."""
    for candidate in (request.query_params.get("lang"), request.cookies.get("lang")):
        if candidate in LANGS:
            return candidate
    return "vi"


def translator(lang: str):  # type: ignore[no-untyped-def]
    """A function key → UI string in `lang`."""
    return lambda key: STRINGS[key][lang]


def error_message(exc: Exception, lang: str) -> str:
    """An error's message in `lang` when it names one of the UI strings (GraphError.key), else its own text."""
    key, params = getattr(exc, "key", None), getattr(exc, "params", {})
    if key in STRINGS:
        return STRINGS[key][lang].format(**params)
    return str(exc)


def other_lang_href(request: Request, lang: str) -> str:
    """This page's path and query with `lang` switched to the other language."""
    other = "en" if lang == "vi" else "vi"
    params = [(k, v) for k, v in request.query_params.multi_items() if k != "lang"] + [("lang", other)]
    return str(request.url.path) + "?" + urlencode(params)


def lang_cookie(query_string: bytes, cookie_header: str | None) -> str | None:
    """The Set-Cookie value that keeps a language chosen with ?lang=, when it differs from the cookie sent."""
    chosen = parse_qs(query_string.decode("latin-1")).get("lang", [None])[-1]
    if chosen not in LANGS or f"lang={chosen}" in (cookie_header or "").replace(" ", "").split(";"):
        return None
    return f"lang={chosen}; Max-Age={365 * 24 * 3600}; Path=/; SameSite=Lax"
