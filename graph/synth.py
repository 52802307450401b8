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
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass, field

DEFAULT_SEED = 20231225
VERSION = 2  # bumped whenever the output for a given (N, seed) changes: cached files carry it

VNQI = "https://w3id.org/vnqi/def#"
SYN = "https://w3id.org/vnqi/id/synthetic/"
CODE = "https://w3id.org/vnqi/id/code/"
VG = "https://w3id.org/vnqi/graph/synthetic/"
ELI = "http://data.europa.eu/eli/ontology#"
ORG = "http://www.w3.org/ns/org#"
XSD = "http://www.w3.org/2001/XMLSchema#"
NOTE_TEXT = "SYNTHETIC benchmark data — not real"


def _i(iri: str) -> str:
    return f"<{iri}>"


def v(name: str) -> str:
    """A vnqi: term as an N-Quads IRI."""
    return _i(VNQI + name)


def eli(name: str) -> str:
    return _i(ELI + name)


def syn(path: str) -> str:
    """A synthetic entity IRI (N-Quads form)."""
    return _i(SYN + path)


def code(path: str) -> str:
    return _i(CODE + path)


def _esc(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")


def vi(text: str) -> str:
    return f'"{_esc(text)}"@vi'


def en(text: str) -> str:
    return f'"{_esc(text)}"@en'


def plain(text: str) -> str:
    return f'"{_esc(text)}"'


def typed(value: object, datatype: str) -> str:
    return f'"{value}"^^<{XSD}{datatype}>'


def date(y: int, m: int, d: int) -> str:
    return typed(f"{y:04d}-{m:02d}-{d:02d}", "date")


def slug(text: str) -> str:
    """Lowercase ASCII slug like graph/ids.py: diacritics removed, đ → d, other runs → '-'."""
    text = text.replace("đ", "d").replace("Đ", "D")
    text = "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn").lower()
    out, dash = [], False
    for c in text:
        if c.isascii() and c.isalnum():
            out.append(c)
            dash = False
        elif not dash:
            out.append("-")
            dash = True
    return "".join(out).strip("-")


