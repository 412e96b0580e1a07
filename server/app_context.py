"""The application object behind Flask's `current_app` proxy, for code that keeps it beyond
the request: caches keyed by the app, and objects built once per app."""

from __future__ import annotations

from flask import Flask, current_app


def this_app() -> Flask:
    """The application itself rather than the `current_app` proxy."""
    # Flask annotates the `current_app` proxy as `Flask`, which hides the proxy's own method.
    return current_app._get_current_object()  # type: ignore[attr-defined,no-any-return]
