"""The plots tell the truth: true tick values, the gradient's size, equal axis scales,
a 1-parameter path that stays on its curve, SVG arrows in their colour."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import math  # noqa: E402
import re  # noqa: E402

import numpy as np  # noqa: E402
import pytest  # noqa: E402

from gdgui.core.experiment import preset  # noqa: E402
from gdgui.core.history import History  # noqa: E402
from gdgui.core.problems import Problem  # noqa: E402
from gdgui.ui import export as ex  # noqa: E402
from gdgui.ui.plots import FitPlot, LossPlot, TrajectoryPlot  # noqa: E402
from gdgui.ui.plots.trajectory import ARROW_COLORS  # noqa: E402
from gdgui.ui.theme import run_color  # noqa: E402


class Bowl(Problem):
    """f = a (x² + 4 y²) on a wide, short domain (a surface without data)."""

    name = "bowl"
    title = "Bowl"
    param_names = ("x", "y")

    def __init__(self, a=1.0):
        self.a = a

    def value_and_grad(self, th):
        x, y = th[:, 0], th[:, 1]
        return self.a * (x * x + 4 * y * y), self.a * np.column_stack([2 * x, 8 * y])

    def domain(self):
        return ((-4.0, 4.0), (-1.0, 1.0))

    def minima(self):
        return [(np.array([0.0, 0.0]), 0.0)]

    def default_init(self):
        return np.array([3.0, 0.8])


def make(cls, qtbot, theme="dark"):
    plot = cls(None, theme)
    qtbot.addWidget(plot)
    plot.resize(640, 420)
    plot.show()
    qtbot.waitExposed(plot)
    return plot


def history(names, params, loss, grad=None):
    params = np.asarray(params, dtype=float)
    n = len(params)
    h = History(names, capacity=max(n, 1))
    k = np.arange(n)
    g = np.zeros_like(params) if grad is None else np.asarray(grad, dtype=float)
    h.extend(k, k, params, np.asarray(loss, dtype=float), g)
    return h


def drawn_ticks(axis):
    """(true value, text, spacing) of every labelled tick, as the axis would paint them."""
    lo, hi = axis.range
    out = []
    for spacing, values in axis.tickValues(lo, hi, 400):
        texts = axis.tickStrings(values, axis.autoSIPrefixScale * axis.scale, spacing)
        for v, t in zip(values, texts):
            if t:
                true = 10.0**v if axis.logMode else v * axis.scale
                out.append((true, t, None if spacing is None else spacing * axis.scale))
    return out


def settle(plot):
    plot.scene().prepareForPaint()  # pending auto-range
    for side in ("left", "bottom"):
        plot.plotItem.getAxis(side).picture = None


# --- axes --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("loss", "log"),
    [
        (np.linspace(8e12, 7.5e12, 200), True),  # the divergence demo's losses
        (np.linspace(8e12, 7.5e12, 200), False),
        (np.geomspace(0.3, 0.087, 200), True),
        (np.linspace(0.3, 0.087, 200), False),
        (np.geomspace(1e-3, 1e-9, 200), True),
    ],
)
def test_loss_axis_prints_true_values(qtbot, loss, log):
    plot = make(LossPlot, qtbot)
    plot.set_problem(preset("tutorial-003").build_problem(), None)
    plot.set_log_scale(log)
    plot.show_history(history(("w",), np.zeros((len(loss), 1)), loss), "running")
    settle(plot)
    axis = plot.plotItem.getAxis("left")
    label = axis.labelString()
    assert "x1e" not in label and "(x" not in label and "×" not in label, label
    ticks = drawn_ticks(axis)
    assert len(ticks) >= 2
    for true, text, spacing in ticks:
        got = float(text)  # plain or scientific, never scaled
        tol = 0.01 * true if log else 0.51 * spacing
        assert got == pytest.approx(true, abs=tol), (text, true)
    values = [t for t, _, _ in ticks]
    assert min(values) <= loss.max() and max(values) >= loss.min()  # ticks where the data is


def test_no_axis_of_any_plot_moves_a_factor_into_its_label(qtbot):
    for cls in (FitPlot, LossPlot, TrajectoryPlot):
        plot = make(cls, qtbot)
        for side in ("left", "bottom", "top", "right"):
            axis = plot.plotItem.getAxis(side)
            assert not axis.autoSIPrefix, (cls.__name__, side)
        ax = plot.plotItem.getAxis("bottom")
        assert ax.tickStrings([0.0, 0.1, 0.2], 1.0, 0.1) == ["0", "0.1", "0.2"]
        assert ax.tickStrings([2e-6, 4e-6], 1.0, 2e-6) == ["2e-6", "4e-6"]


# --- the gradient's size -----------------------------------------------------------------------


def test_grad_arrow_says_how_steep_it_is(qtbot):
    plot = make(TrajectoryPlot, qtbot)
    plot.set_problem(Bowl(), None)
    params = [[3.0, 0.8], [2.0, 0.5]]
    for grad, text in (([3e-6, 4e-6], "‖∇f‖ = 5e-06"), ([3.0, 4.0], "‖∇f‖ = 5")):
        plot.show_history(history(("x", "y"), params, [1.0, 0.5], [grad, grad]), "running")
        arrow = plot.grad_arrow
        assert arrow.isVisible() and arrow.note() == text
        assert text in arrow.label.text()  # drawn beside the arrow
        assert arrow.text() == "−∇f"
        # the length on screen is fixed (the direction); the note carries the size
        assert math.hypot(*arrow.pixel_vector) == pytest.approx(64)


# --- equal axis scales -------------------------------------------------------------------------


def pixel_ratio(plot):
    settle(plot)
    pw, ph = plot.plotItem.vb.viewPixelSize()
    return pw / ph


def contains(plot, ranges):
    (x0, x1), (y0, y1) = plot.plotItem.vb.viewRange()
    (a0, a1), (b0, b1) = ranges
    eps = 1e-9
    return x0 <= a0 + eps and a1 - eps <= x1 and y0 <= b0 + eps and b1 - eps <= y1


def test_equal_aspect_on_for_surfaces_off_for_lines(qtbot):
    plot = make(TrajectoryPlot, qtbot)
    plot.set_problem(Bowl(), None)
    assert plot.equal_aspect and plot.action_equal_aspect.isChecked()
    assert pixel_ratio(plot) == pytest.approx(1.0, rel=1e-6)  # a unit is as long both ways
    assert contains(plot, Bowl().domain())  # and all of the domain is in view
    plot.set_equal_aspect(False)
    assert not plot.equal_aspect and pixel_ratio(plot) != pytest.approx(1.0, rel=0.05)
    plot.set_equal_aspect(None)  # automatic again
    assert plot.equal_aspect
    # a line problem: w and b need not be alike, so off unless asked for
    exp = preset("tutorial-000")
    problem = exp.build_problem()
    plot.set_problem(problem, exp)
    assert not plot.equal_aspect and not plot.action_equal_aspect.isChecked()
    plot.action_equal_aspect.trigger()
    assert plot.equal_aspect and pixel_ratio(plot) == pytest.approx(1.0, rel=1e-6)
    assert contains(plot, plot.ranges)
    # one parameter: L over w, never locked
    exp = preset("tutorial-003")
    plot.set_problem(exp.build_problem(), exp)
    assert not plot.equal_aspect and not plot.action_equal_aspect.isEnabled()


# --- the 1-parameter path on very long runs ----------------------------------------------------


def test_long_one_parameter_path_stays_on_the_curve(qtbot):
    exp = preset("tutorial-003")
    problem = exp.build_problem()
    plot = make(TrajectoryPlot, qtbot)
    plot.set_problem(problem, exp)
    (w0,) = exp.initial_params(problem)
    (opt,) = problem.optimum()
    n = 20_000  # decimated: every 8th row is kept
    w = opt + (w0 - opt) * 0.7 ** np.arange(n)  # the big steps come first
    loss = problem.value(w[:, None])
    plot.show_history(history(problem.param_names, w[:, None], loss), "finished")
    item = plot.path_item
    path = item.path()
    pts = np.array([(path.elementAt(i).x, path.elementAt(i).y) for i in range(path.elementCount())])
    assert pts[0, 0] == w0 and pts[-1, 0] == w[-1]
    # the middle of every drawn segment lies on L(w), within 2% of the curve's height
    mid = (pts[1:] + pts[:-1]) / 2
    height = float(np.ptp(plot.curve.yData))
    off = np.abs(mid[:, 1] - problem.value(mid[:, :1]))
    assert off.max() < 0.02 * height, off.max() / height


# --- SVG arrows --------------------------------------------------------------------------------


def test_svg_paints_each_arrow_over_its_rim(qtbot):
    plot = make(TrajectoryPlot, qtbot, "light")
    plot.set_problem(Bowl(), None)
    params = [[3.0, 0.8], [2.4, 0.2]]
    plot.show_history(history(("x", "y"), params, [1.0, 0.5], [[6.0, 6.4], [4.8, 1.6]]), "paused")
    assert plot.grad_arrow.isVisible() and plot.step_arrow.isVisible()
    svg = ex.plot_svg_bytes(plot).decode()
    body = {ARROW_COLORS["light"].lower(), run_color(0).lower()}
    order = []
    for m in re.finditer(r'<g [^>]*stroke="(#[0-9a-f]{6})"[^>]*stroke-width="([0-9.]+)"', svg):
        colour, width = m.group(1).lower(), float(m.group(2))
        if width == 5.0 and colour == "#ffffff":
            order.append("rim")
        elif width == 2.5 and colour in body:
            order.append(colour)
    assert order.count("rim") == 2
    assert order == ["rim", order[1], "rim", order[3]] and {order[1], order[3]} == body
