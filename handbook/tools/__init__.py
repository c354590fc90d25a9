"""Bedside tools (Qt-free): dose calculator, threshold check, infusion session timer.

Every clinical number these tools use comes from the content's `values` (a `Library.values` mapping),
never from code, so a signed content update changes the tools too. A tool whose value is missing from
the content refuses with a `ToolProblem` naming the value and the SOP expected to define it.

The only numbers in this package are data-entry sanity limits (catching typing slips such as grams
for kilograms); they are labelled as such wherever they are used and are not clinical thresholds.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from handbook.library.model import Value
from handbook.library.value_checks import value_problem

Values = Mapping[str, Value]

# Which document is expected to define each value the tools read: used only to say where a missing
# value belongs. The numbers themselves always come from the content.
VALUE_OWNERS: dict[str, str] = {
    "dose_mg_per_kg_standard": "SOP-DOS-001",
    "infusion_minutes_standard": "SOP-DOS-001",
    "dose_mg_per_kg_min": "SOP-DOS-001",
    "dose_mg_per_kg_max": "SOP-DOS-001",
    "infusion_minutes_min": "SOP-DOS-001",
    "infusion_minutes_max": "SOP-DOS-001",
    "weight_kg_min": "SOP-DOS-001",
    "weight_kg_max": "SOP-DOS-001",
    "concentration_mg_per_ml_min": "SOP-DOS-001",
    "concentration_mg_per_ml_max": "SOP-DOS-001",
    "vitals_interval_infusion_min": "SOP-MON-001",
    "vitals_interval_recovery_min": "SOP-MON-001",
    "bp_stop_systolic": "SOP-MON-001",
    "bp_stop_diastolic": "SOP-MON-001",
    "hr_stop": "SOP-MON-001",
    "spo2_min": "SOP-MON-001",
    "moaas_hold_max": "SOP-MON-001",
    "spo2_act_below": "SOP-MON-001",
    "spo2_drop_points": "SOP-MON-001",
    "moaas_stop_max": "SOP-MON-001",
    "bp_gate_systolic": "SOP-DAY-001",
    "bp_gate_diastolic": "SOP-DAY-001",
    "observation_min_minutes": "SOP-DIS-001",
}


@dataclass(frozen=True, slots=True)
class Link:
    """A place in the handbook a tool points to: document id, section anchor ("" = top), link text."""

    doc_id: str
    anchor: str
    text: str


@dataclass(frozen=True, slots=True)
class ToolProblem:
    """Why a tool gave no answer: the input concerned (`"content"` for a content gap) and one sentence."""

    field: str
    message: str

    def __str__(self) -> str:
        return self.message


def missing_value(name: str) -> ToolProblem:
    """The refusal for a value the content does not define (never replaced by a number in code)."""
    owner = VALUE_OWNERS.get(name, "the content")
    return ToolProblem(
        "content",
        f"value '{name}' is not defined in the content (expected in {owner}); "
        "this tool has no built-in number to use instead",
    )


def unset_value(value: Value) -> ToolProblem:
    """The refusal for a value the content declares but leaves unset (never replaced by 0 or a default)."""
    return ToolProblem(
        "content",
        f"value '{value.name}' is not set in {value.doc_id or 'the content'} (the medical director sets it); "
        "this tool has no built-in number to use instead",
    )


def bad_value(value: Value) -> ToolProblem | None:
    """The refusal for a value that is unset, not finite, of an unknown unit or outside its plausible range.

    Checked here as well as at load, so a value from any source is refused before any arithmetic.
    """
    if value.value is None:
        return unset_value(value)
    reason = value_problem(value.value, value.unit)
    if reason is None:
        return None
    return ToolProblem(
        "content", f"value '{value.name}' ({value.doc_id or 'unknown source'}) refused: {reason}"
    )


def defined(values: Values, name: str) -> Value | None:
    """A value the tools may use when the content has it: None when it is absent or unset (an unset
    value is treated exactly like a missing one, never as 0).
    """
    value = values.get(name)
    return value if value is not None and value.value is not None else None


def require(values: Values, names: tuple[str, ...]) -> tuple[dict[str, Value], list[ToolProblem]]:
    """The named values, and one problem per name the content does not define or defines unusably."""
    found = {name: values[name] for name in names if name in values}
    problems = [missing_value(name) for name in names if name not in values]
    for name, value in list(found.items()):
        refused = bad_value(value)
        if refused is not None:
            problems.append(refused)
            del found[name]
    return found, problems


def as_decimal(value: Value) -> Decimal:
    """A content value as an exact decimal (`0.5`, never `0.5000000000000001`).

    Callers pass only values `require`, `bad_value` or `defined` let through; an unset value raises.
    """
    if value.value is None:
        raise ValueError(f"value '{value.name}' is not set")
    return Decimal(str(value.value))


# Typed numbers: ASCII digits only (Decimal would also take `7_0`, Arabic-Indic or full-width digits).
_PLAIN_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)", re.ASCII)
MAX_NUMBER_TEXT = 32


def parse_number(raw: object, field: str, label: str) -> Decimal | ToolProblem:
    """An entered number as a finite Decimal, or a problem saying why it is not one.

    Accepts int, float, Decimal or text (surrounding blanks ignored); refuses bools, empty text,
    words, NaN and infinities.
    """
    if isinstance(raw, bool):
        return ToolProblem(field, f"{label}: enter a number")
    if isinstance(raw, str):
        text = raw.strip()
        if not text:
            return ToolProblem(field, f"{label}: enter a number")
        if len(text) > MAX_NUMBER_TEXT:
            return ToolProblem(field, f"{label}: '{text[:MAX_NUMBER_TEXT]}…' is not a number")
        if text.lstrip("+-").casefold() in ("nan", "snan", "inf", "infinity"):
            return ToolProblem(field, f"{label}: '{text}' is not a finite number")
        if not _PLAIN_NUMBER.fullmatch(text):
            return ToolProblem(field, f"{label}: '{text}' is not a number (digits 0-9 and one '.' only)")
    elif isinstance(raw, int | float | Decimal):
        text = str(raw)
    else:
        return ToolProblem(field, f"{label}: enter a number")
    try:
        number = Decimal(text)
    except InvalidOperation:
        return ToolProblem(field, f"{label}: '{text}' is not a number")
    if not number.is_finite():
        return ToolProblem(field, f"{label}: '{text}' is not a finite number")
    return number


def plain(number: Decimal) -> str:
    """A decimal as people write it: no exponent, no trailing zeros (`72.5`, `40`)."""
    return format(number.normalize(), "f")
