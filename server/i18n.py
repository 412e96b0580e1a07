"""Two page languages: Russian (default, the reports' language) and English.

The language is chosen per request by ``?lang=en`` / ``?lang=ru``; without it the ``lang``
setting applies. A query parameter (not an ``/en/`` prefix) keeps one URL per page and one
route table, and every link the pages make carries it on (see `url`). Data labels come from
the store (``@ru``/``@en`` literals of the ontology, schemes and gazetteer); the interface
strings are in `STRINGS`.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox
from flask import current_app, request, url_for

LANGS = ("ru", "en")

STRINGS: dict[str, tuple[str, str]] = {
    # key: (ru, en)
    "site_title": ("Сотрудничество с Беларусью: граф знаний", "Cooperation with Belarus: knowledge graph"),
    "site_intro": (
        "Мероприятия сотрудничества регионов России с Республикой Беларусь по полугодовым отчётам: "
        "кто, где, когда и в какой сфере. Данные открыты: SPARQL, связанные данные и выгрузки.",
        "Cooperation events of Russian regions with the Republic of Belarus, from their half-year "
        "reports: who, where, when and in which sector. Open data: SPARQL, linked data and dumps.",
    ),
    "home": ("Главная", "Home"),
    "events": ("Мероприятия", "Events"),
    "organisations": ("Организации", "Organisations"),
    "places": ("Места", "Places"),
    "agreements": ("Соглашения", "Agreements"),
    "people": ("Персоны", "People"),
    "reports": ("Отчёты", "Reports"),
    "search": ("Поиск", "Search"),
    "queries": ("Готовые запросы", "Canned queries"),
    "downloads": ("Выгрузки", "Downloads"),
    "sparql": ("SPARQL", "SPARQL"),
    "network": ("Сеть партнёров", "Partner network"),
    "timeline": ("Хронология", "Timeline"),
    "review": ("Проверка", "Review"),
    "entities": ("Реестр сущностей", "Entity registry"),
    "sectors": ("Сферы сотрудничества", "Sectors"),
    "counts": ("В графе", "In the graph"),
    "triples": ("триплетов", "triples"),
    "sector": ("Сфера", "Sector"),
    "any": ("любая", "any"),
    "region": ("Регион Беларуси", "Belarusian region"),
    "report": ("Отчёт", "Report"),
    "date_from": ("с", "from"),
    "date_to": ("по", "to"),
    "sort": ("Сортировка", "Sort"),
    "sort_date": ("по дате", "by date"),
    "sort_date_desc": ("по дате, новые первыми", "by date, newest first"),
    "sort_title": ("по названию", "by title"),
    "sort_participants": ("по числу участников", "by participant count"),
    "sort_row": ("по номеру строки", "by row number"),
    "sort_events": ("по числу мероприятий", "by number of events"),
    "sort_name": ("по названию", "by name"),
    "sort_signed": ("по дате подписания", "by signing date"),
    "apply": ("Показать", "Show"),
    "title": ("Название", "Title"),
    "name": ("Название", "Name"),
    "dates": ("Сроки", "Dates"),
    "participants": ("Участников", "Participants"),
    "country": ("Страна", "Country"),
    "kind": ("Вид", "Kind"),
    "within": ("Входит в", "Within"),
    "event_count": ("Мероприятий", "Events"),
    "signed": ("Подписано", "Signed"),
    "period": ("Период", "Period"),
    "row": ("№ п/п", "Row"),
    "found": ("Найдено", "Found"),
    "page": ("Страница", "Page"),
    "of": ("из", "of"),
    "previous": ("← назад", "← previous"),
    "next": ("вперёд →", "next →"),
    "nothing": ("Ничего не найдено.", "Nothing found."),
    "type": ("Тип", "Type"),
    "property": ("Свойство", "Property"),
    "value": ("Значение", "Value"),
    "incoming": ("Ссылаются на этот ресурс", "Linked from"),
    "source_row": ("Исходная строка отчёта", "Source row of the report"),
    "neighbourhood": ("Связи", "Neighbourhood"),
    "formats": ("Другие форматы", "Other formats"),
    "more_links": ("и ещё", "and more:"),
    "search_placeholder": ("название, организация, место…", "title, organisation, place…"),
    "search_hint": (
        "Ищет по названиям мероприятий, организаций, мест, персон, соглашений и отчётов.",
        "Searches the names of events, organisations, places, people, agreements and reports.",
    ),
    "parameters": ("Параметры", "Parameters"),
    "run": ("Выполнить", "Run"),
    "rows": ("строк", "rows"),
    "truncated": (
        "Результат обрезан до {n} строк (настройка max_rows).",
        "The result was truncated to {n} rows (setting max_rows).",
    ),
    "query_text": ("Текст запроса", "Query text"),
    "as_json": ("JSON", "JSON"),
    "as_csv": ("CSV", "CSV"),
    "downloads_intro": (
        "Весь набор данных целиком и таблицами. Файлы пересоздаются после каждой загрузки отчётов.",
        "The whole dataset, as RDF and as tables. The files are rebuilt after every ingest.",
    ),
    "dumps": ("Полные выгрузки RDF", "Whole-dataset RDF dumps"),
    "tables": ("Таблицы CSV", "CSV tables"),
    "geodata": ("Геоданные (GeoJSON, для ГИС)", "Geodata (GeoJSON, for GIS)"),
    "metadata": ("Метаданные", "Metadata"),
    "catalogue": ("Каталог открытых данных", "Open-data catalogue"),
    "catalogue_intro": (
        "Описание набора данных для порталов открытых данных (DCAT-AP 3): кто публикует, на каких "
        "условиях, какие файлы.",
        "The dataset as open-data portals harvest it (DCAT-AP 3): who publishes it, under which "
        "licence, which files.",
    ),
    "publisher": ("Публикатор", "Publisher"),
    "contact": ("Контакт", "Contact"),
    "licence": ("Лицензия", "Licence"),
    "themes": ("Темы", "Themes"),
    "keywords": ("Ключевые слова", "Keywords"),
    "schema": ("Модель данных: онтология и формы SHACL", "Data model: ontology and SHACL shapes"),
    "per_report": ("По отчётам", "Per report"),
    "file": ("Файл", "File"),
    "format": ("Формат", "Format"),
    "not_found": ("Не найдено", "Not found"),
    "bad_request": ("Неверный запрос", "Bad request"),
    "language": ("English", "Русский"),
}

# Labels of the standard-vocabulary terms the pages show (the coopgraph ontology labels its own
# terms in the store; these vocabularies are not loaded there).
TERM_LABELS: dict[str, tuple[str, str]] = {
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#type": ("тип", "type"),
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#value": ("значение", "value"),
    "http://schema.org/name": ("название", "name"),
    "http://schema.org/description": ("описание", "description"),
    "http://schema.org/startDate": ("дата начала", "start date"),
    "http://schema.org/endDate": ("дата окончания", "end date"),
    "http://schema.org/location": ("место", "location"),
    "http://schema.org/eventAttendanceMode": ("формат участия", "attendance mode"),
    "http://schema.org/familyName": ("фамилия", "family name"),
    "http://schema.org/jobTitle": ("должность", "job title"),
    "http://schema.org/addressCountry": ("страна (код)", "country code"),
    "http://schema.org/address": ("адрес", "address"),
    "http://schema.org/PostalAddress": ("почтовый адрес", "postal address"),
    "http://www.opengis.net/ont/geosparql#hasGeometry": ("геометрия", "geometry"),
    "http://www.opengis.net/ont/geosparql#hasDefaultGeometry": ("основная геометрия", "default geometry"),
    "http://www.opengis.net/ont/geosparql#asWKT": ("геометрия (WKT)", "geometry (WKT)"),
    "http://www.opengis.net/ont/geosparql#Geometry": ("геометрия", "geometry"),
    "http://www.opengis.net/ont/sf#Point": ("точка", "point"),
    "http://www.opengis.net/ont/sf#Polygon": ("многоугольник", "polygon"),
    "http://www.opengis.net/ont/sf#MultiPolygon": ("мультимногоугольник", "multipolygon"),
    "http://schema.org/containedInPlace": ("входит в", "contained in"),
    "http://schema.org/Event": ("мероприятие", "event"),
    "http://schema.org/Organization": ("организация", "organisation"),
    "http://schema.org/Person": ("персона", "person"),
    "http://schema.org/Place": ("место", "place"),
    "http://schema.org/Country": ("страна", "country"),
    "http://schema.org/AdministrativeArea": ("административная единица", "administrative area"),
    "http://schema.org/City": ("населённый пункт", "settlement"),
    "http://data.europa.eu/m8g/PublicEvent": ("публичное мероприятие", "public event"),
    "http://data.europa.eu/m8g/Participation": ("участие", "participation"),
    "http://data.europa.eu/m8g/hasParticipation": ("участие", "participation"),
    "http://data.europa.eu/m8g/hasParticipant": ("участник", "participant"),
    "http://data.europa.eu/m8g/role": ("роль", "role"),
    "http://data.europa.eu/m8g/format": ("формат", "format"),
    "http://schema.org/organizer": ("организатор", "organiser"),
    "http://schema.org/affiliation": ("место работы", "affiliation"),
    "http://data.europa.eu/eli/ontology#LegalResource": ("правовой акт (ELI)", "legal resource (ELI)"),
    "http://purl.org/dc/terms/identifier": ("идентификатор", "identifier"),
    "http://www.w3.org/ns/org#Organization": ("организация (ORG)", "organisation (ORG)"),
    "http://xmlns.com/foaf/0.1/Person": ("персона (FOAF)", "person (FOAF)"),
    "http://www.w3.org/ns/prov#Entity": ("сущность PROV", "PROV entity"),
    "http://www.w3.org/ns/prov#wasDerivedFrom": ("получено из", "derived from"),
    "http://www.w3.org/ns/prov#wasGeneratedBy": ("создано в ходе", "generated by"),
    "http://www.w3.org/ns/dcat#Dataset": ("набор данных", "dataset"),
    "http://www.w3.org/ns/dcat#startDate": ("начало", "start"),
    "http://www.w3.org/ns/dcat#endDate": ("конец", "end"),
    "http://purl.org/dc/terms/title": ("заглавие", "title"),
    "http://purl.org/dc/terms/description": ("описание", "description"),
    "http://purl.org/dc/terms/subject": ("предмет", "subject"),
    "http://purl.org/dc/terms/publisher": ("издатель", "publisher"),
    "http://purl.org/dc/terms/temporal": ("период", "temporal coverage"),
    "http://purl.org/dc/terms/format": ("формат", "format"),
    "http://purl.org/dc/terms/PeriodOfTime": ("период времени", "period of time"),
    "http://www.w3.org/2004/02/skos/core#prefLabel": ("название", "preferred label"),
    "http://www.w3.org/2004/02/skos/core#altLabel": ("другое написание", "alternative label"),
    "http://www.w3.org/2000/01/rdf-schema#label": ("метка", "label"),
    "http://www.w3.org/2002/07/owl#sameAs": ("тот же объект", "same as"),
    "http://www.w3.org/ns/regorg#legalName": ("наименование без формы", "legal name"),
    "http://www.w3.org/2003/01/geo/wgs84_pos#lat": ("широта", "latitude"),
    "http://www.w3.org/2003/01/geo/wgs84_pos#long": ("долгота", "longitude"),
}


def current_lang() -> str:
    """The request's page language: ``?lang=`` if valid, else the ``lang`` setting."""
    asked = request.args.get("lang", "")
    if asked in LANGS:
        return asked
    default = current_app.config["COOPGRAPH"].get("lang", "ru")
    return default if default in LANGS else "ru"


