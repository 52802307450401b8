"""Mapping tables (data, not code) of the Bộ pháp điển importer: document types, issuers, relations, changes."""

from __future__ import annotations

from graph.namespaces import ID, VNQI

SOURCE = "vn-phapdien-qi"
SITE = "phapdien"  # vnqi:site of the relation labels: Bộ pháp điển điện tử (phapdien.moj.gov.vn)

# documents.csv doc_type -> (vnqi class, English label word). Decisions by number suffix come after.
DOC_TYPES = {
    "Luật": ("Law", "Law"),
    "Nghị định": ("Decree", "Decree"),
    "Quyết định": ("Decision", "Decision"),
    "Thông tư": ("Circular", "Circular"),
    "Thông tư liên tịch": ("Circular", "Joint Circular"),
}
# (number suffix or regex on the number, vnqi class, code:doc-type concept); first match wins.
NUMBER_RULES = [
    (r"/QH\d+$", "Law", "luat"),
    (r"/NĐ-CP$", "Decree", "nghi-dinh"),
    (r"^\d+/\d{4}/QĐ-TTg$", "PMDecision", "qd-ttg-quy-pham"),
    (r"^\d+/\d{4}/QĐ-B[A-ZĐ]+$", "MinisterialDecision", "qd-bo"),
    (r"/TT(LT)?-[A-ZĐ-]+$", "Circular", "thong-tu"),
]

# issuer (as written in documents.csv) -> organisations. Those described by the fact sheet are only linked;
# the others are described by this importer (ORGANISATIONS below).
ISSUERS = {
    "Quốc hội": ["national-assembly"],
    "Chính phủ": ["government"],
    "Thủ tướng Chính phủ": ["prime-minister"],
    "Bộ Khoa học và Công nghệ": ["most"],
    "Bộ công thương": ["moit"],
    "Bộ Thông tin và Truyền thông": ["mic"],
    "Bộ Công an": ["mps"],
    "Bộ Tài chính": ["mof"],
    "Bộ Lao động - Thương binh và Xã hội": ["molisa"],
    "Bộ Lao động - Thương Binh và Xã hội": ["molisa"],
    "Bộ Quốc phòng": ["mod"],
    "Bộ Nông nghiệp và Phát triển nông thôn": ["mard"],
    "Bộ Tài chính và Bộ Khoa học và Công nghệ": ["mof", "most"],
    "Bộ Khoa học và Công nghệ, Bộ Công an, Bộ Giao thông vận tải và Bộ Công Thương": ["most", "mps", "mot", "moit"],
}
# Ministries named as issuers and not described by the fact sheet: official Vietnamese and English names.
ORGANISATIONS = {
    "moit": ("Bộ Công Thương", "Ministry of Industry and Trade"),
    "mic": ("Bộ Thông tin và Truyền thông", "Ministry of Information and Communications"),
    "mps": ("Bộ Công an", "Ministry of Public Security"),
    "mof": ("Bộ Tài chính", "Ministry of Finance"),
    "molisa": ("Bộ Lao động - Thương binh và Xã hội", "Ministry of Labour, Invalids and Social Affairs"),
    "mod": ("Bộ Quốc phòng", "Ministry of National Defence"),
    "mard": ("Bộ Nông nghiệp và Phát triển nông thôn", "Ministry of Agriculture and Rural Development"),
    "mot": ("Bộ Giao thông vận tải", "Ministry of Transport"),
}
FACT_SHEET_ORGS = {"national-assembly", "government", "prime-minister", "most"}

# Laws that document titles and article texts name without their number. Each name denotes one law only
# (the later laws on these subjects are amending laws, named "Luật sửa đổi, bổ sung …").
LAW_NAMES = {
    "luật tiêu chuẩn và quy chuẩn kỹ thuật": "68/2006/QH11",
    "luật chất lượng sản phẩm, hàng hóa": "05/2007/QH12",
    "luật chất lượng sản phẩm, hàng hoá": "05/2007/QH12",
    "luật chất lượng sản phẩm": "05/2007/QH12",
    "luật đo lường": "04/2011/QH13",
}

# doc_relations.csv relation_vi -> vnqi property (subject acts on object).
RELATIONS = {
    "sửa đổi": VNQI.amends,
    "bổ sung": VNQI.amends,
    "sửa đổi, bổ sung": VNQI.amends,
    "bãi bỏ (một phần)": VNQI.repealsPartOf,
    # "quy định chi tiết / hướng dẫn thi hành" merges details and guides: the super-property is used.
    "quy định chi tiết / hướng dẫn thi hành": VNQI.guides,
    "dẫn chiếu": VNQI.cites,
}
EXACT, HEURISTIC = "phapdien_article_note", "document_title"

# articles.jsonl changes[].kinds -> code:effect-type concept, with the Vietnamese and English verbs of labels.
CHANGE_KINDS = {
    "được sửa đổi": ("amended", "sửa đổi", "amends"),
    "được bổ sung": ("supplemented", "bổ sung", "supplements"),
    "bị bãi bỏ": ("repealed", "bãi bỏ", "repeals"),
}
# A note's "có nội dung bị bãi bỏ" (some of its content repealed: every such note of the source says so) is a
# partial repeal; the article stays in force with the rest (its text is still codified).
PARTLY = "có nội dung bị bãi bỏ"
PARTLY_REPEALED = ("partly-repealed", "bãi bỏ một phần", "partly repeals")


def org_iri(short: str):  # type: ignore[no-untyped-def]
    """IRI of an organisation by its short name."""
    return ID[f"org/{short}"]
