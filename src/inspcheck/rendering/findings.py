"""validate's output formats: text, json and GitHub workflow commands."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from inspcheck.findings import Finding, count
from inspcheck.rendering.escape import printable, single_line
from inspcheck.rendering.records import document


def text(findings: Sequence[Finding]) -> str:
    """path:line:col: severity rule-id: message, one a line."""
    return "".join(
        f"{single_line(f.file)}:{f.line}:{f.column}: {f.severity} {f.rule}: "
        f"{single_line(f.message)}\n"
        for f in findings
    )


def as_json(findings: Sequence[Finding]) -> str:
    errors, warnings = count(list(findings))
    payload = {
        "version": 1,
        "findings": [
            {"file": f.file, "line": f.line, "column": f.column, "rule": f.rule,
             "severity": str(f.severity), "message": f.message}
            for f in findings
        ],
        "errors": errors,
        "warnings": warnings,
    }  # fmt: skip
    return document(payload)


def _escape_data(value: str) -> str:
    # as @actions/core escapeData: %, CR, LF
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    # as @actions/core escapeProperty: escapeData plus ':' and ','
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def github(findings: Sequence[Finding]) -> str:
    """::error file=...,line=...,col=...,title=...::message; then a plain summary line."""
    lines = []
    for f in findings:
        props = (f"file={_escape_property(f.file)},line={f.line},col={f.column},"
                 f"title={_escape_property(f.rule)}")  # fmt: skip
        lines.append(f"::{f.severity} {props}::{_escape_data(printable(f.message))}\n")
    errors, warnings = count(list(findings))
    lines.append(f"inspcheck: {errors} error(s), {warnings} warning(s)\n")
    return "".join(lines)


FORMATS: dict[str, Callable[[Sequence[Finding]], str]] = {
    "text": text,
    "json": as_json,
    "github": github,
}
