"""Runs side by side on the command line: files with ``runs``, ``--compare``, the CSV's
``run`` column, exit 3 when one run diverges, ``export`` of several runs and
``export --animate``."""

import argparse
import csv
import io
import json

import numpy as np
import pytest

from gdgui.cli import _compare, main
from gdgui.core.experiment import load_experiment, preset


def run_cli(capsys, *args):
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


BASE = {
    "version": 1,
    "problem": {"name": "linear-w"},
    "data": {"preset": "doubling"},
    "optimizer": {"name": "gd", "lr": 0.01},
    "steps": 20,
    "predict": [4],
}


def write(tmp_path, runs, name="runs.json", **extra):
    path = tmp_path / name
    path.write_text(json.dumps({**BASE, **extra, "runs": runs}), encoding="utf-8")
    return path


def blocks(out: str) -> dict[str, list[str]]:
    """The per-run blocks of ``gdgui run``: name -> its lines."""
    found: dict[str, list[str]] = {}
    current = None
    for line in out.splitlines():
        if line.startswith("== ") and line.endswith(" =="):
            current = line[3:-3]
            found[current] = []
        elif line and current is not None:
            found[current].append(line)
    return found


def test_a_file_with_runs_prints_one_block_per_run_each_the_run_alone(tmp_path, capsys):
    path = write(
        tmp_path,
        [
            {"name": "slow"},
            {"optimizer": {"lr": 0.05}},
            {"name": "adam", "optimizer": {"name": "adam", "lr": 0.1}},
        ],
    )
    code, out, err = run_cli(capsys, "run", path)
    assert code == 0
    got = blocks(out)
    assert list(got) == ["slow", "gd, η = 0.05", "adam"]
    # each block is exactly what the run prints alone (a file without runs)
    for name, change in (
        ("slow", {}),
        ("gd, η = 0.05", {"optimizer": {"name": "gd", "lr": 0.05}}),
        ("adam", {"optimizer": {"name": "adam", "lr": 0.1}}),
    ):
        single = tmp_path / "single.json"
        single.write_text(json.dumps({**BASE, **change}), encoding="utf-8")
        code1, out1, _ = run_cli(capsys, "run", single)
        assert code1 == 0
        assert got[name] == out1.splitlines()
        assert len(got[name]) == 20 + 2  # 20 steps and the two Predict lines
    summaries = err.splitlines()
    assert [s.split(":")[1].strip() for s in summaries] == ["slow", "gd, η = 0.05", "adam"]
    assert all("Finished 20 steps" in s for s in summaries)


def test_the_slower_run_ends_further_from_the_answer(tmp_path, capsys):
    path = write(tmp_path, [{"name": "slow"}, {"name": "fast", "optimizer": {"lr": 0.05}}])
    code, _, err = run_cli(capsys, "run", path, "--quiet")
    assert code == 0
    w = {
        line.split(":")[1].strip(): float(line.split("Final w=")[1].split(",")[0])
        for line in err.splitlines()
    }
    assert abs(w["fast"] - 2) < abs(w["slow"] - 2)
    assert abs(w["fast"] - 2) < 1e-6  # gd with lr 0.05 on y = 2x converges in 20 steps


def test_a_bad_run_in_the_file_is_named_with_its_path(tmp_path, capsys):
    path = write(tmp_path, [{}, {}, {"optimizer": {"lr": "fast"}}])
    code, out, err = run_cli(capsys, "run", path)
    assert code == 2
    assert out == ""
    assert len(err.splitlines()) == 1
    assert "runs[2].optimizer.lr: must be a number" in err
    path = write(tmp_path, [{"name": "a"}, {"speed": 3}])
    code, _, err = run_cli(capsys, "run", path)
    assert code == 2 and "runs[1].speed: unknown key" in err


def test_the_csv_has_a_run_column_and_each_runs_rows(tmp_path, capsys):
    path = write(tmp_path, [{"name": "a, with a comma"}, {"name": "b", "optimizer": {"lr": 0.05}}])
    out_csv = tmp_path / "h.csv"
    code, _, _ = run_cli(capsys, "run", path, "--quiet", "--csv", out_csv)
    assert code == 0
    rows = list(csv.reader(io.StringIO(out_csv.read_text(encoding="utf-8"))))
    assert rows[0] == ["run", "step", "epoch", "w", "loss", "grad_w"]
    assert [r[0] for r in rows[1:]] == ["a, with a comma"] * 21 + ["b"] * 21
    # run b's rows are its history alone
    single = tmp_path / "single.json"
    single.write_text(
        json.dumps({**BASE, "optimizer": {"name": "gd", "lr": 0.05}}), encoding="utf-8"
    )
    alone = tmp_path / "alone.csv"
    run_cli(capsys, "run", single, "--quiet", "--csv", alone)
    alone_rows = list(csv.reader(io.StringIO(alone.read_text(encoding="utf-8"))))
    assert alone_rows[0] == rows[0][1:]  # one run: today's columns, no run column
    assert [r[1:] for r in rows[22:]] == alone_rows[1:]
    w = np.array([float(r[3]) for r in rows[1:22]])
    assert np.all(np.diff(w) > 0)  # run a climbs towards w = 2


