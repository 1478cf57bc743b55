"""`inspcheck import` (SPEC 7): each tracker layout imported into a register, and what the
register holds afterwards, written out by hand from the tracker; re-import; all or
nothing; the hostile files a tracker reader meets."""

from __future__ import annotations

import difflib
import shutil
from datetime import date
from pathlib import Path

import pytest

from inspcheck.pipeline import check
from tests import tracker_files as files
from tests.conftest import run

TODAY = date(2026, 12, 2)  # after every as-at date used here; the clock is never read


@pytest.fixture
def data(tmp_path: Path) -> Path:
    folder = tmp_path / "repo" / "data"
    (folder / "responses").mkdir(parents=True)
    shutil.copy(files.TRACKERS / "register.yaml", folder / "recommendations.yaml")
    return folder


def _map(tmp_path: Path, text: str) -> str:
    path = tmp_path / "map.yaml"
    path.write_text(text, "utf-8")
    return str(path)


def _import(data: Path, tracker: Path, *options: str) -> tuple[int, str, str]:
    result = run("import", str(tracker), "--data", str(data), *options)
    return result.exit_code, result.stdout, result.stderr


def _register(data: Path) -> dict[tuple[str, str], tuple[object, ...]]:
    """(recommendation, agency) -> (status, due, effective due, latest note) as the loader
    reads the register back, at the day after the latest as-at used here."""
    checked = check(data, date(2025, 12, 1), TODAY)
    assert not checked.has_errors, checked.findings
    return {
        (o.recommendation.id, o.agency.id): (
            str(o.status),
            o.due,
            o.effective_due,
            o.last_update.note if o.last_update else None,
        )
        for o in checked.assessment.obligations
    }


def _snapshot(data: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in sorted(data.rglob("*")) if p.is_file()}


# --- The five layouts, and the awkward cases ---


def test_a_force_hmicfrs_tracker_with_every_way_of_writing_a_due_date(
    data: Path, tmp_path: Path
) -> None:
    tracker = files.police_hmicfrs(tmp_path)
    mapping = _map(tmp_path, 'columns: {"Recommendation or AFI": text}\n')
    code, out, err = _import(data, tracker, "--map", mapping, "--inspection", "peel-2025",
                             "--agency", "north-police", "--as-at", "2025-01-31",
                             "--kind", "area-for-improvement")  # fmt: skip
    assert code == 0, out + err
    police = "north-police"
    assert _register(data) == {
        ("peel-2025-1", police): ("complete", date(2025, 3, 31), date(2025, 3, 31),
                                  "Custody record template changed."),
        ("peel-2025-2", police): ("in-progress", date(2025, 3, 31), date(2025, 3, 31),
                                  "Draft profile with analysts."),
        ("peel-2025-3", police): ("in-progress", date(2025, 3, 31), date(2025, 3, 31),
                                  "Review slipped to the summer."),
        ("peel-2025-4", police): ("not-applicable", None, None, "Published nationally instead."),
        ("peel-2025-5", police): ("in-progress", date(2025, 3, 31), date(2025, 3, 31),
                                  "Imported from police.xlsx"),
        ("peel-2025-6", police): ("not-started", None, None, "Imported from police.xlsx"),
    }  # fmt: skip
    assert out.splitlines() == [
        "police.xlsx:AFIs!D5: warning no-due-date: "
        "'No deadline set by HMICFRS' is taken as no due date",
        "police.xlsx:AFIs!D6: warning month-only-date: "
        "'March 2025' is a month alone: taken as its last day, 31 March 2025",
        "police.xlsx:AFIs!D7: warning no-due-date: 'TBC' is taken as no due date",
    ]
    text = (data / "recommendations.yaml").read_text("utf-8")
    assert '    kind: area-for-improvement\n    ref: "1"\n' in text


