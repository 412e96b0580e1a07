"""Who publishes the data, under which licence, about what: the catalogue's and the passport's
metadata, read from the settings (``publisher_name``, ``licence``, ``themes`` …), and the
time of the store's last write (the datasets' ``dct:modified``)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from coopgraph import registers
from coopgraph.iris import Minter
from coopgraph.settings import resolve
from coopgraph.store import GENERATION_FILE, GraphStore


@dataclass(frozen=True)
class Publication:
    publisher_name: str
    publisher_iri: str
    publisher_type: str  # an ADMS publisher-type IRI
    contact_name: str
    contact_email: str  # may be empty
    licence: str
    licence_labels: dict[str, str]  # lang -> name
    access_rights: str  # an EU access-right IRI
    themes: tuple[str, ...]  # EU data-theme IRIs
    keywords: tuple[str, ...]
    issued: str | None  # YYYY-MM-DD, or None: the store's last write
    contact_phone: str = ""
    inn: str = ""  # the publisher's taxpayer number (the passport identifiers' prefix)
    update_months: int = 6  # months between reports


def from_settings(minter: Minter, values: Mapping[str, Any] | None = None) -> Publication:
    """The publication metadata of the settings `values` (resolved from the environment if None)."""
    values = resolve() if values is None else values
    licence = values["licence"]
    known = registers.LICENCES.get(licence, (licence, licence))
    labels = {"ru": values["licence_label"] or known[0], "en": known[1]}
    issued = str(values["issued"]).strip() or None
    if issued is not None:
        datetime.strptime(issued, "%Y-%m-%d")  # a malformed date fails here, naming itself
    return Publication(
        publisher_name=values["publisher_name"],
        publisher_iri=values["publisher_iri"] or f"{minter.base}catalog#publisher",
        publisher_type=registers.publisher_type_iri(values["publisher_type"]),
        contact_name=values["contact_name"] or values["publisher_name"],
        contact_email=values["contact_email"].strip(),
        licence=licence,
        licence_labels=labels,
        access_rights=registers.access_right_iri(values["access_rights"]),
        themes=tuple(registers.theme_iri(t) for t in values["themes"].replace(",", " ").split()),
        keywords=tuple(k.strip() for k in values["keywords"].split(";") if k.strip()),
        issued=issued,
        contact_phone=values["contact_phone"].strip(),
        inn=_inn(values["publisher_inn"]),
        update_months=_months(values["update_months"]),
    )


def _inn(raw: str) -> str:
    """A Russian taxpayer number: 10 digits (an organisation) or 12 (a person), or empty."""
    inn = str(raw).strip()
    if inn and not (inn.isdigit() and len(inn) in (10, 12)):
        raise ValueError(f"setting publisher_inn: {inn!r} is not an INN (10 or 12 digits)")
    return inn


def _months(raw: str | int) -> int:
    months = int(raw)
    if not 1 <= months <= 60:
        raise ValueError(f"setting update_months: {months} is not between 1 and 60")
    return months


# First time seen, per store and generation, for stores that record no time of their own.
_SEEN: dict[tuple[str, int], datetime] = {}


def last_write(store: GraphStore) -> datetime:
    """When the store was last written: the generation marker's time for a store folder. A
    SPARQL server (or a folder never written through coopgraph) tells no time: then the first
    time this process saw its generation, so every file built from it says the same."""
    if store.path is not None:
        try:
            return datetime.fromtimestamp(int((store.path / GENERATION_FILE).stat().st_mtime), UTC)
        except OSError:
            pass
    key = (store.location, store.generation())
    return _SEEN.setdefault(key, datetime.now(UTC).replace(microsecond=0))
