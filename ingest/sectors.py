"""The sector scheme: the section headers of the report ("Сотрудничество в сфере культуры").

Headers are matched by stems in an order that resolves overlaps ("физической культуры и
спорта" is sport, although it contains "культуры"). A header that matches nothing becomes a
new concept keyed by its slug, so later reports can grow the scheme from their own text.
"""

from __future__ import annotations

import re

from coopgraph.iris import slugify

# key -> (skos:prefLabel @ru, @en). Keys are IRI segments: keep them stable.
SECTORS: dict[str, tuple[str, str]] = {
    "agreements": ("Заключенные Соглашения", "Concluded agreements"),
    "investment": ("Сотрудничество в сфере инвестиционного развития", "Investment"),
    "economy": ("Торгово-экономическое сотрудничество", "Trade and economy"),
    "sport": ("Сотрудничество в сфере физической культуры и спорта", "Physical culture and sport"),
    "culture": ("Сотрудничество в сфере культуры", "Culture"),
    "education-science": ("Сотрудничество в сфере образования и науки", "Education and science"),
    "youth": ("Сотрудничество в сфере молодежной политики", "Youth policy"),
    "health": ("Сотрудничество в сфере здравоохранения", "Health care"),
    "tourism": ("Сотрудничество в сфере туризма", "Tourism"),
    "agriculture": ("Сотрудничество в сфере сельского хозяйства", "Agriculture"),
    "social": ("Сотрудничество в сфере социальной защиты", "Social protection"),
    "archives": ("Сотрудничество в сфере архивного дела", "Archives"),
    "general": ("Общие направления сотрудничества", "General cooperation"),
}

# First match wins: the more specific sectors come before the ones whose stems they contain.
_RULES: tuple[tuple[str, str], ...] = (
    ("agreements", r"(?:заключ|подпис)\w*\s+(?:соглашени|договор|меморандум)|^соглашения$"),
    ("general", r"общие\s+направлени|общ\w+\s+вопрос"),
    ("sport", r"спорт|физическ\w*\s+культур"),
    ("health", r"здравоохранени|медицин"),
    ("tourism", r"туризм|туристическ"),
    ("agriculture", r"сельск\w*\s+хозяйств|агропромышленн|\bапк\b"),
    ("social", r"социальн\w*\s+(?:защит|политик|обслуживани|сфер)|труда\s+и\s+занятост"),
    ("archives", r"архив"),
    ("investment", r"инвестици"),
    ("economy", r"торгово-экономическ|экономи|промышленн|торговл"),
    ("youth", r"молод[её]жн"),
    ("education-science", r"образовани|наук|научн"),
    ("culture", r"культур|искусств"),
)
# Stems match at a word start only: "транспорта" must not read as "спорт".
_COMPILED = tuple((key, re.compile(rf"(?<![а-яё])(?:{pat})", re.IGNORECASE)) for key, pat in _RULES)


def sector_key(header: str) -> str:
    """Concept key of a section header, or the header's slug when no concept fits.

    >>> sector_key("Сотрудничество в сфере физической культуры и спорта")
    'sport'
    >>> sector_key("Сотрудничество в сфере экологии")
    'sotrudnichestvo-v-sfere-ekologii'
    """
    text = " ".join(header.split())
    for key, pattern in _COMPILED:
        if pattern.search(text):
            return key
    return slugify(text)
