"""`status -f xlsx` (SPEC 7), read back by openpyxl, an independent reader: real dates and
numbers, RAG coloured and labelled, frozen and filtered header, summary sheets, text never
a formula; and the round trip: the workbook imported into a new register gives the same
obligations."""

from __future__ import annotations

import shutil
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

from tests.conftest import REPO, run

BUNDLED = REPO / "data"
AS_OF = "2024-07-01"


@pytest.fixture(scope="module")
def workbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("xlsx") / "status.xlsx"
    result = run("status", "--data", str(BUNDLED), "--as-of", AS_OF, "-f", "xlsx", "-o", str(path))
    assert result.exit_code == 0, result.stderr
    return path


def _rows(sheet: object) -> list[dict[str, object]]:
    values = list(sheet.iter_rows(values_only=True))  # type: ignore[attr-defined]
    return [dict(zip(values[0], row, strict=True)) for row in values[1:]]


def test_the_items_sheet_holds_names_beside_ids_real_dates_and_numbers(workbook: Path) -> None:
    book = openpyxl.load_workbook(workbook)
    assert book.sheetnames == ["Items", "Agencies", "Inspections"]
    items = _rows(book["Items"])
    assert len(items) == 20  # the 20 obligations `status` counts at this date
    schools = next(r for r in items if r["Ref"] == "ocsea-2023-schools")
    assert schools["Agency"] == "wyp" and schools["Agency name"] == "West Yorkshire Police"
    assert schools["Inspection title"] == "Online child sexual abuse 2023"
    assert schools["Due"] == datetime(2023, 10, 31)  # a date cell, not text
    assert schools["Days overdue"] == 244  # a number: 31 October 2023 to 1 July 2024
    assert schools["RAG"] == "red" and schools["Status"] == "in-progress"
    assert schools["Last updated"] == datetime(2024, 6, 30)
    assert schools["Source"] == "LSCP annual report 2023-24"
    services = [r for r in items if r["Ref"] == "ocsea-2023-services"]
    police = next(r for r in services if r["Agency"] == "wyp")
    assert police["Status"] is None and police["Flags"] == "overdue, no-response"
    sheet = book["Items"]
    due = next(c for c in sheet[1] if c.value == "Due").column_letter
    row = next(c.row for c in sheet["A"] if c.value == "ocsea-2023-schools")
    assert sheet[f"{due}{row}"].number_format == "d mmm yyyy"


def test_rag_cells_are_coloured_and_labelled_and_the_header_frozen_and_filtered(
    workbook: Path,
) -> None:
    book = openpyxl.load_workbook(workbook)
    sheet = book["Items"]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, sheet.max_column).column_letter}21"
    rag = next(c for c in sheet[1] if c.value == "RAG").column
    fills = {sheet.cell(r, rag).value: sheet.cell(r, rag).fill.fgColor.rgb
             for r in range(2, sheet.max_row + 1)}  # fmt: skip
    assert fills == {"red": "FFB2182B", "green": "FF7FBF7B", "amber": "FFF2B134"}
    widths = {sheet.cell(1, c).value: sheet.column_dimensions[sheet.cell(1, c).column_letter].width
              for c in range(1, sheet.max_column + 1)}  # fmt: skip
    assert 60 < widths["Recommendation"] < 64  # long text: the widest (60), wrapped
    assert 4 < widths["RAG"] < 10


def test_the_summary_sheets_give_each_agency_and_inspection_its_scores(workbook: Path) -> None:
    book = openpyxl.load_workbook(workbook)
    agencies = {r["Id"]: r for r in _rows(book["Agencies"])}
    assert agencies["wyp"]["Name"] == "West Yorkshire Police"
    # custody 1-3 and their three audits, gbcse, race disparity, and three of ocsea
    assert agencies["wyp"]["Obligations"] == 11 and agencies["wyp"]["Closed"] == 2
    assert agencies["wyp"]["Completion"] == pytest.approx(2 / 11)
    assert agencies["wyp"]["RAG red"] == 3
    sheet = book["Agencies"]
    completion = next(c for c in sheet[1] if c.value == "Completion").column_letter
    assert sheet[f"{completion}2"].number_format == "0.0%"
    inspections = {r["Id"]: r for r in _rows(book["Inspections"])}
    assert inspections["ocsea-2023"]["Overdue"] == 4


