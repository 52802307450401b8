"""The benchmark's query mix (bench/queries/*.rq) and the summary that compares engines' answers to it."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

QUERIES_DIR = Path(__file__).resolve().parent / "queries"
ACCEPT = {"select": "application/sparql-results+json", "ask": "application/sparql-results+json",
          "construct": "application/n-triples"}


@dataclass(frozen=True)
class Query:
    name: str
    text: str
    form: str  # select | ask | construct
    intent: str


def query_form(text: str) -> str:
    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    body = re.sub(r"(?i)\bPREFIX\s+\S*:\s*<[^>]*>", " ", body)
    found = re.search(r"(?i)\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", body)
    if not found or found.group(1).upper() == "DESCRIBE":
        raise ValueError("the mix supports SELECT, ASK and CONSTRUCT")
    return found.group(1).lower()


def load_queries(folder: Path = QUERIES_DIR) -> list[Query]:
    out = []
    for path in sorted(folder.glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        intent = " ".join(line.lstrip("# ").strip() for line in text.splitlines() if line.startswith("#"))
        out.append(Query(path.stem, text, query_form(text), intent.removeprefix("Intent: ")))
    return out


# ------------------------------------------------------------------------------------------ results


def summarise(form: str, body: bytes) -> tuple[int, object]:
    """(rows, signature) of a response body; the signature compares results across engines."""
    if form == "construct":
        lines = {line.strip() for line in body.decode("utf-8").splitlines() if line.strip()}
        return len(lines), None  # serialisers escape differently: compare distinct triple counts only
    data = json.loads(body)
    if form == "ask":
        return int(bool(data["boolean"])), bool(data["boolean"])
    bindings = data["results"]["bindings"]
    rows = sorted(tuple(sorted((k, b[k]["value"]) for k in b)) for b in bindings)
    return len(bindings), rows
