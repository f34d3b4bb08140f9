"""The 3D view in the window: every run's path, following the history scrubber; exported
as a still PNG and animated (real OpenGL under X, as in test_ui_surface3d.py); and, where
there is no OpenGL, the export saying so in one line (exit 2 on the CLI)."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import inspect  # noqa: E402
import json  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import textwrap  # noqa: E402

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from test_ui_surface3d import REQUIRE_GL, gl_display  # noqa: E402, F401  (the X display)

from gdgui.core.experiment import Experiment  # noqa: E402
from gdgui.ui.plots import surface3d  # noqa: E402


def race3(steps=60):
    """Three runs on the saddle (the GL script below runs this same function)."""
    exp = Experiment.from_dict(
        {
            "version": 1,
            "problem": {"name": "saddle-valley"},
            "optimizer": {"name": "gd", "lr": 0.02},
            "steps": steps,
            "init": [0.5, 1.0],
        }
    )
    third = exp.replace(optimizer={"lr": 0.01}, init=[-0.5, 1.2])
    return exp.add_run(
        exp.replace(optimizer={"name": "momentum", "lr": 0.005, "momentum": 0.9})
    ).add_run(third)


def test_every_run_rides_the_3d_view_and_follows_the_scrubber(make_window):
    w = make_window(race3(60))
    w.controller.run_to_end_sync()
    view = w.extras.show_surface3d()
    assert w.extras.tabs.currentWidget() is w.extras._tab3d
    c = w.controller
    assert sorted(view.paths) == [0, 1, 2]
    assert [len(view.paths[i]) for i in range(3)] == [61, 61, 61]
    assert [view.run_colour(i) for i in range(3)] == [w.loss_plot.run_colour(i) for i in range(3)]
    w.time_travel.scrub_to(20)
    assert [len(view.paths[i]) for i in range(3)] == [21, 21, 21]
    for i in range(3):  # each path ends at its run's point at step 20
        h = c.histories[i]
        want = view.points(h.params[20:21, :2].astype(float), h.loss[20:21].astype(float))
        assert np.allclose(view.paths[i][-1], want[0])
    w.time_travel.scrub_to(5)
    assert len(view.paths[1]) == 6
    w.time_travel.scrub_to(None)
    assert [len(view.paths[i]) for i in range(3)] == [61, 61, 61]
    # a hidden run leaves the view; the others stay
    w.runs_dock.set_visible_run(2, False)
    w.render_now()
    assert not view.run_visible(2) and view.run_visible(0)


def test_the_3d_tab_follows_run_selection_and_removed_runs(make_window):
    w = make_window(race3(20))
    w.controller.run_to_end_sync()
    view = w.extras.show_surface3d()
    w.controller.select_run(2)
    w.render_now()
    assert view.selected_run == 2
    w.set_experiment(w.controller.experiment.remove_run(2))
    w.controller.run_to_end_sync()
    w.render_now()
    assert sorted(view.paths) == [0, 1]


def test_without_opengl_the_exports_say_so_in_one_line(make_window, tmp_path, monkeypatch):
    monkeypatch.setattr(surface3d, "_gl_state", False)  # as on a display without GLX
    w = make_window(race3(10))
    warned = []
    monkeypatch.setattr(w, "_warn", lambda title, text: warned.append(text))
    assert w.extras.export_surface3d() is None
    assert warned == ["3D view: this display offers no OpenGL"]
    from gdgui.cli import main

    out = tmp_path / "s.mp4"
    code = main(["export", "--preset", "tutorial-000", "--animate", str(out), "--plot",
                 "surface3d"])  # fmt: skip
    assert code == 2 and not out.exists()


def test_the_cli_refuses_surface3d_for_other_than_two_parameters(tmp_path, capsys):
    from gdgui.cli import main

    out = tmp_path / "s.gif"
    code = main(["export", "--preset", "tutorial-003", "--animate", str(out), "--plot",
                 "surface3d"])  # fmt: skip
    err = capsys.readouterr().err.strip()
    assert code == 2 and not out.exists()
    assert len(err.splitlines()) == 1
    assert "surface3d" in err and "2 parameters" in err


# --- real OpenGL ---------------------------------------------------------------------------

GL_SCRIPT = "from gdgui.core.experiment import Experiment\n\n" + inspect.getsource(race3)
GL_SCRIPT += textwrap.dedent(
    """
    import json, sys, tempfile, os
    import numpy as np
    from PySide6.QtCore import QSettings
    from PySide6.QtGui import QColor, QImage
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QFileDialog
    from gdgui.ui.docks import enable_shared_gl_contexts
    enable_shared_gl_contexts()  # as gdgui.ui.app does: GL views share their shaders
    app = QApplication([])
    from PIL import Image
    from gdgui.ui.animation import image_to_rgb
    from gdgui.ui.headless_animation import export_animation
    from gdgui.ui.window import MainWindow

    out_dir = sys.argv[1]
    res = {}

    def near(rgb, colour, tol=60):
        c = QColor(colour)
        ref = np.array([c.red(), c.green(), c.blue()])
        return int((np.abs(rgb.astype(int) - ref).sum(axis=2) < tol).sum())

    def gif(path):
        im = Image.open(path)
        frames = []
        for i in range(im.n_frames):
            im.seek(i)
            frames.append(np.asarray(im.convert("RGB")).astype(np.int16))
        return frames

    settings = QSettings(os.path.join(out_dir, "s.ini"), QSettings.Format.IniFormat)
    w = MainWindow(race3(60), settings)
    w.resize(1280, 800); w.show(); QTest.qWaitForWindowExposed(w)
    w.controller.run_to_end_sync()
    view = w.extras.show_surface3d()
    QTest.qWait(100)
    res["available"] = view.available
    colours = [view.run_colour(i) for i in range(3)]
    # the still: Export -> 3D view as PNG (the file dialog answered)
    png = os.path.join(out_dir, "still.png")
    QFileDialog.getSaveFileName = staticmethod(lambda *a, **k: (png, ""))
    w.extras.action_export_3d.trigger()
    px = image_to_rgb(QImage(png))
    res["still_size"] = list(px.shape[:2])
    res["still_colours"] = int(len(np.unique(px.reshape(-1, 3), axis=0)))
    res["still_runs"] = [near(px, c) for c in colours]
    res["remembered"] = settings.value("export/image_folder")
    bg = QColor(view._colors["background"])
    bg = np.array([bg.red(), bg.green(), bg.blue()])
    share = lambda rgb: float(np.mean(np.abs(rgb.astype(int) - bg).sum(axis=2) < 8))
    res["still_background"] = share(px)
    live = image_to_rgb(view.grab_image())
    w.time_travel.scrub_to(10)
    QTest.qWait(50)
    early = image_to_rgb(view.grab_image())
    res["scrub_changed"] = float(np.mean(np.any(early != live, axis=2)))
    res["scrub_paths"] = [len(view.paths[i]) for i in range(3)]
    w.time_travel.scrub_to(None)
    # animated from the window (its own view) and headless (a view of its own)
    a = export_animation(w, os.path.join(out_dir, "w.gif"), fps=4, duration=2,
                         plot="surface3d")
    frames = gif(a)
    res["anim_frames"] = len(frames)
    res["anim_background"] = [share(f) for f in frames]
    res["anim_last_runs"] = [near(frames[-1], c) for c in colours]
    res["anim_moves"] = [bool(np.any(x != y)) for x, y in zip(frames, frames[1:])]
    res["anim_size"] = list(frames[0].shape[:2])
    res["view_size"] = [view.view.height(), view.view.width()]
    res["restored"] = [len(view.paths[i]) for i in range(3)]
    w.close()
    b = export_animation(race3(60), os.path.join(out_dir, "h.mp4"), fps=5, duration=1,
                         plot="surface3d", scale=2, size=(320, 240))
    import av
    with av.open(str(b)) as c:
        hf = [f.to_ndarray(format="rgb24") for f in c.decode(video=0)]
    res["headless_frames"] = len(hf)
    res["headless_size"] = list(hf[0].shape[:2])
    res["headless_colours"] = int(len(np.unique(hf[-1].reshape(-1, 3), axis=0)))
    res["headless_moves"] = bool(np.any(hf[0] != hf[-1]))
    print("RESULT " + json.dumps(res))
    """
)


def test_3d_still_and_animation_under_x(tmp_path, gl_display):  # noqa: F811
    env = dict(os.environ, QT_QPA_PLATFORM="xcb", DISPLAY=gl_display, LIBGL_ALWAYS_SOFTWARE="1")
    done = subprocess.run(
        [sys.executable, "-c", GL_SCRIPT, str(tmp_path)],
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
    )
    lines = [ln for ln in done.stdout.splitlines() if ln.startswith("RESULT ")]
    assert done.returncode == 0 and lines, done.stderr[-3000:]
    r = json.loads(lines[-1][len("RESULT ") :])
    if not r["available"]:
        if REQUIRE_GL:
            pytest.fail(f"no OpenGL on display {gl_display}: {done.stderr[-500:]}")
        pytest.skip(f"display {gl_display} offers no OpenGL (install Mesa: see .ci/run)")
    # the still: a shaded surface with every run's path on it, its folder remembered
    assert r["still_size"][0] > 150 and r["still_size"][1] > 200
    assert r["still_colours"] > 200
    assert 0.1 < r["still_background"] < 0.95  # the surface covers part of the view
    assert all(n > 20 for n in r["still_runs"]), r["still_runs"]  # every run's colour
    assert r["remembered"] == str(tmp_path)
    # scrubbed back to step 10: shorter paths, another picture
    assert r["scrub_paths"] == [11, 11, 11] and r["scrub_changed"] > 0.0005
    # the animation: not blank, every frame moves, every run drawn, the view's size
    assert r["anim_frames"] == 6
    assert all(0.1 < b < 0.95 for b in r["anim_background"]), r["anim_background"]
    assert all(r["anim_moves"])
    assert all(n > 20 for n in r["anim_last_runs"]), r["anim_last_runs"]
    assert r["anim_size"] == r["view_size"]
    assert r["restored"] == [61, 61, 61]  # the view shows the whole runs again
    # headless: a view of its own at 2x the size asked for
    assert r["headless_frames"] == 5 and r["headless_size"] == [480, 640]
    assert r["headless_colours"] > 200 and r["headless_moves"]
