"""The trackers partnerships keep today, built with openpyxl (an independent writer) in the
layouts of SPEC 7, and the hostile files a reader must refuse. Each test that imports one
states by hand what the register must hold afterwards.

tests/trackers/audit.ods was made once from audit_register() by LibreOffice
(`soffice --headless --convert-to ods`): openpyxl writes no .ods.
"""

from __future__ import annotations

import zipfile
from datetime import date, datetime
from pathlib import Path

import openpyxl
from openpyxl.styles import PatternFill

TRACKERS = Path(__file__).parent / "trackers"


def _book(sheet: str) -> tuple[openpyxl.Workbook, object]:
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = sheet
    return book, ws


def police_hmicfrs(folder: Path) -> Path:
    """A force's HMICFRS tracker: # | recommendation or AFI | status (GREEN/AMBER/RED/WHITE)
    | due date | comment, with every way a due date is written beside each other."""
    book, ws = _book("AFIs")
    ws.append(["#", "Recommendation or AFI", "Status", "Due date", "Comment"])
    ws.append(
        [
            1,
            "The force should record when appropriate adults arrive in custody.",
            "GREEN",
            datetime(2025, 3, 31),
            "Custody record template changed.",
        ]
    )
    ws.append(
        [
            2,
            "The force should update its problem profiles at least annually.",
            "AMBER",
            "31st March 2025",
            "Draft profile with analysts.",
        ]
    )
    ws.append(
        [
            3,
            "The force should review its use of police protection powers.",
            "RED",
            45747,
            "Review slipped to the summer.",
        ]
    )  # a serial, unformatted
    ws.append(
        [
            4,
            "The force should publish its stop and search data.",
            "WHITE",
            "No deadline set by HMICFRS",
            "Published nationally instead.",
        ]
    )
    ws.append(
        [
            5,
            "The force should train its call handlers in exploitation.",
            "Amber",
            "March 2025",
            None,
        ]
    )
    ws.append(
        [6, "The force should audit its missing-children records.", "Not started", "TBC", None]
    )
    ws["D2"].number_format = "dd/mm/yyyy"
    path = folder / "police.xlsx"
    book.save(path)
    return path


def probation_plan(folder: Path) -> Path:
    """An HMI Probation action plan: recommendation | agreed/partly/not agreed | response |
    actions | owner | timescale; one owner cell names two agencies."""
    book, ws = _book("Action plan")
    ws.append(
        ["Recommendation", "Agreed/Partly/Not agreed", "Response", "Actions", "Owner", "Timescale"]
    )
    ws.append(
        [
            "Make sure that every child has a plan for their safety.",
            "Agreed",
            "We agree.",
            "Safety plans added to the case system.",
            "Northshire Council",
            "June 2025",
        ]
    )
    ws.append(
        [
            "Share information about children with the police within a day.",
            "Partly agreed",
            "In part.",
            "Protocol drafted.",
            "Northshire Police; Northshire Council",
            datetime(2025, 9, 30),
        ]
    )
    ws.append(
        [
            "Fund a dedicated health worker.",
            "Not agreed",
            "Not funded.",
            "Raised with the ICB.",
            "Northshire ICB",
            "Ongoing",
        ]
    )
    path = folder / "probation.xlsx"
    book.save(path)
    return path


def cqc_plan(folder: Path) -> Path:
    """A CQC action plan under a title block, its header on row 4: item to be rectified |
    actions required | deadline | person responsible | RAG."""
    book, ws = _book("CQC action plan")
    ws["A1"] = "Northshire ICB"
    ws["A2"] = "CQC action plan: services for looked-after children"
    ws.merge_cells("A2:E2")
    ws.append([])
    ws.append(["Item to be rectified", "Actions required", "Deadline", "Person responsible", "RAG"])
    ws.append(
        [
            "Health assessments are not completed within 20 days.",
            "Weekly tracking of every assessment.",
            datetime(2025, 4, 30),
            "Designated nurse",
            "Amber",
        ]
    )
    ws.append(
        [
            "Care leavers do not receive their health histories.",
            "Health histories sent with the leaving-care letter.",
            datetime(2024, 12, 31),
            "Designated doctor",
            "Green",
        ]
    )
    ws.append(
        [
            "Records of consent are incomplete.",
            "Consent audit.",
            datetime(2025, 2, 28),
            "Named nurse",
            "Red",
        ]
    )
    ws["E5"].fill = PatternFill("solid", fgColor="FFC000")
    path = folder / "cqc.xlsx"
    book.save(path)
    return path


