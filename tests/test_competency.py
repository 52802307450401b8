"""Competency questions: graph/queries/examples/NN-name.rq, answered exactly as tests/competency/NN-name.csv says.

The same files are the example library of the query editor. Each .rq starts with comment lines giving the question in Vietnamese (`# vi:`) and English (`# en:`) and the
source of the expected answer (`# source:`). The .csv holds the expected solutions (header = variables; IRIs in
full; literals by their lexical form). Rows are compared in order when the query has ORDER BY, as multisets
otherwise.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from graph.query import with_prefixes
from graph.results import plain
from graph.store import EmbeddedStore

CQ_DIR = Path(__file__).parent / "competency"
QUESTIONS = sorted((Path(__file__).resolve().parents[1] / "graph" / "queries" / "examples").glob("*.rq"))


def expected_rows(path: Path) -> tuple[list[str], list[list[str]]]:
    """Header and rows of the expected CSV."""
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    return rows[0], rows[1:]


def test_there_are_at_least_25_questions_each_with_an_answer() -> None:
    assert len(QUESTIONS) >= 25
    assert sorted(p.stem for p in CQ_DIR.glob("*.csv")) == [p.stem for p in QUESTIONS]


@pytest.mark.parametrize("rq", QUESTIONS, ids=lambda p: p.stem)
def test_question_has_both_languages_and_a_source(rq: Path) -> None:
    text = rq.read_text(encoding="utf-8")
    for tag in ("# vi:", "# en:", "# source:"):
        assert tag in text, f"{rq.name} lacks a '{tag}' comment line"


@pytest.mark.parametrize("rq", QUESTIONS, ids=lambda p: p.stem)
def test_competency_answer_is_exact(rq: Path, store: EmbeddedStore) -> None:
    text = rq.read_text(encoding="utf-8")
    header, rows = expected_rows(CQ_DIR / f"{rq.stem}.csv")
    result = store.select(with_prefixes(text))
    assert list(result.variables) == header
    got = [[plain(t) for t in row] for row in result.rows]
    if re.search(r"\bORDER\s+BY\b", text, re.IGNORECASE):
        assert got == rows
    else:
        assert sorted(got) == sorted(rows)
