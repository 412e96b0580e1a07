"""Flat CSV tables of the graph (events, organisations, participations, agreements, places,
people) and their Frictionless Data Package descriptor (``datapackage.json``,
tabular-data-package profile) with the foreign keys that join them.

One row per thing, IRIs in the first column, several values in one cell joined by "; ".
Russian labels are used for names (the reports' language). A column that names another
table's row (an event, an organisation, a place) holds that row's IRI and is declared as a
foreign key, so that a Data Package tool can check and follow the joins.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass

from coopgraph.formats import Media
from coopgraph.ontology.vocab import sparql_prefixes
from coopgraph.publish.queries import term_value
from coopgraph.store import GraphStore


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # Frictionless field type: string, integer, number, date
    description: str
    format: str = "default"  # "uri" for IRIs
    references: str | None = None  # the table whose first column this column's IRIs name


@dataclass(frozen=True)
class Table:
    name: str
    title: str
    columns: tuple[Column, ...]
    sparql: str

    @property
    def file_name(self) -> str:
        return f"{self.name}.csv"


def _iri(name: str, description: str, references: str | None = None) -> Column:
    return Column(name, "string", description, "uri", references)


RU = 'FILTER(lang({v}) = "ru" || lang({v}) = "")'

EVENTS = Table(
    "events",
    "Events",
    (
        _iri("event", "Event IRI"),
        _iri("report", "Report IRI"),
        Column("row", "integer", "Row number (№ п/п) in the report"),
        _iri("sector", "Sector concept IRI"),
        Column("sector_label", "string", "Sector, in Russian"),
        Column("title", "string", "Event title as written in the report"),
        Column("start", "date", "First day"),
        Column("end", "date", "Last day"),
        Column("event_types", "string", "Event type concept IRIs, space-separated"),
        Column("formats", "string", "Format concept IRIs (online, distance...), space-separated"),
        Column("places", "string", "Places, in Russian, joined by '; '"),
        Column("belarus_regions", "string", "Belarusian regions involved, in Russian, joined by '; '"),
        Column("participants", "integer", "Stated participant total (empty when none)"),
    ),
    f"""
SELECT ?event (SAMPLE(?r) AS ?report) (SAMPLE(?n) AS ?row) (SAMPLE(?s) AS ?sector)
  (SAMPLE(?sl) AS ?sector_label)
  (SAMPLE(?t) AS ?title) (SAMPLE(?sd) AS ?start) (SAMPLE(?ed) AS ?end)
  (GROUP_CONCAT(DISTINCT STR(?et); separator=" ") AS ?event_types)
  (GROUP_CONCAT(DISTINCT STR(?f); separator=" ") AS ?formats)
  (GROUP_CONCAT(DISTINCT ?pn; separator="; ") AS ?places)
  (GROUP_CONCAT(DISTINCT ?bn; separator="; ") AS ?belarus_regions)
  (SAMPLE(?pc) AS ?participants)
WHERE {{
  ?event a cg:CooperationEvent ; cg:inReport ?r ; cg:rowNumber ?n ; schema:name ?t .
  OPTIONAL {{ ?event cg:sector ?s . OPTIONAL {{ ?s skos:prefLabel ?sl {RU.format(v="?sl")} }} }}
  OPTIONAL {{ ?event schema:startDate ?sd }}
  OPTIONAL {{ ?event schema:endDate ?ed }}
  OPTIONAL {{ ?event cg:eventType ?et }}
  OPTIONAL {{ ?event cv:format ?f }}
  OPTIONAL {{ ?event schema:location ?p . ?p schema:name ?pn {RU.format(v="?pn")} }}
  OPTIONAL {{ ?event cg:belarusRegion ?b . ?b schema:name ?bn {RU.format(v="?bn")} }}
  OPTIONAL {{ ?event cg:participantCount ?pc }}
}} GROUP BY ?event ORDER BY ?report ?row
""",
)

ORGANISATIONS = Table(
    "organisations",
    "Organisations",
    (
        _iri("organisation", "Organisation IRI"),
        Column("name", "string", "Name in the nominative, with the legal form"),
        Column("legal_form", "string", "Legal form abbreviation (СОГБУК, ООО...)"),
        Column("country", "string", "Country, ISO 3166-1 alpha-2"),
        _iri("region", "First-level region IRI, when known", "places"),
        Column("events", "integer", "Number of events the organisation is involved in"),
    ),
    f"""
