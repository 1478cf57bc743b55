"""Every output format, byte for byte, at a fixed as-of date.

The expected outputs live in tests/golden/. After an intended change of output,
regenerate them on purpose with INSPCHECK_REGENERATE_GOLDEN=1 and read the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import CASES, REPO, run

GOLDEN = Path(__file__).parent / "golden"
BUNDLED = str(REPO / "data")
PARTNERSHIP = str(CASES / "report" / "partnership" / "data")

OUTPUTS: dict[str, tuple[str, ...]] = {
    "bundled-status-table.txt": ("status", "--data", BUNDLED, "--as-of", "2025-06-30"),
    "bundled-status-1-july-2024.txt": ("status", "--data", BUNDLED, "--as-of", "1 July 2024"),
    "bundled-status.json": ("status", "--data", BUNDLED, "--as-of", "2025-06-30", "-f", "json"),
    "bundled-status.csv": ("status", "--data", BUNDLED, "--as-of", "2025-06-30", "-f", "csv"),
    "bundled-status.md": ("status", "--data", BUNDLED, "--as-of", "2025-06-30", "-f", "markdown"),
    "bundled-overdue-table.txt": ("overdue", "--data", BUNDLED, "--as-of", "2025-06-30"),
    "bundled-overdue.json": ("overdue", "--data", BUNDLED, "--as-of", "2025-06-30", "-f", "json"),
    "bundled-show.txt": ("show", "gbcse-2023-problem-profiles", "--data", BUNDLED,
                         "--as-of", "2025-06-30"),
    "bundled-validate.txt": ("validate", "--data", BUNDLED, "--as-of", "2025-06-30"),
    "partnership-status-table.txt": ("status", "--data", PARTNERSHIP, "--as-of", "2025-02-01"),
    "partnership-status.json": ("status", "--data", PARTNERSHIP, "--as-of", "2025-02-01",
                                "-f", "json"),
    "partnership-status.csv": ("status", "--data", PARTNERSHIP, "--as-of", "2025-02-01",
                               "-f", "csv"),
    "partnership-status.md": ("status", "--data", PARTNERSHIP, "--as-of", "2025-02-01",
                              "-f", "markdown"),
    "partnership-overdue-within.txt": ("overdue", "--data", PARTNERSHIP, "--as-of",
                                       "2025-02-01", "--within", "60"),
    "partnership-overdue-within.md": ("overdue", "--data", PARTNERSHIP, "--as-of",
                                      "2025-02-01", "--within", "60", "-f", "markdown"),
    "partnership-show.txt": ("show", "cse-r2", "--data", PARTNERSHIP, "--as-of", "2025-02-01"),
    "partnership-validate.txt": ("validate", "--data", PARTNERSHIP, "--as-of", "2025-02-01",
                                 "-f", "github"),
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(OUTPUTS))
def test_output_matches_golden(name: str) -> None:
    result = run(*OUTPUTS[name], env={"NO_COLOR": "1", "COLUMNS": "80"})
    assert result.exit_code in (0, 1)
    path = GOLDEN / name
    if os.environ.get("INSPCHECK_REGENERATE_GOLDEN"):
        path.parent.mkdir(exist_ok=True)
        path.write_text(result.stdout, encoding="utf-8", newline="")
    assert result.stdout == path.read_bytes().decode("utf-8")
