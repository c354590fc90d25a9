"""The director's report from the app (view, CSV, PDF, export, merge) and the CLI's --pdf child process."""

from __future__ import annotations

import json
import subprocess
import sys
import unicodedata

import pytest
from pypdf import PdfReader

from handbook.cli import main
from handbook.records.acks import acknowledge
from handbook.records.db import RecordStore
from handbook.records.merge import export_records
from handbook.ui.onboarding.report_dialog import ReportDialog
from tests.ui import onboarding_support as support
from tests.ui.onboarding_support import TODAY, make_panel

pytestmark = pytest.mark.gui
library, store, nurse = support.library, support.store, support.nurse  # the shared fixtures


def pdf_text(path) -> str:
    """All text of a PDF, ligatures and tabs made plain."""
    pages = PdfReader(str(path)).pages
    return "\n".join(unicodedata.normalize("NFKC", p.extract_text()).replace("\t", " ") for p in pages)


@pytest.fixture
def report_dialog(qtbot, recorder, library, store, nurse):
    """The panel's report dialog after Ann acknowledged SOP-MON-001."""
    acknowledge(store, nurse, library.get("SOP-MON-001"))
    panel = make_panel(qtbot, library, store)
    panel.report_button.click()
    dialog = panel.active_dialog
    assert isinstance(dialog, ReportDialog)
    return dialog


def test_onboarding_report_shows_records(report_dialog):
    """The report names the verification, the person and the acknowledgement."""
    text = report_dialog.view.toPlainText()
    assert "records verified (2 rows, 1 workstation(s))" in text
    assert "Ann Lee" in text
    assert "SOP-MON-001" in text


def test_onboarding_report_saves_csv(qtbot, report_dialog, tmp_path, monkeypatch):
    """Save as CSV writes the table where the person chose, in the background."""
    target = tmp_path / "report.csv"
    monkeypatch.setattr(report_dialog, "choose_save_path", lambda *args: str(target))
    with qtbot.waitSignal(report_dialog.file_written, timeout=3000) as written:
        report_dialog.csv_button.click()
    assert written.args == [str(target)]
    assert "acknowledgement,Ann Lee" in target.read_text(encoding="utf-8-sig")


def test_onboarding_report_saves_pdf(qtbot, report_dialog, tmp_path, monkeypatch):
    """Save as PDF prints the report with the stamped footer."""
    target = tmp_path / "report.pdf"
    monkeypatch.setattr(report_dialog, "choose_save_path", lambda *args: str(target))
    with qtbot.waitSignal(report_dialog.file_written, timeout=3000):
        report_dialog.pdf_button.click()
    text = pdf_text(target)
    assert "Onboarding report" in text
    assert "Ann Lee" in text
    assert "Page 1 of" in text


def test_onboarding_report_pdf_failure_reported(qtbot, report_dialog, recorder, tmp_path, monkeypatch):
    """A PDF that cannot be written is reported with where; nothing is left behind."""
    target = tmp_path / "missing-folder" / "report.pdf"
    monkeypatch.setattr(report_dialog, "choose_save_path", lambda *args: str(target))
    report_dialog.pdf_button.click()
    assert recorder.messages == [
        ("error", f"The PDF could not be written; nothing was saved.\n\nWhere: {target}")
    ]
    assert not target.parent.exists()


def test_onboarding_report_exports_records(qtbot, report_dialog, tmp_path, monkeypatch):
    """Export records writes this workstation's chain as JSON."""
    target = tmp_path / "export.json"
    monkeypatch.setattr(report_dialog, "choose_save_path", lambda *args: str(target))
    with qtbot.waitSignal(report_dialog.file_written, timeout=3000):
        report_dialog.export_button.click()
    assert json.loads(target.read_text(encoding="utf-8"))["format"] == "clinic-handbook-records"


def test_onboarding_report_merges_exports(qtbot, report_dialog, recorder, tmp_path, monkeypatch, library):
    """Merging another workstation's export adds its rows and the report shows the person."""
    export = tmp_path / "ws2.json"
    with RecordStore.open(tmp_path / "ws2" / "records.sqlite3") as other:
        other.append("profile", "p2", "Bo Chen", "nurse", payload={"start_date": "2026-01-01"})
        export_records(other, export, "2026-01-06T10:00:00+00:00")
    monkeypatch.setattr(report_dialog, "choose_open_paths", lambda *args: [str(export)])
    with qtbot.waitSignal(report_dialog.records_merged, timeout=3000) as merged:
        report_dialog.merge_button.click()
    assert merged.args == [1]
    assert recorder.messages == [("info", "1 row(s) added from 1 file(s); the rest were already here.")]
    assert "Bo Chen" in report_dialog.view.toPlainText()


def test_onboarding_report_refuses_tampered_export(qtbot, report_dialog, recorder, tmp_path, monkeypatch):
    """A tampered export is refused: the message names the file and the row, nothing is merged."""
    export = tmp_path / "ws2.json"
    with RecordStore.open(tmp_path / "ws2" / "records.sqlite3") as other:
        other.append("profile", "p2", "Bo Chen", "nurse", payload={"start_date": "2026-01-01"})
        export_records(other, export, "2026-01-06T10:00:00+00:00")
    document = json.loads(export.read_text(encoding="utf-8"))
    document["workstations"][0]["rows"][0]["role"] = "director"
    export.write_text(json.dumps(document), encoding="utf-8")
    monkeypatch.setattr(report_dialog, "choose_open_paths", lambda *args: [str(export)])
    report_dialog.merge_button.click()
    qtbot.waitUntil(lambda: bool(recorder.messages), timeout=3000)
    level, text = recorder.messages[0]
    assert level == "error"
    assert text.startswith("Nothing was merged. tampered or damaged: workstation ")
    assert "row 1: contents do not match its hash" in text
    assert text.endswith(f"Where: {export}")
    assert "Bo Chen" not in report_dialog.view.toPlainText()


def test_onboarding_report_cli_pdf_in_child_process(library, store, nurse, tmp_path, capsys):
    """`report --pdf` writes the PDF through the Qt child process while the CLI itself stays Qt-free."""
    acknowledge(store, nurse, library.get("SOP-MON-001"))
    target = tmp_path / "report.pdf"
    assert main(["report", "--content", str(library.root), "--pdf", str(target), "--today", str(TODAY)]) == 0
    assert capsys.readouterr().out.startswith(f"wrote {target} (")
    assert "Ann Lee" in pdf_text(target)


def test_onboarding_report_pdf_child_reports_unwritable_target(tmp_path):
    """The PDF child process refuses an unwritable target with one line and exit 2."""
    source = tmp_path / "report.json"
    source.write_text(json.dumps({"html": "<p>x</p>", "stamp": "s"}), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "handbook.ui.onboarding.report_pdf", str(source), str(tmp_path / "no" / "r.pdf")],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 2
    assert done.stderr.strip().count("\n") == 0
    assert str(tmp_path / "no" / "r.pdf") in done.stderr
