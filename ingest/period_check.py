"""Is the report's period, read from its heading, the period its rows are dated in?

The period makes the report's id, and the id decides which stored graph an ingest replaces: a
heading left at "за I полугодие" over rows of July to December would silently replace the
first half-year. So the heading is checked against the rows before anything is stored.

The rule (justified in the README, "Report identity, replacing and history"):

- Evidence is a row whose dates are written to the day or the month ("март-апрель" too). Vague
  or unreadable dates ("ежемесячно", "в течение полугодия") are given the report's own period
  and coarse ones ("III квартал", "2020 год") cannot place an event in a half-year, so neither
  counts.
- A row is outside the period when its dates do not touch it at all (an event from 29 June to
  2 July belongs to both half-years).
- More than half of the evidence rows outside: the heading and the rows disagree and the report
  is refused, naming both periods and the `--period` that chooses. Half or fewer: the outliers
  are a warning (events reported late, or a typo in one date), the heading stands.
- With `--period` the user has chosen: a disagreement is then a warning, never a refusal.
"""

from __future__ import annotations

from collections import Counter
from datetime import date

from coopgraph.ingest.errors import ReportError
from coopgraph.ingest.records import EventRecord, Precision, ReportRecord
from coopgraph.ingest.report_meta import ReportPeriod, parse_period

EVIDENCE_PRECISIONS = frozenset({Precision.DAY, Precision.MONTH})
# A strict majority of the dated rows outside the period refuses the report.
REFUSE_SHARE = 0.5


class PeriodMismatch(ReportError):
    """The heading's period and the dates of the rows disagree; nothing was stored."""


def is_evidence(event: EventRecord, period: ReportPeriod) -> bool:
    """Whether a row's dates are precise enough to confirm or contradict the report's `period`."""
    dates = event.dates
    # A vague or unreadable cell ("ежемесячно") is given the report's own span: no evidence.
    if not dates.periods or (dates.start, dates.end) == (period.start, period.end):
        return False
    return all(p.precision in EVIDENCE_PRECISIONS for p in dates.periods)


def outside(event: EventRecord, start: date, end: date) -> bool:
    return event.dates.end < start or event.dates.start > end


def rows_period(events: list[EventRecord], like: str) -> ReportPeriod:
    """The period most of `events` lie in, of the same kind as the heading's suffix `like`
    (half-year, quarter, year), or the span of their dates for other kinds."""
    starts = [e.dates.start for e in events]
    if like.endswith(("-h1", "-h2")):
        labels = Counter(f"{d.year}-H{1 if d.month <= 6 else 2}" for d in starts)
    elif "-q" in like:
        labels = Counter(f"{d.year}-Q{(d.month - 1) // 3 + 1}" for d in starts)
    elif like.isdigit():
        labels = Counter(str(d.year) for d in starts)
    else:
        return parse_period(f"{min(starts).isoformat()}..{max(e.dates.end for e in events).isoformat()}")
    return parse_period(labels.most_common(1)[0][0])


def check_period(
    record: ReportRecord, period: ReportPeriod, *, chosen: bool, today: date | None = None
) -> list[ReportError]:
    """Warnings about the report's `period` (the heading's, or one `chosen` with `--period`);
    raises PeriodMismatch when the heading's period disagrees with the dates of most rows."""
    file = record.source.file_name
    start, end = period.start, period.end
    warnings: list[ReportError] = []
    today = today or date.today()
    if start > today:
        warnings.append(
            ReportError(
                file,
                f"the report's period {period.label} ({start}..{end}) lies in the future (today is "
                f"{today}): check the year in the heading, or name the period with --period",
                field="title",
            )
        )
    dated = [e for e in record.events if is_evidence(e, period)]
    away = [e for e in dated if outside(e, start, end)]
    if not away:
        return warnings
    found = rows_period(away, period.suffix)
    rows = ", ".join(str(e.row_number) for e in away[:10]) + (", …" if len(away) > 10 else "")
    whose = "the period chosen with --period" if chosen else "the heading's period"
    summary = (
        f"{len(away)} of {len(dated)} rows dated to the day or month lie outside {whose} "
        f"{period.label} ({start}..{end}), most of them in {found.label} (rows {rows})"
    )
    if chosen or len(away) <= REFUSE_SHARE * len(dated):
        return [*warnings, ReportError(file, summary, field="dates")]
    raise PeriodMismatch(
        file,
        f"the heading says {period.label} ({start}..{end}) but the rows say {found.label}: "
        f"{summary}; nothing stored. If the rows are right, run again with --period {found.label}; "
        f"if the heading is right, correct the dates or run again with --period {period.label}",
        field="title",
    )
