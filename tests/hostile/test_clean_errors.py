"""Errors that must be clean (issue 15 §5): odd report ids on /review, url_for options smuggled
into the pager's query string, SPARQL Update on a read-only volume, and `export --folder` /
`backup` on a full disk (a clean "disk is full", nothing truncated under a published name)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import TEST_BASE_IRI, UPDATE_TOKEN, LiveServer, assert_no_leak, call, start_server, stop
from .test_faults import mount_small_tmpfs

ODD_SEGMENTS = ["a%20b", "%00", "a%0Ab", "%3Cx%3E", "a%22b", "%7B%7D", "a%5Cb", "x%60y", "%C2%A0", "a%7Cb",
                "a%5Eb", "..%2F..", "%E2%80%AE", "Smolensk-Belarus"]  # fmt: skip


@pytest.fixture(scope="module")
def live(bundled_store: Path) -> Iterator[LiveServer]:
    server = start_server(bundled_store)
    yield server
    stop(server)


@pytest.mark.parametrize("segment", ODD_SEGMENTS)
def test_an_odd_report_id_on_review_is_a_404(live, segment):
    answer = call(live, "GET", f"/review/{segment}")
    assert answer.status == 404, answer.text[:300]
    assert_no_leak(answer)


@pytest.mark.parametrize("option", ["_method=POST", "_external=1", "_scheme=javascript", "_anchor=x"])
def test_url_for_options_in_the_query_string_neither_fail_nor_rewrite_links(live, option):
    answer = call(live, "GET", f"/events?per_page=1&{option}")
    assert answer.status == 200, answer.text[:300]
    links = [urllib.parse.unquote(h) for h in re.findall(r'href="([^"]*page=2[^"]*)"', answer.text)]
    assert links, "the pager links to page 2"
    for link in links:
        assert link.startswith("/") and "#" not in link and "javascript" not in link and "://" not in link


@pytest.fixture
def read_only_volume(bundled_store: Path, tmp_path: Path) -> Iterator[Path]:
    volume = tmp_path / "volume"
    if not mount_small_tmpfs(volume, "64m"):
        pytest.fail("cannot mount a tmpfs here (the hostile tests run as root)")
    try:
        subprocess.run(["cp", "-a", str(bundled_store), str(volume / "store")], check=True)
        subprocess.run(["mount", "-o", "remount,ro", str(volume)], check=True)
        yield volume / "store"
    finally:
        subprocess.run(["umount", str(volume)], check=True)


def test_sparql_update_on_a_read_only_volume_is_a_503(read_only_volume):
    server = start_server(read_only_volume, env={"COOPGRAPH_UPDATE_TOKEN": UPDATE_TOKEN})
    try:
        answer = call(
            server, "POST", "/sparql",
            body="update=" + urllib.parse.quote("INSERT DATA { <urn:x:s> <urn:x:p> 1 }"),
            headers={"Authorization": f"Bearer {UPDATE_TOKEN}",
                     "Content-Type": "application/x-www-form-urlencoded"},
        )  # fmt: skip
        assert answer.status == 503, answer.text[:300]
        assert "read-only" in answer.text
        assert_no_leak(answer)
        assert call(server, "GET", "/events").status == 200  # reading goes on
    finally:
        stop(server)


@pytest.fixture
def full_disk(tmp_path: Path) -> Iterator[Path]:
    disk = tmp_path / "disk"
    if not mount_small_tmpfs(disk, "200k"):
        pytest.fail("cannot mount a tmpfs here (the hostile tests run as root)")
    try:
        yield disk
    finally:
        subprocess.run(["umount", str(disk)], check=True)


def coopgraph(store: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "coopgraph.cli", "--store", str(store), "--base-iri", TEST_BASE_IRI, *args],
        capture_output=True, text=True, timeout=300, env={**os.environ, "COLUMNS": "300"},
    )  # fmt: skip


@pytest.mark.parametrize("command", [("export", "--folder"), ("backup",)], ids=["export-folder", "backup"])
def test_a_full_disk_gives_a_clean_error_and_no_truncated_file(bundled_store, full_disk, command):
    target = full_disk / "out"
    done = coopgraph(bundled_store, *command, str(target))
    output = done.stdout + done.stderr
    assert done.returncode == 1, output[-2000:]
    assert "Traceback" not in output and "disk is full" in output, output[-2000:]
    published = [p for p in target.iterdir() if not p.name.startswith(".")] if target.exists() else []
    assert published == []  # nothing under a published name (and no temporary left behind)
    assert not any(target.iterdir()) if target.exists() else True
