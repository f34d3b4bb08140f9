"""Steps per second of gdgui's Qt-free engine, next to the loops it replaces.

Run from the repository root::

    python benchmarks/engine.py          # full run (one to two minutes)
    python benchmarks/engine.py --quick  # shorter run, N up to 1e6 (about 20 s)
    python benchmarks/engine.py --handoff  # only: handing a run to the stepper process

It prints the machine, one table and the targets:

* the tutorial problem (tutorial 003: ŷ = w·x on x = 1..4, y = 2x, gd, lr 0.01,
  w0 = 1) through ``Run(...).advance(...)`` with its history recorded, the
  tutorial's own plain-Python loop, and a ``torch.optim.SGD`` loop;
* ``linear-w`` and ``linear-wb`` on N = 1e3 ... 1e7 points (x uniform on [0, 10],
  y = 2x + 1 + N(0, 1), seed 0): ``Run`` full batch and mini-batch (32), a
  numpy-vectorised plain loop and a ``torch.optim.SGD`` loop (full batch);
* a learning-rate sweep with ``run_many`` (1,000 rates × 1,000 steps).

``--handoff`` prints instead what handing a run to the window's stepper process
(:mod:`gdgui.core.stepper`) costs at N = 4 ... 1e7 points: pickling the trimmed run
in the window, its size, and the round trip through a real stepper process (load
and one step, until its batch is back); the window steps data larger than
``gdgui.ui.controller.PROCESS_MAX_SAMPLES`` in its thread instead.

Times are ``time.perf_counter`` wall times of the stepping only (problem and
run construction are reported separately in the notes). Every case is warmed
up once; short cases (under a second) and the headline tutorial case take the
best of three, each after a ``gc.collect()``. The garbage collector stays on,
as it is for users.

torch is imported only after the gdgui and plain rows are measured: it adds
some 150,000 GC-tracked objects to the process, which every full garbage
collection must walk. One extra row shows the tutorial ``Run`` with torch
imported. The torch rows use one thread by default (``--torch-threads``), like
the single-threaded gdgui and numpy loops; on a shared two-core machine torch's
two-thread kernels were 3-5x slower than one thread whenever a core was busy.
"""

from __future__ import annotations

import argparse
import gc
import importlib.metadata
import os
import platform
import sys
import time

import numpy as np

from gdgui.core.regression import LinearRegression
from gdgui.core.runner import Run, run_many

torch = None  # imported by import_torch(), after the gdgui rows are measured

LR = 0.01
BATCH = 32
INITS = {"w": [1.0], "wb": [0.0, 0.0]}  # the problems' default starting points
#: cases faster than this (seconds) are timed three times and the best kept
LONG = 1.0
T0 = time.perf_counter()

# The tutorial's program (tutorial 003), as written there, with the prints replaced
# by recording the cost and the loop run for STEPS steps. It is executed in a fresh
# module namespace so forward/cost/gradient read w as the global it is there.
TUTORIAL_SOURCE = """
x_data = [1.0, 2.0, 3.0, 4.0]
y_data = [2.0, 4.0, 6.0, 8.0]

w = 1.0


def forward(x):
    return x * w


def cost(xs, ys):
    cost = 0
    for x, y in zip(xs, ys):
        y_pred = forward(x)
        cost += (y_pred - y) ** 2
    return cost / len(xs)


def gradient(xs, ys):
    grad = 0
    for x, y in zip(xs, ys):
        grad += 2 * x * (x * w - y)
    return grad / len(xs)


costs = []
for epoch in range(STEPS):
    cost_val = cost(x_data, y_data)
    grad_val = gradient(x_data, y_data)
    w = w - 0.01 * grad_val
    costs.append(cost_val)
"""
TUTORIAL_CODE = compile(TUTORIAL_SOURCE, "<tutorial 003>", "exec")

# steps per case: (full run, --quick)
PLAN = {
    "tutorial_run": (1_000_000, 100_000),
    "tutorial_plain": (200_000, 30_000),
    "tutorial_torch": (3_000, 500),
    "run_full": (50_000, 5_000),
    "run_mini": (3_000, 500),
    "sweep_rates": (1_000, 1_000),
    "sweep_steps": (1_000, 1_000),
}
SIZES = (10**3, 10**4, 10**5, 10**6, 10**7)
QUICK_SIZES = (10**3, 10**4, 10**5, 10**6)
# the plain numpy and torch loops cost O(N) a step: fewer steps as N grows
NUMPY_STEPS = {10**3: 10_000, 10**4: 2_000, 10**5: 200, 10**6: 30, 10**7: 3}
TORCH_STEPS = {10**3: 1_000, 10**4: 1_000, 10**5: 200, 10**6: 20, 10**7: 3}


