"""The command line: tutorial 003 digit for digit, options, errors and exit codes."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from gdgui.cli import main

SEED_003 = Path(__file__).resolve().parents[2] / "shared" / "seeds" / "003_67aa5f2cf1db0087.txt"
ROOT = Path(__file__).resolve().parents[1]


def tutorial_003_output() -> list[str]:
    """The printed result block of tutorial 003 (the article before 相关文章)."""
    text = SEED_003.read_text(encoding="utf-8").split("相关文章")[0]
    lines = text.splitlines()
    start = lines.index("Predict (befortraining) 4 4.0")
    end = next(i for i in range(start, len(lines)) if lines[i].startswith("Predict(after"))
    return lines[start : end + 1]


def run_cli(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.skipif(not SEED_003.exists(), reason="tutorial text not beside the repository")
def test_tutorial_003_digit_for_digit(capsys):
    expected = tutorial_003_output()
    assert len(expected) == 102
    code, out, err = run_cli(capsys, "run", "--preset", "tutorial-003")
    assert code == 0
    assert out.splitlines() == expected
    assert "Finished 100 steps" in err


def test_tutorial_003_known_lines(capsys):
    """The same without the tutorial file: first, a middle and the last lines."""
    code, out, _ = run_cli(capsys, "run", "--preset", "tutorial-003")
    lines = out.splitlines()
    assert lines[0] == "Predict (befortraining) 4 4.0"
    assert lines[1] == "Epoch: 0 w= 1.15 cost= 7.5"
    assert lines[36] == "Epoch: 35 w= 1.9971220627149744 cost= 8.597774757655033e-05"
    assert lines[100] == "Epoch: 99 w= 1.9999999125232637 cost= 7.943438830326513e-14"
    assert lines[101] == "Predict(after training) 4 7.999999650093055"


def test_quiet_and_csv(capsys, tmp_path):
    out_csv = tmp_path / "h.csv"
    code, out, err = run_cli(
        capsys, "run", "--preset", "tutorial-003", "--quiet", "--csv", str(out_csv)
    )
    assert code == 0
    assert out == ""  # --quiet: no steps and no Predict lines; the summary stays on stderr
    assert err.startswith("gdgui: Finished 100 steps") and "w=1.99999991" in err
    rows = out_csv.read_text().splitlines()
    assert rows[0].startswith("step,epoch,w,loss")
    assert rows[1] == "0,0,1.0,7.5,-15.0" and len(rows) == 102


def test_options_override_the_file(capsys, tmp_path):
    exp = tmp_path / "e.json"
    exp.write_text(
        json.dumps(
            {"version": 1, "optimizer": {"name": "gd", "lr": 0.01}, "epochs": 3, "init": [1.0]}
        )
    )
    code, out, _ = run_cli(capsys, "run", str(exp), "--lr", "0.05", "--epochs", "2")
    assert code == 0
    # w1 = 1 + 0.05·15 = 1.75
    assert out.splitlines() == [
        "Epoch: 0 w= 1.75 cost= 7.5",
        f"Epoch: 1 w= {1.75 - 0.05 * (2 * 7.5 * 1.75 - 30)} cost= {7.5 * 0.25**2}",
    ]


def test_linear_wb_adam_and_sgd(capsys, tmp_path):
    csv = tmp_path / "d.csv"
    csv.write_text('"x","y"\n0,1\n1,3\n2,5\n3,7\n')
    code, out, err = run_cli(
        capsys,
        "run",
        "--problem",
        "linear-wb",
        "--data",
        str(csv),
        "--optimizer",
        "adam",
        "--lr",
        "0.1",
        "--amsgrad",
        "--steps",
        "3000",
        "--quiet",
        "--tolerance",
        "1e-6",
    )
    assert code == 0 and "Converged" in err and "w=2.0" in err.replace("w=1.99999", "w=2.0")
    code, out, _ = run_cli(capsys, "run", "--batch-size", "1", "--epochs", "2", "--seed", "3")
    lines = out.splitlines()
    assert len(lines) == 8 and lines[0].startswith("Epoch: 0 step: 1 w= ")


def test_nesterov_flag_and_init(capsys):
    code, out, _ = run_cli(
        capsys,
        "run",
        "--nesterov",
        "--lr",
        "0.01",
        "--momentum",
        "0.5",
        "--steps",
        "1",
        "--init",
        "0",
    )
    # g = −30 at w = 0; b1 = g; step g + μb = −45 → w = 0.45
    assert code == 0 and out.splitlines() == ["Epoch: 0 w= 0.45 cost= 30.0"]


@pytest.mark.parametrize(
    "args,fragment",
    [
        (["run", "--lr", "-1"], "optimizer.lr: must be > 0, got -1.0"),
        (["run", "--lr", "abc"], 'must be a number, got "abc"'),
        (["run", "--optimizer", "sgdd"], "invalid choice: 'sgdd'"),
        (["run", "--alpha", "0.9"], "--alpha does not apply to gd (it applies to rmsprop)"),
        (["run", "--batch-size", "0"], "must be >= 1"),
        (["run", "--init", "1,x"], "numbers separated by commas"),
        (["run", "--init", "1,2"], "init: linear-w needs [w], got 2 value(s)"),
        (["run", "missing.json"], "missing.json: file not found"),
        (["run", "--data", "nope.csv"], "nope.csv"),
        (["run", "--preset", "nope"], "unknown preset 'nope'"),
        (["run", "--epochs", "1", "--steps", "1"], "not allowed with argument"),
        (["run", "--bogus"], "unrecognized arguments: --bogus"),
    ],
)
def test_bad_arguments_exit_2_with_one_line(capsys, args, fragment):
    code, out, err = run_cli(capsys, *args)
    assert code == 2
    assert out == ""
    assert fragment in err, err
    assert len(err.strip().splitlines()) <= 2 and "Traceback" not in err


def test_bad_csv_reports_lines(capsys, tmp_path):
    csv = tmp_path / "bad.csv"
    csv.write_text("x,y\n1,2\n2,oops\n3,6\n")
    code, _, err = run_cli(capsys, "run", "--data", str(csv))
    assert code == 2 and "line 3" in err and "Traceback" not in err


def test_divergence_exit_3(capsys):
    code, out, err = run_cli(capsys, "run", "--preset", "tutorial-003", "--lr", "0.2", "--quiet")
    assert code == 3
    assert "Diverged at step 20" in err and "0.133333" in err


def test_entry_points_in_a_subprocess(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "QT_QPA_PLATFORM")}
    for cmd in ([sys.executable, "-m", "gdgui"], [sys.executable, str(ROOT / "main.py")]):
        p = subprocess.run(
            [*cmd, "run", "--preset", "tutorial-003"],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
        )
        assert p.returncode == 0, p.stderr
        assert p.stdout.splitlines()[-1] == "Predict(after training) 4 7.999999650093055"
        p = subprocess.run(
            [*cmd, "run", "--lr", "0"], capture_output=True, text=True, env=env, timeout=60
        )
        assert p.returncode == 2 and "Traceback" not in p.stderr


def test_core_imports_no_qt():
    code = (
        "import sys, gdgui, gdgui.core, gdgui.cli; "
        "import gdgui.core.data, gdgui.core.surfaces, gdgui.core.expr; "
        "gdgui.preset('tutorial-003').run(); "
        "bad = [m for m in sys.modules if m.split('.')[0] in "
        "('PySide6', 'pyqtgraph', 'superqt', 'qtpy', 'PyQt5', 'PyQt6', 'shiboken6')]; "
        "print(bad); sys.exit(1 if bad else 0)"
    )
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert p.returncode == 0, p.stdout + p.stderr


def test_standardize_prints_the_original_scale(capsys, tmp_path):
    csv = tmp_path / "incomes.csv"
    xs = [20_000 + 1_000 * i for i in range(50)]
    csv.write_text("income,spend\n" + "".join(f"{x},{0.3 * x + 5000}\n" for x in xs))
    code, _, err = run_cli(
        capsys, "run", "--problem", "linear-wb", "--data", str(csv), "--quiet", "--init", "0,0"
    )
    assert code == 3 and "Diverged" in err
    out_csv = tmp_path / "h.csv"
    code, out, err = run_cli(
        capsys,
        "run",
        "--problem",
        "linear-wb",
        "--data",
        str(csv),
        "--standardize",
        "--lr",
        "0.1",
        "--epochs",
        "500",
        "--init",
        "0,0",
        "--csv",
        str(out_csv),
    )
    assert code == 0
    last = out.splitlines()[-1].split()
    assert float(last[last.index("w=") + 1]) == pytest.approx(0.3, rel=1e-9)
    assert float(last[last.index("b=") + 1]) == pytest.approx(5000, rel=1e-9)
    rows = out_csv.read_text().splitlines()
    assert rows[0] == "step,epoch,w,b,loss,grad_w,grad_b"
    assert rows[1].split(",")[2:4] == ["0.0", "0.0"]


def test_surfaces_expressions_and_gradient_noise(capsys, tmp_path):
    out_csv = tmp_path / "r.csv"
    code, _, err = run_cli(
        capsys,
        "run",
        "--problem",
        "rosenbrock",
        "--optimizer",
        "adam",
        "--lr",
        "0.05",
        "--steps",
        "3000",
        "--quiet",
        "--csv",
        str(out_csv),
    )
    assert code == 0 and "Finished 3000 steps." in err
    rows = out_csv.read_text().splitlines()
    assert rows[0] == "step,epoch,x,y,loss,grad_x,grad_y"
    x, y = map(float, rows[-1].split(",")[2:4])
    assert (x, y) == pytest.approx((1.0, 1.0), abs=1e-6)

    code, out, _ = run_cli(
        capsys, "run", "--expr", "x^2 + 3*y^2", "--init", "1,1", "--lr", "0.1", "--steps", "1"
    )
    # ∇f = (2x, 6y) = (2, 6) → (0.8, 0.4); f before = 4
    assert code == 0 and out.splitlines() == [f"Epoch: 0 x= {1 - 0.1 * 2} y= {1 - 0.1 * 6} f= 4.0"]

    code, _, err = run_cli(capsys, "run", "--expr", "x**2 - y**2 + z")
    assert code == 2 and "unknown name 'z' at column 15" in err
    code, _, err = run_cli(capsys, "run", "--problem", "rosenbrock", "--data", "doubling")
    assert code == 2 and "--data applies to line problems" in err


def test_saddle_preset_stalls_without_noise_and_escapes_with_it(capsys):
    code, _, err = run_cli(capsys, "run", "--preset", "saddle-noise", "--quiet")
    assert code == 0 and "Final x=0.0," in err and "loss=1.0." in err  # stuck on the saddle
    code, _, err = run_cli(
        capsys, "run", "--preset", "saddle-noise", "--quiet", "--gradient-noise", "0.05"
    )
    final_x = float(err.split("Final x=")[1].split(",")[0])
    assert code == 0 and abs(abs(final_x) - 1) < 0.05  # rolled into a minimum at x = ±1
