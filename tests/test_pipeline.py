"""One pass over a data repo leaves the interpreter as it found it."""

from __future__ import annotations

import gc
from datetime import date

from inspcheck.pipeline import check, collector_paused
from tests.conftest import REPO


def test_the_collector_is_paused_while_checking_and_running_after() -> None:
    assert gc.isenabled()
    frozen = gc.get_freeze_count()
    with collector_paused():
        assert not gc.isenabled()
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
        assert gc.get_freeze_count() == frozen  # the inner pause froze nothing
        kept = [[n] for n in range(1000)]
    assert gc.isenabled()
    assert gc.get_freeze_count() >= frozen + len(kept)  # what was made is frozen once


def test_a_collector_paused_by_the_caller_stays_paused() -> None:
    gc.disable()
    try:
        frozen = gc.get_freeze_count()
        checked = check(REPO / "data", date(2024, 7, 1), date(2024, 7, 1))
        assert not gc.isenabled()
        assert gc.get_freeze_count() == frozen
        assert checked.assessment.obligations
    finally:
        gc.enable()
    day = date(2024, 7, 1)
    assert check(REPO / "data", day, day).assessment.obligations
    assert gc.isenabled()
