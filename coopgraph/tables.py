"""Flat CSV tables of the graph (events, organisations, participations, agreements) and their
Frictionless Data Package descriptor (``datapackage.json``, tabular-data-package profile).

One row per thing, IRIs in the first column, several values in one cell joined by "; ".
Russian labels are used for names (the reports' language).
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass

from coopgraph.ontology.vocab import sparql_prefixes
from coopgraph.queries import term_value
from coopgraph.store import Store


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # Frictionless field type: string, integer, date
    description: str
    format: str = "default"  # "uri" for IRIs


@dataclass(frozen=True)
class Table:
    name: str
    title: str
    columns: tuple[Column, ...]
    sparql: str

    @property
    def file_name(self) -> str:
        return f"{self.name}.csv"


def _iri(name: str, description: str) -> Column:
    return Column(name, "string", description, "uri")


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
        _iri("region", "First-level region IRI, when known"),
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
        _iri("event", "Event IRI"),
        _iri("participant", "Organisation or person IRI"),
        Column("participant_kind", "string", "organisation or person"),
        Column("participant_name", "string", "Name of the organisation or person"),
        _iri("role", "Role concept IRI (participant, organiser, host, party, supporter, counterpart, …)"),
        Column("position", "string", "Position of a person at this event, as written"),
    ),
    f"""
SELECT ?participation (SAMPLE(?e) AS ?event) (SAMPLE(?who) AS ?participant) (SAMPLE(?k) AS ?participant_kind)
  (SAMPLE(?nm) AS ?participant_name) (SAMPLE(?rl) AS ?role) (SAMPLE(?pos) AS ?position)
WHERE {{
  ?e cv:hasParticipation ?participation .
  ?participation cv:hasParticipant ?who .
  OPTIONAL {{
    ?who a ?cls .
    VALUES (?cls ?k) {{ (schema:Organization "organisation") (schema:Person "person") }}
  }}
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
        _iri("event", "Signing event IRI"),
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

TABLES: dict[str, Table] = {t.name: t for t in (EVENTS, ORGANISATIONS, PARTICIPATIONS, AGREEMENTS)}


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_text(value: object) -> object:
    """A text cell made inert for spreadsheets (OWASP "CSV injection"): text starting with
    = + - @, a tab or a CR gets a leading apostrophe, so Excel or LibreOffice shows it rather
    than running it as a formula. Numbers (int, float) pass unchanged: only text is defused."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def table_csv(store: Store, table: Table) -> bytes:
    """The table as UTF-8 CSV (RFC 4180, CRLF line ends) with a header row; text columns are
    defused for spreadsheets (`spreadsheet_text`), integer, date and IRI columns are not."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([c.name for c in table.columns])
    for solution in store.query(sparql_prefixes() + table.sparql):
        row = []
        for c in table.columns:
            value = term_value(solution[c.name])
            if c.type == "string" and c.format != "uri":
                value = spreadsheet_text(value)
            row.append("" if value is None else value)
        writer.writerow(row)
    return buffer.getvalue().encode("utf-8")


def datapackage(*, title: str, description: str, licence: str, homepage: str) -> bytes:
    """The Frictionless descriptor of the four tables (paths relative to the descriptor)."""
    resources = []
    for table in TABLES.values():
        fields = []
        for c in table.columns:
            field = {"name": c.name, "type": c.type, "description": c.description}
            if c.format != "default":
                field["format"] = c.format
            fields.append(field)
        resources.append(
            {
                "name": table.name,
                "title": table.title,
                "path": table.file_name,
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": {"fields": fields, "primaryKey": table.columns[0].name},
            }
        )
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
