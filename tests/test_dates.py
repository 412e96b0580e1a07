import calendar
import doctest
import time
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coopgraph.ingest import dates as dates_module
from coopgraph.ingest.dates import parse_dates, report_period
from coopgraph.ingest.errors import CellError
from coopgraph.ingest.records import Precision

H1_2020 = {"report_start": date(2020, 1, 1), "report_end": date(2020, 6, 30)}
H2_2021 = {"report_start": date(2021, 7, 1), "report_end": date(2021, 12, 31)}

D, M, Q, H, Y = Precision.DAY, Precision.MONTH, Precision.QUARTER, Precision.HALF_YEAR, Precision.YEAR


def spans(text, report=H1_2020):
    info = parse_dates(text, **report)
    return [(p.start.isoformat(), p.end.isoformat(), p.precision) for p in info.periods]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # single days, year on the next line, abbreviations, numeric
        ("3 марта\n2020 года", [("2020-03-03", "2020-03-03", D)]),
        ("3 марта 2020 г.", [("2020-03-03", "2020-03-03", D)]),
        ("17 января\n2020 года", [("2020-01-17", "2020-01-17", D)]),
        ("31.03.2020", [("2020-03-31", "2020-03-31", D)]),
        ("05.05.20", [("2020-05-05", "2020-05-05", D)]),
        ("3\u00a0марта\u00a02020\u00a0г.", [("2020-03-03", "2020-03-03", D)]),
        # day ranges, any dash
        ("23-24 февраля\n2020 года", [("2020-02-23", "2020-02-24", D)]),
        ("9-12 марта 2020 года", [("2020-03-09", "2020-03-12", D)]),
        ("9–12 марта 2020 года", [("2020-03-09", "2020-03-12", D)]),
        ("9 — 12 марта 2020 года", [("2020-03-09", "2020-03-12", D)]),
        ("13-14 марта 2020 года", [("2020-03-13", "2020-03-14", D)]),
        ("12.03.2020-15.03.2020", [("2020-03-12", "2020-03-15", D)]),
        ("10.03-12.03.2020", [("2020-03-10", "2020-03-12", D)]),
        ("10-11.03.2020 г.", [("2020-03-10", "2020-03-11", D)]),
        ("03.03.2020г.", [("2020-03-03", "2020-03-03", D)]),
        ("3 марта 2020 года, 10:00", [("2020-03-03", "2020-03-03", D)]),
        ("3 марта 2020 года в 11.30 ч.", [("2020-03-03", "2020-03-03", D)]),
        ("1-2 кв. 2021 г.", [("2021-01-01", "2021-06-30", Q)]),
        ("30 июня - 2 июля 2020 года", [("2020-06-30", "2020-07-02", D)]),
        ("в период с 1 марта по 30 апреля 2020 г.", [("2020-03-01", "2020-04-30", D)]),
        # cross-month and cross-year ranges
        ("27 сентября – 1 октября 2021 года", [("2021-09-27", "2021-10-01", D)]),
        ("с 28 февраля по 2 марта 2020 г.", [("2020-02-28", "2020-03-02", D)]),
        ("с 15 по 17 сентября 2021 года", [("2021-09-15", "2021-09-17", D)]),
        ("28 декабря 2020 – 3 января 2021 года", [("2020-12-28", "2021-01-03", D)]),
        ("28 декабря – 3 января 2021 года", [("2020-12-28", "2021-01-03", D)]),
        # months, month ranges and month lists
        ("май\n2020 года", [("2020-05-01", "2020-05-31", M)]),
        ("в мае 2020 года", [("2020-05-01", "2020-05-31", M)]),
        ("март-апрель 2020 года", [("2020-03-01", "2020-04-30", M)]),
        ("апрель-май\n2020 года", [("2020-04-01", "2020-05-31", M)]),
        ("февраль 2020 года", [("2020-02-01", "2020-02-29", M)]),
        ("февраль 2021 года", [("2021-02-01", "2021-02-28", M)]),
        ("декабрь 2020 – январь 2021 года", [("2020-12-01", "2021-01-31", M)]),
        ("март,\n май\n2020 года", [("2020-03-01", "2020-03-31", M), ("2020-05-01", "2020-05-31", M)]),
        ("март и май 2021 года", [("2021-03-01", "2021-03-31", M), ("2021-05-01", "2021-05-31", M)]),
        # separate days
        (
            "3, 5 и 7 марта 2020 года",
            [
                ("2020-03-03", "2020-03-03", D),
                ("2020-03-05", "2020-03-05", D),
                ("2020-03-07", "2020-03-07", D),
            ],
        ),
        ("10 марта, 14 апреля 2020 года", [("2020-03-10", "2020-03-10", D), ("2020-04-14", "2020-04-14", D)]),
        # half-years, quarters, years
        ("в течение II полугодия 2021 года", [("2021-07-01", "2021-12-31", H)]),
        ("I полугодие 2021 г.", [("2021-01-01", "2021-06-30", H)]),
        ("2-е полугодие 2020 года", [("2020-07-01", "2020-12-31", H)]),
        ("I квартал 2022 года", [("2022-01-01", "2022-03-31", Q)]),
        ("3 квартал 2021 г.", [("2021-07-01", "2021-09-30", Q)]),
        ("I-II квартал 2021 года", [("2021-01-01", "2021-06-30", Q)]),
        ("2021 год", [("2021-01-01", "2021-12-31", Y)]),
        ("в течение 2021 года", [("2021-01-01", "2021-12-31", Y)]),
        ("2020-2022 гг.", [("2020-01-01", "2022-12-31", Y)]),
    ],
)
def test_forms(text, expected):
    assert spans(text) == expected


