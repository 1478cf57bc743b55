"""Find a data repo's files, read each one strictly, and check every entry against the models.

A broken file or entry becomes findings and is left out; everything else is still
read, so one run reports every problem.
"""

from __future__ import annotations

import difflib
import itertools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar, cast

from pydantic import TypeAdapter, ValidationError

from inspcheck import models
from inspcheck.findings import Finding
from inspcheck.registry import (
    EMPTY_FILE,
    EMPTY_VALUE,
    INVALID_VALUE,
    MISSING_KEY,
    MISSING_REGISTER,
    NOT_A_FILE,
    NOT_A_MAPPING,
    REGISTER_TOO_LARGE,
    SYMLINK,
    UNKNOWN_KEY,
    UNKNOWN_VALUE,
    UNREADABLE,
    Rule,
)
from inspcheck.vocabulary import suggest
from inspcheck.yamlread import read_tree
from inspcheck.yamltree import EMPTY, YMap, YSeq, position

MAX_TOTAL_BYTES = 1024 * 1024 * 1024
M = TypeVar("M")


@dataclass(frozen=True, slots=True)
class Entry(Generic[M]):
    """One valid entry, and where its parts were written, so that rules can point at them.

    Only places are kept, not the tree the entry was read from: a national register's
    trees are several times the size of its models."""

    model: M
    file: str
    place: int
    places: dict[str, int]  # of each key's value
    item_places: dict[str, tuple[int, ...]]  # of each item of the lists rules point into

    def at(self, key: str | None = None) -> tuple[str, int, int]:
        """file, line, column of a key's value (or of the entry itself)."""
        return (self.file, *position(self.places.get(key, self.place) if key else self.place))

    def item_at(self, key: str, index: int) -> tuple[str, int, int]:
        """file, line, column of one item of a list."""
        return (self.file, *position(self.item_places[key][index]))


# The list items rules point at: owners and supersedes themselves; each update's date.
_ITEM_PLACES: dict[type, dict[str, str | None]] = {
    models.Recommendation: {"owners": None, "supersedes": None},
    models.Response: {"updates": "date", "extensions": "to"},
}


def _entry(model: M, tree: YMap, file: str) -> Entry[M]:
    item_places: dict[str, tuple[int, ...]] = {}
    for key, inner in _ITEM_PLACES.get(type(model), {}).items():
        items = tree.get(key)
        if type(items) is YSeq:
            item_places[key] = tuple(
                item.value_marks.get(inner, mark) if inner and type(item) is YMap else mark
                for item, mark in zip(items, items.item_marks, strict=True)
            )
    # The tree's own table of places is kept (not copied); the rest of the tree is freed.
    return Entry(model, file, tree.mark, tree.value_marks, item_places)


@dataclass(frozen=True, slots=True)
class Broken:
    """An entry left out for its own findings, kept so that the cross-file rules still see
    the ids and references it names: one run shows every problem."""

    what: str  # agency, inspection, recommendation or response
    file: str
    tree: YMap

    def text(self, key: str) -> str | None:
        value = self.tree.get(key)
        return value if type(value) is str else None

    def at(self, key: str) -> tuple[str, int, int]:
        return (self.file, *position(self.tree.value_marks.get(key, self.tree.mark)))

    def items(self, key: str) -> list[tuple[str, tuple[str, int, int]]]:
        """The text items of a list, with their places."""
        value = self.tree.get(key)
        if type(value) is not YSeq:
            return []
        return [(item, (self.file, *position(mark)))
                for item, mark in zip(value, value.item_marks, strict=True)
                if type(item) is str]  # fmt: skip


@dataclass(frozen=True, slots=True)
class ResponsesEntry:
    """One responses file: whose it is, its valid responses, and those left out."""

    agency: str
    file: str
    agency_at: tuple[str, int, int]
    responses: list[Entry[models.Response]]
    broken: list[Broken] = field(default_factory=list)


@dataclass
class Loaded:
    """Everything read from a data repo, valid entries and findings side by side."""

    settings: models.Settings = field(default_factory=lambda: models.Settings())
    agencies: list[Entry[models.Agency]] = field(default_factory=list)
    inspections: list[Entry[models.Inspection]] = field(default_factory=list)
    recommendations: list[Entry[models.Recommendation]] = field(default_factory=list)
    response_files: list[ResponsesEntry] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    broken: list[Broken] = field(default_factory=list)
    """Agencies, inspections and recommendations left out for their own findings."""
    invalid_ids: set[str] = field(default_factory=set)
    """Ids of entries left out for their own findings: references to them are not unknown."""
    register_incomplete: bool = False
    """A register file could not be read at all: what it names is not known, so references
    to it are not reported as unknown."""


_REGISTER_LISTS = {
    "agencies": models.Agency,
    "inspections": models.Inspection,
    "recommendations": models.Recommendation,
}


