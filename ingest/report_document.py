"""Which tables of an office document (DOCX, ODT) are the report, and which paragraphs its heading.

A report is found by its content, not its position: the first table whose first rows hold
the report's header row starts it; a later table is more of it when it repeats the header
or when it goes on with numbered rows of the same width (the author cut the table with a
section or page break and did not repeat the header). Other tables — an approval stamp above,
a signature block below — are left out, and so are paragraphs between the parts
("Продолжение таблицы") and after the table (footnotes, signatures, the executor's line).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from coopgraph.ingest.errors import ReadError
from coopgraph.ingest.records import RawRow
from coopgraph.ingest.report_heading import YEAR as _YEAR
from coopgraph.ingest.report_heading import report_heading
from coopgraph.ingest.report_table import (
    SourceRow,
    build_rows,
    captions,
    grid_width,
    looks_like_row_number,
    opens_with_header,
)


@dataclass(frozen=True)
class Block:
    """A top-level piece of the document body: a paragraph (text) or a table (rows)."""

    text: str | None = None
    rows: tuple[SourceRow, ...] = ()

    @property
    def is_table(self) -> bool:
        return self.text is None


def _continues_report(rows: tuple[SourceRow, ...], width: int) -> bool:
    """A table without a header that goes on with numbered rows as wide as the report's."""
    return any(
        row.cells and looks_like_row_number(row.cells[0]) and grid_width(row) >= width - 1 for row in rows
    )


def report_rows(file: str, blocks: Iterable[Block]) -> tuple[str, tuple[RawRow, ...]]:
    """The heading and the data rows of the report table(s) among ``blocks``."""
    above: list[str] = []
    rows: list[SourceRow] = []
    width = 0
    other_tables: list[tuple[SourceRow, ...]] = []
    for block in blocks:
        if not block.is_table:
            if not rows:
                above.append(block.text or "")
            continue
        # Rows are numbered through the report's tables, so an error names one row.
        first = len(rows) + 1
        numbered = tuple(replace(row, line=first + i) for i, row in enumerate(block.rows))
        if opens_with_header(numbered):
            rows.extend(numbered)
            width = max(width, max((grid_width(r) for r in numbered), default=0))
        elif rows and _continues_report(numbered, width):
            rows.extend(numbered)
        else:
            other_tables.append(numbered)
    if not rows and not other_tables:
        raise ReadError(file, "the document has no table: not a cooperation report")
    if not rows:
        # No table is a report: say what is wrong with the likeliest one, the longest.
        longest = max(other_tables, key=len)
        rows = list(longest)
    heading = report_heading(above)
    if not _YEAR.search(heading):
        # Some put the heading into the table's first row, above the header.
        heading = report_heading([*above, "", *captions(rows)])
    return heading, build_rows(file, rows, unit="table row")
