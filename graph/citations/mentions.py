"""Codes a text mentions without relying on them: written in an example, or in the title of a document it replaces.

A code written after "Ví dụ" illustrates a rule (a notation, a numbering scheme), it does not refer to that standard
("Ví dụ: TCVN 1234:2019 là ký hiệu của TCVN có số hiệu là 1234 …", "Ví dụ: ký hiệu TCVN ISO 22301:2018 (ISO
22301:2012) …", "QCVN 01:2016/XXX"). An example runs from "ví dụ" to the start of the next numbered clause ("2.") or
lettered point ("a)", "a5)") at a line start, or to the end of the text: an example may go on over several lines
(the cover layout of the notation it shows), so it is taken to end with its clause or point. A point opened inside a
line ("…; b) …") does not end it: no text of the corpus has one after an example, and reading it so would take a
code relied on after the example for a mention.

A sentence that replaces or repeals a document names it with its title, and a title may hold a code: "… và thay
thế Quyết định số 144/2006/QĐ-TTg ngày 20 tháng 6 năm 2006 của Thủ tướng Chính phủ về việc áp dụng … theo Tiêu
chuẩn TCVN ISO 9001:2000 …". The replacing text does not rely on TCVN ISO 9001:2000; the replaced one did. Such a
title runs from the document's number to the end of the sentence.
"""

from __future__ import annotations

import re

from graph.citations.tokens import DOCNUM, DOCTYPES

EXAMPLE = re.compile(r"\b[Vv]í dụ\b")
NEXT_PART = re.compile(r"\n\s*(?:\d+(?:\.\d+)*\.|[^\W\d_]\d*\))\s")  # "2. ", "a) ", "a5) ", a Cyrillic "с) "
REPLACED = re.compile(rf"\b(?:[Tt]hay thế|[Bb]ãi bỏ)\s+(?:{'|'.join(DOCTYPES)})\s+(?:số\s+)?(?:{DOCNUM})")
SENTENCE_END = re.compile(r"\.(?:\s|$)|;|\n")
KINDS = ("example", "replaced-title")


def example_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of the examples of a text, in order."""
    spans: list[tuple[int, int]] = []
    for found in EXAMPLE.finditer(text):
        if spans and found.start() < spans[-1][1]:
            continue  # a second "ví dụ" inside the same example
        end = NEXT_PART.search(text, found.end())
        spans.append((found.start(), end.start() if end else len(text)))
    return spans


def replaced_title_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of the titles of the documents a text replaces or repeals: after the number, to the end
    of the sentence."""
    spans = []
    for found in REPLACED.finditer(text):
        end = SENTENCE_END.search(text, found.end())
        spans.append((found.end(), end.start() if end else len(text)))
    return spans


def mention_kinds(text: str) -> dict[str, list[tuple[int, int]]]:
    """The spans of a text where a code is only mentioned, by kind."""
    return {"example": example_spans(text), "replaced-title": replaced_title_spans(text)}


def mention_at(kinds: dict[str, list[tuple[int, int]]], offset: int) -> str | None:
    """The kind of mention an offset lies in, if any."""
    return next((kind for kind in KINDS if any(start <= offset < end for start, end in kinds[kind])), None)
