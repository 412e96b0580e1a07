"""Differential fuzz of the outbound check: whatever `query_safety.check` passes, the real engine
runs (in-process pyoxigraph, no network wall: this tests the first wall alone) with every SERVICE
and LOAD aimed at a loopback listener, and the listener must see no connection.

Queries are built from the pieces that fooled token-stream checks — codepoint escapes in IRIs,
strings and keywords, comments, all four quote styles (and ''' opened inside an IRI), prefixed
names, nesting, keywords glued to other tokens — and then mutated by inserting delimiters and
escapes at random places and cutting spans out. The test run is bounded (a few hundred examples);
the long run is the same test with more examples:

    COOPGRAPH_FUZZ_EXAMPLES=20000 .venv/bin/python -m pytest tests/hostile/test_ssrf_fuzz.py -q
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, find, given, settings
from hypothesis import strategies as st

from coopgraph.server.query_safety import UnsafeOperation, check

from .conftest import Listener

EXAMPLES = int(os.environ.get("COOPGRAPH_FUZZ_EXAMPLES", "300"))
URL = "http://127.0.0.1:{port}/"  # filled with the listener's port at run time


@pytest.fixture(scope="module")
def shared_listener() -> Iterator[Listener]:
    sock = Listener()
    yield sock
    sock.close()


@pytest.fixture(scope="module")
def engine() -> ox.Store:
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("http://x/s"), ox.NamedNode("http://x/p"), ox.Literal("o")))
    return store


KEYWORD = st.sampled_from(
    ["SERVICE", "service", "SeRvIcE", "SERVICE SILENT", "\\u0053ERVICE", "SERVI\\u0043E", "ſervice"]
)
TARGET = st.sampled_from(
    [
        "<{url}>",
        "<{url}\\u0041>",
        "<{url}\\u0041#>",
        "<{url}'''>",
        '<{url}""">',
        "<{url}#'''>",
        ":x",
        "?e",
        "<>",
        "<x>",
    ]
)
GLUE = st.sampled_from([" ", " ", " . ", "\n", "", "\t", "1", "true", "?v", '"s"', ")"])  # mostly valid
STRING_BODY = st.lists(
    st.sampled_from(
        [
            "a",
            " ",
            "\\u0022",
            "\\u0027",
            "\\u005C",
            '\\"',
            "\\'",
            "\\\\",
            "'",
            '"',
            "''",
            '""',
            "\n",
            "#",
            "<",
            ">",
            "}",
            "SERVICE <{url}> {}",
        ]
    ),
    max_size=6,
).map("".join)
QUOTE = st.sampled_from(["'", '"', "'''", '"""'])


@st.composite
def string_literal(draw: st.DrawFn) -> str:
    quote = draw(QUOTE)
    closed = draw(st.sampled_from([True, True, True, False]))
    return quote + draw(STRING_BODY) + (quote if closed else "")


@st.composite
def service(draw: st.DrawFn) -> str:
    return draw(KEYWORD) + draw(st.sampled_from([" ", "", "\n", " # c\n"])) + draw(TARGET) + "{ ?s ?p ?o }"


PIECE = st.one_of(
    service(),
    string_literal().map(lambda s: f"?s ?p {s} ."),
    st.just("?s ?p ?o ."),
    STRING_BODY.map(lambda s: "# " + s.replace("\n", " ") + "\n"),
    st.sampled_from(["<http://x/\\u0041#>", "<http://x/'''>", '<http://x/""">', "<http://x/\\u0041'''>"]).map(
        lambda iri: f"?s ?p {iri} ."
    ),
    st.sampled_from(["{", "}", "OPTIONAL {", "FILTER(", ")", "BIND(<{url}> AS ?e)", "."]),
)
PROLOGUE = st.lists(
    st.tuples(
        st.sampled_from(
            [
                "PREFIX : <{url}>",
                "PREFIX x: <http://x/\\u0041#>",
                "PREFIX x: <http://x/\\u0041'''>",
                'PREFIX x: <http://x/\\u0041""">',
                "BASE <{url}>",
                "# SERVICE\n",
            ]
        ),
        st.sampled_from([" ", "\n"]),  # on one line, as in the reproducer, or on several
    ).map("".join),
    max_size=3,
).map("".join)


@st.composite
def query(draw: st.DrawFn) -> str:
    pieces = draw(st.lists(st.tuples(GLUE, PIECE), min_size=1, max_size=6))
    body = "".join(glue + piece for glue, piece in pieces)
    tail = draw(st.sampled_from(["", " # '''", " '''", ' """', "\n'''", "}"]))
    return draw(PROLOGUE) + "SELECT * WHERE { " + body + " }" + tail


