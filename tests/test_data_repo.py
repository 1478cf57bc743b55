"""Where the data lives: `init`, the GitHub workflow, the pre-commit hook, the editors' schemas."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from inspcheck.schemas import render_all
from tests.conftest import REPO, run


@pytest.fixture
def started(tmp_path: Path) -> Path:
    result = run("init", str(tmp_path / "register"))
    assert result.exit_code == 0, result.stderr
    return tmp_path / "register"


def test_init_gives_a_repo_that_validates_at_once(started: Path) -> None:
    assert run("validate", "--data", str(started / "data"), "--as-of", "2025-01-15").exit_code == 0
    assert run("validate", "--data", str(started / "data")).exit_code == 0
    assert {p.name: p.read_text() for p in (started / "schemas").iterdir()} == render_all()


def test_init_example_shows_each_feature(started: Path) -> None:
    status = run("status", "--data", str(started / "data"), "--as-of", "2025-01-15", "-f", "csv")
    flags = status.stdout
    for flag in ("slipped", "extension-pending", "recurring", "unpublished"):
        assert flag in flags
    for status_name in ("verified", "complete", "in-progress", "not-accepted"):
        assert f",{status_name}," in flags


def test_every_data_file_names_its_schema(started: Path) -> None:
    for path in (started / "data").rglob("*.yaml"):
        first = path.read_text().splitlines()[0]
        match = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
        assert match, path
        assert (path.parent / match[1]).resolve().is_file()


def test_init_refuses_to_overwrite_anything(started: Path) -> None:
    readme = started / "README.md"
    readme.write_text("ours\n")
    (started / "data" / "recommendations.yaml").unlink()
    result = run("init", str(started))
    assert result.exit_code == 2
    assert readme.read_text() == "ours\n"
    assert not (started / "data" / "recommendations.yaml").exists()


def test_workflow_validates_on_change_and_reports_weekly(started: Path) -> None:
    workflow = yaml.safe_load((started / ".github/workflows/inspcheck.yml").read_text())
    triggers = workflow[True]  # PyYAML reads the key `on` as true
    assert triggers["push"]["paths"][0] == triggers["pull_request"]["paths"][0] == "data/**"
    assert triggers["schedule"] == [{"cron": "0 6 * * 1"}]
    runs = [step.get("run", "") for step in workflow["jobs"]["inspcheck"]["steps"]]
    assert "inspcheck validate --format github" in runs
    assert 'inspcheck status --format markdown >> "$GITHUB_STEP_SUMMARY"' in runs


def test_hook_definitions_agree() -> None:
    (hook,) = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
    assert hook["id"] == "inspcheck-validate"
    assert (hook["entry"], hook["pass_filenames"], hook["files"]) == (
        "inspcheck validate", False, "^data/")  # fmt: skip


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.email=ci@example.org", "-c", "user.name=ci", *args],
                   cwd=repo, check=True, capture_output=True)  # fmt: skip


def test_pre_commit_hook_passes_good_data_and_fails_broken_data(
    started: Path, tmp_path: Path
) -> None:
    """pre-commit try-repo installs this project as a hook, as a user's pre-commit would."""
    _git(started, "init", "-q")
    _git(started, "add", ".")
    _git(started, "commit", "-qm", "start")
    env = {"PRE_COMMIT_HOME": str(tmp_path / "cache"), "PATH": "/usr/bin:/bin",
           "HOME": str(tmp_path)}  # fmt: skip

    def hook() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "pre_commit", "try-repo", str(REPO), "inspcheck-validate",
             "--all-files"],
            cwd=started, env=env, capture_output=True, text=True, timeout=600,
        )  # fmt: skip

    good = hook()
    assert good.returncode == 0, good.stdout + good.stderr
    assert "inspcheck validate" in good.stdout and "Passed" in good.stdout
    broken = started / "data" / "responses" / "south-police.yaml"
    broken.write_text(broken.read_text().replace("to: 31 March 2025", "to: 03/31/2025"))
    bad = hook()
    assert bad.returncode == 1
    assert "data/responses/south-police.yaml:11:13: error invalid-value" in bad.stdout
    assert "US-style" in bad.stdout
