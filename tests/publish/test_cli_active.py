"""The command line reads the content staff see: the installed, verified update, as the app does."""

from __future__ import annotations

import json

from handbook.cli import main
from handbook.publish.install import install_pack, packs_dir
from tests.publish.conftest import card, sop


def test_cli_search_and_coverage_use_the_installed_update(make_pack, capsys):
    install_pack(make_pack("2026.2", {"sops/mon.md": sop(version=2), "cards/htn.md": card()}).path)

    assert main(["search", "high", "blood", "pressure", "--json"]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out)[0]["id"] == "CARD-HTN-001"  # only the update has this card
    assert "(update 2026.2)" in err
    assert str(packs_dir() / "2026.2" / "content") in err

    main(["coverage", "--json"])
    out, err = capsys.readouterr()
    assert "(update 2026.2)" in err
    assert json.loads(out)["points"]


def test_cli_without_an_update_says_bundled(capsys, bundled_content):
    """Nothing installed: the bundled content, and the CLI says so."""
    main(["coverage", "--json"])
    err = capsys.readouterr().err
    assert "(bundled)" in err
    assert str(bundled_content) in err


def test_cli_ignores_a_tampered_update_with_a_warning(make_pack, capsys):
    install_pack(make_pack("2026.2", {"sops/mon.md": sop(), "cards/htn.md": card()}).path)
    target = packs_dir() / "2026.2" / "content" / "cards" / "htn.md"
    target.write_text(target.read_text(encoding="utf-8") + "\nAltered.\n", encoding="utf-8")

    main(["search", "high", "blood", "pressure", "--json"])
    out, err = capsys.readouterr()
    assert "CARD-HTN-001" not in out
    assert "(bundled)" in err
    assert "refused" in err


def test_cli_report_says_which_content(make_pack, capsys):
    """The report is read against the installed update too."""
    install_pack(make_pack("2026.2").path)
    assert main(["report"]) == 0
    assert "(update 2026.2)" in capsys.readouterr().err
