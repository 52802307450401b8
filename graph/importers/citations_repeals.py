"""Documents a text ends as a whole, read in its final provisions: "Các Thông tư dưới đây hết hiệu lực kể từ ngày
Thông tư này có hiệu lực thi hành:\\na) Thông tư số 12/2010/TT-BKHCN …", "Thông tư số 16/2012/TT-BKHCN … hết hiệu
lực kể từ ngày Thông tư này có hiệu lực thi hành", "Bãi bỏ hiệu lực thi hành của Quyết định số 31/2002/QĐ-BKHCNMT
…", "Bãi bỏ Nghị định số 179/2004/NĐ-CP …".

Each becomes vnqi:repeals from the document the article is in (citations_replacements.py gives the statement node).
A document is read only where it stands as a whole: a lettered point's first words ("a) Thông tư số …"), or, in
the sentence that ends documents, the sentence's first words or the words right after ", " or " và ". A document
named after "tại" or after a provision ("tại điểm d khoản 2 Điều 1 Quyết định số 444/QĐ-TTg": a part only) is
not read; one inside another's title is not read when the title names it after "tại", "của" or a provision, but a
title that lists documents with ", " or " và " would be misread (no sentence of the corpus has one). "Bãi bỏ" is
read only where it opens a sentence or a clause; a sentence or point that makes an exception ("trừ …") is not read.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from graph.citations.tokens import DOCNUM, DOCTYPES

TYPES = "|".join(DOCTYPES)
ENDED = re.compile(rf"hết hiệu lực(?: thi hành)? kể từ ngày (?:{TYPES}) này có hiệu lực(?: thi hành)?")
REPEALED = re.compile(rf"[Bb]ãi bỏ (?:hiệu lực (?:thi hành )?của )?(?:các văn bản[^:\n]*:|(?=(?:{TYPES}) ))")
FIRST = re.compile(rf"(?:{TYPES})\s+(?:số\s+)?({DOCNUM})")  # a document named at the place matched
NEXT = re.compile(rf"(?:,\s*|\s+và\s+)(?:{TYPES})\s+(?:số\s+)?({DOCNUM})")  # one named after ", " or " và "
POINT = re.compile(rf"[ \t]*\n\s*[a-zđ]\)\s+(?:{TYPES})\s+(?:số\s+)?({DOCNUM})")
SENTENCE_START = re.compile(r"(?:^|[.;:]\s+|\n)(?:\s*\d+\.\s+)?$")  # what may stand before a sentence's first word
SENTENCE_END = re.compile(r"[.;]\s|[.;]?$|\n", re.MULTILINE)
EXCEPT = re.compile(r"\btrừ\b")


def ended_numbers(text: str) -> Iterator[tuple[str, str]]:
    """(number, the words read) of each document a text ends as a whole, each once."""
    seen: set[str] = set()
    for number, words in (*_ended(text), *_repealed(text)):
        if number not in seen:
            seen.add(number)
            yield number, words


def _ended(text: str) -> Iterator[tuple[str, str]]:
    """The documents of the sentences "… hết hiệu lực kể từ ngày <type> này có hiệu lực"."""
    for found in ENDED.finditer(text):
        if text.startswith(":", found.end()):
            yield from _points(text, found.start(), found.end() + 1)
            continue
        start = _sentence_start(text, found.start())
        if EXCEPT.search(text, found.end(), _sentence_end(text, found.end())):
            continue
        yield from _listed(text, start, found.start(), text[start:found.end()])


def _repealed(text: str) -> Iterator[tuple[str, str]]:
    """The documents of the sentences that open with "Bãi bỏ (hiệu lực (thi hành) của) …"."""
    for found in REPEALED.finditer(text):
        if not SENTENCE_START.search(text, 0, found.start()):
            continue  # "… đề nghị bãi bỏ …", "Quyết định số X đã bãi bỏ …": not this text's own act
        if text[found.end() - 1] == ":":
            yield from _points(text, found.start(), found.end())
        elif not EXCEPT.search(text, found.end(), _sentence_end(text, found.end())):
            end = _sentence_end(text, found.end())
            yield from _listed(text, found.end(), end, text[found.start():end], consecutive=True)


def _listed(text: str, start: int, end: int, words: str, consecutive: bool = False) -> Iterator[tuple[str, str]]:
    """The documents named at `start` and after ", " or " và " up to `end` (right after each other if
    `consecutive`)."""
    first = FIRST.match(text, start, end)
    if first is None:
        return
    yield first.group(1), words
    at = first.end()
    for item in NEXT.finditer(text, at, end):
        if consecutive and item.start() != at:
            return
        yield item.group(1), words
        at = item.end()


def _points(text: str, lead: int, at: int) -> Iterator[tuple[str, str]]:
    """The documents of the lettered points after a list's lead-in (text[lead:at]), each a whole document unless
    its point makes an exception."""
    while (item := POINT.match(text, at)) is not None:
        line_end = text.find("\n", item.end())
        line_end = len(text) if line_end < 0 else line_end
        if not EXCEPT.search(text, item.end(), line_end):
            yield item.group(1), text[lead:at].rstrip(":") + " … " + item.group(0).strip()
        at = line_end


def _sentence_start(text: str, at: int) -> int:
    """Where the sentence holding `at` starts, after a clause number ("2. ")."""
    start = max(text.rfind("\n", 0, at), max((m.end() - 1 for m in re.finditer(r"[.;]\s", text[:at])), default=-1))
    start += 1
    number = re.match(r"\s*\d+\.\s+", text[start:at])
    return start + (number.end() if number else 0)


def _sentence_end(text: str, at: int) -> int:
    """Where the sentence holding `at` ends (its full stop or semicolon, its line's end)."""
    end = SENTENCE_END.search(text, at)
    return end.start() if end else len(text)
