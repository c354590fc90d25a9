"""Build the installable handbook: prebuilt index -> PyInstaller one-folder bundle -> archive -> smoke test.

    python build/build.py [--no-archive] [--no-self-test]

Run with the project's virtualenv Python (PyInstaller is in the `dev` extra). Work files go to
build/.work/ and the results to dist/, both ignored by git:

    dist/clinic-handbook/                          the bundle (macOS: dist/Clinic Handbook.app)
    dist/clinic-handbook-<version>-<os>-<arch>.tar.gz    Linux  (zip on Windows and macOS)

The smoke test unpacks the archive into build/.work/smoke/, runs the frozen `--self-test` there
offscreen with throw-away user folders, and checks the self-test wrote nothing into the install
folder. The figures (sizes, times) are printed and saved to build/.work/report.json.
Exit 0 when everything passed, 1 with a one-line reason on stderr otherwise.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "build"
WORK = BUILD / ".work"
DIST = ROOT / "dist"
SPEC = BUILD / "handbook.spec"
STAGED_INDEX = WORK / "staging" / "index"
STAGED_SNAPSHOT = WORK / "staging" / "library-snapshot.json"
APP_NAME = "clinic-handbook"
MAC_APP = "Clinic Handbook.app"
SELF_TEST_TIMEOUT = 300

sys.path.insert(0, str(ROOT))


class BuildError(Exception):
    """A build step failed; the message is the one line printed to stderr."""


def version() -> str:
    """The version in handbook/__init__.py, read without importing the package."""
    text = (ROOT / "handbook" / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r'__version__ = "([^"]+)"', text)
    if not match:
        raise BuildError("no __version__ in handbook/__init__.py")
    return match.group(1)


def platform_tag() -> str:
    """`linux-x86_64`, `windows-amd64`, `macos-arm64`... for the archive name."""
    system = {"darwin": "macos", "win32": "windows"}.get(sys.platform, sys.platform.rstrip("0123456789"))
    return f"{system}-{platform.machine().lower()}"


def stage_index(content: Path, target: Path) -> str:
    """Build the search index of the content into target (replacing it); return its fingerprint.

    Fails when a document cannot be loaded: a bundle must not silently lose one.
    """
    import search
    from handbook.library.loader import load_library
    from handbook.library.model import Severity
    from handbook.services import plan_index

    result = load_library(content)
    errors = [p for p in result.problems if p.severity == Severity.ERROR]
    if errors:
        for problem in errors:
            print(problem, file=sys.stderr)
        raise BuildError(f"{len(errors)} content error(s) in {content}: run `python -m handbook lint`")
    plan = plan_index(result.library)
    fingerprint = search.build_index(
        plan.documents, target, synonyms=plan.synonyms, fingerprint=plan.fingerprint
    )
    print(f"index: {len(result.library.current())} documents, {len(plan.documents)} sections -> {target}")
    return fingerprint


def run_pyinstaller() -> None:
    """Run PyInstaller on the spec with work files in build/.work and the bundle in dist/."""
    command = [
        sys.executable, "-m", "PyInstaller", str(SPEC), "--noconfirm", "--log-level", "WARN",
        "--workpath", str(WORK), "--distpath", str(DIST),
    ]  # fmt: skip
    env = {**os.environ, "HANDBOOK_STAGED_INDEX": str(STAGED_INDEX)}
    done = subprocess.run(command, cwd=ROOT, env=env, check=False)
    if done.returncode != 0:
        raise BuildError(f"PyInstaller failed with exit status {done.returncode}")


def bundle_dir() -> Path:
    """The folder (or .app) PyInstaller produced."""
    return DIST / (MAC_APP if sys.platform == "darwin" else APP_NAME)


def executable(bundle: Path, *, console: bool) -> Path:
    """The program inside a bundle; `console` picks the one whose output can be read on Windows."""
    if sys.platform == "darwin":
        return bundle / "Contents" / "MacOS" / "handbook"
    if sys.platform.startswith("win"):
        return bundle / ("handbook-cli.exe" if console else "handbook.exe")
    return bundle / "handbook"


def add_platform_extras(bundle: Path) -> None:
    """Linux: the desktop entry template and the script that installs it, next to the executable."""
    if not sys.platform.startswith("linux"):
        return
    for name in ("clinic-handbook.desktop.in", "install-desktop-entry.sh"):
        shutil.copy2(BUILD / "linux" / name, bundle / name)


def make_archive(bundle: Path) -> Path:
    """tar.gz on Linux (keeps permissions and symlinks), zip elsewhere; the bundle folder at its top."""
    stem = DIST / f"{APP_NAME}-{version()}-{platform_tag()}"
    if sys.platform.startswith("linux"):
        archive = stem.with_name(stem.name + ".tar.gz")
        with tarfile.open(archive, "w:gz", compresslevel=6) as tar:
            tar.add(bundle, arcname=bundle.name)
        return archive
    archive = stem.with_name(stem.name + ".zip")
    if sys.platform == "darwin" and shutil.which("ditto"):
        # ditto keeps the .app's symlinks and extended attributes (zipfile would duplicate frameworks).
        subprocess.run(["ditto", "-c", "-k", "--keepParent", str(bundle), str(archive)], check=True)
        return archive
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
        for path in sorted(bundle.rglob("*")):
            zf.write(path, path.relative_to(bundle.parent))
    return archive


def unpack(archive: Path, target: Path) -> Path:
    """Unpack an archive made by make_archive into target; return the bundle folder inside."""
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    if archive.name.endswith(".tar.gz"):
        with tarfile.open(archive) as tar:
            # Extraction filters exist from Python 3.11.4 on; the archive is our own either way.
            if hasattr(tarfile, "tar_filter"):
                tar.extractall(target, filter="tar")
            else:
                tar.extractall(target)  # noqa: S202
    elif sys.platform == "darwin" and shutil.which("ditto"):
        subprocess.run(["ditto", "-x", "-k", str(archive), str(target)], check=True)
    else:
        with zipfile.ZipFile(archive) as zf:
            zf.extractall(target)
    (bundle,) = list(target.iterdir())
    return bundle


def folder_size(folder: Path) -> int:
    """Bytes of every file under folder, symlinks counted as links (as on disk)."""
    return sum(p.lstat().st_size for p in folder.rglob("*") if not p.is_dir() or p.is_symlink())


def listing(folder: Path) -> set[str]:
    """Every path under folder, to prove a run wrote nothing there."""
    return {str(p.relative_to(folder)) for p in folder.rglob("*")}


def self_test(bundle: Path) -> str:
    """Run the frozen `--self-test` offscreen with throw-away user folders; return its output."""
    before = listing(bundle)
    with tempfile.TemporaryDirectory(prefix="handbook-selftest-") as home:
        env = {
            **os.environ,
            "QT_QPA_PLATFORM": "offscreen",
            "HANDBOOK_DATA_DIR": str(Path(home, "data")),
            "HANDBOOK_CONFIG_DIR": str(Path(home, "config")),
            "HANDBOOK_CACHE_DIR": str(Path(home, "cache")),
        }
        env.pop("HANDBOOK_CONTENT_DIR", None)
        done = subprocess.run(
            [str(executable(bundle, console=True)), "--self-test"],
            env=env, capture_output=True, text=True, timeout=SELF_TEST_TIMEOUT, check=False,
        )  # fmt: skip
    output = done.stdout + done.stderr
    print(output.rstrip())
    if done.returncode != 0:
        raise BuildError(f"frozen self-test failed with exit status {done.returncode}")
    written = listing(bundle) - before
    if written:
        raise BuildError(f"the self-test wrote into the install folder: {sorted(written)[:5]}")
    return output


def main(argv: list[str] | None = None) -> int:
    """Build, archive and smoke-test; print and save the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--no-archive", action="store_true", help="stop after the bundle (no archive, no test)"
    )
    parser.add_argument("--no-self-test", action="store_true", help="do not run the frozen self-test")
    args = parser.parse_args(argv)
    report: dict[str, object] = {"version": version(), "platform": platform_tag()}
    started = time.perf_counter()
    try:
        t0 = time.perf_counter()
        report["index_fingerprint"] = stage_index(ROOT / "content", STAGED_INDEX)
        report["index_s"] = round(time.perf_counter() - t0, 1)
        # The validated library as plain JSON beside the bundled content: a normal start skips YAML and
        # validation, and the read-only install folder is the only place a snapshot is trusted from.
        from handbook.library.snapshot import write_snapshot

        write_snapshot(ROOT / "content", STAGED_SNAPSHOT)
        t0 = time.perf_counter()
        run_pyinstaller()
        bundle = bundle_dir()
        add_platform_extras(bundle)
        report["pyinstaller_s"] = round(time.perf_counter() - t0, 1)
        report["bundle"] = str(bundle)
        unpacked = folder_size(bundle)
        report["unpacked_mb"] = round(unpacked / 1e6, 1)
        report["unpacked_mib"] = round(unpacked / 2**20, 1)
        if not args.no_archive:
            t0 = time.perf_counter()
            archive = make_archive(bundle)
            report["archive_s"] = round(time.perf_counter() - t0, 1)
            report["archive"] = str(archive)
            report["archive_mb"] = round(archive.stat().st_size / 1e6, 1)
            report["archive_mib"] = round(archive.stat().st_size / 2**20, 1)
            if not args.no_self_test:
                t0 = time.perf_counter()
                self_test(unpack(archive, WORK / "smoke"))
                report["self_test_s"] = round(time.perf_counter() - t0, 1)
                report["self_test"] = "passed"
    except (BuildError, OSError, subprocess.SubprocessError) as exc:
        print(f"build failed: {exc}", file=sys.stderr)
        return 1
    report["total_s"] = round(time.perf_counter() - started, 1)
    WORK.mkdir(parents=True, exist_ok=True)
    (WORK / "report.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    for key, value in report.items():
        print(f"{key:18} {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
