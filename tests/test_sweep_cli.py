"""``gdgui sweep``: options, CSV, plots and errors (wired as the lead will wire it)."""

from __future__ import annotations

import argparse
import csv
import io

import numpy as np
import pytest

from gdgui.cli import UsageError, _add_experiment_options, _Parser, experiment_from_args
from gdgui.core.experiment import preset
from gdgui.core.sweep import sweep
from gdgui.sweep_cli import SHARED_SKIP, add_sweep_arguments, run_sweep


def _parser() -> argparse.ArgumentParser:
    p = _Parser(prog="gdgui sweep")
    _add_experiment_options(p, skip=SHARED_SKIP)
    add_sweep_arguments(p)
    return p


def run(*argv: str) -> tuple[int, str, str]:
    args = _parser().parse_args(list(argv))
    out, err = io.StringIO(), io.StringIO()
    code = run_sweep(experiment_from_args(args), args, out, err)
    return code, out.getvalue(), err.getvalue()


def test_one_axis_csv_matches_the_sweep(tmp_path):
    path = tmp_path / "lr.csv"
    code, out, err = run(
        "--preset", "tutorial-003", "--lr", "1e-2:1:201", "--steps", "1500", "--csv", str(path)
    )
    assert code == 0 and err == ""
    assert "201 configurations × 1,500 steps" in out and "lr < 0.133333" in out
    rows = list(csv.DictReader(path.open()))
    assert list(rows[0]) == ["lr", "final_loss", "min_loss", "status", "steps", "rate"]
    assert len(rows) == 201
    ref = sweep(preset("tutorial-003"), {"lr": "1e-2:1:201"}, 1500)
    assert [float(r["lr"]) for r in rows] == ref.axes[0].values.tolist()
    assert [float(r["final_loss"]) for r in rows] == ref.final_loss[0].tolist()
    assert [r["status"] for r in rows] == ref.status[0].tolist()
    flips = [
        float(r["lr"])
        for a, r in zip(rows, rows[1:])
        if (a["status"] == "diverged") != (r["status"] == "diverged")
    ]
    assert len(flips) == 1 and 2 / 15 < flips[0] < 2 / 15 * 1.024


def test_two_axes_and_the_experiment_keeps_its_other_settings(tmp_path):
    path = tmp_path / "map.csv"
    code, out, _ = run(
        "--preset",
        "tutorial-003",
        "--lr",
        "0.01:0.5:4",
        "--momentum",
        "0:0.9:3",
        "--steps",
        "200",
        "--seed",
        "5",
        "--csv",
        str(path),
    )
    assert code == 0
    rows = list(csv.DictReader(path.open()))
    assert list(rows[0])[:2] == ["lr", "momentum"] and len(rows) == 12
    assert [float(r["momentum"]) for r in rows[:3]] == [0.0, 0.45, 0.9]
    assert {int(r["steps"]) for r in rows if r["status"] == "finished"} == {200}


def test_lr_and_momentum_are_axes_not_the_shared_options():
    p = _parser()
    args = p.parse_args(["--lr", "1e-3:1:5", "--momentum", "0:0.5:2", "--csv", "x.csv"])
    assert not hasattr(args, "lr") and not hasattr(args, "momentum")
    assert args.lr_axis == "1e-3:1:5" and args.momentum_axis == "0:0.5:2"
    assert experiment_from_args(args).hyperparams["lr"] == 0.01  # the preset's own
    # a parser without the shared options gets its own --lr, --momentum and --steps
    bare = argparse.ArgumentParser()
    add_sweep_arguments(bare)
    a = bare.parse_args(["--lr", "1e-3:1:5", "--steps", "7", "--csv", "o.csv"])
    assert a.lr_axis == "1e-3:1:5" and a.steps == 7 and a.momentum_axis is None


def test_several_optimizers_get_an_optimizer_column(tmp_path):
    path = tmp_path / "opt.csv"
    code, _, _ = run(
        "--preset",
        "tutorial-003",
        "--lr",
        "1e-3:1:5",
        "--optimizers",
        "gd,adam",
        "--steps",
        "50",
        "--csv",
        str(path),
    )
    assert code == 0
    rows = list(csv.DictReader(path.open()))
    assert list(rows[0])[0] == "optimizer"
    assert [r["optimizer"] for r in rows] == ["gd"] * 5 + ["adam"] * 5


@pytest.mark.parametrize(
    "argv, fragment",
    [
        (["--lr", "1e-3:1"], "--lr: expected FROM:TO:COUNT"),
        (["--lr", "0:1:10"], "--lr: a log-spaced axis needs ends > 0"),
        (["--lr", "1e-3:1:ten"], "--lr: COUNT must be a whole number"),
        (["--lr", "1e-3:1:5", "--momentum", "0:x:3"], "--momentum: FROM and TO must be numbers"),
        (["--lr", "1e-3:1:5", "--momentum=-1:0.5:3"], "momentum: must be >= 0"),
        (
            ["--lr", "1e-3:1:5", "--optimizer", "adam", "--momentum", "0:0.5:3"],
            "momentum: not a hyperparameter of adam",
        ),
        (["--momentum", "0:0.5:3"], "--lr A:B:N is required"),
        (["--lr", "1e-3:1:5", "--plot", "out.jpg"], "--plot: the file must end in .png or .svg"),
        (["--lr", "1e-3:1:5", "--optimizers", "gd,bogus"], "unknown optimizer 'bogus'"),
    ],
)
def test_bad_options_exit_2_with_one_line(tmp_path, argv, fragment):
    path = tmp_path / "out.csv"
    code, out, err = run("--preset", "tutorial-003", *argv, "--steps", "10", "--csv", str(path))
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("gdgui sweep: ") and fragment in err, err
    assert not path.exists()


