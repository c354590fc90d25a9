"""Value lint. V003: a literal clinical number in a body that repeats a defined value must use `{{name}}`
instead. V007: a value is unset (`value: null`), so the medical director must set it before approval.

A threshold or dose written out as digits in a second document drifts the day its owner changes the
value. So a number followed by a clinical unit (mmHg, %, mg, mg/kg, mL/h, min, beats/min, L/min) that
equals a value defined with that unit is reported at its line. Not checked: the `## References`
section (it quotes the literature the value was drawn from, which stays true when the value changes)
and fenced code.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from decimal import Decimal
from pathlib import Path

from handbook.library import body
from handbook.library.model import Document, Problem, Severity, Value, content_location

CODE = "V003"
UNSET_CODE = "V007"

# Spellings of each clinical unit, longest first so "mg/kg" wins over "mg" and "L/min" over "min".
_UNIT_SPELLINGS: dict[str, tuple[str, ...]] = {
    "mg/kg": ("mg/kg",),
    "mL/h": ("mL/h", "ml/h", "mL/hour", "ml/hour"),
    "L/min": ("L/min", "l/min", "litres per minute", "liters per minute"),
    "beats/min": ("beats/min", "beats per minute", "bpm", "/min"),
    "mmHg": ("mmHg", "mm Hg"),
    "mg": ("mg",),
    "min": ("minutes", "minute", "mins", "min"),
    "%": ("%", "percent"),
}
_SPELLING_TO_UNIT = {s.casefold(): unit for unit, spellings in _UNIT_SPELLINGS.items() for s in spellings}
_ALTERNATIVES = sorted(_SPELLING_TO_UNIT, key=len, reverse=True)
_NUMBER = r"\d+(?:\.\d+)?"
# One number, or a range / BP pair ("40-60", "10 to 15", "180/100"), then the unit. The unit must not
# run on into a longer word or unit ("mg/kg/h" is not "mg/kg"; "minimum" is not "min").
_QUANTITY = re.compile(
    rf"(?<![\w.{{/-])(?P<first>{_NUMBER})"
    rf"(?:\s*(?:-|–|to|/)\s*(?P<second>{_NUMBER}))?"
    rf"\s*(?P<unit>{'|'.join(re.escape(a) for a in _ALTERNATIVES)})(?![\w/])",
    re.IGNORECASE,
)
_VALUE_UNITS = {
    "min": "min",
    "minutes": "min",
    "mmhg": "mmHg",
    "%": "%",
    "percent": "%",
    "mg": "mg",
    "mg/kg": "mg/kg",
    "ml/h": "mL/h",
    "beats/min": "beats/min",
    "bpm": "beats/min",
    "l/min": "L/min",
}


def clinical_unit(unit: str) -> str | None:
    """The checked unit a value's `unit` field names (`minutes` -> `min`), or None if not checked."""
    return _VALUE_UNITS.get(unit.strip().casefold())


def literal_quantities(line: str) -> Iterator[tuple[tuple[Decimal, ...], str, str]]:
    """(numbers, unit, text as written) for each clinical quantity on a line of Markdown.

    A range or BP pair ("40-60 minutes", "180/100 mmHg") gives both of its numbers, with the unit
    written after the second.
    """
    for match in _QUANTITY.finditer(line):
        unit = _SPELLING_TO_UNIT[match.group("unit").casefold()]
        numbers = tuple(Decimal(match.group(p)) for p in ("first", "second") if match.group(p) is not None)
        yield numbers, unit, match.group(0).strip()


def repeated_values(documents: Iterable[Document], values: dict[str, Value], root: Path) -> list[Problem]:
    """V003 for every literal number in a body that equals a defined value of the same unit.

    `root` is the content folder the problems' locations are given against.
    """
    by_quantity: dict[tuple[Decimal, str], list[Value]] = {}
    for value in values.values():
        unit = clinical_unit(value.unit)
        if unit is not None and value.value is not None:  # an unset value has no number to repeat
            by_quantity.setdefault((Decimal(str(value.value)).normalize(), unit), []).append(value)
    problems: list[Problem] = []
    if not by_quantity:
        return problems
    for doc in documents:
        in_references = False
        for number, line in body.lines_outside_code(doc.body, doc.body_line):
            if line.startswith("## "):  # a section starts; its heading (a quiz question) is checked too
                in_references = line[3:].strip().casefold() == "references"
            if in_references:
                continue
            for numbers, unit, written in literal_quantities(line):
                matches = sorted(
                    {v.name: v for n in numbers for v in by_quantity.get((n.normalize(), unit), ())}.values(),
                    key=lambda v: v.name,
                )
                if not matches:
                    continue
                names = " or ".join(f"{{{{{v.name}}}}}" for v in matches)
                owners = ", ".join(sorted({v.doc_id for v in matches}))
                problems.append(
                    Problem(
                        content_location(doc.path, root),
                        number,
                        CODE,
                        f"'{written}' repeats a value defined in {owners}: write {names} instead",
                    )
                )
    return problems


def unset_values(
    documents: Iterable[Document], values: dict[str, Value], root: Path, *, template: bool
) -> list[Problem]:
    """V007 for every unset value: a warning on the draft that defines it, an error on an approved
    document that defines or inserts it (so neither lint nor approval lets one through).

    In template mode (no document approved yet, the bundled template as shipped) the drafts' unset
    values are the template's open questions: they are not reported (the values sheet lists them),
    so the shipped template still lints clean in strict mode.
    """
    problems: list[Problem] = []
    for doc in documents:
        path = content_location(doc.path, root)
        approved = doc.status == "approved"
        if not approved and template:
            continue
        severity = Severity.ERROR if approved else Severity.WARNING
        for value in doc.values:
            if value.value is None:
                problems.append(
                    Problem(
                        path,
                        doc.field_lines.get("values", 1),
                        UNSET_CODE,
                        f"value '{value.name}' is not set: the medical director sets it before approval",
                        severity,
                    )
                )
        if not approved:
            continue
        for line, name in body.value_refs(doc.body, doc.body_line):
            used = values.get(name)
            if used is not None and used.value is None and used.doc_id != doc.id:
                problems.append(
                    Problem(
                        path,
                        line,
                        UNSET_CODE,
                        f"{{{{{name}}}}} is not set in {used.doc_id}: "
                        "the medical director sets it before approval",
                        severity,
                    )
                )
    return problems
