"""Organisations found by coopgraph's rules vs natasha's NER vs Pullenti, against answer keys.

Reads, at run time, the development reports written by other hands and their keys
(``../shared/devset/*.gold.json`` by default; more with ``--key``), runs each extractor over the
same cells of every keyed row (title, place, content and participants) and prints per extractor
the precision and recall of its organisations against the key's ``orgs``, compared with the
devset scorer's own name matching (``score.same_name``: other names of one body joined by ``|``,
case, quotes and executive-committee short forms do not matter). Recall is also shown for the
key's organisations written without a legal form ("Администрация …", "Центр …", облисполком),
the hard part in running text. Nothing of the reports is copied here.

- ours: the ingest's extraction (``extract_row``; a row the extractor cannot read whole falls
  back to its cells one by one), every role but a mere mention, as the canned query
  ``event-organisations`` lists them;
- natasha (MIT; the ``bench`` extra): ``NewsNERTagger`` ORG spans, normalised to the nominative;
- Pullenti (free for non-commercial use only, so never a dependency): ORGANIZATION referents,
  matched by their text as written or by the referent's own normal form. Install it outside the
  project (``pip install --target DIR pullenti``) and pass ``--pullenti DIR``.

    OPENBLAS_NUM_THREADS=1 .venv/bin/python bench/org_extractors.py
    OPENBLAS_NUM_THREADS=1 .venv/bin/python bench/org_extractors.py --pullenti /tmp/pullenti
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import re
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # natasha's numpy fights over 2 cores otherwise

DEVSET = Path(__file__).resolve().parents[2] / "shared" / "devset"
CELLS = ("title", "place", "content", "participants")
# A key's name with a legal form: an abbreviation in capitals or a quoted name.
_HAS_FORM = re.compile(r"«|^[А-ЯЁ]{2,}\b")


@dataclass
class Tally:
    predicted: int = 0
    correct: int = 0  # predictions that match a key organisation
    gold: int = 0
    found: int = 0  # key organisations matched
    bare_gold: int = 0
    bare_found: int = 0
    seconds: float = 0.0
    misses: list[str] = field(default_factory=list)

    def line(self, name: str) -> str:
        p = self.correct / self.predicted if self.predicted else 0.0
        r = self.found / self.gold if self.gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        bare = self.bare_found / self.bare_gold if self.bare_gold else 0.0
        return (
            f"{name:9s} precision {p:.3f}  recall {r:.3f}  F1 {f:.3f}  "
            f"recall without legal form {bare:.3f} ({self.bare_found}/{self.bare_gold})  "
            f"{self.seconds:.1f} s"
        )


def load_scorer(devset: Path) -> Callable[[str, str], bool]:
    spec = importlib.util.spec_from_file_location("devset_score", devset / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.same_name


def keyed_rows(key_path: Path) -> list[tuple[dict[str, str], list[str]]]:
    """(cells, key orgs) for every keyed row of the report next to the key."""
    from coopgraph.ingest.readers import read_report

    stem = key_path.name.removesuffix(".gold.json")
    folders = (key_path.parent, Path(__file__).resolve().parents[1] / "reports")  # the bundled report
    report = next(
        p for folder in folders for p in folder.iterdir() if p.name.startswith(stem + ".") and p != key_path
    )
    raw = read_report(report)
    key = {e["n"]: e["orgs"] for e in json.loads(key_path.read_text(encoding="utf-8"))["events"]}
    rows = []
    for row in raw.rows:
        number = re.match(r"\s*№?\s*(\d+)", row.cell("number"))
        if number and int(number.group(1)) in key:
            rows.append((row, key[int(number.group(1))]))
    return rows


def ours(row) -> list[list[str]]:
    from coopgraph.errors import CoopgraphError
    from coopgraph.ingest.extract import extract_row
    from coopgraph.ingest.organisations import extract_organisations
    from coopgraph.ingest.records import OrgRole

    try:
        event = extract_row(row, report_id="bench", file="bench", report_start=_START, report_end=_END)
        found = event.organisations
    except CoopgraphError:
        found = [o for c in CELLS for o in extract_organisations(row.cell(c), c)]
    return [[o.name] for o in found if o.role is not OrgRole.MENTIONED]


def natasha_extractor() -> Callable[[object], list[list[str]]]:
    from natasha import Doc, MorphVocab, NewsEmbedding, NewsMorphTagger, NewsNERTagger, Segmenter

    segmenter, vocab, embedding = Segmenter(), MorphVocab(), NewsEmbedding()
    ner, morph = NewsNERTagger(embedding), NewsMorphTagger(embedding)

    def run(row) -> list[list[str]]:
        names = []
        for cell in CELLS:
            doc = Doc(" ".join(row.cell(cell).split()))
            doc.segment(segmenter)
            doc.tag_morph(morph)
            doc.tag_ner(ner)
            for span in doc.spans:
                if span.type == "ORG":
                    span.normalize(vocab)
                    names.append([span.normal or span.text, span.text])
        return names

    return run


def pullenti_extractor(path: str) -> Callable[[object], list[list[str]]]:
    sys.path.insert(0, path)
    from pullenti.ner.ProcessorService import ProcessorService
    from pullenti.ner.SourceOfAnalysis import SourceOfAnalysis
    from pullenti.Sdk import Sdk

    Sdk.initialize_all()
    processor = ProcessorService.create_processor()

    def run(row) -> list[list[str]]:
        names = []
        for cell in CELLS:
            text = " ".join(row.cell(cell).split())
            try:
                entities = processor.process(SourceOfAnalysis(text)).entities
            except (ValueError, IndexError, KeyError, AttributeError) as e:  # its own bugs on some cells
                print(f"pullenti failed on a {cell} cell: {type(e).__name__}: {e}")
                continue
            for entity in entities:
                if entity.type_name == "ORGANIZATION":
                    spans = [text[o.begin_char : o.end_char + 1] for o in entity.occurrence]
                    names.append([*spans, str(entity).split(", город")[0]])
        return names

    return run


def tally(rows, extractor, same_name, name: str) -> Tally:
    t = Tally()
    start = time.perf_counter()
    predictions = [extractor(row) for row, _ in rows]
    t.seconds = time.perf_counter() - start
    for (row, gold), predicted in zip(rows, predictions, strict=True):
        t.predicted += len(predicted)
        t.correct += sum(any(same_name(a, g) for a in alts for g in gold) for alts in predicted)
        for g in gold:
            hit = any(same_name(a, g) for alts in predicted for a in alts)
            bare = not any(_HAS_FORM.search(alt.strip()) for alt in g.split("|"))
            t.gold += 1
            t.found += hit
            t.bare_gold += bare
            t.bare_found += bare and hit
            if not hit:
                t.misses.append(f"{name}: row {row.cell('number').strip()} {g}")
    return t


def _period(rows) -> None:
    """Rows are extracted against a wide period: only organisations are compared here."""
    from datetime import date

    global _START, _END
    _START, _END = date(2000, 1, 1), date(2099, 12, 31)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--devset", type=Path, default=DEVSET, help="folder with score.py and the keys")
    parser.add_argument(
        "--key", type=Path, action="append", default=[],
        help="another .gold.json (its report next to it or in reports/)",
    )  # fmt: skip
    parser.add_argument("--pullenti", metavar="DIR", help="folder Pullenti was pip-installed into (--target)")
    parser.add_argument("--misses", action="store_true", help="list the key organisations each one misses")
    args = parser.parse_args()

    same_name = load_scorer(args.devset)
    rows = []
    for key in sorted(args.devset.glob("*.gold.json")) + args.key:
        try:
            found = keyed_rows(key)
        except Exception as e:  # a report the readers cannot take yet is left out, and said so
            print(f"skipped {key.name}: {e}".splitlines()[0][:160])
            continue
        print(f"{key.name}: {len(found)} rows")
        rows += found
    _period(rows)
    extractors = [("ours", ours)]
    try:
        extractors.append(("natasha", natasha_extractor()))
    except ImportError:
        print("natasha not installed (pip install -e '.[bench]')")
    if args.pullenti:
        extractors.append(("pullenti", pullenti_extractor(args.pullenti)))
    else:
        print("Pullenti not measured: pass --pullenti DIR")
    results = [(name, tally(rows, run, same_name, name)) for name, run in extractors]
    for name, t in results:
        print(t.line(name))
    if args.misses:
        for _, t in results:
            print("\n".join(t.misses))


_START = _END = None

if __name__ == "__main__":
    main()
