"""Every example data repo under tests/cases, run through `inspcheck validate` as a user would.

Each case's expected.txt names every finding as `rule file:line:column`: the column is
where the finding points, the value at fault (or the entry, for a missing key)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import AS_OF, CASES, REPO, run


def _cases(kind: str) -> list[Path]:
    return sorted(p for p in (CASES / kind).iterdir() if p.is_dir())


def _found(case: Path, *extra: str) -> tuple[int, list[str], dict]:  # type: ignore[type-arg]
    result = run("validate", "--data", str(case / "data"), "--as-of", AS_OF, "-f", "json", *extra)
    payload = json.loads(result.stdout)
    found = sorted(
        f"{f['rule']} {f['file']}:{f['line']}:{f['column']}" for f in payload["findings"]
    )
    return result.exit_code, found, payload


def _expected(case: Path) -> list[str]:
    return sorted((case / "expected.txt").read_text().splitlines())


@pytest.mark.parametrize("case", _cases("valid"), ids=lambda p: p.name)
def test_valid_case_has_no_findings(case: Path) -> None:
    code, found, _ = _found(case)
    assert (code, found) == (0, [])


@pytest.mark.parametrize("case", _cases("invalid"), ids=lambda p: p.name)
def test_invalid_case_reports_exactly_its_findings(case: Path) -> None:
    code, found, payload = _found(case)
    assert found == _expected(case)
    assert code == 1
    assert payload["errors"] >= 1


@pytest.mark.parametrize("case", _cases("warnings"), ids=lambda p: p.name)
def test_warnings_pass_unless_strict(case: Path) -> None:
    code, found, payload = _found(case)
    assert (code, found, payload["errors"]) == (0, _expected(case), 0)
    strict_code, _, _ = _found(case, "--strict")
    assert strict_code == 1


def test_every_loading_and_cross_file_rule_has_an_invalid_case() -> None:
    rules = {line.split()[0] for case in _cases("invalid") for line in _expected(case)}
    assert rules >= {
        "yaml-syntax", "yaml-anchor", "yaml-alias", "yaml-tag", "yaml-merge-key", "duplicate-key",
        "tab-indent", "control-character", "encoding", "empty-file", "not-a-mapping",
        "multiple-documents", "conflict-marker", "symlink", "not-a-file", "missing-register",
        "missing-key", "unknown-key", "unknown-value", "invalid-value", "duplicate-id",
        "unknown-inspection", "unknown-agency", "unknown-agency-kind", "unknown-recommendation",
        "not-owner", "duplicate-response", "duplicate-responses-file", "future-update",
    }  # fmt: skip


def test_bundled_register_validates() -> None:
    result = run("validate", "--data", str(REPO / "data"))
    assert result.exit_code == 0
    assert " error " not in result.stdout


@pytest.mark.parametrize("kind", ["warnings", "invalid"])
def test_commands_that_show_only_errors_find_the_same_errors_without_warnings(kind: str) -> None:
    from datetime import date

    from inspcheck.pipeline import check

    day = date.fromisoformat(AS_OF)
    warned = False
    for case in _cases(kind):
        full = check(case / "data", day, day, warnings=True).findings
        errors_only = check(case / "data", day, day, warnings=False).findings
        assert errors_only == [f for f in full if f.is_error]
        warned |= len(errors_only) < len(full)
    assert warned or kind == "invalid"  # the warning cases do warn when asked
