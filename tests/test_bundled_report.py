"""Hand-checked expectations for every row of the bundled report.

Each row below is what a careful reader takes from the source table, written down before
looking at the extractor's output. Organisation names are compared without quote marks, case
or spacing (typography is not identity); "orgs" lists every organisation the row involves
(participant, host, party, organiser, supporter) with its country and role, and the extractor
must find exactly those; "mentioned" lists organisations the content only names, which must be
among those found. Places: "settlements" exactly, "venues" at least.
"""

import re
from datetime import date
from pathlib import Path

import pytest

from coopgraph.ingest.extract import extract_report
from coopgraph.ingest.readers import read_report
from coopgraph.ingest.records import EventFormat, OrgRole, PlaceKind

REPORT = Path(__file__).resolve().parent.parent / "reports" / "smolensk-belarus-2020-h1.txt"

ADM = "Администрация Смоленской области"
MUSEUM = "СОГБУК «Музей Ю.А. Гагарина»"
LIBRARY = "ГБУК «Смоленская областная универсальная научная библиотека имени А.Т. Твардовского»"
CRTDU = "СОГБУДО «Центр развития творчества детей и юношества»"
GOMEL_CENTRE = "ГУО «Гомельский городской центр дополнительного образования детей и молодежи»"
PED_COLLEGE = "ОГБПОУ «Смоленский педагогический колледж»"
SMOLENSK_MUSEUM = "ОГБУК «Смоленский государственный музей-заповедник»"  # "ГБУК" in row 14: the same
CPK = "ФГБУ «НИИ ЦПК имени Ю.А. Гагарина»"  # also written "Центр подготовки космонавтов", "ЦПК"
COSMONAUTICS_FUND = "Фонд популяризации пилотируемой космонавтики «Космос – это мы»"

PARTY, HOST, PART = OrgRole.PARTY, OrgRole.HOST, OrgRole.PARTICIPANT
ORGANISER, SUPPORTER, COUNTERPART = OrgRole.ORGANISER, OrgRole.SUPPORTER, OrgRole.COUNTERPART
ONLINE, DISTANCE = EventFormat.ONLINE, EventFormat.DISTANCE
CORR, WORK = EventFormat.CORRESPONDENCE, EventFormat.WORKING_ORDER


def d(month, day):
    return date(2020, month, day)


