"""The event-type scheme (SKOS-ready) and a keyword classifier for event titles.

The title's head noun usually says what the event was: "Открытие художественной выставки" is
an exhibition, "Посещение ... чемпионата" a visit, "Участие во ... конференции ...,
профессиональная стажировка" a conference. So the classifier takes the *earliest* keyword in
the title, outside quoted names where it can, and falls back to keywords inside the quotes
(«Гагаринский урок»), then to "проект" + an online mark, then to the content cell.
"""

from __future__ import annotations

import re

# key -> (skos:prefLabel @ru, @en). Keys are IRI segments: keep them stable.
EVENT_TYPES: dict[str, tuple[str, str]] = {
    "agreement-signing": ("Подписание соглашения", "Agreement signing"),
    "meeting": ("Встреча", "Meeting"),
    "visit": ("Визит", "Visit"),
    "competition": ("Соревнования", "Competition"),
    "exhibition": ("Выставка", "Exhibition"),
    "conference": ("Конференция, форум, семинар", "Conference"),
    "readings": ("Чтения", "Readings"),
    "contest": ("Конкурс", "Contest"),
    "lesson": ("Урок, мастер-класс", "Lesson"),
    "webinar": ("Вебинар", "Webinar"),
    "round-table": ("Круглый стол", "Round table"),
    "school": ("Школа", "School"),
    "camp": ("Лагерь, смена", "Camp"),
    "telebridge": ("Телемост", "Telebridge"),
    "quiz": ("Викторина", "Quiz"),
    "presentation": ("Презентация", "Presentation"),
    "internship": ("Стажировка", "Internship"),
    "excursion": ("Экскурсия", "Excursion"),
    "festival": ("Фестиваль", "Festival"),
    "concert": ("Концерт", "Concert"),
    "online-project": ("Онлайн-проект", "Online project"),
    "other": ("Другое", "Other"),
}

# (key, pattern). Patterns are word-start stems; order only breaks ties at the same position.
_RULES: tuple[tuple[str, str], ...] = (
    ("agreement-signing", r"подписани[еяюи]|заключени[еяю]\s+(?:соглашени|договор|меморандум)"),
    ("meeting", r"встреч(?:а|и|у|е|ей|ой|ами|ах|ам)?(?![а-яё])|переговор|совещани[еяю]|заседани[еяю]"),
    ("visit", r"визит|посещени[еяю]|поездк[аиу]|пребывани[еяю]"),
    ("competition", r"соревновани[еяюй]|первенств[оа]|чемпионат|турнир|спартакиад|кубок\b|кубк[аеу]\b"),
    ("exhibition", r"выставк|выставочн|экспозици|ярмарк"),
    ("conference", r"конференци|форум|семинар|симпозиум|конгресс|съезд"),
    ("readings", r"чтени[яйюе]"),
    ("contest", r"конкурс|олимпиад|хакатон"),
    ("lesson", r"урок|мастер-класс|заняти[еяй]"),
    ("webinar", r"вебинар"),
    ("round-table", r"кругл(?:ый|ого|ом|ым)\s+стол"),
    ("school", r"школ(?:а|ы|е|у|ой|ою)\b"),
    ("camp", r"лагер|смен[аыеу]\b"),
    ("telebridge", r"телемост"),
    ("quiz", r"викторин"),
    ("presentation", r"презентаци"),
    ("internship", r"стажировк"),
    ("excursion", r"экскурси"),
    ("festival", r"фестивал"),
    ("concert", r"концерт|спектакл|гастрол"),
)
_COMPILED = tuple((key, re.compile(r"(?<![а-яё])(?:" + pat + ")", re.IGNORECASE)) for key, pat in _RULES)
_PROJECT = re.compile(r"(?<![а-яё])проект", re.IGNORECASE)
_ONLINE = re.compile(r"онлайн|online|в\s+электронном\s+виде|дистанционн|видеоконференц", re.IGNORECASE)
_QUOTED = re.compile(r"«[^«»]*»|\"[^\"]*\"|“[^“”]*”")


def classify_event(title: str, content: str = "") -> str:
    """Event-type key for a row.

    >>> classify_event("Посещение соревновательной площадки V открытого регионального чемпионата")
    'visit'
    >>> classify_event("Международный проект «Наше космическое будущее» (онлайн- формат)")
    'online-project'
    """
    unquoted = _strip_quotes(title)
    for text in (unquoted, title):
        if key := _earliest(text):
            return key
    if _PROJECT.search(title) and (_ONLINE.search(title) or _ONLINE.search(content)):
        return "online-project"
    return _earliest(content) or "other"


def _strip_quotes(text: str) -> str:
    """Remove quoted names, innermost first, so nested quotes «... «...» ...» go too."""
    previous = None
    while previous != text:
        previous, text = text, _QUOTED.sub(" ", text)
    return text


def _earliest(text: str) -> str | None:
    best: tuple[int, int, str] | None = None
    for order, (key, pattern) in enumerate(_COMPILED):
        m = pattern.search(text)
        if m and (best is None or (m.start(), order) < best[:2]):
            best = (m.start(), order, key)
    return best[2] if best else None
