"""The sweep: grid, stability boundary, agreement with single runs, metrics, chunks."""

from __future__ import annotations

import math

import numpy as np
import pytest

from gdgui.core.experiment import preset
from gdgui.core.runner import Run, Status, run_many
from gdgui.core.sweep import (
    SweepError,
    iter_sweep,
    make_axis,
    parse_axis,
    stability_limit,
    sweep,
)

LAM = 15.0  # y = 2x on x = 1..4: the Hessian of the mean squared error is 2·mean(x²)


@pytest.fixture(scope="module")
def tutorial():
    return preset("tutorial-003")


def test_parse_axis_log_for_lr_linear_otherwise():
    lr = parse_axis("lr", "1e-3:1:4")
    assert lr.log and lr.values.tolist() == [1e-3, 1e-2, pytest.approx(1e-1), 1.0]
    mu = parse_axis("momentum", "0:0.99:4")
    assert not mu.log and np.allclose(mu.values, [0, 0.33, 0.66, 0.99])
    assert len(parse_axis("lr", "0.5:0.5:1")) == 1


@pytest.mark.parametrize(
    "text, where",
    [
        ("1e-3:1", "FROM:TO:COUNT"),
        ("a:1:3", "numbers"),
        ("1e-3:1:x", "whole number"),
        ("0:1:10", "ends > 0"),
        ("1e-3:1:0", "at least 1"),
        ("1e-3:1:1", "N ≥ 2"),
        ("inf:1:3", "finite"),
    ],
)
def test_parse_axis_errors_are_one_line(text, where):
    with pytest.raises(SweepError) as e:
        parse_axis("lr", text)
    assert where in str(e.value) and "\n" not in str(e.value)
    assert str(e.value).startswith("lr: ")


def test_stability_limit_formulas():
    h = np.array([[LAM]])
    assert stability_limit("gd", {}, h) == pytest.approx(2 / 15)
    assert stability_limit("momentum", {"momentum": 0.5}, h) == pytest.approx(2 * 1.5 / 15)
    assert stability_limit("momentum", {"momentum": 0.5, "dampening": 0.5}, h) == pytest.approx(
        2 * 1.5 / (0.5 * 15)
    )
    assert stability_limit("nesterov", {"momentum": 0.5}, h) == pytest.approx(3 / (2 * 15))
    assert stability_limit("gd", {"weight_decay": 1.0}, h) == pytest.approx(2 / 16)
    assert stability_limit("adam", {}, h) is None
    assert stability_limit("gd", {}, None) is None


@pytest.mark.parametrize(
    "opt, mu", [("gd", 0.0), ("momentum", 0.5), ("momentum", 0.9), ("nesterov", 0.5)]
)
def test_single_runs_either_side_of_the_analytic_limit(tutorial, opt, mu):
    hp = {"momentum": mu} if opt != "gd" else {}
    lim = stability_limit(opt, hp, tutorial.build_problem().hessian())
    below = tutorial.replace(optimizer={"name": opt, "lr": lim * 0.99, **hp}, steps=3000).run()
    above = tutorial.replace(optimizer={"name": opt, "lr": lim * 1.01, **hp}, steps=3000).run()
    assert below.status == Status.FINISHED and below.history.loss[-1] < 1e-6
    assert above.status == Status.DIVERGED


@pytest.mark.parametrize("opt, mu", [("gd", None), ("momentum", 0.5), ("momentum", 0.9)])
def test_swept_status_flips_between_the_grid_points_around_the_limit(tutorial, opt, mu):
    exp = tutorial.replace(optimizer={"name": opt, **({"momentum": mu} if mu else {})})
    axes = {"lr": "1e-2:1:201"}  # 10^(k/100 − 2): neighbours 2.3 % apart
    res = sweep(exp, axes, 1500)
    lim = 2 * (1 + (mu or 0.0)) / LAM
    assert res.stability_limits()[0] == pytest.approx(lim, rel=1e-12)
    lr = res.axes[0].values
    st = res.status[0]
    k = int(np.searchsorted(lr, lim))  # lr[k-1] < lim < lr[k]
    assert lr[k - 1] < lim < lr[k]
    assert np.all(st[:k] != Status.DIVERGED), "a rate below the limit diverged"
    assert np.all(st[k:] == Status.DIVERGED), "a rate above the limit did not diverge"