ROWS = [
    {
        "row": 1,
        "sector": "agreements",
        "type": "agreement-signing",
        "start": d(3, 3),
        "end": d(3, 3),
        "periods": 1,
        "settlements": [],
        "venues": [],
        "formats": {WORK},
        "orgs": {ADM: ("RU", PARTY), "Гомельский областной исполнительный комитет": ("BY", PARTY)},
        "mentioned": [],
        "people": {
            "А.В. Островский": "Губернатор Смоленской области",
            "Г.М. Соловей": "Председатель Гомельского областного исполнительного комитета",
        },
        "total": None,
        "agreement": {
            "kind": "agreement",
            "title_starts": "Соглашение между Администрацией Смоленской области",
            "subject": "о сотрудничестве в торгово-экономической, научно-технической, культурной и "
            "гуманитарной областях",
            "signed": d(3, 3),
            "parties": [ADM, "Гомельский областной исполнительный комитет"],
            "approval": (None, None),
            "registration": (None, None),
            "by_correspondence": True,
        },
        "by": ["BY-HO"],
    },
    {
        "row": 2,
        "sector": "investment",
        "type": "meeting",
        "start": d(1, 17),
        "end": d(1, 17),
        "periods": 1,
        "settlements": ["Вязьма"],
        "venues": [],
        "formats": set(),
        "orgs": {"ООО «ВКП ЛТ»": ("RU", HOST), ADM: ("RU", PART)},
        "mentioned": [],
        "people": {},
        "total": None,
        "agreement": None,
        "by": [],
    },
    {
        "row": 3,
        "sector": "investment",
        "type": "agreement-signing",
        "start": d(5, 29),
        "end": d(5, 29),
        "periods": 1,
        "settlements": [],
        "venues": [],
        "formats": {WORK},
        "orgs": {ADM: ("RU", PARTY), "ООО «Товарищество Льняная Мануфактура»": ("RU", PARTY)},
        "mentioned": [],
        "people": {},
        "total": None,
        "agreement": {
            "kind": "intent-agreement",
            "title_starts": "Соглашение о намерениях между Администрацией Смоленской области и ООО",
            "subject": "о сотрудничестве при реализации инвестиционного проекта «Организация предприятия по "
            "возделыванию льна, первичной переработке льнотресты и углубленной переработке льноволокна» на "
            "территории муниципального образования «Рославльский район» Смоленской области",
            "signed": d(5, 29),
            "parties": [ADM, "ООО «Товарищество Льняная Мануфактура»"],
            "approval": ("175-р/адм", d(2, 21)),
            "registration": ("065/27-с", d(6, 1)),
            "by_correspondence": True,
        },
        "by": [],
    },
    {
        "row": 4,
        "sector": "investment",
        "type": "agreement-signing",
        "start": d(6, 3),
        "end": d(6, 3),
        "periods": 1,
        "settlements": [],
        "venues": [],
        "formats": {WORK},
        "orgs": {ADM: ("RU", PARTY), "ООО «ЭГГЕР ДРЕВПРОДУКТ ГАГАРИН»": ("RU", PARTY)},
        "founders": {"ООО «ЭГГЕР ДРЕВПРОДУКТ ГАГАРИН»": "AT"},
        "mentioned": ["EGGER"],  # the Austrian founder, named in parentheses: not a party
        "people": {},
        "total": None,
        "agreement": {
            "kind": "supplementary-agreement",
            "title_starts": "Дополнительное Соглашение к Соглашению о сотрудничестве между Администрацией",
            "subject": "о сотрудничестве",
            "signed": d(6, 3),
            "parties": [ADM, "ООО «ЭГГЕР ДРЕВПРОДУКТ ГАГАРИН»"],
            "approval": ("842-р/адм", d(5, 25)),
            "registration": ("068/27-с", d(6, 4)),
            "by_correspondence": True,
        },
        "by": [],
    },
    {
        "row": 5,
        "sector": "sport",
        "type": "competition",
        "start": d(2, 23),
        "end": d(2, 24),
        "periods": 1,
        "settlements": ["Смоленск"],
        "venues": [],
        "formats": set(),
        "orgs": {},
        "mentioned": [],
        "people": {},
        "total": 128,
        "agreement": None,
        "by": [],
    },
    {
        "row": 6,
        "sector": "sport",
        "type": "competition",
        "start": d(3, 14),
        "end": d(3, 14),
        "periods": 1,
        "settlements": ["Смоленск"],
        "venues": [],
        "formats": set(),
        "orgs": {},
        "mentioned": [],
        "people": {},
        "total": 498,
        "agreement": None,
        "by": [],
    },
    {
        "row": 7,
        "sector": "culture",
        "type": "visit",
        "start": d(1, 25),
        "end": d(1, 25),
        "periods": 1,
        "settlements": ["Смоленск"],
        "venues": [],
        "formats": set(),
        # "Поездка была организована Посольством ... и Администрацией Смоленской области"
        "orgs": {
            "Посольство Российской Федерации в Республике Беларусь": ("RU", ORGANISER),
            ADM: ("RU", ORGANISER),
            "Смоленская областная филармония им. М.И. Глинки": ("RU", HOST),
        },
        # "посетили Смоленскую областную филармонию им. М.И. Глинки": the place visited, a host
        "mentioned": [],
        # "возложения цветов к ... могиле Героя Советского Союза М.А. Егорова": honoured, not present
        "people": {},
        "total": 80,
        "agreement": None,
        "by": [],
    },
    {
        "row": 8,
        "sector": "culture",
        "type": "exhibition",
        "start": d(3, 9),
        "end": d(3, 9),
        "periods": 1,
        "settlements": ["Гагарин"],
        "venues": ["Историко-художественный музей"],
        "formats": set(),
        "orgs": {MUSEUM: ("RU", HOST)},
        "mentioned": [],
        # "посвящена памяти А.А. Леонова и 86-летию ... Ю.А. Гагарина": honoured, not present
        "people": {"И. Ильчук": "художник"},
        "total": None,
        "agreement": None,
        "by": [],
    },
    {
        "row": 9,
        "sector": "culture",
        "type": "presentation",
        "start": d(3, 9),
        "end": d(3, 9),
        "periods": 1,
        "settlements": ["Гагарин"],
        "venues": ["Дом космонавтов"],
        "formats": set(),
        "orgs": {MUSEUM: ("RU", HOST)},
        "mentioned": [],
        # the collectors whose porcelain is shown; Gagarin is honoured ("посвящена 86-летию")
        "people": {"М. Губайдуллин": None, "И. Сбруев": None},
        "total": None,
        "agreement": None,
        "by": [],
    },
    {
        "row": 10,
        "sector": "culture",
        "type": "exhibition",
        "start": d(3, 9),
        "end": d(3, 9),
        "periods": 1,
        "settlements": ["Гагарин"],
        "venues": ["Музей Первого полета"],
        "formats": set(),
        # "совместным проектом с ФГБУ «НИИ ЦПК ...»"; "выступили космонавты и сотрудники ЦПК"
        "orgs": {MUSEUM: ("RU", HOST), CPK: ("RU", PART)},
        "mentioned": [],
        "people": {},
        "total": None,
        "agreement": None,
        "by": [],
    },
    {
        "row": 11,
        "sector": "culture",
        "type": "readings",
        "start": d(3, 9),
        "end": d(3, 12),
        "periods": 1,
        "settlements": ["Гагарин"],
        "venues": [],
        "formats": set(),
        "orgs": {
            MUSEUM: ("RU", HOST),
            CPK: ("RU", PART),  # "Центра подготовки космонавтов им. Ю.А. Гагарина"
        },
        "mentioned": [],
        "people": {},  # "посвященные памяти Ю.А. Гагарина"
        "total": None,
        "agreement": None,
        "by": ["BY-MI"],
    },
    {
        "row": 12,
        "sector": "culture",
        "type": "contest",
        "start": d(3, 1),
        "end": d(4, 30),
        "periods": 1,
        "settlements": ["Смоленск"],
        "venues": [],
        "formats": {CORR},
        "orgs": {LIBRARY: ("RU", HOST)},
        "mentioned": [],
        "people": {},
        "total": 98,
        "agreement": None,
        # г. Минск; г. Витебск, г. Лиозно; г. Климовичи, г. Кричев, г. Хотимск (Могилёвская обл.)
        "by": ["BY-HM", "BY-MA", "BY-VI"],
    },
    {
        "row": 13,
        "sector": "culture",
        "type": "lesson",
        "start": d(4, 7),
        "end": d(4, 7),
        "periods": 1,
        "settlements": ["Гагарин"],
        "venues": [],
        "formats": {ONLINE},
        # "(разработчик – Фонд ...)": the foundation runs the Gagarin lesson project
        "orgs": {MUSEUM: ("RU", HOST), COSMONAUTICS_FUND: ("RU", ORGANISER)},
        "mentioned": [],
        "people": {"Т.Д. Филатова": "Заслуженный работник культуры Российской Федерации"},
        "total": 90,
        "agreement": None,
        "by": [],
    },
    {
        "row": 14,
        "sector": "culture",
        "type": "exhibition",
        "start": d(4, 1),
        "end": d(5, 31),
        "periods": 1,
        "settlements": ["Брест"],
        "venues": [],
        "formats": {ONLINE},
        "orgs": {
            "ГУ «Мемориальный комплекс «Брестская крепость – герой»»": ("BY", HOST),
            "ГБУК «Смоленский государственный музей-заповедник»": ("RU", PART),
        },
        "mentioned": [],
        "people": {},
        "total": None,
        "agreement": None,
        "by": ["BY-BR"],
    },
    {
        "row": 15,
        "sector": "culture",
        "type": "telebridge",
        "start": d(5, 1),
        "end": d(5, 31),
        "periods": 1,
        "settlements": ["Гомель"],
        "venues": [],
        "formats": set(),
        "orgs": {
            GOMEL_CENTRE: ("BY", PART),
            # a Russian federal institution (Rossotrudnichestvo) seated in Gomel
            "Российский центр науки и культуры в г. Гомеле": ("RU", SUPPORTER),
            SMOLENSK_MUSEUM: ("RU", PART),
        },
        "mentioned": [],
        "people": {},
        "total": None,
        "agreement": None,
        "by": ["BY-HO"],
    },
    {
        "row": 16,
        "sector": "culture",
        "type": "online-project",
        "start": d(5, 27),
        "end": d(5, 27),
        "periods": 1,
        "settlements": ["Гагарин"],
        "venues": [],
        "formats": {ONLINE},
        "orgs": {
            MUSEUM: ("RU", HOST),
            "Госкорпорация «Роскосмос»": ("RU", PART),
            COSMONAUTICS_FUND: ("RU", PART),  # written "Фонда популяризации пилотируемой космонавтики"
            "Администрация Звездного городка": ("RU", PART),
            # "Организатор проекта: Представительство Россотрудничества в Республике Беларусь –
            # Российский центр науки и культуры в г. Минске": one body under two names
            "Представительство Россотрудничества в Республике Беларусь": ("RU", ORGANISER),
        },
        "mentioned": [],
        "people": {},
        "total": 143,
        "agreement": None,
        # the organiser sits in Minsk
        "by": ["BY-HM"],
    },
    {
        "row": 17,
        "sector": "culture",
        "type": "quiz",
        "start": d(6, 1),
        "end": d(6, 30),
        "periods": 1,
        "settlements": ["Смоленск"],
        "venues": [],
        "formats": {ONLINE},
        "orgs": {LIBRARY: ("RU", HOST)},
        "mentioned": [],
        "people": {},
        "total": None,
        "agreement": None,
        "by": [],
    },
    {
        "row": 18,
        "sector": "education-science",
        "type": "visit",
        "start": d(3, 4),
        "end": d(3, 4),
        "periods": 1,
        "settlements": ["Смоленск"],
        "venues": ["ДС «Юбилейный»", "ул. Черняховского, д. 29"],
        "formats": set(),
        "orgs": {
            "ОГБПОУ «Смоленская академия профессионального образования»": ("RU", HOST),  # «СмолАПО»
            "УО «Могилевский государственный политехнический колледж»": ("BY", PART),
        },
        "mentioned": [],
        "people": {},
        "total": None,
        "agreement": None,
        "by": ["BY-MA"],
    },
    {
        "row": 19,
        "sector": "education-science",
        "type": "conference",
        "start": d(3, 13),
        "end": d(3, 14),
        "periods": 1,
        "settlements": ["Минск"],
        "venues": [],
        "formats": set(),
        "orgs": {"ГУО «Минский городской педагогический колледж»": ("BY", HOST), PED_COLLEGE: ("RU", PART)},
        "mentioned": [],
        "people": {},
        "total": 19,  # 6 представителей + 13 обучающихся, no total stated
        "agreement": None,
        "by": ["BY-HM"],
    },
    {
        "row": 20,
        "sector": "education-science",
        "type": "telebridge",
        "start": d(3, 31),
        "end": d(5, 5),
        "periods": 5,
        "settlements": ["Смоленск"],
        "venues": [],
        "formats": {DISTANCE},
        "orgs": {CRTDU: ("RU", HOST), GOMEL_CENTRE: ("BY", PART)},
        "mentioned": [],
        "people": {},
        "total": None,
        "agreement": None,
        "by": ["BY-HO"],
    },
    {
        "row": 21,
        "sector": "education-science",
        "type": "contest",
        "start": d(3, 1),
        "end": d(5, 31),
        "periods": 2,
        "settlements": ["Смоленск"],
        "venues": [],
        "formats": {DISTANCE},
        "orgs": {
            CRTDU: ("RU", HOST),
            "ГУДО «Молодечненский центр творчества детей и молодежи «Маладик»»": ("BY", PART),
        },
        "mentioned": [],
        "people": {},
        "total": None,
        "agreement": None,
        "by": ["BY-MI"],
    },
    {
        "row": 22,
        "sector": "education-science",
        "type": "conference",
        "start": d(5, 1),
        "end": d(5, 31),
        "periods": 1,
        "settlements": [],
        "venues": [],
        "formats": {CORR},
        "orgs": {
            "УО «Витебский государственный университет имени П.М. Машерова»": ("BY", HOST),
            PED_COLLEGE: ("RU", PART),
        },
        "mentioned": [],
        "people": {},
        "total": None,
        "agreement": None,
        "by": ["BY-VI"],
    },
    {
        "row": 23,
        "sector": "youth",
        "type": "school",
        "start": d(2, 25),
        "end": d(2, 25),
        "periods": 1,
        "settlements": ["Смоленск"],
        "venues": [],
        "formats": set(),
        # "подписания плана … между <РСМ> и <БРСМ>": the two sides of the plan, counterparts
        "orgs": {
            "СОГБУК «Культурно-выставочный центр имени Тенишевых»": ("RU", HOST),  # «КВЦ ...»
            "Общероссийская общественная организация «Российский Союз Молодежи»": ("RU", COUNTERPART),
            "Общественное объединение «Белорусский республиканский союз молодежи»": ("BY", COUNTERPART),
        },
        "mentioned": [],
        # "приграничных регионов России и Республики Беларусь": no Belarusian region is named
        "people": {},
        "total": 120,
        "agreement": None,
        "by": [],
    },
    {
        "row": 24,
        "sector": "general",
        "type": "agreement-signing",
        "start": d(1, 8),
        "end": d(1, 8),
        "periods": 1,
        "settlements": [],
        "venues": [],
        "formats": {WORK},
        "orgs": {
            ADM: ("RU", PARTY),
            "Правительство Республики Беларусь": ("BY", PARTY),
            "Министерство транспорта и коммуникаций Республики Беларусь": ("BY", PART),
        },
        "mentioned": [],
        "people": {
            "Р.Л. Ровбель": "Заместитель Губернатора Смоленской области",
            "А.А. Ляхнович": "Первый Заместитель Министра транспорта и коммуникаций Республики Беларусь",
        },
        "total": None,
        "agreement": {
            "kind": "plan",
            "title_starts": "План мероприятий на 2020-2022 годы к Соглашению между Администрацией",
            "subject": "о сотрудничестве в торгово-экономической, научно-технической и социально-культурной "
            "областях",
            "signed": d(1, 8),
            "parties": [ADM, "Правительство Республики Беларусь"],
            "approval": (None, None),
            "registration": (None, None),
            "by_correspondence": True,
        },
        "by": [],
    },
]


