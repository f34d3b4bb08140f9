"""Run an optimizer on a problem and record every step.

:class:`Run` advances one run and keeps its :class:`History` (row 0 is the
initial state; row k the state after k steps). It can be advanced in
time-sliced pieces (``advance(max_seconds=1/60)``) for a GUI, and its
hyperparameters can change between steps. A learning-rate schedule
(``schedule=``, a config as :func:`gdgui.core.schedules.validate` returns it)
sets each step's lr (and onecycle's momentum) exactly as the loop in
:mod:`gdgui.core.schedules` does; the history then records each step's lr
(``history.lr``, and an ``lr`` column in its CSV). :meth:`Run.next_step_inputs`
gives what the next step will use, without taking it.

:func:`run_many` advances R runs (different learning rates, optimizers or
starting points on one problem) as one vectorised computation.

Stopping rules, checked after every step:

* the step limit (``epochs`` × steps per epoch, or ``steps``);
* convergence: the full-data gradient norm below ``tolerance`` (when set);
* divergence: a non-finite loss or parameter, or |loss| beyond
  ``divergence_factor`` (1e12) times the initial |loss| (a limit that would
  overflow is the largest float, so an infinite loss always counts), or an
  update that fails (0/0 from ``eps = 0`` with a zero gradient, as torch gives
  NaN). The run stops at the first bad step and keeps only finite rows, so no
  plot is poisoned. A start where the loss or gradient is not finite gives a
  run that diverged at step 0 whose history holds that one start row.

Limits: a run has at most :data:`MAX_STEPS` steps, and its history keeps at
most ``max_rows`` rows (default :data:`MAX_HISTORY_ROWS`, 2·10^6, so every
ordinary run is recorded exactly); a longer run keeps its first and latest rows
exactly and the far history thinned (see :class:`~gdgui.core.history.History`),
so memory stays bounded. Read ``history.step`` for the step of a row.
"""

from __future__ import annotations

import copy
import math
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np

from . import optimizers as optim
from . import schedules
from .history import History
from .messages import Message, join
from .problems import Problem
from .stability import stability_advice

__all__ = [
    "MAX_HISTORY_ROWS",
    "MAX_STEPS",
    "History",
    "Run",
    "RunManyResult",
    "Status",
    "StepInputs",
    "run_many",
]

#: the most steps one run may take (about an hour at the engine's speed, per 10^9)
MAX_STEPS = 10**9
#: rows a Run's history keeps by default before it thins the far history
MAX_HISTORY_ROWS = 2_000_000
#: what an optimizer's update may raise on Python floats where numpy gives nan
_UPDATE_ERRORS = (ArithmeticError, ValueError)


class Status:
    """The states of a run (plain strings, so they print and serialise as they are)."""

    READY = "ready"
    RUNNING = "running"
    PAUSED = "paused"
    FINISHED = "finished"  # reached its step limit
    CONVERGED = "converged"
    DIVERGED = "diverged"

    DONE = (FINISHED, CONVERGED, DIVERGED)


class StepInputs(NamedTuple):
    """What a run's next step uses (see :meth:`Run.next_step_inputs`)."""

    theta: list[float]  # the parameters before the step
    state: list[Any]  # the optimizer state, one per parameter
    grad: list[float]  # the full-data gradient at theta
    batch: np.ndarray | None  # the sample indices of the step's mini-batch (None: full batch)
    noise: list[float] | None  # the gradient-noise row added (None: no noise)
    hyperparams: dict[str, Any]  # the step's hyperparameters, its scheduled lr included
    loss: float  # the full-data loss at theta


def _schedule_updates(config: Mapping[str, Any], steps: int, steps_per_epoch: int) -> int:
    """How many times a run of ``steps`` steps updates its schedule."""
    return steps if config["every"] == "step" else steps // steps_per_epoch


def _check_schedule_length(config: Mapping[str, Any], steps: int, steps_per_epoch: int) -> None:
    """onecycle cannot go past total_steps (torch raises): refuse such a run up front."""
    if config["name"] != "onecycle":
        return
    need = _schedule_updates(config, steps, steps_per_epoch)
    if need > config["total_steps"]:
        message = Message(
            "schedule onecycle: total_steps = {total} but the run takes {need} steps; "
            "set total_steps to at least {need}"
            if config["every"] == "step"
            else "schedule onecycle: total_steps = {total} but the run takes {need} epochs; "
            "set total_steps to at least {need}",
            total=config["total_steps"],
            need=need,
        )
        raise schedules.ScheduleError(message, "total_steps")


