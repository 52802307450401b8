"""UI language: Vietnamese by default, English by choice (query parameter, then cookie)."""

from __future__ import annotations

from fastapi import Request

LANGS = ("vi", "en")

STRINGS: dict[str, dict[str, str]] = {
    "title": {"vi": "Hạ tầng chất lượng quốc gia Việt Nam — đồ thị tri thức", "en": "Vietnam's quality infrastructure — knowledge graph"},
    "intro": {
        "vi": "Luật, văn bản hướng dẫn, tiêu chuẩn TCVN và ISO, quy chuẩn QCVN, chương trình, đề án và nhiệm vụ "
              "của ngành tiêu chuẩn, đo lường, chất lượng — mỗi dữ kiện kèm nguồn và trạng thái kiểm chứng.",
        "en": "Laws, guiding documents, TCVN and ISO standards, QCVN regulations, programmes, schemes and tasks of "
              "Vietnam's standards, metrology and quality sector — every fact with its source and verification status.",
    },
    "classes": {"vi": "Số thực thể theo lớp", "en": "Entities per class"},
    "class": {"vi": "Lớp", "en": "Class"},
    "count": {"vi": "Số lượng", "en": "Count"},
    "graphs": {"vi": "Nguồn dữ liệu (đồ thị có tên)", "en": "Sources (named graphs)"},
    "graph": {"vi": "Đồ thị", "en": "Graph"},
    "triples": {"vi": "Bộ ba", "en": "Triples"},
    "other_lang": {"vi": "English", "en": "Tiếng Việt"},
    "sparql_query": {"vi": "Truy vấn SPARQL", "en": "SPARQL query"},
    "sparql_format": {"vi": "Định dạng kết quả", "en": "Result format"},
    "sparql_run": {"vi": "Chạy truy vấn", "en": "Run query"},
    "sparql_examples": {"vi": "Truy vấn mẫu", "en": "Example queries"},
    "no_store": {"vi": "Chưa có đồ thị nào được nạp.", "en": "No graph is loaded."},
}


def pick_lang(request: Request) -> str:
    """The requested UI language: ?lang=, then the 'lang' cookie, then Vietnamese."""
    for candidate in (request.query_params.get("lang"), request.cookies.get("lang")):
        if candidate in LANGS:
            return candidate
    return "vi"


def translator(lang: str):  # type: ignore[no-untyped-def]
    """A function key → UI string in `lang`."""
    return lambda key: STRINGS[key][lang]
