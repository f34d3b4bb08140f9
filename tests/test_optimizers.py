"""Optimizers: hand-derived first steps, torch.optim step for step, floats vs arrays.

The torch.optim comparisons read tests/fixtures/torch_optimizers.json, written by
tools/make_torch_fixtures.py, so they run with or without torch installed. With torch
installed, test_fixture_equals_fresh_torch also re-runs torch and checks the fixture.
"""

import json
import math
import warnings

import numpy as np
import pytest
from fixture_tool import load_tool

from gdgui.core import optimizers as optim

TOOL = load_tool()
FIXTURE = json.loads(TOOL.OPTIMIZERS_FILE.read_text(encoding="utf-8"))

try:
    import torch
except ImportError:
    torch = None
    warnings.warn(
        "torch is not installed: the optimizer fixtures were compared, but not "
        "re-checked against a fresh torch.optim run",
        stacklevel=1,
    )

# One table of optimizers under test (optax's alias_test style), crossed with problems;
# the fixture script holds it so that the fixtures cover exactly these.
CONFIGS = TOOL.OPTIMIZER_CONFIGS


def rosenbrock_grad(p):
    x, y = p[..., 0], p[..., 1]
    return np.stack([-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)], axis=-1)


def quad_grad(p):
    return p * np.array([1.0, 10.0]) - np.array([1.0, -2.0])


def for_rosenbrock(name, hp):
    """Rosenbrock's curvature (~1e3 at the start) needs smaller steps for the SGD family."""
    return TOOL.for_problem(name, hp, "rosenbrock")


def run_ours(name, hp, grad_fn, p0, steps):
    spec = optim.get(name)
    opt = spec.make()
    full = {**spec.defaults(), **hp}
    p = np.array(p0, dtype=float)
    state = opt.init(p)
    out = [p]
    for _ in range(steps):
        p, state = opt.update(grad_fn(p), state, p, full)
        out.append(p)
    return np.array(out)


# --- hand-derived first steps ------------------------------------------------------------


def first_steps(name, hp, g1, g2, p0=1.0):
    """Two steps on a scalar with the given gradients (independent of the parameter)."""
    spec = optim.get(name)
    opt = spec.make()
    full = {**spec.defaults(), **hp}
    p, s = p0, opt.init(p0)
    p1, s = opt.update(g1, s, p, full)
    p2, s = opt.update(g2, s, p1, full)
    return p1, p2


def test_gd_by_hand():
    assert first_steps("gd", {"lr": 0.1}, 2.0, 4.0) == pytest.approx((0.8, 0.4), abs=1e-15)
    # weight decay adds λθ: g = 2 + 0.5·1 = 2.5 → 1 − 0.25
    p1, _ = first_steps("gd", {"lr": 0.1, "weight_decay": 0.5}, 2.0, 0.0)
    assert p1 == pytest.approx(0.75, abs=1e-15)


def test_momentum_by_hand():
    # b1 = g1 = 2 (no dampening on the first step, as torch) → p1 = 1 − 0.1·2 = 0.8
    # b2 = 0.9·2 + (1 − 0.5)·4 = 3.8 → p2 = 0.8 − 0.38 = 0.42
    p1, p2 = first_steps("momentum", {"lr": 0.1, "momentum": 0.9, "dampening": 0.5}, 2.0, 4.0)
    assert (p1, p2) == pytest.approx((0.8, 0.42), abs=1e-15)


def test_nesterov_by_hand():
    # b1 = 2, step g + μb = 2 + 1.8 = 3.8 → 0.62; b2 = 1.8 + 4 = 5.8, g + μb = 4 + 5.22 = 9.22
    p1, p2 = first_steps("nesterov", {"lr": 0.1, "momentum": 0.9}, 2.0, 4.0)
    assert (p1, p2) == pytest.approx((0.62, 0.62 - 0.922), abs=1e-14)


def test_adagrad_by_hand():
    # s1 = 4, p1 = 1 − 0.5·2/2 = 0.5; lr_decay: clr2 = 0.5/(1 + 0.5) ; s2 = 4 + 16 = 20
    p1, p2 = first_steps("adagrad", {"lr": 0.5, "lr_decay": 0.5, "eps": 0.0}, 2.0, 4.0)
    assert p1 == pytest.approx(0.5, abs=1e-15)
    assert p2 == pytest.approx(0.5 - (0.5 / 1.5) * 4 / math.sqrt(20), abs=1e-15)


