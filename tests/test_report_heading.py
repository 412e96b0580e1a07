from coopgraph.ingest.report_heading import report_heading

TITLE = (
    "Отчет о сотрудничестве органов исполнительной власти Смоленской области с регионами "
    "Республики Беларусь за I полугодие 2021 года"
)


def test_the_heading_alone_is_the_title():
    assert report_heading(["Отчет", "о сотрудничестве ...", "за I полугодие 2021 года"]) == (
        "Отчет о сотрудничестве ... за I полугодие 2021 года"
    )


def test_a_covering_letter_and_an_intro_around_the_heading_are_left_out():
    lines = [
        "УТВЕРЖДАЮ",
        "Заместитель Губернатора",
        "",
        "Направляем информацию за I полугодие 2021 года для обобщения.",
        "",
        "ОТЧЕТ",
        "",
        TITLE.removeprefix("Отчет "),
        "",
        "В I полугодии 2021 года органы исполнительной власти продолжили взаимодействие.",
    ]
    assert report_heading(lines) == "ОТЧЕТ " + TITLE.removeprefix("Отчет ")


def test_without_a_heading_word_the_block_naming_a_year_is_the_heading():
    lines = ["Приложение 1", "", "Мероприятия по сотрудничеству", "за II полугодие 2022 года", "", "Таблица"]
    assert report_heading(lines) == "Мероприятия по сотрудничеству за II полугодие 2022 года"


def test_without_a_year_every_line_is_kept():
    assert (
        report_heading(["Отчет о сотрудничестве", "", "с регионами"]) == "Отчет о сотрудничестве с регионами"
    )


def test_the_module_examples_run():
    import doctest

    from coopgraph.ingest import report_heading as module

    assert doctest.testmod(module).failed == 0


def test_without_a_heading_word_the_block_most_like_a_heading_wins_over_a_covering_letter():
    lines = [
        "Направляем сведения за I полугодие 2021 года.",
        "",
        "Мероприятия по сотрудничеству Смоленской области с регионами Республики Беларусь",
        "за I полугодие 2021 года",
    ]
    assert report_heading(lines).startswith("Мероприятия по сотрудничеству")
