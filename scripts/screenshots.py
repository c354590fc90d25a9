"""Screenshots of the real app under Xvfb, driven by real keystrokes (xdotool), to judge as a nurse would.

    .venv/bin/python scripts/screenshots.py [OUT_DIR]

For each screen (1366x768 and 1920x1080) it starts an X server, starts the handbook on the bundled
content with a fresh temporary profile, presses the keys of each nurse flow and saves the whole screen
after each step (`OUT_DIR/<screen>-<step>.png`), day and night: home, a document, F3, F4, F3+F4,
F2 over the Ctrl+K dialog and over the F1 help, zoom, a checklist. It prints the keystrokes each flow
took. Needs: xvfb, xdotool, imagemagick (`import`); openbox when installed (a window manager: focus and
stacking as on a workstation), otherwise the keyboard focus is handed back to the app after each step.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCREENS = ((1366, 768), (1920, 1080))

# (step name, keys pressed, text typed after the keys, shot?) — one xdotool key name per keystroke.
FLOWS: dict[str, list[tuple[str, list[str], str, bool]]] = {
    "home": [("home", [], "", True)],
    "open a document with Ctrl+K": [("ctrl-k", ["ctrl+k"], "SOP-MON", True),
                                    ("document", ["Return"], "", True)],
    "bedside tools (F3)": [("f3-tools", ["F3"], "", True)],
    "my reading beside the tools (F4)": [("f3-f4", ["F4"], "", True)],
    "close the side panels": [("closed", ["F4"], "", True)],
    "search and open the best hit": [("search", ["slash"], "bp too high", True),
                                     ("search-open", ["Return"], "", True)],
    "start a session timer": [("session-chair", ["F3"], "Chair 3", False),
                              ("session-started", ["Return"], "", True),
                              ("session-panel-closed", ["F3"], "", False)],
    "emergency card over a dialog": [("dialog", ["ctrl+k"], "dis", False),
                                     ("f2-over-dialog", ["F2"], "", True),
                                     ("card-2", ["2"], "", True),
                                     ("card-scrolled", ["Next"], "", True),
                                     ("back-in-dialog", ["Escape"], "", True),
                                     ("dialog-closed", ["Escape"], "", False)],
    "emergency card over the help": [("help", ["F1"], "", True), ("f2-over-help", ["F2"], "", True),
                                     ("help-again", ["Escape"], "", False), ("help-closed", ["Escape"], "", False)],
    "emergency card over the install-update file dialog": [
        ("file-dialog", ["alt+f", "i"], "", True), ("f2-over-file-dialog", ["F2"], "", True),
        ("file-dialog-again", ["Escape"], "", True), ("file-dialog-closed", ["Escape"], "", False)],
    "zoom in three steps": [("zoom", ["ctrl+plus", "ctrl+plus", "ctrl+plus"], "", True)],
    "zoomed card": [("zoom-card", ["F2"], "", True), ("zoom-card-closed", ["Escape"], "", False)],
    "zoom back": [("zoom-reset", ["ctrl+0"], "", False)],
    "checklist: open and tick two items": [("checklist-open", ["ctrl+k"], "CHK-INF", False),
                                           ("checklist", ["Return", "space", "Tab", "space"], "", True)],
    "night mode": [("night", ["ctrl+shift+n"], "", True)],
    "night: tools": [("night-f3", ["F3"], "", True), ("night-f3-closed", ["F3"], "", False)],
    "night: emergency cards": [("night-f2", ["F2"], "", True), ("night-f2-closed", ["Escape"], "", False)],
    "night: a document with its banner": [("night-doc-open", ["ctrl+k"], "SOP-MON", False),
                                          ("night-document", ["Return"], "", True)],
}  # fmt: skip


def run(cmd: list[str], env: dict[str, str], check: bool = True) -> str:
    """Run a command and return its output."""
    return subprocess.run(cmd, env=env, check=check, capture_output=True, text=True).stdout


def start_x(width: int, height: int) -> tuple[subprocess.Popen, str]:
    """An X server with one screen of that size; returns (process, display)."""
    read, write = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", f"{width}x{height}x24", "-nolisten", "tcp"],
        pass_fds=(write,),
    )
    os.close(write)
    number = b""
    while not number.endswith(b"\n"):
        number += os.read(read, 1)
    os.close(read)
    return server, f":{number.decode().strip()}"


def wait_for_window(env: dict[str, str], timeout: float = 30) -> None:
    """Wait until the handbook's window is mapped and painted, then give it the keyboard (no window
    manager runs under Xvfb to do that)."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        found = run(["xdotool", "search", "--onlyvisible", "--name", "handbook|Handbook"], env, check=False)
        if found.strip():
            time.sleep(2.0)  # first paint, search index
            run(["xdotool", "windowactivate", "--sync", found.split()[0]], env, check=False)
            run(["xdotool", "windowfocus", "--sync", found.split()[0]], env, check=False)
            return
        time.sleep(0.2)
    raise TimeoutError("the handbook window did not appear")


