"""The role an organisation played in an event, from its column and the words before it.

A cell gives the default: the title and the participants column name participants, the place
column a host, the content column only mentions (a body that approved, registered or lent
something). The words before an organisation in its sentence can say more; the cue nearest to
it (at most ``CUE_REACH`` characters before it) decides:

| cue | role |
| --- | --- |
| "организован …", "Организаторы –", "проведен …", "совместно с" | organiser |
| "при поддержке", "при содействии" | supporter |
| "посещение …", "на базе", "в" right before it ("презентация в … горисполкоме") | host |
| "контракт / договор / переговоры / встреча … с", "матч … между", "между … и" | counterpart |
| "приняли участие", "в том числе", "выступил …", "представители", "команда", "из фондов" | participant |

An organisation listed right after another ("… с ОАО «А», ОАО «Б» и ОАО «В»": only commas and
"и" between them) takes the role the cue gave the first. A party (signatory) and a host keep
their role; in parentheses after "учредитель" a body is a founder, named only.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable

from coopgraph.ingest.records import OrganisationRecord, OrgRole

_SUPPORT = re.compile(r"при\s+поддержке\s*$", re.I)
_ORGANISER = re.compile(r"(организатор\w*|организован\w*|разработчик\w*|проводим\w*)[^;.]{0,40}$", re.I)
_FOUNDER = re.compile(r"учредител", re.I)

CUE_REACH = 120  # characters: a cue names the organisations that follow it, not a whole paragraph
# Cues in the order they are tried at one position; the nearest cue before a mention wins.
ROLE_CUES: tuple[tuple[re.Pattern[str], OrgRole], ...] = (
    (
        re.compile(
            r"организован\w*|организовал\w*|организатор\w*|при\s+организации|совместно\s+с[о]?"
            r"|(?<![а-яё])проведен[аоы]?(?![а-яё])(?!\s+(?:переговор|встреч|консультаци))",
            re.I,
        ),
        OrgRole.ORGANISER,
    ),
    (re.compile(r"при\s+поддержке|при\s+содействии|поддержк\w+\s+оказал\w*", re.I), OrgRole.SUPPORTER),
    (re.compile(r"посещени\w*|посетил\w*|на\s+базе|(?<![а-яё])во?\s*$", re.I), OrgRole.HOST),
    (
        re.compile(
            r"(?<![а-яё])между(?![а-яё])"
            r"|(?:контракт|договор|соглашени|переговор|встреч|матч|игр[аеуы]|консультаци|переписк)[а-яё]*"
            r"(?:\s+[^\s.;]+){0,6}?\s+(?:с|со)(?=\s)",
            re.I,
        ),
        OrgRole.COUNTERPART,
    ),
    (
        re.compile(
            r"участ(?:ие|вовал\w*|ник\w*)|в\s+том\s+числе|выступил\w*|представител\w*|студент\w*"
            r"|сотрудник\w*|делегаци\w*|специалист\w*|команд\w*|победител\w*|призер\w*"
            # a lender of the exhibits: "работы из фондов УК «…»"
            r"|из\s+(?:фондов|собрани[яй]|коллекци[ий])",
            re.I,
        ),
        OrgRole.PARTICIPANT,
    ),
)
# Line ends are not breaks: the dump wraps lines anywhere ("организована\nПосольством").
_SENTENCE_BREAK = re.compile(r";|[а-яё]{3,}[.!?](?:\s|$)")
_LIST_GLUE = re.compile(r"\s*(?:\([^()]*\))?\s*(?:,|и|,\s*и)\s*")
_CUE_ROLES = frozenset(role for _, role in ROLE_CUES)


def _role(text: str, start: int, role: OrgRole) -> OrgRole:
    """The role right before a mention in its own cell ("при поддержке …", "Организатор – …")."""
    if role not in (OrgRole.PARTICIPANT, OrgRole.MENTIONED):
        return role
    before = text[max(0, start - 60) : start].rstrip(" –-:")
    if _SUPPORT.search(before):
        return OrgRole.SUPPORTER
    if _ORGANISER.search(before):
        return OrgRole.ORGANISER
    return role


def cue_role(sentence: str) -> OrgRole | None:
    """The role the nearest cue in ``sentence`` (the text before a mention) gives, if any."""
    best: tuple[int, OrgRole] | None = None
    for cue, role in ROLE_CUES:
        ends = [m.end() for m in cue.finditer(sentence)]
        if ends and len(sentence) - ends[-1] <= CUE_REACH and (best is None or ends[-1] > best[0]):
            best = (ends[-1], role)
    return best[1] if best else None


def roles_in_cell(text: str, organisations: Iterable[OrganisationRecord]) -> list[OrganisationRecord]:
    """The organisations of one cell with the roles their sentences give them, in order."""
    result: list[OrganisationRecord] = []
    previous: tuple[int, OrgRole] | None = None  # end of the last mention and its cue role
    for org in organisations:
        span = _find(text, org.text)
        if span is None or org.role not in (OrgRole.PARTICIPANT, OrgRole.MENTIONED):
            result.append(org)
            previous = None
            continue
        before = text[: span[0]]
        breaks = list(_SENTENCE_BREAK.finditer(before))
        sentence = before[breaks[-1].end() :] if breaks else before
        role = cue_role(sentence)
        if previous is not None and _LIST_GLUE.fullmatch(text[previous[0] : span[0]]):
            role = previous[1]  # "с ОАО «А», ОАО «Б» и ОАО «В»": one list, one role
        if role is not None:
            org = dataclasses.replace(org, role=role)
        previous = (span[1], role) if role in _CUE_ROLES else None
        result.append(org)
    return result


def person_role(text: str, span: str) -> OrgRole | None:
    """The role the words before a person named in running text give: a speaker ("выступил"),
    the other side of a meeting ("встреча с …"), an organiser; None when no cue is near."""
    found = _find(text, span)
    if found is None:
        return None
    before = text[: found[0]]
    breaks = list(_SENTENCE_BREAK.finditer(before))
    return cue_role(before[breaks[-1].end() :] if breaks else before)


def _find(text: str, span: str) -> tuple[int, int] | None:
    words = span.split()
    if not words:
        return None
    m = re.search(r"\s+".join(map(re.escape, words)), text)
    return m.span() if m else None