def load(data_dir: Path, overlay: dict[Path, bytes] | None = None) -> Loaded:
    """Read the data repo in data_dir (which must exist). `overlay` stands in for the named
    files' bytes, new files included: how a change is checked before it is written."""
    return _Reader(data_dir, overlay or {}).read()


class _Reader:
    def __init__(self, data_dir: Path, overlay: dict[Path, bytes]) -> None:
        self.data_dir = data_dir
        self.overlay = overlay
        self.loaded = Loaded()
        self.total = 0

    def display(self, path: Path) -> str:
        return display(self.data_dir, path)

    def read(self) -> Loaded:
        d = self.data_dir
        for folder in (d / "recommendations", d / "responses"):
            if folder.is_symlink():
                message = "is a symbolic link; keep the register's files in the data folder itself"
                self.loaded.findings.append(SYMLINK.at(self.display(folder), 1, 1, message))
                return self.loaded
        settings = d / "inspcheck.yaml"
        if settings.exists() or settings.is_symlink():
            self.read_settings(settings)
        register_files = (
            [d / "recommendations.yaml"] if _present(d / "recommendations.yaml") else []
        )
        register_files += sorted((d / "recommendations").glob("*.yaml"))
        if not register_files:
            self.loaded.register_incomplete = True
            self.loaded.findings.append(
                MISSING_REGISTER.at(
                    self.display(d / "recommendations.yaml"), 1, 1,
                    "no recommendations.yaml; create it (inspcheck init shows one)",
                )
            )  # fmt: skip
        for path in register_files:
            self.read_register(path)
        responses = set((d / "responses").glob("*.yaml"))
        responses |= {p for p in self.overlay if p.parent == d / "responses"}
        for path in sorted(responses):
            self.read_responses(path)
        return self.loaded

    def tree(self, path: Path) -> tuple[YMap | None, str]:
        """The file's top-level mapping, or None after recording why it cannot be used."""
        file = self.display(path)
        if path in self.overlay:
            raw, problem = self.overlay[path], None
        else:
            raw, problem = _file_bytes(path, self.total)
        if problem is not None:
            self.loaded.findings.append(problem[0].at(file, 1, 1, problem[1]))
            return None, file
        self.total += len(raw)
        root, findings = read_tree(raw, file)
        self.loaded.findings.extend(findings)
        if findings and root is None:
            return None, file
        if root is None or root is EMPTY:
            self.loaded.findings.append(EMPTY_FILE.at(file, 1, 1, "file is empty"))
            return None, file
        if type(root) is not YMap:
            line, column = position(root.mark) if isinstance(root, YSeq) else (1, 1)
            message = "the file should be a mapping of keys (version: 1, ...), not a list or text"
            self.loaded.findings.append(NOT_A_MAPPING.at(file, line, column, message))
            return None, file
        return root, file

    def read_settings(self, path: Path) -> None:
        tree, file = self.tree(path)
        if tree is not None:
            settings = self.validate(models.Settings, tree, file)
            if settings is not None:
                self.loaded.settings = settings

    def read_register(self, path: Path) -> None:
        tree, file = self.tree(path)
        if tree is None:
            self.loaded.register_incomplete = True
            return
        self.validate_header(models.RegisterFile, tree, file, _REGISTER_LISTS)
        for key, model in _REGISTER_LISTS.items():
            target: list[Any] = getattr(self.loaded, key)
            valid, broken = self.entries(cast(Any, model), tree.get(key), file)
            target.extend(valid)
            self.loaded.broken.extend(broken)

    def read_responses(self, path: Path) -> None:
        tree, file = self.tree(path)
        if tree is None:
            return
        header = self.validate_header(models.ResponsesFile, tree, file, {"responses": None})
        responses, broken = self.entries(models.Response, tree.get("responses"), file)
        if header is not None:
            agency_at = (file, *position(tree.value_marks["agency"]))
            entry = ResponsesEntry(header.agency, file, agency_at, responses, broken)
            self.loaded.response_files.append(entry)

    def validate_header(
        self, model: type[M], tree: YMap, file: str, lists: dict[str, Any]
    ) -> M | None:
        """Check the file's own keys; list items are checked one by one in entries()."""
        shallow = {k: ([] if k in lists and type(v) is YSeq else v) for k, v in tree.items()}
        return self.validate(model, tree, file, shallow)

    def entries(self, model: type[M], items: Any, file: str) -> tuple[list[Entry[M]], list[Broken]]:
        """The list's valid entries, and those left out for their findings."""
        if type(items) is not YSeq:
            return [], []
        out: list[Entry[M]] = []
        broken: list[Broken] = []
        for item, place in zip(items, items.item_marks, strict=True):
            if type(item) is not YMap:
                message = "each entry of this list should be a mapping of keys (key: value)"
                self.loaded.findings.append(INVALID_VALUE.at(file, *position(place), message))
                continue
            valid = self.validate(model, item, file)
            if valid is not None:
                out.append(_entry(valid, item, file))
                continue
            broken.append(Broken(_WHAT[model], file, item))
            if isinstance(item.get("id"), str):
                self.loaded.invalid_ids.add(item["id"])
        return out, broken

    def validate(self, model: type[M], tree: YMap, file: str, data: Any = None) -> M | None:
        try:
            valid: M = _ADAPTERS[model].validate_python(tree if data is None else data)
            return valid
        except ValidationError as exc:
            quote = not _sensitive(tree)
            for err in exc.errors(include_url=False):
                if data is not None and err["type"] == "model_type":
                    continue
                finding = _finding(err, tree, file, quote, _label(model, tree), model)
                self.loaded.findings.append(finding)
            return None


