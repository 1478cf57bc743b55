"""A first-order mutation run: does the suite notice when the code that decides meaning is
changed by one operator, constant or statement?

    python tools/mutate.py src/inspcheck/assessment.py [--jobs 2] [--only KEYS_FILE]

Each mutant is the module with one change: a comparison turned (`<` to `<=`, `==` to
`!=`, `in` to `not in`, `is` to `is not`), `and` to `or`, a `not` dropped, `max` to
`min`, `+` to `-`, a whole number moved by one, `True` to `False`, or one statement
made `pass`. Each runs the module's tests in a copy of `src/` put first on the path, so
the checkout is never touched; a mutant the tests pass with has survived. Decorated
functions are mutated like any other (mutmut 3 skips them).

Prints each survivor with its line, then the score: killed / (all - listed as
equivalent). tools/equivalent.txt lists the mutants argued to change nothing a user
can see, one `module:line:description` a line, each with its reason; they are left
out of the score, and the list is printed so that it is read again.

Timing lives here and in bench/, never in the test suite. docs/performance.md says
how to run it and gives the latest scores.
"""

from __future__ import annotations

import argparse
import ast
import copy
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# The tests that pin each module's meaning: the ones a mutant is run against.
TESTS = {
    "assessment.py": ["tests/test_assessment.py", "tests/test_meaning_pins.py",
                      "tests/test_golden.py", "tests/test_seed_register.py"],
    "dates.py": ["tests/test_dates.py", "tests/test_meaning_pins.py", "tests/test_properties.py",
                 "tests/test_validate_cli.py", "tests/test_optional_keys.py"],
    "rules.py": ["tests/test_cases.py", "tests/test_validate_cli.py",
                 "tests/test_meaning_pins.py", "tests/test_golden.py"],
    "attention.py": ["tests/test_status_cli.py", "tests/test_meaning_pins.py",
                     "tests/test_golden.py", "tests/test_report.py"],
}  # fmt: skip
FLIP = {ast.Lt: ast.LtE, ast.LtE: ast.Lt, ast.Gt: ast.GtE, ast.GtE: ast.Gt, ast.Eq: ast.NotEq,
        ast.NotEq: ast.Eq, ast.In: ast.NotIn, ast.NotIn: ast.In, ast.Is: ast.IsNot,
        ast.IsNot: ast.Is}  # fmt: skip


@dataclass(frozen=True)
class Mutant:
    line: int
    what: str
    source: str

    def key(self, module: str) -> str:
        return f"{module}:{self.line}:{self.what}"


class _Points(ast.NodeVisitor):
    """Every place a mutation can be made, in source order, as (node, field, description)."""

    def __init__(self) -> None:
        self.points: list[tuple[ast.AST, str, str]] = []

    def visit_Compare(self, node: ast.Compare) -> None:
        for i, op in enumerate(node.ops):
            if type(op) in FLIP:
                self.points.append((node, f"ops.{i}", f"{type(op).__name__} -> "
                                    f"{FLIP[type(op)].__name__}"))  # fmt: skip
        self.generic_visit(node)

    def visit_BoolOp(self, node: ast.BoolOp) -> None:
        self.points.append((node, "op", f"{type(node.op).__name__} -> "
                            f"{'Or' if isinstance(node.op, ast.And) else 'And'}"))  # fmt: skip
        self.generic_visit(node)

    def visit_UnaryOp(self, node: ast.UnaryOp) -> None:
        if isinstance(node.op, ast.Not):
            self.points.append((node, "not", "not dropped"))
        self.generic_visit(node)

    def visit_BinOp(self, node: ast.BinOp) -> None:
        if isinstance(node.op, ast.Add | ast.Sub):
            self.points.append((node, "op", f"{type(node.op).__name__} flipped"))
        self.generic_visit(node)

    def visit_Name(self, node: ast.Name) -> None:
        if node.id in ("max", "min"):
            self.points.append((node, "id", f"{node.id} -> {'min' if node.id == 'max' else 'max'}"))

    def visit_keyword(self, node: ast.keyword) -> None:
        """A flag given by name (`frozen=True`) is named in its mutant, so that two flags of
        one call can be told apart in tools/equivalent.txt."""
        value = node.value
        if isinstance(value, ast.Constant) and isinstance(value.value, bool):
            self.points.append((value, "value", f"{node.arg}={value.value} -> {not value.value}"))
        else:
            self.generic_visit(node)

    def visit_Constant(self, node: ast.Constant) -> None:
        if isinstance(node.value, bool):
            self.points.append((node, "value", f"{node.value} -> {not node.value}"))
        elif isinstance(node.value, int):
            self.points.append((node, "value", f"{node.value} -> {node.value + 1}"))

    def generic_visit(self, node: ast.AST) -> None:
        for name in ("body", "orelse", "finalbody"):
            statements = getattr(node, name, None)
            if not isinstance(statements, list):
                continue  # a lambda's body is an expression
            for index, statement in enumerate(statements):
                if _deletable(statement):
                    self.points.append((node, f"{name}.{index}", "statement -> pass"))
        super().generic_visit(node)


