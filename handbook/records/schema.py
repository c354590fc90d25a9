"""The schema every record row must meet, checked before a merge commits and whenever rows are read.

A hash chain proves rows were not changed after they were written; it says nothing about whether what
was written makes sense. An export forged with valid hashes but a payload of `garbage` would otherwise
be merged and then break every report. So a row is usable only when each field has the right type,
a bounded size and a meaningful value (times parse, numbers are in range, the payload is a small JSON
object with the fields its kind needs). `row_problem` says why a row is not, in one phrase.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

from handbook.library.value_checks import MAX_VERSION
from handbook.records.chain import KINDS, Event

MAX_SEQ = 2**53  # exact in every JSON reader
MAX_TEXT = 200
MAX_DATA = 16 * 1024
_HEX64 = re.compile(r"[0-9a-f]{64}")
_IDENT = re.compile(r"[A-Za-z0-9._:-]{1,64}")
_CHECKSUM = re.compile(r"[0-9A-Za-z]{0,128}")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _text(value: Any, name: str, required: bool = True) -> str | None:
    if not isinstance(value, str):
        return f"'{name}' is not text"
    if required and not value.strip():
        return f"'{name}' is empty"
    if len(value) > MAX_TEXT or _CONTROL.search(value):
        return f"'{name}' is too long or holds control characters"
    return None


def _when(value: str, name: str) -> str | None:
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        return f"'{name}' is not a time: {value[:40]!r}"
    if moment.tzinfo is None:
        return f"'{name}' has no time zone"
    return None


def _count(data: dict[str, Any], name: str, high: int) -> str | None:
    value = data.get(name)
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= high:
        return f"payload '{name}' is not a whole number from 0 to {high}"
    return None


def _payload(event: Event) -> tuple[dict[str, Any] | None, str | None]:
    if not isinstance(event.data, str) or len(event.data) > MAX_DATA:
        return None, "payload is missing or too large"
    try:
        data = json.loads(event.data)
    except (json.JSONDecodeError, RecursionError):
        return None, "payload is not JSON"
    if not isinstance(data, dict):
        return None, "payload is not an object"
    return data, None


def _kind_problem(event: Event, data: dict[str, Any]) -> str | None:
    if event.kind == "profile":
        start = data.get("start_date")
        if start is not None:
            try:
                dt.date.fromisoformat(start if isinstance(start, str) else "")
            except ValueError:
                return f"payload 'start_date' is not a date: {str(start)[:40]!r}"
        return None
    if not event.doc_id or event.version < 1:
        return f"a {event.kind} row needs a document and a version from 1"
    if event.kind == "ack":
        for name in ("title", "change", "statement"):
            if name in data and _text(data[name], name, required=False):
                return f"payload '{name}' is not short text"
        return None
    for name, high in (("correct", 1000), ("total", 1000), ("percent", 100), ("pass_mark", 100)):
        reason = _count(data, name, high)
        if reason:
            return reason
    if not isinstance(data.get("passed"), bool):
        return "payload 'passed' is not true or false"
    if data["correct"] > data["total"]:
        return "payload 'correct' is more than 'total'"
    return None


def row_problem(event: Event) -> str | None:  # noqa: PLR0911 - one early return per field
    """Why a row is unusable (one phrase), or None when every field meets the schema."""
    for name in ("workstation", "person_id"):
        value = getattr(event, name)
        if not isinstance(value, str) or not _IDENT.fullmatch(value):
            return f"'{name}' is not an id"
    if isinstance(event.seq, bool) or not isinstance(event.seq, int) or not 1 <= event.seq <= MAX_SEQ:
        return f"'seq' is not a row number from 1 to {MAX_SEQ}"
    if not isinstance(event.uuid, str) or not _IDENT.fullmatch(event.uuid):
        return "'uuid' is not an id"
    if event.kind not in KINDS:
        return f"unknown kind {str(event.kind)[:20]!r}"
    for name in ("recorded_at", "person_name", "role"):
        reason = _text(getattr(event, name), name)
        if reason:
            return reason
    reason = _when(event.recorded_at, "recorded_at")
    if reason:
        return reason
    reason = _text(event.doc_id, "doc_id", required=False)
    if reason:
        return reason
    if (
        isinstance(event.version, bool)
        or not isinstance(event.version, int)
        or not 0 <= event.version <= MAX_VERSION
    ):
        return f"'version' is not a whole number from 0 to {MAX_VERSION}"
    if not isinstance(event.checksum, str) or not _CHECKSUM.fullmatch(event.checksum):
        return "'checksum' is not a checksum"
    for name in ("prev_hash", "hash"):
        value = getattr(event, name)
        if not isinstance(value, str) or not _HEX64.fullmatch(value):
            return f"'{name}' is not a SHA-256 in hex"
    data, reason = _payload(event)
    if data is None:
        return reason
    return _kind_problem(event, data)
