"""The medical director's desk: review queue, values sheet, approve and publish, in one window.

Imported lazily from the main window's menu: nothing here is loaded on a normal start.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from handbook.clinic import Clinic


def open_director_desk(
    parent: QWidget | None, clinic: Clinic, content_dir: Path | None = None
) -> QWidget | None:
    """Open the desk on the director's content folder (asked for, then remembered in the clinic's
    settings); None if cancelled. Merged staff records go into the clinic's record store.
    """
    from PySide6.QtWidgets import QFileDialog

    from handbook.errors import StorageError
    from handbook.ui import dialogs
    from handbook.ui.director.desk_window import DirectorDesk

    settings = clinic.settings
    if content_dir is None:
        remembered = settings.desk_content_dir
        if remembered and Path(remembered).is_dir():
            content_dir = Path(remembered)
        else:
            chosen = QFileDialog.getExistingDirectory(parent, "Choose the content folder you edit")
            if not chosen:
                return None
            content_dir = Path(chosen)
    if not (content_dir / "handbook.yaml").is_file():
        dialogs.show_warning(
            parent, "This folder is not a handbook content folder (no handbook.yaml).", str(content_dir)
        )
        return None
    if str(content_dir) != settings.desk_content_dir:
        try:
            clinic.save_settings(settings.with_changes(desk_content_dir=str(content_dir)))
        except StorageError as exc:  # remembering the folder is a convenience
            dialogs.show_warning(parent, f"The folder will not be remembered: {exc}", exc.where)
    desk = DirectorDesk(content_dir, parent, records=clinic.records, records_setting=settings.records_dir)
    desk.show()
    return desk
