"""The loaded handbook: documents by id, browse tree by category and by role, values, consensus points."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from handbook.library.model import ConsensusPoint, Document, HandbookInfo, Value


@dataclass(frozen=True)
class Library:
    """An immutable snapshot of one content folder. Documents are ordered by id."""

    root: Path
    info: HandbookInfo
    documents: tuple[Document, ...]
    consensus: tuple[ConsensusPoint, ...] = ()
    _by_id: dict[str, Document] = field(init=False, repr=False, compare=False)
    _values: dict[str, Value] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {doc.id: doc for doc in self.documents})
        values: dict[str, Value] = {}
        for doc in self.documents:
            for value in doc.values:
                values.setdefault(value.name, value)
        object.__setattr__(self, "_values", values)

    def get(self, doc_id: str) -> Document | None:
        """The document with this id, or None."""
        return self._by_id.get(doc_id)

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self._by_id

    def __len__(self) -> int:
        return len(self.documents)

    @property
    def values(self) -> dict[str, Value]:
        """Every defined value by name (the first definition wins; lint reports duplicates)."""
        return dict(self._values)

    @property
    def is_template(self) -> bool:
        """Template mode: no document is approved yet (the bundled template as shipped). Staff then see
        the drafts, each marked DRAFT, rather than an empty handbook.
        """
        return bool(self.documents) and not any(doc.is_current for doc in self.documents)

    def current(self) -> list[Document]:
        """What staff see by default: approved documents, or every draft in template mode."""
        if self.is_template:
            return [doc for doc in self.documents if doc.status == "draft"]
        return self.approved()

    def approved(self) -> list[Document]:
        """Approved documents only: what coverage counts and a pack carries."""
        return [doc for doc in self.documents if doc.is_current]

    def by_category(self, include_drafts: bool = False) -> list[tuple[str, str, list[Document]]]:
        """(category id, label, documents sorted by title), in the order handbook.yaml lists categories."""
        docs = self.documents if include_drafts else tuple(self.current())
        order = [cid for cid, _ in self.info.categories]
        groups: dict[str, list[Document]] = {}
        for doc in docs:
            groups.setdefault(doc.category, []).append(doc)
        ranked = sorted(groups, key=lambda c: (order.index(c) if c in order else len(order), c))
        return [(c, self.info.category_label(c), _by_title(groups[c])) for c in ranked]

    def by_role(self, role: str) -> list[Document]:
        """Current documents whose audience includes the role, sorted by title."""
        return _by_title(doc for doc in self.current() if role in doc.audience)

    def of_kind(self, kind: str) -> list[Document]:
        """Current documents of one kind, sorted by title."""
        return _by_title(doc for doc in self.current() if doc.kind == kind)

    def emergency_cards(self) -> list[Document]:
        """The cards a nurse reaches with the emergency key: current cards in the emergencies category."""
        return [doc for doc in self.of_kind("card") if doc.category == "emergencies"]

    def due_for_review(self, today: dt.date, window_days: int | None = None) -> list[Document]:
        """Approved documents past their review date or within the warning window, soonest first."""
        window = self.info.review_warning_days if window_days is None else window_days
        limit = today + dt.timedelta(days=window)
        return sorted((d for d in self.approved() if d.review_by <= limit), key=lambda d: d.review_by)

    def overdue(self, today: dt.date) -> list[Document]:
        """Approved documents past their review date, most overdue first."""
        return sorted((d for d in self.documents if d.is_overdue(today)), key=lambda d: d.review_by)


def _by_title(docs: Iterable[Document]) -> list[Document]:
    return sorted(docs, key=lambda d: d.title.casefold())


def quick_matches(documents: Iterable[Document], text: str, limit: int = 20) -> list[Document]:
    """Documents for the quick-open palette, best first: id match, then title word starts, then substrings.

    Every typed word must appear in the id or title (so "mon sop" finds SOP-MON-001).
    """
    words = text.casefold().split()
    if not words:
        return sorted(documents, key=lambda d: d.title.casefold())[:limit]
    ranked = []
    for doc in documents:
        doc_id, title = doc.id.casefold(), doc.title.casefold()
        haystack = f"{doc_id} {title}"
        if not all(word in haystack for word in words):
            continue
        title_words = title.replace("-", " ").split()
        rank = (
            0 if doc_id == text.casefold().strip()
            else 1 if doc_id.startswith(words[0])
            else 2 if all(any(t.startswith(w) for t in title_words) for w in words)
            else 3
        )  # fmt: skip
        ranked.append((rank, title, doc))
    ranked.sort(key=lambda row: (row[0], row[1]))
    return [doc for _, _, doc in ranked[:limit]]
