"""A partnership's first week: machine formats on bad data, the command line's rules, messages
that name the fix, and the two readings SPEC 3 settles. Each was a fault a new user met."""

from __future__ import annotations

import csv
import io
import json
import shutil
from datetime import date
from pathlib import Path

import pytest

from tests.conftest import AS_OF, CASES, REPO, run
from tests.test_assessment import one, register, update

BROKEN = CASES / "invalid" / "broken-entry-still-checked" / "data"
GOOD = CASES / "report" / "partnership" / "data"


@pytest.mark.parametrize("command", ["status", "overdue"])
def test_json_on_bad_data_is_the_validate_object(command: str) -> None:
    result = run(command, "--data", str(BROKEN), "--as-of", AS_OF, "-f", "json")
    assert result.exit_code == 1
    payload = json.loads(result.stdout)  # `| jq` works: stdout is JSON and nothing else
    assert payload["version"] == 1 and payload["errors"] == 8 == len(payload["findings"])
    assert set(payload["findings"][0]) == {"file", "line", "column", "rule", "severity",
                                           "message"}  # fmt: skip


@pytest.mark.parametrize("command", ["status", "overdue"])
def test_csv_on_bad_data_is_a_row_a_finding(command: str) -> None:
    result = run(command, "--data", str(BROKEN), "--as-of", AS_OF, "-f", "csv")
    assert result.exit_code == 1
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == ["file", "line", "column", "rule", "severity", "message"]
    assert rows[1][:5] == ["data/recommendations.yaml", "17", "5", "missing-key", "error"]
    assert len(rows) == 9


def test_text_lists_errors_before_warnings_each_in_file_order(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(CASES / "invalid" / "extension-not-later" / "data", data)
    lines = run("validate", "--data", str(data), "--as-of", AS_OF).stdout.splitlines()
    assert [line.split(": ")[1].split()[0] for line in lines] == ["error", "error", "warning"]
    assert [int(line.split(":")[1]) for line in lines] == [10, 16, 14]


def test_fail_on_takes_a_comma_list_and_repeats() -> None:
    args = ("status", "--data", str(GOOD), "--as-of", "2025-01-15", "-f", "json")
    assert run(*args, "--fail-on", "overdue,stale").exit_code == 1
    assert run(*args, "--fail-on", "due-soon", "--fail-on", "stale").exit_code == 1
    refused = run(*args, "--fail-on", "overdue,stal")
    assert refused.exit_code == 2
    assert refused.stderr == ("inspcheck: error: --fail-on: 'stal' is not a condition; did you "
                              "mean 'stale'? (one of overdue, due-soon, stale)\n")  # fmt: skip


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (("overdue", "--within", "soon"),
         "--within: 'soon' is not a number of days; write a whole number"),
        (("overdue", "--within", "-1"), "--within: '-1' is too small; the least is 0"),
        (("status", "-f", "jsn"), "--format: 'jsn' is not a choice here; did you mean 'json'?"),
        (("update", "r", "--agency", "a", "--status", "in progress", "--note", "n"),
         "--status: 'in progress' is not a choice here; did you mean 'in-progress'?"),
        (("status", "--bogus"), "no such option: --bogus"),
        (("update", "r"), "missing option '--agency'"),
    ],
)  # fmt: skip
def test_a_usage_error_is_one_line_naming_the_option_and_value(
    args: tuple[str, ...], line: str
) -> None:
    result = run(*args)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"inspcheck: error: {line}")
    assert result.stderr.count("\n") == 1 and "; see 'inspcheck " in result.stderr
    for wording in ("Value error", "Input should", "Usage:", "Traceback"):
        assert wording not in result.stderr


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("status: in progress", "unknown status 'in progress'; did you mean 'in-progress'?"),
        ("status: Complete", "did you mean 'complete'?"),
        ("marking: offical-sensitive", "did you mean 'official-sensitive'?"),
    ],
)
def test_every_closed_set_of_words_suggests(tmp_path: Path, value: str, message: str) -> None:
    data = tmp_path / "data"
    shutil.copytree(GOOD, data)
    path = data / "responses" / "east.yaml"
    key = value.split(":")[0]
    text = path.read_text()
    old = next(x for x in text.splitlines() if x.strip().startswith(f"{key}:")) if key in text \
        else "        status: in-progress"  # fmt: skip
    path.write_text(text.replace(old, old[: old.index(key)] + value, 1) if key in text else
                    text.replace(old, old + "\n        " + value, 1))  # fmt: skip
    result = run("validate", "--data", str(data), "--as-of", "2025-01-15")
    assert result.exit_code == 1
    assert message in result.stdout


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("recurs", "anually", "'anually' is not a recurrence; did you mean 'annually'?"),
        ("priority", "hihg", "did you mean 'high'?"),
        ("kind", "must do", "did you mean 'must-do'?"),
    ],
)
def test_recommendation_words_suggest(tmp_path: Path, key: str, value: str, message: str) -> None:
    data = tmp_path / "data"
    shutil.copytree(GOOD, data)
    path = data / "recommendations.yaml"
    text = path.read_text()
    anchor = "  - id: cse-r1\n"
    assert anchor in text
    if key == "kind":
        start = text.index(anchor)
        at = text.index("    kind: ", start)
        end = text.index("\n", at)
        path.write_text(text[:at] + f"    kind: {value}" + text[end:])
    else:
        path.write_text(text.replace(anchor, anchor + f"    {key}: {value}\n", 1))
    result = run("validate", "--data", str(data), "--as-of", "2025-01-15")
    assert result.exit_code == 1
    assert message in result.stdout


