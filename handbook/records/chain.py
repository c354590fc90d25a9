"""The hash chain that makes the records tamper-evident: one chain per workstation.

Every row stores `hash = SHA-256(prev_hash, newline, canonical JSON of its own fields)`; the first row of a
workstation follows `GENESIS`. Editing a row breaks its own hash; deleting or re-hashing a row breaks the
link of the row after it; deleting rows at the end is caught by the recorded head (`seq`, `hash` of the
last row), which is written in the same transaction as the row. What a chain cannot catch is a complete
rewrite (every row and the head recomputed): a merge catches that against the director's earlier copy.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

GENESIS = "0" * 64
# The fields a row's hash covers, in the order they are stored and exported.
CANONICAL_FIELDS = (
    "workstation",
    "seq",
    "uuid",
    "kind",
    "recorded_at",
    "person_id",
    "person_name",
    "role",
    "doc_id",
    "version",
    "checksum",
    "data",
)
KINDS = ("profile", "ack", "quiz")


@dataclass(frozen=True, slots=True)
class Event:
    """One record: a profile change, an acknowledgement or a quiz result, as stored in the chain.

    `data` is canonical JSON text (sorted keys) so that it hashes the same everywhere; read it with
    `payload`. `version` and `checksum` are the document's version and content checksum (0 and "" for
    profile rows). `recorded_at` is UTC ISO 8601.
    """

    workstation: str
    seq: int
    uuid: str
    kind: str
    recorded_at: str
    person_id: str
    person_name: str
    role: str
    doc_id: str
    version: int
    checksum: str
    data: str
    prev_hash: str
    hash: str

    @property
    def payload(self) -> dict[str, Any]:
        """The kind-specific fields (start date, quiz score, title...)."""
        value = json.loads(self.data)
        return value if isinstance(value, dict) else {}

    def fields(self) -> dict[str, Any]:
        """The canonical fields (everything the hash covers)."""
        return {name: getattr(self, name) for name in CANONICAL_FIELDS}

    def as_dict(self) -> dict[str, Any]:
        """Every stored field, for an export."""
        return {**self.fields(), "prev_hash": self.prev_hash, "hash": self.hash}


def canonical_data(payload: Mapping[str, Any]) -> str:
    """A payload as the canonical JSON text stored in `Event.data`."""
    return json.dumps(dict(payload), sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def canonical(fields: Mapping[str, Any]) -> bytes:
    """The bytes a row's hash covers: its canonical fields as sorted, compact UTF-8 JSON."""
    chosen = {name: fields[name] for name in CANONICAL_FIELDS}
    return json.dumps(chosen, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def link_hash(prev_hash: str, fields: Mapping[str, Any]) -> str:
    """SHA-256 of the previous row's hash and this row's canonical fields (hex)."""
    return hashlib.sha256(prev_hash.encode("ascii") + b"\n" + canonical(fields)).hexdigest()


@dataclass(frozen=True, slots=True)
class ChainProblem:
    """Where a chain is broken: the workstation, the row (its sequence number) and why."""

    workstation: str
    seq: int
    reason: str

    def __str__(self) -> str:
        return f"workstation {self.workstation[:8]} row {self.seq}: {self.reason}"


@dataclass(frozen=True, slots=True)
class ChainReport:
    """The outcome of verifying every chain in a store: rows checked per workstation and what is wrong."""

    rows: dict[str, int]
    problems: tuple[ChainProblem, ...]

    @property
    def ok(self) -> bool:
        """True when every chain verified."""
        return not self.problems

    @property
    def total(self) -> int:
        """Rows checked over all workstations."""
        return sum(self.rows.values())

    def summary(self) -> str:
        """One line for people: 'verified (N rows, M workstations)' or the first problem."""
        if self.ok:
            return f"records verified ({self.total} rows, {len(self.rows)} workstation(s))"
        more = f" (and {len(self.problems) - 1} more)" if len(self.problems) > 1 else ""
        return f"RECORDS ALTERED: {self.problems[0]}{more}"


def verify_chain(
    workstation: str, rows: Sequence[Event], head: tuple[int, str] | None = None
) -> list[ChainProblem]:
    """Every break in one workstation's chain; rows are taken in `seq` order.

    Checks that rows number 1, 2, 3... without gaps, that each row's hash matches its contents, that
    each row links to the one before, and, given the recorded head (seq, hash), that no rows are
    missing at the end. After a gap the check resynchronises, so later breaks are reported too.
    """
    problems: list[ChainProblem] = []

    def fail(seq: int, reason: str) -> None:
        problems.append(ChainProblem(workstation, seq, reason))

    expected, prev = 1, GENESIS
    seen: set[str] = set()
    for row in sorted(rows, key=lambda r: r.seq):
        if row.workstation != workstation:
            fail(row.seq, f"belongs to workstation {row.workstation[:8]}")
        if row.uuid in seen:
            fail(row.seq, f"repeats the id {row.uuid} of an earlier row")
        seen.add(row.uuid)
        linked = True
        if row.seq < expected:
            fail(row.seq, "appears twice")
            continue
        if row.seq > expected:
            gap = str(expected) if row.seq == expected + 1 else f"{expected}-{row.seq - 1}"
            fail(expected, f"missing (row(s) {gap} deleted)")
            linked = False  # the link below is broken by the gap already reported
        if link_hash(row.prev_hash, row.fields()) != row.hash:
            fail(row.seq, "contents do not match its hash (the row was edited)")
        elif linked and row.prev_hash != prev:
            fail(
                row.seq,
                f"does not follow row {row.seq - 1} (a row before it was deleted, replaced or re-hashed)",
            )
        expected, prev = row.seq + 1, row.hash
    last = expected - 1
    if head is not None:
        head_seq, head_hash = head
        if head_seq > last:
            gap = str(head_seq) if head_seq == last + 1 else f"{last + 1}-{head_seq}"
            fail(last + 1, f"missing (row(s) {gap} deleted from the end)")
        elif head_seq < last:
            fail(head_seq + 1, "added outside the handbook (after the recorded last row)")
        elif last and head_hash != prev:
            fail(last, "does not match the recorded last row (the row was replaced)")
    return problems
