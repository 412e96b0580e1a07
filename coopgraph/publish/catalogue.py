"""The DCAT-AP 3 catalogue a portal harvests untouched.

``{base}catalog`` lists one dataset for the whole graph (``{base}catalog#all``) and one per
report (the report's own IRI, already a ``dcat:Dataset`` in the data). Each carries what the
DCAT-AP 3 mandatory and recommended shapes ask for: publisher (with its ADMS type), contact
point, licence and access rights from the EU tables, themes, keywords, issued/modified,
identifier, temporal and spatial coverage, and distributions with ``dct:format`` (EU file
types) and ``dcat:mediaType`` (IANA). The SPARQL endpoint is a ``dcat:DataService``.

The IRIs of the registers are described here as far as the range shapes need (a type and a
label), so the catalogue validates on its own, without the registers' tables. Places are given
as their GeoNames IRIs and the countries as IRIs of the EU country table, the forms portals'
spatial facets know. Publisher and dates come from `coopgraph.publication` (the settings).
"""

from __future__ import annotations

import pycountry
import pyoxigraph as ox
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, RDFS, SKOS, XSD

from coopgraph import registers
from coopgraph.formats import FORMATS
from coopgraph.iris import Minter
from coopgraph.ontology.vocab import bind_prefixes, sparql_prefixes
from coopgraph.publication import Publication, last_write
from coopgraph.publish.files import DESCRIPTION, FORMAT_NAMES, TITLE, Download, download_url
from coopgraph.store import GraphStore

VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
DCATAP = Namespace("http://data.europa.eu/r5r/")
SPARQL_PROTOCOL = URIRef("https://www.w3.org/TR/sparql11-protocol/")

REPORTS = """
SELECT ?report ?id ?title ?description ?start ?end ?publisher ?publisherName WHERE {
  ?report a cg:Report .
  OPTIONAL { ?report dct:identifier ?id }
  OPTIONAL { ?report dct:title ?title }
  OPTIONAL { ?report dct:description ?description }
  OPTIONAL { ?report cg:periodStart ?start }
  OPTIONAL { ?report cg:periodEnd ?end }
  OPTIONAL { ?report dct:publisher ?publisher OPTIONAL { ?publisher schema:name ?publisherName } }
}
"""
# The first-level regions of each report, with their GeoNames IRI and country code.
REGIONS = """
SELECT DISTINCT ?report ?place ?name ?geonames ?country WHERE {
  ?event cg:inReport ?report ; cg:region ?place .
  OPTIONAL { ?place schema:name ?name }
  OPTIONAL { ?place owl:sameAs ?geonames FILTER(STRSTARTS(STR(?geonames), "https://sws.geonames.org/")) }
  OPTIONAL { ?place schema:containedInPlace ?c . ?c cg:placeKind "country" ; cg:isoCode ?country }
}
"""

# Points of the places the data locates, per first-level region: the region's coverage in the
# catalogue is their extent (the data's own reach, not the region's boundary).
POINTS = """
SELECT DISTINCT ?region ?lat ?long WHERE {
  ?region cg:placeKind "region" .
  { ?place schema:containedInPlace+ ?region } UNION { BIND(?region AS ?place) }
  ?place geo:lat ?lat ; geo:long ?long .
}
"""
GSP = Namespace("http://www.opengis.net/ont/geosparql#")
# Half a hundredth of a degree (~500 m): a coverage of one point still gets a bbox with an area.
PAD = 0.005


def _rows(store: GraphStore, query: str) -> list:
    return list(store.query(sparql_prefixes() + query))


def _labelled(
    graph: Graph, node: URIRef, kind: URIRef, labels: dict[str, str], prop: URIRef = SKOS.prefLabel
) -> URIRef:
    graph.add((node, RDF.type, kind))
    for lang, text in labels.items():
        graph.add((node, prop, Literal(text, lang=lang)))
    return node


