"""A non-blocking list of content problems found while loading: the rest of the handbook keeps working."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

from handbook.library.model import Problem, Severity


class ProblemsPanel(QListWidget):
    """One line per problem, `path:line: CODE message`, errors first."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Content problems"))
        self.setWordWrap(True)

    def show_problems(self, problems: Sequence[Problem]) -> None:
        """Replace the list."""
        self.clear()
        for problem in sorted(problems, key=lambda p: (p.severity != Severity.ERROR, p.path, p.line)):
            item = QListWidgetItem(str(problem))
            item.setToolTip(problem.message)
            self.addItem(item)
