"""The Qt-free command line: lint and coverage output and exit codes."""

from __future__ import annotations

import json
import subprocess
import sys

from handbook.cli import main
from tests.conftest import SOP_BODY, front_matter


def test_cli_lint_prints_path_line_code_and_exits_1(make_content, capsys):
    """Each problem is printed as path:line: CODE message and errors give exit status 1."""
    root = make_content({"mon.md": front_matter() + SOP_BODY.replace("Keep", "See [x](SOP-NOPE-001). Keep")})
    assert main(["lint", str(root), "--today", "2026-06-01"]) == 1
    assert "content/mon.md:22: L001 link to unknown document 'SOP-NOPE-001'" in capsys.readouterr().out


def test_cli_lint_clean_exits_0(make_content, capsys):
    """Clean content exits 0."""
    root = make_content({"mon.md": front_matter() + SOP_BODY})
    assert main(["lint", str(root), "--today", "2026-06-01"]) == 0


def test_cli_lint_strict_fails_on_warnings(make_content):
    """--strict turns a review-due warning into failure."""
    root = make_content({"mon.md": front_matter() + SOP_BODY})
    assert main(["lint", str(root), "--today", "2026-12-20"]) == 0
    assert main(["lint", str(root), "--today", "2026-12-20", "--strict"]) == 1


def test_cli_lint_json_lists_problems(make_content, capsys):
    """--json prints a list of objects with path, line, code, message, severity."""
    root = make_content({"mon.md": front_matter(owner=None) + SOP_BODY})
    main(["lint", str(root), "--json", "--today", "2026-06-01"])
    problems = json.loads(capsys.readouterr().out)
    assert problems[0] == {"path": "content/mon.md", "line": 1, "code": "H002",
                           "message": "missing required field 'owner'", "severity": "error"}  # fmt: skip


def test_cli_coverage_json_shape(make_content, capsys):
    """coverage --json prints points with id, title, the approved documents and the drafts."""
    root = make_content({"mon.md": front_matter() + SOP_BODY})
    assert main(["coverage", str(root), "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {
        "points": [{"id": "APA-MONITOR", "title": "Monitoring", "documents": ["SOP-MON-001"], "drafts": []}]
    }


def test_cli_missing_folder_exits_2(tmp_path, capsys):
    """A content folder that does not exist is a one-line error and exit 2."""
    assert main(["lint", str(tmp_path / "nope")]) == 2
    assert "not found" in capsys.readouterr().err


def test_cli_never_imports_qt(make_content):
    """The command line runs without loading PySide6 (fast start, usable on a headless server)."""
    root = make_content({"mon.md": front_matter() + SOP_BODY})
    code = (
        "import sys; from handbook.cli import main; main(['lint', sys.argv[1], '--today', '2026-06-01']); "
        "assert not any(m.startswith('PySide6') for m in sys.modules), 'Qt imported'"
    )
    subprocess.run([sys.executable, "-c", code, str(root)], check=True, capture_output=True)
