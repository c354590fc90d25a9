"""Relevance queries for the shipped content: what nurses type, and the right documents for it.

Shared by the relevance tests (every query must put a right document in the top 3) and by
`python -m handbook bench`, which reports recall@1 and recall@3 over them. Each entry is
(what is typed, documents any of which is a right answer), written from the content.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

#: Clinical phrasing, abbreviations, typos and fragments (the first suite).
NURSE_QUERIES: list[tuple[str, set[str]]] = [
    ("bp too high", {"CARD-HTN-001", "CARD-VIT-001", "SOP-MON-001"}),
    ("hypertensoin", {"CARD-HTN-001", "SOP-EMR-001"}),
    ("htn", {"CARD-HTN-001"}),
    ("180/100", {"CARD-VIT-001", "SOP-MON-001", "CARD-HTN-001"}),
    ("140/90", {"SOP-DAY-001", "CARD-VIT-001", "CHK-PRE-001"}),
    ("0.5 mg/kg", {"SOP-DOS-001", "CHK-INF-001"}),
    ("dose calc", {"SOP-DOS-001"}),
    ("pump rate", {"SOP-DOS-001"}),
    ("spo2 low", {"CARD-RSP-001", "CARD-VIT-001", "SOP-MON-001"}),
    ("oxygen sat", {"CARD-RSP-001", "CARD-VIT-001", "SOP-MON-001"}),
    ("resp depression", {"CARD-RSP-001"}),
    ("not breathing", {"CARD-RSP-001"}),
    ("hr high", {"CARD-TAC-001", "CARD-VIT-001"}),
    ("tachy", {"CARD-TAC-001"}),
    ("heart racing", {"CARD-TAC-001"}),
    ("pt vomiting", {"CARD-NAU-001"}),
    ("nausea", {"CARD-NAU-001"}),
    ("dissociation", {"CARD-EMG-001", "SOP-MON-001"}),
    ("emergence reaction", {"CARD-EMG-001"}),
    ("agitated", {"CARD-EMG-001", "SOP-EMR-001"}),
    ("anaphylaxis", {"CARD-ALG-001"}),
    ("allergic", {"CARD-ALG-001"}),
    ("chest pain", {"CARD-CHP-001"}),
    ("seizre", {"CARD-SZR-001"}),
    ("suicidal", {"CARD-SUI-001"}),
    ("c-ssrs", {"SOP-EVL-001", "SOP-DAY-001", "CARD-SUI-001", "SOP-DIS-001", "CHK-DIS-001"}),
    ("discharge criteria", {"SOP-DIS-001", "CHK-DIS-001"}),
    ("aldrete", {"SOP-DIS-001", "CHK-DIS-001"}),
    ("escort", {"SOP-DIS-001", "SOP-DAY-001", "CHK-PRE-001"}),
    ("driving", {"SOP-DIS-001", "CARD-PAT-001"}),
    ("fasting", {"SOP-DAY-001"}),
    ("npo", {"SOP-DAY-001"}),
    ("consent", {"SOP-CON-001"}),
    ("contraindications", {"SOP-SEL-001"}),
    ("pregnan", {"SOP-EVL-001", "SOP-SEL-001"}),
    ("moaa/s", {"SOP-MON-001"}),
    ("cadss", {"SOP-MON-001"}),
    ("madrs response", {"SOP-OUT-001"}),
    ("waste witness", {"SOP-CSH-001"}),
    ("crash cart", {"SOP-SET-001", "CHK-EQP-001"}),
    ("acls", {"SOP-STF-001"}),
    ("rescue med", {"CARD-RES-001"}),
    ("midazolam", {"CARD-RES-001", "SOP-EMR-001"}),
    ("maintenance", {"SOP-CNT-001"}),
    ("how often vitals", {"SOP-MON-001", "CHK-INF-001", "CARD-VIT-001"}),
    ("hyp", {"CARD-HTN-001", "SOP-EMR-001"}),
    # the second clinical pass: standing orders, interactions and the new topics
    ("adrenaline", {"CARD-ALG-001"}),
    ("epinephrine", {"CARD-ALG-001"}),
    ("epipen", {"CARD-ALG-001"}),
    ("swollen tongue", {"CARD-ALG-001"}),
    ("status epilepticus", {"SOP-EMR-001", "CARD-SZR-001"}),
    ("fitting", {"CARD-SZR-001"}),
    ("naltrexone", {"SOP-DAY-001"}),
    ("lamictal", {"SOP-DAY-001"}),
    ("xanax", {"SOP-DAY-001"}),
    ("breastfeeding", {"SOP-EVL-001", "SOP-SEL-001", "SOP-DAY-001"}),
    ("two identifiers", {"SOP-DOS-001", "SOP-DAY-001", "CHK-PRE-001"}),
    ("bipolar", {"SOP-SEL-001"}),
    ("crisis line", {"CARD-PAT-001"}),
    ("988", {"CARD-PAT-001"}),
    ("alcohol after treatment", {"CHK-DIS-001", "SOP-DIS-001", "CARD-PAT-001"}),
    ("near baseline", {"CHK-DIS-001", "SOP-DIS-001"}),
    ("medwatch", {"SOP-DOC-001"}),
    ("form 106", {"SOP-CSH-001"}),
    ("biennial inventory", {"SOP-CSH-001"}),
    ("reverse distributor", {"SOP-CSH-001"}),
    ("emergency drill", {"SOP-STF-001"}),
    ("treatments per year", {"SOP-CNT-001"}),
]

#: Bedside phrasing: slang, lay words, brand names, questions, numbers with units; at least one
#: per emergency card, checklist and SOP.
BEDSIDE_QUERIES: list[tuple[str, set[str]]] = [
    ("pt has hives", {"CARD-ALG-001"}),
    ("swollen lips after infusion", {"CARD-ALG-001"}),
    ("epi", {"CARD-ALG-001"}),
    ("itchy rash during drip", {"CARD-ALG-001"}),
    ("allergic rxn", {"CARD-ALG-001"}),
    ("pt says chest feels tight", {"CARD-CHP-001"}),
    ("chest pain during infusion what do i do", {"CARD-CHP-001"}),
    ("pt freaking out", {"CARD-EMG-001"}),
    ("bad trip", {"CARD-EMG-001"}),
    ("pt seeing things", {"CARD-EMG-001"}),
    ("really agitated during infusion", {"CARD-EMG-001"}),
    ("bp 185/105", {"CARD-HTN-001", "CARD-VIT-001"}),
    ("bp really high", {"CARD-HTN-001", "CARD-VIT-001"}),
    ("high bp headache", {"CARD-HTN-001"}),
    ("pt throwing up", {"CARD-NAU-001"}),
    ("feels sick", {"CARD-NAU-001"}),
    ("zofran", {"CARD-NAU-001", "CARD-RES-001"}),
    ("vomitting in recovery", {"CARD-NAU-001", "SOP-DIS-001", "CHK-DIS-001"}),
    ("patient handout for home", {"CARD-PAT-001"}),
    ("can pt drive home", {"CARD-PAT-001", "SOP-DIS-001"}),
    ("versed", {"CARD-RES-001", "SOP-EMR-001"}),
    ("ativan", {"CARD-RES-001", "SOP-EMR-001"}),
    ("benzo for agitation", {"CARD-RES-001", "CARD-EMG-001"}),
    ("pt cant wake up", {"CARD-RSP-001"}),
    ("sats 88", {"CARD-RSP-001", "CARD-VIT-001"}),
    ("stopped breathing", {"CARD-RSP-001"}),
    ("sats dropping", {"CARD-RSP-001"}),
    ("pt says wants to die", {"CARD-SUI-001"}),
    ("suicidal thoughts during session", {"CARD-SUI-001"}),
    ("pt talking about killing himself", {"CARD-SUI-001"}),
    ("pt having a fit", {"CARD-SZR-001"}),
    ("seizing", {"CARD-SZR-001"}),
    ("shaking all over", {"CARD-SZR-001"}),
    ("hr 130", {"CARD-TAC-001", "CARD-VIT-001"}),
    ("heart racing", {"CARD-TAC-001"}),
    ("pulse really fast", {"CARD-TAC-001"}),
    ("what bp do we stop at", {"CARD-VIT-001", "SOP-MON-001"}),
    ("hold rules", {"CARD-VIT-001", "SOP-MON-001"}),
    ("discharge checklist", {"CHK-DIS-001"}),
    ("ready to go home", {"CHK-DIS-001", "SOP-DIS-001", "CARD-PAT-001"}),
    ("crash cart check", {"CHK-EQP-001"}),
    ("daily defib check", {"CHK-EQP-001"}),
    ("check the resus trolley", {"CHK-EQP-001", "SOP-SET-001"}),
    ("what to check during infusion", {"CHK-INF-001", "SOP-MON-001"}),
    ("timed checks", {"CHK-INF-001"}),
    ("pre infusion checklist", {"CHK-PRE-001"}),
    ("go no go", {"CHK-PRE-001", "SOP-DAY-001"}),
    ("how many boosters a year", {"SOP-CNT-001"}),
    ("maintenance infusions how often", {"SOP-CNT-001"}),
    ("tapering", {"SOP-CNT-001"}),
    ("consent form", {"SOP-CON-001"}),
    ("pt wants to withdraw consent", {"SOP-CON-001"}),
    ("ketamine count wrong", {"SOP-CSH-001"}),
    ("narc count", {"SOP-CSH-001"}),
    ("waste ketamine witness", {"SOP-CSH-001", "SOP-DOS-001"}),
    ("peeing blood", {"SOP-CSH-001"}),
    ("ketalar storage", {"SOP-CSH-001"}),
    ("pt ate breakfast", {"SOP-DAY-001", "CHK-PRE-001"}),
    ("no ride home", {"SOP-DAY-001", "SOP-DIS-001", "CHK-PRE-001"}),
    ("bp too high to start", {"SOP-DAY-001", "CHK-PRE-001", "CARD-VIT-001"}),
    ("how long observation after infusion", {"SOP-DIS-001", "CHK-DIS-001"}),
    ("aldrete score", {"SOP-DIS-001", "CHK-DIS-001"}),
    ("how to report an incident", {"SOP-DOC-001"}),
    ("med error", {"SOP-DOC-001"}),
    ("letter to gp", {"SOP-DOC-001"}),
    ("70 kg", {"SOP-DOS-001"}),
    ("how to work out pump rate", {"SOP-DOS-001"}),
    ("drip rate", {"SOP-DOS-001"}),
    ("mg/kg calc", {"SOP-DOS-001"}),
    ("call ambulance transfer", {"SOP-EMR-001"}),
    ("adverse event what to do", {"SOP-EMR-001", "SOP-DOC-001"}),
    ("ecg before first treatment", {"SOP-EVL-001"}),
    ("workup before first infusion", {"SOP-EVL-001"}),
    ("pregnancy test", {"SOP-EVL-001", "SOP-DAY-001"}),
    ("off label statement", {"SOP-GOV-001"}),
    ("who approves sops", {"SOP-GOV-001"}),
    ("obs frequency", {"SOP-MON-001", "CARD-VIT-001", "CHK-INF-001"}),
    ("who monitors during infusion", {"SOP-MON-001"}),
    ("madrs remission", {"SOP-OUT-001"}),
    ("when do we stop if not working", {"SOP-OUT-001", "SOP-CNT-001"}),
    ("who can get ketamine", {"SOP-SEL-001"}),
    ("psychosis contraindication", {"SOP-SEL-001"}),
    ("referral", {"SOP-SEL-001"}),
    ("what goes on the emergency cart", {"SOP-SET-001"}),
    ("acls required", {"SOP-STF-001"}),
    ("training needed for nurses", {"SOP-STF-001"}),
    ("hypertension during or after the", {"CARD-HTN-001"}),
]


class _Searcher(Protocol):
    def search(self, text: str, *, limit: int = ...) -> Sequence[object]: ...


def ranks(searcher: _Searcher, queries: Sequence[tuple[str, set[str]]]) -> list[int | None]:
    """Return the rank (1-based) of the first right document of each query in its top 10, or None."""
    found: list[int | None] = []
    for text, expected in queries:
        ids = [getattr(hit, "doc_id", "") for hit in searcher.search(text, limit=10)]
        found.append(next((n for n, doc_id in enumerate(ids, 1) if doc_id in expected), None))
    return found


def recall(searcher: _Searcher, queries: Sequence[tuple[str, set[str]]]) -> dict[str, float | int]:
    """Return recall@1 and recall@3 (shares of queries with a right document that high)."""
    found = ranks(searcher, queries)
    total = max(1, len(found))
    return {
        "queries": len(found),
        "recall_at_1": round(sum(r == 1 for r in found) / total, 3),
        "recall_at_3": round(sum(r is not None and r <= 3 for r in found) / total, 3),
    }
