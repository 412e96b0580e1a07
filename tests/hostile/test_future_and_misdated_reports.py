"""Reports whose period cannot be right: dated in the future, or a heading that names another
half-year than the rows. Run as the staff would, through the `coopgraph` command in a process."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from .conftest import BUNDLED_REPORT

# First half-year months and the months six later, as the dates cells write them.
LATER = {
    "января": "июля", "февраля": "августа", "марта": "сентября", "апреля": "октября", "мая": "ноября",
    "июня": "декабря", "март": "сентябрь", "апрель": "октябрь", "май": "ноябрь",
}  # fmt: skip


def coopgraph(*args: str, store: Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "coopgraph.cli", "--store", str(store), *args]
    env = {**os.environ, "COLUMNS": "250"}  # no wrapped messages
    return subprocess.run(command, capture_output=True, text=True, timeout=300, env=env)


def test_a_report_dated_2099_ingests_with_a_warning_naming_its_period(tmp_path):
    report = tmp_path / "smolensk-belarus-2099-h1.txt"
    report.write_text(BUNDLED_REPORT.read_text(encoding="utf-8").replace("2020", "2099"), encoding="utf-8")
    done = coopgraph("ingest", "--quiet", str(report), store=tmp_path / "store")
    assert done.returncode == 0, done.stderr
    said = " ".join((done.stdout + done.stderr).split())
    assert "smolensk-belarus-2099-h1" in said
    assert "the report's period 2099-H1 (2099-01-01..2099-06-30) lies in the future" in said


def test_a_heading_left_at_the_first_half_year_over_second_half_year_rows_stores_nothing(tmp_path):
    text = BUNDLED_REPORT.read_text(encoding="utf-8")
    heading_end = text.index("2020 года") + len("2020 года")
    body = text[heading_end:]
    body = re.sub(r"\b(" + "|".join(LATER) + r")\b", lambda m: LATER[m[1]], body)
    body = re.sub(r"\.0([1-6])\.2020", lambda m: f".{int(m[1]) + 6:02d}.2020", body)
    report = tmp_path / "misdated.txt"
    report.write_text(text[:heading_end] + body.replace("31.09.", "30.09."), encoding="utf-8")
    store = tmp_path / "store"
    assert coopgraph("ingest", "--quiet", str(BUNDLED_REPORT), store=store).returncode == 0
    before = coopgraph("export", "--format", "nq", store=store).stdout
    done = coopgraph("ingest", "--quiet", str(report), store=store)
    assert done.returncode == 1
    said = " ".join(done.stderr.split())
    assert "the heading says 2020-H1" in said and "the rows say 2020-H2" in said
    assert "--period 2020-H2" in said
    assert coopgraph("export", "--format", "nq", store=store).stdout == before
