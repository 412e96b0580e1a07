"""Corrections: what the regional staff say the extractor got wrong, kept as data in files.

Corrections live in a folder under version control beside the store (setting ``corrections``,
default ``corrections/``), as UTF-8 CSV with a header row. They are read on every ingest and
applied, in a fixed order, to the extracted records before the RDF mapping and SHACL
validation (``coopgraph.correction_apply``); each applied correction is recorded in the data as
provenance (``coopgraph.correction_rdf``). Nothing here touches the store.

``{report-id}.csv`` — corrections to one report's rows (the first record is wrapped here; in
the file each record is one line, unless a quoted note spans lines)::

    row,field,action,match,value,author,time,note
    15,organisation,same-as,"ОГБУК «Смоленский государственный музей-заповедник»",
        smolenskii-gosudarstvennyi-muzei-zapovednik,Иванова,2026-11-25T10:00:00+00:00,
    21,end,set,2020-05-31,2020-05-30,Иванова,2026-11-25T10:01:00+00:00,"конкурс закончился 30 мая"
    7,participants,set,80,85,Петров,2026-11-25T10:02:00+00:00,
    3,place,remove,г. Вязьма,,Петров,2026-11-25T10:03:00+00:00,
    12,organisation,add,,"ГУК «Витебская областная библиотека»|BY",Петров,2026-11-25T10:04:00+00:00,

- ``row``: the row number (№ п/п) as written in the report.
- ``field``: a single value — ``title``, ``sector`` (sector concept key), ``type`` (event-type
  key), ``start``, ``end`` (YYYY-MM-DD), ``participants`` (the total, an integer; empty = none);
  or a list — ``organisation``, ``person``, ``place``, ``region`` (ISO 3166-2, e.g. ``BY-VI``).
- ``action``: ``set`` (single values), ``add``, ``remove``, ``same-as`` (lists).
- ``match``: the value the correction expects to find. For ``set`` the extracted value it
  replaces (empty: replace whatever is there); for ``remove`` and ``same-as`` the list item, by
  key, name or the text as written (case, spaces and ё/е do not matter).
- ``value``: the new value. Organisations: ``name|CC`` or ``name|CC|role`` (role: participant,
  organiser, host, party, supporter, counterpart, mentioned) or an existing key; people: ``А.Б. Фамилия`` or
  ``А.Б. Фамилия|должность``; places: a gazetteer key or name, else a new place's name.
- ``author`` (required), ``time`` (ISO 8601, required), ``note`` (free text).

``entities.csv`` — corrections to entities, applied in every report::

    kind,key,action,value,name,author,time,note
    org,muzei-iu-a-gagarina,merge,smolenskii-gosudarstvennyi-muzei-zapovednik,"ГБУК «...»",Иванова,...,
    org,Смоленский музей-заповедник,alias,smolenskii-gosudarstvennyi-muzei-zapovednik,,Иванова,...,
    org,muzei-iu-a-gagarina,split,muzei-pervogo-poleta,"Музей Первого полета",Петров,...,
    place,dom-kosmonavtov,within,gagarin,,Петров,...,
    org,egger-gagarin,country,AT,,Петров,...,

- ``kind``: ``org``, ``person`` or ``place``.
- ``merge``: the entity ``key`` is the same as the entity ``value`` (a key); the merged-away key
  disappears from the data and its name becomes an alternative label of the kept one.
  ``name``: the kept entity's name (``coopgraph correct merge`` fills it from the store); empty
  keeps the name the records carry.
- ``alias``: ``key`` is a spelling (matched like ``match`` above) of the entity ``value``.
- ``split``: records of entity ``key`` whose name or text is ``name`` are a different entity,
  with key ``value`` and that name (undoes a wrong merge, the extractor's or a correction's).
- ``within`` (places): place ``key`` lies in place ``value`` (a district, region...).
- ``country`` (organisations): the organisation's country is ``value`` (ISO 3166-1 alpha-2).

Order: the entity corrections first, in file order; then each report's corrections sorted by
row, then by their line in the file. A report correction that finds nothing to change (the row
is gone, ``match`` is not there) is *stale*: it is reported as a warning naming the file, line,
row and field, and the report is still ingested. An entity correction is never stale in one
report (most entities are absent from most reports): ``coopgraph.entities.unused_entity_corrections``
lists those that changed nothing in any stored report.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, fields
from datetime import UTC, datetime
from pathlib import Path

from coopgraph.ingest.errors import CoopgraphError

ENTITIES_FILE = "entities.csv"
ROW_COLUMNS = ("row", "field", "action", "match", "value", "author", "time", "note")
ENTITY_COLUMNS = ("kind", "key", "action", "value", "name", "author", "time", "note")

SCALAR_FIELDS = ("title", "sector", "type", "start", "end", "participants")
LIST_FIELDS = ("organisation", "person", "place", "region")
ROW_FIELDS = SCALAR_FIELDS + LIST_FIELDS
LIST_ACTIONS = ("add", "remove", "same-as")
ENTITY_KINDS = ("org", "person", "place")
ENTITY_ACTIONS = ("merge", "alias", "split", "within", "country")

_REPORT_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


class CorrectionError(CoopgraphError):
    """A corrections file or a new correction that cannot be right (names file and line)."""


@dataclass(frozen=True)
class RowCorrection:
    row: int
    field: str
    action: str
    match: str
    value: str
    author: str
    time: str
    note: str = ""
    file: str = ""  # "smolensk-belarus-2020-h1.csv"
    line: int = 0  # line in the file (the header is line 1)

    @property
    def where(self) -> str:
        return f"{self.file} line {self.line}"


@dataclass(frozen=True)
class EntityCorrection:
    kind: str
    key: str
    action: str
    value: str
    name: str
    author: str
    time: str
    note: str = ""
    file: str = ENTITIES_FILE
    line: int = 0

    @property
    def where(self) -> str:
        return f"{self.file} line {self.line}"


@dataclass(frozen=True)
class CorrectionSet:
    """Everything in a corrections folder: entity corrections and row corrections per report."""

    entities: tuple[EntityCorrection, ...] = ()
    rows: dict[str, tuple[RowCorrection, ...]] | None = None
    folder: str = "corrections"

    def for_report(self, report_id: str) -> tuple[RowCorrection, ...]:
        """The report's corrections in the order they are applied: by row, then by line."""
        found = (self.rows or {}).get(report_id, ())
        return tuple(sorted(found, key=lambda c: (c.row, c.line)))

    def __bool__(self) -> bool:
        return bool(self.entities) or any((self.rows or {}).values())


