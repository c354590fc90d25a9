"""Live preview for authors: `python -m handbook preview DIR`.

A document list, the rendering of the chosen document, and its lint problems beside it. The folder, its
subfolders and every file are watched; saves are debounced (an editor writes several times per save)
and the folder is linted again in the background, the newest reload winning. Editors that save by
writing a new file and renaming it drop the file from the watch list, so every reload re-adds files.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QSplitter,
    QWidget,
)

from handbook.library.catalog import Library
from handbook.library.model import Problem, Severity, content_location
from handbook.library.validate import lint
from handbook.ui import dialogs
from handbook.ui.reader.problems_panel import ProblemsPanel
from handbook.ui.reader.sop_view import SopView
from handbook.ui.tasks import run_in_background

KEY_ROLE = Qt.ItemDataRole.UserRole  # the shown path of the file an item stands for
DEBOUNCE_MS = 250
WATCHED_SUFFIXES = (".md", ".yaml", ".yml")


class PreviewWindow(QMainWindow):
    """Watches a draft content folder and shows one document with its problems, reloading on save."""

    content_reloaded = Signal()

    def __init__(
        self, content_dir: Path, parent: QWidget | None = None, debounce_ms: int = DEBOUNCE_MS
    ) -> None:
        super().__init__(parent)
        self.content_dir = Path(content_dir).resolve()
        self.library: Library | None = None
        self.problems: list[Problem] = []
        self.selected_path = ""
        self._generation = 0
        self.setWindowTitle(self.tr("Preview: %1").replace("%1", str(self.content_dir)))
        self.resize(1300, 820)

        self.doc_list = QListWidget()
        self.doc_list.setAccessibleName(self.tr("Documents in the folder"))
        self.view = SopView()
        self.problems_panel = ProblemsPanel()
        self.problems_title = QLabel()
        side = QSplitter(Qt.Orientation.Vertical)
        side.addWidget(self.problems_title)
        side.addWidget(self.problems_panel)
        side.setStretchFactor(1, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.doc_list)
        splitter.addWidget(self.view)
        splitter.addWidget(side)
        splitter.setSizes([300, 650, 350])
        self.setCentralWidget(splitter)

        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(debounce_ms)
        self.watcher = QFileSystemWatcher(self)

        # Connect signals
        self.timer.timeout.connect(self.reload)
        self.watcher.fileChanged.connect(self.schedule_reload)
        self.watcher.directoryChanged.connect(self.schedule_reload)
        self.doc_list.currentItemChanged.connect(self._item_chosen)
        self.view.open_document_requested.connect(self.open_document)

        self.reload()

    def schedule_reload(self, _path: str = "") -> None:
        """Reload after the folder has been quiet for the debounce interval."""
        self.timer.start()

    def reload(self) -> None:
        """Lint the folder again in the background; a newer reload makes this one's result obsolete."""
        self._generation += 1
        generation = self._generation
        self.statusBar().showMessage(self.tr("Reloading…"))
        run_in_background(
            lambda: lint(self.content_dir, dt.date.today()),
            lambda result: self._loaded(generation, result),
            lambda exc: self._failed(generation, exc),
        )

    def _loaded(self, generation: int, result: tuple[Library, list[Problem]]) -> None:
        if generation != self._generation:
            return
        self.library, self.problems = result
        self._watch()
        self._fill_list()
        self._show_selected()
        errors = sum(p.severity == Severity.ERROR for p in self.problems)
        self.statusBar().showMessage(
            self.tr("%1 document(s), %2 error(s), %3 warning(s)")
            .replace("%1", str(len(self.library.documents)))
            .replace("%2", str(errors))
            .replace("%3", str(len(self.problems) - errors))
        )
        self.content_reloaded.emit()

    def _failed(self, generation: int, exc: BaseException) -> None:
        if generation != self._generation:
            return
        self.statusBar().clearMessage()
        dialogs.show_error(self, self.tr("The folder cannot be previewed."), str(self.content_dir), exc)

    def _watch(self) -> None:
        folders = [self.content_dir, *(p for p in self.content_dir.rglob("*") if p.is_dir())]
        files = [p for p in self.content_dir.rglob("*") if p.is_file() and p.suffix in WATCHED_SUFFIXES]
        watched = set(self.watcher.files()) | set(self.watcher.directories())
        missing = [str(p) for p in (*folders, *files) if str(p) not in watched]
        if missing:
            self.watcher.addPaths(missing)

    def shown_path(self, path: Path) -> str:
        """A file's location as problems carry it (relative to the content folder's parent)."""
        return content_location(path, self.content_dir)

    def _fill_list(self) -> None:
        assert self.library is not None
        counts: dict[str, int] = {}
        for problem in self.problems:
            counts[problem.path] = counts.get(problem.path, 0) + 1
        rows = [(self.shown_path(doc.path), f"{doc.id} · {doc.title}") for doc in self.library.documents]
        loaded = {path for path, _ in rows}
        rows += [(path, self.tr("%1 (cannot be shown)").replace("%1", path))
                 for path in sorted(counts) if path not in loaded and path.endswith(".md")]  # fmt: skip
        self.doc_list.blockSignals(True)
        self.doc_list.clear()
        for path, text in rows:
            count = counts.get(path, 0)
            item = QListWidgetItem(f"{text}  [{count}]" if count else text)
            item.setData(KEY_ROLE, path)
            item.setToolTip(path)
            self.doc_list.addItem(item)
            if path == self.selected_path:
                self.doc_list.setCurrentItem(item)
        self.doc_list.blockSignals(False)
        if self.doc_list.currentItem() is None and self.doc_list.count():
            self.doc_list.setCurrentRow(0)
            self.selected_path = self.doc_list.currentItem().data(KEY_ROLE)

    def _item_chosen(self, item: QListWidgetItem | None) -> None:
        if item is not None:
            self.selected_path = item.data(KEY_ROLE)
            self._show_selected()

    def open_document(self, doc_id: str, _anchor: str = "") -> None:
        """Follow a cross-link to another document of the folder."""
        doc = self.library.get(doc_id) if self.library else None
        if doc is None:
            self.statusBar().showMessage(self.tr("No document %1 in this folder").replace("%1", doc_id), 8000)
            return
        self.selected_path = self.shown_path(doc.path)
        self._fill_list()
        self._show_selected()

    def _show_selected(self) -> None:
        if self.library is None:
            return
        doc = next((d for d in self.library.documents if self.shown_path(d.path) == self.selected_path), None)
        mine = [p for p in self.problems if p.path == self.selected_path]
        self.problems_panel.show_problems(mine)
        self.problems_title.setText(self.tr("%n problem(s) in this file", "", len(mine)))
        if doc is None:
            self.view.setPlainText(
                self.tr("This file cannot be shown until the problems beside it are fixed.") if mine else ""
            )
            return
        position = (
            self.view.verticalScrollBar().value()
            if self.view.current and self.view.current.id == doc.id
            else 0
        )
        self.view.show_document(doc, self.library)
        self.view.verticalScrollBar().setValue(position)  # keep the author's place across saves


def main(argv: Sequence[str]) -> int:
    """`python -m handbook preview DIR`: open the preview window on a draft folder."""
    parser = argparse.ArgumentParser(prog="handbook preview", description="Live preview of a content folder.")
    parser.add_argument("dir", type=Path, help="the draft content folder (with handbook.yaml)")
    args = parser.parse_args(list(argv))
    if not args.dir.is_dir():
        print(f"error: {args.dir}: content folder not found or not a folder", file=sys.stderr)
        return 2
    app = QApplication.instance() or QApplication([sys.argv[0]])
    window = PreviewWindow(args.dir)
    window.show()
    return app.exec()
