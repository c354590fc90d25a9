"""A plain-data snapshot of the validated library, trusted only from the read-only install folder.

Nothing here reads code-bearing formats (no pickle, no marshal), and nothing is read from a
user-writable folder: a snapshot in the user cache could be replaced by anyone who can write there, so
the library is either loaded from the content itself or from `library-snapshot.json` shipped next to
the bundled `content/` folder (written at build time by `write_snapshot`). That file is JSON, keyed by
a SHA-256 of every byte of the content it came from; every document in it must carry the checksum of
its file as read now and the very text of that file: a snapshot of other content, or one whose text
was altered, is ignored with a log line and the content is loaded normally. (The snapshot lives inside
the read-only install folder, the same trust boundary as the content itself.) Review-date problems
depend on the day, so they are recomputed.

Measured on the shipped content (51 documents, warm process): snapshot 10-14 ms, full load and
validation 40-50 ms; `python -m handbook.library.snapshot CONTENT TARGET` writes it at build time.

Snapshots older releases left in the user cache (`library-*.pickle`) are deleted unread.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import logging
import os
import sys
import types
import typing
from collections.abc import Callable
from pathlib import Path
from typing import Any

from handbook import __version__
from handbook.library.catalog import Library
from handbook.library.model import ConsensusPoint, Document, HandbookInfo, Problem, Severity, content_location
from handbook.storage import replace_atomically

log = logging.getLogger("handbook")
SNAPSHOT_FORMAT = 3
SNAPSHOT_NAME = "library-snapshot.json"
MAX_SNAPSHOT_BYTES = 64 * 1024 * 1024
LEGACY_PATTERN = "library-*.pickle"
_REVIEW_CODES = ("R001", "R002")


class SnapshotError(ValueError):
    """The snapshot does not match the content or is not the expected shape (the message says how)."""


def content_key(root: Path) -> tuple[str, dict[str, bytes]]:
    """SHA-256 over every file under root (path and bytes), and the bytes of each file by relative path."""
    digest = hashlib.sha256(f"{__version__}|{SNAPSHOT_FORMAT}".encode())
    files: dict[str, bytes] = {}
    for folder, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in sorted(filenames):
            path = os.path.join(folder, name)
            relative = Path(os.path.relpath(path, root)).as_posix()
            with open(path, "rb") as handle:
                files[relative] = handle.read()
            digest.update(f"{relative}|{hashlib.sha256(files[relative]).hexdigest()}\n".encode())
    return digest.hexdigest(), files


def bundled_snapshot_path(root: Path) -> Path:
    """Where the install folder keeps the snapshot of its content: beside the content folder."""
    return Path(root).parent / SNAPSHOT_NAME


def load_validated(
    root: Path, today: dt.date, cache_dir: Path | None = None
) -> tuple[Library, list[Problem]]:
    """The library and its problems: from the install folder's snapshot when it matches, else loaded.

    `cache_dir` is only swept of snapshots older releases wrote there; nothing is read from it.
    """
    if cache_dir is not None:
        _sweep_legacy(cache_dir)
    snapshot = bundled_snapshot_path(root)
    if snapshot.is_file():
        try:
            library, problems = read_snapshot(snapshot, root)
            return library, sorted(
                problems + review_problems(library, today), key=lambda p: (p.path, p.line, p.code)
            )
        except (OSError, SnapshotError) as exc:
            log.warning("library snapshot %s ignored (%s); loading the content", snapshot, exc)
    from handbook.library.validate import lint  # the slow path: YAML and every rule

    return lint(root, today)


def write_snapshot(root: Path, target: Path) -> None:
    """Load and validate root and write its snapshot to target (build time; target is then read-only)."""
    from handbook.library.validate import lint

    library, problems = lint(root, dt.date.today())
    key, _ = content_key(root)
    data = {
        "format": SNAPSHOT_FORMAT,
        "key": key,
        "library": _encode_library(library),
        "problems": [_encode(p) for p in problems if p.code not in _REVIEW_CODES],
    }
    replace_atomically(target, json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode())


def read_snapshot(path: Path, root: Path) -> tuple[Library, list[Problem]]:
    """Decode a snapshot and check it against root: SnapshotError unless it is exactly root's content."""
    with open(path, "rb") as handle:
        raw = handle.read(MAX_SNAPSHOT_BYTES + 1)
    if len(raw) > MAX_SNAPSHOT_BYTES:
        raise SnapshotError("too large")
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise SnapshotError(f"not JSON: {exc}") from exc
    if not isinstance(data, dict) or data.get("format") != SNAPSHOT_FORMAT:
        raise SnapshotError("unknown format")
    key, files = content_key(root)
    if data.get("key") != key:
        raise SnapshotError("made from other content")
    library = _decode_library(data.get("library"), Path(root))
    for doc in library.documents:
        relative = doc.path.relative_to(root).as_posix()
        file_bytes = files.get(relative)
        if file_bytes is None or hashlib.sha256(file_bytes).hexdigest() != doc.checksum:
            raise SnapshotError(f"{relative} does not match the content file")
        if not file_bytes.decode("utf-8-sig").endswith(doc.body):
            raise SnapshotError(f"the text of {relative} does not match the content file")
    problems = _decode(list[Problem], data.get("problems"), "problems")
    return library, problems


