"""The benchmark: inspcheck against the floor of reading the same YAML, in one run.

    python bench/run.py [--sizes small,medium,large] [--runs 5]

Builds each synthetic register (bench/synth.py) in a temporary folder, then times
whole processes, several runs each, and prints a markdown table of medians,
spreads, ratios to the baselines measured in the same run, and peak memory.
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
import synth  # noqa: E402

PY = sys.executable
AS_OF = "2025-01-01"
YAML_FILES = "import glob; files = sorted(glob.glob('data/**/*.yaml', recursive=True))\n"
BASELINES = {
    "python -c pass": [PY, "-c", "pass"],
    "bare typer app --version": [PY, "-c", (
        "import typer\napp = typer.Typer()\n@app.command()\ndef main(version: bool = False):\n"
        "    print('1')\napp()"), "--version"],
    "yaml.load, CSafeLoader": [PY, "-c", YAML_FILES + (
        "import yaml\nfor f in files:\n    yaml.load(open(f, encoding='utf-8'), Loader=yaml.CSafeLoader)")],
    "libyaml event parse": [PY, "-c", YAML_FILES + (
        "import yaml\nfor f in files:\n"
        "    for _ in yaml.parse(open(f, encoding='utf-8'), Loader=yaml.CSafeLoader): pass")],
}  # fmt: skip
INSPCHECK = [PY, "-m", "inspcheck"]
COMMANDS = {
    "inspcheck --version": [*INSPCHECK, "--version"],
    "inspcheck --help": [*INSPCHECK, "--help"],
    "inspcheck validate": [*INSPCHECK, "validate", "--as-of", AS_OF],
    "inspcheck status -f json": [*INSPCHECK, "status", "-f", "json", "--as-of", AS_OF],
    "inspcheck report": [*INSPCHECK, "report", "--as-of", AS_OF],
}


@dataclass(frozen=True)
class Timing:
    median: float
    spread: float  # max - min
    peak_mib: float


def measure(argv: list[str], cwd: Path, runs: int) -> Timing:
    seconds, peaks = [], []
    env = {**os.environ, "NO_COLOR": "1"}
    for _ in range(runs):
        start = time.perf_counter()
        proc = subprocess.Popen(argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)  # fmt: skip
        _, status, usage = os.wait4(proc.pid, 0)
        seconds.append(time.perf_counter() - start)
        peaks.append(usage.ru_maxrss / 1024)
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode not in (0, 1):
            raise SystemExit(f"{' '.join(argv)} failed with exit code {proc.returncode}")
    return Timing(statistics.median(seconds), max(seconds) - min(seconds), max(peaks))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="small,medium,large")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    sizes = args.sizes.split(",")
    rows: list[tuple[str, str, Timing]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            folder = Path(tmp) / size
            synth.write(size, folder)
            runs = max(1, args.runs if size != "large" else min(args.runs, 3))
            for name, argv in {**BASELINES, **COMMANDS}.items():
                if size != sizes[0] and name in ("python -c pass", "bare typer app --version",
                                                 "inspcheck --version", "inspcheck --help"):
                    continue  # start-up does not depend on the register
                rows.append((size, name, measure(argv, folder, runs)))
                print(f"  {size:6} {name:28} {rows[-1][2].median:7.3f} s", file=sys.stderr)
    print(table(rows))


def table(rows: list[tuple[str, str, Timing]]) -> str:
    by = {(size, name): t for size, name, t in rows}
    first = rows[0][0]
    lines = [
        "| size | command | median s | spread s | peak MiB | × event parse | × CSafeLoader "
        "| × bare typer |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for size, name, t in rows:
        events = by[(size, "libyaml event parse")].median
        loader = by[(size, "yaml.load, CSafeLoader")].median
        typer_ = by[(first, "bare typer app --version")].median
        lines.append(
            f"| {size} | {name} | {t.median:.3f} | {t.spread:.3f} | {t.peak_mib:.0f} "
            f"| {t.median / events:.2f} | {t.median / loader:.2f} | {t.median / typer_:.2f} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    main()
