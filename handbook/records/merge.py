"""Export a workstation's records for the director, and merge exports from several workstations.

An export is one JSON file holding every chain the store knows (its own and any merged earlier), each
with its rows and recorded head. Merging checks each file's chains completely before anything is
written; a file that fails is refused with one line naming the file and the row, and then nothing from
any of the files is merged. Rows are keyed by workstation + sequence and by their UUID, so merging the
same export twice adds nothing. A chain already known must match the export row for row: an export
that disagrees with a copy merged earlier (history rewritten on that workstation) is refused too.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from handbook.errors import HandbookError
from handbook.records.chain import CANONICAL_FIELDS, Event, verify_chain
from handbook.records.db import RecordStore
from handbook.records.schema import MAX_SEQ, row_problem
from handbook.storage import write_atomically
from handbook.untrusted import UnreadableFile, read_regular_file

FORMAT = "clinic-handbook-records"
FORMAT_VERSION = 1
MAX_EXPORT_BYTES = 256 * 1024 * 1024
_INT_FIELDS = ("seq", "version")


class MergeRefused(HandbookError):
    """An export file was refused: not an export, unreadable, or a chain in it does not verify."""


@dataclass(frozen=True, slots=True)
class ExportChain:
    """One workstation's chain as found in an export file."""

    workstation: str
    label: str
    head: tuple[int, str]
    rows: tuple[Event, ...]


@dataclass(frozen=True, slots=True)
class MergedFile:
    """What one file brought: rows added, rows already present."""

    path: Path
    added: int
    present: int


@dataclass(frozen=True, slots=True)
class MergeResult:
    """Every file merged, in the order given."""

    files: tuple[MergedFile, ...]

    @property
    def added(self) -> int:
        """Rows added over all files."""
        return sum(f.added for f in self.files)


def export_records(store: RecordStore, path: Path, exported_at: str) -> int:
    """Write every chain in the store to a JSON file (atomically); returns the number of rows."""
    events = store.events()
    heads = store.heads()
    labels = store.labels()
    chains = []
    for workstation in sorted({e.workstation for e in events} | set(heads)):
        rows = sorted((e for e in events if e.workstation == workstation), key=lambda e: e.seq)
        seq, digest = heads.get(workstation, (0, ""))
        chains.append({
            "id": workstation,
            "label": labels.get(workstation, ""),
            "head": {"seq": seq, "hash": digest},
            "rows": [e.as_dict() for e in rows],
        })  # fmt: skip
    document = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "exported_at": exported_at,
        "exported_from": store.workstation,
        "workstations": chains,
    }
    write_atomically(Path(path), json.dumps(document, indent=1, ensure_ascii=False) + "\n", "cannot export")
    return len(events)


def _refuse(path: Path, reason: str) -> MergeRefused:
    return MergeRefused(reason, path)


def _row(path: Path, where: str, raw: Any) -> Event:
    if not isinstance(raw, dict):
        raise _refuse(path, f"{where}: not a record")
    values: dict[str, Any] = {}
    for name in (*CANONICAL_FIELDS, "prev_hash", "hash"):
        value = raw.get(name)
        wanted = int if name in _INT_FIELDS else str
        if not isinstance(value, wanted) or isinstance(value, bool):
            raise _refuse(path, f"{where}: field '{name}' missing or not a {wanted.__name__}")
        if isinstance(value, int) and not 0 <= value <= MAX_SEQ:
            raise _refuse(path, f"{where}: field '{name}' is out of range")
        values[name] = value
    return Event(**values)


