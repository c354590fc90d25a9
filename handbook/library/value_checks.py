"""Plausibility checks for clinical numbers, applied like signature checks: a value that fails never loads.

A front-matter `value` must be a finite number of a known unit, inside the plausible range for that
unit (the ranges catch slips such as `.inf`, a lost decimal point or grams for milligrams; they are
not clinical limits). `value: null` declares an unset value (the medical director sets it); its unit
must still be known. A `NAME_min` / `NAME_max` (or `_low` / `_high`) pair must have min < max.
Versions are whole numbers in a bounded range, so arithmetic on them can never overflow.

The same functions guard the bedside tools, so a value from any source (content, a signed pack, a
test double) is refused the same way before it reaches a calculation.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

# Plausible range per unit, inclusive. Units not listed here are refused: add the unit with its range.
UNIT_RANGES: dict[str, tuple[float, float]] = {
    "mg/kg": (0.0, 5.0),
    "mg/kg/h": (0.0, 10.0),
    "mg": (0.0, 1000.0),
    "mg/mL": (0.0, 100.0),
    "mL": (0.0, 5000.0),
    "mL/h": (0.0, 2000.0),
    "kg": (1.0, 400.0),
    "min": (0.0, 1440.0),
    "h": (0.0, 72.0),
    "days": (0.0, 3660.0),
    "weeks": (0.0, 520.0),
    "years": (0.0, 120.0),
    "mmHg": (20.0, 300.0),
    "beats/min": (20.0, 250.0),
    "breaths/min": (2.0, 80.0),
    "%": (0.0, 100.0),
    "points": (0.0, 100.0),  # rating-scale points (MADRS, PHQ-9)
    "percentage points": (0.0, 100.0),  # a fall in a percentage (SpO2 from baseline)
    "°C": (30.0, 45.0),
    "treatments/year": (0.0, 366.0),
    "infusions": (0.0, 100.0),
    "months": (0.0, 120.0),
    "L/min": (0.0, 15.0),  # supplemental oxygen: a wall flowmeter reads up to 15 L/min
}
MAX_VERSION = 10_000
PAIRS = (("_min", "_max"), ("_low", "_high"))


def value_problem(number: object, unit: object) -> str | None:
    """Why a clinical number may not be used, or None when it is a finite number inside its unit's range.

    An unset value (None) is refused like any other non-number: it is never used as 0.
    """
    if number is None:
        return "it is not set (the medical director sets it before approval)"
    if isinstance(number, bool) or not isinstance(number, int | float):
        return f"'value' must be a number, got {number!r}"
    try:
        as_float = float(number)
    except OverflowError:
        return f"value {number} is too large"
    if not math.isfinite(as_float):
        return f"value {number} is not a finite number"
    reason = unit_problem(unit)
    if reason is not None:
        return reason
    assert isinstance(unit, str)  # unit_problem refuses anything else
    low, high = UNIT_RANGES[unit]
    if not low <= as_float <= high:
        return f"value {number:g} {unit} is outside the plausible range {low:g}-{high:g} {unit}"
    return None


def unit_problem(unit: object) -> str | None:
    """Why a value's unit is not one the handbook knows, or None (also checked for an unset value)."""
    if not isinstance(unit, str) or unit not in UNIT_RANGES:
        known = ", ".join(UNIT_RANGES)
        return f"unknown unit {unit!r} (one of: {known})"
    return None


def pair_problems(values: Iterable[tuple[str, float]]) -> list[str]:
    """One reason per `X_min`/`X_max` (or `X_low`/`X_high`) pair whose minimum is not below its maximum."""
    numbers = dict(values)
    reasons = []
    for name, number in numbers.items():
        for low_end, high_end in PAIRS:
            if name.endswith(low_end):
                partner = name[: -len(low_end)] + high_end
                if partner in numbers and not number < numbers[partner]:
                    reasons.append(
                        f"value '{name}' ({number:g}) must be less than '{partner}' ({numbers[partner]:g})"
                    )
    return reasons


def version_problem(version: object) -> str | None:
    """Why a document version or edition number is unusable, or None (a whole number 1..MAX_VERSION)."""
    if isinstance(version, bool) or not isinstance(version, int) or not 1 <= version <= MAX_VERSION:
        return f"'version' must be a whole number from 1 to {MAX_VERSION}, got {version!r}"
    return None
