"""`vnqi impact` on a real build (the session's built_var): table, JSON, CSV, what-if, and user errors."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from api.cli import main

ID = "https://w3id.org/vnqi/id/"


def vnqi(var: Path, *args: str) -> int:
    """Run the CLI on the built store."""
    return main(["--var", str(var), "impact", *args])


def test_table_of_70_2025(built_var: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert vnqi(built_var, "70/2025/QH15") == 0
    out = capsys.readouterr().out
    assert out.startswith("changed: Điều 3 Luật 68/2006/QH11\n"
                          "change: amended by Luật 70/2025/QH15, effective 2026-01-01")
    assert "== có thể bị ảnh hưởng (may-be-affected): 7" in out and "== để biết (informative): 1" in out
    assert "  d=2 s=0.70  Nghị định: Nghị định 127/2007/NĐ-CP\n" in out
    assert "→ được quy định chi tiết bởi → Nghị định 127/2007/NĐ-CP" in out
    assert "== excluded\n  Nghị định 22/2026/NĐ-CP: chưa có hiệu lực" in out


def test_json_and_csv(built_var: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert vnqi(built_var, "78/2025/QH15", "--format", "json", "--depth", "2", "--lang", "en") == 0
    body = json.loads(capsys.readouterr().out)
    tasks = {e["iri"].removeprefix(ID) for g in body["groups"] for e in g["entities"] if e["kind"] == "Task"}
    assert tasks == {"plan/tdc-2024/nhiem-vu-2"} and body["depth"] == 2 and body["count"] == 8
    assert vnqi(built_var, "78/2025/QH15", "--format", "csv") == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert len(rows) == 9 and rows[0]["iri"] == ID + "doc/05-2007-qh12" and rows[0]["distance"] == "1"


def test_what_if(built_var: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert vnqi(built_var, "--document", "68/2006/QH11", "--provision", "dieu-3", "--change", "amended",
                "--date", "2026-02-01", "--format", "json") == 0
    body = json.loads(capsys.readouterr().out)
    decree = next(e for g in body["groups"] for e in g["entities"] if e["identifier"] == "22/2026/NĐ-CP")
    assert decree["uncertain"] and body["amendment"]["act"] is None and body["date"] == "2026-02-01"


def test_table_says_what_is_uncertain(built_var: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert vnqi(built_var, "37/2026/NĐ-CP", "--lang", "en") == 0
    out = capsys.readouterr().out
    assert "WARNING: The data holds the change itself as “unverified”: every finding below is uncertain." in out
    assert "  [uncertain]" in out
    assert vnqi(built_var, "--document", "05/2007/QH12", "--provision", "dieu-1", "--date", "2030-01-01",
                "--lang", "en") == 0
    out = capsys.readouterr().out
    assert "Decree 132/2008/NĐ-CP  [uncertain]\n      repealed or replaced by Decree 37/2026/NĐ-CP from 23 January " \
           "2026 (unverified)\n" in out


@pytest.mark.parametrize(("args", "message"), [
    (("99/2099/QH99",), "unknown document or provision"),
    (("70/2025/QH15", "--on", "2026-02-30"), "malformed on"),
    (("70/2025/QH15", "--depth", "42"), "out of range"),
    (("--document", "68/2006/QH11", "--provision", "dieu-42"), "unknown provision"),
    (("05/2007/QH12",), "amends, replaces or repeals nothing"),
    ((), "give an amending act"),
    (("--document", "68/2006/QH11", "--provision", " "), "not an empty value"),  # was a whole-law report, exit 0
])
def test_user_errors(built_var: Path, capsys: pytest.CaptureFixture[str], args: tuple[str, ...], message: str) -> None:
    assert vnqi(built_var, *args) == 2
    err = capsys.readouterr().err
    assert err.startswith("vnqi impact: error: ") and message in err


def test_the_global_options_may_follow_the_command(built_var: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`vnqi impact 70/2025/QH15 --var V` said "unrecognized arguments"; the value after the command wins."""
    assert main(["impact", "70/2025/QH15", "--var", str(built_var), "--format", "json"]) == 0
    after = json.loads(capsys.readouterr().out)
    assert vnqi(built_var, "70/2025/QH15", "--format", "json") == 0
    assert after == json.loads(capsys.readouterr().out)
    assert main(["--var", str(built_var), "impact", "70/2025/QH15", "--var", "/nonexistent"]) == 2
    assert "no built store under /nonexistent" in capsys.readouterr().err


def test_what_if_on_a_standard_cited_by_the_laws(cited_var: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A revision of ISO 9001:2015 reaches its Vietnamese adoption and the articles of 20/2019/TT-BKHCN that cite it
    (links the citations importer reads in the Bộ pháp điển texts)."""
    assert vnqi(cited_var, "--document", "ISO 9001:2015", "--change", "replaced", "--format", "json") == 0
    body = json.loads(capsys.readouterr().out)
    near = {e["iri"].removeprefix(ID) for g in body["groups"] for e in g["entities"] if e["distance"] == 1}
    assert "std/tcvn-iso-9001-2015" in near
    assert {f"doc/20-2019-tt-bkhcn/dieu-{n}" for n in (7, 10, 11, 15, 17, 18)} <= near
    articles = [e["iri"].rsplit("-", 1)[-1] for g in body["groups"] for e in g["entities"]
                if e["distance"] == 1 and "/20-2019-tt-bkhcn/dieu-" in e["iri"]]
    assert articles == ["7", "10", "11", "15", "17", "18"]  # numbers read as numbers, not as text


@pytest.mark.parametrize("act", ["26/2014/TT-BKHCN", "20/2019/TT-BKHCN"])
def test_an_act_is_not_affected_by_what_it_does(cited_var: Path, capsys: pytest.CaptureFixture[str], act: str) -> None:
    """The articles of 26/2014 and 20/2019 that replace and repeal older circulars cite them; they are the act
    doing the change, not entities it affects."""
    assert vnqi(cited_var, act, "--format", "json") == 0
    body = json.loads(capsys.readouterr().out)
    own = ID + "doc/" + act.lower().replace("/", "-")
    assert body["amendment"]["act"] == own and body["changed"]
    assert not [e["iri"] for g in body["groups"] for e in g["entities"] if e["iri"] == own or e["iri"].startswith(own + "/")]
