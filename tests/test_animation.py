"""Animation export: GIF and MP4 frames, sizes and timing, stills at the same step, the
missing extra, cancelling, and the Export → Animation… dialog."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import sys  # noqa: E402

import av  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from PIL import Image  # noqa: E402
from PySide6.QtGui import QImage  # noqa: E402

from gdgui.core.experiment import Experiment  # noqa: E402
from gdgui.core.frames import plan_frames  # noqa: E402
from gdgui.core.history import History  # noqa: E402
from gdgui.ui import animation as an  # noqa: E402
from gdgui.ui import export as ex  # noqa: E402
from gdgui.ui import headless  # noqa: E402
from gdgui.ui.animation_dialog import AnimationDialog  # noqa: E402
from gdgui.ui.headless_animation import export_animation  # noqa: E402


def saddle(steps=60):
    return Experiment.from_dict(
        {
            "version": 1,
            "problem": {"name": "saddle-valley"},
            "optimizer": {"name": "gd", "lr": 0.05},
            "steps": steps,
            "init": [0.5, 1.0],
        }
    )


def gif_frames(path):
    im = Image.open(path)
    frames, durations = [], []
    for i in range(im.n_frames):
        im.seek(i)
        frames.append(np.asarray(im.convert("RGB")).astype(np.int16))
        durations.append(im.info["duration"])
    return im, frames, durations


def mp4_frames(path):
    with av.open(str(path)) as c:
        s = c.streams.video[0]
        info = (
            s.codec_context.name,
            s.codec_context.pix_fmt,
            s.width,
            s.height,
            float(s.average_rate),
        )
        frames = [f.to_ndarray(format="rgb24").astype(np.int16) for f in c.decode(video=0)]
    return info, frames


def test_history_prefix_copies_the_first_rows():
    h = History(["w"])
    h.extend(
        np.arange(5), np.zeros(5), np.arange(5.0)[:, None], np.arange(5.0) ** 2, np.ones((5, 1))
    )
    p = an.history_prefix(h, 3)
    assert len(p) == 3 and p.param_names == ("w",)
    np.testing.assert_array_equal(p.loss, [0.0, 1.0, 4.0])
    p.params[0, 0] = 99.0  # a copy: the run's history is untouched
    assert h.params[0, 0] == 0.0
    assert len(an.history_prefix(h, 99)) == 5


def test_gif_has_the_planned_frames_size_and_timing(tmp_path):
    out = export_animation(saddle(60), tmp_path / "loss.gif", fps=10, duration=4, plot="loss")
    assert out == tmp_path / "loss.gif"
    plan = plan_frames(60, 10, 4, "linear")  # 40 frames: 30 moving, 10 held (1 s)
    assert len(plan) == 30
    im, frames, durations = gif_frames(out)
    assert im.size == headless.PLOT_SIZE
    assert len(frames) == 30
    assert im.info["loop"] == 0
    assert sum(durations) == 4000 and durations[-1] == 1100  # 100 ms + the 1 s hold
    assert np.abs(frames[0] - frames[-1]).mean() > 1  # the curve grows
    assert all(np.any(a != b) for a, b in zip(frames, frames[1:]))  # each frame is a new step


def test_mp4_is_h264_yuv420p_with_even_size_and_every_frame(tmp_path):
    out = export_animation(
        saddle(60),
        tmp_path / "t.mp4",
        fps=12,
        duration=2,
        plot="trajectory",
        time="log",
        size=(321, 241),
        scale=2,
    )
    (codec, pix, w, h, rate), frames = mp4_frames(out)
    assert (codec, pix) == ("h264", "yuv420p")
    assert (w, h) == (642, 482)  # 2x, already even
    assert rate == 12
    assert len(frames) == 24  # constant rate: repeats and the hold are real frames
    assert np.abs(frames[0] - frames[-1]).mean() > 0.5
    held = plan_frames(60, 12, 2, "log").hold_frames
    assert np.abs(frames[-1] - frames[-held]).max() < 40  # the hold: the same picture


def test_odd_sizes_are_padded_to_even_for_mp4(tmp_path):
    out = export_animation(
        saddle(20), tmp_path / "odd.mp4", fps=5, duration=1, plot="loss", size=(301, 211)
    )
    (_, _, w, h, _), frames = mp4_frames(out)
    assert (w, h) == (302, 212) and len(frames) == 5


def test_window_animation_is_the_window_size(tmp_path):
    out = export_animation(saddle(30), tmp_path / "w.gif", fps=4, duration=1, plot="window")
    im, frames, _ = gif_frames(out)
    assert im.size == headless.WINDOW_SIZE
    assert len(frames) == 3  # 4 frames, the last one held: 3 distinct steps (0, 15, 30)
    assert np.any(frames[0] != frames[-1])


class Recording:
    """A source that keeps every frame it grabbed."""

    def __init__(self, inner):
        self.inner, self.frames = inner, []

    def show(self, runs):
        self.inner.show(runs)

    def grab(self):
        rgb = self.inner.grab()
        self.frames.append(rgb)
        return rgb

    def restore(self):
        self.inner.restore()


def _standalone(qtbot, name, exp, problem):
    plots = headless._standalone_plots("light")
    for p in plots.values():
        qtbot.addWidget(p)  # closed after the test (a visible leftover keeps run_app's loop alive)
    plot = plots[name]
    plot.set_problem(problem, exp)
    headless._settle(ex.ensure_app(), plot)
    return plot


def test_frames_equal_the_still_export_at_the_same_step(qtbot, tmp_path):
    exp = saddle(80)
    problem = exp.build_problem()
    run = exp.build_run(problem)
    run.run()
    history = run.history
    plot = _standalone(qtbot, "trajectory", exp, problem)
    rec = Recording(an.PlotSource(plot, 1.0))
    job = an.AnimationJob(
        rec, history, tmp_path / "a.gif", fps=10, duration=2, time="log", status=run.status
    )
    assert job.run() is not None
    assert len(rec.frames) == len(job.rows) + 1  # the GIF palette's look at the end first
    assert np.array_equal(rec.frames[0], rec.frames[-1])
    frames = rec.frames[1:]
    # a frame at step k is the plot shown with a history stopped at k
    fresh = _standalone(qtbot, "trajectory", exp, problem)
    for i in (1, len(job.rows) // 2):
        k = int(job.rows[i, 0])
        fresh.show_history(an.history_prefix(history, k + 1), "")
        still = an.image_to_rgb(ex._plot_image(fresh, 1.0))
        assert still.shape == frames[i].shape
        assert np.array_equal(still, frames[i]), f"frame {i} (step {k})"
    assert not np.array_equal(frames[1], frames[len(job.rows) // 2])
    # the last frame is what `gdgui export` writes for the finished run
    headless.export_experiment(exp, tmp_path / "still")
    png = QImage(str(tmp_path / "still" / "trajectory.png"))
    assert np.array_equal(an.image_to_rgb(png), rec.frames[-1])


@pytest.mark.parametrize(
    "module, suffix, what", [("av", ".mp4", "PyAV"), ("PIL", ".gif", "Pillow")]
)
def test_missing_extra_names_what_to_install(monkeypatch, tmp_path, module, suffix, what):
    monkeypatch.setitem(sys.modules, module, None)  # the import fails
    with pytest.raises(an.VideoExtraMissing) as e:
        export_animation(saddle(10), tmp_path / f"x{suffix}", fps=5, duration=1, plot="loss")
    msg = str(e.value)
    assert (
        msg == f"{'MP4' if suffix == '.mp4' else 'GIF'} export needs {what}: "
        'pip install "gdgui[video]"'
    )
    assert "\n" not in msg
    assert not (tmp_path / f"x{suffix}").exists()


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"out_path": "a.avi"}, "gif or .mp4"),
        ({"plot": "steps"}, "--plot"),
        ({"scale": 3}, "--scale"),
        ({"fps": 60, "out_path": "a.gif"}, "at most 50 fps"),
        ({"time": "cubic"}, "time must be"),
    ],
)
def test_bad_arguments_say_what(tmp_path, kwargs, match):
    args = {"out_path": "a.mp4", "fps": 5, "duration": 1, "plot": "loss"}
    args.update(kwargs)
    args["out_path"] = tmp_path / args["out_path"]
    with pytest.raises(ValueError, match=match):
        export_animation(saddle(10), **args)


def test_fit_plot_of_a_surface_is_refused(tmp_path):
    with pytest.raises(ValueError, match="problem with data"):
        export_animation(saddle(10), tmp_path / "f.gif", fps=5, duration=1, plot="fit")


def test_cancel_from_progress_stops_early_and_leaves_no_file(tmp_path):
    calls = []

    def progress(done, total):
        calls.append((done, total))
        return done < 3

    out = tmp_path / "c.mp4"
    assert (
        export_animation(saddle(100), out, fps=10, duration=3, plot="loss", progress=progress)
        is None
    )
    assert [c[0] for c in calls] == [1, 2, 3]
    assert calls[0][1] == len(plan_frames(100, 10, 3)) == 22
    assert not out.exists()


def test_runner_keeps_the_loop_going_and_cancels(qtbot, tmp_path):
    exp = saddle(100)
    problem = exp.build_problem()
    run = exp.build_run(problem)
    run.run()
    plot = _standalone(qtbot, "loss", exp, problem)
    job = an.AnimationJob(an.PlotSource(plot), run.history, tmp_path / "r.gif", fps=10, duration=3)
    runner = an.AnimationRunner(job)
    seen = []
    runner.progress.connect(lambda d, t: (seen.append(d), d == 2 and runner.cancel()))
    with qtbot.waitSignal(runner.cancelled, timeout=20000):
        runner.start()
    assert seen == [1, 2]
    assert not runner.running and not job.done
    assert not (tmp_path / "r.gif").exists()


def test_dialog_exports_the_window_plot_and_restores_it(make_window, qtbot, tmp_path):
    w = make_window(saddle(40))
    w.controller.run_to_end_sync()
    w.render_now()
    before = an.image_to_rgb(ex._plot_image(w.loss_plot, 1.0))
    d = AnimationDialog(w, w.controller.history, w, directory=tmp_path)
    qtbot.addWidget(d)
    keys = [d.target.itemData(i) for i in range(d.target.count())]
    assert keys == ["window", "loss", "trajectory", "surface3d"]  # no fit plot for a surface
    controls = [
        d.target,
        d.format,
        d.fps,
        d.duration,
        d.scale,
        d.time,
        d.path,
        d.browse,
        d.progress,
        d.export_button,
        d.cancel_button,
    ]
    for c in controls:
        assert c.toolTip() and c.accessibleName(), type(c).__name__
    d.target.setCurrentIndex(keys.index("loss"))
    d.format.setCurrentIndex(d.format.findData(".gif"))
    assert d.path.text().endswith(".gif") and d.fps.maximum() == an.GIF_MAX_FPS
    d.fps.setValue(5)
    d.duration.setValue(2.0)
    d.path.setText(str(tmp_path / "dlg.gif"))
    d.start()
    with qtbot.waitSignal(d.runner.finished, timeout=20000):
        pass
    assert d.written == tmp_path / "dlg.gif"
    im, frames, _ = gif_frames(d.written)
    assert len(frames) == len(plan_frames(40, 5, 2))
    assert im.size == (w.loss_plot.width(), w.loss_plot.height())
    assert d.progress.value() == d.progress.maximum() == len(frames)
    after = an.image_to_rgb(ex._plot_image(w.loss_plot, 1.0))
    assert np.array_equal(before, after)  # the window shows the whole run again


def test_dialog_cancel_stops_and_reports(make_window, qtbot, tmp_path):
    w = make_window(saddle(200))
    w.controller.run_to_end_sync()
    d = AnimationDialog(w, w.controller.history, w, directory=tmp_path)
    qtbot.addWidget(d)
    d.path.setText(str(tmp_path / "win.mp4"))
    d.start()
    d.runner.progress.connect(lambda done, _t: done == 1 and d.cancel_button.click())
    with qtbot.waitSignal(d.runner.cancelled, timeout=20000):
        pass
    assert not (tmp_path / "win.mp4").exists()
    assert d.export_button.isEnabled()
    assert d.message.text() == "Export cancelled; nothing was written."


def test_gif_palette_keeps_the_run_colour_and_stores_only_changes(qtbot, tmp_path):
    from PySide6.QtGui import QColor

    from gdgui.ui.theme import RUN_COLORS

    exp = saddle(300)
    problem = exp.build_problem()
    run = exp.build_run(problem)
    run.run()
    rec = Recording(an.PlotSource(_standalone(qtbot, "trajectory", exp, problem)))
    out = tmp_path / "t.gif"
    an.AnimationJob(rec, run.history, out, fps=10, duration=3, status=run.status).run()
    c = QColor(RUN_COLORS[0])
    run_rgb = np.array([c.red(), c.green(), c.blue()])
    _, frames, _ = gif_frames(out)
    # rec.frames[0] is the palette's priming frame (the end); [1:] are the GIF's frames
    for drawn, decoded in (
        (rec.frames[-1], frames[-1]),
        (rec.frames[len(frames) // 2], frames[len(frames) // 2 - 1]),
    ):
        near = lambda rgb: int((np.abs(rgb.astype(int) - run_rgb).sum(axis=2) < 40).sum())  # noqa: E731
        assert near(drawn) > 200
        assert abs(near(decoded) - near(drawn)) < 0.25 * near(drawn)
        assert np.abs(decoded - drawn).mean() < 4
    # one palette for all frames: a 3 s GIF of a 640×420 colour-mapped plot stays small
    assert out.stat().st_size < 1_000_000


def test_export_from_a_window_uses_its_run_and_gives_the_size_back(make_window, tmp_path):
    w = make_window(saddle(30))
    w.controller.run_to_end_sync()
    w.render_now()
    size = w.size()
    out = export_animation(
        w, tmp_path / "w.mp4", fps=5, duration=1, plot="window", size=(1200, 760)
    )
    (_, _, width, height, _), frames = mp4_frames(out)
    assert (width, height) == (1200, 760) and len(frames) == 5
    assert w.size() == size and w.isVisible()
    assert len(w.controller.history) == 31  # the window's run, not a new one
