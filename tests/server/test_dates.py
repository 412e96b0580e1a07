"""Dates in the page language, the shared month and year written once."""

from __future__ import annotations

import pytest

from coopgraph.server.dates import format_day, format_span


@pytest.mark.parametrize(
    ("lang", "start", "end", "expected"),
    [
        ("ru", "2020-03-03", "2020-03-03", "3 марта 2020"),
        ("ru", "2020-03-03", "2020-03-05", "3–5 марта 2020"),
        ("ru", "2020-03-30", "2020-04-02", "30 марта – 2 апреля 2020"),
        ("ru", "2020-12-30", "2021-01-02", "30 декабря 2020 – 2 января 2021"),
        ("en", "2020-03-03", "2020-03-05", "3–5 March 2020"),
        ("ru", "2020-05-31", None, "31 мая 2020"),
        ("ru", None, None, ""),
    ],
)
def test_spans_are_written_in_words(app, lang, start, end, expected):
    with app.test_request_context(f"/?lang={lang}"):
        assert format_span(start, end) == expected


def test_a_value_that_is_no_date_is_shown_as_it_is(app):
    with app.test_request_context("/"):
        assert format_day("II квартал") == "II квартал" and format_day("2020-02-29") == "29 февраля 2020"
