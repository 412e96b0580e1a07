"""Hand-built records for the RDF mapping and validation tests (no extractor involved).

Two invented events of an invented report of the series cover every record field: an
agreement signing by correspondence, and an online contest with places in and outside the
gazetteer, people, organisations in several roles, counts and a sector the scheme lacks.
"""

from __future__ import annotations

import dataclasses
from datetime import date

from coopgraph.ingest.records import (
    AgreementRecord,
    Bound,
    CountKind,
    CountRecord,
    DateInfo,
    EventFormat,
    EventRecord,
    OrganisationRecord,
    OrgRole,
    Period,
    PersonRecord,
    PlaceKind,
    PlaceRecord,
    Precision,
    RawReport,
    RawRow,
    ReportRecord,
    Warning_,
)

REPORT_ID = "smolensk-belarus-2021-h2"
BASE = "https://example.test/"

ADMIN = OrganisationRecord(
    key="administratsiia-smolenskoi-oblasti",
    name="Администрация Смоленской области",
    short_name="Администрация Смоленской области",
    legal_form=None,
    country="RU",
    text="Администрацией Смоленской области",
    role=OrgRole.PARTY,
    column="title",
    place_key="smolensk",
    region_code="RU-SMO",
)
MOGILEV_EXEC = OrganisationRecord(
    key="mogilevskii-oblastnoi-ispolnitelnyi-komitet",
    name="Могилевский областной исполнительный комитет",
    short_name="Могилевский областной исполнительный комитет",
    legal_form=None,
    country="BY",
    text="Могилевским областным исполнительным комитетом",
    role=OrgRole.PARTY,
    column="title",
    place_key="mogilev",
    region_code="BY-MA",
)
PERSON = PersonRecord(
    key="i-i-petrov",
    name="И.И. Петров",
    initials="И.И.",
    surname="Петров",
    text="И.И. Петров",
    position="Заместитель Губернатора Смоленской области",
    organisation_key=ADMIN.key,
)


def _raw(rows: int) -> RawReport:
    return RawReport(
        path=f"reports/{REPORT_ID}.txt",
        file_name=f"{REPORT_ID}.txt",
        media_type="text/plain",
        encoding="windows-1251",
        sha256="ab" * 32,
        title="Отчет о сотрудничестве ... за II полугодие 2021 года",
        rows=tuple(RawRow(i, 10 * i, None, ("",) * 6) for i in range(1, rows + 1)),
    )


def signing_event(row: int = 1) -> EventRecord:
    """An agreement signed by correspondence on 14 September 2021."""
    day = date(2021, 9, 14)
    cells = (
        f"{row}.",
        "Подписание Соглашения между Администрацией Смоленской области и Могилевским "
        "областным исполнительным комитетом о сотрудничестве",
        "в рабочем порядке",
        "14 сентября\n2021 года",
        "Подписание Соглашения (утверждено распоряжением Администрации Смоленской области от 2 "
        "сентября 2021 года № 901-р/адм, зарегистрировано 16 сентября 2021 года № 101/27-с)",
        "Заместитель Губернатора Смоленской области И.И. Петров",
    )
    return EventRecord(
        report_id=REPORT_ID,
        row_number=row,
        position=row,
        line=10 * row,
        sector="Заключенные Соглашения",
        sector_key="agreements",
        title=" ".join(cells[1].split()),
        event_type="agreement-signing",
        dates=DateInfo("14 сентября\n2021 года", day, day, (Period(day, day, Precision.DAY),)),
        places=(),
        formats=frozenset({EventFormat.WORKING_ORDER}),
        organisations=(ADMIN, MOGILEV_EXEC),
        people=(PERSON,),
        counts=(),
        participants_total=None,
        agreement=AgreementRecord(
            kind="agreement",
            title="Соглашение между Администрацией Смоленской области и Могилевским областным "
            "исполнительным комитетом о сотрудничестве",
            party_keys=(ADMIN.key, MOGILEV_EXEC.key),
            subject="о сотрудничестве",
            signed=day,
            approval_number="901-р/адм",
            approval_date=date(2021, 9, 2),
            registration_number="101/27-с",
            registration_date=date(2021, 9, 16),
            by_correspondence=True,
        ),
        region_codes=("RU-SMO", "BY-MA"),
        cells=cells,
    )


