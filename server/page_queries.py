"""SPARQL of the browsing pages. Parameters are ``?p_*`` variables bound by `labels.bind`
(a VALUES row at ``#PARAMETERS``; UNDEF when the filter is not used). Only ORDER BY, LIMIT and
OFFSET are formatted in, from a fixed table and from integers."""

from __future__ import annotations

EVENT_FILTERS = """
  #PARAMETERS
  ?event a cg:CooperationEvent ; schema:name ?title ; cg:inReport ?report ; cg:rowNumber ?row ;
         cg:sector ?sector .
  OPTIONAL { ?event schema:startDate ?start }
  OPTIONAL { ?event schema:endDate ?end }
  OPTIONAL { ?event cg:participantCount ?participants }
  FILTER(!BOUND(?p_sector) || ?sector = ?p_sector)
  FILTER(!BOUND(?p_region) || EXISTS { ?event cg:belarusRegion ?p_region })
  FILTER(!BOUND(?p_report) || ?report = ?p_report)
  FILTER(!BOUND(?p_from) || ?end >= ?p_from)
  FILTER(!BOUND(?p_to) || ?start <= ?p_to)
"""
EVENTS = (
    "SELECT DISTINCT ?event ?title ?report ?row ?sector ?start ?end ?participants WHERE {"
    + EVENT_FILTERS
    + "}"
)
EVENTS_COUNT = "SELECT (COUNT(DISTINCT ?event) AS ?n) WHERE {" + EVENT_FILTERS + "}"
EVENT_SORTS = {
    "date": "?start ?report ?row",
    "-date": "DESC(?start) ?report ?row",
    "title": "?title ?report ?row",
    "participants": "DESC(?participants) ?report ?row",
    "row": "?report ?row",
}

# The places and organisations (in any role but a mere mention) of the events of one page.
EVENT_PLACES_AND_ORGANISATIONS = """
SELECT DISTINCT ?event ?place ?org WHERE {
  #PARAMETERS
  { ?event schema:location ?place . ?place a schema:Place }
  UNION
  { ?event cv:hasParticipation ?participation . ?participation cv:hasParticipant ?org ; cv:role ?role .
    ?org a schema:Organization . FILTER(?role != role:mentioned) }
}
"""

SECTORS_IN_USE = """
SELECT ?sector (COUNT(DISTINCT ?event) AS ?n) WHERE { ?event a cg:CooperationEvent ; cg:sector ?sector }
GROUP BY ?sector ORDER BY DESC(?n)
"""
BELARUS_REGIONS_IN_USE = """
SELECT ?region (COUNT(DISTINCT ?event) AS ?n) WHERE { ?event cg:belarusRegion ?region }
GROUP BY ?region ORDER BY DESC(?n)
"""
REPORTS = """
SELECT ?report (SAMPLE(?s) AS ?start) (SAMPLE(?e) AS ?end) (COUNT(DISTINCT ?event) AS ?events) WHERE {
  ?report a cg:Report .
  OPTIONAL { ?report cg:periodStart ?s }
  OPTIONAL { ?report cg:periodEnd ?e }
  OPTIONAL { ?event cg:inReport ?report ; a cg:CooperationEvent }
} GROUP BY ?report ORDER BY DESC(?start) ?report
"""

ORGANISATION_FILTERS = """
  #PARAMETERS
  ?org a schema:Organization .
  OPTIONAL { ?org schema:name ?anyName }
  OPTIONAL { ?org schema:address/schema:addressCountry ?code }
  OPTIONAL { ?org cg:country ?country }
  OPTIONAL { ?event cg:involves ?org ; a cg:CooperationEvent }
  FILTER(!BOUND(?p_country) || ?code = ?p_country)
"""
ORGANISATIONS = (
    "SELECT ?org (SAMPLE(?anyName) AS ?name) (SAMPLE(?code) AS ?countryCode)"
    " (SAMPLE(?country) AS ?countryPlace)"
    " (COUNT(DISTINCT ?event) AS ?events) WHERE {" + ORGANISATION_FILTERS + "} GROUP BY ?org"
)
ORGANISATIONS_COUNT = "SELECT (COUNT(DISTINCT ?org) AS ?n) WHERE {" + ORGANISATION_FILTERS + "}"
COUNTRIES_OF_ORGANISATIONS = """
SELECT ?code (COUNT(DISTINCT ?org) AS ?n) WHERE {
  ?org a schema:Organization ; schema:address/schema:addressCountry ?code
}
GROUP BY ?code ORDER BY DESC(?n)
"""
NAME_SORTS = {"events": "DESC(?events) ?name ?x", "name": "?name ?x"}

PLACE_FILTERS = """
  #PARAMETERS
  ?x a schema:Place .
  OPTIONAL { ?x schema:name ?anyName }
  OPTIONAL { ?x cg:placeKind ?kind }
  OPTIONAL { ?x schema:containedInPlace ?parent }
  OPTIONAL { ?event a cg:CooperationEvent . { ?event schema:location ?x } UNION { ?event cg:region ?x } }
  FILTER(!BOUND(?p_kind) || ?kind = ?p_kind)
"""
PLACES = (
    "SELECT ?x (SAMPLE(?anyName) AS ?name) (SAMPLE(?kind) AS ?placeKind) (SAMPLE(?parent) AS ?within)"
    " (COUNT(DISTINCT ?event) AS ?events) WHERE {" + PLACE_FILTERS + "} GROUP BY ?x"
)
PLACES_COUNT = "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {" + PLACE_FILTERS + "}"
PLACE_KINDS = (
    "SELECT ?kind (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x cg:placeKind ?kind } GROUP BY ?kind ORDER BY ?kind"
)

PEOPLE_FILTERS = """
  #PARAMETERS
  ?x a schema:Person .
  OPTIONAL { ?x schema:name ?anyName }
  OPTIONAL { ?event cg:involves ?x ; a cg:CooperationEvent }
"""
PEOPLE = (
    "SELECT ?x (SAMPLE(?anyName) AS ?name) (COUNT(DISTINCT ?event) AS ?events) WHERE {"
    + PEOPLE_FILTERS
    + "} GROUP BY ?x"
)
PEOPLE_COUNT = "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {" + PEOPLE_FILTERS + "}"

AGREEMENT_FILTERS = """
  #PARAMETERS
  ?x a cg:Agreement .
  OPTIONAL { ?x dct:title ?anyTitle }
  OPTIONAL { ?x cg:signedOn ?signedOn }
  OPTIONAL { ?x cg:agreementKind ?agreementKind }
  OPTIONAL { ?x cg:inReport ?inReport }
  FILTER(!BOUND(?p_report) || ?inReport = ?p_report)
"""
AGREEMENTS = (
    "SELECT ?x (SAMPLE(?anyTitle) AS ?name) (SAMPLE(?signedOn) AS ?signed) (SAMPLE(?agreementKind) AS ?kind)"
    " (SAMPLE(?inReport) AS ?report) WHERE {" + AGREEMENT_FILTERS + "} GROUP BY ?x"
)
AGREEMENTS_COUNT = "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {" + AGREEMENT_FILTERS + "}"
AGREEMENT_SORTS = {"signed": "?signed ?x", "name": "?name ?x"}

CLASS_COUNTS = """
SELECT ?class (COUNT(DISTINCT ?x) AS ?n) WHERE {
  VALUES ?class { cg:CooperationEvent schema:Organization schema:Person schema:Place cg:Agreement cg:Report }
  ?x a ?class
} GROUP BY ?class
"""
