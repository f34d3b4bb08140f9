"""Runs side by side in one experiment: the "runs" list, its editing API and its race."""

import json

import numpy as np
import pytest

from gdgui.core.data import Dataset
from gdgui.core.experiment import Experiment, ExperimentError, RunSpec, preset

BASE = {
    "version": 1,
    "problem": {"name": "linear-wb"},
    "data": {"preset": "noisy-line", "n": 40, "seed": 3},
    "optimizer": {"name": "gd", "lr": 0.01},
    "batch_size": 8,
    "steps": 60,
    "seed": 1,
    "init": [0.5, -0.5],
}
RUNS = [
    {},
    {"name": "fast", "optimizer": {"lr": 0.05}},
    {"optimizer": {"name": "adam", "lr": 0.1, "amsgrad": True}, "seed": 7, "gradient_noise": 0.3},
    {
        "optimizer": {"name": "momentum", "lr": 0.02, "momentum": 0.9},
        "batch_size": "full",
        "init": [1.0, 2.0],
        "schedule": {"name": "cosine", "T_max": 60, "eta_min": 0.001},
    },
]


def _exp(runs=RUNS, **base):
    return Experiment.from_json({**BASE, **base, "runs": runs})


def _errors(d):
    with pytest.raises(ExperimentError) as info:
        Experiment.from_json(d)
    return info.value.errors


def _same(h, alone):
    for field in ("step", "epoch", "params", "loss", "grad"):
        assert np.array_equal(getattr(h, field), getattr(alone, field)), field


# --- the format ---------------------------------------------------------------------------
def test_an_experiment_without_runs_is_one_run_and_its_json_is_unchanged():
    exp = Experiment.from_json(BASE)
    assert exp.runs == () and exp.run_count == 1
    assert exp.run_experiment(0) is exp
    assert "runs" not in exp.to_dict()
    assert exp.run_name(0) == "gd, η = 0.01"
    with pytest.raises(IndexError):
        exp.run_experiment(1)


def test_runs_are_merged_over_the_base():
    exp = _exp()
    assert exp.run_count == 4
    r0, r1, r2, r3 = (exp.run_experiment(i) for i in range(4))
    assert all(r.runs == () for r in (r0, r1, r2, r3))
    assert r0 == exp.replace(runs=[])
    # hyperparameters without a name merge over the base's optimizer
    assert r1.optimizer.name == "gd" and r1.hyperparams == {"lr": 0.05}
    assert r1.name == "fast" and r0.name is None
    # with a name the optimizer is exactly what is given
    assert r2.optimizer.name == "adam" and r2.hyperparams == {"lr": 0.1, "amsgrad": True}
    assert (r2.seed, r2.gradient_noise, r2.batch_size) == (7, 0.3, 8)
    assert r3.batch_size is None and r3.init == (1.0, 2.0)
    assert r3.schedule is not None and r3.schedule["T_max"] == 60
    # shared: problem, data, length
    assert {r.steps for r in (r0, r1, r2, r3)} == {60}
    assert all(r.data is exp.data for r in (r0, r1, r2, r3))


def test_runs_round_trip_through_json():
    exp = _exp()
    d = exp.to_dict()
    assert d["runs"] == RUNS
    again = Experiment.from_json(exp.to_json())
    assert again == exp and again.to_dict() == d
    assert json.loads(again.to_json())["runs"][1] == {"name": "fast", "optimizer": {"lr": 0.05}}


def test_a_run_spec_is_read_only_and_writes_its_json():
    spec = RunSpec("a", {"optimizer": {"lr": 0.5}, "init": [1, 2]})
    assert spec.to_json() == {"name": "a", "optimizer": {"lr": 0.5}, "init": [1, 2]}
    with pytest.raises(TypeError):
        spec.overrides["seed"] = 3  # type: ignore[index]
    with pytest.raises(TypeError):
        spec.overrides["optimizer"]["lr"] = 1.0
    assert hash(spec) == hash(RunSpec("a", {"optimizer": {"lr": 0.5}, "init": [1, 2]}))


