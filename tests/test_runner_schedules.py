"""Run with a learning-rate schedule: torch's trajectories, the lr column, rebasing,
onecycle's length, run_many's per-run schedules; and Run.next_step_inputs."""

import json
import math
from pathlib import Path

import numpy as np
import pytest

from gdgui.core import optimizers as optim
from gdgui.core import schedules as S
from gdgui.core.history import History
from gdgui.core.problems import Problem
from gdgui.core.regression import LinearRegression
from gdgui.core.runner import Run, run_many
from gdgui.core.surfaces import make_surface

FIXTURE = json.loads(
    (Path(__file__).parent / "fixtures" / "torch_schedules.json").read_text(encoding="utf-8")
)


class Quadratic(Problem):
    """½(w0² + 10·w1²) − (w0 − 2·w1), the fixture's quadratic, as ``samples`` identical
    data points (so a mini-batch gradient is the full gradient and an epoch has
    ``samples`` steps of batch 1)."""

    name = "quadratic"
    param_names = ("w0", "w1")

    def __init__(self, samples: int | None = None):
        self.n_samples = samples

    def value_and_grad(self, theta):
        w0, w1 = theta[:, 0], theta[:, 1]
        loss = 0.5 * (w0**2 + 10 * w1**2) - (w0 - 2 * w1)
        return loss, np.stack([w0 * 1.0 - 1.0, w1 * 10.0 - -2.0], axis=1)

    def value_and_grad_py(self, theta):
        w0, w1 = theta
        return 0.5 * (w0**2 + 10 * w1**2) - (w0 - 2 * w1), [w0 * 1.0 - 1.0, w1 * 10.0 - -2.0]

    def batch_grad_py(self, theta, idx):
        return self.value_and_grad_py(theta)[1]

    def batch_grad(self, theta, idx):
        return self.value_and_grad(theta)[1]


def _fixture_run(case):
    config = {**case["schedule"], "every": case["every"]}
    if case["problem"] == "rosenbrock":
        problem, batch = make_surface("rosenbrock"), None
    else:
        spe = case["steps_per_epoch"]
        problem, batch = (Quadratic(spe), 1) if spe > 1 else (Quadratic(), None)
    return Run(
        problem,
        case["optimizer"],
        case["hp"],
        case["p0"],
        batch_size=batch,
        steps=case["steps"],
        schedule=config,
    )


@pytest.mark.parametrize("case", FIXTURE["runs"], ids=lambda r: r["schedule"]["name"])
def test_run_reproduces_torch_scheduled_trajectories(case):
    run = _fixture_run(case)
    assert run.steps_per_epoch == case["steps_per_epoch"]
    h = run.run()
    assert run.status == "finished" and len(h) == case["steps"] + 1
    np.testing.assert_allclose(h.params, case["trajectory"], rtol=1e-12, atol=0)
    # and bit for bit the loop schedules.py's docstring gives a runner (in numpy)
    problem = run.problem
    config = run.schedule
    spec = optim.get(case["optimizer"])
    opt, hp = spec.make(), {**spec.defaults(), **case["hp"]}
    sched = S.make(config, case["optimizer"])
    params = np.array(case["p0"])
    opt_state, s = opt.init(params), sched.init(hp["lr"])
    out = [params]
    for k in range(1, case["steps"] + 1):
        grads = problem.value_and_grad(params[None, :])[1][0]
        params, opt_state = opt.update(grads, opt_state, params, S.apply(s, hp, case["optimizer"]))
        if S.advances(config["every"], k, case["steps_per_epoch"]):
            s = sched.update(s)
        out.append(params)
    assert h.params.tolist() == np.array(out).tolist()


def _lrs_by_loop(config, lr, steps, spe, optimizer="gd"):
    sched = S.make(config, optimizer)
    s, out = sched.init(lr), []
    for k in range(1, steps + 1):
        out.append(s.lr)
        if S.advances(config["every"], k, spe):
            s = sched.update(s)
    return out


def test_history_records_each_steps_lr_and_the_csv_writes_it():
    config = S.validate({"name": "step", "step_size": 3, "gamma": 0.5})
    run = Run(make_surface("bowl"), "gd", {"lr": 0.1}, [1.0, 1.0], steps=10, schedule=config)
    h = run.run()
    assert math.isnan(h.lr[0])
    assert h.lr[1:].tolist() == [0.1] * 3 + [0.05] * 3 + [0.025] * 3 + [0.0125]
    lines = h.to_csv().splitlines()
    assert lines[0].endswith(",lr") and lines[2].endswith(",0.1") and lines[5].endswith(",0.05")
    # without a schedule: no lr column, today's CSV format
    plain = Run(make_surface("bowl"), "gd", {"lr": 0.1}, [1.0, 1.0], steps=3).run()
    assert plain.lr is None
    assert plain.to_csv().splitlines()[0] == "step,epoch,x,y,loss,grad_x,grad_y"


