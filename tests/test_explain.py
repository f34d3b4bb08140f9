"""Explain one step: numbers by hand, the engine's rows bit for bit, torch.optim's state."""

from __future__ import annotations

import io
import json
import math

import numpy as np
import pytest
from fixture_tool import load_tool

import gdgui
from gdgui.core.explain import (
    StepError,
    StepExplainer,
    explain_step,
    markup_html,
    markup_text,
)
from gdgui.core.optimizers import OPTIMIZERS
from gdgui.core.runner import Run
from gdgui.core.surfaces import SURFACES
from gdgui.explain_cli import add_explain_arguments, run_explain

T003 = gdgui.preset("tutorial-003")


# --- tutorial 003, by hand ------------------------------------------------------------------


def test_tutorial_003_step_1_by_hand():
    e = explain_step(T003, 1)
    # w0 = 1, x = 1..4, y = 2x: residuals −x, Σ r·x = −(1 + 4 + 9 + 16) = −30
    assert e.params_before == {"w": 1.0}
    assert e.gradient["sum_rx"] == -30.0
    assert e.grad == {"w": -15.0}  # (2/4)·(−30)
    assert e.params_after == {"w": 1.15}  # 1 − 0.01·(−15)
    assert e.loss_before == 7.5  # (1 + 4 + 9 + 16)/4
    assert e.lr == 0.01
    text = e.to_text()
    assert "w' = w − η·∂L/∂w = 1 − 0.01 × (−15) = 1.15" in text
    assert "∂L/∂w = (2/n)·Σ(w·xᵢ − yᵢ)·xᵢ = (2/4) × (−30) = −15" in text
    assert "i = 3:  rᵢ = w·xᵢ − yᵢ = 1 × 4 − 8 = −4,  rᵢ·xᵢ = −16" in text


def test_tutorial_003_step_2_by_hand():
    e = explain_step(T003, 2)
    # w1 = 1.15: residuals −0.85·x, Σ r·x = −0.85·30 = −25.5, ∂L/∂w = −12.75
    assert e.params_before == {"w": 1.15}
    assert e.gradient["sum_rx"] == pytest.approx(-25.5, abs=1e-12)
    assert e.grad["w"] == pytest.approx(-12.75, abs=1e-12)
    # the tutorial prints "Epoch: 1 w= 1.2774999999999999 cost= 5.418750000000001"
    assert repr(e.params_after["w"]) == "1.2774999999999999"
    assert repr(e.loss_before) == "5.418750000000001"
    assert "= 1.15 − 0.01 × (−12.75) = 1.2774999999999999" in e.to_text()


# --- bit for bit with the engine, every optimizer ------------------------------------------

_TOOL = load_tool()  # tools/make_torch_fixtures.py: its explain cases
_HP = _TOOL.EXPLAIN_HP

_RUNS = {
    "full": {"batch_size": "full"},
    "minibatch": {"batch_size": 8, "seed": 7},
    "sgd-noise": {"batch_size": 1, "seed": 3, "gradient_noise": 0.5},
}


@pytest.mark.parametrize("kind", sorted(_RUNS))
@pytest.mark.parametrize("name", sorted(OPTIMIZERS))
def test_params_after_equal_the_engine_rows(name, kind):
    exp = gdgui.preset("tutorial-000").replace(
        optimizer={"name": name, **_HP[name]}, steps=40, **_RUNS[kind]
    )
    run = exp.run()
    h = run.history
    assert len(h) == 41
    ex = StepExplainer(exp)
    for k in range(1, 41):  # incrementally, as the dock does
        e = ex.explain(k)
        assert [e.params_before[n] for n in h.param_names] == h.params[k - 1].tolist()
        assert [e.params_after[n] for n in h.param_names] == h.params[k].tolist()
        assert e.loss_after == h.loss[k]
        assert e.epoch == h.epoch[k]
    # fresh, and going back rebuilds the run
    assert list(explain_step(exp, 23).params_after.values()) == h.params[23].tolist()
    assert list(ex.explain(5).params_after.values()) == h.params[5].tolist()


@pytest.mark.parametrize("name", sorted(OPTIMIZERS))
def test_surface_rows_bit_for_bit(name):
    exp = gdgui.preset("tutorial-000").replace(
        problem={"name": "rosenbrock"},
        init=[-1.5, 2.0],
        steps=30,
        gradient_noise=0.1,
        optimizer={"name": name, **_HP[name], "lr": 1e-3},
    )
    h = exp.run().history
    for k in (1, 2, 17, 30):
        e = explain_step(exp, k)
        assert list(e.params_after.values()) == h.params[k].tolist()


