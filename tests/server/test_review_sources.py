"""A correction from the review page re-reads the report from the store's archive: the reports
folder may be empty (the file moved or was deleted after the ingest)."""

from __future__ import annotations

import shutil
from pathlib import Path

from coopgraph.archive import Archive

from .conftest import TEST_BASE_IRI

RID = "smolensk-belarus-2020-h1"
TOKEN = "s3cret-token"


def test_a_web_correction_works_without_the_source_file(loaded_store: Path, tmp_path: Path):
    from coopgraph.server.app import create_app

    store = tmp_path / "store"
    shutil.copytree(loaded_store, store)
    empty = tmp_path / "reports"
    empty.mkdir()
    app = create_app(
        {
            "store": str(store),
            "base_iri": TEST_BASE_IRI,
            "update_token": TOKEN,
            "reports": str(empty),
            "corrections": str(tmp_path / "corrections"),
        }
    )
    app.config["TESTING"] = True
    client = app.test_client()
    form = {"row": "7", "field": "participants", "action": "set", "value": "85", "author": "Иванова"}
    response = client.post(f"/review/{RID}/corrections", data={**form, "token": TOKEN})
    assert response.status_code == 303, response.get_data(as_text=True)
    event = client.get(f"/doc/event/{RID}/7.ttl").get_data(as_text=True)
    assert 'newValue "85"' in event
    versions = Archive(store / "archive").versions(RID)
    assert len(versions) == 2 and versions[1].sha256 == versions[0].sha256
