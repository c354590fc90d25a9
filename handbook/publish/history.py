"""Every approved version of a document: the current file plus `content/history/ID/VERSION.md`.

History files are whole documents (front matter and body) as they were approved; the loader skips the
`history/` folder, so they are read only here. Also: which documents are due for review.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from handbook.library.catalog import Library
from handbook.library.frontmatter import Vocabulary
from handbook.library.loader import load_document
from handbook.library.model import Document, Problem, content_location

HISTORY_DIR = "history"


@dataclass(frozen=True, slots=True)
class VersionList:
    """A document's versions, newest first (the current one first when the document is in force), and
    problems with its history files (unreadable, wrong id, file name not the version).
    """

    doc_id: str
    versions: tuple[Document, ...]
    problems: tuple[Problem, ...] = ()

    def get(self, version: int) -> Document | None:
        """The document as it was at this version, or None."""
        return next((doc for doc in self.versions if doc.version == version), None)


def history_folder(content_dir: Path, doc_id: str) -> Path:
    """Where the earlier versions of a document are kept."""
    return Path(content_dir) / HISTORY_DIR / doc_id


def document_versions(library: Library, doc_id: str) -> VersionList:
    """The current document (if any) and every readable history file of it, newest version first.

    A history file whose version equals the current one is ignored: the current file is authoritative.
    """
    current = library.get(doc_id)
    versions: dict[int, Document] = {current.version: current} if current else {}
    problems: list[Problem] = []
    folder = history_folder(library.root, doc_id)
    vocabulary = Vocabulary(
        roles=frozenset(r for r, _ in library.info.roles),
        categories=frozenset(c for c, _ in library.info.categories),
    )
    files = sorted(folder.glob("*.md")) if folder.is_dir() else []
    for path in files:
        doc, found = load_document(path, library.root, vocabulary)
        shown = content_location(path, library.root)
        if doc is None:
            unreadable = [p for p in found if p.code == "H001"]
            problems.extend(
                unreadable or [Problem(shown, 0, "H001", "history file is not a loadable document")]
            )
            continue
        if doc.id != doc_id:
            problems.append(Problem(shown, 1, "H003", f"history file holds '{doc.id}', not '{doc_id}'"))
            continue
        if path.stem != str(doc.version):
            problems.append(
                Problem(shown, 1, "H003", f"history file name should be {doc.version}.md (its version)")
            )
        if doc.version in versions:
            continue
        versions[doc.version] = doc
    ordered = tuple(versions[v] for v in sorted(versions, reverse=True))
    return VersionList(doc_id, ordered, tuple(problems))


def comparable_text(doc: Document) -> str:
    """The text a redline compares: title, status line, values (where clinical numbers change) and body."""
    lines = [
        doc.title,
        f"Version {doc.version} · {doc.status} · effective {doc.effective} · review by {doc.review_by}",
    ]
    for value in doc.values:
        unit = f" {value.unit}" if value.unit else ""
        lines.append(f"{value.label}: {value.text}{unit} (source: {value.source})")
    return "\n".join(lines) + "\n\n" + doc.body.strip() + "\n"


def due_for_review(library: Library, today: dt.date, window_days: int) -> list[Document]:
    """Approved documents whose review date has passed or falls within window_days, soonest first."""
    limit = today + dt.timedelta(days=window_days)
    due = (doc for doc in library.documents if doc.is_current and doc.review_by <= limit)
    return sorted(due, key=lambda d: (d.review_by, d.id))
