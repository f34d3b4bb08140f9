"""Write torch's reference trajectories and learning-rate sequences to tests/fixtures/.

    python tools/make_torch_fixtures.py        # needs torch; rewrites the two JSON files

The tests compare gdgui's optimizers (gdgui/core/optimizers.py) and schedules
(gdgui/core/schedules.py) against these files in every run, with or without torch
installed. When torch is installed they also re-run this module's functions and check
that the files still equal a fresh torch run, so a stale fixture is caught.

The case tables below are the single list of what is compared: tests/test_optimizers.py
and tests/test_schedules.py import them from here. Floats are written with ``repr``
(JSON's own float format), so they read back bit for bit. This module imports without
torch; only the ``torch_*`` functions need it.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "fixtures"
OPTIMIZERS_FILE = FIXTURES / "torch_optimizers.json"
SCHEDULES_FILE = FIXTURES / "torch_schedules.json"
EXPLAIN_FILE = FIXTURES / "torch_explain.json"

# --- optimizers ---------------------------------------------------------------------------

# (gdgui optimizer name, hyperparameters in gdgui's names); missing ones take the defaults,
# which gdgui and torch.optim share (test_optimizers.test_defaults_are_torchs).
OPTIMIZER_CONFIGS: list[tuple[str, dict[str, Any]]] = [
    ("gd", {"lr": 0.1}),
    ("gd", {"lr": 0.05, "weight_decay": 0.1}),
    ("momentum", {"lr": 0.05, "momentum": 0.9}),
    ("momentum", {"lr": 0.05, "momentum": 0.8, "dampening": 0.3, "weight_decay": 0.01}),
    ("nesterov", {"lr": 0.05, "momentum": 0.9}),
    ("nesterov", {"lr": 0.02, "momentum": 0.5, "weight_decay": 0.2}),
    ("adagrad", {"lr": 0.3}),
    (
        "adagrad",
        {
            "lr": 0.3,
            "lr_decay": 0.1,
            "initial_accumulator_value": 0.5,
            "weight_decay": 0.05,
            "eps": 1e-6,
        },
    ),
    ("rmsprop", {"lr": 0.01}),
    ("rmsprop", {"lr": 0.01, "alpha": 0.9, "centered": True, "momentum": 0.5, "weight_decay": 0.1}),
    ("rmsprop", {"lr": 0.01, "centered": True}),
    ("adam", {"lr": 0.1}),
    ("adam", {"lr": 0.1, "beta1": 0.8, "beta2": 0.99, "weight_decay": 0.1, "amsgrad": True}),
    ("adamw", {"lr": 0.1}),
    ("adamw", {"lr": 0.1, "weight_decay": 0.3, "amsgrad": True, "eps": 1e-4}),
]

PROBLEMS: dict[str, list[float]] = {"rosenbrock": [-1.2, 1.0], "quadratic": [3.0, -2.0]}
# 60 steps: long enough to leave the start, short enough that last-bit rounding stays
# below 2e-13 relative for every case. Centred RMSprop with momentum amplifies rounding
# past ~120 steps (gdgui and torch differ by 3.5e-5 relative after 200 steps on
# Rosenbrock, from ~1e-16 per step), so no run here is longer than 60.
STEPS = 60


def for_problem(name: str, hp: dict[str, Any], problem: str) -> dict[str, Any]:
    """Rosenbrock's curvature (~1e3 at the start) needs smaller steps for the SGD family."""
    if problem == "rosenbrock" and name in ("gd", "momentum", "nesterov"):
        return {**hp, "lr": hp["lr"] * 0.01}
    return hp


def optimizer_cases() -> list[dict[str, Any]]:
    """Every (configuration, problem) pair, with the exact hyperparameters, start and steps."""
    return [
        {
            "name": name,
            "hp": for_problem(name, hp, problem),
            "problem": problem,
            "p0": p0,
            "steps": STEPS,
        }
        for name, hp in OPTIMIZER_CONFIGS
        for problem, p0 in PROBLEMS.items()
    ]