def test_a_race_csv_where_one_run_has_a_schedule_has_one_header_for_all(tmp_path, capsys):
    path = write(
        tmp_path,
        [
            {"name": "plain"},
            {"name": "stepped", "schedule": {"name": "step", "step_size": 5, "gamma": 0.5}},
        ],
    )
    out_csv = tmp_path / "h.csv"
    code, _, _ = run_cli(capsys, "run", path, "--quiet", "--csv", out_csv)
    assert code == 0
    rows = list(csv.reader(io.StringIO(out_csv.read_text(encoding="utf-8"))))
    assert rows[0] == ["run", "step", "epoch", "w", "loss", "grad_w", "lr"]
    assert {len(r) for r in rows} == {7}  # every row as long as the header
    plain = [r for r in rows[1:] if r[0] == "plain"]
    stepped = [r for r in rows[1:] if r[0] == "stepped"]
    assert len(plain) == len(stepped) == 21
    assert all(r[6] == "" for r in plain)  # no rate recorded: an empty cell
    assert float(stepped[1][6]) == 0.01 and float(stepped[6][6]) == 0.005  # halved at 5


def test_exit_3_when_one_of_several_runs_diverges_and_it_is_named(tmp_path, capsys):
    path = write(
        tmp_path,
        [
            {"name": "calm"},
            {"name": "boom", "optimizer": {"lr": 5}},
            {"name": "steady", "optimizer": {"lr": 0.02}},
        ],
    )
    code, out, err = run_cli(capsys, "run", path, "--quiet")
    assert code == 3
    assert out == ""
    lines = err.splitlines()
    assert "boom: Diverged at step" in lines[1]
    assert "calm: Finished 20 steps" in lines[0] and "steady: Finished 20 steps" in lines[2]
    assert lines[-1] == "gdgui: 1 of 3 runs diverged: boom"


# --- --compare ---------------------------------------------------------------------------
def test_compare_parses_the_run_keys():
    text, o = _compare("name=fast,optimizer=adam,lr=0.1,beta1=0.8,amsgrad=true")
    assert text.startswith("name=fast")
    assert o == {
        "name": "fast",
        "optimizer": {"name": "adam", "lr": 0.1, "beta1": 0.8, "amsgrad": True},
    }
    assert _compare("lr=0.5")[1] == {"optimizer": {"lr": 0.5}}
    assert _compare("init=1.5;-2")[1] == {"init": [1.5, -2.0]}
    assert _compare("init=[1.5,-2],seed=3")[1] == {"init": [1.5, -2.0], "seed": 3}
    assert _compare("batch_size=full,gradient_noise=0.5")[1] == {
        "batch_size": "full",
        "gradient_noise": 0.5,
    }
    assert _compare("batch-size=4")[1] == {"batch_size": 4}
    o = _compare("lr=0.1,schedule=step:step_size=10,gamma=0.5")[1]
    assert o["optimizer"] == {"lr": 0.1}
    assert o["schedule"]["name"] == "step"
    assert o["schedule"]["step_size"] == 10 and o["schedule"]["gamma"] == 0.5


@pytest.mark.parametrize(
    "text, part",
    [
        ("lr=abc", 'lr: must be a number, got "abc"'),
        ("foo=1", 'unknown key "foo"'),
        ("optimizer=nope", 'unknown optimizer "nope"'),
        ("init=1;x", 'init: must be numbers like 1.5;2 or [1.5,2], got "1;x"'),
        ("lr", '"lr": write key=value'),
        ("name=a,name=b", "name is given twice"),
        ("batch_size=0", "batch_size: must be >= 1"),
        ("seed=1.5", "seed: must be a whole number"),
        ("amsgrad=yes", "amsgrad: must be true or false"),
        ("schedule=nope:k=1", "unknown name 'nope'"),
        ("", "needs key=value items"),
    ],
)
def test_compare_errors_name_the_offending_part(text, part):
    with pytest.raises(
        argparse.ArgumentTypeError,
    ) as e:
        _compare(text)
    assert part in str(e.value)