def read_export(path: Path) -> tuple[ExportChain, ...]:
    """Read an export and verify every chain in it. Raises MergeRefused with one line naming the row."""
    path = Path(path)
    try:
        document = json.loads(read_regular_file(path, MAX_EXPORT_BYTES).decode("utf-8"))
    except UnreadableFile as exc:
        raise _refuse(path, exc.message) from exc
    except UnicodeDecodeError as exc:
        raise _refuse(path, f"not a records export (not UTF-8 text at byte {exc.start})") from exc
    except json.JSONDecodeError as exc:
        raise _refuse(path, f"not a records export (not JSON: {exc})") from exc
    except RecursionError as exc:
        raise _refuse(path, "not a records export (nested too deeply)") from exc
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise _refuse(path, "not a records export")
    if not isinstance(document.get("format_version"), int) or document["format_version"] > FORMAT_VERSION:
        raise _refuse(path, "written by a newer handbook: update this one to merge it")
    chains = document.get("workstations")
    if not isinstance(chains, list):
        raise _refuse(path, "not a records export (no workstations)")
    found = []
    for number, chain in enumerate(chains, start=1):
        if (
            not isinstance(chain, dict)
            or not isinstance(chain.get("id"), str)
            or not isinstance(chain.get("rows"), list)
        ):
            raise _refuse(path, f"workstation entry {number} is malformed")
        workstation = chain["id"]
        head = chain.get("head")
        if (
            not isinstance(head, dict)
            or isinstance(head.get("seq"), bool)
            or not isinstance(head.get("seq"), int)
            or not 0 <= head["seq"] <= MAX_SEQ
            or not isinstance(head.get("hash"), str)
        ):
            raise _refuse(path, f"workstation {workstation[:8]}: head missing or malformed")
        rows = tuple(
            _row(path, f"workstation {workstation[:8]} entry {i}", raw)
            for i, raw in enumerate(chain["rows"], 1)
        )
        for row in rows:
            reason = row_problem(row)
            if reason:
                raise _refuse(path, f"workstation {workstation[:8]} row {row.seq}: {reason}")
        problems = verify_chain(workstation, rows, (head["seq"], head["hash"]))
        if problems:
            raise _refuse(path, f"tampered or damaged: {problems[0]}")
        found.append(ExportChain(workstation, str(chain.get("label", "")), (head["seq"], head["hash"]), rows))
    return tuple(found)


def merge_exports(store: RecordStore, files: Sequence[Path]) -> MergeResult:
    """Merge export files into the store: all of them, or (on any refusal) none.

    Raises MergeRefused naming the file and the row. Merging a file again adds nothing.
    """
    planned: list[tuple[Path, list[Event], int]] = []
    to_add: list[Event] = []
    heads: dict[str, tuple[int, str]] = {}
    labels: dict[str, str] = {}
    pending: dict[str, dict[int, tuple[str, str]]] = {}  # rows planned by earlier files in this merge
    for path in map(Path, files):
        added: list[Event] = []
        present = 0
        for chain in read_export(path):
            known = {**store.chain_hashes(chain.workstation), **pending.get(chain.workstation, {})}
            new_rows = []
            for row in chain.rows:
                if row.seq in known:
                    if known[row.seq] != (row.uuid, row.hash):
                        raise _refuse(
                            path,
                            f"workstation {chain.workstation[:8]} row {row.seq} differs from the copy already "
                            "merged (one of them was altered)",
                        )
                    present += 1
                else:
                    new_rows.append(row)
            clashes = store.uuid_location([r.uuid for r in new_rows])
            if clashes:
                uuid, (other, seq) = next(iter(clashes.items()))
                raise _refuse(path, f"row {uuid} is already stored as workstation {other[:8]} row {seq}")
            pending.setdefault(chain.workstation, {}).update({r.seq: (r.uuid, r.hash) for r in new_rows})
            added.extend(new_rows)
            if chain.head[0] > heads.get(chain.workstation, (0, ""))[0]:
                heads[chain.workstation] = chain.head
            if chain.label:
                labels.setdefault(chain.workstation, chain.label)
        planned.append((path, added, present))
        to_add.extend(added)
    if to_add or heads:
        store.add_foreign(to_add, heads, labels)
    return MergeResult(tuple(MergedFile(path, len(added), present) for path, added, present in planned))