def test_a_probation_action_plan_with_its_agreement_column_mapped(
    data: Path, tmp_path: Path
) -> None:
    mapping = _map(tmp_path, (
        'columns: {"Agreed/Partly/Not agreed": status}\n'
        'statuses: {"Agreed": in-progress, "Partly agreed": in-progress, '
        '"Not agreed": not-accepted}\n'
        "defaults: {inspection: probation-2025, as_at: 28/02/2025}\n"))  # fmt: skip
    code, out, err = _import(data, files.probation_plan(tmp_path), "--map", mapping)
    assert code == 0, out + err
    assert _register(data) == {
        ("probation-2025-row2", "north-council"): (
            "in-progress", date(2025, 6, 30), date(2025, 6, 30),
            "Safety plans added to the case system."),
        ("probation-2025-row3", "north-police"): (
            "in-progress", date(2025, 9, 30), date(2025, 9, 30), "Protocol drafted."),
        ("probation-2025-row3", "north-council"): (
            "in-progress", date(2025, 9, 30), date(2025, 9, 30), "Protocol drafted."),
        ("probation-2025-row4", "north-icb"): ("not-accepted", None, None, "Raised with the ICB."),
    }  # fmt: skip


def test_a_cqc_action_plan_with_its_header_under_a_title_block(data: Path, tmp_path: Path) -> None:
    code, out, err = _import(data, files.cqc_plan(tmp_path), "--inspection", "cqc-2025",
                             "--agency", "north-icb", "--as-at", "15 January 2025",
                             "--kind", "must-do", "--dry-run")  # fmt: skip
    assert code == 0, out + err
    assert "sheet 'CQC action plan' of cqc.xlsx, headers on row 4:" in out
    assert not (data / "responses" / "north-icb.yaml").exists()  # a dry run writes nothing
    code, out, err = _import(data, files.cqc_plan(tmp_path), "--inspection", "cqc-2025",
                             "--agency", "north-icb", "--as-at", "15 January 2025",
                             "--kind", "must-do")  # fmt: skip
    assert code == 0, out + err
    assert _register(data) == {
        ("cqc-2025-row5", "north-icb"): ("in-progress", date(2025, 4, 30), date(2025, 4, 30),
                                         "Weekly tracking of every assessment."),
        ("cqc-2025-row6", "north-icb"): ("complete", date(2024, 12, 31), date(2024, 12, 31),
                                         "Health histories sent with the leaving-care letter."),
        ("cqc-2025-row7", "north-icb"): ("in-progress", date(2025, 2, 28), date(2025, 2, 28),
                                         "Consent audit."),
    }  # fmt: skip
    responses = (data / "responses" / "north-icb.yaml").read_text("utf-8")
    assert "    lead: Designated nurse\n" in responses
    assert "    kind: must-do\n" in (data / "recommendations.yaml").read_text("utf-8")


BOARD_MAP = (
    'columns: {"Date": due, "Assessment 1-4": status}\n'
    'statuses: {"1": not-started, "2": in-progress, "3": complete, "4": verified}\n'
    "defaults: {inspection: jtai-2025, as_at: 2025-01-20}\n"
)


def test_a_board_tracker_with_merged_agency_cells_and_a_scale_for_status(
    data: Path, tmp_path: Path
) -> None:
    code, out, err = _import(data, files.board_tracker(tmp_path), "--map",
                             _map(tmp_path, BOARD_MAP))  # fmt: skip
    assert code == 0, out + err
    assert _register(data) == {
        ("jtai-2025-1-1", "north-police"): ("in-progress", date(2025, 3, 31), date(2025, 3, 31),
                                            "Held within 3 days in 80% of cases."),
        ("jtai-2025-1-2", "north-police"): ("complete", date(2025, 3, 31), date(2025, 3, 31),
                                            "Attendance audited: 100%."),
        ("jtai-2025-2-1", "nscp"): ("verified", date(2025, 6, 30), date(2025, 6, 30),
                                    "Learning events held; assured by the board."),
        ("jtai-2025-3-1", "north-council"): ("not-started", date(2025, 12, 31),
                                             date(2025, 12, 31), "Imported from board.xlsx"),
    }  # fmt: skip


