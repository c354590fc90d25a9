"""End to end through one shared folder: a director publishes, two workstations install, staff on both
acknowledge, and the director's report shows both. Half-copied packs, rotated and retired keys too.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from handbook.publish.approve import approve_document
from handbook.publish.build import build_pack
from handbook.publish.install import active_content, install_pack
from handbook.publish.keys import add_trusted_key
from handbook.publish.private_key import generate_protected_keypair
from handbook.publish.shared_updates import UPDATES_DIR_ENV, UpdateFinder, updates_dir
from handbook.publish.state import load_content
from handbook.records.acks import acknowledge
from handbook.records.db import RecordStore
from handbook.records.profiles import create_profile
from handbook.records.report import build_report
from handbook.records.shared_records import RECORDS_DIR_ENV, merge_shared, records_dir, share_records
from tests.publish.conftest import TODAY, card, sop, write_tree

PASSPHRASE = "correct horse battery"


class Clinic:
    """A director and two workstations (each its own data folder) sharing one folder."""

    def __init__(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        self.tmp = tmp_path
        self.monkeypatch = monkeypatch
        self.share = tmp_path / "share"
        (self.share / "updates").mkdir(parents=True)
        (self.share / "records").mkdir()
        self.content = write_tree(
            tmp_path / "director" / "content",
            {"sops/mon.md": sop(status="draft", approved_by='""', approval=None),
             "cards/htn.md": card(status="draft", approved_by='""', approval=None)},
        )  # fmt: skip
        self.key, self.public = generate_protected_keypair(tmp_path / "usb", PASSPHRASE)
        self.finders: dict[str, UpdateFinder] = {}
        for name in ("a", "b"):
            self.at(name)
            add_trusted_key(self.public)  # the clinic's key, as shipped with the app

    def at(self, name: str) -> None:
        """Act as this machine: its own user data folder."""
        self.monkeypatch.setenv("HANDBOOK_DATA_DIR", str(self.tmp / name / "data"))

    def publish(self, version: str, key: Path | None = None, passphrase: str = PASSPHRASE, **options) -> Path:
        """Build a pack as the director's desk does and write it to the shared updates folder."""
        out = self.share / "updates" / f"handbook-{version}.zip"
        build_pack(self.content, key or self.key, out, version=version, today=TODAY, passphrase=passphrase,
                   **options)  # fmt: skip
        return out

    def finder(self, name: str) -> UpdateFinder:
        return self.finders.setdefault(name, UpdateFinder(self.share / "updates"))

    def check(self, name: str):
        """Two looks, as the app does a few minutes apart; the offer of the second."""
        self.at(name)
        self.finder(name).look()
        return self.finder(name).look()


@pytest.fixture
def clinic(tmp_path, monkeypatch):
    return Clinic(tmp_path, monkeypatch)


def test_shared_folder_end_to_end(clinic):
    """Publish → both install → staff acknowledge on both → the director's report shows both."""
    for doc_id in ("SOP-MON-001", "CARD-HTN-001"):
        approve_document(clinic.content, doc_id, "Dr A. Example")
    clinic.publish("2026.1")
    names = {"a": "Nurse Ann", "b": "Nurse Bob"}
    for workstation in ("a", "b"):
        offer = clinic.check(workstation)
        assert offer is not None
        assert offer.version == "2026.1"
        assert any("SOP-MON-001" in line for line in offer.changes.lines())
        install_pack(offer.path)
        assert active_content().pack_version == "2026.1"
        assert clinic.check(workstation) is None  # installed: nothing more to offer
        library = load_content(active_content()).library
        store = RecordStore.open()
        person = create_profile(store, names[workstation], "nurse", dt.date(2026, 1, 1), ["nurse"])
        acknowledge(store, person, library.get("SOP-MON-001"))
        share_records(store, clinic.share / "records")
        store.close()
    assert sorted(p.name[:8] for p in (clinic.share / "records").iterdir()) == ["records-", "records-"]

    clinic.at("director")
    store = RecordStore.open()
    result = merge_shared(store, clinic.share / "records")
    assert (len(result.merged), result.refused) == (2, ())
    again = merge_shared(store, clinic.share / "records")
    assert again.added == 0  # idempotent
    library = load_content(active_content()).library
    report = build_report(store, library, TODAY)
    assert report.chain.ok
    assert sorted(row.person for row in report.acknowledgements) == ["Nurse Ann", "Nurse Bob"]
    assert len({row.workstation for row in report.acknowledgements}) == 2
    store.close()


