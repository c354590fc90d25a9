"""Rules that look across documents: links, values, sections, consensus coverage, review dates.

`validate(library, today)` returns problems as data; `lint()` adds the loader's own and sorts them.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from handbook.library import body, value_lint
from handbook.library.catalog import Library
from handbook.library.loader import load_library
from handbook.library.model import Document, Problem, Severity, content_location
from handbook.library.vocabulary_lint import validate_vocabulary

REQUIRED_SECTIONS = {
    "sop": ("Purpose", "Scope", "Responsibilities", "Procedure", "References"),
    "card": ("References",),
    "checklist": ("References",),
}
# A number with a clinical unit: such a number must have a source in the document's References section.
_CLINICAL_NUMBER = re.compile(r"\b\d+(?:\.\d+)?\s*(?:mg|mL|ml|mmHg|bpm|%|min|minutes|hours?|h)\b")


@dataclass(frozen=True, slots=True)
class CoverageRow:
    """A consensus point, the approved documents that implement it and the drafts that would."""

    point_id: str
    title: str
    documents: tuple[str, ...]
    drafts: tuple[str, ...] = ()


def coverage(library: Library) -> list[CoverageRow]:
    """Each consensus point, in file order: the approved documents naming it (a draft never counts,
    whatever its text claims) and, apart, the drafts naming it.
    """
    drafts = [doc for doc in library.documents if doc.status == "draft"]
    return [
        CoverageRow(
            point.id,
            point.title,
            tuple(doc.id for doc in library.approved() if point.id in doc.consensus),
            tuple(doc.id for doc in drafts if point.id in doc.consensus),
        )
        for point in library.consensus
    ]


_APPROVAL_PROBLEMS = {
    "unrecorded": ("A001", "status is approved but there is no approval record "
                   "(approve it with `handbook approve {id} --by NAME`)"),
    "stale-version": ("A002", "the approval record is for version {approved}, this is version {version}: "
                      "approve this version"),
    "changed": ("A003", "changed since approval by {by} on {at}: approve the new text again"),
}  # fmt: skip


def _approval(doc: Document, path: str) -> list[Problem]:
    """A document claiming approval carries a record of this version and text, naming its approver."""
    state = doc.approval_state
    line = doc.field_lines.get("status", 1)
    if state in _APPROVAL_PROBLEMS:
        code, text = _APPROVAL_PROBLEMS[state]
        record = doc.approval
        message = text.format(
            id=doc.id,
            version=doc.version,
            approved=record.version if record else "",
            by=record.by if record else "",
            at=record.at[:10] if record else "",
        )
        return [Problem(path, line, code, message)]
    if state == "approved" and doc.approval is not None and doc.approved_by != doc.approval.by:
        return [
            Problem(
                path,
                doc.field_lines.get("approved_by", line),
                "A004",
                f"'approved_by' ({doc.approved_by}) is not the approver in the record ({doc.approval.by})",
            )
        ]
    return []


def validate(library: Library, today: dt.date) -> list[Problem]:
    """Every cross-document problem of a loaded library."""
    problems: list[Problem] = []
    known_points = {point.id for point in library.consensus}
    defined: dict[str, Document] = {}
    for doc in library.documents:
        path = content_location(doc.path, library.root)
        problems += _sections(doc, path)
        problems += _links(doc, path, library)
        problems += _review(doc, path, today, library.info.review_warning_days)
        problems += _extras(doc, path, library)
        problems += _approval(doc, path)
        for point in doc.consensus:
            if point not in known_points:
                problems.append(
                    Problem(
                        path,
                        doc.field_lines.get("consensus", 1),
                        "H006",
                        f"unknown consensus id '{point}' (see content/consensus.yaml)",
                    )
                )
        for value in doc.values:
            if value.name in defined and defined[value.name].id != doc.id:
                problems.append(
                    Problem(
                        path,
                        doc.field_lines.get("values", 1),
                        "V002",
                        f"value '{value.name}' is already defined in {defined[value.name].id}",
                    )
                )
            defined.setdefault(value.name, doc)
    values = library.values
    for doc in library.documents:
        for line, name in body.value_refs(doc.body, doc.body_line):
            if name not in values:
                problems.append(
                    Problem(
                        content_location(doc.path, library.root),
                        line,
                        "V001",
                        f"{{{{{name}}}}} refers to no value",
                    )
                )
    problems += value_lint.repeated_values(library.documents, values, library.root)
    problems += value_lint.unset_values(library.documents, values, library.root, template=library.is_template)
    for row in coverage(library):
        # The template as shipped is all drafts: a draft covering the point is what it can offer.
        if row.documents or (library.is_template and row.drafts):
            continue
        drafts = f" (drafts: {', '.join(row.drafts)})" if row.drafts else ""
        problems.append(
            Problem(
                content_location(library.root / "consensus.yaml", library.root),
                0,
                "C001",
                f"consensus point {row.point_id} ({row.title}) has no approved document{drafts}",
            )
        )
    problems += validate_vocabulary(library)
    return problems


def lint(root: Path, today: dt.date | None = None) -> tuple[Library, list[Problem]]:
    """Load and validate a content folder: the library plus all problems, sorted by path and line."""
    result = load_library(root)
    problems = list(result.problems) + validate(result.library, today or dt.date.today())
    problems.sort(key=lambda p: (p.path, p.line, p.code))
    return result.library, problems


def _sections(doc: Document, path: str) -> list[Problem]:
    present = {h.text.casefold() for h in doc.headings if h.level == 2}
    problems = [
        Problem(path, doc.body_line, "S001", f"missing required section '## {name}' for a {doc.kind}")
        for name in REQUIRED_SECTIONS.get(doc.kind, ())
        if name.casefold() not in present
    ]
    if not problems and doc.kind in REQUIRED_SECTIONS and _CLINICAL_NUMBER.search(doc.body):
        references = next(
            (h for h in doc.headings if h.level == 2 and h.text.casefold() == "references"), None
        )
        if references is not None and not _section_text(doc, references.line).strip():
            problems.append(
                Problem(
                    path,
                    references.line,
                    "S001",
                    "the References section is empty but the document states clinical numbers",
                )
            )
    return problems


def _section_text(doc: Document, heading_line: int) -> str:
    lines = doc.body.splitlines()
    start = heading_line - doc.body_line + 1
    out = []
    for line in lines[start:]:
        if line.startswith("## "):
            break
        out.append(line)
    return "\n".join(out)


def _links(doc: Document, path: str, library: Library) -> list[Problem]:
    problems = []
    for line, target in body.links(doc.body, doc.body_line):
        doc_part, _, anchor = target.partition("#")
        if not doc_part:
            if anchor and anchor not in doc.anchors():
                problems.append(
                    Problem(path, line, "L002", f"link to unknown section '#{anchor}' in this document")
                )
            continue
        if not body.DOC_ID.match(doc_part):
            continue  # an external or relative link, not a cross-link
        other = library.get(doc_part)
        if other is None:
            problems.append(Problem(path, line, "L001", f"link to unknown document '{doc_part}'"))
        elif anchor and anchor not in other.anchors():
            problems.append(Problem(path, line, "L002", f"link to unknown section '{doc_part}#{anchor}'"))
    return problems


def _review(doc: Document, path: str, today: dt.date, warning_days: int) -> list[Problem]:
    if not doc.is_current:
        return []
    line = doc.field_lines.get("review_by", 1)
    if doc.review_by < today:
        return [Problem(path, line, "R001", f"approved document is past its review date {doc.review_by}")]
    if doc.review_by <= today + dt.timedelta(days=warning_days):
        return [
            Problem(
                path,
                line,
                "R002",
                f"review date {doc.review_by} is within {warning_days} days",
                Severity.WARNING,
            )
        ]
    return []


def _extras(doc: Document, path: str, library: Library) -> list[Problem]:
    problems = []
    for step in doc.reading:
        if step.doc_id not in library:
            problems.append(
                Problem(
                    path,
                    doc.field_lines.get("reading", 1),
                    "Q001",
                    f"reading path names unknown document '{step.doc_id}'",
                )
            )
    if doc.kind == "quiz" and doc.covers and doc.covers not in library:
        problems.append(
            Problem(
                path, doc.field_lines.get("covers", 1), "Q001", f"quiz covers unknown document '{doc.covers}'"
            )
        )
    return problems
