"""The format registry (coopgraph/formats.py): every name, alias, media type and extension finds
its row, no two rows collide, every row's writer writes what a parser reads back, and no module
spells a registered media type itself.

(tests/test_formats.py is taken by the ingest stage's event formats, ingest/formats.py.)
"""

from __future__ import annotations

import ast
import csv
import io
import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from pyld import jsonld

from coopgraph import formats, registers
from coopgraph.cli import main
from coopgraph.errors import CoopgraphError
from coopgraph.formats import REGISTRY, Format, Kind
from coopgraph.iris import Minter
from coopgraph.ontology.vocab import PREFIXES
from coopgraph.publish.export import EXPORT_FORMATS, export_bytes
from coopgraph.server.conneg import negotiate
from coopgraph.server.results import GRAPH_FORMATS
from coopgraph.server.service_description import description, serialize_description
from coopgraph.store import Store

REPO = Path(__file__).resolve().parent.parent
EX = "http://example.org/"
SCHEMA = "http://schema.org/"
IDS = [f.name for f in REGISTRY]


def test_every_name_alias_media_type_and_extension_finds_its_format() -> None:
    for f in REGISTRY:
        assert formats.by_name(f.name) is f
        assert formats.by_name(f"  {f.name.upper()} ") is f
        assert formats.by_extension(f.extension) is f
        assert formats.by_extension("." + f.extension.upper()) is f
        for kind in f.kinds:
            assert formats.by_name(f.name, kind) is f
            for alias in f.aliases:
                assert formats.by_name(alias, kind) is f, alias
            for media in f.media_types:
                assert formats.by_media_type(media, kind) is f, media
                assert formats.by_media_type(media.upper() + "; charset=utf-8", kind) is f, media
        assert formats.by_media_type(f.media_type) is f  # the preferred type needs no kind
    assert formats.by_name("rdfxml-or-so") is None
    assert formats.by_media_type("image/png") is None
    assert formats.by_extension("png") is None


@pytest.mark.parametrize(
    ("name", "kind", "expected"),
    [
        ("xml", Kind.SOLUTIONS, "xml"),
        ("xml", Kind.GRAPH, "rdfxml"),  # SPARQLWrapper's name for RDF/XML
        ("rdf", None, "rdfxml"),  # the store's old name for it
        ("rdf+xml", Kind.GRAPH, "rdfxml"),
        ("json", Kind.BOOLEAN, "json"),
        ("json", Kind.GRAPH, "jsonld"),
        ("n3", Kind.GRAPH, "ttl"),
        ("n3", Kind.SOLUTIONS, None),
        ("csv", Kind.BOOLEAN, None),  # ASK answers come as JSON or XML only
        ("ttl", Kind.DATASET, None),
        ("nq", Kind.DATASET, "nq"),
    ],
)
def test_a_name_means_the_format_of_the_kind_asked_for(name, kind, expected) -> None:
    found = formats.by_name(name, kind)
    assert (found.name if found else None) == expected


def test_application_json_is_results_for_a_table_and_json_ld_for_a_graph() -> None:
    assert formats.by_media_type("application/json", Kind.SOLUTIONS) is formats.SPARQL_JSON
    assert formats.by_media_type("application/json", Kind.GRAPH) is formats.JSONLD
    assert formats.by_media_type("text/plain", Kind.GRAPH) is formats.NTRIPLES


def test_no_two_formats_share_a_name_a_preferred_media_type_or_an_extension() -> None:
    def repeated(values: list[str]) -> list[str]:
        return [v for v, n in Counter(values).items() if n > 1]

    assert not repeated([f.name for f in REGISTRY])
    assert not repeated([f.media_type for f in REGISTRY])
    assert not repeated([e for f in REGISTRY for e in f.extensions])
    # Among the formats of one kind, a name or a media type means one format only.
    for kind in Kind:
        among = formats.serving(kind)
        assert not repeated([n for f in among for n in (f.name, *f.aliases)]), kind
        assert not repeated([m for f in among for m in f.media_types]), kind


def test_an_alias_never_shadows_a_canonical_name_of_the_same_kind() -> None:
    for f in REGISTRY:
        for alias in f.aliases:
            owner = formats.FORMATS.get(alias)
            assert owner is None or not owner.kinds & f.kinds, (alias, owner)


