"""Full-text search over the entities: an SQLite FTS5 index built with each store version, ranked by tiers.

Ranking, by tiers: (5) the query is exactly an identifier of the entity ("68/2006/QH11", "TCVN ISO 9001:2015"),
(4) exactly another code of it (skos:notation: the work code of an edition, an ICS code), (3) exactly one of its
names, (2) every query token is in its identifiers ("17034" → the standards whose code holds it), (1) every token
is in its names, (0) every token is somewhere, texts included; within a tier, the shortest identifier, name or
entry first, or row order for very broad queries (graph/search_sql.py). Entities of a demoted class (citations:
fragments of article texts, graph/search_build.py::DEMOTED) come after every other hit, by the same tiers, and
score DEMOTION less. Diacritics, case and đ/d do not matter (graph/search_text.py).
The index of a built version is the file SEARCH_FILE beside the store (graph/build.py::write_version); a store
without it (in memory, or built before search existed) gets an index built once into a temporary file.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from graph import search_sql as sql
from graph.search_build import FORMAT
from graph.search_cache import cached_index
from graph.search_text import endings, fold_fast, key, match_expr, snippet, tokens
from graph.store.base import Store

SEARCH_FILE = "search.sqlite"
NO_END = 2**62  # a row id above every row
DEMOTION = 6  # taken off the score of a demoted hit (a score is at most 5.5 otherwise)
ENDING = 2.5  # the score of a hit matching an ending of the query exactly, less a hundredth per word left out


@dataclass(frozen=True)
class Hit:
    """One entity found."""

    iri: str
    label: str
    type_iri: str | None
    type_label: str | None
    identifier: str | None
    snippet: str | None
    score: float


@dataclass(frozen=True)
class SearchResults:
    """One page of hits and the number of entities found in all."""

    hits: list[Hit]
    total: int


@dataclass(frozen=True)
class Facet:
    """A class of the hits and how many hits are of it (its subclasses included)."""

    iri: str
    label: str
    count: int


class SearchIndex:
    """Read-only queries on one index file; one SQLite connection per thread."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._local = threading.local()

    def _con(self) -> sqlite3.Connection:
        """This thread's read-only connection (the file of a version never changes: immutable)."""
        con = getattr(self._local, "con", None)
        if con is None:
            con = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
            self._local.con = con
        return con

    def _class_ids(self, types: Sequence[str]) -> str | None:
        """JSON list of the ids of the classes named (None: no filter)."""
        if not types:
            return None
        iris = self.resolve_types(types)
        rows = self._con().execute("SELECT id FROM class WHERE iri IN (SELECT value FROM json_each(?))",
                                   (json.dumps(iris),))
        return json.dumps([i for (i,) in rows])

    def search(self, q: str, *, types: Sequence[str] = (), lang: str = "vi", limit: int = 20,
               offset: int = 0) -> SearchResults:
        """One page of entities matching `q` (best first), of the given classes (and their subclasses) if any."""
        words = tokens(q)
        if not words:
            return SearchResults([], 0)
        con, cids, cut = self._con(), self._class_ids(types), self.demoted_from()
        exact = [(eid, tier + 0.5) for eid, tier in con.execute(sql.EXACT, {"key": key(q), "cids": cids, "cut": cut})]
        exact += self._endings(q, cids, cut, {eid for eid, _ in exact})
        params = {"exact": json.dumps([eid for eid, _ in exact]), "cids": cids, "cut": cut}
        tiers = [(tier, expr, con.execute(sql.COUNT, {**params, "expr": expr}).fetchone())
                 for tier, expr in sql.tier_exprs(words)]
        total = len(exact) + sum(sum(counts) for _, _, counts in tiers)
        rows: list[tuple[int, float, bool]] = []
        skip, need = max(0, offset), max(0, limit)
        for demoted, lo, hi in ((False, 0, cut), (True, cut, NO_END)):  # the other hits, then the demoted ones
            mine = [(eid, score) for eid, score in exact if (eid >= cut) == demoted]
            bands = [(len(mine), partial(_slice, mine))]  # (hits, fetch(offset, limit)): exact, then tiers 2, 1, 0
            bands += [(c[demoted], partial(self._tier_page, params, t, e, c[demoted], lo, hi)) for t, e, c in tiers]
            for count, fetch in bands:
                if need > 0 and skip < count:
                    found = fetch(skip, need)
                    rows += [(*row, demoted) for row in found]
                    need, skip = need - len(found), 0
                else:
                    skip = max(0, skip - count)
        return SearchResults([self._hit(eid, score, lang, words if score < 3 else [], d)  # exact: no snippet
                              for eid, score, d in rows], total)

    def _endings(self, q: str, cids: str | None, cut: int, seen: set[int]) -> list[tuple[int, float]]:
        """(id, score) of the entities whose identifier, code or name is exactly an ending of the query that cites a
        number (search_text.endings: "Luật số 05/2007/QH12" → the law; "khoản 2 Điều 3 Luật 68/2006/QH11", a clause
        not in the graph → Điều 3): the longest ending first, scoring ENDING less a hundredth per token it leaves
        out (above every token tier), demoted ones after the others."""
        ends = endings(q)
        if not ends:
            return []
        best: dict[int, tuple[int, int]] = {}  # eid: (tokens left out, minus the tier of the match), least first
        for eid, ending, tier in self._con().execute(sql.SUFFIXES, {"keys": json.dumps(list(ends)), "cids": cids}):
            if eid not in seen:
                best[eid] = min(best.get(eid, (NO_END, 0)), (ends[ending], -tier))
        ranked = sorted(best.items(), key=lambda item: (item[0] >= cut, *item[1], item[0]))
        return [(eid, ENDING - left_out / 100) for eid, (left_out, _) in ranked]

    def _tier_page(self, params: dict[str, object], tier: int, expr: str, count: int, lo: int, hi: int,
                   offset: int, limit: int) -> list[tuple[int, float]]:
        """(id, score) of one page of a token tier's band of `count` hits: the tier, plus up to 0.5 for a short
        identifier, name or entry when the band is ranked (not when it is in row order)."""
        ranked = count <= sql.RANK_LIMIT
        query = (sql.RANKED if ranked else sql.IN_ORDER)[tier]
        found = self._con().execute(query, {**params, "expr": expr, "lo": lo, "hi": hi, "limit": limit,
                                            "offset": offset}).fetchall()
        return [(eid, tier + (1 / (2 + length) if ranked else 0.0)) for eid, length in found]

    def demoted_from(self) -> int:
        """The first row id of the entities of a demoted class (search_build.DEMOTED), read once."""
        cut = getattr(self, "_cut", None)
        if cut is None:
            row = self._con().execute("SELECT value FROM meta WHERE name = 'demoted_from'").fetchone()
            cut = self._cut = int(row[0]) if row else NO_END
        return cut

    def suggest(self, q: str, *, lang: str = "vi", limit: int = 8) -> list[Hit]:
        """A few entities for a query being typed: identifiers and names starting with it, then what an ending of it
        cites (as search ranks it), then word prefixes in identifiers, then in names (whole words when the text ends
        with a separator); demoted ones (citations) after the others."""
        words, limit, cut = tokens(q), max(0, min(limit, 50)), self.demoted_from()
        if not words:
            return []
        con = self._con()
        folded = fold_fast(unicodedata.normalize("NFC", q))
        complete = bool(folded) and not folded[-1].isalnum()  # "68/": the number is whole, 689/… does not match
        keys = con.execute(sql.SUGGEST_KEYS, {"key": key(q), "limit": limit, "cut": cut, "whole": int(complete)})
        rows = [(eid, tier) for eid, tier, _, _ in keys]
        rows += [(eid, 2) for eid, _ in self._endings(q, None, cut, {eid for eid, _ in rows})]  # "Luật số 05/…"
        for tier, columns in ((2, ("ident",)), (1, ("label", "alt"))):  # words in identifiers first ("9001")
            if sum(eid < cut for eid, _ in rows) >= limit:
                break
            expr = match_expr(words, columns, prefix=not complete)  # "68/": the token 68, not 680
            seen = {eid for eid, _ in rows}
            more = con.execute(sql.SUGGEST_WORDS, {"expr": expr, "limit": limit + len(rows)}).fetchall()
            rows += [(eid, tier) for (eid,) in more if eid not in seen]
        rows = sorted(rows, key=lambda row: row[0] >= cut)[:limit]  # stable: keys first, then words, on each side
        return [self._hit(eid, tier + 0.5, lang, [], eid >= cut) for eid, tier in rows]

    def facets(self, q: str, *, lang: str = "vi") -> list[Facet]:
        """The classes of the hits for `q` (without any class filter), largest first; subclasses counted in."""
        words = tokens(q)
        if not words:
            return []
        rows = self._con().execute(sql.FACETS, {"expr": match_expr(words), "key": key(q),
                                                "keys": json.dumps(list(endings(q)))}).fetchall()
        facets = [Facet(cls, self._class_label(cls, lang), n) for cls, n in rows]
        return sorted(facets, key=lambda f: (-f.count, f.label))

    def resolve_types(self, types: Sequence[str]) -> list[str]:
        """Class IRIs for class IRIs or local names ("Law", "vnqi:Law" → the vnqi class first); unknown ones dropped."""
        found: list[str] = []
        for name in types:
            local = name.rsplit(":", 1)[-1] if not name.startswith(("http://", "https://")) else None
            sql = "SELECT iri FROM class WHERE local = ? ORDER BY iri LIKE '%/vnqi/def#%' DESC, iri" if local \
                else "SELECT iri FROM class WHERE iri = ?"
            row = self._con().execute(sql, (local or name,)).fetchone()
            if row and row[0] not in found:
                found.append(row[0])
        return found

    def _class_label(self, cls: str, lang: str) -> str:
        """Label of a class in `lang`, else in the other language, else its local name."""
        row = self._con().execute("SELECT label_vi, label_en, local FROM class WHERE iri = ?", (cls,)).fetchone()
        if row is None:
            return cls
        vi, en, local = row
        return (vi or en if lang == "vi" else en or vi) or local

    def _hit(self, eid: int, score: float, lang: str, words: list[str], demoted: bool) -> Hit:
        """The Hit of one entity row; a demoted one scores DEMOTION less (below every other hit)."""
        con = self._con()
        iri, type_iri, ident, vi, en, other = con.execute(sql.HIT, (eid,)).fetchone()
        label = (vi or en if lang == "vi" else en or vi) or other or ident or iri
        texts = [t for (t,) in con.execute("SELECT value FROM text WHERE eid = ? ORDER BY lang <> ?, rowid", (eid, lang))]
        found = next((s for t in texts if (s := snippet(t, words))), None) if words else None
        other = en if lang == "vi" else vi
        if found is None and label == ident and other and other != label:  # a code for a name ("ISO 8402:1994",
            found = other  # the catalogue has no Vietnamese title): the title in the other language says what it is
        return Hit(iri, label, type_iri, self._class_label(type_iri, lang) if type_iri else None, ident, found,
                   round(score - DEMOTION * demoted, 4))


def _slice(rows: list[tuple[int, float]], offset: int, limit: int) -> list[tuple[int, float]]:
    """One page of rows already fetched."""
    return rows[offset:offset + limit]


def index_for(store: Store) -> SearchIndex:
    """The search index of `store`: the version's SEARCH_FILE if it has one, else one built once and cached."""
    path = getattr(store, "path", None)
    if path is not None and current_format(Path(path) / SEARCH_FILE):
        return cached_index(store, lambda: SearchIndex(Path(path) / SEARCH_FILE))
    return cached_index(store, None)  # no file, or one of an older layout: built from the store


def current_format(file: Path) -> bool:
    """True when `file` is an index of this code's layout (search_build.FORMAT)."""
    if not file.is_file():
        return False
    try:
        con = sqlite3.connect(f"{file.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
        try:
            row = con.execute("SELECT value FROM meta WHERE name = 'format'").fetchone()
        finally:
            con.close()
    except sqlite3.Error:
        return False
    return row is not None and row[0] == FORMAT
