"""Full-text search that knows Russian: a SQLite FTS5 index of lemmas, one per store generation.

What is indexed: the names (name, title, legal name, other spellings), the content (event
description and participants as written, report description, agreement subject and parties,
job titles) and the places
(an event's venues and settlements as written and as resolved, its Belarusian regions; an
organisation's seat and region) of events, organisations, people, regions, places,
agreements and reports. Each text is stored as its words' lemmas (`coopgraph.search_words`),
so "Гомель" meets "в г. Гомеле" and "Гомельский облисполком", and "филармония" meets
"филармонию".

Why one file per generation: the store publishes a generation after every write and a reader
answers from one generation (`coopgraph.store.checkpoints`). The index of generation N is built once
from a store reading N, written under a temporary name and renamed into place, so it is never
seen half-built, never changes afterwards, and any number of threads and processes (the
server's request threads, several server processes over one store) read it. Builders take an
exclusive ``flock`` so that only one of them builds while the others wait for its file.
Older files are removed, but for the one before the current (a reader still on the previous
checkpoint may use it); a reader that finds its file gone builds it again.
"""

from __future__ import annotations

import fcntl
import os
import re
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from markupsafe import Markup

from coopgraph.ontology.vocab import sparql_prefixes
from coopgraph.search_words import Query, excerpt, highlight, text_terms, word_terms, words
from coopgraph.store import GraphStore

INDEX_DIR = "search-index"  # in an embedded store's folder (setting ``search_index``)
KINDS = ("event", "organisation", "person", "region", "place", "agreement", "report")
MAX_QUERY_WORDS = 12
_FILE = re.compile(r"^search-(\d{10})\.sqlite$")
_LOCK = "build.lock"
# bm25 weights of the columns name, content, places: a match in a name counts most.
_BM25_WEIGHTS = "10.0, 1.0, 3.0"

# One query per field, joined here: Oxigraph answers these in a tenth of the time it takes for
# one query that joins the types with a UNION of the fields.
RESOURCES = """
SELECT ?x ?type ?kind WHERE {
  VALUES ?type { cg:CooperationEvent schema:Organization schema:Person schema:Place cg:Agreement cg:Report }
  ?x a ?type OPTIONAL { ?x cg:placeKind ?kind }
}
"""
FIELDS = {
    # The name shown is the first: the schema:name or title before other spellings.
    "name": """SELECT ?x ?text WHERE {
      VALUES (?p ?order) {
        (schema:name 0) (dct:title 1) (skos:prefLabel 2) (rov:legalName 3) (skos:altLabel 4) }
      ?x ?p ?text } ORDER BY ?order""",
    "content": """SELECT ?x ?text WHERE {
      { VALUES ?p { schema:description cg:sourceParticipants dct:description dct:subject schema:jobTitle }
        ?x ?p ?text }
      UNION { ?x cg:party ?party . ?party schema:name ?text } }""",
    "places": """SELECT ?x ?text WHERE {
      { ?x cg:sourcePlace ?text }
      UNION { VALUES ?p { schema:location cg:belarusRegion cg:region }
              ?x ?p ?place . ?place schema:name ?text } }""",
}
_TYPE_KIND = {
    "https://w3id.org/coopgraph/ns#CooperationEvent": "event",
    "http://schema.org/Organization": "organisation",
    "http://schema.org/Person": "person",
    "http://schema.org/Place": "place",
    "https://w3id.org/coopgraph/ns#Agreement": "agreement",
    "https://w3id.org/coopgraph/ns#Report": "report",
}


class SearchError(ValueError):
    """A query the index cannot answer (say, one with no words)."""


@dataclass
class _Document:
    kind: str
    names: dict[str, list[str]] = field(default_factory=dict)  # language → names, first the main one
    content: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)


def _documents(store: GraphStore) -> dict[str, _Document]:
    docs: dict[str, _Document] = {}
    for row in store.query(sparql_prefixes() + RESOURCES):
        kind = _TYPE_KIND[row["type"].value]
        if kind == "place" and row["kind"] is not None and row["kind"].value == "region":
            kind = "region"
        doc = docs.setdefault(row["x"].value, _Document(kind))
        if KINDS.index(kind) < KINDS.index(doc.kind):  # an event is also a schema:Event…
            doc.kind = kind
    for name, query in FIELDS.items():
        for row in store.query(sparql_prefixes() + query):
            searched = docs.get(row["x"].value)
            text = row["text"]
            if searched is None or not hasattr(text, "language"):
                continue  # not a resource searched for, or a name that is an IRI
            values = (
                searched.names.setdefault(text.language or "", [])
                if name == "name"
                else getattr(searched, name)
            )
            if text.value not in values:
                values.append(text.value)
    return docs


def _place_lemmas(docs: dict[str, _Document]) -> frozenset[str]:
    """The lemmas of the one-word place names, which adjectives may name (see search_words)."""
    found: set[str] = set()
    for doc in docs.values():
        if doc.kind in ("place", "region"):
            for name in doc.names.get("ru", []) + doc.names.get("", []):
                parts = [m.group() for m in words(name)]
                if len(parts) == 1 and parts[0][0].isupper():
                    found |= word_terms(parts[0])
    return frozenset(found)


