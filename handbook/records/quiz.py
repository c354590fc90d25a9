"""Knowledge checks: score a quiz document, record the result in the chain, and say who has passed.

A quiz passes when correct answers x 100 >= pass_mark x questions (exact: no rounding decides a pass).
An unanswered question counts as wrong. A pass still counts after later versions of the quiz when they
are all editorial, by the same rule as acknowledgements.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from handbook.library.catalog import Library
from handbook.library.model import Document
from handbook.publish.history import VersionList
from handbook.records.acks import changes_since
from handbook.records.chain import Event
from handbook.records.db import RecordStore
from handbook.records.profiles import Person, Profile


@dataclass(frozen=True, slots=True)
class QuestionOutcome:
    """One answered question: what was chosen (None: no answer), the right option, and the explanation."""

    index: int
    prompt: str
    chosen: int | None
    answer: int
    explanation: str

    @property
    def correct(self) -> bool:
        """Whether the chosen option is the right one."""
        return self.chosen == self.answer


@dataclass(frozen=True, slots=True)
class QuizOutcome:
    """A scored attempt at one version of a quiz."""

    quiz_id: str
    version: int
    covers: str
    pass_mark: int
    questions: tuple[QuestionOutcome, ...]

    @property
    def correct(self) -> int:
        """Questions answered correctly."""
        return sum(q.correct for q in self.questions)

    @property
    def total(self) -> int:
        """Questions in the quiz."""
        return len(self.questions)

    @property
    def percent(self) -> int:
        """The score in whole percent, for display (the pass decision does not round)."""
        return round(100 * self.correct / self.total) if self.total else 0

    @property
    def passed(self) -> bool:
        """At or above the content's pass mark."""
        return self.total > 0 and self.correct * 100 >= self.pass_mark * self.total


def score(quiz: Document, answers: Sequence[int | None]) -> QuizOutcome:
    """Score answers (option index per question, None for unanswered) against a quiz document.

    Missing trailing answers count as unanswered; extra answers are ignored.
    """
    chosen = list(answers) + [None] * max(0, len(quiz.questions) - len(answers))
    outcomes = tuple(
        QuestionOutcome(i, q.prompt, chosen[i], q.answer, q.explanation) for i, q in enumerate(quiz.questions)
    )
    return QuizOutcome(quiz.id, quiz.version, quiz.covers, quiz.pass_mark, outcomes)


def record_quiz(store: RecordStore, profile: Profile, quiz: Document, outcome: QuizOutcome) -> Event:
    """Append a quiz result to the chain (score, pass mark, pass/fail, the answers given)."""
    return store.append(
        "quiz",
        profile.id,
        profile.name,
        profile.role,
        quiz.id,
        quiz.version,
        quiz.checksum,
        {
            "covers": outcome.covers,
            "correct": outcome.correct,
            "total": outcome.total,
            "percent": outcome.percent,
            "pass_mark": outcome.pass_mark,
            "passed": outcome.passed,
            "answers": [q.chosen for q in outcome.questions],
        },
    )


@dataclass(frozen=True, slots=True)
class QuizResult:
    """A recorded attempt, read back from the chain."""

    quiz_id: str
    version: int
    covers: str
    correct: int
    total: int
    percent: int
    pass_mark: int
    passed: bool
    at: str
    person_id: str
    person_name: str
    role: str
    workstation: str


def quiz_results(events: Iterable[Event], person: Person | None = None) -> list[QuizResult]:
    """Quiz results among events (of one person when given), oldest first."""
    results = []
    for e in events:
        if e.kind != "quiz" or (person is not None and e.person_id not in person.profile_ids):
            continue
        data = e.payload
        results.append(
            QuizResult(
                e.doc_id,
                e.version,
                str(data.get("covers", "")),
                int(data.get("correct", 0)),
                int(data.get("total", 0)),
                int(data.get("percent", 0)),
                int(data.get("pass_mark", 0)),
                bool(data.get("passed", False)),
                e.recorded_at,
                e.person_id,
                e.person_name,
                e.role,
                e.workstation,
            )
        )
    return results


@dataclass(frozen=True, slots=True)
class QuizStanding:
    """Where a person stands on one quiz: a pass that still counts, attempts, best and last result."""

    quiz_id: str
    passed: bool
    attempts: int
    best_percent: int | None
    last: QuizResult | None


def standing(
    library: Library, quiz: Document, results: Iterable[QuizResult], versions: VersionList | None = None
) -> QuizStanding:
    """A person's standing on the current version of a quiz, from their results (any version)."""
    mine = [r for r in results if r.quiz_id == quiz.id]
    passes = [r for r in mine if r.passed]
    valid = any(r.version == quiz.version for r in passes)
    if not valid and passes:
        newest = max(r.version for r in passes)
        valid = newest < quiz.version and not changes_since(library, quiz, newest, versions).material
    best = max((r.percent for r in mine), default=None)
    return QuizStanding(quiz.id, valid, len(mine), best, mine[-1] if mine else None)


def quiz_for(library: Library, doc_id: str) -> Document | None:
    """The current knowledge check that covers a document (the first by id when several do)."""
    quizzes = sorted((q for q in library.of_kind("quiz") if q.covers == doc_id), key=lambda q: q.id)
    return quizzes[0] if quizzes else None
