"""Text handling of the search index: Vietnamese folding, tokens, safe FTS5 MATCH expressions, snippets.

Folding (index and query alike): decompose, drop combining marks, đ/Đ → d, lower case (fold_fast); `fold` does the
same character by character, keeping the length of an NFC text, so a match found in the folded text is at the same
offsets in the original (used for snippets). User text never reaches FTS5 syntax: it is cut into alphanumeric tokens, each written as a
quoted FTS5 string, and the expression is passed to MATCH as a bound parameter.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

MAX_QUERY_CHARS = 256  # longer queries are cut (never an error)
MAX_TOKENS = 12  # tokens beyond are ignored
_TOKEN = re.compile(r"[^\W_]+")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+")


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    """One character folded to one character: base letter, lower case, đ → d (unchanged if that is impossible)."""
    if char in "đĐ":
        return "d"
    base = "".join(c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c)).lower()
    return base if len(base) == 1 else char


def nfc(text: str) -> str:
    """The NFC form (what is stored and shown)."""
    return unicodedata.normalize("NFC", text)


class _FoldTable(dict[int, str]):
    """str.translate table of _fold_char, filled as characters are met (translate then runs at C speed)."""

    def __missing__(self, code: int) -> str:
        folded = self[code] = _fold_char(chr(code))
        return folded


_FOLD_TABLE = _FoldTable()


def fold(text: str) -> str:
    """Case- and diacritic-insensitive form of an NFC text, of the same length ("Đo lường" → "do luong")."""
    return text.translate(_FOLD_TABLE)


def fold_fast(text: str) -> str:
    """What fold gives, without keeping the length (strings of the index and queries: C-speed)."""
    if text.isascii():
        return text.lower()
    plain = _COMBINING.sub("", unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D")))
    return plain.lower()


def tokens(text: str) -> list[str]:
    """The folded alphanumeric tokens of a user query (at most MAX_TOKENS, from at most MAX_QUERY_CHARS)."""
    return _TOKEN.findall(fold_fast(text[:MAX_QUERY_CHARS]))[:MAX_TOKENS]


def key(text: str) -> str:
    """Exact-match key of an identifier or a name, like graph.ids.slug ("TCVN ISO 9001:2015" → "tcvn-iso-9001-2015")."""
    return _NON_ALNUM.sub("-", fold_fast(text[:MAX_QUERY_CHARS])).strip("-")


def endings(text: str) -> dict[str, int]:
    """Exact-match keys of the query's endings of two tokens or more that hold a digit, from its last MAX_TOKENS
    tokens ("Luật số 05/2007/QH12" → so-05-2007-qh12, 05-2007-qh12), each with how many tokens it leaves out."""
    words = _TOKEN.findall(fold_fast(text[:MAX_QUERY_CHARS]))[-MAX_TOKENS:]
    found: dict[str, int] = {}
    for left_out in range(1, len(words) - 1):
        ending = key(" ".join(words[left_out:]))
        if any(c.isdigit() for c in ending):  # a number cited ("quản lý chất lượng" is not the concept "chất lượng")
            found.setdefault(ending, left_out)
    return found


def _quoted(token: str) -> str:
    """One token as an FTS5 string (a double quote inside is doubled)."""
    return '"' + token.replace('"', '""') + '"'


def match_expr(words: list[str], columns: tuple[str, ...] = (), prefix: bool = False) -> str:
    """An FTS5 expression: every token (the last one as a prefix if asked), in `columns` if given."""
    parts = [_quoted(w) for w in words]
    if prefix and parts:
        parts[-1] += " *"
    expr = "(" + " AND ".join(parts) + ")"
    return "{" + " ".join(columns) + "} : " + expr if columns else expr


def snippet(text: str, words: list[str], width: int = 160) -> str | None:
    """A window of `text` around the first occurrence of a query token (None when no token occurs)."""
    folded = fold(text)
    found = [m.start() for w in words for m in [re.search(r"(?<![^\W_])" + re.escape(w), folded)] if m]
    if not found:
        return None
    start = max(0, min(found) - width // 3)
    end = min(len(text), start + width)
    if start > 0:
        start = text.find(" ", start, min(found)) + 1 or start
    return ("…" if start > 0 else "") + text[start:end].strip() + ("…" if end < len(text) else "")


def segments(text: str, words: list[str]) -> list[tuple[str, bool]]:
    """`text` cut into (part, is_query_token) pieces, for highlighting (the template escapes every part)."""
    if not words:
        return [(text, False)]
    pattern = re.compile(r"(?<![^\W_])(?:" + "|".join(re.escape(w) for w in words) + r")[^\W_]*")
    folded, out, pos = fold(text), [], 0
    for m in pattern.finditer(folded):
        if m.start() > pos:
            out.append((text[pos:m.start()], False))
        out.append((text[m.start():m.end()], True))
        pos = m.end()
    if pos < len(text):
        out.append((text[pos:], False))
    return out
