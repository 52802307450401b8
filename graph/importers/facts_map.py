"""Mapping tables from facts.yaml to the vnqi model (docs/model.md), used by graph/importers/facts.py.

Decisions taken where docs/model.md is silent (details at each table entry):

| facts.yaml                                   | RDF                                                           |
|----------------------------------------------|---------------------------------------------------------------|
| RelationType, DocumentType entities          | not emitted (code lists: ontology/codes-*.ttl); definedIn too |
| identifiers.number                           | dcterms:identifier; "X (qualifier)" → X + skos:note           |
| identifiers.number "X:YYYY (believed)"       | yearless code asserted; the full X only as unverified rdf:Statement |
| identifiers.code                             | skos:notation (programmes "1322", orgs "TĐC", works "ISO 17034") |
| dates.adopted / signed (legal documents)     | eli:date_document (both present → ValueError; none in the data) |
| dates.* (treaties, standards, orgs, ...)     | see DATES; partial dates → vnqi:dateText + skos:note          |
| person dates.effective                       | org:memberDuring/time:hasBeginning of the person's single post |
| holdsPosition (+ positions / ROLES)          | org:Membership (id:membership/...) + vnqi:Role (id:role/...)  |
| appointedBy / appoints (person)              | the membership vnqi:appointedBy doc / doc vnqi:appoints membership |
| headedBy / actingHead (org → person)         | vnqi:headedBy / vnqi:actingHead (org:headOf has no inverse)   |
| sources without any URL                      | dcterms:source vg:data/facts/facts (+ vnqi:sourceNote texts)  |
"""

from datetime import date

from rdflib.namespace import DCTERMS

from graph.namespaces import ELI, ORG, VNQI

# Code lists written elsewhere (ontology/codes-relation.ttl, codes-doc-type.ttl): not emitted as instances.
SKIPPED_TYPES = {"RelationType", "DocumentType"}
# Described from the article itself in data/seed/tdc-2024-article.ttl (labels, dates): only their links come from here.
SEED_DESCRIBED = {"article_tdc_20231225", "event_tdc_review_2023"}
ENTITY_KEYS = {"id", "type", "labels", "identifiers", "dates", "relations", "sources", "status", "notes",
               "field_status", "amended_provisions", "positions"}

# A standard whose asserted code has no year is the standard as a work, not an edition (e.g. the TCVN adoption
# of ISO/IEC 17043, whose edition "TCVN ISO/IEC 17043:2011" is only believed): vnqi:StandardWork.
EDITION_YEAR = r":\d{4}$"

# yaml type -> (vnqi class, kind). The kind selects the IRI rule and the date table.
_LEGAL_TYPES = ("Law", "AmendingLaw", "Decree", "PMDecision", "MinisterialDecision", "AgencyDecision", "Circular",
                "Ordinance", "PresidentialOrder", "Constitution", "Resolution", "PartyDirective")
_ORG_TYPES = ("StateBody", "Ministry", "GovernmentAgency", "PublicServiceUnit", "PartyBody",
              "InternationalOrganization")
TYPES = {
    **{t: (t, "legal") for t in _LEGAL_TYPES},
    **{t: (t, "std") for t in ("InternationalStandard", "NationalStandard", "InternationalGuide")},
    **{t: (t, "org") for t in _ORG_TYPES},
    "StateOffice": ("StateBody", "org"),  # Thủ tướng Chính phủ
    "ClaimedDocument": ("ClaimedDocument", "claimed"),
    "NationalProgramme": ("Programme", "prog"),
    "NationalScheme": ("Scheme", "prog"),
    "SectorScheme": ("Scheme", "prog"),
    "NationalStrategy": ("Strategy", "prog"),
    "Person": ("Person", "person"),
    "TradeAgreement": ("TradeAgreement", "fta"),
    "Place": ("Place", "place"),
    "NewsArticle": ("NewsArticle", "article"),
    "Event": ("Conference", "event"),
}

ARTICLE_ID = "article_tdc_20231225"  # the seed file "seed/000_58b59dcb45238b23.txt" is this article
# Entities whose IRI does not follow from a number, an org/fta id or a person's name.
IRI_OVERRIDES = {
    "constitution_2013": "doc/hien-phap-2013",
    "qcvn_17043_claimed": "doc/qcvn-17043-bai-bao",
    ARTICLE_ID: "source/tdc-2023-12-25-5-dinh-huong-12-nhiem-vu",
    "event_tdc_review_2023": "event/tdc-hoi-nghi-2023",
    "place_8_hqv": "place/8-hoang-quoc-viet",
    "prog_1322": "prog/1322",
    "prog_ocop": "prog/ocop",
    "scheme_100": "prog/de-an-100",
    "scheme_996": "prog/de-an-996",
    "scheme_dx_tdc": "prog/de-an-chuyen-doi-so-tdc",
    "strategy_standardization_2030": "prog/chien-luoc-tieu-chuan-hoa-2030",
    "scheme_halal_2030": "prog/de-an-halal-2030",
}

