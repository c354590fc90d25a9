"""Threshold check: entered vital signs -> the SOP's action, with the card to open.

Rules (numbers from the content; "above" means strictly greater, "below" strictly less, as the SOPs say):
- Before the infusion (SOP-DAY-001, "Blood-pressure gate"): BP above bp_stop_systolic/bp_stop_diastolic
  or HR above hr_stop -> no infusion today unless the medical director agrees; BP above
  bp_gate_systolic/bp_gate_diastolic -> rest and re-measure, and when a repeat reading is still above
  the gate -> the prescriber decides.
- During the infusion (SOP-MON-001, "Hold and stop rules"): BP above the stop values -> pause, re-measure,
  call the prescriber (hypertension card); HR above hr_stop -> pause, check rhythm, call the prescriber
  (tachycardia card).
- SpO2 (SOP-MON-001, clinic-set values): below `spo2_act_below` -> pause, rouse, airway, oxygen, call the
  prescriber; below `spo2_min` -> stop if it does not recover at once (over-sedation card). A level the
  content does not define is not applied, and the tool says so.
- MOAA/S: at or below `moaas_hold_max` -> pause; at or below `moaas_stop_max` -> stop. The shipped SOP leaves
  both unset (`value: null`) for the medical director to set (its clinical reference gives no threshold);
  an unset value counts as not defined, so until they are set the tool applies the SOP's rule in words:
  no response to voice means stop.

Plausibility bounds below are data-entry sanity limits (a typing slip, a cuff error), not clinical
thresholds: an implausible entry gets a message, never an action.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from handbook.library.model import Value
from handbook.tools import ToolProblem, Values, as_decimal, defined, parse_number, plain, require

# Data-entry sanity limits, NOT clinical thresholds (inclusive). MOAA/S is a 0-5 scale by definition.
PLAUSIBLE = {
    "systolic": (Decimal(40), Decimal(300)),
    "diastolic": (Decimal(20), Decimal(200)),
    "heart_rate": (Decimal(20), Decimal(250)),
    "spo2": (Decimal(50), Decimal(100)),
    "sedation": (Decimal(0), Decimal(5)),
}
SPO2_LOCAL = "SpO2 threshold: not defined in this content; see SOP-MON-001"
MOAAS_LOCAL = (
    "MOAA/S hold and stop levels: not yet set by the medical director (SOP-MON-001); a patient who does not "
    "respond to voice is over-sedated: stop, open the airway, give oxygen"
)
SYMPTOMS_FIRST = (
    "Symptoms come first: chest pain, shortness of breath, sudden severe headache, visual change, "
    "reduced consciousness, a new focal deficit or a seizure mean stop and call the prescriber at once, "
    "whatever the numbers (SOP-MON-001, hold and stop rules)."
)


class Phase(StrEnum):
    """When the reading was taken: the gate before the infusion, or the stop rules during it."""

    PRE_TREATMENT = "pre_treatment"
    INFUSION = "infusion"


class Action(StrEnum):
    """What the SOP says to do, mildest first (the order is the severity order)."""

    CONTINUE = "continue"
    RECHECK = "recheck"
    CALL_PRESCRIBER = "call_prescriber"
    HOLD = "hold"
    NO_GO = "no_go"
    STOP = "stop"

    @property
    def rank(self) -> int:
        """Severity: higher is more urgent."""
        return list(Action).index(self)


@dataclass(frozen=True, slots=True)
class Finding:
    """One rule that applied: the action, what to do, the card and SOP section to open."""

    action: Action
    title: str
    steps: str
    doc_id: str
    anchor: str
    card_id: str = ""
    value_names: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ThresholdOutcome:
    """The most urgent action and every finding; or, with no action, the problems with the entry."""

    action: Action | None
    findings: tuple[Finding, ...] = ()
    notes: tuple[str, ...] = ()
    problems: tuple[ToolProblem, ...] = ()


LABELS = {
    "systolic": "Systolic BP (mmHg)",
    "diastolic": "Diastolic BP (mmHg)",
    "heart_rate": "Heart rate (beats/min)",
    "spo2": "SpO2 (%)",
    "sedation": "MOAA/S score",
}
_NEEDED = {
    Phase.PRE_TREATMENT: (
        "bp_gate_systolic",
        "bp_gate_diastolic",
        "bp_stop_systolic",
        "bp_stop_diastolic",
        "hr_stop",
    ),
    Phase.INFUSION: ("bp_stop_systolic", "bp_stop_diastolic", "hr_stop"),
}


def _read(raw: object, name: str, problems: list[ToolProblem], optional: bool = False) -> Decimal | None:
    """Parse one entry and check it against the data-entry limits; None when blank-and-optional or bad."""
    if optional and (raw is None or (isinstance(raw, str) and not raw.strip())):
        return None
    number = parse_number(raw, name, LABELS[name])
    if isinstance(number, ToolProblem):
        problems.append(number)
        return None
    low, high = PLAUSIBLE[name]
    if not low <= number <= high:
        problems.append(
            ToolProblem(
                name,
                f"{LABELS[name]}: {plain(number)} is not plausible (data-entry check "
                f"{plain(low)}–{plain(high)}, not a clinical threshold); re-measure and re-enter",
            )
        )
        return None
    return number


def check_vitals(
    values: Values,
    phase: Phase,
    systolic: object,
    diastolic: object,
    heart_rate: object,
    spo2: object = None,
    sedation: object = None,
    repeat_reading: bool = False,
) -> ThresholdOutcome:
    """The SOP's action for these readings in this phase, or the problems that prevent one.

    SpO2 and sedation are optional (blank = not entered). `repeat_reading` says the BP was already
    re-measured after a rest (it turns a gate recheck into the prescriber's decision).
    """
    problems: list[ToolProblem] = []
    sys_ = _read(systolic, "systolic", problems)
    dia = _read(diastolic, "diastolic", problems)
    hr = _read(heart_rate, "heart_rate", problems)
    sat = _read(spo2, "spo2", problems, optional=True)
    moaas = _read(sedation, "sedation", problems, optional=True)
    if sys_ is not None and dia is not None and sys_ <= dia:
        problems.append(
            ToolProblem(
                "systolic", "Systolic BP must be higher than diastolic BP: check the entry and re-measure"
            )
        )
    found, missing = require(values, _NEEDED[phase])
    problems += missing
    if problems or sys_ is None or dia is None or hr is None:  # each None came with a problem
        return ThresholdOutcome(None, problems=tuple(problems))
    n = {name: as_decimal(value) for name, value in found.items()}

    findings: list[Finding] = []
    notes: list[str] = []
    bp_above_stop = sys_ > n["bp_stop_systolic"] or dia > n["bp_stop_diastolic"]
    hr_above_stop = hr > n["hr_stop"]
    stop_text = f"{found['bp_stop_systolic'].text}/{found['bp_stop_diastolic'].text} mmHg"
    if phase is Phase.PRE_TREATMENT:
        findings += _gate_findings(
            found, n, sys_, dia, bp_above_stop, hr_above_stop, stop_text, repeat_reading
        )
    else:
        findings += _infusion_findings(found, bp_above_stop, hr_above_stop, stop_text)
    findings += _spo2_findings(values, sat, notes)
    if phase is Phase.INFUSION:
        findings += _sedation_findings(values, moaas, notes)
    if not findings:
        findings.append(_all_clear(values, phase))
    notes.append(SYMPTOMS_FIRST)
    action = max((f.action for f in findings), key=lambda a: a.rank)
    findings.sort(key=lambda f: -f.action.rank)
    return ThresholdOutcome(action, tuple(findings), tuple(notes))


def _gate_findings(
    found: dict[str, Value],
    n: dict[str, Decimal],
    sys_: Decimal,
    dia: Decimal,
    bp_above_stop: bool,
    hr_above_stop: bool,
    stop_text: str,
    repeat: bool,
) -> list[Finding]:
    gate = ("bp_gate_systolic", "bp_gate_diastolic")
    stop_names = ("bp_stop_systolic", "bp_stop_diastolic")
    anchor = "blood-pressure-gate"
    findings = []
    if bp_above_stop:
        findings.append(Finding(
            Action.NO_GO, f"BP above the stop threshold ({stop_text})",
            "Do not start the infusion today unless the medical director agrees; tell the prescriber.",
            "SOP-DAY-001", anchor, "CARD-VIT-001", stop_names,
        ))  # fmt: skip
    if hr_above_stop:
        findings.append(Finding(
            Action.NO_GO, f"Heart rate above {found['hr_stop'].text} beats/min",
            "Do not start the infusion today unless the medical director agrees; tell the prescriber.",
            "SOP-DAY-001", anchor, "CARD-VIT-001", ("hr_stop",),
        ))  # fmt: skip
    gate_text = f"{found['bp_gate_systolic'].text}/{found['bp_gate_diastolic'].text} mmHg"
    if not bp_above_stop and (sys_ > n["bp_gate_systolic"] or dia > n["bp_gate_diastolic"]):
        if repeat:
            findings.append(Finding(
                Action.CALL_PRESCRIBER, f"BP still above the gate ({gate_text}) after a rest",
                "Tell the prescriber, who decides to treat the BP and go ahead, or to delay, and records the "
                "reason. Do not prepare or start the infusion until then.",
                "SOP-DAY-001", anchor, "CARD-VIT-001", gate,
            ))  # fmt: skip
        else:
            findings.append(Finding(
                Action.RECHECK, f"BP above the gate ({gate_text})",
                "Let the patient rest quietly and re-measure after the rest. Do not prepare "
                "or start the infusion meanwhile.",
                "SOP-DAY-001", anchor, "CARD-VIT-001", gate,
            ))  # fmt: skip
    return findings


def _infusion_findings(
    found: dict[str, Value], bp_above_stop: bool, hr_above_stop: bool, stop_text: str
) -> list[Finding]:
    findings = []
    if bp_above_stop:
        findings.append(Finding(
            Action.HOLD, f"BP above {stop_text}",
            "Pause the infusion (stop the pump, keep the line, monitor continuously); re-measure; "
            "call the prescriber.",
            "SOP-MON-001", "hold-and-stop-rules", "CARD-HTN-001", ("bp_stop_systolic", "bp_stop_diastolic"),
        ))  # fmt: skip
    if hr_above_stop:
        findings.append(Finding(
            Action.HOLD, f"Heart rate above {found['hr_stop'].text} beats/min",
            "Pause the infusion; check the rhythm on the ECG; call the prescriber.",
            "SOP-MON-001", "hold-and-stop-rules", "CARD-TAC-001", ("hr_stop",),
        ))  # fmt: skip
    return findings


def _spo2_findings(values: Values, sat: Decimal | None, notes: list[str]) -> list[Finding]:
    stop, act = defined(values, "spo2_min"), defined(values, "spo2_act_below")
    if stop is None and act is None:
        notes.append(SPO2_LOCAL)
        return []
    drop = defined(values, "spo2_drop_points")
    if drop is not None:
        notes.append(
            f"SpO2 also calls for action at a fall of {drop.text} points from the patient's baseline, "
            "whatever the reading (SOP-MON-001, hold and stop rules)."
        )
    if sat is None:
        return []
    if stop is not None and sat < as_decimal(stop):
        return [Finding(
            Action.STOP, f"SpO2 below {stop.text}%",
            "Stop the pump; open the airway; give oxygen; call the prescriber and for help. If it does not "
            "recover at once, the infusion ends for today.",
            "SOP-MON-001", "hold-and-stop-rules", "CARD-RSP-001", ("spo2_min",),
        )]  # fmt: skip
    if act is not None and sat < as_decimal(act):
        return [Finding(
            Action.HOLD, f"SpO2 below {act.text}%",
            "Pause the infusion; rouse the patient; open the airway; give oxygen; call the prescriber.",
            "SOP-MON-001", "hold-and-stop-rules", "CARD-RSP-001", ("spo2_act_below",),
        )]  # fmt: skip
    return []


def _sedation_findings(values: Values, moaas: Decimal | None, notes: list[str]) -> list[Finding]:
    hold, stop = defined(values, "moaas_hold_max"), defined(values, "moaas_stop_max")
    if hold is None and stop is None:
        notes.append(MOAAS_LOCAL)
        return []
    if moaas is None:
        return []
    if stop is not None and moaas <= as_decimal(stop):
        return [Finding(
            Action.STOP, f"MOAA/S {plain(moaas)}: at or below the stop level ({stop.text})",
            "Stop the pump; open the airway; give oxygen; call the prescriber and for help.",
            "SOP-MON-001", "mental-status-moaa-s-sedation-score", "CARD-RSP-001", ("moaas_stop_max",),
        )]  # fmt: skip
    if hold is not None and moaas <= as_decimal(hold):
        return [Finding(
            Action.HOLD, f"MOAA/S {plain(moaas)}: at or below the hold level ({hold.text})",
            "Pause the infusion and call the prescriber. A patient who does not respond to voice is "
            "treated as over-sedation: stop, open the airway, give oxygen.",
            "SOP-MON-001", "mental-status-moaa-s-sedation-score", "CARD-RSP-001", ("moaas_hold_max",),
        )]  # fmt: skip
    return []


def _all_clear(values: Values, phase: Phase) -> Finding:
    if phase is Phase.PRE_TREATMENT:
        return Finding(
            Action.CONTINUE, "BP and heart rate within the gate",
            "Complete the other checks of the day-of-treatment SOP before the go or no-go decision.",
            "SOP-DAY-001", "go-or-no-go-decision",
        )  # fmt: skip
    interval = defined(values, "vitals_interval_infusion_min")
    when = f"in {interval.text} minutes" if interval else "at the scheduled interval"
    return Finding(
        Action.CONTINUE, "BP and heart rate below the stop thresholds",
        f"Continue; record the next full set {when}, and at once on any change or alarm.",
        "SOP-MON-001", "vital-signs-schedule", "", ("vitals_interval_infusion_min",) if interval else (),
    )  # fmt: skip
