"""The records database: one SQLite file in the user data folder, append-only and hash-chained.

WAL journal, `synchronous=FULL`: a row is on disk when `append` returns, and a process killed at any
moment leaves every committed row intact (SQLite rolls back only the unfinished transaction). Each
append runs in a `BEGIN IMMEDIATE` transaction, so two app windows on one workstation never fork the
chain. Triggers refuse UPDATE and DELETE on the rows; someone who removes them with another tool is
caught by `verify()`. A database that cannot be read is never replaced or renamed: it is audit data.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import platform
import sqlite3
import uuid as uuidlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from handbook import paths
from handbook.errors import StorageError
from handbook.records.chain import (
    CANONICAL_FIELDS,
    GENESIS,
    ChainProblem,
    ChainReport,
    Event,
    canonical_data,
    link_hash,
    verify_chain,
)
from handbook.records.schema import row_problem
from handbook.storage import replace_atomically

log = logging.getLogger("handbook")
RECORDS_FILE = "records.sqlite3"
HEADS_SUFFIX = ".heads"
MIRRORED_KEY = "heads_mirrored"
SCHEMA_VERSION = 1
Clock = Callable[[], dt.datetime]

_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS events ("
    " workstation TEXT NOT NULL, seq INTEGER NOT NULL, uuid TEXT NOT NULL UNIQUE, kind TEXT NOT NULL,"
    " recorded_at TEXT NOT NULL, person_id TEXT NOT NULL, person_name TEXT NOT NULL, role TEXT NOT NULL,"
    " doc_id TEXT NOT NULL, version INTEGER NOT NULL, checksum TEXT NOT NULL, data TEXT NOT NULL,"
    " prev_hash TEXT NOT NULL, hash TEXT NOT NULL, PRIMARY KEY (workstation, seq))",
    "CREATE INDEX IF NOT EXISTS events_doc ON events (doc_id, kind)",
    "CREATE TABLE IF NOT EXISTS heads (workstation TEXT PRIMARY KEY, seq INTEGER NOT NULL, hash TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS workstations (id TEXT PRIMARY KEY, label TEXT NOT NULL)",
    "CREATE TRIGGER IF NOT EXISTS events_no_update BEFORE UPDATE ON events"
    " BEGIN SELECT RAISE(ABORT, 'records are append-only'); END",
    "CREATE TRIGGER IF NOT EXISTS events_no_delete BEFORE DELETE ON events"
    " BEGIN SELECT RAISE(ABORT, 'records are append-only'); END",
)
_COLUMNS = ", ".join((*CANONICAL_FIELDS, "prev_hash", "hash"))


def records_path() -> Path:
    """Where this workstation's records live (HANDBOOK_DATA_DIR overrides the platform folder)."""
    return paths.user_data_dir() / RECORDS_FILE


def utc_now() -> dt.datetime:
    """The real clock (aware, UTC)."""
    return dt.datetime.now(dt.UTC)


