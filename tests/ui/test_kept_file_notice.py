"""A set-aside settings file stays announced in the status bar; later messages do not replace it."""

from __future__ import annotations

import pytest

from handbook.clinic import Clinic
from handbook.library.validate import lint
from handbook.settings import settings_path
from handbook.ui.main_window import MainWindow
from tests.conftest import content_of
from tests.ui.conftest import tiny_content

pytestmark = pytest.mark.gui


def test_kept_settings_warning_survives_other_status_messages(qtbot, make_content, recorder):
    """A corrupt settings.toml: the warning is still visible after another status message and 20 s."""
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"zoom = = broken\xff")
    library, problems = lint(tiny_content(make_content))
    window = MainWindow(Clinic.with_content(content_of(library, problems)))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.statusBar().showMessage("The search index was rebuilt for this content.", 8000)
    window.statusBar().clearMessage()
    assert "settings could not be read" in window.kept_label.text()
    assert window.kept_label.isVisible()
    window.close()