@pytest.mark.parametrize("fmt", REGISTRY, ids=IDS)
def test_the_registry_agrees_with_pyoxigraph_on_iri_media_type_and_extension(fmt: Format) -> None:
    theirs = fmt.rdf or fmt.results
    assert theirs is not None, "every format has a pyoxigraph parser"
    # pyoxigraph names JSON-LD by the newer https://www.w3.org/ns/formats/data/JSON-LD; the
    # service description keeps the IRI the W3C formats list gives it.
    assert fmt.w3c_iri == (formats.W3C + "JSON-LD" if fmt is formats.JSONLD else theirs.iri)
    assert fmt.media_type == theirs.media_type.split(";")[0]  # pyoxigraph adds charset to CSV, TSV
    assert fmt.extension == theirs.file_extension


def test_every_rdf_format_has_an_eu_file_type_for_the_catalogue() -> None:
    for f in formats.serving(Kind.GRAPH, Kind.DATASET):
        assert f.eu_file_type, f.name
    assert registers.file_type("nq") == registers.FILE_TYPE + "RDF_N_QUADS"
    assert registers.file_type("json") == registers.FILE_TYPE + "JSON"  # datapackage.json, not results


def test_every_kind_has_formats_in_the_order_the_endpoint_prefers() -> None:
    assert formats.names(formats.serving(Kind.SOLUTIONS)) == ("json", "xml", "csv", "tsv")
    assert formats.names(formats.serving(Kind.BOOLEAN)) == ("json", "xml")
    assert formats.names(formats.serving(Kind.GRAPH)) == ("ttl", "nt", "jsonld", "rdfxml")
    assert formats.names(formats.serving(Kind.DATASET)) == ("trig", "nq")


def test_offers_put_every_preferred_type_before_any_synonym() -> None:
    graph = formats.serving(Kind.GRAPH)
    offered = formats.offers(graph)
    assert offered[: len(graph)] == [f.media_type for f in graph]
    assert set(offered) == {m for f in graph for m in f.media_types}
    # so that a client accepting two types equally gets a preferred one, and a synonym still works
    assert formats.chosen(negotiate("text/plain, application/ld+json", offered), graph) is formats.JSONLD
    assert formats.chosen(negotiate("text/plain", offered), graph) is formats.NTRIPLES


# ---------------------------------------------------------------------------- writers

SUBJECT = ox.NamedNode(EX + "event/1")
TRIPLES = [
    ox.Triple(SUBJECT, ox.NamedNode(SCHEMA + "name"), ox.Literal("Смоленск «2020»\nстрока 2", language="ru")),
    ox.Triple(SUBJECT, ox.NamedNode(SCHEMA + "name"), ox.Literal("plain")),
    ox.Triple(SUBJECT, ox.NamedNode(SCHEMA + "attendeeCount"),
              ox.Literal("12", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))),
    ox.Triple(SUBJECT, ox.NamedNode(SCHEMA + "location"), ox.NamedNode(EX + "place/smolensk")),
]  # fmt: skip
GRAPH = ox.NamedNode(EX + "graph/report")
QUADS = [ox.Quad(t.subject, t.predicate, t.object, GRAPH) for t in TRIPLES]


@pytest.mark.parametrize("fmt", formats.serving(Kind.GRAPH), ids=formats.names(formats.serving(Kind.GRAPH)))
def test_every_graph_format_writes_what_parsers_read_back(fmt: Format) -> None:
    data = formats.serialize(TRIPLES, fmt, prefixes=PREFIXES)
    assert fmt.rdf is not None
    assert {q.triple for q in ox.parse(data, format=fmt.rdf)} == set(TRIPLES)  # pyoxigraph reads it
    if fmt is formats.JSONLD:  # and an independent JSON-LD processor reads the compacted document
        assert {q.triple for q in _parse_rdf(data, fmt)} == set(TRIPLES)


def test_formats_with_prefixes_declare_ours_and_the_others_do_not() -> None:
    turtle = formats.serialize(TRIPLES, formats.TURTLE, prefixes={"schema": SCHEMA}).decode()
    assert "@prefix schema: <http://schema.org/>" in turtle and "schema:name" in turtle
    assert "@prefix" not in formats.serialize(TRIPLES, formats.NTRIPLES, prefixes={"schema": SCHEMA}).decode()


def test_json_ld_is_compacted_with_a_local_context() -> None:
    doc = json.loads(formats.serialize(TRIPLES, formats.JSONLD, prefixes={"schema": SCHEMA}))
    assert doc["@context"] == {"schema": SCHEMA}  # inline: a reader never fetches a context
    assert doc["schema:location"] == {"@id": EX + "place/smolensk"}
    assert "Смоленск" in formats.serialize(TRIPLES, formats.JSONLD, prefixes={}).decode("utf-8")