def test_missing_csv_is_a_usage_error():
    with pytest.raises(UsageError, match="--csv"):
        _parser().parse_args(["--lr", "1e-3:1:5"])


def test_an_unwritable_csv_exits_2_with_one_line_before_the_sweep_runs(tmp_path):
    target = tmp_path / "no" / "such" / "dir.csv"
    code, out, err = run("--lr", "1e-3:1:3", "--steps", "5", "--csv", str(target))
    assert code == 2 and out == ""  # refused up front: nothing swept
    assert err == f"gdgui sweep: cannot write {target}: the folder {target.parent} does not exist\n"
    code, out, err = run("--lr", "1e-3:1:3", "--steps", "5", "--csv", str(tmp_path))
    assert code == 2 and out == ""
    assert err == f"gdgui sweep: cannot write {tmp_path}: it is a folder, not a file\n"
    folder = tmp_path / "out.png"
    folder.mkdir()
    code, out, err = run(
        "--lr", "1e-3:1:3", "--steps", "5", "--csv", str(tmp_path / "a.csv"), "--plot", str(folder)
    )
    assert code == 2 and out == "" and not (tmp_path / "a.csv").exists()
    assert err == f"gdgui sweep: cannot write {folder}: it is a folder, not a file\n"


def test_a_write_that_fails_exits_2_naming_the_file_once(tmp_path, monkeypatch):
    from gdgui import sweep_cli
    from gdgui.core.fileio import FileIOError

    def full_disk(path, text):
        raise FileIOError(f"cannot write {path}: No space left on device", str(path), 28)

    monkeypatch.setattr(sweep_cli, "atomic_write_text", full_disk)
    target = tmp_path / "s.csv"
    code, out, err = run("--lr", "1e-3:1:3", "--steps", "5", "--csv", str(target))
    assert code == 2 and out == ""
    assert err == f"gdgui sweep: cannot write {target}: No space left on device\n"


def test_an_unwritable_plot_exits_2_with_one_line(qapp, tmp_path, monkeypatch):
    from gdgui import sweep_cli

    def denied(res, path):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(sweep_cli, "_write_plot", denied)
    plot = tmp_path / "p.png"
    code, out, err = run(
        "--lr", "1e-3:1:3", "--steps", "5", "--csv", str(tmp_path / "s.csv"), "--plot", str(plot)
    )
    assert code == 2 and "Wrote" in out and f"Wrote {plot}" not in out
    assert err == f"gdgui sweep: cannot write {plot}: Permission denied\n"


def test_an_empty_output_name_is_a_usage_error():
    with pytest.raises(UsageError, match="--csv: needs a file name"):
        _parser().parse_args(["--lr", "1e-3:1:5", "--csv", ""])
    with pytest.raises(UsageError, match="--plot: needs a file name"):
        _parser().parse_args(["--lr", "1e-3:1:5", "--csv", "a.csv", "--plot", ""])


@pytest.mark.parametrize("suffix", [".png", ".svg"])
def test_plots_are_written(qapp, tmp_path, suffix):
    from PySide6.QtGui import QImage

    for axes in (
        ["--lr", "1e-3:1:40", "--optimizers", "gd,momentum"],
        ["--lr", "1e-3:1:20", "--momentum", "0:0.9:10"],
    ):
        plot = tmp_path / f"p{len(axes)}{suffix}"
        code, out, err = run(
            "--preset",
            "tutorial-003",
            *axes,
            "--steps",
            "300",
            "--csv",
            str(tmp_path / "p.csv"),
            "--plot",
            str(plot),
        )
        assert code == 0, err
        assert f"Wrote {plot}" in out
        if suffix == ".png":
            img = QImage(str(plot))
            assert img.width() >= 600 and img.height() >= 400
            # not blank: the 2D map is mostly colour, the 1D plot has curves
            px = {
                img.pixel(x, y)
                for x in range(0, img.width(), 17)
                for y in range(0, img.height(), 17)
            }
            assert len(px) > 10
        else:
            text = plot.read_text()
            assert text.lstrip().startswith("<?xml") or "<svg" in text[:500]
            assert "stability limit" in text or len(axes) == 4


def test_rates_in_the_csv_are_one_minus_eta_lambda_squared(tmp_path):
    path = tmp_path / "r.csv"
    assert run("--lr", "0.002:0.1:5", "--steps", "60", "--csv", str(path))[0] == 0
    rows = list(csv.DictReader(path.open()))
    lr = np.array([float(r["lr"]) for r in rows])
    rate = np.array([float(r["rate"]) for r in rows])
    np.testing.assert_allclose(rate, (1 - 15 * lr) ** 2, rtol=1e-6)