def _main_name(doc: _Document, lang: str) -> str:
    for key in (lang, "ru", "", *doc.names):
        if doc.names.get(key):
            return doc.names[key][0]
    return ""


def build(store: GraphStore, target: Path) -> int:
    """Write the index of everything `store` holds to the file `target`; returns the number of
    documents."""
    docs = _documents(store)
    places = _place_lemmas(docs)
    target.unlink(missing_ok=True)
    with sqlite3.connect(target) as db:
        db.executescript(
            """
            CREATE TABLE doc(id INTEGER PRIMARY KEY, iri TEXT, kind TEXT, name_ru TEXT, name_en TEXT,
                             names TEXT, content TEXT, places TEXT);
            CREATE VIRTUAL TABLE terms USING fts5(name, content, places,
                                                  tokenize='unicode61 remove_diacritics 0');
            CREATE TABLE place_term(term TEXT PRIMARY KEY);
            """
        )
        for number, (iri, doc) in enumerate(sorted(docs.items()), start=1):
            fields = ([n for values in doc.names.values() for n in values], doc.content, doc.places)
            db.execute(
                "INSERT INTO doc VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    number,
                    iri,
                    doc.kind,
                    _main_name(doc, "ru"),
                    _main_name(doc, "en"),
                    *map("\n".join, fields),
                ),
            )
            db.execute(  # each value on its own: place names recur, and their terms are cached
                "INSERT INTO terms(rowid, name, content, places) VALUES (?, ?, ?, ?)",
                (number, *(" ".join(text_terms(v, places) for v in values) for values in fields)),
            )
        db.executemany("INSERT INTO place_term VALUES (?)", [(p,) for p in sorted(places)])
    with sqlite3.connect(target) as db:
        db.execute("INSERT INTO terms(terms) VALUES ('optimize')")
    return len(docs)


@dataclass(frozen=True)
class Hit:
    iri: str
    kind: str
    name: str
    name_html: Markup
    excerpt_html: Markup  # the content or places that matched, highlighted ("" when only the name did)


@dataclass
class Results:
    query: str
    generation: int
    groups: dict[str, list[Hit]]  # kind → hits, best first, in the order of KINDS
    totals: dict[str, int]  # kind → hits found (more than listed when a group is cut)
    stale: bool = False  # answered from an older generation while the current one's index is built

    @property
    def total(self) -> int:
        return sum(self.totals.values())

    def as_json(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "generation": self.generation,
            "stale": self.stale,
            "total": self.total,
            "groups": [
                {
                    "kind": kind,
                    "total": self.totals[kind],
                    "hits": [
                        {
                            "iri": h.iri,
                            "name": h.name,
                            "name_html": str(h.name_html),
                            "excerpt_html": str(h.excerpt_html),
                        }
                        for h in hits
                    ],
                }
                for kind, hits in self.groups.items()
            ],
        }


class SearchIndex:
    """The search indexes of one store, one file per generation, in the folder `folder`.

    With `stale_while_building` (the server's choice), a search after a write is answered at
    once from the newest older index while a background thread builds the new one (the
    results say which generation answered and that it is stale); without it (and when there
    is no older index) the search waits for the build."""

    def __init__(self, folder: str | os.PathLike[str], *, stale_while_building: bool = False) -> None:
        self.folder = Path(folder)
        self.stale_while_building = stale_while_building
        self._builder: threading.Thread | None = None
        self._builder_lock = threading.Lock()

    def path(self, generation: int) -> Path:
        return self.folder / f"search-{generation:010d}.sqlite"

    def ensure(self, store: GraphStore) -> tuple[int, Path]:
        """The generation `store` answers from and its index file, built when missing."""
        generation = store.generation()
        target = self.path(generation)
        if target.exists():
            return generation, target
        self.folder.mkdir(parents=True, exist_ok=True)
        with _exclusive(self.folder / _LOCK):  # flock: also between threads (one open each)
            if not target.exists():  # another builder may have made it while we waited
                staging = target.with_name(f".{target.name}.{os.getpid()}.tmp")
                build(store, staging)
                os.replace(staging, target)
                self._collect(generation)
        return generation, target

    def wait(self, timeout: float | None = None) -> None:
        """Wait for a background build to finish (there may be none)."""
        with self._builder_lock:
            builder = self._builder
        if builder is not None:
            builder.join(timeout)

    def _indexes(self) -> list[tuple[int, Path]]:
        if not self.folder.is_dir():
            return []
        return sorted((int(m.group(1)), p) for p in self.folder.iterdir() if (m := _FILE.match(p.name)))

    def _collect(self, newest: int) -> None:
        found = self._indexes()
        keep = {g for g, _ in found if g <= newest}
        keep = set(sorted(keep)[-2:]) | {g for g, _ in found if g > newest}
        for generation, path in found:
            if generation not in keep:
                path.unlink(missing_ok=True)  # open connections keep reading the unlinked file
        for stale in self.folder.glob(".search-*.tmp"):
            pid = stale.name.rsplit(".", 2)[-2]
            if not pid.isdigit() or not Path(f"/proc/{pid}").exists():
                stale.unlink(missing_ok=True)

    def _stale(self, store: GraphStore) -> tuple[int, Path] | None:
        """The newest older index, with the current one's build started, if that is allowed
        and needed."""
        generation = store.generation()
        if not self.stale_while_building or self.path(generation).exists():
            return None
        older = [(g, p) for g, p in self._indexes() if g < generation]
        if not older:
            return None
        with self._builder_lock:
            if self._builder is None or not self._builder.is_alive():
                # The thread holds `store`, so its checkpoint stays while it builds from it.
                self._builder = threading.Thread(target=self.ensure, args=(store,), daemon=True)
                self._builder.start()
        return older[-1]

    def search(self, store: GraphStore, text: str, *, lang: str = "ru", limit: int = 20) -> Results:
        """The documents matching every word of `text` (in any of its forms), grouped by kind,
        at most `limit` per kind."""
        query = Query.of(text, MAX_QUERY_WORDS)
        if not query.per_word:
            raise SearchError("the query has no words to search for")
        current = store.generation()
        for attempt in range(2):
            generation, path = (None if attempt else self._stale(store)) or self.ensure(store)
            try:
                return _run(path, generation, generation != current, text, query, lang, limit)
            except sqlite3.OperationalError:
                if attempt or path.exists():
                    raise
                # removed since we looked (a newer build collected it): wait for the current one
        raise AssertionError("unreachable")


