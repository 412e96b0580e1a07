"""Dereferencing: 303 from /id/ to /doc/, content negotiation, every format parsed back by an
independent parser, HTML escaping, over the tiny store and the bundled report."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request

import pyoxigraph as ox
import pytest
from tiny_store import BASE, REPORT, XSS_LABEL, build_tiny_store, close_workers, jsonld_quads, tiny_client

from coopgraph.store import Store

from .conftest import start_server, stop_server

EVENT = f"event/{REPORT}/2"
OWL_SAME_AS = "http://www.w3.org/2002/07/owl#sameAs"
MUSEUM = "org/museum"


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    client = tiny_client(build_tiny_store(tmp_path_factory.mktemp("tiny") / "store"))
    yield client
    close_workers(client)


@pytest.fixture(scope="module")
def xss_client(tmp_path_factory):
    path = build_tiny_store(tmp_path_factory.mktemp("xss") / "store", museum_label=XSS_LABEL)
    with Store(path) as store:  # a link whose IRI is a script must not become a link
        museum = ox.NamedNode(BASE + "id/" + MUSEUM)
        graph = ox.NamedNode(BASE + "graph/" + REPORT)
        store.ox.add(ox.Quad(museum, ox.NamedNode(OWL_SAME_AS), ox.NamedNode("javascript:alert(2)"), graph))
        store.rebuild_union()
    client = tiny_client(path)
    yield client
    close_workers(client)


@pytest.mark.parametrize(
    ("accept", "extension"),
    [
        (None, "html"),
        ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "html"),
        ("text/turtle", "ttl"),
        ("application/ld+json", "jsonld"),
        ("application/n-triples", "nt"),
        ("text/turtle;q=0.5, application/ld+json", "jsonld"),
        ("application/ld+json;q=0.2, text/turtle;q=0.9, text/html;q=0.1", "ttl"),
        ("application/json", "jsonld"),
        ("*/*", "html"),
        ("text/*", "html"),
    ],
)
def test_thing_iri_answers_303_to_the_document_the_client_accepts(client, accept, extension):
    headers = {"Accept": accept} if accept else {}
    response = client.get(f"/id/{EVENT}", headers=headers)
    assert response.status_code == 303
    assert response.headers["Location"] == f"/doc/{EVENT}.{extension}"
    assert "Accept" in response.headers["Vary"]


def test_unacceptable_type_is_406_and_unknown_resource_is_404(client):
    assert client.get(f"/id/{EVENT}", headers={"Accept": "image/png"}).status_code == 406
    assert client.get("/id/event/no-such-report/1").status_code == 404
    assert client.get("/doc/event/no-such-report/1.ttl").status_code == 404


@pytest.mark.parametrize(
    "path", ["/id/foo%20bar", "/id/x%22y", "/doc/a%3Cb%3E.html", "/doc/%0Aabc", "/graph/a%20b"]
)
def test_paths_that_cannot_be_iris_are_404(client, path):
    assert client.get(path).status_code == 404


def test_extension_on_the_thing_iri_redirects_to_that_format(client):
    response = client.get(f"/id/{MUSEUM}.ttl", headers={"Accept": "text/html"})
    assert response.status_code == 303 and response.headers["Location"] == f"/doc/{MUSEUM}.ttl"


@pytest.mark.parametrize(("ext", "fmt"), [("ttl", ox.RdfFormat.TURTLE), ("nt", ox.RdfFormat.N_TRIPLES)])
def test_rdf_documents_parse_and_describe_the_resource(client, ext, fmt):
    response = client.get(f"/doc/{EVENT}.{ext}")
    assert response.status_code == 200
    assert response.mimetype == {"ttl": "text/turtle", "nt": "application/n-triples"}[ext]
    triples = list(ox.parse(response.data, format=fmt))
    event = ox.NamedNode(BASE + "id/" + EVENT)
    subjects = {t.subject for t in triples}
    assert event in subjects
    names = [
        t.object.value
        for t in triples
        if t.subject == event and t.predicate.value == "http://schema.org/name"
    ]
    assert names == ["Выставка номер 2"]
    # the event's participations travel with it
    assert ox.NamedNode(BASE + "id/" + EVENT + "/participation/1") in subjects
    # and an organisation's document carries the links to it
    museum = ox.NamedNode(BASE + "id/" + MUSEUM)
    incoming = [
        t for t in ox.parse(client.get(f"/doc/{MUSEUM}.{ext}").data, format=fmt) if t.object == museum
    ]
    assert {t.predicate.value for t in incoming} >= {"https://w3id.org/coopgraph/ns#involves"}


def test_jsonld_document_is_compact_local_and_equals_the_ntriples(client):
    data = client.get(f"/doc/{EVENT}.jsonld").data
    doc = json.loads(data)
    assert isinstance(doc["@context"], dict), "the @context must be inline, never a remote URL"
    quads = jsonld_quads(data)
    nt = {q.triple for q in ox.parse(client.get(f"/doc/{EVENT}.nt").data, format=ox.RdfFormat.N_TRIPLES)}
    assert {q.triple for q in quads} == nt


def test_doc_without_extension_negotiates_and_says_so(client):
    response = client.get(f"/doc/{MUSEUM}", headers={"Accept": "text/turtle"})
    assert response.status_code == 200 and response.mimetype == "text/turtle"
    assert response.headers["Content-Location"] == f"/doc/{MUSEUM}.ttl"
    assert "Accept" in response.headers["Vary"]
    assert 'rel="alternate"; type="application/ld+json"' in response.headers["Link"]


def test_iris_come_from_the_base_setting_whatever_the_host(client):
    response = client.get(f"/doc/{MUSEUM}.nt", base_url="http://other-host.test:9999")
    subjects = {t.subject.value for t in ox.parse(response.data, format=ox.RdfFormat.N_TRIPLES)}
    assert BASE + "id/" + MUSEUM in subjects


def test_event_page_shows_properties_source_row_picture_and_links(client):
    html = client.get(f"/doc/{EVENT}.html").get_data(as_text=True)
    assert "<h1>Выставка номер 2</h1>" in html
    assert "Мероприятие сотрудничества" in html  # type label from the ontology graph
    assert "регион Беларуси" in html and "Витебская область" in html
    assert 'href="/id/org/museum"' in html  # a resource of ours is linked on this server
    assert "Выставка номер 2 (исходная графа)" in html and "графа «Участники мероприятия»" in html
    assert "<svg" in html and 'href="/id/place/by-vi"' in html.split("<svg", 1)[1]
    assert "директор" in html  # a participation's property, shown nested in the event
    assert "Культура" in html


def test_organisation_page_lists_incoming_events_once_per_event(client):
    html = client.get(f"/doc/{MUSEUM}.html").get_data(as_text=True)
    incoming = html.split('class="incoming"', 1)[1]
    assert f'href="/id/event/{REPORT}/2"' in incoming
    assert "/participation/" not in incoming  # a link from a participation counts as its event's


def test_english_page_has_english_labels(client):
    html = client.get(f"/doc/{EVENT}.html?lang=en").get_data(as_text=True)
    assert 'lang="en"' in html
    assert "Belarusian region" in html and "Cooperation event" in html and "Culture" in html
    assert "регион Беларуси" not in html
    assert 'href="/id/org/museum?lang=en"' in html


def test_markup_in_labels_is_escaped_everywhere(xss_client):
    pages = [
        f"/doc/{MUSEUM}.html",
        f"/doc/{EVENT}.html",
        "/organisations",
        "/search?q=Музей",  # a matched word is marked: "script" would split the escaped tag
        "/queries/organisations",
    ]
    for path in pages:
        html = xss_client.get(path).get_data(as_text=True)
        assert "<script>alert" not in html, path
        assert "&lt;script&gt;alert(" in html, path
        assert 'href="javascript:' not in html, path


def test_named_graph_is_served_as_turtle(client):
    response = client.get("/graph/ontology", headers={"Accept": "text/html"})
    assert response.status_code == 200 and response.mimetype == "text/turtle"
    triples = list(ox.parse(response.data, format=ox.RdfFormat.TURTLE))
    assert len(triples) > 100
    assert client.get("/graph/nothing-here.ttl").status_code == 404


def test_every_kind_of_resource_of_the_bundled_report_dereferences(app):
    """Over the real ingest: one resource of every kind answers 303 and a parsable page."""
    test_client = app.test_client()
    store = app.extensions["coopgraph.store"].get()
    kinds = ["event", "agreement", "org", "person", "place", "report"]
    for kind in kinds:
        rows = list(
            store.query(
                f'SELECT ?x WHERE {{ ?x ?p ?o FILTER(STRSTARTS(STR(?x), "{BASE}id/{kind}/")) }} LIMIT 1'
            )
        )
        assert rows, kind
        path = rows[0]["x"].value[len(BASE) - 1 :]
        response = test_client.get(path, headers={"Accept": "text/turtle"})
        assert response.status_code == 303, path
        document = test_client.get(response.headers["Location"])
        assert document.status_code == 200
        assert list(ox.parse(document.data, format=ox.RdfFormat.TURTLE)), path
        assert test_client.get(path.replace("/id/", "/doc/", 1) + ".html").status_code == 200


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # let the test see the 303 itself
        return None


def test_live_server_answers_303_and_serves_documents(tmp_path):
    server = start_server(build_tiny_store(tmp_path / "store", events=3))
    try:
        opener = urllib.request.build_opener(NoRedirects)
        request = urllib.request.Request(
            server.url + f"/id/{EVENT}", headers={"Accept": "application/ld+json"}
        )
        with pytest.raises(urllib.error.HTTPError) as answer:
            opener.open(request, timeout=10)
        assert answer.value.code == 303
        location = answer.value.headers["Location"]
        assert location.endswith(f"/doc/{EVENT}.jsonld")
        answer.value.close()
        with urllib.request.urlopen(urllib.parse.urljoin(server.url, location), timeout=10) as response:
            assert response.headers.get_content_type() == "application/ld+json"
            quads = jsonld_quads(response.read())
        assert ox.NamedNode(BASE + "id/" + EVENT) in {q.subject for q in quads}
        with urllib.request.urlopen(
            server.url + f"/id/{MUSEUM}", timeout=10
        ) as response:  # a browser follows
            assert response.url.endswith(f"/doc/{MUSEUM}.html")
            assert "СОГБУК «Музей Малограда»" in response.read().decode("utf-8")
    finally:
        stop_server(server)
        if server.process.stdout:
            server.process.stdout.close()


def test_every_minted_iri_of_the_bundled_report_dereferences(app):
    test_client = app.test_client()
    store = app.extensions["coopgraph.store"].get()
    minted = sorted(
        {
            row["x"].value
            for row in store.query(
                f'SELECT DISTINCT ?x WHERE {{ ?x ?p ?o FILTER(STRSTARTS(STR(?x), "{BASE}")) }}'
            )
        }
    )
    assert len(minted) > 300
    for iri in minted:
        path = iri[len(BASE) - 1 :]
        assert path.startswith("/id/"), iri
        response = test_client.get(path, headers={"Accept": "application/n-triples"})
        assert response.status_code == 303, iri
    for graph in store.named_graphs():
        assert test_client.get(graph[len(BASE) - 1 :] + ".nt").status_code == 200, graph


def test_codes_kept_as_strings_are_named_in_the_pages_language(app):
    client = app.test_client()  # over the bundled report
    ru = client.get("/doc/event/smolensk-belarus-2020-h1/5.html").get_data(as_text=True)
    en = client.get("/doc/event/smolensk-belarus-2020-h1/5.html?lang=en").get_data(as_text=True)
    assert ">всего<" in ru and ">точно<" in ru and ">total<" not in ru and ">exact<" not in ru
    assert ">total<" in en and ">exact<" in en
    place = client.get("/doc/place/by-ho.html").get_data(as_text=True)
    assert ">регион<" in place and ">region<" not in place
