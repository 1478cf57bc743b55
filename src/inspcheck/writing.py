"""The only code that writes files: atomically, so a reader never sees half a file."""

from __future__ import annotations

import contextlib
import json
import os
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
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


# Plain text that every YAML reader reads back as itself: a letter first, then letters,
# digits, spaces and punctuation that is never YAML syntax there, and not a word YAML 1.1
# reads as true, false or null. Anything else is asked of PyYAML (a hundred times slower).
_PLAIN = re.compile(r"[^\W\d_][\w .,'()/&+?!%£$€\u2018\u2019\u201c\u201d\u2013\u2014\u2026-]*")
_RESOLVED = {"yes", "no", "true", "false", "on", "off", "null", "y", "n"}


def scalar(value: str) -> str:
    """The value as a file's author would write it: plain where YAML reads it back as the
    same text (for inspcheck and for any other YAML tool), double-quoted where it would not
    (`yes`, `3.10`, `a: b`, `# x`, a leading dash, a line break)."""
    if not value or value != value.strip() or not value.isprintable():
        return yaml_text(value)
    if _PLAIN.fullmatch(value) and value.lower() not in _RESOLVED:
        return value
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


FieldValue = str | date | list[str] | list["Fields"]
Fields = list[tuple[str, FieldValue]]
WIDTH = 88  # where long text is folded: the width the register's own files keep to


def entry_lines(fields: Fields, style: Callable[[date], str]) -> list[str]:
    """A sequence item, `- key: value` then `  key: value`, before indentation: dates in the
    register's style, a list of words in flow style (`[a, b]`), a list of entries as a block,
    and long text folded (`>-`) or, with line breaks, literal (`|-`)."""
    lines: list[str] = []
    for key, value in fields:
        lines += _field(key, value, style, 2)
    return ["- " + lines[0][2:], *lines[1:]] if lines else []


def _field(key: str, value: FieldValue, style: Callable[[date], str], indent: int) -> list[str]:
    pad = " " * indent
    if isinstance(value, date):
        return [f"{pad}{key}: {style(value)}"]  # dates need no quotes
    if isinstance(value, str):
        return indented(text_lines(key, value, WIDTH - indent), indent)
    if value and not isinstance(value[0], str):
        lines = [f"{pad}{key}:"]
        for entry in value:
            lines += indented(entry_lines(entry, style), indent + 2)
        return lines
    return [f"{pad}{key}: [{', '.join(scalar(str(v)) for v in value)}]"]


def text_lines(key: str, value: str, width: int) -> list[str]:
    """`key: value`, or long text folded at spaces under `key: >-`, or text with line
    breaks kept under `key: |-`: block scalars read back as exactly the text."""
    if "\n" in value and _literal_safe(value):
        return [f"{key}: |-", *indented(value.split("\n"), 2)]
    plain = f"{key}: {scalar(value)}"
    if len(plain) <= width or not _foldable(value):
        return [plain]
    lines, line = [], ""
    for word in value.split(" "):
        if line and len(line) + 1 + len(word) > width - 2:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    return [f"{key}: >-", *indented([*lines, line], 2)]


def _foldable(value: str) -> bool:
    """Text that folds back to itself: one line, single spaces, none at either end."""
    return value.isprintable() and value == value.strip() and "  " not in value


def _literal_safe(value: str) -> bool:
    lines = value.split("\n")
    kept = all(line == line.rstrip() and line.isprintable() for line in lines)
    return kept and value == value.strip()


SCHEMA_LINE = "# yaml-language-server: $schema=../../schemas/responses.schema.json\n"


def new_file(data_dir: Path, agency: str) -> str:
    """A responses file with no responses yet, for entries to be appended to; pointing at
    the repo's schema, as `init` writes them, where the repo has one."""
    schema = (data_dir.parent / "schemas" / "responses.schema.json").is_file()
    return f"{SCHEMA_LINE * schema}version: 1\nagency: {agency}\nresponses: []\n"


def append_entry(text: str, recommendation: str, key: str, item: list[str]) -> str:
    """Insert item at the end of the response's `key` list (adding the list, or the response,
    where it is missing), touching no other byte of text."""
    edit = Edit(text, "responses file")
    edit.to_response(recommendation, key, item)
    return edit.result()[0]


def indented(lines: list[str], by: int) -> list[str]:
    """Lines moved right by `by` spaces; an empty line stays empty (no trailing spaces)."""
    pad = " " * by
    return [pad + line if line else "" for line in lines]


@dataclass(frozen=True, slots=True)
class _Insertion:
    at: int  # the 0-based line it goes before
    lines: list[str]
    tag: object  # what it was made from, for a finding in it to name


