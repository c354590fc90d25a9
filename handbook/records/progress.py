"""Where a person stands: must they (re)acknowledge a document, and their reading-path dashboard.

Reading paths come from the current `path` documents for the person's role (several paths for one role
are read in id order; a document listed twice counts once, at its first place). A step is due
`due_days` after the person's start date; after a material change it is due `due_days` after the later
of the start date and the new version's effective date. A step is done when the current version is
acknowledged (or an earlier one with only editorial changes since) and the knowledge check covering the
document, if there is one, is passed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from handbook.library.catalog import Library
from handbook.library.model import Document, ReadingStep
from handbook.publish.history import VersionList, document_versions
from handbook.records.acks import ChangesSince, acks_of, changes_since
from handbook.records.chain import Event
from handbook.records.db import RecordStore
from handbook.records.profiles import Person, Profile, resolve
from handbook.records.quiz import QuizStanding, quiz_for, quiz_results, standing

# Acknowledgement states.
NONE, CURRENT, CARRIED, STALE, NOT_APPLICABLE = "none", "current", "carried", "stale", "not-applicable"
# Reading-path step states.
TO_READ, RE_READ, QUIZ, DONE, MISSING = "to-read", "re-read", "quiz", "done", "missing"


@dataclass(frozen=True, slots=True)
class AckState:
    """Whether a person's acknowledgement of a document holds for its current version.

    status: `none` (never acknowledged), `current` (this version), `carried` (an earlier version, only
    editorial changes since), `stale` (a material change since: re-read the redline and acknowledge) or
    `not-applicable` (a draft or retired document). `required` is True when the document is on the
    person's reading path or they acknowledged it before. `checksum_matches` compares the file now with
    the one acknowledged (None when no acknowledgement of this version exists); a mismatch at the same
    version is reported, not enforced: the version is the unit of approval.
    """

    doc_id: str
    version: int
    status: str
    acknowledged_version: int | None
    acknowledged_at: str
    required: bool
    changes: ChangesSince | None
    checksum_matches: bool | None

    @property
    def can_acknowledge(self) -> bool:
        """An acknowledgement of the current version would add something."""
        return self.status in (NONE, STALE)

    @property
    def must_acknowledge(self) -> bool:
        """The person is expected to (re)acknowledge now: the main window's banner condition."""
        return self.required and self.can_acknowledge


class _Versions(dict[str, VersionList]):
    """Version lists read once per call (history files are parsed on first need)."""

    def __init__(self, library: Library) -> None:
        super().__init__()
        self.library = library

    def __missing__(self, doc_id: str) -> VersionList:
        found = document_versions(self.library, doc_id)
        self[doc_id] = found
        return found


def path_steps(library: Library, role: str) -> list[ReadingStep]:
    """The reading steps of a role: its current path documents in id order, each document once."""
    steps: dict[str, ReadingStep] = {}
    for path in sorted((p for p in library.of_kind("path") if p.role == role), key=lambda p: p.id):
        for step in path.reading:
            steps.setdefault(step.doc_id, step)
    return list(steps.values())


def _ack_state(
    library: Library, doc: Document, acks: Sequence[Event], required: bool, versions: _Versions
) -> AckState:
    if not doc.is_current:
        return AckState(doc.id, doc.version, NOT_APPLICABLE, None, "", False, None, None)
    this = [a for a in acks if a.version == doc.version]
    if this:
        last = this[-1]
        matches = any(a.checksum == doc.checksum for a in this)
        return AckState(doc.id, doc.version, CURRENT, doc.version, last.recorded_at, required, None, matches)
    older = [a for a in acks if a.version < doc.version]
    chosen = max(older, key=lambda a: (a.version, a.recorded_at)) if older else None
    if chosen is None and acks:  # only versions newer than the one in force (content rolled back)
        chosen = max(acks, key=lambda a: (a.version, a.recorded_at))
    if chosen is None:
        return AckState(doc.id, doc.version, NONE, None, "", required, None, None)
    changes = changes_since(library, doc, chosen.version, versions[doc.id])
    status = STALE if changes.material else CARRIED
    return AckState(doc.id, doc.version, status, chosen.version, chosen.recorded_at, True, changes, None)


