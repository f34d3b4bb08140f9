"""Hyperparameter sweeps: many runs of one experiment's problem, as one computation.

:func:`sweep` runs every configuration of a grid (one or two hyperparameter axes,
times one or more optimizers) on the experiment's problem, data, start, batch size
and seed, through :func:`gdgui.core.runner.run_many`, and returns a
:class:`SweepResult` with per configuration:

``final_loss``
    the loss where the run stopped (for a diverged run: its last finite loss);
``min_loss``
    the smallest loss it reached;
``status``
    ``finished`` (ran all its steps), ``converged`` (gradient norm below the
    experiment's tolerance) or ``diverged`` (the runner's divergence rule);
``steps``
    the step it stopped at;
``loss_at`` (with ``loss_step=k``)
    the loss at step k (infinite when the run diverged at or before step k);
``steps_to_target`` (with ``target=ε``)
    the first step with L_k − L* ≤ ε (L* below; 0 when unknown), −1 if never;
``rate``
    the per-step contraction of the loss gap,
    ρ = ((L_T − L*) / (L_0 − L*))^(1/T), with L* the optimum's loss when the
    problem knows it (the least-squares loss of a line problem; the lowest known
    minimum of a surface), else NaN. T is the step the run stopped at, or the first
    step at which the gap has shrunk by :data:`RATE_FLOOR` (10⁻¹²) if sooner: below
    that the gap is rounding error, and measuring on would only report the float
    format. ρ < 1 converges, ρ > 1 diverges. Gradient descent on y = w·x gives
    exactly ρ = (1 − ηλ)² (the gap shrinks by that every step).

Axes come from the command line's ``A:B:N`` form (:func:`parse_axis`): N values from
A to B, log-spaced for learning rates (and ε), linear otherwise. A sweep works in
chunks of configurations: :func:`iter_sweep` yields the growing result after each
chunk, and :func:`sweep` takes a ``progress(done, total)`` callback that stops the
sweep by returning False.

The analytic stability limit (:func:`stability_limit`) of full-batch gradient descent
on a quadratic is η < 2/λ_max; of heavy-ball momentum 2(1 + μ)/λ_max.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from . import optimizers as optim
from .messages import Message
from .runner import Status, run_many

__all__ = [
    "LOG_AXES",
    "Axis",
    "SweepError",
    "SweepIterator",
    "SweepResult",
    "iter_sweep",
    "make_axis",
    "parse_axis",
    "stability_limit",
    "sweep",
]

#: hyperparameters swept on a log scale by the ``A:B:N`` form
LOG_AXES = frozenset(h.name for s in optim.OPTIMIZERS.values() for h in s.hyperparams if h.log)
#: at most this many configurations in one sweep
MAX_CONFIGS = 4_000_000
#: the convergence rate is measured until the loss gap has shrunk by this factor
RATE_FLOOR = 1e-12
#: a chunk's recorded histories take at most about this many bytes
CHUNK_BYTES = 256 * 2**20


class SweepError(ValueError):
    """A sweep that cannot run; the message is one line saying what and where."""


@dataclass(frozen=True, eq=False)
class Axis:
    """One swept hyperparameter: its name, its values, and whether they are log-spaced."""

    name: str
    values: np.ndarray
    log: bool = False

    def __len__(self) -> int:
        return len(self.values)


def make_axis(name: str, start: float, stop: float, count: int, log: bool | None = None) -> Axis:
    """``count`` values from ``start`` to ``stop``: log-spaced for :data:`LOG_AXES`
    (or ``log=True``), else linear."""
    log = name in LOG_AXES if log is None else log
    if not (math.isfinite(start) and math.isfinite(stop)):
        raise SweepError(
            Message(
                "{name}: the ends must be finite numbers, got {start:g} and {stop:g}",
                name=name,
                start=start,
                stop=stop,
            )
        )
    if count < 1:
        raise SweepError(
            Message("{name}: the count must be at least 1, got {count}", name=name, count=count)
        )
    if log and not (start > 0 and stop > 0):
        raise SweepError(
            Message(
                "{name}: a log-spaced axis needs ends > 0, got {start:g} and {stop:g}",
                name=name,
                start=start,
                stop=stop,
            )
        )
    if count == 1 and start != stop:
        raise SweepError(
            Message(
                "{name}: one value cannot span {start:g} to {stop:g}; use N ≥ 2",
                name=name,
                start=start,
                stop=stop,
            )
        )
    if log:
        values = np.logspace(math.log10(start), math.log10(stop), count)
        values[0], values[-1] = start, stop  # exact ends, not 10**log10(x)
    else:
        values = np.linspace(start, stop, count)
    return Axis(name, values, log)


def parse_axis(name: str, text: str) -> Axis:
    """An axis from ``"A:B:N"`` (N values from A to B), e.g. ``lr`` ``"1e-3:1:100"``."""
    parts = text.split(":")
    if len(parts) != 3:
        raise SweepError(
            Message(
                "{name}: expected FROM:TO:COUNT like 1e-3:1:100, got {text!r}", name=name, text=text
            )
        )
    try:
        start, stop = float(parts[0]), float(parts[1])
    except ValueError:
        raise SweepError(
            Message("{name}: FROM and TO must be numbers, got {text!r}", name=name, text=text)
        ) from None
    try:
        count = int(parts[2])
    except ValueError:
        raise SweepError(
            Message("{name}: COUNT must be a whole number, got {text!r}", name=name, text=parts[2])
        ) from None
    return make_axis(name, start, stop, count)


def stability_limit(
    optimizer: str, hyperparams: Mapping[str, Any], hessian: np.ndarray | None
) -> float | None:
    """The largest stable learning rate of full-batch ``optimizer`` on a quadratic with
    this Hessian, or None when there is no closed form (adaptive optimizers, no Hessian).

    To be replaced by ``gdgui.core.stability`` when it lands.
    """
    if hessian is None or optimizer not in ("gd", "momentum", "nesterov"):
        return None
    hp = {**optim.get(optimizer).defaults(), **hyperparams}
    # weight decay adds λ_wd·θ to the gradient: every curvature grows by λ_wd
    lam = float(np.linalg.eigvalsh(np.asarray(hessian, dtype=float))[-1]) + hp["weight_decay"]
    if not lam > 0:
        return math.inf
    if optimizer == "gd":
        return 2.0 / lam  # |1 − ηλ| < 1
    mu, tau = float(hp["momentum"]), float(hp["dampening"])
    if mu == 0:
        return 2.0 / lam
    if optimizer == "momentum":
        # heavy ball, b ← μb + (1−τ)g, θ ← θ − ηb: the root −1 of z² − (1 + μ − η(1−τ)λ)z + μ
        # gives η(1−τ)λ = 2(1 + μ)
        return 2.0 * (1.0 + mu) / ((1.0 - tau) * lam) if tau < 1 else math.inf
    # Nesterov (torch form, τ = 0): z² − (1 + μ − h(1+μ))z + μ(1 − h), root −1 at
    # h = ηλ = 2(1 + μ)/(1 + 2μ)
    return 2.0 * (1.0 + mu) / ((1.0 + 2.0 * mu) * lam)


@dataclass
class SweepResult:
    """The result of a sweep (partial while ``done < total``).

    The per-configuration arrays have shape ``(len(optimizers), *map(len, axes))``;
    configurations are numbered in that array's C order (:meth:`config`), and run in
    that order. Entries not yet computed are NaN (``status`` "", ``steps`` −1).
    ``bases`` holds each optimizer's hyperparameters before the swept ones are set.
    """

    axes: tuple[Axis, ...]
    optimizers: tuple[str, ...]
    bases: dict[str, dict[str, Any]]
    steps_limit: int
    initial_loss: float
    optimum_loss: float | None
    hessian: np.ndarray | None
    full_batch: bool
    loss_step: int | None = None
    target: float | None = None
    final_loss: np.ndarray = field(default=None)  # type: ignore[arg-type]
    min_loss: np.ndarray = field(default=None)  # type: ignore[arg-type]
    status: np.ndarray = field(default=None)  # type: ignore[arg-type]
    steps: np.ndarray = field(default=None)  # type: ignore[arg-type]
    rate: np.ndarray = field(default=None)  # type: ignore[arg-type]
    loss_at: np.ndarray | None = None
    steps_to_target: np.ndarray | None = None
    done: int = 0
    cancelled: bool = False
    seconds: float = 0.0

    def __post_init__(self) -> None:
        shape = self.shape
        if self.final_loss is None:
            self.final_loss = np.full(shape, np.nan)
            self.min_loss = np.full(shape, np.nan)
            self.rate = np.full(shape, np.nan)
            self.steps = np.full(shape, -1, dtype=np.int64)
            self.status = np.full(shape, "", dtype=object)
            if self.loss_step is not None:
                self.loss_at = np.full(shape, np.nan)
            if self.target is not None:
                self.steps_to_target = np.full(shape, -1, dtype=np.int64)

    @property
    def shape(self) -> tuple[int, ...]:
        return (len(self.optimizers), *(len(a) for a in self.axes))

    @property
    def total(self) -> int:
        return int(np.prod(self.shape, dtype=np.int64))

    @property
    def complete(self) -> bool:
        return self.done == self.total

    def config(self, index: int | tuple[int, ...]) -> dict[str, Any]:
        """Configuration ``index`` (flat, or a grid index): ``{"optimizer", "hyperparams"}``."""
        grid: tuple[Any, ...] = (
            index if isinstance(index, tuple) else np.unravel_index(int(index), self.shape)
        )
        name = self.optimizers[int(grid[0])]
        hp = dict(self.bases[name])
        for a, j in zip(self.axes, grid[1:]):
            hp[a.name] = float(a.values[int(j)])
        return {"optimizer": name, "hyperparams": hp}

    def configs(self, start: int = 0, stop: int | None = None) -> list[dict[str, Any]]:
        """Configurations ``start:stop`` (flat indices), as :meth:`config` gives them."""
        stop = self.total if stop is None else min(stop, self.total)
        grid = np.unravel_index(np.arange(start, max(start, stop)), self.shape)
        cols = [a.values[g].tolist() for a, g in zip(self.axes, grid[1:])]
        names = [a.name for a in self.axes]
        out = []
        for k, o in enumerate(grid[0].tolist()):
            opt = self.optimizers[o]
            hp = dict(self.bases[opt])
            for name, col in zip(names, cols):
                hp[name] = col[k]
            out.append({"optimizer": opt, "hyperparams": hp})
        return out

    def stability_limits(self, optimizer: str | None = None) -> np.ndarray | None:
        """The analytic largest stable learning rate for each value of the second axis
        (one value for a 1D sweep), for ``optimizer`` (default the first); None when
        there is no closed form. Full batch rule; lr must be the first axis."""
        name = optimizer or self.optimizers[0]
        base = self.config((self.optimizers.index(name), *(0 for _ in self.axes)))
        base = base["hyperparams"]
        if len(self.axes) == 1:
            lim = stability_limit(name, base, self.hessian)
            return None if lim is None else np.array([lim])
        other = self.axes[1]
        out = [
            stability_limit(name, {**base, other.name: float(v)}, self.hessian)
            for v in other.values
        ]
        return None if out[0] is None else np.array(out, dtype=float)

    def columns(self) -> list[str]:
        """The CSV columns: ``optimizer`` (several optimizers only), the swept
        hyperparameters, then the results."""
        cols = ["optimizer"] if len(self.optimizers) > 1 else []
        cols += [a.name for a in self.axes]
        cols += ["final_loss", "min_loss", "status", "steps"]
        if self.loss_step is not None:
            cols.append(f"loss_at_{self.loss_step}")
        if self.target is not None:
            cols.append("steps_to_target")
        cols.append("rate")
        return cols

    def to_csv(self) -> str:
        """One row per computed configuration, floats in full precision."""
        lines = [",".join(self.columns())]
        flat = {
            k: getattr(self, k).reshape(-1)
            for k in ("final_loss", "min_loss", "status", "steps", "rate")
        }
        for k in ("loss_at", "steps_to_target"):
            if getattr(self, k) is not None:
                flat[k] = getattr(self, k).reshape(-1)
        for i in range(self.done):
            c = self.config(i)
            vals = [c["optimizer"]] if len(self.optimizers) > 1 else []
            vals += [repr(float(c["hyperparams"][a.name])) for a in self.axes]
            vals += [
                repr(float(flat["final_loss"][i])),
                repr(float(flat["min_loss"][i])),
                flat["status"][i],
                str(int(flat["steps"][i])),
            ]
            if "loss_at" in flat:
                vals.append(repr(float(flat["loss_at"][i])))
            if "steps_to_target" in flat:
                vals.append(str(int(flat["steps_to_target"][i])))
            vals.append(repr(float(flat["rate"][i])))
            lines.append(",".join(vals))
        return "\n".join(lines) + "\n"


def _base_hyperparams(experiment, name: str) -> dict[str, Any]:
    """The experiment's hyperparameters for optimizer ``name``: all of them when it is the
    experiment's optimizer, else that optimizer's defaults with the shared ones carried over."""
    spec = optim.get(name)
    hp = spec.defaults()
    own = experiment.hyperparams
    hp.update(
        own if name == experiment.optimizer_name else {k: v for k, v in own.items() if k in hp}
    )
    return hp


def _bases(experiment, axes: Sequence[Axis], optimizers: Sequence[str]) -> dict[str, dict]:
    """Each optimizer's base hyperparameters, after checking every axis value applies."""
    names = [a.name for a in axes]
    if len(set(names)) != len(names):
        raise SweepError(
            Message("each hyperparameter can be swept once, got {names}", names=", ".join(names))
        )
    bases = {}
    for name in optimizers:
        if name not in optim.OPTIMIZERS:  # optim.get's KeyError, as a Message
            raise SweepError(
                Message(
                    "unknown optimizer {name!r}; choose one of {names}",
                    name=name,
                    names=", ".join(optim.OPTIMIZERS),
                )
            )
        spec = optim.get(name)
        base = _base_hyperparams(experiment, name)
        for a in axes:
            if a.name not in base:
                raise SweepError(
                    Message(
                        "{name}: not a hyperparameter of {optimizer} (it has {names})",
                        name=a.name,
                        optimizer=name,
                        names=", ".join(base),
                    )
                )
            if spec.hyperparam(a.name).is_bool:
                raise SweepError(
                    Message("{name}: a true/false setting cannot be swept", name=a.name)
                )
            # the rules are per value (Nesterov's too: momentum > 0, dampening = 0)
            for v in np.unique(a.values):
                errors = optim.check_hyperparams(name, {**base, a.name: float(v)})
                if errors:
                    k, m = errors[0]
                    raise SweepError(
                        Message("{key}: {error} (optimizer {name})", key=k, error=m, name=name)
                    )
        bases[name] = base
    return bases


