"""Analyses written back to the store: scores, communities and PROV-O, queried in SPARQL."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from rdflib.namespace import PROV
from sample_network import R1, R2, M, build_sample_store, org_iri

from coopgraph.network.analysis import analysis_name, run_analysis
from coopgraph.network.data import NetworkFilter
from coopgraph.ontology.terms import CG
from coopgraph.ontology.vocab import sparql_prefixes
from coopgraph.store import Store

NOW = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)


@pytest.fixture
def store(tmp_path):
    with Store(build_sample_store(tmp_path / "store")) as s:
        yield s


def select(store: Store, query: str) -> list[dict[str, str]]:
    result = store.query(sparql_prefixes() + query)
    names = [v.value for v in result.variables]
    return [{n: row[n].value for n in names if row[n] is not None} for row in result]


def test_names_are_stable_and_readable():
    assert analysis_name("orgs") == "orgs"
    flt = NetworkFilter.from_strings(
        sector="https://w3id.org/coopgraph/sector/culture", country="by", start="2020-03"
    )
    assert analysis_name("regions", flt) == "regions-sector-culture-from-2020-03-01-country-by"


def test_scores_and_communities_are_queryable(store):
    result = run_analysis(store, M, "orgs", now=NOW)
    assert result.graph_iri == M.base + "graph/analysis/orgs"
    assert store.has_graph(result.graph_iri)
    rows = select(
        store,
        f"""
        SELECT ?degree ?rank ?partners ?community WHERE {{
          GRAPH <{result.graph_iri}> {{
            ?s cg:scoresOf <{org_iri("centre")}> ; cg:degree ?degree ; cg:pageRank ?rank ;
               cg:crossBorderPartners ?partners ; cg:community ?community .
            ?community cg:hasMember <{org_iri("gomel-centre")}> .
          }} }}""",
    )
    assert len(rows) == 1
    centre = result.network.nodes[org_iri("centre")]
    assert int(rows[0]["degree"]) == centre["degree"] == 2  # Gomel centre and Molodechno
    assert int(rows[0]["partners"]) == 2
    assert float(rows[0]["rank"]) == pytest.approx(centre["pagerank"])
    scored = select(
        store, f"SELECT (COUNT(?s) AS ?n) WHERE {{ GRAPH <{result.graph_iri}> {{ ?s a cg:NodeScores }} }}"
    )
    assert int(scored[0]["n"]) == result.network.number_of_nodes() == 7


def test_provenance_names_activity_parameters_and_data(store):
    result = run_analysis(store, M, "orgs", NetworkFilter(sector="culture"), seed=5, now=NOW)
    activity = M.base + "id/analysis/orgs-sector-culture"
    used = {r["g"] for r in select(store, f"SELECT ?g WHERE {{ <{activity}> prov:used ?g }}")}
    assert used == {M.report_graph(R1), M.report_graph(R2)}
    params = dict(
        (r["name"], r["value"])
        for r in select(
            store,
            f"""SELECT ?name ?value WHERE {{
            <{activity}> a prov:Activity, cg:NetworkAnalysis ; cg:parameter ?p .
            ?p cg:parameterName ?name ; cg:parameterValue ?value }}""",
        )
    )
    assert params["louvain_seed"] == "5" and params["filter_sector"] == "culture" and params["kind"] == "orgs"
    times = select(store, f"SELECT ?t WHERE {{ <{activity}> prov:startedAtTime ?t }}")
    assert times[0]["t"].startswith("2026-01-02T03:04:05")
    generated = select(
        store, f"SELECT ?g WHERE {{ <{activity}> prov:generated ?g . ?g prov:wasGeneratedBy <{activity}> }}"
    )
    assert generated == [{"g": result.graph_iri}]


def test_a_report_filter_uses_only_that_report_and_regions_use_the_gazetteer(store):
    run_analysis(store, M, "regions", NetworkFilter(report=R2), now=NOW)
    activity = M.base + "id/analysis/regions-report-" + R2
    used = {r["g"] for r in select(store, f"SELECT ?g WHERE {{ <{activity}> prov:used ?g }}")}
    assert used == {M.report_graph(R2), M.gazetteer_graph}


def test_running_again_replaces_and_other_filters_sit_side_by_side(store):
    first = run_analysis(store, M, "orgs", now=NOW)
    again = run_analysis(store, M, "orgs", now=NOW)
    assert store.count(first.graph_iri) == first.triples == again.triples
    other = run_analysis(store, M, "orgs", NetworkFilter(report=R2), now=NOW)
    assert other.graph_iri != first.graph_iri
    counts = select(
        store,
        f"""SELECT ?a (COUNT(?s) AS ?n) WHERE {{
        ?s cg:scoresOf <{org_iri("museum")}> ; prov:wasGeneratedBy ?a }} GROUP BY ?a""",
    )
    assert len(counts) == 2


def test_terms_are_a_closed_namespace():
    assert str(CG.pageRank) == "https://w3id.org/coopgraph/ns#pageRank"
    assert str(PROV.Activity).endswith("Activity")
    with pytest.raises(AttributeError):
        _ = CG.pagerank


def test_cli_analyse_stores_and_prints_highlights(tmp_path):
    from click.testing import CliRunner

    from coopgraph.cli import main

    path = build_sample_store(tmp_path / "store")
    result = CliRunner().invoke(
        main, ["--store", str(path), "--base-iri", M.base, "analyse", "--compare", R1, R2, "--top", "3"]
    )
    assert result.exit_code == 0, result.output
    assert (
        "broker: СОГБУДО «Центр развития творчества детей и юношества» — 2 Belarusian partners"
        in result.output
    )
    assert (
        "new tie: ГУО «Минский городской педагогический колледж» — СОГБУК «Музей Ю.А. Гагарина» (1)"
        in result.output
    )
    with Store(path, read_only=True) as store:
        assert store.has_graph(M.base + "graph/analysis/orgs")
    dry = CliRunner().invoke(main, ["--store", str(path), "analyse", "--kind", "regions", "--no-write"])
    assert dry.exit_code == 0 and "RU–BY ties: 5" in dry.output


def test_regions_analysis_on_the_bundled_report_stores_unknown_region_as_labelled_node(tmp_path):
    """An event with a Belarusian side but no known oblast gives a placeholder node; it is
    written with a label, not as a made-up IRI."""
    from pathlib import Path

    from rdflib.namespace import RDFS

    from coopgraph.iris import Minter
    from coopgraph.pipeline import ingest_paths

    minter = Minter("https://coopgraph.example.org/")
    report = Path(__file__).resolve().parent.parent / "reports" / "smolensk-belarus-2020-h1.txt"
    with Store(tmp_path / "store") as store:
        assert all(o.ok for o in ingest_paths([report], store, minter))
        run_analysis(store, minter, "regions", NetworkFilter())
        rows = list(
            store.query(
                f"SELECT ?label WHERE {{ ?s a <{CG.NodeScores}> ; <{RDFS.label}> ?label "
                f"FILTER NOT EXISTS {{ ?s <{CG.scoresOf}> ?x }} }}"
            )
        )
        assert rows and all("не указан" in r["label"].value for r in rows)
