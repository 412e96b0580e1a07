"""Signed documents: "Подписание Соглашения о намерениях между ...", "Подписание Плана
мероприятий на 2020-2022 годы к Соглашению ...", with the approving order and the registration
("утверждено распоряжением ... от 21 февраля 2020 года № 175-р/адм, зарегистрировано ...
1 июня 2020 года № 065/27-с").

Only a title that *starts* with the signing ("Подписание", "Заключение", "Участие в подписании")
of a document makes an agreement; a signing mentioned in passing in the content does not.
"""

from __future__ import annotations

import re
from datetime import date

from pymorphy3.analyzer import Parse

from coopgraph.ingest.dates import parse_dates
from coopgraph.ingest.errors import CellError
from coopgraph.ingest.nominative import analyzer
from coopgraph.ingest.records import AgreementRecord, DateInfo, Precision

_DOC_WORD = (
    r"(?:соглашени|договор|план|меморандум|протокол|программ|дополнительн|совместн|комплексн|межрегиональн)"
)
_SIGNING = re.compile(
    r"^\s*(?:участие\s+в\s+)?(?:торжественн\w+\s+)?(?:церемони\w+\s+)?"
    r"(?:подписани[еяюи]|заключени[еяюи])\s+(?P<doc>" + _DOC_WORD + r".*)$",
    re.IGNORECASE | re.DOTALL,
)
_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern, re.IGNORECASE))
    for kind, pattern in (
        ("intent-agreement", r"^\S*\s*соглашени\w*\s+о\s+намерениях"),
        ("supplementary-agreement", r"^дополнительн\w*\s+соглашени"),
        ("plan", r"^(?:\w+\s+)?(?:план|программ)"),
        ("memorandum", r"^(?:\w+\s+)?меморандум"),
        ("protocol", r"^(?:\w+\s+)?протокол"),
    )
)
_SUBJECT = re.compile(
    r"(?<![а-яё])(?P<subject>(?:о|об)\s+(?!намерениях)[а-яё].*?)(?=\s+между\s|\s*$)",
    re.IGNORECASE | re.DOTALL,
)
_DATE = r"(?P<date>\d{1,2}\s+[а-яё]+\s+\d{4}|\d{1,2}\.\d{1,2}\.\d{4})\s*(?:года|г\.)?"
_NUMBER = r"№\s*(?P<number>[0-9A-Za-zА-Яа-яЁё][0-9A-Za-zА-Яа-яЁё/\-–.]*[0-9A-Za-zА-Яа-яЁё])"
_APPROVAL = re.compile(r"утвержден\w*[^;()]*?\bот\s+" + _DATE + r"\s*" + _NUMBER, re.IGNORECASE)
_REGISTRATION = re.compile(r"зарегистрирован\w*[^;()]*?" + _DATE + r"\s*" + _NUMBER, re.IGNORECASE)


def parse_agreement(
    title: str,
    content: str,
    dates: DateInfo,
    party_keys: tuple[str, ...],
    *,
    by_correspondence: bool = False,
) -> AgreementRecord | None:
    """The signed document of a signing event; None when the title is not a signing.

    >>> a = parse_agreement("Подписание Плана мероприятий на 2020-2022 годы к Соглашению", "",
    ...                     parse_dates("8 января 2020 года", report_start=date(2020, 1, 1),
    ...                                 report_end=date(2020, 6, 30)), ())
    >>> a.kind, a.title, a.signed
    ('plan', 'План мероприятий на 2020-2022 годы к Соглашению', datetime.date(2020, 1, 8))
    """
    m = _SIGNING.match(" ".join(title.split()))
    if m is None:
        return None
    doc = m.group("doc")
    flat = " ".join(f"{title} {content}".split())
    unread: list[str] = []
    approval_date, approval_number = _dated_number(_APPROVAL, flat, dates, unread)
    registration_date, registration_number = _dated_number(_REGISTRATION, flat, dates, unread)
    single_day = (
        len(dates.periods) == 1 and dates.periods[0].precision is Precision.DAY and dates.start == dates.end
    )
    subject = _SUBJECT.search(doc)
    return AgreementRecord(
        kind=_kind(doc),
        title=_nominative_title(doc),
        party_keys=party_keys,
        subject=subject.group("subject").strip() if subject else None,
        signed=dates.start if single_day else None,
        approval_number=approval_number,
        approval_date=approval_date,
        registration_number=registration_number,
        registration_date=registration_date,
        by_correspondence=by_correspondence,
        unread_dates=tuple(unread),
    )


def _kind(doc: str) -> str:
    for kind, pattern in _KINDS:
        if pattern.search(doc):
            return kind
    return "agreement"


def _dated_number(
    pattern: re.Pattern[str], text: str, dates: DateInfo, unread: list[str]
) -> tuple[date | None, str | None]:
    """The date and number of an approval or registration; a date that cannot be read is left
    out and its text added to ``unread`` (the number is still kept)."""
    m = pattern.search(text)
    if m is None:
        return None, None
    try:
        info = parse_dates(m.group("date"), report_start=dates.start, report_end=dates.end)
    except CellError:
        unread.append(m.group("date").strip())
        return None, m.group("number")
    return info.start, m.group("number")


def _nominative_title(doc: str) -> str:
    """Put the document's name (leading adjectives + head noun, genitive after "Подписание")
    into the nominative; the rest of the title is already in its own case and stays."""
    words = doc.split(" ")
    head = next(
        (i for i, w in enumerate(words[:4]) if _genitive_parse(w, "NOUN") is not None),
        None,
    )
    if head is None:
        return doc[:1].upper() + doc[1:]
    noun = _genitive_parse(words[head], "NOUN")
    assert noun is not None
    nominative = noun.inflect({"nomn", noun.tag.number or "sing"})
    out = list(words)
    if nominative is not None:
        out[head] = _same_case(words[head], nominative.word)
    for i in range(head):
        adj = _genitive_parse(words[i], "ADJF")
        grammemes = {"nomn", noun.tag.number or "sing"}
        if noun.tag.number != "plur" and noun.tag.gender:
            grammemes.add(noun.tag.gender)
        inflected = adj.inflect(grammemes) if adj is not None else None
        if inflected is not None:
            out[i] = _same_case(words[i], inflected.word)
    text = " ".join(out)
    return text[:1].upper() + text[1:]


def _genitive_parse(word: str, pos: str) -> Parse | None:
    clean = word.strip(',.;:«»"()')
    if not clean.isalpha():
        return None
    for p in analyzer().parse(clean):
        if pos in p.tag and "gent" in p.tag:
            return p
    return None


def _same_case(original: str, word: str) -> str:
    """The inflected word with the original's capitals and surrounding punctuation."""
    m = re.match(r"^(\W*)(.*?)(\W*)$", original)
    assert m is not None
    before, core, after = m.groups()
    if core.isupper() and len(core) > 1:
        word = word.upper()
    elif core[:1].isupper():
        word = word[:1].upper() + word[1:]
    return before + word + after
