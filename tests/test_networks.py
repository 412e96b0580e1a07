"""Networks built by SPARQL from a real store holding the hand-built sample (tests/sample_network.py)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sample_network import R1, R2, build_sample_store, org_iri, place_iri

from coopgraph.network.data import (
    UNKNOWN_REGION,
    EventInfo,
    NetworkData,
    NetworkError,
    NetworkFilter,
    OrgInfo,
    PlaceInfo,
    load_network_data,
)
from coopgraph.network.graphs import PlaceTree, build_network, events_per_month
from coopgraph.store import Store


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> NetworkData:
    path = build_sample_store(tmp_path_factory.mktemp("sample") / "store")
    with Store(path, read_only=True) as store:
        return load_network_data(store)


def test_data_reads_events_orgs_places_and_sector_labels(data):
    assert len(data.events) == 8
    assert data.orgs[org_iri("gomel-centre")].country == "BY"
    assert data.places[place_iri("gagarin")].parent == place_iri("gagarinskii-raion")
    assert data.sector_labels["https://w3id.org/coopgraph/sector/youth"].startswith("Сотрудничество")
    e3 = next(e for e in data.events.values() if e.iri.endswith(f"{R1}/3"))
    assert e3.periods == {(date(2020, 3, 31), date(2020, 3, 31)), (date(2020, 5, 5), date(2020, 5, 5))}


def test_organisation_network_of_one_report(data):
    g = build_network(data, "orgs", NetworkFilter(report=R1))
    assert g.number_of_nodes() == 7
    assert org_iri("embassy") not in g  # only mentioned: no participation
    tie = g.edges[org_iri("centre"), org_iri("gomel-centre")]
    assert tie["weight"] == 2
    assert tie["sectors"] == ("Сотрудничество в сфере культуры", "Сотрудничество в сфере образования и науки")
    assert tie["cross_border"] is True
    assert g.edges[org_iri("adm"), org_iri("museum")]["cross_border"] is False
    centre = g.nodes[org_iri("centre")]
    assert (centre["country"], centre["type"], centre["events"]) == ("RU", "organisation", 3)
    assert g.graph["kind"] == "orgs" and g.graph["filter_report"] == R1


def test_both_reports_add_up(data):
    g = build_network(data, "orgs")
    assert g.edges[org_iri("centre"), org_iri("gomel-centre")]["weight"] == 3
    assert g.has_edge(org_iri("museum"), org_iri("minsk-college"))


def test_bipartite_network(data):
    g = build_network(data, "bipartite", NetworkFilter(report=R1))
    events = [v for v, a in g.nodes(data=True) if a["type"] == "event"]
    assert len(events) == 6 and g.number_of_nodes() == 13
    assert all(g.nodes[e]["bipartite"] == 1 for e in events)
    assert g.nodes[org_iri("centre")]["bipartite"] == 0
    assert g.degree(org_iri("centre")) == 3
    e5 = next(e for e in events if e.endswith("/5"))
    assert set(g[e5]) == {org_iri("adm"), org_iri("museum")}
    assert g.edges[e5, org_iri("adm")]["role"] == "party"


def test_region_network_uses_districts_cities_and_belarusian_regions(data):
    g = build_network(data, "regions", NetworkFilter(report=R1))
    # Gagarin lies in its district; Smolensk is a city directly under the region.
    assert g.has_edge(place_iri("gagarinskii-raion"), place_iri("by-vi"))
    assert place_iri("gagarin") not in g
    assert g.edges[place_iri("smolensk"), place_iri("by-ho")]["weight"] == 2
    assert g.has_edge(place_iri("smolensk"), place_iri("by-hm"))  # the administration's seat
    assert g.number_of_edges() == 4  # e5 has no Belarusian side
    by_ho = g.nodes[place_iri("by-ho")]
    assert (by_ho["country"], by_ho["type"]) == ("BY", "region")
    assert (by_ho["lat"], by_ho["long"]) == pytest.approx((52.43, 30.98))  # from Gomel, inside it


def test_filters_by_sector_period_country_and_report(data):
    culture = build_network(data, "bipartite", NetworkFilter(sector="culture"))
    assert sum(1 for _, a in culture.nodes(data=True) if a["type"] == "event") == 4
    by_iri = build_network(
        data, "bipartite", NetworkFilter(sector="https://w3id.org/coopgraph/sector/culture")
    )
    assert set(by_iri) == set(culture)
    march = NetworkFilter.from_strings(start="2020-03", end="2020-03")
    titles = {
        a["row"] for _, a in build_network(data, "bipartite", march).nodes(data=True) if a["type"] == "event"
    }
    assert titles == {1, 3, 4}  # e3 took place on 31 March and 5 May
    april = NetworkFilter.from_strings(start="2020-04", end="2020-04")
    rows = {
        a["row"] for _, a in build_network(data, "bipartite", april).nodes(data=True) if a["type"] == "event"
    }
    assert rows == set()  # ... but not in April: its separate days count, not the span between them
    belarus = build_network(data, "orgs", NetworkFilter(country="BY", report=R1))
    assert org_iri("adm") in belarus and not belarus.has_edge(org_iri("adm"), org_iri("museum"))
    assert (
        build_network(
            data, "orgs", NetworkFilter(report="https://coopgraph.example.org/id/report/" + R2)
        ).number_of_nodes()
        == 4
    )


def test_filter_from_strings():
    flt = NetworkFilter.from_strings(
        sector=" culture ", start="2020-02", end="2020-02", country="by", report=""
    )
    assert (flt.sector, flt.start, flt.end, flt.country, flt.report) == (
        "culture", date(2020, 2, 1), date(2020, 2, 29), "BY", None,
    )  # fmt: skip
    assert flt.as_params() == {"sector": "culture", "from": "2020-02-01", "to": "2020-02-29", "country": "BY"}
    with pytest.raises(NetworkError, match="--from"):
        NetworkFilter.from_strings(start="9 марта")
    with pytest.raises(NetworkError, match="--to"):
        NetworkFilter.from_strings(end="март-20")
    with pytest.raises(NetworkError, match="unknown network kind"):
        build_network(NetworkData({}, {}, {}, {}), "people")


def test_events_per_month_counts_each_month_an_event_touches(data):
    months = events_per_month(data, NetworkFilter(report=R1))
    assert list(months) == ["2020-01", "2020-03", "2020-05", "2020-06"]  # e3: March and May, not April
    assert months["2020-03"] == {
        "Сотрудничество в сфере культуры": 1,
        "Сотрудничество в сфере образования и науки": 2,
    }


def test_event_with_a_belarusian_partner_of_unknown_region():
    """A variant not in the sample store: a Belarusian partner whose oblast nobody stated."""
    ru, by = "urn:org:ru", "urn:org:by"
    places = {
        "urn:ru": PlaceInfo("urn:ru", "Россия", "country", None, "RU"),
        "urn:ru-smo": PlaceInfo("urn:ru-smo", "Смоленская область", "region", "urn:ru", "RU-SMO"),
        "urn:roslavl-d": PlaceInfo("urn:roslavl-d", "Рославльский район", "district", "urn:ru-smo"),
        "urn:roslavl": PlaceInfo(
            "urn:roslavl", "Рославль", "settlement", "urn:roslavl-d", lat=53.95, long=32.86
        ),
    }
    event = EventInfo("urn:e", "urn:r", 1, locations={"urn:roslavl"}, participants={ru: {"p"}, by: {"p"}})
    data = NetworkData(
        {"urn:e": event}, {ru: OrgInfo(ru, "ООО «Лён»", "RU"), by: OrgInfo(by, "ОАО «Лён»", "BY")}, places, {}
    )
    g = build_network(data, "regions")
    assert g.has_edge("urn:roslavl-d", UNKNOWN_REGION)
    assert g.nodes["urn:roslavl-d"]["lat"] == pytest.approx(53.95)
    assert PlaceTree(places).coordinates("urn:ru-smo") == pytest.approx((53.95, 32.86))
    assert PlaceTree(places).municipality("urn:ru-smo") == "urn:ru-smo"


def test_store_with_no_reports_gives_empty_networks(tmp_path: Path):
    with Store(tmp_path / "empty") as store:
        data = load_network_data(store)
    for kind in ("orgs", "regions", "bipartite"):
        assert build_network(data, kind).number_of_nodes() == 0


def test_russian_side_is_in_russia_and_drops_a_region_already_covered():
    """Variant: a Russian centre seated in Gomel, and an event that names both the Smolensk region
    and the city of Smolensk."""
    places = {
        "urn:ru": PlaceInfo("urn:ru", "Россия", "country", None, "RU"),
        "urn:by": PlaceInfo("urn:by", "Беларусь", "country", None, "BY"),
        "urn:ru-smo": PlaceInfo("urn:ru-smo", "Смоленская область", "region", "urn:ru", "RU-SMO"),
        "urn:by-ho": PlaceInfo("urn:by-ho", "Гомельская область", "region", "urn:by", "BY-HO"),
        "urn:smolensk": PlaceInfo(
            "urn:smolensk", "Смоленск", "settlement", "urn:ru-smo", lat=54.78, long=32.04
        ),
        "urn:gomel": PlaceInfo("urn:gomel", "Гомель", "settlement", "urn:by-ho", lat=52.43, long=30.98),
    }
    rcnk = OrgInfo("urn:rcnk", "Российский центр науки и культуры в г. Гомеле", "RU", seats={"urn:gomel"})
    school = OrgInfo("urn:school", "ГУО «Средняя школа № 1 г. Гомеля»", "BY", regions={"urn:by-ho"})
    museum = OrgInfo("urn:museum", "ОГБУК «Музей»", "RU", regions={"urn:ru-smo"}, seats={"urn:smolensk"})
    in_gomel = EventInfo("urn:e1", "urn:r", 1, locations={"urn:gomel"}, belarus_regions={"urn:by-ho"},
                         participants={"urn:rcnk": {"p"}, "urn:school": {"p"}})  # fmt: skip
    both = EventInfo("urn:e2", "urn:r", 2, locations={"urn:ru-smo", "urn:smolensk"},
                     participants={"urn:museum": {"p"}, "urn:school": {"p"}})  # fmt: skip
    orgs = {o.iri: o for o in (rcnk, school, museum)}
    g = build_network(NetworkData({"urn:e1": in_gomel, "urn:e2": both}, orgs, places, {}), "regions")
    assert "urn:gomel" not in g  # no Russian place known for e1: no tie drawn
    assert list(g.edges(data="weight")) in (
        [("urn:smolensk", "urn:by-ho", 1)],
        [("urn:by-ho", "urn:smolensk", 1)],
    )
    assert "urn:ru-smo" not in g


def test_edge_rule_weighs_roles_and_ignores_mentions():
    """Variant: a supporter ties with half the weight, a mere mention makes no node at all."""
    role = "https://w3id.org/coopgraph/role/"
    ru, by, fund, press = "urn:org:ru", "urn:org:by", "urn:org:fund", "urn:org:press"
    orgs = {
        ru: OrgInfo(ru, "Администрация", "RU"),
        by: OrgInfo(by, "Облисполком", "BY"),
        fund: OrgInfo(fund, "Фонд", "RU"),
        press: OrgInfo(press, "Газета", "BY"),
    }
    first = EventInfo("urn:e1", "urn:r", 1, participants={
        ru: {role + "organiser"}, by: {role + "counterpart"}, fund: {role + "supporter"},
        press: {role + "mentioned"},
    })  # fmt: skip
    second = EventInfo("urn:e2", "urn:r", 2, participants={ru: {role + "host"}, by: {role + "party"}})
    g = build_network(NetworkData({"urn:e1": first, "urn:e2": second}, orgs, {}, {}), "orgs")
    assert press not in g
    assert (g.edges[ru, by]["weight"], g.edges[ru, by]["events"]) == (2, 2)
    assert (g.edges[ru, fund]["weight"], g.edges[by, fund]["weight"]) == (0.5, 0.5)


def test_partner_pairs_pair_smolensk_region_organisations_with_belarusian_ones(tmp_path: Path, monkeypatch):
    import sample_network

    from coopgraph.publish.queries import get_canned, select_rows

    # the embassy (Russian, of no Smolensk region) takes part in row 3 instead of being mentioned
    rows = [
        (*row[:7], [(org, "participant" if org == "embassy" else role) for org, role in row[7]])
        for row in sample_network.EVENTS[R1]
    ]
    monkeypatch.setitem(sample_network.EVENTS, R1, rows)
    path = build_sample_store(tmp_path / "store")
    with Store(path, read_only=True) as store:
        sparql = get_canned("partner-pairs").sparql()
        columns, rows = select_rows(store.query(sparql))
    pairs = {(r[columns.index("smolensk_org")], r[columns.index("belarus_org")]): r for r in rows}
    assert org_iri("embassy") not in {a for a, _ in pairs}
    assert set(pairs) == {
        (org_iri("museum"), org_iri("vitebsk-uni")),
        (org_iri("centre"), org_iri("gomel-centre")),
        (org_iri("adm"), org_iri("minsk-college")),
        (org_iri("centre"), org_iri("molodechno")),
        (org_iri("museum"), org_iri("minsk-college")),
    }
    events = int(str(pairs[org_iri("centre"), org_iri("gomel-centre")][columns.index("events")]))
    assert events == 3
