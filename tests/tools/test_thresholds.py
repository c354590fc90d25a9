"""Threshold check: the SOP's action for entered vital signs, by phase, with every boundary."""

from __future__ import annotations

import pytest

from handbook.tools.thresholds import MOAAS_LOCAL, SPO2_LOCAL, SYMPTOMS_FIRST, Action, Phase, check_vitals

PRE, DURING = Phase.PRE_TREATMENT, Phase.INFUSION


@pytest.mark.parametrize(
    ("bp", "hr", "action"),
    [((140, 90), 80, Action.CONTINUE), ((141, 90), 80, Action.RECHECK), ((140, 91), 80, Action.RECHECK),
     ((180, 100), 80, Action.RECHECK), ((181, 80), 80, Action.NO_GO), ((150, 101), 80, Action.NO_GO),
     ((120, 80), 110, Action.CONTINUE), ((120, 80), 111, Action.NO_GO)],
)  # fmt: skip
def test_thresholds_pre_treatment_gate(values, bp, hr, action):
    """Before the infusion: above 140/90 re-check, above 180/100 or HR above 110 no infusion today ("above" = >)."""
    assert check_vitals(values, PRE, bp[0], bp[1], hr).action is action


def test_thresholds_gate_repeat_reading_goes_to_prescriber(values):
    """A re-measured BP still above the gate means the prescriber decides, with the gate card."""
    outcome = check_vitals(values, PRE, "150", "85", "80", repeat_reading=True)
    assert outcome.action is Action.CALL_PRESCRIBER
    finding = outcome.findings[0]
    assert (finding.doc_id, finding.anchor, finding.card_id) == (
        "SOP-DAY-001",
        "blood-pressure-gate",
        "CARD-VIT-001",
    )


def test_thresholds_pre_treatment_stop_names_the_rule(values):
    """BP above the stop values before the infusion: no infusion today unless the medical director agrees."""
    finding = check_vitals(values, PRE, "185", "95", "80").findings[0]
    assert finding.title == "BP above the stop threshold (180/100 mmHg)"
    assert "unless the medical director agrees" in finding.steps


@pytest.mark.parametrize(
    ("bp", "hr", "action", "cards"),
    [((180, 100), 110, Action.CONTINUE, []), ((181, 80), 80, Action.HOLD, ["CARD-HTN-001"]),
     ((150, 101), 80, Action.HOLD, ["CARD-HTN-001"]), ((120, 80), 111, Action.HOLD, ["CARD-TAC-001"]),
     ((190, 105), 120, Action.HOLD, ["CARD-HTN-001", "CARD-TAC-001"]), ((170, 95), 100, Action.CONTINUE, [])],
)  # fmt: skip
def test_thresholds_during_infusion_stop_rules(values, bp, hr, action, cards):
    """During the infusion: BP above 180/100 or HR above 110 pause with the hypertension or tachycardia card."""
    outcome = check_vitals(values, DURING, bp[0], bp[1], hr)
    assert outcome.action is action
    assert [f.card_id for f in outcome.findings if f.card_id] == cards


def test_thresholds_hold_steps_and_section(values):
    """A hold says pause, re-measure, call the prescriber, and links the hold and stop rules."""
    finding = check_vitals(values, DURING, "185", "90", "90").findings[0]
    assert finding.steps.startswith("Pause the infusion")
    assert "call the prescriber" in finding.steps
    assert (finding.doc_id, finding.anchor) == ("SOP-MON-001", "hold-and-stop-rules")
    assert finding.value_names == ("bp_stop_systolic", "bp_stop_diastolic")


def test_thresholds_continue_names_the_interval(values):
    """All clear during the infusion: continue and record the next set in vitals_interval_infusion_min minutes."""
    finding = check_vitals(values, DURING, "130", "80", "80").findings[0]
    assert finding.action is Action.CONTINUE
    assert "in 10 minutes" in finding.steps


def test_thresholds_changed_content_changes_the_action(tool_values):
    """A signed change of bp_stop_systolic to 170 turns 175 systolic into a hold."""
    assert check_vitals(tool_values(), DURING, "175", "90", "80").action is Action.CONTINUE
    assert check_vitals(tool_values(bp_stop_systolic=170), DURING, "175", "90", "80").action is Action.HOLD