@pytest.mark.parametrize(
    "fmt", formats.serving(Kind.DATASET), ids=formats.names(formats.serving(Kind.DATASET))
)
def test_every_dataset_format_keeps_the_named_graph(fmt: Format) -> None:
    data = formats.serialize(QUADS, fmt, prefixes=PREFIXES)
    assert fmt.rdf is not None
    assert set(ox.parse(data, format=fmt.rdf)) == set(QUADS)


def _solutions() -> ox.QuerySolutions:
    store = ox.Store()
    store.extend([ox.Quad(t.subject, t.predicate, t.object) for t in TRIPLES])
    result = store.query("SELECT ?p ?o WHERE { ?s ?p ?o } ORDER BY STR(?o)")
    assert isinstance(result, ox.QuerySolutions)
    return result


@pytest.mark.parametrize(
    "fmt", formats.serving(Kind.SOLUTIONS), ids=formats.names(formats.serving(Kind.SOLUTIONS))
)
def test_every_results_format_writes_solutions_that_parse_back(fmt: Format) -> None:
    assert fmt.results is not None
    data = _solutions().serialize(format=fmt.results)
    assert data is not None
    expected = [{v: row[v] for v in ("p", "o")} for row in _solutions()]
    if fmt is formats.SPARQL_CSV:  # pyoxigraph parses no CSV (it is lossy): read it as CSV text
        rows = list(csv.DictReader(io.StringIO(data.decode("utf-8"))))
        assert [r["o"] for r in rows] == [row["o"].value for row in expected]
        return
    parsed = ox.parse_query_results(data, format=fmt.results)
    assert isinstance(parsed, ox.QuerySolutions)
    assert [{v: row[v] for v in ("p", "o")} for row in parsed] == expected


@pytest.mark.parametrize(
    "fmt", formats.serving(Kind.BOOLEAN), ids=formats.names(formats.serving(Kind.BOOLEAN))
)
def test_every_boolean_format_writes_an_answer_that_parses_back(fmt: Format) -> None:
    assert fmt.results is not None
    for value in (True, False):
        answer = ox.Store().query(f"ASK {{ FILTER({str(value).lower()}) }}")
        assert isinstance(answer, ox.QueryBoolean)
        data = answer.serialize(format=fmt.results)
        assert data is not None
        assert bool(ox.parse_query_results(data, format=fmt.results)) is value


def test_a_format_without_an_rdf_writer_is_refused() -> None:
    with pytest.raises(ValueError, match="csv is not an RDF format"):
        formats.serialize(TRIPLES, formats.SPARQL_CSV)


# ---------------------------------------------------------------------------- nobody else spells them

FOLDERS = ("coopgraph", "ingest", "server", "shapes", "ontology")
# (file, media type) pairs that must stay literal, and why:
ALLOWED = {
    # The media type of a report's source file (a text dump), recorded in its provenance; the
    # ingest stage imports only the basics (tests/test_import_cycles.py), not the registry.
    ("ingest/read_text.py", "text/plain"),
}
REGISTERED = {m for f in REGISTRY for m in f.media_types}


