"""What an update changes for staff, and the library as staff see it once revoked documents are hidden."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from handbook.library.catalog import Library
from handbook.library.model import Problem, Severity, content_location
from handbook.library.validate import validate


@dataclass(frozen=True, slots=True)
class DocChange:
    """One document added, removed or changed by an update.

    `change` is the new version's material/editorial flag ("" for a removal); `version_raised` is False
    when the text changed but the version number did not (an authoring slip worth showing).
    """

    doc_id: str
    title: str
    old_version: int | None
    new_version: int | None
    change: str
    change_note: str

    @property
    def version_raised(self) -> bool:
        """Whether the new version number is above the old one."""
        return self.old_version is None or self.new_version is None or self.new_version > self.old_version


@dataclass(frozen=True, slots=True)
class ChangeSummary:
    """Documents added, removed (or revoked) and changed between two libraries, each sorted by id.

    `note` is set instead when the libraries could not be compared.
    """

    added: tuple[DocChange, ...] = ()
    removed: tuple[DocChange, ...] = ()
    changed: tuple[DocChange, ...] = ()
    note: str = ""

    @property
    def is_empty(self) -> bool:
        """No document differs."""
        return not (self.added or self.removed or self.changed)

    @property
    def material(self) -> tuple[DocChange, ...]:
        """Added or changed documents whose change needs staff to re-read and acknowledge."""
        return tuple(c for c in (*self.added, *self.changed) if c.change == "material")

    def lines(self) -> list[str]:
        """Plain-text lines for people: one per document, grouped, with versions and change notes."""
        out: list[str] = []
        for change in self.changed:
            slip = "" if change.version_raised else " (version not raised)"
            note = f" — {change.change_note}" if change.change_note else ""
            out.append(
                f"changed  {change.doc_id} v{change.old_version} → v{change.new_version} "
                f"[{change.change}]{slip}: {change.title}{note}"
            )
        for change in self.added:
            out.append(
                f"added    {change.doc_id} v{change.new_version} [{change.change}]: {change.title}"
                + (f" — {change.change_note}" if change.change_note else "")
            )
        for change in self.removed:
            out.append(f"removed  {change.doc_id} v{change.old_version}: {change.title}")
        return out or [self.note or "no document changed"]


def changes_between(old: Library, new: Library) -> ChangeSummary:
    """Compare two libraries (pass them with revoked documents already hidden): a document changed when
    its file's bytes differ.
    """
    added, removed, changed = [], [], []
    for doc in new.documents:
        before = old.get(doc.id)
        if before is None:
            added.append(DocChange(doc.id, doc.title, None, doc.version, doc.change, doc.change_note))
        elif before.checksum != doc.checksum:
            changed.append(
                DocChange(doc.id, doc.title, before.version, doc.version, doc.change, doc.change_note)
            )
    for doc in old.documents:
        if doc.id not in new:
            removed.append(DocChange(doc.id, doc.title, doc.version, None, "", ""))
    return ChangeSummary(tuple(added), tuple(removed), tuple(changed))


def without_documents(library: Library, hidden: Iterable[str]) -> Library:
    """The library with these document ids left out (revocation): nothing of theirs is shown or searched."""
    hidden = frozenset(hidden)
    if not hidden & {doc.id for doc in library.documents}:
        return library
    kept = tuple(doc for doc in library.documents if doc.id not in hidden)
    return Library(library.root, library.info, kept, library.consensus)


def problems_without(
    library: Library, load_problems: Iterable[Problem], hidden: Iterable[str], today: dt.date
) -> tuple[Library, list[Problem]]:
    """Lint the library as staff will see it: revoked documents out, their own problems dropped, and
    anything pointing at them (a link, a reading path) reported.
    """
    hidden = frozenset(hidden)
    hidden_locations = {
        content_location(doc.path, library.root) for doc in library.documents if doc.id in hidden
    }
    visible = without_documents(library, hidden)
    problems = [p for p in load_problems if p.path not in hidden_locations]
    problems += validate(visible, today)
    problems = sorted(set(problems), key=lambda p: (p.path, p.line, p.code, p.message))
    return visible, problems


def errors_of(problems: Iterable[Problem]) -> list[Problem]:
    """Only the problems that are errors."""
    return [p for p in problems if p.severity == Severity.ERROR]
