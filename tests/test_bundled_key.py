"""The bundled report against its hand-made answer key (``bench/keys/``), row by row.

The key was written from the report text, independently of the extractor, by the rules of
the development set's keys (``../shared/devset/README.md``): every row is a test case.
The figures analysts see come from the canned queries, so this reads them, as the
development set's scorer does; ``bench/quality.py`` gives the scores.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from coopgraph.iris import Minter
from coopgraph.pipeline import ingest_paths
from coopgraph.publish.queries import get_canned, select_rows
from coopgraph.store import Store

REPO = Path(__file__).resolve().parent.parent
KEY = json.loads((REPO / "bench" / "keys" / "smolensk-belarus-2020-h1.gold.json").read_text(encoding="utf-8"))
ROWS = {row["n"]: row for row in KEY["events"]}
SHORT_BODIES = (
    ("облисполком", "областной исполнительный комитет"),
    ("райисполком", "районный исполнительный комитет"),
    ("горисполком", "городской исполнительный комитет"),
)


def normal(name: str) -> str:
    """Case, ё, quotes, dashes and 'имени'/'им.' do not make two names differ."""
    text = name.lower().replace("ё", "е").replace("\u00a0", " ")
    text = re.sub(r"[«»\"'“”„()]", " ", text)
    text = re.sub(r"[‐‑–—−-]", "-", text)
    text = re.sub(r"\bимени\b", "им.", text)
    for short, full in SHORT_BODIES:
        text = re.sub(short + r"[а-я]*", full, text)
    return re.sub(r"\s+", " ", text).strip(" .;,")


def names_one_body(found: str, wanted: str) -> bool:
    """As the development set's scorer decides: the same name, or one name inside the other
    (a legal form more or less, «ОГБУК «…»» for «ГБУК «…»», a fund without its project's name)."""
    for alternative in wanted.split("|"):
        a, b = normal(found), normal(alternative)
        if a == b or (len(b) > 6 and b in a) or (len(a) > 6 and a in b):
            return True
    return False


@pytest.fixture(scope="module")
def answers(bundled_report_path: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[dict]]:
    """The canned queries the analysts use, over a store holding only the bundled report."""
    with Store(tmp_path_factory.mktemp("keyed") / "store") as store:
        outcomes = ingest_paths([bundled_report_path], store, Minter("https://coopgraph.test/"))
        assert all(o.ok for o in outcomes), [str(o.error) for o in outcomes]
        results = {}
        for name in ("events", "event-organisations", "event-people", "events-by-belarus-region"):
            columns, rows = select_rows(store.query(get_canned(name).sparql()))
            results[name] = [dict(zip(columns, row, strict=True)) for row in rows]
    return results


def row_number(value: object) -> int:
    return int(re.search(r"(\d+)\s*$", str(value)).group(1))


def of_row(answers: dict[str, list[dict]], query: str, n: int) -> list[dict]:
    return [r for r in answers[query] if row_number(r["row"]) == n]


def test_every_row_is_found_once_and_nothing_else(answers):
    assert sorted(row_number(e["row"]) for e in answers["events"]) == sorted(ROWS)


@pytest.mark.parametrize("n", sorted(ROWS))
def test_the_sector_as_the_report_prints_it(answers, n):
    (event,) = of_row(answers, "events", n)
    assert normal(event["sector"]) == normal(KEY["sectors"][ROWS[n]["sector"]])
    assert str(event["sector_concept"]).startswith("https://w3id.org/coopgraph/sector/")


@pytest.mark.parametrize("n", sorted(ROWS))
def test_dates_places_and_count(answers, n):
    key = ROWS[n]
    (event,) = of_row(answers, "events", n)
    assert (str(event["start"])[:10], str(event["end"])[:10]) == (key["start"], key["end"])
    if "places" not in key.get("lenient", []):
        places = sorted(p for p in re.split(r"\s*;\s*", event.get("places") or "") if p)
        assert places == sorted(key["places"])
    count = event.get("participants")
    if key["count"] is None:
        assert count in (None, "")
    elif key.get("count_note"):
        assert count in (None, "", key["count"])
    else:
        assert count == key["count"]


@pytest.mark.parametrize("n", sorted(ROWS))
def test_every_organisation_of_the_key_is_named(answers, n):
    found = [r["name"] for r in of_row(answers, "event-organisations", n)]
    missing = [want for want in ROWS[n]["orgs"] if not any(names_one_body(f, want) for f in found)]
    assert not missing, f"row {n}: found {found}"


@pytest.mark.parametrize("n", sorted(ROWS))
def test_the_people_of_the_row_and_no_others(answers, n):
    found = sorted(normal(r["name"]).split()[-1] for r in of_row(answers, "event-people", n))
    wanted = sorted(normal(surname) for surname, _initials, _role in ROWS[n]["persons"])
    assert len(found) == len(wanted) and all(w in f for w, f in zip(wanted, found, strict=True)), found


def test_events_per_belarusian_region(answers):
    counts = {normal(r["name"]): int(r["events"] or 0) for r in answers["events-by-belarus-region"]}
    wanted = {normal(k): v for k, v in KEY["analyst_answers"]["by_region_event_counts"].items()}
    assert {k: counts.get(k, 0) for k in wanted} == wanted