def _torch_optimizer(torch: Any, name: str, hp: dict[str, Any], params: list) -> Any:
    """torch.optim's class for a gdgui optimizer, given only the hyperparameters set (torch's
    own defaults fill in the rest, so a gdgui default that drifted would show)."""
    hp = dict(hp)
    if name in ("gd", "momentum", "nesterov"):
        return torch.optim.SGD(params, nesterov=name == "nesterov", **hp)
    if name == "adagrad":
        return torch.optim.Adagrad(params, **hp)
    if name == "rmsprop":
        return torch.optim.RMSprop(params, **hp)
    if "beta1" in hp or "beta2" in hp:
        hp["betas"] = (hp.pop("beta1", 0.9), hp.pop("beta2", 0.999))
    cls = torch.optim.Adam if name == "adam" else torch.optim.AdamW
    return cls(params, **hp)


def torch_optimizer_run(
    name: str, hp: dict[str, Any], problem: str, p0: list[float], steps: int
) -> list[list[float]]:
    """The parameters after 0..steps steps of torch.optim on ``problem``, in float64."""
    import torch

    w = torch.tensor(p0, dtype=torch.float64, requires_grad=True)
    opt = _torch_optimizer(torch, name, hp, [w])
    out = [w.detach().tolist()]
    for _ in range(steps):
        opt.zero_grad()
        if problem == "rosenbrock":
            loss = (1 - w[0]) ** 2 + 100 * (w[1] - w[0] ** 2) ** 2
        else:
            loss = 0.5 * (w[0] ** 2 + 10 * w[1] ** 2) - (w[0] - 2 * w[1])
        loss.backward()
        opt.step()
        out.append(w.detach().tolist())
    return out


# --- learning-rate schedules ----------------------------------------------------------------

# name: gdgui's schedule; params: in torch's names; base_lr: the optimizer's lr before the
# schedule; optimizer: whose momentum (SGD) or beta1 (Adam, AdamW) onecycle cycles;
# steps: how many optimizer steps are recorded (torch's "lrs" and "momenta" at each).
SCHEDULE_CASES: list[dict[str, Any]] = [
    {"name": "step", "params": {"step_size": 3, "gamma": 0.5}, "base_lr": 0.1, "steps": 20},
    {"name": "step", "params": {"step_size": 1, "gamma": 0.9}, "base_lr": 0.3, "steps": 40},
    {"name": "step", "params": {"step_size": 7}, "base_lr": 1.0, "steps": 30},
    {"name": "step", "params": {"step_size": 4, "gamma": 0.37}, "base_lr": 0.07, "steps": 25},
    {"name": "multistep", "params": {"milestones": [3, 7, 12]}, "base_lr": 0.1, "steps": 20},
    {
        "name": "multistep",
        "params": {"milestones": [5, 5, 10], "gamma": 0.5},
        "base_lr": 0.3,
        "steps": 15,
    },
    {
        "name": "multistep",
        "params": {"milestones": [20, 4], "gamma": 0.3},
        "base_lr": 0.05,
        "steps": 25,
    },
    {"name": "exponential", "params": {"gamma": 0.9}, "base_lr": 0.1, "steps": 60},
    {"name": "exponential", "params": {"gamma": 0.99}, "base_lr": 0.3, "steps": 100},
    {"name": "exponential", "params": {"gamma": 0.5}, "base_lr": 1.0, "steps": 30},
    {"name": "cosine", "params": {"T_max": 10}, "base_lr": 0.1, "steps": 35},
    {"name": "cosine", "params": {"T_max": 7, "eta_min": 0.001}, "base_lr": 0.3, "steps": 40},
    {"name": "cosine", "params": {"T_max": 50, "eta_min": 1e-4}, "base_lr": 0.05, "steps": 120},
    {"name": "cosine", "params": {"T_max": 3, "eta_min": 0.05}, "base_lr": 0.2, "steps": 20},
    {"name": "linear", "params": {}, "base_lr": 0.1, "steps": 10},
    {
        "name": "linear",
        "params": {"start_factor": 0.1, "total_iters": 10},
        "base_lr": 0.3,
        "steps": 15,
    },
    {
        "name": "linear",
        "params": {"start_factor": 1.0, "end_factor": 0.0, "total_iters": 20},
        "base_lr": 0.05,
        "steps": 25,
    },
    {
        "name": "linear",
        "params": {"start_factor": 0.5, "end_factor": 0.25, "total_iters": 7},
        "base_lr": 0.7,
        "steps": 12,
    },
    {
        "name": "onecycle",
        "params": {"max_lr": 0.1, "total_steps": 50},
        "base_lr": 0.01,
        "optimizer": "momentum",
        "steps": 51,
    },
    {
        "name": "onecycle",
        "params": {
            "max_lr": 0.01,
            "total_steps": 37,
            "pct_start": 0.25,
            "anneal_strategy": "linear",
            "three_phase": True,
        },
        "base_lr": 0.001,
        "optimizer": "adam",
        "steps": 38,
    },
    {
        "name": "onecycle",
        "params": {
            "max_lr": 1.0,
            "total_steps": 20,
            "cycle_momentum": False,
            "div_factor": 10.0,
            "final_div_factor": 100.0,
        },
        "base_lr": 0.1,
        "optimizer": "gd",
        "steps": 21,
    },
    {
        "name": "onecycle",
        "params": {
            "max_lr": 0.05,
            "total_steps": 100,
            "pct_start": 0.4,
            "base_momentum": 0.8,
            "max_momentum": 0.99,
            "three_phase": True,
        },
        "base_lr": 0.05,
        "optimizer": "adamw",
        "steps": 101,
    },
]