def display(data_dir: Path, path: Path) -> str:
    """Paths as users see them: relative to the data repo, e.g. data/responses/wyp.yaml."""
    return (Path(data_dir.name) / path.relative_to(data_dir)).as_posix()


def agency_of(path: Path) -> str | None:
    """A responses file's `agency:`, read without checking the rest; None if the file cannot
    be read safely (a link, a FIFO, too large) or names no agency."""
    raw, problem = _file_bytes(path, 0)
    if problem is not None:
        return None
    tree, _ = read_tree(raw, path.name)
    agency = tree.get("agency") if type(tree) is YMap else None
    return agency if type(agency) is str else None


def _file_bytes(path: Path, total: int) -> tuple[bytes, tuple[Rule, str] | None]:
    """The file's bytes, or why they cannot be had (total: the bytes read before it)."""
    problem = _refuse_path(path, total)
    if problem is not None:
        return b"", problem
    try:
        return path.read_bytes(), None
    except OSError as exc:
        return b"", (UNREADABLE, f"cannot be read ({exc.strerror}); check its permissions")


def _present(path: Path) -> bool:
    return path.exists() or path.is_symlink()


def _refuse_path(path: Path, total: int) -> tuple[Rule, str] | None:
    if path.is_symlink():
        return SYMLINK, "is a symbolic link; replace it with the file itself"
    if not path.is_file():
        return NOT_A_FILE, "is not a regular file; remove it or rename it"
    if total + path.stat().st_size > MAX_TOTAL_BYTES:
        return REGISTER_TOO_LARGE, "the data repo is over 1 GiB in all; archive closed items"
    return None


_ALL_MODELS: tuple[type, ...] = (
    models.Agency, models.Inspection, models.Recommendation, models.Update, models.Extension,
    models.Evidence, models.Response, models.ResponsesFile, models.RegisterFile, models.Settings,
    models.PaperSettings,
)  # fmt: skip
_FIELD_NAMES = sorted({name for m in _ALL_MODELS for name in cast(Any, m).__pydantic_fields__})
# Models and pydantic dataclasses alike are validated through a TypeAdapter.
_ADAPTERS: dict[Any, TypeAdapter[Any]] = {m: TypeAdapter(m) for m in _ALL_MODELS}


def _sensitive(tree: YMap) -> bool:
    """Does the entry, or an update or evidence inside it, say official-sensitive?"""
    if tree.get("marking") == "official-sensitive":
        return True
    return any(
        type(items) is YSeq
        and any(type(i) is YMap and i.get("marking") == "official-sensitive" for i in items)
        for items in tree.values()
    )


def _label(model: Any, tree: YMap) -> str:
    """How a message names the entry: recommendation 'ilacs-2025-r2', the response to 'r1'."""
    what = _WHAT.get(model)
    if what is None:
        return "this file"
    if what == "response":
        rec = tree.get("recommendation")
        return f"the response to '{_excerpt(rec)}'" if type(rec) is str else "this response"
    ident = tree.get("id")
    return f"{what} '{_excerpt(ident)}'" if type(ident) is str else f"this {what}"


def _finding(
    err: Any, tree: YMap, file: str, quote: bool = True, label: str = "", model: Any = None
) -> Finding:
    loc: tuple[Any, ...] = err["loc"]
    mark = _locate(tree, loc, on_key=err["type"] in _UNKNOWN_KEY)
    line, column = position(mark)
    value = err.get("input")
    null = value is EMPTY or (type(value) is str and value.strip() in models.YAML_NULLS)
    rule = EMPTY_VALUE if null else _RULES.get(err["type"], INVALID_VALUE)
    if not quote:  # an official-sensitive entry's values are never echoed back
        err = {**err, "input": _WITHHELD}
    return rule.at(file, line, column, _message(err, label, _required(model, err["loc"])))


