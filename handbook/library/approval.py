"""Approval as a recorded act: who approved which version, when, and the SHA-256 of the text approved.

The record lives in the document's front matter:

```yaml
status: approved
approved_by: Dr A. Example
approval: {by: Dr A. Example, version: 3, at: "2026-11-30T18:04:00+00:00", sha256: 9f2c...}
```

The hash covers everything a reader relies on: every front-matter field except the three that record
the approval itself (`status`, `approved_by`, `approval`), in a canonical form, plus the body. Comments
and key order in the front matter do not count; a changed word, value, date or version does.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

APPROVAL_FIELDS = ("status", "approved_by", "approval")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True, slots=True)
class Approval:
    """One approval: the approver's name, the version approved, when (ISO 8601, UTC) and the text's hash."""

    by: str
    version: int
    at: str
    sha256: str

    def as_mapping(self) -> dict[str, Any]:
        """The record as it is written into front matter (key order fixed)."""
        return {"by": self.by, "version": self.version, "at": self.at, "sha256": self.sha256}


def _canonical(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): _canonical(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_canonical(v) for v in value]
    return value


def text_hash(fields: Mapping[str, Any], body: str) -> str:
    """SHA-256 (hex) of the approvable text: front matter without the approval fields, then the body.

    Line endings are normalised so that a checkout on another system does not void an approval.
    """
    kept = {key: value for key, value in fields.items() if key not in APPROVAL_FIELDS}
    header = json.dumps(_canonical(kept), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    text = header + "\n---\n" + body.replace("\r\n", "\n")
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def parse_record(raw: Any) -> tuple[Approval | None, str]:
    """The approval record from front matter, or None and the reason it is unusable ("" when absent)."""
    if raw is None:
        return None, ""
    if not isinstance(raw, Mapping):
        return None, "'approval' must be a mapping {by, version, at, sha256}"
    by, version, at, digest = raw.get("by"), raw.get("version"), raw.get("at"), raw.get("sha256")
    if not isinstance(by, str) or not by.strip():
        return None, "'approval' needs 'by': the approver's name"
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        return None, "'approval' needs 'version': the whole version number approved"
    if isinstance(at, dt.datetime):
        at = at.isoformat()
    if not isinstance(at, str) or _as_time(at) is None:
        return None, "'approval' needs 'at': when it was approved (ISO 8601 date and time)"
    if not isinstance(digest, str) or not _SHA256.match(digest):
        return None, "'approval' needs 'sha256': 64 hex digits"
    return Approval(by.strip(), version, at, digest), ""


def _as_time(text: str) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(text)
    except ValueError:
        return None


def record_for(fields: Mapping[str, Any], body: str, by: str, at: dt.datetime) -> Approval:
    """A new approval record of this text by this person at this time."""
    version = fields.get("version")
    if isinstance(version, bool) or not isinstance(version, int):
        raise ValueError("the document has no whole version number")
    stamp = at.astimezone(dt.UTC).replace(microsecond=0).isoformat()
    return Approval(by.strip(), version, stamp, text_hash(fields, body))


def approval_state(status: str, record: Approval | None, version: int, current_hash: str) -> str:
    """One word for the review queue and lint: `approved` (record matches), `unrecorded` (approved
    without a record), `stale-version` (record is for another version), `changed` (text differs from
    what was approved), or `draft` / `retired` for documents not claiming approval.
    """
    if status != "approved":
        return status
    if record is None:
        return "unrecorded"
    if record.version != version:
        return "stale-version"
    if record.sha256 != current_hash:
        return "changed"
    return "approved"
