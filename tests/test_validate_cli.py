"""`inspcheck validate` as users and CI see it: formats, exit codes, one-line failures."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import AS_OF, CASES, run

US_DATE = CASES / "invalid" / "us-date" / "data"
MINIMAL = CASES / "valid" / "minimal" / "data"


def test_text_finding_names_file_line_column_and_what_to_do() -> None:
    result = run("validate", "--data", str(US_DATE), "--as-of", AS_OF)
    assert result.exit_code == 1
    assert result.stdout == (
        "data/recommendations.yaml:21:10: error invalid-value: '06/30/2025' looks like a "
        "US-style month/day date; dates are day first: write 30/06/2025 if you mean "
        "30 June 2025\n"
    )
    assert result.stderr == "inspcheck: 1 error(s), 0 warning(s)\n"


def test_json_shape() -> None:
    result = run("validate", "--data", str(US_DATE), "--as-of", AS_OF, "--format", "json")
    payload = json.loads(result.stdout)
    assert payload["version"] == 1
    assert (payload["errors"], payload["warnings"]) == (1, 0)
    assert set(payload["findings"][0]) == {"file", "line", "column", "rule", "severity", "message"}


def test_github_annotations_escape_as_the_toolkit_does(tmp_path: Path) -> None:
    data = tmp_path / "da:ta,1"
    data.mkdir()
    (data / "recommendations.yaml").write_text("version: 1\nagencies: 5\n")
    result = run("validate", "--data", str(data), "-f", "github")
    assert result.stdout.splitlines() == [
        "::error file=da%3Ata%2C1/recommendations.yaml,line=2,col=11,title=invalid-value"
        "::'agencies' should be a list ('- item' lines, or [a, b])",
        "inspcheck: 1 error(s), 0 warning(s)",
    ]


def test_clean_repo_exits_zero_and_prints_nothing_on_stdout() -> None:
    result = run("validate", "--data", str(MINIMAL), "--as-of", AS_OF)
    assert (result.exit_code, result.stdout) == (0, "")


def test_data_from_environment_variable() -> None:
    result = run("validate", "--as-of", AS_OF, env={"INSPCHECK_DATA": str(US_DATE)})
    assert result.exit_code == 1


def test_missing_data_folder_is_exit_2_with_one_line(tmp_path: Path) -> None:
    result = run("validate", "--data", str(tmp_path / "nowhere"))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1
    assert "no data folder" in result.stderr


def test_bad_as_of_is_a_usage_error() -> None:
    result = run("validate", "--data", str(MINIMAL), "--as-of", "12/31/2024")
    assert result.exit_code == 2
    assert "day first" in result.stderr


def test_unknown_format_is_a_usage_error() -> None:
    assert run("validate", "--data", str(MINIMAL), "-f", "xml").exit_code == 2


def test_reading_changes_no_byte(tmp_path: Path) -> None:
    before = {p: p.read_bytes() for p in MINIMAL.rglob("*") if p.is_file()}
    run("validate", "--data", str(MINIMAL))
    assert {p: p.read_bytes() for p in MINIMAL.rglob("*") if p.is_file()} == before


def test_internal_error_is_one_line_without_traceback(monkeypatch: object) -> None:
    import inspcheck.pipeline

    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("secret value from a data file")

    monkeypatch.setattr(inspcheck.pipeline, "check", boom)  # type: ignore[attr-defined]
    result = run("validate", "--data", str(MINIMAL))
    assert result.exit_code == 2
    assert result.stderr == (
        "inspcheck: internal error (RuntimeError); please report it, "
        "re-run with --debug for detail\n"
    )
