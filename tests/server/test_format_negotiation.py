"""Every route that negotiates answers each media type the format registry lists for the kind it
serves (synonyms included) with that format: the linked-data documents, the catalogue and VoID,
and the endpoint's results, whose `format=` takes every name of the registry's formats."""

from __future__ import annotations

import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest
from tiny_store import REPORT, build_tiny_store, tiny_client

from coopgraph import formats
from coopgraph.formats import Format, Kind
from coopgraph.server.dcat import METADATA_FORMATS
from coopgraph.server.linked_data import DOCUMENT_FORMATS

from .conftest import LiveServer, start_server
from .test_sparql_protocol import call, demo_store, stop  # noqa: F401 - demo_store is a fixture

EVENT = f"event/{REPORT}/2"


def _every_media_type(fmts: tuple[Format, ...]) -> list[tuple[str, Format]]:
    return [(media, f) for f in fmts for media in f.media_types]


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> object:
    return tiny_client(build_tiny_store(tmp_path_factory.mktemp("tiny") / "store"))


@pytest.mark.parametrize(("media", "fmt"), _every_media_type(DOCUMENT_FORMATS))
def test_a_thing_redirects_to_the_document_in_the_format_of_each_media_type(client, media, fmt) -> None:
    response = client.get(f"/id/{EVENT}", headers={"Accept": media})
    assert response.status_code == 303
    assert response.headers["Location"] == f"/doc/{EVENT}.{fmt.extension}"
    document = client.get(response.headers["Location"])
    assert document.mimetype == fmt.media_type


@pytest.mark.parametrize(("media", "fmt"), _every_media_type(METADATA_FORMATS))
def test_the_catalogue_answers_each_media_type_of_its_formats(client, media, fmt) -> None:
    for path in ("/catalog", "/.well-known/void"):
        response = client.get(path, headers={"Accept": media})
        assert response.status_code == 200 and response.mimetype == fmt.media_type, (path, media)


# ---------------------------------------------------------------------------- the endpoint

QUERIES = {
    Kind.SOLUTIONS: "SELECT ?s WHERE { ?s ?p ?o } LIMIT 2",
    Kind.BOOLEAN: "ASK { ?s ?p ?o }",
    Kind.GRAPH: "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 2",
}
CASES = [(kind, f) for kind in QUERIES for f in formats.serving(kind)]


@pytest.fixture(scope="module")
def server(demo_store: Path) -> Iterator[LiveServer]:  # noqa: F811
    live = start_server(demo_store)
    yield live
    stop(live)


@pytest.mark.parametrize(("kind", "fmt"), CASES, ids=[f"{k}-{f.name}" for k, f in CASES])
def test_the_endpoint_answers_every_media_type_and_name_of_each_format(server, kind, fmt) -> None:
    path = "/sparql?" + urllib.parse.urlencode({"query": QUERIES[kind]})
    for media in fmt.media_types:
        answer = call(server, "GET", path, headers={"Accept": media})
        assert (answer.status, answer.media_type) == (200, fmt.media_type), (media, answer.text[:200])
    for name in (fmt.name, *fmt.aliases):
        named = path + "&" + urllib.parse.urlencode({"format": name})
        answer = call(server, "GET", named)
        assert (answer.status, answer.media_type) == (200, fmt.media_type), (name, answer.text[:200])
