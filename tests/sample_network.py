"""A small hand-built store following ontology/MODEL.md, for the network tests.

Two reports. In `sample-2020-h1` (known by construction):
- e1 culture 2020-03-09 in Gagarin: museum (RU) + Vitebsk university (BY), by-vi;
- e2 culture May 2020 in Gomel: creativity centre (RU) + Gomel centre (BY), by-ho;
- e3 education 31.03 and 05.05.2020 in Smolensk: centre + Gomel centre, embassy only mentioned;
- e4 education 13-14.03.2020 in Minsk: administration (RU) + Minsk college (BY), by-hm;
- e5 general 2020-01-08, no place: administration + museum (both RU);
- e6 youth 2020-06-10 in Smolensk: centre + Molodechno centre (BY), by-mi.
In `sample-2020-h2`: e1 museum + Minsk college (culture), e2 centre + Gomel centre (culture).
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, RDF, SKOS, XSD

from coopgraph.iris import Minter
from coopgraph.ontology.vocab import CG_NS, CV, GEO, ROLE, SDO, SECTOR
from coopgraph.store import Store

BASE = "https://coopgraph.example.org/"
M = Minter(BASE)
R1, R2 = "sample-2020-h1", "sample-2020-h2"


def cg(term: str) -> URIRef:
    return URIRef(CG_NS + term)


ORGS = {
    "adm": ("Администрация Смоленской области", "RU", "ru-smo", "smolensk"),
    "museum": ("СОГБУК «Музей Ю.А. Гагарина»", "RU", "ru-smo", "gagarin"),
    "centre": ("СОГБУДО «Центр развития творчества детей и юношества»", "RU", "ru-smo", "smolensk"),
    "embassy": ("Посольство Российской Федерации в Республике Беларусь", "RU", None, None),
    "gomel-centre": ("ГУО «Гомельский городской центр дополнительного образования детей и молодежи»",
                     "BY", "by-ho", "gomel"),
    "vitebsk-uni": ("УО «Витебский государственный университет имени П.М. Машерова»",
                    "BY", "by-vi", "vitebsk"),
    "minsk-college": ("ГУО «Минский городской педагогический колледж»", "BY", "by-hm", "minsk"),
    "molodechno": ("ГУДО «Молодечненский центр творчества детей и молодежи «Маладик»", "BY", "by-mi", None),
}  # fmt: skip

# key: (name, kind, parent, iso, lat, long)
PLACES = {
    "ru": ("Российская Федерация", "country", None, "RU", None, None),
    "by": ("Республика Беларусь", "country", None, "BY", None, None),
    "ru-smo": ("Смоленская область", "region", "ru", "RU-SMO", None, None),
    "by-ho": ("Гомельская область", "region", "by", "BY-HO", None, None),
    "by-vi": ("Витебская область", "region", "by", "BY-VI", None, None),
    "by-hm": ("Минск", "region", "by", "BY-HM", None, None),
    "by-mi": ("Минская область", "region", "by", "BY-MI", None, None),
    "smolensk": ("Смоленск", "settlement", "ru-smo", None, 54.78, 32.04),
    "gagarinskii-raion": ("Гагаринский район", "district", "ru-smo", None, None, None),
    "gagarin": ("Гагарин", "settlement", "gagarinskii-raion", None, 55.55, 35.0),
    "gomel": ("Гомель", "settlement", "by-ho", None, 52.43, 30.98),
    "vitebsk": ("Витебск", "settlement", "by-vi", None, 55.19, 30.2),
    "minsk": ("Минск", "settlement", "by-hm", None, 53.9, 27.56),
    "molodechno": ("Молодечно", "settlement", "by-mi", None, 54.31, 26.85),
}

SECTORS = {
    "culture": "Сотрудничество в сфере культуры",
    "education-science": "Сотрудничество в сфере образования и науки",
    "general": "Общие направления сотрудничества",
    "youth": "Сотрудничество в сфере молодежной политики",
}

# report -> rows: (row, sector, start, end, periods, place, by-region, [(org, role)])
EVENTS = {
    R1: [
        (1, "culture", "2020-03-09", "2020-03-09", [], "gagarin", "by-vi",
         [("museum", "host"), ("vitebsk-uni", "participant")]),
        (2, "culture", "2020-05-01", "2020-05-31", [], "gomel", "by-ho",
         [("centre", "participant"), ("gomel-centre", "organiser")]),
        (3, "education-science", "2020-03-31", "2020-05-05",
         [("2020-03-31", "2020-03-31"), ("2020-05-05", "2020-05-05")], "smolensk", "by-ho",
         [("centre", "host"), ("gomel-centre", "participant"), ("embassy", "mentioned")]),
        (4, "education-science", "2020-03-13", "2020-03-14", [], "minsk", "by-hm",
         [("adm", "participant"), ("minsk-college", "host")]),
        (5, "general", "2020-01-08", "2020-01-08", [], None, None, [("adm", "party"), ("museum", "party")]),
        (6, "youth", "2020-06-10", "2020-06-10", [], "smolensk", "by-mi",
         [("centre", "host"), ("molodechno", "participant")]),
    ],
    R2: [
        (1, "culture", "2020-09-01", "2020-09-01", [], "gagarin", "by-hm",
         [("museum", "host"), ("minsk-college", "participant")]),
        (2, "culture", "2020-10-01", "2020-10-02", [], "gomel", "by-ho",
         [("centre", "participant"), ("gomel-centre", "host")]),
    ],
}  # fmt: skip


def org_iri(key: str) -> str:
    return M.organisation(key)


def place_iri(key: str) -> str:
    return M.place(key)


def gazetteer_graph() -> Graph:
    g = Graph()
    for key, (name, kind, parent, iso, lat, long) in PLACES.items():
        p = URIRef(place_iri(key))
        g.add((p, RDF.type, SDO.Place))
        g.add((p, SDO.name, Literal(name, lang="ru")))
        g.add((p, cg("placeKind"), Literal(kind)))
        if parent:
            g.add((p, SDO.containedInPlace, URIRef(place_iri(parent))))
        if iso:
            g.add((p, cg("isoCode"), Literal(iso)))
        if lat is not None:
            g.add((p, GEO.lat, Literal(str(lat), datatype=XSD.decimal)))
            g.add((p, GEO.long, Literal(str(long), datatype=XSD.decimal)))
    for key, label in SECTORS.items():
        g.add((SECTOR[key], RDF.type, SKOS.Concept))
        g.add((SECTOR[key], SKOS.inScheme, URIRef(str(SECTOR))))
        g.add((SECTOR[key], SKOS.prefLabel, Literal(label, lang="ru")))
    return g


def report_graph(report_id: str) -> Graph:
    g = Graph()
    report = URIRef(M.report(report_id))
    g.add((report, RDF.type, cg("Report")))
    used = set()
    for row, sector, start, end, periods, place, by_region, people in EVENTS[report_id]:
        e = URIRef(M.event(report_id, row))
        g.add((e, RDF.type, cg("CooperationEvent")))
        g.add((e, RDF.type, SDO.Event))
        g.add((e, SDO.name, Literal(f"Мероприятие {row} ({report_id})", lang="ru")))
        g.add((e, cg("inReport"), report))
        g.add((e, cg("rowNumber"), Literal(row, datatype=XSD.integer)))
        g.add((e, cg("sector"), SECTOR[sector]))
        g.add((e, SDO.startDate, Literal(start, datatype=XSD.date)))
        g.add((e, SDO.endDate, Literal(end, datatype=XSD.date)))
        for n, (ps, pe) in enumerate(periods, 1):
            period = URIRef(M.event_part(report_id, row, "period", n))
            g.add((e, cg("occursDuring"), period))
            g.add((period, DCAT.startDate, Literal(ps, datatype=XSD.date)))
            g.add((period, DCAT.endDate, Literal(pe, datatype=XSD.date)))
        if place:
            g.add((e, SDO.location, URIRef(place_iri(place))))
        if by_region:
            g.add((e, cg("belarusRegion"), URIRef(place_iri(by_region))))
        for n, (org, role) in enumerate(people, 1):
            part = URIRef(M.event_part(report_id, row, "participation", n))
            g.add((e, CV.hasParticipation, part))
            g.add((e, cg("involves"), URIRef(org_iri(org))))
            g.add((part, RDF.type, CV.Participation))
            g.add((part, CV.hasParticipant, URIRef(org_iri(org))))
            g.add((part, CV.role, ROLE[role]))
            used.add(org)
    for org in used:
        name, country, region, seat = ORGS[org]
        o = URIRef(org_iri(org))
        g.add((o, RDF.type, SDO.Organization))
        g.add((o, SDO.name, Literal(name, lang="ru")))
        address = URIRef(f"{o}/address")
        g.add((o, SDO.address, address))
        g.add((address, RDF.type, SDO.PostalAddress))
        g.add((address, SDO.addressCountry, Literal(country)))
        if region:
            g.add((o, cg("region"), URIRef(place_iri(region))))
        if seat:
            g.add((o, SDO.location, URIRef(place_iri(seat))))
    return g


def build_sample_store(path: Path, reports: tuple[str, ...] = (R1, R2)) -> Path:
    """A real Oxigraph store at `path` holding the gazetteer and the sample reports."""
    with Store(path) as store:
        store.replace_graph(M.gazetteer_graph, gazetteer_graph())
        for rid in reports:
            store.replace_graph(M.report_graph(rid), report_graph(rid))
    return path