SELECT ?organisation (SAMPLE(?nm) AS ?name) (SAMPLE(?lf) AS ?legal_form) (SAMPLE(?c) AS ?country)
  (SAMPLE(?rg) AS ?region) (COUNT(DISTINCT ?event) AS ?events)
WHERE {{
  ?organisation a schema:Organization .
  OPTIONAL {{ ?organisation schema:name ?nm {RU.format(v="?nm")} }}
  OPTIONAL {{ ?organisation cg:legalForm ?lf }}
  OPTIONAL {{ ?organisation schema:address/schema:addressCountry ?c }}
  OPTIONAL {{ ?organisation cg:region ?rg }}
  OPTIONAL {{ ?event cg:involves ?organisation ; a cg:CooperationEvent }}
}} GROUP BY ?organisation ORDER BY ?name ?organisation
""",
)

PARTICIPATIONS = Table(
    "participations",
    "Participations",
    (
        _iri("participation", "Participation IRI"),
        _iri("event", "Event IRI", "events"),
        _iri("participant", "Organisation or person IRI"),
        Column("participant_kind", "string", "organisation or person"),
        _iri("organisation", "The participant's IRI when it is an organisation", "organisations"),
        _iri("person", "The participant's IRI when it is a person", "people"),
        Column("participant_name", "string", "Name of the organisation or person"),
        _iri("role", "Role concept IRI (participant, organiser, host, party, supporter, counterpart, …)"),
        Column("position", "string", "Position of a person at this event, as written"),
    ),
    f"""
SELECT ?participation (SAMPLE(?e) AS ?event) (SAMPLE(?who) AS ?participant) (SAMPLE(?k) AS ?participant_kind)
  (SAMPLE(?org) AS ?organisation) (SAMPLE(?per) AS ?person)
  (SAMPLE(?nm) AS ?participant_name) (SAMPLE(?rl) AS ?role) (SAMPLE(?pos) AS ?position)
WHERE {{
  ?e cv:hasParticipation ?participation .
  ?participation cv:hasParticipant ?who .
  OPTIONAL {{
    ?who a ?cls .
    VALUES (?cls ?k) {{ (schema:Organization "organisation") (schema:Person "person") }}
  }}
  OPTIONAL {{ ?who a schema:Organization BIND(?who AS ?org) }}
  OPTIONAL {{ ?who a schema:Person BIND(?who AS ?per) }}
  OPTIONAL {{ ?who schema:name ?nm {RU.format(v="?nm")} }}
  OPTIONAL {{ ?participation cv:role ?rl }}
  OPTIONAL {{ ?participation cg:position ?pos }}
}} GROUP BY ?participation ORDER BY ?event ?participation
""",
)

AGREEMENTS = Table(
    "agreements",
    "Agreements",
    (
        _iri("agreement", "Agreement IRI"),
        _iri("report", "Report IRI"),
        _iri("event", "Signing event IRI", "events"),
        Column("title", "string", "Title as written"),
        Column("kind", "string", "agreement, supplementary-agreement, intent-agreement, plan..."),
        Column("signed", "date", "Day of signing"),
        Column("parties", "string", "Parties, joined by '; '"),
        Column("approval_number", "string", "Number of the approving order"),
        Column("approval_date", "date", "Date of the approving order"),
        Column("registration_number", "string", "Registration number"),
        Column("registration_date", "date", "Registration date"),
    ),
    f"""
SELECT ?agreement (SAMPLE(?r) AS ?report) (SAMPLE(?e) AS ?event) (SAMPLE(?t) AS ?title) (SAMPLE(?k) AS ?kind)
  (SAMPLE(?sg) AS ?signed) (GROUP_CONCAT(DISTINCT ?pn; separator="; ") AS ?parties)
  (SAMPLE(?an) AS ?approval_number) (SAMPLE(?ad) AS ?approval_date)
  (SAMPLE(?rn) AS ?registration_number) (SAMPLE(?rd) AS ?registration_date)
