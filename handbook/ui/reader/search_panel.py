"""Search as you type: box, results list, empty state. Zeal-style: results replace the browse tree.

Each keystroke restarts a zero-length debounce: the query starts once the key event is handled, so
keys arriving together (a paste, a fast burst) make one query, and nothing else waits (a query on
the real content takes a few ms: any longer debounce only delays the answer). The query runs off
the GUI thread; a newer query
supersedes an older one and late results are dropped, so typing never freezes the window and an
outdated result is never painted.

Each result shows the title and section, the document id, and a one-line snippet with the
matched words in bold (whole words only, see `search.snippet`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QFont, QFontMetrics, QKeyEvent, QPainter
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from handbook.ui import tasks

if TYPE_CHECKING:
    from search import Searcher

DEBOUNCE_MS = 0
HIT_ROLE = Qt.ItemDataRole.UserRole
#: (heading line, document id, snippet runs) of a result, for painting.
LINES_ROLE = Qt.ItemDataRole.UserRole + 1
_PAD = 4


class HitDelegate(QStyledItemDelegate):
    """Paints a result in two lines: bold "title › section" with the id at the right, then the snippet."""

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        """Draw the item background, then the two text lines (elided to the width)."""
        lines = index.data(LINES_ROLE)
        if not lines:
            super().paint(painter, option, index)
            return
        from PySide6.QtWidgets import QStyle  # ~6 ms of Qt type set-up: paid at the first hit, not at start

        heading, doc_id, runs = lines
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        widget = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        palette = opt.palette
        text_color = palette.highlightedText().color() if selected else palette.text().color()
        muted = text_color if selected else palette.placeholderText().color()
        normal = QFont(opt.font)
        bold = QFont(opt.font)
        bold.setBold(True)
        metrics, bold_metrics = QFontMetrics(normal), QFontMetrics(bold)
        rect = opt.rect.adjusted(_PAD, _PAD // 2, -_PAD, -_PAD // 2)
        painter.save()
        id_width = metrics.horizontalAdvance(doc_id) + 2 * _PAD
        line = QRect(rect.left(), rect.top(), rect.width(), bold_metrics.height())
        painter.setFont(normal)
        painter.setPen(muted)
        painter.drawText(line, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, doc_id)
        painter.setFont(bold)
        painter.setPen(text_color)
        room = max(0, rect.width() - id_width)
        painter.drawText(
            line.adjusted(0, 0, -id_width, 0),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            bold_metrics.elidedText(heading, Qt.TextElideMode.ElideRight, room),
        )
        x, y = rect.left(), line.bottom() + 1
        height = max(metrics.height(), bold_metrics.height())
        for text, marked in runs:
            font, fm = (bold, bold_metrics) if marked else (normal, metrics)
            painter.setFont(font)
            painter.setPen(text_color if marked or selected else palette.text().color())
            width = fm.horizontalAdvance(text)
            left = rect.right() - x
            if width > left:
                text = fm.elidedText(text, Qt.TextElideMode.ElideRight, left)
                painter.drawText(QRect(x, y, left, height), Qt.AlignmentFlag.AlignLeft, text)
                break
            painter.drawText(QRect(x, y, width, height), Qt.AlignmentFlag.AlignLeft, text)
            x += width
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:  # noqa: N802 (Qt API)
        """Two lines of text plus padding."""
        if not index.data(LINES_ROLE):
            return super().sizeHint(option, index)
        bold = QFont(option.font)
        bold.setBold(True)
        return QSize(200, QFontMetrics(bold).height() + QFontMetrics(option.font).height() + 2 * _PAD)


class SearchPanel(QWidget):
    """The box and its results. `searcher` is any object with `search(text, limit=...) -> [SearchHit]`."""

    open_hit_requested = Signal(str, str, str)  # doc id, anchor, query
    search_finished = Signal(str, int)  # query, number of hits
    query_changed = Signal(str)  # "" when the box was cleared: the browse tree comes back
    dismissed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.box = QLineEdit()
        self.box.setPlaceholderText(self.tr("Search (Ctrl+F or /)…"))
        self.box.setAccessibleName(self.tr("Search the handbook"))
        self.box.setClearButtonEnabled(True)
        self.results = QListWidget()
        self.results.setAccessibleName(self.tr("Search results"))
        self.results.setUniformItemSizes(True)
        self.results.setItemDelegate(HitDelegate(self.results))
        self.results.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # arrows are handled from the box
        self.state = QLabel()
        self.state.setWordWrap(True)
        self.state.setAccessibleName(self.tr("Search status"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.box)
        layout.addWidget(self.state)
        layout.addWidget(self.results, 1)

        self.searcher: Searcher | None = None
        self._generation = 0
        self._running = False
        self._pending = False
        self._open_when_ready = False
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self._start_query)
        self.box.textChanged.connect(self._text_changed)
        self.box.installEventFilter(self)
        self.results.itemActivated.connect(self._open_item)
        self.results.itemClicked.connect(self._open_item)
        self._show_state("")

    # The searcher arrives after the window is shown (index opened or rebuilt in the background).
    def set_searcher(self, searcher: Searcher | None, note: str = "") -> None:
        """Attach the searcher (None while the index is being prepared) and rerun the current query."""
        self.searcher = searcher
        self._show_state(note)
        if searcher is not None and self.box.text().strip():
            self._start_query()

    def focus_box(self) -> None:
        """Put the cursor in the box with its text selected, ready to type over."""
        self.box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.box.selectAll()

    def query(self) -> str:
        """The text in the box, trimmed."""
        return self.box.text().strip()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        """Arrow keys move through results while the cursor stays in the box; Enter opens; Esc clears."""
        if watched is self.box and isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress:
            key = event.key()
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up, Qt.Key.Key_PageDown, Qt.Key.Key_PageUp):
                self._move(Qt.Key(key))
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if self._debounce.isActive() or self._running:
                    # Results on screen are for older text: open the first hit of this text when it arrives.
                    self._open_when_ready = True
                    if self._debounce.isActive():
                        self._debounce.stop()
                        self._start_query()
                else:
                    self._open_current()
                return True
            if key == Qt.Key.Key_Escape:
                self.box.clear()
                self.dismissed.emit()
                return True
        return super().eventFilter(watched, event)

    def _move(self, key: Qt.Key) -> None:
        count = self.results.count()
        if not count:
            return
        row = self.results.currentRow()
        step = {Qt.Key.Key_Down: 1, Qt.Key.Key_Up: -1, Qt.Key.Key_PageDown: 5, Qt.Key.Key_PageUp: -5}[key]
        self.results.setCurrentRow(max(0, min(count - 1, (row if row >= 0 else -1) + step)))

    def _text_changed(self, text: str) -> None:
        self.query_changed.emit(text.strip())
        if not text.strip():
            self._generation += 1  # whatever is still running is now stale
            self._debounce.stop()
            self.results.clear()
            self._show_state("")
            return
        self._debounce.start()

    def _start_query(self) -> None:
        text = self.query()
        if not text:
            return
        searcher = self.searcher
        if searcher is None:
            self._show_state(self.tr("Preparing search… the documents can be browsed meanwhile."))
            return
        if self._running:
            self._pending = True  # rerun with the box's text when the current query returns
            return
        self._generation += 1
        generation = self._generation
        self._running = True

        def work() -> list:
            return searcher.search(text, limit=30)

        tasks.run_in_background(
            work,
            lambda hits: self._finished(generation, text, hits),
            lambda exc: self._failed(generation, text, exc),
        )

    def _finished(self, generation: int, text: str, hits: list) -> None:
        self._running = False
        if self._pending:
            self._pending = False
            self._start_query()
            return
        if generation != self._generation or text != self.query():
            return  # superseded by newer typing
        self._show_hits(hits)
        self.search_finished.emit(text, len(hits))
        if self._open_when_ready:
            self._open_when_ready = False
            self._open_current()

    def _failed(self, generation: int, text: str, exc: BaseException) -> None:
        self._running = False
        self._pending = False
        self._open_when_ready = False
        if generation == self._generation:
            self.results.clear()
            self._show_state(
                self.tr("Search failed: %1. Browse the documents on the left.").replace("%1", str(exc))
            )
            self.search_finished.emit(text, 0)

    def _show_hits(self, hits: list) -> None:
        from search.snippet import snippet_runs  # the search package loads after the first paint

        self.results.setUpdatesEnabled(False)  # one repaint for the whole list
        self.results.clear()
        for hit in hits:
            where = f" › {hit.section}" if hit.section else ""
            runs = snippet_runs(hit.snippet)
            plain = "".join(text for text, _ in runs)
            # The text is what screen readers and tests read; the delegate paints LINES_ROLE.
            item = QListWidgetItem(f"{hit.title}{where}\n{hit.doc_id}")
            item.setData(HIT_ROLE, (hit.doc_id, hit.anchor))
            item.setData(LINES_ROLE, (f"{hit.title}{where}", hit.doc_id, runs))
            item.setToolTip(plain)
            item.setData(Qt.ItemDataRole.AccessibleDescriptionRole, plain)
            self.results.addItem(item)
        self.results.setUpdatesEnabled(True)
        if hits:
            self.results.setCurrentRow(0)
            self._show_state(
                self.tr("%n result(s). ↑↓ to choose, Enter to open, Esc to go back.", "", len(hits))
            )
        else:
            self._show_state(
                self.tr(
                    "No match for “%1”. Try fewer words, an abbreviation (BP, HR, SpO2) or a document id."
                ).replace("%1", self.query())
            )

    def _show_state(self, text: str) -> None:
        self.state.setText(text)
        self.state.setVisible(bool(text))

    def _open_current(self) -> None:
        item = self.results.currentItem() or self.results.item(0)
        if item is not None:
            self._open_item(item)

    def _open_item(self, item: QListWidgetItem) -> None:
        doc_id, anchor = item.data(HIT_ROLE)
        self.open_hit_requested.emit(doc_id, anchor, self.query())
