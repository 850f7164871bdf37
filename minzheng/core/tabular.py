"""Spreadsheets in and out: reading .xlsx and .csv uploads, writing .xlsx and .csv reports.

Reading trusts the bytes, not the file name: a PNG renamed ``.xlsx`` or random bytes are told
apart from a real workbook or a text file before any parser sees them, and every way a file can
be unusable has its own Chinese message (module constants, which tests reuse). CSV text is
decoded as UTF-8 (with or without BOM), then UTF-16 (with BOM), then GB18030, which covers the
GBK files that Chinese Excel saves by default.

Writing guards against formula injection: a value that starts with ``=``, ``+``, ``-`` or ``@``
is written as text, never as a formula, because report and export cells echo what people typed.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import IO, Any

from django.http import HttpResponse
from django.utils.http import content_disposition_header

FILE_EMPTY = "文件是空的"
FILE_TOO_BIG = "文件过大：最大 {limit}，本文件 {size}"
FILE_BAD_EXTENSION = "只支持 .xlsx 和 .csv 文件"
FILE_NOT_TABULAR = "文件不是有效的 Excel（.xlsx）或 CSV 文件"
FILE_OLD_EXCEL = "不支持旧版 Excel（.xls）或加密的 Excel 文件，请在 Excel 中另存为 .xlsx 或 .csv 后再上传"
FILE_BAD_XLSX = "无法读取该 Excel 文件：文件已损坏或不是 .xlsx 格式"
FILE_XLSX_TOO_BIG = "Excel 文件解压后过大，请拆分后分批导入"
FILE_BAD_ENCODING = "无法识别 CSV 文件的编码，请另存为 UTF-8 或 GBK（GB18030）编码"
FILE_NO_HEADER = "找不到表头：第一行应为列名，例如：{columns}"
FILE_MISSING_COLUMNS = "缺少必需的列：{columns}"
FILE_DUPLICATE_COLUMN = "列“{column}”出现了多次"
FILE_NO_ROWS = "文件中没有数据行"
FILE_TOO_MANY_ROWS = "数据行过多：最多 {limit} 行，请拆分后分批导入"

EXTENSIONS = (".xlsx", ".csv")
# How far down a title block may push the header row ("某某社区人口信息表" above the column names).
HEADER_SEARCH_ROWS = 10
# A workbook is a zip: refuse one that would inflate past this, whatever its compressed size.
XLSX_MAX_UNCOMPRESSED = 1024 * 1024 * 1024

_MAGIC_ZIP = b"PK\x03\x04"
_MAGIC_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Bytes that never occur in UTF-8 or GB18030 text (every multi-byte sequence of both stays
# above 0x2f), so finding one means the file is binary.
_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"), None)
_HEADER_NOISE = re.compile(r"[\s*＊:：]|[（(]必填[)）]|[（(]选填[)）]")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class TabularError(ValueError):
    """A file that cannot be read as a table. ``message`` is Chinese, ready to show."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Column:
    """A column an import understands: a key, its Chinese header, and other headers people use."""

    key: str
    header: str
    aliases: tuple[str, ...] = ()
    required: bool = False

    def names(self) -> set[str]:
        return {normalize_header(n) for n in (self.header, self.key, *self.aliases)}


@dataclass
class Table:
    """The rows of a file, each a tuple aligned with the ``columns`` asked for ("" when the
    file has no such column), keyed by the row's number as the spreadsheet shows it."""

    format: str
    encoding: str
    header_row: int
    columns: tuple[Column, ...]
    headers: dict[str, str]  # key -> the header text as written in the file
    ignored: list[str]
    rows: list[tuple[int, tuple[str, ...]]] = field(default_factory=list)

    def has(self, key: str) -> bool:
        return key in self.headers

    def header(self, key: str) -> str:
        """The header as the file wrote it, so a report points at the column people see."""
        if key in self.headers:
            return self.headers[key]
        return next(c.header for c in self.columns if c.key == key)


def human_size(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / 1024 / 1024:.1f} MB"
    if n >= 1024:
        return f"{n / 1024:.0f} KB"
    return f"{n} 字节"


def normalize_header(text: Any) -> str:
    return _HEADER_NOISE.sub("", cell_text(text)).lower()


