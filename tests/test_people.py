import pytest

from coopgraph.ingest.organisations import organisation_key
from coopgraph.ingest.people import extract_people, position_organisations


def names(text, column="participants"):
    return [p.name for p in extract_people(text, column)]


# ----------------------------------------------------------------------------- report cells


def test_row1_positions_and_a_name_split_over_two_lines():
    text = (
        "Губернатор Смоленской области А.В. Островский; Председатель Гомельского областного исполнительного "
        "комитета \nГ.М. Соловей"
    )
    governor, chairman = extract_people(text, "participants")
    assert (governor.name, governor.initials, governor.surname) == ("А.В. Островский", "А.В.", "Островский")
    assert governor.key == "a-v-ostrovskii" and governor.text == "А.В. Островский"
    assert governor.position == "Губернатор Смоленской области"
    assert governor.organisation_key == organisation_key("Администрация Смоленской области")
    assert chairman.name == "Г.М. Соловей" and chairman.key == "g-m-solovei"
    assert chairman.position == "Председатель Гомельского областного исполнительного комитета"
    assert chairman.organisation_key == "gomelskii-oblastnoi-ispolnitelnyi-komitet"
    assert governor.column == "participants"


def test_row8_artist_but_not_the_honoured():
    content = (
        "Выставка открыта в рамках межрегионального проекта "
        "«Гагаринская весна» и посвящена памяти А.А. Леонова и "
        "86-летию со дня рождения первого космонавта Ю.А. Гагарина. "
        "На открытии выставки выступили космонавты, "
        "художник И. Ильчук, сотрудники музея"
    )
    (artist,) = extract_people(content, "content")
    assert (artist.name, artist.position, artist.column) == ("И. Ильчук", "художник", "content")


def test_row9_collectors_in_the_genitive_are_men():
    content = (
        "На выставке представлен фарфор на тему космоса из частной коллекции М. Губайдуллина и И. Сбруева \n"
        "(г. Москва). На презентации выступили космонавты, "
        "коллекционеры, сотрудники музея. Выставка посвящена "
        "86-летию со дня рождения первого космонавта\nЮ.А. Гагарина"
    )
    assert names(content, "content") == ["М. Губайдуллин", "И. Сбруев"]
    assert [p.key for p in extract_people(content, "content")] == ["m-gubaidullin", "i-sbruev"]


def test_row13_female_surname_in_the_instrumental():
    content = (
        "Демонстрация материалов Гагаринского урока (разработчик – "
        "Фонд популяризации пилотируемой космонавтики "
        "«Космос – это мы», \nг. Москва), встреча школьников с племянницей первого космонавта, Заслуженным "
        "работником культуры Российской Федерации\nТ.Д. Филатовой"
    )
    (niece,) = extract_people(content, "content")
    assert (niece.name, niece.surname, niece.key) == ("Т.Д. Филатова", "Филатова", "t-d-filatova")
    assert niece.position == "Заслуженный работник культуры Российской Федерации"
    assert niece.text == "Т.Д. Филатовой"


def test_row24_deputies():
    text = (
        "Заместитель Губернатора Смоленской области Р.Л. Ровбель;  "
        "\nПервый Заместитель Министра транспорта и "
        "коммуникаций Республики Беларусь\nА.А. Ляхнович"
    )
    deputy, first_deputy = extract_people(text, "participants")
    assert (deputy.name, deputy.position) == ("Р.Л. Ровбель", "Заместитель Губернатора Смоленской области")
    assert deputy.organisation_key == organisation_key("Администрация Смоленской области")
    assert first_deputy.name == "А.А. Ляхнович"
    assert (
        first_deputy.position == "Первый Заместитель Министра транспорта и коммуникаций Республики Беларусь"
    )
    assert first_deputy.organisation_key == "ministerstvo-transporta-i-kommunikatsii-respubliki-belarus"