def norm(name):
    """An organisation name without quotes, case, 'ё' or spacing: typography is not identity."""
    name = name.lower().replace("ё", "е")
    name = re.sub(r"[«»\"“”„]", "", name)
    name = re.sub(r"\s*[-–—]\s*", "-", name)
    name = re.sub(r"\bим\.\s*", "имени ", name)
    return " ".join(name.split())


def short(name):
    """The name without a leading legal form, abbreviated or spelled out ("ОГБУК «X»",
    "Общественное объединение «X»" -> "X")."""
    return re.sub(r"^[^«]+(?=«)", "", name)


def find(index, name):
    """The organisation of an expected name: by full name, else by name without legal form
    ("ГБУК" and "ОГБУК «Смоленский государственный музей-заповедник»" are one museum)."""
    for candidate in (norm(name), norm(short(name))):
        if candidate in index:
            return index[candidate]
    found = sorted({o.name for o in index.values()})
    raise AssertionError(f"{name!r} not found; found {found}")


def org_index(event):
    """Each found organisation under both its full and its short name."""
    index = {}
    for o in event.organisations:
        index.setdefault(norm(o.name), o)
        index.setdefault(norm(o.short_name), o)
    return index


@pytest.fixture(scope="module")
def report():
    return extract_report(read_report(REPORT))


