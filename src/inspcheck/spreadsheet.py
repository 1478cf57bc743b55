"""Read the tracker a partnership keeps today: one sheet of an .xlsx, .xlsm or .ods
workbook, or a .csv file, as rows of cell values.

The workbook formats are read by python-calamine (eight times faster than openpyxl on
a 20,000-row tracker); openpyxl is asked only for what calamine cannot say, which
cells hold a formula with no saved value, and only when a sheet holds formulas at all.
No XML or zip format is parsed here: the standard library's zipfile lists a workbook's
parts and unpacks them once, counting, so that a zip bomb is refused before any reader
sees it.

Failures are `Unreadable` (the file as a whole: exit 2) with one line saying what to do.
"""

from __future__ import annotations

import codecs
import csv
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path

Value = str | float | int | bool | date | datetime | time | timedelta
"""A cell as the reader gives it: '' for an empty cell."""

MAX_UNPACKED = 256 * 1024 * 1024
"""The most a workbook's parts may unpack to: forty times the largest tracker seen
(a 20,000-row tracker unpacks to 15 MB)."""
MAX_CSV = 256 * 1024 * 1024
WORKBOOKS = (".xlsx", ".xlsm", ".ods")
FORMATS = ".xlsx, .xlsm, .ods or .csv"


class Unreadable(Exception):
    """The file cannot be read as a tracker at all: one line, what to do."""


@dataclass(frozen=True, slots=True)
class Sheet:
    """The cells of one sheet, by 1-based row; merged cells already spread over their range."""

    file: str  # the name findings print: tracker.xlsx
    name: str | None  # the sheet's name; None for a CSV file
    rows: list[tuple[int, list[Value]]]  # the rows with any value, in order
    no_value: frozenset[tuple[int, int]] = field(default=frozenset())
    """(row, column) of formula cells that were saved with no value."""

    def place(self, row: int, column: int | None = None) -> str:
        """The cell as a spreadsheet user finds it: `Action plan!C12` (or `row 12`)."""
        where = f"{column_letter(column)}{row}" if column is not None else f"row {row}"
        if self.name is None:
            return where
        return f"{self.name}!{where}"


def column_letter(index: int) -> str:
    """1 -> A, 27 -> AA."""
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def read(path: Path, sheet: str | None) -> Sheet:
    """The sheet to import: the only one, or the one named. Raises Unreadable."""
    suffix = path.suffix.lower()
    try:
        with path.open("rb") as handle:
            head = handle.read(512)
    except OSError as exc:
        raise Unreadable(f"cannot read {path}: {exc.strerror}") from None
    if _is_html(head):
        raise Unreadable(
            f"{path.name} is a web page (HTML), not a spreadsheet, whatever its name says; "
            "open it in Excel or LibreOffice and save it as .xlsx"
        )
    if suffix == ".csv":
        if sheet is not None:
            raise Unreadable("--sheet chooses a sheet of a workbook; a CSV file has one")
        return _csv(path)
    if suffix in WORKBOOKS:
        if not head.startswith(b"PK\x03\x04"):
            raise Unreadable(f"{path.name} is not an {suffix} workbook (it is not a zip file); "
                             f"save it again as {FORMATS}")  # fmt: skip
        formulas = _unpacked(path)
        return _workbook(path, sheet, formulas)
    if suffix == ".xls":
        raise Unreadable(f"{path.name} is an Excel 97-2003 workbook; open it in Excel or "
                         "LibreOffice and save it as .xlsx")  # fmt: skip
    raise Unreadable(f"inspcheck reads {FORMATS} trackers; save {path.name} as one of them")


def _is_html(head: bytes) -> bool:
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return start.startswith((b"<!doctype html", b"<html", b"<table", b"<?xml")) and (
        b"html" in start or start.startswith(b"<table")
    )


# --- Workbooks ---

_FORMULA = re.compile(rb"<(?:\w+:)?f[ >/]")  # a worksheet part's formula element


def _unpacked(path: Path) -> bool:
    """Unpack every part once, counting, and refuse the workbook past MAX_UNPACKED (what
    each part says of its size is checked too: zipfile stops at it, and its checksum
    fails on a part that says less than it holds). Says whether any sheet has a formula."""
    formulas = False
    total = 0
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
            stated = sum(part.file_size for part in parts)
            if stated > MAX_UNPACKED:
                raise Unreadable(_too_big(path, stated))
            for part in parts:
                sheet = part.filename.startswith("xl/worksheets/")
                tail = b""
                with archive.open(part) as stream:
                    while chunk := stream.read(1 << 20):
                        total += len(chunk)
                        if total > MAX_UNPACKED:
                            raise Unreadable(_too_big(path, total))
                        if sheet and not formulas:
                            formulas = _FORMULA.search(tail + chunk) is not None
                            tail = chunk[-16:]
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError,
            NotImplementedError) as exc:  # fmt: skip
        raise Unreadable(f"{path.name} is damaged and cannot be opened ({_reason(exc)}); "
                         "open it in Excel or LibreOffice and save it again") from None  # fmt: skip
    return formulas


def _too_big(path: Path, size: int) -> str:
    return (f"{path.name} unpacks to more than {MAX_UNPACKED // (1024 * 1024)} MB "
            f"({size // (1024 * 1024)} MB or more); a tracker is far smaller, so it is not "
            "read. Copy the tracker's rows into a new workbook and import that")  # fmt: skip


def _reason(exc: BaseException) -> str:
    text = str(exc).strip().rstrip(".") or type(exc).__name__
    return text[:1].lower() + text[1:]