def _axes(axes: Mapping[str, Any] | Sequence[Axis]) -> tuple[Axis, ...]:
    if isinstance(axes, Mapping):
        out = []
        for name, v in axes.items():
            if isinstance(v, Axis):
                out.append(v)
            elif isinstance(v, str):
                out.append(parse_axis(name, v))
            else:
                vals = np.asarray(v, dtype=float).reshape(-1)
                if vals.size == 0 or not np.all(np.isfinite(vals)):
                    raise SweepError(Message("{name}: needs one or more finite values", name=name))
                out.append(Axis(name, vals, name in LOG_AXES))
        axes = out
    axes = tuple(axes)
    if not 1 <= len(axes) <= 2:
        raise SweepError(Message("a sweep has one or two axes, got {count}", count=len(axes)))
    return axes


def _optimum_loss(problem) -> float | None:
    minima = problem.minima()
    return min(float(v) for _, v in minima) if minima else None


def _fill(res: SweepResult, lo: int, r, problem_l0: np.ndarray) -> None:
    """Store run_many's result ``r`` for flat configurations ``lo:lo + R``."""
    loss = r.loss  # (T+1, R)
    R = loss.shape[1]
    sl = slice(lo, lo + R)
    stop = np.asarray(r.stop_step, dtype=np.int64)
    final = loss[-1]
    status = np.array(r.status, dtype=object)
    with np.errstate(all="ignore"):
        res.final_loss.reshape(-1)[sl] = final
        res.min_loss.reshape(-1)[sl] = np.min(loss, axis=0)
        res.steps.reshape(-1)[sl] = stop
        res.status.reshape(-1)[sl] = status
        lstar = res.optimum_loss
        if lstar is not None:
            gap0 = problem_l0 - lstar  # (R,)
            ratio = np.maximum(loss - lstar, 0.0) / np.where(gap0 > 0, gap0, np.nan)
            small = ratio <= RATE_FLOOR
            small[0] = False
            end = np.where(small.any(axis=0), np.argmax(small, axis=0), stop)
            end = np.minimum(end, stop)
            r_end = ratio[end, np.arange(R)]
            rate = np.where(end > 0, r_end ** (1.0 / np.maximum(end, 1)), np.nan)
            res.rate.reshape(-1)[sl] = rate
        if res.loss_at is not None:
            k = min(res.loss_step, loss.shape[0] - 1)
            la = loss[k].copy()
            la[(status == Status.DIVERGED) & (stop <= k)] = np.inf
            res.loss_at.reshape(-1)[sl] = la
        if res.steps_to_target is not None:
            hit = (loss - (lstar or 0.0)) <= res.target
            first = np.where(hit.any(axis=0), np.argmax(hit, axis=0), -1)
            res.steps_to_target.reshape(-1)[sl] = first


