"""Updates through a shared folder: find a new, complete, verified pack there and offer it.

A workstation names a folder (`HANDBOOK_UPDATES_DIR`, else the `updates_dir` setting), typically a
network share the director writes packs to. `UpdateFinder.look()` is called at start and every few
minutes; a file is considered only once it looked the same (size and modification time) on two looks
in a row and opens as a complete zip, so a pack still being copied is never verified half-written.
A pack that is not newer than what the workstation shows, or that is refused, is not offered; a refused
pack is named once in `refused` so the director can be told. Installing is `install_pack`, as for a
pack chosen by hand (atomic); the caller asks for confirmation and never interrupts emergency mode.
"""

from __future__ import annotations

import os
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from handbook.errors import HandbookError, UpdateError
from handbook.library.catalog import Library
from handbook.library.loader import load_library
from handbook.publish.changes import ChangeSummary, changes_between, without_documents
from handbook.publish.install import active_content, check_not_downgrade, unpack
from handbook.publish.keys import trusted_keys
from handbook.publish.rotation import check_not_retired
from handbook.publish.verify import VerifiedPack, verify_pack

UPDATES_DIR_ENV = "HANDBOOK_UPDATES_DIR"
_PARTIAL_SUFFIXES = (".part", ".tmp", ".partial", ".crdownload", ".download")


def updates_dir(setting: str = "") -> Path | None:
    """The shared updates folder: the environment variable first, then the setting; None when neither."""
    chosen = os.environ.get(UPDATES_DIR_ENV) or setting
    return Path(chosen) if chosen else None


@dataclass(frozen=True, slots=True)
class UpdateOffer:
    """A verified pack newer than what the workstation shows, with what it changes for staff."""

    path: Path
    version: str
    signer: str
    changes: ChangeSummary


def shown_now() -> Library:
    """The library this workstation shows now (when the caller has none at hand)."""
    from handbook.publish.state import load_content

    return load_content(active_content()).library


@dataclass
class UpdateFinder:
    """Looks at one folder; remembers what each file looked like last time (size, mtime)."""

    folder: Path
    shown: Callable[[], Library] = shown_now  # the library offers are compared with
    seen: dict[Path, tuple[int, int]] = field(default_factory=dict)
    refused: dict[Path, str] = field(default_factory=dict)

    def stable_packs(self) -> list[Path]:
        """`*.zip` files unchanged since the previous look and complete as zips, newest name last."""
        try:
            entries = [p for p in self.folder.iterdir() if p.suffix.lower() == ".zip" and p.is_file()]
        except OSError:
            return []  # the share is unreachable now; the next look tries again
        looked: dict[Path, tuple[int, int]] = {}
        stable = []
        for path in sorted(entries):
            if path.name.startswith(".") or path.name.lower().endswith(_PARTIAL_SUFFIXES):
                continue
            try:
                info = path.stat()
            except OSError:
                continue
            looked[path] = (info.st_size, info.st_mtime_ns)
            if self.seen.get(path) == looked[path] and info.st_size > 0 and _complete_zip(path):
                stable.append(path)
        self.seen = looked
        return stable

    def look(self) -> UpdateOffer | None:
        """The newest pack worth offering now, or None. Never raises for a bad pack (see `refused`)."""
        offers = []
        for path in self.stable_packs():
            try:
                verified = verify_pack(path, trusted_keys())  # a retired signer is named below
                check_not_retired(verified.signer)
                check_not_downgrade(verified.manifest)
            except UpdateError as exc:
                if "not newer" not in exc.message:
                    self.refused[path] = str(exc)
                continue
            self.refused.pop(path, None)
            offers.append(verified)
        if not offers:
            return None
        newest = max(offers, key=lambda v: v.manifest.version_key)
        return UpdateOffer(
            newest.path, newest.manifest.version, newest.signer, pack_changes(newest, self.shown())
        )


def _complete_zip(path: Path) -> bool:
    """Whether the file ends with a readable zip directory (a half-copied file does not)."""
    try:
        with zipfile.ZipFile(path) as archive:
            archive.infolist()
    except (OSError, zipfile.BadZipFile, EOFError):
        return False
    return True


def pack_changes(verified: VerifiedPack, shown: Library) -> ChangeSummary:
    """What installing this pack would change for staff, compared with the `shown` library."""
    try:
        with tempfile.TemporaryDirectory(prefix="handbook-offer-") as scratch:
            unpack(verified, Path(scratch))
            incoming = load_library(Path(scratch) / "content").library
            new = without_documents(incoming, verified.manifest.revoked)
            return changes_between(shown, new)
    except (HandbookError, OSError) as exc:
        return ChangeSummary(note=f"the changes could not be listed: {exc}")
