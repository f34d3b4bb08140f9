"""The 3D loss surface: its mesh and paths (any platform), and real OpenGL drawing under
an X display (a subprocess on the xcb platform; Xvfb with Mesa's software GL will do).

The GL test needs an X display: ``GDGUI_GL_DISPLAY`` or ``DISPLAY`` when set, else a
private ``Xvfb`` it starts itself (Debian's ``xvfb``; ``.ci/run`` installs it with Mesa).
It is skipped (with the reason shown) only on a developer's machine that has neither;
under ``CI=true`` or ``GDGUI_REQUIRE_GL=1`` that is a failure.
"""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import json  # noqa: E402
import shutil  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import textwrap  # noqa: E402

import numpy as np  # noqa: E402
import pytest  # noqa: E402

from gdgui.core.experiment import preset  # noqa: E402
from gdgui.core.plotmath import ColourScale, parameter_range  # noqa: E402
from gdgui.ui.plots import surface3d  # noqa: E402
from gdgui.ui.plots.surface3d import HEIGHT, LIFT, MESH_GRID, Surface3DView  # noqa: E402

REQUIRE_GL = os.environ.get("GDGUI_REQUIRE_GL") == "1" or os.environ.get("CI") == "true"


def finished(name):
    exp = preset(name)
    problem = exp.build_problem()
    run = exp.build_run(problem)
    run.run()
    return exp, problem, run


@pytest.fixture(scope="module")
def t000():
    return finished("tutorial-000")


def make(qtbot, theme="dark"):
    view = Surface3DView(None, theme)
    qtbot.addWidget(view)
    view.resize(400, 300)
    view.show()
    return view


def test_mesh_is_the_surface_in_the_colour_scale(qtbot, t000):
    exp, problem, run = t000
    view = make(qtbot)
    view.set_problem(problem, exp)
    x, y, h = view.mesh
    assert x.shape == y.shape == (MESH_GRID,) and h.shape == (MESH_GRID, MESH_GRID)
    assert x[0] == pytest.approx(-1) and x[-1] == pytest.approx(1)
    (x0, x1), (y0, y1) = parameter_range(problem, exp)
    grid = (np.linspace(x0, x1, MESH_GRID), np.linspace(y0, y1, MESH_GRID))
    gx, gy = np.meshgrid(*grid, indexing="ij")
    v = problem.value(np.column_stack([gx.ravel(), gy.ravel()])).reshape(MESH_GRID, MESH_GRID)
    np.testing.assert_allclose(view.surface_values, v)
    scale = ColourScale.for_values(v)
    assert view.scale == scale
    np.testing.assert_allclose(h, HEIGHT * scale.unit(v))
    # lowest at the least-squares optimum, highest in the far corners
    i, j = np.unravel_index(np.argmin(h), h.shape)
    w, b = problem.optimum()
    assert abs(gx[i, j] - w) <= (x1 - x0) / (MESH_GRID - 1)
    assert abs(gy[i, j] - b) <= (y1 - y0) / (MESH_GRID - 1)
    assert h.min() == 0 and h.max() == pytest.approx(HEIGHT)
    # coloured as the trajectory plot's colour map: low = the map's low end
    rgba = view.colours(h)
    assert rgba.shape == (MESH_GRID, MESH_GRID, 4)
    assert not np.allclose(rgba[i, j], rgba[0, 0])


def test_path_rides_the_surface(qtbot, t000):
    exp, problem, run = t000
    view = make(qtbot)
    view.set_problem(problem, exp)
    h = run.history
    view.show_history(h, "finished")
    pts = view.paths[0]
    assert pts.shape == (len(h), 3)
    (x0, x1), (y0, y1) = view.ranges
    np.testing.assert_allclose(pts[:, 0], (h.params[:, 0] - x0) / (x1 - x0) * 2 - 1)
    np.testing.assert_allclose(pts[:, 1], (h.params[:, 1] - y0) / (y1 - y0) * 2 - 1)
    np.testing.assert_allclose(pts[:, 2], HEIGHT * view.scale.unit(h.loss) + LIFT)
    # on the mesh: the last point's height is the mesh's there (it converged inside)
    x, y, mesh = view.mesh
    i, j = np.argmin(abs(x - pts[-1, 0])), np.argmin(abs(y - pts[-1, 1]))
    assert pts[-1, 2] - LIFT == pytest.approx(mesh[i, j], abs=0.03)
    view.clear_run()
    assert view.paths == {}
    view.show_history(h, "finished", run=1)  # a second run has its own path
    assert set(view.paths) == {1}


def test_without_opengl_it_says_so_and_the_api_still_works(qtbot, t000, monkeypatch):
    monkeypatch.setattr(surface3d, "_gl_state", False)  # as on a display without OpenGL
    view = make(qtbot)
    assert not view.available
    assert view.view is None and view.notice.isVisible()
    assert "OpenGL" in view.notice.text()
    exp, problem, run = t000
    view.set_problem(problem, exp)
    view.show_history(run.history, "running")
    view.set_theme("light")
    assert view.theme_name == "light"
    assert view.grab_image().isNull()
    with pytest.raises(RuntimeError, match="OpenGL"):
        view.export_png("x.png")


