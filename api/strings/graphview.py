"""UI strings of the graph view (vi, en)."""

STRINGS: dict[str, dict[str, str]] = {
    "graph_title": {"vi": "Đồ thị quan hệ", "en": "Relationship graph"},
    "graph_help": {"vi": "Nhấn vào một nút để mở rộng các quan hệ của nó; nhấn đúp để mở trang của thực thể.",
                   "en": "Click a node to expand its relations; double-click it to open the entity's page."},
    "graph_legend": {"vi": "Chú giải", "en": "Legend"},
    "graph_links": {"vi": "Các quan hệ", "en": "Relations"},
    "graph_outgoing": {"vi": "→", "en": "→"},
    "graph_truncated": {"vi": "Chỉ hiện {shown} trong {total} thực thể liên kết.",
                        "en": "Showing {shown} of {total} linked entities."},
    "graph_none": {"vi": "Thực thể này chưa có quan hệ nào với thực thể khác.",
                   "en": "This entity has no relation to other entities."},
    "graph_open_page": {"vi": "Mở trang của thực thể", "en": "Open the entity's page"},
    "graph_selected": {"vi": "Đang chọn", "en": "Selected"},
    "graph_no_js": {"vi": "Cần JavaScript để vẽ đồ thị; danh sách quan hệ ở dưới.",
                    "en": "Drawing the graph needs JavaScript; the relations are listed below."},
    "graph_loading": {"vi": "Đang tải…", "en": "Loading…"},
    "graph_fit": {"vi": "Vừa khung", "en": "Fit"},
}
