import shutil
import zipfile

import pytest

from coopgraph.ingest.errors import ReadError
from coopgraph.ingest.read_docx import DOCX_MEDIA_TYPE
from coopgraph.ingest.read_text import MAX_TEXT_BYTES
from coopgraph.ingest.readers import collect_report_paths, read_report


def comparable(report):
    return report.title, [(r.position, r.sector, r.cells) for r in report.rows]


def test_text_dump_and_docx_read_alike(bundled_report_path, bundled_docx_path):
    text = read_report(bundled_report_path)
    docx = read_report(str(bundled_docx_path))
    assert len(text.rows) == 24
    assert comparable(text) == comparable(docx)
    assert (text.encoding, docx.encoding) == ("utf-8", None)
    assert docx.media_type == DOCX_MEDIA_TYPE
    assert docx.path == str(bundled_docx_path)


def test_format_comes_from_the_bytes_not_the_name(tmp_path, bundled_report_path, bundled_docx_path):
    docx_named_txt = shutil.copy(bundled_docx_path, tmp_path / "report.txt")
    text_named_dat = shutil.copy(bundled_report_path, tmp_path / "report.dat")
    assert read_report(docx_named_txt).media_type == DOCX_MEDIA_TYPE
    assert read_report(text_named_dat).media_type == "text/plain; charset=utf-8"


@pytest.mark.parametrize(
    ("head", "says"),
    [
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500,
            r"old Word \.doc .*save it as \.docx \(Word\) or \.odt",
        ),
        (b"{\\rtf1\\ansi\\ansicpg1251 {\\fonttbl}", r"an RTF document.*save it as \.docx or \.odt"),
        (b"\xef\xbb\xbf{\\rtf1 x}", r"an RTF document"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", r"a PDF.*save the original document as \.docx or \.odt"),
    ],
    ids=["doc", "rtf", "rtf-after-bom", "pdf"],
)
@pytest.mark.parametrize("suffix", [".doc", ".rtf", ".pdf", ".docx", ".txt", ".odt"])
def test_formats_without_a_readable_table_say_what_to_save_them_as(tmp_path, head, says, suffix):
    path = tmp_path / f"report{suffix}"
    path.write_bytes(head)
    with pytest.raises(ReadError, match=says) as error:
        read_report(path)
    assert str(error.value).startswith(str(path))


def test_a_folder_takes_odt_reports_too(tmp_path):
    for name in ("a.odt", "b.docx", "c.txt", "d.pdf"):
        (tmp_path / name).write_bytes(b"x")
    assert [p.name for p in collect_report_paths([tmp_path])] == ["a.odt", "b.docx", "c.txt"]


def test_a_docx_that_is_not_a_zip_is_refused(tmp_path, bundled_report_path):
    fake = shutil.copy(bundled_report_path, tmp_path / "report.docx")
    with pytest.raises(ReadError, match="not a zip archive"):
        read_report(fake)


def test_a_zip_that_is_not_a_word_document_is_refused(tmp_path):
    path = tmp_path / "report.txt"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("data.csv", "a,b")
    with pytest.raises(ReadError, match="not a Word document"):
        read_report(path)


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(ReadError, match="no such file"):
        read_report(tmp_path / "missing.txt")
    with pytest.raises(ReadError, match="a folder"):
        read_report(tmp_path)


def test_huge_text_file_is_refused_without_reading_it_all(tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as stream:
        stream.truncate(MAX_TEXT_BYTES + 10)  # sparse: costs no disk
    with pytest.raises(ReadError, match=r"huge\.txt: larger than 20 MB"):
        read_report(path)


def test_folder_expands_to_its_reports_sorted(tmp_path):
    for name in ["b.txt", "a.DOCX", "c.md", "~$a.docx", ".hidden.txt", "z.txt"]:
        (tmp_path / name).write_text("x")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "inner.txt").write_text("x")
    assert [p.name for p in collect_report_paths([tmp_path])] == ["a.DOCX", "b.txt", "z.txt"]


def test_files_as_given_in_order_and_once(tmp_path):
    (tmp_path / "2021-h2.txt").write_text("x")
    (tmp_path / "notes.rtf").write_text("x")
    folder = tmp_path / "more"
    folder.mkdir()
    (folder / "2020-h1.docx").write_text("x")
    paths = collect_report_paths(
        [str(tmp_path / "notes.rtf"), tmp_path / "2021-h2.txt", folder, tmp_path / "2021-h2.txt"]
    )
    assert [p.name for p in paths] == ["notes.rtf", "2021-h2.txt", "2020-h1.docx"]


def test_missing_path_is_named(tmp_path):
    with pytest.raises(ReadError, match=r"nowhere\.txt: no such file or folder"):
        collect_report_paths([tmp_path / "nowhere.txt"])


def test_no_report_found(tmp_path):
    (tmp_path / "readme.md").write_text("x")
    with pytest.raises(ReadError, match="holds no report"):
        collect_report_paths([tmp_path])
    with pytest.raises(ReadError, match="no report file given"):
        collect_report_paths([])