# --- the state, as torch.optim holds it ------------------------------------------------------


_EXPLAIN_FIXTURE = json.loads(_TOOL.EXPLAIN_FILE.read_text(encoding="utf-8"))["cases"]


@pytest.mark.parametrize("case", _EXPLAIN_FIXTURE, ids=lambda c: c["name"])
def test_state_matches_torch_optim(case):
    """The state the explanation shows is torch.optim's, step for step (torch's steps on
    the same gradients stored in tests/fixtures/torch_explain.json; with torch installed
    the stored steps are checked against a fresh torch run too)."""
    name = case["name"]
    ex = StepExplainer(_TOOL.explain_experiment(name))
    assert dict(ex.explain(1).params_before) == case["p0"]
    for k, (grad, want) in enumerate(zip(case["grads"], case["torch"]), start=1):
        e = ex.explain(k)
        assert dict(e.grad) == grad, (k, name)  # torch was given the gradient shown
        for n, v in want["params"].items():
            assert e.params_after[n] == pytest.approx(v, rel=1e-12, abs=1e-15)
        mine = {key for key, v in e.state.items() if v is not None}
        assert mine == set(want["state"]), (k, name)
        for key, per_param in want["state"].items():
            for n, v in per_param.items():
                got = e.state[key] if key == "step" else e.state[key][n]
                assert got == pytest.approx(v, rel=1e-12, abs=1e-15), (k, n, key)
    try:
        import torch  # noqa: F401
    except ImportError:
        return
    assert _TOOL.torch_explain_run(name, case["p0"], case["grads"]) == case["torch"]


def _first_step(name, hp, g=3.0, theta=2.0):
    run = Run(SURFACES["bowl"](a=1.0, b=1.0), name, hp, [theta, 0.0], steps=3)
    e = explain_step(run, 1)
    assert e.grad["x"] == theta  # ∂f/∂x = a·x
    return e


def test_first_steps_by_hand():
    # ∇f = (x, y) on the bowl with a = b = 1, at (2, 0): g = 2
    e = _first_step("adam", {"lr": 0.1})
    assert e.state["exp_avg"]["x"] == pytest.approx(0.1 * 2)  # (1 − β₁)·g
    assert e.state["exp_avg_sq"]["x"] == pytest.approx(0.001 * 4)  # (1 − β₂)·g²
    assert e.derived["exp_avg_hat"]["x"] == pytest.approx(2.0)  # m̂ = g on step 1
    assert e.derived["exp_avg_sq_hat"]["x"] == pytest.approx(4.0)
    assert e.derived["bias_correction1"] == pytest.approx(0.1)
    assert e.params_after["x"] == pytest.approx(2 - 0.1 * 2 / (2 + 1e-8))
    assert e.state["step"] == 1 and e.state_before["step"] == 0
    e = _first_step("momentum", {"lr": 0.1, "momentum": 0.5})
    assert e.state["momentum_buffer"] == {"x": 2.0, "y": 0.0}  # b₁ = g
    assert e.state_before["momentum_buffer"] is None
    run = Run(
        SURFACES["bowl"](a=1.0, b=1.0),
        "momentum",
        {"lr": 0.1, "momentum": 0.5},
        [2.0, 0.0],
        steps=3,
    )
    e2 = explain_step(run, 2)  # θ₁ = 1.8, b₂ = 0.5·2 + 1.8 = 2.8, θ₂ = 1.8 − 0.28
    assert e2.state["momentum_buffer"]["x"] == pytest.approx(2.8)
    assert e2.params_after["x"] == pytest.approx(1.52)
    e = _first_step("adagrad", {"lr": 0.5, "initial_accumulator_value": 1.0})
    assert e.state_before["sum"]["x"] == 1.0
    assert e.state["sum"]["x"] == 5.0  # 1 + g²
    assert e.params_after["x"] == pytest.approx(2 - 0.5 * 2 / (math.sqrt(5) + 1e-10))
    e = _first_step("rmsprop", {"lr": 0.01, "alpha": 0.9, "centered": True})
    assert e.state["square_avg"]["x"] == pytest.approx(0.1 * 4)
    assert e.state["grad_avg"]["x"] == pytest.approx(0.1 * 2)
    assert e.derived["denom"]["x"] == pytest.approx(math.sqrt(0.4 - 0.04) + 1e-8)
    e = _first_step("adamw", {"lr": 0.1, "weight_decay": 0.5})
    assert e.derived["decayed_params"]["x"] == pytest.approx(2 * (1 - 0.05))
    assert e.params_after["x"] == pytest.approx(1.9 - 0.1 * 2 / (2 + 1e-8))


