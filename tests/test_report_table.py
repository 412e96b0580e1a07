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


# --------------------------------------------------------------------------- layouts people send


def grid_row(line: int, cells: tuple[str, ...], spans: tuple[int, ...]) -> SourceRow:
    return SourceRow(line=line, cells=cells, spans=spans)


def test_a_sector_row_merged_over_some_columns_or_none():
    result = build_rows(
        "r.docx",
        [
            SourceRow(1, HEADER),
            grid_row(2, ("Сотрудничество в сфере культуры", "", ""), (4, 1, 1)),
            SourceRow(3, data("1.")),
            SourceRow(4, ("Сотрудничество в сфере спорта", "", "", "", "", "")),
            SourceRow(5, data("2.")),
            SourceRow(6, ("", "Сотрудничество в сфере туризма", "", "", "", "")),
            SourceRow(7, data("3.")),
        ],
        unit="table row",
    )
    assert [r.sector for r in result] == [
        "Сотрудничество в сфере культуры",
        "Сотрудничество в сфере спорта",
        "Сотрудничество в сфере туризма",
    ]


def test_a_row_with_an_empty_number_continues_the_row_above_cell_by_cell():
    first = ("7.", "Форум", "г. Минск", "май 2021 года", "Переговоры о поставках", "Делегации:")
    rest = ("", "", "", "", "техники и запчастей", "20 человек")
    result = build_rows("r.txt", rows(HEADER, first, rest, data("8.")))
    assert [r.cell("number") for r in result] == ["7.", "8."]
    assert result[0].cells == (
        "7.", "Форум", "г. Минск", "май 2021 года", "Переговоры о поставках\nтехники и запчастей",
        "Делегации:\n20 человек",
    )  # fmt: skip
    assert [r.position for r in result] == [1, 2]


def test_a_lone_text_right_of_the_title_or_in_lower_case_continues_the_row_above():
    result = build_rows(
        "r.txt",
        rows(HEADER, data("1."), ("", "", "", "", "", "(итого 5 человек)"), ("", "и гости", "", "", "", "")),
    )
    assert result[0].cell("participants") == "Делегации\n(итого 5 человек)"
    assert result[0].cell("title") == "Встреча\nи гости"
    assert result[0].sector is None


def test_a_number_merged_down_over_the_split_row_is_one_row():
    first = data("3.")
    rest = ("3.", "Встреча", "", "", "и договоренности", "")  # № and title merged down (vMerge)
    (result,) = build_rows("r.docx", rows(HEADER, first, rest))
    assert result.cell("title") == "Встреча" and result.cell("content") == "Переговоры\nи договоренности"


def test_an_unnumbered_whole_event_is_a_row_of_its_own():
    result = build_rows("r.txt", rows(HEADER, data("1."), data("", title="Выставка")))
    assert [r.cell("title") for r in result] == ["Встреча", "Выставка"]


def test_columns_in_another_order_and_an_extra_column_are_mapped_by_the_header():
    header = (
        "№ п/п",
        "Наименование",
        "Дата проведения",
        "Место проведения",
        "Примечание",
        "Результаты",
        "Участники",
    )
    row = ("1.", "Встреча", "май 2021 года", "г. Минск", "—", "Переговоры", "Делегации")
    (result,) = build_rows("r.txt", rows(header, row))
    assert result.cells == ("1.", "Встреча", "г. Минск", "май 2021 года", "Переговоры", "Делегации")


def test_captions_above_the_header_and_notes_inside_the_table_carry_nothing():
    result = build_rows(
        "r.docx",
        rows(
            ("Таблица 1",),
            HEADER,
            data("1."),
            ("Продолжение таблицы 1",),
            ("* Проведено онлайн.", "", "", "", "", ""),
            data("2."),
        ),
    )
    assert [r.cell("number") for r in result] == ["1.", "2."] and result[1].sector is None


def test_a_short_word_row_is_padded_but_a_short_text_row_is_an_error():
    (result,) = build_rows("r.docx", [*rows(HEADER), grid_row(2, data("1.")[:5], (1, 1, 1, 1, 1))])
    assert result.cell("participants") == ""
    with pytest.raises(ReadError, match="expected 6 cells, found 5"):
        build_rows("r.txt", rows(HEADER, data("1.")[:5]))


def test_a_label_merged_over_sub_columns_takes_them_all_and_the_second_header_row_is_skipped():
    header = grid_row(
        1, ("№ п/п", "Наименование", "Место", "Сроки", "Результат", "Участники"), (1, 1, 1, 1, 1, 2)
    )
    sub = SourceRow(2, ("", "", "", "", "", "количество", "состав"))
    row = SourceRow(
        3, ("1.", "Встреча", "г. Минск", "май 2021 года", "Переговоры", "20 человек", "делегации")
    )
    (result,) = build_rows("r.docx", [header, sub, row])
    assert result.cell("participants") == "20 человек\nделегации"


@pytest.mark.parametrize(
    ("cells", "spans"),
    [
        (("II.", "Сотрудничество в сфере культуры", "", "", "", ""), ()),
        (("2.", "Сотрудничество в сфере культуры"), (1, 5)),
        (("Раздел III", "Сотрудничество в сфере культуры", "", "", "", ""), ()),
        (("2. Сотрудничество в сфере культуры",), (6,)),
        (("IV. Сотрудничество в сфере культуры",), ()),
    ],
    ids=["roman", "number-beside-merged-label", "razdel", "number-in-the-label", "roman-in-the-label"],
)
def test_a_numbered_section_row_is_a_sector(cells, spans):
    source = [SourceRow(1, HEADER), SourceRow(2, cells, spans=spans), SourceRow(3, data("2.1."))]
    (result,) = build_rows("r.docx", source)
    assert result.sector == "Сотрудничество в сфере культуры" and result.cell("number") == "2.1."
