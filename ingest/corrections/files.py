"""Corrections: what the regional staff say the extractor got wrong, kept as data in files.

Corrections live in a folder under version control beside the store (setting ``corrections``,
default ``corrections/``), as UTF-8 CSV with a header row. They are read on every ingest and
applied, in a fixed order, to the extracted records before the RDF mapping and SHACL
validation (``coopgraph.ingest.corrections.apply``); each applied correction is recorded in the data as
provenance (``coopgraph.ingest.corrections.rdf``). Nothing here touches the store.

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
report (most entities are absent from most reports): ``coopgraph.curation.entities.unused_entity_corrections``
lists those that changed nothing in any stored report.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, fields, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

from coopgraph.atomic_files import locked, write_atomically
from coopgraph.errors import CoopgraphError

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
_KEY = _REPORT_ID  # entity keys are slugs too (coopgraph.iris.slugify)
# Control characters never reach the data (RDF/XML 1.0 cannot carry most of them); line breaks
# and tabs may (cells of the reports have them).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
MAX_NOTE = 2000  # characters; a correction's note
MAX_FIELD = 1000  # characters; any other field (report titles run to a few hundred)


def is_report_id(text: str) -> bool:
    """Whether `text` has the form of a report id (a slug: what ingest mints)."""
    return bool(_REPORT_ID.match(text))


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
    problems: tuple[str, ...] = ()  # lines and files skipped, each naming file and line

    def for_report(self, report_id: str) -> tuple[RowCorrection, ...]:
        """The report's corrections in the order they are applied: by row, then by line."""
        found = (self.rows or {}).get(report_id, ())
        return tuple(sorted(found, key=lambda c: (c.row, c.line)))

    def __bool__(self) -> bool:
        return bool(self.entities) or any((self.rows or {}).values())

    def adding(self, correction: RowCorrection | EntityCorrection) -> CorrectionSet:
        """This set with one more correction (to check it before it is written)."""
        if isinstance(correction, EntityCorrection):
            return replace(self, entities=(*self.entities, correction))
        rows = dict(self.rows or {})
        report_id = Path(correction.file).stem
        rows[report_id] = (*rows.get(report_id, ()), correction)
        return replace(self, rows=rows)


# --------------------------------------------------------------------------- validation


def now() -> str:
    """The time stamp written for a new correction (UTC, seconds)."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def _check_time(text: str, where: str) -> None:
    try:
        datetime.fromisoformat(text)
    except ValueError:
        raise CorrectionError(f"{where}: time {text!r} is not ISO 8601 (2026-11-25T10:00:00+00:00)") from None


def _check_text(values: dict[str, str], where: str) -> None:
    """Refuse control characters and over-long fields (the note may span lines)."""
    for name, text in values.items():
        limit = MAX_NOTE if name == "note" else MAX_FIELD
        if len(text) > limit:
            raise CorrectionError(f"{where}: {name} is {len(text)} characters long; at most {limit}")
        control = _CONTROL.search(text)
        if control:
            raise CorrectionError(
                f"{where}: {name} contains the control character U+{ord(control.group()):04X}; remove it"
            )


def _texts(c: RowCorrection | EntityCorrection) -> dict[str, str]:
    return {f.name: v for f in fields(c) if isinstance(v := getattr(c, f.name), str) and f.name != "file"}


def check_row_correction(c: RowCorrection) -> None:
    """Raise CorrectionError when a row correction is malformed (not when it is stale)."""
    where = c.where if c.file else "correction"
    _check_text(_texts(c), where)
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
    _check_text(_texts(c), where)
    if c.kind not in ENTITY_KINDS:
        raise CorrectionError(f"{where}: kind {c.kind!r} is not one of {', '.join(ENTITY_KINDS)}")
    if c.action not in ENTITY_ACTIONS:
        raise CorrectionError(f"{where}: action {c.action!r} is not one of {', '.join(ENTITY_ACTIONS)}")
    if not c.key.strip() or not c.value.strip():
        raise CorrectionError(f"{where}: {c.action} needs a key and a value")
    if c.action in ("merge", "alias", "split", "within") and not _KEY.match(c.value.strip()):
        raise CorrectionError(
            f"{where}: {c.action} takes an entity key as its value (lower-case Latin letters, "
            f"digits and hyphens, as in the entity registry), not {c.value.strip()!r}"
        )
    if c.action in ("merge", "split") and not _KEY.match(c.key.strip()):
        raise CorrectionError(f"{where}: {c.action} takes an entity key as its key, not {c.key.strip()!r}")
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


def decode_corrections(path: Path, data: bytes) -> str:
    """A corrections file's text in the encodings the reports are read in, and as Excel saves
    CSV: UTF-8 with or without BOM, UTF-16 with BOM ("Unicode text"), Windows-1251 (Russian
    Windows)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise CorrectionError(f"{path.name}: UTF-16 with a broken character") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1251")
    except UnicodeDecodeError:
        raise CorrectionError(f"{path.name}: not UTF-8, UTF-16 or Windows-1251 text") from None


