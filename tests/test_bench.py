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
