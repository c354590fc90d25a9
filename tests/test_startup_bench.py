"""The start-up harness: reads the first-paint marker, reports every way a probe can fail. Qt-free."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from handbook import paths, startup_bench
from handbook.startup_bench import MARKER, StartupProbeError


def _python(code: str) -> list[str]:
    return [sys.executable, "-c", code]


def _env(tmp_path: Path) -> dict[str, str]:
    return startup_bench.probe_environment(tmp_path)


def test_measure_once_reads_marker(tmp_path):
    """A program printing the marker yields a positive duration in ms."""
    command = _python(f"import time; print('noise'); print('{MARKER}', time.time())")
    assert startup_bench.measure_once(command, _env(tmp_path)) > 0


def test_measure_once_fails_without_marker(tmp_path):
    """A program that exits without the marker is an error naming its status and last stderr line."""
    command = _python("import sys; print('boom', file=sys.stderr); sys.exit(3)")
    with pytest.raises(StartupProbeError, match="exit status 3 .*boom"):
        startup_bench.measure_once(command, _env(tmp_path))


def test_measure_once_fails_on_unreadable_marker(tmp_path):
    """A marker without a timestamp is an error quoting the line."""
    with pytest.raises(StartupProbeError, match="unreadable marker"):
        startup_bench.measure_once(_python(f"print('{MARKER} soon')"), _env(tmp_path))


def test_measure_once_fails_on_hang(tmp_path):
    """A program that never exits is stopped at the timeout and reported."""
    with pytest.raises(StartupProbeError, match="no exit within"):
        startup_bench.measure_once(_python("import time; time.sleep(30)"), _env(tmp_path), timeout=0.5)


def test_measure_once_fails_on_missing_program(tmp_path):
    """A program that cannot be started is reported with its path."""
    missing = str(tmp_path / "no-such-handbook")
    with pytest.raises(StartupProbeError, match="cannot start") as info:
        startup_bench.measure_once([missing], _env(tmp_path))
    assert info.value.where == missing


def test_measure_startup_returns_median(tmp_path):
    """The result is one positive number (the median of the runs)."""
    command = _python(f"import time; print('{MARKER}', time.time())")
    assert startup_bench.measure_startup(command, 3) > 0


def test_measure_startup_rejects_zero_runs():
    """At least one measured run is needed."""
    with pytest.raises(ValueError, match="at least 1"):
        startup_bench.measure_startup(_python("pass"), 0)


def test_probe_environment_isolates_user_dirs(tmp_path):
    """Runs are offscreen by default and keep user folders in the scratch directory."""
    env = startup_bench.probe_environment(tmp_path, base={"PATH": "/bin"})
    assert env["QT_QPA_PLATFORM"] == "offscreen"
    for name in (paths.DATA_DIR_ENV, paths.CONFIG_DIR_ENV, paths.CACHE_DIR_ENV):
        assert env[name].startswith(str(tmp_path))


def test_bare_qt_command_runs_python_with_marker():
    """The floor is this interpreter running a script that prints the same marker."""
    command = startup_bench.bare_qt_command()
    assert command[:2] == [sys.executable, "-c"]
    assert MARKER in command[2]


def test_bare_qt_command_refused_when_frozen(monkeypatch):
    """Inside the frozen app there is no interpreter to run the floor with."""
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    with pytest.raises(StartupProbeError, match="Python interpreter"):
        startup_bench.bare_qt_command()


def test_frozen_executable_absent_without_bundle(tmp_path):
    """No bundle under the dist folder: None (the frozen figure is skipped)."""
    assert startup_bench.frozen_executable(tmp_path) is None


def test_frozen_executable_found_in_bundle(tmp_path):
    """The Linux bundle's executable is found under dist/clinic-handbook/."""
    exe = tmp_path / "clinic-handbook" / "handbook"
    exe.parent.mkdir()
    exe.write_text("")
    assert startup_bench.frozen_executable(tmp_path) == exe


def test_startup_bench_main_reports_probe_failure(monkeypatch, capsys):
    """A failing probe makes the command exit 1 with a one-line reason on stderr."""

    def failing(command: list[str], runs: int) -> float:
        raise StartupProbeError("exit status 2 without a first-paint marker", command[0])

    monkeypatch.setattr(startup_bench, "measure_once", lambda command, env: failing(command, 1))
    assert startup_bench.main(["--runs", "1"]) == 1
    assert "error:" in capsys.readouterr().err


def test_startup_bench_measures_in_turns(monkeypatch):
    """The programs compared take turns after one warm-up each, so a load swing hits them alike."""
    order = []

    def fake(command, env):
        order.append(command[0])
        return {"a": 100.0, "b": 150.0}[command[0]] + len(order)

    monkeypatch.setattr(startup_bench, "measure_once", fake)
    figures = startup_bench.measure_interleaved({"bare": ["a"], "app": ["b"]}, 3)
    assert order == ["a", "b", "a", "b", "a", "b", "a", "b"]
    assert figures == {"bare": 105.0, "app": 156.0}
