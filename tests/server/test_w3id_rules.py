"""The w3id rules we would submit (deploy/w3id/.htaccess), run by a real Apache with
mod_rewrite as w3id.org runs them, in front of a real `coopgraph serve`: every vocabulary IRI
under https://w3id.org/coopgraph/ ends, after the redirects, at its document in the format
asked for."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
import requests
from rdflib import RDF, SKOS

from coopgraph.ontology.load import ontology_graph
from coopgraph.w3id import htaccess

from .conftest import TEST_BASE_IRI, free_port

APACHE = "/usr/sbin/apache2"
MODULES = "/usr/lib/apache2/modules"
VOCAB = "https://w3id.org/coopgraph/"
CONFIG = """
ServerRoot {root}
Listen 127.0.0.1:{port}
ServerName 127.0.0.1
LoadModule mpm_event_module {modules}/mod_mpm_event.so
LoadModule authz_core_module {modules}/mod_authz_core.so
LoadModule rewrite_module {modules}/mod_rewrite.so
User www-data
Group www-data
PidFile {root}/httpd.pid
ErrorLog {root}/error.log
LogLevel warn
DocumentRoot {root}/htdocs
<Directory {root}/htdocs>
    AllowOverride All
    Options FollowSymLinks
    Require all granted
</Directory>
"""


@pytest.fixture(scope="module")
def w3id() -> Iterator[str]:
    """A w3id.org stand-in on loopback: Apache serving the generated coopgraph/.htaccess."""
    if not os.access(APACHE, os.X_OK):
        pytest.fail(f"Apache is needed for this test: install Debian's apache2 ({APACHE}); .ci/run does")
    # Apache's worker user must read the folder: not under pytest's private tmp.
    root = Path(tempfile.mkdtemp(prefix="coopgraph-w3id-"))
    root.chmod(0o755)
    (root / "htdocs" / "coopgraph").mkdir(parents=True)
    for folder in (root / "htdocs", root / "htdocs" / "coopgraph"):
        folder.chmod(0o755)
    rules = root / "htdocs" / "coopgraph" / ".htaccess"
    rules.write_text(htaccess(TEST_BASE_IRI), encoding="utf-8")
    rules.chmod(0o644)
    port = free_port()
    (root / "httpd.conf").write_text(CONFIG.format(root=root, port=port, modules=MODULES), encoding="utf-8")
    log = (root / "stderr.log").open("wb")
    process = subprocess.Popen([APACHE, "-f", str(root / "httpd.conf"), "-X"], stderr=log)
    try:
        url = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                requests.get(url + "/", timeout=1)
                break
            except requests.ConnectionError:
                if process.poll() is not None:
                    pytest.fail(f"apache2 exited: {(root / 'stderr.log').read_text()}")
                time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()
        shutil.rmtree(root, ignore_errors=True)


def vocabulary_iris() -> list[str]:
    graph = ontology_graph()
    schemes = sorted(str(s) for s in graph.subjects(RDF.type, SKOS.ConceptScheme))
    concepts = sorted(str(c) for c in graph.subjects(SKOS.inScheme, None))
    return [VOCAB + "ns", *schemes, *concepts]


def test_w3id_rules_send_every_vocabulary_iri_to_its_document(w3id, live_server):
    session = requests.Session()
    iris = vocabulary_iris()
    for iri in iris:
        path = iri[len(VOCAB) :]
        hop = session.get(f"{w3id}/coopgraph/{path}", allow_redirects=False, timeout=30)
        assert hop.status_code == 303, (iri, hop.status_code)
        assert hop.headers["Location"] == TEST_BASE_IRI + path, iri
        # The deployment: the live server answers for the base IRI.
        target = live_server.url + "/" + path
        answer = session.get(target, headers={"Accept": "text/turtle"}, timeout=30)
        assert answer.status_code == 200 and answer.headers["Content-Type"].startswith("text/turtle"), iri
        assert answer.history and answer.history[0].status_code == 303, iri
        triples = list(ox.parse(answer.content, format=ox.RdfFormat.TURTLE))
        assert any(q.subject.value == iri for q in triples), iri
    assert len(iris) > 20


def test_bare_namespace_and_hash_terms_land_on_the_ontology(w3id, live_server):
    bare = requests.get(f"{w3id}/coopgraph/", allow_redirects=False, timeout=30)
    assert bare.status_code == 303 and bare.headers["Location"] == TEST_BASE_IRI + "ns"
    # A browser asking for ns#rowNumber sends no fragment: it gets the ontology page.
    page = requests.get(live_server.url + "/ns", headers={"Accept": "text/html"}, timeout=30)
    assert page.status_code == 200 and page.url.endswith("/ns.html")
    assert requests.get(f"{w3id}/coopgraph/elsewhere", allow_redirects=False, timeout=30).status_code == 404
