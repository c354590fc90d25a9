"""Command-line tools (Qt-free): lint, coverage, search, bench.

Each command prints plain lines for people or `--json` for scripts, and exits 0 on success, 1 when
the content has errors, 2 on bad usage or unusable input.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from handbook import paths
from handbook.errors import HandbookError
from handbook.library.model import Severity

COMMANDS = ("lint", "coverage", "search", "bench", "keygen", "pack", "dose", "report")


def _content_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "dir", nargs="?", type=Path, default=None, help="content folder (default: the bundled one)"
    )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="handbook", description="The clinic handbook's command-line tools.")
    sub = parser.add_subparsers(dest="command", required=True)
    lint = sub.add_parser("lint", help="validate every document; print path:line: CODE message")
    _content_arg(lint)
    lint.add_argument("--json", action="store_true", help="print problems as a JSON list")
    lint.add_argument("--strict", action="store_true", help="fail on warnings too")
    lint.add_argument(
        "--today", type=dt.date.fromisoformat, default=None, help="date for review checks (YYYY-MM-DD)"
    )
    cov = sub.add_parser("coverage", help="each consensus point with the approved documents implementing it")
    _content_arg(cov)
    cov.add_argument("--json", action="store_true", help='print {"points": [{"id", "title", "documents"}]}')
    search = sub.add_parser("search", help="search the handbook")
    search.add_argument("query", nargs="+", help="words to search for")
    search.add_argument("--json", action="store_true", help="print hits as a JSON list")
    search.add_argument("--limit", type=int, default=10, help="most hits to print (default 10)")
    search.add_argument("--explain", action="store_true", help="show what each query word added to each hit")
    search.add_argument(
        "--kind", default=None, help="only documents of this kind (sop, card, checklist, ...)"
    )
    search.add_argument(
        "--content", type=Path, default=None, help="content folder (default: the bundled one)"
    )
    bench = sub.add_parser(
        "bench", help="measure index build, open and search latency (real and 100x corpus)"
    )
    bench.add_argument("--json", action="store_true", help="print the figures as JSON")
    bench.add_argument("--content", type=Path, default=None, help="content folder (default: the bundled one)")
    bench.add_argument(
        "--no-startup", action="store_true", help="skip the start-up measurement (no Qt needed)"
    )
    bench.add_argument(
        "--factor", type=int, default=100, help="synthetic corpus size as a multiple (default 100)"
    )
    from handbook.publish.commands import add_parsers  # light: the handlers import their modules lazily

    add_parsers(sub)
    dose = sub.add_parser("dose", help="weight-based dose: total mg, volume, pump rate")
    dose.add_argument("--weight-kg", required=True, help="patient weight in kg")
    dose.add_argument("--mg-per-kg", required=True, help="ordered dose in mg/kg")
    dose.add_argument("--minutes", required=True, help="ordered infusion time in minutes")
    dose.add_argument("--mg-per-ml", required=True, help="concentration of the prepared solution in mg/mL")
    dose.add_argument("--json", action="store_true", help="print the result (or the problems) as JSON")
    dose.add_argument("--content", type=Path, default=None, help="content folder (default: the bundled one)")
    from handbook.records.commands import add_parser as add_report_parser  # light: handler imports lazily

    add_report_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; return its exit status."""
    args = _parser().parse_args(argv)
    try:
        handlers = {"lint": _lint, "coverage": _coverage, "search": _search, "bench": _bench,
                    "keygen": _publish, "pack": _publish, "dose": _dose, "report": _report}  # fmt: skip
        return handlers[args.command](args)
    except HandbookError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


def _content_dir(given: Path | None) -> Path:
    return given if given is not None else paths.bundled_content_dir()


def _lint(args: argparse.Namespace) -> int:
    from handbook.library.validate import lint

    _, problems = lint(_content_dir(args.dir), today=args.today)
    failing = [p for p in problems if args.strict or p.severity == Severity.ERROR]
    if args.json:
        rows = [
            {
                "path": p.path,
                "line": p.line,
                "code": p.code,
                "message": p.message,
                "severity": str(p.severity),
            }
            for p in problems
        ]
        print(json.dumps(rows, indent=2))
    else:
        for problem in problems:
            print(problem)
        errors = sum(p.severity == Severity.ERROR for p in problems)
        print(f"{errors} error(s), {len(problems) - errors} warning(s)", file=sys.stderr)
    return 1 if failing else 0


def _coverage(args: argparse.Namespace) -> int:
    from handbook.library.loader import load_library
    from handbook.library.validate import coverage

    rows = coverage(load_library(_content_dir(args.dir)).library)
    if args.json:
        print(json.dumps({"points": [{"id": r.point_id, "title": r.title, "documents": list(r.documents)}
                                     for r in rows]}, indent=2))  # fmt: skip
    else:
        for row in rows:
            print(f"{row.point_id:14} {row.title}\n{'':14} {', '.join(row.documents) or 'NOT COVERED'}")
    return 0 if all(r.documents for r in rows) else 1


def _search(args: argparse.Namespace) -> int:
    from handbook.services import open_search

    searcher = open_search(_content_dir(args.content))
    hits = searcher.search(" ".join(args.query), limit=args.limit, kind=args.kind, explain=args.explain)
    if args.json:
        print(json.dumps([
            {"id": h.doc_id, "title": h.title, "section": h.section, "anchor": h.anchor,
             "score": round(h.score, 4), "snippet": h.snippet,
             **({"why": [dataclasses.asdict(r) for r in h.why]} if args.explain else {})}
            for h in hits
        ], indent=2))  # fmt: skip
    else:
        for hit in hits:
            where = f"#{hit.anchor}" if hit.anchor else ""
            print(f"{hit.doc_id}{where}  {hit.title}{' > ' + hit.section if hit.section else ''}")
            for reason in hit.why:
                print(f"    {reason.score:8.3f}  {reason.words} ({reason.role})")
        if not hits:
            print("no match", file=sys.stderr)
    return 0


def _bench(args: argparse.Namespace) -> int:
    from handbook.bench import run

    figures = run(_content_dir(args.content), startup=not args.no_startup, factor=args.factor)
    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        for corpus, numbers in figures.items():
            print(corpus)
            for key, value in numbers.items():
                print(f"  {key:16} {value}")
    return 0


def _publish(args: argparse.Namespace) -> int:
    from handbook.publish.commands import run

    return run(args)


def _dose(args: argparse.Namespace) -> int:
    from handbook.tools.cli_dose import run

    return run(args, _content_dir(args.content))


def _report(args: argparse.Namespace) -> int:
    from handbook.records.commands import run

    return run(args)