def board_tracker(folder: Path) -> Path:
    """A safeguarding board's tracker: No. | recommendation | responsibility (merged over
    two rows) | date | progress at <meeting> | assessment 1-4."""
    book, ws = _book("Tracker")
    ws.append(
        [
            "No.",
            "Recommendation",
            "Responsibility",
            "Date",
            "Progress at Executive Jan 25",
            "Assessment 1-4",
        ]
    )
    ws.append(
        [
            "1.1",
            "Strategy meetings are held within three working days.",
            "Northshire Police",
            date(2025, 3, 31),
            "Held within 3 days in 80% of cases.",
            2,
        ]
    )
    ws.append(
        [
            "1.2",
            "Police attend every strategy meeting.",
            None,
            date(2025, 3, 31),
            "Attendance audited: 100%.",
            3,
        ]
    )
    ws.merge_cells("C2:C3")
    ws.append(
        [
            "2.1",
            "Partners share the learning from this inspection.",
            "nscp",
            date(2025, 6, 30),
            "Learning events held; assured by the board.",
            4,
        ]
    )
    ws.append([None, None, None, None, None, None])
    ws.append(
        ["3.1", "Review the threshold document.", "Northshire Council", date(2025, 12, 31), None, 1]
    )
    path = folder / "board.xlsx"
    book.save(path)
    return path


def audit_register(folder: Path) -> Path:
    """An internal audit register: ref | finding | recommendation | responsibility | target
    date | revised target date | status | closed date (saved as .ods: see the module's
    docstring)."""
    book, ws = _book("Register")
    ws.append(
        [
            "Ref",
            "Finding",
            "Recommendation",
            "Responsibility",
            "Target date",
            "Revised target date",
            "Status",
            "Closed date",
        ]
    )
    ws.append(
        [
            "IA-01",
            "Supervision records",
            "Record supervision of every case monthly.",
            "Northshire Council",
            datetime(2024, 12, 31),
            datetime(2025, 3, 31),
            "Overdue",
            None,
        ]
    )
    ws.append(
        [
            "IA-02",
            "Training",
            "Train all staff in safeguarding every two years.",
            "Northshire Council",
            datetime(2024, 9, 30),
            None,
            "Implemented",
            datetime(2024, 9, 15),
        ]
    )
    ws.append(
        [
            "IA-03",
            "Policy review",
            "Review the safeguarding policy.",
            "Northshire Council",
            datetime(2025, 6, 30),
            None,
            "Not yet started",
            None,
        ]
    )
    path = folder / "audit.xlsx"
    book.save(path)
    return path


def two_sheets(folder: Path) -> Path:
    book, ws = _book("Summary")
    ws.append(["Position at January 2025"])
    actions = book.create_sheet("Actions")
    actions.append(["Ref", "Recommendation", "Status"])
    actions.append(["A1", "Improve supervision.", "Complete"])
    path = folder / "two-sheets.xlsx"
    book.save(path)
    return path


def formula_without_value(folder: Path) -> Path:
    """openpyxl writes a formula and no value for it: Excel would have worked one out."""
    book, ws = _book("Plan")
    ws.append(["Ref", "Recommendation", "Due date", "Status"])
    ws.append(["1", "Improve supervision.", "=DATE(2025,3,31)", "In progress"])
    path = folder / "formula.xlsx"
    book.save(path)
    return path


