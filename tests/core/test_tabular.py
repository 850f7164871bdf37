import csv
import io
import os
import zipfile

import pytest
from openpyxl import Workbook, load_workbook

from minzheng.core import tabular
from minzheng.core.tabular import Column, TabularError, cell_text, check_upload, read_table

COLUMNS = (
    Column("id_number", "身份证号", ("身份证号码",), required=True),
    Column("name", "姓名", required=True),
    Column("phone", "手机号", ("联系电话",)),
)


def xlsx(rows):
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_text(rows):
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue()


def test_xlsx_rows_are_text_and_blank_rows_are_skipped_without_renumbering():
    data = xlsx([["身份证号", "姓名", "手机号"], ["330502198005170012", "张三", 13812345678], [None, None, None],
                 ["33050219800517003X", " 李四 ", None]])
    table = read_table(data, columns=COLUMNS, max_rows=10)
    assert table.format == "xlsx"
    assert table.rows == [(2, ("330502198005170012", "张三", "13812345678")), (4, ("33050219800517003X", "李四", ""))]


def test_an_id_number_stored_as_a_number_comes_back_as_excel_shows_it():
    # Excel (and openpyxl) keep numbers as doubles: an 18-digit ID loses its last digits.
    data = xlsx([["身份证号", "姓名"], [330502198005170012, "张三"]])
    assert read_table(data, columns=COLUMNS, max_rows=10).rows[0][1][0] == "3.30502E+17"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16"])
def test_csv_is_decoded_whatever_the_usual_encoding(encoding):
    data = csv_text([["身份证号", "姓名"], ["33050219800517003X", "欧阳娜娜"]]).encode(encoding)
    table = read_table(data, columns=COLUMNS, max_rows=10)
    assert table.rows == [(2, ("33050219800517003X", "欧阳娜娜", ""))]


def test_tab_separated_text_is_read():
    data = "身份证号\t姓名\n33050219800517003X\t张三\n".encode()
    assert read_table(data, columns=COLUMNS, max_rows=10).rows[0][1][1] == "张三"


def test_header_may_sit_below_a_title_and_use_aliases_and_marks():
    data = xlsx([["仪凤桥社区人口信息表"], [], ["*身份证号码", "姓名（必填）", "联系电话", "备注"], ["33050219800517003X", "张三", "", "x"]])
    table = read_table(data, columns=COLUMNS, max_rows=10)
    assert table.header_row == 3
    assert table.header("id_number") == "*身份证号码"
    assert table.header("phone") == "联系电话"
    assert table.ignored == ["备注"]
    assert table.rows == [(4, ("33050219800517003X", "张三", ""))]


def test_missing_required_columns_are_named():
    data = csv_text([["姓名", "手机号"], ["张三", "13812345678"]]).encode()
    with pytest.raises(TabularError) as exc:
        read_table(data, columns=COLUMNS, max_rows=10)
    assert exc.value.message == tabular.FILE_MISSING_COLUMNS.format(columns="身份证号")


def test_a_file_without_any_known_header_says_what_columns_are_expected():
    data = csv_text([["a", "b"], ["1", "2"]]).encode()
    with pytest.raises(TabularError) as exc:
        read_table(data, columns=COLUMNS, max_rows=10)
    assert exc.value.message == tabular.FILE_NO_HEADER.format(columns="身份证号、姓名、手机号")


def test_a_column_given_twice_is_refused():
    data = csv_text([["身份证号", "姓名", "身份证号码"], ["1", "2", "3"]]).encode()
    with pytest.raises(TabularError, match="身份证号码”出现了多次"):
        read_table(data, columns=COLUMNS, max_rows=10)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", tabular.FILE_EMPTY),
        (b"  \r\n \n", tabular.FILE_EMPTY),
        ("身份证号,姓名\n".encode(), tabular.FILE_NO_ROWS),
        ("身份证号,姓名\n,\n\n".encode(), tabular.FILE_NO_ROWS),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64), tabular.FILE_NOT_TABULAR),
        (bytes(range(256)) * 4, tabular.FILE_NOT_TABULAR),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512), tabular.FILE_OLD_EXCEL),
        (b"PK\x03\x04" + os.urandom(200), tabular.FILE_BAD_XLSX),
    ],
    ids=["empty", "whitespace", "header-only", "blank-rows", "png", "random-bytes", "xls", "broken-zip"],
)
def test_unreadable_files_get_their_own_message(data, message):
    with pytest.raises(TabularError) as exc:
        read_table(data, columns=COLUMNS, max_rows=10)
    assert exc.value.message == message


def test_a_zip_that_is_not_a_workbook_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")
    with pytest.raises(TabularError) as exc:
        read_table(buffer.getvalue(), columns=COLUMNS, max_rows=10)
    assert exc.value.message == tabular.FILE_BAD_XLSX


def test_too_many_rows_is_refused():
    data = csv_text([["身份证号", "姓名"], *([str(i), "张三"] for i in range(11))]).encode()
    with pytest.raises(TabularError) as exc:
        read_table(data, columns=COLUMNS, max_rows=10)
    assert exc.value.message == tabular.FILE_TOO_MANY_ROWS.format(limit=10)


def test_check_upload_refuses_size_name_and_content_at_once():
    with pytest.raises(TabularError, match="文件过大"):
        check_upload(b"x" * 101, filename="a.csv", max_bytes=100)
    with pytest.raises(TabularError) as exc:
        check_upload(b"a,b", filename="a.txt", max_bytes=100)
    assert exc.value.message == tabular.FILE_BAD_EXTENSION
    with pytest.raises(TabularError) as exc:
        check_upload(b"\x89PNG\r\n\x1a\n\x00\x00", filename="photo.xlsx", max_bytes=100)
    assert exc.value.message == tabular.FILE_NOT_TABULAR
    assert check_upload(b"a,b\n1,2\n", filename="A.CSV", max_bytes=100) == "csv"


def test_cell_text_shows_a_float_id_number_the_way_excel_does():
    assert cell_text(3.30502198005170e17) == "3.30502E+17"
    assert cell_text(13812345678.0) == "13812345678"
    assert cell_text("\u200b张\u3000三 ") == "张 三"
    assert cell_text(None) == ""


def test_written_workbook_keeps_formula_like_text_as_text():
    data = tabular.xlsx_bytes(headers=["值"], rows=[["=HYPERLINK(\"http://x\")"], [12], ["-1+2"]])
    sheet = load_workbook(io.BytesIO(data)).active
    assert [c.data_type for c in sheet["A"]][1:] == ["s", "n", "s"]
    assert sheet["A2"].value == "=HYPERLINK(\"http://x\")"


def test_csv_chunks_start_with_a_bom_and_neutralise_formulas():
    body = b"".join(tabular.csv_chunks(headers=["姓名", "住址"], rows=[["张三", "=1+1"]] * 3, rows_per_chunk=2))
    assert body.startswith("\ufeff".encode())
    text = body.decode("utf-8-sig")
    assert text.splitlines() == ["姓名,住址", "张三,'=1+1", "张三,'=1+1", "张三,'=1+1"]
