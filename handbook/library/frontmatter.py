"""Front-matter parsing: the YAML block between two `---` lines at the top of a document.

A malformed header never raises: it becomes a `Problem` with the file's line, so the loader can go on
with the next file.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

import yaml

from handbook.library import value_checks
from handbook.library.approval import parse_record
from handbook.library.model import CHANGES, ID_PREFIX, KINDS, STATUSES, Problem, ReadingStep, Value

# libyaml (C) when available: loading every document at start-up is on the hot path.
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when available: safe and fast
_KEY_LINE = re.compile(r"^([A-Za-z_][\w-]*)\s*:")
VALUE_NAME = re.compile(r"^[a-z][a-z0-9_]*$")

REQUIRED_TEXT = ("id", "title", "kind", "category", "status", "owner", "approved_by", "summary", "change")
REQUIRED_FIELDS = (*REQUIRED_TEXT, "audience", "version", "effective", "review_by", "consensus", "keywords")
OPTIONAL_FIELDS = ("change_note", "values", "role", "reading", "covers", "pass_mark", "approval")
# Only an approved document names its approver; a draft may leave `approved_by` empty.
_APPROVED_ONLY = ("approved_by",)


@dataclass(frozen=True, slots=True)
class Header:
    """The parsed front matter: raw mapping, line of each key, where the body starts."""

    fields: dict[str, Any]
    field_lines: dict[str, int]
    body: str
    body_line: int


def split(text: str, path: str) -> tuple[Header | None, list[Problem]]:
    """Separate front matter from body; None plus an H001 problem when the block is absent or bad YAML."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        return None, [Problem(path, 1, "H001", "no front matter: the file must start with a '---' line")]
    end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
    if end is None:
        return None, [Problem(path, 1, "H001", "front matter is not closed by a '---' line")]
    block = "".join(lines[1:end])
    try:
        fields = yaml.load(block, Loader=YAML_LOADER)  # noqa: S506 - a safe loader
    except yaml.YAMLError as exc:
        # An unclosed bracket is reported at the end of the block; where it opened is more useful.
        mark = getattr(exc, "context_mark", None) or getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        return None, [Problem(path, line, "H001", f"malformed YAML in front matter: {reason}")]
    if not isinstance(fields, dict):
        return None, [Problem(path, 1, "H001", "front matter must be a mapping of 'key: value' lines")]
    field_lines: dict[str, int] = {}
    for number, line in enumerate(lines[1:end], start=2):
        match = _KEY_LINE.match(line)
        if match:
            field_lines.setdefault(match.group(1), number)
    return Header(fields, field_lines, "".join(lines[end + 1 :]), end + 2), []


def _as_date(raw: Any) -> dt.date | None:
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    if isinstance(raw, str):
        try:
            return dt.date.fromisoformat(raw)
        except ValueError:
            return None
    return None


def _as_str_list(raw: Any) -> tuple[str, ...] | None:
    if isinstance(raw, str):
        return (raw,)
    if isinstance(raw, list) and all(isinstance(item, str | int | float) for item in raw):
        return tuple(str(item) for item in raw)
    return None


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """What front-matter values may name: roles and categories from handbook.yaml."""

    roles: frozenset[str]
    categories: frozenset[str]
    known: bool = True  # False when handbook.yaml is unusable: its one problem is then the only one reported


def check_fields(header: Header, path: str, vocabulary: Vocabulary) -> tuple[dict[str, Any], list[Problem]]:
    """Type-check the front matter; return the cleaned fields and problems (H002, H003, H004, V002, Q001).

    A document whose required fields are missing or mistyped gets an error for each; the caller decides
    whether it can still be shown (`is_loadable`).
    """
    raw, lines = header.fields, header.field_lines
    problems: list[Problem] = []
    clean: dict[str, Any] = {}

    def problem(key: str, code: str, message: str) -> None:
        problems.append(Problem(path, lines.get(key, 1), code, message))

    for key in REQUIRED_FIELDS:
        if key in _APPROVED_ONLY and raw.get("status") != "approved":
            continue
        if key not in raw or raw[key] is None or raw[key] == "":
            problem(key, "H002", f"missing required field '{key}'")
    for key in REQUIRED_TEXT:
        value = raw.get(key)
        if value not in (None, "") and not isinstance(value, str):
            problem(key, "H003", f"'{key}' must be text, got {type(value).__name__}")
        elif isinstance(value, str) and value.strip():
            clean[key] = value.strip()
    clean["change_note"] = str(raw.get("change_note") or "").strip()

    kind = clean.get("kind")
    if kind is not None and kind not in KINDS:
        problem("kind", "H003", f"unknown kind '{kind}' (one of: {', '.join(KINDS)})")
        clean.pop("kind")
    status = clean.get("status")
    if status is not None and status not in STATUSES:
        problem("status", "H003", f"unknown status '{status}' (one of: {', '.join(STATUSES)})")
        clean.pop("status")
    change = clean.get("change")
    if change is not None and change not in CHANGES:
        problem("change", "H003", f"unknown change '{change}' (one of: {', '.join(CHANGES)})")
        clean.pop("change")
    category = clean.get("category")
    if category is not None and vocabulary.known and category not in vocabulary.categories:
        problem("category", "H003", f"unknown category '{category}' (see content/handbook.yaml)")
    doc_id = clean.get("id")
    if doc_id is not None and kind in ID_PREFIX:
        pattern = rf"^{ID_PREFIX[kind]}-[A-Z0-9]{{2,6}}-\d{{3}}$"
        if not re.match(pattern, doc_id):
            problem(
                "id", "H004", f"id '{doc_id}' does not match {ID_PREFIX[kind]}-AREA-NNN for kind '{kind}'"
            )

    version = raw.get("version")
    if version is not None:
        reason = value_checks.version_problem(version)
        if reason:
            problem("version", "H003", reason)
        else:
            clean["version"] = version
    for key in ("effective", "review_by"):
        if raw.get(key) is not None:
            date = _as_date(raw[key])
            if date is None:
                problem(key, "H003", f"'{key}' must be a date YYYY-MM-DD, got {raw[key]!r}")
            else:
                clean[key] = date
    if "effective" in clean and "review_by" in clean and clean["review_by"] <= clean["effective"]:
        problem("review_by", "H003", "'review_by' must be after 'effective'")

    for key in ("audience", "consensus", "keywords"):
        if key in raw and raw[key] is not None:
            items = _as_str_list(raw[key]) if raw[key] != [] else ()
            if items is None:
                problem(key, "H003", f"'{key}' must be a list of words, e.g. [a, b]")
            else:
                clean[key] = items
    for role in clean.get("audience", ()):
        if vocabulary.known and role not in vocabulary.roles:
            problem("audience", "H003", f"unknown role '{role}' in audience (see content/handbook.yaml)")

    record, reason = parse_record(raw.get("approval"))
    if reason:
        problem("approval", "A005", reason)
    clean["approval"] = record
    clean["values"] = _check_values(raw.get("values"), clean.get("id", ""), path, lines, problems)
    _check_kind_extras(raw, kind, clean, path, lines, vocabulary, problems)
    unknown = sorted(set(raw) - set(REQUIRED_FIELDS) - set(OPTIONAL_FIELDS))
    for key in unknown:
        problem(key, "H003", f"unknown front-matter field '{key}'")
    return clean, problems


