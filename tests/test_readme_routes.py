"""README.md documents every HTTP route of the app and every setting (Datasette's test_docs idea).

A route counts as documented when README.md has it as a code span, converters dropped:
the rule ``/doc/<path:rest>`` must appear as `` `/doc/<rest>` ``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from coopgraph.server.app import create_app
from coopgraph.settings import SETTINGS

README = Path(__file__).resolve().parents[1] / "README.md"


def documented_form(rule: str) -> str:
    return re.sub(r"<(?:[a-z]+(?:\([^)]*\))?:)?([A-Za-z_]+)>", r"<\1>", rule)


def app_rules(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    app = create_app({"store": str(tmp_path_factory.mktemp("empty") / "store")})
    return sorted({documented_form(rule.rule) for rule in app.url_map.iter_rules()})


def test_documented_form_drops_converters():
    assert documented_form("/doc/<path:rest>") == "/doc/<rest>"
    assert documented_form("/network/download.<fmt>") == "/network/download.<fmt>"
    assert documented_form("/<any('sector', 'role'):scheme>.<any(html, ttl):ext>") == "/<scheme>.<ext>"


def test_every_route_is_in_the_readme(tmp_path_factory):
    text = README.read_text(encoding="utf-8")
    missing = [rule for rule in app_rules(tmp_path_factory) if f"`{rule}`" not in text]
    assert not missing, f"routes missing from README.md (as `code`): {missing}"


def test_every_setting_is_in_the_readme():
    text = README.read_text(encoding="utf-8")
    missing = [s.name for s in SETTINGS if f"`{s.name}`" not in text]
    assert not missing, f"settings missing from README.md: {missing}"


def test_a_route_missing_from_the_readme_is_caught(tmp_path_factory):
    text = README.read_text(encoding="utf-8")
    assert "`/no-such-route/<x>`" not in text
    rules = [*app_rules(tmp_path_factory), "/no-such-route/<x>"]
    assert [r for r in rules if f"`{r}`" not in text][-1] == "/no-such-route/<x>"
