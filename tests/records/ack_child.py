"""Child process of the crash test: acknowledge in a loop, print `seq uuid` after each commit returns.

Run as `python -m tests.records.ack_child RECORDS CONTENT`; it never stops by itself (the test kills it).
"""

from __future__ import annotations

import sys
from pathlib import Path

from handbook.library.loader import load_library
from handbook.records.acks import acknowledge
from handbook.records.db import RecordStore
from handbook.records.profiles import local_profiles


def main(records: str, content: str) -> None:
    """Acknowledge SOP-MON-001 for the first local person, forever, reporting every committed row."""
    doc = load_library(Path(content)).library.get("SOP-MON-001")
    store = RecordStore.open(Path(records))
    person = local_profiles(store)[0]
    print("ready", flush=True)
    while True:
        event = acknowledge(store, person, doc)
        print(event.seq, event.uuid, flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