def test_nesterov_look_ahead_and_lr_decay_lines():
    run = Run(
        SURFACES["bowl"](a=1.0, b=1.0),
        "nesterov",
        {"lr": 0.1, "momentum": 0.5},
        [2.0, 0.0],
        steps=3,
    )
    e = explain_step(run, 1)
    assert e.derived["nesterov_direction"]["x"] == pytest.approx(3.0)  # g + μ·b = 2 + 1
    assert "x' = x − η·(∂f/∂x + μ·v_x) = 2 − 0.1 × 3 = 1.7" in e.to_text()
    run = Run(SURFACES["bowl"](), "adagrad", {"lr": 0.5, "lr_decay": 1.0}, [2.0, 1.0], steps=3)
    e = explain_step(run, 3)
    assert e.derived["clr"] == pytest.approx(0.5 / 3)  # η/(1 + (t − 1)·decay), t = 3
    assert "ηₜ = η/(1 + (t − 1)·decay) = 0.5/(1 + 2 × 1) = " in e.to_text()


# --- surfaces and custom functions ------------------------------------------------------


def test_rosenbrock_partials():
    exp = gdgui.preset("tutorial-000").replace(
        problem={"name": "rosenbrock"}, init=[-1.5, 2.0], steps=5
    )
    e = explain_step(exp, 1)
    # u = a − x = 2.5, v = y − x² = −0.25: ∂f/∂x = −2u − 4b·x·v = −5 − 150, ∂f/∂y = 2b·v
    assert e.grad == {"x": -155.0, "y": -50.0}
    assert e.gradient["kind"] == "surface"
    assert e.gradient["params"] == {"a": 1.0, "b": 100.0}
    text = e.to_text()
    assert "∂f/∂x = −2(a − x) − 4b·x(y − x²) = −155" in text
    assert "∂f/∂y = 2b(y − x²) = −50" in text
    assert "a = 1,  b = 100" in text


def test_every_surface_has_its_partials():
    for name in SURFACES:
        exp = gdgui.preset("tutorial-000").replace(problem={"name": name}, steps=2)
        e = explain_step(exp, 1)
        assert e.gradient["kind"] == "surface", name
        assert len(e.gradient["partials"]) == 2


def test_custom_function_partials():
    exp = gdgui.preset("tutorial-000").replace(
        problem={"name": "custom", "expr": "x**2 - 3*y**3"}, init=[1.0, 2.0], steps=3
    )
    e = explain_step(exp, 1)
    assert e.gradient["partials"] == ["2·x", "−9·y^{2}"]
    assert e.grad == {"x": 2.0, "y": -36.0}
    assert "∂f/∂y = −9·y² = −36" in e.to_text()


# --- mini-batches and noise ----------------------------------------------------------------


