"""The one place that tells the user something: every message is logged, then shown.

Tests replace `presenter` with a recorder and assert on what was said (what and where).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

log = logging.getLogger("handbook")


def _show_box(parent: QWidget | None, level: str, title: str, text: str, detail: str) -> bool:
    icon = {"error": QMessageBox.Icon.Critical, "warning": QMessageBox.Icon.Warning,
            "question": QMessageBox.Icon.Question}.get(level, QMessageBox.Icon.Information)  # fmt: skip
    box = QMessageBox(icon, title, text, parent=parent)
    if detail:
        box.setDetailedText(detail)
    if level == "question":
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        return box.exec() == QMessageBox.StandardButton.Yes
    box.exec()
    return True


# (parent, level, title, text, detail) -> answer. Replaced in tests by a recorder.
presenter: Callable[[QWidget | None, str, str, str, str], bool] = _show_box


def _compose(what: str, where: str) -> str:
    return f"{what}\n\nWhere: {where}" if where else what


def show_error(parent: QWidget | None, what: str, where: str = "", exc: BaseException | None = None) -> None:
    """Tell the user something failed: what, where, and the technical reason as detail."""
    log.error("%s (%s)", what, where, exc_info=exc)
    presenter(parent, "error", "Clinic handbook: error", _compose(what, where), str(exc) if exc else "")


def show_warning(parent: QWidget | None, what: str, where: str = "") -> None:
    """Tell the user something needs attention but work can go on."""
    log.warning("%s (%s)", what, where)
    presenter(parent, "warning", "Clinic handbook", _compose(what, where), "")


def show_info(parent: QWidget | None, what: str) -> None:
    """Tell the user something went as asked."""
    log.info("%s", what)
    presenter(parent, "info", "Clinic handbook", what, "")


def ask(parent: QWidget | None, question: str) -> bool:
    """Ask a yes/no question; True for yes."""
    log.info("asked: %s", question)
    return presenter(parent, "question", "Clinic handbook", question, "")