def test_rmsprop_by_hand():
    # v1 = 0.01·4 = 0.04, p1 = 1 − 0.01·2/(0.2 + 1e-8)
    p1, _ = first_steps("rmsprop", {"lr": 0.01}, 2.0, 4.0)
    assert p1 == pytest.approx(1 - 0.01 * 2 / (0.2 + 1e-8), abs=1e-15)
    # centered: ḡ = 0.02, v − ḡ² = 0.04 − 0.0004
    p1, _ = first_steps("rmsprop", {"lr": 0.01, "centered": True}, 2.0, 4.0)
    assert p1 == pytest.approx(1 - 0.01 * 2 / (math.sqrt(0.0396) + 1e-8), abs=1e-15)


def test_adam_by_hand():
    # step 1: m̂ = g, v̂ = g², so the step is lr·g/(|g| + ε) ≈ lr·sign(g)
    p1, p2 = first_steps("adam", {"lr": 0.1}, 2.0, 4.0)
    assert p1 == pytest.approx(1 - 0.1 * 2 / (2 + 1e-8), abs=1e-15)
    m = 0.9 * 0.2 + 0.4  # β1·m1 + (1−β1)·g2 with m1 = 0.2
    v = 0.999 * 0.004 + 0.001 * 16
    step = 0.1 / (1 - 0.9**2) * m / (math.sqrt(v) / math.sqrt(1 - 0.999**2) + 1e-8)
    assert p2 == pytest.approx(p1 - step, abs=1e-14)


def test_adamw_decays_before_the_step():
    p1, _ = first_steps("adamw", {"lr": 0.1, "weight_decay": 0.5}, 2.0, 0.0, p0=2.0)
    assert p1 == pytest.approx(2.0 * (1 - 0.05) - 0.1 * 2 / (2 + 1e-8), abs=1e-15)


def test_amsgrad_keeps_the_largest_second_moment():
    # a big gradient then small ones: AMSGrad's denominator must not shrink
    plain = run_ours("adam", {"lr": 0.1}, lambda p: np.where(p > 100, 0, 1.0), [0.0], 1)
    assert plain[-1, 0] == pytest.approx(-0.1, rel=1e-7)
    spec = optim.get("adam")
    opt = spec.make()
    hp = {**spec.defaults(), "amsgrad": True}
    s = opt.init(0.0)
    _, s = opt.update(10.0, s, 0.0, hp)
    _, s2 = opt.update(0.1, s, 0.0, hp)
    assert s2.max_exp_avg_sq == s.exp_avg_sq > s2.exp_avg_sq


# --- floats and arrays follow the same rule ----------------------------------------------


@pytest.mark.parametrize("name,hp", CONFIGS)
def test_floats_and_arrays_agree(name, hp):
    hp = for_rosenbrock(name, hp)
    arr = run_ours(name, hp, rosenbrock_grad, [-1.2, 1.0], 30)
    spec = optim.get(name)
    opt = spec.make()
    full = {**spec.defaults(), **hp}
    p = [-1.2, 1.0]
    states = [opt.init(v) for v in p]
    for k in range(30):
        g = rosenbrock_grad(np.array(p)).tolist()
        new = [opt.update(g[j], states[j], p[j], full) for j in range(2)]
        p = [t for t, _ in new]
        states = [s for _, s in new]
        np.testing.assert_allclose(p, arr[k + 1], rtol=1e-14, atol=1e-300)
    assert np.all(np.isfinite(arr)) and not np.allclose(arr[-1], arr[0])


@pytest.mark.parametrize("name,hp", CONFIGS)
def test_per_run_hyperparameter_columns(name, hp):
    """Many runs with (R, 1) hyperparameters equal separate runs with scalars."""
    hp = for_rosenbrock(name, hp)
    spec = optim.get(name)
    full = {**spec.defaults(), **hp}
    lrs = np.array([0.5, 1.0, 2.0]) * full["lr"]
    wds = np.array([0.0, 0.1, 0.0])
    opt = spec.make()
    p = np.tile([-1.2, 1.0], (3, 1))
    hp_cols = {**full, "lr": lrs[:, None], "weight_decay": wds[:, None]}
    state = opt.init(p)
    for _ in range(10):
        p, state = opt.update(rosenbrock_grad(p), state, p, hp_cols)
    for r in range(3):
        alone = run_ours(
            name,
            {**hp, "lr": float(lrs[r]), "weight_decay": float(wds[r])},
            rosenbrock_grad,
            [-1.2, 1.0],
            10,
        )[-1]
        np.testing.assert_allclose(p[r], alone, rtol=1e-13)
    assert np.all(np.isfinite(p))


