"""The review page over an `oxigraph serve` store: a correction is written where the store is
(the SPARQL server), not into a local folder named after the server's URL."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from oxigraph_server import running_oxigraph

from .conftest import BUNDLED_REPORT, TEST_BASE_IRI

RID = "smolensk-belarus-2020-h1"
TOKEN = "s3cret-token"
CORRECTIONS = (
    "SELECT ?value WHERE { ?event <https://w3id.org/coopgraph/ns#correctedBy> ?c . "
    "?c <https://w3id.org/coopgraph/ns#newValue> ?value }"
)


@pytest.fixture
def served_store(tmp_path: Path) -> Iterator[str]:
    """The URL of an `oxigraph serve` holding the bundled report, ingested through the server."""
    from coopgraph.archive import Archive
    from coopgraph.iris import Minter
    from coopgraph.pipeline import ingest_paths
    from coopgraph.store import open_store

    with running_oxigraph(tmp_path / "oxigraph") as url:
        with open_store(url) as store:
            outcomes = ingest_paths(
                [BUNDLED_REPORT], store, Minter(TEST_BASE_IRI), archive=Archive(tmp_path / "archive")
            )
        assert all(o.ok for o in outcomes), [str(o.error) for o in outcomes]
        yield url


def corrections_on_the_server(url: str) -> set[str]:
    """The new values of the corrections the SPARQL server's data records."""
    from coopgraph.store import open_store

    with open_store(url, read_only=True) as store:
        return {s["value"].value for s in store.query(CORRECTIONS)}


def test_a_correction_from_the_review_page_lands_in_the_served_store(
    served_store, tmp_path, monkeypatch, request
):
    from coopgraph.server.app import create_app

    # The working folder is where a store path like "http://host:port" would become a folder.
    workdir = tmp_path / "workdir"
    workdir.mkdir()
    monkeypatch.chdir(workdir)
    reports = tmp_path / "reports"
    reports.mkdir()
    shutil.copy(BUNDLED_REPORT, reports)
    assert corrections_on_the_server(served_store) == set()
    app = create_app(
        {
            "store": served_store,
            "base_iri": TEST_BASE_IRI,
            "update_token": TOKEN,
            "reports": str(reports),
            "corrections": str(tmp_path / "corrections"),
            "archive": str(tmp_path / "archive"),
        }
    )
    app.config["TESTING"] = True
    # The app's reader keeps a connection to the server: closed with the test, not at a later
    # garbage collection (where its ResourceWarning would fail whichever test runs then).
    request.addfinalizer(app.extensions["coopgraph.store"].close)
    client = app.test_client()

    form = {"row": "7", "field": "participants", "action": "set", "value": "85", "author": "Иванова"}
    response = client.post(f"/review/{RID}/corrections", data={**form, "token": TOKEN})

    assert response.status_code == 303, response.get_data(as_text=True)
    assert corrections_on_the_server(served_store) == {"85"}
    assert list(workdir.iterdir()) == []  # no folder named after the server's URL
    event = client.get(f"/doc/event/{RID}/7.ttl").get_data(as_text=True)
    assert "correctedBy" in event and 'newValue "85"' in event
