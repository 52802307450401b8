"""Readable entity IRIs derived from official identifiers (docs/model.md, 'Identifiers')."""

import re
import unicodedata

from rdflib import URIRef

from graph.namespaces import ID

_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def slug(text: str) -> str:
    """Lowercase ASCII slug: diacritics removed, đ→d, other runs → '-'."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_text = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _NON_ALNUM.sub("-", ascii_text.lower()).strip("-")


def doc_iri(number: str) -> URIRef:
    """IRI of a document from its official number ('68/2006/QH11' → id:doc/68-2006-qh11)."""
    return ID[f"doc/{slug(number)}"]


def std_iri(code: str) -> URIRef:
    """IRI of a standard from its code ('TCVN ISO 17034:2017' → id:std/tcvn-iso-17034-2017)."""
    return ID[f"std/{slug(code)}"]


def provision_number_slug(number: str) -> str:
    """Slug of a provision number; đ → 'dd' so that Điều 6d and Điều 6đ stay distinct."""
    return slug(number.replace("đ", "dd").replace("Đ", "DD"))


_PROVISION_WORDS = {"dieu": "dieu", "khoan": "khoan", "diem": "diem", "chuong": "chuong"}
_WRITTEN_PART = re.compile(r"^\s*([^\W\d_]+)[\s-]*(\w+)\s*$")


def provision_path(written: str) -> str:
    """A provision as a user writes it, as the path under its document: 'Điều 6đ', 'dieu-6đ' or 'Dieu-6dd' →
    'dieu-6dd'; 'Điều 3/khoản 2' → 'dieu-3/khoan-2'; a part it cannot read is kept as given (lower case)."""
    parts = []
    for part in written.strip().strip("/").split("/"):
        found = _WRITTEN_PART.match(part)
        word = slug(found.group(1)) if found else ""
        if found and word in _PROVISION_WORDS:
            parts.append(f"{_PROVISION_WORDS[word]}-{provision_number_slug(found.group(2))}")
        else:
            parts.append(part.strip().lower())
    return "/".join(parts)


def provision_iri(document: URIRef, *parts: tuple[str, str]) -> URIRef:
    """IRI of a provision: document IRI + ('dieu', '3'), ('khoan', '1'), ('diem', 'a') segments."""
    path = "".join(f"/{kind}-{provision_number_slug(number)}" for kind, number in parts)
    return URIRef(str(document) + path)