def is_loadable(clean: dict[str, Any]) -> bool:
    """Whether enough of the header is sound to show the document (identity, dates and version)."""
    return all(key in clean for key in ("id", "title", "kind", "status", "version", "effective", "review_by"))


def _check_values(
    raw: Any, doc_id: str, path: str, lines: dict[str, int], problems: list[Problem]
) -> tuple[Any, ...]:
    if raw is None or raw == {}:
        return ()
    line = lines.get("values", 1)
    if not isinstance(raw, dict):
        problems.append(Problem(path, line, "V002", "'values' must be a mapping of name: {value, unit, ...}"))
        return ()
    values = []
    for name, spec in raw.items():
        where = f"value '{name}'"
        if not isinstance(name, str) or not VALUE_NAME.match(name):
            problems.append(Problem(path, line, "V002", f"{where}: names are lower_case_with_underscores"))
            continue
        if not isinstance(spec, dict):
            problems.append(
                Problem(path, line, "V002", f"{where} must be a mapping with value, unit, source")
            )
            continue
        number = spec.get("value")
        unset = "value" in spec and number is None  # `value: null`: the medical director sets it
        if not unset and (isinstance(number, bool) or not isinstance(number, int | float)):
            problems.append(Problem(path, line, "V002", f"{where}: 'value' must be a number, got {number!r}"))
            continue
        if unset:
            reason = value_checks.unit_problem(spec.get("unit"))
        else:
            reason = value_checks.value_problem(number, spec.get("unit"))
        if reason:
            problems.append(Problem(path, line, "V005", f"{where}: {reason}"))
            continue
        source = str(spec.get("source") or "").strip()
        if not source:
            problems.append(Problem(path, line, "V002", f"{where} has no 'source'"))
            continue
        values.append(
            Value(
                name=name,
                value=number,
                unit=str(spec.get("unit") or ""),
                label=str(spec.get("label") or name),
                source=source,
                clinic_set=bool(spec.get("clinic_set", False)),
                doc_id=doc_id,
            )
        )
    for reason in value_checks.pair_problems((v.name, v.value) for v in values if v.value is not None):
        problems.append(Problem(path, line, "V006", reason))
    return tuple(values)


def _check_kind_extras(
    raw: dict[str, Any],
    kind: str | None,
    clean: dict[str, Any],
    path: str,
    lines: dict[str, int],
    vocabulary: Vocabulary,
    problems: list[Problem],
) -> None:
    """Fields only paths and quizzes carry: a reading list, the document a quiz covers, its pass mark."""
    if kind == "path":
        role = raw.get("role")
        if not isinstance(role, str) or (vocabulary.known and role not in vocabulary.roles):
            problems.append(
                Problem(path, lines.get("role", 1), "Q001", f"path needs a known 'role', got {role!r}")
            )
        else:
            clean["role"] = role
        steps = []
        reading = raw.get("reading")
        if not isinstance(reading, list) or not reading:
            problems.append(
                Problem(path, lines.get("reading", 1), "Q001", "path needs a non-empty 'reading' list")
            )
        else:
            for step in reading:
                if (
                    isinstance(step, dict)
                    and isinstance(step.get("doc"), str)
                    and isinstance(step.get("due_days", 0), int)
                ):
                    steps.append(ReadingStep(step["doc"], int(step.get("due_days", 0))))
                else:
                    problems.append(
                        Problem(
                            path,
                            lines.get("reading", 1),
                            "Q001",
                            f"reading step {step!r} needs doc and due_days",
                        )
                    )
        clean["reading"] = tuple(steps)
    if kind == "quiz":
        covers = raw.get("covers")
        if not isinstance(covers, str) or not covers:
            problems.append(Problem(path, lines.get("covers", 1), "Q001", "quiz needs 'covers: DOCUMENT-ID'"))
        else:
            clean["covers"] = covers
        mark = raw.get("pass_mark")
        if isinstance(mark, bool) or not isinstance(mark, int) or not 0 < mark <= 100:
            problems.append(
                Problem(path, lines.get("pass_mark", 1), "Q001", "quiz needs 'pass_mark' from 1 to 100")
            )
        else:
            clean["pass_mark"] = mark
