"""Human-readable validation reports: file, entity, shape and the message in vi and en."""

from __future__ import annotations

from collections.abc import Mapping

from rdflib import Dataset, URIRef

from graph.validate import ValidationReport, ValidationResult


def graphs_of(dataset: Dataset, focus: str) -> list[str]:
    """Named graphs in which `focus` is described (as a subject)."""
    node = URIRef(focus)
    return sorted({str(c.identifier) for c in dataset.graphs() if (node, None, None) in c})


def describe(result: ValidationResult, where: str) -> str:
    """One result as three lines: location and focus; Vietnamese message; English message."""
    path = f" {result.path}" if result.path else ""
    value = f" = {result.value}" if result.value else ""
    return (
        f"{result.severity}: {where}: <{result.focus}>{path}{value}  [{result.shape}]\n"
        f"    vi: {result.message('vi')}\n"
        f"    en: {result.message('en')}"
    )


def format_report(report: ValidationReport, dataset: Dataset | None, files: Mapping[str, str]) -> str:
    """The report as text; `files` maps named-graph IRIs to the file they were loaded from."""
    lines = []
    for result in sorted(report.results, key=lambda r: (r.severity != "Violation", r.focus, r.shape)):
        graphs = graphs_of(dataset, result.focus) if dataset is not None else []
        where = ", ".join(files.get(g, g) for g in graphs) or "(input)"
        lines.append(describe(result, where))
    verdict = "conforms" if report.conforms else "does NOT conform"
    summary = f"{verdict}: {len(report.violations)} violation(s), {len(report.warnings)} warning(s)"
    return "\n".join([*lines, summary]) + "\n"
