import doctest
from datetime import date

import pytest

from coopgraph.ingest import report_meta as report_meta_module
from coopgraph.ingest.errors import ReadError
from coopgraph.ingest.report_meta import parse_report_title

BASE = (
    "Отчет о сотрудничестве органов исполнительной власти Смоленской области с регионами Республики Беларусь "
)


@pytest.mark.parametrize(
    ("period", "report_id", "start", "end"),
    [
        ("за I полугодие 2020 года", "smolensk-belarus-2020-h1", date(2020, 1, 1), date(2020, 6, 30)),
        ("за II полугодие 2021 года", "smolensk-belarus-2021-h2", date(2021, 7, 1), date(2021, 12, 31)),
        ("за 2-е полугодие 2019 г.", "smolensk-belarus-2019-h2", date(2019, 7, 1), date(2019, 12, 31)),
        ("за первое полугодие 2022 года", "smolensk-belarus-2022-h1", date(2022, 1, 1), date(2022, 6, 30)),
        ("за 2021 год", "smolensk-belarus-2021", date(2021, 1, 1), date(2021, 12, 31)),
        ("за 1 квартал 2022 года", "smolensk-belarus-2022-q1", date(2022, 1, 1), date(2022, 3, 31)),
        ("за I квартал 2022 года", "smolensk-belarus-2022-q1", date(2022, 1, 1), date(2022, 3, 31)),
        ("за III квартал 2021 года", "smolensk-belarus-2021-q3", date(2021, 7, 1), date(2021, 9, 30)),
        ("за 9 месяцев 2021 года", "smolensk-belarus-2021-9m", date(2021, 1, 1), date(2021, 9, 30)),
        ("в 2022 году", "smolensk-belarus-2022", date(2022, 1, 1), date(2022, 12, 31)),
        ("во II полугодии 2022 года", "smolensk-belarus-2022-h2", date(2022, 7, 1), date(2022, 12, 31)),
        (
            "за январь-март 2021 года",
            "smolensk-belarus-2021-01-01-2021-03-31",
            date(2021, 1, 1),
            date(2021, 3, 31),
        ),
    ],
)
def test_periods(period, report_id, start, end):
    assert parse_report_title(BASE + period, "r.txt") == (report_id, start, end)


def test_title_with_line_breaks_and_nbsp():
    title = (
        "Отчет\nо сотрудничестве органов исполнительной власти Смоленской\u00a0области с регионами\n"
        "Республики Беларусь\nза I полугодие 2020 года"
    )
    assert parse_report_title(title, "r.txt")[0] == "smolensk-belarus-2020-h1"


@pytest.mark.parametrize(
    ("title", "prefix"),
    [
        ("Отчет о сотрудничестве Брянской области с Республикой Беларусь за 2021 год", "bryansk-belarus"),
        (
            "Отчет о сотрудничестве Псковской области с регионами Республики Беларусь за 2021 год",
            "pskov-belarus",
        ),
        ("Отчет о сотрудничестве Курской области с Республикой Казахстан за 2021 год", "kursk-kazakhstan"),
        ("Отчет о сотрудничестве Смоленской области с Республикой Сербия за 2021 год", "smolensk-serbia"),
    ],
)
def test_region_and_partner(title, prefix):
    assert parse_report_title(title, "r.txt")[0] == prefix + "-2021"


@pytest.mark.parametrize(
    ("title", "message"),
    [
        (BASE, "reporting period"),
        (BASE + "за полугодие", "reporting period"),
        ("", "reporting period"),
        ("Отчет о сотрудничестве с регионами Республики Беларусь за 2021 год", "region"),
        ("Отчет о сотрудничестве органов власти Смоленской области за 2021 год", "partner"),
    ],
)
def test_unparseable_titles_are_read_errors_naming_the_file(title, message):
    with pytest.raises(ReadError, match=message) as caught:
        parse_report_title(title, "report.docx")
    assert caught.value.file == "report.docx"


def test_docstring_examples_hold():
    assert doctest.testmod(report_meta_module).failed == 0