_TORCH_SCHEDULERS = {
    "step": "StepLR",
    "multistep": "MultiStepLR",
    "exponential": "ExponentialLR",
    "cosine": "CosineAnnealingLR",
    "linear": "LinearLR",
    "onecycle": "OneCycleLR",
}


def torch_schedule_run(
    name: str, params: dict[str, Any], base_lr: float, steps: int, optimizer: str = "momentum"
) -> dict[str, list[float]]:
    """The lr (and, for onecycle, the momentum or beta1) torch's scheduler sets for each of
    ``steps`` optimizer steps, calling ``scheduler.step()`` after every ``optimizer.step()``."""
    import torch

    w = torch.zeros(1, dtype=torch.float64, requires_grad=True)
    hp: dict[str, Any] = {"lr": base_lr}
    if optimizer in ("momentum", "nesterov"):
        hp["momentum"] = 0.9
    opt = _torch_optimizer(torch, optimizer, hp, [w])
    sched = getattr(torch.optim.lr_scheduler, _TORCH_SCHEDULERS[name])(opt, **params)
    group = opt.param_groups[0]
    out: dict[str, list[float]] = {"lrs": []}
    cycles = name == "onecycle" and params.get("cycle_momentum", True)
    if cycles:
        out["momenta"] = []
    for _ in range(steps):
        out["lrs"].append(float(group["lr"]))
        if cycles:
            m = group["betas"][0] if "betas" in group else group["momentum"]
            out["momenta"].append(float(m))
        w.grad = torch.zeros_like(w)  # a step that moves nothing: only the lr matters here
        opt.step()
        if len(out["lrs"]) < steps:
            sched.step()
    return out


