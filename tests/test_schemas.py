"""The JSON Schemas editors use: current, draft-07, and accepting what inspcheck accepts."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft7Validator

from inspcheck.schemas import render_all
from inspcheck.yamlread import read_tree
from tests.conftest import CASES, REPO, run

SCHEMAS = REPO / "schemas"


def test_committed_schemas_are_current() -> None:
    """If this fails, run `inspcheck schema -o schemas` and commit the result."""
    committed = {p.name: p.read_text(encoding="utf-8") for p in SCHEMAS.glob("*.json")}
    assert committed == render_all()


@pytest.mark.parametrize("name", sorted(render_all()))
def test_schema_is_valid_draft_07(name: str) -> None:
    schema = json.loads(render_all()[name])
    Draft7Validator.check_schema(schema)
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    assert schema["additionalProperties"] is False


_INT = re.compile(r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")


def as_editor_reads(value: Any) -> Any:
    """The tree as an editor's YAML 1.2 core schema types it (yaml-language-server)."""
    if isinstance(value, dict):
        return {k: as_editor_reads(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_editor_reads(v) for v in value]
    if value in ("true", "True", "TRUE", "false", "False", "FALSE"):
        return value.lower() == "true"
    if _INT.fullmatch(value):
        return int(value, 0) if value[:2] in ("0o", "0x") else int(value)
    if _FLOAT.fullmatch(value):
        return float(value)
    return value


def _validator(name: str) -> Draft7Validator:
    return Draft7Validator(json.loads(render_all()[name]))


def _files(data: Path) -> list[tuple[str, Path]]:
    kinds = [("recommendations.schema.json", data / "recommendations.yaml")]
    kinds += [("responses.schema.json", p) for p in sorted((data / "responses").glob("*.yaml"))]
    if (data / "inspcheck.yaml").exists():
        kinds.append(("settings.schema.json", data / "inspcheck.yaml"))
    return kinds


@pytest.mark.parametrize(
    "data",
    [REPO / "data", *sorted((CASES / "valid").glob("*/data")), CASES / "report/partnership/data"],
    ids=lambda p: p.parent.name,
)
def test_schemas_accept_every_valid_register(data: Path) -> None:
    for name, path in _files(data):
        if not path.exists():
            continue
        tree, findings = read_tree(path.read_bytes(), path.name)
        assert findings == []
        errors = [e.message for e in _validator(name).iter_errors(as_editor_reads(tree))]
        assert errors == [], f"{path}: {errors}"


@pytest.mark.parametrize(
    ("case", "name", "file"),
    [
        ("unknown-key", "recommendations.schema.json", "recommendations.yaml"),
        ("unknown-status", "responses.schema.json", "responses/north.yaml"),
        ("words-date", "responses.schema.json", "responses/north.yaml"),
        ("wrong-type", "recommendations.schema.json", "recommendations.yaml"),
        ("settings-unknown-key", "settings.schema.json", "inspcheck.yaml"),
    ],
)
def test_schemas_reject_what_inspcheck_rejects(case: str, name: str, file: str) -> None:
    path = CASES / "invalid" / case / "data" / file
    tree, _ = read_tree(path.read_bytes(), file)
    assert list(_validator(name).iter_errors(as_editor_reads(tree))) != []


def test_schema_command_prints_every_schema() -> None:
    result = run("schema")
    assert result.exit_code == 0
    assert sorted(json.loads(result.stdout)) == sorted(render_all())


_DATE_KEYS = ("date", "to", "approved", "due", "next_review", "published", "fieldwork_start",
              "fieldwork_end")  # fmt: skip
_DATE_LINE = re.compile(rf"^[ -]*(?:{'|'.join(_DATE_KEYS)}): +(.+?) *$", re.M)
_MORE_FORMS = ["12/31/2025", "31/13/2025", "2025-13-01", "2025-00-10", "32 January 2025",
               "0 March 2025", "31st March 2026", "1ST jan 2025", "31 Sept 2023", "31 Foo 2024",
               "next week", "31-12-2025", "2025/12/31", "31 December 25", " 1/1/2025 "]  # fmt: skip


def _date_forms() -> list[str]:
    found = {m.strip("'\"") for p in CASES.rglob("*.yaml") if p.is_file() and not p.is_symlink()
             for m in _DATE_LINE.findall(p.read_bytes().decode("utf-8", "replace"))}  # fmt: skip
    return sorted((found - {"yes"}) | set(_MORE_FORMS))


@pytest.mark.parametrize("text", _date_forms())
def test_the_schema_and_validate_agree_on_every_date_form(text: str) -> None:
    """An editor never calls a date fine that validate refuses, except an impossible day
    (30 February) that no pattern can see; nor refuses one validate takes."""
    from jsonschema import Draft7Validator

    from inspcheck.dates import DateError, parse_date
    from inspcheck.models import DATE_SCHEMA

    editor = Draft7Validator(DATE_SCHEMA).is_valid(text)
    try:
        parse_date(text)
        accepted, reason = True, ""
    except DateError as exc:
        accepted, reason = False, str(exc)
    if editor and not accepted:
        assert "not a real date" in reason, f"the schema takes {text!r}: {reason}"
    else:
        assert editor == accepted, text
