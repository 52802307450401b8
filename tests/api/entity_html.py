"""A tiny DOM for the entity page tests: find elements by id, class or tag and read their text (stdlib only)."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@dataclass
class Node:
    """An element: tag, attributes, children (elements or text)."""

    tag: str
    attrs: dict[str, str]
    children: list[Node | str] = field(default_factory=list)

    def text(self) -> str:
        """The element's text, whitespace collapsed."""
        parts = [c if isinstance(c, str) else c.text() for c in self.children]
        return " ".join(" ".join(parts).split())

    def all(self, tag: str | None = None, cls: str | None = None) -> list[Node]:
        """Descendants by tag and/or class, in document order."""
        found = []
        for child in self.children:
            if isinstance(child, Node):
                if (tag is None or child.tag == tag) and (cls is None or cls in child.attrs.get("class", "").split()):
                    found.append(child)
                found += child.all(tag, cls)
        return found

    def by_id(self, ident: str) -> Node | None:
        """The descendant with this id."""
        return next((n for n in self.all() if n.attrs.get("id") == ident), None)


class _Builder(HTMLParser):
    """Builds the tree (tolerates unclosed void elements)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse(page: str) -> Node:
    """The page's tree."""
    builder = _Builder()
    builder.feed(page)
    builder.close()
    return builder.root


def relations(doc: Node) -> dict[str, list[str]]:
    """Relation label (without the count) → the link texts listed under it."""
    out = {}
    for section in doc.all("section", "rel"):
        heading = section.all("h3")[0]
        label = " ".join(c for c in heading.children if isinstance(c, str)).strip()
        out[label] = [li.all()[0].text() for li in section.all("li")]  # the link (or plain label) of each item
    return out
