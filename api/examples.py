"""The example-query library of the editor: graph/queries/examples/*.rq, titled in vi and en."""

from __future__ import annotations

from functools import cache
from pathlib import Path

EXAMPLES_DIR = Path(__file__).resolve().parents[1] / "graph" / "queries" / "examples"


@cache
def _load() -> tuple[dict[str, str], ...]:
    """Every example: file stem, titles by language, and the query text."""
    items = []
    for path in sorted(EXAMPLES_DIR.glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        titles = {lang: line.split(":", 1)[1].strip() for line in text.splitlines()
                  for lang in ("vi", "en") if line.startswith(f"# {lang}:")}
        items.append({"id": path.stem, "vi": titles.get("vi", path.stem), "en": titles.get("en", path.stem),
                      "query": text})
    return tuple(items)


def examples(lang: str) -> list[dict[str, str]]:
    """Examples with the title in `lang`."""
    return [{"id": e["id"], "title": e[lang], "query": e["query"]} for e in _load()]
