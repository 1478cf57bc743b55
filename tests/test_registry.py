"""Every rule is declared once, in the registry: what docs/rules.md lists, what the test
cases expect, what the loader and the rules report, and what `validate --list-rules`
prints are all that one list."""

from __future__ import annotations

import re
from datetime import date

from inspcheck.pipeline import check
from inspcheck.registry import RULES, Group
from tests.conftest import CASES, REPO, run

SECTIONS = {
    "Reading the files": Group.READING, "Keys and values": Group.KEYS,
    "Between files": Group.BETWEEN, "Attention": Group.ATTENTION,
    "Importing a tracker": Group.IMPORT,
}  # fmt: skip


def _documented() -> dict[Group, set[str]]:
    """The rule ids of each section's table: the first column's backticked words."""
    found: dict[Group, set[str]] = {}
    group = None
    for line in (REPO / "docs" / "rules.md").read_text("utf-8").splitlines():
        if line.startswith("## "):
            group = next((g for title, g in SECTIONS.items() if line[3:].startswith(title)), None)
        elif group is not None and line.startswith("| `"):
            first = line.split("|")[1]
            found.setdefault(group, set()).update(re.findall(r"`([a-z-]+)`", first))
    return found


def test_docs_rules_md_lists_exactly_the_registry_by_group() -> None:
    declared: dict[Group, set[str]] = {}
    for rule in RULES.values():
        declared.setdefault(rule.group, set()).add(rule.id)
    assert _documented() == declared


def test_the_severity_of_each_documented_import_rule_is_the_registry_s() -> None:
    text = (REPO / "docs" / "rules.md").read_text("utf-8")
    rows = re.findall(r"^\| `([a-z-]+)` \| (error|warning) \|", text, re.M)
    assert rows and all(RULES[rule].severity == severity for rule, severity in rows)


def test_every_rule_the_cases_expect_or_report_is_declared() -> None:
    expected = {line.split()[0] for path in CASES.rglob("expected.txt")
                for line in path.read_text("utf-8").splitlines() if line.strip()}  # fmt: skip
    assert expected <= set(RULES)
    day = date(2025, 1, 1)
    reported = {f.rule for data in CASES.rglob("data") if data.is_dir()
                for f in check(data, day, day).findings}  # fmt: skip
    assert len(reported) > 30 and reported <= set(RULES)


def test_list_rules_prints_each_rule_once_with_its_severity() -> None:
    result = run("validate", "--list-rules")
    assert result.exit_code == 0
    listed = re.findall(r"^  ([a-z-]+) +(error|warning) ", result.stdout, re.M)
    assert sorted(rule for rule, _ in listed) == sorted(RULES)
    assert dict(listed)["stale"] == "warning" and dict(listed)["yaml-syntax"] == "error"
    assert (
        "  no-due-date                  warning  TBC, No deadline, N/A: taken as no due "
        "date\n" in result.stdout
    )
