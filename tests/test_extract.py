from datetime import date

import pytest

from coopgraph.ingest.errors import ExtractionError, ReadError
from coopgraph.ingest.extract import extract_report, extract_row, row_number
from coopgraph.ingest.records import CountKind, EventFormat, FlagKind, OrgRole, RawReport, RawRow

TITLE = (
    "Отчет о сотрудничестве органов исполнительной власти Смоленской области с регионами "
    "Республики Беларусь за II полугодие 2021 года"
)
PERIOD = {"report_start": date(2021, 7, 1), "report_end": date(2021, 12, 31)}


def raw_row(
    number="1.",
    title="Встреча с делегацией Республики Беларусь",
    place="г. Смоленск",
    dates="15 сентября 2021 года",
    content="Обсуждение вопросов сотрудничества",
    participants="Представители Администрации Смоленской области",
    *,
    sector="Сотрудничество в сфере культуры",
    position=1,
):
    return RawRow(
        position=position,
        line=10 * position,
        sector=sector,
        cells=(number, title, place, dates, content, participants),
    )


def extract(row, **period):
    return extract_row(row, report_id="smolensk-belarus-2021-h2", file="r.txt", **(period or PERIOD))


def report(*rows, title=TITLE):
    return RawReport(
        path="r.txt",
        file_name="r.txt",
        media_type="text/plain",
        encoding="utf-8",
        sha256="0" * 64,
        title=title,
        rows=tuple(rows),
    )


# --------------------------------------------------------------------------- row numbers


@pytest.mark.parametrize(("cell", "number"), [("1.", 1), ("12", 12), (" 7. ", 7), ("№ 3", 3)])
def test_row_number_is_read_from_the_number_cell(cell, number):
    assert row_number(raw_row(number=cell), "r.txt") == number


@pytest.mark.parametrize("cell", ["", "а", "1.2", "0", "первый"])
def test_missing_or_non_numeric_row_number_names_the_position(cell):
    with pytest.raises(ExtractionError) as caught:
        extract(raw_row(number=cell, position=4))
    assert (caught.value.file, caught.value.row, caught.value.field) == ("r.txt", 4, "number")
    assert "№ п/п" in caught.value.message


def test_duplicate_row_numbers_name_both_rows():
    with pytest.raises(ExtractionError, match="row number 2 appears twice") as caught:
        extract_report(report(raw_row("1."), raw_row("2.", position=2), raw_row("2.", position=3)))
    assert "position 2" in caught.value.message and "position 3" in caught.value.message
    assert caught.value.field == "number"


# --------------------------------------------------------------------------- errors


def flags(event):
    return [(w.kind, w.column, w.text) for w in event.warnings if w.kind is not None]


@pytest.mark.parametrize("cell", ["31 февраля 2021 года", "по согласованию", "##.##.####", "II"])
def test_an_unreadable_date_is_the_report_period_with_a_flag(cell):
    event = extract(raw_row(number="5.", dates=cell))
    assert (event.dates.start, event.dates.end) == (date(2021, 7, 1), date(2021, 12, 31))
    assert event.dates.text == cell and event.cells[3] == cell
    assert flags(event) == [(FlagKind.DATE_UNREADABLE, "dates", cell)]


@pytest.mark.parametrize(
    ("cell", "start", "end"),
    [
        ("ежемесячно", date(2021, 7, 1), date(2021, 12, 31)),
        ("еженедельно по вторникам", date(2021, 7, 1), date(2021, 12, 31)),
        ("в течение полугодия", date(2021, 7, 1), date(2021, 12, 31)),
        ("в течение II полугодия 2021 г.", date(2021, 7, 1), date(2021, 12, 31)),
        ("IV квартал 2021 года", date(2021, 10, 1), date(2021, 12, 31)),
        ("август – ноябрь", date(2021, 8, 1), date(2021, 11, 30)),
        ("2021 г.", date(2021, 1, 1), date(2021, 12, 31)),
    ],
)
def test_a_vague_date_is_the_span_it_names_flagged_approximate(cell, start, end):
    event = extract(raw_row(dates=cell))
    assert (event.dates.start, event.dates.end) == (start, end)
    assert event.dates.approximate
    assert (FlagKind.DATE_APPROXIMATE, "dates", cell) in flags(event)


