"""File > Install update: verify and install a signed pack off the GUI thread, then say what changed.

The main window's menu action calls `install_update_from_file(parent, clinic.install, on_installed)` (asks
for the file) or `install_update(parent, path, installer=clinic.install, on_installed=...)`. A refused pack
is reported through the task runner's error presenter with the one-line reason; the content shown does
not change. On success the user is told what changed and `on_installed(InstallResult)` runs, so the
clinic core can show `result.loaded` (the new content, verified and loaded once).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog, QWidget

from handbook.errors import HandbookError
from handbook.publish.install import InstallResult, install_pack
from handbook.publish.keys import TrustedKey
from handbook.ui import dialogs
from handbook.ui.tasks import run_in_background

MAX_CHANGE_LINES = 25  # a message box taller than the screen helps nobody; the rest is counted


class UpdateInstaller(QObject):
    """One install of one pack. Emits `update_installed(InstallResult)` or `update_failed(reason)`."""

    update_installed = Signal(object)
    update_failed = Signal(str)

    def __init__(
        self,
        parent: QWidget | None,
        pack_path: Path,
        extra_keys: Iterable[TrustedKey] = (),
        installer: Callable[..., InstallResult] = install_pack,
    ) -> None:
        super().__init__(parent)
        self.parent_widget = parent
        self.pack_path = Path(pack_path)
        self.extra_keys = tuple(extra_keys)
        self.installer = installer
        self.running = False

    def start(self) -> None:
        """Verify and install in the background; the answer arrives as a signal and a message."""
        self.running = True
        _live.add(self)
        run_in_background(
            lambda: self.installer(self.pack_path, self.extra_keys), self._succeeded, self._failed
        )

    def _succeeded(self, result: InstallResult) -> None:
        self._finish()
        dialogs.show_info(self.parent_widget, self.summary(result))
        self.update_installed.emit(result)

    def _failed(self, exc: BaseException) -> None:
        self._finish()
        reason = exc.message if isinstance(exc, HandbookError) else str(exc) or type(exc).__name__
        what = self.tr(
            "The update was not installed: %1. The handbook still shows the content it showed before."
        )
        dialogs.show_error(self.parent_widget, what.replace("%1", reason), str(self.pack_path), exc)
        self.update_failed.emit(reason)

    def _finish(self) -> None:
        self.running = False
        _live.discard(self)

    def summary(self, result: InstallResult) -> str:
        """What the user reads after an install: the version, then one line per changed document."""
        was = result.replaced or self.tr("the content shipped with the app")
        lines = [
            self.tr("Installed update %1 (replacing %2).")
            .replace("%1", result.manifest.version)
            .replace("%2", was)
        ]
        material = len(result.changes.material)
        if material:
            lines.append(self.tr("%n document(s) changed materially: staff must re-read them.", "", material))
        changes = result.changes.lines()
        lines.append("")
        lines.extend(changes[:MAX_CHANGE_LINES])
        if len(changes) > MAX_CHANGE_LINES:
            lines.append(self.tr("… and %n more.", "", len(changes) - MAX_CHANGE_LINES))
        return "\n".join(lines)


_live: set[UpdateInstaller] = set()  # an installer without a parent stays alive until it has answered


def install_update(
    parent: QWidget | None,
    pack_path: Path,
    *,
    installer: Callable[..., InstallResult] = install_pack,
    on_installed: Callable[[InstallResult], None] | None = None,
    extra_keys: Iterable[TrustedKey] = (),
) -> UpdateInstaller:
    """Start installing a pack with `installer(path, extra_keys)` (the app passes `clinic.install`); on
    success call on_installed(result). Returns the installer (its signals `update_installed` /
    `update_failed` say how it ended).
    """
    job = UpdateInstaller(parent, pack_path, extra_keys, installer)
    if on_installed is not None:
        job.update_installed.connect(on_installed)
    job.start()
    return job


def choose_pack_file(parent: QWidget | None) -> Path | None:
    """Ask for an update pack file; None when the user cancels."""
    title = parent.tr("Install update") if parent else "Install update"
    name, _ = QFileDialog.getOpenFileName(parent, title, "", "Handbook update (*.zip);;All files (*)")
    return Path(name) if name else None


def install_update_from_file(
    parent: QWidget | None,
    installer: Callable[..., InstallResult] = install_pack,
    on_installed: Callable[[InstallResult], None] | None = None,
) -> UpdateInstaller | None:
    """File > Install update: choose a pack, then install it (None when the user cancelled)."""
    path = choose_pack_file(parent)
    return install_update(parent, path, installer=installer, on_installed=on_installed) if path else None
