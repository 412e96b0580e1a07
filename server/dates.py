"""Dates as people write them, in the page language: "3 марта 2020", "3–5 марта 2020",
"30 марта – 2 апреля 2020" (Babel's CLDR month names, in the genitive where Russian needs it)."""

from __future__ import annotations

from datetime import date

from flask_babel import format_date

DAY_MONTH_YEAR = "d MMMM y"
DAY_MONTH = "d MMMM"


def _as_date(value: object) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def format_day(value: object) -> str:
    """One day ("3 марта 2020"); a value that is not a date is shown as it is."""
    day = _as_date(value)
    return format_date(day, DAY_MONTH_YEAR) if day else str(value or "")


def format_span(start: object, end: object) -> str:
    """A span of days, the shared month and year written once."""
    first, last = _as_date(start), _as_date(end)
    if first is None or last is None or first == last:
        return format_day(first or last or start or end)
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}–{format_date(last, DAY_MONTH_YEAR)}"
    if first.year == last.year:
        return f"{format_date(first, DAY_MONTH)} – {format_date(last, DAY_MONTH_YEAR)}"
    return f"{format_date(first, DAY_MONTH_YEAR)} – {format_date(last, DAY_MONTH_YEAR)}"