def test_run_errors_name_their_path():
    errors = _errors({**BASE, "runs": [{}, {}, {"optimizer": {"lr": -1}}]})
    assert errors == [("runs[2].optimizer.lr", "must be > 0, got -1")]
    errors = _errors({**BASE, "runs": [{"init": [1.0]}, {"batch_size": 0}]})
    assert [p for p, _ in errors] == ["runs[0].init", "runs[1].batch_size"]
    assert "linear-wb needs [w, b], got 1 value(s)" in errors[0][1]
    errors = _errors({**BASE, "runs": [{"epochs": 3}, {"name": 5}, 7]})
    assert [p for p, _ in errors] == ["runs[0].epochs", "runs[1].name", "runs[2]"]
    errors = _errors({**BASE, "runs": [{"name": "a"}, {"name": "b"}, {"name": "a"}]})
    assert errors == [("runs[2].name", '"a" is the name of runs[0] already')]
    assert _errors({**BASE, "runs": {"name": "a"}})[0][0] == "runs"
    errors = _errors({**BASE, "runs": [{"optimizer": {"name": "nope"}}]})
    assert errors[0][0] == "runs[0].optimizer.name"
    with pytest.raises(ExperimentError, match=r"^runs\[1\]\.seed: "):
        Experiment.from_json({**BASE, "runs": [{}, {"seed": -2}]})


def test_a_run_with_another_optimizer_drops_a_schedule_it_cannot_take():
    sched = {"name": "onecycle", "max_lr": 0.1, "total_steps": 60}
    base = {**BASE, "optimizer": {"name": "adam", "lr": 0.01}, "schedule": sched}
    exp = Experiment.from_json({**base, "runs": [{}, {"optimizer": {"name": "gd"}}]})
    assert exp.run_experiment(0).schedule is not None
    assert exp.run_experiment(1).schedule is None
    kept = Experiment.from_json({**base, "runs": [{"optimizer": {"name": "adamw"}}]})
    assert kept.run_experiment(0).schedule is not None


# --- names ----------------------------------------------------------------------------------
def test_default_names_are_the_optimizer_and_rate_and_unique():
    exp = _exp(runs=[{}, {}, {"name": "gd, η = 0.01 (2)"}, {"optimizer": {"name": "adam"}}])
    names = [exp.run_name(i) for i in range(4)]
    assert names == ["gd, η = 0.01", "gd, η = 0.01 (3)", "gd, η = 0.01 (2)", "adam, η = 0.001"]
    assert len(set(names)) == 4


# --- editing --------------------------------------------------------------------------------
def test_add_run_turns_the_base_into_run_0_and_copies_the_last_run():
    exp = Experiment.from_json(BASE)
    two = exp.add_run()
    assert two.runs == (RunSpec(None, {}), RunSpec(None, {}))
    assert two.run_experiment(1) == exp
    three = _exp(runs=RUNS[:2]).add_run(name="copy")
    assert three.runs[2] == RunSpec("copy", {"optimizer": {"lr": 0.05}})
    adam = exp.replace(optimizer={"name": "adam", "lr": 0.2}, seed=4)
    added = exp.add_run(adam, name="adam")
    assert added.runs[1] == RunSpec("adam", {"optimizer": {"name": "adam", "lr": 0.2}, "seed": 4})
    assert added.run_experiment(1) == adam.replace(name="adam")


def test_with_run_stores_only_the_differences_in_the_run_keys():
    exp = _exp()
    single = exp.run_experiment(1).replace(optimizer={"lr": 0.07, "weight_decay": 0.1}, seed=9)
    new = exp.with_run(1, single)
    assert new.runs[1] == RunSpec(
        "fast", {"optimizer": {"lr": 0.07, "weight_decay": 0.1}, "seed": 9}
    )
    assert new.run_experiment(1) == single
    assert new.runs[0] == exp.runs[0] and new.runs[2:] == exp.runs[2:]
    # a run set back to the base has no overrides
    assert exp.with_run(2, exp.run_experiment(0)).runs[2] == RunSpec(None, {})
    # a dropped hyperparameter stores the whole optimizer
    base_wd = _exp(optimizer={"name": "gd", "lr": 0.01, "weight_decay": 0.1})
    plain = base_wd.run_experiment(0).replace(optimizer={"name": "gd", "lr": 0.01})
    assert base_wd.with_run(0, plain).runs[0].to_json() == {"optimizer": {"name": "gd", "lr": 0.01}}
    assert base_wd.with_run(0, plain).run_experiment(0) == plain


def test_with_run_without_runs_edits_the_base():
    exp = Experiment.from_json(BASE)
    single = exp.replace(seed=5)
    assert exp.with_run(0, single) is single
    with pytest.raises(IndexError):
        exp.with_run(1, single)


