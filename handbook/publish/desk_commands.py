"""The director's verbs on the command line: `approve` and `review` (the same core the desk calls).

    handbook approve ID --by NAME --content DIR [--new-version]
    handbook review --content DIR [--json] [--today DATE]
    handbook collect [--records DIR] [--content DIR]
    handbook values --content DIR [--json] [--set NAME=TEXT [--field value|unit|label|source|clinic_set]]

Exit status: 0 done (review: nothing waiting); 1 review: items are waiting; 2 refused, one line on stderr.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register `approve` and `review` on the CLI's subparsers."""
    approve = sub.add_parser(
        "approve", help="approve a document by name: record who, which version, when, hash"
    )
    approve.add_argument("doc_id", metavar="ID", help="the document to approve")
    approve.add_argument("--by", required=True, help="the approver's name")
    approve.add_argument("--content", type=Path, required=True, help="the content folder being edited")
    approve.add_argument(
        "--new-version", action="store_true", help="raise the version first (the text changed since approval)"
    )
    review = sub.add_parser("review", help="the review queue: lint problems, changed approvals, drafts, due")
    review.add_argument("--content", type=Path, required=True, help="the content folder being edited")
    review.add_argument("--json", action="store_true", help="print the queue as a JSON list")
    review.add_argument(
        "--today", type=dt.date.fromisoformat, default=None, help="date for review checks (YYYY-MM-DD)"
    )
    collect = sub.add_parser("collect", help="merge every workstation's export in the shared records folder")
    collect.add_argument(
        "--records", type=Path, default=None, help="shared records folder (default: HANDBOOK_RECORDS_DIR)"
    )
    collect.add_argument(
        "--content", type=Path, default=None, help="content folder (default: the one in use)"
    )
    values = sub.add_parser("values", help="the clinic's values sheet: list every value, or set one")
    values.add_argument("--content", type=Path, required=True, help="the content folder being edited")
    values.add_argument("--json", action="store_true", help="print the sheet as a JSON list")
    values.add_argument(
        "--set", default=None, metavar="NAME=TEXT", help="write one cell back to its document"
    )
    values.add_argument("--field", default="value", help="the column --set writes (default: value)")


def run(args: argparse.Namespace) -> int:
    """Run `approve` or `review`; a refusal prints one line on stderr and returns 2."""
    from handbook.errors import HandbookError
    from handbook.publish.commands import one_line

    try:
        handler = {"approve": _approve, "review": _review, "values": _values, "collect": _collect}[
            args.command
        ]
        return handler(args)
    except HandbookError as exc:
        print(f"error: {one_line(exc)}", file=sys.stderr)
        return 2


def _approve(args: argparse.Namespace) -> int:
    from handbook.publish.approve import approve_document

    result = approve_document(args.content, args.doc_id, args.by, new_version=args.new_version)
    record = result.record
    print(f"approved {result.doc_id} version {record.version} by {record.by} at {record.at}")
    print(f"  sha256 {record.sha256}; kept in {result.history_path}")
    return 0


def _review(args: argparse.Namespace) -> int:
    from handbook.publish.approve import review_queue

    items = review_queue(args.content, args.today)
    if args.json:
        rows = [{"id": i.doc_id, "title": i.title, "reason": i.reason, "detail": i.detail, "path": str(i.path)}
                for i in items]  # fmt: skip
        print(json.dumps(rows, indent=2))
    else:
        for item in items:
            print(f"{item.reason:8} {item.doc_id or '-':14} {item.detail}")
        print(f"{len(items)} item(s) waiting", file=sys.stderr)
    return 1 if items else 0


def _values(args: argparse.Namespace) -> int:
    from handbook.errors import UpdateError
    from handbook.library.validate import lint
    from handbook.publish.values_sheet import set_value_field, values_sheet

    if args.set is not None:
        name, sep, text = args.set.partition("=")
        if not sep:
            raise UpdateError("--set takes NAME=TEXT")
        row = set_value_field(args.content, name.strip(), args.field, text)
        print(f"{row.name}.{args.field} set in {row.doc_id} ({row.path})")
        _, problems = lint(args.content)
        for problem in problems:
            print(problem)
        return 1 if problems else 0
    rows = values_sheet(args.content)
    if args.json:
        print(json.dumps([{"name": r.name, "label": r.label, "unit": r.unit, "value": r.value, "source": r.source,
                           "clinic_set": r.clinic_set, "doc": r.doc_id, "emergency": r.emergency,
                           "used_by": list(r.used_by)} for r in rows], indent=2))  # fmt: skip
    else:
        for r in rows:
            flags = ("UNSET " if r.unset else "") + ("EMERGENCY " if r.emergency else "")
            clinic = "clinic-set" if r.clinic_set else "guideline"
            print(f"{r.name:32} {r.text or '-':>8} {r.unit:14} {clinic:10} {r.doc_id:12} {flags}{r.label}")
    return 0


def _collect(args: argparse.Namespace) -> int:
    from handbook.errors import UpdateError
    from handbook.records.commands import _library
    from handbook.records.db import RecordStore
    from handbook.records.report import build_report, report_text
    from handbook.records.shared_records import merge_shared, records_dir

    folder = args.records or records_dir()
    if folder is None:
        raise UpdateError("no shared records folder: pass --records or set HANDBOOK_RECORDS_DIR")
    store = RecordStore.open()
    try:
        result = merge_shared(store, folder)
        for merged in result.merged:
            print(f"merged {merged.path}: {merged.added} row(s) added, {merged.present} already present")
        for path, reason in result.refused:
            print(f"refused {path}: {reason}", file=sys.stderr)
        print(report_text(build_report(store, _library(args.content))), end="")
    finally:
        store.close()
    return 1 if result.refused else 0
