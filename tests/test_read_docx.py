import io
import re
import time
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx_fixtures import build_docx, build_docx_layout
from report_layouts import LAYOUTS

from coopgraph.ingest.errors import ReadError
from coopgraph.ingest.office_zip import MAX_MEMBERS
from coopgraph.ingest.read_docx import DOCX_MEDIA_TYPE, read_docx_report
from coopgraph.ingest.read_text import read_text_report
from coopgraph.ingest.records import COLUMN_LABELS_RU, COLUMNS, RawReport, RawRow

HEADER = tuple(COLUMN_LABELS_RU[c] for c in COLUMNS)
SPAN_6 = '<w:gridSpan w:val="6"/>'
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def read(path: Path):
    return read_docx_report(path, path.read_bytes())


def rows_of(report):
    return [(r.position, r.sector, r.cells) for r in report.rows]


@pytest.fixture(scope="module")
def text_report(bundled_report_path):
    return read_text_report(bundled_report_path, bundled_report_path.read_bytes())


def python_docx_table(path: Path, table_rows, *, title: str = "Отчет за II полугодие 2021 года") -> Path:
    """A DOCX with python-docx: one-element rows are merged across the table."""
    document = Document()
    document.add_paragraph(title)
    table = document.add_table(rows=0, cols=len(table_rows[0]))
    for cells in table_rows:
        row = table.add_row()
        if len(cells) == 1:
            row.cells[0].merge(row.cells[-1]).text = cells[0]
        else:
            for cell, text in zip(row.cells, cells, strict=True):
                cell.text = text
    document.save(str(path))
    return path


def raw_docx(path: Path, body: str, *, prolog: str = "") -> Path:
    """A DOCX holding only word/document.xml with the given body XML."""
    xml = f'{prolog}<w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>'
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", xml)
    return path


def p(*runs: str) -> str:
    return "<w:p>" + "".join(runs) + "</w:p>"


