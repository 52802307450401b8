"""An ImpactReport as JSON-ready data and as CSV, in the UI language (shared by /impact and `vnqi impact`)."""

from __future__ import annotations

import csv
import io
from typing import Any

from api.i18n import STRINGS, human_date
from graph.dependencies import DependencyGraph
from graph.impact_model import Affected, End, Entity, ImpactReport, Step
from graph.impact_names import (
    PROVISIONS,
    kind_label,
    name,
    path_text,
    status_label,
    step_label,
)
from graph.impact_validity import exclusion

CSV_COLUMNS = ("iri", "identifier", "name", "label", "kind", "role", "distance", "strength", "uncertain",
               "uncertain_because", "path", "other_paths")


def entity_json(graph: DependencyGraph, entity: Entity, lang: str) -> dict[str, Any]:
    """IRI, identifier, label, readable name and kind of an entity."""
    return {"iri": entity.iri, "identifier": entity.identifier, "label": entity.label(lang),
            "name": name(graph, entity.iri, lang), "kind": entity.kind, "kindLabel": kind_label(graph, entity, lang)}


def change_fields(change: str, lang: str) -> dict[str, str]:
    """A change ("amended+repealed") and its label in `lang`."""
    return {"change": change, "changeLabel": ", ".join(STRINGS[f"change_{c}"][lang] for c in change.split("+")
                                                       if f"change_{c}" in STRINGS)}


def step_json(graph: DependencyGraph, step: Step, lang: str) -> dict[str, Any]:
    """One step, read from the changed side to the dependent side."""
    return {"from": step.source, "fromName": name(graph, step.source, lang),
            "relation": step_label(step, lang),
            "rule": step.rule, "to": step.target, "toName": name(graph, step.target, lang),
            "strength": step.strength, "status": step.status,
            "statusLabel": status_label(graph, step.status, lang) if step.status else None}


def path_json(graph: DependencyGraph, path: tuple[Step, ...], lang: str) -> dict[str, Any]:
    """A path as text and as steps, with its strength (its weakest step)."""
    return {"text": path_text(graph, path, lang), "strength": min((s.strength for s in path), default=1.0),
            "steps": [step_json(graph, s, lang) for s in path]}


def role_key(role: str) -> str:
    """'must-review' from the role's IRI."""
    return role.rsplit("/", 1)[-1]


def affected_json(graph: DependencyGraph, report: ImpactReport, affected: Affected, lang: str) -> dict[str, Any]:
    """An affected entity with distance, strength, role, uncertainty (and why) and explaining paths."""
    labels = next((labels for _, iri, labels in graph.roles if iri == affected.role), {})
    return {**entity_json(graph, affected.entity, lang), "distance": affected.distance,
            "strength": affected.strength, "role": role_key(affected.role),
            "roleLabel": labels.get(lang, role_key(affected.role)), "uncertain": report.uncertain(affected),
            "uncertainBecause": report.because(affected),
            "mayHaveEnded": [end_json(graph, end, lang) for end in affected.doubts],
            "paths": [path_json(graph, p, lang) for p in affected.paths]}


def end_json(graph: DependencyGraph, end: End, lang: str) -> dict[str, Any]:
    """An act ending a document, with its date and how sure the data is of it, and that as a sentence."""
    status = status_label(graph, end.status, lang) if end.status else None
    text = STRINGS["impact_ended_by"][lang].format(act=name(graph, end.act, lang), since=human_date(end.on, lang)
                                                   if end.on else "?", status=status or "")
    return {"act": end.act, "actName": name(graph, end.act, lang), "date": end.on.isoformat() if end.on else None,
            "status": end.status, "statusLabel": status, "text": text}


def reason(graph: DependencyGraph, report: ImpactReport, entity: Entity, lang: str) -> tuple[str, str]:
    """(code, text) of why an entity was left out (graph.impact_validity.exclusion), in `lang`, dates as people
    write them there: its own reason, else that of the nearest provision or document it is part of."""
    if report.on is None:  # nothing is left out without a reference date
        return "no-longer-in-force", ""
    why = exclusion(graph, entity, report.on)
    day, since = human_date(report.on, lang), human_date(why.since, lang) if why.since else "?"
    act = name(graph, why.act, lang) if why.act else ""
    text = STRINGS[f"reason_{why.code}"][lang].format(day=day, since=since, act=act)
    if why.holder != entity.iri:
        text = STRINGS["reason_document"][lang].format(document=name(graph, why.holder, lang), reason=text)
    return why.code, text


def reasons(graph: DependencyGraph, report: ImpactReport) -> dict[str, dict[str, str]]:
    """Every excluded entity's reason in every UI language."""
    return {e.iri: {lang: reason(graph, report, e, lang)[1] for lang in ("vi", "en")} for e, _ in report.excluded}


def amendment_json(graph: DependencyGraph, report: ImpactReport, lang: str) -> dict[str, Any]:
    """The amending act (if any), the change type and its effective date."""
    amendment = report.amendment
    act = graph.entity(amendment.act) if amendment.act else None
    return {"act": amendment.act, "actIdentifier": act.identifier if act else None,
            "actName": name(graph, act.iri, lang) if act else None, **change_fields(amendment.change, lang),
            "effective": amendment.effective.isoformat() if amendment.effective else None,
            "effectiveText": human_date(amendment.effective, lang) if amendment.effective else None,
            "status": amendment.status,
            "statusLabel": status_label(graph, amendment.status, lang) if amendment.status else None}


