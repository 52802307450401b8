"""Resources derived from facts.yaml entities: posts held (org:Membership, vnqi:Role), provisions and
amendment effects (vnqi:AmendmentEffect). Used by graph/importers/facts.py.

`prov` is a callback that copies the sources and status of the originating entity onto a derived node.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS, TIME, XSD

from graph.ids import provision_iri, slug
from graph.importers import facts_map as M
from graph.namespaces import CODE, ELI, ID, ORG, VNQI

Entity = dict[str, Any]
Post = tuple[URIRef, str, tuple]  # (membership IRI, organisation id, (title_vi, title_en, observed dates))
Prov = Callable[[URIRef], None]


def posts(e: Entity, iris: dict[str, URIRef]) -> list[Post]:
    """The posts a person holds: one per (holdsPosition target, position) pair."""
    orgs = [r["target_id"] for r in e["relations"] if r["predicate"] == "holdsPosition"]
    roles = [(p["title_vi"], p.get("title_en"), tuple(p.get("observed", ()))) for p in e.get("positions", [])]
    roles = roles or M.ROLES.get(e["id"], [(None, None, ())])
    if len(orgs) > 1 and len(roles) > 1:
        raise ValueError(f"{e['id']}: several organisations and several positions; cannot pair them")
    person, out = slug(e["labels"]["vi"]), []
    for org in orgs:
        if org not in iris:
            raise ValueError(f"{e['id']}: holdsPosition target {org!r} is not an emitted entity")
        short = str(iris[org]).rsplit("/", 1)[1]
        for role in roles:
            title = role[0] or role[1]
            out.append((ID[f"membership/{person}-{short}" + (f"-{slug(title)}" if title else "")], org, role))
    return out


def emit_memberships(g: Graph, e: Entity, s: URIRef, held: list[Post], ctx: Any,
                     prov_for: Callable[[str | None], Prov]) -> None:
    """org:Membership and vnqi:Role nodes of a person, with observation dates and the start of the post, each with
    the provenance `prov_for` gives its title."""
    start = (e.get("dates") or {}).get("effective")
    if start and len(held) != 1:
        raise ValueError(f"{e['id']}: a start date (dates.effective) needs exactly one post")
    for m, org, (vi, en, observed) in held:
        prov = prov_for(vi)
        if (e["id"], vi) in M.POST_NOTES:
            g.add((m, SKOS.note, Literal(M.POST_NOTES[(e["id"], vi)], lang="en")))
        org_labels = ctx.by_id[org]["labels"]
        g.add((m, RDF.type, ORG.Membership))
        g.add((m, ORG.member, s))
        g.add((m, ORG.organization, ctx.iris[org]))
        for lang, title in (("vi", vi), ("en", en)):
            if title:
                g.add((m, RDFS.label, Literal(f"{e['labels'][lang]}, {title}, {org_labels[lang]}", lang=lang)))
        if vi or en:
            role = ID["role/" + slug(vi or en)]
            g.add((m, ORG.role, role))
            g.add((role, RDF.type, VNQI.Role))
            for lang, title in (("vi", vi), ("en", en)):
                if title:
                    g.add((role, RDFS.label, Literal(title, lang=lang)))
            if vi in M.TRANSLATED_TITLES:
                for lang, text in M.TITLE_NOTE.items():
                    g.add((role, VNQI.translationNote, Literal(text, lang=lang)))
            prov(role)
        for day in observed:
            g.add((m, VNQI.observedOn, Literal(day, datatype=XSD.date)))
        if start:  # W3C ORG + OWL-Time: org:memberDuring [ time:hasBeginning [ time:inXSDDate ] ]
            interval, begin = BNode("iv-" + slug(str(m))), BNode("ib-" + slug(str(m)))
            g.add((m, ORG.memberDuring, interval))
            g.add((interval, RDF.type, TIME.Interval))
            g.add((interval, TIME.hasBeginning, begin))
            g.add((begin, RDF.type, TIME.Instant))
            g.add((begin, TIME.inXSDDate, Literal(str(start), datatype=XSD.date)))
        prov(m)


def provision(g: Graph, doc: URIRef, parts: list[tuple[str, str]], prov: Prov) -> URIRef:
    """Provision resources down a path of ('dieu', n), ('khoan', n); returns the last one."""
    parent, names_vi, name_en = doc, [], ""
    for i, (kind, number) in enumerate(parts):
        node = provision_iri(doc, *parts[: i + 1])
        cls, word_vi = M.PROVISION_KINDS[kind]
        names_vi.insert(0, f"{word_vi} {number}")
        name_en += f"Article {number}" if i == 0 else f"({number})"
        for p, o in ((RDF.type, VNQI[cls]), (ELI.is_part_of, parent), (VNQI.number, Literal(number)),
                     (RDFS.label, Literal(" ".join(names_vi), lang="vi")), (RDFS.label, Literal(name_en, lang="en"))):
            g.add((node, p, o))
        prov(node)
        parent = node
    return parent


def parse_amended(text: str, eid: str) -> tuple[list[str], str, list[tuple[str, str]]]:
    """(article numbers, effect type, affecting provision path) of one amended_provisions item."""
    m = re.match(r"^Điều\s+([0-9a-zđ,\s\-–]+?)\s*(?=\(|;|amended|added|$)", text)
    if not m:
        raise ValueError(f"{eid}: cannot parse amended_provisions item {text!r}")
    numbers: list[str] = []
    for token in (t.strip() for t in m.group(1).split(",")):
        lo, _, hi = token.replace("–", "-").partition("-")
        numbers += [str(n) for n in range(int(lo), int(hi) + 1)] if hi else [token]
    by = re.search(r"by Art\. (\d+)\((\d+)\)", text)
    affecting = [("dieu", by.group(1)), ("khoan", by.group(2))] if by else []
    return numbers, "supplemented" if " added" in text else "amended", affecting


def emit_effects(g: Graph, e: Entity, s: URIRef, ctx: Any, prov: Prov) -> None:
    """vnqi:AmendmentEffect nodes (<amending>/effect/<n>) and the provisions they name."""
    amended = [r["target_id"] for r in e["relations"] if r["predicate"] == "amends"]
    if len(amended) != 1:
        raise ValueError(f"{e['id']}: amended_provisions needs exactly one 'amends' target")
    target, target_no, numbers = ctx.iris[amended[0]], ctx.numbers[amended[0]], ctx.numbers[e["id"]]
    effective, n = (e.get("dates") or {}).get("effective"), 0
    listed = e.get("amended_provisions") or []
    if e["id"] in M.PARTLY_LISTED:  # the sources say so elsewhere than in the list itself
        why = M.PARTLY_LISTED[e["id"]]
        g.add((s, SKOS.note, Literal(f"The provisions this act changes are only partly listed ({why}).", lang="en")))
    if e["id"] in M.PARTLY_LISTED or any(M.INCOMPLETE in text for text in listed):  # only some changes are known
        g.add((s, VNQI.effectsListed, Literal(False)))
    for text in listed:
        g.add((s, SKOS.note, Literal(f"amended_provisions: {text}", lang="en")))
        articles, effect, affecting = parse_amended(text, e["id"])
        verb_vi, verb_en = M.EFFECT_WORDS[effect]
        for number in articles:
            n += 1
            node = URIRef(f"{s}/effect/{n}")
            for p, o in ((RDF.type, VNQI.AmendmentEffect), (VNQI.effectType, CODE["effect-type/" + effect]),
                         (RDFS.label, Literal(f"{numbers} {verb_vi} Điều {number} của {target_no}", lang="vi")),
                         (RDFS.label, Literal(f"{numbers} {verb_en} Article {number} of {target_no}", lang="en")),
                         (VNQI.affectingDocument, s), (VNQI.affectedDocument, target),
                         (VNQI.affectedProvision, provision(g, target, [("dieu", number)], prov)),
                         (SKOS.note, Literal(text, lang="en"))):
                g.add((node, p, o))
            if affecting:
                g.add((node, VNQI.affectingProvision, provision(g, s, affecting, prov)))
            if effective:
                g.add((node, VNQI.effectiveDate, Literal(str(effective), datatype=XSD.date)))
                g.add((node, VNQI.applied, Literal(date.fromisoformat(str(effective)) <= M.APPLIED_AS_OF)))
            prov(node)
