"""Terms, vocabulary and small helpers of the synthetic data generator (graph/synth.py): IRIs and literals as
N-Quads text, Vietnamese word lists, and the numbering rules of legal documents."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

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


@dataclass
class Doc:
    """A written document: its IRI, identifier, articles and every provision (articles, clauses, points)."""

    iri: str
    identifier: str
    articles: list[str]
    provisions: list[str]  # articles, clauses and points
