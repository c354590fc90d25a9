"""The shipped emergency cards: the first step a nurse reads is the one that saves the patient, with its numbers."""

from __future__ import annotations

import re

import pytest

from handbook import paths
from handbook.library.body import VALUE_REF
from handbook.library.catalog import Library
from handbook.library.loader import load_library

_ITEM = re.compile(r"^(\d+)\.\s+(.*)$")


@pytest.fixture(scope="module")
def library() -> Library:
    """The bundled content, loaded once for the module."""
    return load_library(paths.bundled_content_dir()).library


def section(library: Library, doc_id: str, heading: str) -> str:
    """The raw text of one `##` section of a document."""
    doc = library.get(doc_id)
    assert doc is not None, doc_id
    match = re.search(rf"^## {re.escape(heading)}\n(.*?)(?=^## |\Z)", doc.body, re.MULTILINE | re.DOTALL)
    assert match, f"{doc_id} has no '## {heading}'"
    return match.group(1)


def first_step(library: Library, doc_id: str) -> str:
    """Step 1 of the card's 'Act now' list, continuation lines joined and values filled in, as read."""
    lines: list[str] = []
    for line in section(library, doc_id, "Act now").splitlines():
        item = _ITEM.match(line)
        if item and lines:
            break
        if item:
            lines.append(item.group(2))
        elif lines and line.strip():
            lines.append(line.strip())
    text = " ".join(lines).replace("**", "")
    return VALUE_REF.sub(lambda m: library.values[m.group(1)].text, text)


FIRST_STEPS = [
    ("CARD-ALG-001", ("Stop the infusion", "adrenaline (epinephrine) 0.5 mg IM now", "thigh")),
    ("CARD-CHP-001", ("Stop the infusion", "Call emergency services")),
    ("CARD-EMG-001", ("Stay with the patient", "Speak calmly", "Quiet room, dim light")),
    ("CARD-HTN-001", ("Warning sign present", "STOP the infusion", "Call emergency services")),
    ("CARD-NAU-001", ("Stay with the patient",)),
    ("CARD-RSP-001", ("Stop the pump",)),
    ("CARD-SUI-001", ("Do not leave the patient alone",)),
    ("CARD-SZR-001", ("Stop the infusion", "Call emergency services", "Note the time")),
    ("CARD-TAC-001", ("stop the infusion and call emergency services", "Otherwise pause the infusion")),
]


@pytest.mark.parametrize(("card", "phrases"), FIRST_STEPS)
def test_cards_first_action_step(library, card, phrases):
    """Each card's first 'Act now' step says the life-saving action, in these words."""
    step = first_step(library, card)
    for phrase in phrases:
        assert phrase in step, f"{card} step 1 is: {step}"


def test_cards_table_covers_every_act_now_card(library):
    """Every card with an 'Act now' list is in the table above (a new card needs its first step asserted)."""
    with_act_now = {d.id for d in library.of_kind("card") if "\n## Act now\n" in "\n" + d.body}
    assert with_act_now == {card for card, _ in FIRST_STEPS}


@pytest.mark.parametrize(("card", "_phrases"), FIRST_STEPS)
def test_cards_act_now_is_the_first_section(library, card, _phrases):
    """The first thing a nurse reads on an emergency card is what to do: 'Act now' comes before any other
    section (how to recognize it follows).
    """
    headings = [h.text for h in library.get(card).headings if h.level == 2]
    assert headings[0] == "Act now", f"{card} opens with {headings[0]!r}"


@pytest.mark.parametrize(
    ("card", "names"),
    [("CARD-ALG-001", ("adrenaline_im_mg", "adrenaline_repeat_min")),
     ("CARD-SZR-001", ("status_epilepticus_min", "midazolam_im_seizure_mg", "lorazepam_iv_seizure_mg_per_kg",
                       "lorazepam_iv_seizure_max_mg")),
     ("CARD-RSP-001", ("spo2_act_below", "spo2_drop_points", "spo2_min")),
     ("CARD-EMG-001", ("midazolam_emergence_iv_mg_low", "midazolam_emergence_iv_mg_high")),
     ("CARD-VIT-001", ("spo2_act_below", "spo2_min", "bp_stop_systolic", "hr_stop")),
     ("CARD-HTN-001", ("bp_stop_systolic", "bp_stop_diastolic", "vitals_interval_recovery_min"))],
)  # fmt: skip
def test_cards_show_standing_orders_as_values(library, card, names):
    """The numbers an emergency step needs appear on the card as {{name}} of the owning SOP's value."""
    body = library.get(card).body
    for name in names:
        assert f"{{{{{name}}}}}" in body
        assert name in library.values


def test_cards_never_defer_to_the_local_protocol(library):
    """No card leaves an emergency step to 'the local protocol' (a document that does not exist)."""
    assert [d.id for d in library.of_kind("card") if "local protocol" in d.body] == []


def test_cards_standing_order_sources(library):
    """Guideline doses are not clinic-set; the SpO2 levels and the emergence dose are, each with a source."""
    values = library.values
    for name in ("adrenaline_im_mg", "status_epilepticus_min", "midazolam_im_seizure_mg"):
        assert not values[name].clinic_set
    for name in ("spo2_act_below", "spo2_min", "midazolam_emergence_iv_mg_low"):
        assert values[name].clinic_set
        assert values[name].source
    assert (values["adrenaline_im_mg"].value, values["adrenaline_repeat_min"].value) == (0.5, 5)
    assert (values["lorazepam_iv_seizure_mg_per_kg"].value, values["lorazepam_iv_seizure_max_mg"].value) == (
        0.1,
        4,
    )


def test_cards_one_spo2_stop_wording(library):
    """SOP, card and checklist state the SpO2 stop in the same words."""
    wording = "SpO2 below {{spo2_min}}% that does not recover at once"
    for doc_id in ("SOP-MON-001", "CARD-RSP-001", "CARD-VIT-001", "CHK-INF-001"):
        assert wording in library.get(doc_id).body, doc_id


@pytest.mark.parametrize(
    "topic", ["adrenaline", "status epilepticus", "SpO2", "warning sign", "chest pain", "emergence"]
)
def test_cards_knowledge_check_asks_about_each_emergency(library, topic):
    """The emergencies knowledge check has a question on each card topic (prompt, options or explanation)."""
    quiz = library.get("QUIZ-EMR-001")
    assert any(
        topic.casefold() in " ".join((q.prompt, *q.options, q.explanation)).casefold() for q in quiz.questions
    )


@pytest.mark.parametrize("quiz_id", ["QUIZ-EMR-001", "QUIZ-MON-001"])
def test_cards_knowledge_check_explanations_say_why(library, quiz_id):
    """Each explanation states a reason before its link, and every question has four options."""
    for question in library.get(quiz_id).questions:
        assert not question.explanation.casefold().startswith("see "), question.prompt
        assert len(question.explanation.split()) >= 15, question.prompt
        assert len(question.options) == 4, question.prompt


def test_cards_chest_pain_answer_calls_emergency_services_at_once(library):
    """The chest-pain question teaches emergency services at once, with no 'unless' escape."""
    quiz = library.get("QUIZ-EMR-001")
    question = next(q for q in quiz.questions if "chest pain" in q.prompt)
    answer = question.options[question.answer]
    assert "emergency services at once" in answer
    assert "unless" not in answer
