"""UI strings of the search pages (vi, en); the search box's own strings are in core.py."""

STRINGS: dict[str, dict[str, str]] = {
    "search_title": {"vi": "Tìm kiếm", "en": "Search"},
    "search_hint": {"vi": "Nhập số hiệu văn bản, mã tiêu chuẩn, tên hoặc vài từ (có dấu hay không dấu đều được), "
                          "ví dụ 68/2006/QH11, 17034, tiêu chuẩn đo lường.",
                    "en": "Type a document number, a standard code, a name or a few words (with or without Vietnamese "
                          "diacritics), e.g. 68/2006/QH11, 17034, tieu chuan do luong."},
    "search_found": {"vi": "Tìm thấy", "en": "Found"},
    "search_results_for": {"vi": "kết quả cho", "en": "results for"},
    "search_result_for": {"vi": "kết quả cho", "en": "result for"},
    "search_none": {"vi": "Không có kết quả.", "en": "No results."},
    "search_by_class": {"vi": "Lọc theo lớp", "en": "Filter by class"},
    "search_all_classes": {"vi": "Tất cả các lớp", "en": "All classes"},
    "search_pages": {"vi": "Các trang kết quả", "en": "Result pages"},
    "search_page": {"vi": "Trang", "en": "Page"},
    "search_prev": {"vi": "Trang trước", "en": "Previous"},
    "search_next": {"vi": "Trang sau", "en": "Next"},
}