@pytest.fixture(scope="module")
def events(report):
    return {e.row_number: e for e in report.events}


def test_the_table_covers_every_row(report):
    assert report.report_id == "smolensk-belarus-2020-h1"
    assert (report.period_start, report.period_end) == (date(2020, 1, 1), date(2020, 6, 30))
    assert [e.row_number for e in report.events] == list(range(1, 25))
    assert [row["row"] for row in ROWS] == list(range(1, 25))


@pytest.mark.parametrize("expected", ROWS, ids=[f"row{r['row']}" for r in ROWS])
def test_row_type_sector_dates_formats_count(events, expected):
    event = events[expected["row"]]
    assert event.sector_key == expected["sector"]
    assert event.event_type == expected["type"]
    assert (event.dates.start, event.dates.end) == (expected["start"], expected["end"])
    assert len(event.dates.periods) == expected["periods"]
    assert event.formats == frozenset(expected["formats"])
    assert event.participants_total == expected["total"]


@pytest.mark.parametrize("expected", ROWS, ids=[f"row{r['row']}" for r in ROWS])
def test_row_places(events, expected):
    event = events[expected["row"]]
    settlements = [p.name for p in event.places if p.kind is PlaceKind.SETTLEMENT]
    assert settlements == expected["settlements"]
    venues = {p.name for p in event.places if p.kind in (PlaceKind.VENUE, PlaceKind.ADDRESS)}
    names = {norm(v) for v in venues} | {norm(o.name) for o in event.organisations if o.role is HOST}
    for venue in expected["venues"]:
        assert norm(venue) in names, f"venue {venue!r} not among {sorted(venues)}"
    if EventFormat.WORKING_ORDER in event.formats:
        assert event.places == ()


