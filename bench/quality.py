"""Extraction quality on reports written independently of the code, in one run.

Scores the bundled report against its hand-made key (``bench/keys/``) and every report of the
development set that has a key (``../shared/devset/`` by default: ``X.docx``/``X.odt``/``X.txt``
beside ``X.gold.json``), with the development set's own scorer (``score.py`` there), which
ingests each report into a throw-away store through the public CLI and reads the canned
queries. Prints one row per report: every field's score and the overall F1, then a last line
``quality_min=X quality_mean=Y`` (over the reports that have a key).

    .venv/bin/python bench/quality.py
    .venv/bin/python bench/quality.py --devset DIR --verbose

The synthetic corpus of ``generate_corpus.py`` is made from the forms the extractor already
knows, so it says nothing about quality; these reports were written by other hands.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BUNDLED = (
    REPO / "reports" / "smolensk-belarus-2020-h1.txt",
    REPO / "bench" / "keys" / "smolensk-belarus-2020-h1.gold.json",
)
FIELDS = (
    "found",
    "sector",
    "start",
    "end",
    "places",
    "count",
    "orgs",
    "people",
    "agreement_numbers",
    "regions",
)
REPORT_SUFFIXES = (".docx", ".odt", ".txt")


def keyed_reports(devset: Path) -> list[tuple[Path, Path]]:
    """(report, key) pairs of the development set, sorted by name."""
    pairs = []
    for key in sorted(devset.glob("*.gold.json")):
        stem = key.name.removesuffix(".gold.json")
        for suffix in REPORT_SUFFIXES:
            report = devset / f"{stem}{suffix}"
            if report.is_file():
                pairs.append((report, key))
                break
    return pairs


def score(scorer: Path, report: Path, key: Path, coopgraph: Path) -> tuple[dict[str, float], str]:
    """The scorer's per-field figures and overall F1 (``overall`` key), and its whole output."""
    run = subprocess.run(
        [sys.executable, str(scorer), str(report), str(key), "--coopgraph", str(coopgraph)],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=900,
    )
    figures = {}
    for line in run.stdout.splitlines():
        if m := re.match(r"^(\w+)\s+([0-9.]+)$", line.strip()):
            figures[m.group(1)] = float(m.group(2))
        elif m := re.match(r"^overall F1 = ([0-9.]+)", line.strip()):
            figures["overall"] = float(m.group(1))
    return figures, run.stdout + run.stderr


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--devset",
        type=Path,
        default=REPO.parent / "shared" / "devset",
        help="folder of keyed reports and score.py (default: ../shared/devset)",
    )
    parser.add_argument("--verbose", action="store_true", help="print the scorer's misses too")
    args = parser.parse_args()
    scorer = args.devset / "score.py"
    if not scorer.is_file():
        sys.exit(f"no scorer at {scorer}: pass --devset DIR")
    coopgraph = Path(sys.executable).parent / "coopgraph"
    reports = [BUNDLED, *keyed_reports(args.devset)]
    header = f"{'report':42s} " + " ".join(f"{f[:7]:>7s}" for f in FIELDS) + "  overall"
    print(header)
    overall = []
    for report, key in reports:
        figures, output = score(scorer, report, key, coopgraph)
        if args.verbose:
            print(output)
        cells = " ".join(f"{figures[f]:7.3f}" if f in figures else f"{'-':>7s}" for f in FIELDS)
        overall.append(figures.get("overall", 0.0))
        print(f"{report.name:42s} {cells}  {overall[-1]:.3f}")
    print(f"quality_min={min(overall):.3f} quality_mean={sum(overall) / len(overall):.3f}")


if __name__ == "__main__":
    main()
