"""Reading structure out of a Markdown body: headings and anchors, task lists, quiz questions, links.

Works on source lines (outside fenced code) so every finding carries its line in the file.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from handbook.library.model import ChecklistItem, Heading, QuizQuestion

_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_TASK = re.compile(r"^\s*[-*+]\s+\[( |x|X)\]\s+(.+)$")
_FENCE = re.compile(r"^\s*(```|~~~)")
_LINK = re.compile(r"\[[^\]]*\]\(\s*([^)\s]+)\s*\)")
VALUE_REF = re.compile(r"\{\{\s*([A-Za-z0-9_]+)\s*\}\}")
DOC_ID = re.compile(r"^[A-Z]+-[A-Z0-9]{2,6}-\d{3}$")


def unknown_value(name: str) -> str:
    """How a `{{name}}` with no value reads: visible, never silently empty or guessed."""
    return f"[unknown value: {name}]"


def substitute_values(
    text: str, texts: Mapping[str, str], missing: Callable[[str], str] = unknown_value
) -> str:
    """The one `{{name}}` substitution: each reference becomes its value's text, or `missing(name)`."""

    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        return texts[name] if name in texts else missing(name)

    return VALUE_REF.sub(replace, text)


def slugify(text: str, separator: str = "-") -> str:
    """Anchor of a heading: lower case, runs of anything not a letter or digit become one separator.

    The same function is handed to Markdown's toc extension, so rendered ids and lint agree.
    """
    text = re.sub(r"\{\{\s*([A-Za-z0-9_]+)\s*\}\}", r"\1", text)
    text = re.sub(r"[`*_]", "", text)
    return re.sub(r"[^0-9a-z]+", separator, text.lower()).strip(separator)


def lines_outside_code(body: str, first_line: int) -> Iterator[tuple[int, str]]:
    """(file line number, text) of each body line that is not inside a fenced code block."""
    fenced = False
    for offset, line in enumerate(body.splitlines()):
        if _FENCE.match(line):
            fenced = not fenced
            continue
        if not fenced:
            yield first_line + offset, line


def headings(body: str, first_line: int) -> tuple[Heading, ...]:
    """Every `##`..`######` heading with a unique anchor (repeats get `_1`, `_2` as Markdown's toc does)."""
    seen: set[str] = set()
    found = []
    for number, line in lines_outside_code(body, first_line):
        match = _HEADING.match(line)
        if not match or len(match.group(1)) < 2:
            continue
        text = match.group(2).strip()
        anchor = base = slugify(text) or "section"
        counter = 0
        while anchor in seen:
            counter += 1
            anchor = f"{base}_{counter}"
        seen.add(anchor)
        found.append(Heading(len(match.group(1)), text, anchor, number))
    return tuple(found)


def checklist_items(body: str, first_line: int) -> tuple[ChecklistItem, ...]:
    """Task-list items (`- [ ] text`) with the heading they sit under."""
    group = ""
    items = []
    for number, line in lines_outside_code(body, first_line):
        heading = _HEADING.match(line)
        if heading:
            group = heading.group(2).strip()
            continue
        task = _TASK.match(line)
        if task:
            items.append(ChecklistItem(group, task.group(2).strip(), number))
    return tuple(items)


def quiz_questions(body: str, first_line: int) -> tuple[list[QuizQuestion], list[tuple[int, str]]]:
    """Questions of a quiz body; the second list holds (line, reason) for each malformed question."""
    questions: list[QuizQuestion] = []
    errors: list[tuple[int, str]] = []
    current: dict[str, Any] | None = None

    def finish() -> None:
        if current is None:
            return
        answers = [i for i, correct in enumerate(current["correct"]) if correct]
        if len(current["options"]) < 2:
            errors.append((current["line"], f"question '{current['prompt']}' needs at least two options"))
        elif len(answers) != 1:
            errors.append((current["line"], f"question '{current['prompt']}' needs exactly one [x] answer"))
        else:
            questions.append(
                QuizQuestion(
                    current["prompt"],
                    tuple(current["options"]),
                    answers[0],
                    current["explanation"],
                    current["line"],
                )
            )

    for number, line in lines_outside_code(body, first_line):
        heading = _HEADING.match(line)
        if heading and len(heading.group(1)) == 2:
            finish()
            current = {
                "prompt": heading.group(2).strip(),
                "options": [],
                "correct": [],
                "explanation": "",
                "line": number,
            }
            continue
        if current is None:
            continue
        task = _TASK.match(line)
        if task:
            current["options"].append(task.group(2).strip())
            current["correct"].append(task.group(1) in "xX")
        elif line.strip().lower().startswith("explanation:"):
            current["explanation"] = line.strip()[len("explanation:") :].strip()
    finish()
    return questions, errors


def links(body: str, first_line: int) -> Iterator[tuple[int, str]]:
    """(line, target) of every inline Markdown link."""
    for number, line in lines_outside_code(body, first_line):
        for match in _LINK.finditer(line):
            yield number, match.group(1)


def value_refs(body: str, first_line: int) -> Iterator[tuple[int, str]]:
    """(line, name) of every `{{name}}` value reference."""
    for number, line in lines_outside_code(body, first_line):
        for match in VALUE_REF.finditer(line):
            yield number, match.group(1)
