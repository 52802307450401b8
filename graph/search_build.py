"""Build the full-text search index (SQLite FTS5) of a store version, from four named queries.

One row per entity (IRI under id:): its identifiers, labels, alternative labels and texts folded
(graph/search_text.py) into an FTS5 table; exact-match keys of identifiers and names; every class of the entity
with its superclasses (for the class filter) and its most specific class (shown with the hit). Entities of a
DEMOTED class (citations: fragments of article texts, not documents) get the last row ids, from meta
'demoted_from' on, so that search ranks them after every other hit (graph/search.py). A provision also gets, as
an alternative name, its label with its document's number ("Điều 3 68/2006/QH11"), and as exact names only the
longer forms of citations ("Điều 3 Luật số 68/2006/QH11", "Điều 5 Luật Đo lường", "Article 3 of 68/2006/QH11").
"""

from __future__ import annotations

import re
import sqlite3
import time
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from graph.entity_docs import numbered
from graph.namespaces import ID, VNQI
from graph.query import named_query, plain_rows, select
from graph.search_text import fold_fast, key, nfc
from graph.store.base import Store

FORMAT = "2"  # the index layout: raise it when SCHEMA or the row order changes, so an older file is not read as this one
# Classes (their subclasses too) whose entities rank after every other hit: they are parts of other entities' texts.
DEMOTED = frozenset({str(VNQI.Citation)})
SCHEMA = """
CREATE TABLE meta(name TEXT PRIMARY KEY, value TEXT);
CREATE TABLE class(id INTEGER PRIMARY KEY, iri TEXT NOT NULL UNIQUE, local TEXT NOT NULL, label_vi TEXT, label_en TEXT,
                   main INTEGER NOT NULL DEFAULT 0);  -- main: the most specific class of some entity
CREATE TABLE entity(id INTEGER PRIMARY KEY, iri TEXT NOT NULL, type INTEGER, ident TEXT,
                    label_vi TEXT, label_en TEXT, label_any TEXT,
                    ident_len INTEGER, name_len INTEGER, all_len INTEGER);  -- ranking within a tier: shorter first
CREATE TABLE entity_class(cid INTEGER NOT NULL, eid INTEGER NOT NULL, PRIMARY KEY (cid, eid)) WITHOUT ROWID;
-- exact-match keys; kind 3: dcterms:identifier, 2: another code (skos:notation), 1: a name
CREATE TABLE name(key TEXT NOT NULL, kind INTEGER NOT NULL, eid INTEGER NOT NULL, PRIMARY KEY (key, kind, eid))
  WITHOUT ROWID;
CREATE TABLE text(eid INTEGER NOT NULL, lang TEXT NOT NULL, value TEXT NOT NULL);
CREATE VIRTUAL TABLE fts USING fts5(ident, label, alt, body, content = '', tokenize = 'unicode61 remove_diacritics 2',
                                    prefix = '2 3 4');
"""
INDEXES = """
CREATE INDEX entity_class_by_eid ON entity_class(eid, cid);
CREATE INDEX class_by_local ON class(local);
CREATE INDEX text_by_eid ON text(eid);
UPDATE class SET main = 1 WHERE id IN (SELECT type FROM entity);
"""
MAX_NAME_KEY = 160  # longer names get no exact-match key (they are still searched word by word)


@dataclass
class Entry:
    """What the index holds about one entity, gathered from the query rows."""

    fields: dict[str, list[tuple[int, str, str]]] = field(default_factory=lambda: defaultdict(list))
    types: set[str] = field(default_factory=set)

    def values(self, name: str) -> list[str]:
        """Distinct values of one field, best-ranked property first."""
        return list(dict.fromkeys(v for _, _, v in sorted(self.fields.get(name, []))))

    def texts(self) -> list[tuple[str, str]]:
        """(language, text) of the distinct texts, best-ranked property first."""
        return list(dict.fromkeys((l, v) for _, l, v in sorted(self.fields.get("text", []))))

    def label(self, lang: str | None) -> str | None:
        """The best label in `lang` (None: a label without a language or in another one) as a hit shows it: a
        provision's with its document ("Điều 3 68/2006/QH11", one of many "Điều 3" otherwise)."""
        labels = sorted(self.fields.get("shown", [])) + sorted(self.fields.get("label", []))
        return next((v for _, l, v in labels if (l == lang if lang else l not in ("vi", "en"))), None)