def review_problems(library: Library, today: dt.date) -> list[Problem]:
    """R001/R002 for approved documents past or near their review date (the rule of `validate`)."""
    problems = []
    warning_days = library.info.review_warning_days
    for doc in library.current():
        path = content_location(doc.path, library.root)
        line = doc.field_lines.get("review_by", 1)
        if doc.review_by < today:
            problems.append(
                Problem(path, line, "R001", f"approved document is past its review date {doc.review_by}")
            )
        elif doc.review_by <= today + dt.timedelta(days=warning_days):
            message = f"review date {doc.review_by} is within {warning_days} days"
            problems.append(Problem(path, line, "R002", message, Severity.WARNING))
    return problems


def _sweep_legacy(cache_dir: Path) -> None:
    for old in Path(cache_dir).glob(LEGACY_PATTERN):
        log.info("deleting unread library cache %s (caches no longer hold code-bearing data)", old)
        try:
            old.unlink()
        except OSError as exc:
            log.warning("cannot delete %s: %s", old, exc)


def _encode_library(library: Library) -> dict[str, Any]:
    documents = []
    for doc in library.documents:
        encoded = _encode(doc)
        encoded["path"] = doc.path.relative_to(library.root).as_posix()
        documents.append(encoded)
    return {
        "info": _encode(library.info),
        "documents": documents,
        "consensus": [_encode(point) for point in library.consensus],
    }


def _decode_library(raw: object, root: Path) -> Library:
    if not isinstance(raw, dict):
        raise SnapshotError("no library")
    documents = []
    for item in _expect(raw.get("documents"), list, "documents"):
        item = dict(_expect(item, dict, "document"))
        relative = _expect(item.get("path"), str, "document path")
        path = (root / relative).resolve()
        if not path.is_relative_to(root.resolve()):
            raise SnapshotError(f"document path {relative!r} is outside the content folder")
        item["path"] = str(root / relative)
        documents.append(_decode(Document, item, "document"))
    info = _decode(HandbookInfo, raw.get("info"), "info")
    consensus = _decode(tuple[ConsensusPoint, ...], raw.get("consensus"), "consensus")
    return Library(root, info, tuple(documents), consensus)


def _encode(obj: Any) -> Any:
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: _encode(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, tuple | list):
        return [_encode(item) for item in obj]
    if isinstance(obj, dict):
        return {str(k): _encode(v) for k, v in obj.items()}
    if isinstance(obj, dt.date):
        return obj.isoformat()
    if isinstance(obj, Path):
        return str(obj)
    return obj


