"""Every CLI verb on a table of hostile inputs: non-zero exit, one line on stderr, never a traceback or a hang."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from handbook import cli
from tests.conftest import SOP_BODY, front_matter

REPO = Path(__file__).resolve().parents[1]
ZERO = "/dev/zero"


@pytest.fixture
def hostile(tmp_path: Path, make_content) -> dict[str, str]:
    """Named hostile paths: missing, a folder, a FIFO, /dev/zero, non-UTF-8 bytes, broken content trees."""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    binary = tmp_path / "binary.bin"
    binary.write_bytes(b"\xff\xfe\x00garbage\x80" * 100)
    good = make_content({"mon.md": front_matter() + SOP_BODY})
    bad_yaml = shutil.copytree(good, tmp_path / "bad-yaml" / "content")
    (bad_yaml / "handbook.yaml").write_bytes(b"title: \xff\xfe bad\n")
    (bad_yaml / "consensus.yaml").write_bytes(b"points: \xff\n")
    no_info = shutil.copytree(good, tmp_path / "no-info" / "content")
    (no_info / "handbook.yaml").unlink()
    return {
        "missing": str(tmp_path / "absent"), "folder": str(tmp_path), "fifo": str(fifo), "zero": ZERO,
        "binary": str(binary), "good": str(good), "bad_yaml": str(bad_yaml), "no_info": str(no_info),
        "out": str(tmp_path / "out"),
    }  # fmt: skip


FILES = ("missing", "folder", "fifo", "zero", "binary")
DOSE = ["dose", "--weight-kg", "70", "--mg-per-kg", "0.5", "--minutes", "40", "--mg-per-ml", "10"]
# (case name, argv with {placeholders}); every row must exit non-zero with exactly one stderr line.
CASES = [
    *[(f"lint {k}", ["lint", "{" + k + "}"]) for k in ("missing", "fifo", "zero", "binary")],
    *[(f"coverage {k}", ["coverage", "{" + k + "}"]) for k in ("missing", "fifo", "zero", "binary")],
    *[(f"search --content {k}", ["search", "x", "--content", "{" + k + "}"]) for k in ("missing", "zero", "fifo")],
    ("report --today absurd", ["report", "--today", "99999-01-01"]),
    ("bench --content missing", ["bench", "--no-startup", "--content", "{missing}"]),
    *[(f"keygen --out {k}", ["keygen", "--out", "{" + k + "}"]) for k in ("zero", "binary")],
    *[(f"pack verify {k}", ["pack", "verify", "{" + k + "}"]) for k in ("missing", "folder", "fifo", "zero", "binary")],
    *[(f"pack import {k}", ["pack", "import", "{" + k + "}"]) for k in ("missing", "folder", "fifo", "zero", "binary")],
    *[(f"pack verify --trust {k}", ["pack", "verify", "{binary}", "--trust", "{" + k + "}"]) for k in ("fifo", "zero")],
    *[(f"pack build --key {k}", ["pack", "build", "--content", "{good}", "--key", "{" + k + "}", "--out", "{out}"])
      for k in ("missing", "folder", "fifo", "zero", "binary")],
    ("pack build --content missing",
     ["pack", "build", "--content", "{missing}", "--key", "{binary}", "--out", "{out}"]),
    *[(f"report --merge {k}", ["report", "--merge", "{" + k + "}"]) for k in FILES],
    *[(f"report --db {k}", ["report", "--db", "{" + k + "}"]) for k in ("folder", "fifo", "zero", "binary")],
    ("report --today garbage", ["report", "--today", "garbage"]),
    *[(f"dose weight {v}", [*DOSE[:2], v, *DOSE[3:]])
      for v in ("1e308", "inf", "nan", "-0", "9" * 400, "7_0", "٧٠", "７０", "۷۰", "70kg", "")],
    *[(f"dose mg/kg {v}", [*DOSE[:4], v, *DOSE[5:]]) for v in ("50", "0x1", "1e-400")],
    *[(f"dose --content {k}", [*DOSE, "--content", "{" + k + "}"]) for k in ("missing", "zero", "bad_yaml", "no_info")],
    ("lint unknown option", ["lint", "--no-such-option"]),
]  # fmt: skip


def _run(argv: list[str]) -> tuple[int | None, str]:
    """Run the CLI in-process with a 10 s guard against hangs; (exit status, captured stderr)."""
    result: dict[str, object] = {}

    def target() -> None:
        import contextlib
        import io

        err, out = io.StringIO(), io.StringIO()
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(out):
            try:
                result["code"] = cli.main(argv)
            except SystemExit as exc:
                result["code"] = exc.code
        result["err"] = err.getvalue()

    worker = threading.Thread(target=target, daemon=True)
    worker.start()
    worker.join(10)
    assert not worker.is_alive(), f"hung: {argv}"
    return result["code"], str(result["err"])  # type: ignore[return-value]


@pytest.mark.parametrize(("name", "argv"), CASES, ids=[c[0] for c in CASES])
def test_cli_hostile_input_gets_one_line(hostile, name, argv):
    """Non-zero exit, exactly one line on stderr, no traceback."""
    code, err = _run([part.format(**hostile) for part in argv])
    lines = [line for line in err.splitlines() if line.strip()]
    assert code not in (0, None), f"{name}: exit {code}"
    assert "Traceback" not in err
    assert len(lines) == 1, f"{name}: {err!r}"


def test_cli_hostile_lint_names_non_utf8_yaml(hostile, capsys):
    """handbook.yaml / consensus.yaml not UTF-8: a clear problem each, no traceback."""
    assert cli.main(["lint", hostile["bad_yaml"]]) == 1
    out = capsys.readouterr().out
    assert "handbook.yaml:0: H001 file is not UTF-8" in out
    assert "consensus.yaml:0: H001 file is not UTF-8" in out


def test_cli_hostile_missing_handbook_yaml_is_one_cause(hostile, capsys):
    """A missing handbook.yaml is named once, without a flood of consequential errors."""
    assert cli.main(["lint", hostile["no_info"]]) == 1
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 1
    assert "handbook.yaml is missing" in out[0]


def test_cli_hostile_closed_stdout_is_one_line(tmp_path):
    """`search --json … | head`: a closed pipe ends with one line on stderr, not a BrokenPipeError trace."""
    code = (
        "import sys, os; r, w = os.pipe(); os.close(r); os.dup2(w, 1); "
        "from handbook import cli; sys.exit(cli.main(['lint', '--json', sys.argv[1]]))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(REPO / "content")],
        cwd=REPO, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
