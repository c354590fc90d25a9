"""The one task runner: Qt-free callables run off the GUI thread; results and failures come back on it.

Long work (an install, a reload, an index build, a records write) goes through `run_task` (or
`run_in_background` when the caller handles the failure itself); a failure reaches the user through
the one error presenter, `present_error`, which names where it happened.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal
from PySide6.QtWidgets import QWidget

from handbook.errors import HandbookError
from handbook.ui import dialogs


class _Relay(QObject):
    succeeded = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, work: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self.work = work
        self.relay = relay

    def run(self) -> None:
        try:
            result = self.work()
        except Exception as exc:  # noqa: BLE001 - handed to the failure callback, which shows it
            self.relay.failed.emit(exc)
        else:
            self.relay.succeeded.emit(result)


_live_relays: set[_Relay] = set()


def run_in_background(
    work: Callable[[], Any],
    on_success: Callable[[Any], None],
    on_failure: Callable[[BaseException], None],
) -> None:
    """Run `work()` on the thread pool; call on_success(result) or on_failure(exc) on the GUI thread."""
    relay = _Relay()
    _live_relays.add(relay)  # keep it alive until a result arrives

    def finish(callback: Callable[[Any], None], value: Any) -> None:
        _live_relays.discard(relay)
        callback(value)

    relay.succeeded.connect(lambda result: finish(on_success, result))
    relay.failed.connect(lambda exc: finish(on_failure, exc))
    QThreadPool.globalInstance().start(_Job(work, relay))


def present_error(
    parent: QWidget | None, what: str, exc: BaseException, *, with_reason: bool = False
) -> None:
    """The one error presenter for background work: what failed, where (from a HandbookError), and why
    (as the detail; also in the text itself `with_reason`).
    """
    if with_reason:
        what = f"{what} {exc.message if isinstance(exc, HandbookError) else exc}"
    dialogs.show_error(parent, what, exc.where if isinstance(exc, HandbookError) else "", exc)


def run_task(
    parent: QWidget | None,
    failure_text: str,
    work: Callable[[], Any],
    on_success: Callable[[Any], None],
    on_failure: Callable[[BaseException], None] | None = None,
    *,
    with_reason: bool = False,
) -> None:
    """Run `work()` off the GUI thread; on success call on_success(result) on the GUI thread, on failure
    present the error (`failure_text` says what failed), then call on_failure(exc) if given.
    """

    def failed(exc: BaseException) -> None:
        present_error(parent, failure_text, exc, with_reason=with_reason)
        if on_failure is not None:
            on_failure(exc)

    run_in_background(work, on_success, failed)
