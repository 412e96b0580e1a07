import pytest

from coopgraph.ingest.places import extract_places
from coopgraph.ingest.settlement_names import settlement_nominative


@pytest.mark.parametrize(
    ("name", "settlement_type", "nominative"),
    [
        ("Пречистом", "с.", "Пречистое"),  # an adjective agrees with село (neuter)
        ("Красной", "д.", "Красная"),  # деревня (feminine)
        ("Пригорском", "пос.", "Пригорский"),  # посёлок (masculine)
        ("Шаталове", "д.", "Шаталово"),  # possessive toponyms of villages are neuter
        ("Тетерине", "аг.", "Тетерино"),
        ("Демидове", "г.", "Демидов"),  # ... of towns masculine
        ("Соловьево", "д.", "Соловьево"),  # already nominative: as written
        ("Новом Селе", "с.", "Новое Село"),
        ("Борках", "д.", "Борки"),
    ],
)
def test_settlement_nominative_by_form(name, settlement_type, nominative):
    assert settlement_nominative(name, settlement_type) == nominative


@pytest.mark.parametrize(
    ("cell", "name", "known"),
    [
        ("в г. Пинске", "Пинск", True),
        ("в городе Пинске", "Пинск", True),  # the type written out, inflected
        ("в агрогородке Ратьково", "Ратьково", False),
        ("в деревне Крюково", "Крюково", False),
        ("с. Красное", "Красное", False),  # not "пгт Красный" of the gazetteer: another name on its stem
        ("в аг. Большом Боброве", "Большой Бобров", False),
    ],
)
def test_settlements_come_back_in_the_nominative(cell, name, known):
    [place] = extract_places(cell)
    assert (place.name, place.in_gazetteer) == (name, known)