def test_other_dimensions_have_no_surface(qtbot):
    exp, problem, run = finished("tutorial-003")  # one parameter
    view = make(qtbot)
    view.set_problem(problem, exp)
    assert view.mesh is None and view.ranges == []
    view.show_history(run.history, "finished")  # nothing to draw, no error
    assert view.paths == {}


# --- real OpenGL, under an X display ------------------------------------------------------

GL_SCRIPT = textwrap.dedent(
    """
    import json, sys
    import numpy as np
    from PySide6.QtWidgets import QApplication
    from PySide6.QtTest import QTest
    app = QApplication([])
    from gdgui.core.experiment import preset
    from gdgui.ui.plots.surface3d import Surface3DView
    from gdgui.ui.theme import run_color, theme
    from PySide6.QtGui import QColor

    def pixels(image):
        image = image.convertToFormat(image.Format.Format_RGB32)
        ptr = image.constBits()
        a = np.frombuffer(ptr, np.uint8).reshape(image.height(), image.bytesPerLine())
        rgb = a[:, : image.width() * 4].reshape(image.height(), image.width(), 4)[..., 2::-1]
        return rgb.copy()  # the image's buffer goes with the image

    out = {}
    exp = preset(sys.argv[1]); problem = exp.build_problem()
    run = exp.build_run(problem); run.run()
    view = Surface3DView(None, sys.argv[3]); view.resize(480, 360); view.show()
    QTest.qWaitForWindowExposed(view)
    out["available"] = view.available
    view.set_problem(problem, exp)
    QTest.qWait(50)
    empty = pixels(view.grab_image())
    view.show_history(run.history, "finished")
    QTest.qWait(50)
    path = view.export_png(sys.argv[2])
    px = pixels(view.grab_image())
    out["size"] = list(px.shape[:2])
    out["colours"] = int(len(np.unique(px.reshape(-1, 3), axis=0)))
    bg = QColor(theme(sys.argv[3])["background"])
    off = np.abs(px.astype(int) - [bg.red(), bg.green(), bg.blue()]).sum(axis=2)
    out["background_share"] = float(np.mean(off < 8))
    rc = QColor(run_color(0))
    changed = np.any(px != empty, axis=2)  # what the path added
    out["path_pixels"] = int(changed.sum())
    to_run = np.abs(px.astype(int) - [rc.red(), rc.green(), rc.blue()]).sum(axis=2)
    was = np.abs(empty.astype(int) - [rc.red(), rc.green(), rc.blue()]).sum(axis=2)
    out["closer_to_run_colour"] = float(np.mean(to_run[changed] < was[changed]))
    view.view.orbit(90, 0)
    QTest.qWait(50)
    out["rotated_differs"] = float(np.mean(np.any(pixels(view.grab_image()) != px, axis=2)))
    out["png_bytes"] = path.stat().st_size
    print("RESULT " + json.dumps(out))
    """
)


@pytest.fixture(scope="module")
def gl_display():
    for name in ("GDGUI_GL_DISPLAY", "DISPLAY"):
        if os.environ.get(name):
            yield os.environ[name]
            return
    xvfb = shutil.which("Xvfb")
    if xvfb is None:
        if REQUIRE_GL:
            pytest.fail("no X display and no Xvfb: install Debian's xvfb (see .ci/run)")
        pytest.skip("no X display for OpenGL and no Xvfb to start one")
    read, write = os.pipe()
    proc = subprocess.Popen(
        [xvfb, "-displayfd", str(write), "-screen", "0", "1366x768x24", "-nolisten", "tcp"],
        pass_fds=(write,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    with os.fdopen(read) as f:
        number = f.readline().strip()  # Xvfb writes its display number once it is ready
    try:
        assert number.isdigit(), "Xvfb did not start"
        yield f":{number}"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.mark.parametrize("name, theme", [("tutorial-000", "dark"), ("saddle-noise", "light")])
def test_draws_a_path_and_exports_a_png_under_x(tmp_path, name, theme, gl_display):
    display = gl_display
    env = dict(os.environ, QT_QPA_PLATFORM="xcb", DISPLAY=display, LIBGL_ALWAYS_SOFTWARE="1")
    png = tmp_path / "surface3d.png"
    done = subprocess.run(
        [sys.executable, "-c", GL_SCRIPT, name, str(png), theme],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    lines = [ln for ln in done.stdout.splitlines() if ln.startswith("RESULT ")]
    assert done.returncode == 0 and lines, done.stderr[-3000:]
    out = json.loads(lines[-1][len("RESULT ") :])
    if not out["available"]:
        if REQUIRE_GL:
            pytest.fail(f"no OpenGL on display {display}: {done.stderr[-500:]}")
        pytest.skip(f"display {display} offers no OpenGL (install Mesa: see .ci/run)")
    assert out["size"][0] >= 300 and out["size"][1] >= 400
    assert out["colours"] > 200  # a shaded surface, not a blank frame
    assert 0.2 < out["background_share"] < 0.95  # the surface covers part of the view
    assert out["path_pixels"] > 100  # the path added pixels ...
    assert out["closer_to_run_colour"] > 0.9  # ... in the run's colour
    assert out["rotated_differs"] > 0.05  # rotating moves the picture
    assert out["png_bytes"] > 5000 and png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
