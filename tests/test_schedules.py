"""Learning-rate schedules: torch.optim.lr_scheduler bit for bit, the config forms, validation.

The torch values come from tests/fixtures/torch_schedules.json (tools/make_torch_fixtures.py),
so these run without torch; with torch installed the fixture is also re-checked.
"""

import json
import math
import warnings

import numpy as np
import pytest
from fixture_tool import load_tool

from gdgui.core import optimizers as optim
from gdgui.core import schedules as S

TOOL = load_tool()
FIXTURE = json.loads(TOOL.SCHEDULES_FILE.read_text(encoding="utf-8"))

try:
    import torch
except ImportError:
    torch = None
    warnings.warn(
        "torch is not installed: the schedule fixtures were compared, but not "
        "re-checked against fresh torch.optim.lr_scheduler runs",
        stacklevel=1,
    )


def sequence(config, base_lr, steps, optimizer="momentum"):
    """The (lr, momentum) gdgui's schedule gives each of ``steps`` optimizer steps."""
    sched = S.make(config, optimizer)
    s = sched.init(base_lr)
    lrs, moms = [], []
    for k in range(steps):
        lrs.append(s.lr)
        moms.append(s.momentum)
        if k < steps - 1:
            s = sched.update(s)
    return lrs, moms


def _id(case):
    return f"{case['name']}-" + "-".join(f"{k}={v}" for k, v in case["params"].items())


# --- torch, bit for bit -----------------------------------------------------------------


def test_fixture_covers_every_case_and_schedule():
    stored = [{k: v for k, v in c.items() if k not in ("lrs", "momenta")} for c in FIXTURE["cases"]]
    assert stored == TOOL.SCHEDULE_CASES
    per_name = {name: sum(c["name"] == name for c in stored) for name in S.SCHEDULES}
    assert min(per_name.values()) >= 3, per_name
    for c in FIXTURE["cases"]:
        assert len(c["lrs"]) == c["steps"]
    assert [
        {k: v for k, v in r.items() if k != "trajectory"} for r in FIXTURE["runs"]
    ] == TOOL.SCHEDULED_RUNS


@pytest.mark.parametrize("case", FIXTURE["cases"], ids=_id)
def test_matches_torch_exactly(case):
    config = {"name": case["name"], **case["params"]}
    lrs, moms = sequence(config, case["base_lr"], case["steps"], case.get("optimizer", "momentum"))
    # the same float64 operations in the same order as torch: equal to the last bit
    assert lrs == case["lrs"]
    if "momenta" in case:
        assert moms == case["momenta"]
        assert len(set(moms)) > 3  # it really cycles
    else:
        assert set(moms) == {None}
    assert len(set(lrs)) > 1


def _closed_form(case, k):
    """torch's _get_closed_form_lr, which the recursion only approximates."""
    p, base = {**S.get(case["name"]).defaults(), **case["params"]}, case["base_lr"]
    if case["name"] == "cosine":
        return p["eta_min"] + (base - p["eta_min"]) * (1 + math.cos(math.pi * k / p["T_max"])) / 2
    frac = min(p["total_iters"], k) / p["total_iters"]
    return base * (p["start_factor"] + (p["end_factor"] - p["start_factor"]) * frac)


@pytest.mark.parametrize("name", ["cosine", "linear"])
def test_recursive_form_is_the_one_matched(name):
    """torch's chainable get_lr, not its closed form: they differ in the last bits."""
    differ = 0
    for case in (c for c in FIXTURE["cases"] if c["name"] == name):
        lrs, _ = sequence({"name": name, **case["params"]}, case["base_lr"], case["steps"])
        closed = [_closed_form(case, k) for k in range(case["steps"])]
        np.testing.assert_allclose(lrs, closed, rtol=1e-12, atol=1e-17)
        differ += sum(a != b for a, b in zip(lrs, closed))
    assert differ > 0