def formula_with_value(folder: Path) -> Path:
    """xlsxwriter can save a formula with its value, as Excel does."""
    import xlsxwriter

    path = folder / "formula-value.xlsx"
    book = xlsxwriter.Workbook(path)
    ws = book.add_worksheet("Plan")
    ws.write_row(0, 0, ["Ref", "Recommendation", "Due date", "Status"])
    ws.write_row(1, 0, ["1", "Improve supervision."])
    ws.write_formula(1, 2, "=DATE(2025,3,31)", book.add_format({"num_format": "d/m/yyyy"}), 45747)
    ws.write_formula(1, 3, '=IF(TRUE,"In progress","")', None, "In progress")
    book.close()
    return path


WINDOWS_CSV = (
    "Ref,Recommendation,Agency,Due date,Status,Update\r\n"
    '1,"\u201cBudget\u201d of \u00a340,000 for the children\u2019s advocate",'
    'Northshire Council,31/03/2025,In progress,"\u00a320,000 agreed \u2013 rest pending"\r\n'
    "2,Review the council\u2019s thresholds,Northshire Council,30 Sept 2025,Not started,\r\n"
)


def windows_csv(folder: Path) -> Path:
    path = folder / "tracker.csv"
    path.write_bytes(WINDOWS_CSV.encode("cp1252"))
    return path


def bom_csv(folder: Path) -> Path:
    path = folder / "tracker-bom.csv"
    path.write_bytes(b"\xef\xbb\xbf" + WINDOWS_CSV.encode("utf-8"))
    return path


def unknown_status(folder: Path) -> Path:
    path = folder / "unknown-status.csv"
    path.write_text("Ref,Recommendation,Status\n1,Improve supervision.,Complete\n"
                    "2,Audit records.,Delayed\n", "utf-8")  # fmt: skip
    return path


# --- Hostile files ---


def corrupt_zip(folder: Path) -> Path:
    path = folder / "corrupt.xlsx"
    path.write_bytes(b"PK\x03\x04" + b"\x00garbage" * 100)
    return path


def zip_bomb(folder: Path, unpacked: int) -> Path:
    """An xlsx whose sheet unpacks to `unpacked` bytes of spaces (a few hundred KB packed)."""
    path = folder / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
            block = b" " * (1 << 20)
            for _ in range(unpacked // len(block)):
                part.write(block)
    return path


def empty_formatted_rows(folder: Path) -> Path:
    """A real workbook whose sheet has two rows of data, then formatting on every row to
    Excel's last, 1,048,576, as a sheet formatted by whole columns is saved."""
    source = folder / "source.xlsx"
    book, ws = _book("Plan")
    ws.append(["Ref", "Recommendation", "Status"])
    ws.append(["1", "Improve supervision.", "Complete"])
    book.save(source)
    path = folder / "formatted.xlsx"
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            data = old.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                head, _, tail = data.partition(b"</sheetData>")
                with new.open(item.filename, "w", force_zip64=True) as part:
                    part.write(head)
                    part.write(b"".join(b'<row r="%d" customFormat="1" s="0" ht="15"/>' % n
                                        for n in range(3, 1_048_577)))  # fmt: skip
                    part.write(b"</sheetData>" + tail)
            else:
                new.writestr(item, data)
    return path


def html_as_xls(folder: Path) -> Path:
    path = folder / "tracker.xls"
    path.write_text("<html><body><table><tr><td>Ref</td><td>Recommendation</td></tr>"
                    "</table></body></html>", "utf-8")  # fmt: skip
    return path


def nul_csv(folder: Path) -> Path:
    path = folder / "nul.csv"
    path.write_bytes(b"Ref,Recommendation,Status\n1,Improve\x00 supervision.,Complete\n")
    return path


def long_cell(folder: Path) -> Path:
    path = folder / "long.csv"
    path.write_text("Ref,Recommendation,Status\n1," + "x" * 2_000_000 + ",Complete\n", "utf-8")
    return path