WHERE {{
  ?agreement a cg:Agreement .
  OPTIONAL {{ ?agreement cg:inReport ?r }}
  OPTIONAL {{ ?agreement prov:wasGeneratedBy ?e }}
  OPTIONAL {{ ?agreement dct:title ?t }}
  OPTIONAL {{ ?agreement cg:agreementKind ?k }}
  OPTIONAL {{ ?agreement cg:signedOn ?sg }}
  OPTIONAL {{ ?agreement cg:party ?p . ?p schema:name ?pn {RU.format(v="?pn")} }}
  OPTIONAL {{ ?agreement cg:approvalNumber ?an }}
  OPTIONAL {{ ?agreement cg:approvalDate ?ad }}
  OPTIONAL {{ ?agreement cg:registrationNumber ?rn }}
  OPTIONAL {{ ?agreement cg:registrationDate ?rd }}
}} GROUP BY ?agreement ORDER BY ?report ?agreement
""",
)

PLACES = Table(
    "places",
    "Places",
    (
        _iri("place", "Place IRI"),
        Column("name", "string", "Name, in Russian"),
        Column("kind", "string", "country, region, district, settlement…"),
        _iri("parent", "The place it lies in (a district, a region, a country)", "places"),
        _iri("region", "First-level region it lies in", "places"),
        Column("country", "string", "Country, ISO 3166-1 alpha-2"),
        Column("iso_code", "string", "ISO 3166 code of a country or region"),
        Column("latitude", "number", "WGS84 latitude, when known"),
        Column("longitude", "number", "WGS84 longitude, when known"),
        _iri("geonames", "The GeoNames feature, when known"),
        Column("events", "integer", "Number of events held there"),
    ),
    f"""
SELECT ?place (SAMPLE(?nm) AS ?name) (SAMPLE(?k) AS ?kind) (SAMPLE(?pa) AS ?parent) (SAMPLE(?rg) AS ?region)
  (SAMPLE(?cc) AS ?country) (SAMPLE(?iso) AS ?iso_code) (SAMPLE(?la) AS ?latitude) (SAMPLE(?lo) AS ?longitude)
  (SAMPLE(?gn) AS ?geonames) (COUNT(DISTINCT ?event) AS ?events)
WHERE {{
  ?place a schema:Place .
  OPTIONAL {{ ?place schema:name ?nm {RU.format(v="?nm")} }}
  OPTIONAL {{ ?place cg:placeKind ?k }}
  OPTIONAL {{ ?place schema:containedInPlace ?pa . ?pa a schema:Place }}
  OPTIONAL {{ ?place cg:region ?rg . ?rg a schema:Place }}
  OPTIONAL {{ ?place cg:country ?c . ?c cg:isoCode ?cc }}
  OPTIONAL {{ ?place cg:isoCode ?iso }}
  OPTIONAL {{ ?place geo:lat ?la ; geo:long ?lo }}
  OPTIONAL {{ ?place owl:sameAs ?gn FILTER(STRSTARTS(STR(?gn), "https://sws.geonames.org/")) }}
  OPTIONAL {{ ?event schema:location ?place ; a cg:CooperationEvent }}
}} GROUP BY ?place ORDER BY ?place
""",
)

PEOPLE = Table(
    "people",
    "People",
    (
        _iri("person", "Person IRI"),
        Column("name", "string", "Name as the reports give it (initials and surname)"),
        Column("family_name", "string", "Surname"),
        Column("initials", "string", "Initials"),
        Column("job_titles", "string", "Positions as written, joined by '; '"),
        _iri("affiliation", "The organisation the person works for, when known", "organisations"),
        Column("events", "integer", "Number of events the person takes part in"),
    ),
    f"""
SELECT ?person (SAMPLE(?nm) AS ?name) (SAMPLE(?fn) AS ?family_name) (SAMPLE(?ini) AS ?initials)
  (GROUP_CONCAT(DISTINCT ?jt; separator="; ") AS ?job_titles) (SAMPLE(?af) AS ?affiliation)
  (COUNT(DISTINCT ?event) AS ?events)
