"""Deterministic SYNTHETIC data of vnqi's shape, for benchmarks and load tests only — never real data.

`vnqi synth --triples N -o FILE.nq` (or `python -m bench.synth`, which caches bench/data/) writes N-Quads in named
graphs under https://w3id.org/vnqi/graph/synthetic/..., entities under https://w3id.org/vnqi/id/synthetic/...

The shape follows docs/model.md: laws of 20–80 articles (some amending or replacing the previous law of their
topic, with AmendmentEffects), decrees detailing the law and some of its articles (some amending the previous
decree of the topic), circulars guiding the decrees, PM decisions approving programmes, plans with tasks (concerns,
responsibleOrganization), standards as works with ISO editions in supersedes chains and TCVN adoptions (identical,
modified, not equivalent) in their own replacement chains, technical regulations (QCVN) citing TCVN, ministries,
agencies, public service units and signers. Documents have articles, clauses and points (eli:has_part /
eli:is_part_of both asserted); provisions cite articles of laws. Every entity is typed and labelled (@vi with
diacritics, and @en on nearly all); every document carries vnqi:factStatus code:fact-status/unverified and
skos:note "SYNTHETIC benchmark data — not real"@en so it can never be mistaken for real data.

Generation stops at the first entity boundary at or after N triples (it overshoots by a few triples at most), and
references only point to entities already written, so any prefix of the stream is self-consistent. The same
(N, seed) always gives the same bytes, and the documents of the first families (which the benchmark queries name)
are the same at every N.

Here: the writer, the generator's state and the shared steps (documents, provisions, amendment effects, the
preamble of institutions); graph/synth_terms.py holds the terms and the vocabulary, graph/synth_family.py the step
that writes one family.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from graph.synth_family import Families
from graph.synth_terms import (  # noqa: F401 (DEFAULT_SEED, SYN, VERSION, VG, slug: the module's interface)
    DEFAULT_SEED,
    EFFECT_TYPES,
    FACT,
    FAMILY_NAMES,
    GIVEN_NAMES,
    HAS_PART,
    HEADINGS,
    IDENT,
    LABEL,
    LEGAL_STATUS,
    MIDDLE_NAMES,
    MINISTRIES,
    N_PERSONS,
    N_UNITS,
    NOTATION,
    NOTE,
    ORG,
    ORG_SUB,
    PART_OF,
    POINTS,
    PROV_ENTITY,
    PROVINCES,
    SOURCE,
    SRC,
    SYN,
    SYN_NOTE,
    UNVERIFIED,
    VERSION,
    VG,
    WORDS,
    A,
    Doc,
    _i,
    code,
    date,
    eli,
    en,
    plain,
    slug,
    syn,
    typed,
    v,
    vi,
)

# ------------------------------------------------------------------------------------------ writer


class _Done(Exception):
    """The triple budget is reached (at an entity boundary)."""


@dataclass
class _Writer:
    limit: int
    chunks: list[str] = field(default_factory=list)
    count: int = 0

    def entity(self, graph: str, triples: list[tuple[str, str, str]]) -> None:
        g = f"<{VG}{graph}>"
        self.chunks.append("".join(f"{s} {p} {o} {g} .\n" for s, p, o in triples))
        self.count += len(triples)
        if self.count >= self.limit:
            raise _Done


class Generator(Families):
    """Writes families of related entities until the budget is reached."""

    def __init__(self, triples: int, seed: int) -> None:
        self.w = _Writer(triples)
        self.rng = random.Random(seed)
        self.numbers: dict[tuple[str, int], int] = {}
        self.decision_no = 100
        self.work_no = 0
        self.qcvn_no = 0
        self.task_plans = 0
        self.topic_laws: dict[int, list[Doc]] = {}
        self.topic_decrees: dict[int, list[Doc]] = {}
        self.programmes: list[str] = []
        self.editions: list[str] = []
        self.national: list[str] = []
        self.orgs: list[str] = []
        self.persons: list[str] = []
        self.ministries: list[tuple[str, str]] = []  # (iri, abbreviation)

    # -------------------------------------------------------------- helpers

    def number(self, kind: str, year: int) -> int:
        key = (kind, year)
        self.numbers[key] = self.numbers.get(key, 0) + 1
        return self.numbers[key]

    def text(self, lo: int, hi: int) -> str:
        words = self.rng.choices(WORDS, k=self.rng.randint(lo, hi))
        return " ".join(words).capitalize() + "."

    def day(self, year: int) -> tuple[int, int, int]:
        return year, self.rng.randint(1, 12), self.rng.randint(1, 28)

    def document(self, iri: str, cls: str, label_vi: str, label_en: str | None, identifier: str, doc_type: str,
                 issuer: str, when: tuple[int, int, int], extra: list[tuple[str, str]]) -> list[tuple[str, str, str]]:
        """The common triples of a legal document (typed, labelled, marked synthetic and unverified)."""
        y, m, d = when
        t = [(iri, A, v(cls)), (iri, LABEL, vi(label_vi))]
        if label_en is not None:
            t.append((iri, LABEL, en(label_en)))
        t += [(iri, IDENT, plain(identifier)), (iri, eli("type_document"), code(f"doc-type/{doc_type}")),
              (iri, eli("passed_by"), issuer), (iri, eli("date_document"), date(y, m, d)),
              (iri, FACT, UNVERIFIED), (iri, NOTE, SYN_NOTE), (iri, SOURCE, SRC)]
        if self.rng.random() < 0.85:  # some documents lack a known entry-into-force date (OPTIONAL queries)
            y2, m2 = (y, m + 2) if m <= 10 else (y + 1, m - 10)
            t.append((iri, eli("first_date_entry_in_force"), date(y2, m2, d)))
        t.append((iri, v("legalStatus"), code(f"legal-status/{self.rng.choice(LEGAL_STATUS)}")))
        t += [(iri, p, o) for p, o in extra]
        return t

    def provisions(self, graph: str, doc: str, n_articles: int, clauses: tuple[int, int], cite_p: float,
                   topic: int) -> tuple[list[str], list[str]]:
        """Articles → clauses → points of a document, each its own entity; some clauses cite law articles."""
        rng, articles, provs = self.rng, [], []
        laws = self.topic_laws.get(topic, [])
        for a in range(1, n_articles + 1):
            art = f"{doc[:-1]}/dieu-{a}>"
            t = [(art, A, v("Article")), (art, LABEL, vi(f"Điều {a}")), (art, LABEL, en(f"Article {a}")),
                 (art, PART_OF, doc), (doc, HAS_PART, art), (art, v("number"), plain(str(a))), (art, FACT, UNVERIFIED)]
            if rng.random() < 0.8:
                t.append((art, v("heading"), vi(rng.choice(HEADINGS))))
            self.w.entity(graph, t)
            articles.append(art)
            provs.append(art)
            for k in range(1, rng.randint(*clauses) + 1):
                cl = f"{art[:-1]}/khoan-{k}>"
                t = [(cl, A, v("Clause")), (cl, LABEL, vi(f"Khoản {k} Điều {a}")),
                     (cl, LABEL, en(f"Clause {k} of Article {a}")), (cl, PART_OF, art), (art, HAS_PART, cl),
                     (cl, v("number"), plain(str(k))), (cl, v("text"), vi(self.text(12, 30))), (cl, FACT, UNVERIFIED)]
                if laws and rng.random() < cite_p:
                    cited = laws[0] if rng.random() < 0.5 else rng.choice(laws)  # the topic's principal law
                    t.append((cl, v("cites"), rng.choice(cited.articles)))
                self.w.entity(graph, t)
                provs.append(cl)
                if rng.random() < 0.25:
                    for x in POINTS[: rng.randint(2, 5)]:
                        pt = f"{cl[:-1]}/diem-{'dd' if x == 'đ' else x}>"
                        self.w.entity(graph, [
                            (pt, A, v("Point")), (pt, LABEL, vi(f"Điểm {x} khoản {k} Điều {a}")),
                            (pt, LABEL, en(f"Point ({x}) of clause {k} of Article {a}")), (pt, PART_OF, cl),
                            (cl, HAS_PART, pt), (pt, v("number"), plain(x)), (pt, v("text"), vi(self.text(8, 20))),
                            (pt, FACT, UNVERIFIED)])
                        provs.append(pt)
        return articles, provs

    def effects(self, affecting: Doc, affected: Doc, when: tuple[int, int, int], n: int) -> None:
        """AmendmentEffects of `affecting` on `affected` (like legislation.gov.uk effects)."""
        rng = self.rng
        for k in range(1, n + 1):
            eff = f"{affecting.iri[:-1]}/effect/{k}>"
            kind = rng.choice(EFFECT_TYPES)
            target = rng.choice(affected.articles)
            self.w.entity("legal/effects", [
                (eff, A, v("AmendmentEffect")),
                (eff, LABEL, vi(f"{affecting.identifier} tác động ({kind}) đến {affected.identifier}")),
                (eff, LABEL, en(f"{affecting.identifier} {kind} a provision of {affected.identifier}")),
                (eff, v("effectType"), code(f"effect-type/{kind}")),
                (eff, v("affectingDocument"), affecting.iri),
                (eff, v("affectingProvision"), rng.choice(affecting.articles)),
                (eff, v("affectedDocument"), affected.iri), (eff, v("affectedProvision"), target),
                (eff, v("effectiveDate"), date(*when)), (eff, v("applied"), typed("true", "boolean")),
                (eff, FACT, UNVERIFIED), (eff, SOURCE, SRC)])

    # -------------------------------------------------------------- preamble

    def preamble(self) -> None:
        w, rng = self.w, self.rng
        w.entity("sources", [(SRC, A, PROV_ENTITY), (SRC, LABEL, vi("Bộ sinh dữ liệu tổng hợp (không có thật)")),
                             (SRC, LABEL, en("Synthetic benchmark data generator (not real)")),
                             (SRC, NOTE, SYN_NOTE), (SRC, FACT, UNVERIFIED)])
        bodies = [("quoc-hoi", "Quốc hội", "National Assembly"), ("chinh-phu", "Chính phủ", "Government"),
                  ("thu-tuong", "Thủ tướng Chính phủ", "Prime Minister")]
        for short, name_vi, name_en in bodies:
            o = syn(f"org/{short}")
            w.entity("organisations", [(o, A, v("StateBody")), (o, LABEL, vi(f"{name_vi} (tổng hợp)")),
                                       (o, LABEL, en(f"{name_en} (synthetic)")), (o, FACT, UNVERIFIED)])
        for short, abbr, name_vi, name_en in MINISTRIES:
            o = syn(f"org/{short}")
            w.entity("organisations", [(o, A, v("Ministry")), (o, LABEL, vi(name_vi)), (o, LABEL, en(name_en)),
                                       (o, NOTATION, plain(abbr)), (o, FACT, UNVERIFIED),
                                       (o, ORG_SUB, syn("org/chinh-phu"))])
            self.ministries.append((o, abbr))
            self.orgs.append(o)
        agencies = [("uy-ban-tcdlcl", "Ủy ban Tiêu chuẩn Đo lường Chất lượng Quốc gia",
                     "National Commission for Standards, Metrology and Quality"),
                    ("cuc-so-huu-tri-tue", "Cục Sở hữu trí tuệ", "Intellectual Property Office"),
                    ("cuc-an-toan-buc-xa", "Cục An toàn bức xạ và hạt nhân", "Agency for Radiation and Nuclear Safety")]
        for short, name_vi, name_en in agencies:
            o = syn(f"org/{short}")
            w.entity("organisations", [(o, A, v("GovernmentAgency")), (o, LABEL, vi(name_vi)), (o, LABEL, en(name_en)),
                                       (o, FACT, UNVERIFIED), (o, ORG_SUB, syn("org/bkhcn"))])
            self.orgs.append(o)
        w.entity("organisations", [(syn("org/iso"), A, v("InternationalOrganization")),
                                   (syn("org/iso"), LABEL, vi("Tổ chức Tiêu chuẩn hóa Quốc tế (tổng hợp)")),
                                   (syn("org/iso"), LABEL, en("International Organization for Standardization "
                                                              "(synthetic)")),
                                   (syn("org/iso"), FACT, UNVERIFIED)])
        parent = syn("org/uy-ban-tcdlcl")
        n_units = N_UNITS  # fixed, so that the families (and the entities the queries name) are the same at every N
        for k in range(n_units):
            kind = k % 5
            if kind <= 2:
                prov = PROVINCES[(k // 5 * 3 + kind) % len(PROVINCES)]
                rnd = (k // 5 * 3 + kind) // len(PROVINCES)
                suffix = f" (đơn vị {rnd + 1})" if rnd else ""
                name_vi = f"Chi cục Tiêu chuẩn Đo lường Chất lượng {prov}{suffix}"
                name_en = f"Sub-department of Standards, Metrology and Quality of {slug(prov).replace('-', ' ').title()}"
                short = f"chi-cuc-tdc-{slug(prov)}" + (f"-{rnd + 1}" if rnd else "")
            elif kind == 3:
                name_vi = f"Trung tâm Kỹ thuật Tiêu chuẩn Đo lường Chất lượng {k // 5 + 1}"
                name_en = f"Quality Assurance and Testing Centre {k // 5 + 1}"
                short = f"quatest-{k // 5 + 1}"
            else:
                name_vi = f"Trung tâm Chứng nhận Phù hợp khu vực {k // 5 + 1}"
                name_en = f"Conformity Certification Centre, region {k // 5 + 1}"
                short = f"trung-tam-chung-nhan-{k // 5 + 1}"
            o = syn(f"org/{short}")
            w.entity("organisations", [(o, A, v("PublicServiceUnit")), (o, LABEL, vi(name_vi)),
                                       (o, LABEL, en(name_en)), (o, FACT, UNVERIFIED), (o, _i(ORG + "unitOf"), parent)])
            self.orgs.append(o)
        for k in range(N_PERSONS):
            name = f"{rng.choice(FAMILY_NAMES)} {rng.choice(MIDDLE_NAMES)} {rng.choice(GIVEN_NAMES)}"
            p = syn(f"person/{slug(name)}-{k + 1}")
            w.entity("organisations", [(p, A, v("Person")), (p, LABEL, vi(name)), (p, LABEL, en(name)),
                                       (p, FACT, UNVERIFIED), (p, NOTE, SYN_NOTE)])
            self.persons.append(p)
        c = syn("doc/hien-phap-tong-hop")
        self.constitution = c
        w.entity("legal/laws", [(c, A, v("Constitution")), (c, LABEL, vi("Hiến pháp (tổng hợp)")),
                                (c, LABEL, en("Constitution (synthetic)")), (c, IDENT, plain("Hiến pháp tổng hợp")),
                                (c, eli("type_document"), code("doc-type/hien-phap")),
                                (c, eli("passed_by"), syn("org/quoc-hoi")), (c, FACT, UNVERIFIED),
                                (c, NOTE, SYN_NOTE), (c, SOURCE, SRC)])

    def run(self) -> str:
        """Generate; the N-Quads text."""
        try:
            self.preamble()
            f = 0
            while True:  # bounded: every family writes at least one triple, and the writer stops at the limit
                self.family(f)
                f += 1
        except _Done:
            pass
        return "".join(self.w.chunks)



def generate(triples: int, seed: int = DEFAULT_SEED) -> tuple[str, int]:
    """(N-Quads text, number of quads) of about `triples` synthetic triples."""
    gen = Generator(triples, seed)
    text = gen.run()
    return text, gen.w.count