def media_type_literals(path: Path) -> list[tuple[int, str]]:
    """(line, media type) of each string literal that is, or lists, a registered media type
    ("text/turtle", "text/plain; charset=utf-8", "application/n-triples, text/turtle;q=0.5")."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            for piece in node.value.split(","):
                media = piece.split(";", 1)[0].strip().lower()
                if media in REGISTERED:
                    found.append((node.lineno, media))
    return found


def _sources() -> list[Path]:
    # The stage folders are walked where they are; coopgraph/ingest and the like are symlinks.
    files = []
    for folder in FOLDERS:
        root = REPO / folder
        files += [p for p in root.rglob("*.py") if not any(part.is_symlink() for part in _parents(p, root))]
    return files


def _parents(path: Path, root: Path) -> list[Path]:
    return [
        root / Path(*path.relative_to(root).parts[: i + 1]) for i in range(len(path.relative_to(root).parts))
    ]


def test_no_module_but_the_registry_spells_a_registered_media_type() -> None:
    sources = _sources()
    assert REPO / "server" / "sparql.py" in sources and REPO / "ingest" / "to_rdf.py" in sources
    offenders = [
        f"{path.relative_to(REPO)}:{line}: {media}"
        for path in sources
        if path != REPO / "coopgraph" / "formats.py"
        for line, media in media_type_literals(path)
        if (str(path.relative_to(REPO)), media) not in ALLOWED
    ]
    for allowed_path, media in ALLOWED:  # an allowance nobody needs any more goes
        assert (0, media) in [(0, m) for _, m in media_type_literals(REPO / allowed_path)], allowed_path
    assert not offenders, "use coopgraph.formats (a Format's media_type, or Media) instead:\n" + "\n".join(
        offenders
    )


def test_the_walk_finds_a_planted_literal(tmp_path: Path) -> None:
    planted = tmp_path / "planted.py"
    planted.write_text(
        '"""Docs may say text/turtle in prose."""\n'
        'A = "text/turtle"\n'
        'B = {"Accept": "application/n-triples, text/plain;q=0.8"}\n'
        'C = f"{A}; charset=utf-8"\n'
        'D = "text/html"\n',
        encoding="utf-8",
    )
    assert media_type_literals(planted) == [
        (2, "text/turtle"),
        (3, "application/n-triples"),
        (3, "text/plain"),
    ]


# ---------------------------------------------------------------------------- readers of the registry


@pytest.fixture(scope="module")
def small_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    store = Store(tmp_path_factory.mktemp("store") / "store")
    store.replace_graph_ntriples(GRAPH.value, formats.serialize(TRIPLES, formats.NTRIPLES))
    yield store
    store.close()


@pytest.mark.parametrize("fmt", EXPORT_FORMATS, ids=formats.names(EXPORT_FORMATS))
def test_every_export_format_dumps_the_store_as_it_is(small_store: Store, fmt: Format) -> None:
    data = export_bytes(small_store, Minter(EX), fmt.name)
    if fmt is formats.JSONLD:
        assert json.loads(data)["@context"] == PREFIXES  # compacted with our local context
    parsed = list(_parse_rdf(data, fmt))
    if fmt.serves(Kind.DATASET):
        assert set(parsed) == set(QUADS)
    else:
        assert {q.triple for q in parsed} == set(TRIPLES)


def test_the_store_dumps_by_any_name_of_a_format(small_store: Store) -> None:
    # "rdf" was the store's own name for RDF/XML; the registry keeps it as an alias.
    assert small_store.dump("rdf") == small_store.dump("rdfxml") == small_store.dump("RDF+XML")
    with pytest.raises(ValueError, match="not an RDF format"):
        small_store.dump("csv")


def test_export_refuses_a_format_that_is_not_rdf(small_store: Store) -> None:
    with pytest.raises(CoopgraphError, match="unknown export format 'tsv'"):
        export_bytes(small_store, Minter(EX), "tsv")


@pytest.mark.parametrize("fmt", GRAPH_FORMATS, ids=formats.names(GRAPH_FORMATS))
def test_the_service_description_parses_back_in_every_graph_format(fmt: Format) -> None:
    triples = description(EX + "sparql", [GRAPH.value], update_enabled=False)
    data = serialize_description(triples, fmt)
    parsed = [q.triple for q in _parse_rdf(data, fmt)]
    assert len(parsed) == len(triples)
    # Blank nodes are relabelled by a parser, so compare the statements between named nodes.
    assert _named(parsed) == _named(triples)
    formats_listed = {t.object.value for t in parsed if t.predicate.value.endswith("#resultFormat")}
    assert formats_listed == {f.w3c_iri for f in formats.serving(Kind.SOLUTIONS, Kind.BOOLEAN, Kind.GRAPH)}


def _parse_rdf(data: bytes, fmt: Format) -> Iterator[ox.Quad]:
    """pyoxigraph's parser of `fmt`; JSON-LD through pyld, an independent processor."""
    if fmt is formats.JSONLD:
        nquads = jsonld.to_rdf(json.loads(data), {"format": "application/n-quads"}).encode()
        return ox.parse(nquads, format=ox.RdfFormat.N_QUADS)
    assert fmt.rdf is not None
    return ox.parse(data, format=fmt.rdf)


def _named(triples: list[ox.Triple]) -> set[ox.Triple]:
    return {
        t
        for t in triples
        if not isinstance(t.subject, ox.BlankNode) and not isinstance(t.object, ox.BlankNode)
    }


def test_the_cli_offers_every_export_format_and_writes_rdf_xml(tmp_path: Path) -> None:
    export = main.commands["export"]
    option = next(p for p in export.params if p.name == "fmt")
    assert tuple(option.type.choices) == formats.names(EXPORT_FORMATS)  # type: ignore[attr-defined]
    path = tmp_path / "store"
    with Store(path) as store:
        store.replace_graph_ntriples(GRAPH.value, formats.serialize(TRIPLES, formats.NTRIPLES))
    out = tmp_path / "dump.rdf"
    args = ["--store", str(path), "export", "--format", "rdfxml", "-o", str(out)]
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert {q.triple for q in ox.parse(out.read_bytes(), format=ox.RdfFormat.RDF_XML)} == set(TRIPLES)
