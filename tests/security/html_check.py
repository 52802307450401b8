"""An HTML checker for the XSS tests: what in a page could run a script, and the text a reader sees."""

from __future__ import annotations

import json
from html.parser import HTMLParser

URL_ATTRS = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "background"}


class ScriptFinder(HTMLParser):
    """Collects what could run: inline scripts, event-handler attributes, javascript: URLs, injected tags."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.text: list[str] = []  # text, unescaped (what the payloads became), runs joined across tags
        self.attrs: list[str] = []  # attribute values, unescaped
        self._script: dict[str, str | None] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Check one start tag."""
        found = dict(attrs)
        for name, value in attrs:
            self.attrs.append(value or "")
            if name.startswith("on"):
                self.problems.append(f"event handler attribute {name}={value!r} on <{tag}>")
            if name in URL_ATTRS and (value or "").strip().lower().replace("\t", "").startswith(
                    ("javascript:", "vbscript:", "data:text/html")):
                self.problems.append(f"script URL {name}={value!r} on <{tag}>")
        if tag == "script":
            self._script = found
            src = found.get("src")
            if src is not None and not src.startswith("/static/"):
                self.problems.append(f"script from {src!r}")
        if tag in ("iframe", "object", "embed", "base") or (tag == "meta" and "http-equiv" in found):
            self.problems.append(f"injected <{tag}> {found}")
        if tag == "img" and found.get("src") == "x":
            self.problems.append(f"injected <img> {found}")

    def handle_endtag(self, tag: str) -> None:
        """Leave a script."""
        if tag == "script":
            self._script = None

    def handle_data(self, data: str) -> None:
        """Text, and the content of scripts (only JSON data blocks may have any)."""
        if self._script is None:
            self.text.append(data)
            return
        if not data.strip():
            return
        if self._script.get("type") != "application/json" or self._script.get("src"):
            self.problems.append(f"inline script: {data[:80]!r}")
            return
        if "<" in data:
            self.problems.append(f"'<' not escaped in a JSON data block: {data[:80]!r}")
        try:
            self.text.append(json.dumps(json.loads(data), ensure_ascii=False))
        except ValueError:
            self.problems.append(f"a JSON data block that is not JSON: {data[:80]!r}")


def check(page: str) -> tuple[list[str], str]:
    """(problems, visible text and attribute values) of an HTML page."""
    finder = ScriptFinder()
    finder.feed(page)
    finder.close()
    return finder.problems, "".join(finder.text) + "\n" + "\n".join(finder.attrs)
