"""The `coopgraph` command: a thin click layer over the library.

The group and what its commands share are in `coopgraph.cli.group`; each area's commands are
in their own module and register themselves on the group when imported here (the sqlite-utils
way: areas import the group, the group imports no area, so there is no import cycle).

Library errors (``CoopgraphError``) become one-line messages and exit codes; no traceback is
shown for a user's mistake. Exit codes: 0 success, 1 failure (a rejected report, a bad query,
a locked store, a missing file), 2 wrong usage; `validate` has its own (0 conforms, 1 does not
conform, 2 error).
"""

from __future__ import annotations

from coopgraph.cli import curation, history, network, publish, reports, serve, store  # noqa: F401
from coopgraph.cli.group import main

__all__ = ["main"]