class CatalogueBuilder:
    def __init__(
        self, store: GraphStore, minter: Minter, every: list[Download], publication: Publication
    ) -> None:
        self.store, self.minter, self.every, self.pub = store, minter, every, publication
        self.base = minter.base
        self.graph = Graph()
        bind_prefixes(self.graph)
        self.graph.bind("vcard", VCARD)
        self.graph.bind("dcatap", DCATAP)
        modified = last_write(store)
        # The canonical "Z" form: a parser that canonicalises (Oxigraph) reads back the same literal.
        self.modified = Literal(
            modified.strftime("%Y-%m-%dT%H:%M:%SZ"), datatype=XSD.dateTime, normalize=False
        )
        self.issued = Literal(publication.issued, datatype=XSD.date) if publication.issued else self.modified
        self.publisher = URIRef(publication.publisher_iri)
        self.contact = URIRef(self.base + "catalog#contact")

    # ---------------------------------------------------------------- shared nodes

    def agents_and_terms(self) -> None:
        g, pub = self.graph, self.pub
        g.add((self.publisher, RDF.type, FOAF.Agent))
        g.add((self.publisher, FOAF.name, Literal(pub.publisher_name)))
        g.add((self.publisher, DCTERMS.type, URIRef(pub.publisher_type)))
        kind = pub.publisher_type.rsplit("/", 1)[-1]
        _labelled(g, URIRef(pub.publisher_type), SKOS.Concept, {"en": kind})
        g.add((self.contact, RDF.type, VCARD.Kind))
        g.add((self.contact, RDF.type, VCARD.Organization))
        g.add((self.contact, VCARD.fn, Literal(pub.contact_name)))
        if pub.contact_email:
            g.add((self.contact, VCARD.hasEmail, URIRef("mailto:" + pub.contact_email)))
        g.add((self.contact, VCARD.hasURL, URIRef(self.base)))
        licence = _labelled(g, URIRef(pub.licence), DCTERMS.LicenseDocument, pub.licence_labels, RDFS.label)
        g.add((licence, DCTERMS.type, URIRef(registers.LICENCE_TYPE_ATTRIBUTION)))
        _labelled(g, URIRef(registers.LICENCE_TYPE_ATTRIBUTION), SKOS.Concept, {"en": "Attribution"})
        code = pub.access_rights.rsplit("/", 1)[-1]
        rights = registers.ACCESS_RIGHTS.get(code, (code, code))
        _labelled(
            g,
            URIRef(pub.access_rights),
            DCTERMS.RightsStatement,
            {"ru": rights[0], "en": rights[1]},
            RDFS.label,
        )
        _labelled(
            g, URIRef(registers.LANGUAGE_RU), DCTERMS.LinguisticSystem, {"ru": "русский", "en": "Russian"}
        )
        scheme = URIRef(registers.DATA_THEME)
        g.add((scheme, RDF.type, SKOS.ConceptScheme))
        g.add((scheme, DCTERMS.title, Literal("Data theme", lang="en")))
        for theme in pub.themes:
            code = theme.rsplit("/", 1)[-1]
            ru, en = registers.THEMES.get(code, (code, code))
            _labelled(g, URIRef(theme), SKOS.Concept, {"ru": ru, "en": en})
            g.add((URIRef(theme), SKOS.inScheme, scheme))
        _labelled(g, URIRef(registers.AVAILABILITY_STABLE), SKOS.Concept, {"en": "stable"})
        _labelled(g, SPARQL_PROTOCOL, DCTERMS.Standard, {"en": "SPARQL 1.1 Protocol"}, RDFS.label)
        g.add((URIRef(self.base), RDF.type, FOAF.Document))

    def open_data(self, node: URIRef, landing: str, identifier: str) -> None:
        """What every dataset carries: publisher, contact, licence, rights, themes, dates."""
        g, pub = self.graph, self.pub
        g.add((node, RDF.type, DCAT.Dataset))
        g.add((node, DCTERMS.identifier, Literal(identifier)))
        g.add((node, DCTERMS.license, URIRef(pub.licence)))
        g.add((node, DCTERMS.accessRights, URIRef(pub.access_rights)))
        g.add((node, DCTERMS.language, URIRef(registers.LANGUAGE_RU)))
        g.add((node, DCAT.landingPage, URIRef(landing)))
        g.add((URIRef(landing), RDF.type, FOAF.Document))
        g.add((node, DCAT.contactPoint, self.contact))
        g.add((node, DCTERMS.issued, self.issued))
        g.add((node, DCTERMS.modified, self.modified))
        for theme in pub.themes:
            g.add((node, DCAT.theme, URIRef(theme)))
        for keyword in pub.keywords:
            g.add((node, DCAT.keyword, Literal(keyword)))

    def distribution(self, download: Download) -> URIRef:
        g = self.graph
        node = URIRef(f"{self.base}catalog#dist-{download.name}")
        name = FORMAT_NAMES[download.format]
        g.add((node, RDF.type, DCAT.Distribution))
        g.add((node, DCTERMS.title, Literal(f"{download.name} ({name})")))
        g.add((node, DCTERMS.description, Literal(_describe(download, name), lang="en")))
        # A .gz file: the media type of what is inside, and gzip as its compression (DCAT 3).
        inner = FORMATS[download.format].media_type if download.compressed else download.media_type
        media = _labelled(g, URIRef(registers.media_type_iri(inner)), DCTERMS.MediaType, {}, RDFS.label)
        g.add((node, DCAT.mediaType, media))
        if download.compressed:
            gz = _labelled(
                g, URIRef(registers.media_type_iri(download.media_type)), DCTERMS.MediaType, {}, RDFS.label
            )
            g.add((node, DCAT.compressFormat, gz))
        fmt = _labelled(
            g,
            URIRef(registers.file_type(download.format)),
            DCTERMS.MediaTypeOrExtent,
            {"en": name},
            RDFS.label,
        )
        g.add((node, DCTERMS["format"], fmt))
        g.add((node, DCAT.accessURL, URIRef(self.base + "downloads")))
        g.add((node, DCAT.downloadURL, URIRef(download_url(self.minter, download.name))))
        g.add((node, DCTERMS.license, URIRef(self.pub.licence)))
        g.add((node, DCTERMS.modified, self.modified))
        g.add((node, DCATAP.availability, URIRef(registers.AVAILABILITY_STABLE)))
        return node

    def period(self, node: URIRef, start: str | None, end: str | None) -> None:
        g = self.graph
        g.add((node, RDF.type, DCTERMS.PeriodOfTime))
        if start:
            g.add((node, DCAT.startDate, Literal(start, datatype=XSD.date)))
        if end:
            g.add((node, DCAT.endDate, Literal(end, datatype=XSD.date)))

    # ---------------------------------------------------------------- datasets

    def report_dataset(self, iri: str, info: dict) -> None:
        g, node = self.graph, URIRef(iri)
        rid = iri.rsplit("/", 1)[-1]
        self.open_data(node, iri, info.get("id", rid))
        for lit in info["titles"]:
            g.add((node, DCTERMS.title, Literal(lit.value, lang=lit.language)))
        for lit in info["descriptions"] or [Literal("Полугодовой отчёт о сотрудничестве", lang="ru")]:
            g.add((node, DCTERMS.description, Literal(lit.value, lang=lit.language)))
        if "start" in info or "end" in info:
            period = URIRef(iri + "/period")
            g.add((node, DCTERMS.temporal, period))
            self.period(period, info.get("start"), info.get("end"))
        publisher = URIRef(info["publisher"]) if "publisher" in info else self.publisher
        g.add((node, DCTERMS.publisher, publisher))
        if publisher != self.publisher:
            g.add((publisher, RDF.type, FOAF.Agent))
            name = info.get("publisherName")
            g.add((publisher, FOAF.name, Literal(name.value, lang=name.language) if name else Literal(rid)))
            g.add((publisher, DCTERMS.type, URIRef(self.pub.publisher_type)))
        for download in self.every:
            if download.report == rid:
                g.add((node, DCAT.distribution, self.distribution(download)))

    def coverage(
        self, place: str, name: ox.Literal | None, geonames: ox.NamedNode | ox.Literal | None
    ) -> URIRef:
        """A catalogue node for the data's coverage of one region: labelled, linked to the
        region (and its GeoNames feature), with the centroid and bbox of the located places."""
        g = self.graph
        node = URIRef(f"{self.base}catalog#coverage-{place.rsplit('/', 1)[-1]}")
        g.add((node, RDF.type, DCTERMS.Location))
        g.add((node, SKOS.exactMatch, URIRef(place)))
        if geonames is not None:
            g.add((node, SKOS.exactMatch, URIRef(geonames.value)))
        if name is not None:
            g.add((node, SKOS.prefLabel, Literal(name.value, lang=name.language)))
        points = self.points.get(place)
        if points:
            lats, longs = [p[0] for p in points], [p[1] for p in points]
            lat, long = sum(lats) / len(lats), sum(longs) / len(longs)
            g.add((node, DCAT.centroid, Literal(f"POINT({long:.5f} {lat:.5f})", datatype=GSP.wktLiteral)))
            w, e, s, n = min(longs) - PAD, max(longs) + PAD, min(lats) - PAD, max(lats) + PAD
            box = (
                f"POLYGON(({w:.5f} {s:.5f},{e:.5f} {s:.5f},{e:.5f} {n:.5f},{w:.5f} {n:.5f},{w:.5f} {s:.5f}))"
            )
            g.add((node, DCAT.bbox, Literal(box, datatype=GSP.wktLiteral)))
        return node

    def spatial(self, datasets: dict[str, URIRef]) -> set[URIRef]:
        """dct:spatial of each report and of the whole: the data's coverage of each region
        (linked to the region and to GeoNames) and the countries of the EU country table."""
        g, found = self.graph, set()
        self.points: dict[str, list[tuple[float, float]]] = {}
        for row in _rows(self.store, POINTS):
            point = (float(row["lat"].value), float(row["long"].value))
            self.points.setdefault(row["region"].value, []).append(point)
        for row in _rows(self.store, REGIONS):
            targets = [(self.coverage(row["place"].value, row["name"], row["geonames"]), None)]
            if row["country"] is not None:
                country = pycountry.countries.get(alpha_2=row["country"].value)
                if country is not None:
                    targets.append((URIRef(registers.COUNTRY + country.alpha_3), None))
                    g.add(
                        (
                            URIRef(registers.COUNTRY + country.alpha_3),
                            SKOS.prefLabel,
                            Literal(country.name, lang="en"),
                        )
                    )
            for target, name in targets:
                g.add((target, RDF.type, DCTERMS.Location))
                if name is not None:
                    g.add((target, SKOS.prefLabel, Literal(name.value, lang=name.language)))
                for dataset in (datasets.get(row["report"].value), datasets["all"]):
                    if dataset is not None:
                        g.add((dataset, DCTERMS.spatial, target))
                found.add(target)
        return found

    def build(self) -> Graph:
        g, b = self.graph, self.base
        catalog, whole, service = URIRef(b + "catalog"), URIRef(b + "catalog#all"), URIRef(b + "sparql")
        self.agents_and_terms()
        g.add((catalog, RDF.type, DCAT.Catalog))
        _title_description(g, catalog)
        g.add((catalog, FOAF.homepage, URIRef(b)))
        g.add((catalog, DCTERMS.publisher, self.publisher))
        g.add((catalog, DCTERMS.license, URIRef(self.pub.licence)))
        g.add((catalog, DCTERMS.language, URIRef(registers.LANGUAGE_RU)))
        g.add((catalog, DCTERMS.issued, self.issued))
        g.add((catalog, DCTERMS.modified, self.modified))
        g.add((catalog, DCAT.themeTaxonomy, URIRef(registers.DATA_THEME)))
        g.add((catalog, DCAT.service, service))

        g.add((catalog, DCAT.dataset, whole))
        self.open_data(whole, b, b.rstrip("/") + "/catalog#all")
        _title_description(g, whole)
        g.add((whole, DCTERMS.publisher, self.publisher))
        for download in self.every:
            if download.kind in ("dump", "table", "schema") or download.name == "datapackage.json":
                g.add((whole, DCAT.distribution, self.distribution(download)))

        g.add((service, RDF.type, DCAT.DataService))
        g.add((service, DCTERMS.title, Literal("SPARQL 1.1 endpoint", lang="en")))
        g.add((service, DCAT.endpointURL, service))
        g.add((service, DCAT.endpointDescription, service))
        g.add((service, DCAT.servesDataset, whole))
        g.add((service, DCTERMS.conformsTo, SPARQL_PROTOCOL))
        g.add((service, DCTERMS.publisher, self.publisher))
        g.add((service, DCAT.contactPoint, self.contact))
        g.add((service, DCTERMS.license, URIRef(self.pub.licence)))
        g.add((service, DCTERMS.accessRights, URIRef(self.pub.access_rights)))
        for theme in self.pub.themes:
            g.add((service, DCAT.theme, URIRef(theme)))
        for keyword in self.pub.keywords:
            g.add((service, DCAT.keyword, Literal(keyword)))

        reports = _report_infos(self.store)
        datasets = {"all": whole}
        for iri, info in sorted(reports.items()):
            g.add((catalog, DCAT.dataset, URIRef(iri)))
            g.add((whole, DCTERMS.hasPart, URIRef(iri)))
            g.add((URIRef(iri), DCTERMS.isPartOf, whole))
            self.report_dataset(iri, info)
            datasets[iri] = URIRef(iri)
        starts = [i["start"] for i in reports.values() if "start" in i]
        ends = [i["end"] for i in reports.values() if "end" in i]
        if starts or ends:
            period = URIRef(b + "catalog#all-period")
            g.add((whole, DCTERMS.temporal, period))
            self.period(period, min(starts, default=None), max(ends, default=None))
        for place in self.spatial(datasets):
            g.add((catalog, DCTERMS.spatial, place))
        return g