def test_a_difference_outside_the_run_keys_changes_the_base_of_all_runs():
    exp = _exp()
    longer = exp.run_experiment(2).replace(steps=90, tolerance=1e-6)
    new = exp.with_run(2, longer)
    assert new.runs == exp.runs
    assert all(new.run_experiment(i).steps == 90 for i in range(4))
    assert all(new.run_experiment(i).tolerance == 1e-6 for i in range(4))
    assert new.run_experiment(2) == longer
    # a new problem resets every run's start (the editing rule)
    from gdgui.core import edits

    surf = edits.set_problem(exp.run_experiment(3), {"name": "rosenbrock"})
    moved = exp.with_run(3, surf)
    assert moved.problem.name == "rosenbrock" and moved.data is None
    assert all(moved.run_experiment(i).init is None for i in range(4))
    assert moved.run_experiment(3) == surf


def test_duplicate_remove_and_rename():
    exp = _exp()
    dup = exp.duplicate_run(1)
    assert dup.run_count == 5
    assert dup.runs[2] == RunSpec("fast (2)", exp.runs[1].overrides)
    assert dup.duplicate_run(1).runs[2].name == "fast (3)"
    assert dup.remove_run(2) == exp
    renamed = exp.rename_run(2, "adam!")
    assert renamed.run_name(2) == "adam!" and renamed.runs[2].overrides == exp.runs[2].overrides
    assert renamed.rename_run(2, None).run_name(2) == "adam, η = 0.1"
    with pytest.raises(ExperimentError, match=r"runs\[2\]\.name"):
        exp.rename_run(2, "fast")
    # down to one run: no runs, the base is that run's settings, the name is kept
    two = _exp(runs=RUNS[2:4], name="study")
    one = two.remove_run(1)
    assert one.runs == () and one.name == "study"
    assert one == two.run_experiment(0)
    assert "runs" not in one.to_dict()
    with pytest.raises(ValueError):
        one.remove_run(0)
    assert Experiment.from_json(BASE).rename_run(0, "solo").run_name(0) == "solo"


# --- the race -------------------------------------------------------------------------------
def test_each_raced_run_is_its_run_alone_bit_for_bit():
    exp = _exp()
    race = exp.build_race()
    assert len(race) == exp.run_count
    assert all(run.problem is race[0].problem for run in race.runs)  # built once
    race.run()
    for i in range(exp.run_count):
        alone = exp.run_experiment(i).run()
        assert race[i].status == alone.status
        _same(race[i].history, alone.history)
    # the runs really differ (a race of copies would pass the loop above too)
    finals = {tuple(h.params[-1]) for h in race.histories}
    assert len(finals) == exp.run_count


def test_a_race_without_runs_is_the_one_run():
    exp = Experiment.from_json(BASE)
    race = exp.build_race()
    race.run()
    assert len(race) == 1
    _same(race[0].history, exp.run().history)


# --- O(1) in the number of points -----------------------------------------------------------
def test_runs_share_the_data():
    n = 200_000
    x = np.linspace(0.0, 1.0, n)
    ds = Dataset(x, 2.0 * x + 1.0)
    exp = Experiment().replace(problem={"name": "linear-wb"}, data=ds, batch_size=64, steps=5)
    many = exp.add_run().add_run(exp.replace(seed=3)).duplicate_run(0)
    many = many.with_run(1, many.run_experiment(1).replace(optimizer={"lr": 0.2}))
    many = many.rename_run(2, "x").remove_run(3)
    for i in range(many.run_count):
        run = many.run_experiment(i)
        assert run.data is exp.data
        assert np.shares_memory(run.dataset().x, ds.x) and np.shares_memory(run.dataset().y, ds.y)
    race = many.build_race()
    assert all(r.problem is race[0].problem for r in race.runs)


def test_run_names_are_worked_out_once_per_experiment_and_follow_an_edit():
    exp = preset("tutorial-003")
    exp = exp.add_run(exp.replace(optimizer={"lr": 0.02})).add_run(
        exp.replace(optimizer={"lr": 0.02})
    )
    names = exp.run_names
    assert names == tuple(exp.run_name(i) for i in range(exp.run_count))
    assert names[1] != names[2] and names[2].endswith("(2)")  # made unique
    assert exp.run_names is names  # kept: the experiment is immutable
    edited = exp.with_run(2, exp.run_experiment(2).replace(optimizer={"lr": 0.05}))
    assert edited.run_names[2] != names[2] and "0.05" in edited.run_names[2]
    assert edited.run_names[:2] == names[:2]
    with pytest.raises(IndexError):
        exp.run_name(3)