@pytest.mark.parametrize(
    "text",
    [
        "г. Гагарин,\nСмоленская область,\nСОГБУК «Музей\nЮ.А. Гагарина»",
        "Участники XLVII Общественно-научных чтений, посвященных памяти Ю.А. Гагарина, из различных регионов",
        "космонавты-испытатели отряда космонавтов Центра подготовки космонавтов им. Ю.А. Гагарина, ученые",
        "ГБУК «Смоленская областная универсальная научная библиотека имени\nА.Т. Твардовского»",
        "УО «Витебский государственный университет имени\nП.М. Машерова»\n(Республика Беларусь)",
        "посетили Смоленскую областную филармонию\nим. М.И. Глинки, "
        "приняли участие в торжественной церемонии "
        "возложения цветов к Вечному огню и могиле Героя Советского Союза \nМ.А. Егорова.",
        "ФГБУ «НИИ ЦПК имени Ю.А. Гагарина» (Московская область, звездный городок)",
        "в честь 100-летия со дня рождения П.М. Машерова",
        "выставка, посвященная В.В. Терешковой",
        "встреча с племянницей Ю.А. Гагарина",
    ],
)
def test_memorial_and_eponym_mentions_are_not_people(text):
    assert extract_people(text, "content") == ()


# ----------------------------------------------------------------------------- variants


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Губернатор Смоленской области Островский А.В.",
            [("А.В. Островский", "Губернатор Смоленской области")],
        ),
        (
            "вручил Губернатор Смоленской области В.Н. Анохин",
            [("В.Н. Анохин", "Губернатор Смоленской области")],
        ),
        (
            "при участии Министра культуры Республики Беларусь Ю.П. Бондарь",
            [("Ю.П. Бондарь", "Министр культуры Республики Беларусь")],
        ),
        (
            "встреча с Послом Республики Беларусь в Российской Федерации В.С. Семашко",
            [("В.С. Семашко", "Посол Республики Беларусь в Российской Федерации")],
        ),
        (
            "директор ОГБУК «Смоленский государственный "
            "музей-заповедник» Е.Н. Иванова и заместитель директора "
            "О.В. Петрова",
            [
                ("Е.Н. Иванова", "директор ОГБУК «Смоленский государственный музей-заповедник»"),
                ("О.В. Петрова", "заместитель директора"),
            ],
        ),
        ("лекцию прочитала Н.А. Смирнова", [("Н.А. Смирнова", None)]),
        ("ветераны космонавтики, Т.Д. Филатова (племянница Ю.А. Гагарина)", [("Т.Д. Филатова", None)]),
        ("с участием ректора университета С.Н. Петровой", [("С.Н. Петрова", "ректор университета")]),
        (
            "в присутствии председателя Витебского облисполкома Н.Н. Шерстнева",
            [("Н.Н. Шерстнев", "председатель Витебского облисполкома")],
        ),
        (
            "наградили тренера А. Козлову и спортсмена Д. Орлова",
            [("А. Козлова", "тренер"), ("Д. Орлов", "спортсмен")],
        ),
    ],
)
def test_variants(text, expected):
    assert [(p.name, p.position) for p in extract_people(text, "content")] == expected


def test_person_organisation_from_position():
    (person,) = extract_people("в присутствии председателя Витебского облисполкома Н.Н. Шерстнева", "content")
    assert person.organisation_key == "vitebskii-oblastnoi-ispolnitelnyi-komitet"
    (director,) = extract_people(
        "директор ОГБУК «Смоленский государственный музей-заповедник» Е.Н. Иванова", "content"
    )
    assert director.organisation_key == "smolenskii-gosudarstvennyi-muzei-zapovednik"


def test_same_person_once():
    text = "Губернатор Смоленской области А.В. Островский; А.В. Островский"
    assert names(text) == ["А.В. Островский"]


def test_no_people():
    assert extract_people("", "participants") == ()
    assert (
        extract_people("Спортсмены из Республики Беларусь (общее количество – 128 человек)", "participants")
        == ()
    )
    assert extract_people("г. Смоленск, ул. Ленина, д. 5", "participants") == ()