def _records(text: str) -> Iterator[tuple[int, list[str] | CorrectionError]]:
    """(line, cells) per CSV record, or (line, error) for a record csv cannot read; line numbers
    as `csv` counts them (records, not `str.splitlines`, which also splits at U+2028)."""
    reader = csv.reader(io.StringIO(text, newline=""))
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield reader.line_num, CorrectionError(f"line {reader.line_num}: not readable CSV ({exc})")
            continue
        yield reader.line_num, cells


def _read_csv(
    path: Path, columns: tuple[str, ...], problems: list[CorrectionError]
) -> list[tuple[int, dict[str, str]]]:
    text = decode_corrections(path, path.read_bytes())
    records = _records(text)
    header = next(records, (1, []))[1]
    if isinstance(header, CorrectionError) or tuple(h.strip() for h in header) != columns:
        got = ",".join(header) if isinstance(header, list) else "an unreadable line"
        raise CorrectionError(f"{path.name}: the header must be {','.join(columns)}, got {got}")
    rows = []
    for line, cells in records:
        if isinstance(cells, CorrectionError):
            problems.append(CorrectionError(f"{path.name} {cells}; skipped"))
            continue
        if not any(c.strip() for c in cells):
            continue  # blank line
        if len(cells) > len(columns):
            message = f"{path.name} line {line}: {len(cells)} cells, expected {len(columns)}; skipped"
            problems.append(CorrectionError(message))
            continue
        rows.append((line, {k: (cells[i] if i < len(cells) else "").strip() for i, k in enumerate(columns)}))
    return rows


def read_row_corrections(
    path: Path, problems: list[CorrectionError] | None = None
) -> tuple[RowCorrection, ...]:
    """The row corrections of one file. A line that is not a valid correction is skipped and
    added to `problems` (raised at once when `problems` is None)."""
    found = []
    skipped: list[CorrectionError] = [] if problems is None else problems
    for line, r in _read_csv(path, ROW_COLUMNS, skipped):
        try:
            try:
                row = int(r["row"])
            except ValueError:
                raise CorrectionError(f"{path.name} line {line}: row {r['row']!r} is not a number") from None
            c = RowCorrection(
                row, r["field"], r["action"], r["match"], r["value"], r["author"], r["time"], r["note"],
                file=path.name, line=line,
            )  # fmt: skip
            check_row_correction(c)
        except CorrectionError as exc:
            skipped.append(exc)
            continue
        found.append(c)
    if problems is None and skipped:
        raise skipped[0]
    return tuple(found)


def read_entity_corrections(
    path: Path, problems: list[CorrectionError] | None = None
) -> tuple[EntityCorrection, ...]:
    """The entity corrections of entities.csv; bad lines as in `read_row_corrections`."""
    found = []
    skipped: list[CorrectionError] = [] if problems is None else problems
    for line, r in _read_csv(path, ENTITY_COLUMNS, skipped):
        c = EntityCorrection(**{k: r[k] for k in ENTITY_COLUMNS}, file=path.name, line=line)
        try:
            check_entity_correction(c)
        except CorrectionError as exc:
            skipped.append(exc)
            continue
        found.append(c)
    if problems is None and skipped:
        raise skipped[0]
    return tuple(found)


def load_corrections(folder: str | Path) -> CorrectionSet:
    """Every valid correction in `folder` (a missing folder has none).

    A line that is not a valid correction, or a file whose header is wrong, is skipped and
    named (file and line) in the set's `problems`: one bad line must not stop every ingest.
    """
    folder = Path(folder)
    if not folder.is_dir():
        return CorrectionSet(folder=str(folder))
    entities: tuple[EntityCorrection, ...] = ()
    rows: dict[str, tuple[RowCorrection, ...]] = {}
    problems: list[CorrectionError] = []
    for path in sorted(folder.glob("*.csv")):
        try:
            if path.name == ENTITIES_FILE:
                entities = read_entity_corrections(path, problems)
            elif _REPORT_ID.match(path.stem):
                rows[path.stem] = read_row_corrections(path, problems)
        except CorrectionError as exc:
            problems.append(CorrectionError(f"{exc}; the file is skipped"))
        except OSError as exc:
            problems.append(CorrectionError(f"{path.name}: cannot be read ({exc.strerror}); skipped"))
    return CorrectionSet(entities, rows, str(folder), tuple(str(p) for p in problems))


