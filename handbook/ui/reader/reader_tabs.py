"""Reader tabs: each tab shows one document (rendered, or as a tick-box checklist) with its own history."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor, QTextDocument
from PySide6.QtWidgets import QLabel, QStackedWidget, QTabWidget, QTextEdit, QVBoxLayout, QWidget

from handbook.library.catalog import Library
from handbook.library.model import Document
from handbook.ui.reader.checklist_view import ChecklistView
from handbook.ui.reader.sop_view import SopView
from handbook.ui.theme import CHROME, style_document
from handbook.workspace import NavigationHistory

_BANNER_STYLE = "background: {banner_bg}; color: {banner_text}; padding: 6px; font-weight: bold;"
_NOTE_STYLE = "padding: 4px; color: {note_text};"


class ReaderTab(QWidget):
    """One tab: a document view plus back/forward history."""

    open_document_requested = Signal(str, str)
    print_requested = Signal()
    acknowledge_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.history = NavigationHistory()
        # Above the document: what the person on this workstation must (re)acknowledge, with the action.
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setAccessibleName(self.tr("Acknowledgement needed"))
        self.banner.linkActivated.connect(lambda _link: self._acknowledge())
        # Reached with Tab from the document (Shift+Tab from below), Enter acknowledges.
        self.banner.setTextInteractionFlags(
            Qt.TextInteractionFlag.LinksAccessibleByKeyboard | Qt.TextInteractionFlag.LinksAccessibleByMouse
        )
        self.banner.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.banner.hide()
        self.view = SopView()
        self.view.open_document_requested.connect(self.open_document_requested)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.view)
        self.checklist: ChecklistView | None = None
        self.night = False
        self._banner_action = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.banner)
        layout.addWidget(self.stack)

    def _acknowledge(self) -> None:
        if self.doc is not None:
            self.acknowledge_requested.emit(self.doc.id)

    @property
    def doc(self) -> Document | None:
        """The document on show."""
        return self.view.current

    def show(self, doc: Document, library: Library, anchor: str, style: tuple, highlight: str = "") -> None:  # type: ignore[override]  # noqa: A003
        """Show a document: checklists as tick boxes, everything else rendered, at the anchor."""
        palette, css, size = style
        style_document(self.view.document(), size, css)
        self.view.show_document(doc, library, anchor, palette)
        if doc.kind == "checklist" and doc.checklist:
            if self.checklist is None or self.checklist.doc.id != doc.id:
                self._replace_checklist(
                    ChecklistView(doc, library.values, size, night=palette.name == "night")
                )
            self.stack.setCurrentWidget(self.checklist or self.view)
        else:
            self.stack.setCurrentWidget(self.view)
        self.highlight(highlight)

    def focus_content(self) -> None:
        """Keyboard focus into what is shown: the first unticked item of a checklist, else the text."""
        if self.checklist is not None and self.stack.currentWidget() is self.checklist:
            self.checklist.focus_first()
        else:
            self.view.setFocus()

    def set_banner(self, text: str, action: bool = False) -> None:
        """Show the acknowledgement sentence (with its action link when one is due); "" hides the banner."""
        colours = CHROME[self.night]
        link = f'<a href="acknowledge" style="color: {colours["banner_text"]}">{self.tr("Acknowledge…")}</a>'
        self.banner.setText(f"{text} {link}" if action else text)
        self.banner.setStyleSheet((_BANNER_STYLE if action else _NOTE_STYLE).format(**colours))
        self.banner.setVisible(bool(text))
        self._banner_action = action

    def set_night(self, night: bool) -> None:
        """Draw the banner in the colours of the mode."""
        self.night = night
        if self.banner.isVisibleTo(self):
            self.banner.setStyleSheet(
                (_BANNER_STYLE if self._banner_action else _NOTE_STYLE).format(**CHROME[night])
            )

    def _replace_checklist(self, view: ChecklistView) -> None:
        if self.checklist is not None:
            self.stack.removeWidget(self.checklist)
            self.checklist.deleteLater()
        self.checklist = view
        view.print_requested.connect(self.print_requested)
        view.open_document_requested.connect(self.open_document_requested)
        self.stack.addWidget(view)

    def restyle(self, library: Library, style: tuple) -> None:
        """Re-render in another palette or size, keeping the scroll position."""
        if self.doc is None:
            return
        position = self.view.verticalScrollBar().value()
        palette, css, size = style
        style_document(self.view.document(), size, css)
        self.view.show_document(self.doc, library, "", palette)
        self.view.verticalScrollBar().setValue(position)
        if self.checklist is not None:
            # Rich-text labels keep the colours they were drawn with: rebuild, keeping this session's ticks.
            ticked = set(self.checklist.ticks.ticked)
            showing = self.stack.currentWidget() is self.checklist
            night = palette.name == "night"
            self._replace_checklist(ChecklistView(self.checklist.doc, library.values, size, night=night))
            self.checklist.restore(ticked)
            if showing:
                self.stack.setCurrentWidget(self.checklist)

    def highlight(self, query: str) -> None:
        """Mark every occurrence of the query's words (a stem's first letters) in the rendered text."""
        selections = []
        fmt = QTextCharFormat()
        fmt.setBackground(QColor("#ffd54f"))
        fmt.setForeground(QColor("#000000"))
        for word in {w for w in re.findall(r"[\w/.+-]+", query.casefold()) if len(w) >= 2}:
            needle = word[:6] if word.isalpha() and len(word) > 6 else word  # match other endings too
            cursor = QTextCursor(self.view.document())
            while True:
                cursor = self.view.document().find(needle, cursor, QTextDocument.FindFlag(0))
                if cursor.isNull():
                    break
                selection = QTextEdit.ExtraSelection()
                selection.cursor = cursor
                selection.format = fmt
                selections.append(selection)
        self.view.setExtraSelections(selections)


class ReaderTabs(QTabWidget):
    """Tabs of documents (two documents side by side by switching, or one beside a checklist)."""

    open_document_requested = Signal(str, str)
    print_requested = Signal()
    acknowledge_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabsClosable(True)
        self.setMovable(True)
        self.setDocumentMode(True)
        self.setAccessibleName(self.tr("Open documents"))
        self.tabCloseRequested.connect(self.close_tab)

    def current(self) -> ReaderTab:
        """The tab on show (one is created when none is open)."""
        tab = self.currentWidget()
        return tab if isinstance(tab, ReaderTab) else self.new_tab()

    def new_tab(self) -> ReaderTab:
        """Open an empty tab and make it current."""
        tab = ReaderTab()
        tab.open_document_requested.connect(self.open_document_requested)
        tab.print_requested.connect(self.print_requested)
        tab.acknowledge_requested.connect(self.acknowledge_requested)
        self.addTab(tab, self.tr("New tab"))
        self.setCurrentWidget(tab)
        return tab

    def close_tab(self, index: int | None = None) -> None:
        """Close a tab (the current one by default); the last tab stays open."""
        index = self.currentIndex() if index is None else index
        if self.count() > 1:
            widget = self.widget(index)
            self.removeTab(index)
            if widget is not None:
                widget.deleteLater()

    def tabs(self) -> list[ReaderTab]:
        """Every open tab."""
        return [tab for i in range(self.count()) if isinstance(tab := self.widget(i), ReaderTab)]

    def retitle(self, tab: ReaderTab) -> None:
        """Set a tab's label from its document."""
        index = self.indexOf(tab)
        if index >= 0 and tab.doc is not None:
            title = tab.doc.title
            self.setTabText(index, title if len(title) <= 28 else title[:26] + "…")
            self.setTabToolTip(index, f"{tab.doc.id} · {tab.doc.title}")
