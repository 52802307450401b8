"""Error pages speak the reader's language: a GraphError naming a UI string (key) is shown in vi or en on HTML
pages, while problem JSON keeps the English message."""

from __future__ import annotations

import ast
import string
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.strings import STRINGS
from api.strings.errors import STRINGS as ERRORS
from tests.api.entity_html import parse

ROOT = Path(__file__).resolve().parents[2]


def fields(text: str) -> set[str]:
    """The {names} of a message template."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_error_message_has_both_languages_with_the_same_fields() -> None:
    for key, texts in ERRORS.items():
        assert set(texts) == {"vi", "en"} and texts["vi"] != texts["en"], key
        assert fields(texts["vi"]) == fields(texts["en"]), key


def raised_keys(path: Path) -> list[tuple[str, set[str]]]:
    """(key, the params given) of every call in `path` with a key="err_…" keyword (params= dict keys included)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        kw = {k.arg: k.value for k in node.keywords if k.arg}
        key = kw.pop("key", None)
        if isinstance(key, ast.Constant) and str(key.value).startswith("err_"):
            params = kw.pop("params", None)
            names = set(kw) | ({k.value for k in params.keys if isinstance(k, ast.Constant)}
                               if isinstance(params, ast.Dict) else set())
            found.append((str(key.value), names))
    return found


def test_every_key_raised_is_defined_with_the_params_it_is_given() -> None:
    raised = [(path, key, given) for path in [*ROOT.glob("graph/**/*.py"), *ROOT.glob("api/**/*.py")]
              for key, given in raised_keys(path)]
    assert len(raised) >= 20
    for path, key, given in raised:
        assert key in STRINGS, f"{path}: {key}"
        assert fields(STRINGS[key]["en"]) == given, f"{path}: {key} given {given}"
    assert {key for _, key, _ in raised} == set(ERRORS)  # no message left unused


@pytest.mark.parametrize(("url", "status", "vi", "en"), [
    ("/id/doc/68-2006-qh11?at=2026-13-01", 400, "Ngày “2026-13-01” không hợp lệ", "Malformed date “2026-13-01”"),
    ("/impact?amendment=99/2099/QH99", 404, "Không có văn bản hoặc điều khoản “99/2099/QH99”",
     "Unknown document or provision: “99/2099/QH99”"),
    ("/impact?amendment=70/2025/QH15&depth=99", 400, "phải là số nguyên từ 1 đến", "expected an integer from 1 to"),
    ("/timeline?document=05/2007/QH12&on=2026-01-01&at=2026-02-02", 400, "chỉ nhập một", "give one"),
])
def test_error_pages_in_both_languages(client: TestClient, url: str, status: int, vi: str, en: str) -> None:
    for lang, words in (("vi", vi), ("en", en)):
        got = client.get(f"{url}&lang={lang}", headers={"Accept": "text/html"})
        assert got.status_code == status and got.headers["content-type"].startswith("text/html")
        assert words in parse(got.text).text()


def test_problem_json_keeps_the_english_message(client: TestClient) -> None:
    got = client.get("/id/doc/68-2006-qh11.ttl", params={"at": "2026-13-01", "lang": "vi"})
    assert got.status_code == 400 and got.json()["detail"] == "malformed at '2026-13-01': expected a date as YYYY-MM-DD"


@pytest.mark.parametrize(("url", "status", "vi", "en"), [
    ("/classes/NoSuchClass?x=1", 404, "Không có lớp “NoSuchClass” trong đồ thị", "No class “NoSuchClass” in the graph"),
    ("/classes/bad:Name?x=1", 404, "Không có lớp “bad:Name”", "No class “bad:Name”"),
    ("/classes/Law?page=999", 404, "Trang 999 vượt quá trang cuối", "Page 999 is past the last page"),
    ("/classes/Law?sort=colour", 400, "Tham số sort phải là một trong label, identifier, date, không phải “colour”",
     "sort must be one of label, identifier, date, not “colour”"),
    ("/classes/Law?page=x", 400, "Tham số page phải là số nguyên ≥ 1", "page must be an integer ≥ 1, not “x”"),
    ("/ics/99?x=1", 404, "Không có mã ICS 99 trong đồ thị", "No ICS code 99 in the graph"),
    ("/ics/abc?x=1", 400, "“abc” không phải mã ICS", "“abc” is not an ICS code"),
    ("/graph?iri=nonsense", 400, "“nonsense” không phải IRI http(s) tuyệt đối", "“nonsense” is not an absolute http(s) IRI"),
])
def test_browse_error_pages_in_both_languages(client: TestClient, url: str, status: int, vi: str, en: str) -> None:
    test_error_pages_in_both_languages(client, url, status, vi, en)
