"""`handbook dose`: the dose calculator on the command line (same rules as the app, no Qt).

Exit 0 with the result; 2 when the input is refused (out of range, not a number); 1 when the content
lacks a value the calculator needs. The reason is one line on stderr.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from handbook.library.loader import load_library
from handbook.tools.dose import calculate_dose


def run(args: argparse.Namespace, content_dir: Path) -> int:
    """Calculate from parsed arguments (weight_kg, mg_per_kg, minutes, mg_per_ml, json)."""
    values = load_library(content_dir).library.values
    outcome = calculate_dose(values, args.weight_kg, args.mg_per_kg, args.minutes, args.mg_per_ml)
    if outcome.result is None:
        if args.json:
            rows = [{"field": p.field, "message": p.message} for p in outcome.problems]
            print(json.dumps({"problems": rows}, indent=2))
        print("error: dose refused: " + "; ".join(p.message for p in outcome.problems), file=sys.stderr)
        return 1 if any(p.field == "content" for p in outcome.problems) else 2
    result = outcome.result
    if args.json:
        print(json.dumps(result.as_dict(), indent=2, ensure_ascii=False))
        return 0
    print(f"Total dose  {result.total_mg} mg")
    print(f"Volume      {result.volume_ml} mL")
    print(f"Pump rate   {result.rate_ml_per_h} mL/h")
    print()
    for line in (*result.formula, *result.notes, result.rounding):
        print(line)
    for value in result.used:
        print(f"Limit from the content: {value.name} = {value.text} {value.unit} ({value.doc_id})")
    print(result.notice)
    return 0