def keep_focus(env: dict[str, str], pid: int) -> None:
    """Without a window manager the X focus is lost when a dialog closes: give it back to the app."""
    focused = run(["xdotool", "getwindowfocus"], env, check=False).strip()
    mine = run(["xdotool", "search", "--onlyvisible", "--pid", str(pid)], env, check=False).split()
    if mine and focused not in mine:
        main = run(
            ["xdotool", "search", "--onlyvisible", "--name", "handbook|Handbook"], env, check=False
        ).split()
        run(["xdotool", "windowfocus", "--sync", (main or mine)[0]], env, check=False)


def shoot_screen(width: int, height: int, out: Path) -> dict[str, int]:
    """Every flow on one screen; returns keystrokes per flow."""
    server, display = start_x(width, height)
    profile = Path(tempfile.mkdtemp(prefix="handbook-shots-"))
    env = dict(os.environ, DISPLAY=display, HANDBOOK_DATA_DIR=str(profile / "data"),
               HANDBOOK_CONFIG_DIR=str(profile / "config"), HANDBOOK_CACHE_DIR=str(profile / "cache"))  # fmt: skip
    env.pop("QT_QPA_PLATFORM", None)
    manager = None
    if shutil.which("openbox"):
        manager = subprocess.Popen(["openbox"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(1.0)
    app = subprocess.Popen([sys.executable, "-m", "handbook"], cwd=ROOT, env=env,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    counts: dict[str, int] = {}
    try:
        wait_for_window(env)
        run(["xdotool", "mousemove", str(width // 2), str(height // 2)], env)
        name = f"{width}x{height}"
        for flow, steps in FLOWS.items():
            counts[flow] = 0
            for step, keys, text, shot in steps:
                if manager is None:
                    keep_focus(env, app.pid)
                for key in keys:
                    run(["xdotool", "key", "--delay", "60", key], env)
                    time.sleep(0.35)
                counts[flow] += len(keys) + len(text)
                if text:
                    run(["xdotool", "type", "--delay", "60", text], env)
                    time.sleep(0.6)
                if shot:
                    time.sleep(0.5)
                    run(["import", "-window", "root", str(out / f"{name}-{step}.png")], env)
    finally:
        app.terminate()
        app.wait(10)
        if manager is not None:
            manager.terminate()
            manager.wait(10)
        server.terminate()
        server.wait(10)
    return counts


def main(out: Path) -> None:
    """Shoot every screen and print the keystrokes of each flow."""
    out.mkdir(parents=True, exist_ok=True)
    for width, height in SCREENS:
        counts = shoot_screen(width, height, out)
        print(f"{width}x{height}: " + "; ".join(f"{flow}: {n} key(s)" for flow, n in counts.items()))
    print(f"screenshots in {out}")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "screenshots"))
