"""The benchmark: inspcheck against the floor of reading the same YAML, in one run.

    python bench/run.py [--sizes small,medium,large] [--runs 5]

Builds each synthetic register (bench/synth.py) in a temporary folder, then times
whole processes and prints a markdown table: median CPU seconds (user + system,
from each process's own resource usage) and wall seconds, the spread, peak memory,
and ratios to the baselines measured in the same run.

The machines this runs on are shared, and the same command's time varies by half
from one minute to the next. So the commands are measured in rounds, every
command once per round one after the other, and each ratio is paired: the ratio
of the two commands within a round, whose minute they share, then the median over
the rounds. The ratio of the two best times, as timeit would take it, follows in
brackets; one lucky run moves it, so it is the weaker of the two.
docs/performance.md keeps the latest table. Timing lives here, never in tests.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import synth

PY = sys.executable
AS_OF = "2025-01-01"
FILES = "import glob; files = sorted(glob.glob('data/**/*.yaml', recursive=True))\n"
TYPER_APP = (
    "import typer\napp = typer.Typer()\n@app.command()\ndef main(version: bool = False):\n"
    "    print('1')\napp()"
)
LOAD = (
    "import yaml\nfor f in files:\n"
    "    yaml.load(open(f, encoding='utf-8'), Loader=yaml.CSafeLoader)"
)
PARSE = (
    "import yaml\nfor f in files:\n"
    "    for _ in yaml.parse(open(f, encoding='utf-8'), Loader=yaml.CSafeLoader): pass"
)
EVENTS, LOADER, TYPER = "libyaml event parse", "yaml.load, CSafeLoader", "bare typer app --version"
VALIDATE = "inspcheck validate"
STATUS_JSON = "inspcheck status -f json"
STATUS_CSV, STATUS_XLSX = "inspcheck status -f csv", "inspcheck status -f xlsx -o status.xlsx"
STARTUP = {
    "python -c pass": [PY, "-c", "pass"],
    TYPER: [PY, "-c", TYPER_APP, "--version"],
    "inspcheck --version": [PY, "-m", "inspcheck", "--version"],
    "inspcheck --help": [PY, "-m", "inspcheck", "--help"],
}
REGISTER = {
    LOADER: [PY, "-c", FILES + LOAD],
    EVENTS: [PY, "-c", FILES + PARSE],
    VALIDATE: [PY, "-m", "inspcheck", "validate", "--as-of", AS_OF],
    STATUS_JSON: [PY, "-m", "inspcheck", "status", "-f", "json", "--as-of", AS_OF],
    "inspcheck report": [PY, "-m", "inspcheck", "report", "--as-of", AS_OF],
    "inspcheck report --quarters 0": [PY, "-m", "inspcheck", "report", "--quarters", "0",
                                      "--as-of", AS_OF],
    "inspcheck report -f html": [PY, "-m", "inspcheck", "report", "-f", "html", "-o",
                                 "paper.html", "--as-of", AS_OF],
    "inspcheck report -f docx": [PY, "-m", "inspcheck", "report", "-f", "docx", "-o",
                                 "paper.docx", "--as-of", AS_OF],
    "inspcheck calendar": [PY, "-m", "inspcheck", "calendar", "--as-of", AS_OF,
                           "-o", "deadlines.ics"],
    "inspcheck chase -f eml (every agency)": [PY, "-m", "inspcheck", "chase", "-f", "eml",
                                              "-o", "chasers", "--as-of", AS_OF],
    STATUS_CSV: [PY, "-m", "inspcheck", "status", "-f", "csv", "--as-of", AS_OF],
    STATUS_XLSX: [PY, "-m", "inspcheck", "status", "-f", "xlsx", "-o", "status.xlsx",
                  "--as-of", AS_OF],
}  # fmt: skip

# Import (SPEC 7): a 20,000-row tracker, against the reader library's bare read of it plus
# `validate` of the register the import makes (made once, before the rounds, in result/).
BARE_READ = "python-calamine: bare read of tracker.xlsx"
IMPORT = "inspcheck import tracker.xlsx --dry-run"
RESULT = "inspcheck validate (the import's result)"
IMPORT_ARGS = ["--inspection", "tracker-2025", "--as-at", "2025-06-30"]
TRACKER = {
    BARE_READ: [PY, "-c", "import python_calamine as pc\n"
                "pc.CalamineWorkbook.from_path('tracker.xlsx')"
                ".get_sheet_by_name('Action plan').to_python()"],
    IMPORT: [PY, "-m", "inspcheck", "import", "tracker.xlsx", "--dry-run", *IMPORT_ARGS],
    RESULT: [PY, "-m", "inspcheck", "validate", "--data", "result/data", "--as-of", "2025-07-01"],
}  # fmt: skip


@dataclass(frozen=True)
class Sample:
    cpu: float  # user + system seconds of the process
    wall: float
    peak_mib: float


def sample(argv: list[str], cwd: Path) -> Sample:
    env = {**os.environ, "NO_COLOR": "1"}
    start = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)  # fmt: skip
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"{' '.join(argv)} failed")
    return Sample(usage.ru_utime + usage.ru_stime, wall, usage.ru_maxrss / 1024)


def rounds(commands: dict[str, list[str]], cwd: Path, runs: int) -> list[dict[str, Sample]]:
    out = []
    for n in range(runs):
        out.append({name: sample(argv, cwd) for name, argv in commands.items()})
        print(f"  {cwd.name} round {n + 1}/{runs}", file=sys.stderr)
    return out


def rows(size: str, measured: list[dict[str, Sample]], typer: float | None) -> list[str]:
    lines = []
    for name in measured[0]:
        cpu = [r[name].cpu for r in measured]

        def ratio(base: str, r: list[dict[str, Sample]] = measured, n: str = name) -> str:
            """Paired: the ratio within each round, then the median of those, and the
            ratio of best times after it."""
            if base not in r[0]:
                return ""
            paired = statistics.median(x[n].cpu / x[base].cpu for x in r)
            best = min(x[n].cpu for x in r) / min(x[base].cpu for x in r)
            return f"{paired:.2f} ({best:.2f})"

        versus_typer = f"{min(cpu) / typer:.2f}" if typer else ""
        lines.append(
            f"| {size} | {name} | {min(cpu):.3f} | {statistics.median(cpu):.3f} "
            f"| {max(cpu) - min(cpu):.3f} "
            f"| {statistics.median(r[name].wall for r in measured):.3f} "
            f"| {max(r[name].peak_mib for r in measured):.0f} "
            f"| {ratio(EVENTS)} | {ratio(LOADER)} | {ratio(VALIDATE)} | {ratio(STATUS_JSON)} "
            f"| {ratio(TYPER) or versus_typer} |"
        )
    return lines


def paired(measured: list[dict[str, Sample]], name: str, base: str) -> float:
    """The median over the rounds of name's CPU time over base's."""
    return statistics.median(r[name].cpu / r[base].cpu for r in measured)


def import_cost(folder: Path, runs: int) -> list[str]:
    """Import's dry run against the budget of issue 14: 2 x (bare read + validate)."""
    synth.tracker(folder)
    result = folder / "result"
    synth.tracker(result, rows=0)  # the same register, then the tracker imported into it
    subprocess.run([PY, "-m", "inspcheck", "import", str(folder / "tracker.xlsx"),
                    *IMPORT_ARGS, "--data", str(result / "data")], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    measured = rounds(TRACKER, folder, runs)
    ratio = statistics.median(r[IMPORT].cpu / (r[BARE_READ].cpu + r[RESULT].cpu) for r in measured)
    peak = max(r[IMPORT].peak_mib for r in measured)
    return [*rows("tracker", measured, None), "",
            f"import --dry-run / (bare read + validate of the result): {ratio:.2f}, paired "
            f"(budget 2.00); import's peak memory {peak:.0f} MiB (budget 500)"]  # fmt: skip


def trend_cost(measured: list[dict[str, Sample]]) -> float:
    """What the paper's trend costs: report less report --quarters 0, over status."""
    return statistics.median(
        (r["inspcheck report"].cpu - r["inspcheck report --quarters 0"].cpu) / r[STATUS_JSON].cpu
        for r in measured
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sizes", default="small,medium,large")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    lines = [
        "| size | command | best CPU s | median CPU s | spread CPU s | median wall s | peak MiB "
        "| / event parse | / CSafeLoader | / validate | / status json | / bare typer |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    with tempfile.TemporaryDirectory() as tmp:
        start = Path(tmp) / "startup"
        synth.write("small", start)
        measured = rounds(STARTUP, start, args.runs)
        typer = min(r[TYPER].cpu for r in measured)
        lines += rows("-", measured, None)
        validate: dict[str, list[float]] = {}
        notes: list[str] = []
        for size in args.sizes.split(","):
            folder = Path(tmp) / size
            synth.write(size, folder)
            runs = args.runs if size != "large" else max(1, min(args.runs, 3))
            measured = rounds(REGISTER, folder, runs)
            validate[size] = [r[VALIDATE].cpu for r in measured]
            lines += rows(size, measured, typer)
            notes.append(f"{size}: the trend (report's 4 quarter ends) adds "
                         f"{trend_cost(measured):.2f} x status -f json, paired")  # fmt: skip
            notes.append(
                f"{size}: status -f xlsx / status -f csv: "
                f"{paired(measured, STATUS_XLSX, STATUS_CSV):.2f}, paired (budget 3.00)"
            )
        tracker = import_cost(Path(tmp) / "tracker", args.runs)
    print("\n".join(lines))
    print("\n" + "\n".join(notes))
    print("\n" + "\n".join(tracker))
    if "medium" in validate and "large" in validate:  # not in one round, so not paired
        medium, large = validate["medium"], validate["large"]
        by_medians = statistics.median(large) / statistics.median(medium)
        print(
            f"\nlarge / medium, validate: {by_medians:.2f} by medians "
            f"({min(large) / min(medium):.2f} by best times); the data is 4 x"
        )


if __name__ == "__main__":
    main()
