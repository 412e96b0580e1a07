import pytest

from coopgraph.ingest.errors import ReadError
from coopgraph.ingest.records import COLUMN_LABELS_RU, COLUMNS
from coopgraph.ingest.report_table import SourceRow, build_rows, is_header_row, looks_like_row_number

HEADER = tuple(COLUMN_LABELS_RU[c] for c in COLUMNS)


def data(number: str, title: str = "Встреча") -> tuple[str, ...]:
    return (number, title, "г. Минск", "5 сентября\n2021 года", "Переговоры", "Делегации")


def rows(*cells_per_row: tuple[str, ...]) -> list[SourceRow]:
    return [SourceRow(line=10 * i + 1, cells=cells) for i, cells in enumerate(cells_per_row)]


@pytest.mark.parametrize(
    "cells",
    [
        HEADER,
        ("№\nп/п", "Наименование мероприятия", "Место проведения", "Сроки", "Содержание", "Участники"),
        ("N п/п", "Название мероприятия", "Место", "Дата проведения", "Результат", "Участники (количество)"),
        ("№\u00a0п/п", "Наименование\u00a0мероприятия", "Место и формат", "Срок", "Итоги", "Кто участвовал"),
    ],
)
def test_header_rows_are_recognised_by_content(cells):
    assert is_header_row(cells)


@pytest.mark.parametrize(
    "cells",
    [
        data("1."),
        ("Заключенные Соглашения",),
        ("Фамилия", "Должность", "Подпись"),
        ("№ п/п", "Фамилия", "Должность", "Подпись", "", ""),
    ],
)
def test_other_rows_are_not_header_rows(cells):
    assert not is_header_row(cells)


@pytest.mark.parametrize("text", ["1.", "24. ", "7", "3.1.", "12)", " 105. "])
def test_row_numbers(text):
    assert looks_like_row_number(text)


@pytest.mark.parametrize("text", ["31.03.2020", "2020 года", "май", "1-30 июня", "", "Соглашения"])
def test_not_row_numbers(text):
    assert not looks_like_row_number(text)


def test_sections_apply_to_the_rows_below_and_repeated_headers_are_skipped():
    result = build_rows(
        "r.txt",
        rows(
            HEADER,
            ("1", "2", "3", "4", "5", "6"),  # the column-number row many tables carry
            ("Сотрудничество в сфере\u00a0здравоохранения",),
            data("1."),
            HEADER,  # repeated on the next page
            data("2."),
            ("Сотрудничество в сфере туризма",),
            ("", "", "", "", "", ""),  # an empty row
            data("3."),
        ),
    )
    assert [r.position for r in result] == [1, 2, 3]
    assert [r.cell("number") for r in result] == ["1.", "2.", "3."]
    assert [r.sector for r in result] == [
        "Сотрудничество в сфере здравоохранения",
        "Сотрудничество в сфере здравоохранения",
        "Сотрудничество в сфере туризма",
    ]
    assert [r.line for r in result] == [31, 51, 81]


def test_rows_before_any_section_have_no_sector():
    result = build_rows("r.txt", rows(HEADER, data("1.")))
    assert result[0].sector is None


def test_cells_are_cleaned():
    result = build_rows("r.txt", rows(HEADER, data("1.", " Визит\u00a0в  г. Смоленск [bookmark: _GoBack]")))
    assert result[0].cell("title") == "Визит в г. Смоленск"


def test_a_row_with_five_cells_is_named_by_line_and_number():
    with pytest.raises(ReadError) as error:
        build_rows("r.txt", rows(HEADER, data("1."), data("2.")[:5]))
    message = str(error.value)
    assert "r.txt" in message and "line 21" in message and "№ 2." in message
    assert "expected 6 cells, found 5" in message
    assert error.value.row == 2


def test_table_without_header_is_not_a_report():
    with pytest.raises(ReadError, match="does not open with the report's header row"):
        build_rows("r.docx", rows(data("1."), data("2.")), unit="table row")


def test_header_with_five_columns_is_refused():
    with pytest.raises(ReadError, match="header row has 5 columns, expected 6"):
        build_rows("r.docx", rows(HEADER[:5], data("1.")[:5]))


def test_header_without_data_rows_is_refused():
    with pytest.raises(ReadError, match="no data rows"):
        build_rows("r.txt", rows(HEADER, ("Сотрудничество в сфере культуры",)))


def test_empty_cells_past_the_sixth_are_dropped_but_a_seventh_with_text_is_an_error():
    result = build_rows("r.txt", rows(HEADER, (*data("1."), "", " \u00a0")))
    assert result[0].cells == data("1.")
    with pytest.raises(ReadError, match="expected 6 cells, found 7"):
        build_rows("r.txt", rows(HEADER, (*data("1."), "лишнее")))


def test_only_flagged_rows_at_the_top_are_repeating_headers():
    # Word repeats only the flagged rows at the top; a flag further down marks nothing.
    source = [
        SourceRow(1, HEADER, marked_header=True),
        SourceRow(2, ("(1)", "(2)", "(3)", "(4)", "(5)", "(6)"), marked_header=True),
        SourceRow(3, data("1.")),
        SourceRow(4, data("2."), marked_header=True),
    ]
    assert [r.cell("number") for r in build_rows("r.docx", source)] == ["1.", "2."]