def test_an_internal_audit_register_in_ods_with_a_revised_date(data: Path, tmp_path: Path) -> None:
    mapping = _map(tmp_path, 'columns: {"Finding": title}\n')
    code, out, err = _import(data, files.TRACKERS / "audit.ods", "--map", mapping,
                             "--inspection", "audit-2025", "--as-at", "2025-01-31")  # fmt: skip
    assert code == 0, out + err
    council = "north-council"
    assert _register(data) == {
        ("audit-2025-ia-01", council): ("in-progress", date(2024, 12, 31), date(2025, 3, 31),
                                        "Imported from audit.ods"),
        ("audit-2025-ia-02", council): ("complete", date(2024, 9, 30), date(2024, 9, 30),
                                        "Imported from audit.ods"),
        ("audit-2025-ia-03", council): ("not-started", date(2025, 6, 30), date(2025, 6, 30),
                                        "Imported from audit.ods"),
    }  # fmt: skip
    responses = (data / "responses" / "north-council.yaml").read_text("utf-8")
    assert "    extensions:\n      - to: 2025-03-31\n        approved: 2025-01-31\n" in responses
    assert "    title: Supervision records\n" in (data / "recommendations.yaml").read_text()


@pytest.mark.parametrize("build", [files.windows_csv, files.bom_csv])
def test_a_csv_in_windows_1252_or_with_a_byte_order_mark(
    data: Path, tmp_path: Path, build: object
) -> None:
    tracker = build(tmp_path)  # type: ignore[operator]
    code, out, err = _import(data, tracker, "--inspection", "jtai-2025", "--as-at", "2025-01-31")
    assert code == 0, out + err
    assert _register(data) == {
        ("jtai-2025-1", "north-council"): ("in-progress", date(2025, 3, 31), date(2025, 3, 31),
                                           "\u00a320,000 agreed \u2013 rest pending"),
        ("jtai-2025-2", "north-council"): ("not-started", date(2025, 9, 30), date(2025, 9, 30),
                                           f"Imported from {tracker.name}"),
    }  # fmt: skip
    checked = check(data, date(2025, 2, 1), TODAY)
    text = checked.register.recommendations["jtai-2025-1"].text
    assert text == "\u201cBudget\u201d of \u00a340,000 for the children\u2019s advocate"


def test_a_workbook_of_several_sheets_needs_sheet(data: Path, tmp_path: Path) -> None:
    tracker = files.two_sheets(tmp_path)
    code, out, err = _import(data, tracker, "--inspection", "jtai-2025", "--agency", "nscp",
                             "--as-at", "2025-01-31")  # fmt: skip
    assert code == 2
    assert err == ("inspcheck: error: two-sheets.xlsx has 2 sheets ('Summary', 'Actions'); "
                   "say which to import with --sheet NAME\n")  # fmt: skip
    code, out, err = _import(data, tracker, "--sheet", "Actions", "--inspection", "jtai-2025",
                             "--agency", "nscp", "--as-at", "2025-01-31")  # fmt: skip
    assert code == 0, out + err
    assert _register(data) == {
        ("jtai-2025-a1", "nscp"): ("complete", None, None, "Imported from two-sheets.xlsx")
    }


def test_a_formula_is_read_by_its_saved_value_and_one_with_none_is_a_finding(
    data: Path, tmp_path: Path
) -> None:
    options = ("--inspection", "jtai-2025", "--agency", "nscp", "--as-at", "2025-01-31")
    before = _snapshot(data)
    code, out, err = _import(data, files.formula_without_value(tmp_path), *options)
    assert code == 1
    assert out == ("formula.xlsx:Plan!C2: error formula-without-value: holds a formula saved "
                   "with no value; open the file in Excel or LibreOffice, let it calculate, "
                   "and save it\n")  # fmt: skip
    assert _snapshot(data) == before
    code, out, err = _import(data, files.formula_with_value(tmp_path), *options)
    assert code == 0, out + err
    assert _register(data) == {
        ("jtai-2025-1", "nscp"): ("in-progress", date(2025, 3, 31), date(2025, 3, 31),
                                  "Imported from formula-value.xlsx")
    }  # fmt: skip


