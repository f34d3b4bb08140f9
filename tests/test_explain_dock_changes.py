"""The explain dock after a mid-run change of the hyperparameters: the step after the
change is explained with the new settings and equals the run's history row bit for bit
(gd, momentum, Adam; a seeded mini-batch run; a change made while the run streams, whose
step only the worker knows), the old settings when scrubbed back before it, and in a
race it follows the selected run."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from race_tools import wait_all  # noqa: E402

from gdgui.core.experiment import Experiment, preset  # noqa: E402


def surface(opt: dict, steps: int = 100) -> Experiment:
    return Experiment.from_dict(
        {
            "version": 1,
            "problem": {"name": "saddle-valley"},
            "optimizer": opt,
            "steps": steps,
            "init": [0.5, 1.0],
        }
    )


def shown_dock(w):
    d = w.extras.explain_dock
    d.show()
    d.raise_()
    w.render_now()
    d.flush()
    return d


def explained(w, k):
    """The dock's explanation of step ``k``, picked with the scrubber."""
    d = w.extras.explain_dock
    w.time_travel.scrub_to(k)
    w.render_now()
    d.flush()
    assert d.explanation is not None and d.explanation.step == k
    return d.explanation


def row(h, k):
    i = int(h.step.tolist().index(k))
    return h.params[i].tolist()


def after(e):
    return [e.params_after[n] for n in e.param_names]


def before(e):
    return [e.params_before[n] for n in e.param_names]


@pytest.mark.parametrize(
    ("opt", "change"),
    [
        ({"name": "gd", "lr": 0.02}, {"lr": 0.05}),
        ({"name": "momentum", "lr": 0.005, "momentum": 0.9}, {"lr": 0.001}),
        ({"name": "adam", "lr": 0.05}, {"lr": 0.01}),
    ],
)
def test_the_step_after_a_change_between_steps_is_the_runs(qtbot, make_window, opt, change):
    w = make_window(surface(opt))
    c = w.controller
    c.step(30)
    wait_all(qtbot, c, [30])
    c.set_hyperparams(**change)  # between Step presses
    c.step(30)
    wait_all(qtbot, c, [60])
    assert c.applied_log() == [(30, change)]
    d = shown_dock(w)
    live = d.explanation
    assert live.step == 60 and after(live) == row(c.history, 60)
    e = explained(w, 31)  # the first step with the new rate
    assert e.lr == change["lr"] and e.hyperparams == {**e.hyperparams, **change}
    assert before(e) == row(c.history, 30) and after(e) == row(c.history, 31)
    assert e.loss_after == c.history.loss[31]
    text = d.view.toPlainText()
    assert "differs" not in text
    assert f"Changed after step 30, so in force from this step on: η = {change['lr']:g}" in text
    assert f"η = {change['lr']:g}" in text
    e = explained(w, 30)  # scrubbed back before the change: the old rate
    assert e.lr == opt["lr"] and after(e) == row(c.history, 30)
    assert "Changed after step" not in d.view.toPlainText()
    e = explained(w, 45)  # and on: the optimizer's state went on from where it was
    assert after(e) == row(c.history, 45)


def test_a_seeded_mini_batch_run_changed_twice(qtbot, make_window):
    w = make_window(preset("tutorial-003-sgd").replace(seed=11, gradient_noise=0.2, steps=300))
    c = w.controller
    c.step(17)
    wait_all(qtbot, c, [17])
    c.set_hyperparams(lr=0.003)
    c.step(40)
    wait_all(qtbot, c, [57])
    c.set_hyperparams(lr=0.02)
    c.step(10)
    wait_all(qtbot, c, [67])
    assert [at for at, _ in c.applied_log()] == [17, 57]
    shown_dock(w)
    for k, lr in ((18, 0.003), (58, 0.02), (17, c.replay_base.hyperparams["lr"]), (67, 0.02)):
        e = explained(w, k)
        assert e.lr == lr and after(e) == row(c.history, k), k
        assert e.batch is not None and e.noise is not None


def test_a_rate_changed_while_the_run_streams(qtbot, make_window):
    """The worker runs ahead of the rows shown: only its applied log says at which step
    the new rate took effect."""
    exp = preset("tutorial-003-sgd").replace(steps=400_000, seed=5)
    w = make_window(exp)
    c = w.controller
    c.start()
    qtbot.waitUntil(lambda: c.step_count > 3_000, timeout=20_000)
    c.set_hyperparams(lr=0.004)
    shown = c.step_count
    qtbot.waitUntil(lambda: c.step_count > shown + 3_000, timeout=20_000)
    c.pause()
    qtbot.waitUntil(lambda: c.applied_log() and c.status == "paused", timeout=10_000)
    qtbot.waitUntil(lambda: int(c.history.step[-1]) == c.step_count, timeout=10_000)
    ((at, hp),) = c.applied_log()
    assert hp == {"lr": 0.004} and at >= shown
    d = shown_dock(w)
    d.flush()
    e = explained(w, at + 1)
    assert e.lr == 0.004 and after(e) == row(c.history, at + 1)
    e = explained(w, at)
    assert e.lr == exp.hyperparams["lr"] and after(e) == row(c.history, at)
    assert "differs" not in d.view.toPlainText()


def test_a_change_on_its_way_to_the_worker_is_not_in_the_applied_log(qtbot, make_window):
    w = make_window(surface({"name": "gd", "lr": 0.02}))
    c = w.controller
    c.step(5)
    wait_all(qtbot, c, [5])
    assert c.worker_backend  # handed to the worker: changes go there and come back
    c.set_hyperparams(lr=0.03)
    assert c.replay_log == [(5, {"lr": 0.03})] and c.applied_log() == []
    qtbot.waitUntil(lambda: c.applied_log() == [(5, {"lr": 0.03})], timeout=10_000)
    log = c.applied_log()
    log[0][1]["lr"] = 1.0  # a copy: the controller's log is not touched
    assert c.replay_log == [(5, {"lr": 0.03})]


def test_in_a_race_it_explains_the_selected_run_and_keeps_each_replay(qtbot, make_window):
    exp = surface({"name": "gd", "lr": 0.02}, steps=80)
    exp = exp.add_run(exp.replace(optimizer={"name": "momentum", "lr": 0.005, "momentum": 0.9}))
    w = make_window(exp)
    c = w.controller
    c.step(20)
    wait_all(qtbot, c, [20, 20])
    c.select_run(1)
    c.set_hyperparams(momentum=0.5)  # run 1 only
    c.step(20)
    wait_all(qtbot, c, [40, 40])
    assert c.applied_log(0) == [] and c.applied_log(1) == [(20, {"momentum": 0.5})]
    d = shown_dock(w)
    e = explained(w, 21)
    assert e.optimizer == "momentum" and e.hyperparams["momentum"] == 0.5
    assert "Changed after step 20, so in force from this step on: μ = 0.5" in d.view.toPlainText()
    assert after(e) == row(c.histories[1], 21)
    replay1 = d._explainer
    c.select_run(0)
    w.render_now()
    d.flush()
    e = d.explanation
    assert e.optimizer == "gd" and e.step == 21 and after(e) == row(c.histories[0], 21)
    assert d._explainer is not replay1
    c.select_run(1)
    w.render_now()
    d.flush()
    assert d._explainer is replay1  # kept: back to run 1 replays nothing
    assert d.explanation.optimizer == "momentum" and after(d.explanation) == row(c.histories[1], 21)
