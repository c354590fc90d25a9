"""Weight-based dose calculator: total mg, volume and pump rate, within the ranges SOP-DOS-001 sets.

Formulas (SOP-DOS-001, "Dose calculation formula"):
    total (mg)   = weight (kg) x dose (mg/kg)
    volume (mL)  = total (mg) / concentration (mg/mL)
    rate (mL/h)  = volume (mL) x 60 / infusion time (min)

Each figure is worked out from the numbers entered, exactly (decimal arithmetic), and rounded once at
the end, half up: total to 0.1 mg, volume to 0.01 mL, rate to 0.1 mL/h.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from handbook.library.model import Value
from handbook.tools import (
    ToolProblem,
    Values,
    as_decimal,
    bad_value,
    defined,
    missing_value,
    parse_number,
    plain,
)

TOTAL_STEP = Decimal("0.1")
VOLUME_STEP = Decimal("0.01")
RATE_STEP = Decimal("0.1")
ROUNDING_NOTE = (
    "Worked out from the numbers entered and rounded once, half up: "
    "total to 0.1 mg, volume to 0.01 mL, rate to 0.1 mL/h."
)
VERIFY_NOTICE = "Verify against the order; independent double check per SOP (SOP-DOS-001)."

# Data-entry sanity limits, NOT clinical limits: the clinical reference gives no range for weight or
# concentration. They only catch typing slips (grams for kilograms, a lost decimal point); the upper
# concentration limit is the strongest ketamine strength sold (100 mg/mL, named in SOP-DOS-001).
# Content values weight_kg_min / weight_kg_max / concentration_mg_per_ml_min / _max replace them.
ENTRY_WEIGHT_KG = (Decimal("10"), Decimal("400"))
ENTRY_MG_PER_ML = (Decimal("0.01"), Decimal("100"))
ENTRY_NOTE = "data-entry sanity limit, not a clinical limit"


@dataclass(frozen=True, slots=True)
class Limit:
    """An inclusive range an input must lie in, and where its ends come from (shown to the user)."""

    low: Decimal
    high: Decimal
    unit: str
    origin: str
    values: tuple[Value, ...] = ()

    def contains(self, number: Decimal) -> bool:
        """Whether low <= number <= high."""
        return self.low <= number <= self.high

    @property
    def text(self) -> str:
        """`0.5–1 mg/kg`."""
        return f"{plain(self.low)}–{plain(self.high)} {self.unit}"


@dataclass(frozen=True, slots=True)
class DoseLimits:
    """The ranges the calculator enforces; a range is None when the content lacks a value for it."""

    mg_per_kg: Limit | None
    minutes: Limit | None
    weight_kg: Limit
    mg_per_ml: Limit
    standard_mg_per_kg: Value | None
    standard_minutes: Value | None
    problems: tuple[ToolProblem, ...]


@dataclass(frozen=True, slots=True)
class DoseResult:
    """A calculated dose: inputs, the three rounded figures, the worked formula and what it relied on."""

    weight_kg: Decimal
    mg_per_kg: Decimal
    minutes: Decimal
    mg_per_ml: Decimal
    total_mg: Decimal
    volume_ml: Decimal
    rate_ml_per_h: Decimal
    formula: tuple[str, ...]
    notes: tuple[str, ...]
    used: tuple[Value, ...]
    rounding: str = ROUNDING_NOTE
    notice: str = VERIFY_NOTICE

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form (numbers as JSON numbers) for `handbook dose --json`."""
        return {
            "total_mg": float(self.total_mg),
            "volume_ml": float(self.volume_ml),
            "rate_ml_per_h": float(self.rate_ml_per_h),
            "inputs": {
                "weight_kg": float(self.weight_kg),
                "mg_per_kg": float(self.mg_per_kg),
                "minutes": float(self.minutes),
                "mg_per_ml": float(self.mg_per_ml),
            },
            "formula": list(self.formula),
            "rounding": self.rounding,
            "notice": self.notice,
            "notes": list(self.notes),
            "values": {v.name: {"value": v.value, "unit": v.unit, "doc_id": v.doc_id} for v in self.used},
        }


@dataclass(frozen=True, slots=True)
class DoseOutcome:
    """Either a result, or the problems that stopped the calculation (never both)."""

    result: DoseResult | None
    problems: tuple[ToolProblem, ...] = ()


def _content_range(values: Values, low: str, high: str, unit: str) -> tuple[Limit | None, list[ToolProblem]]:
    missing = [missing_value(name) for name in (low, high) if name not in values]
    if missing:
        return None, missing
    lo, hi = values[low], values[high]
    refused = [p for p in (bad_value(lo), bad_value(hi)) if p is not None]
    if refused:
        return None, refused
    if as_decimal(lo) > as_decimal(hi):
        return None, [
            ToolProblem("content", f"the content's range is inverted: {low} > {high} ({lo.doc_id})")
        ]
    origin = f"{lo.doc_id}: {low} to {high}"
    return Limit(as_decimal(lo), as_decimal(hi), unit, origin, (lo, hi)), []


def _entry_range(
    values: Values, low: str, high: str, default: tuple[Decimal, Decimal], unit: str
) -> tuple[Limit, list[ToolProblem]]:
    """A content-defined range where the content has one, else the data-entry limit (per end)."""
    lo, hi = defined(values, low), defined(values, high)
    refused = [p for p in (bad_value(lo) if lo else None, bad_value(hi) if hi else None) if p is not None]
    if refused:
        return Limit(default[0], default[1], unit, ENTRY_NOTE), refused
    low_n = as_decimal(lo) if lo else default[0]
    high_n = as_decimal(hi) if hi else default[1]
    if lo is None and hi is None:
        origin = ENTRY_NOTE
    elif lo is not None and hi is not None:
        origin = f"{lo.doc_id}: {low} to {high}"
    else:
        given = lo or hi
        origin = f"{given.name} from {given.doc_id}; the other end is a {ENTRY_NOTE}" if given else ENTRY_NOTE
    limit = Limit(low_n, high_n, unit, origin, tuple(v for v in (lo, hi) if v is not None))
    if low_n > high_n:
        return limit, [ToolProblem("content", f"the {unit} range is inverted: {low_n} > {high_n} ({origin})")]
    return limit, []


