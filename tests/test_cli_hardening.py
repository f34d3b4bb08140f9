"""The command line's audit (issue 9) and its new subcommands and options (issues 10, 13)."""

from __future__ import annotations

import csv
import errno
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import gdgui.cli as cli
from gdgui.cli import main

ROOT = Path(__file__).resolve().parents[1]


def run_cli(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def one_line(err: str) -> str:
    assert err.count("\n") == 1 and "Traceback" not in err, err
    return err


# --- values as people type them -----------------------------------------------------------
def test_negative_init_values(capsys):
    code, _, err = run_cli(
        capsys, "run", "--problem", "linear-wb", "--init", "-1.5,2", "--steps", "0"
    )
    assert code == 0 and "Final w=-1.5, b=2.0," in err
    code, out, err = run_cli(capsys, "run", "--init", "-1", "--epochs", "1")
    # the doubling data: L(w) = 7.5·(w − 2)², dL/dw = 15·(w − 2) = −45 at w = −1
    assert code == 0 and out.splitlines()[0] == "Epoch: 0 w= -0.55 cost= 67.5", out


def test_small_and_negative_numbers(capsys):
    code, out, _ = run_cli(capsys, "run", "--lr", "1e-3", "--epochs", "1", "--quiet")
    assert code == 0 and out == ""
    code, _, err = run_cli(capsys, "run", "--lr", "-1e-3", "--epochs", "1")
    assert code == 2 and "optimizer.lr: must be > 0, got -0.001" in one_line(err)
    code, _, err = run_cli(
        capsys, "run", "--problem", "saddle", "--init", "-.5,-1e-1", "--steps", "0"
    )
    assert code == 0 and "Final x=-0.5, y=-0.1," in err


@pytest.mark.parametrize(
    "args, fragment",
    [
        (["run", "--preset", ""], "--preset: needs a name"),
        (["run", "--csv", ""], "--csv: needs a file name"),
        (["run", ""], "needs a file name"),
        (["run", "--data", ""], "--data: needs a file name"),
        (["run", "a\0b.json"], "NUL byte"),
        (["run", "--data", "x\0.csv"], "NUL byte"),
        (["run", "--steps", str(10**12)], "--steps: must be from 0 to 1,000,000,000"),
        (["run", "--epochs", "9" * 5000], "--epochs: must be a whole number"),
        (["run", "--steps", "-1"], "--steps: must be from 0"),
        (["run", "--batch-size", "1", "--epochs", "999999999"], "from 0 to 1,000,000,000"),
        (
            ["run", "--schedule", "cosine:T_max=0"],
            "--schedule: schedule cosine: T_max must be >= 1",
        ),
        (["run", "--schedule", "warp:x=1"], "unknown name 'warp'"),
        (
            ["run", "--optimizer", "momentum", "--schedule", "onecycle:max_lr=1,total_steps=5"],
            "total_steps = 5 but the run takes 100 steps",
        ),
        (["export", "--out", "o", "--scale", "0"], "--scale: must be a number above 0"),
        (["export", "--out", "o", "--scale", "nan"], "--scale: must be a number above 0"),
        (["export", "--out", "o", "--scale", "1000"], "at most 8"),
        (["export", "--out", ""], "--out: needs a file name"),
        (["window", "--lang", "fr"], "--lang"),
        (["explain", "--step", "x"], "--step: must be a whole number"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(capsys, args, fragment):
    code, out, err = run_cli(capsys, *args)
    assert code == 2 and out == ""
    assert fragment in one_line(err), err


def test_a_huge_value_is_cut_in_the_message(capsys):
    code, _, err = run_cli(capsys, "run", "--lr", "x" * 1_000_000)
    assert code == 2 and len(one_line(err)) < 200 and "…" in err


def test_export_out_must_be_a_writable_folder(capsys, tmp_path):
    a_file = tmp_path / "f.png"
    a_file.write_text("")
    code, _, err = run_cli(capsys, "export", "--out", str(a_file))
    assert code == 2 and f"--out: {a_file} is a file, not a folder" in one_line(err)
    code, _, err = run_cli(capsys, "export", "--out", str(a_file / "sub"))
    assert code == 2 and "--out: cannot make" in one_line(err)
    assert a_file.read_text() == ""


# --- starts that are not finite: diverged at step 0 ---------------------------------------
@pytest.mark.parametrize(
    "args, reason",
    [
        (["--expr", "log(x)", "--init", "-1,0"], "the loss is not finite"),
        (["--expr", "9**9**9**9"], "not finite"),
        (["--init", "1e200"], "the loss is not finite"),
    ],
)
def test_a_non_finite_start_diverges_at_step_0(capsys, args, reason):
    code, out, err = run_cli(capsys, "run", *args, "--epochs", "5")
    assert code == 3
    assert "Diverged at step 0" in one_line(err) and reason in err
    assert "Epoch" not in out and "Warning" not in err


def test_csv_cells_of_1e308_diverge_at_step_0(capsys, tmp_path):
    data = tmp_path / "big.csv"
    data.write_text("x,y\n1,1e308\n2,-1e308\n")
    code, _, err = run_cli(capsys, "run", "--data", str(data), "--epochs", "3")
    assert code == 3 and "Diverged at step 0" in one_line(err)


def test_no_numpy_warnings_on_a_subprocess_stderr(tmp_path):
    p = subprocess.run(
        [
            sys.executable,
            "-m",
            "gdgui",
            "run",
            "--expr",
            "exp(x)**40",
            "--init",
            "30,0",
            "--lr",
            "10",
            "--steps",
            "50",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert p.returncode == 3 and p.stderr.count("\n") == 1, p.stderr
    assert "RuntimeWarning" not in p.stderr


# --- output that cannot be written --------------------------------------------------------
def test_a_closed_pipe_ends_quietly():
    p = subprocess.Popen(
        [sys.executable, "-m", "gdgui", "run", "--epochs", "200000"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    first = p.stdout.readline()
    p.stdout.close()  # as `| head -1` does
    err = p.stderr.read().decode()
    assert p.wait(timeout=60) == 0
    assert first == b"Epoch: 0 w= 1.15 cost= 7.5\n" and err == ""


def test_a_full_disk_is_one_line(capsys, monkeypatch):
    class Full(io.StringIO):
        def write(self, s):
            raise OSError(errno.ENOSPC, "No space left on device")

        def fileno(self):
            raise io.UnsupportedOperation("no fd")

    monkeypatch.setattr(sys, "stdout", Full())
    code = main(["run", "--epochs", "3"])
    err = capsys.readouterr().err
    assert (
        code == 2 and one_line(err) == "gdgui: cannot write the output: No space left on device\n"
    )


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_dev_full_in_a_subprocess():
    with open("/dev/full", "w") as full:
        p = subprocess.run(
            [sys.executable, "-m", "gdgui", "run", "--epochs", "3"],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
        )
    assert (
        p.returncode == 2
        and p.stderr == "gdgui: cannot write the output: No space left on device\n"
    )


# --- the printout -------------------------------------------------------------------------
def test_quiet_prints_no_predict_lines(capsys):
    code, out, err = run_cli(capsys, "run", "--quiet", "--epochs", "3")
    assert code == 0 and out == "" and err.startswith("gdgui: Finished 3 steps")


def test_the_printout_numbers_rows_by_history_step(capsys, monkeypatch):
    from gdgui.core import experiment as experiment_module
    from gdgui.core.runner import Run

    original = experiment_module.Experiment.build_run

    def small_history(self, problem=None):  # thinned after 64 rows, like 2e6 for real
        r = original(self, problem)
        return Run(
            r.problem, r.optimizer, r.hp, r.history.params[0], batch_size=1, steps=5000, max_rows=64
        )

    monkeypatch.setattr(experiment_module.Experiment, "build_run", small_history)
    code, out, _ = run_cli(capsys, "run", "--batch-size", "1")
    lines = [ln for ln in out.splitlines() if ln.startswith("Epoch")]
    steps = [int(ln.split("step: ")[1].split()[0]) for ln in lines]
    assert code == 0 and steps == list(range(1, 5001))


def test_schedule_on_the_command_line_writes_the_lr_column(capsys, tmp_path):
    out_csv = tmp_path / "h.csv"
    code, _, _ = run_cli(
        capsys,
        "run",
        "--schedule",
        "step:step_size=2,gamma=0.5",
        "--steps",
        "5",
        "--quiet",
        "--csv",
        str(out_csv),
    )
    rows = list(csv.DictReader(out_csv.open()))
    assert code == 0 and [r["lr"] for r in rows][1:] == ["0.01", "0.01", "0.005", "0.005", "0.0025"]


def test_an_optimizer_change_drops_a_schedule_it_cannot_take(capsys, tmp_path):
    exp = tmp_path / "e.json"
    exp.write_text(
        json.dumps(
            {
                "version": 1,
                "optimizer": {"name": "momentum", "lr": 0.01, "momentum": 0.9},
                "schedule": {"name": "onecycle", "max_lr": 0.1, "total_steps": 100},
            }
        )
    )
    code, _, err = run_cli(capsys, "run", str(exp), "--optimizer", "gd", "--quiet")
    assert code == 0 and err.startswith(
        "gdgui: the experiment's schedule was dropped: schedule onecycle: cycle_momentum needs"
    )


# --- subcommands --------------------------------------------------------------------------
def test_explain_subcommand(capsys):
    code, out, _ = run_cli(capsys, "explain", "--preset", "tutorial-003", "--step", "1", "--json")
    assert code == 0
    data = json.loads(out)
    assert data["step"] == 1 and "1.15" in json.dumps(data)
    code, _, err = run_cli(capsys, "explain", "--preset", "tutorial-003", "--step", "101")
    assert code == 2 and one_line(err).startswith("gdgui explain: --step:")


def test_sweep_subcommand(capsys, tmp_path):
    out_csv = tmp_path / "s.csv"
    code, out, err = run_cli(
        capsys,
        "sweep",
        "--preset",
        "tutorial-003",
        "--lr",
        "1e-2:1:11",
        "--steps",
        "100",
        "--csv",
        str(out_csv),
    )
    assert code == 0, err
    rows = list(csv.DictReader(out_csv.open()))
    assert len(rows) == 11 and float(rows[0]["lr"]) == 0.01
    assert rows[0]["status"] == "finished" and rows[-1]["status"] == "diverged"
    code, _, err = run_cli(
        capsys, "sweep", "--lr", "1e-2:1:3", "--steps", str(10**12), "--csv", str(out_csv)
    )
    assert code == 2 and "--steps: must be from 0" in one_line(err)


def test_export_loss_scale_reaches_the_export(capsys, tmp_path, monkeypatch):
    import gdgui.ui.headless as headless

    seen = {}

    def fake(exp, out, **kw):
        seen.update(kw)
        return []

    monkeypatch.setattr(headless, "export_experiment", fake)
    assert run_cli(capsys, "export", "--out", str(tmp_path), "--loss-scale", "log")[0] == 0
    assert seen["loss_scale"] == "log"
    exp = tmp_path / "e.json"
    exp.write_text('{"version": 1, "view": {"loss_scale": "log"}}')
    assert run_cli(capsys, "export", str(exp), "--out", str(tmp_path))[0] == 0
    assert seen["loss_scale"] == "log"
    assert (
        run_cli(capsys, "export", str(exp), "--out", str(tmp_path), "--loss-scale", "linear")[0]
        == 0
    )
    assert seen["loss_scale"] == "linear"


def test_export_with_a_log_loss_axis_and_huge_ranges(capsys, tmp_path, qapp):
    exp = tmp_path / "e.json"
    exp.write_text(
        json.dumps(
            {
                "version": 1,
                "problem": {
                    "name": "custom",
                    "expr": "x**2 + y**2",
                    "domain": [[-1e308, 1e308], [-1e308, 1e308]],
                },
                "steps": 3,
            }
        )
    )
    code, out, err = run_cli(
        capsys, "export", str(exp), "--out", str(tmp_path / "o"), "--loss-scale", "log"
    )
    assert code == 0 and "Not setting range" not in err and "Traceback" not in err
    assert (tmp_path / "o" / "loss.png").stat().st_size > 1000
    code, out, err = run_cli(
        capsys, "export", "--init", "-1e308", "--steps", "2", "--out", str(tmp_path / "p")
    )
    assert code == 0 and "range" not in err


# --- the window -----------------------------------------------------------------------------
def test_window_passes_lang_and_file(capsys, monkeypatch, tmp_path):
    import gdgui.ui.app as app

    seen = {}
    monkeypatch.setattr(app, "run_app", lambda **kw: seen.update(kw) or 0)
    monkeypatch.setattr(cli, "display_problem", lambda: "")
    assert main(["--lang", "zh-CN", str(tmp_path / "x.json")]) == 0
    assert seen == {"experiment": str(tmp_path / "x.json"), "preset_name": None, "lang": "zh_CN"}


def test_no_display_is_one_line(capsys, monkeypatch):
    env = {"PATH": "/usr/bin"}
    assert "needs a display" in cli.display_problem(env, "linux")
    assert cli.display_problem({"QT_QPA_PLATFORM": "offscreen"}, "linux") == ""
    assert cli.display_problem({}, "darwin") == ""
    real = cli.display_problem
    monkeypatch.setattr(cli, "display_problem", lambda: real(env, "linux"))
    code, _, err = run_cli(capsys, "window")
    assert code == 2 and "'gdgui run' and 'gdgui export' work without one" in one_line(err)


def test_missing_xcb_libraries_are_named(monkeypatch):
    import ctypes

    real = ctypes.CDLL

    def fake(name, *a, **k):
        if name in ("libxcb-cursor.so.0", "libxcb-icccm.so.4"):
            raise OSError(f"{name}: cannot open shared object file")
        return real("libc.so.6")

    monkeypatch.setattr(ctypes, "CDLL", fake)
    msg = cli.display_problem({"DISPLAY": ":0"}, "linux")
    assert msg == (
        "gdgui: Qt's xcb platform needs libxcb-icccm.so.4, libxcb-cursor.so.0; "
        "install them with 'apt-get install libxcb-icccm4 libxcb-cursor0'"
    )
    assert cli.display_problem({"DISPLAY": ":0", "WAYLAND_DISPLAY": "w"}, "linux") == ""


def test_readme_names_the_system_packages():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    for package in cli.XCB_LIBRARIES.values():
        assert package in text
    for option in ("--schedule", "--lang", "--loss-scale", "gdgui explain", "gdgui sweep"):
        assert option in text


def test_a_checkout_copy_finds_its_resources(tmp_path):
    """Issue 10: the source tree's gdgui (without resources/ inside) still finds them."""
    import shutil

    shutil.copytree(
        ROOT / "gdgui", tmp_path / "gdgui", ignore=shutil.ignore_patterns("__pycache__")
    )
    shutil.copytree(ROOT / "resources", tmp_path / "resources")
    shutil.copy(ROOT / "main.py", tmp_path / "main.py")
    for cmd in (["main.py"], ["-m", "gdgui"]):
        p = subprocess.run(
            [sys.executable, *cmd, "run", "--preset", "tutorial-003", "--quiet"],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert p.returncode == 0, p.stderr
        assert "w=1.99999991" in p.stderr
    probe = "import gdgui, gdgui._resources as r; print(gdgui.__file__); print(r.files())"
    p = subprocess.run(
        [sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True, timeout=60
    )
    assert p.stdout.splitlines()[0].startswith(str(tmp_path))
