"""coopgraph.w3id: the committed rules are the generated ones, and a vocab_base that is not
an http(s) URL is refused."""

from __future__ import annotations

import pytest

from coopgraph.settings import BY_NAME
from coopgraph.w3id import HTACCESS, htaccess


def test_committed_rules_are_the_generated_ones_for_the_defaults():
    assert HTACCESS.read_text(encoding="utf-8") == htaccess(BY_NAME["base_iri"].default)


def test_rules_point_at_the_vocab_base():
    rules = htaccess("https://data.example.org/vocab")
    assert "RewriteRule ^$ https://data.example.org/vocab/ns [R=303,L]" in rules
    assert " https://data.example.org/vocab/$1 [R=303,L]" in rules


@pytest.mark.parametrize("bad", ["data.example.org/", "ftp://x.example/", "https://x.example/a b/"])
def test_a_vocab_base_that_is_no_http_url_is_refused(bad):
    with pytest.raises(ValueError, match="vocab_base"):
        htaccess(bad)
