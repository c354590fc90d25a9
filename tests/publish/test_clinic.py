"""The clinic core: one path from a pack file to the content shown, each pack verified once."""

from __future__ import annotations

import pytest

from handbook.clinic import Clinic
from handbook.errors import UpdateError
from handbook.publish import install, verify
from handbook.publish.install import active_content
from tests.publish.conftest import TODAY, card, sop


@pytest.fixture
def verifications(monkeypatch):
    """Every verification of a pack, zip or folder, in order: ("zip", path) or ("folder", path)."""
    calls = []
    real_pack, real_folder = verify.verify_pack, verify.verify_folder

    def pack(path, keys):
        calls.append(("zip", path))
        return real_pack(path, keys)

    def folder(path, keys):
        calls.append(("folder", path))
        return real_folder(path, keys)

    monkeypatch.setattr(install, "verify_pack", pack)
    monkeypatch.setattr(install, "verify_folder", folder)
    return calls


def test_clinic_starts_on_the_bundled_content(bundled_content):
    clinic = Clinic.start(today=TODAY)
    assert clinic.active.pack_version is None
    assert clinic.active.content_dir == bundled_content
    assert clinic.library.get("SOP-MON-001") is not None


def test_clinic_install_verifies_the_new_pack_once_and_emits_one_event(make_pack, verifications):
    """Install, load and show: the pack is verified exactly once; listeners get the loaded content."""
    clinic = Clinic.start(today=TODAY)
    events = []
    clinic.subscribe(events.append)
    built = make_pack("2026.2", {"sops/mon.md": sop(version=2), "cards/htn.md": card()})

    result = clinic.install(built.path)
    assert events == []  # installing (on a worker thread) never changes what is shown
    clinic.show(result.loaded)

    assert verifications == [("zip", built.path)]
    assert events == [result.loaded]
    assert clinic.active.pack_version == "2026.2"
    assert clinic.library.get("CARD-HTN-001") is not None
    assert [line.split()[0] for line in result.changes.lines()] == ["changed", "added"]
    assert active_content() == result.active  # what the next start will show (verified again then)


def test_clinic_install_of_a_second_pack_does_not_verify_the_current_one(make_pack, verifications):
    """The content shown was verified when it was chosen: the changes are listed from memory."""
    clinic = Clinic.start(today=TODAY)
    clinic.show(clinic.install(make_pack("2026.2").path).loaded)
    verifications.clear()
    newer = make_pack("2026.3", {"sops/mon.md": sop(version=2)})
    result = clinic.install(newer.path)
    assert verifications == [("zip", newer.path)]
    assert result.replaced == "2026.2"


def test_clinic_refused_pack_changes_nothing(make_pack, verifications, tmp_path):
    clinic = Clinic.start(today=TODAY)
    events = []
    clinic.subscribe(events.append)
    built = make_pack("2026.2")
    broken = tmp_path / "broken.zip"
    broken.write_bytes(built.path.read_bytes()[:-40])
    with pytest.raises(UpdateError):
        clinic.install(broken)
    assert events == []
    assert clinic.active.pack_version is None
    assert active_content().pack_version is None


def test_clinic_rollback_verifies_the_previous_pack_once(make_pack, verifications):
    clinic = Clinic.start(today=TODAY)
    clinic.show(clinic.install(make_pack("2026.2").path).loaded)
    clinic.show(clinic.install(make_pack("2026.3", {"sops/mon.md": sop(version=2)}).path).loaded)
    verifications.clear()
    clinic.show(clinic.rollback())
    assert [kind for kind, _ in verifications] == ["folder"]
    assert clinic.active.pack_version == "2026.2"
    clinic.show(clinic.rollback())
    assert clinic.active.pack_version is None


def test_clinic_start_with_an_installed_pack_verifies_it_once(make_pack, verifications):
    Clinic.start(today=TODAY).install(make_pack("2026.2").path)
    verifications.clear()
    clinic = Clinic.start(today=TODAY)
    assert clinic.active.pack_version == "2026.2"
    assert [kind for kind, _ in verifications] == ["folder"]


def test_clinic_outdated_searcher_is_not_kept(make_pack):
    clinic = Clinic.start(today=TODAY)
    before = clinic.content
    clinic.show(clinic.install(make_pack("2026.2").path).loaded)
    assert not clinic.attach_searcher(before, object())
    assert clinic.searcher is None
