"""status, overdue and show as users call them: filters, --fail-on, colour, files."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import CASES, run

DATA = str(CASES / "report" / "partnership" / "data")
AT = ("--data", DATA, "--as-of", "2025-02-01")


def test_fail_on_overdue_exits_1_and_names_the_items() -> None:
    result = run("status", *AT, "--fail-on", "overdue")
    assert result.exit_code == 1
    assert result.stderr == "inspcheck: 2 items overdue: cse-r1 (east), jtai-afi2 (council)\n"
    assert result.stdout.startswith("Position at 1 February 2025")


def test_fail_on_a_condition_nobody_meets_exits_0() -> None:
    assert run("status", *AT, "--fail-on", "due-soon").exit_code == 0


def test_fail_on_several_conditions() -> None:
    result = run("status", *AT, "--fail-on", "due-soon", "--fail-on", "stale")
    assert result.exit_code == 1
    assert result.stderr.startswith("inspcheck: 3 items stale: ")


def test_filters_select_obligations_and_rescore() -> None:
    payload = json.loads(run("status", *AT, "--agency", "east", "-f", "json").stdout)
    assert {i["agency"] for i in payload["items"]} == {"east"}
    assert payload["summary"]["obligations"] == 2
    themed = json.loads(run("status", *AT, "--theme", "cse", "-f", "json").stdout)
    assert {i["recommendation"] for i in themed["items"]} == {"cse-r1", "cse-r2"}
    inspection = json.loads(run("status", *AT, "--inspection", "jtai", "-f", "json").stdout)
    assert [x["id"] for x in inspection["inspections"]] == ["jtai"]


def test_an_unknown_filter_is_a_usage_error_with_a_suggestion() -> None:
    result = run("status", *AT, "--agency", "eest")
    assert result.exit_code == 2
    assert (
        result.stderr
        == "inspcheck: error: no agency 'eest' in the register; did you mean 'east'?\n"
    )


def test_colour_only_when_asked_for() -> None:
    assert "\x1b[" not in run("status", *AT).stdout
    assert "\x1b[" in run("status", *AT, env={"FORCE_COLOR": "1"}).stdout


def test_output_file(tmp_path: Path) -> None:
    target = tmp_path / "status.csv"
    assert run("status", *AT, "-f", "csv", "-o", str(target)).exit_code == 0
    assert target.read_text().startswith("recommendation,agency,inspection,title,status,rag")


def test_overdue_json_is_most_overdue_first() -> None:
    payload = json.loads(run("overdue", *AT, "-f", "json").stdout)
    assert [(i["recommendation"], i["days_overdue"]) for i in payload["items"]] == [
        ("cse-r1", 32), ("jtai-afi2", 1)]  # fmt: skip
    assert payload["version"] == 1 and payload["as_of"] == "2025-02-01"


def test_show_unknown_recommendation_is_a_usage_error() -> None:
    result = run("show", "cse-r3", *AT)
    assert result.exit_code == 2
    assert "did you mean" in result.stderr


def test_commands_print_findings_instead_of_results_when_the_data_has_errors() -> None:
    broken = str(CASES / "invalid" / "us-date" / "data")
    for command in ("status", "overdue", "report"):
        result = run(command, "--data", broken)
        assert result.exit_code == 1
        assert result.stdout.startswith("data/recommendations.yaml:21:10: error invalid-value:")


def test_version() -> None:
    from inspcheck import __version__

    assert run("--version").stdout == f"inspcheck {__version__}\n"
