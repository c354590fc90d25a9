"""Zoom scales the content, not only the id line: document text, tables, checklists, in day and night."""

from __future__ import annotations

import pytest

from handbook.clinic import Clinic
from tests.conftest import content_of, front_matter
from tests.ui.conftest import body_pixel_size

pytestmark = pytest.mark.gui

TABLE_BODY = """\
## Limits

| Sign | Hold at |
| --- | --- |
| Systolic | 180 |

## References

- Clinic reference.
"""


@pytest.mark.parametrize("night", [False, True])
def test_zoom_grows_document_text_and_headings(main_window, night):
    """Ctrl+Plus makes the body text and the headings of the open document larger, day or night."""
    main_window.registry["night_mode"].setChecked(night)
    main_window.open_document("SOP-MON-001")
    view = main_window.tabs.current().view
    body, heading = body_pixel_size(view, "Keep the patient safe"), body_pixel_size(view, "urpose")
    main_window.registry["zoom_in"].trigger()
    main_window.registry["zoom_in"].trigger()
    assert body_pixel_size(view, "Keep the patient safe") > body
    assert body_pixel_size(view, "urpose") > heading
    assert body_pixel_size(view, "urpose") > body_pixel_size(view, "Keep the patient safe")


def test_zoom_grows_table_cells(qtbot, make_content, recorder):
    """Table cells follow the zoom like the rest of the text."""
    from handbook.library.validate import lint
    from handbook.ui.main_window import MainWindow
    from tests.ui.conftest import tiny_content

    extra = {"lim.md": front_matter(id="SOP-LIM-001", title="Limits") + TABLE_BODY}
    library, problems = lint(tiny_content(make_content, extra))
    window = MainWindow(Clinic.with_content(content_of(library, problems)))
    qtbot.addWidget(window)
    window.open_document("SOP-LIM-001")
    view = window.tabs.current().view
    before = body_pixel_size(view, "Systolic")
    window.set_zoom(4)
    assert body_pixel_size(view, "Systolic") > before


def test_zoom_grows_checklist_items_and_keeps_ticks(main_window):
    """A checklist's items grow with the zoom; ticks made this session stay ticked."""
    main_window.open_document("CHK-PRE-001")
    checklist = main_window.tabs.current().checklist
    checklist.boxes[1].setChecked(True)
    label = checklist.item_labels[0]
    before = label.font().pointSizeF()
    main_window.set_zoom(3)
    checklist = main_window.tabs.current().checklist
    assert checklist.item_labels[0].font().pointSizeF() > before
    assert checklist.boxes[1].isChecked()


def test_zoom_home_page_follows(main_window):
    """The home page text grows with the zoom too."""
    view = main_window.tabs.current().view
    before = body_pixel_size(view, "go to a document")
    main_window.set_zoom(2)
    assert body_pixel_size(view, "go to a document") > before


def test_zoom_reaches_the_acknowledge_dialog(qtbot, recorder, make_content):
    """A dialog built by a panel (acknowledge) reads the reader's zoom: larger text after Ctrl+Plus."""
    from handbook.library.validate import lint
    from handbook.records.progress import AckState
    from handbook.ui.main_window import MainWindow
    from handbook.ui.onboarding.acknowledge_dialog import AcknowledgeDialog
    from tests.ui.conftest import tiny_content

    library, problems = lint(tiny_content(make_content))
    window = MainWindow(Clinic.with_content(content_of(library, problems)))
    qtbot.addWidget(window)
    doc = library.get("SOP-MON-001")

    def dialog_size() -> float:
        state = AckState(doc.id, doc.version, "none", None, "", True, None, None)
        dialog = AcknowledgeDialog(library, doc, state, window)
        qtbot.addWidget(dialog)
        return body_pixel_size(dialog.view, "Keep the patient safe")

    before = dialog_size()
    window.set_zoom(3)
    assert dialog_size() > before
