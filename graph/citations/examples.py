"""Examples in article texts: a code written after "Ví dụ" illustrates a rule (a notation, a numbering scheme),
it does not refer to that standard ("Ví dụ: TCVN 1234:2019 là ký hiệu của TCVN có số hiệu là 1234 …",
"Ví dụ: ký hiệu TCVN ISO 22301:2018 (ISO 22301:2012) …", "QCVN 01:2016/XXX").

An example runs from "ví dụ" to the start of the next numbered clause ("2.") or lettered point ("a)", "a5)") at a
line start, or to the end of the text: an example may go on over several lines (the cover layout of the notation it
shows), so it is taken to end with its clause or point. Longer is the safe side: a code read as an example is
linked as mentioned, not as relied on, and gives no node of its own.
"""

from __future__ import annotations

import re

EXAMPLE = re.compile(r"\b[Vv]í dụ\b")
NEXT_PART = re.compile(r"\n\s*(?:\d+(?:\.\d+)*\.|[^\W\d_]\d*\))\s")  # "2. ", "a) ", "a5) ", a Cyrillic "с) "


def example_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of the examples of a text, in order."""
    spans: list[tuple[int, int]] = []
    for found in EXAMPLE.finditer(text):
        if spans and found.start() < spans[-1][1]:
            continue  # a second "ví dụ" inside the same example
        end = NEXT_PART.search(text, found.end())
        spans.append((found.start(), end.start() if end else len(text)))
    return spans


def in_example(spans: list[tuple[int, int]], offset: int) -> bool:
    """Whether a character offset lies inside one of the spans."""
    return any(start <= offset < end for start, end in spans)
