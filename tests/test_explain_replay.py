"""RunExplainer: a step explained with the hyperparameters in force then, after mid-run
changes (gd, momentum, Adam: the optimizer state goes on), going back from its marks,
and a log that changes under it (a change appended, its step corrected, a cut)."""

from __future__ import annotations

import pytest

from gdgui.core.experiment import Experiment, preset
from gdgui.core.explain import StepError
from gdgui.core.explain_replay import RunExplainer
from gdgui.core.replay import replay


def surface(opt: dict, steps: int = 60) -> Experiment:
    return Experiment.from_dict(
        {
            "version": 1,
            "problem": {"name": "saddle-valley"},
            "optimizer": opt,
            "steps": steps,
            "init": [0.5, 1.0],
        }
    )


def went(exp: Experiment, problem, changes, k: int):
    """The run as it went: advanced by hand, ``changes`` made at their steps."""
    run = exp.build_run(problem)
    for at, hp in changes:
        run.advance(max_steps=at - run.step_count)
        run.set_hyperparams(**hp)
    run.advance(max_steps=k - run.step_count)
    return run


def row(run, k: int) -> list[float]:
    return run.history.params[k].tolist()


def after(e) -> list[float]:
    return [e.params_after[n] for n in e.param_names]


def before(e) -> list[float]:
    return [e.params_before[n] for n in e.param_names]


CASES = [
    ({"name": "gd", "lr": 0.02}, {"lr": 0.05}),
    ({"name": "momentum", "lr": 0.005, "momentum": 0.9}, {"lr": 0.001}),
    ({"name": "momentum", "lr": 0.005, "momentum": 0.9}, {"momentum": 0.5}),
    ({"name": "adam", "lr": 0.05}, {"lr": 0.01}),
    ({"name": "adam", "lr": 0.05}, {"beta1": 0.5, "beta2": 0.9}),
]


@pytest.mark.parametrize(("opt", "change"), CASES)
def test_the_step_after_a_mid_run_change_is_the_runs(opt, change):
    exp = surface(opt)
    problem = exp.build_problem()
    log = [(20, change)]
    run = went(exp, problem, log, 60)
    ex = RunExplainer(exp, problem, log)
    e = ex.explain(21)  # the first step with the new settings
    assert before(e) == row(run, 20) and after(e) == row(run, 21)
    assert e.loss_after == run.history.loss[21]
    for name, v in change.items():
        assert e.hyperparams[name] == v
    assert ex.changes_at(20) == change and ex.changes_at(21) == {}
    # later steps too: the optimizer state went on from where it was
    assert after(ex.explain(40)) == row(run, 40)
    # back before the change: the old settings
    e = ex.explain(20)
    assert after(e) == row(run, 20)
    for name in change:
        assert e.hyperparams[name] == exp.build_run(problem).hp[name] != change[name]
    # and what the current settings from step 0 would have said differs
    wrong = RunExplainer(exp.replace(optimizer=change), problem).explain(21)
    assert after(wrong) != row(run, 21)


def test_a_seeded_mini_batch_run_with_noise_and_two_changes():
    exp = preset("tutorial-003-sgd").replace(seed=7, gradient_noise=0.3, steps=400)
    problem = exp.build_problem()
    log = [(37, {"lr": 0.002}), (150, {"lr": 0.03})]
    run = went(exp, problem, log, 400)
    ex = RunExplainer(exp, problem, log, spacing=16, max_marks=6)
    for k in (38, 151, 400, 39, 1, 150, 200):  # forwards, then back over the marks
        e = ex.explain(k)
        assert after(e) == row(run, k), k
        assert e.lr == (0.002 if 38 <= k <= 150 else 0.03 if k > 150 else exp.hyperparams["lr"])
    assert e.batch is not None and e.noise is not None
    assert len(ex.marks) <= 6 and ex.spacing > 16  # the spacing grew to keep 6 marks


def test_going_back_replays_from_the_latest_mark_before_the_step():
    exp = surface({"name": "adam", "lr": 0.05}, steps=5000)
    problem = exp.build_problem()
    log = [(1500, {"lr": 0.01})]
    ex = RunExplainer(exp, problem, log, spacing=256, max_marks=8)
    e = ex.explain(5000)
    assert ex.resumed_from == 0
    # 256 apart, then 512 at the 9th mark, then 1,024 at the 9th again
    assert ex.marks == [1024, 2048, 3072, 4096] and ex.spacing == 1024
    e = ex.explain(2000)  # back: from the mark at or before step 1999, not from 0
    assert 0 < ex.resumed_from <= 1999 and 1999 - ex.resumed_from < ex.spacing
    assert after(e) == replay(exp, problem, log, 2000).params.tolist()
    e = ex.explain(1100)  # before the change, from a mark taken before it
    assert ex.resumed_from == 1024
    assert after(e) == replay(exp, problem, log, 1100).params.tolist() and e.lr == 0.05


def test_a_changed_log_keeps_only_the_replay_and_marks_it_leaves_true():
    exp = surface({"name": "momentum", "lr": 0.005, "momentum": 0.9}, steps=3000)
    problem = exp.build_problem()
    ex = RunExplainer(exp, problem, [], spacing=100, max_marks=64)
    ex.explain(1000)
    live = ex.run
    # a change made later (appended at the step the run had reached): nothing replays
    assert ex.set_log([(1200, {"lr": 0.002})])
    assert ex.run is live and ex.marks[-1] == 900
    assert not ex.set_log([(1200, {"lr": 0.002})])  # the same log: no change
    e = ex.explain(1201)
    truth = went(exp, problem, [(1200, {"lr": 0.002})], 1300)
    assert after(e) == row(truth, 1201) and e.lr == 0.002
    # the worker said it took effect at 1250, not 1200: from the mark before 1200 on
    ex.set_log([(1250, {"lr": 0.002})])
    assert max(ex.marks) <= 1200
    truth = went(exp, problem, [(1250, {"lr": 0.002})], 1300)
    assert after(ex.explain(1251)) == row(truth, 1251)
    assert ex.explain(1250).lr == 0.005 and ex.explain(1251).lr == 0.002
    # a branch cut the log at 800 and changed momentum there
    ex.explain(1300)
    ex.set_log([(800, {"momentum": 0.5})])
    assert max(ex.marks) <= 800
    truth = went(exp, problem, [(800, {"momentum": 0.5})], 1300)
    assert after(ex.explain(1300)) == row(truth, 1300)


def test_past_the_end_and_a_change_at_step_0():
    exp = surface({"name": "gd", "lr": 0.02}, steps=10)
    problem = exp.build_problem()
    ex = RunExplainer(exp, problem, [(0, {"lr": 0.04})])
    run = went(exp, problem, [(0, {"lr": 0.04})], 10)
    assert after(ex.explain(1)) == row(run, 1) and ex.explain(1).lr == 0.04
    assert after(ex.explain(10)) == row(run, 10)
    with pytest.raises(StepError, match="step 11 is past the end: the run has 10 steps"):
        ex.explain(11)
    with pytest.raises(StepError):
        ex.explain(0)
