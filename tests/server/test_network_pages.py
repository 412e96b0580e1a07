"""The network pages, data and downloads, through Flask's test client over the hand-built sample
store (tests/sample_network.py), and facts of the bundled report through the loaded store."""

from __future__ import annotations

import io
import re

import networkx as nx
import pytest
from matplotlib.image import imread
from sample_network import BASE, build_sample_store

from coopgraph.server.app import create_app


@pytest.fixture(scope="module")
def sample_client(tmp_path_factory: pytest.TempPathFactory):
    store = build_sample_store(tmp_path_factory.mktemp("sample") / "store")
    app = create_app({"store": str(store), "base_iri": BASE})
    app.config["TESTING"] = True
    return app.test_client()


def test_network_page_ships_cytoscape_and_offers_filters(sample_client):
    page = sample_client.get("/network")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert '<script src="/static/vendor/cytoscape/cytoscape.min.js">' in html
    assert '<script src="/static/js/network.js">' in html
    assert "<script>" not in html  # no inline code: the Content Security Policy needs no exception
    assert "cdn" not in html.lower()
    assert '<option value="culture"' in html and '<option value="BY"' in html
    assert 'href="/network/download.gexf?' in html and "download.graphml" in html and "download.png" in html
    script = sample_client.get("/static/vendor/cytoscape/cytoscape.min.js")
    assert script.status_code == 200 and b"cytoscape" in script.data[:2000].lower()
    script.close()
    code = sample_client.get("/static/js/network.js")
    assert code.status_code == 200 and b"/network/data.json" in code.data and b"https://" not in code.data
    code.close()


def test_data_json_has_nodes_with_measures_and_page_links(sample_client):
    data = sample_client.get("/network/data.json").get_json()
    assert (data["nodes"], data["edges"]) == (7, 6)
    nodes = {e["data"]["id"]: e["data"] for e in data["elements"] if e["group"] == "nodes"}
    centre = nodes[BASE + "id/org/centre"]
    assert centre["href"] == "/id/org/centre"
    assert centre["degree"] == 2 and centre["country"] == "RU" and centre["colour"] == "#c0392b"
    assert {"pagerank", "betweenness", "community", "weighted_degree"} <= set(centre)
    assert all("position" in e for e in data["elements"] if e["group"] == "nodes")
    assert [b["id"] for b in data["brokers"]] == [BASE + "id/org/centre", BASE + "id/org/museum"]
    assert data["cross_border_ties"] == 5
    assert data["density"]["Сотрудничество в сфере молодежной политики"] == 1.0


def test_filters_change_the_network(sample_client):
    culture = sample_client.get("/network/data.json?sector=culture").get_json()
    assert culture["nodes"] == 5 and culture["filter"] == {"sector": "culture"}
    events = sample_client.get("/network/data.json?kind=bipartite&from=2020-09-01&country=BY").get_json()
    kinds = [e["data"]["type"] for e in events["elements"] if e["group"] == "nodes"]
    assert kinds.count("event") == 2
    assert sample_client.get("/network/data.json?kind=people").status_code == 400
    assert sample_client.get("/network/data.json?from=March").status_code == 400


@pytest.mark.parametrize("fmt", ["gexf", "graphml"])
def test_downloads_read_back(sample_client, fmt):
    response = sample_client.get(f"/network/download.{fmt}?kind=orgs&sector=culture")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == f'attachment; filename="coopgraph-orgs.{fmt}"'
    graph = (nx.read_gexf if fmt == "gexf" else nx.read_graphml)(io.BytesIO(response.data))
    assert graph.number_of_nodes() == 5
    assert graph.nodes[BASE + "id/org/gomel-centre"]["country"] == "BY"


def test_png_download_and_unknown_format(sample_client):
    response = sample_client.get("/network/download.png?kind=regions")
    assert response.mimetype == "image/png"
    assert imread(io.BytesIO(response.data)).shape[:2] == (1100, 1600)
    assert sample_client.get("/network/download.dot").status_code == 404


