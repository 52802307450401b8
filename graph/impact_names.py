"""Readable names for the entities and explaining paths of an impact report, in Vietnamese or English.

A provision is named with its document ("Điều 3 Luật 68/2006/QH11"), a law by its title ("Luật Tiêu chuẩn và Quy
chuẩn kỹ thuật"), another numbered document by its kind and number ("Nghị định 127/2007/NĐ-CP"), anything else by
its label. A step reads in the direction of the impact: "Luật … → được quy định chi tiết bởi → Nghị định …".
"""

from __future__ import annotations

from graph.dependencies import DependencyGraph
from graph.impact_model import Entity, Step
from graph.namespaces import VNQI
from graph.sureness import FACT_STATUS

_DECISION = ("Quyết định", "Decision")
KIND_WORDS: dict[str, tuple[str, str]] = {
    "Law": ("Luật", "Law"), "AmendingLaw": ("Luật", "Law"), "Constitution": ("Hiến pháp", "Constitution"),
    "Decree": ("Nghị định", "Decree"), "Circular": ("Thông tư", "Circular"), "Resolution": ("Nghị quyết", "Resolution"),
    "Ordinance": ("Pháp lệnh", "Ordinance"), "PresidentialOrder": ("Lệnh", "Order"),
    "PartyDirective": ("Chỉ thị", "Directive"), "Decision": _DECISION, "PMDecision": _DECISION,
    "MinisterialDecision": _DECISION, "AgencyDecision": _DECISION,
}
TITLED = {"Law", "Constitution"}  # known by their titles rather than their numbers
PROVISIONS = {"Chapter", "Article", "Clause", "Point"}
ARROW = " → "


def _lang_index(lang: str) -> int:
    """0 for Vietnamese, 1 for English."""
    return 1 if lang == "en" else 0


def document_of(graph: DependencyGraph, iri: str) -> Entity | None:
    """The document a provision belongs to: the nearest IRI prefix that is a known, non-provision entity."""
    head = iri
    while "/" in head.split("/id/", 1)[-1]:
        head = head.rsplit("/", 1)[0]
        entity = graph.entities.get(head)
        if entity is not None and entity.kind not in PROVISIONS:
            return entity
    return None


def reference(entity: Entity, lang: str) -> str:
    """A document by kind and number ('Nghị định 127/2007/NĐ-CP'), or by label when it has no number."""
    word = KIND_WORDS.get(entity.kind)
    if entity.identifier:
        return f"{word[_lang_index(lang)]} {entity.identifier}" if word else entity.identifier
    return entity.label(lang)


def name(graph: DependencyGraph, iri: str, lang: str = "vi") -> str:
    """How an entity is named in a path and in lists."""
    entity = graph.entity(iri)
    doc = document_of(graph, iri) if entity.kind in PROVISIONS or entity.kind == "Resource" else None
    if doc is not None:  # a provision, or a changed provision the graph does not hold yet
        own = entity.label(lang) if entity.labels else iri.removeprefix(doc.iri + "/")
        return f"{own}{' of ' if lang == 'en' else ' '}{reference(doc, lang)}"
    if entity.kind in PROVISIONS:
        return entity.label(lang) if entity.labels else iri.rsplit("/", 1)[-1]
    if entity.kind in TITLED and entity.labels:
        return entity.label(lang)
    return reference(entity, lang)


def kind_label(graph: DependencyGraph, entity: Entity, lang: str = "vi") -> str:
    """The label of the entity's class ('Nghị định', 'Nhiệm vụ')."""
    return graph.term_label(str(VNQI) + entity.kind, lang) if entity.kind != "Resource" else entity.kind


def status_label(graph: DependencyGraph, status: str, lang: str = "vi") -> str:
    """The label of a fact status ('unverified' → 'chưa kiểm chứng')."""
    return graph.term_label(FACT_STATUS + status, lang)


def step_label(step: Step, lang: str = "vi") -> str:
    """How the rule of one step reads ('được quy định chi tiết bởi')."""
    return step.labels.get(lang) or next(iter(step.labels.values()), step.rule.rsplit("/", 1)[-1])


def relation(graph: DependencyGraph, step: Step, lang: str = "vi") -> str:
    """How one step reads, with the link's status when it is not verified."""
    label = step_label(step, lang)
    return f"{label} ({status_label(graph, step.status, lang)})" if step.status else label


def path_text(graph: DependencyGraph, path: tuple[Step, ...], lang: str = "vi") -> str:
    """'A → relation → B → relation → C' for one explaining path."""
    if not path:
        return ""
    parts = [name(graph, path[0].source, lang)]
    for step in path:
        parts += [relation(graph, step, lang), name(graph, step.target, lang)]
    return ARROW.join(parts)
