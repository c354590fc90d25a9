"""The director's report: who acknowledged which version when, who is overdue or stale, quiz results.

Built from the records (this workstation's and any merged exports) against the content in force, and
rendered as text (the CLI), CSV (one table, a `section` column), or HTML (the app's view and the PDF).
People are merged across workstations by name (see profiles.py).
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from handbook.library.catalog import Library
from handbook.records.acks import changes_since
from handbook.records.chain import ChainReport
from handbook.records.db import RecordStore
from handbook.records.profiles import Person, people
from handbook.records.progress import DONE, MISSING, RE_READ, TO_READ, Progress, dashboard
from handbook.records.quiz import QuizResult, quiz_results
from handbook.storage import write_atomically

STATUS_TEXT = {TO_READ: "to read", RE_READ: "re-read (material change)", "quiz": "knowledge check to pass",
               DONE: "done", MISSING: "not in the content"}  # fmt: skip
CSV_HEADER = (
    "section",
    "person",
    "role",
    "workstation",
    "document",
    "title",
    "version",
    "date",
    "status",
    "detail",
)


@dataclass(frozen=True, slots=True)
class AckRow:
    """One acknowledgement and whether it still holds for the version in force."""

    at: str
    person: str
    role: str
    workstation: str
    doc_id: str
    title: str
    version: int
    checksum: str
    standing: str


@dataclass(frozen=True, slots=True)
class Report:
    """Everything the director's report shows, computed once."""

    generated_at: str
    today: dt.date
    edition: str
    chain: ChainReport
    labels: dict[str, str]
    roles: dict[str, str]
    people: tuple[Progress, ...]
    acknowledgements: tuple[AckRow, ...]
    quizzes: tuple[QuizResult, ...]

    def workstation(self, workstation_id: str) -> str:
        """A workstation's label with the start of its id (ids are UUIDs, labels host names)."""
        label = self.labels.get(workstation_id, "")
        return f"{label} ({workstation_id[:8]})" if label else workstation_id[:8]

    def role(self, role: str) -> str:
        """A role's readable name."""
        return self.roles.get(role, role)


def _standing(library: Library, doc_id: str, version: int, latest: bool) -> str:
    if not latest:
        return "superseded by a later acknowledgement"
    doc = library.get(doc_id)
    if doc is None or not doc.is_current:
        return "document no longer in force"
    if version == doc.version:
        return "current"
    if changes_since(library, doc, version).material:
        return f"stale: version {doc.version} changed materially"
    return f"still valid: changes up to version {doc.version} are editorial"


def build_report(
    store: RecordStore, library: Library, today: dt.date | None = None, now: dt.datetime | None = None
) -> Report:
    """Verify the records and compute every person's progress, acknowledgements and quiz results."""
    today = today or dt.date.today()
    now = now or dt.datetime.now(dt.UTC)
    events = store.events()
    everyone: list[Person] = people(store)
    by_profile = {pid: person for person in everyone for pid in person.profile_ids}
    progress = tuple(dashboard(store, person, library, today, events) for person in everyone)
    acks = [e for e in events if e.kind == "ack"]
    latest: dict[tuple[str, str], tuple[int, str]] = {}
    for e in acks:
        key = (by_profile[e.person_id].key if e.person_id in by_profile else e.person_id, e.doc_id)
        latest[key] = max(latest.get(key, (0, "")), (e.version, e.recorded_at))
    rows = []
    for e in acks:
        person = by_profile.get(e.person_id)
        key = (person.key if person else e.person_id, e.doc_id)
        is_latest = latest[key] == (e.version, e.recorded_at)
        rows.append(
            AckRow(e.recorded_at, person.name if person else e.person_name, person.role if person else e.role,
                   e.workstation, e.doc_id, str(e.payload.get("title", "")), e.version, e.checksum,
                   _standing(library, e.doc_id, e.version, is_latest))
        )  # fmt: skip
    return Report(
        now.astimezone(dt.UTC).isoformat(timespec="seconds"),
        today,
        library.info.edition,
        store.verify(),
        store.labels(),
        dict(library.info.roles),
        progress,
        tuple(rows),
        tuple(quiz_results(events)),
    )


def when(stamp: str) -> str:
    """A stored UTC time for people: '2026-11-20 10:03 UTC'."""
    return stamp[:16].replace("T", " ") + " UTC" if len(stamp) >= 16 else stamp


def _step_text(item_status: str, overdue: bool) -> str:
    return ("OVERDUE · " if overdue else "") + STATUS_TEXT.get(item_status, item_status)


