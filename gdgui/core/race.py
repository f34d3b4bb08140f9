"""Race R runs on one problem: each its own optimizer, settings and history, advanced together.

A :class:`Race` holds R :class:`~gdgui.core.runner.Run` objects on one problem. Each run
has its own optimizer, hyperparameters, start, batch size, seed, gradient noise,
schedule and step limit (any keyword :class:`Run` takes), and keeps its own
:class:`~gdgui.core.history.History`, status and message: a run that diverges or
converges stops alone while the others go on.

:meth:`Race.advance` (``max_steps`` per run, ``max_seconds`` in all) and
:meth:`Race.step` move the runs in lockstep: in each round the runs furthest behind go
first, each by at most ``CLOCK_EVERY`` steps when time-sliced, so their step counts stay
within one round of each other however the time runs out.

Each run is stepped by its own ``Run`` (run by run, not as one array computation), so
its trajectory is the same run's alone, bit for bit. A vectorised step
(:func:`~gdgui.core.runner.run_many`) would not be: numpy's reductions (``np.mean`` of a
mini-batch sums pairwise, Python sums in order) and its transcendental functions
(``np.exp``, ``np.cos``) may differ from Python's ``math`` in the last bit, and one
shared batch order cannot give runs their own batch sizes and seeds.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from typing import Any

from .history import History
from .messages import Message
from .problems import Problem
from .runner import Run

__all__ = ["RUN_KEYS", "Race"]

#: the settings a race's run may have (Run's own keywords)
RUN_KEYS = frozenset(
    {
        "optimizer",
        "hyperparams",
        "init",
        "batch_size",
        "epochs",
        "steps",
        "seed",
        "tolerance",
        "divergence_factor",
        "gradient_noise",
        "max_rows",
        "schedule",
    }
)


class Race:
    """R runs on one problem, advanced together.

    ``runs`` is a sequence of mappings of :class:`Run` keywords (``RUN_KEYS``);
    ``common`` gives the settings shared by all, which a run's own mapping overrides.
    ``Race(problem, [{"optimizer": "adam"}, {"optimizer": "gd", "hyperparams":
    {"lr": 0.1}}], steps=500)``. A bad setting raises ValueError naming the run
    (counted from 1).
    """

    #: steps per run between clock reads when time-sliced
    CLOCK_EVERY = Run.CLOCK_EVERY
    #: steps per run per round otherwise
    ROUND = Run.FLUSH_EVERY

    def __init__(self, problem: Problem, runs: Sequence[Mapping[str, Any]], **common: Any):
        if not runs:
            raise ValueError("a race needs at least one run")
        for key in common:
            if key not in RUN_KEYS:
                raise ValueError(Message("race: unknown setting {key!r}", key=key))
        self.problem = problem
        self.runs: list[Run] = []
        for r, spec in enumerate(runs, start=1):
            unknown = sorted(set(spec) - RUN_KEYS)
            if unknown:
                raise ValueError(
                    Message("run {run}: unknown setting {key!r}", run=r, key=unknown[0])
                )
            settings = {**common, **spec}
            if "steps" in spec and "epochs" not in spec:
                settings.pop("epochs", None)
            if "epochs" in spec and "steps" not in spec:
                settings.pop("steps", None)
            try:
                self.runs.append(Run(problem, **settings))
            except (ValueError, KeyError) as exc:
                msg = exc.args[0] if exc.args else str(exc)
                raise ValueError(Message("run {run}: {error}", run=r, error=msg)) from None

    # --- per run ------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self.runs)

    def __getitem__(self, r: int) -> Run:
        return self.runs[r]

    @property
    def histories(self) -> list[History]:
        return [run.history for run in self.runs]

    @property
    def statuses(self) -> list[str]:
        return [run.status for run in self.runs]

    @property
    def messages(self) -> list[str]:
        return [run.message for run in self.runs]

    @property
    def step_counts(self) -> list[int]:
        return [run.step_count for run in self.runs]

    @property
    def done(self) -> bool:
        """True when every run has stopped."""
        return all(run.done for run in self.runs)

    def set_hyperparams(self, r: int, **hp: Any) -> None:
        """Change run r's hyperparameters (0-based); they take effect at its next step."""
        self.runs[r].set_hyperparams(**hp)

    # --- advancing ------------------------------------------------------------------------
    def step(self, n: int = 1) -> list[int]:
        """Take ``n`` steps in every run that has not stopped; the steps each took."""
        return self.advance(max_steps=n)

    def advance(self, max_steps: int | None = None, max_seconds: float | None = None) -> list[int]:
        """Advance every run by up to ``max_steps`` steps (to its end when None), or for
        about ``max_seconds`` in all. Returns the steps each run took."""
        taken = [0] * len(self.runs)
        deadline = None if max_seconds is None else time.perf_counter() + max_seconds
        chunk = self.CLOCK_EVERY if deadline is not None else self.ROUND
        for run in self.runs:  # a run at its limit reports it finished, as Run does
            if not run.done and run.step_count >= run.max_steps:
                run.advance(max_steps=0)

        def left(r: int) -> int:
            run = self.runs[r]
            if run.done:
                return 0
            room = run.max_steps - run.step_count
            return room if max_steps is None else min(room, max_steps - taken[r])

        while True:
            active = [r for r in range(len(self.runs)) if left(r) > 0]
            if not active:
                return taken
            target = min(self.runs[r].step_count for r in active) + chunk
            for r in sorted(active, key=lambda i: self.runs[i].step_count):
                run = self.runs[r]
                want = min(left(r), target - run.step_count)
                if want > 0:
                    taken[r] += run.advance(max_steps=want)
                if deadline is not None and time.perf_counter() >= deadline:
                    return taken

    def run(self) -> list[History]:
        """Advance every run to its end; return the histories."""
        self.advance()
        return self.histories

    def summary(self) -> list[dict[str, Any]]:
        """One row per run: optimizer, status, message, steps taken, final loss."""
        return [
            {
                "optimizer": run.optimizer,
                "status": run.status,
                "message": run.message,
                "steps": run.step_count,
                "loss": float(run.history.loss[-1]),
            }
            for run in self.runs
        ]