def contest_event(row: int = 2) -> EventRecord:
    """An online ecology contest in October and December 2021 with two stated counts."""
    oct_, dec_ = (
        Period(date(2021, 10, 1), date(2021, 10, 31), Precision.MONTH),
        Period(date(2021, 12, 1), date(2021, 12, 31), Precision.MONTH),
    )
    cells = (
        f"{row}.",
        "Конкурс экологических проектов «Зелёный мост» (онлайн)",
        "г. Рославль,\nМБУК «Рославльский дом культуры»,\nул. Ленина, д. 5",
        "октябрь,\nдекабрь",
        "Приняли участие около 40 школьников и 12 педагогов. Жюри возглавил А.Б. Сидоренко",
        "Обучающиеся школ Рославльского района; ГУО «Средняя школа № 3 г. Кричева»",
    )
    school = OrganisationRecord(
        key="guo-srednyaya-shkola-3-g-kricheva",
        name="ГУО «Средняя школа № 3 г. Кричева»",
        short_name="Средняя школа № 3 г. Кричева",
        legal_form="ГУО",
        country="BY",
        text="ГУО «Средняя школа № 3 г. Кричева»",
        place_key="krichev",
        region_code="BY-MA",
    )
    house = OrganisationRecord(
        key="mbuk-roslavlskii-dom-kultury",
        name="МБУК «Рославльский дом культуры»",
        short_name="Рославльский дом культуры",
        legal_form="МБУК",
        country="RU",
        text="МБУК «Рославльский дом культуры»",
        role=OrgRole.HOST,
        column="place",
        place_key="roslavl",
        region_code="RU-SMO",
    )
    return EventRecord(
        report_id=REPORT_ID,
        row_number=row,
        position=row,
        line=10 * row,
        sector="Сотрудничество в сфере экологии",
        sector_key="sotrudnichestvo-v-sfere-ekologii",
        title=cells[1],
        event_type="contest",
        dates=DateInfo(cells[3], oct_.start, dec_.end, (oct_, dec_), year_inferred=True),
        places=(
            PlaceRecord(
                "roslavl", "Рославль", PlaceKind.SETTLEMENT, "г. Рославль", "г.", "ru-smo", "RU-SMO", "RU"
            ),
            PlaceRecord(
                "roslavlskii-dom-kultury",
                "МБУК «Рославльский дом культуры»",
                PlaceKind.VENUE,
                "МБУК «Рославльский дом культуры»",
                parent_key="roslavl",
                region_code="RU-SMO",
                country="RU",
                in_gazetteer=False,
            ),
            PlaceRecord(
                "roslavl-ul-lenina-d-5",
                "ул. Ленина, д. 5",
                PlaceKind.ADDRESS,
                "ул. Ленина, д. 5",
                parent_key="roslavl",
                region_code="RU-SMO",
                country="RU",
                in_gazetteer=False,
            ),
        ),
        formats=frozenset({EventFormat.ONLINE}),
        organisations=(house, school, dataclasses.replace(school, text="ГУО «СШ № 3 г. Кричева»")),
        people=(
            PersonRecord(
                "a-b-sidorenko", "А.Б. Сидоренко", "А.Б.", "Сидоренко", "А.Б. Сидоренко", column="content"
            ),
        ),
        counts=(
            CountRecord(40, CountKind.PART, Bound.APPROXIMATE, "около 40 школьников", "школьник", "content"),
            CountRecord(12, CountKind.PART, Bound.EXACT, "12 педагогов", "педагог", "content"),
        ),
        participants_total=52,
        agreement=None,
        region_codes=("RU-SMO", "BY-MA"),
        cells=cells,
        warnings=(Warning_("dates", "no year in the cell: used 2021"),),
    )


def make_report(events: tuple[EventRecord, ...] | None = None) -> ReportRecord:
    events = (signing_event(), contest_event()) if events is None else events
    return ReportRecord(
        report_id=REPORT_ID,
        title="Отчет о сотрудничестве ... за II полугодие 2021 года",
        period_start=date(2021, 7, 1),
        period_end=date(2021, 12, 31),
        source=_raw(len(events)),
        events=events,
    )


def large_report(n: int = 24) -> ReportRecord:
    """``n`` events alternating the two kinds above, rows 1..n."""
    events = tuple(signing_event(i) if i % 2 else contest_event(i) for i in range(1, n + 1))
    return make_report(events)
