"""The `coopgraph` command: a thin click layer over the library."""

from __future__ import annotations

import click

from coopgraph import __version__


@click.group()
@click.version_option(__version__)
def main() -> None:
    """coopgraph: reports on inter-regional cooperation as a linked-data knowledge graph."""
