"""Event formats: online, distance, by correspondence, and "в рабочем порядке".

Each is a flag on the event, read from any of the title, place, dates and content cells
("(онлайн- формат)", "(дистанционно)", "(в заочном формате)", "мероприятие проведено заочно").
"""

from __future__ import annotations

import re

from coopgraph.ingest.records import EventFormat

_ONLINE = re.compile(
    r"онлайн|on-?line|в\s+электронном\s+виде|в\s+электронном\s+формате|видеоконференц|видео-?конференц"
    r"|в\s+режиме\s+видеосвязи|интернет-формат|виртуальн\w*\s+(?:формат|режим)",
    re.IGNORECASE,
)
_DISTANCE = re.compile(r"дистанционн", re.IGNORECASE)
_CORRESPONDENCE = re.compile(r"заочн", re.IGNORECASE)
_WORKING_ORDER = re.compile(r"в\s+рабочем\s+порядке", re.IGNORECASE)


def detect_formats(title: str, place: str, dates: str, content: str) -> frozenset[EventFormat]:
    """Formats named anywhere in the row; "в рабочем порядке" only counts in the place cell.

    >>> sorted(detect_formats("Конкурс (дистанционно)", "г. Смоленск", "май 2020 года", ""))
    [<EventFormat.DISTANCE: 'distance'>]
    """
    text = " ".join((title, place, dates, content))
    found = set()
    if _ONLINE.search(text):
        found.add(EventFormat.ONLINE)
    if _DISTANCE.search(text):
        found.add(EventFormat.DISTANCE)
    if _CORRESPONDENCE.search(text):
        found.add(EventFormat.CORRESPONDENCE)
    if _WORKING_ORDER.search(place):
        found.add(EventFormat.WORKING_ORDER)
    return frozenset(found)