# --------------------------------------------------------------------------- writing


def _with_record(path: Path, columns: tuple[str, ...], values: dict[str, object]) -> tuple[bytes, int]:
    """The file's new bytes with one more record (and the header, for a new file), and the
    line the record gets. The file is rewritten as UTF-8, with a BOM when it was not plain
    UTF-8 before (so that Excel still reads it right)."""
    data = path.read_bytes() if path.exists() else b""
    text = decode_corrections(path, data) if data.strip() else ""
    bom = bool(text) and (data.startswith(b"\xef\xbb\xbf") or not _is_utf8(data))
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    if not text:
        writer.writerow(columns)
    elif not text.endswith(("\n", "\r")):
        text += "\n"
    writer.writerow(["" if values.get(c) is None else str(values[c]) for c in columns])
    line = _physical_lines(text) + 1 if text else 2
    return (("\ufeff" if bom else "") + text + out.getvalue()).encode("utf-8"), line


def _physical_lines(text: str) -> int:
    reader = csv.reader(io.StringIO(text, newline=""))
    while True:
        try:
            next(reader)
        except StopIteration:
            return reader.line_num
        except csv.Error:
            continue


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


C = TypeVar("C", RowCorrection, EntityCorrection)


def numbered(folder: str | Path, correction: C) -> C:
    """`correction` with the file and line it gets when appended to its file in `folder`."""
    path = correction_path(folder, correction)
    _, line = _with_record(path, _columns(correction), _values(correction))
    return replace(correction, file=path.name, line=line)


def append_correction(folder: str | Path, correction: C) -> C:
    """Check `correction` and append it to its file in `folder`, atomically (the file is
    replaced whole, never left half-written). Callers hold `corrections_lock(folder)` across
    the read-check-write, so that two corrections never overwrite each other."""
    check(correction)
    path = correction_path(folder, correction)
    path.parent.mkdir(parents=True, exist_ok=True)
    data, line = _with_record(path, _columns(correction), _values(correction))
    write_atomically(path, data)
    return replace(correction, file=path.name, line=line)


def append_row_correction(folder: str | Path, report_id: str, correction: RowCorrection) -> RowCorrection:
    """Check and append a correction to ``{folder}/{report_id}.csv``; returns it with file and line."""
    if not _REPORT_ID.match(report_id):
        raise CorrectionError(f"{report_id!r} is not a report id")
    with corrections_lock(folder):
        return append_correction(folder, replace(correction, file=f"{report_id}.csv"))


def append_entity_correction(folder: str | Path, correction: EntityCorrection) -> EntityCorrection:
    """Check and append a correction to ``{folder}/entities.csv``."""
    with corrections_lock(folder):
        return append_correction(folder, replace(correction, file=ENTITIES_FILE))


def corrections_lock(folder: str | Path) -> AbstractContextManager[None]:
    """Held while a corrections file is read, checked and rewritten (processes and threads)."""
    return locked(Path(folder))


def check(correction: RowCorrection | EntityCorrection) -> None:
    if isinstance(correction, RowCorrection):
        if not _REPORT_ID.match(Path(correction.file).stem):
            raise CorrectionError(f"{Path(correction.file).stem!r} is not a report id")
        check_row_correction(replace(correction, line=0, file=""))
    else:
        check_entity_correction(replace(correction, line=0))


def correction_path(folder: str | Path, correction: RowCorrection | EntityCorrection) -> Path:
    return Path(folder) / (ENTITIES_FILE if isinstance(correction, EntityCorrection) else correction.file)


def _columns(correction: RowCorrection | EntityCorrection) -> tuple[str, ...]:
    return ENTITY_COLUMNS if isinstance(correction, EntityCorrection) else ROW_COLUMNS


def _values(correction: RowCorrection | EntityCorrection) -> dict[str, object]:
    return {f.name: getattr(correction, f.name) for f in fields(correction)}
