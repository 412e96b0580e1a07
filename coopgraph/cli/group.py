"""The `coopgraph` command group, its context and the helpers every area's commands share.

The commands live in one module per area (coopgraph.cli.reports, .publish, .serve, .curation,
.network, .history, .store); each registers itself on `main` here, and this module imports none
of them, so the CLI grows without import cycles (coopgraph.cli imports the areas).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

import click
from rich.console import Console

from coopgraph import __version__
from coopgraph.archive import Archive
from coopgraph.cli.i18n import N_, TranslatedGroup, _, use_catalogue
from coopgraph.errors import CoopgraphError
from coopgraph.iris import Minter
from coopgraph.settings import BY_NAME
from coopgraph.store import GraphStore, open_store

use_catalogue()  # the CLI is the application: click's own words come from our catalogue too
console = Console(stderr=True)
out = Console(soft_wrap=True)


class Context:
    def __init__(self, store: str, base_iri: str, archive: str = "") -> None:
        self.store_path = store
        self.archive_path = archive
        self.minter = Minter(base_iri)

    def open_store(self, *, read_only: bool = False) -> GraphStore:
        return open_store(self.store_path, read_only=read_only)

    def archive(self, store: GraphStore) -> Archive:
        """The report archive of `store` (setting ``archive``; see ``coopgraph.history``)."""
        from coopgraph.history import archive_for

        return archive_for(store, self.archive_path)


def user_errors(func: Callable[..., Any]) -> Callable[..., Any]:
    """Turn library errors into clean CLI errors (exit 1)."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except CoopgraphError as exc:
            raise click.ClickException(str(exc)) from None

    return wrapper


@click.group(
    cls=TranslatedGroup,
    help=N_("coopgraph: reports on inter-regional cooperation as a linked-data knowledge graph."),
)
@click.version_option(__version__)
@click.option(
    "--store",
    envvar=BY_NAME["store"].env,
    default=BY_NAME["store"].default,
    show_default=True,
    help=BY_NAME["store"].help,
)
@click.option(
    "--base-iri",
    envvar=BY_NAME["base_iri"].env,
    default=BY_NAME["base_iri"].default,
    show_default=True,
    help=BY_NAME["base_iri"].help,
)
@click.option(
    "--archive",
    envvar=BY_NAME["archive"].env,
    default=BY_NAME["archive"].default,
    help=BY_NAME["archive"].help,
)
@click.pass_context
def main(ctx: click.Context, store: str, base_iri: str, archive: str) -> None:
    ctx.obj = Context(store, base_iri, archive)


# ---------------------------------------------------------------------------- ingest


def described(v: Any) -> str:
    """A stored version of a report in one line (number, file, size, checksum)."""
    return _("version {number} ({file}, {rows} rows, {triples} triples, sha256 {sha256})").format(
        number=v.number, file=v.file_name, rows=v.rows, triples=v.triples, sha256=v.sha256
    )
