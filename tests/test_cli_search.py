"""`handbook search --json --explain`: why each hit ranked."""

from __future__ import annotations

import json

from handbook.cli import main
from tests.conftest import SOP_BODY, front_matter

VOCABULARY = "filler: [patient]\nlay_words:\n  obs: [vital signs]\n"


def test_cli_search_explain_shows_each_part_of_the_query(make_content, capsys):
    """Each hit lists the words typed, their role and what they added."""
    root = make_content({"mon.md": front_matter() + SOP_BODY, "reference/vocabulary.yaml": VOCABULARY})
    assert main(["search", "--json", "--explain", "--content", str(root), "patient", "obs"]) == 0
    hits = json.loads(capsys.readouterr().out)
    assert hits[0]["id"] == "SOP-MON-001"
    why = {reason["words"]: reason for reason in hits[0]["why"]}
    assert why["patient"]["role"] == "filler"
    assert why["obs"]["role"] == "required"
    assert why["obs"]["score"] > 0


def test_cli_search_without_explain_has_no_why(make_content, capsys):
    """The JSON stays as it was without --explain."""
    root = make_content({"mon.md": front_matter() + SOP_BODY})
    main(["search", "--json", "--content", str(root), "vital"])
    assert "why" not in json.loads(capsys.readouterr().out)[0]
