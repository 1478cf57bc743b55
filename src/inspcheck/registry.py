"""Every rule inspcheck reports, declared once: its id, its severity, where it arises, and
what it means in a line. As yamllint gives each rule an ID and keeps a registry of them,
so here: code reports a rule by its constant (`YAML_SYNTAX.at(file, line, column, msg)`),
`validate --list-rules` prints the registry, and a test holds docs/rules.md to it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from inspcheck.findings import Finding, Severity


class Group(StrEnum):
    """Where a rule arises, in the order docs/rules.md gives them."""

    READING = "reading the files"
    KEYS = "keys and values"
    BETWEEN = "between files"
    ATTENTION = "attention"
    IMPORT = "importing a tracker"


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    severity: Severity
    group: Group
    meaning: str

    def at(self, file: str, line: int, column: int, message: str) -> Finding:
        """This rule's finding at one place."""
        return Finding(file, line, column, self.id, self.severity, message)


RULES: dict[str, Rule] = {}


def _rule(id: str, severity: Severity, group: Group, meaning: str) -> Rule:
    assert id not in RULES, f"rule {id} declared twice"
    rule = RULES[id] = Rule(id, severity, group, meaning)
    return rule


E, W = Severity.ERROR, Severity.WARNING
R, K, B, A, T = Group.READING, Group.KEYS, Group.BETWEEN, Group.ATTENTION, Group.IMPORT

# Reading the files
MISSING_REGISTER = _rule("missing-register", E, R, "there is no recommendations.yaml")
UNREADABLE = _rule("unreadable", E, R, "the file cannot be read (permissions)")
SYMLINK = _rule("symlink", E, R, "a data file or folder is a symbolic link")
NOT_A_FILE = _rule("not-a-file", E, R, "a folder, FIFO or device is named like a data file")
FILE_TOO_LARGE = _rule("file-too-large", E, R, "the file is over 16 MiB")
REGISTER_TOO_LARGE = _rule("register-too-large", E, R, "the data repo is over 1 GiB in all")
ENCODING = _rule("encoding", E, R, "the file is not UTF-8")
CONTROL_CHARACTER = _rule("control-character", E, R,
                          "a control, bidi or invisible character")  # fmt: skip
TAB_INDENT = _rule("tab-indent", E, R, "a tab in indentation")
CONFLICT_MARKER = _rule("conflict-marker", E, R, "a git conflict marker")
YAML_SYNTAX = _rule("yaml-syntax", E, R, "YAML that cannot be read")
MULTIPLE_DOCUMENTS = _rule("multiple-documents", E, R, "more than one YAML document")
YAML_ANCHOR = _rule("yaml-anchor", E, R, "an anchor, &name")
YAML_ALIAS = _rule("yaml-alias", E, R, "an alias, *name")
YAML_TAG = _rule("yaml-tag", E, R, "a tag, such as !!str")
YAML_MERGE_KEY = _rule("yaml-merge-key", E, R, "a merge key, <<:")
DUPLICATE_KEY = _rule("duplicate-key", E, R, "the same key twice in one mapping")
EMPTY_KEY = _rule("empty-key", E, R, "a key that is missing")
COMPLEX_KEY = _rule("complex-key", E, R, "a key that is not plain text")
TOO_DEEP = _rule("too-deep", E, R, "nesting over 32 levels")
VALUE_TOO_LONG = _rule("value-too-long", E, R, "a value over 100,000 characters")
EMPTY_FILE = _rule("empty-file", E, R, "nothing in the file")
NOT_A_MAPPING = _rule("not-a-mapping", E, R, "the file is a list or a text, not a mapping")

# Keys and values
MISSING_KEY = _rule("missing-key", E, K, "a required key is missing")
UNKNOWN_KEY = _rule("unknown-key", E, K, "a key inspcheck does not know")
UNKNOWN_VALUE = _rule("unknown-value", E, K, "a status, kind, scope, marking, priority or "
                      "version it does not know")  # fmt: skip
EMPTY_VALUE = _rule("empty-value", E, K, "`key:` with nothing after it, where text is needed")
INVALID_VALUE = _rule("invalid-value", E, K,
                      "a date, id, recurrence, number or list written wrongly")  # fmt: skip

