"""Read and acknowledge: who read which version of a document, and what changed since they did.

A version's front matter says whether its change is `material` (staff must re-read) or `editorial`. An
acknowledgement of version N still counts for a later version when every version after N is editorial.
Each version's flag is read from `content/history/ID/VERSION.md`; a version missing from the history is
treated as material (conservative), and when the acknowledged version itself is missing the person
reads the whole current text instead of a redline.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from handbook.errors import HandbookError
from handbook.library.catalog import Library
from handbook.library.model import Document
from handbook.publish.history import VersionList, document_versions
from handbook.records.chain import Event
from handbook.records.db import RecordStore
from handbook.records.profiles import Person, Profile

MATERIAL, EDITORIAL, UNKNOWN = "material", "editorial", "unknown"


class AcknowledgeError(HandbookError):
    """An acknowledgement was refused (the document is a draft or retired)."""


@dataclass(frozen=True, slots=True)
class VersionStep:
    """One version after the acknowledged one: its flag (`unknown` when not in the history) and note."""

    version: int
    change: str
    change_note: str
    effective: dt.date | None


@dataclass(frozen=True, slots=True)
class ChangesSince:
    """What changed between the version a person acknowledged and the current one.

    `material` is True when any step is material or unknown, or when the acknowledged version is newer
    than the current one (content rolled back). `base` is the acknowledged version as it was, to redline
    against; None when it is not in the history (then `note` says the whole text is shown).
    """

    since: int
    current: int
    steps: tuple[VersionStep, ...]
    material: bool
    base: Document | None
    note: str


def changes_since(
    library: Library, doc: Document, since: int, versions: VersionList | None = None
) -> ChangesSince:
    """The versions after `since` up to `doc` (the current one), and whether re-reading is needed."""
    versions = versions if versions is not None else document_versions(library, doc.id)
    notes: list[str] = []
    base = doc if since == doc.version else versions.get(since)
    if since > doc.version:
        notes.append(
            f"You acknowledged version {since}, newer than the version now in force ({doc.version}): "
            "read this version and acknowledge it."
        )
        return ChangesSince(since, doc.version, (), True, None, " ".join(notes))
    steps: list[VersionStep] = []
    material = False
    for number in range(since + 1, doc.version + 1):
        found = doc if number == doc.version else versions.get(number)
        if found is None:
            steps.append(VersionStep(number, UNKNOWN, "", None))
            notes.append(f"Version {number} is not in the history folder, so its change counts as material.")
            material = True
            continue
        steps.append(VersionStep(number, found.change, found.change_note, found.effective))
        material = material or found.change != EDITORIAL
    if base is None:
        notes.append(
            f"Version {since}, the one you acknowledged, is not in the history folder: the whole current "
            "text is shown."
        )
    return ChangesSince(since, doc.version, tuple(steps), material, base, " ".join(notes))


def acknowledge(store: RecordStore, profile: Profile, doc: Document) -> Event:
    """Record "I have read and understood version N" for the current person, with the content checksum.

    Raises AcknowledgeError for a draft or retired document, StorageError when it cannot be saved.
    """
    if not doc.is_current:
        raise AcknowledgeError(f"{doc.id} is {doc.status}: only an approved document can be acknowledged")
    return store.append(
        "ack",
        profile.id,
        profile.name,
        profile.role,
        doc.id,
        doc.version,
        doc.checksum,
        {
            "title": doc.title,
            "change": doc.change,
            "statement": f"I have read and understood version {doc.version}",
        },
    )


def acks_of(events: Iterable[Event], person: Person, doc_id: str | None = None) -> list[Event]:
    """The acknowledgements among `events` made by a person (any of their profiles), oldest first."""
    return [
        e
        for e in events
        if e.kind == "ack" and e.person_id in person.profile_ids and (doc_id is None or e.doc_id == doc_id)
    ]