def test_an_unknown_status_word_is_a_finding_until_the_map_says_what_it_means(
    data: Path, tmp_path: Path
) -> None:
    options = ("--inspection", "jtai-2025", "--agency", "nscp", "--as-at", "2025-01-31")
    tracker = files.unknown_status(tmp_path)
    before = _snapshot(data)
    code, out, err = _import(data, tracker, *options)
    assert code == 1
    assert out.startswith("unknown-status.csv:C3: error unknown-status: 'Delayed' is no status")
    assert "nothing written" in err
    assert _snapshot(data) == before  # all or nothing: row 2 was fine, and is not written
    mapping = _map(tmp_path, 'statuses: {"Delayed": in-progress}\n')
    code, out, err = _import(data, tracker, *options, "--map", mapping)
    assert code == 0, out + err
    assert _register(data)[("jtai-2025-2", "nscp")][0] == "in-progress"


def test_an_error_found_by_the_loader_names_the_tracker_cell(data: Path, tmp_path: Path) -> None:
    tracker = tmp_path / "future.csv"
    tracker.write_text("Ref,Recommendation,Status,Date of update\n"
                       "1,Improve supervision.,Complete,31/12/2099\n", "utf-8")  # fmt: skip
    code, out, _ = _import(data, tracker, "--inspection", "jtai-2025", "--agency", "nscp")
    assert code == 1
    assert out.startswith("future.csv:D2: error "), out
    assert "2099" in out


_HIDDEN = (
    "error control-character: forbidden character U+{} (control, invisible or bidi); delete it"
)


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        # The title is made from the text, so a zero-width space pasted into the text is
        # in both: told once, at the cell to mend, not also at the row.
        ("Ref,Recommendation,Status\n1,Improve\u200b supervision.,Complete\n",
         ["B2: " + _HIDDEN.format("200B")]),
        # A title column's problem at its own cell; a response's `title:` is its
        # evidence's, so evidence's problem at the evidence cell.
        ("Ref,Recommendation,Title,Status,Evidence\n"
         "1,Improve supervision.,Super\u2060vision,Complete,Audit\u200b report\n",
         ["C2: " + _HIDDEN.format("2060"), "E2: " + _HIDDEN.format("200B")]),
    ],
    ids=["made-from-the-text", "title-and-evidence-columns"],
)  # fmt: skip
def test_an_invisible_character_is_one_finding_at_its_own_cell(
    data: Path, tmp_path: Path, rows: str, expected: list[str]
) -> None:
    tracker = tmp_path / "pasted.csv"
    tracker.write_text(rows, "utf-8")
    code, out, _ = _import(data, tracker, "--inspection", "jtai-2025", "--agency", "nscp",
                           "--as-at", "2025-01-31")  # fmt: skip
    assert code == 1
    assert out.splitlines() == [f"pasted.csv:{line}" for line in expected]


def test_an_agency_not_in_the_register_is_named_at_its_cell(data: Path, tmp_path: Path) -> None:
    tracker = tmp_path / "agency.csv"
    tracker.write_text("Ref,Recommendation,Agency,Status\n1,Improve supervision.,"
                       "Northshire Polise,Complete\n", "utf-8")  # fmt: skip
    code, out, _ = _import(data, tracker, "--inspection", "jtai-2025", "--as-at", "2025-01-31")
    assert code == 1
    assert out == ("agency.csv:C2: error unknown-agency: 'Northshire Polise' is no agency in "
                   "the register; did you mean 'north-police'?\n")  # fmt: skip


