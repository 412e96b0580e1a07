"""Network measures written back to the store as a named graph, with PROV-O provenance.

One analysis = one network kind + one filter. It lands in ``{base}graph/analysis/{name}``
(replaced atomically when run again) and says:

- ``{base}id/analysis/{name}`` a ``prov:Activity, cg:NetworkAnalysis``: when it ran
  (``prov:startedAtTime``/``prov:endedAtTime``), its parameters (``cg:parameter`` →
  ``cg:AnalysisParameter`` with ``cg:parameterName``/``cg:parameterValue``), the report graphs
  it read (``prov:used``) and the graph it made (``prov:generated``);
- per node, ``{activity}/node/{local}`` a ``cg:NodeScores`` with ``cg:scoresOf`` → the
  organisation, place or event, and ``cg:degree``, ``cg:weightedDegree``, ``cg:betweenness``,
  ``cg:pageRank``, ``cg:componentIndex``, ``cg:crossBorderPartners``, ``cg:community`` (a
  placeholder node with no IRI, the regions network's "region unknown", gets an ``rdfs:label``
  instead of ``cg:scoresOf``);
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
from rdflib.namespace import PROV, RDF, RDFS, XSD

from coopgraph import __version__
from coopgraph.iris import Minter, slugify
from coopgraph.network.data import NetworkFilter, load_network_data
from coopgraph.network.graphs import build_network
from coopgraph.network.measures import DEFAULT_SEED, annotate
from coopgraph.ontology.terms import CG
from coopgraph.ontology.vocab import bind_prefixes
from coopgraph.store import GraphStore

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


def _node_iri(node: str) -> URIRef | None:
    """The node's IRI, or None for a placeholder node that is no resource (the regions network's
    "region unknown"): such a node gets scores with a label but no cg:scoresOf/cg:hasMember."""
    if ":" not in node or any(c in node for c in ' <>"{}|\\^`'):
        return None
    return URIRef(node)


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
    (`coopgraph.network.measures.annotate`)."""
    activity = URIRef(analysis_iri(minter, name))
    out = Graph()
    bind_prefixes(out)
    target = URIRef(analysis_graph_iri(minter, name))
    out.add((activity, RDF.type, PROV.Activity))
    out.add((activity, RDF.type, CG.NetworkAnalysis))
    out.add((activity, RDFS.label, Literal(f"Network analysis {name} (coopgraph {__version__})", lang="en")))
    out.add((activity, CG.networkKind, Literal(graph.graph.get("kind", ""))))
    out.add((activity, PROV.startedAtTime, Literal(started.isoformat(), datatype=XSD.dateTime)))
    out.add((activity, PROV.endedAtTime, Literal(ended.isoformat(), datatype=XSD.dateTime)))
    out.add((activity, CG.nodeCount, Literal(graph.number_of_nodes(), datatype=XSD.integer)))
    out.add((activity, CG.edgeCount, Literal(graph.number_of_edges(), datatype=XSD.integer)))
    out.add((activity, PROV.generated, target))
    out.add((target, RDF.type, PROV.Entity))
    out.add((target, PROV.wasGeneratedBy, activity))
    for source in sorted(used):
        out.add((activity, PROV.used, URIRef(source)))
    for key, value in sorted(parameters.items()):
        p = URIRef(f"{activity}/parameter/{slugify(key)}")
        out.add((activity, CG.parameter, p))
        out.add((p, RDF.type, CG.AnalysisParameter))
        out.add((p, CG.parameterName, Literal(key)))
        out.add((p, CG.parameterValue, Literal(value)))
    communities: dict[int, URIRef] = {}
    for node, attrs in sorted(graph.nodes(data=True)):
        scores = URIRef(f"{activity}/node/{_local(minter, node)}")
        out.add((scores, RDF.type, CG.NodeScores))
        out.add((scores, PROV.wasGeneratedBy, activity))
        node_iri = _node_iri(node)
        if node_iri is not None:
            out.add((scores, CG.scoresOf, node_iri))
        else:
            label = attrs.get("name")  # node names are the reports' Russian names
            out.add((scores, RDFS.label, Literal(label, lang="ru") if label else Literal(node)))
        out.add((scores, CG.degree, Literal(int(attrs["degree"]), datatype=XSD.integer)))
        out.add((scores, CG.weightedDegree, Literal(float(attrs["weighted_degree"]), datatype=XSD.double)))
        out.add((scores, CG.betweenness, Literal(float(attrs["betweenness"]), datatype=XSD.double)))
        out.add((scores, CG.pageRank, Literal(float(attrs["pagerank"]), datatype=XSD.double)))
        out.add((scores, CG.componentIndex, Literal(int(attrs["component"]), datatype=XSD.integer)))
        partners = _cross_border_partners(graph, node)
        out.add((scores, CG.crossBorderPartners, Literal(partners, datatype=XSD.integer)))
        index = int(attrs["community"])
        if index not in communities:
            communities[index] = URIRef(f"{activity}/community/{index}")
            out.add((communities[index], RDF.type, CG.Community))
            out.add((communities[index], CG.communityIndex, Literal(index, datatype=XSD.integer)))
            out.add((communities[index], PROV.wasGeneratedBy, activity))
        out.add((scores, CG.community, communities[index]))
        if node_iri is not None:
            out.add((communities[index], CG.hasMember, node_iri))
    return out


@dataclass
class AnalysisResult:
    name: str
    graph_iri: str
    network: nx.Graph
    triples: int


def run_analysis(
    store: GraphStore,
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
