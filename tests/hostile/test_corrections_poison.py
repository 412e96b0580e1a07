"""Corrections that could poison the data (issue 15 §3): every new correction is checked in full
before it touches a file, files are replaced whole, a rejected correction is never in the file
(not even for a moment), files in the encodings Excel saves are read, and a bad line already in
a file is named and skipped while the ingest goes on."""

from __future__ import annotations

import shutil
import subprocess
import sys
import threading
from html import unescape
from pathlib import Path

import pytest

from .conftest import BUNDLED_REPORT, TEST_BASE_IRI

RID = "smolensk-belarus-2020-h1"
TOKEN = "poison-token-0123456789"
ROW_HEADER = "row,field,action,match,value,author,time,note\n"
ENTITY_HEADER = "kind,key,action,value,name,author,time,note\n"
ORG = "rossiiskii-tsentr-nauki-i-kultury-v-g-gomele"
KEPT = "predstavitelstvo-rossotrudnichestva-v-respublike-belarus"


@pytest.fixture
def workspace(writable_store: Path, tmp_path: Path) -> dict[str, Path]:
    reports = tmp_path / "reports"
    reports.mkdir()
    shutil.copy(BUNDLED_REPORT, reports)
    return {"store": writable_store, "reports": reports, "corrections": tmp_path / "corrections"}


@pytest.fixture
def client(workspace: dict[str, Path]):
    from coopgraph.server.app import create_app

    app = create_app(
        {
            "store": str(workspace["store"]),
            "base_iri": TEST_BASE_IRI,
            "update_token": TOKEN,
            "reports": str(workspace["reports"]),
            "corrections": str(workspace["corrections"]),
        }
    )
    return app.test_client()


def cli(workspace: dict[str, Path], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "coopgraph.cli", "--store", str(workspace["store"]),
         "--base-iri", TEST_BASE_IRI, *args],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip


def row_form(**extra: str) -> dict[str, str]:
    form = {"row": "7", "field": "participants", "action": "set", "value": "85", "author": "Иванова"}
    return {**form, "token": TOKEN, **extra}


def entity_form(**extra: str) -> dict[str, str]:
    form = {"kind": "org", "action": "merge", "key": ORG, "value": KEPT, "author": "Иванова"}
    return {**form, "token": TOKEN, **extra}


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"value": "predstavitelstvo rossotrudnichestva"}, "takes an entity key"),  # a name with a space
        ({"value": "Predstavitelstvo-Rossotrudnichestva"}, "takes an entity key"),  # a typo in case
        ({"note": "x" * 200_000}, "at most"),
        ({"note": "bad\x01note"}, "U+0001"),
        ({"name": "a\x00b"}, "U+0000"),
    ],
)
def test_a_bad_entity_correction_is_a_400_and_the_file_and_later_ingests_are_untouched(
    client, workspace, extra, message
):
    response = client.post("/entities/corrections", data=entity_form(**extra))
    assert response.status_code == 400
    assert message in unescape(response.get_data(as_text=True))
    assert not (workspace["corrections"] / "entities.csv").exists()
    # The next correction and the next ingest work as before.
    assert client.post(f"/review/{RID}/corrections", data=row_form()).status_code == 303
    run = cli(
        workspace, "ingest", "--quiet", "--corrections", str(workspace["corrections"]), str(BUNDLED_REPORT)
    )
    assert run.returncode == 0, run.stdout + run.stderr


@pytest.mark.parametrize(
    ("extra", "message"),
    [({"note": "n" * 200_000}, "note is 200000 characters"), ({"note": "a\x01b"}, "U+0001"),
     ({"value": "8\x1b5"}, "U+001B"), ({"author": "И" * 5000}, "author is 5000 characters")],
)  # fmt: skip
def test_a_bad_row_correction_is_a_400_never_a_500(client, workspace, extra, message):
    response = client.post(f"/review/{RID}/corrections", data=row_form(**extra))
    assert response.status_code == 400
    assert message in unescape(response.get_data(as_text=True))
    assert not (workspace["corrections"] / f"{RID}.csv").exists()


def test_the_cli_refuses_a_bad_entity_correction_cleanly(workspace):
    run = cli(workspace, "correct", "merge", "--corrections", str(workspace["corrections"]),
              "--reports", str(workspace["reports"]), "--author", "Иванова", ORG, "not a key")  # fmt: skip
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert "takes an entity key" in run.stderr
    assert not (workspace["corrections"] / "entities.csv").exists()


def test_a_rejected_correction_is_never_in_the_file_not_even_for_a_moment(workspace):
    # An end before the start fails SHACL: the correction is answered 422 / exit 1. The old code
    # appended it, re-ingested, then restored the file, so a kill -9 in between left it there.
    corrections = workspace["corrections"]
    corrections.mkdir()
    path = corrections / f"{RID}.csv"
    path.write_text(
        ROW_HEADER + "7,participants,set,80,81,Петров,2026-11-25T10:00:00+00:00,\n", encoding="utf-8"
    )
    seen: set[bytes] = set()
    done = threading.Event()

    def watch() -> None:
        while not done.is_set():
            try:
                seen.add(path.read_bytes())
            except OSError:
                seen.add(b"<missing>")

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        run = cli(workspace, "correct", "set", RID, "5", "end", "2000-01-01", "--author", "Иванова",
                  "--corrections", str(corrections), "--reports", str(workspace["reports"]))  # fmt: skip
    finally:
        done.set()
        watcher.join()
    assert run.returncode == 1 and "Traceback" not in run.stderr, run.stderr
    assert not any(b"2000-01-01" in state for state in seen)
    assert b"<missing>" not in seen


