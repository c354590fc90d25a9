"""The director's report as a PDF, through the app's stamped printing (Qt).

The app calls `write_report_pdf`; the Qt-free CLI runs this module as a child process:
`python -m handbook.ui.onboarding.report_pdf REPORT.json OUT.pdf`, where REPORT.json holds {"html", "stamp"}. It prints
the number of pages and exits 0, or prints one line on stderr and exits 2.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from handbook.records.report import Report, report_html, report_stamp
from handbook.ui.reader.printing import PrintItem, pdf_printer, print_items


def write_pdf(html: str, stamp: str, path: Path) -> int:
    """Print one HTML item to a PDF file atomically (temp file in the same folder, then replace).

    Returns the page count; raises OSError when the folder cannot be written (no file is left behind).
    """
    path = Path(path)
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(handle)
    try:
        pages = print_items(pdf_printer(temp), [PrintItem(html, stamp)])
        os.replace(temp, path)
    finally:
        Path(temp).unlink(missing_ok=True)
    return pages


def write_report_pdf(report: Report, path: Path) -> int:
    """The report as a stamped A4 PDF; returns the page count (OSError when it cannot be written)."""
    return write_pdf(report_html(report), report_stamp(report), path)


def main(argv: Sequence[str]) -> int:
    """Child-process entry for the CLI: REPORT.json OUT.pdf → the PDF; prints the page count."""
    from PySide6.QtWidgets import QApplication

    if len(argv) != 3:
        print("usage: python -m handbook.ui.onboarding.report_pdf REPORT.json OUT.pdf", file=sys.stderr)
        return 2
    try:
        data = json.loads(Path(argv[1]).read_text(encoding="utf-8"))
        html, stamp = str(data["html"]), str(data["stamp"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        print(f"cannot read the report to print: {exc}", file=sys.stderr)
        return 2
    app = QApplication.instance() or QApplication([argv[0]])
    try:
        pages = write_pdf(html, stamp, Path(argv[2]))
    except OSError as exc:
        print(f"{argv[2]}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    print(pages, flush=True)
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
