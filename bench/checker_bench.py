"""Cost of the outbound check (`query_safety.check`) on hostile and ordinary texts, in-process.

Issue 15 §4: the old token-stream check took ~29 s on a 24 KB body of `'\\` pairs and gave a
6.1 MB refusal for `"LOAD\\n" * 52000`. Prints, per text, its size, the median time of
``--runs`` checks (default 5) and the length of the answer (a refusal message or "passed").

    .venv/bin/python bench/checker_bench.py
"""

from __future__ import annotations

import argparse
import statistics
import time

from coopgraph.server.query_safety import UnsafeOperation, check

TEXTS = {
    "quote-backslash pairs, 24 KB": "'\\" * 12288,
    "LOAD\\n x 52000 (253 KB)": "LOAD\n" * 52000,
    "20,000-step property path": "PREFIX : <http://x/> SELECT * { ?s " + "/".join([":p"] * 20000) + " ?o }",
    "1+1+... 100,000 terms": "SELECT (" + "+".join(["1"] * 100000) + " AS ?x) {}",
    "50,000 &&": "SELECT * { FILTER(" + "&&".join(["true"] * 50000) + ") }",
    "20,000 nested groups": "SELECT * WHERE { " + "{ " * 20000 + "}" * 20000 + " }",
    "VALUES of 60,000 strings (540 KB)": "SELECT (COUNT(*) AS ?n) WHERE { VALUES ?x { "
    + " ".join(f'"{i:06d}"' for i in range(60000))
    + " } ?s ?p ?x }",
    "300,000 blanks then x": " \t\n" * 100000 + "x",
    "ordinary query": "PREFIX ex: <http://example.org/> SELECT ?s WHERE { ?s ex:p ?o . "
    "OPTIONAL { ?s ex:label ?l } } LIMIT 10",
    "ordinary query with FROM (parsed)": "PREFIX ex: <http://example.org/> SELECT ?s "
    "FROM <http://example.org/g1> WHERE { ?s ex:p ?o . OPTIONAL { ?s ex:label ?l } } LIMIT 10",
    "SERVICE (parsed, refused)": "SELECT * WHERE { ?s ?p ?o SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print(f"{'text':38} {'chars':>8} {'median ms':>10} {'answer chars':>13}")
    for name, text in TEXTS.items():
        times, answer = [], ""
        for _ in range(args.runs):
            start = time.perf_counter()
            try:
                check(text, known_graphs={"http://example.org/g1"})
                answer = "passed"
            except UnsafeOperation as exc:
                answer = str(exc)
            times.append(time.perf_counter() - start)
        print(f"{name:38} {len(text):>8} {statistics.median(times) * 1000:>10.1f} {len(answer):>13}")


if __name__ == "__main__":
    main()
