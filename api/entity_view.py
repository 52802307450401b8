"""The view model of an entity page: title, types, status, identifiers and dates in a human order, other details,
sources, links (api.entity_links) and, for a legal document or provision, its contents and history on a date."""

from __future__ import annotations

import re
from datetime import date
from typing import Any
from urllib.parse import urlencode

from rdflib import Literal, URIRef

from api.entity_actions import actions
from api.entity_cache import cached
from api.entity_links import DCT, VNQI, groups, local_href, term_label
from api.i18n import STRINGS, human_date
from graph import entity_legal as legal
from graph.browse import chosen_name
from graph.entity import EntityData, Term, fetch, named, note_in
from graph.entity_docs import document_of, with_documents
from graph.entity_terms import Terms, terms_for
from graph.store.base import Store
from graph.timeline import Change

XSD = "http://www.w3.org/2001/XMLSchema#"
RDFS, SKOS = "http://www.w3.org/2000/01/rdf-schema#", "http://www.w3.org/2004/02/skos/core#"
DATE_TYPES = {XSD + t for t in ("date", "dateTime", "gYear", "gYearMonth")}
DATE_TEXT = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")  # a date, a month or a year as a statement's object gives it
IDENTIFIERS = [DCT + "identifier", VNQI + "number", SKOS + "notation", VNQI + "phapdienCode", VNQI + "isoStage"]
TITLES = [RDFS + "label", SKOS + "prefLabel", DCT + "title"]


def pick(values: list[Term], lang: str) -> list[Term]:
    """The values in `lang` (with those without a language), else in the site's other language (English before
    the French titles of the ISO catalogue), else all of them."""
    for wanted in (lang, "en" if lang == "vi" else "vi"):
        if any(getattr(v.node, "language", None) == wanted for v in values):
            return [v for v in values if getattr(v.node, "language", None) in (wanted, None)]
    return values


def title_of(data: EntityData, lang: str) -> str:
    """The entity's name in `lang`: label, preferred label, title or identifier, else the IRI's last segment."""
    return _title(data, lang)[1]


def _title(data: EntityData, lang: str) -> tuple[str | None, str]:
    """(the predicate the name comes from, the name): of several names, the one links to the entity show
    (`chosen_name`: entity-out.rq and entity-label.rq take the MAX of its labels and preferred labels); of several
    identifiers, the first."""
    for predicates in (TITLES[:2], TITLES[2:], [DCT + "identifier"]):
        values = pick([t for p in predicates for t in data.values(p)], lang)
        if values:
            texts = {str(v.node) for v in values}
            name = min(texts) if predicates[0] == DCT + "identifier" else chosen_name(texts)
            return next(p for p in predicates if any(str(t.node) == name for t in data.values(p))), name
    return None, data.iri.rsplit("/", 1)[-1]


def title_status(data: EntityData, terms: Terms, lang: str) -> dict | None:
    """The status of the statement that gives the page its name, when the data gives it one (e.g. unverified)."""
    predicate, name = _title(data, lang)
    if predicate is None or (data.iri, predicate, name) not in data.statuses:
        return None
    return _row(data, terms, lang, predicate, name, name)


def facts(data: EntityData, terms: Terms, lang: str) -> tuple[list[dict], list[dict]]:
    """(identifiers then dates in chronological order; every other literal value) as label/values rows."""
    idents, dates, others = [], [], {}
    unasserted = _statement_only(data, {(p, str(t.node)) for p, t in data.out}, lang)
    named = {raw for _, _, raw, _ in unasserted}  # a year or month a statement says which date it is
    for p, term in data.out:
        node = term.node
        if term.is_iri or not isinstance(node, Literal):
            continue
        if p in IDENTIFIERS:
            idents.append((str(IDENTIFIERS.index(p)), p, str(node), str(node)))
        elif p == VNQI + "dateText" and str(node) in named:
            continue
        elif str(node.datatype) in DATE_TYPES or p == VNQI + "dateText":
            dates.append((str(node), p, str(node), human_date(node, lang)))
        elif p not in TITLES[:2]:
            others.setdefault(p, []).append(term)
    dates += [row for row in unasserted if row[1] not in IDENTIFIERS]
    idents += [row for row in unasserted if row[1] in IDENTIFIERS]
    rows = [_row(data, terms, lang, p, raw, v) for _, p, raw, v in sorted(idents) + sorted(dates)]
    details = [{"label": term_label(terms, p, lang), "predicate": p,
                "values": [shown_literal(t.node, lang) for t in pick(ts, lang)]} for p, ts in others.items()]
    return rows, sorted(details, key=lambda d: (d["predicate"] != VNQI + "text", d["label"].casefold()))


