"""UI language: Vietnamese by default, English by choice (query parameter, then cookie, then Accept-Language)."""

from __future__ import annotations

from urllib.parse import parse_qs, quote, urlencode

from fastapi import Request

from api.strings import STRINGS

LANGS = ("vi", "en")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")


def pick_lang(request: Request) -> str:
    """The requested UI language: ?lang=, then the 'lang' cookie, then Accept-Language, then Vietnamese."""
    for candidate in (request.query_params.get("lang"), request.cookies.get("lang")):
        if candidate in LANGS:
            return candidate
    return accepted_lang(request.headers.get("accept-language"))


def accepted_lang(header: str | None) -> str:
    """The language of LANGS an Accept-Language header prefers (RFC 9110 §12.5.4, RFC 4647 §3.3.1: q-values, then
    the order given; `en-US` counts as `en`; `*` stands for the languages not named, so `vi;q=0, *` means English);
    Vietnamese when it accepts neither."""
    named: dict[str, tuple[float, int]] = {}  # lang → (q, position) of its first mention
    star: tuple[float, int] | None = None
    for position, item in enumerate((header or "")[:1000].split(",")):
        tag, _, params = item.strip().partition(";")
        primary = tag.strip().lower().split("-")[0]
        if primary == "*":
            star = star or (_quality(params), position)
        elif primary in LANGS:
            named.setdefault(primary, (_quality(params), position))
    ranked = [(q, -position, -rank, lang) for rank, lang in enumerate(LANGS)
              for q, position in [named.get(lang) or star or (0.0, 0)] if q > 0]
    return max(ranked)[3] if ranked else "vi"


def _quality(params: str) -> float:
    """The q-value of an Accept-Language item's parameters (1 when absent, 0 when malformed)."""
    for param in params.split(";"):
        name, _, value = param.strip().partition("=")
        if name.strip().lower() == "q":
            try:
                q = float(value)
            except ValueError:
                return 0.0
            return q if 0.0 <= q <= 1.0 else 0.0
    return 1.0


def translator(lang: str):  # type: ignore[no-untyped-def]
    """A function key → UI string in `lang`."""
    return lambda key: STRINGS[key][lang]


def error_message(exc: Exception, lang: str) -> str:
    """An error's message in `lang` when it names one of the UI strings (GraphError.key), else its own text."""
    key, params = getattr(exc, "key", None), getattr(exc, "params", {})
    if key in STRINGS:
        return STRINGS[key][lang].format(**params)
    return str(exc)


def path_of(request: Request) -> str:
    """This page's path, percent-encoded again for a link (a decoded %3F, %23 or %25 would make another URL; so
    would request.url.path, which is cut at a decoded '?'). The server puts any root path in it already."""
    return quote(request.scope["path"], safe="/-._~!$&'()*+,;=:@")


def other_lang_href(request: Request, lang: str) -> str:
    """This page's path and query with `lang` switched to the other language."""
    other = "en" if lang == "vi" else "vi"
    params = [(k, v) for k, v in request.query_params.multi_items() if k != "lang"] + [("lang", other)]
    return path_of(request) + "?" + urlencode(params)


def lang_cookie(query_string: bytes, cookie_header: str | None) -> str | None:
    """The Set-Cookie value that keeps a language chosen with ?lang=, when it differs from the cookie sent."""
    chosen = parse_qs(query_string.decode("latin-1")).get("lang", [None])[-1]
    if chosen not in LANGS or f"lang={chosen}" in (cookie_header or "").replace(" ", "").split(";"):
        return None
    return f"lang={chosen}; Max-Age={365 * 24 * 3600}; Path=/; SameSite=Lax"


def human_date(value: object, lang: str) -> str:
    """A date as people write it: 29/06/2006 in Vietnamese, 29 June 2006 in English; a month alone 05/2025 or
    May 2025; anything else (a year, a time) as given."""
    text = str(value)
    parts = text[:10].split("-")
    if not all(p.isascii() and p.isdigit() and len(p) <= 4 for p in parts):  # '²' is a digit to isdigit()
        return text
    if len(parts) == 3 and 1 <= int(parts[1]) <= 12:
        y, m, d = parts
        return f"{d}/{m}/{y}" if lang == "vi" else f"{int(d)} {MONTHS[int(m) - 1]} {y}"
    if len(parts) == 2 and len(parts[0]) == 4 and 1 <= int(parts[1]) <= 12:
        y, m = parts
        return f"{m}/{y}" if lang == "vi" else f"{MONTHS[int(m) - 1]} {y}"
    return text
