"""The experiment format: validation with paths, round trips, presets, the Python API."""

import dataclasses
import json
from pathlib import Path

import numpy as np
import pytest

import gdgui
from gdgui.core.experiment import Experiment, ExperimentError, load_experiment, preset

ROOT = Path(__file__).resolve().parent.parent


def errors_of(d):
    with pytest.raises(ExperimentError) as e:
        Experiment.from_dict(d)
    return e.value.errors


def test_default_is_tutorial_003():
    exp = Experiment()
    assert exp.problem_name == "linear-w" and exp.optimizer_name == "gd"
    assert exp.hyperparams == {"lr": 0.01} and exp.batch_size is None
    assert exp.epochs == 100


def test_every_error_is_reported_with_its_path():
    errs = errors_of(
        {
            "version": 1,
            "optimizer": {"name": "gd", "lr": -1, "betas": 3},
            "batch_size": 0,
            "epochs": 2.5,
            "init": [1, 2],
            "colour": "red",
            "stopping": {"tolerance": -1},
            "data": {"preset": "noisy-line", "n": 0, "x_min": 3, "x_max": 1},
        }
    )
    as_text = [f"{p}: {m}" for p, m in errs]
    assert "optimizer.lr: must be > 0, got -1" in as_text
    assert any(t.startswith("optimizer.betas: unknown hyperparameter for gd") for t in as_text)
    assert any(t.startswith('batch_size: must be "full" or a whole number') for t in as_text)
    assert "epochs: must be a whole number, got 2.5" in as_text
    assert "init: linear-w needs [w], got 2 value(s)" in as_text
    assert any(t.startswith("colour: unknown key") for t in as_text)
    assert "stopping.tolerance: must be > 0, got -1" in as_text
    assert "data.n: must be >= 1, got 0" in as_text
    assert "data.x_max: must be greater than x_min (3), got 1" in as_text
    assert len(errs) == 9


@pytest.mark.parametrize(
    "d,path,fragment",
    [
        ({}, "version", "must be 1"),
        ({"version": 2}, "version", "must be 1, got 2"),
        ({"version": 1, "problem": {"name": "parabola"}}, "problem.name", "unknown problem"),
        ({"version": 1, "optimizer": {"name": "lbfgs"}}, "optimizer.name", "unknown optimizer"),
        (
            {"version": 1, "optimizer": {"name": "adam", "amsgrad": "yes"}},
            "optimizer.amsgrad",
            "must be true or false",
        ),
        (
            {"version": 1, "optimizer": {"name": "nesterov", "momentum": 0}},
            "optimizer.momentum",
            "requires momentum > 0",
        ),
        ({"version": 1, "epochs": 5, "steps": 5}, "steps", "not both"),
        ({"version": 1, "data": {"x": [1, 2], "y": [1]}}, "data", "same length"),
        ({"version": 1, "data": {"x": [1, "a"], "y": [1, 2]}}, "data.x[1]", "finite number"),
        ({"version": 1, "data": {"preset": "iris"}}, "data.preset", "unknown preset"),
        ({"version": 1, "data": {"csv": "a.csv", "sep": ";"}}, "data.sep", "unknown key"),
        ({"version": 1, "seed": -1}, "seed", ">= 0"),
        ({"version": 1, "predict": "4"}, "predict", "list of numbers"),
        ({"version": 1, "init": [float("nan")]}, "init", "finite numbers"),
        ([1, 2], "", "JSON object"),
    ],
)
def test_single_errors(d, path, fragment):
    errs = errors_of(d)
    assert any(p == path and fragment in m for p, m in errs), errs


def test_round_trip_and_atomic_save(tmp_path):
    exp = preset("tutorial-003").replace(optimizer={"lr": 0.05}, steps=20)
    assert exp.hyperparams == {"lr": 0.05} and exp.epochs is None
    path = tmp_path / "e.json"
    exp.save(path)
    back = load_experiment(path)
    assert back.to_dict() == exp.to_dict()
    assert [p.name for p in tmp_path.iterdir()] == ["e.json"]  # no temporary left behind


