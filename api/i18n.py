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
    "sparql_examples_hint": {"vi": "Nhấn vào một truy vấn để nạp vào trình soạn thảo và chạy.",
                             "en": "Click a query to load it into the editor and run it."},
    "sparql_no_examples": {"vi": "Chưa có truy vấn mẫu.", "en": "No example queries yet."},
    "sparql_link": {"vi": "Liên kết chia sẻ", "en": "Share link"},
    "sparql_link_title": {"vi": "Mở lại trang với truy vấn này trong địa chỉ, để sao chép và chia sẻ",
                          "en": "Reload the page with this query in its address, to copy and share it"},
    "sparql_editor_help": {"vi": "Ctrl+Enter để chạy; nhãn (rdfs:label) hiện cạnh các IRI của vnqi trong bảng kết quả.",
                           "en": "Ctrl+Enter runs the query; labels (rdfs:label) appear next to vnqi IRIs in the results."},
    "validate_title": {"vi": "Kiểm tra dữ liệu RDF theo các ràng buộc SHACL", "en": "Validate RDF against the SHACL shapes"},
    "validate_paste": {"vi": "Dán dữ liệu RDF", "en": "Paste RDF data"},
    "validate_file": {"vi": "hoặc chọn tệp", "en": "or choose a file"},
    "validate_format": {"vi": "Định dạng", "en": "Format"},
    "validate_run": {"vi": "Kiểm tra", "en": "Validate"},
    "validate_conforms": {"vi": "Dữ liệu hợp lệ", "en": "The data conforms"},
    "validate_not_conforms": {"vi": "Dữ liệu không hợp lệ", "en": "The data does not conform"},
    "validate_violations": {"vi": "vi phạm", "en": "violations"},
    "validate_warnings": {"vi": "cảnh báo", "en": "warnings"},
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
