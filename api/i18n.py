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
    "impact_title": {"vi": "Phân tích tác động của việc sửa đổi văn bản", "en": "Impact analysis of amendments"},
    "impact_intro": {"vi": "Chọn một văn bản sửa đổi có trong đồ thị, hoặc giả định thay đổi một số điều khoản của một "
                             "văn bản: kết quả là mọi văn bản, tiêu chuẩn, chương trình, nhiệm vụ và tổ chức phụ thuộc "
                             "vào nội dung đó, kèm đường giải thích.",
                     "en": "Pick an amending act of the graph, or suppose a change to some provisions of a document: "
                           "the result is every document, standard, programme, task and organisation that depends on "
                           "the changed content, with the paths that explain why."},
    "impact_by_act": {"vi": "Theo văn bản sửa đổi", "en": "By amending act"},
    "impact_what_if": {"vi": "Giả định thay đổi", "en": "What if"},
    "impact_act": {"vi": "Văn bản sửa đổi", "en": "Amending act"},
    "impact_document": {"vi": "Văn bản", "en": "Document"},
    "impact_list_provisions": {"vi": "Xem các điều khoản", "en": "List its provisions"},
    "impact_provisions": {"vi": "Điều khoản bị thay đổi", "en": "Changed provisions"},
    "impact_no_provisions": {"vi": "Đồ thị chưa có điều khoản nào của văn bản này: phân tích sẽ xét cả văn bản.",
                             "en": "The graph holds no provision of this document: the whole document is analysed."},
    "impact_whole_document": {"vi": "Không chọn điều khoản nào thì xét cả văn bản.",
                              "en": "With no provision ticked, the whole document is analysed."},
    "impact_change": {"vi": "Loại thay đổi", "en": "Change"},
    "change_amended": {"vi": "sửa đổi", "en": "amended"},
    "change_supplemented": {"vi": "bổ sung", "en": "supplemented"},
    "change_replaced": {"vi": "thay thế", "en": "replaced"},
    "change_repealed": {"vi": "bãi bỏ", "en": "repealed"},
    "change_corrected": {"vi": "đính chính", "en": "corrected"},
    "impact_date": {"vi": "Ngày có hiệu lực", "en": "Effective date"},
    "impact_on": {"vi": "Tính đến ngày (để trống: ngày có hiệu lực)", "en": "As of (empty: the effective date)"},
    "impact_depth": {"vi": "Độ sâu", "en": "Depth"},
    "impact_run": {"vi": "Phân tích", "en": "Analyse"},
    "impact_result": {"vi": "Kết quả", "en": "Result"},
    "impact_changed": {"vi": "Nội dung thay đổi", "en": "What changes"},
    "impact_reference_date": {"vi": "Ngày tham chiếu", "en": "Reference date"},
    "impact_pending": {"vi": "Thay đổi này chưa có hiệu lực vào ngày tham chiếu.",
                       "en": "This change is not yet in force on the reference date."},
    "impact_affected": {"vi": "thực thể bị tác động", "en": "entities affected"},
    "impact_distance": {"vi": "Khoảng cách", "en": "Distance"},
    "impact_strength": {"vi": "Mức độ", "en": "Strength"},
    "impact_uncertain": {"vi": "chưa chắc chắn: mọi đường giải thích đều qua một liên kết chưa kiểm chứng",
                         "en": "uncertain: every explaining path goes through a link that is not verified"},
    "impact_excluded": {"vi": "Không xét (không có hiệu lực vào ngày tham chiếu)",
                        "en": "Left out (not in force on the reference date)"},
    "impact_none": {"vi": "Không có thực thể nào bị tác động.", "en": "No entity is affected."},
    "impact_graph": {"vi": "Đồ thị tác động", "en": "Impact graph"},
    "impact_graph_more": {"vi": "Đồ thị chỉ vẽ {n} thực thể đầu tiên.", "en": "The graph shows the first {n} entities only."},
    "impact_download": {"vi": "Tải xuống", "en": "Download"},
    "impact_error": {"vi": "Không thực hiện được yêu cầu", "en": "The request could not be carried out"},
    "impact_choose": {"vi": "— chọn —", "en": "— choose —"},
    "reason_not_yet": {"vi": "chưa có hiệu lực (hoặc chưa thành lập) vào ngày {day} (từ ngày {since})",
                       "en": "not yet in force (or not yet founded) on {day} (from {since})"},
    "reason_ended": {"vi": "hết hiệu lực (hoặc đã giải thể, bị hủy bỏ) vào ngày {day} (từ ngày {since})",
                     "en": "no longer in force (or dissolved, withdrawn) on {day} (since {since})"},
    "timeline_title": {"vi": "Hiệu lực của văn bản theo thời gian", "en": "A document through time"},
    "timeline_state": {"vi": "Các điều khoản vào ngày", "en": "Provisions on"},
    "timeline_changes": {"vi": "Các thay đổi theo thời gian", "en": "Changes, oldest first"},
    "timeline_show": {"vi": "Xem", "en": "Show"},
    "timeline_in_force": {"vi": "Có hiệu lực từ", "en": "In force from"},
    "timeline_ended": {"vi": "Hết hiệu lực từ", "en": "No longer in force from"},
    "timeline_undated": {"vi": "chưa rõ ngày", "en": "date unknown"},
    "timeline_partial": {"vi": "một phần", "en": "in part"},
    "timeline_by": {"vi": "bởi", "en": "by"},
    "timeline_target": {"vi": "Phần bị tác động", "en": "Affected part"},
    "timeline_no_provisions": {"vi": "Đồ thị chưa có điều khoản nào của văn bản này.",
                               "en": "The graph holds no provision of this document."},
    "timeline_no_changes": {"vi": "Đồ thị chưa ghi nhận thay đổi nào của văn bản này.",
                            "en": "The graph records no change to this document."},
    "state_in-force": {"vi": "có hiệu lực (nguyên văn)", "en": "in force as enacted"},
    "state_amended": {"vi": "đã được sửa đổi", "en": "amended"},
    "state_added": {"vi": "được bổ sung", "en": "added"},
    "state_repealed": {"vi": "bị bãi bỏ", "en": "repealed"},
    "state_not-yet-added": {"vi": "chưa được bổ sung", "en": "not yet added"},
    "col_kind": {"vi": "Loại", "en": "Kind"},
    "col_identifier": {"vi": "Số hiệu", "en": "Identifier"},
    "col_name": {"vi": "Tên", "en": "Name"},
    "col_role": {"vi": "Vai trò", "en": "Role"},
    "col_path": {"vi": "Đường giải thích", "en": "Explaining path"},
    "col_state": {"vi": "Tình trạng", "en": "State"},
    "col_date": {"vi": "Ngày", "en": "Date"},
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