# eli:type_document -> code:doc-type/<concept>. The first rule whose type matches and whose regex matches the
# number wins. If a document of a listed type matches no rule, ValueError is raised.
# ClaimedDocument ("QCVN 17043" does not exist) deliberately gets no document type.
DOC_TYPE_RULES = [
    ("Law", r"/QH\d+$", "luat"),
    ("AmendingLaw", r"/QH\d+$", "luat"),
    ("Resolution", r"/QH\d+$", "nghi-quyet-qh"),
    ("PresidentialOrder", r"/L-CTN$", "lenh-ctn"),
    ("Ordinance", r"/PL-UBTVQH\d+$", "phap-lenh"),
    ("Constitution", r"^$", "hien-phap"),
    ("Decree", r"/NĐ-CP$", "nghi-dinh"),
    ("PMDecision", r"^\d+/\d{4}/QĐ-TTg$", "qd-ttg-quy-pham"),
    ("PMDecision", r"^\d+/QĐ-TTg$", "qd-ttg-ca-biet"),
    ("Circular", r"^\d+/\d{4}/TT-", "thong-tu"),
    ("MinisterialDecision", r"^\d+/QĐ-B", "qd-bo"),
    ("AgencyDecision", r"^\d+/QĐ-", "qd-co-quan"),
    ("PartyDirective", r"-CT/TW$", "chi-thi-dang"),
    ("NationalStandard", r"^TCVN ", "tcvn"),
    ("InternationalStandard", r"^ISO", "iso"),
    ("InternationalGuide", r"^ISO", "iso-guide"),
    ("TradeAgreement", r"^$", "dieu-uoc"),
]

# dates.<key> -> property, by kind. Full dates are xsd:date. Partial dates become vnqi:dateText (facts.py).
_LEGAL_DATES = {"adopted": ELI.date_document, "signed": ELI.date_document,
                "effective": ELI.first_date_entry_in_force, "published": ELI.date_publication,
                "withdrawn": ELI.date_no_longer_in_force}
DATES = {
    "legal": _LEGAL_DATES,
    "claimed": {},
    "place": {},
    # For treaties the notes say adopted = conclusion of negotiations, so eli:date_document is the signature.
    "fta": {**_LEGAL_DATES, "adopted": VNQI.negotiationsConcludedDate,
            "effective_for_vietnam": VNQI.entryIntoForceVietnamDate, "ratified_vn": VNQI.ratificationVietnamDate,
            "ep_consent": VNQI.europeanParliamentConsentDate,
            "provisional_application": VNQI.provisionalApplicationDate},
    # Standards are not eli:LegalResource, so their withdrawal gets a vnqi term.
    "std": {"published": DCTERMS.issued, "withdrawn": VNQI.withdrawnDate},
    "article": {"published": DCTERMS.issued},
    "event": {"held": VNQI.date},
    "prog": {"adopted": DCTERMS.dateAccepted},  # the date the programme or scheme was approved
    # HALCERT: signed = its establishing decision, published = the launch ceremony. Ủy ban: effective = start.
    "org": {"signed": VNQI.founded, "effective": VNQI.founded, "published": VNQI.launchDate,
            "withdrawn": VNQI.dissolved, "founded_lineage": VNQI.lineageFoundedDate},
    "person": {"effective": None},  # start of the person's single post (facts_nodes.emit_memberships)
}

# relations.predicate -> property, in the direction given (owl:inverseOf supplies the inverse). facts.py
# handles holdsPosition, appointedBy and appoints as memberships. definedIn occurs only on skipped
# DocumentType entities; anywhere else it is an unknown predicate.
_VNQI_SAME_NAME = (
    "amends", "amendedBy", "details", "detailedBy", "hasLegalBasis", "replaces", "replacedBy", "repeals",
    "repealedBy", "repealsPartOf", "supersedes", "supersededBy", "adoptsIdentical", "approves", "approvedBy",
    "promulgates", "promulgatedBy", "implements", "implementedBy", "establishes", "establishedBy", "regulates",
    "regulatedBy", "mentions", "reportsOn", "organizedBy", "attendedBy", "reportedBy", "ledBy", "standingAgency",
    "likelyRefersTo", "possiblyConfusedWith", "succeededBy", "precededBy", "headquarteredAt", "headedBy",
    "actingHead", "draftedBy", "ratingCriteriaIn", "fulfilsPlanItemOf", "signedBy",
)
PREDICATES = {
    **{p: VNQI[p] for p in _VNQI_SAME_NAME},
    "issuedBy": ELI.passed_by,
    "publishedBy": DCTERMS.publisher,
    "basedOn": VNQI.hasLegalBasis,  # UKVFTA basedOn EVFTA (per the brief)
    "establishesUnit": VNQI.establishes,
    "relatedTo": VNQI.relatedContent,
    "partOf": ORG.subOrganizationOf,
    "hasUnit": ORG.hasUnit,
    "locatedAt": VNQI.headquarteredAt,  # QUATEST 1's listed seat: a Place; vnqi:address is a string
    "references": VNQI.citesStandard,  # ISO 18091:2019 -> ISO 9001:2015 (model: citesStandard, → standard)
}

