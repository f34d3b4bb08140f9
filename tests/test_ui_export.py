"""Exports: PNG at 1x and 2x, SVG that parses, the clipboard, and headless `gdgui export`."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import subprocess  # noqa: E402
import sys  # noqa: E402
import xml.etree.ElementTree as ET  # noqa: E402

import pytest  # noqa: E402
from PySide6.QtGui import QImage  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from gdgui.core.experiment import preset  # noqa: E402
from gdgui.ui import export as ex  # noqa: E402
from gdgui.ui import headless  # noqa: E402
from gdgui.ui.plots import FitPlot, LossPlot, TrajectoryPlot  # noqa: E402

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
SVG_NS = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def t000():
    exp = preset("tutorial-000")
    problem = exp.build_problem()
    run = exp.build_run(problem)
    run.run()
    return exp, problem, run


@pytest.fixture
def plots(qtbot, t000):
    exp, problem, run = t000
    out = []
    for cls in (FitPlot, LossPlot, TrajectoryPlot):
        p = cls(None, "light")
        qtbot.addWidget(p)
        p.resize(640, 420)
        p.show()
        p.set_problem(problem, exp)
        p.show_history(run.history, run.status)
        out.append(p)
    return out


def check_png(path, size):
    data = path.read_bytes()
    assert data[:8] == PNG_SIGNATURE
    img = QImage(str(path))
    assert not img.isNull()
    assert (img.width(), img.height()) == size
    return img


def check_svg(data: bytes) -> ET.Element:
    root = ET.fromstring(data)
    assert root.tag == f"{SVG_NS}svg"
    paths = [p.get("d") for p in root.iter(f"{SVG_NS}path")]
    assert paths and any(d and len(d) > 20 for d in paths)
    return root


def test_plot_png_at_1x_and_2x(plots, tmp_path):
    for plot in plots:
        name = type(plot).__name__
        one = check_png(ex.export_plot(plot, tmp_path / f"{name}.png"), (640, 420))
        two = check_png(
            ex.export_plot(plot, tmp_path / "sub" / f"{name}@2x.png", scale=2), (1280, 840)
        )
        # a real picture: the white background and some ink
        assert one.pixelColor(2, 2).name() == "#ffffff"
        colours = {
            two.pixelColor(x, y).name() for x in range(0, 1280, 37) for y in range(0, 840, 37)
        }
        assert len(colours) > 5


def test_plot_svg_is_valid_svg_with_paths(plots, tmp_path):
    # pyqtgraph 0.14's SVGExporter raises ValueError on PySide6 6.11/6.12 (we pin 6.10):
    # this is the regression test for that
    for plot in plots:
        check_svg(ex.plot_svg_bytes(plot))
        path = ex.export_plot(plot, tmp_path / f"{type(plot).__name__}.svg", svg=True)
        check_svg(path.read_bytes())


def test_widget_png_and_svg(qtbot, t000, tmp_path):
    from PySide6.QtWidgets import QHBoxLayout, QWidget

    exp, problem, run = t000
    window = QWidget()
    qtbot.addWidget(window)
    lay = QHBoxLayout(window)
    for cls in (FitPlot, LossPlot, TrajectoryPlot):  # children: closed with the window
        p = cls(window, "light")
        p.set_problem(problem, exp)
        p.show_history(run.history, run.status)
        lay.addWidget(p)
    window.resize(900, 300)
    window.show()
    check_png(ex.export_widget_png(window, tmp_path / "w.png"), (900, 300))
    check_png(ex.export_widget_png(window, tmp_path / "w2.png", scale=2), (1800, 600))
    check_svg(ex.export_widget_svg(window, tmp_path / "w.svg").read_bytes())
    with pytest.raises(ValueError):
        ex.export_widget_png(window, tmp_path / "bad.png", scale=0)


def test_copy_to_clipboard(plots, qtbot):
    img = ex.copy_to_clipboard(plots[1])
    assert (img.width(), img.height()) == (640, 420)
    got = QApplication.clipboard().image()
    assert not got.isNull() and got.width() == 640


def test_export_experiment_in_process(tmp_path):
    files = headless.export_experiment(preset("tutorial-000"), tmp_path / "out", scale=2)
    names = sorted(f.name for f in files)
    assert names == ["fit.png", "loss.png", "trajectory.png", "window.png"]
    check_png(tmp_path / "out" / "fit.png", (1280, 840))


def test_export_experiment_without_data_skips_the_fit(tmp_path):
    from gdgui.core.experiment import Experiment

    exp = Experiment.from_dict(
        {
            "version": 1,
            "problem": {"name": "rosenbrock"},
            "optimizer": {"name": "gd", "lr": 0.001},
            "steps": 500,
        }
    )
    files = headless.export_experiment(exp, tmp_path, svg=True)
    assert sorted(f.name for f in files) == ["loss.svg", "trajectory.svg", "window.svg"]
    for f in files:
        check_svg(f.read_bytes())


def _headless_env():
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    return env


def test_cli_export_without_a_display(tmp_path):
    out = tmp_path / "shots"
    r = subprocess.run(
        [sys.executable, "-m", "gdgui", "export", "--preset", "tutorial-003", "--out", str(out)],
        env=_headless_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 0, r.stderr
    for name in ("fit", "loss", "trajectory"):
        check_png(out / f"{name}.png", (640, 420))
    assert (out / "window.png").read_bytes()[:8] == PNG_SIGNATURE
    assert r.stdout.split() == [
        str(out / f"{n}.png") for n in ("fit", "loss", "trajectory", "window")
    ]
    assert "propagateSizeHints" not in r.stderr


def test_cli_export_svg_dark(tmp_path):
    r = subprocess.run(
        [
            sys.executable,
            "-m",
            "gdgui",
            "export",
            "--preset",
            "tutorial-000",
            "--out",
            str(tmp_path),
            "--svg",
            "--theme",
            "dark",
        ],
        env=_headless_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 0, r.stderr
    for name in ("fit", "loss", "trajectory", "window"):
        check_svg((tmp_path / f"{name}.svg").read_bytes())
