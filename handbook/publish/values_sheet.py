"""The clinic's values sheet: every `value` of every document in one table, and editing one in place.

Rows are read from the files' front matter as written (so a value left empty, `value:` or `value: null`,
shows as unset rather than vanishing with a lint error). Values that an emergency card inserts and that
are unset come first, then other unset values, then emergency values, then the rest by name.

Editing writes back to the owning document with a round-trip YAML edit: comments, key order, quoting
and every other line of the file stay as they were. The caller re-runs lint afterwards; a changed value
voids the owning document's approval (its hash covers its values), so it reappears in the review queue.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap

from handbook.errors import ContentError, UpdateError
from handbook.library import body
from handbook.library.frontmatter import split
from handbook.library.frontmatter_edit import rewrite_front_matter
from handbook.library.loader import document_files
from handbook.storage import write_atomically

EDITABLE = ("value", "unit", "label", "source", "clinic_set")


@dataclass(frozen=True, slots=True)
class ValueRow:
    """One value as the sheet shows it. `value` is None when unset; `emergency` when an emergency card
    (kind card, category emergencies) inserts it; `used_by` lists the documents inserting it.
    """

    name: str
    label: str
    unit: str
    value: float | int | None
    source: str
    clinic_set: bool
    doc_id: str
    path: Path
    emergency: bool
    used_by: tuple[str, ...]

    @property
    def unset(self) -> bool:
        """No number yet: the clinic must set it before the value can be used."""
        return self.value is None

    @property
    def text(self) -> str:
        """The value as printed (`0.5`, `140`), or "" when unset."""
        return "" if self.value is None else f"{self.value:g}"


def _number(raw: Any) -> float | int | None:
    if isinstance(raw, bool) or not isinstance(raw, int | float):
        return None
    return raw


def _order(row: ValueRow) -> tuple[int, str]:
    rank = 0 if (row.unset and row.emergency) else 1 if row.unset else 2 if row.emergency else 3
    return rank, row.name


def values_sheet(content_dir: Path) -> list[ValueRow]:
    """Every value defined in the content folder's documents, emergency and unset values first."""
    content_dir = Path(content_dir)
    defined: list[tuple[str, dict[str, Any], str, Path]] = []
    used: dict[str, set[str]] = {}
    emergency_docs: set[str] = set()
    for path in document_files(content_dir):
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            continue  # lint reports an unreadable file; the sheet shows what it can
        header, _ = split(text, str(path))
        if header is None:
            continue
        fields = header.fields
        doc_id = str(fields.get("id") or path.stem)
        if fields.get("kind") == "card" and fields.get("category") == "emergencies":
            emergency_docs.add(doc_id)
        for _, name in body.value_refs(header.body, header.body_line):
            used.setdefault(name, set()).add(doc_id)
        values = fields.get("values")
        if isinstance(values, dict):
            for name, spec in values.items():
                if isinstance(name, str) and isinstance(spec, dict):
                    defined.append((name, spec, doc_id, path))
    rows = [
        ValueRow(
            name=name,
            label=str(spec.get("label") or name),
            unit=str(spec.get("unit") or ""),
            value=_number(spec.get("value")),
            source=str(spec.get("source") or ""),
            clinic_set=bool(spec.get("clinic_set", False)),
            doc_id=doc_id,
            path=path,
            emergency=bool(used.get(name, set()) & emergency_docs),
            used_by=tuple(sorted(used.get(name, set()))),
        )
        for name, spec, doc_id, path in defined
    ]
    return sorted(rows, key=_order)


def parse_field(field: str, text: str) -> Any:
    """The typed value of a sheet cell as typed by the director; UpdateError when it does not fit.

    `value` must be a finite number (written as an integer when it is one), `clinic_set` yes/no,
    `source` must not be empty; `unit` and `label` are text.
    """
    text = text.strip()
    if field not in EDITABLE:
        raise UpdateError(f"'{field}' is not an editable column (one of: {', '.join(EDITABLE)})")
    if field == "value":
        try:
            number = float(text.replace(",", "."))
        except ValueError as exc:
            raise UpdateError(f"'{text}' is not a number") from exc
        if not math.isfinite(number) or number < 0:
            raise UpdateError(f"'{text}' is not a clinical value (a finite number, 0 or more)")
        return int(number) if number.is_integer() and "." not in text and "," not in text else number
    if field == "clinic_set":
        lowered = text.casefold()
        if lowered not in ("yes", "no", "true", "false"):
            raise UpdateError("clinic-set is yes or no")
        return lowered in ("yes", "true")
    if field == "source" and not text:
        raise UpdateError("a value needs its source")
    return text


def set_value_field(content_dir: Path, name: str, field: str, text: str) -> ValueRow:
    """Write one cell of the sheet back to the owning document's front matter; returns the new row.

    Raises UpdateError for an unknown value name, a cell that does not parse, or a file that cannot be
    rewritten; the file is replaced atomically, so it is either fully old or fully new.
    """
    new = parse_field(field, text)
    row = next((r for r in values_sheet(content_dir) if r.name == name), None)
    if row is None:
        raise UpdateError(f"no value named '{name}' in this content", content_dir)

    def change(data: CommentedMap) -> None:
        spec = (data.get("values") or {}).get(name)
        if not isinstance(spec, CommentedMap):
            raise ContentError(f"value '{name}' is not a mapping in this file")
        if field in spec:
            spec[field] = new
        else:
            spec.insert(len(spec), field, new)

    try:
        text_before = row.path.read_text(encoding="utf-8")
        updated = rewrite_front_matter(text_before, change)
    except OSError as exc:
        raise UpdateError(f"cannot read the document: {exc.strerror or exc}", row.path) from exc
    except ContentError as exc:
        raise UpdateError(exc.message, row.path) from exc
    write_atomically(row.path, updated, "cannot save the value")
    return next(r for r in values_sheet(content_dir) if r.name == name)
