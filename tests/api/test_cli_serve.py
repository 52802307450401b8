"""The CLI's var directory: --var wins over VNQI_VAR_DIR, which wins over ROOT/var (for every command)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import uvicorn

from api.cli import ROOT, main


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """What `vnqi serve` hands to uvicorn, without starting it."""
    seen: dict[str, Any] = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: seen.update(app=app, **kw))
    monkeypatch.setattr("api.middleware.configure_access_log", lambda: None)
    return seen


def test_var_dir_from_the_environment(served: dict[str, Any], monkeypatch: pytest.MonkeyPatch,
                                      tmp_path: Path) -> None:
    monkeypatch.setenv("VNQI_VAR_DIR", str(tmp_path / "elsewhere"))
    assert main(["serve", "--port", "8123"]) == 0
    assert served["app"].state.settings.var_dir == tmp_path / "elsewhere"
    assert served["app"].state.settings.root == ROOT and served["port"] == 8123


def test_the_option_wins_over_the_environment(served: dict[str, Any], monkeypatch: pytest.MonkeyPatch,
                                              tmp_path: Path) -> None:
    monkeypatch.setenv("VNQI_VAR_DIR", str(tmp_path / "elsewhere"))
    assert main(["--var", str(tmp_path / "given"), "serve"]) == 0
    assert served["app"].state.settings.var_dir == tmp_path / "given"


def test_default_var_dir_is_under_the_root(served: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("VNQI_VAR_DIR", raising=False)
    assert main(["serve"]) == 0
    assert served["app"].state.settings.var_dir == ROOT / "var"


def test_a_bad_setting_is_a_message_not_a_traceback(monkeypatch: pytest.MonkeyPatch,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("VNQI_WRITE_TOKEN", "short")
    assert main(["serve"]) == 2
    assert "VNQI_WRITE_TOKEN must be at least 16 characters" in capsys.readouterr().err


@pytest.mark.parametrize(("name", "value", "message"), [
    ("VNQI_QUERY_MEMORY_MB", "-1", "VNQI_QUERY_MEMORY_MB must be 0 or more"),
    ("VNQI_STREAM_FROM_BYTES", "-1", "VNQI_STREAM_FROM_BYTES must be 0 or more"),
    ("VNQI_QUERY_WORKERS", "0", "VNQI_QUERY_TIMEOUT_S, VNQI_MAX_ROWS and VNQI_QUERY_WORKERS must be positive"),
])
def test_a_bad_number_setting_is_a_message(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
                                           name: str, value: str, message: str) -> None:
    monkeypatch.setenv(name, value)
    assert main(["serve"]) == 2
    assert message in capsys.readouterr().err


def test_other_settings_do_not_concern_other_commands(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A bad VNQI_WRITE_TOKEN stops `vnqi serve` (above), not a command that never serves."""
    from api.cli import default_var

    monkeypatch.setenv("VNQI_WRITE_TOKEN", "short")
    monkeypatch.setenv("VNQI_VAR_DIR", str(tmp_path))
    assert default_var(ROOT) == tmp_path


def test_serve_answers_unparsable_requests_with_problem_json(served: dict[str, Any]) -> None:
    from api.http_protocol import ProblemHttpProtocol

    assert main(["serve"]) == 0
    assert served["http"] is ProblemHttpProtocol  # tests/api/test_http_protocol.py: what it answers
