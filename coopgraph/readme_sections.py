"""Generated README sections (CLI reference, settings table), so the docs cannot drift.

`python -m coopgraph.readme_sections` rewrites them in README.md; a test fails when the
README differs from what this module generates.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path

import click

from coopgraph.settings import GLOBAL_SETTINGS, INGEST_SETTINGS, SETTINGS

README = Path(__file__).resolve().parent.parent / "README.md"


def cli_reference() -> str:
    from coopgraph.cli.i18n import english

    with english():  # the README is English whatever the locale of whoever regenerates it
        return _cli_reference()


def _cli_reference() -> str:
    from coopgraph.cli import main

    parts = []
    ctx = click.Context(main, info_name="coopgraph", terminal_width=100, max_content_width=100)
    parts.append("```text\n$ coopgraph --help\n" + main.get_help(ctx) + "\n```")
    for name in sorted(main.commands):
        command = main.commands[name]
        sub = click.Context(command, info_name=name, parent=ctx, terminal_width=100, max_content_width=100)
        parts.append(f"```text\n$ coopgraph {name} --help\n" + command.get_help(sub) + "\n```")
    return "\n\n".join(parts)


def settings_table() -> str:
    rows = ["| setting | CLI flag | environment | default | meaning |", "| --- | --- | --- | --- | --- |"]
    for s in SETTINGS:
        where = "global" if s.name in GLOBAL_SETTINGS else "ingest" if s.name in INGEST_SETTINGS else "serve"
        flag = f"`{s.flag}` ({where})"
        rows.append(f"| `{s.name}` | {flag} | `{s.env}` | `{s.default!r}` | {s.help} |")
    return "\n".join(rows)


SECTIONS = {"cli-reference": cli_reference, "settings": settings_table}


def _between_markers(content: str) -> Callable[[re.Match[str]], str]:
    """A replacement that keeps a section's start and end markers and puts `content` between."""
    return lambda m: f"{m.group(1)}{content}\n{m.group(2)}"


def render(text: str) -> str:
    """README text with every generated section replaced by its current content."""
    for name, make in SECTIONS.items():
        pattern = re.compile(rf"(<!-- {name}:start -->\n).*?(<!-- {name}:end -->)", re.S)
        if not pattern.search(text):
            raise ValueError(f"README has no <!-- {name}:start --> ... <!-- {name}:end --> section")
        text = pattern.sub(_between_markers(make()), text)
    return text


def main() -> None:
    text = README.read_text(encoding="utf-8")
    new = render(text)
    if new != text:
        README.write_text(new, encoding="utf-8")
        print("README.md updated", file=sys.stderr)


if __name__ == "__main__":
    main()
