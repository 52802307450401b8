"""Documents a text ends as a whole, read in its final provisions: "Các Thông tư dưới đây hết hiệu lực kể từ ngày
Thông tư này có hiệu lực thi hành:\\na) Thông tư số 12/2010/TT-BKHCN …", "Thông tư số 16/2012/TT-BKHCN … hết hiệu
lực kể từ ngày Thông tư này có hiệu lực thi hành", "Bãi bỏ hiệu lực thi hành của Quyết định số 31/2002/QĐ-BKHCNMT
…", "Bãi bỏ Nghị định số 179/2004/NĐ-CP …".

Each becomes vnqi:repeals from the document the article is in (citations_replacements.py gives the statement node).
A document is read only where it stands as a whole: a lettered point's first words ("a) Thông tư số …"), or, in a
sentence that ends documents, the sentence's first words or the words after ", " or " và ". A document named
after "tại", after a provision ("tại điểm d khoản 2 Điều 1 Quyết định số 444/QĐ-TTg": a part only) or inside
another's title ("… quy định tại Nghị định số 84/2009/NĐ-CP") is not read as ended.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from graph.citations.tokens import DOCNUM, DOCTYPES

TYPES = "|".join(DOCTYPES)
ENDED = re.compile(rf"hết hiệu lực(?: thi hành)? kể từ ngày (?:{TYPES}) này có hiệu lực(?: thi hành)?")
REPEALED = re.compile(rf"\b[Bb]ãi bỏ (?:hiệu lực (?:thi hành )?của )?(?:(?:các văn bản|các quy định)[^:\n]*:|(?=(?:{TYPES}) ))")
FIRST = re.compile(rf"(?:{TYPES})\s+(?:số\s+)?({DOCNUM})")  # a document named at the place matched
NEXT = re.compile(rf"(?:,\s*|\s+và\s+)(?:{TYPES})\s+(?:số\s+)?({DOCNUM})")  # one named after ", " or " và "
POINT = re.compile(rf"\n\s*[a-zđ]\)\s+(?:{TYPES})\s+(?:số\s+)?({DOCNUM})")
CLAUSE_START = re.compile(r"^\s*\d+\.\s+")


def ended_numbers(text: str) -> Iterator[tuple[str, str]]:
    """(number, the words read) of each document a text ends as a whole."""
    for found in ENDED.finditer(text):
        if text.startswith(":", found.end()):
            yield from _points(text, found)
            continue
        start = text.rfind("\n", 0, found.start()) + 1
        start += CLAUSE_START.match(text[start:]).end() if CLAUSE_START.match(text[start:]) else 0
        sentence = text[start:found.end()]
        first = FIRST.match(text, start, found.start())
        yield from ((m.group(1), sentence) for m in ([first] if first else []) + list(
            NEXT.finditer(text, start, found.start())))
    for found in REPEALED.finditer(text):
        if text[found.end() - 1] == ":":
            yield from _points(text, found)
        elif (item := FIRST.match(text, found.end())) is not None:
            yield item.group(1), text[found.start():item.end()]


def _points(text: str, found: re.Match[str]) -> Iterator[tuple[str, str]]:
    """The documents of the lettered points right after a list's lead-in (each point a whole document)."""
    at = found.end()
    while (item := POINT.match(text, at if text[at] == "\n" else at + 1)) is not None:
        yield item.group(1), text[found.start():found.end()] + " … " + item.group(0).strip()
        at = text.find("\n", item.end())
        if at < 0:
            return
