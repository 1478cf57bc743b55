"""The registers the benchmark times are registers as SPEC.md describes them.

Timing itself lives in bench/run.py, never here: this only checks what is timed.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from inspcheck.pipeline import check
from inspcheck.yamllines import read_common
from inspcheck.yamlread import MAX_DEPTH, MAX_VALUE_CHARS
from tests.conftest import REPO

sys.path.insert(0, str(REPO / "bench"))
import synth


def test_the_small_synthetic_register_validates_and_takes_the_line_reader(tmp_path: Path) -> None:
    data = synth.write("small", tmp_path)
    day = date(2025, 1, 1)
    checked = check(data, day, day)
    assert not checked.has_errors
    assert len(checked.assessment.obligations) == 5 * 50
    files = sorted(data.rglob("*.yaml"))
    assert len(files) == 6
    assert all(read_common(f.read_text(), MAX_DEPTH, MAX_VALUE_CHARS) for f in files)


def test_the_synthetic_tracker_imports_as_a_register_that_validates(tmp_path: Path) -> None:
    from tests.conftest import run

    tracker = synth.tracker(tmp_path, rows=50)
    data = str(tmp_path / "data")
    result = run("import", str(tracker), "--inspection", "tracker-2025", "--as-at", "2025-06-30",
                 "--data", data)  # fmt: skip
    assert result.exit_code == 0, result.stdout + result.stderr
    checked = check(tmp_path / "data", date(2025, 7, 1), date(2025, 7, 1))
    assert not checked.has_errors
    assert len(checked.register.recommendations) == 50
    assert sum(len(r.extensions) for r in checked.register.responses.values()) == 5
