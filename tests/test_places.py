import pytest

from coopgraph.ingest.places import extract_places
from coopgraph.ingest.records import PlaceKind

# The place cells of the bundled report (as the reader gives them) -> expected keys in order.
REPORT_CELLS = [
    ("в рабочем порядке", []),
    ("г. Вязьма,\nСмоленская область,\n(ООО «ВКП ЛТ»)", ["viazma", "ru-smo"]),
    ("г. Смоленск", ["smolensk"]),
    (
        "г. Гагарин,\nСмоленская область,\nСОГБУК «Музей\nЮ.А. Гагарина», Историко-художественный музей",
        ["gagarin", "ru-smo", "gagarin-istoriko-khudozhestvennyi-muzei"],
    ),
    (
        "г. Гагарин,\nСмоленская область,\nСОГБУК «Музей\nЮ.А. Гагарина», Дом космонавтов",
        ["gagarin", "ru-smo", "gagarin-dom-kosmonavtov"],
    ),
    (
        "г. Гагарин,\nСмоленская область,\nСОГБУК «Музей\nЮ.А. Гагарина», Музей Первого полета",
        ["gagarin", "ru-smo", "gagarin-muzei-pervogo-poleta"],
    ),
    ("г. Гагарин,\nСмоленская область,\nСОГБУК «Музей\nЮ.А. Гагарина»", ["gagarin", "ru-smo"]),
    (
        "г. Смоленск,\nГБУК «Смоленская областная универсальная "
        "научная библиотека имени\nА.Т. Твардовского»,\n"
        "муниципальные библиотеки Смоленской области",
        ["smolensk", "ru-smo"],
    ),
    ("г. Гагарин, Смоленская обл.,\nСОГБУК\n«Музей\nЮ.А. Гагарина»", ["gagarin", "ru-smo"]),
    (
        "Государственное учреждение «Мемориальный комплекс «Брестская крепость – герой»\n"
        "(г. Брест, Республика Беларусь)",
        ["brest", "by"],
    ),
    ("г. Гомель,\nРеспублика Беларусь", ["gomel", "by"]),
    ("СОГБУК «Музей\nЮ.А. Гагарина»\n(г. Гагарин)", ["gagarin"]),
    (
        "ГБУК «Смоленская областная универсальная научная библиотека имени\nА.Т. Твардовского» (г. Смоленск)",
        ["smolensk"],
    ),
    (
        "г. Смоленск\nДС «Юбилейный» (ул. Черняховского\nд. 29),\nОГБПОУ «СмолАПО»\n(г. Смоленск)",
        ["smolensk", "smolensk-ds-iubileinyi", "smolensk-ul-cherniakhovskogo-d-29"],
    ),
    ("г. Минск,\nРеспублика Беларусь\n(ГУО «Минский городской педагогический колледж»)", ["minsk", "by"]),
    ("г. Смоленск,\nСОГБУДО «Центр развития творчества детей и юношества»", ["smolensk"]),
    ("УО «Витебский государственный университет имени\nП.М. Машерова»\n(Республика Беларусь)", ["by"]),
    ("г. Смоленск, СОГБУК\n«КВЦ имени Тенишевых»", ["smolensk"]),
]


@pytest.mark.parametrize(("cell", "keys"), REPORT_CELLS)
def test_report_place_cells(cell, keys):
    assert [p.key for p in extract_places(cell)] == keys


def test_gazetteer_places_carry_parent_region_country():
    vyazma, region = extract_places("г. Вязьма,\nСмоленская область,\n(ООО «ВКП ЛТ»)")
    assert vyazma.name == "Вязьма" and vyazma.kind is PlaceKind.SETTLEMENT
    assert vyazma.settlement_type == "г." and vyazma.text == "г. Вязьма"
    assert (vyazma.parent_key, vyazma.region_code, vyazma.country) == ("viazemskii-raion", "RU-SMO", "RU")
    assert vyazma.in_gazetteer
    assert region.kind is PlaceKind.REGION and region.name == "Смоленская область"
    assert (region.region_code, region.country, region.parent_key) == ("RU-SMO", "RU", "ru")


def test_country_has_no_region():
    (_, country) = extract_places("г. Гомель,\nРеспублика Беларусь")
    assert country.kind is PlaceKind.COUNTRY and country.name == "Республика Беларусь"
    assert country.region_code is None and country.country == "BY"


def test_venue_and_address_sit_under_the_settlement():
    places = extract_places(
        "г. Смоленск\nДС «Юбилейный» (ул. Черняховского\nд. 29),\nОГБПОУ «СмолАПО»\n(г. Смоленск)"
    )
    venue, address = places[1], places[2]
    assert venue.kind is PlaceKind.VENUE and venue.name == "ДС «Юбилейный»"
    assert address.kind is PlaceKind.ADDRESS and address.name == "ул. Черняховского, д. 29"
    for place in (venue, address):
        assert place.parent_key == "smolensk" and place.region_code == "RU-SMO" and place.country == "RU"
        assert not place.in_gazetteer


def test_venue_after_an_organisation_takes_the_settlement_before_it():
    venue = extract_places(
        "г. Гагарин,\nСмоленская область,\nСОГБУК «Музей\nЮ.А. Гагарина», Дом космонавтов"
    )[-1]
    assert venue.name == "Дом космонавтов" and venue.parent_key == "gagarin"