def report_text(report: Report) -> str:
    """The report as plain lines for a terminal."""
    out = [
        f"Onboarding report · generated {when(report.generated_at)} · content edition {report.edition or '-'}",
        report.chain.summary(),
        "",
        "People",
    ]
    if not report.people:
        out.append("  (nobody has a profile yet)")
    for p in report.people:
        out.append(
            f"  {p.person.name} · {report.role(p.person.role)} · started {p.person.start_date.isoformat()} · "
            f"{p.done} of {p.total} done ({p.percent}%) · {p.overdue} overdue · {p.stale} to re-read"
        )
        for item in p.items:
            if item.status != DONE and (item.overdue or item.status in (RE_READ, MISSING)):
                out.append(f"    {_step_text(item.status, item.overdue):40} {item.doc_id:13} due {item.due}")
    out += ["", "Acknowledgements"]
    out += [
        f"  {when(a.at)}  {a.person} · {a.doc_id} v{a.version} · {a.standing} · {report.workstation(a.workstation)}"
        for a in report.acknowledgements
    ] or ["  (none)"]
    out += ["", "Knowledge checks"]
    out += [
        f"  {when(q.at)}  {q.person_name} · {q.quiz_id} v{q.version} · {q.correct}/{q.total} ({q.percent}%), "
        f"pass mark {q.pass_mark}% · {'PASS' if q.passed else 'FAIL'} · {report.workstation(q.workstation)}"
        for q in report.quizzes
    ] or ["  (none)"]
    return "\n".join(out) + "\n"


def _safe(cell: object) -> str:
    """A CSV cell a spreadsheet will not run as a formula."""
    text = str(cell)
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def report_rows(report: Report) -> list[tuple[str, ...]]:
    """The report as one table (header first): records check, reading steps, acknowledgements, quizzes."""
    rows: list[tuple[object, ...]] = [CSV_HEADER]
    rows.append(("records", "", "", "", "", "", "", report.generated_at, "verified" if report.chain.ok else "ALTERED",
                 report.chain.summary()))  # fmt: skip
    for p in report.people:
        for item in p.items:
            acked = item.ack.acknowledged_version if item.ack else None
            quiz = ""
            if item.quiz is not None:
                quiz = f"{item.quiz_id}: {'passed' if item.quiz.passed else 'not passed'}"
            rows.append(("reading", p.person.name, report.role(p.person.role), "", item.doc_id, item.title,
                         "" if acked is None else acked, item.due.isoformat(),
                         _step_text(item.status, item.overdue), quiz))  # fmt: skip
    for a in report.acknowledgements:
        rows.append(("acknowledgement", a.person, report.role(a.role), report.workstation(a.workstation), a.doc_id,
                     a.title, a.version, a.at, a.standing, f"sha256 {a.checksum}"))  # fmt: skip
    for q in report.quizzes:
        rows.append(("quiz", q.person_name, report.role(q.role), report.workstation(q.workstation), q.quiz_id,
                     f"covers {q.covers}", q.version, q.at, "pass" if q.passed else "fail",
                     f"{q.correct}/{q.total} ({q.percent}%), pass mark {q.pass_mark}%"))  # fmt: skip
    return [tuple(_safe(cell) for cell in row) for row in rows]


def write_csv(report: Report, path: Path) -> None:
    """Write the report table as CSV (UTF-8 with BOM so spreadsheets read accents), atomically."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(report_rows(report))
    write_atomically(Path(path), "\ufeff" + buffer.getvalue(), "cannot write the CSV report")


def _table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in row) + "</tr>" for row in rows)
    return f'<table border="1" cellspacing="0" cellpadding="3" width="100%"><tr>{head}</tr>{body}</table>'


def report_html(report: Report) -> str:
    """The report as HTML in the subset QTextBrowser and the PDF printer draw."""
    colour = "#1d6b2a" if report.chain.ok else "#b00020"
    summary = [(p.person.name, report.role(p.person.role), p.person.start_date.isoformat(),
                f"{p.done}/{p.total} ({p.percent}%)", p.overdue, p.stale) for p in report.people]  # fmt: skip
    attention = [
        (p.person.name, item.doc_id, item.title, item.due.isoformat(), _step_text(item.status, item.overdue))
        for p in report.people
        for item in p.items
        if item.status != DONE and (item.overdue or item.status in (RE_READ, MISSING))
    ]
    acks = [(when(a.at), a.person, a.doc_id, a.version, a.standing, report.workstation(a.workstation))
            for a in report.acknowledgements]  # fmt: skip
    quizzes = [(when(q.at), q.person_name, q.quiz_id, q.version, f"{q.correct}/{q.total} ({q.percent}%)",
                f"{q.pass_mark}%", "pass" if q.passed else "FAIL") for q in report.quizzes]  # fmt: skip
    return "".join([
        "<h1>Onboarding report</h1>",
        f"<p>Generated {html.escape(when(report.generated_at))} · content edition {html.escape(report.edition or '-')}"
        f" · as of {report.today.isoformat()}</p>",
        f'<p><font color="{colour}"><b>{html.escape(report.chain.summary())}</b></font></p>',
        "<h2>People</h2>",
        _table(("Person", "Role", "Started", "Done", "Overdue", "To re-read"), summary),
        "<h2>Overdue and stale</h2>",
        _table(("Person", "Document", "Title", "Due", "State"), attention) if attention else "<p>Nothing.</p>",
        "<h2>Acknowledgements</h2>",
        _table(("When", "Person", "Document", "Version", "Standing", "Workstation"), acks),
        "<h2>Knowledge checks</h2>",
        _table(("When", "Person", "Quiz", "Version", "Score", "Pass mark", "Result"), quizzes),
    ])  # fmt: skip


def report_stamp(report: Report) -> str:
    """The footer printed on every page of the PDF report."""
    return f"Onboarding report · edition {report.edition or '-'} · generated {when(report.generated_at)}"
