"""Human-readable validation reports, grouped by shape and focus node, messages in vi and en."""

from __future__ import annotations

from collections.abc import Mapping
from itertools import groupby

from rdflib import Dataset, URIRef

from graph.validate import ValidationReport, ValidationResult

SEVERITY_ORDER = {"Violation": 0, "Warning": 1, "Info": 2}


def graphs_of(dataset: Dataset, focus: str) -> list[str]:
    """Named graphs in which `focus` is described (as a subject)."""
    node = URIRef(focus)
    return sorted({str(c.identifier) for c in dataset.graphs() if (node, None, None) in c})


def grouped(report: ValidationReport) -> list[tuple[str, str, list[tuple[str, list[ValidationResult]]]]]:
    """(severity, shape, [(focus, results)]) groups: violations first, then by shape and focus node."""
    def key(r: ValidationResult) -> tuple[int, str, str]:
        return SEVERITY_ORDER.get(r.severity, 3), r.shape, r.focus

    ordered = sorted(report.results, key=key)
    groups = []
    for (_, shape), by_shape in groupby(ordered, key=lambda r: (SEVERITY_ORDER.get(r.severity, 3), r.shape)):
        items = list(by_shape)
        focus_groups = [(focus, list(rs)) for focus, rs in groupby(items, key=lambda r: r.focus)]
        groups.append((items[0].severity, shape, focus_groups))
    return groups


def describe(result: ValidationResult, where: str) -> str:
    """One result: location, focus, path and value; then the Vietnamese and English messages."""
    path = f" {result.path}" if result.path else ""
    value = f" = {result.value_text()}" if result.value is not None else ""
    return (f"    {where}: <{result.focus}>{path}{value}\n"
            f"      vi: {result.message('vi')}\n"
            f"      en: {result.message('en')}")


def format_report(report: ValidationReport, dataset: Dataset | None, files: Mapping[str, str]) -> str:
    """The report as text; `files` maps named-graph IRIs to the file they were loaded from."""
    lines = []
    for severity, shape, focus_groups in grouped(report):
        count = sum(len(rs) for _, rs in focus_groups)
        lines.append(f"{severity}: [{shape}] ({count})")
        for focus, results in focus_groups:
            graphs = graphs_of(dataset, focus) if dataset is not None else []
            where = ", ".join(files.get(g, g) for g in graphs) or "(input)"
            lines.extend(describe(r, where) for r in results)
    verdict = "conforms" if report.conforms else "does NOT conform"
    summary = f"{verdict}: {len(report.violations)} violation(s), {len(report.warnings)} warning(s)"
    return "\n".join([*lines, summary]) + "\n"
