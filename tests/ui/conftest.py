"""GUI fixtures: a main window built from real services on a tiny content tree, a message recorder."""

from __future__ import annotations

import pytest

import search
from handbook.clinic import Clinic
from handbook.library.indexing import glossary_synonyms, index_documents
from handbook.library.validate import lint
from handbook.ui import dialogs
from handbook.ui.main_window import MainWindow
from tests.conftest import SOP_BODY, content_of, front_matter

CARD_BODY = """\
## Act now

1. Recheck BP and call the prescriber. See [monitoring](SOP-MON-001#vital-signs).

## References

- Clinic reference.
"""
CHECKLIST_BODY = """\
## Before the infusion

- [ ] Escort confirmed
- [ ] Weight recorded
- [ ] Consent current

## References

- Clinic reference.
"""


def tiny_content(make_content, extra: dict | None = None):
    """A content tree with an SOP, two emergency cards, and a checklist."""
    return make_content({
        "mon.md": front_matter() + SOP_BODY,
        "htn.md": front_matter(id="CARD-HTN-001", kind="card", category="emergencies", title="Hypertension",
                               keywords="[high blood pressure]") + CARD_BODY,
        "vit.md": front_matter(id="CARD-VIT-001", kind="card", category="emergencies",
                               title="Vital-sign thresholds") + CARD_BODY,
        "chk.md": front_matter(id="CHK-PRE-001", kind="checklist", title="Pre-infusion check") + CHECKLIST_BODY,
        **(extra or {}),
    })  # fmt: skip


class MessageRecorder:
    """Stands in for the dialog presenter: records (level, text) instead of showing a box."""

    def __init__(self) -> None:
        self.messages: list[tuple[str, str]] = []

    def __call__(self, parent, level, title, text, detail) -> bool:
        self.messages.append((level, text))
        return True


@pytest.fixture
def recorder(monkeypatch) -> MessageRecorder:
    """Every message the app shows, recorded."""
    rec = MessageRecorder()
    monkeypatch.setattr(dialogs, "presenter", rec)
    monkeypatch.setattr(dialogs, "_held", None)
    return rec


@pytest.fixture
def main_window(qtbot, make_content, recorder):
    """The real main window on the tiny content, with an in-memory search index attached."""
    library, problems = lint(tiny_content(make_content))
    window = MainWindow(Clinic.with_content(content_of(library, problems)))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.set_searcher(search.ram_index(index_documents(library), synonyms=glossary_synonyms(library)))
    yield window
    window.close()


def body_pixel_size(browser, text: str) -> float:
    """Pixel size of the first run of text containing `text` in a text browser (as drawn)."""
    document = browser.document()
    block = document.begin()
    dpi = browser.logicalDpiY()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            if text in fragment.text():
                font = fragment.charFormat().font()
                return font.pixelSize() if font.pixelSize() > 0 else font.pointSizeF() * dpi / 72
            it += 1
        block = block.next()
    raise AssertionError(f"{text!r} not in the document")


@pytest.fixture(autouse=True)
def day_palette_after():
    """Night mode and zoom are application-wide: every test starts in day colours at zoom 0."""
    yield
    from PySide6.QtWidgets import QApplication

    from handbook.ui import theme

    app = QApplication.instance()
    if app is not None:
        theme.apply_window_palette(app, False)
        theme.set_zoom(app, 0)
