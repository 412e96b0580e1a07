import doctest
from datetime import date

import pytest

from coopgraph.ingest import agreements as agreements_module
from coopgraph.ingest.agreements import parse_agreement
from coopgraph.ingest.dates import parse_dates


def dates(text):
    return parse_dates(text, report_start=date(2020, 1, 1), report_end=date(2020, 6, 30))


ROW1_TITLE = (
    "Подписание Соглашения между Администрацией Смоленской области (Российская Федерация) и Гомельским "
    "областным исполнительным комитетом (Республика Беларусь) о сотрудничестве в торгово-экономической, "
    "научно-технической, культурной и гуманитарной областях"
)
ROW3_TITLE = (
    "Подписание  Соглашения о намерениях между Администрацией Смоленской области и ООО «Товарищество "
    "Льняная Мануфактура» (в составе учредителей – гражданин Республики Беларусь) о сотрудничестве при "
    "реализации инвестиционного проекта «Организация предприятия по возделыванию льна» на территории "
    "муниципального образования «Рославльский район» Смоленской области"
)
ROW3_CONTENT = (
    "Подписание Соглашения (утверждено распоряжением Администрации Смоленской области от 21 февраля 2020 "
    "года № 175-р/адм, зарегистрировано в протокольном отделе Управления делами Аппарата Администрации "
    "Смоленской области 1 июня 2020 года № 065/27-с)"
)
ROW4_TITLE = (
    "Подписание дополнительного Соглашения к Соглашению о сотрудничестве между Администрацией Смоленской "
    "области и   ООО «ЭГГЕР ДРЕВПРОДУКТ ГАГАРИН» (учредитель – австрийская компания «EGGER»)"
)
ROW4_CONTENT = (
    "Подписание дополнительного Соглашения (утверждено распоряжением Администрации Смоленской области от "
    "25 мая \n2020 года № 842-р/адм,     зарегистрировано в протокольном отделе Управления делами Аппарата "
    "Администрации Смоленской области 4 июня 2020 года № 068/27-с)"
)
ROW24_TITLE = (
    "Подписание Плана мероприятий на\n2020-2022 годы к Соглашению между Администрацией Смоленской области "
    "и Правительством Республики Беларусь о сотрудничестве в торгово-экономической, научно-технической и "
    "социально-культурной областях"
)


def test_row1_agreement_signed_by_correspondence():
    a = parse_agreement(
        ROW1_TITLE, ROW1_TITLE, dates("3 марта\n2020 года"), ("p1", "p2"), by_correspondence=True
    )
    assert a.kind == "agreement"
    assert a.title.startswith("Соглашение между Администрацией Смоленской области (Российская Федерация)")
    assert a.subject == (
        "о сотрудничестве в торгово-экономической, научно-технической, культурной и гуманитарной областях"
    )
    assert a.party_keys == ("p1", "p2")
    assert a.signed == date(2020, 3, 3)
    assert a.by_correspondence
    assert (a.approval_number, a.approval_date, a.registration_number) == (None, None, None)


def test_row3_intent_agreement_with_approval_and_registration():
    a = parse_agreement(ROW3_TITLE, ROW3_CONTENT, dates("29 мая\n2020 года"), ())
    assert a.kind == "intent-agreement"
    assert a.title.startswith("Соглашение о намерениях между Администрацией Смоленской области и ООО")
    assert a.subject.startswith("о сотрудничестве при реализации инвестиционного проекта")
    assert a.subject.endswith("«Рославльский район» Смоленской области")
    assert (a.approval_date, a.approval_number) == (date(2020, 2, 21), "175-р/адм")
    assert (a.registration_date, a.registration_number) == (date(2020, 6, 1), "065/27-с")
    assert a.signed == date(2020, 5, 29)


def test_row4_supplementary_agreement_with_wrapped_numbers():
    a = parse_agreement(ROW4_TITLE, ROW4_CONTENT, dates("3 июня\n2020 года"), ())
    assert a.kind == "supplementary-agreement"
    assert a.title.startswith("Дополнительное Соглашение к Соглашению о сотрудничестве между")
    assert (a.approval_date, a.approval_number) == (date(2020, 5, 25), "842-р/адм")
    assert (a.registration_date, a.registration_number) == (date(2020, 6, 4), "068/27-с")


def test_row24_plan():
    a = parse_agreement(ROW24_TITLE, "", dates("8 января\n2020 года"), ())
    assert a.kind == "plan"
    assert a.title.startswith("План мероприятий на 2020-2022 годы к Соглашению между Администрацией")
    assert a.subject.startswith("о сотрудничестве в торгово-экономической")
    assert a.signed == date(2020, 1, 8)


@pytest.mark.parametrize(
    ("title", "kind", "name"),
    [
        ("Подписание Меморандума о взаимопонимании между УО «А» и ГУО «Б»", "memorandum", "Меморандум о"),
        ("Подписание протокола заседания рабочей группы", "protocol", "Протокол заседания"),
        ("Заключение договора о сотрудничестве между ГУК «А» и ОГБУК «Б»", "agreement", "Договор о"),
        ("Подписание Программы совместных действий на 2021 год", "plan", "Программа совместных"),
        ("Участие в подписании соглашения о побратимстве городов", "agreement", "Соглашение о побратимстве"),
        ("Подписание совместного плана мероприятий", "plan", "Совместный план мероприятий"),
    ],
)
def test_other_documents(title, kind, name):
    a = parse_agreement(title, "", dates("май 2020 года"), ())
    assert a.kind == kind
    assert a.title.startswith(name)
    assert a.signed is None  # a month is not a signing day


def test_numeric_approval_date():
    content = "утверждено постановлением от 12.03.2021 № 45-п, зарегистрировано 15.03.2021 № 7/1"
    a = parse_agreement("Подписание соглашения", content, dates("15 марта 2021 г."), ())
    assert (a.approval_date, a.approval_number) == (date(2021, 3, 12), "45-п")
    assert (a.registration_date, a.registration_number) == (date(2021, 3, 15), "7/1")


@pytest.mark.parametrize(
    "title",
    [
        "Проведение зимней образовательной школы молодых лидеров",
        "Встреча с делегацией Республики Беларусь",
        "Подписание",
        "Подготовка к подписанию соглашения",
    ],
)
def test_not_a_signing(title):
    content = "проведение торжественной церемонии подписания плана реализации совместных мероприятий"
    assert parse_agreement(title, content, dates("25 февраля 2020 года"), ()) is None


def test_an_impossible_approval_date_is_left_out_and_its_number_kept():
    content = "утверждено распоряжением от 31 февраля 2020 года № 175-р/адм"
    agreement = parse_agreement("Подписание Соглашения", content, dates("3 марта 2020 года"), ())
    assert (agreement.approval_date, agreement.approval_number) == (None, "175-р/адм")
    assert agreement.unread_dates == ("31 февраля 2020",)


def test_docstring_examples_hold():
    assert doctest.testmod(agreements_module).failed == 0