def _deletable(statement: ast.stmt) -> bool:
    if isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant):
        return False  # a docstring
    return isinstance(statement, ast.Assign | ast.AugAssign | ast.AnnAssign | ast.Expr |
                      ast.Return | ast.If | ast.For | ast.Raise | ast.Continue)  # fmt: skip


def mutants(path: Path) -> Iterator[Mutant]:
    tree = ast.parse(path.read_text("utf-8"))
    finder = _Points()
    finder.visit(tree)
    for index, (_, field, what) in enumerate(finder.points):
        mutated = copy.deepcopy(tree)
        again = _Points()
        again.visit(mutated)
        node, _, _ = again.points[index]
        line = getattr(node, "lineno", 0)
        if field.startswith(("body.", "orelse.", "finalbody.")):
            name, i = field.split(".")
            line = getattr(node, name)[int(i)].lineno
        _apply(node, field)
        yield Mutant(line, what, ast.unparse(ast.fix_missing_locations(mutated)))


def _apply(node: ast.AST, field: str) -> None:
    if field.startswith("ops."):
        ops = node.ops  # type: ignore[attr-defined]
        i = int(field[4:])
        ops[i] = FLIP[type(ops[i])]()
    elif field == "op" and isinstance(node, ast.BoolOp):
        node.op = ast.Or() if isinstance(node.op, ast.And) else ast.And()
    elif field == "op" and isinstance(node, ast.BinOp):
        node.op = ast.Sub() if isinstance(node.op, ast.Add) else ast.Add()
    elif field == "not" and isinstance(node, ast.UnaryOp):
        node.op = ast.UAdd()  # +x of a bool is its int: truthiness kept, `not` gone
    elif field == "id" and isinstance(node, ast.Name):
        node.id = "min" if node.id == "max" else "max"
    elif field == "value" and isinstance(node, ast.Constant):
        node.value = (not node.value) if isinstance(node.value, bool) else node.value + 1
    else:
        name, i = field.split(".")
        getattr(node, name)[int(i)] = ast.Pass()


SNAPSHOT = ("src", "tests", "data", "docs", "pyproject.toml")


def snapshot(into: Path) -> Path:
    """The checkout as it is now (code, tests, data, docs), so that a change made while the
    run goes on does not reach it."""
    for name in SNAPSHOT:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, into / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, into / name)
    return into


def run_one(root: Path, module: str, mutant: Mutant, tests: list[str]) -> bool:
    """True if the tests catch the mutant (fail, or time out)."""
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "src"
        shutil.copytree(root / "src", src)
        (src / "inspcheck" / module).write_text(mutant.source, "utf-8")
        env = {**os.environ, "PYTHONPATH": str(src), "PYTHONDONTWRITEBYTECODE": "1"}
        try:
            done = subprocess.run(
                [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider",
                 "-o", "addopts=", *tests],
                cwd=root, env=env, capture_output=True, timeout=300,
            )  # fmt: skip
        except subprocess.TimeoutExpired:
            return True
        return done.returncode != 0


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("modules", nargs="+", type=Path)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument(
        "--only",
        type=Path,
        help="a file of mutant keys (as printed): run "
        "just those, to check that new tests kill an earlier run's survivors",
    )
    args = parser.parse_args()
    only = set(args.only.read_text("utf-8").split("\n")) if args.only else None
    equivalent = _equivalent()
    with tempfile.TemporaryDirectory() as tmp:
        root = snapshot(Path(tmp))
        for module in args.modules:
            name = module.name
            found = [m for m in mutants(root / "src" / "inspcheck" / name)
                     if only is None or m.key(name) in only]  # fmt: skip
            with ThreadPoolExecutor(args.jobs) as pool:
                caught = list(pool.map(lambda m, n=name: run_one(root, n, m, TESTS[n]), found))
            _report(name, found, caught, equivalent)


def _report(name: str, found: list[Mutant], caught: list[bool],
            equivalent: dict[str, str]) -> None:  # fmt: skip
    argued = [m for m in found if m.key(name) in equivalent]
    survivors = [m for m, c in zip(found, caught, strict=True)
                 if not c and m.key(name) not in equivalent]  # fmt: skip
    counted = len(found) - len(argued)
    killed = counted - len(survivors)
    for m in survivors:
        print(f"  survived {m.key(name)}")
    for m in argued:
        print(f"  equivalent {m.key(name)}: {equivalent[m.key(name)]}")
    print(
        f"{name}: {killed} of {counted} killed ({100 * killed / max(counted, 1):.1f}%), "
        f"{len(argued)} argued equivalent, {len(found)} mutants in all",
        flush=True,
    )


def _equivalent() -> dict[str, str]:
    path = REPO / "tools" / "equivalent.txt"
    out = {}
    for line in path.read_text("utf-8").splitlines() if path.exists() else []:
        if line.strip() and not line.startswith("#"):
            key, _, reason = line.partition(" -- ")
            out[key.strip()] = reason.strip()
    return out


if __name__ == "__main__":
    main()