def t(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'


def tc(*paragraphs: str, props: str = "") -> str:
    return f"<w:tc><w:tcPr>{props}</w:tcPr>{''.join(paragraphs) or p()}</w:tc>"


def tr(*cells: str, props: str = "") -> str:
    return f"<w:tr><w:trPr>{props}</w:trPr>{''.join(cells)}</w:tr>"


def simple_row(*texts: str) -> str:
    return tr(*(tc(p(t(x))) for x in texts))


def tbl(*rows: str) -> str:
    return "<w:tbl><w:tblPr/><w:tblGrid/>" + "".join(rows) + "</w:tbl>"


DATA_1 = ("1.", "Встреча", "г. Минск", "5 сентября 2021 года", "Переговоры", "Делегации")
DATA_2 = ("2.", "Форум", "г. Гомель", "октябрь 2021 года", "Доклады", "Эксперты")
TOURISM_ROW = (
    "2.",
    "Форум",
    "г. Могилев,\nул. Ленинская, д. 1",
    "с 15 по 17 сентября\n2021 года",
    "Доклады",
    "Туроператоры (около 50 человек)",
)


# --------------------------------------------------------------------------- the bundled report


def test_bundled_docx_gives_the_same_rows_as_the_text_dump(bundled_docx_path, text_report):
    report = read(bundled_docx_path)
    assert rows_of(report) == rows_of(text_report)
    assert report.title == text_report.title
    assert report.media_type == DOCX_MEDIA_TYPE
    assert report.encoding is None
    assert report.file_name == bundled_docx_path.name


def test_docx_rows_are_numbered_by_table_row(bundled_docx_path):
    report = read(bundled_docx_path)
    # Row 1 is the header, row 2 the first section, so the first data row is table row 3.
    assert report.rows[0].line == 3
    assert [r.line for r in report.rows] == sorted({r.line for r in report.rows})


def test_the_fixture_has_the_word_features_it_claims(bundled_docx_path):
    with zipfile.ZipFile(bundled_docx_path) as archive:
        xml = archive.read("word/document.xml").decode()
    assert xml.count("<w:tblHeader/>") == 1  # the flagged header; literal repeats are not flagged
    assert xml.count('w:gridSpan w:val="6"') == 7  # one merged row per sector
    assert "<w:br/>" in xml and 'w:name="_GoBack"' in xml and "\u00a0" in xml
    assert "[bookmark" not in xml
    assert xml.count("Наименование мероприятия") == 3  # 1 + repeats before data rows 9 and 17


@pytest.mark.parametrize(
    ("every", "soft_breaks"), [(0, True), (1, False), (5, True)], ids=["no-repeat", "each", "five"]
)
def test_docx_variants_read_the_same(tmp_path, bundled_report_path, text_report, every, soft_breaks):
    path = build_docx(
        bundled_report_path, tmp_path / "r.docx", repeat_header_every=every, soft_breaks=soft_breaks
    )
    assert rows_of(read(path)) == rows_of(text_report)


def test_docx_built_from_a_report_record(tmp_path):
    report = RawReport(
        path="r.txt",
        file_name="r.txt",
        media_type="text/plain; charset=utf-8",
        encoding="utf-8",
        sha256="0" * 64,
        title="Отчет о сотрудничестве за II полугодие 2021 года",
        rows=(
            RawRow(1, 1, "Сотрудничество в сфере здравоохранения", DATA_1),
            RawRow(2, 2, "Сотрудничество в сфере туризма", TOURISM_ROW),
            RawRow(3, 3, "Сотрудничество в сфере туризма", DATA_2),
        ),
    )
    result = read(build_docx(report, tmp_path / "variant.docx", repeat_header_every=2))
    assert rows_of(result) == rows_of(report)
    assert result.title == report.title


# --------------------------------------------------------------------------- layouts people send


@pytest.mark.parametrize("name", list(LAYOUTS))
def test_word_layouts_of_the_bundled_report_read_to_its_rows(tmp_path, text_report, name):
    path = build_docx_layout(text_report, tmp_path / f"{name}.docx", LAYOUTS[name])
    report = read(path)
    assert rows_of(report) == rows_of(text_report)
    assert report.title == text_report.title


def test_the_layouts_have_the_word_features_they_claim(tmp_path, text_report):
    def xml_of(name: str) -> str:
        path = build_docx_layout(text_report, tmp_path / f"{name}.docx", LAYOUTS[name])
        with zipfile.ZipFile(path) as archive:
            return archive.read("word/document.xml").decode()

    assert xml_of("split-header-repeated").count("<w:tbl>") == 2
    assert "<w:sectPr" in xml_of("split-header-repeated").split("<w:tbl>")[1]
    assert xml_of("split-header-not-repeated").count("Наименование мероприятия") == 1
    partial = xml_of("sectors-merged-partly-or-not-at-all")
    assert 'w:gridSpan w:val="6"' in partial and 'w:gridSpan w:val="4"' in partial
    nested = xml_of("nested-tables")
    assert re.search(r"<w:tc>(?:(?!</w:tc>).)*<w:tbl>", nested, re.DOTALL)  # a table inside a cell
    continued = read_docx_report(
        Path("x.docx"),
        build_docx_layout(text_report, tmp_path / "c.docx", LAYOUTS["continuation-rows"]).read_bytes(),
    )
    assert len(continued.rows) == len(text_report.rows)
    document = Document(str(tmp_path / "c.docx"))
    empty_numbers = [
        r for r in document.tables[0].rows if not r.cells[0].text and r.cells[2].text != r.cells[0].text
    ]
    assert len(empty_numbers) >= 2  # rows Word split, continued without a number


def test_a_sector_row_after_the_split_is_carried_over(tmp_path, text_report):
    layout = LAYOUTS["split-header-not-repeated"]
    document = Document(str(build_docx_layout(text_report, tmp_path / "s.docx", layout)))
    second = document.tables[1]
    assert second.rows[0].cells[0].text.strip().rstrip(".").isdigit()  # starts with a data row
    report = read(tmp_path / "s.docx")
    at = layout.split_after
    assert report.rows[at].sector == report.rows[at - 1].sector is not None


# --------------------------------------------------------------------------- Word table features


def test_vertically_merged_cell_belongs_to_every_row_it_spans(tmp_path):
    path = python_docx_table(tmp_path / "v.docx", [HEADER, DATA_1, DATA_2])
    document = Document(str(path))
    table = document.tables[0]
    table.cell(1, 2).merge(table.cell(2, 2)).text = "г. Смоленск"
    document.save(str(path))
    report = read(path)
    assert [r.cell("place") for r in report.rows] == ["г. Смоленск", "г. Смоленск"]


def test_a_report_split_into_tables_is_read_whole_and_other_tables_ignored(tmp_path):
    body = (
        tbl(simple_row("", "УТВЕРЖДАЮ\nЗаместитель Губернатора"))  # an approval block laid out as a table
        + p(t("Отчет"))
        + tbl(
            simple_row(*HEADER),
            tr(tc(p(t("Сотрудничество в сфере спорта")), props=SPAN_6)),
        )
        + p(t("продолжение таблицы"))
        + tbl(simple_row(*HEADER), simple_row(*DATA_1), simple_row(*DATA_2))
        + tbl(simple_row("Начальник управления", "И.И. Иванов"))
    )
    report = read(raw_docx(tmp_path / "split.docx", body))
    assert report.title == "Отчет"
    assert [r.cell("number") for r in report.rows] == ["1.", "2."]
    assert {r.sector for r in report.rows} == {"Сотрудничество в сфере спорта"}
    assert [r.line for r in report.rows] == [4, 5]


def test_runs_breaks_revisions_and_content_controls(tmp_path):
    place = p(
        t("г. Смоленск,"),
        "<w:r><w:br/></w:r>",
        '<w:del w:id="1" w:author="x"><w:r><w:delText>удалено</w:delText></w:r></w:del>',
        '<w:ins w:id="2" w:author="x">' + t("ДС «Юбилейный»") + "</w:ins>",
    )
    title = p(t("Кубок Дружбы"), "<w:r><w:noBreakHyphen/></w:r>", t("2021"))
    dates = p('<w:hyperlink w:anchor="x">' + t("5 сентября") + "</w:hyperlink>") + p(t("2021 года"))
    content = p(
        t("Текст"),
        "<w:r><w:fldChar w:fldCharType='begin'/><w:instrText>PAGE</w:instrText></w:r>",
        "<w:r><w:pict><w:txbxContent><w:p><w:r><w:t>надпись</w:t></w:r></w:p></w:txbxContent></w:pict></w:r>",
    )
    row = tr(tc(p(t("1."))), tc(title), tc(place), tc(dates), tc(content), tc(p(t("Делегации"))))
    header = tr(*(tc(p(t(x))) for x in HEADER), props="<w:tblHeader/>")
    body = tbl(header, "<w:sdt><w:sdtPr/><w:sdtContent>" + row + "</w:sdtContent></w:sdt>")
    report = read(raw_docx(tmp_path / "features.docx", body))
    cells = report.rows[0]
    assert cells.cell("title") == "Кубок Дружбы-2021"
    assert cells.cell("place") == "г. Смоленск,\nДС «Юбилейный»"
    assert cells.cell("dates") == "5 сентября\n2021 года"
    assert cells.cell("content") == "Текст"


def test_a_split_row_whose_number_and_title_are_merged_down_is_one_row(tmp_path):
    restart, going_on = '<w:vMerge w:val="restart"/>', "<w:vMerge/>"
    first = tr(*(tc(p(t(x)), props=restart if i < 2 else "") for i, x in enumerate(DATA_1)))
    rest = tr(
        tc(p(), props=going_on), tc(p(), props=going_on), *(tc(p(t(x))) for x in ("", "", "и итоги", ""))
    )
    body = tbl(simple_row(*HEADER), first, rest, simple_row(*DATA_2))
    report = read(raw_docx(tmp_path / "vsplit.docx", body))
    assert [r.cell("number") for r in report.rows] == ["1.", "2."]
    assert report.rows[0].cell("content") == "Переговоры\nи итоги"
    assert report.rows[0].cell("title") == "Встреча"


def test_a_heading_typed_into_the_table_above_its_header_is_the_title(tmp_path):
    heading = "Отчет о сотрудничестве Смоленской области за II полугодие 2021 года"
    body = p(t("Приложение")) + tbl(
        tr(tc(p(t(heading)), props=SPAN_6)), simple_row(*HEADER), simple_row(*DATA_1)
    )
    report = read(raw_docx(tmp_path / "inside.docx", body))
    assert report.title == heading  # "Приложение" above is no part of it
    assert [r.cell("number") for r in report.rows] == ["1."]


def test_a_totals_row_at_the_foot_is_no_row_and_no_sector(tmp_path):
    body = tbl(
        simple_row(*HEADER),
        simple_row(*DATA_1),
        simple_row("Итого: 1 мероприятие", "", "", "", "", ""),
        simple_row("", "Всего", "", "", "1 мероприятие", ""),
    )
    report = read(raw_docx(tmp_path / "total.docx", body))
    assert [r.cells for r in report.rows] == [DATA_1]


def test_legacy_horizontal_merge_makes_a_section_row(tmp_path):
    merged = tc(p(t("Общие направления")), props='<w:hMerge w:val="restart"/>') + "".join(
        tc(p(), props='<w:hMerge w:val="continue"/>') for _ in range(5)
    )
    body = tbl(simple_row(*HEADER), tr(merged), simple_row(*DATA_1))
    report = read(raw_docx(tmp_path / "hmerge.docx", body))
    assert report.rows[0].sector == "Общие направления"


def test_flagged_header_rows_are_skipped_even_when_worded_differently(tmp_path):
    other_header = tr(
        *(tc(p(t(x))) for x in ("(1)", "(2)", "(3)", "(4)", "(5)", "(6)")), props="<w:tblHeader/>"
    )
    body = tbl(simple_row(*HEADER), other_header, simple_row(*DATA_1))
    assert [r.cell("number") for r in read(raw_docx(tmp_path / "h.docx", body)).rows] == ["1."]


# --------------------------------------------------------------------------- refused documents


def test_not_a_zip(tmp_path):
    path = tmp_path / "report.docx"
    path.write_text("просто текст", encoding="utf-8")
    with pytest.raises(ReadError, match=r"report\.docx: not a DOCX file: not a zip archive"):
        read(path)


def test_old_binary_doc(tmp_path):
    path = tmp_path / "report.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)
    with pytest.raises(ReadError, match=r"old Word \.doc"):
        read(path)


def test_zip_without_document_xml(tmp_path):
    path = tmp_path / "archive.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "hello")
    with pytest.raises(ReadError, match=r"without word/document\.xml"):
        read(path)


def test_docx_without_a_table(tmp_path):
    path = tmp_path / "letter.docx"
    document = Document()
    document.add_paragraph("Уважаемые коллеги!")
    document.save(str(path))
    with pytest.raises(ReadError, match=r"letter\.docx: the document has no table"):
        read(path)


def test_table_with_five_columns(tmp_path):
    path = python_docx_table(tmp_path / "five.docx", [HEADER[:5], DATA_1[:5]])
    with pytest.raises(ReadError, match="header row has 5 columns, expected 6"):
        read(path)


def test_table_that_is_not_a_report(tmp_path):
    path = python_docx_table(
        tmp_path / "other.docx", [("Фамилия", "Имя", "Отчество", "Год", "Город", "Тел."), DATA_1]
    )
    with pytest.raises(ReadError, match=r"other\.docx: table row 1: .*not a cooperation report"):
        read(path)


def test_data_row_with_two_cells_merged_keeps_the_text_in_the_first_column_of_the_merge(tmp_path):
    # Refused before issue 10 ("expected 6 cells, found 5"); a merge over data cells is a
    # layout choice, not a broken report: the merged cell's text stays where the merge starts.
    path = python_docx_table(tmp_path / "row.docx", [HEADER, DATA_1, DATA_2])
    document = Document(str(path))
    table = document.tables[0]
    table.cell(2, 4).merge(table.cell(2, 5))
    document.save(str(path))
    second = read(path).rows[1]
    assert second.cell("content") == "Доклады\nЭксперты"
    assert second.cell("participants") == ""


@pytest.mark.parametrize("value", ["x", "-3", "", "99999999999999999999", "2.5"])
def test_junk_grid_span_is_tolerated_as_one_column(tmp_path, value):
    # Issue 15 §5: a gridSpan Word never writes ended in a traceback.
    body = tbl(
        simple_row(*HEADER),
        tr(
            *(
                tc(p(t(x)), props=f'<w:gridSpan w:val="{value}"/>' if i == 2 else "")
                for i, x in enumerate(DATA_1)
            )
        ),
    )
    (row,) = read(raw_docx(tmp_path / "junk.docx", body)).rows
    assert row.cells[:3] == DATA_1[:3]


def test_junk_grid_span_in_a_data_row_with_too_many_cells_names_the_row(tmp_path):
    body = tbl(
        simple_row(*HEADER),
        simple_row(*DATA_1),
        tr(*(tc(p(t(x)), props='<w:gridSpan w:val="x"/>') for x in (*DATA_2, "лишнее"))),
    )
    with pytest.raises(ReadError) as error:
        read(raw_docx(tmp_path / "junk.docx", body))
    assert "junk.docx" in str(error.value) and "table row 3 (№ 2.): expected 6 cells, found 7" in str(
        error.value
    )


def test_entities_and_doctype_are_refused(tmp_path):
    prolog = '<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    body = tbl(simple_row(*HEADER), simple_row("1.", "&x;", "a", "b", "c", "d"))
    with pytest.raises(ReadError, match="DOCTYPE"):
        read(raw_docx(tmp_path / "xxe.docx", body, prolog=prolog))


def test_billion_laughs_is_refused_fast(tmp_path):
    entities = '<!ENTITY a0 "ha">' + "".join(
        f'<!ENTITY a{i} "&a{i - 1};&a{i - 1};&a{i - 1};">' for i in range(1, 30)
    )
    prolog = f"<!DOCTYPE w:document [{entities}]>"
    start = time.perf_counter()
    with pytest.raises(ReadError):
        read(raw_docx(tmp_path / "laughs.docx", p(t("&a29;")), prolog=prolog))
    assert time.perf_counter() - start < 2


def test_malformed_xml(tmp_path):
    with pytest.raises(ReadError, match="not well-formed XML"):
        read(raw_docx(tmp_path / "bad.docx", "<w:p><w:r>"))


def zip_with(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_zip_bomb_by_total_size_is_refused_from_the_directory():
    data = zip_with({"word/document.xml": b"<x/>", "word/media/a.bin": b"\0" * (51 * 1024 * 1024)})
    assert len(data) < 1024 * 1024
    start = time.perf_counter()
    with pytest.raises(ReadError, match="inflates to"):
        read_docx_report(Path("bomb.docx"), data)
    assert time.perf_counter() - start < 1


def test_zip_bomb_by_compression_ratio_is_refused():
    data = zip_with({"word/document.xml": b"<w:p/>" * (2 * 1024 * 1024)})
    with pytest.raises(ReadError, match=r"word/document\.xml is compressed \d+:1"):
        read_docx_report(Path("bomb.docx"), data)


def test_too_many_members_is_refused():
    data = zip_with({f"word/m{i}.xml": b"" for i in range(MAX_MEMBERS + 1)})
    with pytest.raises(ReadError, match="members"):
        read_docx_report(Path("many.docx"), data)


def test_a_two_row_header_with_labels_merged_down_and_split_participants(tmp_path):
    restart, going_on = '<w:vMerge w:val="restart"/>', "<w:vMerge/>"
    top = tr(
        *(tc(p(t(x)), props=restart) for x in HEADER[:5]),
        tc(p(t("Участники")), props='<w:gridSpan w:val="2"/>'),
    )
    lower = tr(*(tc(p(), props=going_on) for _ in range(5)), tc(p(t("количество"))), tc(p(t("состав"))))
    data = simple_row("1.", "Встреча", "г. Минск", "май 2021 года", "Переговоры", "20 человек", "делегации")
    report = read(raw_docx(tmp_path / "two.docx", tbl(top, lower, data)))
    (row,) = report.rows
    assert row.cell("participants") == "20 человек\nделегации"
    assert row.cell("content") == "Переговоры"
