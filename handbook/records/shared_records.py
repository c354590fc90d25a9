"""Records through a shared folder: each workstation writes its export there, the director merges them all.

A workstation names a folder (`HANDBOOK_RECORDS_DIR`, else the `records_dir` setting) and, after every
acknowledgement and quiz attempt, writes its whole export as `records-<workstation id>.json` (one file
per workstation, replaced atomically: a reader sees the old or the new file, never half of one).

The director's report merges every export it finds there. Each file is merged on its own, so a refused
file (tampered, unreadable, still being written) is named and the others still merge; merging is verified
and idempotent as `merge_exports` is.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from handbook.records.db import RecordStore
from handbook.records.merge import MergedFile, MergeRefused, export_records, merge_exports

RECORDS_DIR_ENV = "HANDBOOK_RECORDS_DIR"
PREFIX = "records-"


def records_dir(setting: str = "") -> Path | None:
    """The shared records folder: the environment variable first, then the setting; None when neither."""
    chosen = os.environ.get(RECORDS_DIR_ENV) or setting
    return Path(chosen) if chosen else None


def export_name(store: RecordStore) -> str:
    """This workstation's file name in the shared folder."""
    return f"{PREFIX}{store.workstation}.json"


def share_records(store: RecordStore, folder: Path, now: dt.datetime | None = None) -> Path:
    """Write this workstation's export into the shared folder (atomically); returns the file.

    Raises StorageError naming the file when the folder cannot be written (the records themselves are
    safe in the workstation's database; the next acknowledgement tries again).
    """
    folder = Path(folder)
    target = folder / export_name(store)
    stamp = (now or dt.datetime.now(dt.UTC)).isoformat(timespec="seconds")
    export_records(store, target, stamp)
    return target


@dataclass(frozen=True, slots=True)
class SharedMerge:
    """What merging the shared folder did: files merged and files refused (path, one-line reason)."""

    merged: tuple[MergedFile, ...]
    refused: tuple[tuple[Path, str], ...]

    @property
    def added(self) -> int:
        """Rows added over all merged files."""
        return sum(f.added for f in self.merged)


def merge_shared(store: RecordStore, folder: Path) -> SharedMerge:
    """Merge every workstation export in the folder into the store, one file at a time."""
    merged: list[MergedFile] = []
    refused: list[tuple[Path, str]] = []
    try:
        files = sorted(p for p in Path(folder).glob(f"{PREFIX}*.json") if not p.name.startswith("."))
    except OSError as exc:
        return SharedMerge((), ((Path(folder), f"cannot read the folder: {exc.strerror or exc}"),))
    for path in files:
        try:
            merged.extend(merge_exports(store, [path]).files)
        except MergeRefused as exc:
            refused.append((path, exc.message))
    return SharedMerge(tuple(merged), tuple(refused))
