"""Knowledge checks in the app: take, score against the pass mark, record, explanations link to sections."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QUrl

from handbook.records.acks import acknowledge
from handbook.records.quiz import quiz_results
from handbook.ui.onboarding.quiz_dialog import QuizDialog
from tests.ui import onboarding_support as support
from tests.ui.onboarding_support import make_panel, row_states

pytestmark = pytest.mark.gui
library, store, nurse = support.library, support.store, support.nurse  # the shared fixtures


@pytest.fixture
def quiz_panel(qtbot, library, store, nurse):
    """The panel with SOP-MON-001 acknowledged, so its knowledge check is the next step."""
    acknowledge(store, nurse, library.get("SOP-MON-001"))
    return make_panel(qtbot, library, store)


def open_quiz(panel) -> QuizDialog:
    """Click Knowledge check for the highlighted step and return the dialog."""
    panel.quiz_button.click()
    dialog = panel.active_dialog
    assert isinstance(dialog, QuizDialog)
    return dialog


def test_onboarding_quiz_pass_recorded_and_step_done(qtbot, recorder, quiz_panel, store):
    """All answers right: PASSED, recorded in the chain, the step becomes done."""
    dialog = open_quiz(quiz_panel)
    dialog.choose(0, 1)
    dialog.choose(1, 0)
    with qtbot.waitSignal(quiz_panel.quiz_recorded, timeout=1000) as recorded:
        dialog.submit_button.click()
    assert recorded.args == ["QUIZ-MON-001", True]
    assert "PASSED" in dialog.verdict.text()
    assert "2 of 2 correct (100%). Pass mark 80%." in dialog.verdict.text()
    assert row_states(quiz_panel)[0] == "Done"
    assert [r.passed for r in quiz_results(store.events())] == [True]


def test_onboarding_quiz_fail_recorded_without_revealing_answer(qtbot, recorder, quiz_panel, store):
    """A wrong answer fails: NOT PASSED is recorded; the right option is not shown, the section to read is."""
    dialog = open_quiz(quiz_panel)
    dialog.choose(0, 0)
    dialog.choose(1, 0)
    with qtbot.waitSignal(quiz_panel.quiz_recorded, timeout=1000) as recorded:
        dialog.submit_button.click()
    assert recorded.args == ["QUIZ-MON-001", False]
    assert "NOT PASSED" in dialog.verdict.text()
    text = dialog.results.toPlainText()
    assert "Your answer: Never (not correct: read the section below)" in text
    assert "Every 15 minutes" not in text
    assert 'href="doc:SOP-MON-001#vital-signs"' in dialog.results.toHtml()
    assert row_states(quiz_panel)[0].endswith("Knowledge check to pass")
    assert "(best 50%)" in quiz_panel.table.item(0, 6).text()


def test_onboarding_quiz_explanation_link_requests_section(qtbot, recorder, quiz_panel):
    """Clicking an explanation's link asks to open the document at that section."""
    dialog = open_quiz(quiz_panel)
    dialog.choose(0, 1)
    dialog.choose(1, 1)
    with qtbot.waitSignal(quiz_panel.quiz_recorded, timeout=5000):  # written off the GUI thread
        dialog.submit_button.click()
    with qtbot.waitSignal(quiz_panel.open_document_requested, timeout=1000) as opened:
        dialog.results.anchorClicked.emit(QUrl("doc:SOP-MON-001#vital-signs"))
    assert opened.args == ["SOP-MON-001", "vital-signs"]


def test_onboarding_quiz_unanswered_asks_before_submitting(qtbot, recorder, quiz_panel, store):
    """Unanswered questions: the person is asked first; yes submits them as wrong."""
    dialog = open_quiz(quiz_panel)
    dialog.choose(0, 1)
    with qtbot.waitSignal(quiz_panel.quiz_recorded, timeout=1000) as recorded:
        dialog.submit_button.click()
    assert recorder.messages == [
        ("question", "1 question(s) have no answer and will count as wrong. Submit anyway?")
    ]
    assert recorded.args == ["QUIZ-MON-001", False]


def test_onboarding_quiz_declining_submits_nothing(qtbot, recorder, quiz_panel, store, monkeypatch):
    """Answering no to the unanswered-questions question keeps the quiz open, nothing recorded."""
    from handbook.ui import dialogs

    monkeypatch.setattr(dialogs, "presenter", lambda *args: False)
    dialog = open_quiz(quiz_panel)
    dialog.submit_button.click()
    assert dialog.pages.currentIndex() == 0
    assert quiz_results(store.events()) == []


def test_onboarding_quiz_try_again_clears_answers(qtbot, recorder, quiz_panel):
    """Try again shows the questions with no answer ticked."""
    dialog = open_quiz(quiz_panel)
    dialog.choose(0, 0)
    dialog.choose(1, 1)
    with qtbot.waitSignal(quiz_panel.quiz_recorded, timeout=5000):  # written off the GUI thread
        dialog.submit_button.click()
    dialog.retry_button.click()
    assert dialog.pages.currentIndex() == 0
    assert dialog.answers() == [None, None]


def test_onboarding_quiz_record_failure_reported(qtbot, recorder, quiz_panel, store, monkeypatch):
    """A result that cannot be saved is reported; the score is still shown."""
    from handbook.errors import StorageError

    def refuse(*args: object) -> None:
        raise StorageError("cannot save to the records: database is locked", store.path)

    monkeypatch.setattr("handbook.ui.onboarding.onboarding_panel.record_quiz", refuse)
    dialog = open_quiz(quiz_panel)
    dialog.choose(0, 1)
    dialog.choose(1, 0)
    with qtbot.assertNotEmitted(quiz_panel.quiz_recorded, wait=300):
        dialog.submit_button.click()
        qtbot.waitUntil(lambda: bool(recorder.messages), timeout=5000)  # written off the GUI thread
    assert recorder.messages == [("error", f"The result was not recorded.\n\nWhere: {store.path}")]
    assert "PASSED" in dialog.verdict.text()
