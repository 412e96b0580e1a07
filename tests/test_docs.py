"""ontology/ONTOLOGY.md is generated from the Turtle and must stay in sync with it."""

from __future__ import annotations

from rdflib import Literal
from rdflib.namespace import RDFS, SKOS

from coopgraph.ontology import docs
from coopgraph.ontology.load import ontology_graph
from coopgraph.ontology.terms import CG, cg_terms
from coopgraph.ontology.vocab import SECTOR


def test_ontology_md_matches_the_turtle():
    expected = docs.render_markdown(ontology_graph())
    actual = docs.DOCS_PATH.read_text(encoding="utf-8")
    assert actual == expected, "ontology/ONTOLOGY.md is stale: run `python -m coopgraph.ontology.docs`"


def test_every_term_and_concept_appears_with_its_labels():
    graph = ontology_graph()
    text = docs.render_markdown(graph)
    for term in cg_terms():
        assert f"### {docs.qname(term)}\n" in text
        assert str(graph.value(term, RDFS.label)) in text
    assert "| `sector:culture` | Культура | Culture |" in text
    assert "- Domain: cg:CooperationEvent\n- Range: xsd:integer" in text


def test_a_change_in_the_turtle_changes_the_docs():
    graph = ontology_graph()
    before = docs.render_markdown(graph)
    graph.set((CG.rowNumber, RDFS.comment, Literal("Changed | comment.", lang="en")))
    graph.add((SECTOR.ecology, SKOS.inScheme, SECTOR[""]))
    after = docs.render_markdown(graph)
    assert after != before
    assert "Changed | comment." in after
    assert "`sector:ecology`" in after


def test_main_writes_the_file(tmp_path, capsys):
    target = tmp_path / "ONTOLOGY.md"
    assert docs.main([str(target)]) == 0
    assert target.read_text(encoding="utf-8") == docs.render_markdown(ontology_graph())
    assert str(target) in capsys.readouterr().out
