import doctest

import pytest

from coopgraph.ingest import sectors as sectors_module
from coopgraph.ingest.sectors import SECTORS, sector_key

KEYS = [
    "agreements",
    "investment",
    "economy",
    "sport",
    "culture",
    "education-science",
    "youth",
    "health",
    "tourism",
    "agriculture",
    "social",
    "archives",
    "general",
]


def test_scheme_has_the_agreed_keys_with_both_labels():
    assert sorted(SECTORS) == sorted(KEYS)
    assert all(ru and en for ru, en in SECTORS.values())


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("Заключенные Соглашения", "agreements"),
        ("Сотрудничество в сфере инвестиционного развития", "investment"),
        ("Сотрудничество в сфере физической культуры и спорта", "sport"),
        ("Сотрудничество в сфере культуры", "culture"),
        ("Сотрудничество в сфере образования и науки", "education-science"),
        ("Сотрудничество в сфере молодежной политики", "youth"),
        ("Общие направления сотрудничества", "general"),
        ("Сотрудничество в сфере здравоохранения", "health"),
        ("Сотрудничество в сфере туризма", "tourism"),
        ("Сотрудничество в сфере архивного дела", "archives"),
        ("Сотрудничество в сфере сельского хозяйства", "agriculture"),
        ("Сотрудничество в сфере социальной защиты населения", "social"),
        ("Торгово-экономическое сотрудничество", "economy"),
        ("Сотрудничество в сфере экономики и промышленности", "economy"),
        ("Сотрудничество  в сфере\nмолодёжной политики", "youth"),
        ("СОТРУДНИЧЕСТВО В СФЕРЕ КУЛЬТУРЫ", "culture"),
        ("Сотрудничество в сфере спорта", "sport"),
    ],
)
def test_known_sectors(header, expected):
    assert sector_key(header) == expected


def test_unknown_header_grows_a_new_concept_from_its_slug():
    assert sector_key("Сотрудничество в сфере экологии") == "sotrudnichestvo-v-sfere-ekologii"
    assert (
        sector_key("Сотрудничество в сфере транспорта") == "sotrudnichestvo-v-sfere-transporta"
    )  # not sport
    assert sector_key("Межмуниципальное сотрудничество") == "mezhmunitsipalnoe-sotrudnichestvo"


def test_docstring_examples_hold():
    assert doctest.testmod(sectors_module).failed == 0
