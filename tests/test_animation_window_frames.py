"""Whole-window animation frames are the window as it stood at the frame's step (plots,
readouts, the Runs dock, the step log, the scrubber), the window is given back as it was,
and each image is painted once (again only when an axis had to widen for its labels)."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np  # noqa: E402
from test_animation_race import race3  # noqa: E402

from gdgui.core.frames import plan_frames  # noqa: E402
from gdgui.core.history import History  # noqa: E402
from gdgui.ui import animation as an  # noqa: E402
from gdgui.ui import export as ex  # noqa: E402
from gdgui.ui import headless  # noqa: E402
from gdgui.ui.headless_animation import export_animation  # noqa: E402
from gdgui.ui.plots.base import status_text  # noqa: E402

STEP, LOSS, STATUS = 2, 3, 6  # the Runs dock's columns


def finished_race(make_window, steps=30):
    """A window of a finished race of 3 (the third diverges at step 4)."""
    w = make_window(race3(steps, third_lr=0.6))
    w.controller.run_to_end_sync()
    w.render_now()
    for _ in range(3):  # laid out as on screen (the docks take their room)
        ex.ensure_app().processEvents()
    return w


def dock_cells(w, col):
    t = w.runs_dock.table
    return [t.item(i, col).text() for i in range(t.rowCount())]


def window_state(w):
    """What the window shows of the run: readouts, Runs dock, step log, scrubber."""
    log = w.step_log
    return (
        w.readouts.value_text("step"),
        w.readouts.value_text("loss"),
        dock_cells(w, STEP),
        dock_cells(w, LOSS),
        log.model.rowCount(),
        log.view_state(),
        w.time_travel.step,
        w.time_travel.scrubber.shown_step,
    )


def test_a_window_frame_shows_every_piece_at_its_step_and_restore_gives_it_back(make_window):
    w = finished_race(make_window)
    c = w.controller
    assert c.run_status(2) == "diverged" and c.step_counts == [30, 30, 4]
    before = window_state(w)
    src = an.WindowSource(w)
    job = an.AnimationJob(src, an.window_runs(w), "x.mp4", fps=4, duration=1)
    frame = job.frame(1)
    k = int(frame[0][1].step[-1])
    assert 4 < k < 30
    src.show(frame)
    # the Runs dock: the runs under way read k; the one that diverged at 4 its end
    assert dock_cells(w, STEP) == [str(k), str(k), "4"]
    assert dock_cells(w, STATUS) == [status_text("paused")] * 2 + [status_text("diverged")]
    for i in range(3):
        row = min(k, 4) if i == 2 else k
        assert float(dock_cells(w, LOSS)[i]) == float(f"{c.histories[i].loss[row]:.4g}")
    # the readouts: the selected run (0) at k
    h = c.histories[0]
    assert w.readouts.value_text("step") == str(k)
    loss = float(w.readouts.value_text("loss"))
    assert np.isclose(loss, h.loss[k], rtol=1e-5) and not np.isclose(loss, h.loss[-1])
    # the step log: rows 0..k, scrolled to the bottom, row k current
    log = w.step_log
    assert log.model.rowCount() == k + 1 and log.current_row() == k
    bar = log.view.verticalScrollBar()
    assert bar.value() == bar.maximum() > 0
    rect = log.view.visualRect(log.model.index(k, 0))
    assert log.view.viewport().rect().contains(rect)
    # the scrubber: step k of 30
    assert w.time_travel.scrubber.shown_step == k
    src.restore()
    assert window_state(w) == before
    assert w.time_travel.step is None and dock_cells(w, STEP) == ["30", "30", "4"]


def test_every_frame_of_an_export_is_the_window_at_its_step(make_window, tmp_path):
    w = finished_race(make_window)
    seen = []

    class Recording(an.WindowSource):
        def grab(self):
            rgb = super().grab()
            seen.append((rgb.shape, w.readouts.value_text("step"), dock_cells(w, STEP)))
            seen[-1] += (w.step_log.current_row(), w.time_travel.scrubber.shown_step)
            return rgb

    before = window_state(w)
    job = an.AnimationJob(Recording(w), an.window_runs(w), tmp_path / "w.gif", fps=4, duration=1)
    assert job.run() == tmp_path / "w.gif"
    assert len(seen) == len(job) + 1  # the GIF palette's look at the end first
    size = (w.height(), w.width(), 3)
    for i, (shape, step, cells, current, shown) in enumerate(seen[1:]):
        k = int(job.steps[i])
        assert shape == size
        assert (step, current, shown) == (str(k), k, k)
        assert cells == [str(k), str(k), str(min(k, 4))]
    assert seen[0][1:] == (("30", ["30", "30", "4"], 30, 30))
    assert window_state(w) == before


def test_the_dialogs_window_export_follows_the_steps_between_timer_slices(
    make_window, qtbot, tmp_path
):
    """The dialog renders a frame per timer tick: the window's own render ticks run in
    between and draw the frame's step too."""
    from test_animation import mp4_frames

    from gdgui.ui.animation_dialog import AnimationDialog

    w = finished_race(make_window)
    before = window_state(w)
    d = AnimationDialog(w, parent=w, directory=tmp_path)
    qtbot.addWidget(d)
    d.target.setCurrentIndex(d.target.findData("window"))
    d.fps.setValue(4)
    d.duration.setValue(1.0)
    d.path.setText(str(tmp_path / "w.mp4"))
    seen = []
    d.start()
    d.runner.progress.connect(lambda *_: seen.append(dock_cells(w, STEP)))
    with qtbot.waitSignal(d.runner.finished, timeout=60000):
        pass
    (_, _, width, height, _), frames = mp4_frames(tmp_path / "w.mp4")
    assert (width, height) == (w.width(), w.height()) and len(frames) == 4
    assert seen == [[str(k), str(k), str(min(k, 4))] for k in (0, 15, 30)]
    assert window_state(w) == before


