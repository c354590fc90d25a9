"""`handbook --self-test`: prove an installed (or frozen) handbook works end to end, without a display.

Each step prints `ok   <step>: <detail>`; the first failure prints `FAIL <step>: <reason>` and the run
exits 1, so a packaging job (or a person at a workstation) sees which part of the bundle is broken.
Steps: load the bundled content, open the search index, run a search, render a document, load the
trusted public keys (update packs are verified with them), register the bundled fonts, open and close
the main window offscreen.

When frozen, the prebuilt index shipped in the bundle must match the content: a self-test that
quietly rebuilt it would hide a broken package, so a missing or stale bundled index fails. From source
the index is opened or rebuilt as the app does, and the output says which. The user's data and
settings are never touched: unless HANDBOOK_DATA_DIR / HANDBOOK_CONFIG_DIR are set, the run points
them at a temporary folder (opening a document would otherwise add it to the user's recent list).
"""

from __future__ import annotations

import datetime as dt
import html
import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, TextIO

from handbook import __version__, paths
from handbook.errors import HandbookError
from handbook.library.loader import load_library
from handbook.library.model import Severity

if TYPE_CHECKING:
    from handbook.library.catalog import Library
    from handbook.library.model import Document

SEARCH_LIMIT = 10


class SelfTestFailure(HandbookError):
    """One step found the bundle unusable; the message says what, `where` says which file or folder."""


def run(out: TextIO | None = None) -> int:
    """Run every step; return 0 when all passed, 1 at the first failure (after printing it).

    Sets QT_QPA_PLATFORM=offscreen unless the caller chose a platform, so it runs without a display.
    """
    out = out or sys.stdout
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    frozen = bool(getattr(sys, "frozen", False))
    print(f"handbook {__version__} self-test ({'frozen' if frozen else 'from source'})", file=out)
    state: dict[str, object] = {}
    steps: list[tuple[str, Callable[[dict[str, object]], str]]] = [
        ("content", _content),
        ("index", lambda s: _index(s, frozen)),
        ("search", _search),
        ("render", _render),
        ("keys", _keys),
        ("fonts", _fonts),
        ("window", _window),
    ]
    with _scratch_user_dirs():
        for name, step in steps:
            started = time.perf_counter()
            try:
                detail = step(state)
            # The self-test is a reporting boundary: whatever breaks, name the step and exit non-zero.
            except Exception as exc:  # noqa: BLE001
                print(f"FAIL {name}: {type(exc).__name__}: {exc}", file=out)
                return 1
            print(f"ok   {name}: {detail} ({(time.perf_counter() - started) * 1000:.0f} ms)", file=out)
    print("self-test passed", file=out)
    return 0


@contextmanager
def _scratch_user_dirs() -> Iterator[None]:
    """Point the user data and config folders at a temporary one unless the caller chose them."""
    unset = [name for name in (paths.DATA_DIR_ENV, paths.CONFIG_DIR_ENV) if name not in os.environ]
    if not unset:
        yield
        return
    with tempfile.TemporaryDirectory(prefix="handbook-selftest-") as scratch:
        for name in unset:
            os.environ[name] = os.path.join(scratch, name.lower())
        try:
            yield
        finally:
            for name in unset:
                os.environ.pop(name, None)


def _content(state: dict[str, object]) -> str:
    """The bundled content loads with no document lost to an error and at least one current document."""
    folder = paths.bundled_content_dir()
    result = load_library(folder)
    errors = [p for p in result.problems if p.severity == Severity.ERROR]
    if errors:
        shown = "; ".join(str(p) for p in errors[:3])
        raise SelfTestFailure(f"{len(errors)} content error(s): {shown}", folder)
    current = result.library.current()
    if not current:
        raise SelfTestFailure("no approved document to show", folder)
    state["library"] = result.library
    return f"{len(current)} current document(s) from {folder}"