def iter_sweep(
    experiment,
    axes: Mapping[str, Any] | Sequence[Axis],
    steps: int | None = None,
    *,
    optimizers: Sequence[str] | None = None,
    loss_step: int | None = None,
    target: float | None = None,
    chunk: int | None = None,
    chunk_seconds: float = 0.1,
    problem=None,
) -> SweepIterator:
    """Check the sweep, then return an iterator that runs it chunk by chunk, yielding
    the (same, growing) result after each chunk.

    Every error is raised here, before any computation (a :class:`SweepError`).

    ``axes`` maps hyperparameter names to :class:`Axis` objects, ``"A:B:N"`` strings or
    value lists (or is a sequence of :class:`Axis`). ``optimizers`` defaults to the
    experiment's; a momentum axis turns ``gd`` into ``momentum`` (μ = 0 is gd).
    ``steps`` defaults to the experiment's step limit. ``chunk`` fixes the number of
    configurations per :func:`run_many` call; by default chunks start at 64 and grow
    fourfold while one takes less than ``chunk_seconds``. (A :func:`run_many` call
    costs about 50 µs a step however few runs it carries, so chunks are never
    shorter than that: 50 ms for 1,000 steps.) Either way a chunk's recorded losses
    stay under :data:`CHUNK_BYTES`.
    """
    t_start = time.perf_counter()
    axes = _axes(axes)
    names = list(optimizers) if optimizers else [experiment.optimizer_name]
    if any(a.name in ("momentum", "dampening") for a in axes):
        names = ["momentum" if n == "gd" else n for n in names]
    names = list(dict.fromkeys(names))
    s = experiment.spec
    if s.get("gradient_noise", 0.0):
        raise SweepError(Message("gradient_noise: a sweep cannot add gradient noise; set it to 0"))
    problem = experiment.build_problem() if problem is None else problem
    batch_size = experiment.batch_size
    n = problem.n_samples
    full = n is None or batch_size is None or batch_size >= n
    if steps is None:
        spe = 1 if full else -(-n // batch_size)
        steps = int(s["steps"]) if "steps" in s else int(s["epochs"]) * spe
    if steps < 1:
        raise SweepError(Message("steps: must be at least 1, got {steps}", steps=steps))
    if loss_step is not None and not 0 <= loss_step <= steps:
        raise SweepError(
            Message(
                "loss step: must be between 0 and {steps}, got {step}", steps=steps, step=loss_step
            )
        )
    if target is not None and not target >= 0:
        raise SweepError(Message("target: must be >= 0, got {target}", target=target))
    total = len(names) * int(np.prod([len(a) for a in axes]))
    if total > MAX_CONFIGS:
        raise SweepError(
            Message(
                "{count:,} configurations is too many; at most {limit:,}",
                count=total,
                limit=MAX_CONFIGS,
            )
        )
    bases = _bases(experiment, axes, names)
    init = experiment.initial_params(problem)
    l0 = float(problem.value_and_grad(init[None, :])[0][0])
    res = SweepResult(
        axes,
        tuple(names),
        bases,
        steps,
        l0,
        _optimum_loss(problem),
        problem.hessian(),
        full,
        loss_step,
        target,
    )
    kw = dict(
        batch_size=batch_size,
        seed=s["seed"],
        tolerance=s["stopping"]["tolerance"],
        divergence_factor=s["stopping"]["divergence_factor"],
    )
    return SweepIterator(res, _chunks(res, problem, init, kw, chunk, chunk_seconds, t_start))


class SweepIterator:
    """What :func:`iter_sweep` returns: iterate it to run the chunks; ``result`` is the
    (empty until then) :class:`SweepResult`, so its shape and total are known at once."""

    def __init__(self, result: SweepResult, chunks: Iterator[SweepResult]) -> None:
        self.result = result
        self._chunks = chunks

    def __iter__(self) -> SweepIterator:
        return self

    def __next__(self) -> SweepResult:
        return next(self._chunks)


def _chunks(
    res: SweepResult,
    problem,
    init: np.ndarray,
    kw: dict,
    chunk: int | None,
    chunk_seconds: float,
    t_start: float,
) -> Iterator[SweepResult]:
    steps, total, l0 = res.steps_limit, res.total, res.initial_loss
    cap = max(1, CHUNK_BYTES // (8 * (steps + 1) * (2 * problem.dim + 1)))
    size = chunk or 64
    lo = 0
    while lo < total:
        hi = min(total, lo + min(size, cap))
        t0 = time.perf_counter()
        runs = [{**c, "init": init} for c in res.configs(lo, hi)]
        r = run_many(problem, runs, steps, **kw)
        _fill(res, lo, r, np.full(hi - lo, l0))
        res.done = hi
        lo = hi
        if chunk is None and time.perf_counter() - t0 < chunk_seconds:
            size *= 4
        res.seconds = time.perf_counter() - t_start
        yield res


def sweep(
    experiment,
    axes: Mapping[str, Any] | Sequence[Axis],
    steps: int | None = None,
    *,
    progress: Callable[[int, int], bool | None] | None = None,
    **kw: Any,
) -> SweepResult:
    """Run the whole sweep (see :func:`iter_sweep` for the arguments).

    ``progress(done, total)`` is called after every chunk; returning False stops the
    sweep, and the partial result comes back with ``cancelled`` set. Without
    ``progress`` (and ``chunk``) the sweep runs in as few chunks as memory allows,
    which is fastest.
    """
    if progress is None and "chunk" not in kw:
        kw["chunk"] = MAX_CONFIGS
    res = None
    for res in iter_sweep(experiment, axes, steps, **kw):
        if progress is not None and progress(res.done, res.total) is False:
            res.cancelled = not res.complete
            break
    assert res is not None  # iter_sweep yields at least once (total >= 1)
    return res
