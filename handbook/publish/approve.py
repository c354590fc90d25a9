"""Approving a document and the director's review queue (Qt-free; the desk and the CLI both call this).

Approval writes the record into the document's front matter (round trip: nothing else in the file
moves) and keeps a copy of the approved file as `history/ID/VERSION.md`, so every approved text stays
readable after later edits.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from handbook.errors import ContentError, UpdateError
from handbook.library import body
from handbook.library.approval import Approval
from handbook.library.frontmatter_edit import approve_text, raise_version
from handbook.library.model import Document, Problem, Severity, Value
from handbook.library.validate import lint
from handbook.publish.history import history_folder
from handbook.storage import write_atomically

# What the queue lists, in the order the director should see it.
REASONS = ("lint", "changed", "draft", "due")


@dataclass(frozen=True, slots=True)
class ApproveResult:
    """What approving wrote: the document file, its approval record and the history copy."""

    doc_id: str
    path: Path
    record: Approval
    history_path: Path


@dataclass(frozen=True, slots=True)
class QueueItem:
    """One entry of the review queue: a document (or file) and why it needs the director.

    `reason` is one of REASONS: `lint` (it has lint errors or warnings), `changed` (its text differs from
    what was approved, or it claims approval without a record), `draft` (not approved yet), `due`
    (approved, review date passed or near).
    """

    doc_id: str
    title: str
    reason: str
    detail: str
    path: Path


def _own_errors(problems: list[Problem], doc: Document, root: Path) -> list[Problem]:
    shown = str(doc.path.relative_to(root.parent))
    return [
        p
        for p in problems
        if p.path == shown and p.severity == Severity.ERROR and not p.code.startswith("A0")
    ]


def unset_in(doc: Document, values: Mapping[str, Value]) -> list[str]:
    """The unset values a document defines or inserts (`{{name}}`), by name: approval refuses them."""
    names = {value.name for value in doc.values if value.value is None}
    for _, name in body.value_refs(doc.body, doc.body_line):
        used = values.get(name)
        if used is not None and used.value is None:
            names.add(name)
    return sorted(names)


def approve_document(
    content_dir: Path,
    doc_id: str,
    by: str,
    *,
    new_version: bool = False,
    now: dt.datetime | None = None,
) -> ApproveResult:
    """Approve one document as it stands, by name. Raises UpdateError when the name is empty, the id is
    unknown, the document has lint errors or an unset value (its own or one it inserts), or its text
    changed since this version was approved and `new_version` is not given (a changed text needs a
    higher version number).
    """
    content_dir = Path(content_dir)
    name = " ".join(by.split())
    if not name:
        raise UpdateError("approving needs the approver's name")
    library, problems = lint(content_dir)
    doc = library.get(doc_id)
    if doc is None:
        raise UpdateError(f"no document '{doc_id}' in this content", content_dir)
    errors = _own_errors(problems, doc, library.root)
    if errors:
        raise UpdateError(
            f"{doc_id} has {len(errors)} lint error(s) (first: {errors[0]}); fix them first", doc.path
        )
    unset = unset_in(doc, library.values)
    if unset:
        raise UpdateError(
            f"{doc_id} cannot be approved: {', '.join(unset)} "
            f"{'is' if len(unset) == 1 else 'are'} not set; the medical director sets "
            f"{'it' if len(unset) == 1 else 'them'} (values sheet) first",
            doc.path,
        )
    record = doc.approval
    changed = record is not None and record.version == doc.version and record.sha256 != doc.text_sha256
    if changed and not new_version:
        raise UpdateError(
            f"{doc_id} changed since version {doc.version} was approved: raise the version to approve it",
            doc.path,
        )
    try:
        text = doc.path.read_text(encoding="utf-8")
        if new_version:
            text = raise_version(text)
        approved, record = approve_text(text, name, now or dt.datetime.now(dt.UTC))
    except OSError as exc:
        raise UpdateError(f"cannot read the document: {exc.strerror or exc}", doc.path) from exc
    except ContentError as exc:
        raise UpdateError(exc.message, doc.path) from exc
    history = history_folder(content_dir, doc_id) / f"{record.version}.md"
    write_atomically(doc.path, approved, "cannot save the approval")
    write_atomically(history, approved, "cannot keep the approved version in the history")
    return ApproveResult(doc_id, doc.path, record, history)


def review_queue(content_dir: Path, today: dt.date | None = None) -> list[QueueItem]:
    """What needs the director, most urgent first: lint problems, approvals the text no longer matches,
    drafts, and approved documents due for review.
    """
    today = today or dt.date.today()
    library, problems = lint(Path(content_dir), today)
    items: list[QueueItem] = []
    by_path = {str(doc.path.relative_to(library.root.parent)): doc for doc in library.documents}
    for problem in problems:
        doc = by_path.get(problem.path)
        if problem.code.startswith("A0") and doc is not None:
            continue  # reported below as `changed`, with the record's details
        path = doc.path if doc else library.root.parent / problem.path
        items.append(
            QueueItem(doc.id if doc else "", doc.title if doc else problem.path, "lint", str(problem), path)
        )
    window = dt.timedelta(days=library.info.review_warning_days)
    for doc in library.documents:
        state = doc.approval_state
        if state in ("unrecorded", "stale-version", "changed"):
            detail = {
                "unrecorded": "claims approval but has no approval record",
                "stale-version": f"approval is for version {doc.approval.version if doc.approval else '?'}",
                "changed": "changed since approval"
                + (f" by {doc.approval.by} on {doc.approval.at[:10]}" if doc.approval else ""),
            }[state]
            items.append(QueueItem(doc.id, doc.title, "changed", detail, doc.path))
        elif state == "draft":
            since = " (changed since its last approval)" if doc.approval else ""
            items.append(
                QueueItem(doc.id, doc.title, "draft", f"draft, version {doc.version}{since}", doc.path)
            )
        elif state == "approved" and doc.review_by <= today + window:
            late = "past" if doc.review_by < today else "due"
            items.append(QueueItem(doc.id, doc.title, "due", f"review {late}: {doc.review_by}", doc.path))
    items.sort(key=lambda item: (REASONS.index(item.reason), item.doc_id, item.detail))
    return items
