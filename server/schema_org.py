"""schema.org JSON-LD embedded in the pages, for search engines and Google Dataset Search:
a ``Dataset`` with its distributions (home, downloads, catalogue pages), an ``Event`` with its
``location`` as a ``Place`` (postal address, coordinates) on event pages, an ``Organization``
on organisation pages, a ``Place`` on place pages.

Built from the store and the publication settings; the templates print it with ``tojson``
inside ``<script type="application/ld+json">`` (a data block: no script runs, and ``tojson``
escapes ``<``). The context is the plain ``https://schema.org`` every consumer knows.
"""

from __future__ import annotations

from typing import Any

from coopgraph.iris import Minter
from coopgraph.ontology.vocab import sparql_prefixes
from coopgraph.publication import Publication
from coopgraph.publish.files import DESCRIPTION, FORMAT_NAMES, TITLE, Download, download_url
from coopgraph.store import GraphStore

CONTEXT = "https://schema.org"
COOPGRAPH = "https://w3id.org/coopgraph/ns#"

TYPES = "SELECT ?type WHERE { ?x a ?type }"
EVENT = """
SELECT ?name ?description ?start ?end ?place ?organizer ?organizerName WHERE {
  OPTIONAL { ?x schema:name ?name FILTER(LANG(?name) = "ru" || LANG(?name) = "") }
  OPTIONAL { ?x schema:description ?description }
  OPTIONAL { ?x schema:startDate ?start } OPTIONAL { ?x schema:endDate ?end }
  OPTIONAL { ?x schema:location ?place }
  OPTIONAL { ?x schema:organizer ?organizer OPTIONAL { ?organizer schema:name ?organizerName } }
}
"""
ORGANISATION = """
SELECT ?name ?legal ?seat ?sameAs WHERE {
  OPTIONAL { ?x schema:name ?name }
  OPTIONAL { ?x rov:legalName ?legal }
  OPTIONAL { ?x schema:location ?seat }
  OPTIONAL { ?x owl:sameAs ?sameAs }
}
"""
# The place and what contains it, nearest first, with kinds, names and codes.
PLACE = """
SELECT ?ancestor ?kind ?name ?iso ?lat ?long ?sameAs WHERE {
  ?x schema:containedInPlace* ?ancestor .
  OPTIONAL { ?ancestor cg:placeKind ?kind }
  OPTIONAL { ?ancestor schema:name ?name FILTER(LANG(?name) = "ru" || LANG(?name) = "") }
  OPTIONAL { ?ancestor cg:isoCode ?iso }
  OPTIONAL { ?ancestor geo:lat ?lat ; geo:long ?long }
  OPTIONAL { ?ancestor owl:sameAs ?sameAs }
}
"""


def _query(store: GraphStore, query: str, iri: str) -> list:
    return list(store.query(sparql_prefixes() + query.replace("?x", f"<{iri}>")))


def _value(row: Any, key: str) -> str | None:
    return row[key].value if row[key] is not None else None


def dataset(
    minter: Minter, publication: Publication, files: list[Download], *, modified: str | None = None
) -> dict[str, Any]:
    """The whole dataset with its distributions (one ``DataDownload`` per published file)."""
    base = minter.base
    data: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "Dataset",
        "@id": base + "catalog#all",
        "name": TITLE["ru"],
        "alternateName": TITLE["en"],
        "description": DESCRIPTION["ru"],
        "url": base,
        "inLanguage": "ru",
        "isAccessibleForFree": True,
        "license": publication.licence,
        "keywords": list(publication.keywords),
        "creator": {
            "@type": "Organization",
            "@id": publication.publisher_iri,
            "name": publication.publisher_name,
        },
        "publisher": {
            "@type": "Organization",
            "@id": publication.publisher_iri,
            "name": publication.publisher_name,
        },
        "includedInDataCatalog": {"@type": "DataCatalog", "@id": base + "catalog", "name": TITLE["ru"]},
        "distribution": [
            {
                "@type": "DataDownload",
                "name": f"{d.name} ({FORMAT_NAMES[d.format]})",
                "encodingFormat": d.media_type,
                "contentUrl": download_url(minter, d.name),
            }
            for d in files
            if d.kind in ("dump", "table", "schema")
        ],
    }
    if publication.contact_email:
        data["publisher"]["email"] = publication.contact_email
    if modified:
        data["dateModified"] = modified
    return data


def place(store: GraphStore, iri: str) -> dict[str, Any]:
    """A ``Place`` with its postal address (locality, region, country code) and coordinates."""
    rows = _query(store, PLACE, iri)
    found: dict[str, Any] = {"@type": "Place", "@id": iri}
    address: dict[str, Any] = {"@type": "PostalAddress"}
    for row in rows:
        kind, name = _value(row, "kind"), _value(row, "name")
        if row["ancestor"].value == iri:
            if name:
                found["name"] = name
            if row["lat"] is not None:
                found["geo"] = {
                    "@type": "GeoCoordinates",
                    "latitude": float(row["lat"].value),
                    "longitude": float(row["long"].value),
                }
            if row["sameAs"] is not None:
                found["sameAs"] = row["sameAs"].value
        if kind == "settlement" and name:
            address.setdefault("addressLocality", name)
        elif kind == "region" and name:
            address.setdefault("addressRegion", name)
        elif kind == "country" and _value(row, "iso"):
            address["addressCountry"] = _value(row, "iso")
    if len(address) > 1:
        found["address"] = address
    return found


def event(store: GraphStore, iri: str) -> dict[str, Any]:
    data: dict[str, Any] = {"@context": CONTEXT, "@type": "Event", "@id": iri, "url": iri}
    places, organizers = [], {}
    for row in _query(store, EVENT, iri):
        for key, prop in (
            ("name", "name"),
            ("description", "description"),
            ("start", "startDate"),
            ("end", "endDate"),
        ):
            if row[key] is not None:
                data.setdefault(prop, row[key].value)
        if row["place"] is not None and row["place"].value not in places:
            places.append(row["place"].value)
        if row["organizer"] is not None:
            organizers[row["organizer"].value] = _value(row, "organizerName")
    if places:
        located = [place(store, p) for p in places]
        data["location"] = located[0] if len(located) == 1 else located
    if organizers:
        data["organizer"] = [
            {"@type": "Organization", "@id": o, **({"name": n} if n else {})} for o, n in organizers.items()
        ]
    return data


def organisation(store: GraphStore, iri: str) -> dict[str, Any]:
    data: dict[str, Any] = {"@context": CONTEXT, "@type": "Organization", "@id": iri, "url": iri}
    for row in _query(store, ORGANISATION, iri):
        if row["name"] is not None:
            data.setdefault("name", row["name"].value)
        if row["legal"] is not None:
            data.setdefault("legalName", row["legal"].value)
        if row["sameAs"] is not None:
            data.setdefault("sameAs", row["sameAs"].value)
        if row["seat"] is not None and "location" not in data:
            seat = place(store, row["seat"].value)
            data["location"] = seat
            if "address" in seat:
                data["address"] = seat["address"]
    return data


def for_resource(store: GraphStore, iri: str) -> dict[str, Any] | None:
    """The JSON-LD of a resource page, chosen by the resource's types (None for others)."""
    types = {row["type"].value for row in _query(store, TYPES, iri)}
    if "http://schema.org/Event" in types:
        return event(store, iri)
    if "http://schema.org/Organization" in types:
        return organisation(store, iri)
    if "http://schema.org/Place" in types:
        return {"@context": CONTEXT, **place(store, iri)}
    return None
