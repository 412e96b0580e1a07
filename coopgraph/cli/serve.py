"""The command that serves the site: the SPARQL endpoint, linked-data pages and downloads."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from coopgraph.cli.group import Context, console, main, user_errors
from coopgraph.cli.i18n import N_, _
from coopgraph.settings import GLOBAL_SETTINGS, INGEST_SETTINGS, SETTINGS, resolve


def _setting_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """One CLI flag per server setting, generated from the settings table."""
    for setting in reversed(SETTINGS):
        if setting.name in GLOBAL_SETTINGS | INGEST_SETTINGS:
            continue
        kind = type(setting.default) if not isinstance(setting.default, bool) else bool
        func = click.option(
            setting.flag,
            setting.name,
            type=kind,
            default=None,
            help=setting.help + f" [default: {setting.default!r}; env {setting.env}]",
        )(func)
    return func


@main.command(help=N_("Serve the SPARQL endpoint, linked-data pages and downloads (waitress)."))
@_setting_options
@click.pass_obj
@user_errors
def serve(obj: Context, **flags: Any) -> None:
    from coopgraph.server.wsgi import serve as run_server

    settings = resolve(
        {**flags, "store": obj.store_path, "base_iri": obj.minter.base, "archive": obj.archive_path}
    )
    console.print(
        _("serving {store} on http://{host}:{port}/").format(
            store=settings["store"], host=settings["host"], port=settings["port"]
        )
    )
    run_server(settings)
