"""Exports are read back by independent readers: networkx and igraph for GEXF/GraphML, json and
csv for the others, matplotlib's image reader and an XML parser for the pictures."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import igraph
import networkx as nx
import pytest
from matplotlib.image import imread
from sample_network import build_sample_store, org_iri

from coopgraph.network.data import load_network_data
from coopgraph.network.export import FORMATS, draw, export_network, flat_copy
from coopgraph.network.graphs import build_network
from coopgraph.network.measures import annotate
from coopgraph.store import Store

NODE_ATTRIBUTES = {"name", "country", "type", "sectors", "pagerank", "betweenness", "degree", "community"}


@pytest.fixture(scope="module")
def networks(tmp_path_factory: pytest.TempPathFactory) -> dict[str, nx.Graph]:
    path = build_sample_store(tmp_path_factory.mktemp("sample") / "store")
    with Store(path, read_only=True) as store:
        data = load_network_data(store)
    return {kind: annotate(build_network(data, kind)) for kind in ("orgs", "regions", "bipartite")}


def write(tmp_path: Path, graph: nx.Graph, fmt: str) -> Path:
    target = tmp_path / f"network.{fmt}"
    target.write_bytes(export_network(graph, fmt))
    return target


@pytest.mark.parametrize("fmt", ["gexf", "graphml"])
def test_networkx_reads_back_nodes_edges_and_attributes(networks, tmp_path, fmt):
    graph = networks["orgs"]
    reader = nx.read_gexf if fmt == "gexf" else nx.read_graphml
    back = reader(write(tmp_path, graph, fmt))
    assert set(back) == set(graph)
    assert back.number_of_edges() == graph.number_of_edges()
    centre = back.nodes[org_iri("centre")]
    assert set(centre) >= NODE_ATTRIBUTES
    assert centre["name"] == "СОГБУДО «Центр развития творчества детей и юношества»"
    assert centre["country"] == "RU"
    assert "Сотрудничество в сфере молодежной политики" in centre["sectors"].split("; ")
    assert float(centre["pagerank"]) == pytest.approx(graph.nodes[org_iri("centre")]["pagerank"])
    assert int(back.edges[org_iri("centre"), org_iri("gomel-centre")]["weight"]) == 3


def test_igraph_reads_back_graphml(networks, tmp_path):
    graph = networks["orgs"]
    back = igraph.Graph.Read_GraphML(str(write(tmp_path, graph, "graphml")))
    assert back.vcount() == graph.number_of_nodes() and back.ecount() == graph.number_of_edges()
    by_id = {v["id"]: v for v in back.vs}
    assert set(by_id) == set(graph)
    assert by_id[org_iri("gomel-centre")]["country"] == "BY"
    assert by_id[org_iri("centre")]["betweenness"] == pytest.approx(
        graph.nodes[org_iri("centre")]["betweenness"]
    )
    assert (
        back.es[back.get_eid(by_id[org_iri("centre")].index, by_id[org_iri("gomel-centre")].index)]["weight"]
        == 3
    )


def test_gexf_declares_typed_node_attributes(networks, tmp_path):
    """igraph has no GEXF reader: read the file as plain GEXF 1.2 XML instead of through networkx."""
    root = ET.parse(write(tmp_path, networks["orgs"], "gexf")).getroot()
    ns = {"g": root.tag[1:].split("}")[0]}
    declared = {
        a.get("title"): a.get("type")
        for a in root.findall("g:graph/g:attributes[@class='node']/g:attribute", ns)
    }
    assert declared["pagerank"] == "double" and declared["degree"] in {"integer", "long"}
    assert declared["country"] == "string"
    nodes = root.findall("g:graph/g:nodes/g:node", ns)
    assert len(nodes) == networks["orgs"].number_of_nodes()
    labels = {n.get("label") for n in nodes}
    assert "ГУО «Гомельский городской центр дополнительного образования детей и молодежи»" in labels


def test_regions_graphml_carries_coordinates(networks, tmp_path):
    back = igraph.Graph.Read_GraphML(str(write(tmp_path, networks["regions"], "graphml")))
    assert all(isinstance(v["lat"], float) for v in back.vs)


def test_json_is_node_link(networks):
    data = json.loads(export_network(networks["bipartite"], "json"))
    assert {n["type"] for n in data["nodes"]} == {"organisation", "event"}
    assert len(data["edges"]) == networks["bipartite"].number_of_edges()
    assert (
        nx.node_link_graph(data, edges="edges").number_of_nodes() == networks["bipartite"].number_of_nodes()
    )


def test_csv_has_one_row_per_edge(networks):
    rows = list(csv.DictReader(io.StringIO(export_network(networks["orgs"], "csv").decode("utf-8"))))
    assert len(rows) == networks["orgs"].number_of_edges()
    tie = next(r for r in rows if r["target"] == org_iri("gomel-centre") and r["source"] == org_iri("centre"))
    assert (tie["weight"], tie["source_country"], tie["target_country"]) == ("3", "RU", "BY")


def test_flat_copy_keeps_only_scalars(networks):
    flat = flat_copy(networks["orgs"])
    for _, attrs in flat.nodes(data=True):
        assert all(isinstance(v, (str, int, float, bool)) for v in attrs.values())
        assert attrs["label"] == attrs["name"]


@pytest.mark.parametrize("kind", ["orgs", "regions", "bipartite"])
def test_png_is_a_drawn_picture(networks, tmp_path, kind):
    image = imread(write(tmp_path, networks[kind], "png"))
    height, width = image.shape[:2]
    assert (width, height) == (1600, 1100)
    assert image[..., :3].min() < 0.5  # something dark was drawn on the white page


def test_svg_is_xml_and_the_legend_names_the_countries(networks):
    root = ET.fromstring(export_network(networks["orgs"], "svg"))
    assert root.tag.endswith("svg")
    legend = draw(networks["bipartite"], size_by="degree").axes[0].get_legend()
    labels = [t.get_text() for t in legend.get_texts()]
    assert labels[:3] == ["Беларусь", "Россия", "мероприятие"]
    assert "размер: degree" in labels[3]


def test_every_format_is_produced_and_unknown_ones_refused(networks):
    for fmt in FORMATS:
        assert export_network(networks["orgs"], fmt)
    with pytest.raises(ValueError, match="unknown format"):
        export_network(networks["orgs"], "dot")


def test_cli_network_writes_every_format(tmp_path):
    from click.testing import CliRunner

    from coopgraph.cli import main

    store = build_sample_store(tmp_path / "store")
    runner = CliRunner()
    for fmt in FORMATS:
        target = tmp_path / f"out.{fmt}"
        args = ["--store", str(store), "network", "--kind", "orgs", "--format", fmt, "--sector", "culture"]
        result = runner.invoke(main, [*args, "-o", str(target)])
        assert result.exit_code == 0, result.output
        assert target.stat().st_size > 0
    assert nx.read_graphml(tmp_path / "out.graphml").number_of_nodes() == 5
    csv_out = runner.invoke(main, ["--store", str(store), "network", "--kind", "regions", "--format", "csv"])
    assert csv_out.exit_code == 0 and "Гомельская область" in csv_out.output
    bad = runner.invoke(main, ["--store", str(store), "network", "--from", "март"])
    assert bad.exit_code == 2 and "YYYY-MM-DD" in bad.output
