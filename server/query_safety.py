"""Refuse SPARQL that could make the server connect elsewhere, before the engine sees it.

Oxigraph executes ``SERVICE <http://...>`` and ``LOAD <http://...>`` by opening HTTP
connections, so a public endpoint must never pass them on. ``FROM``/``FROM NAMED``/``USING``
never fetch in Oxigraph, but an IRI there that is not a graph of this store is either a typo or
an expectation the endpoint will not meet: refused too, with the list of graphs.

The decision is taken on a parsed query, not on a token stream, in four linear steps and one
bounded parse:

1. Codepoint escapes (``\\uXXXX``, ``\\UXXXXXXXX``) are expanded over the whole text as the
   SPARQL 1.1 grammar (§19.2) says. Oxigraph 0.5 does not do that: it expands them only inside
   IRIs and strings, and there the character stays inside the token (``"\\u0022"`` is a string
   holding a quote), while elsewhere an escape is a syntax error. The two readings can only
   disagree about where a string, IRI or comment ends, so an escape that stands for a quote, an
   angle bracket, a backslash, ``#``, a brace or a control/space character is refused, as is an
   escape that is no character at all (a surrogate, past U+10FFFF). Every other escape means the
   same to both.
2. Nesting and operator chains are counted (strings, IRIs and comments blanked first): the
   parsers recurse per level, and a 20,000-step path kills a worker.
3. Only a text containing the letters ``service`` or ``load`` (any case, anywhere, even glued to
   other words) can hold a SERVICE or LOAD: a keyword cannot be written with escapes (step 1
   makes them visible, Oxigraph rejects them). ``FROM``/``USING`` outside strings, IRIs and
   comments likewise. A text with none of them passes at once.
4. Otherwise rdflib's SPARQL grammar parses it (in the server: inside the killable query
   worker, under the query timeout — see `screen`) (its own escape pass is skipped: the text is
   already expanded) and the parse tree is searched for SERVICE, LOAD and dataset clauses. A text
   that mentions SERVICE or LOAD but does not parse is refused (fail closed): the check never
   passes what it could not read. rdflib's parser is slow (~20 KB/s, and seconds for a few
   hundred chained operators), so such a text may be at most ``MAX_PARSED_CHARS`` long.

Every refusal is one short message: each reason once, with the first place it was found.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from typing import Any


class UnsafeOperation(ValueError):
    """The request would reach outside the store; the message tells the analyst what to change."""


@dataclass
class Inspection:
    """What the check learned about a query or update."""

    form: str | None = None  # SELECT, ASK, CONSTRUCT, DESCRIBE (None for updates / unparseable)
    dataset: list[tuple[str, str]] = field(default_factory=list)  # ("FROM NAMED", iri), ...
    needs_parse: bool = False  # screened only: the parse-based check has yet to run

    @property
    def has_dataset_clause(self) -> bool:
        return any(k.startswith("FROM") for k, _ in self.dataset)


MAX_NESTING = 500  # brackets; Oxigraph's parser survives ~3,000
MAX_PATH_STEPS = 250  # `/`, `|`, `^` path operators; a 1,000-step sequence path crashes Oxigraph
MAX_OPERATORS = 2000  # expression operators and UNION/OPTIONAL/MINUS; Oxigraph crashes near 10,000
MAX_PARSED_CHARS = 20_000  # a text that must be parsed (it mentions SERVICE/LOAD/FROM/USING)

_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
# Characters that end or open a token in one reading and not in the other (see step 1).
_DELIMITERS = frozenset("\"'<>\\#{}|^`") | {chr(c) for c in range(0x21)} | {"\x7f"}

# Strings (all four quote styles, and an unclosed one to the end of its line or of the text),
# IRIs and comments. Each alternative has one way to match, so a failed attempt costs its length
# once and the unclosed fallbacks consume what it scanned: linear on any input.
_OPAQUE = re.compile(
    r"""
      '''(?:[^'\\]++|\\[\s\S]|'(?!''))*+'''
    | \"\"\"(?:[^"\\]++|\\[\s\S]|"(?!""))*+\"\"\"
    | '''[\s\S]* | \"\"\"[\s\S]*
    | '(?:[^'\\\n\r]++|\\[^\n\r])*+' | "(?:[^"\\\n\r]++|\\[^\n\r])*+"
    | '[^\n\r]* | "[^\n\r]*
    | <[^<>"{}|^`\\\x00-\x20]*+>
    | \#[^\n\r]*
    """,
    re.VERBOSE,
)
_REMOTE = re.compile(r"service|load", re.IGNORECASE)  # also ſ (long s) and K (kelvin): a superset
_DATASET = re.compile(r"from|using", re.IGNORECASE)
_FORM = re.compile(
    # Possessive throughout: `(\s+)*` backtracks exponentially on a long run of blanks.
    r"(?:\s++|\#[^\n\r]*+|BASE\s*+<[^>]*+>|PREFIX\s*+[^\s:]*+:\s*+<[^>]*+>)*+(SELECT|ASK|CONSTRUCT|DESCRIBE)\b",
    re.IGNORECASE,
)
_OPERATOR_SIGNS = ("&&", "||", "+", "-", "*", "!", "=", "<", ">")
_OPERATOR_WORDS = ("union", "optional", "minus")


def _line_col(text: str, pos: int) -> str:
    line = text.count("\n", 0, pos) + 1
    col = pos - (text.rfind("\n", 0, pos) + 1) + 1
    return f"line {line}, column {col}"


def expand_codepoint_escapes(text: str) -> str:
    """The text with ``\\uXXXX``/``\\UXXXXXXXX`` expanded; escapes the engines read differently refused."""

    def expand(match: re.Match[str]) -> str:
        code = int(match[1] or match[2], 16)
        where = _line_col(text, match.start())
        if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
            raise UnsafeOperation(f"refused: the escape {match[0]} at {where} is not a Unicode character")
        char = chr(code)
        if char in _DELIMITERS:
            raise UnsafeOperation(
                f"refused: the escape {match[0]} at {where} stands for {char!r}, which SPARQL engines "
                "read differently (as part of a string or IRI, or as its end); write the character "
                'itself, or in a string a backslash escape such as \\" or \\n'
            )
        return char

    return _ESCAPE.sub(expand, text)


def code_view(text: str) -> str:
    """The text with strings, IRIs and comments blanked (same length and lines: positions hold)."""
    if not any(opener in text for opener in ("'", '"', "<", "#")):
        return text  # nothing to blank (the regex would still try every position)
    return _OPAQUE.sub(lambda m: re.sub(r"[^\n]", " ", m[0]), text)


def _form(text: str) -> str | None:
    match = _FORM.match(text)
    return match[1].upper() if match else None


def _fold(text: str) -> str:
    """Lower case for keyword search; casefold (ſ -> s, K -> k) only where it can matter."""
    return text.lower() if text.isascii() else text.casefold()


def _structure(text: str, folded: str) -> tuple[int, int, int]:
    """(brackets opened, path operators, expression operators), counted with str.count (fast)."""
    opened = text.count("(") + text.count("{") + text.count("[")
    steps = text.count("/") + text.count("|") - 2 * text.count("||") + text.count("^") - 2 * text.count("^^")
    operators = sum(text.count(sign) for sign in _OPERATOR_SIGNS)
    operators += sum(folded.count(word) for word in _OPERATOR_WORDS)
    return opened, steps, operators


def _limit_structure(text: str, folded: str) -> None:
    """Refuse nesting and chains deeper than the parsers survive (counted, never recursed).

    Counting in the whole text over-counts (strings and IRIs hold brackets and slashes), so only
    a text over a limit pays for the exact count outside strings, IRIs and comments.
    """
    opened, steps, operators = _structure(text, folded)
    if opened <= MAX_NESTING and steps <= MAX_PATH_STEPS and operators <= MAX_OPERATORS:
        return
    code = code_view(text)
    if code is not text:
        opened, steps, operators = _structure(code, _fold(code))
    brackets = re.sub(r"[^(){}\[\]]+", "", code)
    depth = max(itertools.accumulate(1 if b in "({[" else -1 for b in brackets), default=0)
    if depth > MAX_NESTING:
        raise UnsafeOperation(
            f"refused: the query nests brackets {depth} levels deep; at most {MAX_NESTING} are allowed"
        )
    if steps > MAX_PATH_STEPS:
        raise UnsafeOperation(
            f"refused: the query has {steps} property-path operators (/ | ^); at most {MAX_PATH_STEPS} "
            "are allowed — write a long path as several triple patterns"
        )
    if operators > MAX_OPERATORS:
        raise UnsafeOperation(
            f"refused: the query has {operators} operators (&&, ||, +, -, *, !, comparisons, UNION, "
            f"OPTIONAL, MINUS); at most {MAX_OPERATORS} are allowed — use VALUES or IN (...) for long lists"
        )


def _find(text: str, folded: str, words: tuple[str, ...]) -> int | None:
    """Where the first of `words` occurs in any case (None: nowhere); linear, C speed."""
    hits = [i for i in (folded.find(w) for w in words) if i >= 0]
    if not hits:
        return None
    if len(folded) != len(text):  # casefolding changed lengths (ß -> ss): find the place again
        match = re.search("|".join(words), text, re.IGNORECASE)
        return match.start() if match else 0
    return min(hits)


def _first(pattern: str, code: str) -> str:
    """Where a keyword first appears outside strings, IRIs and comments (for the message)."""
    match = re.search(rf"(?<![\w?$]){pattern}", code, re.IGNORECASE)
    return f" (at {_line_col(code, match.start())})" if match else ""


def _nodes(tree: Any) -> Iterator[Any]:
    """Every CompValue of an rdflib parse tree (iteratively: trees can be deep)."""
    from rdflib.plugins.sparql.parserutils import CompValue

    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, CompValue):
            yield node
            stack.extend(node.values())
        elif isinstance(node, (list, tuple)) or type(node).__name__ == "ParseResults":
            stack.extend(node)


def _parse(text: str, update: bool) -> tuple[list[tuple[Any, Any]], str | None]:
    """[(prologue, operation), ...] and the query form, by rdflib's grammar (escapes already expanded)."""
    from rdflib.plugins.sparql import parser

    if update:
        tree = parser.UpdateUnit.parse_string(text, parse_all=True)[0]
        return list(zip(tree.prologue, tree.get("request") or [], strict=False)), None
    prologue, query = parser.Query.parse_string(text, parse_all=True)
    form = {"SelectQuery": "SELECT", "AskQuery": "ASK", "ConstructQuery": "CONSTRUCT"}.get(query.name)
    return [(prologue, query)], form or ("DESCRIBE" if query.name == "DescribeQuery" else None)


def _dataset(parts: list[tuple[Any, Any]]) -> tuple[list[tuple[str, str]], list[str]]:
    from rdflib.plugins.sparql.algebra import translatePrologue

    dataset: list[tuple[str, str]] = []
    problems: list[str] = []
    previous = None
    for prologue_part, operation in parts:
        prologue = translatePrologue(prologue_part, None, None, previous)
        previous = prologue
        for node in _nodes(operation):
            if node.name not in ("DatasetClause", "UsingClause"):
                continue
            keyword = "FROM" if node.name == "DatasetClause" else "USING"
            named = "named" in node
            term = node.get("named") if named else node.get("default")
            keyword += " NAMED" if named else ""
            try:
                dataset.append((keyword, str(prologue.absolutize(term))))
            except Exception:  # an undeclared prefix: rdflib's own error type is a bare Exception
                problems.append(f"{keyword} must be followed by a graph IRI (an undeclared prefix?)")
    return dataset, problems


def inspect(text: str, *, update: bool = False, parse: bool = True) -> tuple[Inspection, list[str]]:
    """Inspect without judging the graphs: (what was found, reasons to refuse).

    Raises UnsafeOperation at once for a text that cannot be inspected safely (escapes the
    engines read differently, nesting or chains too deep, too long to parse). With
    ``parse=False`` only the linear steps run and ``needs_parse`` says whether the parse must.
    """
    expanded = expand_codepoint_escapes(text)
    folded = _fold(expanded)
    _limit_structure(expanded, folded)
    found = Inspection(form=None if update else _form(expanded))
    remote = _find(expanded, folded, ("service", "load"))
    dataset = _find(expanded, folded, ("from", "using"))
    code = None
    if dataset is not None:  # does FROM/USING appear outside strings, IRIs and comments?
        code = code_view(expanded)
        dataset = _find(code, _fold(code), ("from", "using"))
    if remote is None and dataset is None:
        return found, []
    first = min(i for i in (remote, dataset) if i is not None)
    at = expanded[first : first + 8].casefold()
    mentioned = next((w.upper() for w in ("service", "load", "from", "using") if at.startswith(w)), "SERVICE")
    if len(expanded) > MAX_PARSED_CHARS:
        raise UnsafeOperation(
            f"refused: the text mentions {mentioned} (at {_line_col(expanded, first)}), so the safety check "
            f"must parse it, and it parses at most {MAX_PARSED_CHARS} characters (this one has "
            f"{len(expanded)}); shorten it"
        )
    if not parse:
        found.needs_parse = True
        return found, []
    code = code_view(expanded) if code is None else code
    try:
        parts, form = _parse(expanded, update)
    except (Exception, RecursionError) as exc:  # pyparsing's errors, or a grammar recursing too deep
        if remote is None:
            return found, []  # nothing could reach out; the engine reports the syntax error itself
        detail = " ".join(str(exc).split())[:160]
        raise UnsafeOperation(
            f"refused: the text mentions {mentioned} (at {_line_col(expanded, first)}) and "
            f"the safety check could not read it as SPARQL ({detail}); only a query the check can read "
            "may mention SERVICE or LOAD"
        ) from None
    found.form = form if not update else None
    problems: list[str] = []
    names = {node.name for _, operation in parts for node in _nodes(operation)}
    if "ServiceGraphPattern" in names:
        problems.append(
            f"SERVICE{_first('service', code)}: this endpoint never queries other endpoints "
            "(federated queries are disabled); query this store only"
        )
    if "Load" in names:
        problems.append(
            f"LOAD{_first('load', code)}: this endpoint never fetches remote data; "
            "load files with `coopgraph ingest` instead"
        )
    found.dataset, dataset_problems = _dataset(parts)
    return found, problems + dataset_problems


def screen(text: str, *, update: bool = False) -> Inspection:
    """The linear part of the check, cheap enough for a request thread (milliseconds on any body).

    Raises UnsafeOperation for what it can refuse alone; ``needs_parse`` tells the caller to run
    `check` where slow work belongs (the server does it in the killable query worker: rdflib's
    parser takes seconds on some 10 KB texts).
    """
    return inspect(text, update=update, parse=False)[0]


def check(text: str, *, update: bool = False, known_graphs: Collection[str] = ()) -> Inspection:
    """Inspect a query (or update) and raise UnsafeOperation if it reaches outside the store."""
    found, problems = inspect(text, update=update)
    for keyword, iri in dict.fromkeys(found.dataset):
        if iri not in known_graphs:
            listed = ", ".join(f"<{g}>" for g in sorted(known_graphs)[:10]) or "none"
            more = " ..." if len(known_graphs) > 10 else ""
            problems.append(
                f"{keyword} <{iri}>: no such graph in this store, and this endpoint never fetches "
                f"remote data; {keyword} may only name the store's graphs ({listed}{more})"
            )
    if problems:
        shown = list(dict.fromkeys(problems))
        extra = f" (and {len(shown) - 3} more)" if len(shown) > 3 else ""
        raise UnsafeOperation("refused: " + "; ".join(shown[:3]) + extra)
    return found