# --- timing ----------------------------------------------------------------------------


def best_time(case, steps: int, warmup: int, always: bool = False) -> float:
    """``case(n)`` takes n steps and returns the seconds they took (setup excluded).

    Warm up once with ``warmup`` steps; keep the best of three when a run is short
    (or ``always``, for the headline case).
    """
    case(warmup)
    gc.collect()  # every repetition starts from the same garbage-collector state
    best = case(steps)
    if always or best < LONG:
        for _ in range(2):
            gc.collect()
            best = min(best, case(steps))
    return best


class Table:
    HEADER = ("case", "points", "batch", "steps", "steps/s", "µs/step", "notes")
    RIGHT = (False, True, True, True, True, True, False)

    def __init__(self):
        self.rows: list[tuple] = []  # (slot, insertion order, cells)
        self.results: dict[str, float] = {}  # key -> µs/step, for the targets

    def add(self, case, points, batch, steps, seconds, notes="", key=None, work=None, slot=()):
        """``work`` steps of work in ``seconds`` (default ``steps``); rows print sorted
        by ``slot``."""
        work = steps if work is None else work
        us = seconds / work * 1e6
        self.rows.append(
            (
                slot,
                len(self.rows),
                (
                    case,
                    f"{points:,}",
                    "full" if batch is None else str(batch),
                    steps if isinstance(steps, str) else f"{steps:,}",
                    _fmt(work / seconds),
                    _fmt(us),
                    notes,
                ),
            )
        )
        if key:
            self.results[key] = us
        # progress goes to stderr, so stdout holds only the report
        print(
            f"  [{time.perf_counter() - T0:5.1f} s] {case}, {points:,} points: {_fmt(us)} µs/step",
            file=sys.stderr,
            flush=True,
        )

    def render(self) -> str:
        rows = [r for _, _, r in sorted(self.rows)]
        widths = [max(len(r[i]) for r in (self.HEADER, *rows)) for i in range(7)]

        def line(r):
            cells = [
                c.rjust(w) if right else c.ljust(w)
                for c, w, right in zip(r, widths, self.RIGHT, strict=True)
            ]
            return "  ".join(cells).rstrip()

        rule = "  ".join("-" * w for w in widths)
        return "\n".join([line(self.HEADER), rule, *(line(r) for r in rows)])


def _fmt(v: float) -> str:
    if v >= 1000:
        return f"{v:,.0f}"
    if v >= 100:
        return f"{v:.0f}"
    if v >= 10:
        return f"{v:.1f}"
    return f"{v:.2f}"


def _seconds(s: float) -> str:
    return f"{s * 1e3:.1f} ms" if s < 1 else f"{s:.2f} s"


# --- cases -------------------------------------------------------------------------------


