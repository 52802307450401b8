"""The impact report as a small SVG drawn on the server: one column per distance, one arrow per explaining step."""

from __future__ import annotations

from markupsafe import Markup, escape

from api.impact_view import role_key
from graph.dependencies import DependencyGraph
from graph.impact_model import ImpactReport
from graph.impact_names import name, relation

MAX_NODES = 80
COL, ROW, BOX_W, BOX_H, PAD = 250, 34, 215, 26, 12
COLOURS = {"changed": "#555555", "must-review": "#b03a2e", "may-be-affected": "#c2680a", "informative": "#2e6da4"}


def _layout(report: ImpactReport) -> dict[str, tuple[int, int, str]]:
    """(x, y, colour key) of each drawn entity: changed ones in column 0, then by distance."""
    columns: dict[int, int] = {}
    placed: dict[str, tuple[int, int, str]] = {}
    entries = [(e.iri, 0, "changed") for e in report.changed]
    entries += [(a.entity.iri, a.distance, role_key(a.role)) for a in report.affected]
    for iri, column, key in entries[:MAX_NODES]:
        row = columns.get(column, 0)
        columns[column] = row + 1
        placed[iri] = (PAD + column * COL, PAD + row * ROW, key)
    return placed


def _edges(report: ImpactReport, placed: dict[str, tuple[int, int, str]]) -> dict[tuple[str, str], bool]:
    """Every step of every drawn path between two drawn entities → dashed (not verified)."""
    edges: dict[tuple[str, str], bool] = {}
    for affected in report.affected:
        for path in affected.paths:
            for step in path:
                if step.source in placed and step.target in placed:
                    key = (step.source, step.target)
                    edges[key] = edges.get(key, True) and bool(step.status)
    return edges


def _short(text: str, limit: int = 32) -> str:
    """The text cut to `limit` characters with an ellipsis."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def impact_svg(graph: DependencyGraph, report: ImpactReport, lang: str) -> Markup:
    """An inline <svg> of the report (no script, no external resource)."""
    placed = _layout(report)
    width = PAD * 2 + (max((x for x, _, _ in placed.values()), default=0) + BOX_W)
    height = PAD * 2 + max((y for _, y, _ in placed.values()), default=0) + BOX_H
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="impact-graph" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" role="img" font-family="system-ui,sans-serif" font-size="11">',
             '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="6" markerHeight="6" '
             'orient="auto"><path d="M0,0L10,5L0,10z" fill="#777"/></marker></defs>']
    steps = {(s.source, s.target): s for a in report.affected for p in a.paths for s in p}
    for (source, target), dashed in _edges(report, placed).items():
        x1, y1, _ = placed[source]
        x2, y2, _ = placed[target]
        dash = ' stroke-dasharray="4 3"' if dashed else ""
        parts.append(f'<line x1="{x1 + BOX_W}" y1="{y1 + BOX_H // 2}" x2="{x2}" y2="{y2 + BOX_H // 2}" stroke="#777"'
                     f'{dash} marker-end="url(#arrow)"><title>{escape(relation(graph, steps[(source, target)], lang))}'
                     '</title></line>')
    for iri, (x, y, key) in placed.items():
        label = name(graph, iri, lang)
        parts.append(f'<g><title>{escape(label)}</title><rect x="{x}" y="{y}" width="{BOX_W}" height="{BOX_H}" rx="4" '
                     f'fill="#fff" stroke="{COLOURS.get(key, "#555555")}" stroke-width="2"/>'
                     f'<text x="{x + 6}" y="{y + 17}">{escape(_short(label))}</text></g>')
    parts.append("</svg>")
    return Markup("".join(parts))


def truncated(report: ImpactReport) -> bool:
    """True when the drawing leaves entities out."""
    return len(report.changed) + len(report.affected) > MAX_NODES