def _workbook(path: Path, wanted: str | None, formulas: bool) -> Sheet:
    import python_calamine

    try:
        with python_calamine.CalamineWorkbook.from_path(str(path)) as book:
            visible = [
                s.name for s in book.sheets_metadata
                if s.visible == python_calamine.SheetVisibleEnum.Visible
                and s.typ == python_calamine.SheetTypeEnum.WorkSheet
            ]  # fmt: skip
            name = _chosen(path, wanted, visible, book.sheet_names)
            sheet = book.get_sheet_by_name(name)
            rows = _rows(sheet.to_python(skip_empty_area=False))
            merged = sheet.merged_cell_ranges or []
    except python_calamine.CalamineError as exc:
        raise Unreadable(f"{path.name} cannot be read ({_reason(exc)}); open it in Excel or "
                         "LibreOffice and save it again") from None  # fmt: skip
    rows = _spread(rows, merged)
    missing = _formulas_without_values(path, name, rows) if formulas else frozenset()
    return Sheet(path.name, name, rows, missing)


def _chosen(path: Path, wanted: str | None, visible: list[str], every: list[str]) -> str:
    if wanted is not None:
        if wanted in every:
            return wanted
        from inspcheck.vocabulary import suggest

        close = suggest(wanted, every)
        hint = f"did you mean '{close}'?" if close else f"its sheets: {_names(visible)}"
        raise Unreadable(f"{path.name} has no sheet '{wanted}'; {hint}")
    if len(visible) == 1:
        return visible[0]
    if not visible:
        raise Unreadable(f"{path.name} has no worksheet to import")
    raise Unreadable(f"{path.name} has {len(visible)} sheets ({_names(visible)}); "
                     "say which to import with --sheet NAME")  # fmt: skip


def _names(names: list[str]) -> str:
    return ", ".join(f"'{n}'" for n in names)


def _rows(grid: list[list[Value]]) -> list[tuple[int, list[Value]]]:
    """The rows that hold anything, numbered from 1 as the spreadsheet numbers them."""
    return [(number, row) for number, row in enumerate(grid, 1)
            if any(cell != "" for cell in row)]  # fmt: skip


def _spread(
    rows: list[tuple[int, list[Value]]], merged: list[tuple[tuple[int, int], tuple[int, int]]]
) -> list[tuple[int, list[Value]]]:
    """Give each merged range's value to every cell it covers (rows it alone fills too)."""
    if not merged:
        return rows
    by_number = {number: row for number, row in rows}
    for (top, left), (bottom, right) in merged:
        value = by_number.get(top + 1, [])[left : left + 1]
        if not value or value[0] == "":
            continue
        for number in range(top + 1, bottom + 2):
            row = by_number.setdefault(number, [])
            if len(row) <= right:
                row.extend([""] * (right + 1 - len(row)))
            for column in range(left, right + 1):
                row[column] = value[0]
    return sorted(by_number.items())


def _formulas_without_values(
    path: Path, name: str, rows: list[tuple[int, list[Value]]]
) -> frozenset[tuple[int, int]]:
    """(row, column) of the sheet's formula cells that calamine read as empty: saved by a
    program that did not work them out (Excel always does)."""
    import openpyxl

    present = dict(rows)
    book = openpyxl.load_workbook(path, read_only=True, data_only=False, keep_links=False)
    try:
        found = set()
        for row in book[name].iter_rows():
            for cell in row:
                if getattr(cell, "data_type", None) != "f":
                    continue
                values = present.get(cell.row)
                if values is not None and (len(values) < cell.column
                                           or values[cell.column - 1] == ""):  # fmt: skip
                    found.add((cell.row, cell.column))
        return frozenset(found)
    finally:
        book.close()


# --- CSV ---


def _csv(path: Path) -> Sheet:
    raw = path.read_bytes()
    if len(raw) > MAX_CSV:
        raise Unreadable(f"{path.name} is larger than {MAX_CSV // (1024 * 1024)} MB; "
                         "a tracker is far smaller")  # fmt: skip
    nul = raw.find(b"\x00")
    text = _decoded(path, raw)
    if nul >= 0 and not raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        line = raw.count(b"\n", 0, nul) + 1
        raise Unreadable(f"{path.name}:{line}: holds a NUL byte, so it is not a text CSV file "
                         "(is it a workbook saved with a .csv name?); save it again as CSV "
                         "from Excel or LibreOffice")  # fmt: skip
    sample = text[:65536]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, ",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = []
    limit = csv.field_size_limit(MAX_CSV)  # a long cell is a finding at its cell, not here
    try:
        for number, record in enumerate(csv.reader(_lines(text), dialect), 1):
            values: list[Value] = [cell.strip() for cell in record]
            if any(values):
                rows.append((number, values))
    except csv.Error as exc:
        raise Unreadable(
            f"{path.name} is not a CSV file that can be read ({_reason(exc)})"
        ) from None
    finally:
        csv.field_size_limit(limit)
    return Sheet(path.name, None, rows)


def _lines(text: str) -> Iterator[str]:
    return iter(text.splitlines(keepends=True))


def _decoded(path: Path, raw: bytes) -> str:
    """UTF-8 (with or without a byte-order mark), UTF-16 with one (Excel's 'Unicode text'),
    else Windows-1252, as Excel writes 'CSV' on Windows."""
    if raw.startswith(codecs.BOM_UTF8):
        return _decode(path, raw[3:], "utf-8")
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _decode(path, raw, "utf-16")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return _decode(path, raw, "cp1252")


def _decode(path: Path, raw: bytes, encoding: str) -> str:
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise Unreadable(
            f"{path.name}:{line}: is neither UTF-8 nor Windows-1252 text; save "
            "it again as 'CSV UTF-8' from Excel or LibreOffice"
        ) from None