def _literals(store: Store) -> Iterator[tuple[str, str, str, str, str]]:
    """(entity IRI, field, rank, value, language) of the search-entries rows whose subject is under id: and whose
    value is a literal (pyoxigraph's and rdflib's literals both have `language`; IRIs and blank nodes do not)."""
    native, base = getattr(store, "native", None), str(ID)
    if native is not None:  # pyoxigraph terms: lexical forms in .value
        for s, fld, rank, value in native.query(named_query("search-entries"), use_default_graph_as_union=True):
            if s.value.startswith(base) and hasattr(value, "language"):
                yield s.value, fld.value, rank.value, value.value, value.language or ""
        return
    for s, fld, rank, value in select(store, "search-entries").rows:  # rdflib terms: lexical forms by str()
        if str(s).startswith(base) and hasattr(value, "language"):
            yield str(s), str(fld), str(rank), str(value), value.language or ""


def gather(store: Store) -> dict[str, Entry]:
    """Entries by entity IRI."""
    entries: dict[str, Entry] = defaultdict(Entry)
    for s, fld, rank, value, lang in _literals(store):
        entries[s].fields[fld].append((int(rank or 0), lang, nfc(value)))
    for s, cls in plain_rows(store, "search-types"):
        entries[s].types.add(cls)
    for s, label, lang, ident, kind, title in plain_rows(store, "search-provision-names"):
        if s in entries and label and ident:
            entries[s].fields["alt"].append((2, lang or "", nfc(f"{label} {ident}")))
            entries[s].fields["shown"].append((0, lang or "", nfc(numbered(label, lang, ident) or label)))
            names = cited_names(label, lang, ident, kind, title)
            entries[s].fields["cited"] += [(0, lang or "", nfc(name)) for name in names]
    return dict(entries)


def cited_names(label: str, lang: str | None, ident: str, kind: str | None, title: str | None) -> list[str]:
    """How citations name a provision with its document, matched as a whole only (an exact name): "Điều 3 Luật số
    68/2006/QH11", "Điều 3 Luật 68/2006/QH11" and "Điều 5 Luật Đo lường" from a Vietnamese label; "Article 3 of
    68/2006/QH11" and "Article 5 of the Law on Metrology" from an English one. Their words are not searched one by
    one: "luật" alone must find laws, not every article of every law."""
    if lang == "en":
        return [f"{label} of {ident}", *([f"{label} of {title}", f"{label} of the {title}"] if title else [])]
    return [*([f"{label} {kind} số {ident}", f"{label} {kind} {ident}"] if kind else []),
            *([f"{label} {title}"] if title else [])]


def class_data(store: Store) -> tuple[dict[str, set[str]], dict[str, dict[str, str]]]:
    """Direct superclasses and labels ({lang: label}) of the classes."""
    supers: dict[str, set[str]] = defaultdict(set)
    labels: dict[str, dict[str, str]] = defaultdict(dict)
    for cls, sup, label, lang in plain_rows(store, "search-classes"):
        if sup:
            supers[cls].add(sup)
        if label:
            labels[cls].setdefault(lang or "", label)
    return supers, labels


def closure(cls: str, supers: dict[str, set[str]]) -> set[str]:
    """The class and all its superclasses (cycle-safe)."""
    seen, todo = {cls}, [cls]
    while todo:
        for sup in supers.get(todo.pop(), ()):
            if sup not in seen:
                seen.add(sup)
                todo.append(sup)
    return seen


def primary(types: set[str], closures: dict[str, set[str]]) -> str | None:
    """The most specific class (a vnqi class first; ties by IRI)."""
    specific = [t for t in types if not any(t != o and t in closures[o] for o in types)]
    return min(specific, key=lambda t: (not t.startswith(str(VNQI)), t), default=None)


def local_name(iri: str) -> str:
    """The part of an IRI after its last '#' or '/'."""
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def build_index(store: Store, path: Path | str) -> dict[str, float]:
    """Write the index of `store` to the file `path`; returns build figures (entities, seconds)."""
    started, cpu = time.perf_counter(), time.process_time()
    entries = gather(store)
    supers, class_labels = class_data(store)
    con = sqlite3.connect(str(path))
    try:
        con.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA page_size=8192;" + SCHEMA)
        demoted_from = _write(con, entries, supers, class_labels)
        con.executescript(INDEXES + "INSERT INTO fts(fts) VALUES('optimize');")
        seconds = time.perf_counter() - started
        con.execute("INSERT INTO meta VALUES ('entities', ?), ('seconds', ?), ('format', ?), ('demoted_from', ?)",
                    (len(entries), f"{seconds:.3f}", FORMAT, demoted_from))
        con.commit()
    finally:
        con.close()
    return {"entities": len(entries), "seconds": time.perf_counter() - started, "cpu": time.process_time() - cpu}


