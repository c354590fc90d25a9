"""`handbook dose`: same rules as the app, JSON for scripts, non-zero exit with the reason when refused."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from handbook.cli import main
from tests.conftest import SOP_BODY, front_matter


@pytest.fixture
def content(tool_content):
    """A content folder with the standard values."""
    return tool_content()


def _args(content, *extra):
    return ["dose", "--weight-kg", "70", "--mg-per-kg", "0.5", "--minutes", "40", "--mg-per-ml", "1",
            "--content", str(content), *extra]  # fmt: skip


def test_cli_dose_json_prints_figures(content, capsys):
    """--json prints total_mg, volume_ml and rate_ml_per_h for 70 kg x 0.5 mg/kg over 40 min at 1 mg/mL."""
    assert main(_args(content, "--json")) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["total_mg"], data["volume_ml"], data["rate_ml_per_h"]) == (35.0, 35.0, 52.5)
    assert data["inputs"] == {"weight_kg": 70.0, "mg_per_kg": 0.5, "minutes": 40.0, "mg_per_ml": 1.0}
    assert "independent double check" in data["notice"]


def test_cli_dose_text_shows_formula_and_notice(content, capsys):
    """The plain output gives the figures, the worked formula, the rounding and the double-check notice."""
    assert main(_args(content)) == 0
    out = capsys.readouterr().out
    assert "Pump rate   52.5 mL/h" in out
    assert "Pump rate = 35 mL × 60 ÷ 40 min = 52.5 mL/h → 52.5 mL/h" in out
    assert "rounded once, half up" in out
    assert "Verify against the order; independent double check per SOP" in out


def test_cli_dose_out_of_range_exits_2_with_reason(content, capsys):
    """A dose above dose_mg_per_kg_max exits 2 with a one-line reason on stderr."""
    args = _args(content)
    args[4] = "1.2"
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "Dose: 1.2 mg/kg is outside 0.5–1 mg/kg" in err


@pytest.mark.parametrize("weight", ["0", "-70", "nan", "inf", "seventy"])
def test_cli_dose_bad_number_exits_2(content, capsys, weight):
    """Zero, negative, NaN, infinite or text weight exits 2 naming the weight."""
    args = _args(content)
    args[2] = weight
    assert main(args) == 2
    assert "Weight:" in capsys.readouterr().err


def test_cli_dose_json_refusal_lists_problems(content, capsys):
    """With --json a refusal also prints the problems as JSON."""
    args = _args(content, "--json")
    args[6] = "90"
    assert main(args) == 2
    assert json.loads(capsys.readouterr().out)["problems"][0]["field"] == "minutes"


def test_cli_dose_missing_value_exits_1(make_content, capsys):
    """Content without the dose range exits 1, naming the missing value and SOP-DOS-001."""
    root = make_content({"mon.md": front_matter() + SOP_BODY})
    assert main(_args(root)) == 1
    assert (
        "'dose_mg_per_kg_min' is not defined in the content (expected in SOP-DOS-001)"
        in capsys.readouterr().err
    )


def test_cli_dose_runs_on_shipped_content(capsys):
    """The bundled content defines every value the calculator needs (the SOP's worked example)."""
    assert main(["dose", "--weight-kg", "70", "--mg-per-kg", "0.5", "--minutes", "40", "--mg-per-ml", "1",
                 "--json"]) == 0  # fmt: skip
    assert json.loads(capsys.readouterr().out)["rate_ml_per_h"] == 52.5


def test_cli_dose_never_imports_qt(content):
    """The dose command runs without loading PySide6."""
    code = (
        "import sys; from handbook.cli import main; "
        "main(['dose', '--weight-kg', '70', '--mg-per-kg', '0.5', '--minutes', '40', '--mg-per-ml', '1', "
        "'--content', sys.argv[1]]); "
        "assert not any(m.startswith('PySide6') for m in sys.modules), 'Qt imported'"
    )
    subprocess.run([sys.executable, "-c", code, str(content)], check=True, capture_output=True)


def test_cli_dose_missing_content_folder_exits_2(tmp_path, capsys):
    """A content folder that does not exist is a one-line error and exit 2."""
    assert main(_args(tmp_path / "nope")) == 2
    assert "content folder not found" in capsys.readouterr().err
