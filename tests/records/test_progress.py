"""The dashboard: reading path in order, next step, due and overdue, quiz steps, re-reading, progress."""

from __future__ import annotations

import datetime as dt

from handbook.records.acks import acknowledge
from handbook.records.progress import DONE, MISSING, QUIZ, RE_READ, TO_READ, dashboard, path_steps
from handbook.records.quiz import record_quiz, score
from tests.conftest import front_matter
from tests.records.conftest import START, sop

TODAY = dt.date(2026, 1, 5)


def test_progress_path_in_order_with_due_dates(store, nurse, library):
    """Steps follow the path; each is due due_days after the start date."""
    progress = dashboard(store, nurse, library, TODAY)
    assert [(i.doc_id, i.due, i.status) for i in progress.items] == [
        ("SOP-MON-001", START + dt.timedelta(days=7), TO_READ),
        ("CARD-HTN-001", START + dt.timedelta(days=14), TO_READ),
    ]
    assert progress.next_item.doc_id == "SOP-MON-001"
    assert (progress.done, progress.total, progress.percent) == (0, 2, 0)


def test_progress_overdue_after_due_date(store, nurse, library):
    """A step not done after its due date is overdue; one not yet due is not."""
    progress = dashboard(store, nurse, library, dt.date(2026, 1, 10))
    assert [i.overdue for i in progress.items] == [True, False]
    assert progress.overdue == 1


def test_progress_quiz_step_after_acknowledging(store, nurse, library):
    """An acknowledged SOP with a knowledge check waits for a pass; a pass makes it done."""
    acknowledge(store, nurse, library.get("SOP-MON-001"))
    assert dashboard(store, nurse, library, TODAY).items[0].status == QUIZ
    quiz = library.get("QUIZ-MON-001")
    record_quiz(store, nurse, quiz, score(quiz, [1, 0]))
    progress = dashboard(store, nurse, library, TODAY)
    assert progress.items[0].status == DONE
    assert progress.next_item.doc_id == "CARD-HTN-001"


def test_progress_failed_quiz_keeps_step_open(store, nurse, library):
    """A failed attempt is counted but the step stays open."""
    acknowledge(store, nurse, library.get("SOP-MON-001"))
    quiz = library.get("QUIZ-MON-001")
    record_quiz(store, nurse, quiz, score(quiz, [0, 1]))
    item = dashboard(store, nurse, library, TODAY).items[0]
    assert (item.status, item.quiz.attempts, item.quiz.best_percent) == (QUIZ, 1, 0)


def test_progress_all_done(store, nurse, library):
    """With every step done there is no next step and progress is 100%."""
    acknowledge(store, nurse, library.get("SOP-MON-001"))
    acknowledge(store, nurse, library.get("CARD-HTN-001"))
    quiz = library.get("QUIZ-MON-001")
    record_quiz(store, nurse, quiz, score(quiz, [1, 0]))
    progress = dashboard(store, nurse, library, dt.date(2027, 1, 1))
    assert (progress.done, progress.percent, progress.next_item, progress.overdue) == (2, 100, None, 0)


def test_progress_material_change_reopens_step_with_new_due_date(store, nurse, library, write_content):
    """After a material change the step is 're-read', due due_days after the new version takes effect."""
    acknowledge(store, nurse, library.get("SOP-MON-001"))
    changed = write_content(sop(2, "material", "G", effective="2026-03-01"), {1: sop(1)})
    item = dashboard(store, nurse, changed, dt.date(2026, 3, 2)).items[0]
    assert (item.status, item.due, item.overdue) == (RE_READ, dt.date(2026, 3, 8), False)


def test_progress_path_naming_missing_document(store, nurse, write_content):
    """A path step whose document is not in the content is shown as missing and not counted."""
    path = front_matter(id="PATH-NUR-002", kind="path", title="'Extra'", category="onboarding", consensus="[]",
                        role="nurse", reading="[{doc: SOP-GONE-001, due_days: 3}]") + "\nx\n"  # fmt: skip
    library = write_content(**{"onboarding/path2.md": path})
    progress = dashboard(store, nurse, library, TODAY)
    assert progress.items[-1].status == MISSING
    assert progress.total == 2


def test_progress_document_listed_twice_counts_once(store, nurse, write_content):
    """Two paths (or one path twice) naming a document: it appears once, at its first place."""
    path = front_matter(id="PATH-NUR-002", kind="path", title="'Extra'", category="onboarding", consensus="[]",
                        role="nurse", reading="[{doc: SOP-MON-001, due_days: 30}]") + "\nx\n"  # fmt: skip
    library = write_content(**{"onboarding/path2.md": path})
    steps = path_steps(library, "nurse")
    assert [(s.doc_id, s.due_days) for s in steps] == [("SOP-MON-001", 7), ("CARD-HTN-001", 14)]


def test_progress_role_without_path_is_empty(store, library):
    """A role with no reading path has nothing to do (and 100%)."""
    from handbook.records.profiles import create_profile

    intake = create_profile(store, "Cy Diaz", "intake", START, ("intake",))
    progress = dashboard(store, intake, library, TODAY)
    assert (progress.items, progress.percent, progress.next_item) == ((), 100, None)