def _statement_only(data: EntityData, asserted: set[tuple[str, str]], lang: str) -> list[tuple[str, str, str, str]]:
    """Identifiers and dates that only a statement about the entity gives, not asserted: a belief (35/2018/QH14's
    entry into force, 'believed 2019-01-01') or a value another graph contradicts (Pháp điển's issue date of
    08/2019/QĐ-TTg); shown with their status and note, as (sort key, predicate, raw, shown) like asserted ones."""
    rows = []
    for (s, p, o), _ in sorted(data.statuses.items()):
        if s != data.iri or (p, o) in asserted:
            continue
        if p in IDENTIFIERS:
            rows.append((str(IDENTIFIERS.index(p)), p, o, o))
        elif DATE_TEXT.fullmatch(o):
            rows.append((o, p, o, human_date(o, lang)))
    return rows


def shown_literal(node: Literal, lang: str) -> str:
    """A literal as a reader reads it: a boolean as có/không (yes/no), anything else as written."""
    if str(node.datatype) == XSD + "boolean" and str(node) in ("true", "false", "1", "0"):
        return STRINGS["yes" if str(node) in ("true", "1") else "no"][lang]
    return str(node)


def _row(data: EntityData, terms: Terms, lang: str, predicate: str, raw: str, shown: str) -> dict:
    """One identifier or date, with the status of its own statement when the data gives one."""
    status, notes = data.statuses.get((data.iri, predicate, raw), (None, {}))
    note = note_in(notes, lang)
    return {"label": term_label(terms, predicate, lang), "value": shown, "note": note,
            "status": term_label(terms, status, lang) if status else None,
            "status_key": status.rsplit("/", 1)[-1] if status else None}


def sources(data: EntityData, terms: Terms, lang: str, id_base: str) -> tuple[list[dict], list[dict]]:
    """(dcterms:source values with labels and links; the named graphs the entity is stated in, described)."""
    cited = []
    for term in data.values(DCT + "source"):
        iri = str(term.node)
        described = terms.sources.get(iri, {})
        label = term.label(lang) or _pick_text(described.get(RDFS + "label", []), lang) or iri
        cited.append({"iri": iri, "href": local_href(iri, id_base), "label": label})
    graphs = []
    for g in data.graphs:
        described = terms.sources.get(g, {})
        graphs.append({"iri": g, "label": _pick_text(described.get(RDFS + "label", []), lang) or g,
                       "title": _pick_text(described.get(DCT + "title", []), lang),
                       "rights": _pick_text(described.get(DCT + "rights", []), lang),
                       "origin": [str(o) for o in described.get(DCT + "source", [])]})
    return sorted(cited, key=lambda c: c["label"].casefold()), graphs


def _pick_text(values: list, lang: str) -> str | None:
    """The value in `lang`, else the first one."""
    for value in values:
        if getattr(value, "language", None) == lang:
            return str(value)
    return str(values[0]) if values else None


def change_row(change: Change, names: dict[str, str], lang: str, id_base: str) -> dict:
    """One dated change for the template."""
    return {"date": human_date(Literal(change.on.isoformat()), lang) if change.on else None,
            "target": names.get(change.target) or change.target.rsplit("/", 1)[-1],
            "target_href": local_href(change.target, id_base),
            "effect": STRINGS.get(f"change_{change.effect}", {}).get(lang, change.effect), "partial": change.partial,
            "act": change.act_id or change.act.rsplit("/", 1)[-1], "act_href": local_href(change.act, id_base)}


