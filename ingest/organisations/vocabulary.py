"""Word lists and patterns: legal forms (abbreviated and written out), nationality and
country words, head nouns of bodies and institutions. General Russian vocabulary only."""

from __future__ import annotations

import re
from pathlib import Path

ALIASES = Path(__file__).parent.parent / "data" / "org_aliases.csv"

# Abbreviated legal forms -> the country they imply (None: used on both sides of the border).
LEGAL_FORMS: dict[str, str | None] = {
    "ФГБОУ ВО": "RU", "ФГАОУ ВО": "RU", "ФГБОУ": "RU", "ФГАОУ": "RU", "ФГБУК": "RU", "ФГБУ": "RU",
    "ФГБНУ": "RU", "ФГУП": "RU", "ФКУ": "RU", "СОГБУК": "RU", "СОГБУДО": "RU", "СОГБОУ": "RU",
    "СОГБПОУ": "RU", "СОГБУ": "RU", "СОГАУ": "RU", "СОГКУ": "RU", "ОГБУК": "RU", "ОГБПОУ": "RU",
    "ОГБОУ": "RU", "ОГБУДО": "RU", "ОГБУ": "RU", "ОГАУ": "RU", "ОГКУ": "RU", "ГБУК": "RU",
    "ГБПОУ": "RU", "ГБОУ": "RU", "ГБУДО": "RU", "ГБУ": "RU", "ГАУК": "RU", "ГАУ": "RU", "ГКУ": "RU",
    "МБОУ": "RU", "МБУК": "RU", "МБУДО": "RU", "МБДОУ": "RU", "МАОУ": "RU", "МКОУ": "RU", "МБУ": "RU",
    "МАУ": "RU", "МКУ": "RU", "ООО": "RU", "ЗАО": "RU", "ПАО": "RU", "АО": "RU", "АНО": "RU",
    "НКО": "RU", "РОО": "RU", "ОАО": None, "ГУО": "BY", "ГУДО": "BY", "ГУК": "BY", "УО": "BY",
    "УЗ": "BY", "ГП": "BY", "УП": "BY", "РУП": "BY", "КУП": "BY", "ЧУП": "BY", "ЧТУП": "BY",
    "ОДО": "BY", "СООО": "BY", "ИООО": "BY", "ОО": "BY", "ГУ": None, "ИП": None, "УК": None,
}  # fmt: skip

# Legal forms written out (word stems, any case) -> the abbreviation kept as ``legal_form``.
WRITTEN_FORMS: tuple[tuple[str, str], ...] = (
    ("государственн учреждени дополнительн образовани", "ГУДО"),
    ("государственн учреждени образовани", "ГУО"),
    ("государственн учреждени культур", "ГУК"),
    ("государственн учреждени", "ГУ"),
    ("учреждени образовани", "УО"),
    ("учреждени здравоохранени", "УЗ"),
    ("общественн объединени", "ОО"),
    ("общероссийск общественн организаци", "Общероссийская общественная организация"),
    ("всероссийск общественн организаци", "Всероссийская общественная организация"),
    ("межрегиональн общественн организаци", "Межрегиональная общественная организация"),
    ("региональн общественн организаци", "РОО"),
    ("автономн некоммерческ организаци", "АНО"),
    ("обществ с ограниченн ответственност", "ООО"),
    ("открыт акционерн обществ", "ОАО"),
    ("закрыт акционерн обществ", "ЗАО"),
    ("публичн акционерн обществ", "ПАО"),
    ("акционерн обществ", "АО"),
    ("государственн корпораци", "Госкорпорация"),
    ("госкорпораци", "Госкорпорация"),
)
WRITTEN_COUNTRY = {
    "Общероссийская общественная организация": "RU",
    "Межрегиональная общественная организация": "RU",
    "Всероссийская общественная организация": "RU",
}