def _index(state: dict[str, object], frozen: bool) -> str:
    """Frozen: the bundled index must match the content. From source: open or rebuild, as the app does."""
    from handbook import services

    library: Library = state["library"]  # type: ignore[assignment]
    plan = services.plan_index(library)
    searchable = {record.doc_id for record in plan.documents}
    document = next((doc for doc in library.current() if doc.id in searchable), None)
    if document is None:
        raise SelfTestFailure("no current document is searchable", library.root)
    # The later steps search for, render and open this document.
    state["document"] = document
    if frozen:
        bundled = paths.bundled_index_dir()
        searcher = services.open_existing_index(plan, (bundled,))
        if searcher is None:
            raise SelfTestFailure("bundled index missing or stale (the app would rebuild it)", bundled)
        state["searcher"] = searcher
        return f"bundled index {bundled}, {searcher.doc_count} document(s)"
    searcher, rebuilt = services.open_or_rebuild(library)
    state["searcher"] = searcher
    how = f"rebuilt into {paths.cache_index_dir()}" if rebuilt else "prebuilt index matched the content"
    return f"{how}, {searcher.doc_count} document(s)"


def _search(state: dict[str, object]) -> str:
    """Searching a document's title finds that document."""
    doc: Document = state["document"]  # type: ignore[assignment]
    searcher = state["searcher"]
    hits = searcher.search(doc.title, limit=SEARCH_LIMIT)  # type: ignore[attr-defined]
    if doc.id not in [hit.doc_id for hit in hits]:
        found = ", ".join(hit.doc_id for hit in hits) or "nothing"
        raise SelfTestFailure(f"searching {doc.title!r} did not find {doc.id} (found {found})")
    searcher.close()  # type: ignore[attr-defined]
    return f"{doc.title!r} -> {len(hits)} hit(s), {doc.id} among them"


def _render(state: dict[str, object]) -> str:
    """The first document renders to HTML that carries its title."""
    from handbook.library.render import render_document

    library: Library = state["library"]  # type: ignore[assignment]
    doc: Document = state["document"]  # type: ignore[assignment]
    page = render_document(doc, library.values, dt.date.today())
    if html.escape(doc.title, quote=False) not in page:
        raise SelfTestFailure(f"rendered {doc.id} lacks its title", doc.path)
    return f"{doc.id}, {len(page)} characters of HTML"


def _keys(state: dict[str, object]) -> str:
    """The bundled public keys load (this also proves the crypto library works in the bundle)."""
    from handbook.publish import keys

    trusted = keys.trusted_keys()
    bundled = [key for key in trusted if key.source.parent == keys.bundled_keys_dir()]
    if not bundled:
        return f"no trusted key bundled in {keys.bundled_keys_dir()}: update packs will be refused"
    return f"{len(bundled)} bundled: " + ", ".join(key.key_id for key in bundled)


def _fonts(state: dict[str, object]) -> str:
    """The bundled text font registers with Qt (without it a bare machine shows empty boxes)."""
    from PySide6.QtWidgets import QApplication

    from handbook.ui import fonts

    state["app"] = QApplication.instance() or QApplication([sys.argv[0]])
    family = fonts.register_fonts()
    if family != fonts.SANS_FAMILY:
        raise SelfTestFailure(f"bundled font {fonts.SANS_FAMILY!r} not registered", fonts.fonts_dir())
    return f"{family} + {fonts.MONOSPACE_FAMILY} on Qt platform {_platform()}"


def _window(state: dict[str, object]) -> str:
    """The main window builds, opens the first document in a reader, paints, and closes."""
    from PySide6.QtWidgets import QApplication, QTextBrowser

    from handbook.app import build_window

    doc: Document = state["document"]  # type: ignore[assignment]
    window = build_window()
    try:
        window.show()
        opened = window.open_document(doc.id)
        QApplication.processEvents()
        if opened is False:
            raise SelfTestFailure(f"the window refused to open {doc.id}")
        readers = [view.toPlainText() for view in window.findChildren(QTextBrowser)]
        if not any(doc.title in text for text in readers):
            raise SelfTestFailure(f"no reader shows {doc.id}")
        if window.grab().isNull():
            raise SelfTestFailure("the main window did not paint")
    finally:
        window.close()
        window.deleteLater()
        QApplication.processEvents()
    return f"opened {doc.id} and closed"


def _platform() -> str:
    return os.environ.get("QT_QPA_PLATFORM", "offscreen")
