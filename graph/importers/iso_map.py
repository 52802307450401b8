"""Mapping tables (data) of the ISO importers: stage codes → status, document types → classes, references."""

from __future__ import annotations

import re

from graph.ids import slug
from graph.namespaces import CODE, ID

CATALOGUE = "iso-catalogue-relaton"
OPEN_DATA = "iso-open-data"

# ISO harmonized stage codes (the stage is the part before the dot, the substage after it): substage 98 is
# "project deleted"; stages 00–50 and 60.00 are "under development"; 60.60 and the 90 (review) stages are
# "published"; 95.99 is "withdrawn" (95.20 and 95.60, a withdrawal ballot, are still published).
def stage_status(stage: str) -> str | None:
    """The code:standard-status concept of a stage code ('90.93' → 'published'); None if not given."""
    if not re.fullmatch(r"\d{2}\.\d{2}", stage):
        return None
    major, sub = stage.split(".")
    if sub == "98":
        return "deleted"
    if major in ("00", "10", "20", "30", "40", "50") or stage == "60.00":
        return "under-development"
    return "withdrawn" if stage == "95.99" else "published"


# doctype of the catalogue → vnqi class of a published or withdrawn edition ('' is not given by the source).
DOCTYPES = {
    "international-standard": "InternationalStandard",
    "technical-specification": "InternationalStandard",
    "technical-report": "InternationalStandard",
    "publicly-available-specification": "InternationalStandard",
    "international-workshop-agreement": "InternationalStandard",
    "guide": "InternationalGuide",
    "": "Document",
}
DOC_TYPE_CONCEPT = {"InternationalStandard": "iso", "InternationalGuide": "iso-guide"}
EDITION_STATUSES = ("published", "withdrawn")
PLACEHOLDER_TITLES = {"Titre manque"}  # "title missing": the catalogue's placeholder for an unknown French title

YEAR = re.compile(r"^(?P<base>.+?):(?P<year>\d{4})(?P<rest>/.*)?$")
AMENDMENT = re.compile(r"^(?P<base>.+?:\d{4})/(?P<part>.+)$")


def work_code(reference: str) -> str | None:
    """The code of the work an edition belongs to ('ISO/IEC 17025:2017' → 'ISO/IEC 17025'); None for an
    amendment or corrigendum ('ISO 9001:2015/Amd 1:2024') or a reference without a year."""
    m = YEAR.match(reference)
    return m["base"] if m and not m["rest"] else None


def amended_base(reference: str) -> str | None:
    """The reference an amendment, addendum or corrigendum belongs to ('ISO 9001:2015/Amd 1:2024' → 'ISO 9001:2015')."""
    m = AMENDMENT.match(reference)
    return m["base"] if m else None


def committee_iri(reference: str):  # type: ignore[no-untyped-def]
    """IRI of a committee (or an outside body named as the committee) by its reference."""
    return ID[f"org/{slug(reference)}"]


def status_iri(status: str):  # type: ignore[no-untyped-def]
    """code:standard-status concept."""
    return CODE[f"standard-status/{status}"]


def ics_iri(code: str):  # type: ignore[no-untyped-def]
    """code:ics concept of an ICS code ('03.120.10' → code:ics/03-120-10)."""
    return CODE[f"ics/{slug(code)}"]
