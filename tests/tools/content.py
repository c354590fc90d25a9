"""A content tree holding the four SOPs whose values the bedside tools read (shared by core and GUI tests)."""

from __future__ import annotations

from pathlib import Path

from handbook.tools import VALUE_OWNERS
from tests.conftest import SOP_BODY, ContentBuilder, front_matter

# The numbers the shipped SOPs define today; tests change them through the content, never in code.
STANDARD = {
    "SOP-DOS-001": {
        "dose_mg_per_kg_standard": (0.5, "mg/kg"),
        "infusion_minutes_standard": (40, "min"),
        "dose_mg_per_kg_min": (0.5, "mg/kg"),
        "dose_mg_per_kg_max": (1.0, "mg/kg"),
        "infusion_minutes_min": (40, "min"),
        "infusion_minutes_max": (60, "min"),
    },
    "SOP-MON-001": {
        "vitals_interval_infusion_min": (10, "min"),
        "vitals_interval_recovery_min": (15, "min"),
        "bp_stop_systolic": (180, "mmHg"),
        "bp_stop_diastolic": (100, "mmHg"),
        "hr_stop": (110, "beats/min"),
    },
    "SOP-DAY-001": {"bp_gate_systolic": (140, "mmHg"), "bp_gate_diastolic": (90, "mmHg")},
    "SOP-DIS-001": {"observation_min_minutes": (120, "min")},
}


def _unit(name: str) -> str:
    """The unit of a value the standard set lacks (value checks refuse unknown units)."""
    for part, unit in (("weight_kg", "kg"), ("concentration", "mg/mL"), ("spo2", "%"), ("moaas", "points")):
        if name.startswith(part):
            return unit
    return "min"


def build_tool_content(make_content: ContentBuilder, **changes: float | None) -> Path:
    """Build the SOPs with the standard values; a keyword changes a value (number) or drops it (None).

    A name not in STANDARD (e.g. spo2_min=92) goes to the SOP that VALUE_OWNERS names. Returns the folder.
    """
    owners = {doc: dict(values) for doc, values in STANDARD.items()}
    for name, number in changes.items():
        doc = VALUE_OWNERS[name]
        if number is None:
            owners[doc].pop(name, None)
        else:
            owners[doc][name] = (number, owners[doc].get(name, (0, _unit(name)))[1])
    files = {}
    for doc, values in owners.items():
        flow = ", ".join(
            f"{n}: {{value: {v}, unit: '{u}', source: test reference}}" for n, (v, u) in values.items()
        )
        files[f"{doc.lower()}.md"] = front_matter(id=doc, title=doc, values="{" + flow + "}") + SOP_BODY
    return make_content(files)
