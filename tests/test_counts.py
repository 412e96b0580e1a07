import doctest

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coopgraph.ingest import counts as counts_module
from coopgraph.ingest.counts import MAX_PLAUSIBLE, parse_counts, participants_total
from coopgraph.ingest.errors import CellError
from coopgraph.ingest.records import Bound, CountKind, CountRecord

T, P = CountKind.TOTAL, CountKind.PART
EXACT, LOWER, APPROX = Bound.EXACT, Bound.LOWER, Bound.APPROXIMATE


def summary(text, column="participants"):
    return [(c.value, c.kind, c.bound, c.unit) for c in parse_counts(text, column)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Спортсмены из Республики Беларусь; спортсмены из регионов Российской Федерации, в том числе "
            "из Смоленской области (общее количество – 128 человек)",
            [(128, T, EXACT, "человек")],
        ),
        (
            "Группа одаренных детей из Республики Беларусь\n(80 человек) в сопровождении",
            [(80, T, EXACT, "человек")],
        ),
        ("Старшеклассники (количество участников – 90  человек)", [(90, T, EXACT, "человек")]),
        ("сотрудники СОГБУК «Музей Ю.А. Гагарина»\n(143 человека)", [(143, T, EXACT, "человек")]),
        ("Всего приняло участие 98 талантливых авторов.", [(98, T, EXACT, "автор")]),
        ("120 представителей молодежных и общественных организаций", [(120, T, EXACT, "представитель")]),
        ("1 200 человек", [(1200, T, EXACT, "человек")]),
        ("(128 чел.)", [(128, T, EXACT, "человек")]),
        ("1\u00a0200 человек", [(1200, T, EXACT, "человек")]),
        ("12\u2009500 зрителей", [(12500, T, EXACT, "зритель")]),
        ("свыше 2 тыс. человек", [(2000, T, LOWER, "человек")]),
        ("1,5 тысячи школьников", [(1500, T, EXACT, "школьник")]),
        ("более 50 участников", [(50, T, LOWER, "участник")]),
        ("не менее 40 спортсменов", [(40, T, LOWER, "спортсмен")]),
        ("около 300 человек", [(300, T, APPROX, "человек")]),
        ("порядка 70 волонтёров", [(70, T, APPROX, "волонтёр")]),
        ("общее количество участников – 45", [(45, T, EXACT, "человек")]),
        ("25 студентов и 5 преподавателей", [(25, P, EXACT, "студент"), (5, P, EXACT, "преподаватель")]),
        (
            "6 представителей проектной команды ОГБПОУ «Смоленский педагогический колледж» из числа "
            "педагогов и 13 обучающихся получили удостоверения",
            [(6, P, EXACT, "представитель"), (13, P, EXACT, "обучающийся")],
        ),
        (
            "общее количество – 200 человек, в том числе 40 спортсменов из Республики Беларусь",
            [(200, T, EXACT, "человек"), (40, CountKind.INCLUDED, EXACT, "спортсмен")],
        ),
    ],
)
def test_counts(text, expected):
    assert summary(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "посвящена памяти А.А. Леонова и 86-летию со дня рождения первого космонавта",
        "Победы, к 75-летию Победы",
        "Участники XLVII Общественно-научных чтений",
        "представители 22 регионов России и Минской области",
        "Плана мероприятий на\n2020-2022 годы к Соглашению",
        "Программы развития колледжа на 2020—2024 гг.",
        "V открытого регионального чемпионата",
        "распоряжением от 21 февраля 2020 года № 175-р/адм, зарегистрировано 1 июня 2020 года № 065/27-с",
        "ДС «Юбилейный» (ул. Черняховского\nд. 29)",
        "3 делегации и 5 команд",
        "в течение 10 лет",
        "9-12 марта 2020 года",
        "всего 5 команд по 10 человек",
        "1,5 км от города",
    ],
)
def test_things_that_are_not_counts(text):
    assert parse_counts(text) == ()


