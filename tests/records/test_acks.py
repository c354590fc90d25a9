"""Read and acknowledge: recording a version, staleness on material changes, the cumulative redline."""

from __future__ import annotations

import pytest

from handbook.publish.history import comparable_text
from handbook.publish.redline import redline
from handbook.records.acks import AcknowledgeError, acknowledge
from handbook.records.progress import CARRIED, CURRENT, NONE, NOT_APPLICABLE, STALE, ack_state
from tests.conftest import front_matter
from tests.publish.conftest import new_text, old_text
from tests.records.conftest import sop


def test_acks_acknowledge_records_version_and_checksum(store, nurse, library):
    """An acknowledgement stores the person, the document's version and its content checksum."""
    doc = library.get("SOP-MON-001")
    event = acknowledge(store, nurse, doc)
    assert (event.kind, event.person_id, event.doc_id, event.version) == ("ack", nurse.id, "SOP-MON-001", 1)
    assert event.checksum == doc.checksum
    assert "I have read and understood version 1" in event.payload["statement"]


def test_acks_state_current_after_acknowledging(store, nurse, library):
    """Once acknowledged, the current version needs nothing more."""
    doc = library.get("SOP-MON-001")
    assert ack_state(store, nurse, doc, library).status == NONE
    acknowledge(store, nurse, doc)
    state = ack_state(store, nurse, doc, library)
    assert (state.status, state.acknowledged_version, state.must_acknowledge) == (CURRENT, 1, False)
    assert state.checksum_matches is True


def test_acks_required_only_on_path_or_after_an_ack(store, nurse, write_content):
    """A document off the person's path is not required; on the path it is."""
    library = write_content(**{"sops/other.md": sop(1, id="SOP-OTH-001")})
    assert ack_state(store, nurse, library.get("SOP-OTH-001"), library).must_acknowledge is False
    assert ack_state(store, nurse, library.get("SOP-MON-001"), library).must_acknowledge is True


def test_acks_material_change_makes_ack_stale(store, nurse, library, write_content):
    """A new material version makes the earlier acknowledgement stale and asks again."""
    acknowledge(store, nurse, library.get("SOP-MON-001"))
    changed = write_content(sop(2, "material", "Every 10 minutes."), {1: sop(1)})
    state = ack_state(store, nurse, changed.get("SOP-MON-001"), changed)
    assert (state.status, state.acknowledged_version, state.must_acknowledge) == (STALE, 1, True)
    assert state.changes.base.version == 1


def test_acks_editorial_change_keeps_ack(store, nurse, library, write_content):
    """An editorial version asks nothing: the acknowledgement of version 1 still counts."""
    acknowledge(store, nurse, library.get("SOP-MON-001"))
    changed = write_content(sop(2, "editorial", "(typo fixed)"), {1: sop(1)})
    state = ack_state(store, nurse, changed.get("SOP-MON-001"), changed)
    assert (state.status, state.must_acknowledge, state.can_acknowledge) == (CARRIED, False, False)


def test_acks_several_editorial_versions_still_count(store, nurse, write_content):
    """An ack of v2 counts for v4 when v3 and v4 are editorial (flags read from the history)."""
    v2 = write_content(sop(2, "material", "A."), {1: sop(1)})
    acknowledge(store, nurse, v2.get("SOP-MON-001"))
    v4 = write_content(
        sop(4, "editorial", "A!"), {1: sop(1), 2: sop(2, "material", "A."), 3: sop(3, "editorial", "A")}
    )
    assert ack_state(store, nurse, v4.get("SOP-MON-001"), v4).status == CARRIED


def test_acks_material_version_in_history_makes_stale(store, nurse, library, write_content):
    """v1 acknowledged, v2 material, v3 editorial: stale, because of v2 (read from the history)."""
    acknowledge(store, nurse, library.get("SOP-MON-001"))
    v3 = write_content(sop(3, "editorial", "B"), {1: sop(1), 2: sop(2, "material", "A")})
    state = ack_state(store, nurse, v3.get("SOP-MON-001"), v3)
    assert state.status == STALE
    assert [(s.version, s.change) for s in state.changes.steps] == [(2, "material"), (3, "editorial")]