def dose_limits(values: Values) -> DoseLimits:
    """The ranges the calculator enforces, read from the content, with a problem per missing value."""
    problems: list[ToolProblem] = []
    mg_per_kg, found = _content_range(values, "dose_mg_per_kg_min", "dose_mg_per_kg_max", "mg/kg")
    problems += found
    minutes, found = _content_range(values, "infusion_minutes_min", "infusion_minutes_max", "min")
    problems += found
    weight, found = _entry_range(values, "weight_kg_min", "weight_kg_max", ENTRY_WEIGHT_KG, "kg")
    problems += found
    conc, found = _entry_range(
        values, "concentration_mg_per_ml_min", "concentration_mg_per_ml_max", ENTRY_MG_PER_ML, "mg/mL"
    )
    problems += found
    standards = []
    for name in ("dose_mg_per_kg_standard", "infusion_minutes_standard"):
        value = defined(values, name)
        refused = bad_value(value) if value is not None else None
        if refused is not None:
            problems.append(refused)
        standards.append(None if refused else value)
    return DoseLimits(mg_per_kg, minutes, weight, conc, standards[0], standards[1], tuple(problems))


def _check(raw: object, field: str, label: str, limit: Limit | None, problems: list[ToolProblem]) -> Decimal:
    """Parse one input; append a problem (and return 0) when it is not a positive number within limit."""
    number = parse_number(raw, field, label)
    if isinstance(number, ToolProblem):
        problems.append(number)
        return Decimal(0)
    if number <= 0:
        problems.append(ToolProblem(field, f"{label}: must be more than zero, got {plain(number)}"))
    elif limit is not None and not limit.contains(number):
        problems.append(
            ToolProblem(
                field, f"{label}: {plain(number)} {limit.unit} is outside {limit.text} ({limit.origin})"
            )
        )
    return number


def _shown(number: Decimal) -> str:
    """An exact intermediate as text: exact when it has at most 6 decimals, else `≈` and 6 decimals."""
    rounded = number.quantize(Decimal("0.000001"), ROUND_HALF_UP)
    return plain(number) if rounded == number else f"≈ {plain(rounded)}"


def calculate_dose(
    values: Values, weight_kg: object, mg_per_kg: object, minutes: object, mg_per_ml: object
) -> DoseOutcome:
    """Total dose, volume and pump rate for the entered order, or every reason it was refused.

    Inputs may be numbers or text. Refused: anything not a positive finite number; mg/kg outside
    dose_mg_per_kg_min..max and minutes outside infusion_minutes_min..max (inclusive, SOP-DOS-001);
    weight and concentration outside their limits (content values when defined, else data-entry limits);
    and any calculation whose range values are missing from the content.
    """
    limits = dose_limits(values)
    problems = list(limits.problems)
    weight = _check(weight_kg, "weight_kg", "Weight", limits.weight_kg, problems)
    dose = _check(mg_per_kg, "mg_per_kg", "Dose", limits.mg_per_kg, problems)
    duration = _check(minutes, "minutes", "Infusion time", limits.minutes, problems)
    strength = _check(mg_per_ml, "mg_per_ml", "Concentration", limits.mg_per_ml, problems)
    if problems:
        return DoseOutcome(None, tuple(problems))

    total = weight * dose
    volume = total / strength
    rate = volume * 60 / duration
    total_r = total.quantize(TOTAL_STEP, ROUND_HALF_UP)
    volume_r = volume.quantize(VOLUME_STEP, ROUND_HALF_UP)
    rate_r = rate.quantize(RATE_STEP, ROUND_HALF_UP)
    formula = (
        f"Total dose = {plain(weight)} kg × {plain(dose)} mg/kg = {_shown(total)} mg → {total_r} mg",
        f"Volume = {_shown(total)} mg ÷ {plain(strength)} mg/mL = {_shown(volume)} mL → {volume_r} mL",
        f"Pump rate = {_shown(volume)} mL × 60 ÷ {plain(duration)} min = {_shown(rate)} mL/h → {rate_r} mL/h",
    )
    notes = []
    std_dose, std_minutes = limits.standard_mg_per_kg, limits.standard_minutes
    if std_dose and std_minutes and (dose != as_decimal(std_dose) or duration != as_decimal(std_minutes)):
        notes.append(
            f"Not the standard regimen of {std_dose.text} mg/kg over {std_minutes.text} min "
            f"({std_dose.doc_id}): the prescriber records the reason for any change."
        )
    entry_only = [lim for lim in (limits.weight_kg, limits.mg_per_ml) if lim.origin == ENTRY_NOTE]
    if entry_only:
        notes.append(
            "Checked only against data-entry sanity limits, not clinical limits (the content defines none): "
            + ", ".join(lim.text for lim in entry_only)
            + "."
        )
    used: list[Value] = []
    for limit in (limits.mg_per_kg, limits.minutes, limits.weight_kg, limits.mg_per_ml):
        used.extend(limit.values if limit else ())
    return DoseOutcome(
        DoseResult(
            weight, dose, duration, strength, total_r, volume_r, rate_r, formula, tuple(notes), tuple(used)
        )
    )