# An optimizer driven by a schedule, the loop gdgui.core.schedules documents for a runner:
# torch calls scheduler.step() after optimizer.step() every step, or after an epoch's last.
SCHEDULED_RUNS: list[dict[str, Any]] = [
    {
        "optimizer": "momentum",
        "hp": {"lr": 0.05, "momentum": 0.9},
        "schedule": {"name": "onecycle", "max_lr": 0.2, "total_steps": 60},
        "every": "step",
        "steps_per_epoch": 1,
        "problem": "quadratic",
        "p0": [3.0, -2.0],
        "steps": 60,
    },
    {
        "optimizer": "adam",
        "hp": {"lr": 0.1},
        "schedule": {
            "name": "onecycle",
            "max_lr": 0.3,
            "total_steps": 60,
            "three_phase": True,
            "anneal_strategy": "linear",
        },
        "every": "step",
        "steps_per_epoch": 1,
        "problem": "rosenbrock",
        "p0": [-1.2, 1.0],
        "steps": 60,
    },
    {
        "optimizer": "nesterov",
        "hp": {"lr": 0.05, "momentum": 0.8},
        "schedule": {"name": "cosine", "T_max": 8, "eta_min": 0.001},
        "every": "epoch",
        "steps_per_epoch": 4,
        "problem": "quadratic",
        "p0": [3.0, -2.0],
        "steps": 60,
    },
    {
        "optimizer": "rmsprop",
        "hp": {"lr": 0.05},
        "schedule": {"name": "multistep", "milestones": [10, 25, 40], "gamma": 0.5},
        "every": "step",
        "steps_per_epoch": 1,
        "problem": "quadratic",
        "p0": [3.0, -2.0],
        "steps": 60,
    },
]


def torch_scheduled_run(run: dict[str, Any]) -> list[list[float]]:
    """The parameters after 0..steps steps of torch.optim driven by a torch scheduler."""
    import torch

    w = torch.tensor(run["p0"], dtype=torch.float64, requires_grad=True)
    opt = _torch_optimizer(torch, run["optimizer"], run["hp"], [w])
    params = {k: v for k, v in run["schedule"].items() if k != "name"}
    sched = getattr(torch.optim.lr_scheduler, _TORCH_SCHEDULERS[run["schedule"]["name"]])(
        opt, **params
    )
    out = [w.detach().tolist()]
    for k in range(1, run["steps"] + 1):
        opt.zero_grad()
        if run["problem"] == "rosenbrock":
            loss = (1 - w[0]) ** 2 + 100 * (w[1] - w[0] ** 2) ** 2
        else:
            loss = 0.5 * (w[0] ** 2 + 10 * w[1] ** 2) - (w[0] - 2 * w[1])
        loss.backward()
        opt.step()
        if run["every"] == "step" or k % run["steps_per_epoch"] == 0:
            sched.step()
        out.append(w.detach().tolist())
    return out


# --- the explained step's optimizer state (tests/test_explain.py) ---------------------------

# every optimizer with its less common options on, on tutorial 000's line with mini-batches
# of 8 (seed 1): torch is given the gradient gdgui's explanation shows at each step
EXPLAIN_HP: dict[str, dict[str, Any]] = {
    "gd": {"lr": 0.01, "weight_decay": 0.05},
    "momentum": {"lr": 0.01, "momentum": 0.8, "dampening": 0.1, "weight_decay": 0.05},
    "nesterov": {"lr": 0.01, "momentum": 0.9},
    "adagrad": {
        "lr": 0.3,
        "lr_decay": 0.05,
        "initial_accumulator_value": 0.1,
        "weight_decay": 0.02,
    },
    "rmsprop": {"lr": 0.02, "momentum": 0.5, "centered": True, "weight_decay": 0.01},
    "adam": {"lr": 0.1, "amsgrad": True, "weight_decay": 0.01},
    "adamw": {"lr": 0.1, "weight_decay": 0.1},
}
EXPLAIN_STEPS = 6


def explain_experiment(name: str) -> Any:
    import gdgui

    return gdgui.preset("tutorial-000").replace(
        optimizer={"name": name, **EXPLAIN_HP[name]}, steps=EXPLAIN_STEPS, batch_size=8, seed=1
    )


