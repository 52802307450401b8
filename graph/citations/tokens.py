"""Tokenizer of Vietnamese legal citations: the words and numbers a citation is made of, with their offsets.

Token kinds: POINT (điểm), CLAUSE (khoản), ARTICLE (Điều), CHAPTER (Chương), THIS (này), OF (của), AND (và,
hoặc), COMMA, SO (số), DOCTYPE (Luật, Nghị định, Thông tư, Thông tư liên tịch, Quyết định, Pháp lệnh), DOCNUM
(68/2006/QH11, 127/2007/NĐ-CP, 712/QĐ-TTg), NUM (23, 6a), LETTER (a, đ), ROMAN (IV), LAWNAME (a law named
without its number), STD (a standard or technical regulation code), and OTHER for everything else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

WORD_KINDS = {"điểm": "POINT", "khoản": "CLAUSE", "điều": "ARTICLE", "chương": "CHAPTER", "này": "THIS",
              "của": "OF", "và": "AND", "hoặc": "AND", "số": "SO"}
DOCTYPES = ("Thông tư liên tịch", "Nghị định", "Thông tư", "Quyết định", "Pháp lệnh", "Luật", "Bộ luật")
# A symbol's parts are upper case but for the Prime Minister's "TTg" (712/QĐ-TTg, 19/2014/QĐ-TTg, 05/CT-TTg): a
# part ending at the upper case letters cut "QĐ-TTg" to "QĐ-TT", a document no source has.
DOCNUM = r"\d+(?:/\d{4})?/[A-ZĐ]+(?:-(?:TTg|[A-ZĐ0-9]+))*|\d+-[A-Z]+/TW"
STD = (r"QCVN\s+\d+(?:-\d+)*\s*:\s*\d{4}\s*/\s*[A-ZĐ0-9]+"
       r"|TCVN(?:\s+(?:ISO/IEC|ISO|IEC))?(?:/(?:TS|TR))?\s+\d+(?:-\d+)*(?:\s*:\s*\d{4})?"
       r"|(?:ISO/IEC|ISO|IEC)(?:/(?:TS|TR|PAS))?\s+\d+(?:-\d+)*(?:\s*:\s*\d{4})?")
TOKEN = re.compile(
    rf"(?P<STD>{STD})|(?P<DOCNUM>{DOCNUM})"
    rf"|(?P<DOCTYPE>{'|'.join(DOCTYPES)})(?![\wÀ-ỹ])"
    r"|(?P<NUM>\d+[a-zđ]?)(?![\w/])|(?P<ROMAN>[IVXL]+)(?![\w])|(?P<WORD>[\wÀ-ỹ]+)|(?P<COMMA>,)|(?P<OTHER>\S)")


_NUMBER_AFTER = re.compile(r"\s+\d")


@dataclass(frozen=True)
class Token:
    """One token: kind, text and character offsets in the article text."""

    kind: str
    text: str
    start: int
    end: int


def tokenize(text: str) -> list[Token]:
    """The tokens of a text, in order."""
    out = []
    for m in TOKEN.finditer(text):
        kind, value = m.lastgroup or "OTHER", m.group()
        if kind == "WORD":
            low = value.lower()
            if low in WORD_KINDS and (low != "điều" or value == "Điều" or _NUMBER_AFTER.match(text, m.end())):
                kind = WORD_KINDS[low]  # lowercase "điều" only before a number: "các điều 12, 14 và 15"
            elif len(value) == 1 and value in "abcdđeghiklmnopqrstuvxy":
                kind = "LETTER"
        out.append(Token(kind, value, m.start(), m.end()))
    return out


def normalize_std(code: str) -> str:
    """A standard code as written officially: single spaces, no space around ':' and '/' ('ISO/IEC 17025 : 2005'
    → 'ISO/IEC 17025:2005')."""
    code = re.sub(r"\s*:\s*", ":", " ".join(code.split()))
    return re.sub(r"\s*/\s*", "/", code)