WHERE {{
  ?person a schema:Person .
  OPTIONAL {{ ?person schema:name ?nm {RU.format(v="?nm")} }}
  OPTIONAL {{ ?person schema:familyName ?fn }}
  OPTIONAL {{ ?person cg:initials ?ini }}
  OPTIONAL {{ ?person schema:jobTitle ?jt }}
  OPTIONAL {{ ?person schema:affiliation ?af . ?af a schema:Organization }}
  OPTIONAL {{ ?event cv:hasParticipation/cv:hasParticipant ?person ; a cg:CooperationEvent }}
}} GROUP BY ?person ORDER BY ?name ?person
""",
)

TABLES: dict[str, Table] = {
    t.name: t for t in (EVENTS, ORGANISATIONS, PARTICIPATIONS, AGREEMENTS, PLACES, PEOPLE)
}


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_text(value: object) -> object:
    """A text cell made inert for spreadsheets (OWASP "CSV injection"): text starting with
    = + - @, a tab or a CR gets a leading apostrophe, so Excel or LibreOffice shows it rather
    than running it as a formula. Numbers (int, float) pass unchanged: only text is defused."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def table_rows(store: GraphStore, table: Table, *, defuse: bool = True) -> list[list[object]]:
    """The table's rows as plain values (None for an empty cell). With `defuse`, text columns
    are made inert for spreadsheets (`spreadsheet_text`); integer, number, date and IRI
    columns never are. A writer that marks text cells as text (xlsx) needs no defusing."""
    rows = []
    for solution in store.query(sparql_prefixes() + table.sparql):
        row = []
        for c in table.columns:
            value = term_value(solution[c.name])
            if defuse and c.type == "string" and c.format != "uri":
                value = spreadsheet_text(value)
            row.append(value)
        rows.append(row)
    return rows


# Excel opens a CSV file as UTF-8 only when it starts with a byte-order mark; without one a
# Russian user who double-clicks the file sees mojibake. Tools that read CSV by the RFC
# (frictionless, pandas, Python's csv with utf-8-sig) skip it.
BOM = "\ufeff"


def table_csv(store: GraphStore, table: Table, *, bom: bool = False) -> bytes:
    """The table as UTF-8 CSV (RFC 4180, CRLF line ends) with a header row; with `bom`, the
    file starts with a UTF-8 byte-order mark (the variant for Excel)."""
    buffer = io.StringIO()
    if bom:
        buffer.write(BOM)
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([c.name for c in table.columns])
    for row in table_rows(store, table):
        writer.writerow(["" if value is None else value for value in row])
    return buffer.getvalue().encode("utf-8")


def _schema(table: Table) -> dict:
    fields = []
    for c in table.columns:
        field = {"name": c.name, "type": c.type, "description": c.description}
        if c.format != "default":
            field["format"] = c.format
        fields.append(field)
    schema: dict = {"fields": fields, "primaryKey": table.columns[0].name}
    keys = [
        {
            "fields": c.name,
            # "" is the Table Schema's name for the resource itself (a place inside a place).
            "reference": {
                "resource": "" if c.references == table.name else c.references,
                "fields": TABLES[c.references].columns[0].name,
            },
        }
        for c in table.columns
        if c.references
    ]
    if keys:
        schema["foreignKeys"] = keys
    return schema


def datapackage(*, title: str, description: str, licence: str, homepage: str) -> bytes:
    """The Frictionless descriptor of the tables (paths relative to the descriptor), with the
    foreign keys between them."""
    resources = [
        {
            "name": table.name,
            "title": table.title,
            "path": table.file_name,
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": Media.CSV,
            "encoding": "utf-8",
            "schema": _schema(table),
        }
        for table in TABLES.values()
    ]
    package = {
        "profile": "tabular-data-package",
        "name": "coopgraph",
        "title": title,
        "description": description,
        "homepage": homepage,
        "licenses": [{"path": licence}],
        "resources": resources,
    }
    return json.dumps(package, ensure_ascii=False, indent=1).encode("utf-8")
