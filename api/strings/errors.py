"""Error messages of the pages in Vietnamese and English (GraphError.key → text; {names} are its params)."""

STRINGS: dict[str, dict[str, str]] = {
    "err_unknown_reference": {"vi": "Không có văn bản hoặc điều khoản “{reference}” trong đồ thị",
                              "en": "Unknown document or provision: “{reference}”"},
    "err_amends_nothing": {"vi": "{act} không sửa đổi, thay thế hay bãi bỏ văn bản nào trong đồ thị",
                           "en": "{act} amends, replaces or repeals nothing in the graph"},
    "err_unknown_change": {"vi": "Loại thay đổi “{change}” không hợp lệ: chọn một trong {choices}",
                           "en": "Unknown change “{change}”: expected one of {choices}"},
    "err_unknown_provision": {"vi": "{document} không có điều khoản “{ref}”",
                              "en": "Unknown provision “{ref}” of {document}"},
    "err_bad_date": {"vi": "Ngày “{value}” không hợp lệ: ghi theo dạng YYYY-MM-DD (ví dụ 2026-07-01)",
                     "en": "Malformed date “{value}”: expected YYYY-MM-DD (e.g. 2026-07-01)"},
    "err_bad_depth": {"vi": "Độ sâu “{value}” không hợp lệ: phải là số nguyên từ 1 đến {max}",
                      "en": "Malformed depth “{value}”: expected an integer from 1 to {max}"},
    "err_repeated_param": {"vi": "Tham số {name} chỉ được nhập một lần (đã nhập {count} lần)",
                           "en": "Give {name} once (it was given {count} times)"},
    "err_no_timeline": {"vi": "{reference} không phải là văn bản quy phạm hay điều khoản nên không có dòng thời gian",
                        "en": "{reference} is neither a legal document nor a provision: it has no timeline"},
    "err_not_legal_resource": {"vi": "{reference} không phải là văn bản quy phạm, điều khoản, phiên bản tiêu chuẩn "
                                     "hay quy chuẩn kỹ thuật: giả định thay đổi chỉ áp dụng cho chúng",
                               "en": "{reference} is not a legal document, a provision, a standard edition or a "
                                     "technical regulation: a what-if changes one of those"},
    "err_act_and_document": {"vi": "Chỉ nhập một trong hai: văn bản sửa đổi hoặc văn bản bị sửa đổi, không nhập cả hai",
                             "en": "Give either an amending act or a document, not both"},
    "err_on_and_date": {"vi": "Với một văn bản sửa đổi, date là ngày tham chiếu (on): chỉ cho một trong hai, "
                              "không phải {on} và {date}",
                        "en": "For an amending act, date is the reference date (on): give one of them, not {on} and "
                              "{date}"},
    "err_what_if_with_act": {"vi": "Điều khoản và loại thay đổi chỉ dùng khi giả định thay đổi một văn bản; văn bản "
                                   "sửa đổi {amendment} đã cho biết nó thay đổi những gì",
                             "en": "Provisions and a change describe a what-if on a document; the amending act "
                                   "{amendment} says itself what it changes"},
    "err_give_act_or_document": {"vi": "Nhập một văn bản sửa đổi (ví dụ 70/2025/QH15) hoặc một văn bản "
                                       "(ví dụ 68/2006/QH11)",
                                 "en": "Give an amending act (e.g. 70/2025/QH15) or a document (e.g. 68/2006/QH11)"},
    "err_give_document": {"vi": "Nhập một văn bản, ví dụ 05/2007/QH12", "en": "Give a document, e.g. 05/2007/QH12"},
    "err_two_dates": {"vi": "Có hai ngày (on={on}, at={at}): chỉ nhập một", "en": "Two dates given (on={on}, at={at}): give one"},
    "err_bad_ics": {"vi": "“{code}” không phải mã ICS (hai chữ số, có thể thêm .ba chữ số và .hai chữ số)",
                    "en": "“{code}” is not an ICS code (two digits, then optionally .three digits and .two digits)"},
    "err_no_ics": {"vi": "Không có mã ICS {code} trong đồ thị", "en": "No ICS code {code} in the graph"},
    "err_past_last_page": {"vi": "Trang {page} vượt quá trang cuối ({pages})",
                           "en": "Page {page} is past the last page ({pages})"},
    "err_give_iri": {"vi": "Nhập IRI của một thực thể, ví dụ /graph?iri=https://w3id.org/vnqi/id/doc/68-2006-qh11",
                     "en": "Give the IRI of an entity, e.g. /graph?iri=https://w3id.org/vnqi/id/doc/68-2006-qh11"},
    "err_not_iri": {"vi": "“{iri}” không phải IRI http(s) tuyệt đối", "en": "“{iri}” is not an absolute http(s) IRI"},
    "err_bad_status": {"vi": "“{status}” không phải mã tình trạng (ví dụ legal-status/con-hieu-luc)",
                       "en": "“{status}” is not a status code such as legal-status/con-hieu-luc"},
    "err_bad_sort": {"vi": "Cách sắp xếp, thứ tự hoặc trang không hợp lệ: {sort}, {order}, {page}",
                     "en": "Bad sort, order or page: {sort}, {order}, {page}"},
    "err_bad_class": {"vi": "Không có lớp “{name}”: dùng tên lớp của vnqi (Law) hoặc tiền tố:Tên (org:Membership)",
                      "en": "No class “{name}”: use a vnqi class name (Law) or prefix:Name (org:Membership)"},
    "err_no_class": {"vi": "Không có lớp “{name}” trong đồ thị", "en": "No class “{name}” in the graph"},
    "err_int_param": {"vi": "Tham số {name} phải là số nguyên ≥ {minimum}, không phải “{value}”",
                      "en": "{name} must be an integer ≥ {minimum}, not “{value}”"},
    "err_choice_param": {"vi": "Tham số {name} phải là một trong {choices}, không phải “{value}”",
                         "en": "{name} must be one of {choices}, not “{value}”"},
    "err_no_entity": {"vi": "Không có thực thể {iri} trong đồ thị", "en": "No entity {iri} in the graph"},
}