def region_features(collection: dict, layer: str) -> dict[str, dict]:
    features = collection["features"]
    return {f["properties"].get("key") or f["id"]: f for f in features if f["properties"]["layer"] == layer}


def test_regions_geojson_counts_joint_events_per_region(sample_client):
    response = sample_client.get("/network/regions.geojson")
    assert response.mimetype == "application/geo+json"
    collection = response.get_json(force=True)
    regions = region_features(collection, "region")
    assert {"by-br", "by-ho", "by-hr", "by-ma", "by-mi", "by-vi", "by-hm", "ru-smo"} <= set(regions)
    events = {key: f["properties"]["events"] for key, f in regions.items()}
    # Gomel: R1 rows 2 and 3, R2 row 2; Minsk city: R1 row 4, R2 row 1; Vitebsk and Minsk oblast one each
    assert (events["by-ho"], events["by-hm"], events["by-vi"], events["by-mi"]) == (3, 2, 1, 1)
    assert events["by-br"] == events["by-hr"] == 0
    assert events["ru-smo"] == 7  # every tied event has a Smolensk-region place on the Russian side
    assert collection["max_events"] == 7
    assert regions["by-ho"]["properties"]["href"] == "/id/place/by-ho"
    places = region_features(collection, "place")
    assert {p["properties"]["name"] for p in places.values()} >= {"Смоленск", "Гомельская область"}
    ties = region_features(collection, "tie")
    assert any(t["properties"]["from"] == "Смоленск" and t["properties"]["to"] == "Гомельская область"
               and t["properties"]["events"] == 3 for t in ties.values())  # fmt: skip
    assert "Natural Earth" in collection["attribution"]


def test_regions_geojson_takes_the_page_filters(sample_client):
    collection = sample_client.get("/network/regions.geojson?sector=youth").get_json(force=True)
    events = {k: f["properties"]["events"] for k, f in region_features(collection, "region").items()}
    assert events["by-mi"] == 1 and events["by-ho"] == 0 and events["ru-smo"] == 1
    assert sample_client.get("/network/regions.geojson?from=notadate").status_code == 400


def test_regions_page_lists_regions_and_ties_and_loads_the_map(sample_client):
    html = sample_client.get("/network/regions").get_data(as_text=True)
    assert 'data-src="/network/regions.geojson"' in html
    assert "/static/vendor/leaflet/leaflet.js" in html and "/static/js/region_map.js" in html
    assert re.search(r"<td>Смоленск</td><td>Гомельская область</td><td>3</td>", html)
    assert re.search(r"<td>Гомельская область</td><td>3</td>", html)  # the regions table
    assert "download.graphml?kind=regions" in html
    assert "Natural Earth" in html
    filtered = sample_client.get("/network/regions?sector=youth").get_data(as_text=True)
    assert 'data-src="/network/regions.geojson?sector=youth"' in filtered


def test_regions_page_without_ties(sample_client):
    html = sample_client.get("/network/regions?sector=general").get_data(as_text=True)
    assert re.search(r'<p id="no-map" >Нет связей для выбранных фильтров', html)
    assert 'id="no-regions"' in html


def test_timeline_counts_events_per_month_by_sector(sample_client):
    html = sample_client.get("/timeline").get_data(as_text=True)
    assert html.count('class="bar"') == 8  # one bar segment per (month, sector) present
    assert "<td>2020-03</td><td>Сотрудничество в сфере образования и науки</td><td>2</td>" in html
    assert "2020-04" not in html  # the 31 March + 5 May event is not in April
    assert "download.png?kind=bipartite" in html
    empty = sample_client.get("/timeline?from=2021-01-01").get_data(as_text=True)
    assert 'id="no-events"' in empty


# ---------------------------------------------------------------------------- the bundled report
# Facts read off reports/smolensk-belarus-2020-h1.txt by hand.


def nodes_and_edges(client, query: str = "") -> tuple[dict[str, dict], list[dict]]:
    data = client.get("/network/data.json" + query).get_json()
    nodes = {e["data"]["id"]: e["data"] for e in data["elements"] if e["group"] == "nodes"}
    return nodes, [e["data"] for e in data["elements"] if e["group"] == "edges"]


