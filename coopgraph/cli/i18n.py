"""The CLI's own language: English, or Russian when the locale is Russian.

The strings are gettext messages of the domain ``coopgraph`` with catalogues in
``coopgraph/cli/translations/<lang>/LC_MESSAGES/`` (``.po`` edited, ``.mo`` compiled; both committed,
so an installed package needs no build step; ``tests/test_cli_i18n.py`` fails when a ``.mo`` is
older than its ``.po`` or a string has no translation). The language comes from the
environment as GNU gettext reads it: ``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES``, ``LANG``
(``ru_RU.UTF-8`` → Russian; anything without a catalogue → the English of the code).

Why help is translated when it is shown, not when the module is imported: the commands are
built once at import, but the README's CLI reference must come out in English whatever the
locale of whoever regenerates it (`english`). So decorators mark help texts with `N_` and the
command classes below translate them at render time; messages call `_` when they are made.

click's own words ("Usage:", "Options:", "Error:", "Missing argument…") go through the
standard ``gettext.gettext``; the CLI, being the application, makes ``coopgraph`` the process's
text domain (`use_catalogue`) so that those come from the same catalogue.
"""

from __future__ import annotations

import gettext
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

DOMAIN = "coopgraph"
LOCALES = Path(__file__).resolve().parent / "translations"
_SETTING_HELP = re.compile(r"(?P<text>.*) \[default: (?P<default>.*); env (?P<env>\S+)\]", re.S)

gettext.bindtextdomain(DOMAIN, str(LOCALES))


def _(message: str) -> str:
    """`message` in the locale's language (the English text when there is no catalogue)."""
    return gettext.dgettext(DOMAIN, message)


def N_(message: str) -> str:
    """Mark `message` for the catalogue; it is translated where it is shown."""
    return message


def use_catalogue() -> None:
    """Make ``coopgraph`` the process's text domain, for click's own messages."""
    gettext.textdomain(DOMAIN)


@contextmanager
def english() -> Iterator[None]:
    """Everything inside speaks English whatever the locale (the README's CLI reference)."""
    saved = os.environ.get("LANGUAGE")
    os.environ["LANGUAGE"] = "en"
    try:
        yield
    finally:
        if saved is None:
            del os.environ["LANGUAGE"]
        else:
            os.environ["LANGUAGE"] = saved


def help_text(text: str | None) -> str | None:
    """A help text in the locale's language; a setting's flag help keeps its default and
    environment variable, with their words translated."""
    if not text:
        return text
    found = _SETTING_HELP.fullmatch(text)
    if found:
        tail = _("[default: {default}; env {env}]").format(default=found["default"], env=found["env"])
        return f"{_(found['text'])} {tail}"
    return _(text)


@contextmanager
def _translated(command: click.Command) -> Iterator[None]:
    """The command's help and its options' help translated while it is rendered."""
    saved: list[tuple[Any, str | None]] = [(command, command.help)] + [
        (p, getattr(p, "help", None)) for p in command.params
    ]
    try:
        for owner, text in saved:
            if text:
                owner.help = help_text(text)
        yield
    finally:
        for owner, text in saved:
            if hasattr(owner, "help"):
                owner.help = text


class _TranslatedHelp:
    """Mixin: help and short help rendered in the locale's language."""

    def get_help(self, ctx: click.Context) -> str:
        with _translated(self):  # type: ignore[arg-type]
            return super().get_help(ctx)  # type: ignore[misc]

    def get_short_help_str(self, limit: int = 45) -> str:
        with _translated(self):  # type: ignore[arg-type]
            return super().get_short_help_str(limit)  # type: ignore[misc]


class TranslatedCommand(_TranslatedHelp, click.Command):
    pass


class TranslatedGroup(_TranslatedHelp, click.Group):
    command_class = TranslatedCommand


TranslatedGroup.group_class = TranslatedGroup
