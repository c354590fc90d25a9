"""Walk a content folder and build a `Library`. One bad file never stops the others from loading."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from handbook.errors import ContentError
from handbook.library import approval, body, frontmatter
from handbook.library.catalog import Library
from handbook.library.model import ConsensusPoint, Document, HandbookInfo, Problem, content_location

INFO_FILE = "handbook.yaml"
CONSENSUS_FILE = "consensus.yaml"
SKIPPED_DIRS = {"history"}


@dataclass(frozen=True, slots=True)
class LoadResult:
    """The library and every problem found while reading it (validation adds cross-document ones)."""

    library: Library
    problems: tuple[Problem, ...]


def document_files(root: Path) -> list[Path]:
    """Document files under root, sorted: every `*.md` except README.md and the `history/` folder."""
    files = []
    for path in root.rglob("*.md"):
        relative = path.relative_to(root)
        if path.name.lower() == "readme.md" or SKIPPED_DIRS & set(relative.parts[:-1]):
            continue
        files.append(path)
    return sorted(files)


def load_library(root: Path) -> LoadResult:
    """Read every document under root. Raises ContentError only when root itself is unusable."""
    root = Path(root)
    if not root.is_dir():
        raise ContentError("content folder not found or not a folder", root)
    problems: list[Problem] = []
    info = _load_info(root, problems)
    info_problems = len(problems)
    consensus = _load_consensus(root, problems)
    vocabulary = frontmatter.Vocabulary(
        roles=frozenset(r for r, _ in info.roles),
        categories=frozenset(c for c, _ in info.categories),
        known=info_problems == 0,
    )
    documents: dict[str, Document] = {}
    for path in document_files(root):
        doc, found = load_document(path, root, vocabulary)
        problems.extend(found)
        if doc is None:
            continue
        if doc.id in documents:
            first = content_location(documents[doc.id].path, root)
            problems.append(
                Problem(
                    content_location(path, root),
                    doc.field_lines.get("id", 1),
                    "H005",
                    f"duplicate id '{doc.id}' (also in {first}); this copy is not loaded",
                )
            )
            continue
        documents[doc.id] = doc
    library = Library(root, info, tuple(sorted(documents.values(), key=lambda d: d.id)), consensus)
    return LoadResult(library, tuple(problems))


def load_document(
    path: Path, root: Path, vocabulary: frontmatter.Vocabulary
) -> tuple[Document | None, list[Problem]]:
    """Parse one file. Returns (None, problems) when it cannot be shown at all."""
    shown = content_location(path, root)
    try:
        raw = path.read_bytes()
        text = raw.decode("utf-8-sig")
    except OSError as exc:
        return None, [Problem(shown, 0, "H001", f"cannot read file: {exc.strerror or exc}")]
    except UnicodeDecodeError as exc:
        return None, [Problem(shown, 0, "H001", f"file is not UTF-8 text ({exc.reason} at byte {exc.start})")]
    header, problems = frontmatter.split(text, shown)
    if header is None:
        return None, problems
    clean, found = frontmatter.check_fields(header, shown, vocabulary)
    problems.extend(found)
    if not frontmatter.is_loadable(clean):
        return None, problems
    first = header.body_line
    limit = body.render_limits(header.body)
    if limit is not None:
        problems.append(Problem(shown, first + limit[0], "B001", f"cannot be rendered: {limit[1]}"))
    kind = clean["kind"]
    questions: tuple[Any, ...] = ()
    if kind == "quiz":
        parsed, errors = body.quiz_questions(header.body, first)
        questions = tuple(parsed)
        problems.extend(Problem(shown, line, "Q001", reason) for line, reason in errors)
        if not parsed and not errors:
            problems.append(Problem(shown, first, "Q001", "quiz has no questions ('## question' headings)"))
    checklist = body.checklist_items(header.body, first)
    if kind == "checklist" and not checklist:
        problems.append(Problem(shown, first, "Q001", "checklist has no items ('- [ ] item' lines)"))
    doc = Document(
        id=clean["id"],
        title=clean["title"],
        kind=kind,
        category=clean.get("category", ""),
        audience=clean.get("audience", ()),
        version=clean["version"],
        status=clean["status"],
        effective=clean["effective"],
        review_by=clean["review_by"],
        owner=clean.get("owner", ""),
        approved_by=clean.get("approved_by", ""),
        consensus=clean.get("consensus", ()),
        summary=clean.get("summary", ""),
        keywords=clean.get("keywords", ()),
        change=clean.get("change", "material"),
        change_note=clean.get("change_note", ""),
        path=path,
        body=header.body,
        body_line=first,
        checksum=hashlib.sha256(raw).hexdigest(),
        headings=body.headings(header.body, first),
        values=clean.get("values", ()),
        checklist=checklist,
        role=clean.get("role", ""),
        reading=clean.get("reading", ()),
        covers=clean.get("covers", ""),
        pass_mark=clean.get("pass_mark", 0),
        questions=questions,
        approval=clean.get("approval"),
        text_sha256=approval.text_hash(header.fields, header.body),
        field_lines=header.field_lines,
    )
    return doc, problems


def _read_yaml(path: Path, root: Path, problems: list[Problem]) -> Any:
    shown = content_location(path, root)
    if not path.exists():
        problems.append(Problem(shown, 0, "H001", f"{path.name} is missing from the content folder"))
        return None
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=frontmatter.YAML_LOADER)  # noqa: S506 - safe
    except OSError as exc:
        problems.append(Problem(shown, 0, "H001", f"cannot read file: {exc.strerror or exc}"))
    except UnicodeDecodeError as exc:
        problems.append(
            Problem(shown, 0, "H001", f"file is not UTF-8 text ({exc.reason} at byte {exc.start})")
        )
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problems.append(
            Problem(shown, mark.line + 1 if mark else 0, "H001", f"malformed YAML: {exc}".splitlines()[0])
        )
    return None


def _load_info(root: Path, problems: list[Problem]) -> HandbookInfo:
    data = _read_yaml(root / INFO_FILE, root, problems)
    if not isinstance(data, dict):
        return HandbookInfo()
    released = data.get("released")
    warning_days = data.get("review_warning_days", 30)
    if isinstance(warning_days, bool) or not isinstance(warning_days, int) or warning_days < 0:
        problems.append(
            Problem(
                content_location(root / INFO_FILE, root),
                0,
                "H003",
                f"review_warning_days must be a whole number of days, got {warning_days!r}",
            )
        )
        warning_days = 30
    return HandbookInfo(
        title=str(data.get("title") or "Clinic handbook"),
        edition=str(data.get("edition") or ""),
        released=released if isinstance(released, dt.date) else None,
        review_warning_days=warning_days,
        notice=str(data.get("notice") or "").strip(),
        roles=tuple((str(k), str(v)) for k, v in (data.get("roles") or {}).items()),
        categories=tuple((str(k), str(v)) for k, v in (data.get("categories") or {}).items()),
    )


def _load_consensus(root: Path, problems: list[Problem]) -> tuple[ConsensusPoint, ...]:
    data = _read_yaml(root / CONSENSUS_FILE, root, problems)
    points = data.get("points") if isinstance(data, dict) else None
    if not isinstance(points, list):
        return ()
    return tuple(
        ConsensusPoint(str(p["id"]), str(p.get("title", p["id"])), str(p.get("meaning", "")).strip())
        for p in points
        if isinstance(p, dict) and p.get("id")
    )
