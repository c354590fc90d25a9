"""A checklist ticked during one session: large tick boxes, progress, reset for the next patient.

Ticks live only in memory (`ChecklistTicks`) and are dropped on reset: they are never tied to a patient.
"""

from __future__ import annotations

import html
from collections.abc import Mapping

from PySide6.QtCore import QEvent, QObject, Qt, QUrl, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from handbook.library.model import Document, Value
from handbook.library.render import DOC_SCHEME, render_inline
from handbook.paths import resources_dir
from handbook.ui import dialogs
from handbook.ui.theme import BASE_POINT_SIZE, CHROME
from handbook.workspace import ChecklistTicks

# A large, plainly drawn box that stays visible in day and night palettes; a ticked box shows a check
# mark (not only a colour) and the box with the keyboard focus has a thick outline.
_BOX_STYLE = (
    "QCheckBox {{ padding: 2px; border: 3px solid transparent; border-radius: 4px; }}"
    "QCheckBox:focus {{ border-color: {focus}; }}"
    "QCheckBox::indicator {{ width: 26px; height: 26px; border: 2px solid palette(text); border-radius: 4px;"
    " background: palette(base); }}"
    "QCheckBox::indicator:checked {{ background: {tick}; border-color: {tick}; image: url({mark}); }}"
)


def box_style(night: bool) -> str:
    """The tick box stylesheet for a mode."""
    colours = CHROME[night]
    mark = (resources_dir() / "icons" / ("tick-night.svg" if night else "tick.svg")).as_posix()
    return _BOX_STYLE.format(focus=colours["focus"], tick=colours["tick"], mark=mark)


class ChecklistView(QWidget):
    """Shows one checklist document as tick boxes grouped by section."""

    print_requested = Signal()
    checklist_reset = Signal(str)
    open_document_requested = Signal(str, str)

    def __init__(
        self,
        doc: Document,
        values: Mapping[str, Value],
        size: int = BASE_POINT_SIZE,
        parent: QWidget | None = None,
        night: bool = False,
    ) -> None:
        super().__init__(parent)
        self.point_size = size
        style = box_style(night)
        self.doc = doc
        self.ticks = ChecklistTicks(len(doc.checklist))
        self.boxes: list[QCheckBox] = []
        self.item_labels: list[QLabel] = []
        self._labels: dict[QLabel, QCheckBox] = {}
        self._hovered_link: dict[QLabel, str] = {}
        self.title = QLabel(f"<b>{html.escape(doc.title)}</b>")
        self.title.setStyleSheet(f"font-size: {size + 6}pt;")
        self.title.setWordWrap(True)  # a long title wraps; it never widens the window
        self.meta = QLabel(
            self.tr("%1 · Version %2 · Effective %3 · ticks are not saved and are cleared on reset")
            .replace("%1", doc.id).replace("%2", str(doc.version)).replace("%3", doc.effective.isoformat())
        )  # fmt: skip
        self.meta.setWordWrap(True)
        self.progress = QLabel()
        self.progress.setAccessibleName(self.tr("Checklist progress"))
        self.reset_button = QPushButton(self.tr("&Reset for next patient"))
        self.reset_button.setAccessibleName(self.tr("Reset checklist for the next patient"))
        self.print_button = QPushButton(self.tr("&Print checklist"))
        self.reset_button.clicked.connect(self.reset)
        self.print_button.clicked.connect(self.print_requested)

        items = QWidget()
        items_layout = QVBoxLayout(items)
        group = None
        for index, item in enumerate(doc.checklist):
            if item.group != group:
                group = item.group
                heading = QLabel(f"<b>{html.escape(group)}</b>")
                heading.setStyleSheet(f"font-size: {size + 2}pt; margin-top: 8px;")
                items_layout.addWidget(heading)
            box = QCheckBox()
            box.setStyleSheet(style)
            box.toggled.connect(lambda _checked, i=index: self._toggled(i))
            label = QLabel(render_inline(item.text, values))
            label.setWordWrap(True)
            label.setStyleSheet(f"font-size: {size + 1}pt;")
            label.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse)
            label.linkActivated.connect(self._follow)
            label.linkHovered.connect(lambda link, lb=label: self._hovered_link.__setitem__(lb, link))
            label.installEventFilter(self)
            box.setAccessibleName(label.text() if "<" not in label.text() else item.text)
            self._labels[label] = box
            self.item_labels.append(label)
            row = QHBoxLayout()
            row.addWidget(box, 0, Qt.AlignmentFlag.AlignTop)
            row.addWidget(label, 1)
            items_layout.addLayout(row)
            self.boxes.append(box)
        items_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(items)

        buttons = QHBoxLayout()
        buttons.addWidget(self.progress, 1)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.reset_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.meta)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)
        self._update_progress()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        """Clicking an item's text (not its link) ticks it, as clicking a check box label would."""
        if (
            event.type() == QEvent.Type.MouseButtonRelease
            and watched in self._labels
            and not self._hovered_link.get(watched)
        ):
            self._labels[watched].toggle()
            return True
        return super().eventFilter(watched, event)

    def _follow(self, link: str) -> None:
        url = QUrl(link)
        if url.scheme() == DOC_SCHEME:
            self.open_document_requested.emit(url.path(), url.fragment())

    def _toggled(self, index: int) -> None:
        if self.boxes[index].isChecked() != (index in self.ticks.ticked):
            self.ticks.toggle(index)
        self._update_progress()

    def focus_first(self) -> None:
        """Put the keyboard focus on the first unticked item (Space ticks it, Tab moves on)."""
        index = self.ticks.next_unticked()
        if self.boxes:
            self.boxes[index if index is not None else 0].setFocus(Qt.FocusReason.OtherFocusReason)

    def restore(self, ticked: set[int]) -> None:
        """Tick the given items again (the view was rebuilt, e.g. for night mode, mid-session)."""
        for index in sorted(ticked):
            if 0 <= index < len(self.boxes):
                self.boxes[index].setChecked(True)

    def tick_next(self) -> None:
        """Tick the first unticked item and move focus to the one after it."""
        index = self.ticks.next_unticked()
        if index is None:
            return
        self.boxes[index].setChecked(True)
        following = self.ticks.next_unticked()
        if following is not None:
            self.boxes[following].setFocus()

    def reset(self) -> None:
        """Untick everything for the next patient, after asking when something is ticked."""
        done = len(self.ticks.ticked)
        if done and not dialogs.ask(
            self,
            self.tr("Clear all %1 ticks of this checklist for the next patient?").replace("%1", str(done)),
        ):
            return
        for box in self.boxes:
            box.blockSignals(True)
            box.setChecked(False)
            box.blockSignals(False)
        self.ticks.reset()
        self._update_progress()
        if self.boxes:
            self.boxes[0].setFocus()
        self.checklist_reset.emit(self.doc.id)

    def _update_progress(self) -> None:
        done = len(self.ticks.ticked)
        text = self.tr("%1 of %2 done").replace("%1", str(done)).replace("%2", str(self.ticks.total))
        self.progress.setText(f"<b>{text}</b>" + (" ✔" if self.ticks.done and self.ticks.total else ""))