def test_an_export_from_a_scrubbed_window_returns_to_that_step(make_window, tmp_path):
    w = finished_race(make_window)
    w.time_travel.scrub_to(10)
    w.render_now()
    log = w.step_log
    log.follow.setChecked(False)
    log.view.selectRow(3)
    log.view.scrollToTop()
    before = window_state(w)
    assert before[0] == "10" and before[5][2:] == (3, [3])
    out = an.AnimationJob(
        an.WindowSource(w), an.window_runs(w), tmp_path / "w.mp4", fps=4, duration=1
    ).run()
    assert out is not None
    assert window_state(w) == before
    assert dock_cells(w, STEP) == ["10", "10", "4"]


def test_cancelling_gives_the_window_back_too(make_window, tmp_path):
    w = finished_race(make_window)
    before = window_state(w)
    job = an.AnimationJob(
        an.WindowSource(w), an.window_runs(w), tmp_path / "w.mp4", fps=4, duration=1
    )
    assert job.run(progress=lambda done, _total: done < 2) is None
    assert not (tmp_path / "w.mp4").exists()
    assert window_state(w) == before


def test_a_window_never_shown_on_screen_follows_the_frames_too(tmp_path, ui_settings):
    """As ``gdgui export --animate`` draws it: a window shown off screen."""
    from test_animation import gif_frames

    from gdgui.ui.window import MainWindow

    app = ex.ensure_app()
    w = MainWindow(race3(30, third_lr=0.6), ui_settings)
    try:
        w.resize(*headless.WINDOW_SIZE)
        headless._settle(app, w)
        w.controller.run_to_end_sync()
        w.render_now()
        seen = []
        path = export_animation(
            w,
            tmp_path / "w.gif",
            fps=4,
            duration=1,
            plot="window",
            progress=lambda *_: seen.append((dock_cells(w, STEP), w.step_log.current_row())),
        )
        im, frames, _ = gif_frames(path)
        steps = an.frame_rows(plan_frames(30, 4, 1), [h.step for h in w.controller.histories])[0]
        assert list(steps) == [0, 15, 30]  # 4 video frames, the last one held
        assert im.size == headless.WINDOW_SIZE and len(frames) == len(steps)
        assert seen == [([str(k), str(k), str(min(k, 4))], k) for k in steps]
        assert dock_cells(w, STEP) == ["30", "30", "4"] and w.time_travel.step is None
    finally:
        w.close()
        w.deleteLater()


# --- one paint per image ---------------------------------------------------------------------


def plot_with(qtbot, history):
    plot = headless._standalone_plots("light")["loss"]
    qtbot.addWidget(plot)
    plot.resize(*headless.PLOT_SIZE)
    headless._settle(ex.ensure_app(), plot)
    plot.setUpdatesEnabled(False)  # Qt paints it for the (offscreen) screen too: not counted
    plot.show_history(history, "")
    return plot


def losses(values):
    h = History(("x", "y"))
    n = len(values)
    k = np.arange(n)
    h.extend(k, k, np.zeros((n, 2)), np.asarray(values, float), np.zeros((n, 2)))
    return h


def count_paints(monkeypatch, plot):
    """A list that grows each time ``plot``'s scene is painted (a paint prepares it once)."""
    painted = []
    scene = plot.scene()
    orig = scene.prepareForPaint

    def prepare():
        painted.append(1)
        return orig()

    monkeypatch.setattr(scene, "prepareForPaint", prepare)
    return painted


def test_a_plot_image_is_painted_once_when_its_axes_keep_their_room(qtbot, monkeypatch):
    h = losses(1.5 + 0.5 * np.cos(np.pi * np.arange(40)))  # 2, 1, 2, ...: the same ticks
    plot = plot_with(qtbot, an.history_prefix(h, 10))
    ex._plot_image(plot, 1.0)  # the first image lays the axes out
    painted = count_paints(monkeypatch, plot)
    for rows in (20, 30, 40):
        plot.show_history(an.history_prefix(h, rows), "")
        first = an.image_to_rgb(ex._plot_image(plot, 1.0))
        assert len(painted) == 1, rows  # the earlier export painted it 3 times
        painted.clear()
        # a second image of the same frame (the layout surely settled) is the same
        assert np.array_equal(first, an.image_to_rgb(ex._plot_image(plot, 1.0)))
        painted.clear()


def test_an_axis_that_widens_for_its_labels_is_painted_again_settled(qtbot, monkeypatch):
    plot = plot_with(qtbot, losses([2.0, 1.5, 1.0]))
    ex._plot_image(plot, 1.0)
    left = plot.getPlotItem().getAxis("left")
    narrow = left.width()
    painted = count_paints(monkeypatch, plot)
    plot.show_history(losses([123456.789, 1.5, 1.0]), "")  # much wider tick labels
    first = an.image_to_rgb(ex._plot_image(plot, 1.0))
    assert left.width() > narrow + 10
    assert len(painted) == 2  # the labels' room found in the first paint
    assert np.array_equal(first, an.image_to_rgb(ex._plot_image(plot, 1.0)))
