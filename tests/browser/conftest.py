"""Browser tests: one real build (seed, facts and the Bộ pháp điển import), one `vnqi serve`, one headless
Chromium per session; every page records console errors and failed requests and must end the test with none."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn

import httpx
import pytest

from api.sparql_editor import with_declared_prefixes
from tests.conftest import serve_var

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
TIMEOUT_MS = 15_000


def _missing_system(reason: str) -> NoReturn:
    """Skip, or fail when `make test` requires the system packages (VNQI_REQUIRE_SYSTEM=1)."""
    if os.environ.get("VNQI_REQUIRE_SYSTEM") == "1":
        pytest.fail(f"{reason} (VNQI_REQUIRE_SYSTEM=1: run tools/system-packages.sh as root)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser_var(cited_var: Path) -> Path:
    """The real build with the Bộ pháp điển import and its citations (tests/conftest.py::cited_var)."""
    return cited_var


@dataclass(frozen=True)
class Served:
    """The running server: its base URL and its log file."""

    base: str
    log: Path

    def errors(self, lines: int = 40) -> str:
        """The end of the server's log without the access-log lines (JSON): where a 500's traceback is."""
        text = self.log.read_text(encoding="utf-8", errors="replace").splitlines()
        return "\n".join([line for line in text if not line.startswith("{")][-lines:])


@pytest.fixture(scope="session")
def served(browser_var: Path) -> Iterator[Served]:
    """`vnqi serve` started for real on 127.0.0.1 over the build; stopped after the session."""
    with serve_var(browser_var, query_timeout_s="10", query_workers="1") as (base, _, log_path):  # one worker
        yield Served(base, log_path)


@pytest.fixture(scope="session")
def server(served: Served) -> str:
    """The base URL of the running `vnqi serve`."""
    return served.base


@pytest.fixture(scope="session")
def sparql(server: str):  # type: ignore[no-untyped-def]
    """Run a SELECT on the served graph (the project prefixes are pre-declared); returns rows of plain values."""

    def run(query: str) -> list[dict[str, str]]:
        response = httpx.post(server + "/sparql", data={"query": with_declared_prefixes(query)},
                              headers={"Accept": "application/sparql-results+json"}, timeout=30)
        response.raise_for_status()
        return [{k: v["value"] for k, v in row.items()} for row in response.json()["results"]["bindings"]]

    return run


@pytest.fixture(scope="module")  # Playwright's sync API holds an event loop: ended with each module
def browser() -> Iterator[Any]:
    """One headless Chromium (Debian's) per test module; Playwright gives it a fresh temporary profile."""
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError as exc:
        _missing_system(f"Playwright for Python is not installed ({exc})")
    if not CHROMIUM.is_file():
        _missing_system(f"Chromium not found at {CHROMIUM}")
    with sync_playwright() as playwright:
        try:
            chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        except Error as exc:
            _missing_system(f"Chromium at {CHROMIUM} did not start: {exc}")
        yield chromium
        chromium.close()


@dataclass
class PageLog:
    """What went wrong on a page: console errors, uncaught exceptions, failed requests and HTTP errors."""

    problems: list[str] = field(default_factory=list)

    def watch(self, page: Any) -> Any:
        """Record `page`'s problems; returns the page."""
        page.on("console", lambda m: m.type == "error" and self.problems.append(f"console: {m.text} @ {m.location}"))
        page.on("pageerror", lambda e: self.problems.append(f"uncaught: {e}"))
        page.on("requestfailed", self._failed)
        page.on("response", lambda r: r.status >= 400 and self.problems.append(f"HTTP {r.status}: {r.url}"))
        return page

    def _failed(self, request: Any) -> None:
        """A request that got no response; one cancelled (a navigation, an aborted fetch) is not a failure."""
        if request.failure != "net::ERR_ABORTED":
            self.problems.append(f"failed: {request.method} {request.url}: {request.failure}")


def _context(browser: Any, server: str, log: PageLog, **options: Any) -> Any:
    """A new browser context on the server (no cookies), whose pages are watched by `log`; a Vietnamese reader's
    browser (Accept-Language: vi-VN) unless `locale` says otherwise."""
    options = {"locale": "vi-VN", **options}
    context = browser.new_context(base_url=server, viewport={"width": 1280, "height": 900}, **options)
    context.set_default_timeout(TIMEOUT_MS)
    context.on("page", log.watch)
    return context


@pytest.fixture()
def page_log() -> PageLog:
    """The problems seen by this test's pages."""
    return PageLog()


def _check(log: PageLog, served: Served) -> None:
    """No problem recorded; with a server error, the end of the server's log in the message."""
    if any(p.startswith("HTTP 5") for p in log.problems):
        log.problems.append(f"server log ({served.log}):\n{served.errors()}")
    assert log.problems == [], "\n".join(log.problems)


@pytest.fixture()
def page(browser: Any, served: Served, page_log: PageLog) -> Iterator[Any]:
    """A page in a fresh context (JavaScript on); at teardown: no console error, no failed request."""
    context = _context(browser, served.base, page_log)
    yield context.new_page()
    context.close()
    _check(page_log, served)


@pytest.fixture()
def nojs_page(browser: Any, served: Served, page_log: PageLog) -> Iterator[Any]:
    """A page in a fresh context with JavaScript disabled; same checks at teardown."""
    context = _context(browser, served.base, page_log, java_script_enabled=False)
    yield context.new_page()
    context.close()
    _check(page_log, served)


@pytest.fixture(scope="session")
def screenshot():  # type: ignore[no-untyped-def]
    """Save a full-page PNG of `page` as test-artifacts/screenshots/<name>.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def save(page: Any, name: str) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return save