def _describe(download: Download, name: str) -> str:
    what = {
        "dump": "The whole dataset",
        "report": f"Report {download.report}",
        "table": f"Table {download.table}" if download.table else "Every table",
        "schema": "The data model",
        "metadata": "Metadata",
    }.get(download.kind, download.kind)
    how = " (UTF-8 with a byte-order mark, for Excel)" if download.bom else ""
    return f"{what} as {name}{how}."


def _title_description(graph: Graph, node: URIRef) -> None:
    for lang in ("ru", "en"):
        graph.add((node, DCTERMS.title, Literal(TITLE[lang], lang=lang)))
        graph.add((node, DCTERMS.description, Literal(DESCRIPTION[lang], lang=lang)))


def _report_infos(store: GraphStore) -> dict[str, dict]:
    """Per report IRI: its identifier, titles, descriptions, period and publisher as stored."""
    reports: dict[str, dict] = {}
    for row in _rows(store, REPORTS):
        info = reports.setdefault(row["report"].value, {"titles": set(), "descriptions": set()})
        if row["title"]:
            info["titles"].add(row["title"])
        if row["description"]:
            info["descriptions"].add(row["description"])
        for key in ("id", "start", "end", "publisher"):
            if row[key] is not None:
                info[key] = row[key].value
        if row["publisherName"] is not None:
            info["publisherName"] = row["publisherName"]
    return reports


def catalog_graph(
    store: GraphStore, minter: Minter, every: list[Download], publication: Publication
) -> Graph:
    """The DCAT-AP 3 catalogue of the store's reports and the published files."""
    return CatalogueBuilder(store, minter, every, publication).build()
