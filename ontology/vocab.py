"""Namespaces used across coopgraph.

rdflib's own SDO is https://schema.org/ and its WGS is wrong; we publish http://schema.org/ and
the W3C Basic Geo namespace, so both are declared here and used everywhere.
"""

from __future__ import annotations

from rdflib import Dataset, Graph, Namespace
from rdflib.namespace import DCAT, DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SKOS, TIME, VOID, XSD

CG_NS = "https://w3id.org/coopgraph/ns#"
SECTOR_NS = "https://w3id.org/coopgraph/sector/"
EVENT_TYPE_NS = "https://w3id.org/coopgraph/event-type/"
ROLE_NS = "https://w3id.org/coopgraph/role/"
FORMAT_NS = "https://w3id.org/coopgraph/format/"
FLAG_NS = "https://w3id.org/coopgraph/flag/"

SDO = Namespace("http://schema.org/")
GEO = Namespace("http://www.w3.org/2003/01/geo/wgs84_pos#")
CV = Namespace("http://data.europa.eu/m8g/")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
ROV = Namespace("http://www.w3.org/ns/regorg#")
SECTOR = Namespace(SECTOR_NS)
EVENT_TYPE = Namespace(EVENT_TYPE_NS)
ROLE = Namespace(ROLE_NS)
FORMAT = Namespace(FORMAT_NS)
FLAG = Namespace(FLAG_NS)
GEONAMES = Namespace("https://sws.geonames.org/")
# GeoSPARQL 1.1 and its Simple Features classes (prefix "geo" stays with W3C Basic Geo above).
GEOSPARQL = Namespace("http://www.opengis.net/ont/geosparql#")
SF = Namespace("http://www.opengis.net/ont/sf#")

PREFIXES: dict[str, str] = {
    "cg": CG_NS,
    "sector": SECTOR_NS,
    "etype": EVENT_TYPE_NS,
    "role": ROLE_NS,
    "fmt": FORMAT_NS,
    "flag": FLAG_NS,
    "schema": str(SDO),
    "geo": str(GEO),
    "geosparql": str(GEOSPARQL),
    "sf": str(SF),
    "cv": str(CV),
    "eli": str(ELI),
    "rov": str(ROV),
    "org": str(ORG),
    "prov": str(PROV),
    "skos": str(SKOS),
    "dcat": str(DCAT),
    "dct": str(DCTERMS),
    "foaf": str(FOAF),
    "owl": str(OWL),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "time": str(TIME),
    "void": str(VOID),
    "xsd": str(XSD),
}


def bind_prefixes(graph: Graph | Dataset) -> None:
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True, replace=True)


def sparql_prefixes() -> str:
    """PREFIX lines for every namespace above, for queries and the query editor."""
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
