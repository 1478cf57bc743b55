"""The only code that writes files: atomically, so a reader never sees half a file."""

from __future__ import annotations

import contextlib
import json
import os
import re
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

from inspcheck.dates import format_long
from inspcheck.yamlread import read_tree
from inspcheck.yamltree import YMap, YSeq, line_column


def write_atomic(path: Path, text: str | bytes) -> None:
    """Write text (as UTF-8) or bytes to path via a temporary file in the same folder,
    fsync, then rename."""
    folder = path.parent if str(path.parent) else Path(".")
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    data = text.encode("utf-8") if isinstance(text, str) else text
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():
            os.chmod(temp, path.stat().st_mode & 0o777)
        else:
            os.chmod(temp, 0o666 & ~_umask())
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# --- Appending an entry to an agency's responses file, keeping every other byte ---


class EditError(Exception):
    """The file is written in a way that cannot be appended to safely; say how to go on."""


def yaml_text(value: str) -> str:
    """A YAML double-quoted scalar: JSON's escaping is valid YAML and keeps the text exact."""
    return json.dumps(value, ensure_ascii=False)


def scalar(value: str) -> str:
    """The value as a file's author would write it: plain where YAML reads it back as the
    same text (for inspcheck and for any other YAML tool), double-quoted where it would not
    (`yes`, `3.10`, `a: b`, `# x`, a leading dash, a line break)."""
    if not value or value != value.strip() or not value.isprintable():
        return yaml_text(value)
    import yaml

    try:
        same = yaml.safe_load(f"k: {value}\n") == {"k": value}
    except yaml.YAMLError:
        same = False
    return value if same else yaml_text(value)


# The date forms a register is written in, and how to write a date in each.
_DATE_FORMS: dict[str, Callable[[date], str]] = {
    "iso": date.isoformat,
    "slash": lambda d: f"{d.day:02d}/{d.month:02d}/{d.year}",
    "long": format_long,
    "short": lambda d: f"{d.day} {format_long(d).split()[1][:3]} {d.year}",
}
_DATE_VALUE = re.compile(
    r"^[ -]*(?:date|to|approved|due|next_review|published|fieldwork_start|fieldwork_end):"
    r"[ ]+['\"]?([^'\"#\n]*?)['\"]?[ ]*(?:#.*)?$",
    re.M,
)
_FULL_MONTHS = {"january", "february", "march", "april", "june", "july", "august",
                "september", "october", "november", "december"}  # fmt: skip


def _form(value: str) -> str | None:
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return "iso"
    if re.fullmatch(r"\d{1,2}/\d{1,2}/\d{4}", value):
        return "slash"
    words = re.fullmatch(r"\d{1,2}(?:st|nd|rd|th)? ([A-Za-z]+)\.? \d{4}", value)
    if words is None or words[1].lower() == "may":  # May is both long and short
        return None
    return "long" if words[1].lower() in _FULL_MONTHS else "short"


def date_style(text: str) -> Callable[[date], str]:
    """How the text writes dates most often (ISO when it writes none): how to write ours."""
    counts = dict.fromkeys(_DATE_FORMS, 0)
    for value in _DATE_VALUE.findall(text):
        form = _form(value)
        if form is not None:
            counts[form] += 1
    best = max(counts, key=lambda k: (counts[k], k == "iso"))
    return _DATE_FORMS[best]


def entry_lines(fields: list[tuple[str, str | date]], style: Callable[[date], str]) -> list[str]:
    """A sequence item, `- key: value` then `  key: value`, before indentation."""
    return [("- " if i == 0 else "  ") + f"{k}: {_value(v, style)}"
            for i, (k, v) in enumerate(fields)]  # fmt: skip


def _value(value: str | date, style: Callable[[date], str]) -> str:
    return style(value) if isinstance(value, date) else scalar(value)  # dates need no quotes


def new_file(agency: str, recommendation: str, key: str, item: list[str]) -> str:
    lines = ["version: 1", f"agency: {agency}", "responses:",
             f"  - recommendation: {recommendation}", f"    {key}:"]  # fmt: skip
    lines += ["      " + line for line in item]
    return "\n".join(lines) + "\n"