def test_missing_key_names_the_entry() -> None:
    out = run("validate", "--data", str(BROKEN), "--as-of", AS_OF).stdout
    assert ("data/recommendations.yaml:17:5: error missing-key: recommendation 'rec-1' is "
            "missing required key 'owners'; add it") in out  # fmt: skip


def test_missing_key_inside_an_update_names_update_and_response(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(GOOD, data)
    path = data / "responses" / "east.yaml"
    path.write_text(path.read_text().replace("        note: Analyst recruited.\n", "", 1))
    out = run("validate", "--data", str(data), "--as-of", "2025-01-15").stdout
    assert "update 1 of the response to 'cse-r1' is missing required key 'note'" in out


@pytest.mark.parametrize(
    ("text", "day"),
    [("31st March 2026", date(2026, 3, 31)), ("1st Jan 2025", date(2025, 1, 1)),
     ("2nd February 2024", date(2024, 2, 2)), ("3rd June 2024", date(2024, 6, 3)),
     ("11th May 2024", date(2024, 5, 11)), ("12th May 2024", date(2024, 5, 12)),
     ("13th May 2024", date(2024, 5, 13)), ("21st Sept 2023", date(2023, 9, 21)),
     ("22nd Dec 2023", date(2023, 12, 22)), ("23RD october 2023", date(2023, 10, 23))],
)  # fmt: skip
def test_ordinal_days(text: str, day: date) -> None:
    from inspcheck.dates import parse_date

    assert parse_date(text) == day


@pytest.mark.parametrize("text", ["31nd March 2026", "1th Jan 2025", "12nd May 2024", "3st/4/2024"])
def test_a_wrong_ordinal_is_refused(text: str) -> None:
    from inspcheck.dates import DateError, parse_date

    with pytest.raises(DateError):
        parse_date(text)


@pytest.mark.parametrize("value", ["~", "null", "NULL", ""])
def test_yaml_null_is_not_text(tmp_path: Path, value: str) -> None:
    data = tmp_path / "data"
    shutil.copytree(GOOD, data)
    path = data / "recommendations.yaml"
    text = path.read_text()
    line = next(x for x in text.splitlines() if x.startswith("    title: "))
    path.write_text(text.replace(line, f"    title: {value}".rstrip(), 1))
    result = run("validate", "--data", str(data), "--as-of", "2025-01-15", "-f", "json")
    (finding,) = [f for f in json.loads(result.stdout)["findings"] if f["severity"] == "error"]
    assert finding["rule"] == "empty-value"
    assert finding["message"].endswith("write the title")


def test_closed_from_not_accepted_counts_on_time() -> None:
    reg = register({"updates": [update("2024-10-01", "not-accepted"),
                                update("2025-01-10", "complete")]})  # fmt: skip
    o = one(reg, date(2025, 2, 1))
    assert o.closed_on == date(2025, 1, 10)
    assert assess_on_time(reg) == 1.0


def assess_on_time(reg: object) -> float | None:
    from inspcheck.assessment import assess

    return assess(reg, date(2025, 2, 1)).summary.on_time  # type: ignore[arg-type]


def test_rows_follow_the_register_not_the_first_obligation() -> None:
    from inspcheck.assessment import assess

    reg = register({"updates": [update("2025-01-10")]}, {"updates": [update("2025-01-10")]},
                   owners=("south", "north"))  # fmt: skip
    assert list(reg.agencies) == ["north", "south"]
    rows = [a.id for a, _ in assess(reg, date(2025, 2, 1)).by_agency]
    assert rows == ["north", "south"]


def test_init_into_this_folder_says_what_next_plainly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("init", "--install", "inspcheck==0.1.0")
    assert result.exit_code == 0
    assert result.stderr.endswith("next: inspcheck status\n")
    assert "cd ." not in result.stderr


def test_init_empty_gives_a_register_with_nothing_in_it_that_validates(tmp_path: Path) -> None:
    result = run("init", str(tmp_path / "r"), "--empty", "--install", "inspcheck==0.1.0")
    assert result.exit_code == 0, result.stderr
    data = tmp_path / "r" / "data"
    assert sorted(p.name for p in data.rglob("*.yaml")) == ["inspcheck.yaml",
                                                           "recommendations.yaml"]  # fmt: skip
    checked = run("validate", "--data", str(data), "-f", "json")
    assert (checked.exit_code, json.loads(checked.stdout)["findings"]) == (0, [])
    status = run("status", "--data", str(data), "-f", "json")
    assert json.loads(status.stdout)["summary"]["obligations"] == 0
    config = (tmp_path / "r" / ".pre-commit-config.yaml").read_text()
    assert 'additional_dependencies: ["inspcheck==0.1.0"]' in config


def test_update_date_defaults_to_as_of(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(GOOD, data)
    result = run("update", "cse-r1", "--agency", "north", "--status", "in-progress", "--note",
                 "n", "--as-of", "2025-01-07", "--data", str(data))  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert "      - date: 2025-01-07\n" in (data / "responses" / "north.yaml").read_text()


def test_the_paper_counts_in_words_that_agree(tmp_path: Path) -> None:
    none = run("report", "--data", str(CASES / "valid" / "minimal" / "data"), "--as-of",
               "2025-01-15").stdout  # fmt: skip
    assert "None of the register is withheld from this public paper" in none
    assert "Appendix A lists" not in none and "1 obligations" not in none
    data = tmp_path / "data"
    shutil.copytree(GOOD, data)
    path = data / "recommendations.yaml"
    path.write_text(path.read_text().replace("marking: official-sensitive", "marking: official"))
    one = run("report", "--data", str(data), "--as-of", "2025-01-15").stdout
    assert ("- 1 obligation is withheld from this public paper (official-sensitive, or from an "
            "unpublished inspection); Appendix A lists it by id.") in one  # fmt: skip
    assert "**1 inspection**" not in one and " 1 inspections" not in one


@pytest.mark.parametrize("width", [60, 64, 70, 72, 80])
def test_the_status_table_never_cuts_a_number_or_rag_word(width: int) -> None:
    """At any width down to 60 (tmux, a split pane), names wrap and the least needed
    columns go; every figure and RAG word is printed whole."""
    from inspcheck.pipeline import check
    from inspcheck.rendering.records import item
    from inspcheck.rendering.table import percent, status

    checked = check(REPO / "data", date(2025, 6, 1), date(2025, 6, 1))
    a = checked.assessment
    text = status(a, "Leeds Safeguarding Children Partnership", width)
    assert "…" not in text
    assert all(len(line) <= width for line in text.splitlines())
    for _, s in (*a.by_agency, *a.by_inspection):
        assert percent(s.completion) in text
    rows = [line.split() for line in text.splitlines()]
    for o in (x for x in a.obligations if str(x.rag) in ("red", "amber")):
        record = item(o)
        assert [str(o.rag), record["effective_due"] or "-"] in [r[:2] for r in rows]
        if o.days_overdue:
            assert any(r[:3] == [str(o.rag), record["effective_due"], str(o.days_overdue)]
                       for r in rows)  # fmt: skip
    assert "Completion" in text and "Days late" in text and "Done" not in text


def test_an_inspection_sharing_an_agency_id_leaves_the_agency_rows_in_order() -> None:
    """Ids are unique within agencies and within inspections, not across them."""
    from inspcheck import models
    from inspcheck.assessment import assess

    reg = register({"updates": [update("2025-01-10")]}, {"updates": [update("2025-01-10")]},
                   owners=("north", "south"))  # fmt: skip
    reg.inspections["north"] = models.Inspection(id="north", title="North", published="yes")
    rows = [a.id for a, _ in assess(reg, date(2025, 2, 1)).by_agency]
    assert rows == ["north", "south"]