def test_a_single_month_or_days_are_not_approximate():
    for cell in ("октябрь 2021 года", "5, 12 и 19 ноября 2021 года", "30 сентября – 2 октября 2021 года"):
        event = extract(raw_row(dates=cell))
        assert not event.dates.approximate and flags(event) == [], cell


def test_an_implausible_count_is_left_out_with_a_flag():
    event = extract(
        raw_row(number="3.", participants="Школьники", content="приняли участие 99 999 999 человек")
    )
    assert event.participants_total is None and event.counts == ()
    assert [(k, c) for k, c, _ in flags(event)] == [(FlagKind.COUNT_UNREADABLE, "content")]


@pytest.mark.parametrize("cell", ["Школьники (общее количество – уточняется)", "Студенты (??? человек)"])
def test_an_announced_count_that_cannot_be_read_is_flagged(cell):
    event = extract(raw_row(participants=cell))
    assert event.participants_total is None
    assert flags(event) == [(FlagKind.COUNT_UNREADABLE, "participants", cell)]


def test_a_place_cell_with_no_place_is_kept_and_flagged():
    event = extract(raw_row(place="по месту требования"))
    assert event.places == () and event.cells[2] == "по месту требования"
    assert flags(event) == [(FlagKind.PLACE_UNREADABLE, "place", "по месту требования")]
    assert flags(extract(raw_row(place="в режиме онлайн"))) == []


def test_a_settlement_missing_from_the_gazetteer_is_flagged_in_the_nominative():
    event = extract(raw_row(place="в д. Шаталове, Починковский район"))
    assert event.places[0].name == "Шаталово"
    assert flags(event) == [(FlagKind.PLACE_UNKNOWN, "place", "д. Шаталове")]


def test_report_without_a_period_is_a_read_error():
    with pytest.raises(ReadError, match="reporting period"):
        extract_report(report(raw_row(), title="Отчет о сотрудничестве Смоленской области с Беларусью"))


# --------------------------------------------------------------------------- assembly


def test_report_record_carries_id_period_and_all_rows():
    record = extract_report(report(raw_row("1."), raw_row("2.", position=2)))
    assert record.report_id == "smolensk-belarus-2021-h2"
    assert (record.period_start, record.period_end) == (date(2021, 7, 1), date(2021, 12, 31))
    assert [e.row_number for e in record.events] == [1, 2]
    assert record.source.file_name == "r.txt"


def test_simple_row():
    event = extract(raw_row(title="Открытие выставки «Мы помним»\n(онлайн-формат)"))
    assert event.row_number == 1
    assert event.title == "Открытие выставки «Мы помним» (онлайн-формат)"
    assert event.event_type == "exhibition"
    assert event.sector_key == "culture"
    assert (event.dates.start, event.dates.end) == (date(2021, 9, 15), date(2021, 9, 15))
    assert event.formats == frozenset({EventFormat.ONLINE})
    assert [p.name for p in event.places] == ["Смоленск"]
    assert event.cells[3] == "15 сентября 2021 года"
    assert event.warnings == ()


def test_unknown_sector_gets_a_slug_and_no_sector_gives_none():
    assert extract(raw_row(sector="Сотрудничество в сфере экологии")).sector_key == (
        "sotrudnichestvo-v-sfere-ekologii"
    )
    assert extract(raw_row(sector=None)).sector_key is None


def test_counts_come_from_participants_first_then_content():
    event = extract(raw_row(participants="Школьники (45 человек)", content="Всего 300 зрителей"))
    assert [(c.value, c.column) for c in event.counts] == [(45, "participants")]
    assert event.participants_total == 45
    event = extract(raw_row(participants="Школьники", content="Всего приняли участие 300 зрителей"))
    assert [(c.value, c.column) for c in event.counts] == [(300, "content")]


def test_sum_of_parts_is_the_total_with_a_warning():
    event = extract(raw_row(participants="25 студентов и 5 преподавателей"))
    assert [c.kind for c in event.counts] == [CountKind.PART, CountKind.PART]
    assert event.participants_total == 30
    assert any("25 + 5 = 30" in w.message for w in event.warnings)


