import hashlib
import time
from pathlib import Path

import pytest
from report_layouts import LAYOUTS, dump_text

from coopgraph.ingest.errors import ReadError
from coopgraph.ingest.read_text import MAX_TEXT_BYTES, read_text_report

SECTORS = [
    "Заключенные Соглашения",
    "Сотрудничество в сфере инвестиционного развития",
    "Сотрудничество в сфере физической культуры и спорта",
    "Сотрудничество в сфере культуры",
    "Сотрудничество в сфере образования и науки",
    "Сотрудничество в сфере молодежной политики",
    "Общие направления сотрудничества",
]
ROWS_PER_SECTOR = [1, 3, 2, 11, 5, 1, 1]
TITLE = (
    "Отчет о сотрудничестве органов исполнительной власти Смоленской области "
    "с регионами Республики Беларусь за I полугодие 2020 года"
)

# A report of the same family written for these tests: other sectors, dates and places, the
# header repeated on a new page with the column numbers under it, an empty paragraph inside a
# cell, a line of spaces, and a signature below the table.
VARIANT = """\
ОТЧЕТ
о сотрудничестве органов исполнительной власти Смоленской области с регионами Республики Беларусь
за II полугодие 2021 года

\t№ п/п
\tНаименование мероприятия
\tМесто проведения мероприятия
\tСроки проведения мероприятия
\tСодержание мероприятия и результат
\tУчастники мероприятия

\t1
\t2
\t3
\t4
\t5
\t6

\tСотрудничество в сфере здравоохранения

\t1.
\tВебинар для врачей-педиатров
\tг. Витебск,
Республика\u00a0Беларусь

\tс 15 по 17 сентября
2021 года
\tОбмен опытом
\x20
\tВрачи (более 40 человек)

\t2.
\tВизит делегации
\tд. Лиозно
\t27 сентября – 1 октября 2021 г.
\tПереговоры
\tДелегация УЗ «Лиозненская ЦРБ»

\t№ п/п
\tНаименование мероприятия
\tМесто проведения мероприятия
\tСроки проведения мероприятия
\tСодержание мероприятия и результат
\tУчастники мероприятия

\tСотрудничество в сфере туризма

\t3.
\tТуристический форум
\tг. Могилев
\tв течение II полугодия 2021 года
\tПрезентации
\tТуроператоры

Начальник управления\tИ.И. Иванов
"""


def read(data: bytes, name: str = "report.txt"):
    return read_text_report(Path(name), data)


@pytest.fixture(scope="module")
def bundled(bundled_report_path):
    return read_text_report(bundled_report_path, bundled_report_path.read_bytes())


@pytest.fixture(scope="module")
def bundled_lines(bundled_report_path) -> list[str]:
    return bundled_report_path.read_text(encoding="utf-8").split("\n")


def without_lines(lines: list[str], first: int, last: int | None = None) -> bytes:
    """The dump with lines first..last (1-based, inclusive) removed."""
    last = first if last is None else last
    return "\n".join(lines[: first - 1] + lines[last:]).encode("utf-8")


def comparable(report):
    return report.title, [(r.position, r.line, r.sector, r.cells) for r in report.rows]


def test_bundled_report_has_24_rows_in_7_sectors(bundled):
    assert len(bundled.rows) == 24
    assert [r.position for r in bundled.rows] == list(range(1, 25))
    assert [r.cell("number") for r in bundled.rows] == [f"{n}." for n in range(1, 25)]
    sectors = [r.sector for r in bundled.rows]
    assert list(dict.fromkeys(sectors)) == SECTORS
    assert [sectors.count(s) for s in SECTORS] == ROWS_PER_SECTOR


def test_bundled_report_metadata(bundled, bundled_report_path):
    assert bundled.title == TITLE
    assert bundled.encoding == "utf-8"
    assert bundled.media_type == "text/plain; charset=utf-8"
    assert bundled.sha256 == hashlib.sha256(bundled_report_path.read_bytes()).hexdigest()
    assert bundled.file_name == "smolensk-belarus-2020-h1.txt"
    assert bundled.path == str(bundled_report_path)


def test_rows_start_at_the_line_of_their_number_cell(bundled):
    assert [r.line for r in bundled.rows[:3]] == [15, 27, 39]
    assert bundled.rows[-1].line == 286


def test_no_word_debris_is_left_in_any_cell(bundled):
    for row in bundled.rows:
        assert len(row.cells) == 6
        for cell in row.cells:
            assert cell, f"empty cell in row {row.position}"
            assert "\u00a0" not in cell and "\t" not in cell and "[bookmark" not in cell
            assert all(line == line.strip() and line for line in cell.split("\n"))


def test_row_22_place_has_no_bookmark_and_joined_hyphenation(bundled):
    assert bundled.rows[21].cell("place") == (
        "УО «Витебский государственный университет имени\nП.М. Машерова»\n(Республика Беларусь)"
    )