def test_save_failure_keeps_the_old_file(tmp_path, monkeypatch):
    path = tmp_path / "e.json"
    Experiment().save(path)
    before = path.read_bytes()

    import os

    def boom(*a, **k):
        raise OSError("disk full")

    monkeypatch.setattr(os, "fsync", boom)
    with pytest.raises(OSError, match="disk full"):
        Experiment().replace(epochs=3).save(path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["e.json"]


def test_load_errors_name_the_file(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"version": 1,')
    with pytest.raises(ExperimentError, match=r"bad\.json: not valid JSON: .* line 1"):
        load_experiment(bad)
    with pytest.raises(ExperimentError, match="file not found"):
        load_experiment(tmp_path / "missing.json")
    bad.write_text(json.dumps({"version": 1, "optimizer": {"name": "gd", "lr": "fast"}}))
    with pytest.raises(ExperimentError, match=r"optimizer\.lr: must be a number, got 'fast'"):
        load_experiment(bad)


def test_nothing_in_a_file_is_executed(tmp_path, monkeypatch):
    import builtins

    import gdgui.core.data  # noqa: F401  (imports run module code through exec)

    def forbidden(*a, **k):
        raise AssertionError("executed")

    path = tmp_path / "x.json"
    path.write_text(
        json.dumps(
            {
                "version": 1,
                "name": "__import__('os').system('x')",
                "data": {"csv": "__import__('os')"},
            }
        )
    )
    monkeypatch.setattr(builtins, "eval", forbidden)
    monkeypatch.setattr(builtins, "exec", forbidden)
    exp = load_experiment(path)  # valid: a name and a (missing) csv path are just text
    with pytest.raises(ExperimentError, match="data"):
        exp.dataset()


def test_csv_path_is_relative_to_the_experiment(tmp_path):
    (tmp_path / "pts.csv").write_text("x,y\n1,3\n2,5\n3,7\n")
    (tmp_path / "e.json").write_text(
        json.dumps({"version": 1, "problem": {"name": "linear-wb"}, "data": {"csv": "pts.csv"}})
    )
    exp = load_experiment(tmp_path / "e.json")
    np.testing.assert_array_equal(exp.dataset().y, [3, 5, 7])
    np.testing.assert_allclose(exp.build_problem().optimum(), [2, 1])


def test_python_api_runs_the_tutorial():
    run = gdgui.preset("tutorial-003").run()
    assert run.status == "finished"
    assert run.history.params[-1, 0] == 1.9999999125232637
    assert len(run.history.loss) == 101
    assert "tutorial-003" in gdgui.preset_names()


def test_inline_data_and_noisy_line():
    exp = Experiment.from_dict(
        {
            "version": 1,
            "problem": {"name": "linear-wb"},
            "data": {"x": [0, 1, 2], "y": [1, 3, 5]},
            "steps": 5,
        }
    )
    assert exp.build_problem().optimum() == pytest.approx([2, 1])
    n = Experiment.from_dict(
        {
            "version": 1,
            "problem": {"name": "linear-wb"},
            "data": {"preset": "noisy-line", "n": 500, "noise": 0.1},
        }
    )
    w, b = n.build_problem().optimum()
    assert w == pytest.approx(2.0, abs=0.02) and b == pytest.approx(1.0, abs=0.1)


def test_tutorial_000_preset_converges_to_least_squares():
    run = preset("tutorial-000").run()
    opt = run.problem.optimum()
    assert run.status == "finished"
    np.testing.assert_allclose(run.history.params[-1], opt, rtol=1e-3)


# --- the immutable model ------------------------------------------------------------------
def _big(n=10**6):
    from gdgui.core.data import Dataset

    x = np.linspace(0.0, 1.0, n)
    return Experiment().replace(problem={"name": "linear-wb"}, data=Dataset(x, 2 * x + 1))


def test_an_lr_edit_at_a_million_points_shares_the_data():
    exp = _big()
    ds = exp.dataset()
    new = exp.replace(optimizer={"lr": 0.05})
    assert new.hyperparams == {"lr": 0.05} and exp.hyperparams == {"lr": 0.01}
    assert new.data is exp.data and new.dataset() is ds
    assert np.shares_memory(new.dataset().x, ds.x) and np.shares_memory(new.dataset().y, ds.y)
    with pytest.raises(ValueError, match="read-only"):
        new.dataset().x[0] = 5.0
    with pytest.raises(dataclasses.FrozenInstanceError):
        new.seed = 3
    with pytest.raises(TypeError):
        new.optimizer.hyperparams["lr"] = 1.0


def test_replace_validates_only_what_changed(monkeypatch):
    exp = _big()
    from gdgui.core.data import datasets as gdata

    def no_pass(*a, **k):
        raise AssertionError("a pass over the data")

    # a bad learning rate is reported at its path, and no field but the optimizer is
    # checked again: the data would fail if it were (its finite-check is patched out)
    monkeypatch.setattr(gdata, "_as_points", no_pass)
    monkeypatch.setattr(np, "isfinite", no_pass)
    with pytest.raises(ExperimentError) as e:
        exp.replace(optimizer={"lr": -1})
    assert e.value.errors == [("optimizer.lr", "must be > 0, got -1")]
    new = exp.replace(optimizer={"lr": 0.3}, seed=4, steps=9, batch_size=32)
    assert new.dataset() is exp.dataset() and (new.steps, new.epochs) == (9, None)
    assert new.batch_size == 32 and new.seed == 4
    with pytest.raises(ExperimentError, match=r"^init: linear-wb needs \[w, b\]"):
        exp.replace(init=[1.0])


def test_errors_keep_their_paths_and_unknown_fields_are_errors():
    with pytest.raises(ExperimentError) as e:
        Experiment().replace(seed=-1, colour="red")
    assert [p for p, _ in e.value.errors] == ["seed", "colour"]
    with pytest.raises(ExperimentError, match=r"stopping\.tolerance: must be > 0"):
        Experiment().replace(tolerance=0)


@pytest.mark.parametrize(
    "path", sorted((ROOT / "resources" / "experiments").glob("*.json")), ids=lambda p: p.name
)
def test_every_bundled_and_test_file_round_trips(path):
    exp = load_experiment(path)
    again = Experiment.from_json(exp.to_json(), base_dir=exp.base_dir)
    assert again == exp or again.to_dict() == exp.to_dict()
    assert json.loads(again.to_json()) == exp.to_dict()
    original = json.loads(path.read_text(encoding="utf-8"))
    written = exp.to_dict()
    for key, value in original.items():  # what the file says is kept as it says it
        if key in ("stopping",):
            assert written[key] == {**written[key], **value}
        else:
            assert written[key] == value, key


def test_inline_points_round_trip_and_keep_their_column_names(tmp_path):
    (tmp_path / "d.csv").write_text("size,price\n1,3\n2,5\n")
    (tmp_path / "e.json").write_text(
        json.dumps({"version": 1, "problem": {"name": "linear-wb"}, "data": {"csv": "d.csv"}})
    )
    exp = load_experiment(tmp_path / "e.json")
    assert exp.dataset().columns == ("size", "price")
    inline = exp.replace(data=exp.dataset())
    assert inline.dataset() is exp.dataset()
    assert inline.to_dict()["data"] == {"x": [1.0, 2.0], "y": [3.0, 5.0]}
    back = Experiment.from_json(inline.to_json())
    np.testing.assert_array_equal(back.dataset().y, [3.0, 5.0])


def test_a_dataset_shares_only_arrays_nobody_can_write():
    from gdgui.core.data import Dataset

    a = np.arange(4.0)
    ds = Dataset(a, a)
    assert not np.shares_memory(ds.x, a)  # writable: copied
    a[0] = 9.0
    assert ds.x[0] == 0.0
    view = a.view()
    view.setflags(write=False)
    assert not np.shares_memory(Dataset(view, view).x, a)  # its base is writable
    again = Dataset(ds.x, ds.y)
    assert again.x is ds.x and again == ds
    moved = ds.moved_point(1, 5.0, 6.0)
    assert (moved.x[1], ds.x[1]) == (5.0, 1.0) and not moved.x.flags.writeable


def test_experiments_compare_by_fields_and_inline_data_by_identity():
    from gdgui.core.data import Dataset

    a, b = preset("tutorial-000"), preset("tutorial-000")
    assert a == b and hash(a) == hash(b)  # presets compare by their source
    assert a.replace(seed=1) != a and a.replace(seed=1).replace(seed=0) == a
    ds = Dataset([1.0, 2.0], [3.0, 4.0])
    one, two = a.replace(data=ds), a.replace(data=ds)
    assert one == two and hash(one) == hash(two)
    assert one != a.replace(data=Dataset([1.0, 2.0], [3.0, 4.0]))  # no pass over points


def test_an_experiment_built_directly_is_checked_too():
    from gdgui.core.experiment import OptimizerConfig

    with pytest.raises(ExperimentError) as e:
        Experiment(seed=-1, optimizer=OptimizerConfig("adam", {"lr": 0}))
    assert [p for p, _ in e.value.errors] == ["optimizer.lr", "seed"]
    assert Experiment(seed=2, init=(0.5,)).seed == 2
    with pytest.raises(ExperimentError, match="^epochs: give epochs or steps"):
        Experiment(epochs=None)
