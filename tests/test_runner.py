"""The runner: history, stopping rules, batches, time slicing, many runs at once."""

import numpy as np
import pytest

from gdgui.core.history import History
from gdgui.core.regression import LinearRegression
from gdgui.core.runner import Run, Status, run_many

X4 = np.array([1.0, 2.0, 3.0, 4.0])


def tutorial(**kw):
    return Run(LinearRegression(X4, 2 * X4, "w"), "gd", {"lr": kw.pop("lr", 0.01)}, [1.0], **kw)


def test_tutorial_history():
    r = tutorial(epochs=100)
    h = r.run()
    assert r.status == Status.FINISHED and len(h) == 101
    assert h.step.tolist() == list(range(101))
    assert h.epoch.tolist() == [0] + list(range(100))  # row k was made in epoch k-1
    assert h.params[0, 0] == 1.0 and h.loss[0] == 7.5 and h.grad[0, 0] == -15.0
    assert h.params[1, 0] == 1.15 and h.loss[1] == 5.418750000000001
    assert h.params[-1, 0] == 1.9999999125232637  # tutorial: epoch 99
    assert 4 * h.params[-1, 0] == 7.999999650093055


def test_divergence_stops_at_first_bad_step_with_advice():
    r = tutorial(lr=0.2, epochs=1000)
    r.run()
    assert r.status == Status.DIVERGED
    # |1 − 15·0.2| = 2: the loss grows 4× a step; 7.5·4^k > 7.5e12 first at k = 20
    assert r.step_count == 20
    assert "step 20" in r.message and "0.133333" in r.message and "0.2" in r.message
    assert np.isfinite(r.history.loss).all() and np.isfinite(r.history.params).all()


def test_nonfinite_rows_are_never_recorded():
    r = tutorial(lr=1e160, steps=50, divergence_factor=1e300)
    r.run()
    assert r.status == Status.DIVERGED
    assert "infinity" in r.message or "NaN" in r.message, r.message
    assert np.isfinite(r.history.loss).all() and np.isfinite(r.history.params).all()
    assert len(r.history) <= r.step_count


def test_convergence():
    r = tutorial(epochs=10_000, tolerance=1e-6)
    r.run()
    assert r.status == Status.CONVERGED
    k = r.step_count
    assert abs(r.history.grad[k, 0]) < 1e-6 <= abs(r.history.grad[k - 1, 0])
    # |g_k| = 15·|w_k − 2| with w_k − 2 = −0.85^k: first below 1e-6 at k = 102
    assert k == 102


def test_time_sliced_advance_equals_one_go():
    a = tutorial(steps=5000)
    a.run()
    b = tutorial(steps=5000)
    while not b.done:
        b.advance(max_seconds=0.0005)
    np.testing.assert_array_equal(a.history.params, b.history.params)
    c = tutorial(steps=5000)
    assert c.advance(max_steps=7) == 7 and len(c.history) == 8


def test_hyperparameters_change_between_steps():
    r = tutorial(steps=10)
    r.advance(max_steps=3)
    w3 = r.history.params[3, 0]
    r.set_hyperparams(lr=0.05)
    r.advance(max_steps=1)
    assert r.history.params[4, 0] == w3 - 0.05 * r.history.grad[3, 0]
    with pytest.raises(ValueError, match="lr: must be > 0"):
        r.set_hyperparams(lr=-1)
    assert r.hp["lr"] == 0.05


def test_sgd_draws_without_replacement_and_reshuffles_each_epoch():
    x = np.arange(1.0, 8.0)  # 7 points, batch 3: epochs of 3 steps (3, 3, 1)
    p = LinearRegression(x, 2 * x, "w")

    seen = []

    class Spy(LinearRegression):
        def batch_grad_py(self, theta, idx):
            seen.append(idx.tolist())
            return super().batch_grad_py(theta, idx)

    r = Run(Spy(x, 2 * x, "w"), "gd", {"lr": 0.001}, [0.0], batch_size=3, epochs=4, seed=5)
    r.run()
    assert r.steps_per_epoch == 3 and r.step_count == 12
    epochs = [sum(seen[i : i + 3], []) for i in range(0, 12, 3)]
    for e in epochs:
        assert sorted(e) == list(range(7))  # every sample once per epoch
    assert len({tuple(e) for e in epochs}) > 1  # reshuffled
    assert [len(b) for b in seen[:3]] == [3, 3, 1]
    assert r.history.epoch[1:].tolist() == [0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3]
    # reproducible from the seed, different for another seed
    again = Run(p, "gd", {"lr": 0.001}, [0.0], batch_size=3, epochs=4, seed=5).run()
    np.testing.assert_array_equal(again.params, r.history.params)
    other = Run(p, "gd", {"lr": 0.001}, [0.0], batch_size=3, epochs=4, seed=6).run()
    assert not np.array_equal(other.params, r.history.params)


def test_sgd_step_is_the_sample_gradient():
    """Tutorial 003's SGD done right: w ← w − η·2·x·(w·x − y) for one random sample."""
    x = np.array([1.0, 2.0, 3.0])
    r = Run(
        LinearRegression(x, 2 * x, "w"), "gd", {"lr": 0.01}, [1.0], batch_size=1, epochs=1, seed=0
    )
    order = np.random.default_rng(np.random.SeedSequence(0).spawn(2)[0]).permutation(3)
    r.run()
    w = 1.0
    for k, i in enumerate(order):
        w = w - 0.01 * (2 * x[i] * (w * x[i] - 2 * x[i]))
        assert r.history.params[k + 1, 0] == w
    # the loss recorded is the full-data loss at each row
    assert r.history.loss[3] == np.mean((w * x - 2 * x) ** 2)