class Edit:
    """Entries appended to one YAML file of the register, each at the end of its list, in
    the file's own indentation and spacing; every other byte kept. Every place is worked
    out on the file as it was read, so a thousand entries cost one reading of it."""

    def __init__(self, text: str, what: str) -> None:
        tree, findings = read_tree(text.encode("utf-8"), what)
        if findings or not isinstance(tree, YMap):
            raise EditError(f"the {what} does not validate; fix it first (inspcheck validate)")
        self.tree = tree
        self.newline = "\r\n" if "\r\n" in text else "\n"
        self.lines = text.splitlines(keepends=True)
        self.insertions: list[_Insertion] = []
        self.opened: dict[str, int] = {}  # list key -> dash indent of a `[]` list opened

    def to_list(self, key: str, item: list[str], tag: object = None) -> None:
        """Append an item (`- ...` lines) to a top-level list, adding the list if missing."""
        items = self.tree.get(key)
        if items is None:
            if not self.insertions or self.insertions[-1].tag != ("list", key):
                self._insert(len(self.lines), ["", f"{key}:"], ("list", key))
            self._insert(len(self.lines), indented(item, 2), tag)
            return
        if not isinstance(items, YSeq):
            raise EditError(f"'{key}' is not a list; add this entry by hand")
        if not items:
            self._insert(self._open_empty(key) + 1, indented(item, self.opened[key]), tag)
            return
        if _is_flow(self.lines, self.tree.value_marks[key]):
            raise EditError(f"'{key}' is not written as a '- ' list; add this entry by hand")
        dash = _indent(self.lines, line_column(items.item_marks[0])[0])
        key_line = line_column(self.tree.key_marks[key])[0]
        at = _end_of_block(self.lines, key_line, _indent(self.lines, key_line))
        spaced = len(items) > 1 and not self.lines[line_column(items.item_marks[1])[0] - 1].strip()
        self._insert(at, [""] * spaced + indented(item, dash), tag)

    def to_response(
        self, recommendation: str, key: str, item: list[str], tag: object = None
    ) -> None:
        """Append an item to the `key` list of the file's response to recommendation (adding
        the list where it is missing). Raises NoResponse when there is no such response and
        the item is not an update (a response starts with an update)."""
        responses = self.tree.get("responses")
        if not isinstance(responses, YSeq):
            raise EditError("the responses file has no 'responses' list; fix it first")
        for index, response in enumerate(responses):
            if isinstance(response, YMap) and response.get("recommendation") == recommendation:
                self._into_response(responses, index, response, key, item, tag)
                return
        if key != "updates":
            raise NoResponse(recommendation)
        block = [f"- recommendation: {recommendation}", f"  {key}:", *indented(item, 4)]
        self.to_list("responses", block, tag)

    def _into_response(self, responses: YSeq, index: int, response: YMap, key: str,
                       item: list[str], tag: object) -> None:  # fmt: skip
        if key in response:
            items = response[key]
            if (
                not isinstance(items, YSeq)
                or not items
                or _is_flow(self.lines, response.value_marks[key])
            ):
                raise EditError(f"'{key}' is not written as a '- ' list; add this entry by hand")
            dash = _indent(self.lines, line_column(items.item_marks[0])[0])
            key_line = line_column(response.key_marks[key])[0]
            at = _end_of_block(self.lines, key_line, _indent(self.lines, key_line))
            self._insert(at, indented(item, dash), tag)
            return
        start = line_column(responses.item_marks[index])[0]
        keys = line_column(response.mark)[1]  # the response's keys line up after "- "
        at = _end_of_block(self.lines, start, _indent(self.lines, start))
        self._insert(at, [" " * keys + f"{key}:", *indented(item, keys + 2)], tag)

    def _open_empty(self, key: str) -> int:
        """A `key: []` line made `key:`, once, for the items that follow it: its index."""
        row, column = line_column(self.tree.value_marks[key])
        if key not in self.opened:
            line = self.lines[row]
            if line[column : column + 2] != "[]":
                raise EditError(f"'{key}' is not written as a '- ' list; add this entry by hand")
            self.lines[row] = line[:column].rstrip() + line[column + 2 :]
            self.opened[key] = _indent(self.lines, row) + 2
        return row

    def _insert(self, at: int, lines: list[str], tag: object) -> None:
        self.insertions.append(_Insertion(at, lines, tag))

    def result(self) -> tuple[str, list[tuple[object, int, int]]]:
        """The new text, and where each insertion landed: (tag, first line, last line),
        1-based, for a finding in it to be traced back to what it was made from."""
        out: list[str] = []
        landed: list[tuple[object, int, int]] = []
        ordered = sorted(enumerate(self.insertions), key=lambda pair: (pair[1].at, pair[0]))
        done = 0
        for _, insertion in ordered:
            out += self.lines[done : insertion.at]
            done = insertion.at
            if out and not out[-1].endswith(("\n", "\r")):
                out[-1] += self.newline
            first = len(out) + 1
            out += [line + self.newline for line in insertion.lines]
            landed.append((insertion.tag, first, len(out)))
        out += self.lines[done:]
        return "".join(out), landed


class NoResponse(EditError):
    """Evidence or an extension for an obligation with no response yet: a response starts
    with an update. `owners`: the recommendation's owners, once the register is read."""

    def __init__(self, recommendation: str, owners: tuple[str, ...] = ()) -> None:
        super().__init__(f"no response to '{recommendation}' yet")
        self.owners = owners


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
