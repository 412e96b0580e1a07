import doctest

import pytest

from coopgraph.ingest import event_types as event_types_module
from coopgraph.ingest.event_types import EVENT_TYPES, classify_event

KEYS = [
    "agreement-signing",
    "meeting",
    "visit",
    "competition",
    "exhibition",
    "conference",
    "readings",
    "contest",
    "lesson",
    "webinar",
    "round-table",
    "school",
    "camp",
    "telebridge",
    "quiz",
    "presentation",
    "internship",
    "excursion",
    "festival",
    "concert",
    "online-project",
    "other",
]


def test_scheme_has_exactly_the_agreed_keys_with_both_labels():
    assert list(EVENT_TYPES) == KEYS
    assert all(ru and en for ru, en in EVENT_TYPES.values())


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        # titles of the bundled report
        ("Подписание Соглашения между Администрацией Смоленской области и ...", "agreement-signing"),
        ("Встреча с делегацией Республики Беларусь", "meeting"),
        ("Подписание  Соглашения о намерениях между Администрацией Смоленской области", "agreement-signing"),
        ("Открытое первенство    области по скалолазанию", "competition"),
        ("Открытые областные соревнования по тхэквондо «Кубок Дружбы-2020»", "competition"),
        ("Визит в г. Смоленск группы детей из Республики Беларусь", "visit"),
        ("Открытие художественной выставки «Невыдуманный космос Алексея Леонова»", "exhibition"),
        ("Презентация выставки «Вдохновленные космосом»", "presentation"),
        ("XLVII Общественно-научные чтения, посвященные памяти Ю.А. Гагарина", "readings"),
        ("Поэтический конкурс (с международным участием) «БиблиоПарнас» (в заочном формате)", "contest"),
        (
            "Международный проект «Гагаринский урок «Космос – это мы» (демонстрация материалов "
            "Гагаринского урока в онлайн-формате)",
            "lesson",
        ),
        ("Участие в выставочном проекте «Города-герои» в электронном виде к 75-летию Победы", "exhibition"),
        ("Подготовка материалов к проведению международного телемоста «Мы помним»", "telebridge"),
        ("Международный проект «Наше космическое будущее» (онлайн- формат)", "online-project"),
        ("Онлайн-викторина «Защитники Брестской крепости»", "quiz"),
        (
            "Посещение соревновательной площадки V открытого регионального чемпионата «Молодые "
            "профессионалы» (WorldSkillsRussia) делегацией Учреждения образования",
            "visit",
        ),
        (
            "Участие во II научно-практической конференции учащихся «Педагогика в лицах», "
            "профессиональная стажировка «Отраслевое сетевое взаимодействие»",
            "conference",
        ),
        ("Конкурс литературных поэтических произведений, посвященный 75-летию Победы", "contest"),
        ("Проведение зимней образовательной школы молодых лидеров приграничных регионов", "school"),
        ("Подписание Плана мероприятий на 2020-2022 годы к Соглашению", "agreement-signing"),
        # variants
        ("Международный проект «Гагаринский урок»", "lesson"),
        ("Вебинар для учителей истории", "webinar"),
        ("Круглый стол «Молодёжь приграничья» в рамках форума", "round-table"),
        ("Форум регионов России и Беларуси, круглый стол", "conference"),
        ("Семинар-совещание руководителей музеев", "conference"),
        ("Международный молодёжный лагерь «Славянское единство»", "camp"),
        ("Профильная смена для школьников", "camp"),
        ("Экскурсия по историческому центру г. Смоленска", "excursion"),
        ("Фестиваль славянской культуры «Славянский венок»", "festival"),
        ("Концерт, посвящённый Дню единения народов", "concert"),
        ("Профессиональная стажировка педагогов", "internship"),
        ("Турнир по мини-футболу среди школьников", "competition"),
        ("Чемпионат по профессиональному мастерству", "competition"),
        ("Заключение договора о сотрудничестве", "agreement-signing"),
        ("Конкурс для школьников", "contest"),
        ("Международная олимпиада по русскому языку", "contest"),
        ("Гастроли Смоленского драматического театра в г. Могилеве", "concert"),
        ("Межрегиональная выставка-ярмарка «Смоленский лён»", "exhibition"),
        ("Акция «Свеча памяти»", "other"),
    ],
)
def test_titles(title, expected):
    assert classify_event(title) == expected


def test_content_decides_when_the_title_says_nothing():
    assert classify_event("Открытое первенство области", "Соревнования") == "competition"
    assert classify_event("Мероприятие «Дружба»", "Прошёл концерт ансамблей") == "concert"
    assert classify_event("Мероприятие «Дружба»", "Обмен опытом") == "other"


def test_project_is_online_only_with_an_online_mark():
    assert classify_event("Международный проект «Память»", "проведён в онлайн-формате") == "online-project"
    assert classify_event("Международный проект «Память»", "Обмен опытом") == "other"


def test_title_beats_content():
    title = "Международный проект «Наше космическое будущее» (онлайн- формат)"
    assert classify_event(title, "В рамках проекта прошел круглый стол") == "online-project"


def test_docstring_examples_hold():
    assert doctest.testmod(event_types_module).failed == 0
