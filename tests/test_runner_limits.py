"""Runner hardening: overflow-proof divergence, bad starts, 0/0 updates, bounded memory."""

from __future__ import annotations

import math

import numpy as np
import pytest

from gdgui.core.expr import ExpressionProblem
from gdgui.core.history import MIN_MAX_ROWS, History
from gdgui.core.regression import LinearRegression
from gdgui.core.runner import MAX_HISTORY_ROWS, MAX_STEPS, Run, Status, run_many

X4 = np.array([1.0, 2.0, 3.0, 4.0])
TUTORIAL = LinearRegression(X4, 2 * X4, "w")


def test_huge_initial_loss_still_diverges_instead_of_finishing():
    run = Run(TUTORIAL, "gd", {"lr": 0.2}, init=[1e148], steps=10_000)
    assert 1e296 < run.initial_loss < 1e298  # 1e12 × this overflows to inf
    run.run()
    assert run.status == Status.DIVERGED
    assert np.isfinite(run.history.loss).all()
    assert run.step_count < 100
    many = run_many(TUTORIAL, [{"hyperparams": {"lr": 0.2}, "init": [1e148]}], steps=1000)
    assert many.status == [Status.DIVERGED] and many.stop_step[0] < 100


@pytest.mark.parametrize(
    ("problem", "init"),
    [
        (TUTORIAL, [1e200]),  # the loss overflows
        (ExpressionProblem("log(x) + y**2"), [-1.0, 0.0]),  # log(-1) is nan
    ],
    ids=["overflow", "log-of-negative"],
)
def test_a_start_that_is_not_finite_diverges_at_step_0_with_its_row(problem, init):
    run = Run(problem, "gd", {"lr": 0.01}, init=init, steps=100)
    assert run.status == Status.DIVERGED and run.done
    assert run.message.startswith("Diverged at step 0:") and "not finite" in run.message
    assert len(run.history) == 1
    assert run.history.params[-1].tolist() == init and run.history.step.tolist() == [0]
    assert run.advance() == 0 and len(run.history) == 1


@pytest.mark.parametrize("optimizer", ["adam", "adamw", "adagrad", "rmsprop"])
def test_eps_zero_with_a_zero_gradient_diverges_with_a_message(optimizer):
    hp = {"lr": 0.1, "eps": 0.0}
    if optimizer == "adamw":
        hp["weight_decay"] = 0.0
    run = Run(TUTORIAL, optimizer, hp, init=[2.0], steps=10)  # w = 2: the gradient is 0
    assert run.history.grad[0].tolist() == [0.0]
    run.run()
    assert run.status == Status.DIVERGED and run.step_count == 1
    assert "eps = 0" in run.message
    assert run.history.params[-1].tolist() == [2.0]
    many = run_many(TUTORIAL, [{"optimizer": optimizer, "hyperparams": hp, "init": [2.0]}], 10)
    assert many.status == [Status.DIVERGED]


def test_step_count_is_capped_with_a_message():
    with pytest.raises(ValueError, match=r"steps must be from 0 to 1,000,000,000"):
        Run(TUTORIAL, steps=10**12)
    with pytest.raises(ValueError, match="epochs"):
        Run(TUTORIAL, epochs=MAX_STEPS + 1)
    run = Run(TUTORIAL, steps=MAX_STEPS)  # allowed, and cheap to create
    assert run.history.max_rows == MAX_HISTORY_ROWS
    assert run.history._loss.shape[0] <= MAX_HISTORY_ROWS


def test_bounded_history_keeps_first_and_latest_rows_exactly():
    steps, bound = 50_000, 1000
    full = Run(TUTORIAL, "gd", {"lr": 0.01}, steps=steps, max_rows=None).run()
    run = Run(TUTORIAL, "gd", {"lr": 0.01}, steps=steps, max_rows=bound)
    run.run()
    h = run.history
    assert len(h) <= bound and h._loss.shape[0] <= bound  # memory bounded
    assert not h.exact and h.thinned > 0
    st = h.step
    assert np.all(np.diff(st) > 0)  # steps monotone
    assert st[: h.head].tolist() == list(range(h.head))  # first rows exact
    assert st[-1] == steps and st[-h.tail :].tolist() == list(range(steps - h.tail + 1, steps + 1))
    # every kept row is the full run's row of that step
    np.testing.assert_array_equal(h.params, full.params[st])
    np.testing.assert_array_equal(h.loss, full.loss[st])
    np.testing.assert_array_equal(h.epoch, full.epoch[st])
    # between head and tail: every stride-th step, uniformly, then the rows that
    # left the tail since the last thinning, still every one
    middle = st[h.head : -h.tail]
    gaps = np.diff(middle)
    j = int(np.argmax(gaps < h.stride))
    assert h.stride > 1 and j > 10
    assert np.all(middle[: j + 1] % h.stride == 0) and np.all(gaps[:j] == h.stride)
    assert 0 < gaps[j] < h.stride and np.all(gaps[j + 1 :] == 1)


def test_history_bound_with_single_rows_and_big_batches():
    h = History(("a",), capacity=16, max_rows=MIN_MAX_ROWS)
    for k in range(1000):
        h.extend([k], [0], [[float(k)]], [float(k)], [[0.0]])
    big = np.arange(1000, 5000)
    h.extend(big, np.zeros_like(big), big[:, None] * 1.0, big * 1.0, np.zeros((4000, 1)))
    assert len(h) <= MIN_MAX_ROWS
    assert h.step[-1] == 4999 and h.step[0] == 0
    np.testing.assert_array_equal(h.params[:, 0], h.step)  # rows stay aligned
    np.testing.assert_array_equal(h.loss, h.step)
    with pytest.raises(ValueError, match="at least"):
        History(("a",), max_rows=MIN_MAX_ROWS - 1)


def test_unbounded_history_is_exact():
    h = Run(TUTORIAL, "gd", {"lr": 0.01}, steps=3000).run()
    assert h.exact and h.step.tolist() == list(range(3001))
    assert math.isclose(h.params[-1][0], 2.0, rel_tol=1e-9)
