"""Deterministic, readable IRIs: the same thing gets the same IRI in every ingest.

Every resource the ingest mints lives under ``{base}id/``; the server serves ``/id/...`` and
answers with a 303 to the describing document (see README, "Linked data").
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

import iuliia

_NON_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(text: str, *, max_length: int = 80) -> str:
    """Transliterate Russian/Belarusian text into an ASCII slug.

    >>> slugify("Гомельский областной исполнительный комитет")
    'gomelskii-oblastnoi-ispolnitelnyi-komitet'
    >>> slugify("ООО «ЭГГЕР ДРЕВПРОДУКТ ГАГАРИН»")
    'ooo-egger-drevprodukt-gagarin'
    >>> a = slugify("Управление делами Аппарата Администрации Смоленской области по вопросам А")
    >>> b = slugify("Управление делами Аппарата Администрации Смоленской области по вопросам Б")
    >>> len(a) <= 80 and a != b
    True
    """
    latin = iuliia.ICAO_DOC_9303.translate(text.replace("ё", "е").replace("Ё", "Е"))
    ascii_ = unicodedata.normalize("NFKD", latin).encode("ascii", "ignore").decode("ascii")
    slug = _NON_SLUG.sub("-", ascii_.lower()).strip("-")
    if len(slug) > max_length:
        # A cut slug gets a short digest of the whole one: two long names that share their
        # first 80 characters must not share an IRI.
        digest = hashlib.sha1(slug.encode()).hexdigest()[:6]
        slug = slug[: max_length - 7].rsplit("-", 1)[0] + "-" + digest
    return slug or "x"


class Minter:
    """Mints IRIs under one base. Kinds are fixed path segments: the server routes on them."""

    KINDS = ("report", "event", "agreement", "org", "person", "place", "graph", "source", "analysis")

    def __init__(self, base: str) -> None:
        self.base = base if base.endswith("/") else base + "/"

    def report(self, report_id: str) -> str:
        return f"{self.base}id/report/{report_id}"

    def report_graph(self, report_id: str) -> str:
        """The named graph that holds everything one report says."""
        return f"{self.base}graph/{report_id}"

    def source_file(self, report_id: str) -> str:
        return f"{self.base}id/report/{report_id}/source"

    def event(self, report_id: str, row: int) -> str:
        return f"{self.base}id/event/{report_id}/{row}"

    def event_part(self, report_id: str, row: int, part: str, n: int) -> str:
        """Sub-resources of an event: ``period/1``, ``participation/2``, ``count/1``."""
        return f"{self.event(report_id, row)}/{part}/{n}"

    def agreement(self, report_id: str, row: int) -> str:
        return f"{self.base}id/agreement/{report_id}/{row}"

    def organisation(self, key: str) -> str:
        return f"{self.base}id/org/{key}"

    def person(self, key: str) -> str:
        return f"{self.base}id/person/{key}"

    def place(self, key: str) -> str:
        return f"{self.base}id/place/{key}"

    # Graphs that do not belong to one report.
    @property
    def ontology_graph(self) -> str:
        return f"{self.base}graph/ontology"

    @property
    def gazetteer_graph(self) -> str:
        return f"{self.base}graph/gazetteer"