def test_hyperparameters_can_change_between_steps():
    spec = optim.get("momentum")
    opt = spec.make()
    hp = {**spec.defaults(), "lr": 0.1}
    p, s = 1.0, opt.init(1.0)
    p, s = opt.update(1.0, s, p, hp)
    p, s = opt.update(1.0, s, p, {**hp, "lr": 0.2})
    # b2 = 0.9·1 + 1 = 1.9; the second step uses the new rate
    assert p == pytest.approx(1 - 0.1 - 0.2 * 1.9, abs=1e-15)


# --- validation ------------------------------------------------------------------------


def test_check_hyperparams():
    assert optim.check_hyperparams("gd", {"lr": 0.1}) == []
    assert optim.check_hyperparams("gd", {"lr": -1}) == [("lr", "must be > 0, got -1")]
    assert optim.check_hyperparams("adam", {"beta1": 1.0})[0][1] == "must be < 1, got 1.0"
    assert optim.check_hyperparams("gd", {"momentum": 0.9})[0][0] == "momentum"
    assert optim.check_hyperparams("adam", {"amsgrad": 1})[0][1].startswith("must be true")
    errs = dict(optim.check_hyperparams("nesterov", {"dampening": 0.1}))
    assert "dampening = 0" in errs["dampening"]
    assert optim.check_hyperparams("gd", {"lr": float("nan")})[0][1].startswith("must be finite")
    with pytest.raises(KeyError, match="choose one of gd, momentum"):
        optim.get("sgdd")


def test_defaults_are_torchs():
    assert optim.get("gd").defaults() == {"lr": 1e-3, "weight_decay": 0.0}
    assert optim.get("adagrad").defaults() == {
        "lr": 1e-2,
        "lr_decay": 0.0,
        "weight_decay": 0.0,
        "initial_accumulator_value": 0.0,
        "eps": 1e-10,
    }
    assert optim.get("rmsprop").defaults() == {
        "lr": 1e-2,
        "alpha": 0.99,
        "eps": 1e-8,
        "weight_decay": 0.0,
        "momentum": 0.0,
        "centered": False,
    }
    assert optim.get("adam").defaults() == {
        "lr": 1e-3,
        "beta1": 0.9,
        "beta2": 0.999,
        "eps": 1e-8,
        "weight_decay": 0.0,
        "amsgrad": False,
    }
    assert optim.get("adamw").defaults()["weight_decay"] == 1e-2


# --- torch.optim, step for step ------------------------------------------------------------

GRADS = {"rosenbrock": rosenbrock_grad, "quadratic": quad_grad}


def _case_id(case):
    hp = "-".join(f"{k}={v}" for k, v in case["hp"].items())
    return f"{case['name']}-{case['problem']}-{hp}"


def test_fixture_covers_every_configuration():
    """A configuration added, changed or removed here without regenerating shows up."""
    stored = [{k: c[k] for k in ("name", "hp", "problem", "p0", "steps")} for c in FIXTURE["cases"]]
    assert stored == TOOL.optimizer_cases()
    assert len(stored) == 2 * len(CONFIGS) == 30
    assert FIXTURE["torch"].startswith("2.")
    for c in FIXTURE["cases"]:
        assert np.shape(c["trajectory"]) == (c["steps"] + 1, 2)


@pytest.mark.parametrize("case", FIXTURE["cases"], ids=_case_id)
def test_matches_torch_optim(case):
    ours = run_ours(case["name"], case["hp"], GRADS[case["problem"]], case["p0"], case["steps"])
    ref = np.array(case["trajectory"])
    # float64 throughout; the only differences are rounding (torch fuses some ops):
    # measured ≤ 1.1e-13 relative over these 60-step runs
    assert np.all(np.isfinite(ours)) and np.abs(ours[-1] - ours[0]).max() > 1e-3
    np.testing.assert_allclose(ours, ref, rtol=1e-12, atol=0)


if torch is not None:

    @pytest.mark.parametrize("case", FIXTURE["cases"], ids=_case_id)
    def test_fixture_equals_fresh_torch(case):
        """A stale fixture (other cases, or torch changed) is caught where torch is installed."""
        fresh = TOOL.torch_optimizer_run(
            case["name"], case["hp"], case["problem"], case["p0"], case["steps"]
        )
        if torch.__version__ == FIXTURE["torch"]:
            assert fresh == case["trajectory"]
        else:  # another torch may round differently in the last bits, never by more
            np.testing.assert_allclose(fresh, case["trajectory"], rtol=1e-12, atol=0)