def test_sgd_explains_the_samples_the_run_used():
    exp = gdgui.preset("tutorial-003-sgd").replace(steps=12, seed=5, gradient_noise=0.25)
    problem = exp.build_problem()
    # the runner's batch order: a Generator on the first child of SeedSequence(seed)
    rng = np.random.default_rng(np.random.SeedSequence(5).spawn(2)[0])
    n = problem.n_samples
    order = np.concatenate([rng.permutation(n) for _ in range(-(-12 // n))])
    noise_rng = np.random.default_rng(np.random.SeedSequence(5).spawn(2)[1])
    noise = noise_rng.standard_normal((256, 1)) * 0.25
    h = exp.run().history
    ex = StepExplainer(exp)
    for k in range(1, 13):
        e = ex.explain(k)
        assert e.batch == [int(order[k - 1])]
        i = e.batch[0]
        w, x, y = h.params[k - 1, 0], problem.x[i], problem.y[i]
        assert e.grad_noise_free["w"] == pytest.approx(2 * x * (w * x - y))
        assert e.noise["w"] == noise[k - 1, 0]
        assert e.grad["w"] == e.grad_noise_free["w"] + e.noise["w"]
        assert e.params_after["w"] == h.params[k, 0]
    text = e.to_text()
    assert f"samples {i} (numbered from 0)" in text
    assert "g_w = ∂L/∂w + ε_w = " in text


def test_many_points_give_the_sums_not_the_terms():
    e = explain_step(gdgui.preset("tutorial-000"), 1)
    assert "points" not in e.gradient
    assert e.gradient["n"] == 50
    assert e.grad["w"] == pytest.approx(2 * e.gradient["sum_rx"] / 50, rel=1e-12)
    assert e.grad["b"] == pytest.approx(2 * e.gradient["sum_r"] / 50, rel=1e-12)


# --- json, html, range -----------------------------------------------------------------------


def test_json_schema():
    exp = gdgui.preset("tutorial-000").replace(
        optimizer={"name": "adam", "lr": 0.1, "amsgrad": True}, gradient_noise=0.1, steps=3
    )
    d = json.loads(json.dumps(explain_step(exp, 2).to_json()))
    assert set(d) == {
        "step",
        "epoch",
        "problem",
        "optimizer",
        "hyperparams",
        "lr",
        "params_before",
        "grad",
        "params_after",
        "loss_before",
        "loss_after",
        "batch",
        "state",
        "state_before",
        "derived",
        "grad_noise_free",
        "noise",
    }
    assert set(d["state"]) == {"step", "exp_avg", "exp_avg_sq", "max_exp_avg_sq"}
    assert set(d["state"]["exp_avg"]) == {"w", "b"}
    assert {
        "bias_correction1",
        "bias_correction2",
        "exp_avg_hat",
        "exp_avg_sq_hat",
        "denom",
    } <= set(d["derived"])
    d = explain_step(T003, 1).to_json()
    assert "noise" not in d and d["batch"] is None and d["state"] == {"momentum_buffer": None}


def test_html_is_translated_and_unbroken():
    exp = gdgui.preset("tutorial-000").replace(optimizer={"name": "adam", "lr": 0.1}, steps=3)
    seen = []

    def tr(s):
        seen.append(s)
        return "‹" + s + "›"  # a translation keeps the {placeholders}

    html = explain_step(exp, 1).to_html("light", tr=tr)
    assert "‹First moment (exp_avg)›" in html and "‹Step 1: θ₀ → θ₁›" in html
    assert "Bias-corrected moments" in seen
    assert "\u0302" not in html  # no combining hats
    assert "m<sup>^</sup><sub>w</sub>" in html
    assert html.count("white-space:nowrap") >= 10
    assert "#1f2328" in html  # the light theme's text colour


def test_markup():
    assert markup_text("β_{1}^{t} hat(m)_{w} v^{max}_{x}") == "β₁ᵗ m\u0302_w vᵐᵃˣ_x"
    assert markup_text("v_{w′} x_{ab}") == "v_w′ x_(ab)"
    assert markup_html("a < b_{i}") == "a &lt; b<sub>i</sub>"


def test_steps_out_of_range():
    with pytest.raises(StepError, match="1 or more"):
        explain_step(T003, 0)
    with pytest.raises(StepError, match="past the end: the run has 100 steps"):
        explain_step(T003, 101)
    assert explain_step(T003, 100).step == 100
    diverging = T003.replace(optimizer={"lr": 1.0})
    assert explain_step(diverging, 6).diverged  # the last, still finite, row
    with pytest.raises(StepError, match="diverged at step 6"):
        explain_step(diverging, 7)


def test_cli():
    import argparse

    p = argparse.ArgumentParser()
    add_explain_arguments(p)
    args = p.parse_args(["--step", "2", "--json"])
    out, err = io.StringIO(), io.StringIO()
    assert run_explain(T003, args.step, args.json, out, err) == 0
    assert json.loads(out.getvalue())["params_after"] == {"w": 1.2774999999999999}
    out = io.StringIO()
    assert run_explain(T003, 1, False, out, err) == 0
    assert "= 1 − 0.01 × (−15) = 1.15\n" in out.getvalue()
    assert run_explain(T003, 500, False, out, err) == 2
    assert err.getvalue().count("\n") == 1 and "step 500 is past the end" in err.getvalue()


@pytest.mark.parametrize("name", ["momentum", "adam"])
def test_scheduled_run_explains_the_rate_it_used(name):
    """With a schedule each step is explained at its scheduled lr (and onecycle's momentum
    or beta1), and params_after is still the engine's row."""
    from gdgui.core import schedules
    from gdgui.core.runner import Run
    from gdgui.core.surfaces import make_surface

    config = schedules.validate({"name": "onecycle", "max_lr": 0.0005, "total_steps": 25})

    def make():
        return Run(
            make_surface("rosenbrock"), name, {"lr": 0.1}, [-1.5, 2.0], steps=25, schedule=config
        )

    run = make()
    h = run.run()
    assert run.status == "finished"
    ex = StepExplainer(make)
    key = schedules.momentum_key(name)
    for k in range(1, 26):
        e = ex.explain(k)
        assert e.lr == h.lr[k]
        assert [e.params_after[n] for n in h.param_names] == h.params[k].tolist()
        assert e.loss_before == h.loss[k - 1]
    s = schedules.make(config, name).init(0.1)
    assert explain_step(make, 1).hyperparams[key] == s.momentum
    assert len(set(h.lr[1:].tolist())) > 20