def torch_explain_run(
    name: str, p0: dict[str, float], grads: list[dict[str, float]]
) -> list[dict[str, Any]]:
    """torch.optim given ``grads`` (one dict per step) from ``p0``, one tensor per
    parameter: per step, the parameters after it and the optimizer's state per tensor."""
    import torch

    from gdgui.core.optimizers import OPTIMIZERS

    hp = {**OPTIMIZERS[name].defaults(), **EXPLAIN_HP[name]}
    tensors = {n: torch.tensor([v], dtype=torch.float64, requires_grad=True) for n, v in p0.items()}
    params = list(tensors.values())
    if name in ("gd", "momentum", "nesterov"):
        kw = {"lr": hp["lr"], "weight_decay": hp["weight_decay"]}
        if name != "gd":
            kw.update(
                momentum=hp["momentum"], dampening=hp["dampening"], nesterov=name == "nesterov"
            )
        opt = torch.optim.SGD(params, **kw)
    elif name == "adagrad":
        opt = torch.optim.Adagrad(params, **hp)
    elif name == "rmsprop":
        opt = torch.optim.RMSprop(params, **hp)
    else:
        kw = {k: v for k, v in hp.items() if k not in ("beta1", "beta2")}
        cls = torch.optim.Adam if name == "adam" else torch.optim.AdamW
        opt = cls(params, betas=(hp["beta1"], hp["beta2"]), **kw)
    out = []
    for g in grads:
        for n, t in tensors.items():
            t.grad = torch.tensor([g[n]], dtype=torch.float64)
        opt.step()
        state: dict[str, dict[str, float]] = {}
        for n, t in tensors.items():
            for key, v in opt.state[t].items():
                if v is None:  # SGD's momentum_buffer without momentum
                    continue
                state.setdefault(key, {})[n] = float(v) if key == "step" else v.item()
        out.append({"params": {n: t.item() for n, t in tensors.items()}, "state": state})
    return out


def explain_cases() -> list[dict[str, Any]]:
    """Per optimizer: the gradients gdgui's explanations show and torch's steps on them."""
    from gdgui.core.explain import StepExplainer

    cases = []
    for name in sorted(EXPLAIN_HP):
        ex = StepExplainer(explain_experiment(name))
        es = [ex.explain(k) for k in range(1, EXPLAIN_STEPS + 1)]
        grads = [dict(e.grad) for e in es]
        p0 = dict(es[0].params_before)
        cases.append(
            {"name": name, "p0": p0, "grads": grads, "torch": torch_explain_run(name, p0, grads)}
        )
    return cases


# --- writing ------------------------------------------------------------------------------


def _write(path: Path, header: dict[str, Any], sections: dict[str, list[dict]]) -> None:
    """One case per line: small diffs when a case changes, and easy to read."""
    parts = [json.dumps(header, indent=1)[:-2]]
    for key, cases in sections.items():
        lines = ",\n".join(json.dumps(c, separators=(",", ":")) for c in cases)
        parts.append(f' "{key}": [\n{lines}\n]')
    text = ",\n".join(parts) + "}\n"
    json.loads(text)  # a malformed file never gets written
    path.write_text(text, encoding="utf-8")


def main() -> int:
    import torch

    torch.set_default_dtype(torch.float64)
    FIXTURES.mkdir(parents=True, exist_ok=True)
    header = {"generator": "tools/make_torch_fixtures.py", "torch": torch.__version__}
    opt_cases = [
        {
            **c,
            "trajectory": torch_optimizer_run(
                c["name"], c["hp"], c["problem"], c["p0"], c["steps"]
            ),
        }
        for c in optimizer_cases()
    ]
    _write(OPTIMIZERS_FILE, header, {"cases": opt_cases})
    sched_cases = [
        {
            **c,
            **torch_schedule_run(
                c["name"], c["params"], c["base_lr"], c["steps"], c.get("optimizer", "momentum")
            ),
        }
        for c in SCHEDULE_CASES
    ]
    runs = [{**r, "trajectory": torch_scheduled_run(r)} for r in SCHEDULED_RUNS]
    _write(SCHEDULES_FILE, header, {"cases": sched_cases, "runs": runs})
    _write(EXPLAIN_FILE, header, {"cases": explain_cases()})
    for path in (OPTIMIZERS_FILE, SCHEDULES_FILE, EXPLAIN_FILE):
        print(f"wrote {path.relative_to(FIXTURES.parents[1])} ({path.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