_INNER = {"updates": models.Update, "extensions": models.Extension, "evidence": models.Evidence}


def _required(model: Any, loc: tuple[Any, ...]) -> bool:
    """Is the key the error is about one that must be there (so 'leave it out' is no fix)?"""
    if len(loc) == 3 and loc[0] in _INNER:
        model, loc = _INNER[loc[0]], loc[2:]
    fields = getattr(model, "__pydantic_fields__", {})
    field = fields.get(loc[0]) if len(loc) == 1 else None
    return field is not None and field.is_required()


def _locate(tree: Any, loc: tuple[Any, ...], on_key: bool) -> Any:
    node, mark = tree, tree.mark
    for i, part in enumerate(loc):
        if type(node) is YMap and isinstance(part, str) and part in node.key_marks:
            last = i == len(loc) - 1
            mark = node.key_marks[part] if (on_key and last) else node.value_marks.get(part, mark)
            node = node.get(part)
        elif type(node) is YSeq and isinstance(part, int) and part < len(node):
            mark, node = node.item_marks[part], node[part]
    return mark


_WHAT: dict[Any, str] = {
    models.Agency: "agency", models.Inspection: "inspection",
    models.Recommendation: "recommendation", models.Response: "response",
}  # fmt: skip
_WITHHELD = "(withheld: official-sensitive)"
_UNKNOWN_KEY = ("extra_forbidden", "unexpected_keyword_argument")
_MISSING_KEY = ("missing", "missing_keyword_argument", "missing_argument")
_RULES = {
    **dict.fromkeys(_MISSING_KEY, MISSING_KEY),
    **dict.fromkeys(_UNKNOWN_KEY, UNKNOWN_KEY),
    "enum": UNKNOWN_VALUE,
    "literal_error": UNKNOWN_VALUE,
    "value_error": INVALID_VALUE,
}


def _message(err: Any, label: str = "", required: bool = False) -> str:
    """One pydantic error as the finding's message: what is wrong, and what to do."""
    kind, value = err["type"], err.get("input")
    name = next((p for p in reversed(err["loc"]) if isinstance(p, str)), "value")
    if value is EMPTY:
        if required:
            return f"'{name}' has no value (YAML's null); write the {name}"
        return f"'{name}' has no value; write one, or leave the key out"
    if kind in _MISSING_KEY:
        return _missing(name, err["loc"], label)
    if kind in _UNKNOWN_KEY:
        close = difflib.get_close_matches(name, _FIELD_NAMES, n=1)
        hint = f"did you mean '{close[0]}'?" if close else "remove it or check its spelling"
        return f"unknown key '{_excerpt(name)}'; {hint}"
    if kind in ("enum", "literal_error"):
        return _unknown_word(name, value, err.get("ctx", {}).get("expected", ""))
    if kind == "value_error" and value is not _WITHHELD:
        return str(err["ctx"]["error"])
    said = _SAID.get(kind, "'{name}' " + _SHAPES.get(kind, "has the wrong kind of value"))
    return said.format(name=name, value=_excerpt(value))


def _missing(name: str, loc: tuple[Any, ...], label: str) -> str:
    """A missing key, named with where it is missing: 'update 2 of response to X'."""
    inner = " ".join(f"{p.removesuffix('s')} {i + 1}" for p, i in itertools.pairwise(loc)
                     if isinstance(p, str) and isinstance(i, int))  # fmt: skip
    owner = f"{inner} of {label}" if inner and label else inner or label
    return f"{owner or 'this entry'} is missing required key '{name}'; add it"


def _unknown_word(name: str, value: Any, expected: str) -> str:
    """A word outside its closed set (a status, a kind), with the nearest that is in it."""
    near = suggest(value, re.findall(r"'([^']*)'", expected))
    hint = f"did you mean '{near}'? (one of {expected})" if near else f"use one of {expected}"
    return f"unknown {name} '{_excerpt(value)}'; {hint}"


# Messages for the other kinds of error, with the key's {name} and the {value}'s excerpt.
_SAID = {
    "value_error": "'{name}' is not valid; see the forms it takes in docs/data-format.md",
    "string_pattern_mismatch": (
        "'{value}' is not a valid id; use lowercase letters, digits and hyphens"
    ),
    "string_too_short": "'{name}' is empty; write a value, or leave the key out",
    "too_short": "'{name}' needs at least one entry",
}

_SHAPES = {
    "list_type": "should be a list ('- item' lines, or [a, b])",
    "string_type": "should be text, not a list or mapping",
    "model_type": "should be a mapping of keys",
    "dict_type": "should be a mapping of keys",
    "date_type": "should be a date such as 31 December 2024",
    "int_parsing": "should be a whole number",
    "int_type": "should be a whole number",
    "greater_than_equal": "is too small",
}


def _excerpt(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 40 else text[:37] + "..."