def test_every_epoch_on_data_and_time_sliced_advances():
    x = np.linspace(0, 1, 10)
    problem = LinearRegression(x, 2 * x + 1)
    config = S.validate({"name": "exponential", "gamma": 0.9, "every": "epoch"})
    run = Run(problem, "momentum", {"lr": 0.2}, batch_size=3, seed=4, epochs=6, schedule=config)
    while not run.done:  # in small pieces: the schedule state carries over
        run.advance(max_steps=5)
    assert run.steps_per_epoch == 4
    assert run.history.lr[1:].tolist() == _lrs_by_loop(config, 0.2, 24, 4)
    assert run.history.lr[1:5].tolist() == [0.2] * 4
    assert run.history.lr[5] == 0.2 * 0.9


def test_the_trajectory_uses_the_scheduled_rate():
    config = S.validate({"name": "multistep", "milestones": [2], "gamma": 0.1})
    run = Run(make_surface("bowl"), "gd", {"lr": 0.1}, [1.0, 1.0], steps=3, schedule=config)
    h = run.run()
    # bowl: grad = (x, 10y); gd: θ ← θ − lr·grad
    x = 1.0
    for lr in (0.1, 0.1, 0.1 * 0.1):
        x = x - lr * x
    assert h.params[-1, 0] == x


def test_set_lr_mid_run_rebases_the_schedule_like_torch():
    config = S.validate({"name": "exponential", "gamma": 0.5})
    run = Run(make_surface("bowl"), "gd", {"lr": 0.8}, [1.0, 1.0], steps=6, schedule=config)
    run.advance(max_steps=2)  # steps at 0.8, 0.4; the next would use 0.2
    run.set_hyperparams(lr=0.8, weight_decay=0.0)  # same lr: nothing changes
    assert run.step_hyperparams()["lr"] == 0.2
    run.set_hyperparams(lr=1.0)  # torch: group["lr"] = 1.0, then the rule goes on from it
    assert run.next_step_inputs().hyperparams["lr"] == 1.0
    run.run()
    assert run.history.lr[1:].tolist() == [0.8, 0.4, 1.0, 0.5, 0.25, 0.125]


def test_onecycle_longer_than_total_steps_is_refused_up_front():
    config = S.validate({"name": "onecycle", "max_lr": 0.1, "total_steps": 50})
    with pytest.raises(ValueError, match=r"total_steps = 50 but the run takes 51 steps"):
        Run(make_surface("bowl"), "momentum", steps=51, schedule=config)
    Run(make_surface("bowl"), "momentum", steps=50, schedule=config).run()  # exactly fits
    by_epoch = {**config, "every": "epoch"}
    x = np.arange(8.0)
    with pytest.raises(ValueError, match=r"takes 51 epochs"):
        Run(LinearRegression(x, x), "momentum", batch_size=4, epochs=51, schedule=by_epoch)
    with pytest.raises(ValueError, match="cycle_momentum"):
        Run(make_surface("bowl"), "gd", steps=10, schedule=config)


def test_onecycle_cycles_the_momentum_the_run_uses():
    config = S.validate({"name": "onecycle", "max_lr": 0.1, "total_steps": 20})
    run = Run(make_surface("bowl"), "adam", {"lr": 0.5}, [1.0, 1.0], steps=20, schedule=config)
    sched, s = S.make(config, "adam"), None
    s = sched.init(0.5)
    for _ in range(7):
        assert run.step_hyperparams()["beta1"] == s.momentum
        assert run.step_hyperparams()["lr"] == s.lr
        run.advance(max_steps=1)
        s = sched.update(s)