def test_compare_errors_through_the_cli_are_one_line_exit_2(capsys):
    code, out, err = run_cli(capsys, "run", "--preset", "tutorial-003", "--compare", "lr=abc")
    assert code == 2 and out == ""
    assert err.strip() == (
        "gdgui run: argument --compare: lr: must be a number, got \"abc\" (see 'gdgui run --help')"
    )
    code, _, err = run_cli(
        capsys, "run", "--preset", "tutorial-003", "--compare", "optimizer=adam,momentum=0.9"
    )
    assert code == 2 and len(err.splitlines()) == 1
    assert (
        '--compare "optimizer=adam,momentum=0.9" optimizer.momentum: unknown hyperparameter' in err
    )


def test_compare_adds_runs_after_the_experiments_own(capsys, tmp_path):
    code, out, err = run_cli(
        capsys,
        "run",
        "--preset",
        "tutorial-003",
        "--steps",
        "5",
        "--compare",
        "optimizer=adam,lr=0.1",
        "--compare",
        "name=mine,lr=0.05,init=0",
    )
    assert code == 0
    got = blocks(out)
    base_name = preset("tutorial-003").run_name(0)
    assert list(got) == [base_name, "adam, η = 0.1", "mine"]
    # the first block is the experiment alone, as before --compare
    code1, out1, _ = run_cli(capsys, "run", "--preset", "tutorial-003", "--steps", "5")
    assert got[base_name] == out1.splitlines()
    assert got["mine"][0] == "Predict (befortraining) 4 0.0"  # init=0: w = 0
    # a file's runs come first, then the --compare runs
    path = write(tmp_path, [{"name": "a"}, {"name": "b", "optimizer": {"lr": 0.02}}])
    code, out, _ = run_cli(capsys, "run", path, "--compare", "name=c,lr=0.03")
    assert code == 0 and list(blocks(out)) == ["a", "b", "c"]
    loaded = load_experiment(path)
    assert loaded.run_count == 2  # the file itself is unchanged


def test_a_single_run_prints_no_header(capsys):
    code, out, _ = run_cli(capsys, "run", "--preset", "tutorial-003", "--steps", "3")
    assert code == 0 and "==" not in out
    assert out.splitlines()[0] == "Predict (befortraining) 4 4.0"


# --- export ------------------------------------------------------------------------------
def colour_pixels(path, colour: str, tol: int = 8) -> int:
    """How many pixels of the PNG ``path`` are within ``tol`` of ``colour`` per channel."""
    from PySide6.QtGui import QImage

    img = QImage(str(path)).convertToFormat(QImage.Format.Format_RGB888)
    w, h = img.width(), img.height()
    arr = np.frombuffer(img.constBits(), dtype=np.uint8).reshape(h, img.bytesPerLine())
    rgb = arr[:, : w * 3].reshape(h, w, 3).astype(int)
    target = np.array([int(colour[i : i + 2], 16) for i in (1, 3, 5)])
    return int((np.abs(rgb - target).max(axis=2) <= tol).sum())


def test_export_draws_every_run_in_its_colour(tmp_path, capsys, qapp):
    from gdgui.ui.theme import run_color

    path = write(
        tmp_path,
        [
            {"name": "slow"},
            {"name": "fast", "optimizer": {"lr": 0.05}},
            {"name": "adam", "optimizer": {"name": "adam", "lr": 0.1}},
        ],
        steps=30,
    )
    out = tmp_path / "png"
    code, printed, _ = run_cli(capsys, "export", path, "--out", out)
    assert code == 0
    assert {p.rsplit("/", 1)[-1] for p in printed.split()} == {
        "fit.png",
        "loss.png",
        "trajectory.png",
        "window.png",
    }
    colours = [run_color(i, "light") for i in range(4)]
    assert len(set(colours)) == 4
    for name in ("loss.png", "trajectory.png"):
        for c in colours[:3]:
            assert colour_pixels(out / name, c) > 100, (name, c)
        assert colour_pixels(out / name, colours[3]) == 0  # no fourth run
    # one run: only run 0's colour (no legend of the others)
    single = tmp_path / "single.json"
    single.write_text(json.dumps({**BASE, "steps": 30}), encoding="utf-8")
    code, _, _ = run_cli(capsys, "export", single, "--out", tmp_path / "one")
    assert code == 0
    for c in colours[1:3]:
        assert colour_pixels(tmp_path / "one" / "loss.png", c) == 0