def ack_state(store: RecordStore, person: Profile | Person, doc: Document, library: Library) -> AckState:
    """Must this person (re)acknowledge this document? Call it when a document is opened."""
    who = resolve(store, person)
    acks = acks_of(store.events(kind="ack", doc_id=doc.id), who, doc.id)
    required = any(step.doc_id == doc.id for step in path_steps(library, who.role))
    return _ack_state(library, doc, acks, required or bool(acks), _Versions(library))


@dataclass(frozen=True, slots=True)
class PathItem:
    """One step of a person's reading path and where they stand on it."""

    position: int
    doc_id: str
    title: str
    kind: str
    due: dt.date
    status: str
    overdue: bool
    ack: AckState | None
    quiz_id: str
    quiz: QuizStanding | None


@dataclass(frozen=True, slots=True)
class Progress:
    """A person's dashboard: their reading path in order, with what is done, to do, stale and overdue."""

    person: Person
    today: dt.date
    items: tuple[PathItem, ...]

    @property
    def counted(self) -> list[PathItem]:
        """Steps that exist in the content (a path may name a revoked document)."""
        return [i for i in self.items if i.status != MISSING]

    @property
    def done(self) -> int:
        """Steps done."""
        return sum(i.status == DONE for i in self.items)

    @property
    def total(self) -> int:
        """Steps that count."""
        return len(self.counted)

    @property
    def overdue(self) -> int:
        """Steps past their due date and not done."""
        return sum(i.overdue for i in self.items)

    @property
    def stale(self) -> int:
        """Steps to re-read after a material change."""
        return sum(i.status == RE_READ for i in self.items)

    @property
    def percent(self) -> int:
        """Done as a whole percentage (100 for an empty path)."""
        return 100 * self.done // self.total if self.total else 100

    @property
    def next_item(self) -> PathItem | None:
        """What to do next: the first step, in path order, that is not done."""
        return next((i for i in self.counted if i.status != DONE), None)


def dashboard(
    store: RecordStore,
    person: Profile | Person,
    library: Library,
    today: dt.date | None = None,
    events: Sequence[Event] | None = None,
) -> Progress:
    """The person's reading path with every step's state (one read of the records; `events` reuses one)."""
    today = today or dt.date.today()
    who = resolve(store, person)
    events = list(events) if events is not None else store.events()
    acks = acks_of(events, who)
    results = quiz_results(events, who)
    versions = _Versions(library)
    items = []
    for position, step in enumerate(path_steps(library, who.role), start=1):
        doc = library.get(step.doc_id)
        due = who.start_date + dt.timedelta(days=step.due_days)
        if doc is None or not doc.is_current:
            items.append(PathItem(position, step.doc_id, "", "", due, MISSING, False, None, "", None))
            continue
        state = _ack_state(library, doc, [a for a in acks if a.doc_id == doc.id], True, versions)
        quiz = quiz_for(library, doc.id)
        quiz_standing = standing(library, quiz, results, versions[quiz.id]) if quiz else None
        if state.status == STALE:
            status = RE_READ
            due = max(who.start_date, doc.effective) + dt.timedelta(days=step.due_days)
        elif state.status == NONE:
            status = TO_READ
        elif quiz_standing is not None and not quiz_standing.passed:
            status = QUIZ
        else:
            status = DONE
        overdue = status != DONE and today > due
        items.append(
            PathItem(position, doc.id, doc.title, doc.kind, due, status, overdue, state, quiz.id if quiz else "",
                     quiz_standing)
        )  # fmt: skip
    return Progress(who, today, tuple(items))