def cell_text(value: Any) -> str:
    """A cell as the text a person typed. Integers stay exact; a float too big to hold every
    digit (an ID number Excel stored as a number) comes back as Excel shows it, ``3.30502E+17``,
    so that the check that reads it says what went wrong instead of finding a wrong checksum."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 2**53:
            return str(int(value))
        return f"{value:.5E}".replace("E+0", "E+") if abs(value) >= 2**53 else repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).translate(_INVISIBLE).replace("\u3000", " ").strip()


def check_upload(data: bytes, *, filename: str, max_bytes: int) -> str:
    """The cheap checks done while the user waits: size, name, and what the bytes are.
    Returns ``"xlsx"`` or ``"csv"``."""
    if not data:
        raise TabularError(FILE_EMPTY)
    if len(data) > max_bytes:
        raise TabularError(FILE_TOO_BIG.format(limit=human_size(max_bytes), size=human_size(len(data))))
    if not filename.lower().endswith(EXTENSIONS):
        raise TabularError(FILE_BAD_EXTENSION)
    return sniff(data)


def sniff(data: bytes) -> str:
    if not data or not data.strip():
        raise TabularError(FILE_EMPTY)
    if data.startswith(_MAGIC_ZIP):
        return "xlsx"
    if data.startswith(_MAGIC_OLE):
        raise TabularError(FILE_OLD_EXCEL)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "csv"  # UTF-16 text, as Excel's "Unicode text" saves it
    if _CONTROL_BYTES.search(data[:65536]):
        raise TabularError(FILE_NOT_TABULAR)
    return "csv"


def read_table(data: bytes, *, columns: Sequence[Column], max_rows: int) -> Table:
    """Read the first sheet of a workbook, or a CSV file, into a ``Table``.

    The header is the row among the first ten that names the most known columns. Blank rows are
    skipped but keep their place in the numbering. Raises ``TabularError`` for an unreadable
    file, a missing header or required column, no data rows, or more than ``max_rows`` rows.
    """
    kind = sniff(data)
    raw_rows: Iterator[Sequence[Any]]
    if kind == "xlsx":
        raw_rows, encoding = _xlsx_rows(data), ""
    else:
        text, encoding = decode_text(data)
        raw_rows = _csv_rows(text)
    try:
        return _build_table(raw_rows, kind=kind, encoding=encoding, columns=tuple(columns), max_rows=max_rows)
    finally:
        close = getattr(raw_rows, "close", None)
        if close is not None:
            close()


def decode_text(data: bytes) -> tuple[str, str]:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise TabularError(FILE_BAD_ENCODING) from exc
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise TabularError(FILE_BAD_ENCODING)


def _csv_rows(text: str) -> Iterator[list[str]]:
    first_line = text.split("\n", 1)[0]
    delimiter = max(",\t;", key=first_line.count)
    try:
        yield from csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    except csv.Error as exc:
        raise TabularError(FILE_NOT_TABULAR) from exc


def _xlsx_rows(data: bytes) -> Iterator[tuple[Any, ...]]:
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if sum(info.file_size for info in archive.infolist()) > XLSX_MAX_UNCOMPRESSED:
                raise TabularError(FILE_XLSX_TOO_BIG)
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except TabularError:
        raise
    except Exception as exc:  # openpyxl raises many kinds for a broken or foreign zip
        raise TabularError(FILE_BAD_XLSX) from exc
    try:
        sheet = workbook.worksheets[0] if workbook.worksheets else None
        if sheet is None:
            raise TabularError(FILE_NO_ROWS)
        # Some writers leave a wrong dimension tag (A1:A1) that would hide every other cell.
        sheet.reset_dimensions()
        try:
            yield from sheet.iter_rows(values_only=True)
        except TabularError:
            raise
        except Exception as exc:
            raise TabularError(FILE_BAD_XLSX) from exc
    finally:
        workbook.close()


def _build_table(
    raw_rows: Iterable[Sequence[Any]], *, kind: str, encoding: str, columns: tuple[Column, ...], max_rows: int
) -> Table:
    names = {name: col.key for col in columns for name in col.names()}
    iterator = iter(raw_rows)
    head: list[tuple[int, Sequence[Any]]] = []
    for number, raw in enumerate(iterator, start=1):
        head.append((number, raw))
        if number >= HEADER_SEARCH_ROWS:
            break
    if not any(cell_text(v) for _, raw in head for v in raw):
        raise TabularError(FILE_EMPTY)

    def known(raw: Sequence[Any]) -> int:
        return len({names[h] for h in map(normalize_header, raw) if h in names})

    header_row, header = max(head, key=lambda item: (known(item[1]), -item[0]))
    if known(header) == 0:
        raise TabularError(FILE_NO_HEADER.format(columns="、".join(c.header for c in columns)))

    positions: dict[str, int] = {}
    headers: dict[str, str] = {}
    ignored: list[str] = []
    for index, text in enumerate(header):
        label = cell_text(text)
        key = names.get(normalize_header(text))
        if key is None:
            if label:
                ignored.append(label)
            continue
        if key in positions:
            raise TabularError(FILE_DUPLICATE_COLUMN.format(column=label))
        positions[key], headers[key] = index, label
    missing = [c.header for c in columns if c.required and c.key not in positions]
    if missing:
        raise TabularError(FILE_MISSING_COLUMNS.format(columns="、".join(missing)))

    picks = [positions.get(c.key) for c in columns]
    table = Table(format=kind, encoding=encoding, header_row=header_row, columns=columns, headers=headers,
                  ignored=ignored)
    rows = table.rows

    def add(number: int, raw: Sequence[Any]) -> None:
        width = len(raw)
        values = tuple(cell_text(raw[p]) if p is not None and p < width else "" for p in picks)
        if any(values):
            if len(rows) >= max_rows:
                raise TabularError(FILE_TOO_MANY_ROWS.format(limit=max_rows))
            rows.append((number, values))

    for number, raw in head:
        if number > header_row:
            add(number, raw)
    for number, raw in enumerate(iterator, start=len(head) + 1):
        add(number, raw)
    if not rows:
        raise TabularError(FILE_NO_ROWS)
    return table


# Writing ------------------------------------------------------------------------------------


def _text_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, (int, float, dt.date)) and not isinstance(value, bool):
        return value
    return str(value)


def write_xlsx(
    out: IO[bytes],
    *,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    sheet_title: str = "Sheet1",
    widths: Sequence[int] | None = None,
) -> int:
    """Stream rows into a workbook in openpyxl's write-only mode (memory stays flat however
    many rows). Every text cell is written as text, never as a formula. Returns the row count."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=sheet_title)
    for index, width in enumerate(widths or (), start=1):
        sheet.column_dimensions[_column_letter(index)].width = width
    bold = Font(bold=True)
    header_cells = []
    for text in headers:
        cell = WriteOnlyCell(sheet, value=text)
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    count = 0
    for row in rows:
        cells = []
        for value in row:
            value = _text_cell(value)
            if isinstance(value, str) and value.startswith(_FORMULA_START):
                cell = WriteOnlyCell(sheet, value=value)
                cell.data_type = "s"
                cells.append(cell)
            else:
                cells.append(value)
        sheet.append(cells)
        count += 1
    workbook.save(out)
    return count


