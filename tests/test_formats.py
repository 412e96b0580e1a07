import doctest

import pytest

from coopgraph.ingest import formats as formats_module
from coopgraph.ingest.formats import detect_formats
from coopgraph.ingest.records import EventFormat

ONLINE, DISTANCE = EventFormat.ONLINE, EventFormat.DISTANCE
CORR, WORK = EventFormat.CORRESPONDENCE, EventFormat.WORKING_ORDER


@pytest.mark.parametrize(
    ("title", "place", "content", "expected"),
    [
        ("Международный проект «Наше космическое будущее» (онлайн- формат)", "г. Гагарин", "", {ONLINE}),
        ("Гагаринский урок (демонстрация материалов в онлайн-формате)", "", "", {ONLINE}),
        ("Участие в выставочном проекте «Города-герои» в электронном виде", "г. Брест", "", {ONLINE}),
        ("Онлайн-викторина «Защитники Брестской крепости»", "г. Смоленск", "", {ONLINE}),
        ("Совещание", "г. Минск", "в режиме видеоконференцсвязи", {ONLINE}),
        ("Международный телемост «Мы помним»\n(дистанционно)", "г. Смоленск", "", {DISTANCE}),
        ("Курсы в дистанционном формате", "", "", {DISTANCE}),
        ("Поэтический конкурс «БиблиоПарнас» (в заочном формате)", "г. Смоленск", "", {CORR}),
        ("Конференция «Старт в науку» (мероприятие проведено заочно)", "г. Витебск", "", {CORR}),
        ("Подписание Соглашения", "в рабочем порядке", "", {WORK}),
        ("Открытое первенство области по скалолазанию", "г. Смоленск", "Соревнования", set()),
    ],
)
def test_formats(title, place, content, expected):
    assert detect_formats(title, place, "май 2020 года", content) == frozenset(expected)


def test_working_order_counts_only_in_the_place_cell():
    assert (
        detect_formats("Встреча", "г. Смоленск", "май 2020 года", "решено в рабочем порядке") == frozenset()
    )


def test_docstring_examples_hold():
    assert doctest.testmod(formats_module).failed == 0