def test_run_many_per_run_schedules_equal_separate_runs():
    problem = make_surface("rosenbrock")
    cos = S.validate({"name": "cosine", "T_max": 30, "eta_min": 1e-4})
    one = S.validate({"name": "onecycle", "max_lr": 0.001, "total_steps": 40})
    one_adam = {**one, "max_lr": 0.05}
    specs = [
        {"optimizer": "momentum", "hyperparams": {"lr": 1e-3}, "schedule": cos},
        {"optimizer": "momentum", "hyperparams": {"lr": 2e-3}},
        {"optimizer": "momentum", "hyperparams": {"lr": 1e-3}, "schedule": one},
        {"optimizer": "adam", "hyperparams": {"lr": 0.02}, "schedule": one_adam},
        {"optimizer": "gd", "hyperparams": {"lr": 1e-3}},
    ]
    res = run_many(problem, specs, steps=40)
    assert res.status == ["finished"] * 5
    for r, spec in enumerate(specs):
        alone = Run(
            problem, spec["optimizer"], spec["hyperparams"], steps=40, schedule=spec.get("schedule")
        ).run()
        np.testing.assert_allclose(res.params[:, r], alone.params, rtol=1e-12, atol=1e-300)
    with pytest.raises(ValueError, match=r"run 2: schedule onecycle: total_steps = 40"):
        run_many(problem, specs, steps=41)


def test_next_step_inputs_are_the_next_steps_and_leave_the_run_alone():
    x = np.linspace(-1, 2, 7)
    problem = LinearRegression(x, 3 * x - 1)
    run = Run(problem, "adam", {"lr": 0.05}, batch_size=3, seed=11, gradient_noise=0.3, steps=40)
    twin = Run(problem, "adam", {"lr": 0.05}, batch_size=3, seed=11, gradient_noise=0.3, steps=40)
    update = optim.get("adam").make().update
    for _ in range(20):
        inp = run.next_step_inputs()
        again = run.next_step_inputs()
        assert np.array_equal(inp.batch, again.batch) and inp.noise == again.noise
        g = [a + e for a, e in zip(problem.batch_grad_py(inp.theta, inp.batch), inp.noise)]
        expect = [update(g[j], inp.state[j], inp.theta[j], inp.hyperparams)[0] for j in range(2)]
        assert inp.loss == run.history.loss[-1]
        assert inp.grad == run.history.grad[-1].tolist()
        run.advance(max_steps=1)
        twin.advance(max_steps=1)
        assert run.params.tolist() == expect
    # peeking never consumed a random number: the twin that never peeked is identical
    assert np.array_equal(run.history.params, twin.history.params)
    full = Run(problem, "gd", steps=3).next_step_inputs()
    assert full.batch is None and full.noise is None
    assert full.hyperparams == optim.get("gd").defaults()


# --- histories that thin: lr stays aligned, mirrors follow steps, not rows ----------------


def test_a_thinned_scheduled_history_keeps_each_rows_lr():
    config = S.validate({"name": "exponential", "gamma": 0.999})
    problem = make_surface("bowl")
    full = Run(problem, "gd", {"lr": 0.01}, steps=3000, max_rows=None, schedule=config).run()
    run = Run(problem, "gd", {"lr": 0.01}, steps=3000, max_rows=100, schedule=config)
    h = run.run()
    assert h.thinned > 0 and len(h) <= 100
    np.testing.assert_array_equal(h.lr[1:], full.lr[h.step[1:]])
    np.testing.assert_array_equal(h.params, full.params[h.step])
    csv = h.to_csv().splitlines()
    assert len(csv) == len(h) + 1 and csv[-1].startswith("3000,")
    shown = problem.shown_history(h)
    np.testing.assert_array_equal(shown.lr[1:], h.lr[1:])
    copy = History(h.param_names, with_lr=True)  # rows() carries lr to a mirror
    copy.extend_rows(h.rows(0))
    assert copy.to_csv() == h.to_csv()


@pytest.mark.parametrize("chunk", [60, 137])
def test_rows_since_mirrors_a_thinning_history_by_step(chunk):
    """The window's unbounded copy of a bounded run history, fed while the run thins."""
    problem = make_surface("rosenbrock")
    run = Run(problem, "adam", steps=20_000, max_rows=256)
    mirror = History(problem.param_names)
    mirror.extend_rows(run.history.rows(0))
    while not run.done:
        run.advance(max_steps=chunk)
        mirror.extend_rows(run.history.rows_since(int(mirror.step[-1])))
    assert run.history.thinned > 3
    steps = mirror.step
    assert steps[0] == 0 and steps[-1] == 20_000 and np.all(np.diff(steps) > 0)
    full = Run(problem, "adam", steps=20_000, max_rows=None).run()
    np.testing.assert_array_equal(mirror.params, full.params[steps])
    # the latest tail (64) rows are always exact: chunks no longer than that all arrive
    assert (len(mirror) == 20_001) == (chunk <= run.history.tail)