@pytest.mark.parametrize("run", FIXTURE["runs"], ids=lambda r: r["schedule"]["name"])
def test_scheduled_optimizer_matches_torch(run):
    """The loop the module docstring gives a runner, against torch's optimizer + scheduler."""
    grad = {
        "quadratic": lambda p: p * np.array([1.0, 10.0]) - np.array([1.0, -2.0]),
        "rosenbrock": lambda p: np.array(
            [-2 * (1 - p[0]) - 400 * p[0] * (p[1] - p[0] ** 2), 200 * (p[1] - p[0] ** 2)]
        ),
    }[run["problem"]]
    config = S.validate({**run["schedule"], "every": run["every"]})
    spec = optim.get(run["optimizer"])
    opt, hp = spec.make(), {**spec.defaults(), **run["hp"]}
    sched = S.make(config, run["optimizer"])
    params = np.array(run["p0"])
    opt_state, s = opt.init(params), sched.init(hp["lr"])
    out, lrs = [params], set()
    for k in range(1, run["steps"] + 1):
        step_hp = S.apply(s, hp, run["optimizer"])
        lrs.add(step_hp["lr"])
        params, opt_state = opt.update(grad(params), opt_state, params, step_hp)
        if S.advances(config["every"], k, run["steps_per_epoch"]):
            s = sched.update(s)
        out.append(params)
    assert len(lrs) > 3
    np.testing.assert_allclose(out, run["trajectory"], rtol=1e-12, atol=0)


if torch is not None:

    @pytest.mark.parametrize("case", FIXTURE["cases"], ids=_id)
    def test_fixture_equals_fresh_torch(case):
        fresh = TOOL.torch_schedule_run(
            case["name"],
            case["params"],
            case["base_lr"],
            case["steps"],
            case.get("optimizer", "momentum"),
        )
        assert fresh == {k: case[k] for k in ("lrs", "momenta") if k in case}

    @pytest.mark.parametrize("run", FIXTURE["runs"], ids=lambda r: r["schedule"]["name"])
    def test_run_fixture_equals_fresh_torch(run):
        fresh = TOOL.torch_scheduled_run(run)
        if torch.__version__ == FIXTURE["torch"]:
            assert fresh == run["trajectory"]
        else:
            np.testing.assert_allclose(fresh, run["trajectory"], rtol=1e-12, atol=0)


# --- by hand ----------------------------------------------------------------------------


def test_step_and_multistep_by_hand():
    lrs, _ = sequence({"name": "step", "step_size": 2, "gamma": 0.5}, 1.0, 7)
    assert lrs == [1.0, 1.0, 0.5, 0.5, 0.25, 0.25, 0.125]
    lrs, _ = sequence({"name": "multistep", "milestones": [2, 2, 5], "gamma": 0.5}, 1.0, 7)
    assert lrs == [1.0, 1.0, 0.25, 0.25, 0.25, 0.125, 0.125]  # 2 listed twice: γ²


def test_cosine_reaches_eta_min_at_T_max_and_rises_after():
    lrs, _ = sequence({"name": "cosine", "T_max": 4, "eta_min": 0.1}, 1.0, 9)
    assert lrs[2] == pytest.approx(0.55, abs=1e-15)  # (1 + cos(π/2))/2 of the way
    assert lrs[4] == pytest.approx(0.1, abs=1e-15) and lrs[8] == pytest.approx(1.0, abs=1e-14)
    assert lrs[3] > lrs[4] < lrs[5]


def test_linear_by_hand():
    lrs, _ = sequence({"name": "linear", "start_factor": 0.5, "total_iters": 4}, 0.8, 7)
    np.testing.assert_allclose(lrs, [0.4, 0.5, 0.6, 0.7, 0.8, 0.8, 0.8], rtol=1e-15)


def test_onecycle_shape():
    cfg = {
        "name": "onecycle",
        "max_lr": 1.0,
        "total_steps": 10,
        "pct_start": 0.5,
        "div_factor": 10.0,
        "final_div_factor": 100.0,
    }
    lrs, moms = sequence(cfg, 123.0, 11)  # the optimizer's own lr is ignored
    assert lrs[0] == pytest.approx(0.1) and lrs[4] == 1.0 and lrs[9] == pytest.approx(1e-3)
    assert moms[0] == pytest.approx(0.95) and moms[4] == 0.85 and moms[9] == pytest.approx(0.95)
    sched = S.make(cfg)
    s = sched.init(0.1)
    for _ in range(10):
        s = sched.update(s)
    with pytest.raises(ValueError, match="stepped 11 times, past total_steps = 10"):
        sched.update(s)