def test_minsk_city_is_its_own_region():
    (minsk,) = extract_places("г. Минск")
    assert minsk.kind is PlaceKind.SETTLEMENT and minsk.region_code == "BY-HM"


# ----------------------------------------------------------------------------- variants


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (
            "г. Кричева, г. Климовичи, г. Лиозно, г. Хотимска",
            [
                ("krichev", "Кричев", "BY-MA"),
                ("klimovichi", "Климовичи", "BY-MA"),
                ("liozno", "Лиозно", "BY-VI"),
                ("khotimsk", "Хотимск", "BY-MA"),
            ],
        ),
        (
            "г. Орша, ул. Ленина, д. 5",
            [("orsha", "Орша", "BY-VI"), ("orsha-ul-lenina-d-5", "ул. Ленина, д. 5", "BY-VI")],
        ),
        (
            "муниципальное образование «Рославльский район» Смоленской области",
            [
                ("roslavlskii-raion", "Рославльский район", "RU-SMO"),
                ("ru-smo", "Смоленская область", "RU-SMO"),
            ],
        ),
        ("Минск, Беларусь", [("minsk", "Минск", "BY-HM"), ("by", "Республика Беларусь", None)]),
        ("пгт Кардымово", [("kardymovo", "Кардымово", "RU-SMO")]),
        (
            "Российская Федерация, г. Москва",
            [("ru", "Российская Федерация", None), ("moskva", "Москва", "RU-MOW")],
        ),
        (
            "Могилевская обл., г. Бобруйск",
            [("by-ma", "Могилёвская область", "BY-MA"), ("bobruisk", "Бобруйск", "BY-MA")],
        ),
        (
            "в г. Новополоцке Витебской области",
            [("novopolotsk", "Новополоцк", "BY-VI"), ("by-vi", "Витебская область", "BY-VI")],
        ),
        (
            "Московская область, звездный городок",
            [("ru-mos", "Московская область", "RU-MOS"), ("zvezdnyi-gorodok", "Звёздный городок", "RU-MOS")],
        ),
    ],
)
def test_variants(cell, expected):
    assert [(p.key, p.name, p.region_code) for p in extract_places(cell)] == expected


def test_unknown_settlement_goes_under_the_named_district():
    village, district = extract_places("д. Ивановка, Рославльский район")
    assert (village.name, village.settlement_type, village.in_gazetteer) == ("Ивановка", "д.", False)
    assert village.key == "ivanovka-roslavlskii-raion" and village.parent_key == "roslavlskii-raion"
    assert village.region_code == "RU-SMO"
    assert district.in_gazetteer


def test_unknown_settlement_alone_gets_a_slug():
    (village,) = extract_places("аг. Новая Жизнь")
    assert (village.key, village.name) == ("novaia-zhizn", "Новая Жизнь")
    assert village.settlement_type == "аг." and not village.in_gazetteer and village.parent_key is None


def test_correspondence_and_empty_cells_have_no_place():
    assert extract_places("в рабочем порядке") == ()
    assert extract_places("В рабочем порядке.") == ()
    assert extract_places("") == ()


def test_organisation_names_are_not_places():
    # "Смоленская" inside the quoted name, "Гагарина" inside «Музей Ю.А. Гагарина»
    places = extract_places(
        "ГБУК «Смоленская областная универсальная научная библиотека»; СОГБУК «Музей Ю.А. Гагарина»"
    )
    assert places == ()


def test_duplicates_collapse():
    assert [p.key for p in extract_places("г. Смоленск, ОГБПОУ «СмолАПО» (г. Смоленск)")] == ["smolensk"]


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("Республика Беларусь, г. Витебск, ул. Ленина, 12", ["by", "vitebsk", "vitebsk-ul-lenina-d-12"]),
        ("Дворец культуры профсоюзов (г. Минск)", ["minsk-dvorets-kultury-profsoiuzov", "minsk"]),
        ("Парк культуры и отдыха г. Смоленска", ["smolensk-park-kultury-i-otdykha", "smolensk"]),
        ("Смоленск – Могилев", ["smolensk", "mogilev"]),
        ("г.Смоленск, пл. Ленина, д. 1", ["smolensk", "smolensk-pl-lenina-d-1"]),
        ("с. Глинка, Глинковский район", ["glinka", "glinkovskii-raion"]),
        ("онлайн", []),
        ("в онлайн-формате на платформе Zoom", []),
    ],
)
def test_more_layouts(cell, expected):
    assert [p.key for p in extract_places(cell)] == expected


def test_venue_in_an_unknown_village_hangs_under_it():
    cell = "Смоленская область, Кардымовский район, д. Соловьево, Мемориальный комплекс «Соловьева переправа»"
    *_, village, venue = extract_places(cell)
    assert village.key == "solovevo-kardymovskii-raion" and village.region_code == "RU-SMO"
    assert venue.kind is PlaceKind.VENUE and venue.parent_key == village.key
    assert venue.key == "solovevo-kardymovskii-raion-memorialnyi-kompleks-soloveva-pereprava"


def test_unknown_village_in_the_genitive():
    (village, region) = extract_places("д. Ивановки Смоленской области")
    assert (village.name, village.key, region.key) == ("Ивановка", "ivanovka-ru-smo", "ru-smo")
