"""``/opendata/``: the Russian open-data passport (coopgraph.publish.passport) as a regional portal
harvests it: ``/opendata/list.csv``, ``/opendata/{id}/meta.csv``, the structure and data files,
and a page listing the sets with their passports. Built once per store generation."""

from __future__ import annotations

import threading

from flask import Blueprint, Flask, Response, abort, render_template
from werkzeug.exceptions import HTTPException

from coopgraph.formats import Media
from coopgraph.publish.files import report_ids
from coopgraph.publish.passport import FOLDER, Passport, passport_files, passports
from coopgraph.server.app_context import this_app
from coopgraph.server.downloads import publication
from coopgraph.server.pages import error_page

blueprint = Blueprint("opendata", __name__)
blueprint.register_error_handler(HTTPException, error_page)

# The passport's fields as the recommendations name them (the page shows both).
FIELD_TITLES = {
    "standardversion": "Версия методических рекомендаций",
    "identifier": "Идентификационный номер (код) набора данных",
    "title": "Наименование набора данных",
    "description": "Описание набора данных",
    "creator": "Владелец набора данных",
    "created": "Дата первой публикации набора данных",
    "modified": "Дата последнего внесения изменений",
    "subject": "Ключевые слова, соответствующие содержанию набора данных",
    "format": "Формат данных",
    "provenance": "Содержание последнего изменения",
    "valid": "Дата актуальности набора данных",
    "publishername": "Ответственное лицо",
    "publisherphone": "Телефон ответственного лица",
    "publishermbox": "Адрес электронной почты ответственного лица",
}


def field_title(key: str) -> str:
    if key.startswith("data-"):
        return "Гиперссылка (URL) на набор"
    if key.startswith("structure-"):
        return "Описание структуры набора данных"
    return FIELD_TITLES.get(key, key)


def _page(chosen: list[Passport]) -> str:
    licence = publication(this_app()).licence
    return render_template("opendata.html", passports=chosen, field_title=field_title, licence=licence)


class PassportCache:
    """The passport files of one store generation."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.generation = -1
        self.files: dict[str, bytes] = {}
        self.passports: list[Passport] = []

    def current(self, app: Flask) -> PassportCache:
        store = app.extensions["coopgraph.store"].get()
        minter = app.extensions["coopgraph.minter"]
        with self.lock:
            generation = store.generation()
            if generation != self.generation:
                reports = report_ids(store, minter)
                pub = publication(app)
                self.passports = passports(store, minter, pub, reports)
                self.files = passport_files(store, minter, pub, reports)
                self.generation = generation
            return self


def _current(app: Flask) -> PassportCache:
    return app.extensions.setdefault("coopgraph.opendata", PassportCache()).current(app)


def _csv(path: str) -> Response:
    data = _current(this_app()).files.get(f"{FOLDER}/{path}")
    if data is None:
        abort(404, f"no open-data file {path!r}")
    response = Response(data, mimetype=Media.CSV)
    response.mimetype_params["charset"] = "utf-8"
    response.headers["Content-Disposition"] = f'inline; filename="{path.rsplit("/", 1)[-1]}"'
    return response


@blueprint.get("/opendata/")
def index() -> str:
    return _page(_current(this_app()).passports)


@blueprint.get("/opendata/<identifier>/")
def one_set(identifier: str) -> str:
    cache = _current(this_app())
    chosen = [p for p in cache.passports if p.identifier == identifier]
    if not chosen:
        abort(404, f"no open-data set {identifier!r}")
    return _page(chosen)


@blueprint.get("/opendata/list.csv")
def list_of_sets() -> Response:
    return _csv("list.csv")


@blueprint.get("/opendata/<identifier>/<name>.csv")
def set_file(identifier: str, name: str) -> Response:
    return _csv(f"{identifier}/{name}.csv")