def test_thresholds_spo2_without_content_value_defers_to_local_protocol(values):
    """No spo2_min in the content: no SpO2 action, the local-protocol statement instead."""
    outcome = check_vitals(values, DURING, "120", "80", "80", spo2="85")
    assert outcome.action is Action.CONTINUE
    assert SPO2_LOCAL in outcome.notes
    assert "local protocol" not in SPO2_LOCAL


@pytest.mark.parametrize(
    ("spo2", "action"), [("91", Action.STOP), ("92", Action.CONTINUE), ("", Action.CONTINUE)]
)
def test_thresholds_spo2_uses_content_value_when_defined(tool_values, spo2, action):
    """With spo2_min = 92 in the content, below it is stop with the over-sedation card; 92 itself is not."""
    outcome = check_vitals(tool_values(spo2_min=92), DURING, "120", "80", "80", spo2=spo2)
    assert outcome.action is action
    assert SPO2_LOCAL not in outcome.notes
    if action is Action.STOP:
        assert outcome.findings[0].card_id == "CARD-RSP-001"


def test_thresholds_sedation_without_content_value_defers_to_local_protocol(values):
    """No moaas_hold_max in the content: the MOAA/S statement, no action from the score."""
    outcome = check_vitals(values, DURING, "120", "80", "80", sedation="2")
    assert outcome.action is Action.CONTINUE
    assert MOAAS_LOCAL in outcome.notes


@pytest.mark.parametrize(("score", "action"), [("3", Action.HOLD), ("4", Action.CONTINUE)])
def test_thresholds_sedation_uses_content_value_when_defined(tool_values, score, action):
    """With moaas_hold_max = 3, a MOAA/S of 3 or less is a hold; 4 continues."""
    assert (
        check_vitals(tool_values(moaas_hold_max=3), DURING, "120", "80", "80", sedation=score).action
        is action
    )


def test_thresholds_most_urgent_action_first(tool_values):
    """Findings are listed most urgent first and the outcome's action is the most urgent one."""
    outcome = check_vitals(tool_values(spo2_min=92), DURING, "190", "90", "80", spo2="88")
    assert outcome.action is Action.STOP
    assert [f.action for f in outcome.findings] == [Action.STOP, Action.HOLD]


def test_thresholds_symptoms_note_always_present(values):
    """Every outcome reminds that symptoms override the numbers."""
    assert SYMPTOMS_FIRST in check_vitals(values, PRE, "120", "80", "70").notes


@pytest.mark.parametrize(
    ("entry", "field"),
    [({"systolic": "39"}, "systolic"), ({"systolic": "301"}, "systolic"), ({"diastolic": "19"}, "diastolic"),
     ({"heart_rate": "19"}, "heart_rate"), ({"heart_rate": "251"}, "heart_rate"), ({"spo2": "49"}, "spo2"),
     ({"spo2": "101"}, "spo2"), ({"sedation": "6"}, "sedation"), ({"systolic": "abc"}, "systolic"),
     ({"heart_rate": "nan"}, "heart_rate"), ({"heart_rate": ""}, "heart_rate"),
     ({"systolic": "80", "diastolic": "90"}, "systolic"), ({"systolic": "90", "diastolic": "90"}, "systolic")],
)  # fmt: skip
def test_thresholds_implausible_entry_gets_message_not_action(values, entry, field):
    """Implausible or non-numeric entries give a message (data-entry check) and no action."""
    readings = {"systolic": "120", "diastolic": "80", "heart_rate": "80", **entry}
    outcome = check_vitals(values, DURING, **readings)
    assert outcome.action is None
    assert outcome.findings == ()
    assert [p.field for p in outcome.problems] == [field]


def test_thresholds_plausibility_message_says_not_clinical(values):
    """The plausibility message says it is a data-entry check, not a clinical threshold."""
    message = check_vitals(values, DURING, "120", "80", "300").problems[0].message
    assert "data-entry check 20–250, not a clinical threshold" in message