def _expect(raw: object, kind: type, where: str) -> Any:
    if not isinstance(raw, kind) or (kind is int and isinstance(raw, bool)):
        raise SnapshotError(f"{where}: expected {kind.__name__}")
    return raw


_DECODERS: dict[Any, Callable[[object, str], Any]] = {}


def _decode(hint: Any, raw: object, where: str) -> Any:
    """Rebuild a value of the annotated type from JSON, refusing anything of another shape."""
    decoder = _DECODERS.get(hint)
    if decoder is None:
        decoder = _DECODERS[hint] = _decoder_for(hint)
    return decoder(raw, where)


def _plain(kind: type) -> Callable[[object, str], Any]:
    def decode(raw: object, where: str) -> Any:
        if type(raw) is not kind:
            raise SnapshotError(f"{where}: expected {kind.__name__}")
        return raw

    return decode


def _number(raw: object, where: str) -> Any:
    if type(raw) not in (int, float):
        raise SnapshotError(f"{where}: expected a number")
    return raw


def _date(raw: object, where: str) -> dt.date:
    try:
        return dt.date.fromisoformat(_expect(raw, str, where))
    except ValueError as exc:
        raise SnapshotError(f"{where}: not a date") from exc


def _severity(raw: object, where: str) -> Severity:
    try:
        return Severity(_expect(raw, str, where))
    except ValueError as exc:
        raise SnapshotError(f"{where}: unknown severity") from exc


def _decoder_for(hint: Any) -> Callable[[object, str], Any]:  # noqa: C901, PLR0911 - one branch per type
    origin = typing.get_origin(hint)
    if hint in (str, bool, int):
        return _plain(hint)
    if hint is float:
        return _number
    if hint is dt.date:
        return _date
    if hint is Path:
        return lambda raw, where: Path(_expect(raw, str, where))
    if hint is Severity:
        return _severity
    if origin in (types.UnionType, typing.Union):
        inner = _decoder_for(next(arg for arg in typing.get_args(hint) if arg is not type(None)))
        return lambda raw, where: None if raw is None else inner(raw, where)
    if origin in (tuple, list):
        args = typing.get_args(hint)
        if origin is list or (len(args) == 2 and args[1] is Ellipsis):
            item = _decoder_for(args[0])
            wrap = list if origin is list else tuple
            return lambda raw, where: wrap(item(x, where) for x in _expect(raw, list, where))
        parts = [_decoder_for(arg) for arg in args]

        def fixed(raw: object, where: str) -> tuple[Any, ...]:
            items = _expect(raw, list, where)
            if len(items) != len(parts):
                raise SnapshotError(f"{where}: expected {len(parts)} items")
            return tuple(part(x, where) for part, x in zip(parts, items, strict=True))

        return fixed
    if origin is dict:
        key, value = (_decoder_for(arg) for arg in typing.get_args(hint))
        return lambda raw, where: {
            key(k, where): value(v, where) for k, v in _expect(raw, dict, where).items()
        }
    if dataclasses.is_dataclass(hint):
        hints = typing.get_type_hints(hint, vars(sys.modules[hint.__module__]))
        fields = {f.name: _decoder_for(hints[f.name]) for f in dataclasses.fields(hint) if f.init}
        names = set(fields)

        def record(raw: object, where: str) -> Any:
            mapping = _expect(raw, dict, where)
            if mapping.keys() != names:
                raise SnapshotError(f"{where}: fields {sorted(set(mapping) ^ names)} do not match")
            return hint(**{name: decode(mapping[name], where) for name, decode in fields.items()})  # type: ignore[operator]

        return record
    raise SnapshotError(f"cannot decode {hint!r}")


if __name__ == "__main__":  # build step: python -m handbook.library.snapshot CONTENT_DIR TARGET_FILE
    write_snapshot(Path(sys.argv[1]), Path(sys.argv[2]))