def test_inferred_year_is_flagged_only_when_the_period_spans_years_and_outside_dates_are_flagged():
    event = extract(raw_row(dates="с 15 по 17 сентября"))
    assert event.dates.year_inferred
    assert (event.dates.start, event.dates.end) == (date(2021, 9, 15), date(2021, 9, 17))
    assert flags(event) == []  # a half-year report has one year: no guess was needed
    event = extract(raw_row(dates="27 декабря – 2 января"), report_start=date(2021, 10, 1),
                    report_end=date(2022, 3, 31))  # fmt: skip
    assert (event.dates.start, event.dates.end) == (date(2021, 12, 27), date(2022, 1, 2))
    assert [k for k, _, _ in flags(event)] == [FlagKind.DATE_YEAR_GUESSED]
    event = extract(raw_row(dates="3 марта 2021 года"))
    assert [k for k, _, _ in flags(event)] == [FlagKind.DATE_OUTSIDE_PERIOD]


def test_signing_by_correspondence_has_an_agreement_with_the_parties_and_no_place():
    title = (
        "Подписание Соглашения между Администрацией Смоленской области и Гомельским областным "
        "исполнительным комитетом о сотрудничестве в области культуры"
    )
    event = extract(raw_row(title=title, place="в рабочем порядке", dates="10 октября 2021 года"))
    assert event.event_type == "agreement-signing"
    assert event.places == ()
    assert EventFormat.WORKING_ORDER in event.formats
    agreement = event.agreement
    assert agreement is not None and agreement.by_correspondence
    assert agreement.signed == date(2021, 10, 10)
    assert agreement.subject == "о сотрудничестве в области культуры"
    parties = {o.key: o for o in event.organisations if o.role is OrgRole.PARTY}
    assert list(agreement.party_keys) == list(parties)
    assert {o.country for o in parties.values()} == {"RU", "BY"}
    assert "BY-HO" in event.belarus_regions


def test_non_signing_has_no_agreement():
    assert extract(raw_row()).agreement is None


def test_an_organisation_named_in_several_cells_is_kept_once_with_its_strongest_role():
    museum = "СОГБУК «Музей Ю.А. Гагарина»"
    event = extract(
        raw_row(
            title="Открытие выставки",
            place=f"г. Гагарин,\n{museum}",
            content=f"Выставку подготовили сотрудники {museum}",
            participants=f"сотрудники {museum}",
        )
    )
    museums = [o for o in event.organisations if "Гагарина" in o.name]
    assert len(museums) == 1
    assert museums[0].role is OrgRole.HOST


def test_people_are_deduplicated_across_participants_and_content():
    event = extract(
        raw_row(
            participants="Губернатор Смоленской области А.В. Островский",
            content="Выступил А.В. Островский",
        )
    )
    assert [p.name for p in event.people] == ["А.В. Островский"]
    assert event.people[0].position == "Губернатор Смоленской области"


def test_roles_named_by_the_words_before_an_organisation():
    event = extract(
        raw_row(
            content="Поездка была организована Посольством Российской Федерации в Республике Беларусь",
            participants="Представители ГУО «Гомельский городской центр дополнительного образования детей и "
            "молодежи» при поддержке Российского центра науки и культуры в г. Гомеле; представители "
            "ОГБУК «Смоленский государственный музей-заповедник»",
        )
    )
    roles = {o.short_name.split(" ")[0]: o.role for o in event.organisations}
    assert roles["Посольство"] is OrgRole.ORGANISER
    assert roles["Российский"] is OrgRole.SUPPORTER
    assert roles["Гомельский"] is OrgRole.PARTICIPANT
    assert roles["Смоленский"] is OrgRole.PARTICIPANT


