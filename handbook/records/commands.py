"""The `report` command of the CLI (Qt-free): the director's onboarding report, export and merge.

    handbook report [--content DIR] [--db FILE] [--today DATE] [--merge FILE...] [--no-save]
                    [--export FILE] [--csv FILE] [--pdf FILE]

Order: merge (into the records, or with --no-save into a throw-away copy), export, then the report.
With no --csv/--pdf/--export the report is printed. Exit status: 0 done; 1 the records fail
verification (the report is still written and says so); 2 refused input (a tampered or unreadable
export, records that cannot be opened), one line on stderr. --pdf runs `python -m handbook.ui.onboarding.report_pdf`
in a child process, so this command never loads Qt itself.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from handbook.errors import HandbookError, StorageError

if TYPE_CHECKING:
    from handbook.library.catalog import Library
    from handbook.records.report import Report

PDF_MODULE = "handbook.ui.onboarding.report_pdf"


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register `report` on the CLI's subparsers."""
    report = sub.add_parser(
        "report", help="onboarding report: acknowledgements, overdue and stale reading, quiz results"
    )
    report.add_argument("--content", type=Path, default=None, help="content folder (default: the one in use)")
    report.add_argument(
        "--db", type=Path, default=None, help="records database (default: this workstation's)"
    )
    report.add_argument(
        "--today", type=dt.date.fromisoformat, default=None, help="date for due dates (YYYY-MM-DD)"
    )
    report.add_argument(
        "--merge", type=Path, nargs="+", default=[], metavar="FILE", help="exports to merge in"
    )
    report.add_argument(
        "--no-save", action="store_true", help="merge into a throw-away copy: report only, records untouched"
    )
    report.add_argument("--export", type=Path, default=None, metavar="FILE", help="write the records as JSON")
    report.add_argument("--csv", type=Path, default=None, metavar="FILE", help="write the report as CSV")
    report.add_argument(
        "--pdf", type=Path, default=None, metavar="FILE", help="write the report as PDF (needs Qt)"
    )


def _library(content: Path | None) -> Library:
    if content is not None:
        from handbook.library.loader import load_library

        return load_library(content).library
    from handbook.active import load_active

    return load_active().library


def run(args: argparse.Namespace) -> int:
    """Run `report`; see the module docstring for the order and the exit status."""
    from handbook.records.db import RecordStore
    from handbook.records.merge import export_records, merge_exports
    from handbook.records.report import build_report, report_text, write_csv

    library = _library(args.content)
    store = RecordStore.open(args.db)
    work = store
    try:
        if args.no_save and args.merge:
            work = RecordStore.memory_copy(store)
        if args.merge:
            result = merge_exports(work, args.merge)
            for merged in result.files:
                print(f"merged {merged.path}: {merged.added} row(s) added, {merged.present} already present")
        now = dt.datetime.now(dt.UTC)
        if args.export:
            rows = export_records(work, args.export, now.isoformat(timespec="seconds"))
            print(f"exported {rows} row(s) to {args.export}")
        report = build_report(work, library, args.today, now)
        if args.csv:
            write_csv(report, args.csv)
            print(f"wrote {args.csv}")
        if args.pdf:
            pages = write_pdf(report, args.pdf)
            print(f"wrote {args.pdf} ({pages} page(s))")
        if not (args.csv or args.pdf or args.export):
            print(report_text(report), end="")
    finally:
        if work is not store:
            work.close()
        store.close()
    if not report.chain.ok:
        print(f"error: {report.chain.summary()}", file=sys.stderr)
        return 1
    return 0


def write_pdf(report: Report, path: Path) -> int:
    """Write the report as PDF through the Qt printing module, run as a child process; returns pages.

    Raises HandbookError with the child's one-line reason when it fails.
    """
    from handbook.records.report import report_html, report_stamp

    if getattr(sys, "frozen", False):
        raise HandbookError(
            "--pdf needs the handbook run from Python; in the app use Onboarding > Report > PDF"
        )
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")  # a PDF needs no screen (servers, SSH sessions)
    with tempfile.TemporaryDirectory(prefix="handbook-report-") as folder:
        source = Path(folder) / "report.json"
        source.write_text(
            json.dumps({"html": report_html(report), "stamp": report_stamp(report)}), encoding="utf-8"
        )
        try:
            done = subprocess.run(
                [sys.executable, "-m", PDF_MODULE, str(source), str(Path(path).resolve())],
                env=env,
                capture_output=True,
                text=True,
                timeout=300,
                check=False,
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise StorageError(f"cannot write the PDF report: {exc}", path) from exc
    if done.returncode != 0:
        lines = [line.strip() for line in (done.stderr or "").splitlines() if line.strip()]
        fatal = [line for line in lines if line.startswith("Fatal")]
        reason = (fatal or lines or [""])[-1 if not fatal else 0]
        raise StorageError(
            f"cannot write the PDF report: {reason or 'the Qt printing process failed'} (exit {done.returncode})",
            path,
        )
    try:
        return int(done.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        return 0
