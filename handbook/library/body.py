"""Reading structure out of a Markdown body: headings and anchors, task lists, quiz questions, links.

Works on source lines (outside fenced code) so every finding carries its line in the file.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from handbook.library.model import ChecklistItem, Heading, QuizQuestion

# Linear on any line (the lazy `(.+?)\s*#*\s*$` this replaces was cubic: 2,000 spaces took 13 s).
_HEADING_START = re.compile(r"^(#{1,6})\s+(\S.*)$")
_TASK = re.compile(r"^\s*[-*+]\s+\[( |x|X)\]\s+(.+)$")
_FENCE = re.compile(r"^\s*(```|~~~)")
_LINK_TARGET = re.compile(r"\s*([^)\s]{1,2048})\s*\)")
# Render and lint limits: beyond these Python-Markdown slows down quadratically or recurses too deep.
MAX_BODY_CHARS = 150_000
MAX_LINE_CHARS = 10_000
MAX_DEPTH = 16
MAX_BRACKETS_PER_BLOCK = 200
MAX_BRACKETS = 5_000
_NESTING = re.compile(r"^[ \t]*(?:(?:[-*+]|\d{1,9}[.)]|>)[ \t]*)+")
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


def heading(line: str) -> tuple[int, str] | None:
    """(level, text) of an ATX heading line (`## Title ##` -> (2, "Title")), or None. Linear time."""
    found = _HEADING_START.match(line)
    if not found:
        return None
    raw = found.group(2)
    return len(found.group(1)), raw.rstrip().rstrip("#").rstrip() or raw.strip()[:1]


def lines_outside_code(body: str, first_line: int) -> Iterator[tuple[int, str]]:
    """(file line number, text) of each body line that is not inside a fenced code block.

    A line is cut at MAX_LINE_CHARS (lint refuses longer ones), so no pattern ever scans more.
    """
    fenced = False
    for offset, line in enumerate(body.splitlines()):
        if _FENCE.match(line):
            fenced = not fenced
            continue
        if not fenced:
            yield first_line + offset, line[:MAX_LINE_CHARS]


def render_limits(body: str) -> tuple[int, str] | None:
    """(body line offset, reason) of the first thing that makes a body too costly to render, or None.

    Linear in the body. Checked by lint (B001) and by the renderer, which shows the reason instead.
    """
    if len(body) > MAX_BODY_CHARS:
        return 0, f"the body has {len(body):,} characters; at most {MAX_BODY_CHARS:,} can be shown"
    total = 0
    block_brackets, block_start = 0, 0
    for offset, line in enumerate(body.splitlines()):
        if len(line) > MAX_LINE_CHARS:
            return offset, f"a line of {len(line):,} characters (at most {MAX_LINE_CHARS:,})"
        nesting = _NESTING.match(line)
        if nesting:
            run = nesting.group(0)
            indent = len(run) - len(run.lstrip(" \t"))
            depth = indent // 2 + sum(run.count(mark) for mark in "-*+>") + len(re.findall(r"\d[.)]", run))
            if depth > MAX_DEPTH:
                return offset, f"lists or quotes nested {depth} deep (at most {MAX_DEPTH})"
        if not line.strip():
            block_brackets, block_start = 0, offset + 1
            continue
        brackets = line.count("[")
        block_brackets += brackets
        total += brackets
        if block_brackets > MAX_BRACKETS_PER_BLOCK:
            return block_start, f"a paragraph with more than {MAX_BRACKETS_PER_BLOCK} '[' (links are limited)"
        if total > MAX_BRACKETS:
            return offset, f"more than {MAX_BRACKETS} '[' in the document (links are limited)"
    return None


def headings(body: str, first_line: int) -> tuple[Heading, ...]:
    """Every `##`..`######` heading with a unique anchor (repeats get `_1`, `_2` as Markdown's toc does)."""
    seen: set[str] = set()
    found = []
    for number, line in lines_outside_code(body, first_line):
        match = heading(line)
        if not match or match[0] < 2:
            continue
        level, text = match
        anchor = base = slugify(text) or "section"
        counter = 0
        while anchor in seen:
            counter += 1
            anchor = f"{base}_{counter}"
        seen.add(anchor)
        found.append(Heading(level, text, anchor, number))
    return tuple(found)


def checklist_items(body: str, first_line: int) -> tuple[ChecklistItem, ...]:
    """Task-list items (`- [ ] text`) with the heading they sit under."""
    group = ""
    items = []
    for number, line in lines_outside_code(body, first_line):
        title = heading(line)
        if title:
            group = title[1]
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
        title = heading(line)
        if title and title[0] == 2:
            finish()
            current = {
                "prompt": title[1],
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
        # Linear: find each `](`, check a `[` opens it, then read the target (the single regex this
        # replaces rescanned the rest of the line from every `[`).
        start = 0
        while (close := line.find("](", start)) != -1:
            start = close + 2
            if line.rfind("[", 0, close) <= line.rfind("]", 0, close):
                continue
            target = _LINK_TARGET.match(line, close + 2)
            if target:
                start = target.end()
                yield number, target.group(1)


def value_refs(body: str, first_line: int) -> Iterator[tuple[int, str]]:
    """(line, name) of every `{{name}}` value reference."""
    for number, line in lines_outside_code(body, first_line):
        for match in VALUE_REF.finditer(line):
            yield number, match.group(1)
