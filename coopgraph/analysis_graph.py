"""Network measures written back to the store as a named graph, with PROV-O provenance.

One analysis = one network kind + one filter. It lands in ``{base}graph/analysis/{name}``
(replaced atomically when run again) and says:

- ``{base}id/analysis/{name}`` a ``prov:Activity, cg:NetworkAnalysis``: when it ran
  (``prov:startedAtTime``/``prov:endedAtTime``), its parameters (``cg:parameter`` →
  ``cg:AnalysisParameter`` with ``cg:parameterName``/``cg:parameterValue``), the report graphs
  it read (``prov:used``) and the graph it made (``prov:generated``);
- per node, ``{activity}/node/{local}`` a ``cg:NodeScores`` with ``cg:scoresOf`` → the
  organisation, place or event, and ``cg:degree``, ``cg:weightedDegree``, ``cg:betweenness``,
  ``cg:pageRank``, ``cg:componentIndex``, ``cg:crossBorderPartners``, ``cg:community``;
- per community, ``{activity}/community/{i}`` a ``cg:Community`` with ``cg:communityIndex``
  and ``cg:hasMember`` → the members.

Scores hang off their own nodes, not off the organisations, so analyses with different filters
sit side by side in the union graph without mixing.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime

import networkx as nx
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, XSD, DefinedNamespace, Namespace

from coopgraph import __version__
from coopgraph.ingest.iris import Minter, slugify
from coopgraph.measures import DEFAULT_SEED, annotate
from coopgraph.networks import NetworkFilter, build_network, load_network_data
from coopgraph.ontology.vocab import CG_NS, bind_prefixes


class CGA(DefinedNamespace):
    """The analysis terms of the coopgraph namespace (to be merged into ontology/terms.py)."""

    _NS = Namespace(CG_NS)
    _fail = True

    NetworkAnalysis: URIRef
    AnalysisParameter: URIRef
    NodeScores: URIRef
    Community: URIRef
    networkKind: URIRef
    parameter: URIRef
    parameterName: URIRef
    parameterValue: URIRef
    nodeCount: URIRef
    edgeCount: URIRef
    scoresOf: URIRef
    degree: URIRef
    weightedDegree: URIRef
    betweenness: URIRef
    pageRank: URIRef
    componentIndex: URIRef
    crossBorderPartners: URIRef
    community: URIRef
    communityIndex: URIRef
    hasMember: URIRef


FIXED_PARAMETERS = {
    "betweenness": "unweighted, normalized",
    "pagerank_alpha": 0.85,
    "excluded_roles": "mentioned",
}


def analysis_name(kind: str, flt: NetworkFilter | None = None) -> str:
    """ "orgs", "orgs-sector-culture-country-by": readable and stable for the same filter."""
    parts = [kind]
    for key, value in (flt or NetworkFilter()).as_params().items():
        parts += [key, slugify(value.rsplit("/", 1)[-1] if key in {"sector", "report"} else value)]
    return "-".join(parts)


def analysis_iri(minter: Minter, name: str) -> str:
    return f"{minter.base}id/analysis/{name}"


def analysis_graph_iri(minter: Minter, name: str) -> str:
    return f"{minter.base}graph/analysis/{name}"


def _local(minter: Minter, node: str) -> str:
    prefix = minter.base + "id/"
    if node.startswith(prefix):
        return node[len(prefix) :].replace("/", "-")
    return "n" + hashlib.sha1(node.encode()).hexdigest()[:16]


def _cross_border_partners(graph: nx.Graph, node: str) -> int:
    mine = graph.nodes[node].get("country", "")
    return sum(1 for u in graph[node] if mine and graph.nodes[u].get("country", "") not in {"", mine})


def analysis_to_rdf(
    graph: nx.Graph,
    *,
    minter: Minter,
    name: str,
    parameters: dict[str, object],
    used: list[str],
    started: datetime,
    ended: datetime,
) -> Graph:
    """The RDF of one analysis of `graph`, whose nodes already carry the measures
    (`coopgraph.measures.annotate`)."""
    activity = URIRef(analysis_iri(minter, name))
    out = Graph()
    bind_prefixes(out)
    target = URIRef(analysis_graph_iri(minter, name))
    out.add((activity, RDF.type, PROV.Activity))
    out.add((activity, RDF.type, CGA.NetworkAnalysis))
    out.add((activity, RDFS.label, Literal(f"Network analysis {name} (coopgraph {__version__})", lang="en")))
    out.add((activity, CGA.networkKind, Literal(graph.graph.get("kind", ""))))
    out.add((activity, PROV.startedAtTime, Literal(started.isoformat(), datatype=XSD.dateTime)))
    out.add((activity, PROV.endedAtTime, Literal(ended.isoformat(), datatype=XSD.dateTime)))
    out.add((activity, CGA.nodeCount, Literal(graph.number_of_nodes(), datatype=XSD.integer)))
    out.add((activity, CGA.edgeCount, Literal(graph.number_of_edges(), datatype=XSD.integer)))
    out.add((activity, PROV.generated, target))
    out.add((target, RDF.type, PROV.Entity))
    out.add((target, PROV.wasGeneratedBy, activity))
    for source in sorted(used):
        out.add((activity, PROV.used, URIRef(source)))
    for key, value in sorted(parameters.items()):
        p = URIRef(f"{activity}/parameter/{slugify(key)}")
        out.add((activity, CGA.parameter, p))
        out.add((p, RDF.type, CGA.AnalysisParameter))
        out.add((p, CGA.parameterName, Literal(key)))
        out.add((p, CGA.parameterValue, Literal(value)))
    communities: dict[int, URIRef] = {}
    for node, attrs in sorted(graph.nodes(data=True)):
        scores = URIRef(f"{activity}/node/{_local(minter, node)}")
        out.add((scores, RDF.type, CGA.NodeScores))
        out.add((scores, PROV.wasGeneratedBy, activity))
        out.add((scores, CGA.scoresOf, URIRef(node)))
        out.add((scores, CGA.degree, Literal(int(attrs["degree"]), datatype=XSD.integer)))
        out.add((scores, CGA.weightedDegree, Literal(float(attrs["weighted_degree"]), datatype=XSD.double)))
        out.add((scores, CGA.betweenness, Literal(float(attrs["betweenness"]), datatype=XSD.double)))
        out.add((scores, CGA.pageRank, Literal(float(attrs["pagerank"]), datatype=XSD.double)))
        out.add((scores, CGA.componentIndex, Literal(int(attrs["component"]), datatype=XSD.integer)))
        partners = _cross_border_partners(graph, node)
        out.add((scores, CGA.crossBorderPartners, Literal(partners, datatype=XSD.integer)))
        index = int(attrs["community"])
        if index not in communities:
            communities[index] = URIRef(f"{activity}/community/{index}")
            out.add((communities[index], RDF.type, CGA.Community))
            out.add((communities[index], CGA.communityIndex, Literal(index, datatype=XSD.integer)))
            out.add((communities[index], PROV.wasGeneratedBy, activity))
        out.add((scores, CGA.community, communities[index]))
        out.add((communities[index], CGA.hasMember, URIRef(node)))
    return out


@dataclass
class AnalysisResult:
    name: str
    graph_iri: str
    network: nx.Graph
    triples: int


def run_analysis(
    store: object,
    minter: Minter,
    kind: str,
    flt: NetworkFilter | None = None,
    *,
    seed: int = DEFAULT_SEED,
    name: str | None = None,
    now: datetime | None = None,
) -> AnalysisResult:
    """Build the network from `store`, measure it, and replace its analysis graph in `store`
    (which must be writable)."""
    flt = flt or NetworkFilter()
    started = now or datetime.now(UTC)
    data = load_network_data(store)
    network = annotate(build_network(data, kind, flt), seed=seed)
    reports = sorted({e.report for e in data.selected(flt)})
    used = [minter.report_graph(r.rsplit("/", 1)[-1]) for r in reports]
    if kind == "regions":
        used.append(minter.gazetteer_graph)
    name = name or analysis_name(kind, flt)
    parameters: dict[str, object] = {"kind": kind, "louvain_seed": seed, **FIXED_PARAMETERS}
    parameters.update({f"filter_{k}": v for k, v in flt.as_params().items()})
    rdf = analysis_to_rdf(network, minter=minter, name=name, parameters=parameters, used=used,
                          started=started, ended=now or datetime.now(UTC))  # fmt: skip
    graph_iri = analysis_graph_iri(minter, name)
    triples = store.replace_graph(graph_iri, rdf)
    return AnalysisResult(name, graph_iri, network, triples)