def test_two_d_boundary_follows_two_one_plus_mu_over_lambda(tutorial):
    res = sweep(tutorial, {"lr": "1e-2:1:101", "momentum": "0:0.8:5"}, 2000)
    assert res.optimizers == ("momentum",)  # gd with a momentum axis is heavy ball
    lims = res.stability_limits()
    np.testing.assert_allclose(lims, 2 * (1 + res.axes[1].values) / LAM, rtol=1e-12)
    lr = res.axes[0].values
    for j, lim in enumerate(lims):
        diverged = res.status[0, :, j] == Status.DIVERGED
        k = int(np.searchsorted(lr, lim))
        assert not diverged[:k].any() and diverged[k:].all(), f"momentum {res.axes[1].values[j]}"


def _tutorial_configs():
    return [
        ("gd", {"lr": 0.01}),
        ("gd", {"lr": 0.14}),
        ("momentum", {"lr": 0.05, "momentum": 0.7}),
        ("adam", {"lr": 0.3}),
    ]


@pytest.mark.parametrize("batch", ["full", 2])
def test_each_configuration_equals_the_run_done_alone(tutorial, batch):
    exp = tutorial.replace(batch_size=batch, seed=3, stopping={"tolerance": 1e-9})
    res = sweep(exp, {"lr": [0.01, 0.05, 0.14, 0.3]}, 400, optimizers=["gd", "momentum", "adam"])
    problem = exp.build_problem()
    for i in range(res.total):
        c = res.config(i)
        grid = np.unravel_index(i, res.shape)
        alone = Run(
            problem,
            c["optimizer"],
            c["hyperparams"],
            exp.initial_params(problem),
            batch_size=exp.batch_size,
            steps=400,
            seed=3,
            tolerance=1e-9,
        )
        alone.run()
        h = alone.history
        assert res.status[grid] == alone.status, c
        assert res.steps[grid] == alone.step_count, c
        # run_many promises 1e-12 against Run (on this problem it is bit for bit today)
        assert res.final_loss[grid] == pytest.approx(h.loss[-1], rel=1e-12, abs=1e-300), c
        assert res.min_loss[grid] == pytest.approx(h.loss.min(), rel=1e-12, abs=1e-300), c
        # and exactly what run_many gives for that configuration alone
        one = run_many(
            problem,
            [{**c, "init": exp.initial_params(problem)}],
            400,
            batch_size=exp.batch_size,
            seed=3,
            tolerance=1e-9,
        )
        assert res.final_loss[grid] == one.loss[-1, 0] and res.steps[grid] == one.stop_step[0]


def test_chunking_does_not_change_results(tutorial):
    axes = {"lr": "1e-3:0.5:37", "momentum": "0:0.9:4"}
    whole = sweep(tutorial, axes, 300)
    parts = sweep(tutorial, axes, 300, chunk=5)
    for k in ("final_loss", "min_loss", "rate", "steps"):
        assert np.array_equal(getattr(whole, k), getattr(parts, k), equal_nan=True), k
    assert (whole.status == parts.status).all()


def test_rate_is_one_minus_eta_lambda_squared_for_gd(tutorial):
    lrs = [0.002, 0.01, 0.03, 0.12]
    res = sweep(tutorial, {"lr": lrs}, 50)
    expected = [(1 - lr * LAM) ** 2 for lr in lrs]
    # measured over 50 steps, or to the 1e-12 floor (lr 0.03: 0.3025^24 < 1e-12)
    np.testing.assert_allclose(res.rate[0], expected, rtol=1e-6)


def test_rate_stops_measuring_at_the_rounding_floor(tutorial):
    # lr 1/15 solves y = w·x in one step: the gap is (nearly) 0 after it, so ρ ≈ 0
    res = sweep(tutorial, {"lr": [1 / 15, 0.05]}, 500)
    assert res.rate[0, 0] < 1e-12
    # lr 0.05: ρ = 0.0625; the gap reaches 1e-12 of the start in 10 steps, then is noise
    assert res.rate[0, 1] == pytest.approx(0.0625, rel=1e-6)