def warnings(graph: DependencyGraph, report: ImpactReport, lang: str) -> list[dict[str, str]]:
    """What the reader must know before trusting the report: the change is not verified; there is no reference
    date, so nothing was left out for not being in force."""
    found = []
    if report.amendment.status:
        status = status_label(graph, report.amendment.status, lang)
        found.append({"code": "amendment-not-verified",
                      "text": STRINGS["impact_warn_unverified"][lang].format(status=status)})
    if report.amendment.issued_after and report.amendment.effective:
        found.append({"code": "dated-before-issue", "text": STRINGS["impact_warn_early"][lang].format(
            dated=human_date(report.amendment.effective, lang),
            issued=human_date(report.amendment.issued_after, lang))})
    if report.amendment.partial_list:
        found.append({"code": "changes-not-fully-listed", "text": STRINGS["impact_warn_partial_list"][lang].format(
            act=name(graph, report.amendment.act or "", lang))})
    if report.on is None:
        found.append({"code": "no-reference-date", "text": STRINGS["impact_warn_no_date"][lang]})
    if report.inactive and report.on:
        items = "; ".join(f"{name(graph, iri, lang)} ({_inactive_reason(graph, report, iri, code, lang)})"
                          for iri, code in report.inactive)
        found.append({"code": "changed-not-in-force", "text": STRINGS["impact_warn_inactive"][lang].format(
            day=human_date(report.on, lang), items=items)})
    if report.doubtful and report.on:
        items = "; ".join(name(graph, iri, lang) + " " + end_json(graph, end, lang)["text"]
                          for iri, end in report.doubtful)
        found.append({"code": "changed-maybe-not-in-force", "text": STRINGS["impact_warn_maybe_ended"][lang].format(
            day=human_date(report.on, lang), items=items)})
    return found


def _inactive_reason(graph: DependencyGraph, report: ImpactReport, iri: str, code: str, lang: str) -> str:
    """Why a what-if target is not in force: its provision state, else the reason an entity would be left out."""
    if code in ("not-yet-added", "repealed") and graph.entity(iri).kind in PROVISIONS:
        return STRINGS[f"state_{code}"][lang]
    return reason(graph, report, graph.entity(iri), lang)[1]


def as_json(graph: DependencyGraph, report: ImpactReport, lang: str) -> dict[str, Any]:
    """The whole report: amendment, date, pending flag, changed entities, groups by role, exclusions."""
    groups = [{"role": role_key(iri), "roleIri": iri, "label": labels.get(lang, role_key(iri)),
               "entities": [affected_json(graph, report, a, lang) for a in report.affected if a.role == iri]}
              for _, iri, labels in graph.roles]
    excluded = []
    for entity, _ in report.excluded:
        code, text = reason(graph, report, entity, lang)
        excluded.append({**entity_json(graph, entity, lang), "reason": text, "reasonCode": code})
    return {"amendment": amendment_json(graph, report, lang), "date": report.on.isoformat() if report.on else None,
            "dateText": human_date(report.on, lang) if report.on else None, "pending": report.pending,
            "warnings": warnings(graph, report, lang), "depth": report.depth, "lang": lang,
            "changed": [{**entity_json(graph, e, lang), **change_fields(report.amendment.change_of(e.iri), lang)}
                        for e in report.changed],
            "count": len(report.affected), "groups": groups, "excluded": excluded}


def csv_rows(graph: DependencyGraph, report: ImpactReport, lang: str) -> list[list[str]]:
    """One row per affected entity (CSV_COLUMNS): its name (a provision's with its document: "Điều 1" alone is
    ambiguous), why it is uncertain, an explaining path through links the data is sure of when there is one, the
    other paths after it ( | between them)."""
    rows = [list(CSV_COLUMNS)]
    for a in report.affected:
        paths = [path_text(graph, p, lang) for p in sorted(a.paths, key=lambda p: any(s.status for s in p))]
        rows.append([a.entity.iri, a.entity.identifier or "", name(graph, a.entity.iri, lang), a.entity.label(lang),
                     a.entity.kind, role_key(a.role), str(a.distance), str(a.strength),
                     "true" if report.uncertain(a) else "false", " ".join(report.because(a)),
                     paths[0] if paths else "", " | ".join(paths[1:])])
    return rows


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # what spreadsheets read as the start of a formula


def spreadsheet_safe(cell: str) -> str:
    """A cell a spreadsheet shows as text: one starting like a formula gets a leading apostrophe (OWASP's advice
    on CSV injection; labels come from imported data and Graph Store writes)."""
    return "'" + cell if cell.startswith(FORMULA_START) else cell


def csv_text(graph: DependencyGraph, report: ImpactReport, lang: str) -> str:
    """The CSV document (RFC 4180, CRLF line ends), every cell safe to open in a spreadsheet."""
    out = io.StringIO()
    csv.writer(out).writerows([spreadsheet_safe(cell) for cell in row] for row in csv_rows(graph, report, lang))
    return out.getvalue()
