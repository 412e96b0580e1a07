"""The report's heading among the paragraphs above its table.

A file may carry more than the heading there: an approval stamp, a covering letter
("Направляем информацию ..."), an intro paragraph that also names the half-year. The heading is
the paragraph that opens with "Отчет" (or "Информация", "Сведения"...) and the lines after it up
to the one that names the year; without one, the block of lines (blank lines part blocks)
that names a year and reads most like a heading (period, cooperation, region); without that,
every line, as before.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from coopgraph.ingest.cleaning import one_line

_HEADING_START = re.compile(r"^(?:отч[её]т|информаци|сведени|справк|доклад)", re.IGNORECASE)
YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")
MAX_HEADING_LINES = 6
_HEADING_WORDS = (
    re.compile(
        r"\bза\s+(?:[IV]+|\d|[а-яё]+)\s+(?:полугоди|квартал)|\bза\s+(?:19|20)\d{2}\s+г", re.IGNORECASE
    ),
    re.compile(r"сотрудничеств", re.IGNORECASE),
    re.compile(r"област|кра[яй]\b|республик", re.IGNORECASE),
)


def _blocks(texts: list[str]) -> list[list[str]]:
    blocks: list[list[str]] = [[]]
    for text in texts:
        if text:
            blocks[-1].append(text)
        elif blocks[-1]:
            blocks.append([])
    return [block for block in blocks if block]


def report_heading(lines: Sequence[str]) -> str:
    """The heading, lines joined with " ".

    >>> report_heading(["УТВЕРЖДАЮ", "", "ОТЧЕТ", "о сотрудничестве за I полугодие 2021 года", "",
    ...                 "В I полугодии 2021 года органы ..."])
    'ОТЧЕТ о сотрудничестве за I полугодие 2021 года'
    """
    texts = [one_line(line) for line in lines]
    for index, text in enumerate(texts):
        if not _HEADING_START.match(text):
            continue
        taken = [t for t in texts[index : index + MAX_HEADING_LINES] if t]
        for end, line in enumerate(taken):
            if YEAR.search(line):
                return " ".join(taken[: end + 1])
    scored = [(_score(" ".join(block)), -index, block) for index, block in enumerate(_blocks(texts))]
    best = max(scored, default=None)
    if best is not None and best[0] > 0:
        return " ".join(best[2])
    return " ".join(t for t in texts if t)


def _score(text: str) -> int:
    """How much a block reads like a heading: a year is needed; a reporting period, the word
    for cooperation and a region add to it (a covering letter may name the period alone)."""
    if not YEAR.search(text):
        return 0
    return 1 + sum(1 for pattern in _HEADING_WORDS if pattern.search(text))
