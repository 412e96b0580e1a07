"""Preloaded by the fork server of the ingest workers (``pipeline.ingest_paths``): a small
report is prepared here once, so that every worker forks with the parsers, morphological
dictionaries, shapes and gazetteer already loaded and its caches primed, instead of spending
about two seconds on them before its first report."""

from __future__ import annotations

import contextlib
import tempfile
from pathlib import Path

from coopgraph.iris import Minter
from coopgraph.pipeline import known_places, prepare
from coopgraph.settings import BY_NAME

# The series' form, with nothing from any real report: a heading, the header row, a sector, a row.
SAMPLE = """Отчет
о сотрудничестве органов исполнительной власти Смоленской области с регионами Республики Беларусь
за I полугодие 2020 года

\t№ п/п
\tНаименование мероприятия
\tМесто проведения мероприятия
\tСроки проведения мероприятия
\tСодержание мероприятия и результат
\tУчастники мероприятия

\tСотрудничество в сфере культуры

\t1.
\tРабочая встреча представителей учреждений культуры
\tг. Смоленск
\t15 марта 2020 года
\tПодписано соглашение о сотрудничестве между СОГБУК «Областная библиотека»
и ГУК «Районная библиотека» Витебской области
\t20 человек, в том числе представители Витебского облисполкома
"""


def warm_up(base_iri: str = BY_NAME["base_iri"].default) -> None:
    """Prepare the sample report (nothing is stored) and load the gazetteer's places."""
    minter = Minter(base_iri)
    known_places(minter)
    with tempfile.TemporaryDirectory(prefix="coopgraph-warm-up-") as folder:
        path = Path(folder) / "smolensk-belarus-2020-h1.txt"
        path.write_text(SAMPLE, encoding="utf-8")
        prepare(path, minter)


with contextlib.suppress(Exception):  # an optimisation only: a real failure shows on the first report
    warm_up()