@pytest.mark.parametrize(
    "readings",
    [("40", "20", "20", "50"), ("300", "200", "250", "100")],
)
def test_thresholds_plausibility_bounds_are_inclusive(values, readings):
    """The data-entry bounds themselves (40-300, 20-200, 20-250, 50-100) are accepted."""
    assert check_vitals(values, DURING, *readings).action is not None


@pytest.mark.parametrize("name", ["bp_stop_systolic", "bp_stop_diastolic", "hr_stop"])
def test_thresholds_missing_stop_value_names_value_and_sop(tool_values, name):
    """A stop value missing from the content gives no action and names the value and SOP-MON-001."""
    outcome = check_vitals(tool_values(**{name: None}), DURING, "120", "80", "80")
    assert outcome.action is None
    assert f"'{name}'" in outcome.problems[0].message
    assert "SOP-MON-001" in outcome.problems[0].message


def test_thresholds_missing_gate_value_only_blocks_the_gate(tool_values):
    """Without bp_gate_systolic the pre-treatment check refuses (naming SOP-DAY-001); the infusion check works."""
    values = tool_values(bp_gate_systolic=None)
    pre = check_vitals(values, PRE, "120", "80", "80")
    assert pre.action is None
    assert "SOP-DAY-001" in pre.problems[0].message
    assert check_vitals(values, DURING, "120", "80", "80").action is Action.CONTINUE


@pytest.mark.parametrize(
    ("spo2", "action", "names"),
    [("95", Action.CONTINUE, ()), ("94", Action.CONTINUE, ()), ("93", Action.HOLD, ("spo2_act_below",)),
     ("90", Action.HOLD, ("spo2_act_below",)), ("89", Action.STOP, ("spo2_min",)), ("", Action.CONTINUE, ())],
)  # fmt: skip
def test_thresholds_spo2_act_and_stop_levels(tool_values, spo2, action, names):
    """Act below 94 (pause, airway, oxygen), stop below 90: both levels from the content, with the RSP card."""
    outcome = check_vitals(tool_values(spo2_act_below=94, spo2_min=90), DURING, "120", "80", "80", spo2=spo2)
    assert outcome.action is action
    assert SPO2_LOCAL not in outcome.notes
    if names:
        assert (outcome.findings[0].value_names, outcome.findings[0].card_id) == (names, "CARD-RSP-001")


@pytest.mark.parametrize(("score", "action"), [("1", Action.STOP), ("2", Action.STOP), ("3", Action.HOLD),
                                               ("4", Action.CONTINUE)])  # fmt: skip
def test_thresholds_sedation_hold_and_stop_levels(tool_values, score, action):
    """With moaas_hold_max 3 and moaas_stop_max 2: 3 is a hold, 2 or less a stop, 4 continues."""
    values = tool_values(moaas_hold_max=3, moaas_stop_max=2)
    assert check_vitals(values, DURING, "120", "80", "80", sedation=score).action is action


def test_thresholds_shipped_content_applies_spo2_and_names_moaas_rule():
    """The shipped SOP-MON-001 defines the SpO2 levels (the tool acts on them) but leaves MOAA/S to the director."""
    from handbook import paths
    from handbook.library.loader import load_library

    values = load_library(paths.bundled_content_dir()).library.values
    assert (values["spo2_act_below"].value, values["spo2_min"].value) == (94, 90)
    outcome = check_vitals(values, DURING, "120", "80", "80", spo2="89", sedation="3")
    assert outcome.action is Action.STOP
    assert outcome.findings[0].card_id == "CARD-RSP-001"
    assert SPO2_LOCAL not in outcome.notes
    assert MOAAS_LOCAL in outcome.notes
    assert "does not respond to voice" in MOAAS_LOCAL


def test_thresholds_spo2_drop_from_baseline_is_named(tool_values):
    """With spo2_drop_points in the content, every outcome reminds of the fall-from-baseline rule."""
    outcome = check_vitals(tool_values(spo2_act_below=94, spo2_drop_points=4), DURING, "120", "80", "80")
    assert any("fall of 4 points from the patient's baseline" in note for note in outcome.notes)
