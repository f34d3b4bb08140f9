"""Animations of a race: every shown run in every frame, in its colour, from the window's
Export → Animation… and from the headless export alike; the dialog without the extra."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import sys  # noqa: E402

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from PIL import Image  # noqa: E402
from PySide6.QtGui import QColor  # noqa: E402

from gdgui.core.experiment import Experiment  # noqa: E402
from gdgui.core.frames import FramePlan, plan_frames  # noqa: E402
from gdgui.core.history import History  # noqa: E402
from gdgui.ui import animation as an  # noqa: E402
from gdgui.ui.animation_dialog import AnimationDialog  # noqa: E402
from gdgui.ui.headless_animation import export_animation  # noqa: E402
from gdgui.ui.theme import run_color  # noqa: E402


def race3(steps=60, third_lr=0.01):
    """Three runs on the saddle: gd, momentum, and gd from elsewhere at ``third_lr``
    (0.6 diverges at step 4)."""
    exp = Experiment.from_dict(
        {
            "version": 1,
            "problem": {"name": "saddle-valley"},
            "optimizer": {"name": "gd", "lr": 0.02},
            "steps": steps,
            "init": [0.5, 1.0],
        }
    )
    third = exp.replace(optimizer={"lr": third_lr}, init=[-0.5, 1.2])
    return exp.add_run(
        exp.replace(optimizer={"name": "momentum", "lr": 0.005, "momentum": 0.9})
    ).add_run(third)


def gif_frames(path):
    im = Image.open(path)
    frames = []
    for i in range(im.n_frames):
        im.seek(i)
        frames.append(np.asarray(im.convert("RGB")).astype(np.int16))
    return im, frames


def near(rgb, colour, tol=40):
    """Pixels of ``rgb`` within ``tol`` (sum of |Δ| over R, G, B) of ``colour``."""
    c = QColor(colour)
    ref = np.array([c.red(), c.green(), c.blue()])
    return int((np.abs(rgb.astype(int) - ref).sum(axis=2) < tol).sum())


def test_frame_rows_follow_every_run_and_merge_frames_that_show_the_same_rows():
    plan = FramePlan(np.arange(11), np.ones(11, dtype=np.int64), 10.0, 0)  # steps 0..10
    long = np.arange(11)
    short = np.arange(4)  # ends at step 3
    late = np.array([0, 5, 10])  # a thinned history: only some rows kept
    steps, rows, reps = an.frame_rows(plan, [long, short, late])
    assert rows.shape == (len(steps), 3)
    assert rows[:, 0].tolist() == list(range(11))
    assert rows[:, 1].tolist() == [0, 1, 2, 3] + [3] * 7  # stays at its end
    assert rows[:, 2].tolist() == [0] * 5 + [1] * 5 + [2]
    assert int(reps.sum()) == plan.total_frames
    # with one run it is the plan mapped onto that run's rows
    one = an.frame_rows(plan, [late])
    r, rr = plan.for_rows(late)
    assert one[1][:, 0].tolist() == r.tolist() and one[2].tolist() == rr.tolist()


def test_a_job_draws_each_run_at_the_frames_step_with_its_status_at_its_end(tmp_path):
    exp = race3(40, third_lr=0.6)
    race = exp.build_race(exp.build_problem())
    race.run()
    runs = [(i, h, s) for i, (h, s) in enumerate(zip(race.histories, race.statuses))]
    shown = []

    class Source:
        def show(self, frame):
            shown.append([(i, int(h.step[-1]), s) for i, h, s in frame])

        def grab(self):
            return np.full((8, 8, 3), len(shown), dtype=np.uint8)

        def restore(self):
            pass

    job = an.AnimationJob(Source(), runs, tmp_path / "r.mp4", fps=10, duration=3)
    assert job.run() == tmp_path / "r.mp4"
    assert [len(f) for f in shown] == [3] * len(job)
    assert [f[0][1] for f in shown] == job.steps.tolist()  # run 0 at the frame's step
    assert race.statuses[2] == "diverged" and int(race.histories[2].step[-1]) == 4
    assert [f[2][1] for f in shown] == [min(int(k), 4) for k in job.steps]  # run 2 ends at 4
    for f in shown:
        i, k, status = f[2]
        assert status == ("diverged" if k == 4 else "")  # its status once it ended
        assert f[0][2] == ("" if f[0][1] < 40 else race.statuses[0])


def test_window_menu_has_export_animation(make_window):
    w = make_window(race3())
    act = w.action_export_animation
    assert act in w.export_menu.actions()
    assert act.toolTip() and act.text().replace("&", "").startswith("Animation")
    assert act.objectName() == "actionExportAnimation"
    assert w.extras.action_export_3d in w.export_menu.actions()
    assert w.extras.action_export_3d.toolTip()
    act.trigger()
    d = w.animation_dialog
    assert isinstance(d, AnimationDialog) and d.isVisible() and d.parent() is w
    assert d.accessibleName() and d.windowTitle()
    act.trigger()
    assert w.animation_dialog is d  # one dialog per window
    d.reject()


def test_dialog_renders_a_race_gif_with_every_run_in_its_colour(make_window, qtbot, tmp_path):
    w = make_window(race3(60))
    w.controller.run_to_end_sync()
    w.render_now()
    d = AnimationDialog(w, parent=w, directory=tmp_path)
    qtbot.addWidget(d)
    d.target.setCurrentIndex(d.target.findData("loss"))
    d.format.setCurrentIndex(d.format.findData(".gif"))
    d.fps.setValue(4)
    d.duration.setValue(2.0)
    d.path.setText(str(tmp_path / "race.gif"))
    d.start()
    with qtbot.waitSignal(d.runner.finished, timeout=30000):
        pass
    im, frames = gif_frames(tmp_path / "race.gif")
    assert len(frames) == len(plan_frames(60, 4, 2)) == 6  # distinct steps; the end held
    assert im.size == (w.loss_plot.width(), w.loss_plot.height())
    colours = [w.loss_plot.run_colour(i) for i in range(3)]
    assert len(set(colours)) == 3
    first, mid, last = frames[0], frames[len(frames) // 2], frames[-1]
    for c in colours:
        assert near(last, c) > 150, c  # each run's curve is drawn ...
        assert near(mid, c) > 40, c  # ... in the middle too
        assert near(last, c) > near(first, c)  # and it grows with the steps
    assert all(np.any(a != b) for a, b in zip(frames, frames[1:]))  # every frame moves
    # the window's export equals the headless one for the same experiment
    d2 = AnimationDialog(w, parent=w, directory=tmp_path)
    qtbot.addWidget(d2)
    d2.target.setCurrentIndex(d2.target.findData("loss"))
    d2.format.setCurrentIndex(d2.format.findData(".gif"))
    d2.fps.setValue(4)
    d2.duration.setValue(2.0)
    d2.path.setText(str(tmp_path / "again.gif"))
    d2.start()
    with qtbot.waitSignal(d2.runner.finished, timeout=30000):
        pass
    size = (w.loss_plot.width(), w.loss_plot.height())
    out = export_animation(
        race3(60),
        tmp_path / "headless.gif",
        fps=4,
        duration=2,
        plot="loss",
        size=size,
        theme=w.theme,
    )
    _, headless_frames = gif_frames(out)
    _, again = gif_frames(tmp_path / "again.gif")
    assert len(headless_frames) == len(frames)
    # the same frames every time, and the same runs as a fresh plot of the same size
    # draws them (its legend may sit in another corner: it started empty)
    assert len(again) == len(headless_frames) == len(frames)
    for a, b, c in zip(frames, again, headless_frames):
        assert np.array_equal(a, b)
        for colour in colours:
            assert abs(near(a, colour) - near(c, colour)) <= 0.1 * near(a, colour) + 5


def test_dialog_animates_only_the_shown_runs(make_window, qtbot, tmp_path):
    w = make_window(race3(40))
    w.controller.run_to_end_sync()
    w.runs_dock.set_visible_run(1, False)
    w.render_now()
    runs = an.window_runs(w)
    assert [i for i, _, _ in runs] == [0, 2]
    assert all(len(h) == 41 for _, h, _ in runs)


def test_headless_animate_of_a_race_draws_every_run(tmp_path):
    exp = race3(60)
    out = export_animation(exp, tmp_path / "race.gif", fps=5, duration=2, plot="loss")
    _, frames = gif_frames(out)
    assert len(frames) == len(plan_frames(60, 5, 2))
    last, mid = frames[-1], frames[len(frames) // 2]
    for i in range(3):
        colour = run_color(i, "light")
        assert near(last, colour) > 150, (i, colour)
        assert near(mid, colour) > 40, (i, colour)
    # one run alone: the other runs' colours are absent
    solo = export_animation(
        exp.run_experiment(0), tmp_path / "solo.gif", fps=5, duration=2, plot="loss"
    )
    solo_last = gif_frames(solo)[1][-1]
    assert near(solo_last, run_color(0, "light")) > 150
    assert near(solo_last, run_color(1, "light")) < 10
    assert near(solo_last, run_color(2, "light")) < 10


def test_headless_window_animation_of_a_race(tmp_path):
    out = export_animation(
        race3(30), tmp_path / "w.gif", fps=4, duration=1, plot="window", size=(1280, 800)
    )
    _, frames = gif_frames(out)
    assert frames[-1].shape == (800, 1280, 3)
    for i in range(3):
        assert near(frames[-1], run_color(i, "light")) > 200, i
    assert np.any(frames[0] != frames[-1])


def test_dialog_without_the_extra_says_what_to_install(monkeypatch, make_window, qtbot, tmp_path):
    w = make_window(race3(20))
    w.controller.run_to_end_sync()
    monkeypatch.setitem(sys.modules, "av", None)  # PyAV does not import
    d = AnimationDialog(w, parent=w, directory=tmp_path)
    qtbot.addWidget(d)
    assert d.format.currentData() == ".mp4"
    msg = d.message.text()
    assert msg == 'MP4 export needs PyAV: pip install "gdgui[video]"'
    d.format.setCurrentIndex(d.format.findData(".gif"))
    assert d.message.text() == ""  # Pillow is there
    d.format.setCurrentIndex(d.format.findData(".mp4"))
    d.path.setText(str(tmp_path / "x.mp4"))
    d.start()
    assert d.runner is None and d.message.text() == msg and "\n" not in msg
    assert not (tmp_path / "x.mp4").exists()


def test_dialog_remembers_its_folder(make_window, qtbot, tmp_path):
    w = make_window(race3(10))
    w.controller.run_to_end_sync()
    d = AnimationDialog(w, parent=w)
    qtbot.addWidget(d)
    (tmp_path / "clips").mkdir()
    d.format.setCurrentIndex(d.format.findData(".gif"))
    d.fps.setValue(2)
    d.duration.setValue(1.0)
    d.target.setCurrentIndex(d.target.findData("loss"))
    d.path.setText(str(tmp_path / "clips" / "a.gif"))
    d.start()
    with qtbot.waitSignal(d.runner.finished, timeout=30000):
        pass
    again = AnimationDialog(w, parent=w)
    qtbot.addWidget(again)
    assert os.path.dirname(again.path.text()) == str(tmp_path / "clips")


def test_the_3d_view_without_opengl_is_refused_in_one_line(make_window, qtbot, tmp_path):
    from gdgui.ui.plots.surface3d import opengl_available

    if opengl_available():
        pytest.skip("this display offers OpenGL")
    w = make_window(race3(10))
    w.controller.run_to_end_sync()
    d = AnimationDialog(w, parent=w, directory=tmp_path)
    qtbot.addWidget(d)
    d.target.setCurrentIndex(d.target.findData("surface3d"))
    d.path.setText(str(tmp_path / "s.mp4"))
    d.start()
    assert d.runner is None
    assert d.message.text() == "no 3D view: this display offers no OpenGL"
    with pytest.raises(ValueError, match=r"^--plot surface3d: no 3D view: .* no OpenGL$"):
        export_animation(race3(10), tmp_path / "s.mp4", fps=5, duration=1, plot="surface3d")
    assert not (tmp_path / "s.mp4").exists()


def test_a_history_alone_still_animates_as_run_0(qtbot, tmp_path):
    h = History(["a", "b"])
    h.extend([0, 1, 2], [0, 0, 0], [[0, 0], [1, 1], [2, 2]], [3.0, 2.0, 1.0], [[0, 0]] * 3)
    got = []

    class Source:
        def show(self, frame):
            got.append(frame)

        def grab(self):
            return np.zeros((4, 4, 3), dtype=np.uint8)

        def restore(self):
            pass

    job = an.AnimationJob(Source(), h, tmp_path / "h.mp4", fps=3, duration=1, status="done")
    job.run()
    # 3 video frames, the last held: steps 0 and 2, the status on the last only
    assert [[(i, len(hh), s) for i, hh, s in f] for f in got] == [
        [(0, 1, "")],
        [(0, 3, "done")],
    ]


def test_a_window_frame_moves_the_readouts_and_the_scrubber_to_its_step(make_window, tmp_path):
    w = make_window(race3(30))
    w.controller.run_to_end_sync()
    w.render_now()
    src = an.WindowSource(w)
    job = an.AnimationJob(src, an.window_runs(w), tmp_path / "x.mp4", fps=4, duration=1)
    frame = job.frame(1)
    src.show(frame)
    k = int(frame[0][1].step[-1])
    assert 0 < k < 30 and [int(h.step[-1]) for _, h, _ in frame] == [k, k, k]
    assert w.time_travel.scrubber.shown_step == k
    assert w.readouts.value_text("step") == str(k)
    src.restore()
    assert w.time_travel.scrubber.shown_step == 30
    assert w.readouts.value_text("step") == "30"