def t(key: str, lang: str | None = None) -> str:
    """An interface string in the page language."""
    ru, en = STRINGS[key]
    return en if (lang or current_lang()) == "en" else ru


def term_label(iri: str, lang: str) -> str | None:
    pair = TERM_LABELS.get(iri)
    if pair is None:
        return None
    return pair[1] if lang == "en" else pair[0]


def url(endpoint: str, **values: object) -> str:
    """`url_for` that carries a non-default page language on to the next page."""
    lang = current_lang()
    if lang != current_app.config["COOPGRAPH"].get("lang", "ru"):
        values.setdefault("lang", lang)
    return url_for(endpoint, **{k: v for k, v in values.items() if v not in (None, "")})


def keep_lang(href: str) -> str:
    """A link to one of our pages that keeps a non-default page language."""
    lang = current_lang()
    if lang == current_app.config["COOPGRAPH"].get("lang", "ru"):
        return href
    return href + ("&" if "?" in href else "?") + "lang=" + lang


def query_args() -> dict[str, str]:
    """The request's query arguments that may be carried into a link. `url_for` reads names
    starting with "_" as its own options (`_external`, `_scheme`, `_anchor`, `_method`): from a
    visitor they would rewrite our links or fail the request, so they are dropped."""
    return {k: v for k, v in request.args.items() if not k.startswith("_")}


def switch_lang_url() -> str:
    """This page in the other language."""
    other = "en" if current_lang() == "ru" else "ru"
    args = query_args()
    args["lang"] = other
    return url_for(request.endpoint or "pages.home", **(request.view_args or {}), **args)


def pick_literal(literals: Iterable[ox.Literal], lang: str) -> ox.Literal | None:
    """The best label for the page language: that language, then Russian, English, untagged."""
    order = [lang, *(x for x in (*LANGS, None) if x != lang)]
    ranked = sorted(
        literals, key=lambda lit: order.index(lit.language) if lit.language in order else len(order)
    )
    return ranked[0] if ranked else None


def init_app(app: object) -> None:
    """Expose the helpers to every template."""
    app.jinja_env.globals.update(t=t, url=url, current_lang=current_lang, switch_lang_url=switch_lang_url)
    app.jinja_env.filters["keep_lang"] = keep_lang