def test_acks_redline_is_cumulative_from_acknowledged_version(store, nurse, library, write_content):
    """Acked v1, now v3: the redline goes from v1 to v3 and holds both changes, not only v2 → v3."""
    acknowledge(store, nurse, library.get("SOP-MON-001"))
    v2 = sop(2, "material", "Every 15 minutes.")
    v3_library = write_content(sop(3, "editorial", "Every 15 minutes. Escalate at once."), {1: sop(1), 2: v2})
    current = v3_library.get("SOP-MON-001")
    state = ack_state(store, nurse, current, v3_library)
    base = state.changes.base
    chunks = redline(comparable_text(base), comparable_text(current))
    assert base.version == 1
    assert old_text(chunks) == comparable_text(base)
    assert new_text(chunks) == comparable_text(current)
    inserted = "".join(c.text for c in chunks if c.op == "insert")
    assert "15" in inserted
    assert "Escalate" in inserted


def test_acks_missing_intermediate_version_counts_as_material(store, nurse, library, write_content):
    """v2 missing from the history while v3 is editorial: treated as material, with a note."""
    acknowledge(store, nurse, library.get("SOP-MON-001"))
    v3 = write_content(sop(3, "editorial", "C"), {1: sop(1)})
    state = ack_state(store, nurse, v3.get("SOP-MON-001"), v3)
    assert state.status == STALE
    assert state.changes.steps[0].change == "unknown"
    assert "Version 2 is not in the history folder" in state.changes.note


def test_acks_missing_acknowledged_version_shows_full_text(store, nurse, library, write_content):
    """When the acknowledged version is not in the history there is no redline base: whole text, and why."""
    acknowledge(store, nurse, library.get("SOP-MON-001"))
    v2 = write_content(sop(2, "material", "D"))
    state = ack_state(store, nurse, v2.get("SOP-MON-001"), v2)
    assert (state.status, state.changes.base) == (STALE, None)
    assert "the whole current text is shown" in state.changes.note


def test_acks_newer_ack_than_content_is_stale(store, nurse, write_content):
    """Content rolled back to v1 after the person acknowledged v2: they must acknowledge v1."""
    v2 = write_content(sop(2, "material", "E"), {1: sop(1)})
    acknowledge(store, nurse, v2.get("SOP-MON-001"))
    back = write_content(sop(1))
    state = ack_state(store, nurse, back.get("SOP-MON-001"), back)
    assert (state.status, state.acknowledged_version) == (STALE, 2)
    assert "newer than the version now in force" in state.changes.note


def test_acks_checksum_mismatch_reported_not_enforced(store, nurse, library, write_content):
    """The same version with other bytes still counts (the version is the unit) but is flagged."""
    acknowledge(store, nurse, library.get("SOP-MON-001"))
    edited = write_content(sop(1, "material", "silently edited"))
    state = ack_state(store, nurse, edited.get("SOP-MON-001"), edited)
    assert (state.status, state.checksum_matches) == (CURRENT, False)


def test_acks_draft_refused(store, nurse, write_content):
    """A draft can be neither acknowledged nor asked for."""
    library = write_content(sop(1, status="draft"))
    doc = library.get("SOP-MON-001")
    with pytest.raises(AcknowledgeError, match="draft"):
        acknowledge(store, nurse, doc)
    assert ack_state(store, nurse, doc, library).status == NOT_APPLICABLE


def test_acks_other_persons_ack_does_not_count(store, nurse, library):
    """One person's acknowledgement says nothing about another's."""
    from handbook.records.profiles import create_profile

    other = create_profile(store, "Bo Chen", "nurse", nurse.start_date, ("nurse",))
    acknowledge(store, other, library.get("SOP-MON-001"))
    assert ack_state(store, nurse, library.get("SOP-MON-001"), library).status == NONE


def test_acks_history_with_unreadable_file_is_conservative(store, nurse, library, write_content):
    """A broken history file for v2 is like a missing one: material."""
    acknowledge(store, nurse, library.get("SOP-MON-001"))
    broken = front_matter(version=2).replace("version: 2", "version: [") + "x"
    v3 = write_content(sop(3, "editorial", "F"), {1: sop(1), 2: broken})
    assert ack_state(store, nurse, v3.get("SOP-MON-001"), v3).status == STALE