def test_text_from_the_data_is_never_a_formula(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(BUNDLED, data)
    note = '=HYPERLINK("https://example.org/x","open me")'
    recorded = run("update", "ocsea-2023-schools", "--agency", "wyp", "--status", "in-progress",
                   "--note", note, "--date", "2024-06-30", "--data", str(data))  # fmt: skip
    assert recorded.exit_code == 0
    out = tmp_path / "status.xlsx"
    assert run("status", "--data", str(data), "--as-of", AS_OF, "-f", "xlsx", "-o",
               str(out)).exit_code == 0  # fmt: skip
    sheet = openpyxl.load_workbook(out)["Items"]
    cells = [c for row in sheet.iter_rows() for c in row if c.value == note]
    assert len(cells) == 1 and cells[0].data_type == "s"


def test_the_same_register_gives_the_same_bytes(workbook: Path, tmp_path: Path) -> None:
    again = tmp_path / "again.xlsx"
    run("status", "--data", str(BUNDLED), "--as-of", AS_OF, "-f", "xlsx", "-o", str(again))
    assert again.read_bytes() == workbook.read_bytes()


def test_xlsx_needs_a_file(tmp_path: Path) -> None:
    result = run("status", "--data", str(BUNDLED), "-f", "xlsx")
    assert (result.exit_code, result.stderr) == (
        2, "inspcheck: error: -f xlsx writes an Excel workbook, never to a terminal: give -o FILE\n"
    )  # fmt: skip


def test_the_workbook_imports_back_as_the_same_obligations(workbook: Path, tmp_path: Path) -> None:
    """Into a new register holding the same agencies and inspections, and nothing else."""
    data = tmp_path / "data"
    (data / "responses").mkdir(parents=True)
    register = (BUNDLED / "recommendations.yaml").read_text("utf-8")
    head = register[: register.index("\nrecommendations:")]
    (data / "recommendations.yaml").write_text(head + "\nrecommendations: []\n", "utf-8")
    result = run("import", str(workbook), "--sheet", "Items", "--data", str(data))
    assert result.exit_code == 0, result.stdout + result.stderr
    before = run("status", "--data", str(BUNDLED), "--as-of", AS_OF, "-f", "csv").stdout
    after = run("status", "--data", str(data), "--as-of", AS_OF, "-f", "csv").stdout
    assert after == before
    again = run("import", str(workbook), "--sheet", "Items", "--data", str(data))
    assert again.stderr == "inspcheck: 20 rows read; nothing to add; 20 already in the register\n"


@pytest.mark.parametrize(("args", "loaded"), [
    (["status"], ""),
    (["status", "-f", "xlsx", "-o", "{out}"], "xlsxwriter"),
    (["import", "{tracker}", "--dry-run", "--inspection", "jtai-leeds-2024", "--agency",
      "leeds-scp", "--as-at", "2024-06-30"], "python_calamine"),
])  # fmt: skip
def test_the_spreadsheet_libraries_load_only_for_the_commands_that_need_them(
    tmp_path: Path, args: list[str], loaded: str
) -> None:
    tracker = tmp_path / "t.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["Ref", "Recommendation", "Status"])
    book.active.append(["1", "Improve supervision.", "Complete"])
    book.save(tracker)
    argv = [a.format(out=tmp_path / "o.xlsx", tracker=tracker) for a in args]
    argv += ["--data", str(BUNDLED)]
    code = ("import sys\nfrom inspcheck.cli import main\n"
            f"sys.argv = ['inspcheck', *{argv!r}]\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print('LOADED', *sorted(m for m in ('xlsxwriter', 'python_calamine', 'openpyxl') "
            "if m in sys.modules))")  # fmt: skip
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, cwd=tmp_path)  # fmt: skip
    assert done.stdout.strip().splitlines()[-1] == " ".join(["LOADED", *([loaded] * bool(loaded))])
