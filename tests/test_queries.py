import pyoxigraph as ox
import pytest

from coopgraph.publish.queries import QueryError, canned_queries, get_canned, select_rows

CONTRACT = {
    "events": [
        "report",
        "row",
        "sector",
        "sector_concept",
        "title",
        "start",
        "end",
        "places",
        "participants",
    ],
    "event-organisations": ["report", "row", "organisation", "name", "country", "role"],
    "event-people": ["report", "row", "person", "name", "role", "participation_role"],
    "agreements": [
        "report",
        "row",
        "agreement",
        "title",
        "signed",
        "approval_number",
        "approval_date",
        "registration_number",
        "registration_date",
    ],
    "events-by-sector": ["sector", "events", "participants"],
    "events-by-belarus-region": ["region", "name", "events"],
    "partner-pairs": ["smolensk_org", "smolensk_name", "belarus_org", "belarus_name", "events", "weight"],
}


@pytest.mark.parametrize("name", sorted(CONTRACT))
def test_contract_queries_exist_and_project_the_contract_columns(name):
    store = ox.Store()
    query = get_canned(name)
    assert query.title and query.description
    columns, rows = select_rows(store.query(query.sparql(), use_default_graph_as_union=True))
    assert columns == CONTRACT[name]
    assert rows == [] or all(len(r) == len(columns) for r in rows)


def test_every_canned_query_parses():
    store = ox.Store()
    for query in canned_queries().values():
        store.query(query.sparql(), use_default_graph_as_union=True)


def test_parameters_are_bound_as_terms_not_spliced():
    query = get_canned("events")
    hostile = 'x" } } ; DROP ALL ; #'
    with pytest.raises(QueryError, match="not a valid iri"):
        query.sparql({"sector": hostile})
    with pytest.raises(QueryError, match="not a valid date"):
        query.sparql({"from": "2020-02-31"})
    text = get_canned("organisations").sparql({"country": hostile})
    assert '"x\\" } } ; DROP ALL ; #"' in text
    ox.Store().query(text)  # still one well-formed query


def test_unknown_parameter_and_query_are_errors():
    with pytest.raises(QueryError, match="has no parameter"):
        get_canned("events").sparql({"colour": "red"})
    with pytest.raises(QueryError, match="no canned query"):
        get_canned("nope")


def test_date_parameter_filters():
    store = ox.Store()
    d = ox.NamedNode("http://www.w3.org/2001/XMLSchema#date")
    s = "http://schema.org/"
    cg = "https://w3id.org/coopgraph/ns#"
    g = ox.NamedNode("http://g")
    ev = ox.NamedNode("http://e/1")
    sector = ox.NamedNode("https://w3id.org/coopgraph/sector/culture")
    for p, o in [
        (
            ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
            ox.NamedNode(cg + "CooperationEvent"),
        ),
        (ox.NamedNode(cg + "inReport"), ox.NamedNode("http://r")),
        (
            ox.NamedNode(cg + "rowNumber"),
            ox.Literal("1", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")),
        ),
        (ox.NamedNode(s + "name"), ox.Literal("E", language="ru")),
        (ox.NamedNode(s + "startDate"), ox.Literal("2020-03-09", datatype=d)),
        (ox.NamedNode(s + "endDate"), ox.Literal("2020-03-12", datatype=d)),
        (ox.NamedNode(cg + "sector"), sector),
    ]:
        store.add(ox.Quad(ev, p, o, g))
    store.add(
        ox.Quad(
            sector,
            ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel"),
            ox.Literal("Культура", language="ru"),
            g,
        )
    )
    q = get_canned("events")

    def rows(**values):
        return select_rows(store.query(q.sparql(values), use_default_graph_as_union=True))[1]

    assert len(rows()) == 1
    assert len(rows(**{"from": "2020-03-12"})) == 1
    assert rows(**{"from": "2020-03-13"}) == []
    assert rows(to="2020-03-08") == []
    assert len(rows(sector=sector.value)) == 1
    assert rows(sector="https://w3id.org/coopgraph/sector/sport") == []


def test_short_keys_expand_to_the_sector_region_and_report_iris():
    from coopgraph.publish.queries import get_canned

    base = "https://data.example.org/"
    text = get_canned("events").sparql(
        {"sector": "culture", "region": "by-vi", "report": "smolensk-2020-h1"}, base_iri=base
    )
    assert "<https://w3id.org/coopgraph/sector/culture>" in text
    assert f"<{base}id/place/by-vi>" in text and f"<{base}id/report/smolensk-2020-h1>" in text
    full = get_canned("events").sparql({"sector": "https://w3id.org/coopgraph/sector/culture"}, base_iri=base)
    assert "<https://w3id.org/coopgraph/sector/culture>" in full
    with pytest.raises(QueryError):  # without a base a key is no IRI
        get_canned("events").sparql({"sector": "culture"})


def _groups(node: object):
    """Every group's list of parts in a parsed query, nested groups (OPTIONAL, UNION …) included."""
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parserutils import CompValue

    if isinstance(node, CompValue):
        if "part" in node:
            yield [part.name for part in node["part"] if isinstance(part, CompValue)]
        for value in node.values():
            yield from _groups(value)
    elif isinstance(node, list | tuple | ParseResults):
        for value in node:
            yield from _groups(value)


def test_no_canned_query_binds_before_its_triple_patterns():
    # A BIND splits its group: Oxigraph evaluates the patterns after it as a separate join, which
    # took event-organisations from 0.3 s to 5 s on 100k triples. BIND goes after the patterns.
    from rdflib.plugins.sparql.parser import parseQuery

    for name, query in canned_queries().items():
        for parts in _groups(parseQuery(query.sparql())):
            after_bind = parts[parts.index("Bind") :] if "Bind" in parts else []
            assert "TriplesBlock" not in after_bind, f"{name}: BIND before triple patterns: {parts}"
