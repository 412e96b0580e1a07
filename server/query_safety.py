"""Refuse SPARQL that could make the server connect elsewhere, before the engine sees it.

Oxigraph executes ``SERVICE <http://...>`` and ``LOAD <http://...>`` by opening HTTP
connections, so a public endpoint must never pass them on. ``FROM``/``FROM NAMED``/``USING``
never fetch in Oxigraph, but an IRI there that is not a graph of this store is either a typo or
an expectation the endpoint will not meet: refused too, with the list of graphs.

The check is a SPARQL tokenizer, not a regular expression over the raw text: string literals
(all four quote styles, with escapes), IRIs and comments are recognised first, so "SERVICE"
inside a string or an IRI is ignored and ``service``/``Service`` is still found. It mirrors two
quirks of Oxigraph's PEG parser that a naive tokenizer would miss: a keyword may touch the next
token (``SERVICE<http://x/>{}``, ``1SERVICE<...>``) and even a prefixed name
(``SERVICE:x {}`` is ``SERVICE`` + ``:x``), so a word or prefix containing a refused keyword is
refused. The price is a rare false positive (a prefix named ``service:``), explained in the message.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field
from urllib.parse import urljoin


class UnsafeOperation(ValueError):
    """The request would reach outside the store; the message tells the analyst what to change."""


@dataclass(frozen=True)
class Token:
    kind: str  # iri, string, var, pname, bnode, lang, word, number, punct
    text: str
    pos: int


_TOKEN = re.compile(
    r"""
      (?P<ws>\s+)
    | (?P<comment>\#[^\n\r]*)
    | (?P<string>'''(?:(?:'|'')?(?:[^'\\]|\\.))*'''
               |\"\"\"(?:(?:"|"")?(?:[^"\\]|\\.))*\"\"\"
               |'(?:[^'\\\n\r]|\\.)*'
               |"(?:[^"\\\n\r]|\\.)*")
    | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
    | (?P<var>[?$][\w\u00B7\u0300-\u036F\u203F-\u2040]+)
    | (?P<bnode>_:[\w.\-\u00B7-\uFFFF]*[\w\-\u00B7-\uFFFF])
    | (?P<pname>(?:[^\W\d_][\w.\-\u00B7-\uFFFF]*)?:(?:(?:[\w:%\-\u00B7-\uFFFF]|\\[_~.\-!$&'()*+,;=/?\#@%])
                (?:(?:[\w:%.\-\u00B7-\uFFFF]|\\[_~.\-!$&'()*+,;=/?\#@%])*(?:[\w:%\-\u00B7-\uFFFF]|\\[_~.\-!$&'()*+,;=/?\#@%]))?)?)
    | (?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
    | (?P<number>[0-9]*\.?[0-9]+(?:[eE][+-]?[0-9]+)?)
    | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
    | (?P<punct>\^\^|&&|\|\||!=|<=|>=|.)
    """,
    re.VERBOSE | re.DOTALL,
)

REMOTE_KEYWORDS = ("service", "load")
QUERY_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")


def tokenize(text: str) -> list[Token]:
    """SPARQL tokens without whitespace and comments (an unclosed string becomes punctuation)."""
    tokens = []
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "punct"
        if kind in ("ws", "comment"):
            continue
        tokens.append(Token(kind, match.group(), match.start()))
    return tokens


@dataclass
class Inspection:
    """What the check learned about a query or update."""

    form: str | None = None  # SELECT, ASK, CONSTRUCT, DESCRIBE (None for updates / unparseable)
    dataset: list[tuple[str, str]] = field(default_factory=list)  # ("FROM NAMED", iri), ...

    @property
    def has_dataset_clause(self) -> bool:
        return any(k.startswith("FROM") for k, _ in self.dataset)


def _line_col(text: str, pos: int) -> str:
    line = text.count("\n", 0, pos) + 1
    col = pos - (text.rfind("\n", 0, pos) + 1) + 1
    return f"line {line}, column {col}"


def _resolve(token: Token, prefixes: dict[str, str], base: str | None) -> str | None:
    if token.kind == "iri":
        iri = token.text[1:-1]
        return urljoin(base, iri) if base and not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", iri) else iri
    if token.kind == "pname":
        prefix, _, local = token.text.partition(":")
        if prefix in prefixes:
            return prefixes[prefix] + re.sub(r"\\(.)", r"\1", local)
    return None


def _split_glued(tokens: list[Token]) -> list[Token]:
    """Split a prefixed name whose prefix is a keyword (``FROM:g`` is FROM + ``:g`` to Oxigraph)."""
    out = []
    for t in tokens:
        prefix, _, rest = t.text.partition(":")
        if t.kind == "pname" and prefix.upper() in ("FROM", "NAMED", "USING", "SERVICE", "LOAD"):
            out.append(Token("word", prefix, t.pos))
            out.append(Token("pname", ":" + rest, t.pos + len(prefix)))
        else:
            out.append(t)
    return out


MAX_NESTING = 500


def inspect(text: str, *, update: bool = False) -> tuple[Inspection, list[str]]:
    """Inspect without judging: (what was found, reasons to refuse)."""
    tokens = _split_glued(tokenize(text))
    found = Inspection()
    problems: list[str] = []
    prefixes: dict[str, str] = {}
    base: str | None = None
    depth = deepest = 0
    for i, t in enumerate(tokens):
        if t.kind == "punct" and t.text in "({[":
            depth += 1
            deepest = max(deepest, depth)
        elif t.kind == "punct" and t.text in ")}]":
            depth -= 1
        upper = t.text.upper()
        following = tokens[i + 1] if i + 1 < len(tokens) else None
        if t.kind == "word" and upper == "PREFIX" and i + 2 < len(tokens) and tokens[i + 2].kind == "iri":
            prefixes[tokens[i + 1].text.rstrip(":")] = tokens[i + 2].text[1:-1]
        elif t.kind == "word" and upper == "BASE" and following is not None and following.kind == "iri":
            base = following.text[1:-1]
        if t.kind == "word" and found.form is None and not update and upper in QUERY_FORMS:
            found.form = upper
        # A keyword glued to what precedes it is still a keyword to Oxigraph (1SERVICE, trueSERVICE).
        scanned = t.text.partition(":")[0] if t.kind == "pname" else t.text if t.kind == "word" else ""
        for keyword in REMOTE_KEYWORDS:
            if keyword in scanned.lower():
                if keyword == "service":
                    problems.append(
                        f"SERVICE (at {_line_col(text, t.pos)}): this endpoint never queries other "
                        "endpoints (federated queries are disabled); query this store only"
                        + ("" if upper == "SERVICE" else f" — the word {t.text!r} reads as SERVICE")
                    )
                else:
                    problems.append(
                        f"LOAD (at {_line_col(text, t.pos)}): this endpoint never fetches remote "
                        "data; load files with `coopgraph ingest` instead"
                        + ("" if upper == "LOAD" else f" — the word {t.text!r} reads as LOAD")
                    )
        if t.kind == "word" and upper in ("FROM", "USING"):
            keyword, j = upper, i + 1
            if j < len(tokens) and tokens[j].text.upper() == "NAMED":
                keyword, j = keyword + " NAMED", j + 1
            if j < len(tokens):
                iri = _resolve(tokens[j], prefixes, base)
                if iri is None:
                    problems.append(f"{keyword} at {_line_col(text, t.pos)} must be followed by a graph IRI")
                else:
                    found.dataset.append((keyword, iri))
    if deepest > MAX_NESTING:
        # Oxigraph's parser recurses per level: tens of thousands crash the worker process.
        problems.append(f"the query nests brackets {deepest} levels deep; at most {MAX_NESTING} are allowed")
    return found, problems


def check(text: str, *, update: bool = False, known_graphs: Collection[str] = ()) -> Inspection:
    """Inspect a query (or update) and raise UnsafeOperation if it reaches outside the store."""
    found, problems = inspect(text, update=update)
    for keyword, iri in found.dataset:
        if iri not in known_graphs:
            listed = ", ".join(f"<{g}>" for g in sorted(known_graphs)[:10]) or "none"
            more = " ..." if len(known_graphs) > 10 else ""
            problems.append(
                f"{keyword} <{iri}>: no such graph in this store, and this endpoint never fetches "
                f"remote data; {keyword} may only name the store's graphs ({listed}{more})"
            )
    if problems:
        raise UnsafeOperation("refused: " + "; ".join(dict.fromkeys(problems)))
    return found