def test_numeric_list_one_per_line_gives_one_period_per_day():
    info = parse_dates("31.03.2020\n09.04.2020\n15.04.2020\n23.04.2020\n05.05.2020", **H1_2020)
    assert [p.start for p in info.periods] == [
        date(2020, 3, 31),
        date(2020, 4, 9),
        date(2020, 4, 15),
        date(2020, 4, 23),
        date(2020, 5, 5),
    ]
    assert all(p.start == p.end and p.precision is D for p in info.periods)
    assert (info.start, info.end) == (date(2020, 3, 31), date(2020, 5, 5))


def test_start_and_end_span_all_periods_and_text_is_kept():
    text = "март,\n май\n2020 года"
    info = parse_dates(text, **H1_2020)
    assert info.text == text
    assert (info.start, info.end) == (date(2020, 3, 1), date(2020, 5, 31))
    assert not info.year_inferred


@pytest.mark.parametrize(
    ("text", "report", "start", "end"),
    [
        ("1-30 июня", H1_2020, date(2020, 6, 1), date(2020, 6, 30)),
        ("с 15 по 17 сентября", H2_2021, date(2021, 9, 15), date(2021, 9, 17)),
        ("с 28 февраля по 2 марта", H1_2020, date(2020, 2, 28), date(2020, 3, 2)),
        ("II полугодие", H2_2021, date(2021, 7, 1), date(2021, 12, 31)),
        ("I квартал", H1_2020, date(2020, 1, 1), date(2020, 3, 31)),
        ("29 февраля", H1_2020, date(2020, 2, 29), date(2020, 2, 29)),
    ],
)
def test_missing_year_comes_from_the_report(text, report, start, end):
    info = parse_dates(text, **report)
    assert (info.start, info.end) == (start, end)
    assert info.year_inferred


def test_missing_year_picks_the_report_year_the_date_falls_in():
    winter = {"report_start": date(2020, 10, 1), "report_end": date(2021, 3, 31)}
    assert parse_dates("15 февраля", **winter).start == date(2021, 2, 15)
    assert parse_dates("15 ноября", **winter).start == date(2020, 11, 15)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("31 февраля 2020", "no 31 февраля 2020"),
        ("29 февраля 2021 года", "28 days"),
        ("31 апреля 2020 года", "no 31 апреля"),
        ("32 марта 2020 года", "neither a day"),
        ("31.13.2020", "no month 13"),
        ("", "cannot read a date"),
        ("по согласованию", "cannot read a date"),
        ("5 2020 года", "has no month"),
        ("24-23 февраля 2020 года", "ends"),
        ("V полугодие 2020 года", "no half"),
        ("II 2020 года", "полугодие"),
    ],
)
def test_impossible_or_unreadable_cells_raise_actionable_errors(text, message):
    with pytest.raises(CellError, match=message):
        parse_dates(text, **H1_2020)


def test_bundled_report_date_cells():
    cells = {
        "3 марта\n2020 года": (date(2020, 3, 3), date(2020, 3, 3), 1),
        "9-12 марта 2020 года": (date(2020, 3, 9), date(2020, 3, 12), 1),
        "март-апрель 2020 года": (date(2020, 3, 1), date(2020, 4, 30), 1),
        "1-30 июня\n2020 года": (date(2020, 6, 1), date(2020, 6, 30), 1),
        "март,\nмай\n2020 года": (date(2020, 3, 1), date(2020, 5, 31), 2),
    }
    for text, (start, end, n) in cells.items():
        info = parse_dates(text, **H1_2020)
        assert (info.start, info.end, len(info.periods)) == (start, end, n), text


def test_throughput_is_well_above_a_thousand_cells_per_second():
    cells = [
        "3 марта\n2020 года",
        "23-24 февраля 2020 года",
        "март,\n май\n2020 года",
        "31.03.2020\n09.04.2020",
    ]
    n = 2000
    began = time.perf_counter()
    for i in range(n):
        parse_dates(cells[i % len(cells)], **H1_2020)
    rate = n / (time.perf_counter() - began)
    assert rate > 1000, f"{rate:.0f} cells/s"


def test_docstring_examples_hold():
    assert doctest.testmod(dates_module).failed == 0