OPENER = st.sampled_from(
    [
        "PREFIX x: <http://x/\\u0041#> ",
        "PREFIX x: <http://x/\\u0041'''> ",
        'PREFIX x: <http://x/\\u0041"""> ',
        "PREFIX x: <http://x/\\u0022> ",
        "",
    ]
)
CLOSER = st.sampled_from(["", " # '''", " '''", ' # """', "\n# '''", " #"])
HIDING_STRING = st.sampled_from(
    ['"\\u0022 "', "'\\u0027 '", "'a\\u005C'", '"\\\\u0022"', "'''a\\u0027'''", '"x"']
)


@st.composite
def hidden_service(draw: st.DrawFn) -> str:
    """The shapes that fooled the token-stream check: SERVICE after an opener the engine ignores."""
    string = draw(HIDING_STRING)
    middle = f"?s ?p {string} ." if draw(st.booleans()) else ""
    after = f" . ?s ?p {draw(HIDING_STRING)}" if draw(st.booleans()) else ""
    body = middle + draw(GLUE) + draw(service()) + after
    return draw(OPENER) + "SELECT * WHERE { " + body + " }" + draw(CLOSER)


@st.composite
def update(draw: st.DrawFn) -> str:
    load = draw(st.sampled_from(["LOAD", "load silent", "LoAd", "L\\u004FAD"]))
    target = draw(TARGET)
    before = draw(st.sampled_from(["", "INSERT DATA { <urn:a> <urn:b> 1 } ;\n", "CLEAR ALL ;"]))
    return draw(PROLOGUE) + before + draw(GLUE) + load + " " + target + draw(st.sampled_from(["", " # '''"]))


MUTATION = st.sampled_from(["'", '"', "'''", "<", ">", "#", "\\", "\\u0022", "\\u0041", "{", "}", "\n", ":"])


@st.composite
def mutated(draw: st.DrawFn, base: st.SearchStrategy[str]) -> str:
    text = draw(base)
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(text)))
        if draw(st.booleans()):
            text = text[:at] + draw(MUTATION) + text[at:]
        else:
            text = text[:at] + text[at + draw(st.integers(1, 4)) :]
    return text


QUERIES = st.one_of(query(), hidden_service(), mutated(query()), mutated(hidden_service()))


def passes(text: str) -> bool:
    try:
        check(text, known_graphs=())
    except UnsafeOperation:
        return False
    return True


def run(engine: ox.Store, text: str, is_update: bool, url: str) -> None:
    try:
        if is_update:
            engine.update(text, base_iri=url)
        else:
            list(engine.query(text, base_iri=url))
    except (SyntaxError, OSError, ValueError, RuntimeError):
        pass  # syntax errors and failed fetches are fine; what counts is the listener


def fill(text: str, listener: Listener) -> str:
    return text.replace("{url}", listener.url)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None)
@given(text=QUERIES, is_update=st.just(False))
def test_no_query_the_check_passes_reaches_the_listener(shared_listener, engine, text, is_update):
    text = fill(text, shared_listener)
    if passes(text):
        before = len(shared_listener.connections)
        run(engine, text, is_update, shared_listener.url)
        assert len(shared_listener.connections) == before, text


@settings(
    max_examples=max(50, EXAMPLES // 3), deadline=None, suppress_health_check=list(HealthCheck), database=None
)
@given(text=st.one_of(update(), mutated(update())))
def test_no_update_the_check_passes_reaches_the_listener(shared_listener, text):
    text = fill(text, shared_listener)
    try:
        check(text, update=True, known_graphs=())
    except UnsafeOperation:
        return
    before = len(shared_listener.connections)
    run(ox.Store(), text, True, shared_listener.url)
    assert len(shared_listener.connections) == before, text


def test_the_generator_does_produce_queries_that_call_out():
    """The control: without the check, generated queries reach a listener (so the fuzz can fail)."""
    listener = Listener()
    engine = ox.Store()
    try:

        def connects(text: str) -> bool:
            before = len(listener.connections)
            run(engine, fill(text, listener), False, listener.url)
            return len(listener.connections) > before

        found = find(
            QUERIES,
            connects,
            settings=settings(max_examples=2000, database=None, suppress_health_check=list(HealthCheck)),
        )
        assert "SERVICE" in found.upper() or "\\U0053" in found.upper()
        assert not passes(fill(found, listener))
    finally:
        listener.close()
