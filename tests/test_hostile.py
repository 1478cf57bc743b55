"""Hostile and broken input: never a crash, a hang, a leak or a lost byte.

Every data repo under tests/cases/hostile/ (named <class>--<case>) is run through
every command as a user would. Each must end with exit 0 or 1, the findings its
expected.txt names (rule, file, line, column), no traceback, one-line records, and not a
byte changed under data/.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from tests.conftest import AS_OF, CASES, run

HOSTILE = sorted(p for p in (CASES / "hostile").iterdir() if p.is_dir())
COMMANDS = (
    ("validate",), ("validate", "-f", "github"), ("status",), ("status", "-f", "json"),
    ("status", "-f", "csv"), ("status", "-f", "markdown"), ("overdue",), ("report",),
    ("report", "--audience", "internal"), ("show", "rec-1"),
)  # fmt: skip


def _snapshot(folder: Path) -> dict[str, bytes | str]:
    out: dict[str, bytes | str] = {}
    for path in sorted(folder.rglob("*")):
        key = str(path.relative_to(folder))
        if path.is_symlink():
            out[key] = "-> " + os.readlink(path)
        elif path.is_file():
            out[key] = path.read_bytes()
    return out


def test_the_corpus_covers_every_class() -> None:
    classes = {p.name.split("--")[0] for p in HOSTILE}
    assert classes >= {"structure", "encoding", "typing", "dates", "references", "files", "size",
                       "injection", "sensitivity"}  # fmt: skip
    assert len(HOSTILE) >= 60


@pytest.mark.parametrize("case", HOSTILE, ids=lambda p: p.name)
def test_hostile_case(case: Path) -> None:
    data = case / "data"
    before = _snapshot(case)
    started = time.monotonic()
    result = run("validate", "--data", str(data), "--as-of", AS_OF, "-f", "json")
    payload = json.loads(result.stdout)
    found = sorted(
        f"{f['rule']} {f['file']}:{f['line']}:{f['column']}" for f in payload["findings"]
    )
    assert found == sorted((case / "expected.txt").read_text().splitlines())
    assert result.exit_code == (1 if payload["errors"] else 0)
    for command in COMMANDS:
        other = run(*command, "--data", str(data), "--as-of", AS_OF)
        assert other.exit_code in (0, 1), (command, other.stderr)
        assert "Traceback" not in other.stdout + other.stderr
        assert "\x1b" not in other.stdout + other.stderr
    assert time.monotonic() - started < 60  # a hang would be far longer; CI would time out
    assert _snapshot(case) == before


def test_text_findings_are_one_line_each() -> None:
    data = CASES / "hostile" / "injection--key-with-newline" / "data"
    lines = run("validate", "--data", str(data), "--as-of", AS_OF).stdout.splitlines()
    assert len(lines) == 2
    assert all(line.startswith("data/") for line in lines)


def test_github_annotations_cannot_be_forged() -> None:
    data = CASES / "hostile" / "injection--key-with-newline" / "data"
    out = run("validate", "--data", str(data), "--as-of", AS_OF, "-f", "github").stdout
    starts = sorted(line.split(" ", 1)[0] for line in out.splitlines())
    assert starts == ["::error", "::warning", "inspcheck:"]
    assert "%0A::error file=forged" in out


def test_rich_markup_in_data_is_shown_not_obeyed() -> None:
    data = CASES / "hostile" / "injection--rich-markup" / "data"
    shown = run("show", "rec-1", "--data", str(data), "--as-of", AS_OF).stdout
    assert "[bold red]ALERT[/bold red] [link=http://x]click[/link]" in shown
    table = run("status", "--data", str(data), "--as-of", AS_OF).stdout
    assert (
        "Position at 1 January 2025 - [bold red]ALERT[/bold red] [link=http://x]click[/link]"
        in (table.replace("\n", " "))
    )


def test_markdown_outputs_keep_hostile_text_inside_its_cell() -> None:
    data = CASES / "hostile" / "injection--markdown-table-breaker" / "data"
    for command in (("status", "-f", "markdown"), ("report", "--audience", "internal")):
        # 1 June 2025: the recommendation is due soon, so the paper lists it as an exception
        out = run(*command, "--data", str(data), "--as-of", "2025-06-01").stdout
        assert "<script>" not in out
    assert "x \\| y \\| \\| --- \\| &lt;script&gt;" in out  # the paper's exceptions


def test_spreadsheet_formula_is_plain_text_in_csv() -> None:
    data = CASES / "hostile" / "injection--spreadsheet-formula" / "data"
    out = run("status", "-f", "csv", "--data", str(data), "--as-of", AS_OF).stdout
    assert "'=HYPERLINK" in out
    assert ",=HYPERLINK" not in out and ',"=HYPERLINK' not in out


def test_only_web_links_become_links() -> None:
    data = CASES / "hostile" / "injection--javascript-url" / "data"
    out = run("report", "--data", str(data), "--as-of", AS_OF).stdout
    assert "javascript:" not in out


@pytest.mark.parametrize("case", ["sensitivity--sensitive-status-not-echoed",
                                  "sensitivity--sensitive-date-not-echoed"])  # fmt: skip
def test_findings_never_echo_an_official_sensitive_value(case: Path) -> None:
    data = CASES / "hostile" / case / "data"
    for fmt in ("text", "json", "github"):
        out = run("validate", "--data", str(data), "--as-of", AS_OF, "-f", fmt).stdout
        assert "CANARY" not in out
        assert "withheld" in out or "not valid" in out


def _minimal(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    source = CASES / "valid" / "minimal" / "data"
    for path in source.rglob("*.yaml"):
        target = data / path.relative_to(source)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(path.read_bytes())
    return data


def test_a_fifo_named_like_a_file_is_refused_not_read(tmp_path: Path) -> None:
    data = _minimal(tmp_path)
    os.mkfifo(data / "responses" / "pipe.yaml")  # reading it would block for ever
    result = run("validate", "--data", str(data), "--as-of", AS_OF)
    assert result.exit_code == 1
    assert "data/responses/pipe.yaml:1:1: error not-a-file:" in result.stdout


def test_a_huge_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    data = _minimal(tmp_path)
    with (data / "responses" / "huge.yaml").open("wb") as handle:
        handle.truncate(17 * 1024 * 1024)
    result = run("validate", "--data", str(data), "--as-of", AS_OF)
    assert "data/responses/huge.yaml:1:1: error file-too-large:" in result.stdout


def test_a_file_name_with_a_line_break_cannot_forge_output(tmp_path: Path) -> None:
    data = _minimal(tmp_path)
    (data / "responses" / "x\n::error file=forged::y.yaml").write_text("version: 2\n")
    out = run("validate", "--data", str(data), "--as-of", AS_OF, "-f", "github").stdout
    assert not any(line.startswith("::error file=forged") for line in out.splitlines())
    text = run("validate", "--data", str(data), "--as-of", AS_OF).stdout
    assert all(line.startswith("data/") for line in text.splitlines())