A = _i("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
LABEL = _i("http://www.w3.org/2000/01/rdf-schema#label")
NOTE = _i("http://www.w3.org/2004/02/skos/core#note")
NOTATION = _i("http://www.w3.org/2004/02/skos/core#notation")
IDENT = _i("http://purl.org/dc/terms/identifier")
SOURCE = _i("http://purl.org/dc/terms/source")
PUBLISHER = _i("http://purl.org/dc/terms/publisher")
ISSUED = _i("http://purl.org/dc/terms/issued")
PROV_ENTITY = _i("http://www.w3.org/ns/prov#Entity")
FACT = v("factStatus")
UNVERIFIED = code("fact-status/unverified")
SYN_NOTE = en(NOTE_TEXT)
SRC = syn("source/generator")
HAS_PART, PART_OF = eli("has_part"), eli("is_part_of")
ORG_SUB = _i(ORG + "subOrganizationOf")

# ------------------------------------------------------------------------------------------ vocabulary

TOPICS = [
    ("Đo lường", "Metrology"),
    ("Tiêu chuẩn và Quy chuẩn kỹ thuật", "Standards and Technical Regulations"),
    ("Chất lượng sản phẩm, hàng hóa", "Product and Goods Quality"),
    ("An toàn thực phẩm", "Food Safety"),
    ("Năng lượng nguyên tử", "Atomic Energy"),
    ("Chuyển giao công nghệ", "Technology Transfer"),
    ("Sở hữu trí tuệ", "Intellectual Property"),
    ("Bảo vệ quyền lợi người tiêu dùng", "Consumer Protection"),
    ("Khoa học và Công nghệ", "Science and Technology"),
    ("Hóa chất", "Chemicals"),
    ("Sử dụng năng lượng tiết kiệm và hiệu quả", "Energy Efficiency"),
    ("Thương mại điện tử", "E-commerce"),
]
MINISTRIES = [
    ("bkhcn", "BKHCN", "Bộ Khoa học và Công nghệ", "Ministry of Science and Technology"),
    ("bct", "BCT", "Bộ Công Thương", "Ministry of Industry and Trade"),
    ("byt", "BYT", "Bộ Y tế", "Ministry of Health"),
    ("bnnmt", "BNNMT", "Bộ Nông nghiệp và Môi trường", "Ministry of Agriculture and Environment"),
    ("bxd", "BXD", "Bộ Xây dựng", "Ministry of Construction"),
    ("btc", "BTC", "Bộ Tài chính", "Ministry of Finance"),
    ("bca", "BCA", "Bộ Công an", "Ministry of Public Security"),
    ("bqp", "BQP", "Bộ Quốc phòng", "Ministry of National Defence"),
]
PROVINCES = [
    "Hà Nội", "Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Huế", "Lai Châu", "Điện Biên", "Sơn La",
    "Lạng Sơn", "Quảng Ninh", "Thanh Hóa", "Nghệ An", "Hà Tĩnh", "Cao Bằng", "Tuyên Quang", "Lào Cai",
    "Thái Nguyên", "Phú Thọ", "Bắc Ninh", "Hưng Yên", "Ninh Bình", "Quảng Trị", "Quảng Ngãi", "Gia Lai",
    "Khánh Hòa", "Lâm Đồng", "Đắk Lắk", "Đồng Nai", "Tây Ninh", "Vĩnh Long", "Đồng Tháp", "Cà Mau", "An Giang",
]
HEADINGS = [
    "Phạm vi điều chỉnh", "Đối tượng áp dụng", "Giải thích từ ngữ", "Nguyên tắc quản lý",
    "Trách nhiệm của cơ quan quản lý nhà nước", "Điều kiện hoạt động", "Hồ sơ đề nghị cấp giấy chứng nhận",
    "Trình tự, thủ tục", "Kiểm tra nhà nước về chất lượng", "Xử lý vi phạm", "Hiệu lực thi hành",
    "Tổ chức thực hiện", "Quyền và nghĩa vụ của tổ chức, cá nhân", "Chứng nhận hợp chuẩn, hợp quy",
    "Phòng thử nghiệm", "Chuẩn đo lường quốc gia", "Phương tiện đo nhóm 2", "Đánh giá sự phù hợp",
    "Công bố tiêu chuẩn áp dụng", "Truy xuất nguồn gốc sản phẩm, hàng hóa", "Điều khoản chuyển tiếp",
    "Kiểm định, hiệu chuẩn, thử nghiệm", "Nhãn hàng hóa", "Hợp tác quốc tế", "Kinh phí thực hiện",
]
WORDS = [  # Vietnamese words of legal text, for clause and task texts
    "tổ", "chức", "cá", "nhân", "sản", "phẩm", "hàng", "hóa", "chất", "lượng", "tiêu", "chuẩn", "quy", "chuẩn",
    "kỹ", "thuật", "đo", "lường", "phương", "tiện", "đo", "kiểm", "định", "hiệu", "chuẩn", "thử", "nghiệm", "chứng",
    "nhận", "công", "bố", "hợp", "quy", "hợp", "chuẩn", "cơ", "quan", "quản", "lý", "nhà", "nước", "có", "trách",
    "nhiệm", "thực", "hiện", "theo", "quy", "định", "của", "pháp", "luật", "về", "và", "đối", "với", "trong",
    "phải", "bảo", "đảm", "an", "toàn", "sức", "khỏe", "môi", "trường", "người", "tiêu", "dùng", "doanh", "nghiệp",
    "Bộ", "Khoa", "học", "và", "Công", "nghệ", "Ủy", "ban", "nhân", "dân", "cấp", "tỉnh", "hồ", "sơ", "thời", "hạn",
    "ngày", "làm", "việc", "kể", "từ", "ngày", "nhận", "đủ", "giấy", "chứng", "nhận", "đăng", "ký", "hoạt", "động",
    "đánh", "giá", "sự", "phù", "hợp", "mẫu", "phép", "đo", "chuẩn", "quốc", "gia", "truy", "xuất", "nguồn", "gốc",
    "nhãn", "xuất", "khẩu", "nhập", "khẩu", "lưu", "thông", "trên", "thị", "trường", "kiểm", "tra", "thanh", "tra",
    "xử", "phạt", "vi", "phạm", "hành", "chính"
]
STD_SUBJECTS = [
    ("Thực phẩm", "Foodstuffs"), ("Thép cốt bê tông", "Steel for reinforcement of concrete"),
    ("Xi măng poóc lăng", "Portland cement"), ("Phân bón", "Fertilizers"), ("Đồ chơi trẻ em", "Toys"),
    ("Mũ bảo hiểm cho người đi mô tô", "Protective helmets for motorcycle users"),
    ("Thiết bị điện gia dụng", "Household electrical appliances"), ("Nước uống đóng chai", "Bottled drinking water"),
    ("Gạo trắng", "White rice"), ("Cà phê nhân", "Green coffee"), ("Hạt điều", "Cashew kernels"),
    ("Thủy sản đông lạnh", "Frozen fishery products"), ("Hệ thống quản lý chất lượng", "Quality management systems"),
    ("Đánh giá sự phù hợp", "Conformity assessment"), ("Phòng thử nghiệm", "Testing laboratories"),
]
STD_ASPECTS = [
    ("Yêu cầu kỹ thuật", "Specifications"), ("Phương pháp thử", "Test methods"), ("Lấy mẫu", "Sampling"),
    ("Thuật ngữ và định nghĩa", "Vocabulary"), ("Yêu cầu an toàn", "Safety requirements"),
    ("Xác định độ ẩm", "Determination of moisture content"), ("Các yêu cầu", "Requirements"),
    ("Hướng dẫn áp dụng", "Guidelines for application"),
]
FAMILY_NAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ"]
MIDDLE_NAMES = ["Văn", "Thị", "Minh", "Đức", "Thanh", "Hữu", "Quốc", "Ngọc", "Xuân", "Hoàng"]
GIVEN_NAMES = ["An", "Bình", "Cường", "Dũng", "Hà", "Hải", "Hiệp", "Hùng", "Lan", "Long", "Mai", "Nam", "Phong",
               "Quang", "Sơn", "Tâm", "Thắng", "Trung", "Tuấn", "Việt", "Yến"]
LEGAL_STATUS = ["con-hieu-luc"] * 6 + ["het-hieu-luc-mot-phan"] * 2 + ["het-hieu-luc-toan-bo", "chua-co-hieu-luc"]
EFFECT_TYPES = ["amended"] * 5 + ["supplemented"] * 3 + ["replaced", "repealed", "corrected"]
ADOPTION = ["adoptsIdentical"] * 6 + ["adoptsModified"] * 3 + ["adoptsNotEquivalent"]
POINTS = "abcdđe"
N_UNITS = 250  # public service units (organisations)
N_PERSONS = 50  # signers


def legislature(year: int) -> int:
    """Vietnam's National Assembly term for a year (QH10 from 1997, five-year terms)."""
    return 10 + max(0, year - 1997) // 5


def family_year(family: int) -> int:
    return 2000 + family // 6


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


@dataclass
class _Doc:
    iri: str
    identifier: str
    articles: list[str]
    provisions: list[str]  # articles, clauses and points


class Generator:
    """Writes families of related entities until the budget is reached."""

    def __init__(self, triples: int, seed: int) -> None:
        self.w = _Writer(triples)
        self.rng = random.Random(seed)
        self.numbers: dict[tuple[str, int], int] = {}
        self.decision_no = 100
        self.work_no = 0
        self.qcvn_no = 0
        self.task_plans = 0
        self.topic_laws: dict[int, list[_Doc]] = {}
        self.topic_decrees: dict[int, list[_Doc]] = {}
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

    def effects(self, affecting: _Doc, affected: _Doc, when: tuple[int, int, int], n: int) -> None:
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

    # -------------------------------------------------------------- one family

    def family(self, f: int) -> None:
        rng = self.rng
        topic = f % len(TOPICS)
        t_vi, t_en = TOPICS[topic]
        year = family_year(f)
        laws = self.topic_laws.setdefault(topic, [])
        decrees = self.topic_decrees.setdefault(topic, [])

        # the law: original, amending the previous law of the topic, or replacing it
        n = self.number("law", year)
        ident = f"{n}/{year}/QH{legislature(year)}"
        law_iri = syn(f"doc/{slug(ident)}")
        when = self.day(year)
        extra = [(v("hasLegalBasis"), self.constitution), (v("signedBy"), rng.choice(self.persons))]
        amended = None
        if laws and rng.random() < 0.6:
            amended = laws[-1]
            cls, lv, le = ("AmendingLaw", f"Luật sửa đổi, bổ sung một số điều của Luật {t_vi} ({ident})",
                           f"Law amending and supplementing a number of articles of the Law on {t_en} ({ident})")
            extra.append((v("amends"), amended.iri))
            n_articles = rng.randint(2, 8)
        else:
            cls, lv, le = "Law", f"Luật {t_vi} ({ident})", f"Law on {t_en} ({ident})"
            if laws:
                extra.append((v("replaces"), laws[-1].iri))
            n_articles = rng.randint(20, 80)
        self.w.entity("legal/laws", self.document(law_iri, cls, lv, le, ident, "luat", syn("org/quoc-hoi"), when,
                                                  extra))
        arts, provs = self.provisions("legal/laws", law_iri, n_articles, (2, 4), 0.0, topic)
        law = _Doc(law_iri, ident, arts, provs)
        if amended is not None:
            self.effects(law, amended, when, min(len(arts), rng.randint(2, 6)))
        laws.append(law)

        # decrees detailing the law; some amend the previous decree of the topic
        fam_decrees = []
        for _ in range(rng.randint(2, 4)):
            n = self.number("decree", year)
            ident = f"{n}/{year}/NĐ-CP"
            iri = syn(f"doc/{slug(ident)}")
            when = self.day(year)
            extra = [(v("details"), law.iri), (v("hasLegalBasis"), law.iri),
                     (v("signedBy"), rng.choice(self.persons))]
            extra += [(v("details"), a) for a in rng.sample(law.articles, min(len(law.articles), rng.randint(2, 4)))]
            previous = rng.choice(decrees) if decrees and rng.random() < 0.5 else None
            if previous is not None:
                extra.append((v("amends"), previous.iri))
                lv = f"Nghị định sửa đổi, bổ sung Nghị định số {previous.identifier} về {t_vi.lower()}"
                le = f"Decree amending Decree {previous.identifier} on {t_en.lower()}"
            else:
                lv = f"Nghị định quy định chi tiết một số điều của Luật {t_vi} (số {ident})"
                le = f"Decree detailing a number of articles of the Law on {t_en} (no. {ident})"
            self.w.entity("legal/decrees", self.document(iri, "Decree", lv, le, ident, "nghi-dinh",
                                                         syn("org/chinh-phu"), when, extra))
            arts, provs = self.provisions("legal/decrees", iri, rng.randint(10, 30), (1, 4), 0.15, topic)
            doc = _Doc(iri, ident, arts, provs)
            if previous is not None:
                self.effects(doc, previous, when, rng.randint(2, 5))
            decrees.append(doc)
            fam_decrees.append(doc)

        # circulars guiding the decrees, issued by ministries
        fam_docs = [law.iri] + [d.iri for d in fam_decrees]
        for _ in range(rng.randint(2, 5)):
            ministry, abbr = rng.choice(self.ministries)
            n = self.number(f"circular-{abbr}", year)
            ident = f"{n}/{year}/TT-{abbr}"
            iri = syn(f"doc/{slug(ident)}")
            decree = rng.choice(fam_decrees)
            extra = [(v("guides"), decree.iri), (v("hasLegalBasis"), decree.iri), (v("hasLegalBasis"), law.iri)]
            label_en = f"Circular guiding Decree {decree.identifier} ({ident})" if rng.random() < 0.9 else None
            self.w.entity("legal/circulars", self.document(
                iri, "Circular", f"Thông tư hướng dẫn Nghị định số {decree.identifier} về {t_vi.lower()} ({ident})",
                label_en, ident, "thong-tu", ministry, self.day(year), extra))
            self.provisions("legal/circulars", iri, rng.randint(5, 20), (1, 3), 0.15, topic)
            fam_docs.append(iri)

        # a PM decision approving a programme or scheme (every other family)
        if f % 2 == 0:
            self.decision_no += rng.randint(1, 40)
            ident = f"{self.decision_no}/QĐ-TTg"
            dec = syn(f"doc/{slug(ident)}")
            kind, kv, ke = ("Programme", "Chương trình", "Programme") if f % 4 == 0 else ("Scheme", "Đề án", "Scheme")
            prog = syn(f"prog/{slug(ident)}")
            name_vi = f"{kv} quốc gia nâng cao {t_vi.lower()} giai đoạn {year + 1}-{year + 10}"
            name_en = f"National {ke.lower()} on {t_en.lower()} {year + 1}-{year + 10}"
            self.w.entity("legal/decisions", self.document(
                dec, "PMDecision", f"Quyết định phê duyệt {name_vi}", f"Decision approving the {name_en}", ident,
                "qd-ttg-ca-biet", syn("org/thu-tuong"), self.day(year),
                [(v("approves"), prog), (v("hasLegalBasis"), law.iri)]))
            self.provisions("legal/decisions", dec, rng.randint(3, 6), (1, 3), 0.1, topic)
            ministry, _ = rng.choice(self.ministries)
            self.w.entity("programmes", [
                (prog, A, v(kind)), (prog, LABEL, vi(name_vi)), (prog, LABEL, en(name_en)),
                (prog, NOTATION, plain(str(self.decision_no))), (prog, v("approvedBy"), dec),
                (prog, v("ledBy"), ministry), (prog, v("standingAgency"), rng.choice(self.orgs)),
                (prog, v("periodStart"), typed(year + 1, "gYear")), (prog, v("periodEnd"), typed(year + 10, "gYear")),
                (prog, FACT, UNVERIFIED), (prog, NOTE, SYN_NOTE), (prog, SOURCE, SRC)])
            self.programmes.append(prog)

        # standards: works, ISO editions in supersedes chains, TCVN adoptions; one technical regulation
        fam_std = []
        for _ in range(5):
            self.work_no += 1
            number = 1000 + self.work_no * 7
            s_vi, s_en = rng.choice(STD_SUBJECTS)
            a_vi, a_en = rng.choice(STD_ASPECTS)
            work = syn(f"std/iso-{number}")
            self.w.entity("standards", [(work, A, v("StandardWork")), (work, LABEL, vi(f"ISO {number} {s_vi} - {a_vi}")),
                                        (work, LABEL, en(f"ISO {number} {s_en} — {a_en}")),
                                        (work, IDENT, plain(f"ISO {number}")), (work, FACT, UNVERIFIED)])
            prev_iso = prev_tcvn = None
            y = year - rng.randint(5, 20)
            for edition in range(1, rng.randint(1, 4) + 1):
                code_iso = f"ISO {number}:{y}"
                ed = syn(f"std/{slug(code_iso)}")
                t = [(ed, A, v("InternationalStandard")), (ed, LABEL, vi(f"{code_iso} {s_vi} - {a_vi}")),
                     (ed, LABEL, en(f"{code_iso} {s_en} — {a_en}")), (ed, IDENT, plain(code_iso)),
                     (ed, eli("type_document"), code("doc-type/iso")), (ed, v("editionOf"), work),
                     (ed, PUBLISHER, syn("org/iso")), (ed, ISSUED, date(*self.day(y))),
                     (ed, v("edition"), typed(edition, "integer")), (ed, FACT, UNVERIFIED), (ed, NOTE, SYN_NOTE),
                     (ed, SOURCE, SRC)]
                if prev_iso is not None:
                    t.append((ed, v("supersedes"), prev_iso))
                self.w.entity("standards", t)
                self.editions.append(ed)
                fam_std.append(ed)
                prev_iso = ed
                if rng.random() < 0.6:
                    ty = y + rng.randint(1, 3)
                    code_tcvn = f"TCVN ISO {number}:{ty}"
                    tc = syn(f"std/{slug(code_tcvn)}")
                    t = [(tc, A, v("NationalStandard")), (tc, LABEL, vi(f"{code_tcvn} {s_vi} - {a_vi}")),
                         (tc, LABEL, en(f"{code_tcvn} {s_en} — {a_en}")), (tc, IDENT, plain(code_tcvn)),
                         (tc, eli("type_document"), code("doc-type/tcvn")), (tc, v(rng.choice(ADOPTION)), ed),
                         (tc, PUBLISHER, syn("org/bkhcn")), (tc, ISSUED, date(*self.day(ty))),
                         (tc, FACT, UNVERIFIED), (tc, NOTE, SYN_NOTE), (tc, SOURCE, SRC)]
                    if prev_tcvn is not None:
                        t.append((tc, v("supersedes"), prev_tcvn))
                    self.w.entity("standards", t)
                    self.national.append(tc)
                    fam_std.append(tc)
                    prev_tcvn = tc
                y += rng.randint(3, 8)
        self.qcvn_no += 1
        ident = f"QCVN {self.qcvn_no:02d}:{year}/BKHCN"
        q = syn(f"doc/{slug(ident)}")
        cited = rng.sample(self.national or self.editions, min(len(self.national or self.editions), rng.randint(2, 5)))
        self.w.entity("standards", self.document(
            q, "TechnicalRegulation", f"Quy chuẩn kỹ thuật quốc gia về {rng.choice(STD_SUBJECTS)[0].lower()} ({ident})",
            f"National technical regulation {ident}", ident, "qcvn", syn("org/bkhcn"), self.day(year),
            [(v("citesStandard"), c) for c in cited] + [(v("hasLegalBasis"), law.iri)]))
        fam_docs.append(q)

        # a plan of the standards commission with its tasks
        self.task_plans += 1
        plan = syn(f"plan/ke-hoach-{self.task_plans}")
        self.w.entity("programmes", [(plan, A, v("Plan")),
                                     (plan, LABEL, vi(f"Kế hoạch thực hiện Luật {t_vi} năm {year} (số {self.task_plans})")),
                                     (plan, LABEL, en(f"Plan implementing the Law on {t_en}, {year} "
                                                      f"(no. {self.task_plans})")),
                                     (plan, v("year"), typed(year, "gYear")), (plan, FACT, UNVERIFIED),
                                     (plan, NOTE, SYN_NOTE), (plan, SOURCE, SRC)])
        targets = fam_docs + fam_std + self.programmes[-3:]
        for k in range(1, rng.randint(8, 12) + 1):
            task = f"{plan[:-1]}/nhiem-vu-{k}>"
            text_vi = f"Triển khai {rng.choice(HEADINGS).lower()} theo Luật {t_vi}"
            t = [(task, A, v("Task")), (task, LABEL, vi(text_vi)),
                 (task, LABEL, en(f"Implement task {k} under the Law on {t_en}")), (task, v("taskOf"), plan),
                 (plan, v("hasTask"), task), (task, v("ordinal"), typed(k, "integer")),
                 (task, v("text"), vi(text_vi + ". " + self.text(10, 25))),
                 (task, v("responsibleOrganization"), rng.choice(self.orgs)), (task, FACT, UNVERIFIED)]
            t += [(task, v("concerns"), c) for c in rng.sample(targets, rng.randint(1, 3))]
            self.w.entity("programmes", t)

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