@pytest.mark.parametrize("expected", ROWS, ids=[f"row{r['row']}" for r in ROWS])
def test_row_organisations(events, expected):
    event = events[expected["row"]]
    index = org_index(event)
    involved = {o.key for o in event.organisations if o.role is not OrgRole.MENTIONED}
    expected_keys = set()
    for name, (country, role) in expected["orgs"].items():
        org = find(index, name)
        assert (org.country, org.role) == (country, role), name
        expected_keys.add(org.key)
    extra = [o.name for o in event.organisations if o.key in involved - expected_keys]
    assert not extra, f"organisations not in the row: {extra}"
    for name in expected["mentioned"]:
        find(index, name)
    for name, country in expected.get("founders", {}).items():
        assert find(index, name).founder_country == country


@pytest.mark.parametrize("expected", ROWS, ids=[f"row{r['row']}" for r in ROWS])
def test_row_people(events, expected):
    event = events[expected["row"]]
    assert {p.name for p in event.people} == set(expected["people"])
    for person in event.people:
        position = expected["people"][person.name]
        if position is not None:
            assert person.position == position, person.name


@pytest.mark.parametrize("expected", ROWS, ids=[f"row{r['row']}" for r in ROWS])
def test_row_agreement(events, expected):
    event = events[expected["row"]]
    want = expected["agreement"]
    if want is None:
        assert event.agreement is None
        return
    a = event.agreement
    assert a is not None
    assert a.kind == want["kind"]
    assert a.title.startswith(want["title_starts"])
    assert a.subject == want["subject"]
    assert a.signed == want["signed"]
    assert (a.approval_number, a.approval_date) == want["approval"]
    assert (a.registration_number, a.registration_date) == want["registration"]
    assert a.by_correspondence is want["by_correspondence"]
    index = org_index(event)
    assert list(a.party_keys) == [find(index, name).key for name in want["parties"]]


