"""gdgui.core.frames: which step each frame of an animation shows."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from gdgui.core.frames import FramePlan, hold_seconds, plan_frames


@given(
    n=st.integers(0, 200_000),
    fps=st.sampled_from([5, 12, 24, 25, 30, 50, 60]),
    duration=st.floats(0.5, 20),
    time=st.sampled_from(["linear", "log"]),
)
def test_plan_is_monotone_with_fixed_ends_and_counts(n, fps, duration, time):
    plan = plan_frames(n, fps, duration, time)
    assert plan.steps[0] == 0 and plan.steps[-1] == n
    assert np.all(np.diff(plan.steps) > 0)  # strictly increasing: each step rendered once
    assert np.all(plan.repeats >= 1)
    assert plan.total_frames == round(fps * duration)
    assert plan.hold_frames == min(plan.total_frames - 2, round(fps * hold_seconds(duration)))
    assert plan.repeats[-1] >= plan.hold_frames + 1
    assert len(plan) <= min(n + 1, plan.total_frames - plan.hold_frames)


def test_linear_uses_every_frame_on_a_distinct_step_when_the_run_is_long():
    plan = plan_frames(1000, fps=30, duration=6, time="linear")
    assert plan.hold_frames == 30  # 1 s at 30 fps
    assert len(plan) == 150  # 180 frames less the hold, all distinct
    np.testing.assert_array_equal(plan.steps[:4], [0, 7, 13, 20])  # round(i * 1000 / 149)
    assert plan.repeats[-1] == 31


def test_hold_is_one_second_or_a_quarter_of_a_short_clip():
    assert hold_seconds(6) == 1.0
    assert hold_seconds(2) == 0.5
    assert plan_frames(100, fps=10, duration=2).hold_frames == 5


def test_log_spreads_the_early_steps():
    lin = plan_frames(1000, 30, 6, "linear")
    log = plan_frames(1000, 30, 6, "log")
    early = lambda p: int(np.sum(p.repeats[p.steps <= 50]))  # noqa: E731
    assert early(lin) == 8  # steps 0, 7, ..., 47: 8 frames
    assert early(log) == 86  # half the clip goes to the first 5 % of the steps
    # every one of the first ten steps has frames of its own, for a while each
    np.testing.assert_array_equal(log.steps[:10], np.arange(10))
    assert log.repeats[0] > log.repeats[5] >= 2


def test_a_short_run_shows_each_step_longer():
    plan = plan_frames(10, fps=30, duration=6, time="linear")
    np.testing.assert_array_equal(plan.steps, np.arange(11))
    assert plan.total_frames == 180
    assert 14 <= plan.repeats[3] <= 16


def test_durations_keep_the_total_at_gif_resolution():
    plan = plan_frames(1000, fps=30, duration=6, time="log")
    ms = plan.durations_ms(10)
    assert all(m % 10 == 0 and m >= 10 for m in ms)
    assert sum(ms) == 6000
    assert ms[-1] >= 1000  # the hold


def test_for_rows_merges_steps_of_a_thinned_history():
    plan = FramePlan(np.array([0, 1, 2, 3, 7, 10]), np.array([1, 1, 1, 2, 1, 5]), 30.0, 4)
    rows, reps = plan.for_rows(np.array([0, 2, 4, 6, 8, 10]))
    np.testing.assert_array_equal(rows, [0, 1, 3, 5])  # 0,1 -> row 0; 2,3 -> row 1; 7 -> row 3
    np.testing.assert_array_equal(reps, [2, 3, 1, 5])
    assert reps.sum() == plan.total_frames


@pytest.mark.parametrize(
    "args, match",
    [
        ((-1, 30, 6, "linear"), "n_steps"),
        ((10, 0, 6, "linear"), "fps"),
        ((10, 30, 0, "linear"), "duration"),
        ((10, 30, 6, "cubic"), "time"),
        ((10, 1, 1, "linear"), "at least 2 frames"),
    ],
)
def test_bad_arguments_say_which(args, match):
    with pytest.raises(ValueError, match=match):
        plan_frames(*args)