# --------------------------------------------------------------------------- validation


def now() -> str:
    """The time stamp written for a new correction (UTC, seconds)."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def _check_time(text: str, where: str) -> None:
    try:
        datetime.fromisoformat(text)
    except ValueError:
        raise CorrectionError(f"{where}: time {text!r} is not ISO 8601 (2026-11-25T10:00:00+00:00)") from None


def check_row_correction(c: RowCorrection) -> None:
    """Raise CorrectionError when a row correction is malformed (not when it is stale)."""
    where = c.where if c.file else "correction"
    if c.row < 1:
        raise CorrectionError(f"{where}: row must be a positive number, got {c.row}")
    if c.field not in ROW_FIELDS:
        raise CorrectionError(f"{where}: field {c.field!r} is not one of {', '.join(ROW_FIELDS)}")
    allowed = ("set",) if c.field in SCALAR_FIELDS else LIST_ACTIONS
    if c.action not in allowed:
        raise CorrectionError(
            f"{where}: field {c.field} takes action {' or '.join(allowed)}, not {c.action!r}"
        )
    if c.action in ("remove", "same-as") and not c.match.strip():
        raise CorrectionError(f"{where}: {c.action} needs a match (the item to {c.action})")
    if c.action in ("add", "same-as") and not c.value.strip():
        raise CorrectionError(f"{where}: {c.action} needs a value")
    if c.action == "set" and c.field != "participants" and not c.value.strip():
        raise CorrectionError(f"{where}: set {c.field} needs a value")
    if not c.author.strip():
        raise CorrectionError(f"{where}: author is required")
    _check_time(c.time, where)


def check_entity_correction(c: EntityCorrection) -> None:
    where = c.where if c.line else "correction"
    if c.kind not in ENTITY_KINDS:
        raise CorrectionError(f"{where}: kind {c.kind!r} is not one of {', '.join(ENTITY_KINDS)}")
    if c.action not in ENTITY_ACTIONS:
        raise CorrectionError(f"{where}: action {c.action!r} is not one of {', '.join(ENTITY_ACTIONS)}")
    if not c.key.strip() or not c.value.strip():
        raise CorrectionError(f"{where}: {c.action} needs a key and a value")
    if c.action == "split" and not c.name.strip():
        raise CorrectionError(f"{where}: split needs the name (the spelling to split off)")
    if c.action == "within" and c.kind != "place":
        raise CorrectionError(f"{where}: within is for places")
    if c.action == "country" and (c.kind != "org" or not re.fullmatch(r"[A-Z]{2}", c.value.strip())):
        raise CorrectionError(f"{where}: country is for organisations and takes an alpha-2 code (BY)")
    if not c.author.strip():
        raise CorrectionError(f"{where}: author is required")
    _check_time(c.time, where)


# --------------------------------------------------------------------------- reading


def _read_csv(path: Path, columns: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    text = path.read_text(encoding="utf-8-sig")
    reader = csv.DictReader(io.StringIO(text))
    header = tuple(reader.fieldnames or ())
    if header != columns:
        raise CorrectionError(f"{path.name}: the header must be {','.join(columns)}, got {','.join(header)}")
    rows = []
    for record in reader:
        if not any((v or "").strip() for v in record.values() if isinstance(v, str)):
            continue  # blank line
        rows.append((reader.line_num, {k: (record.get(k) or "").strip() for k in columns}))
    return rows


def read_row_corrections(path: Path) -> tuple[RowCorrection, ...]:
    found = []
    for line, r in _read_csv(path, ROW_COLUMNS):
        try:
            row = int(r["row"])
        except ValueError:
            raise CorrectionError(f"{path.name} line {line}: row {r['row']!r} is not a number") from None
        c = RowCorrection(
            row, r["field"], r["action"], r["match"], r["value"], r["author"], r["time"], r["note"],
            file=path.name, line=line,
        )  # fmt: skip
        check_row_correction(c)
        found.append(c)
    return tuple(found)


def read_entity_corrections(path: Path) -> tuple[EntityCorrection, ...]:
    found = []
    for line, r in _read_csv(path, ENTITY_COLUMNS):
        c = EntityCorrection(**{k: r[k] for k in ENTITY_COLUMNS}, file=path.name, line=line)
        check_entity_correction(c)
        found.append(c)
    return tuple(found)


def load_corrections(folder: str | Path) -> CorrectionSet:
    """Every correction in `folder` (a missing folder has none). Raises CorrectionError."""
    folder = Path(folder)
    if not folder.is_dir():
        return CorrectionSet(folder=str(folder))
    entities: tuple[EntityCorrection, ...] = ()
    rows: dict[str, tuple[RowCorrection, ...]] = {}
    for path in sorted(folder.glob("*.csv")):
        if path.name == ENTITIES_FILE:
            entities = read_entity_corrections(path)
        elif _REPORT_ID.match(path.stem):
            rows[path.stem] = read_row_corrections(path)
    return CorrectionSet(entities, rows, str(folder))


# --------------------------------------------------------------------------- writing


def _append(path: Path, columns: tuple[str, ...], values: dict[str, object]) -> int:
    """Append one record (writing the header to a new file); returns its line number."""
    path.parent.mkdir(parents=True, exist_ok=True)
    new = not path.exists() or path.stat().st_size == 0
    lines = 1 if new else len(path.read_text(encoding="utf-8-sig").splitlines()) + 1
    if not new:
        text = path.read_bytes()
        if text and not text.endswith(b"\n"):
            with path.open("ab") as f:
                f.write(b"\n")
    with path.open("a", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        if new:
            writer.writerow(columns)
            lines += 1
        writer.writerow(["" if values.get(c) is None else str(values[c]) for c in columns])
    return lines


def append_row_correction(folder: str | Path, report_id: str, correction: RowCorrection) -> RowCorrection:
    """Check and append a correction to ``{folder}/{report_id}.csv``; returns it with file and line."""
    if not _REPORT_ID.match(report_id):
        raise CorrectionError(f"{report_id!r} is not a report id")
    check_row_correction(correction)
    path = Path(folder) / f"{report_id}.csv"
    values = {f.name: getattr(correction, f.name) for f in fields(correction)}
    line = _append(path, ROW_COLUMNS, values)
    return RowCorrection(**{**values, "file": path.name, "line": line})


def append_entity_correction(folder: str | Path, correction: EntityCorrection) -> EntityCorrection:
    """Check and append a correction to ``{folder}/entities.csv``."""
    check_entity_correction(correction)
    path = Path(folder) / ENTITIES_FILE
    values = {f.name: getattr(correction, f.name) for f in fields(correction)}
    line = _append(path, ENTITY_COLUMNS, values)
    return EntityCorrection(**{**values, "file": path.name, "line": line})