def test_per_run_arrays_equal_separate_runs():
    base = np.array([[0.1], [0.03], [1.0]])
    for cfg in (
        {"name": "cosine", "T_max": 7, "eta_min": 0.001},
        {"name": "linear", "start_factor": 0.2, "total_iters": 6},
        {"name": "multistep", "milestones": [2, 5], "gamma": 0.3},
    ):
        arr, _ = sequence(cfg, base, 20)
        for r in range(3):
            alone, _ = sequence(cfg, float(base[r, 0]), 20)
            assert [float(a[r, 0]) for a in arr] == alone


def test_every_epoch_holds_the_rate_through_each_epoch():
    cfg = S.validate({"name": "exponential", "gamma": 0.5, "every": "epoch"})
    sched = S.make(cfg)
    s, seen = sched.init(1.0), []
    for k in range(1, 10):
        seen.append(s.lr)
        if S.advances(cfg["every"], k, 3):
            s = sched.update(s)
    assert seen == [1.0] * 3 + [0.5] * 3 + [0.25] * 3
    assert S.advances("step", 5, 3) and not S.advances("epoch", 5, 3)
    with pytest.raises(ValueError, match="every must be step or epoch"):
        S.advances("batch", 1, 1)


def test_apply_sets_the_momentum_the_optimizer_has():
    cfg = {"name": "onecycle", "max_lr": 0.1, "total_steps": 10}
    s = S.make(cfg).init(0.5)
    hp = {"lr": 0.5, "momentum": 0.0, "beta1": 0.9}
    assert S.apply(s, {"lr": 0.5, "beta1": 0.9}, "adam") == {"lr": s.lr, "beta1": s.momentum}
    assert S.apply(s, hp, "momentum")["momentum"] == s.momentum == 0.95
    assert S.apply(s, hp, "rmsprop")["momentum"] == 0.95
    assert [S.momentum_key(n) for n in optim.OPTIMIZERS] == [
        None,
        "momentum",
        "momentum",
        None,
        "momentum",
        "beta1",
        "beta1",
    ]
    with pytest.raises(ValueError, match="cycle_momentum needs momentum or beta1, which gd"):
        S.make(cfg, "gd")
    plain = S.make({**cfg, "cycle_momentum": False}, "adagrad").init(0.5)
    assert plain.momentum is None and S.apply(plain, {"lr": 0.5}, "adagrad") == {"lr": plain.lr}


# --- config, validation, the command-line form ---------------------------------------------


def test_validate_fills_defaults_in_torchs_names():
    assert S.validate({"name": "cosine", "T_max": 100}) == {
        "name": "cosine",
        "T_max": 100,
        "eta_min": 0.0,
        "every": "step",
    }
    full = S.validate({"name": "onecycle", "max_lr": 0.1, "total_steps": 5, "every": "epoch"})
    assert full["pct_start"] == 0.3 and full["div_factor"] == 25.0
    assert full["final_div_factor"] == 1e4 and full["anneal_strategy"] == "cos"
    assert full["base_momentum"] == 0.85 and full["max_momentum"] == 0.95
    assert full["every"] == "epoch" and full["three_phase"] is False
    assert S.get("linear").defaults() == {
        "start_factor": 1 / 3,
        "end_factor": 1.0,
        "total_iters": 5,
    }