def test_a_new_inspection_and_agency_are_added_with_the_map_s_title_and_name(
    data: Path, tmp_path: Path
) -> None:
    tracker = files.unknown_status(tmp_path)
    mapping = _map(tmp_path, (
        'statuses: {"Delayed": in-progress}\n'
        "defaults: {inspection: ofsted-2025, inspection_title: Ofsted ILACS 2025,"
        " agency: north-school, agency_name: Northshire Academy}\n"))  # fmt: skip
    code, out, err = _import(data, tracker, "--map", mapping, "--as-at", "2025-01-31")
    assert code == 0, out + err
    text = (data / "recommendations.yaml").read_text("utf-8")
    assert (
        "  - id: nscp\n    name: Northshire Safeguarding Children Partnership\n    kind: "
        "partnership\n  - id: north-school\n    name: Northshire Academy\n" in text
    )
    assert "  - id: ofsted-2025\n    title: Ofsted ILACS 2025\n" in text
    code, _, err = _import(data, tracker, "--inspection", "ofsted-2026", "--as-at", "2025-01-31")
    assert code == 2
    assert "no inspection 'ofsted-2026' in the register" in err
    assert "give its title in a --map file (defaults: inspection_title)" in err


# --- Re-import ---


def test_importing_the_same_file_twice_adds_nothing(data: Path, tmp_path: Path) -> None:
    mapping = _map(tmp_path, BOARD_MAP)
    tracker = files.board_tracker(tmp_path)
    assert _import(data, tracker, "--map", mapping)[0] == 0
    once = _snapshot(data)
    code, _, err = _import(data, tracker, "--map", mapping)
    assert code == 0
    assert err == "inspcheck: 4 rows read; nothing to add; 4 already in the register\n"
    assert _snapshot(data) == once


def test_a_later_copy_adds_only_new_rows_and_changed_statuses_keeping_every_byte(
    data: Path, tmp_path: Path
) -> None:
    import openpyxl

    mapping = _map(tmp_path, BOARD_MAP)
    tracker = files.board_tracker(tmp_path)
    assert _import(data, tracker, "--map", mapping)[0] == 0
    once = _snapshot(data)
    book = openpyxl.load_workbook(tracker)
    sheet = book["Tracker"]
    sheet["E2"] = "Held within 3 days in 95% of cases."  # a changed note
    sheet["F2"] = 3  # and status: in-progress -> complete
    sheet.append(["4.1", "Publish the learning review.", "nscp", date(2025, 9, 30),
                  "Drafted.", 2])  # fmt: skip
    later = tmp_path / "board-april.xlsx"
    book.save(later)
    code, out, err = _import(data, later, "--map", mapping, "--as-at", "2025-04-20")
    assert code == 0, out + err
    assert err.startswith("inspcheck: 5 rows read; added 1 recommendation, 1 response, 1 update;"
                          " 3 already in the register")  # fmt: skip
    for path, old in once.items():
        new = path.read_bytes().decode()
        steps = difflib.SequenceMatcher(None, old.decode(), new, autojunk=False).get_opcodes()
        assert {tag for tag, *_ in steps} <= {"equal", "insert"}, path  # nothing else changed
    obligations = _register(data)
    assert obligations[("jtai-2025-1-1", "north-police")][0] == "complete"
    assert obligations[("jtai-2025-4-1", "nscp")][0] == "in-progress"
    police = (data / "responses" / "north-police.yaml").read_text("utf-8")
    assert ("      - date: 2025-01-20\n        status: in-progress\n"
            "        note: Held within 3 days in 80% of cases.\n"
            "      - date: 2025-04-20\n        status: complete\n"
            "        note: Held within 3 days in 95% of cases.\n") in police  # fmt: skip


def test_new_entries_follow_the_register_s_own_date_style(data: Path, tmp_path: Path) -> None:
    register = data / "recommendations.yaml"
    register.write_text(register.read_text("utf-8").replace(
        "    short_title: PEEL 2025\n", "    short_title: PEEL 2025\n    published: 8 July 2025\n"
    ), "utf-8")  # fmt: skip
    code, out, err = _import(data, files.cqc_plan(tmp_path), "--inspection", "cqc-2025",
                             "--agency", "north-icb", "--as-at", "2025-01-15")  # fmt: skip
    assert code == 0, out + err
    assert "    due: 30 April 2025\n" in register.read_text("utf-8")
    assert "      - date: 15 January 2025\n" in (data / "responses/north-icb.yaml").read_text()