def legal_view(store: Store, data: EntityData, terms: Terms, lang: str, day: date, dated: bool,
               id_base: str) -> dict[str, Any]:
    """Status, table of contents with states on `day`, and history of a legal document or provision."""
    doc = legal.document_of(data.iri)
    changes = legal.document_changes(store, data.iri)
    roots = legal.provisions(store, doc) if doc == data.iri else []
    current = legal.texts_current_to(store, doc)
    if roots:  # each provision's state on the day asked, else today (the page marks only changed ones then)
        legal.with_states(store, doc, roots, day, current)
    names = {data.iri: title_of(data, lang)}
    stack, nodes = list(roots), []
    while stack:
        nodes.append(stack.pop())
        names[nodes[-1].iri] = nodes[-1].label(lang)
        stack.extend(nodes[-1].children)
    view: dict[str, Any] = {"sections": legal.sections(roots), "at": day.isoformat() if dated else None,
                            "at_human": human_date(Literal(day.isoformat()), lang),
                            "history": [change_row(c, names, lang, id_base) for c in changes],
                            "changes_by": {n.iri: [change_row(c, names, lang, id_base) for c in n.changes]
                                           for n in nodes},
                            "stale_by": {n.iri: [change_row(c, names, lang, id_base) for c in n.stale]
                                         for n in nodes if n.stale}}
    if doc != data.iri:  # a provision: its own state on that day, and whether its text may predate a change
        view["provision_state"] = legal.provision_state(store, doc, data.iri, day)
        stale = legal.stale_changes([c for c in changes if c.target == data.iri], current.get(data.iri), day)
        view["text_stale"] = [change_row(c, names, lang, id_base) for c in stale]
    view["current_to"] = {iri: human_date(Literal(d.isoformat()), lang) for iri, d in current.items()}
    if doc == data.iri:
        key = legal.legal_status(data, changes, day, dated)
        view["status_key"] = key
        view["status"] = (terms.label(legal.CONCEPTS[key], lang) if key in legal.CONCEPTS else None) \
            or STRINGS[f"legal_{key}"][lang]
        view["unsure"] = list({c.act: {**change_row(c, names, lang, id_base), "status": term_label(terms, c.status, lang),
                                  "status_key": c.status.rsplit("/", 1)[-1]}
                          for c in legal.unsure_basis(data, changes, day, dated, key) if c.status}.values())
    return view


def entity_view(store: Store, iri: str, lang: str, query: dict[str, str], path: str, day: date | None,
                id_base: str) -> dict[str, Any]:
    """Everything the entity page shows (blocking: runs the page's queries)."""
    rel = query.get("rel", "")
    paged = (rel[3:], query.get("after", "")) if rel.startswith("in:") else None
    memo = lambda key, make: cached(key, store, make)  # a hub's pages share its counts and sorted links
    data = cached(("entity-data", iri, paged), store, lambda: with_documents(store, fetch(store, iri, paged, memo)))
    terms = terms_for(store)
    types = data.types()
    rows, details = facts(data, terms, lang)
    shown_text = [d for d in details if d["predicate"] in (VNQI + "heading", VNQI + "text")] \
        if document_of(iri) != iri else []  # a provision's heading and text: at the top of its page
    cited, graphs = sources(data, terms, lang, id_base)
    status = data.values(VNQI + "factStatus")
    view: dict[str, Any] = {
        "iri": iri, "path": path, "title": title_of(data, lang), "title_status": title_status(data, terms, lang),
        "graph_href": "/graph?" + urlencode({"iri": iri, "lang": lang}),
        "ics_href": "/ics/" + iri.rsplit("/", 1)[-1] if iri.startswith(id_base + "code/ics/") else None,
        "types": [{"iri": t, "label": term_label(terms, t, lang)} for t in types if t.startswith(VNQI)]
        or [{"iri": t, "label": term_label(terms, t, lang)} for t in types],
        "facts": rows, "details": [d for d in details if d not in shown_text], "sources": cited, "graphs": graphs,
        "text": {d["predicate"].rsplit("#", 1)[-1]: d["values"] for d in shown_text},
        "fact_status": [{"key": str(s.node).rsplit("/", 1)[-1], "label": term_label(terms, str(s.node), lang)}
                        for s in status],
        "groups": groups(data, terms, lang, path, query, id_base), "legal": None,
    }
    if terms.is_a(types, VNQI + "LegalDocument") or terms.is_a(types, VNQI + "Provision"):
        view["legal"] = legal_view(store, data, terms, lang, day or date.today(), day is not None, id_base)
    view["document"] = document_line(store, iri, path, lang)
    view["actions"] = cached(("entity-actions", iri, lang), store, lambda: actions(store, iri, lang))
    return view


def document_line(store: Store, iri: str, path: str, lang: str) -> dict[str, str | None] | None:
    """For a provision, the document it is part of (name, number, local link): "Điều 3" alone names none."""
    doc = document_of(iri)
    if doc == iri or not path.endswith(iri[len(doc):]):
        return None
    term = named(store, URIRef(doc))
    return {"href": path[:len(path) - len(iri) + len(doc)], "label": term.label(lang) or term.identifier or doc,
            "identifier": term.identifier}