# Posts of people without a `positions` block: (title_vi, title_en, observed dates), from their notes and
# facts.md §0/§3/§5. A title is given only in the languages the sources give it.
ROLES = {
    # At the conference of 2023-12-21 (§0): data/seed/tdc-2024-article.ttl states that observation with the article
    # as its source; repeated here it cited only the person's sources (2019 appointment news).
    "person_le_xuan_dinh": [("Thứ trưởng", "Deputy Minister", ())],
    "person_nguyen_nam_hai": [("Chủ tịch Ủy ban", "Chairman of the Committee", ("2026-01-09",))],  # "as of 2026-01-09"
    # The sources give these titles in English; the Vietnamese labels are the standard official titles
    # (translations of the title, not new facts).
    "person_tran_quoc_dung": [("Giám đốc", "Director", ())],  # "QUACERT director" (§3, §5)
    "person_tran_thanh_man": [("Chủ tịch Quốc hội", "Chairman of the National Assembly", ())],
    "person_luong_cuong": [("Thường trực Ban Bí thư", "Standing Member of the Secretariat", ("2024-07-30",))],
    "person_vu_duc_dam": [("Phó Thủ tướng", "Deputy Prime Minister", ())],
}
# The Vietnamese titles above that no source gives (the sources give them in English): vnqi:translationNote says so.
TRANSLATED_TITLES = {"Giám đốc", "Chủ tịch Quốc hội", "Thường trực Ban Bí thư", "Phó Thủ tướng"}
TITLE_NOTE = {"en": "The sources give this title in English only; the Vietnamese title is vnqi's rendering of it "
                    "(the usual official title), not taken from a source.",
              "vi": "Các nguồn chỉ ghi chức danh này bằng tiếng Anh; chức danh tiếng Việt do vnqi chuyển ngữ (theo "
                    "cách gọi chính thức thông dụng), không lấy từ nguồn."}

# approvedBy normally points at the approving decision; when the decision is unknown the fact sheet names the
# approving authority instead (scheme_halal_2030 → org_prime_minister).
ORG_TARGET_PREDICATES = {"approvedBy": VNQI.approvingAuthority}

# Documents whose entry into force precedes their signature, as the sources state (the date-order shape
# exempts documents flagged vnqi:retroactive true). The importer fails if the dates do not show it.
RETROACTIVE = {
    "nd_55_2025": "facts.md §5: Nghị định 55/2025/NĐ-CP of 02/03/2025 took effect on 01/03/2025, one day "
                  "before it was issued.",
}

_37 = "Reported by several public code repositories; no official text read (facts.md §2.11)."
_UBTDC = ("facts.md §5: ND 55/2025 lists the Ủy ban among MOST units (verified); "
          "its founding instrument is unverified.")