def test_gradient_noise_is_seeded():
    p = LinearRegression(X4, 2 * X4, "w")
    a = Run(p, "gd", {"lr": 0.01}, [1.0], steps=50, gradient_noise=0.5, seed=1).run()
    b = Run(p, "gd", {"lr": 0.01}, [1.0], steps=50, gradient_noise=0.5, seed=1).run()
    c = Run(p, "gd", {"lr": 0.01}, [1.0], steps=50, gradient_noise=0.5, seed=2).run()
    plain = Run(p, "gd", {"lr": 0.01}, [1.0], steps=50).run()
    np.testing.assert_array_equal(a.params, b.params)
    assert not np.array_equal(a.params, c.params)
    assert not np.array_equal(a.params, plain.params)


def test_history_grows_and_exports_csv(tmp_path):
    h = History(("w", "b"), capacity=2)
    for k in range(40):
        h.extend([k], [k], [[k, -k]], [k * 0.5], [[1.0, 2.0]])
    assert len(h) == 40 and h.params[39].tolist() == [39.0, -39.0]
    rows = h.rows(38)
    h2 = History(("w", "b"))
    h2.extend_rows(rows)
    assert h2.step.tolist() == [38, 39]
    text = h.to_csv()
    assert text.splitlines()[0] == "step,epoch,w,b,loss,grad_w,grad_b"
    assert text.splitlines()[2] == "1,1,1.0,-1.0,0.5,1.0,2.0"
    h.to_csv(tmp_path / "h.csv")
    assert (tmp_path / "h.csv").read_text() == text


def test_run_many_matches_single_runs():
    x = np.linspace(0, 5, 30)
    p = LinearRegression(x, 3 * x - 1, "wb")
    runs = [
        {"hyperparams": {"lr": 0.01}},
        {"hyperparams": {"lr": 0.05}, "init": [1.0, 1.0]},
        {"optimizer": "adam", "hyperparams": {"lr": 0.1}},
        {"optimizer": "momentum", "hyperparams": {"lr": 0.01, "momentum": 0.5}},
        {"hyperparams": {"lr": 0.3}},  # diverges
    ]
    res = run_many(p, runs, 200, batch_size=4, seed=3)
    for r, spec in enumerate(runs):
        single = Run(
            p,
            spec.get("optimizer", "gd"),
            spec["hyperparams"],
            spec.get("init"),
            batch_size=4,
            steps=200,
            seed=3,
        )
        single.run()
        assert res.status[r] == single.status
        k = len(single.history)
        np.testing.assert_allclose(res.params[:k, r], single.history.params, rtol=1e-12)
        np.testing.assert_allclose(res.loss[:k, r], single.history.loss, rtol=1e-12)
    assert res.status[4] == Status.DIVERGED and res.stop_step[4] < 200
    # after stopping, a run's rows repeat its last state
    assert np.all(res.loss[res.stop_step[4] :, 4] == res.loss[res.stop_step[4], 4])


def test_learning_rate_sweep_finds_the_stability_edge():
    p = LinearRegression(X4, 2 * X4, "w")
    lrs = np.linspace(0.01, 0.2, 96)
    res = run_many(p, [{"hyperparams": {"lr": lr}} for lr in lrs], 300, record=False)
    diverged = np.array([s == Status.DIVERGED for s in res.status])
    # full-batch GD on this quadratic is stable exactly below 2/15
    assert not diverged[lrs < 2 / 15].any() and diverged[lrs > 2 / 15 + 0.01].all()
    assert res.params.shape == (1, 96, 1)


def test_bad_arguments():
    p = LinearRegression(X4, 2 * X4, "w")
    with pytest.raises(ValueError, match="init needs 1 value"):
        Run(p, "gd", {"lr": 0.1}, [1.0, 2.0])
    with pytest.raises(ValueError, match="lr: must be > 0"):
        Run(p, "gd", {"lr": 0})
    with pytest.raises(ValueError, match="epochs or steps"):
        Run(p, "gd", {"lr": 0.1}, epochs=1, steps=1)


def test_rows_before_a_failing_evaluation_are_kept():
    class Flaky(LinearRegression):
        calls = 0

        def value_and_grad_py(self, theta):
            Flaky.calls += 1
            if Flaky.calls == 6:  # the initial evaluation, then steps 1..4 succeed
                raise ArithmeticError("boom")
            return super().value_and_grad_py(theta)

    r = Run(Flaky(X4, 2 * X4, "w"), "gd", {"lr": 0.01}, [1.0], steps=100)
    with pytest.raises(ArithmeticError):
        r.run()
    assert r.step_count == 4 and len(r.history) == 5
    assert r.history.step.tolist() == [0, 1, 2, 3, 4]
    assert r.params[0] == r.history.params[-1, 0]


def test_the_finish_message_counts_in_words():
    from gdgui.core.experiment import preset

    one = preset("tutorial-003").replace(epochs=1).run()
    assert one.message == "Finished 1 step (1 epoch)."
    two = preset("tutorial-003").replace(epochs=2).run()
    assert two.message == "Finished 2 steps (2 epochs)."