@pytest.mark.parametrize("expected", ROWS, ids=[f"row{r['row']}" for r in ROWS])
def test_row_belarus_regions(events, expected):
    assert list(events[expected["row"]].belarus_regions) == expected["by"]


def test_every_event_involves_smolensk_oblast(report):
    # The report is Smolensk oblast's own: each row names a Smolensk place or body.
    assert all("RU-SMO" in e.region_codes for e in report.events)


@pytest.mark.parametrize(
    ("name", "rows"),
    [
        (ADM, [1, 2, 3, 4, 7, 24]),
        (MUSEUM, [8, 9, 10, 11, 13, 16]),
        (SMOLENSK_MUSEUM, [14, 15]),  # "ГБУК" in row 14, "ОГБУК" in row 15
        (CPK, [10, 11]),  # "ЦПК", "Центр подготовки космонавтов им. Ю.А. Гагарина"
        (COSMONAUTICS_FUND, [13, 16]),  # with and without «Космос – это мы»
        (GOMEL_CENTRE, [15, 20]),
        (PED_COLLEGE, [19, 22]),
        (CRTDU, [20, 21]),
        (LIBRARY, [12, 17]),
    ],
)
def test_one_organisation_has_one_key_across_rows(events, name, rows):
    keys = {find(org_index(events[row]), name).key for row in rows}
    assert len(keys) == 1, keys