def named(nodes: dict[str, dict], fragment: str) -> str:
    (found,) = [v for v, d in nodes.items() if fragment in d["name"] and d["type"] == "organisation"]
    return found


def neighbours(edges: list[dict], node: str) -> set[str]:
    return {
        e["target"] if e["source"] == node else e["source"]
        for e in edges
        if node in (e["source"], e["target"])
    }


def test_bundled_gomel_centre_works_with_two_smolensk_partners_in_rows_15_and_20(client):
    nodes, edges = nodes_and_edges(client)
    gomel = named(nodes, "Гомельский городской центр дополнительного образования детей и молодежи")
    assert nodes[gomel]["country"] == "BY"
    partners = {nodes[v]["name"] for v in neighbours(edges, gomel) if nodes[v]["country"] == "RU"}
    assert any("Смоленский государственный музей-заповедник" in p for p in partners)
    assert any("Центр развития творчества детей и юношества" in p for p in partners)
    _, event_edges = nodes_and_edges(client, "?kind=bipartite")
    rows = {int(e.rsplit("/", 1)[-1]) for e in neighbours(event_edges, gomel)}
    assert rows == {15, 20}


def test_bundled_administration_takes_part_in_the_agreement_rows(client):
    nodes, edges = nodes_and_edges(client, "?kind=bipartite")
    administration = named(nodes, "Администрация Смоленской области")
    rows = {int(e.rsplit("/", 1)[-1]) for e in neighbours(edges, administration)}
    assert {1, 3, 4, 24} <= rows
    agreements, _ = nodes_and_edges(client, "?kind=bipartite&sector=agreements")
    assert sum(1 for d in agreements.values() if d["type"] == "event") == 1  # row 1 is the only one


def test_bundled_creativity_centre_is_a_broker_between_gomel_and_molodechno(client):
    data = client.get("/network/data.json").get_json()
    brokers = {b["name"]: b["partners"] for b in data["brokers"]}
    centre = next(name for name in brokers if "Центр развития творчества детей и юношества" in name)
    assert brokers[centre] == 2  # row 20 (Gomel) and row 21 («Маладик», Molodechno)


def test_bundled_regions_tie_smolensk_to_the_gomel_region(client):
    html = client.get("/network/regions").get_data(as_text=True)
    assert re.search(r"<td>Смоленск</td><td>Гомельская область</td><td>2</td>", html)  # rows 15 and 20
    assert "Могилёвская область" in html  # row 18: the Mogilev polytechnic college


def test_bundled_timeline_names_sectors_in_the_pages_language(client):
    english = client.get("/timeline?lang=en").get_data(as_text=True)
    assert "<td>Culture</td>" in english and "Культура" not in english and "Events per month" in english
    assert "<td>Культура</td>" in client.get("/timeline").get_data(as_text=True)


def test_labels_from_the_data_are_escaped(tmp_path):
    """A sector minted from a report's own header, with markup in it, is shown as text."""
    from rdflib import Literal, URIRef
    from rdflib.namespace import SKOS
    from sample_network import R1, M, cg, report_graph

    from coopgraph.store import Store

    path = build_sample_store(tmp_path / "store", reports=())
    graph = report_graph(R1)
    hobby = URIRef("https://w3id.org/coopgraph/sector/hobby")
    graph.set((URIRef(M.event(R1, 6)), cg("sector"), hobby))
    graph.add((hobby, SKOS.inScheme, URIRef("https://w3id.org/coopgraph/sector/")))
    graph.add((hobby, SKOS.prefLabel, Literal("<b>Молодёжь</b>", lang="ru")))
    with Store(path) as store:
        store.replace_graph(M.report_graph(R1), graph)
    client = create_app({"store": str(path), "base_iri": BASE}).test_client()
    html = client.get("/timeline").get_data(as_text=True)
    assert "&lt;b&gt;Молодёжь&lt;/b&gt;" in html and "<b>Молодёжь" not in html
    assert "<b>Молодёжь" not in client.get("/network").get_data(as_text=True)
