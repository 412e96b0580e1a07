import pytest

from coopgraph.ingest.table_columns import column_map, is_column_numbering, is_header_row, label_meaning


@pytest.mark.parametrize(
    ("label", "meaning"),
    [
        ("№ п/п", "number"),
        ("№\nп/п", "number"),
        ("N п/п", "number"),
        ("Наименование мероприятия", "title"),
        ("Мероприятие", "title"),
        ("Место проведения мероприятия", "place"),
        ("Сроки проведения", "dates"),
        ("Дата проведения", "dates"),
        ("Срок проведения мероприятия", "dates"),
        ("Содержание мероприятия и результат (в том числе краткая информация о договоренностях)", "content"),
        ("Краткое описание, результаты", "content"),
        ("Участники (количество, состав)", "participants"),
        ("Участники мероприятия", "participants"),
        ("Количество участников", "participants"),
        ("Примечание", None),
        ("", None),
        ("г. Смоленск", None),
    ],
)
def test_a_label_means_the_column_whose_word_comes_first(label, meaning):
    assert label_meaning(label) == meaning


def test_columns_are_found_wherever_they_stand_and_extra_columns_are_left_out():
    header = ("№", "Наименование", "Дата проведения", "Место проведения", "Примечание", "Итоги", "Участники")
    assert column_map(header) == {
        "number": 0, "title": 1, "dates": 2, "place": 3, "content": 5, "participants": 6,
    }  # fmt: skip


def test_a_header_needs_the_number_column_and_four_meanings():
    assert not is_header_row(("Наименование", "Место", "Дата", "Содержание", "Участники"))
    assert not is_header_row(("№", "Наименование", "Место", "", "", ""))
    assert is_header_row(("№", "Наименование", "Место", "Дата", "", ""))


def test_a_long_data_cell_is_no_label():
    assert label_meaning("Место " + "очень длинный текст " * 20) is None


@pytest.mark.parametrize(
    ("cells", "numbering"),
    [
        (("1", "2", "3", "4", "5", "6"), True),
        (("1.", "2.", "3.", "4.", "5.", "6."), True),
        (("(1)", "(2)", "(3)", "(4)", "(5)", "(6)"), True),
        (("1", "2", "3", "4", "5", "6", "7"), True),
        (("1.", "Визит", "г. Минск", "май", "", ""), False),
        (("1", "3", "2", "4", "5", "6"), False),
        (("5", "6", "7"), False),
    ],
)
def test_column_numbering_rows(cells, numbering):
    assert is_column_numbering(cells) is numbering


def test_the_module_examples_run():
    import doctest

    from coopgraph.ingest import table_columns

    assert doctest.testmod(table_columns).failed == 0