def test_export_animate_writes_a_gif(tmp_path, capsys, qapp):
    pytest.importorskip("PIL")
    from PIL import Image

    gif = tmp_path / "a.gif"
    code, out, err = run_cli(
        capsys,
        "export",
        "--preset",
        "tutorial-003",
        "--animate",
        gif,
        "--fps",
        "4",
        "--duration",
        "1",
        "--plot",
        "loss",
    )
    assert code == 0, err
    assert out.strip() == str(gif)
    with Image.open(gif) as im:
        assert im.size == (640, 420)
        assert im.n_frames >= 2


@pytest.mark.parametrize(
    "args, part",
    [
        (["--animate", "a.avi"], "--animate: an animation is written as .gif or .mp4"),
        (["--animate", "a.gif", "--scale", "3"], "--animate: --scale must be 1 or 2"),
        ([], "give --out FOLDER (images) or --animate FILE"),
    ],
)
def test_export_animate_errors_are_one_line(tmp_path, capsys, args, part):
    code, out, err = run_cli(
        capsys,
        "export",
        "--preset",
        "tutorial-003",
        *[str(tmp_path / a) if a.endswith((".avi", ".gif")) else a for a in args],
    )
    assert code == 2 and out == ""
    assert len(err.splitlines()) == 1 and part in err


def test_export_animate_without_the_video_extra(tmp_path, capsys, monkeypatch):
    import gdgui.ui.headless_animation as ha
    from gdgui.ui.animation import VideoExtraMissing

    def missing(*a, **k):
        raise VideoExtraMissing("MP4 export needs PyAV: pip install 'gdgui[video]'")

    monkeypatch.setattr(ha, "export_animation", missing)
    code, _, err = run_cli(
        capsys, "export", "--preset", "tutorial-003", "--animate", tmp_path / "a.mp4"
    )
    assert code == 2
    assert (
        err.strip() == "gdgui export: --animate: MP4 export needs PyAV: pip install 'gdgui[video]'"
    )


def test_quiet_keeps_one_line_per_run_that_names_it(tmp_path, capsys):
    path = write(
        tmp_path,
        [
            {"name": "calm"},
            {},  # named by its settings
            {},  # the same settings: " (2)"
            {"name": ""},
            {"name": "two\nlines"},
            {"name": " padded "},
            {"name": "boom", "optimizer": {"lr": 5}},
        ],
    )
    code, out, err = run_cli(capsys, "run", path, "--quiet")
    assert code == 3 and out == ""
    lines = err.splitlines()
    assert len(lines) == 7 + 1  # one summary line per run, then the diverged ones
    labels = [
        line[len("gdgui: ") :].split(": Finished")[0].split(": Diverged")[0] for line in lines[:7]
    ]
    assert labels == [
        "calm",
        "gd, η = 0.01",
        "gd, η = 0.01 (2)",
        '""',
        '"two\\nlines"',
        '" padded "',
        "boom",
    ]
    assert len(set(labels)) == 7
    assert lines[-1] == "gdgui: 1 of 7 runs diverged: boom"


def test_the_headers_show_a_name_as_its_summary_does_and_the_csv_keeps_it(tmp_path, capsys):
    path = write(tmp_path, [{"name": "two\nlines"}, {"name": "b"}])
    out_csv = tmp_path / "h.csv"
    code, out, err = run_cli(capsys, "run", path, "--csv", out_csv)
    assert code == 0
    assert '== "two\\nlines" ==' in out.splitlines() and "== b ==" in out.splitlines()
    assert err.splitlines()[0].startswith('gdgui: "two\\nlines": Finished 20 steps')
    rows = list(csv.reader(io.StringIO(out_csv.read_text(encoding="utf-8"))))
    assert {r[0] for r in rows[1:]} == {"two\nlines", "b"}  # the CSV quotes it itself


def test_an_unwritable_history_csv_is_one_line_naming_it_once(tmp_path, capsys):
    target = tmp_path / "no" / "such" / "h.csv"
    code, out, err = run_cli(capsys, "run", "--preset", "tutorial-003", "--quiet", "--csv", target)
    assert code == 2
    assert err == f"gdgui: cannot write {target}: No such file or directory\n"
    path = write(tmp_path, [{}, {}])
    code, _, err = run_cli(capsys, "run", path, "--quiet", "--csv", tmp_path)
    assert code == 2 and err == f"gdgui: cannot write {tmp_path}: it is a folder, not a file\n"