def test_row_20_dates_keep_their_five_lines(bundled):
    dates = bundled.rows[19].cell("dates")
    assert dates.split("\n") == ["31.03.2020", "09.04.2020", "15.04.2020", "23.04.2020", "05.05.2020"]
    place = "г. Смоленск,\nСОГБУДО «Центр развития творчества детей и юношества»"
    assert bundled.rows[19].cell("place") == place


def test_blank_line_inside_row_7_does_not_split_it(bundled):
    row = bundled.rows[6]
    assert row.cell("place") == "г. Смоленск"
    assert row.cell("dates") == "25 января\n2020 года"
    assert row.cell("participants").startswith("Группа одаренных и талантливых детей")


def test_line_of_spaces_inside_row_23_does_not_split_it(bundled):
    row = bundled.rows[22]
    assert row.cell("content").endswith("«Белорусский республиканский союз молодежи»")
    assert row.cell("participants") == (
        "120 представителей молодежных и общественных организаций регионов России и Беларуси"
    )


def test_multi_line_cells_keep_their_lines(bundled):
    assert bundled.rows[20].cell("dates") == "март,\nмай\n2020 года"
    assert bundled.rows[1].cell("place") == "г. Вязьма,\nСмоленская область,\n(ООО «ВКП ЛТ»)"
    assert bundled.rows[0].cell("place") == "в рабочем порядке"


def test_windows_1251_reads_identically(bundled, bundled_report_path):
    data = bundled_report_path.read_text(encoding="utf-8").encode("cp1251")
    report = read(data)
    assert comparable(report) == comparable(bundled)
    assert report.encoding == "windows-1251"
    assert report.media_type == "text/plain; charset=windows-1251"
    assert report.sha256 == hashlib.sha256(data).hexdigest()


@pytest.mark.parametrize(
    ("transform", "encoding"),
    [
        (lambda b: b.replace(b"\n", b"\r\n"), "utf-8"),
        (lambda b: b.replace(b"\n", b"\r"), "utf-8"),
        (lambda b: b"\xef\xbb\xbf" + b, "utf-8"),
        (lambda b: (b"\xef\xbb\xbf" + b).replace(b"\n", b"\r\n"), "utf-8"),
        (lambda b: b.decode("utf-8").replace("\n", "\r\n").encode("cp1251"), "windows-1251"),
        (lambda b: b.decode("utf-8").replace("\n", "\r").encode("cp1251"), "windows-1251"),
        (
            lambda b: (
                "\ufeff".encode("utf-16-le") + b.decode("utf-8").replace("\n", "\r\n").encode("utf-16-le")
            ),
            "utf-16",
        ),
        (lambda b: "\ufeff".encode("utf-16-be") + b.decode("utf-8").encode("utf-16-be"), "utf-16"),
    ],
    ids=["crlf", "cr", "bom", "bom-crlf", "cp1251-crlf", "cp1251-cr", "utf16le-crlf", "utf16be-lf"],
)
def test_line_endings_and_bom_read_identically(bundled, bundled_report_path, transform, encoding):
    report = read(transform(bundled_report_path.read_bytes()))
    assert comparable(report) == comparable(bundled)
    assert report.encoding == encoding


def test_variant_report_of_the_same_family():
    report = read(VARIANT.encode("cp1251"), "smolensk-belarus-2021-h2.txt")
    assert report.encoding == "windows-1251"
    assert report.title.endswith("за II полугодие 2021 года")
    assert [r.cell("number") for r in report.rows] == ["1.", "2.", "3."]
    assert [r.sector for r in report.rows] == [
        "Сотрудничество в сфере здравоохранения",
        "Сотрудничество в сфере здравоохранения",
        "Сотрудничество в сфере туризма",
    ]
    first = report.rows[0]
    assert first.cell("place") == "г. Витебск,\nРеспублика Беларусь"
    assert first.cell("dates") == "с 15 по 17 сентября\n2021 года"
    assert first.cell("content") == "Обмен опытом"
    assert report.rows[1].cell("dates") == "27 сентября – 1 октября 2021 г."
    # The signature below the table is not glued to the last cell.
    assert report.rows[2].cell("participants") == "Туроператоры"


# --------------------------------------------------------------------------- errors


@pytest.mark.parametrize("data", [b"", b"   \n\n\t\n", b"\xef\xbb\xbf", b"\xef\xbb\xbf \r\n"])
def test_empty_file(data):
    with pytest.raises(ReadError, match=r"report\.txt: the file is empty"):
        read(data)


def test_utf16_with_invalid_bytes_is_named():
    # UTF-16 with a byte-order mark was refused before issue 10; now it is read (see the
    # line-ending tests), and only a damaged one is refused.
    with pytest.raises(ReadError, match=r"UTF-16 text .* invalid bytes"):
        read(b"\xff\xfe" + "Отчет\n".encode("utf-16-le") + b"\x00\xd8\x41")


def test_a_stray_tab_after_the_last_row_adds_nothing(bundled, bundled_lines):
    report = read(("\n".join(bundled_lines[:295]) + "\n\t\n").encode())
    assert comparable(report) == comparable(bundled)


def test_only_a_title_no_table():
    with pytest.raises(ReadError, match="no table"):
        read(" Отчет\nо сотрудничестве\nза I полугодие 2020 года\n\n".encode())


