"""Words as the search index sees them: lemmas, place adjectives, highlighting."""

from __future__ import annotations

from coopgraph.search_words import Query, excerpt, highlight, lemmas, place_names, text_terms, word_terms

PLACES = frozenset({"гомель", "смоленск", "гродно", "брест", "климовичи"})


def test_forms_of_a_word_share_a_lemma() -> None:
    assert lemmas("филармонию") & lemmas("Филармония")
    assert lemmas("Гомеле") & lemmas("Гомель")
    assert "гомель" in lemmas("Гомеле")


def test_yo_and_e_are_one_letter() -> None:
    assert lemmas("Могилёв") & lemmas("Могилеве")


def test_numbers_and_latin_words_are_kept_as_written() -> None:
    assert lemmas("2020") == frozenset({"2020"})
    assert "sparql" in lemmas("SPARQL")


def test_place_adjectives_name_their_place_when_it_is_known() -> None:
    assert place_names("гомельский", PLACES) == {"гомель"}
    assert place_names("смоленский", PLACES) == {"смоленск"}
    assert place_names("гродненский", PLACES) == {"гродно"}
    assert place_names("брестский", PLACES) == {"брест"}
    assert place_names("климовичский", PLACES) == {"климовичи"}


def test_other_adjectives_name_no_place() -> None:
    assert place_names("российский", PLACES) == set()
    assert place_names("культурный", PLACES) == set()
    assert place_names("витебский", PLACES) == set()  # Витебск is not among the known places


def test_an_inflected_adjective_is_indexed_under_its_place() -> None:
    assert "гомель" in word_terms("Гомельским", PLACES)
    assert "гомель" not in word_terms("Гомельским")
    assert "гомель" in text_terms("с Гомельским облисполкомом", PLACES).split()


def test_highlight_marks_matching_words_and_escapes_the_rest() -> None:
    html = str(
        highlight('<script>alert("x")</script> в г. Гомеле & Гомельском районе', Query.of("Гомель"), PLACES)
    )
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "<mark>Гомеле</mark>" in html
    assert "<mark>Гомельском</mark>" in html
    assert "&amp;" in html
    assert html.count("<mark>") == 2


def test_the_last_word_of_a_query_may_be_the_start_of_a_word() -> None:
    query = Query.of("выставка филармон")
    assert query.matches("филармонию", PLACES)
    assert query.matches("выставкой", PLACES)
    assert not Query.of("филармон выставка").matches("филармонию", PLACES)
    assert '"филармон" *' in query.fts() and query.fts().count(" AND ") == 1


def test_query_syntax_is_quoted_away() -> None:
    expression = Query.of('Гомель" OR NEAR(* AND').fts()
    assert expression.count('"') % 2 == 0 and "NEAR(" not in expression


def test_excerpt_keeps_the_first_match_in_view() -> None:
    text = "слово " * 100 + "филармонию " + "слово " * 100
    cut = excerpt(text, Query.of("филармония"), PLACES, width=120)
    assert "филармонию" in cut
    assert cut.startswith("…") and cut.endswith("…")
    assert len(cut) <= 122
