"""Layouts of the report table as people send them, for the DOCX and ODT fixture builders.

A ``Layout`` says how to lay out a report's rows (a ``RawReport``: cleaned cells, so a reader
that gets the layout right returns exactly those rows): header wording and column order, a
column-number row, the table cut in two (header repeated or not, the sector carried over),
rows split across a page break into a row with an empty № cell, sector rows merged over some
columns or none, cell lines put in a nested table, and paragraphs and tables around it
(approval stamp, covering letter, intro, footnotes, signature block, executor's line).
``plan`` turns report and layout into a flat list of pieces that each builder renders.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from coopgraph.ingest.records import COLUMN_LABELS_RU, COLUMNS, RawReport

TEMPLATE_HEADER = tuple(COLUMN_LABELS_RU[c] for c in COLUMNS)
# The wording of another report of the series (forms seen in the series' templates).
OTHER_HEADER = (
    "№\nп/п",
    "Наименование мероприятия",
    "Место проведения",
    "Дата проведения",
    "Краткое описание, результаты",
    "Участники (количество, состав)",
)
COVERING_LETTER = (
    "Заместителю Губернатора Смоленской области",
    "",
    "Направляем отчет о сотрудничестве с регионами Республики Беларусь для обобщения.",
    "",
)
INTRO = ("", "Сведения о мероприятиях за отчетный период приведены в таблице.", "")
BELOW = (
    "",
    "* Мероприятие проведено в режиме видеоконференцсвязи.",
    "",
    "Заместитель Губернатора\nСмоленской области\tИ.И. Иванов",
    "",
    "Исп.: Петрова Анна Сергеевна\n8 (4812) 00-00-00",
)
CONTINUED = "Продолжение таблицы"
# How sector rows are laid out: merged over the whole row, over the first four columns only
# (the last two cells left empty), or not merged: the text in the № cell, or in the title cell.
SECTOR_STYLES = ("full", "partial", "number-cell", "title-cell")
_SPLIT_COLUMNS = ("place", "content", "participants")


@dataclass(frozen=True)
class Layout:
    header: tuple[str, ...] = TEMPLATE_HEADER
    column_order: tuple[int, ...] = tuple(range(len(COLUMNS)))  # template column at each position
    column_numbers: bool = False  # a "1 2 3 4 5 6" row under the header
    above: tuple[str, ...] = ()  # paragraphs before the heading (covering letter)
    intro: tuple[str, ...] = ()  # paragraphs between the heading and the table
    approval_table: bool = False  # an "УТВЕРЖДАЮ" block laid out as a table above all
    below: tuple[str, ...] = ()  # paragraphs after the table
    signature_table: bool = False  # a two-cell signature table after the report table
    split_after: int = 0  # data rows in the first table (0: one table)
    repeat_header_after_split: bool = True
    section_break: bool = True  # the cut is a section break (else a page break / nothing)
    split_rows_every: int = 0  # every Nth multi-line row continues in an un-numbered row
    sector_styles: tuple[str, ...] = ("full",)  # cycled through the sector rows
    nested_every: int = 0  # every Nth data row has its participants lines in a nested table


def _split(cells: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    """The row cut at a line boundary in its long cells, as Word cuts it at a page end."""
    first, rest = list(cells), [""] * len(cells)
    for column in _SPLIT_COLUMNS:
        index = COLUMNS.index(column)
        lines = cells[index].split("\n")
        cut = len(lines) // 2
        if cut == 0 or lines[cut - 1].endswith("-"):
            continue
        first[index] = "\n".join(lines[:cut])
        rest[index] = "\n".join(lines[cut:])
    return (tuple(first), tuple(rest)) if any(rest) else None


def plan(report: RawReport, layout: Layout) -> list[tuple]:
    """Pieces in document order: ("para", text), ("table",), ("header",), ("numbers",),
    ("sector", text, style), ("row", cells, nested), ("break",), ("approval",), ("signature",)."""
    order = layout.column_order
    pieces: list[tuple] = [("approval",)] if layout.approval_table else []
    pieces += [("para", line) for line in (*layout.above, report.title, *layout.intro)]
    pieces += [("table",), ("header", tuple(layout.header[i] for i in order))]
    if layout.column_numbers:
        pieces.append(("numbers",))
    sector: str | None = None
    sectors = 0
    for data_index, row in enumerate(report.rows):
        if layout.split_after and data_index == layout.split_after:
            pieces += [("break",)] if layout.section_break else []
            pieces += [("para", CONTINUED), ("table",)]
            if layout.repeat_header_after_split:
                pieces.append(("header", tuple(layout.header[i] for i in order)))
        if row.sector is not None and row.sector != sector:
            style = layout.sector_styles[sectors % len(layout.sector_styles)]
            pieces.append(("sector", row.sector, style))
            sector, sectors = row.sector, sectors + 1
        nested = bool(layout.nested_every) and data_index % layout.nested_every == 0
        split = (
            _split(row.cells)
            if layout.split_rows_every and data_index % layout.split_rows_every == 1
            else None
        )
        if split is None:
            pieces.append(("row", tuple(row.cells[i] for i in order), nested))
        else:
            pieces.append(("row", tuple(split[0][i] for i in order), nested))
            pieces.append(("row", tuple(split[1][i] for i in order), False))
    if layout.signature_table:
        pieces.append(("signature",))
    pieces += [("para", line) for line in layout.below]
    return pieces


def sector_cells(text: str, style: str, width: int) -> list[str]:
    """The cells of an unmerged sector row."""
    cells = [""] * width
    cells[0 if style == "number-cell" else 1] = text
    return cells


# Layouts every format's tests read back to the rows of the report they were built from.
LAYOUTS: dict[str, Layout] = {
    "other-wording-and-column-numbers": Layout(header=OTHER_HEADER, column_numbers=True),
    "dates-before-place": Layout(column_order=(0, 1, 3, 2, 4, 5)),
    "covering-letter-intro-footnotes-signature": Layout(
        above=COVERING_LETTER, intro=INTRO, below=BELOW, approval_table=True, signature_table=True
    ),
    "split-header-repeated": Layout(split_after=9, section_break=True),
    "split-header-not-repeated": Layout(split_after=13, repeat_header_after_split=False, section_break=False),
    "continuation-rows": Layout(split_rows_every=3),
    "sectors-merged-partly-or-not-at-all": Layout(sector_styles=SECTOR_STYLES),
    "nested-tables": Layout(nested_every=4),
    "all-at-once": Layout(
        header=OTHER_HEADER,
        column_numbers=True,
        above=COVERING_LETTER,
        intro=INTRO,
        below=BELOW,
        signature_table=True,
        split_after=11,
        split_rows_every=4,
        sector_styles=SECTOR_STYLES,
        nested_every=5,
    ),
}


def dump_text(report: RawReport, layout: Layout) -> str:
    """The layout as the text dump of the Word table: each cell starts with a tab, a blank line
    ends a row, text outside the table stays plain lines (stamp and signature tables too)."""
    lines: list[str] = []
    for piece in plan(report, layout):
        lines.extend(_dumped(piece))
    return "\n".join(lines) + "\n"


def _dumped(piece: tuple) -> list[str]:
    """The dump's lines for one piece of ``plan``; a new table or a page break leaves none."""
    kind = piece[0]
    if kind == "para":
        return piece[1].split("\n")
    if kind == "approval":
        return ["УТВЕРЖДАЮ", "Заместитель Губернатора", ""]
    if kind == "signature":
        return ["Заместитель Губернатора Смоленской области    И.И. Иванов", ""]
    if kind in ("header", "row"):
        return _dumped_row(piece[1])
    if kind == "numbers":
        return _dumped_row(str(n) for n in range(1, len(COLUMNS) + 1))
    if kind == "sector":
        _, text, style = piece
        if style == "full":
            return _dumped_row([text])
        if style == "partial":  # merged over four columns: one cell, then the last two
            return _dumped_row([text, "", ""])
        return _dumped_row(sector_cells(text, style, len(COLUMNS)))
    return []


def _dumped_row(cells: Iterable[str]) -> list[str]:
    return [*("\t" + text for text in cells), ""]