def test_count_keeps_its_text_and_column():
    (count,) = parse_counts("Всего приняло участие 98 талантливых авторов", "content")
    assert count.text == "Всего приняло участие 98 талантливых авторов"
    assert count.column == "content"
    (count,) = parse_counts("спортсмены (общее количество – 128 человек)")
    assert count.text == "общее количество – 128 человек"


@pytest.mark.parametrize("text", ["20 000 000 человек", "0 человек"])
def test_implausible_counts_raise(text):
    with pytest.raises(CellError, match="is not plausible"):
        parse_counts(text)


def record(value, kind):
    return CountRecord(value=value, kind=kind, bound=Bound.EXACT, text=str(value), unit="человек")


def test_participants_total_prefers_the_stated_total_then_the_sum_of_parts():
    assert participants_total([record(40, P), record(200, T)]) == 200
    assert participants_total([record(6, P), record(13, P)]) == 19
    assert participants_total([record(80, T)]) == 80
    assert participants_total([]) is None


def test_docstring_examples_hold():
    assert doctest.testmod(counts_module).failed == 0


@settings(max_examples=200, deadline=None)
@given(
    value=st.integers(min_value=1, max_value=MAX_PLAUSIBLE),
    separator=st.sampled_from([" ", "\u00a0", "\u2009", "\u202f", ""]),
    unit=st.sampled_from(["человек", "участников", "представителей", "обучающихся", "спортсменов"]),
)
def test_any_plausible_count_reads_back(value, separator, unit):
    written = f"{value:,}".replace(",", separator)
    (count,) = parse_counts(f"Приняли участие {written} {unit}")
    assert (count.value, count.kind, count.bound) == (value, T, EXACT)


@settings(max_examples=100, deadline=None)
@given(year=st.integers(min_value=1900, max_value=2100), day=st.integers(min_value=1, max_value=28))
def test_years_and_dates_are_never_counts(year, day):
    assert parse_counts(f"{day} мая {year} года, {year}-{year + 2} годы, к {year - 1900}-летию") == ()


@pytest.mark.parametrize(
    "text", ["(общее количество – 3 млрд человек)", "(общее количество – " + "9" * 5000 + " человек)"]
)
def test_absurd_counts_are_cell_errors(text):
    with pytest.raises(CellError, match="not plausible"):
        parse_counts(text)


@pytest.mark.parametrize(
    ("text", "total", "kinds"),
    [
        # counts in words, with their bound
        ("Гости праздника (около трёхсот человек)", 300, [(T, Bound.APPROXIMATE)]),
        ("Болельщики (свыше двух тысяч зрителей)", 2000, [(T, Bound.LOWER)]),
        ("Школьники района (полторы тысячи учащихся)", 1500, [(T, EXACT)]),
        ("Команды (сорок два спортсмена)", 42, [(T, EXACT)]),
        ("Читатели (около 2,5 тыс. человек)", 2500, [(T, Bound.APPROXIMATE)]),
        # "thousands" with no quantifier is not a number
        ("Тысячи зрителей на площади", None, []),
        # units decide: enterprises, teams, works, medals, tyres are never people
        ("Представители 14 организаций (35 человек)", 35, [(T, EXACT)]),
        ("Передано 300 покрышек, сыграно 6 матчей, вручено 18 медалей", None, []),
        ("Представлено 40 работ, заслушано 12 докладов; 7 команд", None, []),
        # a total beside a group inside it
        ("Всего 150 человек, из них 30 ветеранов", 150, [(T, EXACT), (CountKind.INCLUDED, EXACT)]),
        # parts by region add up, the noun of the second elided
        ("20 человек от Брянской области, 14 – от Гомельской", 34, [(P, EXACT), (P, EXACT)]),
    ],
)
def test_units_and_words_decide_what_counts(text, total, kinds):
    counts = parse_counts(text)
    assert participants_total(counts) == total
    assert [(c.kind, c.bound) for c in counts] == kinds