@contextmanager
def _exclusive(lock: Path) -> Iterator[None]:
    fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


@lru_cache(maxsize=8)
def _place_terms(path: str) -> frozenset[str]:
    with _read_only(Path(path)) as db:
        return frozenset(row[0] for row in db.execute("SELECT term FROM place_term"))


@contextmanager
def _read_only(path: Path) -> Iterator[sqlite3.Connection]:
    db = sqlite3.connect(f"{path.as_uri()}?mode=ro&immutable=1", uri=True)
    try:
        yield db
    finally:
        db.close()


def _run(path: Path, generation: int, stale: bool, text: str, query: Query, lang: str, limit: int) -> Results:
    # Query words are not given the place derivation: "гомельский" asks for the adjective.
    places = _place_terms(str(path))
    groups: dict[str, list[Hit]] = {}
    totals: dict[str, int] = {}
    with _read_only(path) as db:
        # Ranked and cut per kind in SQLite: only the listed hits' texts come back to Python.
        rows = db.execute(
            "SELECT doc.iri, doc.kind, doc.name_ru, doc.name_en, doc.names, doc.content, doc.places, total "
            "FROM (SELECT rowid AS id, "
            "   row_number() OVER (PARTITION BY kind ORDER BY rank, iri) AS place_in_kind, "
            "   count(*) OVER (PARTITION BY kind) AS total "
            f"  FROM (SELECT terms.rowid, doc.kind, doc.iri, bm25(terms, {_BM25_WEIGHTS}) AS rank "
            "         FROM terms JOIN doc ON doc.id = terms.rowid WHERE terms MATCH ?)) AS hit "
            "JOIN doc ON doc.id = hit.id WHERE place_in_kind <= ? ORDER BY place_in_kind",
            (query.fts(), limit),
        )
        for iri, kind, name_ru, name_en, names, content, places_text, total in rows:
            totals[kind] = total
            name = (name_en if lang == "en" and name_en else name_ru) or iri
            groups.setdefault(kind, []).append(
                Hit(
                    iri,
                    kind,
                    name,
                    highlight(name, query, places),
                    _matched_text(names, content, places_text, name, query, places),
                )
            )
    ordered = {k: groups[k] for k in KINDS if k in groups}
    return Results(text, generation, ordered, {k: totals[k] for k in ordered}, stale)


def _matched_text(
    names: str, content: str, places_text: str, shown: str, query: Query, places: frozenset[str]
) -> Markup:
    """The first text besides the shown name where a query word occurs, cut and highlighted."""
    candidates = [n for n in names.split("\n") if n != shown] + content.split("\n") + places_text.split("\n")
    for candidate in candidates:
        if any(query.matches(word.group(), places) for word in words(candidate)):
            return highlight(excerpt(candidate, query, places), query, places)
    return Markup("")


def index_folder(store: str, setting: str = "") -> Path:
    """Where the search indexes of `store` live: the ``search_index`` setting when given, else
    ``search-index`` in an embedded store's folder, else one folder per SPARQL server URL under
    the user's cache folder ($XDG_CACHE_HOME, else ~/.cache)."""
    if setting:
        return Path(setting)
    from coopgraph.store.factory import is_remote

    if not is_remote(store):
        return Path(store) / INDEX_DIR
    cache_home = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    slug = re.sub(r"[^a-z0-9]+", "-", re.sub(r"^https?://", "", store.lower())).strip("-")
    return Path(cache_home) / "coopgraph" / "search" / (slug or "store")