def test_surname_first_that_looks_like_a_town():
    (person,) = extract_people("Заместитель Председателя Правительства Смоленской области Иванов И.И.", "x")
    assert (person.name, person.position) == (
        "И.И. Иванов",
        "Заместитель Председателя Правительства Смоленской области",
    )
    assert person.organisation_key == "pravitelstvo-smolenskoi-oblasti"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "приветствие Председателя Могилевского облисполкома Л.К. Заломай",
            (
                "Л.К. Заломай",
                "Председатель Могилевского облисполкома",
                "mogilevskii-oblastnoi-ispolnitelnyi-komitet",
            ),
        ),
        (
            "Глава Администрации г. Орши А.М. Сидоренко",
            ("А.М. Сидоренко", "Глава Администрации г. Орши", "administratsiia-g-orshi"),
        ),
        ("Выставка открыта в музее. Художник И. Ильчук", ("И. Ильчук", "Художник", None)),
        (
            "встреча с Губернатором Смоленской области А.В. Островским",
            ("А.В. Островский", "Губернатор Смоленской области", "administratsiia-smolenskoi-oblasti"),
        ),
    ],
)
def test_positions_across_abbreviations_and_cases(text, expected):
    (person,) = extract_people(text, "content")
    assert (person.name, person.position, person.organisation_key) == expected


# ----------------------------------------------------------------------------- implied bodies


@pytest.mark.parametrize(
    ("text", "body"),
    [
        ("Губернатор Брянской области Ю.Е. Андреев", "Правительство Брянской области"),
        ("Заместитель Губернатора Брянской области А.А. Петров", "Правительство Брянской области"),
        (
            "Заместитель Губернатора Смоленской области Р.Л.\nБелов;\nделегация",
            "Администрация Смоленской области",
        ),
        ("Губернатор Псковской области М.Ю. Ведерников", "Администрация Псковской области"),
    ],
)
def test_a_governor_belongs_to_the_executive_his_region_has(text, body):
    (person,) = extract_people(text, "participants")
    assert person.organisation_key == organisation_key(body)
    assert position_organisations(person.position)[0].name == body


def test_a_governor_of_a_region_without_a_known_executive_gets_no_guess():
    (person,) = extract_people("Губернатор Курской области Р.В. Старовойт", "participants")
    assert person.organisation_key is None
    names = {o.name for o in position_organisations(person.position)}
    assert names == {"Администрация Курской области", "Правительство Курской области"}


def test_a_position_that_names_its_body():
    (body,) = position_organisations(
        "Заместитель председателя Гомельского областного исполнительного комитета"
    )
    assert body.name == "Гомельский областной исполнительный комитет"
    assert position_organisations("Художник") == ()


@pytest.mark.parametrize(
    "text",
    [
        "Начальник управления Петров Иван Сергеевич",
        "С докладом выступил директор Иван Сергеевич Петров.",
        "встреча с Иваном Сергеевичем Петровым",
        "Начальник управления И.С. Петров",
    ],
)
def test_a_full_name_is_one_person_with_initials(text):
    (person,) = extract_people(text, "participants")
    assert (person.name, person.key) == ("И.С. Петров", "i-s-petrov")


def test_a_woman_named_in_full_keeps_her_surname():
    (person,) = extract_people("выступила профессор Анна Викторовна Соколова", "content")
    assert person.name == "А.В. Соколова"


def test_surnames_in_ovich_are_surnames():
    assert names("Заместитель председателя Марцинкевич П.А.; директор Н.Г. Дашкевич") == [
        "П.А. Марцинкевич",
        "Н.Г. Дашкевич",
    ]


def test_the_author_of_a_work_performed_is_not_a_person_of_the_row():
    assert names("Спектакль поставлен по повести В.В. Быкова", "content") == []
    assert names("Концерт по мотивам произведений М.И. Глинки", "content") == []


def test_initials_after_a_surname_at_a_sentence_end_are_that_surnames():
    text = "выступили врач Соколов И.П. и специалист Марцинкевич С.В. Обсуждены вопросы диагностики"
    assert names(text, "content") == ["И.П. Соколов", "С.В. Марцинкевич"]