@pytest.mark.parametrize(
    "config,message",
    [
        ({"name": "cosine", "T_max": 0}, "schedule cosine: T_max must be >= 1, got 0"),
        ({"name": "cosine", "T_max": 1.5}, "schedule cosine: T_max must be an integer, got 1.5"),
        ({"name": "cosine"}, "schedule cosine: T_max is required"),
        ({"name": "cosine", "T_max": 5, "Tmax": 5}, "schedule cosine: Tmax unknown parameter"),
        ({"name": "cosine", "T_max": 5, "every": "batch"}, "every must be step or epoch"),
        ({"name": "step", "step_size": 2, "gamma": -0.1}, "step: gamma must be > 0, got -0.1"),
        ({"name": "step", "step_size": 2, "gamma": "0.1"}, "gamma must be a number, got '0.1'"),
        ({"name": "exponential", "gamma": float("nan")}, "gamma must be finite"),
        ({"name": "multistep", "milestones": []}, "milestones must be a non-empty list"),
        ({"name": "multistep", "milestones": [3, 2.5]}, "must be a list of integers, got 2.5"),
        ({"name": "multistep", "milestones": [0, 3]}, "milestones must be >= 1, got 0"),
        ({"name": "linear", "start_factor": 0.0}, "start_factor must be > 0, got 0.0"),
        ({"name": "linear", "end_factor": 1.5}, "end_factor must be <= 1, got 1.5"),
        (
            {"name": "onecycle", "max_lr": 0.1, "total_steps": 10, "anneal_strategy": "cosine"},
            "anneal_strategy must be one of cos, linear, got 'cosine'",
        ),
        (
            {"name": "onecycle", "max_lr": 0.1, "total_steps": 10, "three_phase": 1},
            "three_phase must be true or false, got 1",
        ),
        (
            {"name": "onecycle", "max_lr": 0.1, "total_steps": 10, "pct_start": 0.1},
            "pct_start leaves the warm-up with no steps",
        ),
        (
            {
                "name": "onecycle",
                "max_lr": 0.1,
                "total_steps": 10,
                "pct_start": 0.6,
                "three_phase": True,
            },
            "pct_start must be <= 0.5 with three_phase, got 0.6",
        ),
        ({"name": "cosnie", "T_max": 5}, "unknown name 'cosnie'; choose one of step, multistep"),
        ({"name": ["cosine"]}, "unknown name ['cosine']"),
        (
            {"name": "onecycle", "max_lr": 0.1, "total_steps": 10, "max_momentum": 1.0},
            "max_momentum must be < 1, got 1.0",
        ),
        ("cosine", "schedule must be an object"),
    ],
)
def test_validation_errors_are_one_line_naming_the_parameter(config, message):
    with pytest.raises(ValueError) as err:
        S.validate(config)
    assert message in str(err.value) and "\n" not in str(err.value)
    with pytest.raises(ValueError):
        S.make(config)


def test_check_params_lists_every_error():
    errors = S.check_params("linear", {"start_factor": 2.0, "total_iters": 0, "x": 1})
    assert [k for k, _ in errors] == ["start_factor", "total_iters", "x"]
    assert S.check_params("linear", {}) == []
    with pytest.raises(KeyError, match="choose one of step, multistep, exponential"):
        S.get("warmup")


def test_parse_the_command_line_form():
    assert S.parse("cosine:T_max=100,eta_min=0.001") == {
        "name": "cosine",
        "T_max": 100,
        "eta_min": 0.001,
        "every": "step",
    }
    cfg = S.parse(" multistep : milestones=[30, 60,90] , gamma=0.5, every=epoch")
    assert cfg == {"name": "multistep", "milestones": [30, 60, 90], "gamma": 0.5, "every": "epoch"}
    cfg = S.parse("onecycle:max_lr=1e-2,total_steps=50,three_phase=true,anneal_strategy=linear")
    assert cfg["three_phase"] is True and cfg["anneal_strategy"] == "linear"
    assert cfg["max_lr"] == 0.01 and cfg["total_steps"] == 50
    assert S.parse("exponential:gamma=0.9,") == S.validate({"name": "exponential", "gamma": 0.9})
    assert S.parse("linear") == S.validate({"name": "linear"})


@pytest.mark.parametrize(
    "text,message",
    [
        ("cosine:T_max=1e2", "schedule cosine: T_max must be an integer, got '1e2'"),
        ("cosine:T_max=100,T_max=5", "T_max is given twice"),
        ("cosine:T_max", "cannot read 'T_max'; write key=value items separated by commas"),
        ("cosine:T_max=100;eta_min=0", "T_max must be an integer, got '100;eta_min=0'"),
        ("cos:T_max=1", "--schedule: unknown name 'cos'"),
        ("step:step_size=2,gamma=x", "gamma must be a number, got 'x'"),
        ("multistep:milestones=[1,a]", "milestones must be an integer"),
        ("cosine:T_max=10,warm=1", "warm unknown parameter for cosine"),
        ("onecycle:max_lr=0.1,total_steps=9,cycle_momentum=yes", "cycle_momentum must be true"),
    ],
)
def test_parse_errors(text, message):
    with pytest.raises(ValueError) as err:
        S.parse(text)
    assert message in str(err.value) and "\n" not in str(err.value)


@pytest.mark.parametrize("case", FIXTURE["cases"], ids=_id)
def test_to_text_round_trips(case):
    cfg = S.validate({"name": case["name"], **case["params"], "every": "epoch"})
    assert S.parse(S.to_text(cfg)) == cfg