def test_a_row_with_five_cells_names_line_and_number(bundled_lines):
    data = without_lines(bundled_lines, 62)  # row 5 loses its place cell
    with pytest.raises(ReadError) as error:
        read(data)
    message = str(error.value)
    assert message.startswith("report.txt")
    assert "line 60 (№ 5.)" in message and "expected 6 cells, found 5" in message
    assert error.value.row == 5


def test_a_row_with_seven_cells(bundled_lines):
    lines = [*bundled_lines[:66], "\tлишняя ячейка", *bundled_lines[66:]]
    with pytest.raises(ReadError, match=r"line 60 \(№ 5\.\): expected 6 cells, found 7"):
        read("\n".join(lines).encode())


def test_a_truncated_file(bundled_lines):
    data = "\n".join(bundled_lines[:291]).encode()  # stops after row 24's dates
    with pytest.raises(ReadError) as error:
        read(data)
    assert "line 286 (№ 24.)" in str(error.value) and "truncated" in str(error.value)
    assert "4 of 6 cells" in str(error.value)


def test_a_file_cut_in_the_middle_of_a_utf8_character(bundled_report_path):
    data = bundled_report_path.read_bytes()
    cut = data[: data.index("Ляхнович".encode()) + 3]
    with pytest.raises(ReadError, match="not UTF-8 or Windows-1251"):
        read(cut)


def test_utf8_with_one_damaged_byte_is_not_read_as_windows_1251(bundled_report_path):
    data = bundled_report_path.read_bytes()
    at = data.index("Встреча с делегацией".encode())
    damaged = data[:at] + b"\xff" + data[at + 1 :]
    # Without "И" (0xD0 0x98, undefined in Windows-1251) the whole file would decode as mojibake.
    damaged = damaged.replace("И".encode(), "Й".encode())
    with pytest.raises(ReadError, match=r"invalid byte 0xFF on line 28"):
        read(damaged)


def test_binary_junk_with_nul_bytes():
    with pytest.raises(ReadError, match=r"binary data.*NUL byte at offset 4"):
        read(b"PK\x01\x02\x00\x00\x14\x00junk")


def test_binary_junk_with_control_characters():
    with pytest.raises(ReadError, match=r"control character U\+0001 on line 2"):
        read("Отчет\n\t1.\x01\x02\x03\n".encode())


@pytest.mark.parametrize(
    "data",
    [
        "Müller Straße, café, naïve façade à Paris".encode("latin-1"),
        b"\xd0\x9e\x98\x98 invalid in both",  # 0x98 is undefined in Windows-1251
    ],
)
def test_neither_utf8_nor_windows_1251(data):
    with pytest.raises(ReadError, match="not UTF-8 or Windows-1251 text"):
        read(data)


def test_header_row_missing():
    data = "Отчет\n\n\t1.\n\tВстреча\n\tг. Минск\n\tмай 2021 года\n\tПереговоры\n\tДелегации\n".encode()
    with pytest.raises(ReadError, match="header row"):
        read(data)


def test_larger_than_20_mb_is_refused_before_decoding():
    data = b"\xff" * (MAX_TEXT_BYTES + 1)  # not even valid text: never decoded
    start = time.perf_counter()
    with pytest.raises(ReadError, match="larger than 20 MB"):
        read(data)
    assert time.perf_counter() - start < 1


def test_errors_on_big_inputs_are_fast():
    junk_title = ("Строка без таблицы " * 10 + "\n").encode() * 40_000  # about 7 MB
    start = time.perf_counter()
    with pytest.raises(ReadError, match="no table"):
        read(junk_title)
    cells = "\t1.\n" * 1_000_000  # one endless row of cells
    with pytest.raises(ReadError):
        read(("\t№ п/п\n\tНаименование\n\tМесто\n\tСроки\n\tСодержание\n\tУчастники\n\n" + cells).encode())
    assert time.perf_counter() - start < 10


# --------------------------------------------------------------------------- layouts people send


def content_of(report):
    return report.title, [(r.position, r.sector, r.cells) for r in report.rows]


@pytest.mark.parametrize("name", list(LAYOUTS))
def test_text_dumps_of_the_layouts_read_to_the_bundled_rows(bundled, name):
    text = dump_text(bundled, LAYOUTS[name])
    assert content_of(read(text.encode("utf-8"))) == content_of(bundled)


@pytest.mark.parametrize(
    "encode",
    [
        lambda s: s.replace("\n", "\r\n").encode("cp1251"),
        lambda s: s.replace("\n", "\r").encode("utf-8-sig"),
        lambda s: s.encode("utf-16"),
    ],
    ids=["cp1251-crlf", "bom-cr", "utf16"],
)
def test_a_continued_row_reads_whole_in_every_encoding_and_line_ending(bundled, encode):
    text = dump_text(bundled, LAYOUTS["continuation-rows"])
    assert "\n\t\n\t\n" in text  # an empty № cell opens a row: the split row's rest
    assert content_of(read(encode(text))) == content_of(bundled)