def test_half_copied_pack_is_ignored_until_complete(clinic):
    """A pack still being copied (truncated, then growing) is never offered; complete and unchanged, it is."""
    approve_document(clinic.content, "SOP-MON-001", "Dr A")
    approve_document(clinic.content, "CARD-HTN-001", "Dr A")
    built = clinic.publish("2026.1")
    data = built.read_bytes()
    built.unlink()
    target = clinic.share / "updates" / "handbook-2026.1.zip"
    target.write_bytes(data[: len(data) // 2])
    assert clinic.check("a") is None  # same half size twice: not a complete zip
    with target.open("ab") as stream:
        stream.write(data[len(data) // 2 : -10])
    clinic.at("a")
    assert clinic.finder("a").look() is None  # size changed since the last look
    with target.open("ab") as stream:
        stream.write(data[-10:])
    assert clinic.finder("a").look() is None  # first look at the complete file
    offer = clinic.finder("a").look()
    assert offer is not None
    assert offer.version == "2026.1"
    assert clinic.finder("a").refused == {}


def test_wrong_passphrase_publishes_nothing(clinic):
    """A wrong passphrase at publish leaves the shared folder empty."""
    approve_document(clinic.content, "SOP-MON-001", "Dr A")
    with pytest.raises(Exception, match="wrong passphrase"):
        clinic.publish("2026.1", passphrase="not it at all")
    assert list((clinic.share / "updates").iterdir()) == []


def test_rotated_key_reaches_workstations_and_retired_key_is_refused(clinic):
    """2026.1 endorses a new key; 2026.2 signed by it installs; 2026.3 signed by the old key is refused."""
    approve_document(clinic.content, "SOP-MON-001", "Dr A")
    approve_document(clinic.content, "CARD-HTN-001", "Dr A")
    new_key, new_public = generate_protected_keypair(clinic.tmp / "usb-2027", PASSPHRASE)
    clinic.publish("2026.1", next_key=new_public)
    install_pack(clinic.check("a").path)
    clinic.publish("2026.2", key=new_key)
    offer = clinic.check("a")
    assert offer.version == "2026.2"
    assert "retired" in install_pack(offer.path).key_note
    late = clinic.publish("2026.3")  # signed by the retired key
    assert clinic.check("a") is None
    assert "signed by retired key" in clinic.finder("a").refused[late]
    assert active_content().pack_version == "2026.2"


def test_refused_records_file_is_named_and_others_merge(clinic, tmp_path):
    """A tampered export is named; the good one still merges."""
    for name in ("a", "b"):
        clinic.at(name)
        store = RecordStore.open()
        create_profile(store, f"Person {name}", "nurse", dt.date(2026, 1, 1), ["nurse"])
        path = share_records(store, clinic.share / "records")
        store.close()
    path.write_text(path.read_text().replace("Person b", "Person x"))
    clinic.at("director")
    store = RecordStore.open()
    result = merge_shared(store, clinic.share / "records")
    assert len(result.merged) == 1
    assert [p for p, _ in result.refused] == [path]
    assert "tampered" in result.refused[0][1]
    store.close()


def test_folders_come_from_environment_before_settings(monkeypatch, tmp_path):
    """HANDBOOK_UPDATES_DIR / HANDBOOK_RECORDS_DIR win over the settings; neither set means no folder."""
    monkeypatch.delenv(UPDATES_DIR_ENV, raising=False)
    monkeypatch.delenv(RECORDS_DIR_ENV, raising=False)
    assert updates_dir("") is None
    assert records_dir("/s/records") == Path("/s/records")
    monkeypatch.setenv(UPDATES_DIR_ENV, str(tmp_path))
    assert updates_dir("/elsewhere") == tmp_path


def test_share_records_replaces_one_file_per_workstation(clinic):
    """Writing again replaces the workstation's file (no temp files stay behind)."""
    clinic.at("a")
    store = RecordStore.open()
    first = share_records(store, clinic.share / "records")
    second = share_records(store, clinic.share / "records")
    store.close()
    assert first == second
    assert [p.name for p in (clinic.share / "records").iterdir()] == [first.name]


def test_cli_collect_names_refused_file_and_reports_the_rest(clinic, capsys):
    """`handbook collect` merges the shared exports, names a refused one on stderr, prints the report."""
    from handbook.cli import main

    for name in ("a", "b"):
        clinic.at(name)
        store = RecordStore.open()
        create_profile(store, f"Person {name}", "nurse", dt.date(2026, 1, 1), ["nurse"])
        path = share_records(store, clinic.share / "records")
        store.close()
    path.write_text(path.read_text().replace("Person b", "Person x"))
    clinic.at("director")
    assert (
        main(["collect", "--records", str(clinic.share / "records"), "--content", str(clinic.content)]) == 1
    )
    captured = capsys.readouterr()
    assert f"refused {path}" in captured.err
    assert "Person a" in captured.out


def test_desk_publish_raises_edition_and_writes_pack(clinic):
    """Publishing from the desk writes the new edition into handbook.yaml and the signed pack to the folder;
    a refused build (wrong passphrase) leaves the edition as it was.
    """
    from handbook.publish.desk import PublishRequest, next_edition, publish

    approve_document(clinic.content, "SOP-MON-001", "Dr A")
    approve_document(clinic.content, "CARD-HTN-001", "Dr A")
    info = clinic.content / "handbook.yaml"
    info.write_text("# the clinic's handbook\n" + info.read_text())
    before = info.read_text()
    request = PublishRequest(
        clinic.content, next_edition("2026.1"), clinic.key, "wrong passphrase", clinic.share / "updates"
    )
    with pytest.raises(Exception, match="wrong passphrase"):
        publish(request, TODAY)
    assert info.read_text() == before
    result = publish(
        PublishRequest(clinic.content, "2026.2", clinic.key, PASSPHRASE, clinic.share / "updates", "Dr A"),
        TODAY,
    )
    assert result.path == clinic.share / "updates" / "handbook-2026.2.zip"
    assert info.read_text() == before.replace('edition: "T1"', 'edition: "2026.2"')
    assert clinic.check("b").version == "2026.2"


def test_next_edition_raises_the_last_number():
    """2026.1 → 2026.2; 2026.9 → 2026.10."""
    from handbook.publish.desk import next_edition

    assert next_edition("2026.1") == "2026.2"
    assert next_edition("2026.9") == "2026.10"
