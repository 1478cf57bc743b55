"""SPEC 2.5's optional keys in every output that prints them: an agency's contact, an
inspection's short title and month-only dates, and where an update was reported."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

from tests.conftest import CASES, run

AT = ("--data", str(CASES / "valid" / "optional-keys" / "data"), "--as-of", "2025-01-15")
SOURCE = "North annual report 2024-25"


def test_status_table_names_inspections_by_short_title() -> None:
    out = run("status", *AT).stdout
    assert "Inspection A 2023" in out
    assert "insp-a" not in out.split("By inspection")[1].split("\n\n")[0]


def test_show_prints_the_month_and_the_source_beside_its_update() -> None:
    out = run("show", "rec-1", *AT).stdout
    assert "Published:  November 2023" in out
    assert f"2024-12-01  (reported in: {SOURCE}) in-progress: Under way." in out


def test_json_items_carry_the_latest_updates_source_or_null() -> None:
    items = json.loads(run("status", "-f", "json", *AT).stdout)["items"]
    assert {i["agency"]: i["source"] for i in items} == {"north": SOURCE, "council": None}
    assert list(items[0])[:11] == [
        "recommendation",
        "agency",
        "inspection",
        "title",
        "status",
        "rag",
        "due",
        "effective_due",
        "days_overdue",
        "last_update",
        "flags",
    ]  # fmt: skip; version 1's keys keep their places


def test_csv_adds_source_as_the_last_column() -> None:
    rows = list(csv.DictReader(io.StringIO(run("status", "-f", "csv", *AT).stdout)))
    assert [(r["agency"], r["source"]) for r in rows] == [("north", SOURCE), ("council", "")]


def test_the_source_is_the_latest_updates_not_the_obligations(tmp_path: Path) -> None:
    """A first-hand update after a reported one has no source: none is carried over."""
    data = tmp_path / "data"
    shutil.copytree(CASES / "valid" / "optional-keys" / "data", data)
    north = data / "responses" / "north.yaml"
    north.write_text(north.read_text() + "      - date: 2025-01-10\n        status: complete\n"
                     "        note: Done.\n")  # fmt: skip
    items = json.loads(run("status", "-f", "json", "--data", str(data), "--as-of",
                           "2025-01-15").stdout)["items"]  # fmt: skip
    assert [(i["agency"], i["source"]) for i in items] == [("north", None), ("council", None)]
    before = json.loads(run("status", "-f", "json", "--data", str(data), "--as-of",
                            "2025-01-09").stdout)["items"]  # fmt: skip
    assert before[0]["source"] == SOURCE
