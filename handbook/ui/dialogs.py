"""The one place that tells the user something: every message is logged, then shown.

Tests replace `presenter` with a recorder and assert on what was said (what and where).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication, QMessageBox

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

# While the emergency cards are on screen nothing may cover them: messages wait here until they close.
_held: list[tuple[QWidget | None, str, str, str, str]] | None = None


def hold_messages() -> None:
    """Queue messages instead of showing them (emergency mode).

    A message box already open is closed and its message queued, so it is shown again afterwards
    (a pending yes/no question is answered "no": nothing is done behind the nurse's back).
    """
    global _held
    if _held is None:
        _held = []
    modal = QApplication.activeModalWidget()
    if isinstance(modal, QMessageBox):
        if modal.standardButtons() & QMessageBox.StandardButton.Yes:
            modal.reject()
        else:
            _held.append(
                (modal.parentWidget(), "info", modal.windowTitle(), modal.text(), modal.detailedText())
            )
            modal.reject()


def release_messages() -> None:
    """Show the queued messages, oldest first, and stop queueing."""
    global _held
    queued, _held = _held or [], None
    for message in queued:
        presenter(*message)


def _present(parent: QWidget | None, level: str, title: str, text: str, detail: str) -> bool:
    if _held is not None and level != "question":
        _held.append((parent, level, title, text, detail))
        return True
    return presenter(parent, level, title, text, detail)


def _compose(what: str, where: str) -> str:
    return f"{what}\n\nWhere: {where}" if where else what


def show_error(parent: QWidget | None, what: str, where: str = "", exc: BaseException | None = None) -> None:
    """Tell the user something failed: what, where, and the technical reason as detail."""
    log.error("%s (%s)", what, where, exc_info=exc)
    _present(parent, "error", "Clinic handbook: error", _compose(what, where), str(exc) if exc else "")


def show_warning(parent: QWidget | None, what: str, where: str = "") -> None:
    """Tell the user something needs attention but work can go on."""
    log.warning("%s (%s)", what, where)
    _present(parent, "warning", "Clinic handbook", _compose(what, where), "")


def show_info(parent: QWidget | None, what: str) -> None:
    """Tell the user something went as asked."""
    log.info("%s", what)
    _present(parent, "info", "Clinic handbook", what, "")


def ask(parent: QWidget | None, question: str) -> bool:
    """Ask a yes/no question; True for yes.

    While the emergency cards show, nothing may cover them: the question is not asked, the answer is
    "no" (nothing is done behind the nurse's back), and a note saying so is shown when they close.
    """
    log.info("asked: %s", question)
    if _held is not None:
        note = f"Not done while the emergency cards were open (ask again if needed):\n\n{question}"
        _held.append((parent, "warning", "Clinic handbook", note, ""))
        return False
    return presenter(parent, "question", "Clinic handbook", question, "")
