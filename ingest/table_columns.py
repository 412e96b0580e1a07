"""The header row of a report table: recognised by what its labels mean, not their exact words.

Reports of the series word their header differently ("Сроки проведения" / "Дата проведения",
"Содержание мероприятия и результат" / "Краткое описание, результаты", "Участники (количество,
состав)", "№\\nп/п"), and some add a column ("Примечание", "Ответственный"). Each label is
given the meaning whose word stem starts earliest in it, so "Место проведения мероприятия" is a
place although it also says "мероприятия"; the six columns of the template are then found by
meaning wherever they stand.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from coopgraph.ingest.cleaning import one_line
from coopgraph.ingest.records import COLUMNS

# Stems that open a word of each column's label. Forms, not instances: any wording that
# names the column by one of these words is that column.
_STEMS: dict[str, tuple[str, ...]] = {
    "number": ("№", "n п/п", "п/п", "пп", "номер", "no"),
    "title": ("наименован", "назван", "мероприяти", "тема", "вид мероприят", "событи"),
    "place": ("место", "местонахожд", "где "),
    "dates": ("срок", "дата", "даты", "период", "время", "когда"),
    "content": ("содержани", "кратк", "описани", "результат", "итог", "суть"),
    "participants": ("участ", "состав участ", "количеств", "кто "),
}
_MAX_LABEL_CHARS = 200  # a header label is short (the longest seen: 96); a long cell is data
_MIN_MEANINGS = 4
_COLUMN_NUMBER = re.compile(r"^\(?(\d{1,2})\)?\.?$")


def label_meaning(label: str) -> str | None:
    """The column a header label names, or None.

    >>> label_meaning("Место проведения мероприятия"), label_meaning("Участники (количество, состав)")
    ('place', 'participants')
    """
    text = " " + one_line(label).lower().replace("ё", "е") + " "
    if not text.strip() or len(text) > _MAX_LABEL_CHARS:
        return None
    best: tuple[int, str] | None = None
    for column, stems in _STEMS.items():
        for stem in stems:
            # A stem must open a word ("№" may stand anywhere: "№\nп/п", "N№").
            at = text.find(stem) if stem == "№" else text.find(" " + stem)
            if at >= 0 and (best is None or at < best[0]):
                best = (at, column)
    return best[1] if best else None


def column_map(cells: Sequence[str]) -> dict[str, int] | None:
    """Where each template column stands in a header row: {"number": 0, ...}; None when the row
    is not a report header (fewer than four of the six meanings, or no № column).

    A meaning given twice keeps its first column; columns of no known meaning are left out.
    """
    found: dict[str, int] = {}
    for index, cell in enumerate(cells):
        meaning = label_meaning(cell)
        if meaning is not None and meaning not in found:
            found[meaning] = index
    if "number" not in found or len(found) < _MIN_MEANINGS:
        return None
    return found


def is_header_row(cells: Sequence[str]) -> bool:
    """Whether cells are a report table's header row (№ п/п, Наименование мероприятия...)."""
    return len(cells) >= 2 and column_map(cells) is not None


def missing_columns(mapping: dict[str, int]) -> list[str]:
    return [c for c in COLUMNS if c not in mapping]


def is_column_numbering(cells: Sequence[str]) -> bool:
    """The "1 2 3 4 5 6" (or "(1) (2) ...") row many official tables put under the header."""
    texts = [one_line(c) for c in cells]
    filled = [t for t in texts if t]
    if len(filled) < 3:
        return False
    numbers = []
    for text in filled:
        match = _COLUMN_NUMBER.match(text)
        if match is None:
            return False
        numbers.append(int(match.group(1)))
    return numbers == list(range(numbers[0], numbers[0] + len(numbers))) and numbers[0] in (0, 1)