class RecordStore:
    """Acknowledgements, quiz results and staff profiles of one workstation (plus merged ones).

    Open with `RecordStore.open()`; one instance per thread (SQLite connections are not shared across
    threads: background work opens its own). Every failure raises StorageError naming the file.
    """

    def __init__(self, connection: sqlite3.Connection, path: Path, clock: Clock) -> None:
        self._db = connection
        self.path = path
        self.clock = clock
        self.workstation = ""
        self._durable = False

    @classmethod
    def open(cls, path: Path | None = None, clock: Clock | None = None) -> RecordStore:
        """Open (creating on first use) the records database; default `records_path()`."""
        path = Path(path) if path is not None else records_path()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StorageError(
                f"cannot create the records folder: {exc.strerror or exc}", path.parent
            ) from exc
        try:
            connection = sqlite3.connect(path, isolation_level=None, timeout=10)
        except sqlite3.Error as exc:
            raise StorageError(f"cannot open the records: {exc}", path) from exc
        store = cls(connection, path, clock or utc_now)
        try:
            store._prepare(durable=True)
        except sqlite3.Error as exc:
            connection.close()
            raise StorageError(f"cannot open the records: {exc}", path) from exc
        except StorageError:
            connection.close()
            raise
        return store

    @classmethod
    def memory_copy(cls, source: RecordStore) -> RecordStore:
        """An in-memory copy of a store (merge for one report without saving); same workstation id."""
        connection = sqlite3.connect(":memory:", isolation_level=None)
        try:
            source._db.backup(connection)
            store = cls(connection, source.path, source.clock)
            store._prepare(durable=False)
        except sqlite3.Error as exc:
            connection.close()
            raise StorageError(f"cannot copy the records: {exc}", source.path) from exc
        return store

    def _prepare(self, durable: bool) -> None:
        self._durable = durable
        if durable:
            mode = self._db.execute("PRAGMA journal_mode=WAL").fetchone()[0]
            if str(mode).lower() != "wal":
                raise StorageError(f"the records need WAL journaling, got '{mode}'", self.path)
            self._db.execute("PRAGMA synchronous=FULL")
        with self._transaction():
            for statement in _SCHEMA:
                self._db.execute(statement)
            schema = self._meta("schema")
            if schema is None:
                self._set_meta("schema", str(SCHEMA_VERSION))
            elif not schema.isdigit() or int(schema) > SCHEMA_VERSION:
                raise StorageError(
                    f"the records were written by a newer handbook (schema {schema}); update this one",
                    self.path,
                )
            workstation = self._meta("workstation")
            if workstation is None:
                workstation = str(uuidlib.uuid4())
                self._set_meta("workstation", workstation)
                self._db.execute(
                    "INSERT OR IGNORE INTO workstations (id, label) VALUES (?, ?)",
                    (workstation, platform.node() or "workstation"),
                )
        self.workstation = workstation

    def close(self) -> None:
        """Close the connection (committed rows are already on disk)."""
        self._db.close()

    def __enter__(self) -> RecordStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        """One write transaction that holds the write lock from the start (no chain forks)."""
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            if self._db.in_transaction:
                self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")
        if self._durable:
            # Move the commit from the WAL into the database file at once, so losing the -wal (or -shm)
            # file after a crash cannot lose a committed row. Measured cost: see README ("Records").
            self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()

    @property
    def heads_path(self) -> Path:
        """The file mirroring every chain's recorded head outside the database (see `verify`)."""
        return self.path.with_name(self.path.name + HEADS_SUFFIX)

    def _mirror_heads(self) -> None:
        """Copy the heads table to the mirror file after a commit; mark the database as mirrored once.

        Deleting the newest rows together with their `heads` row is then still caught: the mirror
        outside the database names the last row. A crash before the mirror is written leaves it one
        row behind, which is harmless (it is a lower bound).
        """
        if not self._durable:
            return
        heads = {w: [s, h] for w, (s, h) in self.heads().items()}
        try:
            replace_atomically(self.heads_path, json.dumps(heads, sort_keys=True).encode("ascii"))
        except OSError as exc:
            # The row is committed already: failing the call would tell the user it was not. A stale
            # mirror is only a lower bound, so the next successful write catches up.
            log.warning("records head file %s not updated: %s", self.heads_path, exc.strerror or exc)
            return
        if self._meta(MIRRORED_KEY) is None:
            with self._errors("cannot save to the records"), self._transaction():
                self._set_meta(MIRRORED_KEY, "1")

    def _mirrored_heads(self) -> tuple[dict[str, tuple[int, str]], list[ChainProblem]]:
        """The heads in the mirror file, and a problem when it is missing, unreadable or malformed."""
        if self._meta(MIRRORED_KEY) is None:
            return {}, []
        try:
            raw = json.loads(self.heads_path.read_text(encoding="ascii"))
            heads = {
                str(w): (int(s), str(h))
                for w, (s, h) in raw.items()
                if isinstance(s, int) and not isinstance(s, bool) and isinstance(h, str)
            }
            if len(heads) != len(raw):
                raise ValueError("malformed entry")
        except FileNotFoundError:
            return {}, [
                ChainProblem(self.workstation, 0, f"the head file {self.heads_path.name} was deleted")
            ]
        except (OSError, ValueError, TypeError, AttributeError, RecursionError) as exc:
            problem = ChainProblem(
                self.workstation, 0, f"the head file {self.heads_path.name} is unreadable ({exc})"
            )
            return {}, [problem]
        return heads, []

    @contextmanager
    def _errors(self, what: str) -> Iterator[None]:
        try:
            yield
        except sqlite3.Error as exc:
            raise StorageError(f"{what}: {exc}", self.path) from exc

    def _meta(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def _set_meta(self, key: str, value: str) -> None:
        self._db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))

    def get_setting(self, key: str) -> str | None:
        """A workstation setting kept beside the records (not chained), e.g. the current person."""
        with self._errors("cannot read the records"):
            return self._meta(f"setting.{key}")

    def set_setting(self, key: str, value: str) -> None:
        """Save a workstation setting (not part of the chain: it records nothing anyone did)."""
        with self._errors("cannot save to the records"), self._transaction():
            self._set_meta(f"setting.{key}", value)

    def append(
        self,
        kind: str,
        person_id: str,
        person_name: str,
        role: str,
        doc_id: str = "",
        version: int = 0,
        checksum: str = "",
        payload: Mapping[str, Any] | None = None,
    ) -> Event:
        """Add one row to this workstation's chain and commit it; returns the stored row.

        Raises StorageError when the records cannot be written (nothing is then recorded).
        """
        with self._errors("cannot save to the records"), self._transaction():
            head = self._db.execute(
                "SELECT seq, hash FROM heads WHERE workstation = ?", (self.workstation,)
            ).fetchone()
            seq, prev = (int(head[0]) + 1, str(head[1])) if head else (1, GENESIS)
            fields = {
                "workstation": self.workstation,
                "seq": seq,
                "uuid": str(uuidlib.uuid4()),
                "kind": kind,
                "recorded_at": self.clock().astimezone(dt.UTC).isoformat(timespec="seconds"),
                "person_id": person_id,
                "person_name": person_name,
                "role": role,
                "doc_id": doc_id,
                "version": int(version),
                "checksum": checksum,
                "data": canonical_data(payload or {}),
            }
            event = Event(**fields, prev_hash=prev, hash=link_hash(prev, fields))  # type: ignore[arg-type]
            self._insert(event)
            self._db.execute(
                "INSERT OR REPLACE INTO heads (workstation, seq, hash) VALUES (?, ?, ?)",
                (self.workstation, seq, event.hash),
            )
        self._mirror_heads()
        return event

    def _insert(self, event: Event) -> None:
        values = [getattr(event, name) for name in (*CANONICAL_FIELDS, "prev_hash", "hash")]
        self._db.execute(f"INSERT INTO events ({_COLUMNS}) VALUES ({', '.join('?' * len(values))})", values)

    def events(
        self, kind: str | None = None, doc_id: str | None = None, workstation: str | None = None
    ) -> list[Event]:
        """Stored rows, oldest first (by time, then workstation and sequence), optionally filtered."""
        clauses, args = [], []
        for column, value in (("kind", kind), ("doc_id", doc_id), ("workstation", workstation)):
            if value is not None:
                clauses.append(f"{column} = ?")
                args.append(value)
        where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
        return [row for row in self._rows(where, args) if isinstance(row, Event) and row_problem(row) is None]

    def _rows(self, where: str = "", args: Sequence[Any] = ()) -> list[Event | ChainProblem]:
        """Every stored row as an Event, or as a ChainProblem when its columns cannot even be read."""
        with self._errors("cannot read the records"):
            rows = self._db.execute(
                f"SELECT {_COLUMNS} FROM events{where} ORDER BY recorded_at, workstation, seq", args
            ).fetchall()
        return [_event(row) for row in rows]

    def unreadable(self) -> list[ChainProblem]:
        """Stored rows that do not meet the schema (e.g. merged before it was checked): left out of `events`."""
        found = []
        for row in self._rows():
            if isinstance(row, ChainProblem):
                found.append(row)
            elif (reason := row_problem(row)) is not None:
                found.append(ChainProblem(row.workstation, row.seq, f"unreadable, left out ({reason})"))
        return found

    def heads(self) -> dict[str, tuple[int, str]]:
        """The recorded last row (seq, hash) of every workstation's chain."""
        with self._errors("cannot read the records"):
            rows = self._db.execute("SELECT workstation, seq, hash FROM heads").fetchall()
        return {str(w): (int(s), str(h)) for w, s, h in rows}

    def labels(self) -> dict[str, str]:
        """A readable label (host name) for every known workstation id."""
        with self._errors("cannot read the records"):
            rows = self._db.execute("SELECT id, label FROM workstations").fetchall()
        return {str(i): str(label) for i, label in rows}

    def verify(self) -> ChainReport:
        """Check every workstation's chain (edited, deleted, re-hashed or added rows)."""
        by_workstation: dict[str, list[Event]] = {}
        for event in self._rows():
            if isinstance(event, Event):
                by_workstation.setdefault(event.workstation, []).append(event)
        heads = self.heads()
        with self._errors("cannot read the records"):
            mirrored, problems = self._mirrored_heads()
        for workstation in sorted(set(by_workstation) | set(heads) | set(mirrored)):
            rows = by_workstation.get(workstation, [])
            problems.extend(verify_chain(workstation, rows, heads.get(workstation)))
            own = heads.get(workstation)
            if workstation in mirrored and (own is None or own[0] < mirrored[workstation][0]):
                problems.extend(_against_mirror(workstation, rows, mirrored[workstation]))
        problems.extend(self.unreadable())
        return ChainReport({w: len(rows) for w, rows in by_workstation.items()}, tuple(problems))

    def add_foreign(
        self, rows: Sequence[Event], heads: Mapping[str, tuple[int, str]], labels: Mapping[str, str]
    ) -> None:
        """Insert already-verified rows of other chains (a merge) in one transaction, and move heads forward.

        Raises StorageError (nothing inserted) when a row clashes with a stored one.
        """
        with self._errors("cannot merge into the records"), self._transaction():
            for event in rows:
                self._insert(event)
            for workstation, (seq, digest) in heads.items():
                known = self._db.execute(
                    "SELECT seq FROM heads WHERE workstation = ?", (workstation,)
                ).fetchone()
                if known is None or int(known[0]) < seq:
                    self._db.execute(
                        "INSERT OR REPLACE INTO heads (workstation, seq, hash) VALUES (?, ?, ?)",
                        (workstation, seq, digest),
                    )
            for workstation, label in labels.items():
                self._db.execute(
                    "INSERT OR IGNORE INTO workstations (id, label) VALUES (?, ?)", (workstation, label)
                )
        self._mirror_heads()

    def chain_hashes(self, workstation: str) -> dict[int, tuple[str, str]]:
        """Seq -> (uuid, hash) of one workstation's stored rows (what a merge compares against)."""
        with self._errors("cannot read the records"):
            rows = self._db.execute(
                "SELECT seq, uuid, hash FROM events WHERE workstation = ?", (workstation,)
            ).fetchall()
        return {int(s): (str(u), str(h)) for s, u, h in rows}

    def uuid_location(self, uuids: Sequence[str]) -> dict[str, tuple[str, int]]:
        """For those of these row ids already stored: uuid -> (workstation, seq)."""
        found: dict[str, tuple[str, int]] = {}
        with self._errors("cannot read the records"):
            for start in range(0, len(uuids), 500):
                chunk = list(uuids[start : start + 500])
                marks = ", ".join("?" * len(chunk))
                for u, w, s in self._db.execute(
                    f"SELECT uuid, workstation, seq FROM events WHERE uuid IN ({marks})", chunk
                ):
                    found[str(u)] = (str(w), int(s))
        return found


def _against_mirror(workstation: str, rows: Sequence[Event], mirrored: tuple[int, str]) -> list[ChainProblem]:
    """Rows missing from the end although the database's own head was removed with them."""
    seq, digest = mirrored
    by_seq = {row.seq: row for row in rows}
    last = max(by_seq, default=0)
    if seq > last:
        gap = str(seq) if seq == last + 1 else f"{last + 1}-{seq}"
        return [
            ChainProblem(workstation, last + 1, f"missing (row(s) {gap} deleted from the end with the head)")
        ]
    if seq and by_seq.get(seq) is not None and by_seq[seq].hash != digest:
        return [ChainProblem(workstation, seq, "does not match the head file (the row was replaced)")]
    return []


def _event(row: Sequence[Any]) -> Event | ChainProblem:
    names = (*CANONICAL_FIELDS, "prev_hash", "hash")
    values = dict(zip(names, row, strict=True))
    if not isinstance(values["seq"], int) or not isinstance(values["version"], int):
        return ChainProblem(str(values["workstation"]), -1, f"unreadable, left out (row {values['seq']!r})")
    return Event(**{k: (v if isinstance(v, int) else str(v)) for k, v in values.items()})  # type: ignore[arg-type]
