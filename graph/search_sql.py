"""SQL of the search index queries (graph/search.py); every user value is a bound parameter.

Tiers come from disjoint FTS5 expressions, so each is counted and paged on its own: (2) every token in the
identifiers, (1) every token in the names but not all in the identifiers, (0) every token somewhere else. Within
a tier of at most RANK_LIMIT rows, the shortest identifier (2), name (1) or whole entry (0) comes first: the
query is then most of it. FTS5's bm25 was measured too slow here: it counts every phrase's hits over the whole
table on each query (10-30 ms for a token like "iso" on 98,000 entities). A larger tier (a very broad query) is
in row order, which the build makes short identifiers and names first (graph/search_build.py::_static_order).
Entities of a demoted class (citations) have the row ids from :cut on: every query splits on it, so they come
after all the other hits (graph/search.py pages through the bands: exact, an exact ending, 2, 1, 0, then the same
for them).
"""

from __future__ import annotations

from graph.search_text import match_expr

RANK_LIMIT = 2000
LENGTH = {2: "ident_len", 1: "name_len", 0: "all_len"}  # the entity column ordering each tier (constants)
CLASS_FILTER = "(:cids IS NULL OR {col} IN (SELECT eid FROM entity_class WHERE cid IN (SELECT value FROM json_each(:cids))))"
EXACT = ("SELECT eid, MAX(2 + kind) AS tier FROM name WHERE key = :key AND " + CLASS_FILTER.format(col="eid")
         + " GROUP BY eid ORDER BY eid >= :cut, tier DESC, eid")
# Exact keys of the query's shorter endings ("Luật số 05/2007/QH12" → "05-2007-qh12"): the key each entity matches
SUFFIXES = ("SELECT eid, key, MAX(2 + kind) FROM name WHERE key IN (SELECT value FROM json_each(:keys)) AND "
            + CLASS_FILTER.format(col="eid") + " GROUP BY eid, key")
_MATCH = ("fts MATCH :expr AND rowid NOT IN (SELECT value FROM json_each(:exact)) AND "
          + CLASS_FILTER.format(col="rowid"))
_TIER_WHERE = _MATCH + " AND rowid >= :lo AND rowid < :hi"  # one band: the other hits, or the demoted ones
COUNT = ("SELECT COUNT(CASE WHEN rowid < :cut THEN 1 END), COUNT(CASE WHEN rowid >= :cut THEN 1 END) FROM fts WHERE "
         + _MATCH)  # (other hits, demoted hits) of a tier
# The formatted parts are this module's constants (column names of LENGTH, the shared WHERE); user input is bound.
RANKED = {tier: f"SELECT e.id, e.{column} FROM entity e WHERE e.id IN (SELECT rowid FROM fts WHERE {_TIER_WHERE}) "
                f"ORDER BY 2, 1 LIMIT :limit OFFSET :offset" for tier, column in LENGTH.items()}
IN_ORDER = {tier: f"SELECT t.id, (SELECT {column} FROM entity WHERE entity.id = t.id) FROM (SELECT rowid AS id "
                  f"FROM fts WHERE {_TIER_WHERE} ORDER BY rowid LIMIT :limit OFFSET :offset) AS t ORDER BY t.id"
            for tier, column in LENGTH.items()}
FACETS = """
SELECT k.iri, COUNT(*) FROM entity_class c JOIN class k ON k.id = c.cid
WHERE k.main = 1 AND c.eid IN (SELECT rowid FROM fts WHERE fts MATCH :expr UNION SELECT eid FROM name WHERE key = :key
                              UNION SELECT eid FROM name WHERE key IN (SELECT value FROM json_each(:keys)))
GROUP BY c.cid
"""
SUGGEST_KEYS = """
SELECT eid, MAX(2 + kind) AS tier, MIN(length(key)) AS len,
       MAX(substr(key, length(:key) + 1, 1) IN ('', '-')) AS whole
FROM (SELECT key, kind, eid FROM name WHERE key >= :key AND key < :key || '~' AND :key <> ''
      AND (:whole = 0 OR substr(key, length(:key) + 1, 1) IN ('', '-')) ORDER BY key LIMIT 400)
GROUP BY eid ORDER BY eid >= :cut, tier DESC, whole DESC, len, eid LIMIT :limit
"""  # the first 400 keys in key order (only those going on with a new part when the typed text ends with one: "68/"),
# then identifiers first, whole parts first ("68" → 68/2006 before 689/…), shortest first, demoted ones last
SUGGEST_WORDS = "SELECT rowid FROM fts WHERE fts MATCH :expr ORDER BY rowid LIMIT :limit"  # demoted ones last
HIT = """
SELECT e.iri, c.iri, e.ident, e.label_vi, e.label_en, e.label_any FROM entity e LEFT JOIN class c ON c.id = e.type
WHERE e.id = ?
"""


def tier_exprs(words: list[str]) -> list[tuple[int, str]]:
    """(tier, disjoint FTS5 expression) for the token tiers, best first."""
    every, ident, names = match_expr(words), match_expr(words, ("ident",)), match_expr(words, ("label", "alt"))
    return [(2, ident), (1, f"{names} NOT {ident}"), (0, f"{every} NOT {ident} NOT {names}")]