def xlsx_bytes(*, headers: Sequence[str], rows: Iterable[Sequence[Any]], sheet_title: str = "Sheet1",
               widths: Sequence[int] | None = None) -> bytes:
    buffer = io.BytesIO()
    write_xlsx(buffer, headers=headers, rows=rows, sheet_title=sheet_title, widths=widths)
    return buffer.getvalue()


def csv_safe(value: Any) -> str:
    """A value for a CSV cell that Excel will not run as a formula (OWASP's leading quote)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def csv_chunks(*, headers: Sequence[str], rows: Iterable[Sequence[Any]], rows_per_chunk: int = 500) -> Iterator[bytes]:
    """CSV as UTF-8 with a BOM, so Excel opens it as Chinese text, in chunks for streaming."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(headers)
    yield ("\ufeff" + buffer.getvalue()).encode("utf-8")
    buffer.seek(0)
    buffer.truncate()
    pending = 0
    for row in rows:
        writer.writerow([csv_safe(v) for v in row])
        pending += 1
        if pending >= rows_per_chunk:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
            pending = 0
    if pending:
        yield buffer.getvalue().encode("utf-8")


def _column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index)


XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def wants_xlsx(request: Any) -> bool:
    """A list page asked for its Excel download (``?format=xlsx``)."""
    return request.GET.get("format") == "xlsx"


def xlsx_download(*, name: str, headers: Sequence[str], rows: Iterable[Sequence[Any]],
                  sheet: str | None = None) -> HttpResponse:
    """``name``.xlsx as an attachment: one sheet (``sheet``, else ``name``, cut to Excel's 31
    characters) with the header row and the rows, which come from the page's own scoped selector."""
    body = xlsx_bytes(headers=headers, rows=rows, sheet_title=(sheet or name)[:31])
    response = HttpResponse(body, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, f"{name}.xlsx") or ""
    return response