def test_a_report_of_the_same_family_with_other_sectors_dates_places_and_counts():
    rows = (
        raw_row(
            "1.",
            "Рабочий визит делегации УЗ «Витебская областная клиническая больница»",
            "г. Витебск,\nРеспублика Беларусь",
            "27 сентября – 1 октября\n2021 года",
            "Обмен опытом",
            "более 50 участников",
            sector="Сотрудничество в сфере здравоохранения",
            position=1,
        ),
        raw_row(
            "2.",
            "Онлайн-викторина «Смоленщина туристическая»",
            "г. Смоленск",
            "в течение II полугодия 2021 года",
            "Викторина проведена в онлайн-формате",
            "Школьники России и Беларуси (около 300 человек)",
            sector="Сотрудничество в сфере туризма",
            position=2,
        ),
        raw_row(
            "3.",
            "Экологический форум «Зелёный Днепр»",
            "г. Могилев, Республика Беларусь",
            "с 15 по 17 сентября",
            "Всего приняло участие свыше 2 тыс. человек",
            "Представители общественных организаций",
            sector="Сотрудничество в сфере экологии",
            position=3,
        ),
    )
    events = extract_report(report(*rows)).events
    visit, quiz, forum = events
    assert (visit.event_type, visit.sector_key) == ("visit", "health")
    assert (visit.dates.start, visit.dates.end) == (date(2021, 9, 27), date(2021, 10, 1))
    assert visit.belarus_regions == ("BY-VI",)
    assert [(c.value, c.bound.value) for c in visit.counts] == [(50, "lower")]
    assert (quiz.event_type, quiz.sector_key) == ("quiz", "tourism")
    assert (quiz.dates.start, quiz.dates.end) == (date(2021, 7, 1), date(2021, 12, 31))
    assert quiz.formats == frozenset({EventFormat.ONLINE})
    assert (quiz.participants_total, quiz.counts[0].bound.value) == (300, "approximate")
    assert (forum.event_type, forum.sector_key) == ("conference", "sotrudnichestvo-v-sfere-ekologii")
    assert forum.dates.year_inferred and forum.dates.start == date(2021, 9, 15)
    assert forum.belarus_regions == ("BY-MA",)
    assert (forum.participants_total, forum.counts[0].column) == (2000, "content")


def test_a_role_cue_reaches_across_a_wrapped_line_but_not_into_the_next_sentence():
    event = extract(
        raw_row(
            content="Встреча была организована\nАдминистрацией Смоленской области. Выступили представители "
            "Посольства Российской Федерации в Республике Беларусь",
            participants="Школьники",
        )
    )
    roles = {o.short_name.split(" ")[0]: o.role for o in event.organisations}
    assert roles["Администрация"] is OrgRole.ORGANISER
    # the next sentence has its own cue: the Embassy's representatives spoke, they took part
    assert roles["Посольство"] is OrgRole.PARTICIPANT


def test_a_settlement_missing_from_the_gazetteer_is_a_warning_but_a_venue_is_not():
    event = extract(raw_row(place="д. Нигдеево,\nДС «Юбилейный»"))
    warned = [w.message for w in event.warnings if w.column == "place"]
    assert any("Нигдеево" in m for m in warned)
    assert not any("Юбилейный" in m for m in warned)


# --------------------------------------------------------------------------- implied affiliations


def _by_key(event):
    return {o.key: o for o in event.organisations}


def test_a_governor_brings_the_body_he_heads_into_the_row():
    event = extract(raw_row(place="г. Брянск", participants="Губернатор Брянской области Ю.Е. Андреев"))
    (person,) = event.people
    assert person.organisation_key == "pravitelstvo-brianskoi-oblasti"
    body = _by_key(event)[person.organisation_key]
    assert (body.name, body.country, body.region_code) == ("Правительство Брянской области", "RU", "RU-BRY")
    assert (body.role, body.column, body.text) == (
        OrgRole.PARTICIPANT,
        "participants",
        "Губернатор Брянской области",
    )


def test_a_body_the_row_names_wins_over_the_table():
    event = extract(
        raw_row(
            place="г. Брянск",
            participants="Заместитель Губернатора Брянской области А.А. Петров; "
            "сотрудники Администрации Брянской области",
        )
    )
    (person,) = event.people
    assert person.organisation_key == "administratsiia-brianskoi-oblasti"
    assert "pravitelstvo-brianskoi-oblasti" not in _by_key(event)


def test_a_deputy_governor_in_a_row_that_never_names_the_administration():
    event = extract(
        raw_row(
            participants="Заместитель Губернатора Смоленской области Р.Л.\nБелов;\n"
            "делегация Министерства спорта и туризма Республики Беларусь (104 человека)"
        )
    )
    (person,) = event.people
    assert person.organisation_key == "administratsiia-smolenskoi-oblasti"
    assert set(_by_key(event)) == {
        "administratsiia-smolenskoi-oblasti",
        "ministerstvo-sporta-i-turizma-respubliki-belarus",
    }
    assert event.region_codes == ("RU-SMO",)