def _write(con: sqlite3.Connection, entries: dict[str, Entry], supers: dict[str, set[str]],
           class_labels: dict[str, dict[str, str]]) -> int:
    """Insert every entity, its classes, keys, texts and FTS row (batched); returns the first demoted row id."""
    closures = {t: closure(t, supers) for e in entries.values() for t in e.types}
    class_ids = {c: n for n, c in enumerate(sorted(set().union(*closures.values()) if closures else set()), 1)}
    con.executemany("INSERT INTO class(id, iri, local, label_vi, label_en) VALUES (?, ?, ?, ?, ?)",
                    [(n, c, local_name(c), class_labels[c].get("vi"), class_labels[c].get("en"))
                     for c, n in class_ids.items()])
    rows: dict[str, list[tuple[object, ...]]] = defaultdict(list)
    demoted = {iri for iri, e in entries.items() if any(DEMOTED & closures[t] for t in e.types)}
    order = sorted(entries.items(), key=lambda item: (item[0] in demoted, *_static_order(item)))
    for eid, (iri, entry) in enumerate(order, start=1):
        _rows_of(eid, iri, entry, closures, class_ids, rows)
        if len(rows["entity"]) >= 5000:
            _flush(con, rows)
    _flush(con, rows)
    return len(entries) - len(demoted) + 1


EDITION_YEAR = re.compile(r":(\d{4})$")  # a standard edition's code ends with its year: "TCVN ISO 9001:2015"


def _static_order(item: tuple[str, Entry]) -> tuple[int, str, int, str]:
    """Row order (after demotion), which ranks hits of equal standing: short identifiers or names first, then by
    IRI, but the editions of one standard newest first ("tcvn iso 9" → TCVN ISO 9001:2015 before :2008, :2000)."""
    iri, entry = item
    names = entry.values("ident") or entry.values("label") or [iri]
    edition = EDITION_YEAR.search(names[0])
    year = int(edition.group(1)) if edition else 0
    stem = iri.removesuffix(f"-{year}") if edition else iri
    return len(names[0]), stem, -year, iri


def _rows_of(eid: int, iri: str, entry: Entry, closures: dict[str, set[str]], class_ids: dict[str, int],
             rows: dict[str, list[tuple[object, ...]]]) -> None:
    """The rows of one entity, appended to `rows` by table."""
    idents = entry.values("ident")
    labels, alts, texts = entry.values("label"), entry.values("alt"), entry.values("text")
    main = primary(entry.types, closures)
    names = labels + alts
    rows["entity"].append((eid, iri, class_ids[main] if main else None, idents[0] if idents else None,
                           entry.label("vi"), entry.label("en"), entry.label(None),
                           min(map(len, idents), default=0), max(map(len, labels or alts), default=0),
                           sum(map(len, idents + names + texts))))
    classes = {class_ids[c] for t in entry.types for c in closures[t]}
    rows["entity_class"] += [(c, eid) for c in classes]
    keys = {(key(v), 3 if rank == 0 else 2) for rank, _, v in entry.fields.get("ident", [])}
    keys |= {(key(v), 1) for v in labels + alts + entry.values("cited") if len(v) <= MAX_NAME_KEY}
    rows["name"] += [(k, kind, eid) for k, kind in keys if k]
    rows["text"] += [(eid, lang, text) for lang, text in entry.texts()]
    rows["fts"].append((eid, *("\n".join(fold_fast(v) for v in vals) for vals in (idents, labels, alts, texts))))


SQL = {"entity": "INSERT INTO entity VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
       "entity_class": "INSERT INTO entity_class VALUES (?, ?)",
       "name": "INSERT OR IGNORE INTO name VALUES (?, ?, ?)",
       "text": "INSERT INTO text VALUES (?, ?, ?)",
       "fts": "INSERT INTO fts(rowid, ident, label, alt, body) VALUES (?, ?, ?, ?, ?)"}


def _flush(con: sqlite3.Connection, rows: dict[str, list[tuple[object, ...]]]) -> None:
    """Insert the pending rows of every table."""
    for table, sql in SQL.items():
        con.executemany(sql, rows.pop(table, []))