# --- Hostile files: one line, never a traceback, never a write ---


HOSTILE = {
    "corrupt": (files.corrupt_zip, 2, "inspcheck: error: corrupt.xlsx is damaged and cannot be "
                "opened"),
    "bomb": (lambda folder: files.zip_bomb(folder, 300 * 1024 * 1024), 2,
             "inspcheck: error: bomb.xlsx unpacks to more than 256 MB"),
    "nul": (files.nul_csv, 2, "inspcheck: error: nul.csv:2: holds a NUL byte"),
    "html": (files.html_as_xls, 2, "inspcheck: error: tracker.xls is a web page (HTML), not a "
             "spreadsheet"),
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_a_hostile_file_is_one_line_and_writes_nothing(
    data: Path, tmp_path: Path, name: str
) -> None:
    build, exit_code, start = HOSTILE[name]
    tracker = build(tmp_path)  # type: ignore[operator]
    before = _snapshot(data)
    code, out, err = _import(data, tracker, "--inspection", "jtai-2025", "--agency", "nscp",
                             "--as-at", "2025-01-31")  # fmt: skip
    assert (code, out) == (exit_code, "")
    assert err.startswith(start) and err.count("\n") == 1, err
    assert _snapshot(data) == before


def test_a_two_million_character_cell_is_a_finding_at_its_cell(data: Path, tmp_path: Path) -> None:
    before = _snapshot(data)
    code, out, _ = _import(data, files.long_cell(tmp_path), "--inspection", "jtai-2025",
                             "--agency", "nscp", "--as-at", "2025-01-31")  # fmt: skip
    assert code == 1
    assert out == ("long.csv:B2: error cell-too-long: holds 2,000,000 characters, more than a "
                   "spreadsheet cell can (32,767); shorten it\n")  # fmt: skip
    assert _snapshot(data) == before


def test_a_million_empty_formatted_rows_are_read_as_the_rows_that_hold_data(
    data: Path, tmp_path: Path
) -> None:
    code, out, err = _import(data, files.empty_formatted_rows(tmp_path), "--inspection",
                             "jtai-2025", "--agency", "nscp", "--as-at", "2025-01-31")  # fmt: skip
    assert code == 0, out + err
    assert _register(data) == {
        ("jtai-2025-1", "nscp"): ("complete", None, None, "Imported from formatted.xlsx")
    }


def test_a_file_of_another_kind_is_a_usage_error(data: Path, tmp_path: Path) -> None:
    other = tmp_path / "tracker.numbers"
    other.write_bytes(b"\x00\x01")
    code, _, err = _import(data, other, "--inspection", "jtai-2025")
    assert (code, err) == (2, "inspcheck: error: inspcheck reads .xlsx, .xlsm, .ods or .csv "
                              "trackers; save tracker.numbers as one of them\n")  # fmt: skip


def test_into_a_repo_made_by_init_new_files_point_at_its_schema(tmp_path: Path) -> None:
    repo = tmp_path / "register"
    assert run("init", "--empty", str(repo), "--install", "inspcheck==0.1.0").exit_code == 0
    mapping = _map(tmp_path, (
        'statuses: {"Delayed": in-progress}\n'
        "defaults: {inspection: ofsted-2025, inspection_title: Ofsted ILACS 2025,"
        " agency: north-school, agency_name: Northshire Academy,"
        " as_at: 2025-01-31}\n"))  # fmt: skip
    data = repo / "data"
    code, out, err = _import(data, files.unknown_status(tmp_path), "--map", mapping)
    assert code == 0, out + err
    responses = (data / "responses" / "north-school.yaml").read_text("utf-8")
    schema = "# yaml-language-server: $schema=../../schemas/responses.schema.json\n"
    assert responses.startswith(schema + "version: 1\nagency: north-school\nresponses:\n")
    register = (data / "recommendations.yaml").read_text("utf-8")
    assert "\nagencies:\n  - id: north-school\n    name: Northshire Academy\n" in register
    assert run("validate", "--data", str(data)).exit_code == 0
