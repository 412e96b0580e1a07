import zipfile
from pathlib import Path

import pytest
from odt_fixtures import build_odt
from report_layouts import LAYOUTS, Layout

from coopgraph.ingest.errors import ReadError
from coopgraph.ingest.read_odt import ODT_MEDIA_TYPE, read_odt_report
from coopgraph.ingest.read_text import read_text_report
from coopgraph.ingest.readers import read_report
from coopgraph.ingest.records import COLUMN_LABELS_RU, COLUMNS

HEADER = tuple(COLUMN_LABELS_RU[c] for c in COLUMNS)
NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
)


def read(path: Path):
    return read_odt_report(path, path.read_bytes())


def rows_of(report):
    return [(r.position, r.sector, r.cells) for r in report.rows]


@pytest.fixture(scope="module")
def text_report(bundled_report_path):
    return read_text_report(bundled_report_path, bundled_report_path.read_bytes())


def raw_odt(path: Path, body: str, *, prolog: str = "", mimetype: str = ODT_MEDIA_TYPE) -> Path:
    """An ODT holding only its mimetype and a content.xml with the given office:text body."""
    xml = (
        f"{prolog}<office:document-content {NS}><office:body><office:text>{body}</office:text>"
        "</office:body></office:document-content>"
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", mimetype, compress_type=zipfile.ZIP_STORED)
        archive.writestr("content.xml", xml, compress_type=zipfile.ZIP_DEFLATED)
    return path


def p(*parts: str) -> str:
    return "<text:p>" + "".join(parts) + "</text:p>"


def cell(*paragraphs: str, attrs: str = "") -> str:
    return f"<table:table-cell {attrs}>{''.join(paragraphs) or p()}</table:table-cell>"


def row(*cells: str, attrs: str = "") -> str:
    return f"<table:table-row {attrs}>{''.join(cells)}</table:table-row>"


def simple_row(*texts: str) -> str:
    return row(*(cell(p(x)) for x in texts))


def table(*rows: str) -> str:
    return '<table:table table:name="T">' + "".join(rows) + "</table:table>"


DATA_1 = ("1.", "Встреча", "г. Минск", "5 сентября 2021 года", "Переговоры", "Делегации")
DATA_2 = ("2.", "Форум", "г. Гомель", "октябрь 2021 года", "Доклады", "Эксперты")
TITLE = p("Отчет о сотрудничестве за II полугодие 2021 года")


# --------------------------------------------------------------------------- the bundled report


def test_bundled_report_as_odt_reads_to_the_rows_of_the_text_dump(tmp_path, text_report):
    path = build_odt(text_report, tmp_path / "r.odt", Layout())
    report = read_report(path)
    assert rows_of(report) == rows_of(text_report)
    assert report.title == text_report.title
    assert report.media_type == ODT_MEDIA_TYPE and report.encoding is None


@pytest.mark.parametrize("name", list(LAYOUTS))
def test_odt_layouts_of_the_bundled_report_read_to_its_rows(tmp_path, text_report, name):
    report = read(build_odt(text_report, tmp_path / f"{name}.odt", LAYOUTS[name]))
    assert rows_of(report) == rows_of(text_report)
    assert report.title == text_report.title


def test_the_odt_layouts_have_the_features_they_claim(tmp_path, text_report):
    def xml_of(name: str) -> str:
        with zipfile.ZipFile(build_odt(text_report, tmp_path / f"{name}.odt", LAYOUTS[name])) as archive:
            return archive.read("content.xml").decode()

    merged = xml_of("sectors-merged-partly-or-not-at-all")
    assert 'table:number-columns-spanned="4"' in merged and "<table:covered-table-cell/>" in merged
    default = xml_of("continuation-rows")
    assert "<text:line-break/>" in default and "<text:soft-page-break/>" in default
    assert "<table:table-header-rows>" in default
    assert "<text:section" in xml_of("split-header-repeated")


def test_an_odt_named_docx_is_read_as_odt(tmp_path, text_report):
    path = build_odt(text_report, tmp_path / "r.odt", Layout())
    renamed = path.rename(tmp_path / "r.docx")
    assert read_report(renamed).media_type == ODT_MEDIA_TYPE


# --------------------------------------------------------------------------- OpenDocument features


def test_spaces_tabs_breaks_notes_and_tracked_deletions(tmp_path):
    place = p('г.<text:s/>Смоленск,<text:line-break/>ДС<text:s text:c="1"/>«Юбилейный»')
    title = p(
        "Кубок",
        "   \n  Дружбы",  # white space in the XML collapses to one space
        '<text:note text:note-class="footnote"><text:note-citation>1</text:note-citation>'
        "<text:note-body><text:p>сноска</text:p></text:note-body></text:note>",
    )
    content = p(
        '<text:span text:style-name="T1">Текст</text:span>',
        "<office:annotation><text:p>замечание</text:p></office:annotation>",
        "<text:soft-page-break/>",
    )
    body = (
        '<text:tracked-changes><text:changed-region text:id="c1"><text:deletion>'
        "<text:p>удалено</text:p></text:deletion></text:changed-region></text:tracked-changes>"
        + TITLE
        + table(
            simple_row(*HEADER),
            row(
                cell(p("1.")),
                cell(title),
                cell(place),
                cell(p("май 2021 года")),
                cell(content),
                cell(p("Гости")),
            ),
        )
    )
    (result,) = read(raw_odt(tmp_path / "f.odt", body)).rows
    assert result.cell("title") == "Кубок Дружбы"
    assert result.cell("place") == "г. Смоленск,\nДС «Юбилейный»"
    assert result.cell("content") == "Текст"


def test_cells_merged_down_and_repeated_cells(tmp_path):
    body = TITLE + table(
        simple_row(*HEADER),
        row(
            *(
                cell(p(x), attrs='table:number-rows-spanned="2"' if i == 2 else "")
                for i, x in enumerate(DATA_1)
            )
        ),
        row(*(cell(p(x)) if i != 2 else "<table:covered-table-cell/>" for i, x in enumerate(DATA_2))),
        row(cell(p("Сотрудничество в сфере спорта")), cell(attrs='table:number-columns-repeated="5"')),
        simple_row(*DATA_1),
    )
    report = read(raw_odt(tmp_path / "m.odt", body))
    assert [r.cell("place") for r in report.rows] == ["г. Минск", "г. Минск", "г. Минск"]
    assert report.rows[2].sector == "Сотрудничество в сфере спорта"


def test_junk_spans_and_repeats_are_tolerated(tmp_path):
    junk = 'table:number-columns-spanned="x" table:number-columns-repeated="99999999999"'
    body = TITLE + table(
        simple_row(*HEADER), row(*(cell(p(x), attrs=junk if i == 1 else "") for i, x in enumerate(DATA_1)))
    )
    (result,) = read(raw_odt(tmp_path / "j.odt", body)).rows
    assert result.cells[:2] == DATA_1[:2]


# --------------------------------------------------------------------------- refused documents


def test_not_a_zip(tmp_path):
    path = tmp_path / "report.odt"
    path.write_text("просто текст", encoding="utf-8")
    with pytest.raises(ReadError, match=r"report\.odt: not an ODT file: not a zip archive"):
        read_report(path)


def test_a_spreadsheet_is_named(tmp_path):
    path = raw_odt(tmp_path / "t.odt", "", mimetype="application/vnd.oasis.opendocument.spreadsheet")
    with pytest.raises(
        ReadError, match=r"OpenDocument spreadsheet, not a text document: save the report as \.odt"
    ):
        read_report(path)


def test_zip_without_content(tmp_path):
    path = tmp_path / "e.odt"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", ODT_MEDIA_TYPE)
    with pytest.raises(ReadError, match=r"without content\.xml"):
        read_report(path)


def test_doctype_and_entities_are_refused(tmp_path):
    prolog = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
    path = raw_odt(
        tmp_path / "x.odt",
        TITLE + table(simple_row(*HEADER), simple_row("1.", "&e;", "a", "b", "c", "d")),
        prolog=prolog,
    )
    with pytest.raises(ReadError, match="DOCTYPE"):
        read(path)


def test_a_zip_bomb_is_refused_from_the_directory(tmp_path):
    path = tmp_path / "b.odt"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", ODT_MEDIA_TYPE, compress_type=zipfile.ZIP_STORED)
        archive.writestr("content.xml", b" " * (40 * 1024 * 1024))
    with pytest.raises(ReadError, match=r"content\.xml is compressed \d+:1"):
        read_report(path)


def test_a_document_without_the_report_table(tmp_path):
    with pytest.raises(ReadError, match="no table"):
        read(raw_odt(tmp_path / "l.odt", TITLE + p("Письмо без таблицы")))
    with pytest.raises(ReadError, match="not a cooperation report"):
        read(
            raw_odt(
                tmp_path / "o.odt",
                TITLE + table(simple_row("Фамилия", "Имя", "Отчество"), simple_row("a", "b", "c")),
            )
        )
