"""`inspcheck update`: every other byte kept, nothing written unless the result validates."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import CASES, run

SOURCE = CASES / "report" / "partnership" / "data"


@pytest.fixture
def data(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(SOURCE, target)
    return target


def _added_lines(before: str, after: str) -> list[str]:
    """The lines `after` has beyond `before`, asserting nothing of `before` moved or changed."""
    old, new = before.splitlines(keepends=True), after.splitlines(keepends=True)
    start = next((i for i, (a, b) in enumerate(zip(old, new, strict=False)) if a != b), len(old))
    added = len(new) - len(old)
    assert new[:start] + new[start + added :] == old
    return [line.rstrip("\r\n") for line in new[start : start + added]]


def test_update_appends_to_the_response_keeping_every_other_byte(data: Path) -> None:
    path = data / "responses" / "north.yaml"
    before = path.read_text()
    result = run("update", "cse-r2", "--agency", "north", "--status", "complete",
                 "--note", 'Signed: "all" | partners', "--date", "2025-01-20",
                 "--data", str(data))  # fmt: skip
    assert result.exit_code == 0
    assert _added_lines(before, path.read_text()) == [
        "      - date: 2025-01-20",
        "        status: complete",
        '        note: "Signed: \\"all\\" | partners"',
    ]
    shown = run("show", "cse-r2", "--data", str(data), "--as-of", "2025-01-21").stdout
    assert 'complete: Signed: "all" | partners' in shown


def test_evidence_and_extension_lists_are_created_where_missing(data: Path) -> None:
    path = data / "responses" / "council.yaml"
    before = path.read_text()
    assert run("update", "jtai-afi1", "--agency", "council", "--evidence", "Audit report",
               "--ref", "DOC-9", "--date", "2025-01-02",
               "--data", str(data)).exit_code == 0  # fmt: skip
    assert run("update", "jtai-afi1", "--agency", "council", "--extend-to", "30 June 2025",
               "--data", str(data)).exit_code == 0  # fmt: skip
    assert _added_lines(before, path.read_text()) == [
        "    evidence:",
        "      - date: 2025-01-02",
        "        title: Audit report",
        "        ref: DOC-9",
        "    extensions:",
        "      - to: 2025-06-30",
    ]


def test_a_new_response_and_a_new_file(data: Path) -> None:
    east = data / "responses" / "east.yaml"
    east.unlink()
    assert run("update", "cse-r1", "--agency", "east", "--status", "in-progress",
               "--note", "Begun.", "--date", "2025-01-02",
               "--data", str(data)).exit_code == 0  # fmt: skip
    assert east.read_text() == (
        "version: 1\nagency: east\nresponses:\n  - recommendation: cse-r1\n    updates:\n"
        "      - date: 2025-01-02\n        status: in-progress\n        note: Begun.\n"
    )
    assert run("update", "cse-r2", "--agency", "east", "--status", "not-applicable",
               "--note", "Out of scope.", "--date", "2025-01-03",
               "--data", str(data)).exit_code == 0  # fmt: skip
    assert run("validate", "--data", str(data), "--as-of", "2025-01-03").exit_code == 0


def test_windows_line_endings_and_comments_are_kept(data: Path) -> None:
    path = data / "responses" / "east.yaml"
    text = "# kept\r\n" + path.read_text().replace("\n", "\r\n").replace(
        "  - recommendation: cse-r2", "  # about cse-r2\r\n  - recommendation: cse-r2"
    )
    path.write_bytes(text.encode())
    assert run("update", "cse-r1", "--agency", "east", "--status", "complete", "--note", "Done.",
               "--date", "2025-01-05", "--data", str(data)).exit_code == 0  # fmt: skip
    after = path.read_bytes().decode()
    assert _added_lines(text, after) == [
        "      - date: 2025-01-05", "        status: complete", "        note: Done.",
    ]  # fmt: skip
    assert after.count("\r\n") == after.count("\n")


@pytest.mark.parametrize(
    ("args", "rule"),
    [
        (("cse-r2", "--agency", "council", "--status", "complete", "--note", "x"), "not-owner"),
        (("cse-r2", "--agency", "north", "--status", "complete", "--note", "x",
          "--date", "2999-01-01"), "future-update"),
    ],
)  # fmt: skip
def test_a_result_that_would_not_validate_writes_nothing(
    data: Path, args: tuple[str, ...], rule: str
) -> None:
    before = {p: p.read_bytes() for p in data.rglob("*") if p.is_file()}
    result = run("update", *args, "--data", str(data))
    assert result.exit_code == 1
    assert f" {rule}: " in result.stdout
    assert {p: p.read_bytes() for p in data.rglob("*") if p.is_file()} == before


def test_usage_mistakes_are_exit_2(data: Path) -> None:
    assert run("update", "cse-r2", "--agency", "north", "--status", "complete",
               "--data", str(data)).exit_code == 2  # fmt: skip
    assert run("update", "cse-r2", "--agency", "north", "--status", "done", "--note", "x",
               "--data", str(data)).exit_code == 2  # fmt: skip
    assert run("update", "cse-r2", "--agency", "north", "--note", "x",
               "--evidence", "y", "--data", str(data)).exit_code == 2  # fmt: skip
    assert run("update", "cse-r2", "--agency", "north", "--data", str(data)).exit_code == 2


def test_a_failed_write_leaves_the_old_file_and_no_temporary(
    data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = data / "responses" / "north.yaml"
    before = path.read_bytes()

    def killed(*args: object) -> None:
        raise KeyboardInterrupt  # as if the process were stopped between write and rename

    monkeypatch.setattr(os, "replace", killed)
    result = run("update", "cse-r2", "--agency", "north", "--status", "complete",
                 "--note", "x", "--data", str(data))  # fmt: skip
    assert result.exit_code == 130
    assert path.read_bytes() == before
    assert sorted(p.name for p in path.parent.iterdir()) == ["council.yaml", "east.yaml",
                                                              "north.yaml"]  # fmt: skip


def test_concurrent_updates_all_land(data: Path) -> None:
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "inspcheck", "update", "cse-r2", "--agency", "north",
             "--status", "in-progress", "--note", f"writer {n}", "--date", "2025-01-02",
             "--data", str(data)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )
        for n in range(4)
    ]  # fmt: skip
    for p in processes:
        p.communicate(timeout=60)
    assert [p.returncode for p in processes] == [0, 0, 0, 0]
    text = (data / "responses" / "north.yaml").read_text()
    assert sorted(n for n in range(4) if f"note: writer {n}\n" in text) == [0, 1, 2, 3]
    assert run("validate", "--data", str(data), "--as-of", "2025-01-02").exit_code == 0


def test_the_file_is_found_by_its_agency_key_not_its_name(data: Path) -> None:
    named = data / "responses" / "leeds-city-council.yaml"
    (data / "responses" / "council.yaml").rename(named)
    before = named.read_text()
    result = run("update", "jtai-afi1", "--agency", "council", "--status", "in-progress",
                 "--note", "Audit booked", "--date", "2025-01-20", "--data", str(data))  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert not (data / "responses" / "council.yaml").exists()
    assert "        note: Audit booked" in _added_lines(before, named.read_text())


def _unchanged(data: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in data.rglob("*") if p.is_file()}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("cse-r2", "--agency", "nort", "--status", "complete", "--note", "x"),
         "no agency 'nort' in the register; did you mean 'north'?"),
        (("cse-r9", "--agency", "north", "--status", "complete", "--note", "x"),
         "no recommendation 'cse-r9' in the register; did you mean 'cse-r2'?"),
        (("cse-r2", "--agency", "north", "--extend-to", "2025-06-30", "--approved", "2025-01-02"),
         "--approved needs --by"),
        (("cse-r2", "--agency", "east", "--extend-to", "2025-06-30"),
         "east has no response to cse-r2 yet; give --status (with --note) in the same call"),
        (("cse-r2", "--agency", "council", "--evidence", "Plan"),
         "council is not an owner of cse-r2 (its owners: north, east); record this for one"),
    ],
)  # fmt: skip
def test_what_cannot_be_recorded_is_a_usage_error_naming_the_fix(
    data: Path, args: tuple[str, ...], message: str
) -> None:
    _first_response_only(data / "responses" / "east.yaml")
    before = _unchanged(data)
    result = run("update", *args, "--data", str(data))
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"inspcheck: error: {result.stderr.split(': ', 2)[2]}"
    assert message in result.stderr and result.stderr.count("\n") == 1
    assert _unchanged(data) == before
    assert not (data / "responses" / "nort.yaml").exists()


def _first_response_only(path: Path) -> str:
    """Leave the file with its first response only: the next obligation has none."""
    text = path.read_text()
    second = text.index("  - recommendation:", text.index("  - recommendation:") + 1)
    path.write_text(text[:second])
    return text[:second]


def test_status_evidence_and_extension_in_one_call_one_write(data: Path) -> None:
    path = data / "responses" / "east.yaml"
    before = _first_response_only(path)
    result = run("update", "cse-r2", "--agency", "east", "--status", "in-progress",
                 "--note", "Protocol agreed", "--evidence", "Protocol", "--extend-to",
                 "31st March 2025", "--approved", "2 January 2025", "--by", "LSCP Executive",
                 "--as-of", "2025-01-02", "--data", str(data))  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert (
        _added_lines(before, path.read_text())
        == [
            "",
            "  - recommendation: cse-r2",
            "    updates:",
            "      - date: 2025-01-02",
            "        status: in-progress",
            "        note: Protocol agreed",
            "    evidence:",
            "      - date: 2025-01-02",
            "        title: Protocol",
            "    extensions:",
            "      - to: 2025-03-31",
            "        approved: 2025-01-02",
            "        by: LSCP Executive",
        ][1:]
    )  # the file sets no blank line between its responses


def test_update_writes_in_the_file_own_style(data: Path) -> None:
    """Dates in the form the file uses most; quotes only where YAML needs them; a new
    response set apart by a blank line where the file sets its responses apart."""
    path = data / "responses" / "north.yaml"
    styled = (
        "version: 1\nagency: north\nresponses:\n"
        "  - recommendation: cse-r1\n    updates:\n      - date: 1 September 2024\n"
        "        status: in-progress\n        note: Analyst recruited.\n\n"
        "  - recommendation: cse-r2\n    updates:\n      - date: 1 August 2024\n"
        "        status: in-progress\n        note: Data feed agreed.\n"
        "    extensions:\n      - to: 2025-06-30\n"
    )
    path.write_text(styled)
    result = run("update", "jtai-afi1", "--agency", "north", "--status", "in-progress",
                 "--note", "yes", "--as-of", "2025-01-20", "--data", str(data))  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert _added_lines(styled, path.read_text()) == [
        "", "  - recommendation: jtai-afi1", "    updates:", "      - date: 20 January 2025",
        "        status: in-progress", '        note: "yes"',
    ]  # fmt: skip


MONTHS = ["", "January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]  # fmt: skip


@pytest.mark.parametrize(
    ("value", "written"),
    [("Done.", "Done."), ("yes", '"yes"'), ("3.10", '"3.10"'), ("a: b", '"a: b"'),
     ("# not a comment", '"# not a comment"'), ("- a list?", '"- a list?"'),
     ("Ref 12: see #4", '"Ref 12: see #4"'), (" padded", '" padded"'), ("", '""'),
     ("two\nlines", '"two\\nlines"'), ("Plan: v2", '"Plan: v2"'), ("50% done", "50% done"),
     ("null", '"null"'), ("~", '"~"'), ("[x]", '"[x]"'), ("O'Neill's", "O'Neill's")],
)  # fmt: skip
def test_values_are_quoted_only_where_yaml_needs_it(value: str, written: str) -> None:
    import yaml

    from inspcheck.writing import scalar

    assert scalar(value) == written
    assert yaml.safe_load(f"k: {scalar(value)}") == {"k": value}


def test_an_update_reported_elsewhere_records_its_source(data: Path) -> None:
    path = data / "responses" / "north.yaml"
    before = path.read_text()
    result = run("update", "cse-r2", "--agency", "north", "--status", "in-progress",
                 "--note", "Profile drafted.", "--source", "Force annual report 2024-25",
                 "--date", "2025-01-20", "--data", str(data))  # fmt: skip
    assert result.exit_code == 0
    added = _added_lines(before, path.read_text())
    assert added[-1] == "        source: Force annual report 2024-25"
    shown = run("show", "cse-r2", "--data", str(data), "--as-of", "2025-01-21").stdout
    assert "(reported in: Force annual report 2024-25) in-progress: Profile drafted." in " ".join(
        shown.split()
    )
    alone = run("update", "cse-r2", "--agency", "north", "--source", "X", "--evidence", "E",
                "--data", str(data))  # fmt: skip
    assert (alone.exit_code, alone.stderr.strip()) == (
        2, "inspcheck: error: --source goes with --status; give the status it records")  # fmt: skip


def test_a_marked_update_keeps_its_keys_in_the_documented_order(data: Path) -> None:
    """date, status, note, marking, source: the order docs/data-format.md shows."""
    path = data / "responses" / "north.yaml"
    before = path.read_text()
    result = run("update", "cse-r2", "--agency", "north", "--status", "in-progress",
                 "--note", "Profile drafted.", "--marking", "official-sensitive",
                 "--source", "Force report", "--date", "2025-01-20",
                 "--data", str(data))  # fmt: skip
    assert result.exit_code == 0, result.stderr
    keys = [
        line.strip().lstrip("- ").split(":")[0] for line in _added_lines(before, path.read_text())
    ]
    assert keys[-5:] == ["date", "status", "note", "marking", "source"]