def run_case(problem, init, batch_size=None, info=None):
    """Run(...).advance(n) on ``problem``; construction is not timed.

    Mini-batch runs take their first step untimed (it draws the first epoch's
    shuffle, whose time goes to ``info["shuffle"]``); later epochs' shuffles fall
    inside the timed steps.
    """

    def case(n):
        mini = batch_size is not None
        run = Run(
            problem,
            "gd",
            {"lr": LR},
            init,
            batch_size=batch_size,
            steps=n + (1 if mini else 0),
            tolerance=None,
        )
        if mini:
            t0 = time.perf_counter()
            run.advance(1)
            if info is not None:
                info["shuffle"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        taken = run.advance(n)
        dt = time.perf_counter() - t0
        if taken != n:
            raise RuntimeError(f"run stopped after {taken} of {n} steps: {run.message}")
        if info is not None:
            info["rows"] = len(run.history)
            info["params"] = run.params
        return dt

    return case


def plain_tutorial_case(info=None):
    def case(n):
        ns = {"STEPS": n}
        t0 = time.perf_counter()
        exec(TUTORIAL_CODE, ns)
        dt = time.perf_counter() - t0
        if info is not None:
            info["w"] = ns["w"]
        return dt

    return case


def numpy_case(x, y, model):
    """The tutorial's loop vectorised with numpy: cost and gradient from the residual."""

    def case(n):
        w, b = (1.0, 0.0) if model == "w" else (0.0, 0.0)
        costs = []
        t0 = time.perf_counter()
        if model == "w":
            for _ in range(n):
                r = w * x - y
                costs.append(float(np.mean(r**2)))
                w = w - LR * 2 * float(np.mean(x * r))
        else:
            for _ in range(n):
                r = w * x + b - y
                costs.append(float(np.mean(r**2)))
                gw, gb = 2 * float(np.mean(x * r)), 2 * float(np.mean(r))
                w, b = w - LR * gw, b - LR * gb
        return time.perf_counter() - t0

    return case


def torch_case(x, y, model, info=None):
    """torch.optim.SGD in float64: zero_grad, loss, backward, step, loss.item()."""
    xt, yt = (
        torch.from_numpy(np.asarray(x, dtype=np.float64)),
        torch.from_numpy(np.asarray(y, dtype=np.float64)),
    )

    def case(n):
        w = torch.tensor(1.0 if model == "w" else 0.0, dtype=torch.float64, requires_grad=True)
        params = [w]
        if model == "wb":
            b = torch.tensor(0.0, dtype=torch.float64, requires_grad=True)
            params.append(b)
        opt = torch.optim.SGD(params, lr=LR)
        losses = []
        t0 = time.perf_counter()
        if model == "w":
            for _ in range(n):
                opt.zero_grad()
                loss = ((w * xt - yt) ** 2).mean()
                loss.backward()
                opt.step()
                losses.append(loss.item())
        else:
            for _ in range(n):
                opt.zero_grad()
                loss = ((w * xt + b - yt) ** 2).mean()
                loss.backward()
                opt.step()
                losses.append(loss.item())
        dt = time.perf_counter() - t0
        if info is not None:
            info["w"] = w.item()
        return dt

    return case


def sweep_case(problem, rates, record, info=None):
    runs = [{"hyperparams": {"lr": float(lr)}} for lr in rates]

    def case(n):
        t0 = time.perf_counter()
        res = run_many(problem, runs, steps=n, record=record)
        dt = time.perf_counter() - t0
        if info is not None:
            info["diverged"] = sum(s == "diverged" for s in res.status)
        return dt

    return case


def import_torch():
    global torch
    try:
        import torch as torch_module
    except ImportError:
        return None
    torch = torch_module
    return torch


# --- the benchmark -------------------------------------------------------------------------


def machine() -> list[str]:
    cpu = platform.processor() or ""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = os.cpu_count()
    try:
        torch_text = importlib.metadata.version("torch")
    except importlib.metadata.PackageNotFoundError:
        torch_text = "not installed (its rows are skipped)"
    lines = [
        f"platform: {platform.platform()} ({platform.machine()})",
        f"cpu:      {cpu or 'unknown'}; cpu_count {os.cpu_count()}, usable {usable}",
        f"python:   {platform.python_version()} ({platform.python_implementation()})",
        f"numpy:    {np.__version__}",
        f"torch:    {torch_text}",
    ]
    return lines


def make_data(N: int) -> tuple[np.ndarray, np.ndarray]:
    """N points near y = 2x + 1: x uniform on [0, 10], unit Gaussian noise, seed 0."""
    rng = np.random.default_rng(0)
    x = rng.uniform(0.0, 10.0, N)
    return x, 2.0 * x + 1.0 + rng.standard_normal(N)


def handoff_costs() -> int:
    """The cost of handing a linear-wb run of N points to a stepper process."""
    import select
    import subprocess

    from gdgui.core import stepper

    proc = subprocess.Popen(
        [sys.executable, "-m", "gdgui.core.stepper"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        bufsize=0,
    )
    reader = stepper.FrameReader()
    pending: list = []

    def next_frame():
        while not pending:
            select.select([proc.stdout], [], [], 60)
            pending.extend(reader.feed(os.read(proc.stdout.fileno(), 1 << 20)))
        return pending.pop(0)

    assert next_frame() == stepper.HELLO
    print("gdgui stepper hand-off (linear-wb, full batch; best of 3)")
    for line in machine():
        print("  " + line)
    print(f"{'points':>12}  {'pickle ms':>10}  {'MB':>8}  {'round trip ms':>14}")
    for n in (4, 10**3, 10**5, 10**6, 10**7):
        x, y = make_data(n)
        run = Run(LinearRegression(x, y, "wb"), "gd", {"lr": LR}, [0.0, 0.0], steps=10)
        best_pickle = best_trip = float("inf")
        for i in range(3):
            t = time.perf_counter()
            payload = stepper.dumps([run.trimmed()])
            t1 = time.perf_counter()
            proc.stdin.write(stepper.frame((1, ("load", i, payload))))
            proc.stdin.write(stepper.frame((1, ("step", i, 1))))
            next_frame()
            t2 = time.perf_counter()
            best_pickle, best_trip = min(best_pickle, t1 - t), min(best_trip, t2 - t)
        print(
            f"{n:>12,}  {best_pickle * 1e3:>10.2f}  {len(payload) / 1e6:>8.3f}  "
            f"{best_trip * 1e3:>14.2f}"
        )
    proc.stdin.close()
    proc.wait(10)
    return 0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="fewer steps and N up to 1e6 (about 20 s)")
    ap.add_argument(
        "--torch-threads",
        type=int,
        default=1,
        metavar="K",
        help="torch.set_num_threads(K) for the torch rows (default 1: one core, "
        "like the gdgui and numpy loops; 0 keeps torch's default)",
    )
    ap.add_argument(
        "--handoff", action="store_true", help="only the cost of handing runs to the stepper"
    )
    args = ap.parse_args(argv)
    if args.handoff:
        return handoff_costs()
    q = 1 if args.quick else 0

    def steps(name):
        return PLAN[name][q]

    print("gdgui engine benchmark" + (" (--quick)" if args.quick else ""))
    for line in machine():
        print("  " + line)
    print(flush=True)
    t_start = time.perf_counter()
    table = Table()
    sizes = QUICK_SIZES if args.quick else SIZES
    scale = 4 if args.quick else 1
    models = ("w", "wb")
    tut_x, tut_y = np.array([1.0, 2.0, 3.0, 4.0]), np.array([2.0, 4.0, 6.0, 8.0])
    tut = LinearRegression(tut_x, tut_y, "w")

    # Phase 1: gdgui and the plain loops, with torch not imported. torch brings some
    # 150,000 GC-tracked objects into the process, and every full garbage collection
    # (which Run's per-step row lists trigger) then has to walk them all.

    # 1. the tutorial problem
    n = steps("tutorial_run")
    info: dict = {}
    dt = best_time(run_case(tut, [1.0], info=info), n, warmup=10_000, always=True)
    table.add(
        "tutorial 003: gdgui Run.advance",
        4,
        None,
        n,
        dt,
        key="tut_run",
        slot=(0, 0),
        notes=f"history on ({info['rows']:,} rows)",
    )

    n = steps("tutorial_plain")
    dt = best_time(plain_tutorial_case(), n, warmup=10_000)
    table.add(
        "tutorial 003: plain Python loop",
        4,
        None,
        n,
        dt,
        key="tut_plain",
        slot=(0, 2),
        notes="the tutorial's list loops; records cost",
    )

    # 5. the learning-rate sweep
    R, T = steps("sweep_rates"), steps("sweep_steps")
    rates = np.logspace(-4, 0, R)
    sweep: dict[bool, float] = {}
    for record in (True, False):
        info = {}
        dt = best_time(sweep_case(tut, rates, record, info), T, warmup=10)
        sweep[record] = dt
        table.add(
            f"lr sweep: run_many{'' if record else ' record=False'}",
            4,
            None,
            f"{R:,}×{T:,}",
            dt,
            work=R * T,
            slot=(1, 0 if record else 1),
            notes=f"wall {_seconds(dt)}; {info['diverged']} of {R:,} rates diverge",
        )

    # 2-3. line fits on N points (the same model on the tutorial's 4 points for reference)
    for m, model in enumerate(models):
        small = LinearRegression(tut_x, tut_y, model)
        n = steps("run_full")
        dt = best_time(run_case(small, INITS[model]), n, warmup=1_000)
        table.add(
            f"linear-{model}: gdgui Run",
            4,
            None,
            n,
            dt,
            key=f"{model}_run_4",
            slot=(2 + m, 0),
            notes="x = 1..4, y = 2x; direct sums (n <= 16)",
        )
    for N in sizes:
        x, y = make_data(N)
        t0 = time.perf_counter()  # the per-point Python part of the construction
        tuple(x.tolist()), tuple(y.tolist())
        t_list = time.perf_counter() - t0
        for m, model in enumerate(models):
            name = f"linear-{model}"
            t0 = time.perf_counter()
            problem = LinearRegression(x, y, model)
            t_build = time.perf_counter() - t0

            n = steps("run_full")
            dt = best_time(run_case(problem, INITS[model]), n, warmup=1_000)
            table.add(
                f"{name}: gdgui Run",
                N,
                None,
                n,
                dt,
                key=f"{model}_run_{N}",
                slot=(2 + m, N, 0),
                notes=f"build {_seconds(t_build)} (tolist x, y: {_seconds(t_list)})",
            )

            n = steps("run_mini")
            info = {}
            dt = best_time(run_case(problem, INITS[model], BATCH, info), n, warmup=100)
            spe = -(-N // BATCH)
            table.add(
                f"{name}: gdgui Run",
                N,
                BATCH,
                n,
                dt,
                key=f"{model}_mini_{N}",
                slot=(2 + m, N, 1),
                notes=f"shuffle {_seconds(info['shuffle'])} per epoch of {spe:,} steps",
            )
            del problem

            n = max(3, NUMPY_STEPS[N] // scale)
            dt = best_time(numpy_case(x, y, model), n, warmup=1)
            table.add(
                f"{name}: numpy loop",
                N,
                None,
                n,
                dt,
                key=f"{model}_numpy_{N}",
                slot=(2 + m, N, 2),
                notes="mean((w*x+b-y)**2) + gradient, each step",
            )
        del x, y

    # Phase 2 (4.): torch.optim, and the tutorial Run again with torch imported
    torch = import_torch()
    if torch is not None:
        if args.torch_threads > 0:
            torch.set_num_threads(args.torch_threads)
        threads = torch.get_num_threads()
        n = steps("tutorial_torch")
        dt = best_time(torch_case(tut_x, tut_y, "w"), n, warmup=100)
        table.add(
            "tutorial 003: torch.optim.SGD",
            4,
            None,
            n,
            dt,
            key="tut_torch",
            slot=(0, 3),
            notes=f"float64, {threads} thread(s); records loss.item()",
        )

        n = steps("tutorial_run")
        dt = best_time(run_case(tut, [1.0]), n, warmup=10_000, always=not args.quick)
        table.add(
            "tutorial 003: gdgui Run.advance",
            4,
            None,
            n,
            dt,
            key="tut_run_torch",
            slot=(0, 1),
            notes="the same, torch imported (slower full GCs)",
        )
        for N in sizes:
            x, y = make_data(N)
            for m, model in enumerate(models):
                n = max(3, TORCH_STEPS[N] // scale)
                dt = best_time(torch_case(x, y, model), n, warmup=1)
                table.add(
                    f"linear-{model}: torch.optim.SGD",
                    N,
                    None,
                    n,
                    dt,
                    key=f"{model}_torch_{N}",
                    slot=(2 + m, N, 3),
                    notes=f"float64, {threads} thread(s); records loss.item()",
                )
            del x, y

    total = time.perf_counter() - t_start
    print(table.render())
    print()
    # the three tutorial loops compute the same thing: w after the tutorial's 100 epochs
    info = {}
    run_case(tut, [1.0], info=info)(100)
    check = {"Run": float(info["params"][0])}
    plain_tutorial_case(info)(100)
    check["plain Python"] = info["w"]
    if torch is not None:
        torch_case(tut_x, tut_y, "w", info)(100)
        check["torch"] = info["w"]
    print(
        "check, tutorial w after 100 epochs: " + ", ".join(f"{k} {v!r}" for k, v in check.items())
    )
    print()

    # targets -----------------------------------------------------------------------------
    res = table.results
    lines = []

    def target(text, ok):
        lines.append(f"  [{'met' if ok else 'MISSED'}] {text}")
        return ok

    sps = 1e6 / res["tut_run"]
    oks = [
        target(
            f"tutorial Run with history >= 200,000 steps/s: {sps:,.0f} steps/s "
            f"({sps / 200_000:.2f}x the target)",
            sps >= 200_000,
        )
    ]
    if "tut_torch" in res:
        ratio = res["tut_torch"] / res["tut_run"]
        oks.append(target(f"tutorial Run >= 20x the torch.optim loop: {ratio:.1f}x", ratio >= 20))
    else:
        lines.append("  [skipped] tutorial Run >= 20x the torch.optim loop: torch not installed")
    big = sizes[-1]
    for model in models:
        a, b = res[f"{model}_run_{big}"], res[f"{model}_run_4"]
        oks.append(
            target(
                f"linear-{model} full-batch step at {big:,} points vs 4 points: "
                f"{a:.2f} / {b:.2f} µs = {a / b:.2f}x (target <= 1.5x)",
                a / b <= 1.5,
            )
        )
    oks.append(
        target(
            f"lr sweep, {R:,} rates x {T:,} steps < 1 s: {sweep[True]:.3f} s "
            f"(record=False {sweep[False]:.3f} s)",
            sweep[True] < 1.0,
        )
    )
    print("targets" + (" (--quick: largest N is 1,000,000)" if args.quick else ""))
    print("\n".join(lines))
    print()
    print(f"all targets met: {'yes' if all(oks) else 'no'}; benchmark took {total:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
