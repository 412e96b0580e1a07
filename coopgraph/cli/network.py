"""`coopgraph network` and `coopgraph analyse`: the partner-network commands."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
from rich.table import Table

from coopgraph.cli.group import Context, console, main, out, user_errors
from coopgraph.cli.i18n import N_, _


def _network_filters(func: Callable[..., Any]) -> Callable[..., Any]:
    """The event filters shared by `network` and `analyse`."""
    options = [
        click.option("--sector", help=N_("Sector concept IRI or its local name (culture, youth...).")),
        click.option(
            "--from", "start", help=N_("Keep events ending on or after this date (YYYY-MM-DD or YYYY-MM).")
        ),
        click.option(
            "--to", "end", help=N_("Keep events starting on or before this date (YYYY-MM-DD or YYYY-MM).")
        ),
        click.option("--report", help=N_("Only this report (id or IRI).")),
        click.option(
            "--country",
            help=N_("Only events in which an organisation of this country (BY, RU...) takes part."),
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _network_filter(**values: str | None) -> Any:
    from coopgraph.network.data import NetworkError, NetworkFilter

    try:
        return NetworkFilter.from_strings(**values)
    except NetworkError as exc:
        raise click.UsageError(str(exc)) from None


@main.command(
    help=N_(
        "Export a partner network with its measures (GEXF/GraphML for Gephi and Cytoscape, JSON, "
        "an edge CSV, or a PNG/SVG picture)."
    )
)
@click.option(
    "--kind",
    type=click.Choice(["orgs", "regions", "bipartite"]),
    default="orgs",
    show_default=True,
    help=N_("Organisations tied by joint events, regions tied by events, or organisation–event."),
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["gexf", "graphml", "json", "csv", "png", "svg"]),
    default="graphml",
    show_default=True,
)
@_network_filters
@click.option(
    "--size-by",
    type=click.Choice(["pagerank", "betweenness", "degree", "weighted_degree", "events"]),
    default="pagerank",
    show_default=True,
    help=N_("Node size in pictures."),
)
@click.option(
    "--output", "-o", type=click.Path(dir_okay=False), help=N_("Write to this file instead of stdout.")
)
@click.pass_obj
@user_errors
def network(
    obj: Context, kind: str, fmt: str, size_by: str, output: str | None, **filters: str | None
) -> None:
    from coopgraph.network.export import export_network, network_title
    from coopgraph.network.graphs import network_for
    from coopgraph.network.measures import annotate

    flt = _network_filter(**filters)
    with obj.open_store(read_only=True) as store:
        graph = annotate(network_for(store, kind, flt))
    data = export_network(graph, fmt, size_by=size_by, title=network_title(kind, flt.as_params()))
    if output:
        Path(output).write_bytes(data)
        console.print(
            _("wrote {nodes} nodes, {edges} edges to {output}").format(
                nodes=graph.number_of_nodes(), edges=graph.number_of_edges(), output=output
            )
        )
    else:
        sys.stdout.buffer.write(data)


@main.command(
    help=N_(
        "Measure a partner network, print the highlights, and store the scores and communities "
        "as the named graph {base}graph/analysis/NAME with PROV-O provenance."
    )
)
@click.option(
    "--kind", type=click.Choice(["orgs", "regions", "bipartite"]), default="orgs", show_default=True
)
@_network_filters
@click.option(
    "--seed", type=int, default=42, show_default=True, help=N_("Seed of the Louvain community search.")
)
@click.option("--top", type=int, default=10, show_default=True, help=N_("Rows in the ranking."))
@click.option(
    "--compare", nargs=2, metavar="EARLIER LATER", help=N_("Also show what changed between two reports.")
)
@click.option("--no-write", is_flag=True, help=N_("Print only; do not store the scores."))
@click.pass_obj
@user_errors
def analyse(
    obj: Context,
    kind: str,
    seed: int,
    top: int,
    compare: tuple[str, str] | None,
    no_write: bool,
    **filters: str | None,
) -> None:
    from dataclasses import replace

    from coopgraph.network.analysis import run_analysis
    from coopgraph.network.data import load_network_data
    from coopgraph.network.graphs import build_network, network_for
    from coopgraph.network.measures import annotate, brokers, cross_border_ties, density_by_sector
    from coopgraph.network.measures import compare as compare_networks

    flt = _network_filter(**filters)
    with obj.open_store(read_only=no_write) as store:
        if no_write:
            graph = annotate(network_for(store, kind, flt), seed=seed)
        else:
            result = run_analysis(store, obj.minter, kind, flt, seed=seed)
            graph = result.network
            console.print(
                _("stored {triples} triples in <{graph}>").format(
                    triples=result.triples, graph=result.graph_iri
                )
            )
        data = load_network_data(store) if compare else None
    names = {v: str(a.get("name", v)) for v, a in graph.nodes(data=True)}
    ranking = Table(
        title=_("{kind}: {nodes} nodes, {edges} edges").format(
            kind=kind, nodes=graph.number_of_nodes(), edges=graph.number_of_edges()
        )
    )
    ranking.add_column(_("name"), no_wrap=True, overflow="ellipsis", max_width=30)
    # short: fits 80 columns
    for col in (N_("cc"), N_("deg"), N_("w.deg"), N_("betw."), N_("PageRank"), N_("comm.")):
        ranking.add_column(_(col), no_wrap=True)
    for v, a in sorted(graph.nodes(data=True), key=lambda n: (-n[1]["pagerank"], n[0]))[:top]:
        ranking.add_row(
            names[v],
            a.get("country", ""),
            str(a["degree"]),
            f"{a['weighted_degree']:g}",
            f"{a['betweenness']:.3f}",
            f"{a['pagerank']:.3f}",
            str(a["community"]),
        )
    out.print(ranking)
    components = len({a["component"] for _node, a in graph.nodes(data=True)})
    communities = len({a["community"] for _node, a in graph.nodes(data=True)})
    out.print(
        _(
            "components: {components}; communities (Louvain, seed {seed}): {communities}; RU–BY ties: {ties}"
        ).format(
            components=components, seed=seed, communities=communities, ties=len(cross_border_ties(graph))
        )
    )
    for v, n in brokers(graph):
        out.print(
            _("broker: {name} — {count} Belarusian partners").format(name=names[v], count=n), highlight=False
        )
    for sector, density in density_by_sector(graph).items():
        out.print(
            _("density {sector}: {density:.3f}").format(sector=sector, density=density), highlight=False
        )
    if compare and data is not None:
        earlier, later = (build_network(data, kind, replace(flt, report=r)) for r in compare)
        change = compare_networks(earlier, later)
        label = {**{v: str(a.get("name", v)) for g in (earlier, later) for v, a in g.nodes(data=True)}}
        for title, ties in ((_("new tie"), change.new_ties), (_("lost tie"), change.lost_ties)):
            for t in ties:
                out.print(f"{title}: {label[t.a]} — {label[t.b]} ({t.weight})", highlight=False)
        for t, before in change.growing_ties:
            out.print(
                _("growing tie: {a} — {b} ({before} → {after})").format(
                    a=label[t.a], b=label[t.b], before=before, after=t.weight
                ),
                highlight=False,
            )