@pytest.mark.parametrize(
    ("encoding", "bom"),
    [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("utf-16-le", b"\xff\xfe"), ("cp1251", b"")],
)
def test_corrections_saved_by_excel_in_any_encoding_are_applied(workspace, encoding, bom):
    corrections = workspace["corrections"]
    corrections.mkdir()
    text = ROW_HEADER + "7,participants,set,80,85,Иванова,2026-11-25T10:00:00+00:00,по списку\r\n"
    (corrections / f"{RID}.csv").write_bytes(bom + text.encode(encoding))
    run = cli(workspace, "ingest", "--quiet", "--corrections", str(corrections), str(BUNDLED_REPORT))
    assert run.returncode == 0 and "Traceback" not in run.stderr, run.stdout + run.stderr
    from coopgraph.store import Store

    with Store(workspace["store"], read_only=True) as store:
        event = f"{TEST_BASE_IRI}id/event/{RID}/7"
        answer = store.query(f"ASK {{ <{event}> ?p 85 }}")
    assert bool(answer)


def test_a_correction_appended_to_a_cp1251_file_keeps_the_old_lines_readable(client, workspace):
    corrections = workspace["corrections"]
    corrections.mkdir()
    old = ROW_HEADER + "7,participants,set,80,85,Иванова,2026-11-25T10:00:00+00:00,по списку\r\n"
    (corrections / f"{RID}.csv").write_bytes(old.encode("cp1251"))
    response = client.post(f"/review/{RID}/corrections", data=row_form(row="5", field="title", value="Новое"))
    assert response.status_code == 303, unescape(response.get_data(as_text=True))
    text = (corrections / f"{RID}.csv").read_bytes().decode("utf-8-sig")
    assert "по списку" in text and "Новое" in text


def test_bad_lines_already_in_a_file_are_named_and_skipped_and_the_ingest_goes_on(workspace):
    corrections = workspace["corrections"]
    corrections.mkdir()
    (corrections / "entities.csv").write_text(
        ENTITY_HEADER + f"org,{ORG},merge,not a key,,Иванова,2026-11-25T10:00:00+00:00,\n", encoding="utf-8"
    )
    (corrections / f"{RID}.csv").write_text(
        ROW_HEADER
        + "7,participants,set,80,85,Иванова,2026-11-25T10:00:00+00:00," + "x" * 200_000 + "\n"
        + "7,participants,set,80,86,Иванова,2026-11-25T10:00:00+00:00,ctl\x01\n"
        + "5,title,set,,Новое название,Иванова,2026-11-25T10:00:00+00:00,\n",
        encoding="utf-8",
    )  # fmt: skip
    run = cli(workspace, "ingest", "--quiet", "--corrections", str(corrections), str(BUNDLED_REPORT))
    output = run.stdout + run.stderr
    assert run.returncode == 0 and "Traceback" not in output, output
    flat = " ".join(output.split())
    assert "entities.csv line 2" in flat and f"{RID}.csv line 2" in flat and f"{RID}.csv line 3" in flat
    from coopgraph.store import Store

    with Store(workspace["store"], read_only=True) as store:  # the good line 4 was applied
        event = f"{TEST_BASE_IRI}id/event/{RID}/5"
        assert bool(store.query(f'ASK {{ <{event}> ?p ?o FILTER(STR(?o) = "Новое название") }}'))
        rdfxml = store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }").serialize(format=_rdfxml())
    from lxml import etree

    etree.fromstring(rdfxml)  # well-formed: no control character reached the data


def _rdfxml():
    import pyoxigraph as ox

    return ox.RdfFormat.RDF_XML


def test_a_note_with_u2028_does_not_shift_line_numbers(client, workspace):
    # splitlines() counts U+2028 as a line break and csv does not: the next correction got a
    # wrong line, so a no-op correction looked as if it had changed something and was kept.
    first = client.post(f"/review/{RID}/corrections", data=row_form(note="одна\u2028строка"))
    assert first.status_code == 303
    from coopgraph.ingest.corrections.files import load_corrections

    [kept] = load_corrections(workspace["corrections"]).for_report(RID)
    assert kept.line == 2 and kept.note == "одна\u2028строка"
    before = (workspace["corrections"] / f"{RID}.csv").read_bytes()
    noop = client.post(
        f"/review/{RID}/corrections", data=row_form(field="place", action="remove", match="Марс")
    )
    assert noop.status_code == 400 and "line 3" in unescape(noop.get_data(as_text=True))
    assert (workspace["corrections"] / f"{RID}.csv").read_bytes() == before
