"""Before and after: does a change make `validate` slower against the floor of reading?

    git worktree add /tmp/before <commit>
    (cd /tmp/before && python3 -m venv .venv && .venv/bin/pip install -q -e .)
    python bench/compare.py /tmp/before/.venv/bin/python .venv/bin/python [--size medium]
        [--runs 21]

A refactoring is held to "the medium `validate` / event parse ratio must not rise".
Two separate `bench/run.py` runs answer that badly: the machines are shared, and
the same command's time moves by a tenth from one minute to the next, more than
the change being judged. So this runs the two checkouts' `validate` in the same
rounds as the libyaml event parse, which floor both ratios share, alternating
which of the two goes first, and prints each ratio paired within its round, and
in how many rounds the after was the faster of the two.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import synth
from run import AS_OF, FILES, PARSE, sample


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("before", help="the python of a venv holding the checkout before")
    parser.add_argument("after", help="the python of a venv holding the checkout after")
    parser.add_argument("--size", default="medium", choices=synth.SIZES)
    parser.add_argument("--runs", type=int, default=21)
    args = parser.parse_args()
    # absolute, not resolved: a venv's python is a link, and resolving it leaves the venv
    commands = {
        "event parse": [sys.executable, "-c", FILES + PARSE],
        "before": [os.path.abspath(args.before), "-m", "inspcheck", "validate", "--as-of", AS_OF],
        "after": [os.path.abspath(args.after), "-m", "inspcheck", "validate", "--as-of", AS_OF],
    }
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / args.size
        synth.write(args.size, folder)
        rounds = []
        for n in range(args.runs):
            order = ["event parse", "before", "after"][:: 1 if n % 2 == 0 else -1]
            rounds.append({name: sample(commands[name], folder).cpu for name in order})
            print(f"  round {n + 1}/{args.runs}", file=sys.stderr)
    floor = [r["event parse"] for r in rounds]
    for name in ("before", "after"):
        cpu = [r[name] for r in rounds]
        paired = statistics.median(r[name] / r["event parse"] for r in rounds)
        print(f"{name}: validate / event parse {paired:.3f} paired ({min(cpu) / min(floor):.3f} "
              f"by best times); CPU s median {statistics.median(cpu):.3f}, best {min(cpu):.3f}, "
              f"spread {max(cpu) - min(cpu):.3f}")  # fmt: skip
    faster = sum(r["after"] < r["before"] for r in rounds)
    change = statistics.median(r["after"] / r["before"] for r in rounds)
    print(f"after / before, paired: {change:.3f}; after faster in {faster} of {len(rounds)}")


if __name__ == "__main__":
    main()
