"""Errors a report can raise. Each names the file, and where it can, the row and field (their
base, CoopgraphError, is shared by the whole package: coopgraph.errors).

The CLI turns them into one-line messages and exit codes; nothing here prints.
"""

from __future__ import annotations

from coopgraph.errors import CoopgraphError


class ReportError(CoopgraphError):
    """A problem located in a report file."""

    def __init__(self, file: str, message: str, *, row: int | None = None, field: str | None = None) -> None:
        self.file = file
        self.row = row
        self.field = field
        self.message = message
        super().__init__(str(self))

    def __reduce__(self) -> tuple:
        # Errors cross process boundaries (parallel batch ingest): keep file, row and field.
        return (_rebuild_report_error, (type(self), self.file, self.message, self.row, self.field))

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.field is not None:
            where.append(f"field {self.field}")
        return ", ".join(where) + ": " + self.message


class ReadError(ReportError):
    """The file cannot be read as a report (encoding, layout, not a DOCX, too large...)."""


class ExtractionError(ReportError):
    """A cell holds a value that cannot be right ("31 февраля 2020")."""


class CellError(ValueError):
    """Raised by an extractor that sees only a cell's text; the caller adds file, row and field
    by turning it into an ExtractionError."""


class ValidationFailed(CoopgraphError):
    """SHACL found violations; ``problems`` lists them (each a ReportError)."""

    def __init__(self, file: str, problems: list[ReportError]) -> None:
        self.file = file
        self.problems = problems
        lines = "\n".join(f"  {p}" for p in problems)
        super().__init__(f"{file}: {len(problems)} violation(s), nothing stored:\n{lines}")

    def __reduce__(self) -> tuple:
        return (type(self), (self.file, self.problems))


def _rebuild_report_error(
    cls: type[ReportError], file: str, message: str, row: int | None, field: str | None
) -> ReportError:
    return cls(file, message, row=row, field=field)