def test_a_governor_named_in_the_content_brings_a_mentioned_body():
    event = extract(
        raw_row(
            content="Приветствие Губернатора Псковской области М.Ю. Ведерникова", participants="Школьники"
        )
    )
    (person,) = event.people
    body = _by_key(event)[person.organisation_key]
    assert (body.name, body.role) == ("Администрация Псковской области", OrgRole.MENTIONED)


def test_a_governor_of_an_unknown_executive_is_not_linked_to_a_guess():
    event = extract(raw_row(participants="Губернатор Курской области Р.В. Старовойт"))
    (person,) = event.people
    assert person.organisation_key is None
    assert event.organisations == ()


def test_a_body_another_row_of_the_report_names_wins_over_the_table():
    rows = (
        raw_row(number="1.", place="г. Брянск", participants="Сотрудники Администрации Брянской области"),
        raw_row(
            number="2.", place="г. Брянск", participants="Губернатор Брянской области Н.В. Денин", position=2
        ),
        raw_row(number="3.", participants="Губернатор Курской области А.Н. Михайлов", position=3),
        raw_row(number="4.", participants="Представители Правительства Курской области", position=4),
    )
    _, second, third, _ = extract_report(report(*rows)).events
    assert second.people[0].organisation_key == "administratsiia-brianskoi-oblasti"
    assert [o.key for o in second.organisations] == ["administratsiia-brianskoi-oblasti"]
    assert third.people[0].organisation_key == "pravitelstvo-kurskoi-oblasti"
    assert [o.key for o in third.organisations] == ["pravitelstvo-kurskoi-oblasti"]
    # a report that names neither keeps the table's body
    (alone,) = extract_report(report(rows[1])).events
    assert alone.people[0].organisation_key == "pravitelstvo-brianskoi-oblasti"


def test_a_place_cell_naming_only_the_host_organisation_is_not_flagged():
    event = extract(raw_row(place="ОГБУК «Смоленский государственный музей-заповедник»"))
    assert [o.column for o in event.organisations if o.column == "place"] == ["place"]
    assert flags(event) == []


@pytest.mark.parametrize(
    ("content", "role"),
    [
        ("По итогам переговоров заключен контракт с ОАО «Гроднохимволокно» на поставку", OrgRole.COUNTERPART),
        ("Состоялся матч между ФК «Сокол» (г. Рославль) и ФК «Неман»", OrgRole.COUNTERPART),
        (
            "Выставка подготовлена совместно с ГУК «Брестский областной краеведческий музей»",
            OrgRole.ORGANISER,
        ),
        ("Семинар проведен УО «Гродненский государственный аграрный университет»", OrgRole.ORGANISER),
        ("Участники посетили ОАО «Гродно Азот»", OrgRole.HOST),
        ("приняли участие предприятия, в том числе ОАО «Гродно Азот»", OrgRole.PARTICIPANT),
        ("утвержден распоряжением Администрации Смоленской области", OrgRole.MENTIONED),
        ("Презентация продукции в Гродненском горисполкоме", OrgRole.HOST),
        ("Представлены работы из фондов ГУК «Гродненский областной музей»", OrgRole.PARTICIPANT),
        ("Победителем стала команда ГУ «Лидская детско-юношеская спортивная школа»", OrgRole.PARTICIPANT),
    ],
)
def test_the_words_before_an_organisation_in_the_content_give_its_role(content, role):
    event = extract(raw_row(content=content, participants="Школьники"))
    assert {o.role for o in event.organisations} == {role}


def test_a_list_after_a_cue_shares_its_role():
    event = extract(
        raw_row(
            content="Проведены переговоры с ОАО «Гродно Азот», ОАО «Гроднохимволокно» и ОАО «Неман», "
            "презентация площадок",
            participants="Школьники",
        )
    )
    assert [o.role for o in event.organisations] == [OrgRole.COUNTERPART] * 3


def test_a_person_in_the_content_takes_the_role_of_the_words_before_them():
    event = extract(
        raw_row(
            content="С докладом выступил профессор И.С. Петров. Отмечен вклад А.А. Смирнова в работу",
            participants="Ученые",
        )
    )
    roles = {p.name: p.role for p in event.people}
    assert roles == {"И.С. Петров": OrgRole.PARTICIPANT, "А.А. Смирнов": None}
