"""Settlement names to the nominative: "в аг. Лядах" -> Ляды, "в с. Пречистом" -> Пречистое.

Most names of villages and small towns are missing from morphological dictionaries, so
pymorphy3 alone guesses (``nominative.to_nominative``). Three rules of Russian toponymy come
first, each by the form of the name and the type word before it:

1. A name made only of adjectives agrees with the type noun: село is neuter ("в с. Пречистом"
   -> Пречистое), деревня feminine ("в д. Красной" -> Красная), город, посёлок, агрогородок
   masculine ("в пос. Пригорском" -> Пригорский).
2. A single noun in -ове/-еве/-ёве/-ине/-ыне is a possessive toponym in the prepositional:
   villages are neuter ("в д. Шаталове" -> Шаталово, "в аг. Тетерине" -> Тетерино), towns
   masculine ("в г. Демидове" -> Демидов).
3. Names already in the nominative (-ово, -ино, indeclinable "Лиозно") stay as written.
"""

from __future__ import annotations

import re
from functools import lru_cache

from coopgraph.ingest.nominative import match_case, parses, to_nominative

# Grammatical gender of the noun behind each settlement type ("с." = село ...).
TYPE_GENDER: dict[str, str] = {
    "г.": "masc", "пос.": "masc", "п.": "masc", "аг.": "masc", "пгт": "masc", "гп": "masc",
    "рп": "masc", "с.": "neut", "д.": "femn", "ст.": "femn",
}  # fmt: skip
_POSSESSIVE_PREPOSITIONAL = re.compile(r"^(?P<stem>.+(?:ов|ев|ёв|ин|ын))е$", re.IGNORECASE)
_NEUTER_TYPES = frozenset({"д.", "с.", "аг.", "пос.", "п.", "гп", "рп", "пгт"})


@lru_cache(maxsize=20_000)
def settlement_nominative(name: str, settlement_type: str | None) -> str:
    """The nominative of a settlement's name written after its type word."""
    words = name.split()
    gender = TYPE_GENDER.get(settlement_type or "")
    if gender and words and all(_adjective_only(w) for w in words):
        forms = [_adjective_nominative(w, gender) for w in words]
        if all(forms):
            return " ".join(forms)  # type: ignore[arg-type]
    if len(words) == 1 and (m := _POSSESSIVE_PREPOSITIONAL.match(name)):
        if settlement_type in _NEUTER_TYPES:
            return m.group("stem") + "о"
        if settlement_type == "г.":
            return m.group("stem")
    return to_nominative(name).text


def _adjective_only(word: str) -> bool:
    """An adjective in an oblique case ("Пречистом"); one already in the nominative ("Соловьево",
    "Красное") is the name as it is."""
    found = parses(word)
    if not found or found[0].tag.POS != "ADJF" or any(p.tag.POS == "NOUN" for p in found[:2]):
        return False
    return not any(p.tag.POS == "ADJF" and p.tag.case == "nomn" for p in found)


def _adjective_nominative(word: str, gender: str) -> str | None:
    for parse in parses(word):
        if parse.tag.POS != "ADJF":
            continue
        number = "plur" if parse.tag.number == "plur" else "sing"
        form = parse.inflect({"nomn", number} | ({gender} if number == "sing" else set()))
        if form is not None:
            return match_case(word, form.word)
    return None