def test_rate_is_nan_without_a_known_optimum_and_above_one_when_diverging(tutorial):
    custom = tutorial.replace(problem={"name": "custom", "expr": "x**2 + y**2"}, init=[1, 1])
    assert np.isnan(sweep(custom, {"lr": [0.1]}, 10).rate).all()
    res = sweep(tutorial, {"lr": [0.2]}, 200)
    assert res.status[0, 0] == Status.DIVERGED and res.rate[0, 0] > 1


def test_loss_at_step_and_steps_to_target(tutorial):
    res = sweep(tutorial, {"lr": [0.01, 0.3]}, 100, loss_step=20, target=1e-6)
    single = tutorial.replace(optimizer={"lr": 0.01}, steps=100).run().history.loss
    assert res.loss_at[0, 0] == pytest.approx(single[20], rel=1e-12)
    assert res.steps_to_target[0, 0] == int(np.argmax(single <= 1e-6)) > 0
    # lr 0.3: the loss grows 12.25-fold a step and passes 1e12 × its start at step 12
    assert res.status[0, 1] == Status.DIVERGED and res.steps[0, 1] == 12
    assert res.loss_at[0, 1] == math.inf and res.steps_to_target[0, 1] == -1
    early = sweep(tutorial, {"lr": [0.3]}, 100, loss_step=5).loss_at[0, 0]
    # L = mean(x²)·(w − 2)² = 7.5·(w − 2)², and w − 2 = −(−3.5)^5 after 5 steps
    assert early == pytest.approx(7.5 * 3.5**10, rel=1e-9)


def test_csv_columns_and_rows(tutorial):
    res = sweep(tutorial, {"lr": "0.01:0.2:3", "momentum": "0:0.5:2"}, 20)
    lines = res.to_csv().splitlines()
    assert lines[0] == "lr,momentum,final_loss,min_loss,status,steps,rate"
    assert len(lines) == 1 + 6
    first = lines[1].split(",")
    assert float(first[0]) == 0.01 and float(first[1]) == 0.0
    assert float(first[2]) == res.final_loss[0, 0, 0] and first[4] == res.status[0, 0, 0]
    multi = sweep(tutorial, {"lr": [0.01]}, 5, optimizers=["gd", "adam"])
    assert multi.to_csv().splitlines()[0].startswith("optimizer,lr,final_loss")
    assert multi.to_csv().splitlines()[2].startswith("adam,0.01,")


@pytest.mark.parametrize(
    "kw, msg",
    [
        ({"axes": {"beta1": [0.5]}}, "beta1: not a hyperparameter of gd"),
        ({"axes": {"lr": [-1.0]}}, "lr: must be > 0"),
        ({"axes": {"lr": [0.1]}, "optimizers": ["sgdx"]}, "unknown optimizer"),
        ({"axes": {"amsgrad": [1.0]}, "optimizers": ["adam"]}, "cannot be swept"),
        ({"axes": {"lr": [0.1]}, "steps": 0}, "steps: must be at least 1"),
        ({"axes": {}}, "one or two axes"),
    ],
)
def test_sweep_errors_before_any_computation(tutorial, kw, msg):
    axes = kw.pop("axes")
    with pytest.raises(SweepError, match=msg):
        iter_sweep(tutorial, axes, kw.pop("steps", 10), **kw)


def test_progress_callback_cancels_between_chunks(tutorial):
    seen = []

    def progress(done, total):
        seen.append((done, total))
        return done < 20

    res = sweep(tutorial, {"lr": "1e-3:1:100"}, 50, chunk=10, progress=progress)
    assert seen == [(10, 100), (20, 100)]
    assert res.done == 20 and res.cancelled and not res.complete
    assert np.isnan(res.final_loss[0, 20:]).all() and (res.status[0, 20:] == "").all()
    assert len(res.to_csv().splitlines()) == 21


def test_thousand_rates_by_thousand_steps(tutorial):
    # its speed (well under a second) is a benchmark figure: benchmarks/engine.py
    res = sweep(tutorial, {"lr": make_axis("lr", 1e-3, 1, 1000)}, 1000)
    lr = res.axes[0].values
    assert res.done == 1000 and res.complete
    diverged = res.status[0] == Status.DIVERGED
    # on y = w·x, x = 1..4, plain gd is stable up to 2/λ = 2/15; just above it the loss
    # grows too slowly to pass the divergence limit (1e12 × the start) in 1,000 steps
    assert not diverged[lr <= 2 / 15].any()
    assert diverged[lr > 0.14].all()