def _joined(errors: list[tuple[str, str]]) -> str:
    """``key: message; key: message`` (a Message when the messages are)."""
    return join([Message("{path}: {error}", path=k, error=m) for k, m in errors])


def _is_full_batch(batch_size: int | None, n: int | None) -> bool:
    return n is None or batch_size is None or batch_size >= n


def _copy_rng(rng: np.random.Generator) -> np.random.Generator:
    """An independent generator in the same state (drawing from it leaves ``rng`` alone)."""
    out = np.random.default_rng()
    out.bit_generator.state = rng.bit_generator.state
    return out


def _divergence_limit(factor: float, l0: float) -> float:
    """``factor`` × |initial loss| (|l0| taken as 1 when it is 0), capped at the largest
    float so that the comparison ``|loss| <= limit`` is False for an infinite loss."""
    with np.errstate(over="ignore"):
        limit = float(factor) * (abs(l0) if l0 != 0 else 1.0)
    return limit if limit <= sys.float_info.max else sys.float_info.max


def _update_failed_message(step: int, exc: BaseException, opt: str, hp) -> str:
    why: str
    if isinstance(exc, ZeroDivisionError):
        if "eps" in hp and float(hp["eps"]) == 0:
            why = Message(
                "the update divided zero by zero (eps = 0 and a zero gradient); use eps > 0"
            )
        else:
            why = Message("the update divided zero by zero")
    else:
        why = Message("the update is not a number ({error})", error=str(exc))
    return Message("Diverged at step {step}: {why}.{advice}", step=step, why=why, advice="")


def _divergence_message(
    step: int, loss: float, limit: float, l0: float, problem: Problem, opt: str, hp, full: bool
) -> str:
    if math.isnan(loss):
        why = Message("the loss became NaN (not a number)")
    elif math.isinf(loss):
        why = Message("the loss overflowed to infinity")
    elif loss < 0:
        why = Message(
            "the loss fell below −{limit:.3g}: the function is unbounded below", limit=limit
        )
    else:
        factor = limit / (abs(l0) if l0 != 0 else 1.0)
        why = Message(
            "the loss grew to {loss:.3g}, more than {factor:.3g} × its initial value {initial:.3g}",
            loss=loss,
            factor=factor,
            initial=l0,
        )
    advice = stability_advice(problem, opt, hp, full)
    return Message("Diverged at step {step}: {why}.{advice}", step=step, why=why, advice=advice)


def _initial_failure_message(what: str, loss: float) -> str:
    """The run cannot start: the ``what`` ("loss" or "gradient") is not finite at θ₀."""
    if what == "loss":
        return Message(
            "Diverged at step 0: the loss is not finite at the initial parameters "
            "(loss {loss:.3g}).",
            loss=loss,
        )
    return Message(
        "Diverged at step 0: the gradient is not finite at the initial parameters "
        "(loss {loss:.3g}).",
        loss=loss,
    )