# --------------------------------------------------------------------------- properties

MONTHS_GEN = ["", "января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября",
              "октября", "ноября", "декабря"]  # fmt: skip
MONTHS_NOM = ["", "январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август", "сентябрь",
              "октябрь", "ноябрь", "декабрь"]  # fmt: skip
WIDE = {"report_start": date(2000, 1, 1), "report_end": date(2000, 12, 31)}
days = st.dates(min_value=date(2000, 1, 1), max_value=date(2035, 12, 31))
dashes = st.sampled_from(["-", "–", "—", " - ", " – "])
breaks = st.sampled_from([" ", "\n", "\u00a0"])
year_words = st.sampled_from(["года", "г.", "г", ""])


@settings(max_examples=200, deadline=None)
@given(day=days, gap=breaks, year_word=year_words)
def test_any_written_day_reads_back(day, gap, year_word):
    text = f"{day.day} {MONTHS_GEN[day.month]}{gap}{day.year} {year_word}"
    info = parse_dates(text, **WIDE)
    assert (info.start, info.end, info.year_inferred) == (day, day, False)
    assert parse_dates(day.strftime("%d.%m.%Y"), **WIDE).start == day


@settings(max_examples=200, deadline=None)
@given(first=days, length=st.integers(min_value=1, max_value=60), dash=dashes)
def test_any_range_reads_back(first, length, dash):
    last = first + timedelta(days=length)
    if first.month == last.month and first.year == last.year:
        text = f"{first.day}{dash}{last.day} {MONTHS_GEN[last.month]} {last.year} года"
    elif first.year == last.year:
        text = (
            f"{first.day} {MONTHS_GEN[first.month]}{dash}{last.day} {MONTHS_GEN[last.month]} {last.year} года"
        )
    else:  # the year is written once, at the end: the start belongs to the year before
        text = (
            f"{first.day} {MONTHS_GEN[first.month]}{dash}{last.day} {MONTHS_GEN[last.month]} {last.year} г."
        )
    info = parse_dates(text, **WIDE)
    assert (info.start, info.end, len(info.periods)) == (first, last, 1)


@settings(max_examples=100, deadline=None)
@given(
    year=st.integers(min_value=2000, max_value=2035),
    months=st.lists(st.integers(min_value=1, max_value=12), min_size=1, max_size=4, unique=True).map(sorted),
)
def test_any_month_list_gives_one_period_per_month(year, months):
    text = ",\n".join(MONTHS_NOM[m] for m in months) + f"\n{year} года"
    info = parse_dates(text, **WIDE)
    assert [(p.start.month, p.end.month, p.precision) for p in info.periods] == [(m, m, M) for m in months]
    assert info.end.day == calendar.monthrange(year, months[-1])[1]


H2 = {"report_start": date(2023, 7, 1), "report_end": date(2023, 12, 31)}


@pytest.mark.parametrize(
    ("text", "start", "end", "days"),
    [
        # lists: start first, end last, the days kept as periods
        ("4 июля, 9 августа,\n21 сентября 2023 года", date(2023, 7, 4), date(2023, 9, 21), 3),
        ("11.10.2023\n15.11.2023\n13.12.2023", date(2023, 10, 11), date(2023, 12, 13), 3),
        ("02.10.2023 – 06.10.2023", date(2023, 10, 2), date(2023, 10, 6), 1),
        ("с 12 по 14 октября", date(2023, 10, 12), date(2023, 10, 14), 1),
        ("29 ноября – 2 декабря 2023 года", date(2023, 11, 29), date(2023, 12, 2), 1),
    ],
)
def test_lists_and_ranges(text, start, end, days):
    info = parse_dates(text, **H2)
    assert (info.start, info.end, len(info.periods), info.approximate) == (start, end, days, False)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("ежеквартально", date(2023, 7, 1), date(2023, 12, 31)),
        ("в течение отчетного периода", date(2023, 7, 1), date(2023, 12, 31)),
        ("в течение II полугодия", date(2023, 7, 1), date(2023, 12, 31)),
        ("IV квартал 2023 года", date(2023, 10, 1), date(2023, 12, 31)),
        ("сентябрь – ноябрь", date(2023, 9, 1), date(2023, 11, 30)),
        ("2023 г.", date(2023, 1, 1), date(2023, 12, 31)),
    ],
)
def test_vague_dates_are_the_span_they_name_marked_approximate(text, start, end):
    info = parse_dates(text, **H2)
    assert (info.start, info.end, info.approximate) == (start, end, True)


def test_report_period_stands_in_for_an_unreadable_cell():
    info = report_period("по согласованию", date(2023, 7, 1), date(2023, 12, 31))
    assert (info.start, info.end, info.text, info.approximate) == (date(2023, 7, 1), date(2023, 12, 31),
                                                                   "по согласованию", True)  # fmt: skip
    assert [p.precision.value for p in info.periods] == ["half-year"]
