"""The errors every part of coopgraph shares: the base of the errors meant for the user, and the
store's. The errors located in a report file are the ingest stage's (coopgraph.ingest.errors).

The CLI turns them into one-line messages and exit codes; nothing here prints.
"""

from __future__ import annotations


class CoopgraphError(Exception):
    """Base of every error meant for the user (no traceback is shown for these)."""


class StoreError(CoopgraphError):
    """The store cannot be opened or written (locked by another process, disk full...)."""