class Run:
    """One optimizer run on one problem.

    ``batch_size`` None (or ``"full"``) means full batch (gradient descent); 1 is stochastic
    gradient descent; B is mini-batch. An epoch is one pass over the data;
    samples are drawn without replacement and reshuffled every epoch by a
    numpy Generator seeded with ``seed``. Problems without data have one step
    per epoch. ``gradient_noise`` adds seeded Gaussian noise of that σ to every
    gradient the optimizer sees. ``schedule`` is a learning-rate schedule config
    (see :mod:`gdgui.core.schedules`); a onecycle schedule shorter than the run is
    refused up front (ValueError), since torch's OneCycleLR cannot step past
    ``total_steps``.
    """

    #: the clock is read every this many steps when time-slicing
    CLOCK_EVERY = 64
    #: rows are moved from Python lists into the history at least this often (long
    #: lists of small lists make every garbage collection walk them)
    FLUSH_EVERY = 4096

    def __init__(
        self,
        problem: Problem,
        optimizer: str = "gd",
        hyperparams: Mapping[str, Any] | None = None,
        init: Sequence[float] | None = None,
        *,
        batch_size: int | str | None = None,
        epochs: int | None = None,
        steps: int | None = None,
        seed: int = 0,
        tolerance: float | None = None,
        divergence_factor: float = 1e12,
        gradient_noise: float = 0.0,
        max_rows: int | None = MAX_HISTORY_ROWS,
        schedule: Mapping[str, Any] | None = None,
    ):
        self.problem = problem
        self.optimizer = optimizer
        self.spec = optim.get(optimizer)
        hp = {**self.spec.defaults(), **(hyperparams or {})}
        errors = optim.check_hyperparams(optimizer, hp)
        if errors:
            raise ValueError(_joined(errors))
        self.hp = hp
        n = problem.n_samples
        if batch_size == "full":  # as in an experiment file
            batch_size = None
        if batch_size is not None and (isinstance(batch_size, (bool, str)) or batch_size < 1):
            raise ValueError(Message("batch_size must be >= 1, got {value}", value=batch_size))
        self.full_batch = _is_full_batch(batch_size, n)
        self.batch_size: int | None = None
        self.steps_per_epoch = 1
        if not self.full_batch:
            assert n is not None and batch_size is not None  # else it is the full batch
            self.batch_size = b = int(batch_size)
            self.steps_per_epoch = -(-n // b)
        if steps is None and epochs is None:
            epochs = 100
        if steps is not None and epochs is not None:
            raise ValueError(Message("give epochs or steps, not both"))
        if steps is not None:
            self.max_steps = int(steps)
        else:
            assert epochs is not None  # set to 100 above when both are None
            self.max_steps = int(epochs) * self.steps_per_epoch
        if not 0 <= self.max_steps <= MAX_STEPS:
            raise ValueError(
                Message(
                    "steps must be from 0 to {limit:,}, got {value:,}"
                    if steps is not None
                    else "epochs × steps per epoch must be from 0 to {limit:,}, got {value:,}",
                    limit=MAX_STEPS,
                    value=self.max_steps,
                )
            )
        #: the schedule config (complete, validated) or None
        self.schedule = None if schedule is None else schedules.validate(schedule)
        self._sched: schedules.Schedule | None = None
        self._sstate: schedules.ScheduleState | None = None
        if self.schedule is not None:
            self._sched = schedules.make(self.schedule, optimizer)
            _check_schedule_length(self.schedule, self.max_steps, self.steps_per_epoch)
            self._sstate = self._sched.init(hp["lr"])
        self._mkey = schedules.momentum_key(optimizer)
        self.tolerance = tolerance
        self.divergence_factor = divergence_factor
        self.gradient_noise = float(gradient_noise)
        theta0 = problem.default_init() if init is None else np.asarray(init, dtype=float)
        if theta0.shape != (problem.dim,):
            raise ValueError(
                Message(
                    "init needs {count} value(s) ({names}), got {got}",
                    count=problem.dim,
                    names=", ".join(problem.param_names),
                    got=theta0.size,
                )
            )
        self.seed = int(seed)
        batch_ss, noise_ss = np.random.SeedSequence(self.seed).spawn(2)
        self._rng = np.random.default_rng(batch_ss)
        self._noise_rng = np.random.default_rng(noise_ss)
        self._noise: list[list[float]] = []
        self._order: np.ndarray | None = None

        self._opt = self.spec.make()
        self._theta = [float(v) for v in theta0]
        self._state = [self._opt.init(v) for v in self._theta]
        loss, grad = problem.value_and_grad_py(self._theta)
        self._loss, self._grad = loss, grad
        self.initial_loss = loss
        self._limit = _divergence_limit(divergence_factor, loss)
        # zeroed allocation is lazy, so reserving the whole run costs nothing up front
        cap = min(self.max_steps + 1, 1 << 23)
        if max_rows is not None:
            cap = min(cap, max_rows)
        self.history = History(
            problem.param_names, capacity=cap, max_rows=max_rows, with_lr=self.schedule is not None
        )
        self.step_count = 0
        self.status = Status.READY
        self.message = ""
        self.history.extend([0], [0], [self._theta], [loss], [grad])
        if not (math.isfinite(loss) and all(map(math.isfinite, grad))):
            what = "loss" if not math.isfinite(loss) else "gradient"
            self.status, self.message = (
                Status.DIVERGED,
                _initial_failure_message(what, loss),
            )
        else:
            self._check_converged(loss, grad)

    # --- public --------------------------------------------------------------------
    @property
    def done(self) -> bool:
        return self.status in Status.DONE

    @property
    def params(self) -> np.ndarray:
        return np.array(self._theta)

    @property
    def epoch(self) -> int:
        return self.step_count // self.steps_per_epoch

    def set_hyperparams(self, **hp: Any) -> None:
        """Change hyperparameters; they take effect at the next step.

        With a schedule, a changed ``lr`` is torch's ``group["lr"] = lr``: the next step
        uses it and the recursive schedules continue from it (onecycle recomputes its
        own rate at its next update). An ``lr`` equal to the current one changes nothing.
        """
        new = {**self.hp, **hp}
        errors = optim.check_hyperparams(self.optimizer, new)
        if errors:
            raise ValueError(_joined(errors))
        if self._sstate is not None and "lr" in hp and new["lr"] != self.hp["lr"]:
            self._sstate = self._sstate._replace(lr=float(new["lr"]))
        self.hp = new

    def step_hyperparams(self) -> dict[str, Any]:
        """The hyperparameters the next step uses: ``hp`` with the schedule's lr (and
        onecycle's momentum or beta1) when there is a schedule."""
        s = self._sstate
        if s is None:
            return dict(self.hp)
        out = {**self.hp, "lr": s.lr}
        if s.momentum is not None and self._mkey is not None:
            out[self._mkey] = s.momentum
        return out

    def next_step_inputs(self) -> StepInputs:
        """What the next step will use (parameters, optimizer state, full-data gradient,
        mini-batch indices, noise row, hyperparameters, loss), without taking it: the
        random generators are read from copies, so the run is left exactly as it was."""
        batch = None
        if not self.full_batch:
            spe, b, n = self.steps_per_epoch, self.batch_size, self.problem.n_samples
            assert b is not None and n is not None  # not the full batch
            k = self.step_count % spe
            order = self._order
            if k == 0 or order is None:
                order = _copy_rng(self._rng).permutation(n)
            batch = np.array(order[k * b : (k + 1) * b])
        noise = None
        if self.gradient_noise > 0:
            if self._noise:
                noise = list(self._noise[-1])
            else:
                block = _copy_rng(self._noise_rng).standard_normal((1, self.problem.dim))
                noise = (block * self.gradient_noise).tolist()[0]
        return StepInputs(
            list(self._theta),
            list(self._state),
            list(self._grad),
            batch,
            noise,
            self.step_hyperparams(),
            self._loss,
        )

    def advance(self, max_steps: int | None = None, max_seconds: float | None = None) -> int:
        """Take up to ``max_steps`` steps, or as many as fit in ``max_seconds``.

        Returns the number of steps taken (0 when the run is done).
        """
        if self.done:
            return 0
        budget = self.max_steps - self.step_count
        if max_steps is not None:
            budget = min(budget, max_steps)
        if budget <= 0:
            self._finish_if_limit()
            return 0
        deadline = None if max_seconds is None else time.perf_counter() + max_seconds
        taken = 0
        while taken < budget and not self.done:
            chunk = min(budget - taken, self.CLOCK_EVERY if deadline else self.FLUSH_EVERY)
            taken += self._steps(chunk)
            if deadline is not None and time.perf_counter() >= deadline:
                break
        self._finish_if_limit()
        return taken

    def run(self) -> History:
        """Advance to the end; return the history."""
        self.advance()
        return self.history

    def trimmed(self) -> Run:
        """A copy of this run whose history holds only its last row (what a stepper
        process needs to go on: it sends only the rows after that one). The copy
        shares the problem and the read-only state; advancing one leaves the other
        alone. Cheap whatever the length of the history."""
        out = copy.copy(self)
        h = self.history
        out.history = History(
            h.param_names,
            capacity=64,  # grows as it fills; a pickle holds the whole capacity
            max_rows=h.max_rows,
            with_lr=h.with_lr,
        )
        out.history.extend_rows(h.rows(len(h) - 1))
        out._noise = [list(r) for r in self._noise]
        out._rng = _copy_rng(self._rng)
        out._noise_rng = _copy_rng(self._noise_rng)
        out._order = None if self._order is None else self._order.copy()
        out._theta, out._state, out._grad = list(self._theta), list(self._state), list(self._grad)
        out.hp = dict(self.hp)
        return out

    def __getstate__(self) -> dict[str, Any]:
        # the optimizer's and the schedule's functions are closures (pure: their state
        # is in _state and _sstate): rebuilt from their name and config when unpickled
        state = dict(self.__dict__)
        del state["_opt"], state["spec"], state["_sched"]
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self.spec = optim.get(self.optimizer)
        self._opt = self.spec.make()
        self._sched = None if self.schedule is None else schedules.make(self.schedule)

    def steps_to_epoch_end(self) -> int:
        """Steps left in the current epoch (a full epoch when at its start)."""
        return self.steps_per_epoch - self.step_count % self.steps_per_epoch

    # --- internals --------------------------------------------------------------------
    def _finish_if_limit(self) -> None:
        if not self.done and self.step_count >= self.max_steps:
            self.status = Status.FINISHED
            e, n = self.epoch, self.step_count
            epochs = ""
            if self.problem.n_samples is not None:
                epochs = Message(" ({count} epoch)" if e == 1 else " ({count} epochs)", count=e)
            self.message = Message(
                "Finished {steps} step{epochs}." if n == 1 else "Finished {steps} steps{epochs}.",
                steps=n,
                epochs=epochs,
            )

    def _check_converged(self, loss: float, grad: Sequence[float]) -> bool:
        tol = self.tolerance
        if tol is not None and math.sqrt(sum(g * g for g in grad)) < tol:
            self.status = Status.CONVERGED
            self.message = Message(
                "Converged at step {step}: the gradient norm fell below {tolerance:g}.",
                step=self.step_count,
                tolerance=tol,
            )
            return True
        return False

    def _next_batch(self) -> np.ndarray:
        spe, b, n = self.steps_per_epoch, self.batch_size, self.problem.n_samples
        assert b is not None and n is not None  # not the full batch
        k = self.step_count % spe
        if k == 0 or self._order is None:
            self._order = self._rng.permutation(n)
        return self._order[k * b : (k + 1) * b]

    def _noise_row(self) -> list[float]:
        if not self._noise:
            block = self._noise_rng.standard_normal((256, self.problem.dim)) * self.gradient_noise
            self._noise = block.tolist()[::-1]
        return self._noise.pop()

    def _steps(self, count: int) -> int:
        """Take ``count`` steps in Python floats; record rows; stop on a rule."""
        problem, update = self.problem, self._opt.update
        sched, sstate = self._sched, self._sstate
        scheduled = sched is not None
        hp = self.step_hyperparams() if scheduled else self.hp
        every_step = scheduled and self.schedule["every"] == "step"  # type: ignore[index]
        spe = self.steps_per_epoch
        rows_lr: list[float] = []
        full, noisy = self.full_batch, self.gradient_noise > 0
        theta, state, loss, grad = self._theta, self._state, self._loss, self._grad
        limit, tol = self._limit, self.tolerance
        P = len(theta)
        rows_p: list[Any] = []
        rows_l: list[float] = []
        rows_g: list[Any] = []
        add_p, add_l, add_g = rows_p.append, rows_l.append, rows_g.append
        vg, isfinite = problem.value_and_grad_py, math.isfinite
        first = self.step_count
        try:
            for _ in range(count):
                g = grad if full else problem.batch_grad_py(theta, self._next_batch())
                if noisy:
                    g = [a + e for a, e in zip(g, self._noise_row())]
                try:
                    if P == 1:
                        t, s = update(g[0], state[0], theta[0], hp)
                        new_theta, new_state = [t], [s]
                    else:
                        new_theta, new_state = [], []
                        for j in range(P):
                            t, s = update(g[j], state[j], theta[j], hp)
                            new_theta.append(t)
                            new_state.append(s)
                except _UPDATE_ERRORS as exc:  # torch would give nan: the run diverges
                    self.step_count += 1
                    self.status = Status.DIVERGED
                    self.message = _update_failed_message(self.step_count, exc, self.optimizer, hp)
                    break
                new_loss, new_grad = vg(new_theta)
                self.step_count += 1
                # a sum of floats is finite only when every term is
                if not (abs(new_loss) <= limit and isfinite(sum(new_theta) + sum(new_grad))):
                    self.status = Status.DIVERGED
                    self.message = _divergence_message(
                        self.step_count,
                        new_loss,
                        limit,
                        self.initial_loss,
                        problem,
                        self.optimizer,
                        hp,
                        full,
                    )
                    if isfinite(new_loss) and isfinite(sum(new_theta)):
                        theta, loss, grad = new_theta, new_loss, new_grad
                        add_p(theta)
                        add_l(loss)
                        add_g(grad)
                        if scheduled:
                            rows_lr.append(hp["lr"])
                    break
                theta, state, loss, grad = new_theta, new_state, new_loss, new_grad
                add_p(theta)
                add_l(loss)
                add_g(grad)
                if scheduled:
                    rows_lr.append(hp["lr"])
                    if every_step or self.step_count % spe == 0:
                        sstate = self._sstate = sched.update(sstate)  # type: ignore[union-attr, arg-type]
                        hp = self.step_hyperparams()
                if tol is not None and self._check_converged(loss, grad):
                    break
        finally:  # keep what was computed even if the problem raised mid-chunk
            self._theta, self._state, self._loss, self._grad = theta, state, loss, grad
            steps = np.arange(first + 1, first + 1 + len(rows_l))
            self.history.extend(
                steps,
                (steps - 1) // self.steps_per_epoch,
                rows_p,
                rows_l,
                rows_g,
                rows_lr if scheduled else None,
            )
        return self.step_count - first


# --- many runs at once ------------------------------------------------------------------


def _scheduled_columns(
    hp: dict[str, Any], size: int, sched_rows: list[tuple[int, int]], scheds: dict[int, list]
) -> dict[str, Any]:
    """A group's hyperparameters (``size`` runs) with the scheduled runs' lr (and
    momentum) put into their rows of (size, 1) columns."""
    out = dict(hp)
    keys = {"lr"}
    for _, r in sched_rows:
        if scheds[r][2].momentum is not None and scheds[r][3] is not None:
            keys.add(scheds[r][3])
    for key in keys:
        base = hp[key]
        out[key] = base.copy() if isinstance(base, np.ndarray) else np.full((size, 1), float(base))
    for i, r in sched_rows:
        _, _, s, mkey = scheds[r]
        out["lr"][i, 0] = s.lr
        if s.momentum is not None and mkey is not None:
            out[mkey][i, 0] = s.momentum
    return out


@dataclass
class RunManyResult:
    """Histories of R runs advanced together.

    ``params`` is ``(T+1, R, P)``, ``loss`` ``(T+1, R)``, ``grad`` ``(T+1, R, P)``;
    after a run stops its rows repeat its last state. ``stop_step[r]`` is the
    step at which run r stopped (T when it ran to the end), ``status[r]`` one
    of :class:`Status`'s values.
    """

    params: np.ndarray
    loss: np.ndarray
    grad: np.ndarray
    stop_step: np.ndarray
    status: list[str]


def run_many(
    problem: Problem,
    runs: Sequence[Mapping[str, Any]],
    steps: int,
    *,
    batch_size: int | None = None,
    seed: int = 0,
    tolerance: float | None = None,
    divergence_factor: float = 1e12,
    record: bool = True,
) -> RunManyResult:
    """Advance R runs on one problem as one vectorised computation.

    Each run is a mapping with ``optimizer`` (default ``"gd"``), ``hyperparams``
    (a dict), ``init`` (P values, default the problem's) and ``schedule`` (a
    schedule config, default none; each run's schedule starts from its own lr).
    Runs share the batch order (same seed), so they differ only in what they
    were given.
    With ``record=False`` only the last state is kept (``T+1`` becomes 1).
    """
    R, P = len(runs), problem.dim
    if R == 0:
        raise ValueError("run_many needs at least one run")
    n = problem.n_samples
    full = _is_full_batch(batch_size, n)
    theta = np.empty((R, P))
    spe, npts, bsize = 1, 0, 0
    if not full:
        assert n is not None and batch_size is not None  # else it is the full batch
        spe, npts, bsize = -(-n // batch_size), n, batch_size
    groups: dict[tuple, list[int]] = {}
    scheds: dict[int, list] = {}  # run -> [config, schedule, state, momentum key]
    for r, spec in enumerate(runs):
        init = spec.get("init")
        theta[r] = problem.default_init() if init is None else np.asarray(init, dtype=float)
        name = spec.get("optimizer", "gd")
        hp = {**optim.get(name).defaults(), **spec.get("hyperparams", {})}
        errors = optim.check_hyperparams(name, hp)
        if errors:
            raise ValueError(Message("run {run}: {error}", run=r, error=_joined(errors)))
        flags = tuple(sorted((k, v) for k, v in hp.items() if isinstance(v, bool)))
        groups.setdefault((name, flags), []).append(r)
        if spec.get("schedule") is not None:
            try:
                config = schedules.validate(spec["schedule"])
                sched = schedules.make(config, name)
                _check_schedule_length(config, steps, spe)
            except ValueError as exc:
                raise ValueError(Message("run {run}: {error}", run=r, error=exc.args[0])) from None
            scheds[r] = [config, sched, sched.init(float(hp["lr"])), schedules.momentum_key(name)]
    # one optimizer per group, its numeric hyperparameters as (R_g, 1) columns
    plan = []
    for (name, flags), idx in groups.items():
        ospec = optim.get(name)
        hps = [{**ospec.defaults(), **runs[r].get("hyperparams", {})} for r in idx]
        hp = dict(flags)
        for h in ospec.hyperparams:
            if not h.is_bool:
                col = np.array([float(d[h.name]) for d in hps])[:, None]
                # a value shared by the whole group stays a float (cheaper, and keeps
                # torch's "skip this term when it is 0" branches)
                hp[h.name] = float(col[0, 0]) if np.all(col == col[0, 0]) else col
        opt = ospec.make()
        ix = np.array(idx)
        sched_rows = [(i, r) for i, r in enumerate(idx) if r in scheds]
        plan.append((opt, ix, hp, opt.init(theta[ix]), sched_rows))

    loss, grad = problem.value_and_grad(theta)
    T = steps if record else 0
    out_p = np.empty((T + 1, R, P))
    out_l = np.empty((T + 1, R))
    out_g = np.empty((T + 1, R, P))
    out_p[0], out_l[0], out_g[0] = theta, loss, grad
    with np.errstate(over="ignore"):
        limit = divergence_factor * np.where(loss != 0, np.abs(loss), 1.0)
    limit = np.minimum(limit, sys.float_info.max)  # inf never passes |loss| <= limit
    active = np.isfinite(loss) & np.all(np.isfinite(grad), axis=1)
    status = [Status.FINISHED if a else Status.DIVERGED for a in active]
    stop = np.where(active, steps, 0)
    rng = np.random.default_rng(np.random.SeedSequence(seed).spawn(2)[0])
    order = np.empty(0, dtype=np.intp)  # drawn at the first step of each epoch
    with np.errstate(all="ignore"):
        for t in range(1, steps + 1):
            if full:
                g = grad
            else:
                k = (t - 1) % spe
                if k == 0:
                    order = rng.permutation(npts)
                g = problem.batch_grad(theta, order[k * bsize : (k + 1) * bsize])
            new = theta.copy()
            for i, (opt, ix, hp, st, sched_rows) in enumerate(plan):
                step_hp = _scheduled_columns(hp, len(ix), sched_rows, scheds) if sched_rows else hp
                p, st = opt.update(g[ix], st, theta[ix], step_hp)
                new[ix] = p
                plan[i] = (opt, ix, hp, st, sched_rows)
            for entry in scheds.values():
                if schedules.advances(entry[0]["every"], t, spe):
                    entry[2] = entry[1].update(entry[2])
            new_loss, new_grad = problem.value_and_grad(new)
            bad = active & ~(
                (np.abs(new_loss) <= limit)
                & np.all(np.isfinite(new), axis=1)
                & np.all(np.isfinite(new_grad), axis=1)
            )
            for r in np.flatnonzero(bad).tolist():
                status[r] = Status.DIVERGED
                stop[r] = t
            # like Run: the diverging step is still recorded when it is finite
            finite_bad = bad & np.isfinite(new_loss) & np.all(np.isfinite(new), axis=1)
            keep = (active & ~bad | finite_bad)[:, None]
            active &= ~bad
            theta = np.where(keep, new, theta)
            loss = np.where(keep[:, 0], new_loss, loss)
            grad = np.where(keep, new_grad, grad)
            if tolerance is not None:
                conv = active & (np.linalg.norm(grad, axis=1) < tolerance)
                for r in np.flatnonzero(conv).tolist():
                    status[r] = Status.CONVERGED
                    stop[r] = t
                active &= ~conv
            if record:
                out_p[t], out_l[t], out_g[t] = theta, loss, grad
            if not active.any():
                if record:
                    out_p[t + 1 :], out_l[t + 1 :], out_g[t + 1 :] = theta, loss, grad
                break
    if not record:
        out_p[0], out_l[0], out_g[0] = theta, loss, grad
    return RunManyResult(out_p, out_l, out_g, stop, status)
