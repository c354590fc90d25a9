"""A small handbook corpus and searchers over it (in memory, or built on disk per test)."""

from __future__ import annotations

from pathlib import Path

import pytest

from search import IndexDocument, Searcher, build_index, ram_index


def section(doc_id: str, anchor: str, title: str, heading: str, text: str, **extra: object) -> IndexDocument:
    """One section record; ``extra`` sets keywords, kind, category or audience."""
    return IndexDocument(doc_id, anchor, title, heading, text, **extra)  # type: ignore[arg-type]


MON = {
    "kind": "sop",
    "category": "monitoring",
    "audience": ("nurse", "prescriber"),
    "keywords": ("vital signs",),
}
DOS = {"kind": "sop", "category": "dosing", "audience": ("prescriber",)}
DIS = {"kind": "sop", "category": "discharge", "audience": ("nurse",)}
HTN = {"kind": "card", "category": "emergencies"}
NAU = {"kind": "card", "category": "emergencies", "audience": ("nurse",)}
CHK = {"kind": "checklist", "category": "treatment-day", "audience": ("nurse",)}
DAY = {"kind": "sop", "category": "treatment-day", "audience": ("nurse",)}

CORPUS: list[IndexDocument] = [
    section(
        "SOP-MON-001",
        "",
        "Monitoring during the infusion",
        "",
        "How vital signs are watched while the ketamine infusion runs.",
        **MON,
    ),
    section(
        "SOP-MON-001",
        "blood-pressure-gate",
        "Monitoring during the infusion",
        "Pressure gate",
        "Do not start when the reading is above 180/100 mmHg. Re-check after five minutes.",
        **MON,
    ),
    section(
        "SOP-MON-001",
        "oxygen",
        "Monitoring during the infusion",
        "Oxygen saturation",
        "Keep SpO2 at or above 94 %. Give oxygen when it falls.",
        **MON,
    ),
    section(
        "SOP-MON-001",
        "sedation",
        "Monitoring during the infusion",
        "Sedation score",
        "Record the MOAA/S score every 15 minutes during the infusion.",
        **MON,
    ),
    section("SOP-DOS-001", "", "Dose calculation", "", "Weight-based dosing for each session.", **DOS),
    section(
        "SOP-DOS-001",
        "formula",
        "Dose calculation",
        "Formula",
        "The dose is 0.5 mg/kg over 40 minutes, given by pump.",
        **DOS,
    ),
    section("SOP-DIS-001", "", "Going home", "", "When the patient may leave the clinic.", **DIS),
    section(
        "SOP-DIS-001",
        "criteria",
        "Going home",
        "Discharge criteria",
        "The patient is alert, vital signs are stable, no nausea, and an escort is present.",
        **DIS,
    ),
    section(
        "SOP-DIS-001",
        "suicide-risk",
        "Going home",
        "Suicide risk",
        "Screen with the C-SSRS before the patient leaves.",
        **DIS,
    ),
    section(
        "CARD-HTN-001",
        "",
        "Hypertension",
        "",
        "Bedside steps: pause the infusion, stay with the patient.",
        **HTN,
    ),
    section(
        "CARD-HTN-001",
        "references",
        "Hypertension",
        "References",
        "Hypertension guideline. Hypertension in ketamine use. Hypertensive crisis review.",
        **HTN,
    ),
    section(
        "CARD-NAU-001", "", "Nausea and vomiting", "", "Give an emesis bag and turn a drowsy patient.", **NAU
    ),
    section("CHK-PRE-001", "", "Before the infusion", "", "Check BP and weight. Confirm the escort.", **CHK),
    section("SOP-DAY-001", "", "Arrival", "", "Measure the blood pressure on arrival.", **DAY),
    section(
        "SOP-CUF-001",
        "",
        "Cuff use",
        "",
        "A cuff pressure that stops blood flow hurts & scares. Call the <prescriber> if pain > 3.",
        kind="sop",
        category="monitoring",
    ),
]

SYNONYMS = {"bp": ["blood pressure"], "spo2": ["oxygen saturation"], "hr": ["heart rate"]}


@pytest.fixture(scope="session")
def searcher() -> Searcher:
    """An in-memory searcher over `CORPUS` with `SYNONYMS` (shared: searching never mutates it)."""
    return ram_index(CORPUS, synonyms=SYNONYMS)


@pytest.fixture
def built(tmp_path: Path) -> tuple[Path, str]:
    """`CORPUS` built on disk: (index folder, fingerprint)."""
    folder = tmp_path / "index"
    return folder, build_index(CORPUS, folder, synonyms=SYNONYMS)


def doc_ids(hits: list) -> list[str]:
    """The document ids of hits, in order."""
    return [hit.doc_id for hit in hits]
