"""Command-line tools (Qt-free): lint, coverage, search, bench.

Each command prints plain lines for people or `--json` for scripts, and exits 0 on success, 1 when
the content has errors, 2 on bad usage or unusable input.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import os
import sys
import typing
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from handbook import paths
from handbook.errors import HandbookError
from handbook.library.model import Severity

if TYPE_CHECKING:
    from handbook.publish.state import LoadedContent


def _content_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "dir", nargs="?", type=Path, default=None, help="content folder (default: the bundled one)"
    )


class _Parser(argparse.ArgumentParser):
    """argparse with a one-line error (no usage block): `error: handbook dose: argument ...`."""

    def error(self, message: str) -> typing.NoReturn:
        print(f"error: {self.prog}: {' '.join(message.split())} (see --help)", file=sys.stderr)
        raise SystemExit(2)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="handbook", description="The clinic handbook's command-line tools.")
    # Subcommands are plain ArgumentParsers; only the top level needs the one-line error.
    sub: argparse._SubParsersAction[argparse.ArgumentParser] = parser.add_subparsers(  # type: ignore[assignment]
        dest="command", required=True
    )
    lint = sub.add_parser("lint", help="validate every document; print path:line: CODE message")
    _content_arg(lint)
    lint.add_argument("--json", action="store_true", help="print problems as a JSON list")
    lint.add_argument("--strict", action="store_true", help="fail on warnings too")
    lint.add_argument(
        "--today", type=dt.date.fromisoformat, default=None, help="date for review checks (YYYY-MM-DD)"
    )
    cov = sub.add_parser("coverage", help="each consensus point with the approved documents implementing it")
    _content_arg(cov)
    cov.add_argument(
        "--json", action="store_true", help='print {"points": [{"id", "title", "documents", "drafts"}]}'
    )
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
    from handbook.publish.desk_commands import add_parsers as add_desk_parsers  # light, like the others

    add_desk_parsers(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; return its exit status.

    Whatever goes wrong ends as one line `error: ...` on stderr and a non-zero status, never a
    traceback: 2 for refused input or unusable files, 3 for anything unexpected (a bug to report).
    """
    args = _parser().parse_args(argv)
    try:
        handlers = {"lint": _lint, "coverage": _coverage, "search": _search, "bench": _bench,
                    "keygen": _publish, "pack": _publish, "dose": _dose, "report": _report,
                    "approve": _desk, "review": _desk, "values": _desk,
                    "collect": _desk}  # fmt: skip
        status = handlers[args.command](args)
        sys.stdout.flush()  # a closed pipe shows here, not at interpreter exit
        note: str = getattr(args, "content_note", "")
        if status == 0 and note:
            print(note, file=sys.stderr)
        return status
    except BrokenPipeError:
        _silence_stdout()
        print("error: output closed before the command finished (broken pipe)", file=sys.stderr)
        return 2
    except HandbookError as exc:
        print(f"error: {_one_line(exc)}", file=sys.stderr)
        return 2
    except (OSError, UnicodeError) as exc:
        where = getattr(exc, "filename", None)
        reason = getattr(exc, "strerror", None) or exc
        print(f"error: {where + ': ' if where else ''}{_one_line(reason)}", file=sys.stderr)
        return 2
    except (ValueError, OverflowError, RecursionError, MemoryError) as exc:
        print(f"error: input refused: {_one_line(exc) or type(exc).__name__}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # the CLI's last-resort boundary: one line, never a traceback
        print(f"error: unexpected {type(exc).__name__}: {_one_line(exc)}", file=sys.stderr)
        return 3


def _one_line(text: object) -> str:
    """A message on one line, at most 500 characters."""
    line = " ".join(str(text).split())
    return line if len(line) <= 500 else line[:497] + "..."


def _silence_stdout() -> None:
    """Point stdout at the null device so the interpreter's final flush cannot fail again."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
    except (OSError, ValueError):  # stdout has no descriptor (captured): nothing left to flush to
        return


def _content_dir(given: Path | None) -> Path:
    return given if given is not None else paths.bundled_content_dir()


def _staff_content(given: Path | None, args: argparse.Namespace) -> LoadedContent:
    """The content staff see, chosen as the app chooses it: a given folder, else the installed update when
    it verifies (once) and is newer than the bundled content, else the bundled content. Without a given
    folder, `main` says which one on stderr once the command succeeded (scripts reading stdout are not
    disturbed, and a failure stays one line).
    """
    from handbook.active import choose_active, describe
    from handbook.publish.state import ActiveContent, load_content

    active = choose_active() if given is None else ActiveContent(given, None, frozenset(), None)
    loaded = load_content(active)
    if given is not None:
        return loaded  # the folder named on the command line
    args.content_note = f"handbook: {describe(active, loaded.library.info.edition)}: {active.content_dir}"
    if active.warning:
        args.content_note += f"\nwarning: {active.warning}"
    return loaded


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
    from handbook.library.validate import coverage

    rows = coverage(_staff_content(args.dir, args).library)
    if args.json:
        print(json.dumps({"points": [{"id": r.point_id, "title": r.title, "documents": list(r.documents),
                                      "drafts": list(r.drafts)} for r in rows]}, indent=2))  # fmt: skip
    else:
        for row in rows:
            drafts = f" (drafts: {', '.join(row.drafts)})" if row.drafts else ""
            print(
                f"{row.point_id:14} {row.title}\n{'':14} {', '.join(row.documents) or 'NOT COVERED'}{drafts}"
            )
    return 0 if all(r.documents for r in rows) else 1


def _search(args: argparse.Namespace) -> int:
    from handbook.services import open_or_rebuild

    loaded = _staff_content(args.content, args)
    searcher, _ = open_or_rebuild(loaded.library, loaded.active.index_dir)
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


def _desk(args: argparse.Namespace) -> int:
    from handbook.publish.desk_commands import run

    return run(args)


def _dose(args: argparse.Namespace) -> int:
    from handbook.tools.cli_dose import run

    return run(args, _staff_content(args.content, args).active.content_dir)


def _report(args: argparse.Namespace) -> int:
    from handbook.records.commands import run

    if args.content is None:
        _staff_content(None, args)  # say which content the report is read against (records loads the same)
    return run(args)
