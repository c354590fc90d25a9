"""The domain model: frozen dataclasses that core functions return and widgets render."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from handbook.library.approval import Approval, approval_state

KINDS = ("sop", "card", "checklist", "glossary", "path", "quiz")
STATUSES = ("draft", "approved", "retired")
CHANGES = ("material", "editorial")
# How an unset value reads wherever it is inserted: never empty, never 0. The markup form is bold in
# every rendering (screen, print, cards); its underscores are entities so Markdown never reads them.
UNSET_TEXT = "___ (MEDICAL DIRECTOR TO SET)"
UNSET_MARKUP = "<strong>&#95;&#95;&#95; (MEDICAL DIRECTOR TO SET)</strong>"
ID_PREFIX = {
    "sop": "SOP",
    "card": "CARD",
    "checklist": "CHK",
    "glossary": "GLO",
    "path": "PATH",
    "quiz": "QUIZ",
}


class Severity(StrEnum):
    """How bad a problem is: errors fail `lint`; warnings fail it only in strict mode."""

    ERROR = "error"
    WARNING = "warning"


def content_location(path: Path, root: Path) -> str:
    """A file's location as every problem carries it and every screen shows it: relative to the content
    folder's parent, with `/` separators (`content/sops/x.md`); a file outside it keeps its full path.

    The one place this is decided: problems are matched to files by comparing locations made here.
    """
    try:
        return path.relative_to(root.parent).as_posix()
    except ValueError:
        return path.as_posix()


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with the content, located to a file and line (line 0 = the file as a whole).

    `path` is the file's `content_location`; `str(problem)` is the one displayed form.
    """

    path: str
    line: int
    code: str
    message: str
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.code} {self.message}"


@dataclass(frozen=True, slots=True)
class Heading:
    """A `##` or `###` heading of a document body; `anchor` is what cross-links and search hits target."""

    level: int
    text: str
    anchor: str
    line: int


@dataclass(frozen=True, slots=True)
class Value:
    """A clinical number defined once in a document's front matter and inserted elsewhere as `{{name}}`.

    `value` is None while the number is unset (`value: null`, a number the clinic reference does not
    give and the medical director sets): it prints as a visible blank and no tool ever uses it.
    """

    name: str
    value: float | None
    unit: str
    label: str
    source: str
    clinic_set: bool
    doc_id: str

    @property
    def is_set(self) -> bool:
        """Whether the value has a number (an unset value has none yet)."""
        return self.value is not None

    @property
    def text(self) -> str:
        """The number as it is printed: `0.5`, `140` (never `140.0`); the visible blank when unset."""
        return UNSET_TEXT if self.value is None else f"{self.value:g}"

    @property
    def markup(self) -> str:
        """What `{{name}}` becomes in rendered Markdown: the number, or the blank in bold when unset."""
        return UNSET_MARKUP if self.value is None else self.text


@dataclass(frozen=True, slots=True)
class ChecklistItem:
    """One task-list item; `group` is the heading it sits under."""

    group: str
    text: str
    line: int


@dataclass(frozen=True, slots=True)
class ReadingStep:
    """One document of a role's reading path, due a number of days after a person starts."""

    doc_id: str
    due_days: int


@dataclass(frozen=True, slots=True)
class QuizQuestion:
    """A knowledge-check question: options in order, the index of the correct one, its explanation."""

    prompt: str
    options: tuple[str, ...]
    answer: int
    explanation: str
    line: int


@dataclass(frozen=True, slots=True)
class Document:
    """One content file: its front matter, its Markdown body and what was parsed out of it.

    `body_line` is the file line on which the body starts, so body-relative problems report real lines.
    """

    id: str
    title: str
    kind: str
    category: str
    audience: tuple[str, ...]
    version: int
    status: str
    effective: dt.date
    review_by: dt.date
    owner: str
    approved_by: str
    consensus: tuple[str, ...]
    summary: str
    keywords: tuple[str, ...]
    change: str
    change_note: str
    path: Path
    body: str
    body_line: int
    checksum: str
    headings: tuple[Heading, ...] = ()
    values: tuple[Value, ...] = ()
    checklist: tuple[ChecklistItem, ...] = ()
    role: str = ""
    reading: tuple[ReadingStep, ...] = ()
    covers: str = ""
    pass_mark: int = 0
    questions: tuple[QuizQuestion, ...] = ()
    approval: Approval | None = None
    text_sha256: str = ""
    field_lines: dict[str, int] = field(default_factory=dict, compare=False, hash=False)

    @property
    def is_current(self) -> bool:
        """Shown to staff as in force: approved (drafts and retired documents are not)."""
        return self.status == "approved"

    @property
    def approval_state(self) -> str:
        """`approved` when the approval record matches this text; else draft, retired, unrecorded,
        stale-version or changed (see `approval.approval_state`).
        """
        return approval_state(self.status, self.approval, self.version, self.text_sha256)

    def is_overdue(self, today: dt.date) -> bool:
        """An approved document whose review date has passed."""
        return self.is_current and self.review_by < today

    def anchors(self) -> frozenset[str]:
        """Every anchor a cross-link may target in this document."""
        return frozenset(h.anchor for h in self.headings)

    def heading_for(self, anchor: str) -> Heading | None:
        """The heading with this anchor, or None."""
        return next((h for h in self.headings if h.anchor == anchor), None)


@dataclass(frozen=True, slots=True)
class ConsensusPoint:
    """An APA consensus point the clinic's approved documents must implement."""

    id: str
    title: str
    meaning: str


@dataclass(frozen=True, slots=True)
class HandbookInfo:
    """The handbook's edition and vocabularies, from `content/handbook.yaml`."""

    title: str = "Clinic handbook"
    edition: str = ""
    released: dt.date | None = None
    review_warning_days: int = 30
    notice: str = ""
    roles: tuple[tuple[str, str], ...] = ()
    categories: tuple[tuple[str, str], ...] = ()

    def role_label(self, role: str) -> str:
        """Readable name of a role id (the id itself when unknown)."""
        return dict(self.roles).get(role, role)

    def category_label(self, category: str) -> str:
        """Readable name of a category id (the id itself when unknown)."""
        return dict(self.categories).get(category, category)