# Edge statuses stated in notes or facts.md rather than in field_status: (entity, predicate, target, status,
# note). Each row must match an edge of facts.yaml. The article refers to scheme 455 and 38-CT/TW without
# naming them, so facts.yaml has no edges for them. data/seed/tdc-2024-article.ttl links them from the tasks,
# with status inferred.
EDGE_STATUS = [
    ("law_68_2006_qh11", "detailedBy", "nd_22_2026", "unverified",
     "Notes of 68/2006/QH11: the detailedBy 22/2026/NĐ-CP edge is unverified (repository catalogues only, "
     "facts.md §2.10)."),
    ("nd_22_2026", "details", "law_68_2006_qh11", "unverified", "Repository catalogues only (facts.md §2.10)."),
    ("law_05_2007_qh12", "detailedBy", "nd_37_2026", "unverified",
     "Notes of 05/2007/QH12: the detailedBy 37/2026/NĐ-CP edge is unverified. " + _37),
    ("nd_37_2026", "details", "law_05_2007_qh12", "unverified", _37),
    ("nd_37_2026", "repeals", "nd_132_2008", "unverified", _37),
    ("nd_37_2026", "repeals", "nd_74_2018", "unverified", _37),
    ("nd_37_2026", "repeals", "nd_13_2022", "unverified", _37),
    ("nd_37_2026", "repealsPartOf", "nd_154_2018", "unverified", _37),
    ("nd_37_2026", "replaces", "nd_43_2017", "unverified", _37),
    ("nd_43_2017", "replacedBy", "nd_37_2026", "unverified", _37),
    ("nd_127_2026_halal", "fulfilsPlanItemOf", ARTICLE_ID, "unverified",
     "facts.md §3: 127/2026/NĐ-CP is known from repositories only, and its title differs from the article's "
     "'quản lý sản phẩm và dịch vụ Halal'."),
    ("law_80_2015_qh13", "replacedBy", "law_64_2025_qh15", "unverified",
     "Notes of 80/2015/QH13: the replacement link is unverified (believed)."),
    ("qcvn_17043_claimed", "likelyRefersTo", "tcvn_iso_17034_2017", "inferred",
     "facts.md §4.6: the sentence concerns producing reference materials (ISO 17034); the article cites "
     "TCVN ISO 17034:2017 for the same activity."),
    ("qcvn_17043_claimed", "possiblyConfusedWith", "tcvn_iso_iec_17043", "inferred",
     "facts.md §4.6: the article possibly mixed in TCVN ISO/IEC 17043 (proficiency testing)."),
    (ARTICLE_ID, "mentions", "tcvn_iso_18091_2020", "inferred",
     "The article writes 'TCVN ISO 18091' with no year; the link to the 2020 edition is inferred "
     "(notes of tcvn_iso_18091_2020)."),
    ("tcvn_iso_17034_2017", "adoptsIdentical", "iso_17034_2016", "unverified",
     "Notes of TCVN ISO 17034:2017: the identical-adoption status is believed, not read."),
    ("qd_1703_2024_ttg", "relatedTo", "ct_38_2024_tw", "unverified",
     "facts.md §4: reported next to provincial plans implementing Chỉ thị 38; title not read."),
    ("nd_55_2025", "establishesUnit", "org_ubtdclqg", "unverified", _UBTDC),
    ("org_ubtdclqg", "establishedBy", "nd_55_2025", "unverified", _UBTDC),
]

# The sources of each post of a person, from facts.md §5 (the yaml gives the person's sources as one list, and not
# every one of them states every post); the posts not named here take all of the person's sources.
_MOST_2022 = ("https://media.most.gov.vn/vn/tin-tuc/22695/tong-cuc-tieu-chuan-do-luong-chat-luong--thich-ung-linh-hoat"
              "--hoan-thanh-xuat-sac-cac-nhiem-vu.aspx")
_TCTC_2023 = "https://tapchitaichinh.vn/cong-bo-quyet-dinh-thanh-lap-ban-chu-nhiem-chuong-trinh-1322-giai-doan-2021-2030.html"
_QB_2024 = "https://skhcn.quangbinh.gov.vn/chi-tiet-tin/-/view-article/1/442131382670252309/1714031286260"
POST_SOURCES = {
    ("person_ha_minh_hiep", "Phó Tổng cục trưởng phụ trách Tổng cục"): [_MOST_2022, _TCTC_2023],
    ("person_ha_minh_hiep", "Quyền Tổng cục trưởng"): ["seed/000_58b59dcb45238b23.txt", _QB_2024],
}
POST_NOTES = {
    ("person_ha_minh_hiep", "Quyền Tổng cục trưởng"):
        "Observed on 2023-10-31 in a mirror of a TĐC news item of that day (facts.md §5), which the fact sheet names "
        "without an address: not among the sources given here.",
}

# Provisions: path segment -> (class, Vietnamese word); English labels read "Article 1(1)".
PROVISION_KINDS = {"dieu": ("Article", "Điều"), "khoan": ("Clause", "Khoản")}
EFFECT_WORDS = {"amended": ("sửa đổi", "amends"), "supplemented": ("bổ sung", "inserts")}
INCOMPLETE = "full list unverified"  # an amended_provisions item saying the act changes more than it lists
# Acts whose list of changes is incomplete by the sources, without that phrase in the fact sheet's list.
PARTLY_LISTED = {
    "law_78_2025_qh15": "shared/data/README.md: which articles 78/2025/QH15 changes is only partly known; facts.md "
                        "§1.6: 'other clauses not enumerated'",
}
# vnqi:applied ("applied to the text held in the graph") is true when the change was in force by the date the
# provisions' texts are current to: the Bộ pháp điển edition's vnqi:textsCurrentTo (data/sources.ttl, from its
# SOURCE.md), which does not contain the 2025-2026 reforms. A constant keeps the output deterministic.
APPLIED_AS_OF = date(2025, 2, 1)
