"""`python -m handbook report`: text, CSV, export, merge (idempotent, refusals), exit status, no Qt."""

from __future__ import annotations

import subprocess
import sys

import pytest

from handbook.cli import main
from handbook.records.acks import acknowledge
from handbook.records.db import RecordStore
from tests.records.conftest import edit_export, tamper


@pytest.fixture
def content_dir(library):
    """The content folder of the records fixture."""
    return str(library.root)


@pytest.fixture
def acknowledged(store, nurse, library):
    """Ann has acknowledged SOP-MON-001 on this workstation."""
    acknowledge(store, nurse, library.get("SOP-MON-001"))
    return store


def test_cli_report_prints_text(acknowledged, content_dir, capsys):
    """With no file options the report is printed; exit 0."""
    assert main(["report", "--content", content_dir, "--today", "2026-01-20"]) == 0
    out = capsys.readouterr().out
    assert "records verified (2 rows" in out
    assert "Ann Lee · SOP-MON-001 v1 · current" in out


def test_cli_report_writes_csv(acknowledged, content_dir, tmp_path, capsys):
    """--csv writes the table and says where."""
    target = tmp_path / "r.csv"
    assert main(["report", "--content", content_dir, "--csv", str(target)]) == 0
    assert target.read_text(encoding="utf-8-sig").startswith("section,person,role")
    assert capsys.readouterr().out.strip() == f"wrote {target}"


def test_cli_report_export_then_merge_is_idempotent(acknowledged, content_dir, tmp_path, capsys):
    """An export merged into another workstation's records adds its rows once; again, nothing."""
    export = tmp_path / "ws1.json"
    assert main(["report", "--content", content_dir, "--export", str(export)]) == 0
    other = str(tmp_path / "director" / "records.sqlite3")
    capsys.readouterr()
    assert main(["report", "--content", content_dir, "--db", other, "--merge", str(export)]) == 0
    assert f"merged {export}: 2 row(s) added, 0 already present" in capsys.readouterr().out
    assert main(["report", "--content", content_dir, "--db", other, "--merge", str(export)]) == 0
    assert f"merged {export}: 0 row(s) added, 2 already present" in capsys.readouterr().out


def test_cli_report_refuses_tampered_export(acknowledged, content_dir, tmp_path, capsys):
    """A tampered export: exit 2 and one line on stderr naming the file and the row."""
    export = tmp_path / "ws1.json"
    main(["report", "--content", content_dir, "--export", str(export)])
    edit_export(export, lambda d: d["workstations"][0]["rows"][1].update(doc_id="SOP-XXX-001"))
    capsys.readouterr()
    assert main(["report", "--content", content_dir, "--merge", str(export)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith(f"error: {export}: tampered or damaged: workstation ")
    assert "row 2: contents do not match its hash" in err


def test_cli_report_no_save_leaves_records_alone(acknowledged, content_dir, tmp_path, capsys):
    """--no-save merges into a throw-away copy: the report shows the rows, the records do not keep them."""
    other = tmp_path / "other" / "records.sqlite3"
    with RecordStore.open(other) as second:
        second.append("profile", "p2", "Bo Chen", "nurse", payload={"start_date": "2026-01-01"})
    export = tmp_path / "ws2.json"
    main(["report", "--content", content_dir, "--db", str(other), "--export", str(export)])
    capsys.readouterr()
    assert main(["report", "--content", content_dir, "--merge", str(export), "--no-save"]) == 0
    assert "Bo Chen" in capsys.readouterr().out
    assert [e.person_name for e in acknowledged.events(kind="profile")] == ["Ann Lee"]


def test_cli_report_altered_records_exit_1(acknowledged, content_dir, capsys):
    """Records that fail verification: the report is printed and the exit status is 1."""
    tamper(acknowledged.path, "DELETE FROM events WHERE seq = 1")
    assert main(["report", "--content", content_dir]) == 1
    captured = capsys.readouterr()
    assert "RECORDS ALTERED" in captured.out
    assert captured.err.startswith("error: RECORDS ALTERED: workstation")


def test_cli_report_never_imports_qt(acknowledged, content_dir, tmp_path):
    """The report command (with export and CSV) runs without loading PySide6."""
    code = (
        "import sys; from handbook.cli import main; "
        "assert main(['report', '--content', sys.argv[1], '--csv', sys.argv[2], '--export', sys.argv[3]]) == 0; "
        "assert not any(m.startswith('PySide6') for m in sys.modules), 'Qt imported'"
    )
    subprocess.run([sys.executable, "-c", code, content_dir, str(tmp_path / "r.csv"), str(tmp_path / "e.json")],
                   check=True, capture_output=True)  # fmt: skip


def test_cli_lint_does_not_load_records(make_content):
    """Registering the report parser costs other commands nothing: no SQLite, no records modules."""
    code = (
        "import sys; from handbook.cli import main; main(['lint', sys.argv[1]]); "
        "assert 'sqlite3' not in sys.modules and 'handbook.records.db' not in sys.modules"
    )
    root = make_content({})
    subprocess.run([sys.executable, "-c", code, str(root)], check=True, capture_output=True)