# Between files
DUPLICATE_ID = _rule("duplicate-id", E, B, "two agencies, inspections or recommendations "
                     "with one id")  # fmt: skip
UNKNOWN_INSPECTION = _rule("unknown-inspection", E, B, "an inspection that is not there")
UNKNOWN_AGENCY = _rule("unknown-agency", E, B, "an agency that is not there")
UNKNOWN_AGENCY_KIND = _rule("unknown-agency-kind", E, B, "kind:X where no agency is of kind X")
UNKNOWN_RECOMMENDATION = _rule("unknown-recommendation", E, B,
                               "a recommendation that is not there")  # fmt: skip
DUPLICATE_RESPONSES_FILE = _rule("duplicate-responses-file", E, B,
                                 "two responses files for one agency")  # fmt: skip
NOT_OWNER = _rule("not-owner", E, B, "a response to a recommendation the agency does not own")
DUPLICATE_RESPONSE = _rule("duplicate-response", E, B,
                           "two responses of one agency to one recommendation")  # fmt: skip
FUTURE_UPDATE = _rule("future-update", E, B, "an update dated after today")
EXTENSION_NOT_LATER = _rule("extension-not-later", E, B, "an extension to a date on or "
                            "before the deadline it replaces")  # fmt: skip

# Attention, judged at the as-of date
NO_RESPONSE = _rule("no-response", W, A, "an owner has no response")
NO_EVIDENCE = _rule("no-evidence", W, A, "complete or verified with no evidence")
STALE = _rule("stale", W, A, "an open item whose latest update is older than stale_days")
OVERDUE_NO_EXTENSION = _rule("overdue-no-extension", W, A, "an open item past its deadline "
                             "with no extension asked for")  # fmt: skip
APPROVAL_WITHOUT_APPROVER = _rule("approval-without-approver", W, A,
                                  "an extension approved, with no `by`")  # fmt: skip

# Importing a tracker (named by cell: tracker.xlsx:Sheet!C12); unknown-inspection and
# unknown-agency above are reported there too.
NO_HEADER_ROW = _rule("no-header-row", E, T, "no row of the first 20 has two known headers")
NO_TEXT_COLUMN = _rule("no-text-column", E, T, "no column holds the recommendation's text")
ROW_WITHOUT_TEXT = _rule("row-without-text", W, T, "a row with no recommendation text: skipped")
FORMULA_WITHOUT_VALUE = _rule("formula-without-value", E, T,
                              "a formula saved with no value")  # fmt: skip
CELL_TOO_LONG = _rule("cell-too-long", E, T, "a cell longer than a spreadsheet cell can be")
NO_INSPECTION = _rule("no-inspection", E, T, "a row names no inspection, and --inspection is "
                      "not given")  # fmt: skip
NO_AGENCY = _rule("no-agency", E, T, "a row names no agency, and --agency is not given")
UNKNOWN_STATUS = _rule("unknown-status", E, T, "a status word that neither table knows")
UNKNOWN_KIND = _rule("unknown-kind", E, T, "a kind inspcheck does not know")
UNKNOWN_MARKING = _rule("unknown-marking", E, T, "a marking inspcheck does not know")
BAD_DATE = _rule("bad-date", E, T, "a date cell that is not a date")
NO_DUE_DATE = _rule("no-due-date", W, T, "TBC, No deadline, N/A: taken as no due date")
MONTH_ONLY_DATE = _rule("month-only-date", W, T, "a month alone: taken as its last day")
NO_UPDATE_DATE = _rule("no-update-date", E, T, "a row that reports progress, with no date "
                       "and no --as-at")  # fmt: skip
REPEATED_REF = _rule("repeated-ref", E, T, "two rows give one recommendation id")
UNUSED_PRIORITY = _rule("unused-priority", W, T, "a priority that is not high, medium or low")


def listing() -> str:
    """The registry as `validate --list-rules` prints it: by group, a rule a line."""
    lines = []
    for group in Group:
        lines.append(f"{group.value.capitalize()}:")
        lines += [f"  {r.id:<28} {r.severity:<8} {r.meaning}"
                  for r in RULES.values() if r.group is group]  # fmt: skip
        lines.append("")
    return "\n".join(lines)
