"""Knowledge checks: scoring against the pass mark, recording, and when a pass still counts."""

from __future__ import annotations

import dataclasses

import pytest

from handbook.library.model import QuizQuestion
from handbook.records.quiz import quiz_for, quiz_results, record_quiz, score, standing
from tests.records.conftest import QUIZ


def five_questions(quiz, pass_mark: int):
    """The quiz with five two-option questions (answer: option 0) and a pass mark."""
    question = QuizQuestion("Q?", ("right", "wrong"), 0, "see [x](SOP-MON-001#vital-signs)", 1)
    return dataclasses.replace(quiz, questions=(question,) * 5, pass_mark=pass_mark)


@pytest.mark.parametrize(("right", "passed"), [(5, True), (4, True), (3, False), (0, False)])
def test_quiz_pass_mark_is_inclusive(library, right, passed):
    """With pass mark 80, 4 of 5 passes and 3 of 5 does not."""
    quiz = five_questions(library.get("QUIZ-MON-001"), 80)
    outcome = score(quiz, [0] * right + [1] * (5 - right))
    assert (outcome.correct, outcome.percent, outcome.passed) == (right, right * 20, passed)


def test_quiz_pass_decided_without_rounding(library):
    """2 of 3 is 66.67%: it fails a pass mark of 67 even though it displays as 67%."""
    quiz = dataclasses.replace(five_questions(library.get("QUIZ-MON-001"), 67), questions=five_questions(
        library.get("QUIZ-MON-001"), 67).questions[:3])  # fmt: skip
    outcome = score(quiz, [0, 0, 1])
    assert (outcome.percent, outcome.passed) == (67, False)


def test_quiz_unanswered_counts_wrong(library):
    """None and missing trailing answers are wrong, never an error."""
    outcome = score(library.get("QUIZ-MON-001"), [1])
    assert [q.chosen for q in outcome.questions] == [1, None]
    assert (outcome.correct, outcome.passed) == (1, False)


def test_quiz_outcome_keeps_explanations(library):
    """Each scored question carries the explanation with its doc link."""
    outcome = score(library.get("QUIZ-MON-001"), [1, 0])
    assert "SOP-MON-001#vital-signs" in outcome.questions[0].explanation


def test_quiz_record_reads_back(store, nurse, library):
    """A recorded attempt is a chained row with the score, pass mark and answers."""
    quiz = library.get("QUIZ-MON-001")
    event = record_quiz(store, nurse, quiz, score(quiz, [1, 1]))
    assert (event.kind, event.doc_id, event.checksum) == ("quiz", "QUIZ-MON-001", quiz.checksum)
    (result,) = quiz_results(store.events())
    assert (result.correct, result.total, result.percent, result.pass_mark, result.passed) == (
        1,
        2,
        50,
        80,
        False,
    )
    assert event.payload["answers"] == [1, 1]


def test_quiz_standing_pass_counts_after_editorial_change(store, nurse, library, write_content):
    """A pass of v1 still counts for an editorial v2 of the quiz, not for a material v2."""
    quiz = library.get("QUIZ-MON-001")
    record_quiz(store, nurse, quiz, score(quiz, [1, 0]))
    for change, valid in (("editorial", True), ("material", False)):
        newer = QUIZ.replace("version: 1", "version: 2").replace("change: material", f"change: {change}")
        changed = write_content(**{"onboarding/quiz.md": newer, "history/QUIZ-MON-001/1.md": QUIZ})
        assert standing(changed, changed.get("QUIZ-MON-001"), quiz_results(store.events())).passed is valid


def test_quiz_for_finds_covering_quiz(library):
    """The knowledge check of a document is the current quiz that covers it."""
    assert quiz_for(library, "SOP-MON-001").id == "QUIZ-MON-001"
    assert quiz_for(library, "CARD-HTN-001") is None