# "австрийская компания «EGGER»": a quoted company introduced by a common noun.
_COMPANY_NOUNS = r"(?:компани|фирм|предприяти|холдинг|концерн|групп\w*\s+компаний)\w*"
NATIONALITY: dict[str, str] = {
    "российск": "RU", "общероссийск": "RU", "всероссийск": "RU", "белорусск": "BY",
    "австрийск": "AT", "немецк": "DE", "германск": "DE", "китайск": "CN", "украинск": "UA",
    "казахстанск": "KZ", "латвийск": "LV", "литовск": "LT", "польск": "PL", "итальянск": "IT",
    "французск": "FR", "сербск": "RS", "армянск": "AM", "узбекск": "UZ", "кыргызск": "KG",
}  # fmt: skip
# Words in a name that say which country's body it is (stems, lower case).
COUNTRY_WORDS: dict[str, str] = {
    "российск федераци": "RU", "росси": "RU", "россотрудничеств": "RU", "рф": "RU",
    "республик беларус": "BY", "беларус": "BY", "рб": "BY",
}  # fmt: skip

# Head nouns (stems) of bodies that need no legal form.
BODY_HEADS = frozenset(
    [
        "администраци", "правительств", "посольств", "консульств", "генконсульств", "представительств",
        "министерств", "комитет", "облисполком", "горисполком", "райисполком", "исполком", "фонд", "дум",
        "агентств", "департамент", "ассоциаци", "союз", "совет", "палат", "мэри", "управлени", "аппарат",
    ]
)  # fmt: skip
# Heads of a directorate: a body when written with a capital or as "главное управление"
# ("Главное управление спорта Смоленской области", "Управление образования Гомельского
# облисполкома"), a structural unit otherwise ("в организационном управлении Аппарата …").
UNIT_HEADS = frozenset(["управлени", "аппарат"])
# An "Аппарат" of another body is that body's staff, not a body: "Управления делами Аппарата
# Администрации Смоленской области" gives the Администрация, found inside it.
STAFF_HEADS = frozenset(["аппарат"])
# A person's office names the body ("Министра транспорта …" -> "Министерство транспорта …").
OFFICES: dict[str, str] = {
    **dict.fromkeys(("министр", "министра", "министру", "министром", "министре"), "Министерство"),
    **dict.fromkeys(("посол", "посла", "послу", "послом"), "Посольство"),
}
# Institutions: only with a place/nationality adjective or an eponym ("им. М.И. Глинки").
INSTITUTION_HEADS = frozenset(
    [
        "филармони", "музе", "библиотек", "университет", "академи", "колледж", "институт", "центр", "театр",
        "школ", "гимнази", "лице", "училищ", "техникум", "дворц", "галере", "архив", "хор", "ансамбл",
        "оркестр", "капелл"
    ],
)  # fmt: skip
# Bodies that may be followed by "в г. X" / "в Республике Беларусь" as part of their name.
LOCATED_HEADS = frozenset(["посольств", "консульств", "генконсульств", "представительств", "центр", "office"])
# Bodies of a town named right after them: "Администрация г. Орши", "горисполком г. Гомеля".
TOWN_HEADS = frozenset(["администраци", "исполком", "горисполком", "райисполком", "комитет", "совет", "дум"])
# Bodies whose subject follows with "по": "Комитет по делам молодежи".
SUBJECT_HEADS = frozenset(
    ["комитет", "департамент", "агентств", "министерств", "совет", "управлени", "office"]
)
# Bodies whose own quoted name may follow: Фонд … «Космос – это мы».
QUOTED_HEADS = frozenset(["фонд", "союз", "ассоциаци", "агентств", "центр"])
EXECUTIVE = {"облисполком": "областной", "горисполком": "городской", "райисполком": "районный"}

