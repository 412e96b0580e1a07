"""Organisations named in a cell: rule-based, because NER drops legal forms and quotes.

Three kinds of mention are found, in this order (a later kind never overlaps an earlier one):

1. a legal form and a quoted name: ``СОГБУК «Музей Ю.А. Гагарина»``, ``Учреждение образования
   «…»``, ``Государственное учреждение «Мемориальный комплекс «Брестская крепость – герой»``
   (nested quotes; a missing final ``»`` is supplied), ``австрийская компания «EGGER»``;
2. bodies without one, found by their head noun and written in any case: ``Администрацией
   Смоленской области``, ``Гомельского областного исполнительного комитета``, ``облисполком``,
   ``Посольством Российской Федерации в Республике Беларусь``, ``Министра транспорта и
   коммуникаций Республики Беларусь`` (-> Министерство …); institutions (музей, колледж,
   филармония, центр…) only with a place or nationality adjective or an eponym (``им. …``);
3. known names and abbreviations from ``data/org_aliases.csv`` (``ЦПК``, ``СмолАПО``), marked
   ``fuzzy``.

Abbreviated legal forms are the table's, or built from the parts Russian forms are made of
(``ОГБУЗ``, ``ГАПОУ``), optionally followed by a region's initials (``ГБПОУ ПО «…»``). A body's
name ends at a sentence's end ("… комитетом. Представлено": the period is not the name's) and
at "и" followed by another body ("Администрации Псковской области и Минского областного
исполнительного комитета" is two). A branch written before its parent ("Смоленского
регионального отделения …", "Могилевского (Витебского) отделения …", "Брянского филиала …") is
an organisation of its own, named with the parent as written, in place of the parent.

Names go to the nominative (``nominative.to_nominative``); quoted names stay as written.
The country comes from, in order: the alias table; for a body without quotes, the words of
its name (Российской Федерации, Гомельский, Республики Беларусь…), then a parenthesis after it
("(Республика Беларусь)", "(г. Брест, …)"); for a quoted name the parenthesis first, then its
words; last, the legal form. Structural units (отдел, Управление делами Аппарата …) are not
organisations of their own: the body they belong to is found inside them; a directorate
written with a capital ("Главное управление спорта Смоленской области", "Управление образования
Гомельского облисполкома") is a body.

One module per job: ``vocabulary`` (word lists, legal forms), ``quotes`` (quoted names),
``keys`` (the identity key curation uses, the alias table), ``mentions`` (finding the spans),
``words`` (what a word is to the finder: a genitive, a sentence's end, a full name), ``seats``
(country, seat, region), ``roles`` (the role from the words around a mention); this module
turns mentions into records.
"""

from __future__ import annotations

import re

from coopgraph.ingest.gazetteer import Gazetteer, load_gazetteer
from coopgraph.ingest.organisations.keys import (
    Alias,
    _base_key,
    aliases,
    organisation_key,
    spell_out_executive,
    split_legal_form,
)
from coopgraph.ingest.organisations.mentions import _Mention, _mentions, organisation_spans
from coopgraph.ingest.organisations.quotes import flatten, quoted_end, quoted_regions, unquote
from coopgraph.ingest.organisations.roles import _FOUNDER, _role
from coopgraph.ingest.organisations.seats import (
    _founder_country,
    _parenthesis_after,
    _place_before,
    _Where,
    _where_from_name,
    _where_from_text,
    form_country,
)
from coopgraph.ingest.organisations.vocabulary import LEGAL_FORMS, WRITTEN_COUNTRY
from coopgraph.ingest.organisations.words import ends_sentence
from coopgraph.ingest.records import OrganisationRecord, OrgRole

__all__ = [
    "LEGAL_FORMS",
    "aliases",
    "ends_sentence",
    "extract_organisations",
    "flatten",
    "form_country",
    "organisation_key",
    "organisation_spans",
    "quoted_end",
    "quoted_regions",
    "seat_before",
    "spell_out_executive",
    "split_legal_form",
    "unquote",
]

# --------------------------------------------------------------------------- public API


def extract_organisations(
    text: str, column: str, role: OrgRole = OrgRole.PARTICIPANT
) -> tuple[OrganisationRecord, ...]:
    """Every organisation named in one cell, in order of mention, one record per key."""
    flat = flatten(text)
    if not flat:
        return ()
    gazetteer = load_gazetteer()
    records: dict[str, OrganisationRecord] = {}
    for mention in _mentions(flat):
        record = _record(flat, mention, column, role, gazetteer)
        first = records.get(record.key)
        if first is None or (first.fuzzy and not record.fuzzy):  # the exact spelling wins
            records[record.key] = record
    return tuple(records.values())


def seat_before(flat: str, position: int) -> str | None:
    """Gazetteer key of the settlement of the last organisation named before ``position`` in a
    place cell ("СОГБУК «Музей Ю.А. Гагарина», Дом космонавтов" -> "gagarin")."""
    gazetteer = load_gazetteer()
    for mention in reversed([m for m in _mentions(flat) if m.end <= position]):
        record = _record(flat, mention, "place", OrgRole.HOST, gazetteer)
        if record.place_key:
            return record.place_key
    return None


