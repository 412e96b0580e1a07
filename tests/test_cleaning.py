import pytest
from hypothesis import given
from hypothesis import strategies as st

from coopgraph.ingest.cleaning import clean_cell, one_line


def test_bookmark_debris_is_dropped_with_its_line():
    text = "УО «Витебский университет»\n(Республика Беларусь)\n[bookmark: _GoBack]"
    assert clean_cell(text) == "УО «Витебский университет»\n(Республика Беларусь)"
    assert clean_cell("начало [bookmark: _Hlk123] конец") == "начало конец"


def test_odd_spaces_become_one_space_and_lines_are_stripped():
    text = "  в\u00a0рабочем\u2009порядке \t\n \n\u202fг.\u00a0\u00a0Смоленск  "
    assert clean_cell(text) == "в рабочем порядке\nг. Смоленск"


def test_empty_and_blank_lines_are_dropped_but_line_structure_kept():
    assert clean_cell("3 марта\n\n   \n2020 года\n") == "3 марта\n2020 года"
    assert clean_cell("") == ""
    assert clean_cell(" \u00a0\n\t") == ""


def test_zero_width_characters_and_soft_hyphens_are_removed():
    assert clean_cell("Смолен\u00adская\u200b область\ufeff") == "Смоленская область"
    # A soft hyphen before a line break joins the two halves of the word.
    assert clean_cell("государ\u00ad\nственный") == "государственный"


def test_crlf_vertical_tab_and_line_separator_are_line_breaks():
    assert clean_cell("март,\r\nмай\x0b2020 года\u2028итого") == "март,\nмай\n2020 года\nитого"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("УО «Витебский государствен-ный университет", "УО «Витебский государственный университет"),
        ("Витебский государствен-\nный университет", "Витебский государственный университет"),
        ("о сотрудничест-\nве сторон", "о сотрудничестве сторон"),
        ("Смолен-\nской области", "Смоленской области"),
        ("при-\nмер", "пример"),  # at a line end a hyphen before a lowercase word is hyphenation
    ],
)
def test_line_break_hyphenation_is_joined(text, expected):
    assert clean_cell(text) == expected


@pytest.mark.parametrize(
    "word",
    [
        "музей-заповедник",
        "торгово-экономической",
        "Гагарин-Смоленск",
        "онлайн-викторина",
        "научно-практической",
        "социально-культурной",
        "Герои-земляки",
        "космонавты-испытатели",
        "апрель-май",
        "Кубок Дружбы-2020",
        "Комсомольск-на-Амуре",
        "при-мер",  # inside a line two dictionary words are more likely a compound: kept
    ],
)
def test_real_hyphenated_words_are_kept(word):
    assert clean_cell(word) == word


def test_real_hyphenated_word_split_at_line_end_is_rejoined_with_its_hyphen():
    assert clean_cell("ГБУК «Смоленский государственный музей-\nзаповедник»") == (
        "ГБУК «Смоленский государственный музей-заповедник»"
    )
    assert clean_cell("торгово-\nэкономической") == "торгово-экономической"


def test_capitalised_continuation_is_not_a_hyphenation():
    assert clean_cell("маршрут Гагарин-\nСмоленск") == "маршрут Гагарин-\nСмоленск"


def test_hyphen_before_a_space_is_left_alone():
    assert clean_cell("(онлайн- формат)") == "(онлайн- формат)"


def test_one_line_joins_cleaned_lines_with_single_spaces():
    assert one_line(" Отчет\nо сотрудничестве\u00a0органов\n\nза I полугодие 2020 года ") == (
        "Отчет о сотрудничестве органов за I полугодие 2020 года"
    )
    assert one_line("") == ""


def test_cleaning_the_bundled_report_is_idempotent(bundled_report_path):
    text = bundled_report_path.read_text(encoding="utf-8")
    for cell in text.split("\t"):
        once = clean_cell(cell)
        assert clean_cell(once) == once


@given(st.text(alphabet=st.sampled_from("аб вгд-\n\u00a0\t\u00ad[]bookmark:Ёё1.«»"), max_size=60))
def test_cleaned_text_has_no_debris_and_is_stable(text):
    cleaned = clean_cell(text)
    assert clean_cell(cleaned) == cleaned
    assert "\u00a0" not in cleaned and "\t" not in cleaned and "\u00ad" not in cleaned
    for line in cleaned.split("\n") if cleaned else []:
        assert line and line == line.strip() and "  " not in line
