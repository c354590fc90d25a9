"""The director's verbs on the command line: `approve` and `review` (the same core the desk calls).

    handbook approve ID --by NAME --content DIR [--new-version]
    handbook review --content DIR [--json] [--today DATE]

Exit status: 0 done (review: nothing waiting); 1 review: items are waiting; 2 refused, one line on stderr.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path


def add_parsers(sub: argparse._SubParsersAction) -> None:
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


def run(args: argparse.Namespace) -> int:
    """Run `approve` or `review`; a refusal prints one line on stderr and returns 2."""
    from handbook.errors import HandbookError
    from handbook.publish.commands import one_line

    try:
        return _approve(args) if args.command == "approve" else _review(args)
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