def _record(text: str, m: _Mention, column: str, role: OrgRole, gazetteer: Gazetteer) -> OrganisationRecord:
    key = organisation_key(m.key_name or m.short_name)
    alias = aliases().get(_base_key(m.short_name))
    fuzzy, legal_form, short_name = _naming(text, m, alias)
    where, founder = _seat(text, m, column, short_name, alias, gazetteer)
    country = (
        (alias.country if alias is not None and alias.country else None)
        or where.country
        or WRITTEN_COUNTRY.get(legal_form or "")
        or form_country(legal_form)
    )
    if where.region is None and (legal_form or "").startswith("СОГ"):
        where.region = "RU-SMO"  # "Смоленское областное …" is spelt into the legal form
    if where.region is None and where.place is not None:
        where.region = gazetteer.region_of(where.place.key)
    in_parenthesis = re.search(r"\([^()]*$", text[: m.start]) is not None
    record_role = OrgRole.MENTIONED if in_parenthesis and _FOUNDER.search(text[: m.start][-80:]) else role
    return OrganisationRecord(
        key=key,
        # a legal form written out stays written out in the name ("Учреждение образования «…»"),
        # as the text gives it; ``legal_form`` keeps the abbreviation for typing
        name=_display(
            m.written_form or legal_form, short_name, m.quoted or (legal_form is not None and not m.bare)
        ),
        short_name=short_name,
        legal_form=legal_form,
        country=country or (where.region[:2] if where.region else None),
        text=text[m.start : m.end],
        role=_role(text, m.start, record_role),
        column=column,
        place_key=where.place.key if where.place and where.place.kind == "settlement" else None,
        region_code=where.region,
        founder_country=founder,
        fuzzy=fuzzy,
    )


def _naming(text: str, m: _Mention, alias: Alias | None) -> tuple[bool, str | None, str]:
    """(fuzzy, legal form, short name) of a mention: an alias row that names another spelling
    gives its canonical name, and the record is fuzzy."""
    fuzzy = m.fuzzy
    legal_form = m.legal_form
    short_name = m.short_name
    if alias is not None and _base_key(alias.canonical_name) != _base_key(m.short_name):
        fuzzy = True
    if alias is not None:
        legal_form = legal_form or alias.legal_form or None
        short_name = alias.canonical_name if fuzzy else short_name
    if re.search(r"(обл|гор|рай)исполком", m.short_name, re.I) or re.search(
        r"(обл|гор|рай)исполком", text[m.start : m.end], re.I
    ):
        fuzzy = True
    return fuzzy, legal_form, short_name


def _seat(
    text: str, m: _Mention, column: str, short_name: str, alias: Alias | None, gazetteer: Gazetteer
) -> tuple[_Where, str | None]:
    """Where an organisation is (country, seat, region) and its founder's country, from its
    name, a parenthesis after it, a settlement named after it, the alias table and, in the
    place column, the settlement named before it; in that order of trust."""
    where = _where_from_name(short_name, gazetteer, quoted=m.quoted)
    where.country = m.country or where.country
    founder = _read_parenthesis(text, m, where, gazetteer)
    after = re.match(r"\s*((?:г\.|пос\.|д\.|аг\.|гп|пгт)\s*[А-ЯЁ][а-яё-]+)", text[m.end :])
    if after and m.quoted and where.place is None:  # МБОУ «СШ № 7» г. Смоленска
        named = _where_from_text(after.group(1), gazetteer)
        where.place, where.region = named.place, named.region or where.region
        where.country = where.country or named.country
    if alias is not None and alias.place in gazetteer:  # the table knows the seat: before a guess
        where.place = where.place or gazetteer.get(alias.place)
        where.region = where.region or gazetteer.region_of(alias.place)
    if where.place is None and column == "place":
        where.place = _place_before(text, m.start, gazetteer)
        if where.place and where.region is None:
            where.region = gazetteer.region_of(where.place.key)
    return where, founder


def _read_parenthesis(text: str, m: _Mention, where: _Where, gazetteer: Gazetteer) -> str | None:
    """A parenthesis after the mention: the founder's country when it names a founder (returned),
    else the seat, region and country it names (written into ``where``)."""
    paren = _parenthesis_after(text, m.end)
    if paren and _FOUNDER.search(paren[0]):
        return _founder_country(paren[0], gazetteer)
    if paren:
        explicit = _where_from_text(paren[0], gazetteer)
        where.place = explicit.place or where.place
        # a body's own words say whose it is and which region it serves ("Посольство Российской
        # Федерации … (Республика Беларусь)" is Russian, "Минский областной исполнительный
        # комитет (г. Минск, …)" serves BY-MI, seated in Minsk); a quoted trade name says
        # nothing of the kind: the parenthesis does
        own = where if not m.quoted else _Where()
        where.region = own.region or explicit.region or where.region
        where.country = own.country or explicit.country or where.country
    return None


def _display(legal_form: str | None, short_name: str, quoted: bool) -> str:
    if not legal_form:
        return short_name
    return f"{legal_form} «{short_name}»" if quoted else f"{legal_form} {short_name}"