_OPEN, _CLOSE = "«„“", "»“”"
# Russian institutions' forms are built from parts: level (Ф, ФГ, ОГ, СОГ, Г, М, Ч), funding
# (Б budget, А autonomous, К state-run), then У "учреждение" with its field (К culture, З health,
# ДО further education, СО social, П enterprise) or ОУ "образовательное учреждение" (П vocational,
# Д pre-school, Н scientific): ОГБУЗ, ГАПОУ, МБДОУ, ФГКУ. Forms not in LEGAL_FORMS are read so.
_BUILT_FORM = r"(?:ФГ|СОГ|ОГ|Ф|Г|М|Ч)[БАК](?:Н?У(?:ДО|СО|К|З|П)?|[ПДН]?ОУ)"
_KNOWN_FORMS = "|".join(
    [re.escape(f).replace(r"\ ", r"\s+") for f in sorted(LEGAL_FORMS, key=len, reverse=True)] + [_BUILT_FORM]
)
# Capitals that open a quoted name but name a facility (a place, not a body: ДС «Юбилейный»,
# ФОК «Олимп»), a country or a union of states.
NOT_FORMS = frozenset(
    ["ДС", "ДК", "СК", "КЗ", "ФОК", "ЛДС", "СОК", "ЦКР", "ГДК", "РДК", "ЛА", "СССР", "РФ", "РБ", "СНГ",
     "ЕАЭС", "США", "ВКС", "ТВ", "СМИ"]
)  # fmt: skip
# Any other word in capitals right before a quoted name is a form or a kind of body the table
# does not know yet: ФК «Днепр» (футбольный клуб), ГНУ «Институт истории …», ГУДОВ «…».
_ANY_FORM = rf"(?!(?:{'|'.join(sorted(NOT_FORMS, key=len, reverse=True))})(?![\w-]))[А-ЯЁ]{{2,6}}"
_ABBR_FORMS = f"{_KNOWN_FORMS}|{_ANY_FORM}"
# A form may be followed by the initials of its region or level: "ГБПОУ ПО" (Псковской области),
# "ГАУ СО", "ФГБОУ ВО": the pair is the legal form.
_FORM_PREFIX = rf"((?:{_ABBR_FORMS})(?![\w-])(?:\s+[А-ЯЁ]{{2,3}}(?![\w-]))?)\s*(?=[«„“\"])"
_ABBR_RE = re.compile(rf"(?<![\w-]){_FORM_PREFIX}")
# A known form before an unquoted abbreviation: "ФГБОУ ВО СГМУ", "ГУО СШ" (two capitals at least).
_FORM_ABBREVIATION_RE = re.compile(
    rf"(?<![\w-])((?:{_KNOWN_FORMS})(?![\w-])(?:\s+[А-ЯЁ]{{2,3}}(?![\w-]))?)\s+"
    r"([А-ЯЁ](?:[а-яё]*[А-ЯЁ]){1,}[А-ЯЁа-яё]*)(?![\w«„“\"-])(?!\s*[«„“\"])"
)
# A place adjective before an abbreviation: "Смоленская АЭС", "Смоленского НИИСХ".
_PLACE_ABBREVIATION_RE = re.compile(
    r"(?<![\w-])([А-ЯЁ][а-яё]{3,}(?:ая|ий|ой|ое|ого|ому|ым|ом|ую|ей))\s+([А-ЯЁ]{2,6})(?![\w«-])"
)
_WORD_RE = re.compile(r"[А-Яа-яЁёA-Za-z0-9]+(?:-[А-Яа-яЁёA-Za-z0-9]+)*\.?|[«»„“”\"(),;:–—-]")
# An eponym: "им. М.И. Глинки", "имени Янки Купалы", "имени Тенишевых".
_INITIALS = re.compile(
    r"(?:им\.|имени)\s+(?:(?:[А-ЯЁ]\.\s*){1,2}[А-ЯЁ][а-яё]+|[А-ЯЁ][а-яё]+(?:\s+[А-ЯЁ][а-яё]+){0,2})"
)


_WRITTEN_RE = re.compile(
    r"(?<![\w-])(?:"
    + "|".join(
        f"(?P<f{i}>" + r"\s+".join(p + r"[а-яё]*" for p in stems.split()) + ")"
        for i, (stems, _) in enumerate(WRITTEN_FORMS)
    )
    + r")(?![\w-])\s*",
    re.I,
)