def append_entry(text: str, recommendation: str, key: str, item: list[str]) -> str:
    """Insert item at the end of the response's `key` list (adding the list, or the response,
    where it is missing), touching no other byte of text."""
    tree, findings = read_tree(text.encode("utf-8"), "responses file")
    if findings or not isinstance(tree, YMap) or not isinstance(tree.get("responses"), YSeq):
        raise EditError("the responses file does not validate; fix it first (inspcheck validate)")
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.splitlines(keepends=True)
    responses: YSeq = tree["responses"]
    for index, response in enumerate(responses):
        if isinstance(response, YMap) and response.get("recommendation") == recommendation:
            dash = _indent(lines, line_column(responses.item_marks[index])[0])
            if key in response:
                return _into_list(lines, response, key, item, newline)
            keys = line_column(response.mark)[1]  # the response's keys line up after "- "
            block = [" " * keys + f"{key}:"] + [" " * (keys + 2) + line for line in item]
            start = line_column(responses.item_marks[index])[0]
            return _insert(lines, _end_of_block(lines, start, dash),
                           block, newline)  # fmt: skip
    if key != "updates":
        raise NoResponse(recommendation)
    block = [f"- recommendation: {recommendation}", f"  {key}:"] + ["    " + x for x in item]
    if not responses:
        return _replace_flow_empty(lines, tree, block, newline)
    dash = _indent(lines, line_column(responses.item_marks[0])[0])
    key_line = line_column(tree.key_marks["responses"])[0]
    at = _end_of_block(lines, key_line, _indent(lines, key_line))
    spaced = len(responses) > 1 and not lines[line_column(responses.item_marks[1])[0] - 1].strip()
    return _insert(lines, at, [""] * spaced + [" " * dash + line for line in block], newline)


class NoResponse(EditError):
    """Evidence or an extension for an obligation with no response yet: a response starts
    with an update. `owners`: the recommendation's owners, once the register is read."""

    def __init__(self, recommendation: str, owners: tuple[str, ...] = ()) -> None:
        super().__init__(f"no response to '{recommendation}' yet")
        self.owners = owners


def _into_list(lines: list[str], response: YMap, key: str, item: list[str], newline: str) -> str:
    items = response[key]
    if not isinstance(items, YSeq) or not items or _is_flow(lines, response.value_marks[key]):
        raise EditError(f"'{key}' is not written as a '- ' list; add this entry by hand")
    dash = _indent(lines, line_column(items.item_marks[0])[0])
    key_line = line_column(response.key_marks[key])[0]
    end = _end_of_block(lines, key_line, _indent(lines, key_line))
    return _insert(lines, end, [" " * dash + line for line in item], newline)


def _replace_flow_empty(lines: list[str], tree: YMap, block: list[str], newline: str) -> str:
    row, column = line_column(tree.value_marks["responses"])
    line = lines[row]
    if line[column : column + 2] != "[]":
        raise EditError("'responses' is not written as a '- ' list; add this entry by hand")
    rest = line[column + 2 :]
    body = "".join(newline + "  " + x for x in block)
    lines[row] = line[:column].rstrip() + body + rest
    return "".join(lines)


def _is_flow(lines: list[str], place: int) -> bool:
    line, column = line_column(place)
    return lines[line][column : column + 1] == "["


def _indent(lines: list[str], index: int) -> int:
    """Where the line's content starts; a '- ' item's dash counts as content."""
    line = lines[index]
    return len(line) - len(line.lstrip(" "))


def _end_of_block(lines: list[str], start: int, indent: int) -> int:
    """The index after the last line that belongs to the block opened at line `start`
    (0-based): deeper-indented lines, comments among them included."""
    last = start
    for index in range(start + 1, len(lines)):
        stripped = lines[index].strip()
        if not stripped:
            continue
        if _indent(lines, index) <= indent:
            if stripped.startswith("#"):
                continue  # a comment at this level belongs to what follows it
            break
        last = index
    return last + 1


def _insert(lines: list[str], at: int, block: list[str], newline: str) -> str:
    if at > 0 and not lines[at - 1].endswith(("\n", "\r")):
        lines[at - 1] += newline
    lines[at:at] = [line + newline for line in block]
    return "".join(lines)
