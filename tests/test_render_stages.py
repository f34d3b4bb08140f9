"""The render tick draws a frame in stages, each in an event-loop turn of its own
(gdgui/ui/render.py): timers and input get a turn between one plot and the next."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import QEvent, QObject, Qt, QTimer

from gdgui.core.experiment import preset


def _race(n: int = 4):
    exp = preset("tutorial-003")
    for i in range(1, n):
        exp = exp.add_run(exp.replace(optimizer={"lr": 0.01 + 0.002 * i}))
    return exp


class _Paints(QObject):
    """Counts paint events of a widget."""

    def __init__(self, widget):
        super().__init__()
        self.count = 0
        widget.installEventFilter(self)

    def eventFilter(self, obj, ev):  # noqa: N802
        if ev.type() == QEvent.Type.Paint:
            self.count += 1
        return False


@pytest.fixture
def staged(qtbot, make_window, monkeypatch):
    """A 4-run race window whose stages log, with the value of a 1 ms probe timer's
    tick count when each stage began (each stage made to take 2 ms at least)."""
    w = make_window(_race(), speed=1)
    qtbot.waitUntil(lambda: not w.frames.busy, timeout=5000)
    ticks = [0]
    probe = QTimer(w)
    probe.setTimerType(Qt.TimerType.PreciseTimer)
    probe.setInterval(1)
    probe.timeout.connect(lambda: ticks.__setitem__(0, ticks[0] + 1))
    log: list[tuple[str, int]] = []
    fc = w.frames
    for name in ("_draw_stage", "_draw_docks", "_draw_text", "_end_frame"):
        orig = getattr(fc, name)

        def spy(*a, _orig=orig, _name=name):
            log.append((_name + (":" + str(a[0]) if a else ""), ticks[0]))
            t = time.perf_counter()
            while time.perf_counter() - t < 0.002:  # a stage as slow as a real one: the
                pass  # 1 ms probe is due before the next stage, if a turn comes between
            return _orig(*a)

        monkeypatch.setattr(fc, name, spy)
    probe.start()
    yield w, log
    probe.stop()


def test_a_timed_frame_draws_each_plot_and_the_text_in_turns_of_their_own(qtbot, staged):
    w, log = staged
    c, fc = w.controller, w.frames
    c.step(3)  # a change of state: the text is due too
    w._schedule_render()
    qtbot.waitUntil(lambda: all(int(h.step[-1]) == 3 for h in c.histories), timeout=5000)
    qtbot.waitUntil(
        lambda: not fc.busy and not fc._timer.isActive() and log and log[-1][0] == "_end_frame",
        timeout=5000,
    )
    visible = [k for k, p in w.plots.items() if p.isVisible()]
    assert len(visible) >= 2
    # each frame (as many as the steps' updates asked for): one stage per visible plot
    # (the hidden ones with the first), the docks, the text parts when due, the end
    plots = ["_draw_stage:" + str([k for k in w.plots if k not in visible] + [visible[0]])]
    plots += ["_draw_stage:" + str([k]) for k in visible[1:]]
    text = ["_draw_text:readouts", "_draw_text:runs", "_draw_text:step log"]
    frames, frame = [], []
    for name, _ in log:
        frame.append(name)
        if name == "_end_frame":
            frames.append(frame)
            frame = []
    assert frames and not frame
    for names in frames:
        assert names[: len(plots)] == plots, names
        assert names[len(plots)] == "_draw_docks"
        assert names[len(plots) + 1 : -1] in ([], text), names
    assert any(text[0] in names for names in frames)
    # the 1 ms probe timer fired between every two stages: each in a turn of its own
    counts = [t for _, t in log]
    assert all(b > a for a, b in zip(counts, counts[1:])), log
    # and the last frame shows the runs as they stand
    for i, h in enumerate(c.histories):
        assert w.loss_plot._runs[i].history is h
    assert w.readouts.isVisible()


def test_the_frame_after_a_frame_starts_in_a_later_turn(qtbot, staged):
    w, log = staged
    w.controller.step(1)
    w._schedule_render()
    qtbot.waitUntil(lambda: log and log[-1][0] == "_end_frame", timeout=5000)
    end = log[-1][1]
    n = len(log)
    w.controller.step(1)
    w._schedule_render()
    qtbot.waitUntil(lambda: len(log) > n and log[-1][0] == "_end_frame", timeout=5000)
    assert log[n][1] > end  # a turn between the last frame's end and the next frame


def test_each_plot_is_painted_in_its_own_stage(qtbot, make_window):
    w = make_window(_race(), speed=1)
    qtbot.waitUntil(lambda: not w.frames.busy, timeout=5000)
    w.render_now()
    qtbot.wait(50)
    paints = {k: _Paints(p.viewport()) for k, p in w.plots.items() if p.isVisible()}
    w.controller.step(5)  # every run moves: every plot changes
    fc = w.frames
    fc._draw_stage(["loss"])
    assert paints["loss"].count >= 1  # painted in the stage, not later
    others = [k for k in paints if k != "loss"]
    assert all(paints[k].count == 0 for k in others)  # not drawn yet, not painted


def test_a_change_during_a_frame_gets_a_frame_of_its_own(qtbot, make_window):
    w = make_window(_race(), speed=1)
    qtbot.waitUntil(lambda: not w.frames.busy, timeout=5000)
    c = w.controller
    c.step(2)
    w._schedule_render()
    qtbot.waitUntil(lambda: w.frames.busy, timeout=5000)  # the first stage ran
    c.step(7)  # the last plots of this frame see it; the first one must be redrawn
    qtbot.waitUntil(lambda: all(int(h.step[-1]) == 9 for h in c.histories), timeout=5000)
    qtbot.waitUntil(lambda: not w.frames.busy and not w.frames._timer.isActive(), timeout=5000)
    for p in w.plots.values():
        for i, h in enumerate(c.histories):
            assert p._runs[i].history is h
            assert int(h.step[-1]) == 9


def test_render_now_draws_everything_in_one_call(qtbot, make_window):
    w = make_window(_race(), speed=1)
    qtbot.waitUntil(lambda: not w.frames.busy, timeout=5000)
    w.controller.step(4)
    w.render_now()
    assert not w.frames.busy
    for p in w.plots.values():
        for i, h in enumerate(w.controller.histories):
            assert p._runs[i].history is h
