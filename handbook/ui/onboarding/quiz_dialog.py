"""Take a knowledge check: one page of questions, then the score and each answer's explanation.

Scoring is `handbook.records.quiz.score`; the dialog emits `submitted(QuizOutcome)` before it shows the
result, so whoever opened it records the attempt. Explanations link to the section that answers the
question (`doc:ID#anchor`); a click emits open_document_requested(doc_id, anchor).
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QStackedWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from handbook.library.catalog import Library
from handbook.library.model import Document
from handbook.library.render import DOC_SCHEME, insert_values, render_inline
from handbook.records.quiz import QuizOutcome, score
from handbook.ui import dialogs, theme
from handbook.ui.theme import alert_colour, pass_colour
from handbook.ui.window_layout import size_for_screen


class QuizDialog(QDialog):
    """A quiz document as radio-button questions; Submit scores it and shows the explanations."""

    submitted = Signal(object)  # QuizOutcome
    open_document_requested = Signal(str, str)

    def __init__(self, library: Library, quiz: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.quiz = quiz
        self.outcome: QuizOutcome | None = None
        self.setWindowTitle(quiz.title)
        size_for_screen(self, 760, 680)
        intro = QLabel(
            self.tr("%1 question(s). Pass mark: %2%.").replace("%1", str(len(quiz.questions)))
            .replace("%2", str(quiz.pass_mark))
        )  # fmt: skip
        self.groups: list[QButtonGroup] = []
        questions = QWidget()
        questions_layout = QVBoxLayout(questions)
        for number, question in enumerate(quiz.questions, start=1):
            box = QGroupBox(f"{number}. {insert_values(question.prompt, library.values)}")
            box_layout = QVBoxLayout(box)
            group = QButtonGroup(box)
            for index, option in enumerate(question.options):
                button = QRadioButton(insert_values(option, library.values))
                group.addButton(button, index)
                box_layout.addWidget(button)
            self.groups.append(group)
            questions_layout.addWidget(box)
        questions_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(questions)
        self.submit_button = QPushButton(self.tr("Submit answers"))
        self.submit_button.setDefault(True)
        ask_page = QWidget()
        ask_layout = QVBoxLayout(ask_page)
        ask_layout.setContentsMargins(0, 0, 0, 0)
        ask_layout.addWidget(intro)
        ask_layout.addWidget(scroll, 1)
        ask_layout.addWidget(self.submit_button)

        self.verdict = QLabel()
        self.verdict.setTextFormat(Qt.TextFormat.RichText)
        self.results = QTextBrowser()
        self.results.setOpenLinks(False)
        theme.style_document(
            self.results.document(),
            theme.point_size(theme.current_zoom()),
            theme.reader_stylesheet(theme.is_night()),
        )
        self.results.setAccessibleName(self.tr("Answers and explanations"))
        self.results.setTabChangesFocus(True)
        self.retry_button = QPushButton(self.tr("Try again"))
        self.close_button = QPushButton(self.tr("Close"))
        result_buttons = QHBoxLayout()
        result_buttons.addStretch(1)
        result_buttons.addWidget(self.retry_button)
        result_buttons.addWidget(self.close_button)
        result_page = QWidget()
        result_layout = QVBoxLayout(result_page)
        result_layout.setContentsMargins(0, 0, 0, 0)
        result_layout.addWidget(self.verdict)
        result_layout.addWidget(self.results, 1)
        result_layout.addLayout(result_buttons)

        self.pages = QStackedWidget()
        self.pages.addWidget(ask_page)
        self.pages.addWidget(result_page)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)

        self.submit_button.clicked.connect(self.submit)
        self.retry_button.clicked.connect(self.restart)
        self.close_button.clicked.connect(self.accept)
        self.results.anchorClicked.connect(self._follow)

    def answers(self) -> list[int | None]:
        """The chosen option index per question (None when unanswered)."""
        return [group.checkedId() if group.checkedId() >= 0 else None for group in self.groups]

    def choose(self, question: int, option: int) -> None:
        """Tick one option (keyboard and tests)."""
        self.groups[question].button(option).setChecked(True)

    def submit(self) -> None:
        """Score the answers, emit `submitted`, then show the result with every explanation."""
        answers = self.answers()
        blank = answers.count(None)
        if blank and not dialogs.ask(
            self, self.tr("%1 question(s) have no answer and will count as wrong. Submit anyway?")
            .replace("%1", str(blank))
        ):  # fmt: skip
            return
        self.outcome = score(self.quiz, answers)
        self.submitted.emit(self.outcome)
        self._show(self.outcome)

    def restart(self) -> None:
        """Clear every answer and show the questions again."""
        for group in self.groups:
            group.setExclusive(False)
            for button in group.buttons():
                button.setChecked(False)
            group.setExclusive(True)
        self.outcome = None
        self.pages.setCurrentIndex(0)

    def _show(self, outcome: QuizOutcome) -> None:
        passed = outcome.passed
        verdict = self.tr("PASSED") if passed else self.tr("NOT PASSED")
        self.verdict.setText(
            f'<h2><font color="{pass_colour() if passed else alert_colour()}">{verdict}</font></h2>'
            + self.tr("%1 of %2 correct (%3%). Pass mark %4%.")
            .replace("%1", str(outcome.correct)).replace("%2", str(outcome.total))
            .replace("%3", str(outcome.percent)).replace("%4", str(outcome.pass_mark))
        )  # fmt: skip
        values = self.library.values
        parts = []
        for number, (question, result) in enumerate(
            zip(self.quiz.questions, outcome.questions, strict=True), 1
        ):
            mark = "✔" if result.correct else "✘"
            chosen = (
                html.escape(insert_values(question.options[result.chosen], values))
                if result.chosen is not None
                else self.tr("no answer")
            )
            # The right option is not revealed on a wrong answer: the explanation points to the section
            # to re-read, so that "Try again" still checks understanding.
            verdict_line = (
                self.tr("correct") if result.correct else self.tr("not correct: read the section below")
            )
            parts.append(
                f"<h3>{mark} {number}. {html.escape(insert_values(question.prompt, values))}</h3>"
                f"<p>{self.tr('Your answer')}: {chosen} ({verdict_line})</p>"
                f"<p>{render_inline(question.explanation, values) if question.explanation else ''}</p>"
            )
        self.results.setHtml("".join(parts))
        self.pages.setCurrentIndex(1)

    def _follow(self, url: QUrl) -> None:
        if url.scheme() == DOC_SCHEME:
            self.open_document_requested.emit(url.path(), url.fragment())
