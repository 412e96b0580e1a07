"""Clean the Word debris out of a cell's text, keeping its line structure.

Reports are typed in Word and reach us as DOCX or as a text dump of the table. Either way a
cell carries leftovers that are not content: bookmark markers, non-breaking and other odd
spaces, soft hyphens, and words split at a line break ("государствен-\\nный", or
"государствен-ный" where the dump kept the hyphen but lost the break). ``clean_cell`` removes
them; extractors rely on the cell's lines, so "\\n" between lines is kept.
"""

from __future__ import annotations

import re
from functools import lru_cache

from coopgraph.ingest.nominative import analyzer

_BOOKMARK = re.compile(r"\[bookmark:[^\]\n]*\]")
# Word's soft line break can survive as a vertical tab; Unicode separators mean the same.
_LINE_BREAKS = re.compile(r"\r\n|[\r\x0b\x0c\u2028\u2029\x85]")
# A soft hyphen at a line end joins the two halves of a word; elsewhere it is invisible.
_SOFT_HYPHEN_AT_BREAK = re.compile(r"\u00ad[ \t]*\n[ \t]*")
_INVISIBLE = re.compile(r"[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
# Non-breaking, figure, thin, ideographic... spaces, tabs and stray control characters.
_ODD_SPACES = re.compile(r"[\t\x00-\x08\x0e-\x1f\x7f\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_SPACE_RUN = re.compile(r" {2,}")

_CYRILLIC_WORD = "[А-Яа-яЁё]+"
# A two-part hyphenated Cyrillic word, not part of a longer chain ("Комсомольск-на-Амуре").
_HYPHENATED = re.compile(rf"(?<![\w-])({_CYRILLIC_WORD})-({_CYRILLIC_WORD})(?![\w-])")
_LINE_END_WORD = re.compile(rf"({_CYRILLIC_WORD})-$")
_LINE_START_LOWERCASE_WORD = re.compile(r"[а-яё][А-Яа-яЁё]*")


@lru_cache(maxsize=16384)
def _known(word: str) -> bool:
    return analyzer().word_is_known(word.lower())


def _is_line_break_hyphenation(left: str, right: str, *, at_line_end: bool) -> bool:
    """Whether "left-right" is one word split by hyphenation rather than a hyphenated word.

    The joined form must be a dictionary word, and the hyphenated form must not be one
    ("торгово-экономической" is in the dictionary, and so, oddly, is the joined form).
    Inside a line we also want one half to be a non-word ("ный"), because a dictionary word
    on both sides ("при-мер") is more likely a real compound than lost hyphenation; at a line
    end a hyphen before a lowercase continuation is hyphenation unless shown otherwise.
    """
    if not right[0].islower() or not _known(left + right) or _known(f"{left}-{right}"):
        return False
    return at_line_end or not (_known(left) and _known(right))


def _join_hyphenated_line_ends(lines: list[str]) -> list[str]:
    """Join a line ending in "word-" with a next line that continues the word in lowercase."""
    joined: list[str] = []
    for line in lines:
        end = _LINE_END_WORD.search(joined[-1]) if joined else None
        start = _LINE_START_LOWERCASE_WORD.match(line) if end else None
        if end and start:
            if _is_line_break_hyphenation(end.group(1), start.group(0), at_line_end=True):
                joined[-1] = joined[-1][:-1] + line
            else:  # a real hyphenated word ("музей-\nзаповедник") stays whole, on one line
                joined[-1] += line
            continue
        joined.append(line)
    return joined


def _join_hyphenation_inside(line: str) -> str:
    def repl(match: re.Match[str]) -> str:
        left, right = match.group(1), match.group(2)
        if _is_line_break_hyphenation(left, right, at_line_end=False):
            return left + right
        return match.group(0)

    return _HYPHENATED.sub(repl, line)


def clean_cell(text: str) -> str:
    """A cell's text without Word debris: lines stripped, empty lines dropped, "\\n" between.

    >>> clean_cell("  УО «Витебский государствен-ный\\u00a0университет»  \\n\\n[bookmark: _GoBack]")
    'УО «Витебский государственный университет»'
    """
    text = _BOOKMARK.sub("", text)
    text = _LINE_BREAKS.sub("\n", text)
    text = _SOFT_HYPHEN_AT_BREAK.sub("", text)
    text = _INVISIBLE.sub("", text)
    text = _ODD_SPACES.sub(" ", text)
    lines = [_SPACE_RUN.sub(" ", line).strip() for line in text.split("\n")]
    lines = _join_hyphenated_line_ends([line for line in lines if line])
    return "\n".join(_join_hyphenation_inside(line) for line in lines)


def one_line(text: str) -> str:
    """A cleaned text on one line: its lines joined by single spaces.

    >>> one_line("г. Гагарин,\\nСмоленская область")
    'г. Гагарин, Смоленская область'
    """
    return " ".join(clean_cell(text).split("\n"))
