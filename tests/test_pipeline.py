"""One pass over a data repo leaves the interpreter as it found it; the collector policy is
the command line's alone."""

from __future__ import annotations

import gc
import subprocess
import sys
from datetime import date

from inspcheck.pipeline import check
from tests.conftest import REPO, run

DAY = date(2024, 7, 1)


def test_checking_changes_nothing_in_the_process() -> None:
    for enabled in (True, False):
        (gc.enable if enabled else gc.disable)()
        try:
            frozen = gc.get_freeze_count()
            assert check(REPO / "data", DAY, DAY).assessment.obligations
            assert gc.isenabled() is enabled
            assert gc.get_freeze_count() == frozen
        finally:
            gc.enable()


def test_the_command_line_runs_with_the_collector_off() -> None:
    code = ("import gc, sys\nfrom inspcheck.cli import main\n"
            "sys.argv = ['inspcheck', 'validate', '--data', sys.argv[1]]\n"
            "try:\n    main()\nexcept SystemExit:\n"
            "    print('collector on:', gc.isenabled())")  # fmt: skip
    done = subprocess.run([sys.executable, "-c", code, str(REPO / "data")],
                          capture_output=True, text=True, check=True)  # fmt: skip
    assert done.stdout.splitlines()[-1] == "collector on: False"


def test_debug_shows_the_traceback_of_an_internal_error(monkeypatch: object) -> None:
    import pytest

    import inspcheck.pipeline

    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("an internal error")

    monkeypatch.setattr(inspcheck.pipeline, "check", boom)  # type: ignore[attr-defined]
    with pytest.raises(RuntimeError, match="an internal error"):
        run("--debug", "validate", "--data", str(REPO / "data"))
    quiet = run("validate", "--data", str(REPO / "data"))
    assert (quiet.exit_code, quiet.stderr) == (2, "inspcheck: internal error (RuntimeError); "
                                                  "please report it, re-run with --debug for "
                                                  "detail\n")  # fmt: skip
