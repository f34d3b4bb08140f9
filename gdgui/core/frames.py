"""Which step of a run each frame of an animation shows (numpy only).

An animation of ``duration`` seconds at ``fps`` frames per second has
``round(fps * duration)`` video frames. The last :func:`hold_seconds` of them hold
the run's final step (a moment to read the result before a loop starts again);
the others show steps spread over the run by a time map ``t -> step`` with
``t`` going from 0 to 1:

- ``linear``: ``step(t) = round(t * N)``;
- ``log``: ``step(t) = round(exp(t * log(N + 1)) - 1)``, so the fast early descent
  (steps 0, 1, 2, ... where most of the movement happens) gets as much screen time
  as the long slow tail.

Several video frames may map to the same step (a log map at the start, or a run
shorter than the animation). Such a step is rendered once and *shown longer*
(:attr:`FramePlan.repeats`), so the time map stays faithful and every distinct
step costs one render. The steps are therefore strictly increasing, start at 0
and end at N.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .messages import Message

__all__ = ["HOLD_FRACTION", "HOLD_SECONDS", "TIME_MAPS", "FramePlan", "hold_seconds", "plan_frames"]

#: the time maps :func:`plan_frames` knows
TIME_MAPS = ("linear", "log")
#: the final step is held this long at the end ...
HOLD_SECONDS = 1.0
#: ... but never more than this fraction of the whole animation
HOLD_FRACTION = 0.25


def hold_seconds(duration: float) -> float:
    """How long the final step is held: ``min(1 s, duration / 4)``."""
    return min(HOLD_SECONDS, HOLD_FRACTION * float(duration))


@dataclass(frozen=True)
class FramePlan:
    """Distinct steps to render and how many video frames each is shown for."""

    #: strictly increasing step numbers, ``steps[0] == 0`` and ``steps[-1] == N``
    steps: np.ndarray
    #: video frames each step is shown for (>= 1); the last includes the hold
    repeats: np.ndarray
    fps: float
    #: video frames of the hold (part of ``repeats[-1]``)
    hold_frames: int

    def __len__(self) -> int:
        return int(len(self.steps))

    @property
    def total_frames(self) -> int:
        """Video frames in the animation (``round(fps * duration)``)."""
        return int(self.repeats.sum())

    def durations_ms(self, resolution_ms: int = 1) -> list[int]:
        """Display time of each distinct step in ms, rounded cumulatively to ``resolution_ms``
        (10 for GIF, whose delays count centiseconds), so the total drifts by less than one
        ``resolution_ms`` however many frames there are."""
        ends = np.cumsum(self.repeats) * (1000.0 / self.fps)
        q = np.round(ends / resolution_ms).astype(np.int64) * resolution_ms
        d = np.diff(np.concatenate([[0], q]))
        return [int(v) for v in np.maximum(d, resolution_ms)]

    def for_rows(self, row_steps: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Map the plan onto the rows of a (possibly thinned) history.

        ``row_steps`` is the history's increasing ``step`` column. Each planned step
        shows the last row at or before it; steps that land on the same row are merged
        (their repeats add up). Returns ``(rows, repeats)``.
        """
        row_steps = np.asarray(row_steps)
        if len(row_steps) == 0:
            raise ValueError(Message("the history is empty: nothing to animate"))
        idx = np.searchsorted(row_steps, self.steps, side="right") - 1
        idx = np.clip(idx, 0, len(row_steps) - 1)
        rows, first = np.unique(idx, return_index=True)
        reps = np.add.reduceat(self.repeats, first)
        return rows.astype(np.int64), reps.astype(np.int64)


def plan_frames(
    n_steps: int, fps: float = 30, duration: float = 6, time: str = "linear"
) -> FramePlan:
    """The frames of a ``duration``-second animation at ``fps`` of a run of ``n_steps`` steps.

    ``n_steps`` is N, the last step number (a history of N + 1 rows, 0..N).
    """
    n = int(n_steps)
    if n < 0:
        raise ValueError(Message("n_steps must be >= 0, got {value}", value=n_steps))
    if not (np.isfinite(fps) and fps > 0):
        raise ValueError(Message("fps must be > 0, got {value}", value=fps))
    if not (np.isfinite(duration) and duration > 0):
        raise ValueError(Message("duration must be > 0 s, got {value}", value=duration))
    if time not in TIME_MAPS:
        raise ValueError(
            Message(
                "time must be one of {names}, got {value!r}", names=", ".join(TIME_MAPS), value=time
            )
        )
    total = round(fps * duration)
    if total < 2:
        raise ValueError(
            Message(
                "an animation needs at least 2 frames; {fps} fps × {duration} s gives {total}",
                fps=fps,
                duration=duration,
                total=total,
            )
        )
    hold = min(total - 2, round(fps * hold_seconds(duration)))
    moving = total - hold
    if n == 0:
        raw = np.zeros(1, dtype=np.int64)
        reps = np.array([moving], dtype=np.int64)
    else:
        t = np.linspace(0.0, 1.0, moving)
        s = t * n if time == "linear" else np.expm1(t * np.log1p(n))
        raw = np.clip(np.rint(s).astype(np.int64), 0, n)
        raw[0], raw[-1] = 0, n
        raw = np.maximum.accumulate(raw)  # guard against rounding going backwards
        raw, first = np.unique(raw, return_index=True)
        reps = np.diff(np.concatenate([first, [moving]])).astype(np.int64)
    reps[-1] += hold
    return FramePlan(steps=raw, repeats=reps, fps=float(fps), hold_frames=int(hold))
