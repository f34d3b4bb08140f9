"""The three plots: empty, short, huge and diverged histories; decimation; surfaces; themes."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import math  # noqa: E402

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from PySide6.QtCore import QPointF, Qt  # noqa: E402

from gdgui.core.experiment import preset  # noqa: E402
from gdgui.core.history import History  # noqa: E402
from gdgui.core.plotmath import MAX_POINTS, decimate_stride, initial_params  # noqa: E402
from gdgui.core.problems import Problem  # noqa: E402
from gdgui.ui.plots import FitPlot, LossPlot, TrajectoryPlot  # noqa: E402

PLOTS = [FitPlot, LossPlot, TrajectoryPlot]


class Rosen(Problem):
    """Rosenbrock with its domain and minimum (a surface without data)."""

    name = "rosen"
    title = "Rosenbrock"
    param_names = ("x", "y")

    def value_and_grad(self, th):
        x, y = th[:, 0], th[:, 1]
        f = (1 - x) ** 2 + 100 * (y - x * x) ** 2
        g = np.column_stack([-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)])
        return f, g

    def domain(self):
        return ((-2.0, 2.0), (-1.0, 3.0))

    def minima(self):
        return [(np.array([1.0, 1.0]), 0.0)]

    def default_init(self):
        return np.array([-1.5, 2.0])


class Counting:
    """Wraps a problem and counts its evaluations."""

    def __init__(self, inner):
        self._inner = inner
        self.value_calls = 0
        self.rows = 0

    def __getattr__(self, name):
        return getattr(self._inner, name)

    def value(self, theta):
        self.value_calls += 1
        self.rows += len(theta)
        return self._inner.value(theta)

    def value_and_grad(self, theta):
        self.value_calls += 1
        self.rows += len(theta)
        return self._inner.value_and_grad(theta)


def finished(name):
    exp = preset(name)
    problem = exp.build_problem()
    run = exp.build_run(problem)
    run.run()
    return exp, problem, run


@pytest.fixture(scope="module")
def t003():
    return finished("tutorial-003")


@pytest.fixture(scope="module")
def t000():
    return finished("tutorial-000")


def synthetic_history(n, names=("w", "b"), seed=0):
    """n rows: a noisy decreasing loss and a spiral path."""
    rng = np.random.default_rng(seed)
    k = np.arange(n)
    t = k / max(n - 1, 1)
    loss = 10 * np.exp(-8 * t) + 0.01 * rng.random(n)
    p = len(names)
    params = np.empty((n, p))
    params[:, 0] = 2 + (1 - t) * np.cos(20 * t)
    if p > 1:
        params[:, 1] = 1 + (1 - t) * np.sin(20 * t)
    h = History(names, capacity=n)
    h.extend(k, k, params, loss, np.zeros((n, p)))
    return h


def make(cls, qtbot, theme="dark"):
    plot = cls(None, theme)
    qtbot.addWidget(plot)
    plot.resize(640, 420)
    return plot


def path_xy(item):
    """The points of a hand-drawn item's path, as Qt will paint them: (x, y) arrays."""
    path = item.path()
    pts = [path.elementAt(i) for i in range(path.elementCount())]
    return np.array([p.x for p in pts]), np.array([p.y for p in pts])


def must_show(plot):
    """What the view has to contain: (xs, ys) in view coordinates."""
    if isinstance(plot, FitPlot):
        x, y, _ = plot._shown
        lx, ly = path_xy(plot.lsq_line)
        inside = (lx >= x.min()) & (lx <= x.max())
        return np.r_[x, lx[inside]], np.r_[y, ly[inside]]
    if isinstance(plot, LossPlot):
        return path_xy(plot.curve)
    if plot.dim == 1:
        return path_xy(plot.curve)
    start = initial_params(plot.problem, plot.experiment)
    pts = np.array([*plot.optimum_points, tuple(start)])
    return pts[:, 0], pts[:, 1]


def fits(plot, slack=6.0):
    """True when the view contains what it must show, and is at most ``slack`` x wider."""
    if isinstance(plot, FitPlot) and not FitPlot.applies(plot.problem):
        return plot.isHidden()
    plot.scene().prepareForPaint()  # the view box applies a pending auto-range
    view = plot.plotItem.vb.viewRange()
    for (lo, hi), v in zip(view, must_show(plot)):
        # pyqtgraph's view box never spans more than ±1e307
        v = np.clip(v[np.isfinite(v)], -1e307, 1e307)
        assert v.size and math.isfinite(lo) and math.isfinite(hi)
        span = max(float(v.max() - v.min()), 1e-9 * max(float(np.abs(v).max()), 1.0))
        tol = 1e-9 * span
        assert lo <= v.min() + tol and v.max() - tol <= hi, (lo, hi, v.min(), v.max())
        assert hi - lo <= slack * span, (hi - lo, span)
    return True


# --- every plot, every kind of history ------------------------------------------------------


@pytest.mark.parametrize("cls", PLOTS)
@pytest.mark.parametrize("which", ["t003", "t000"])
def test_empty_one_row_and_full_histories(qtbot, request, cls, which):
    exp, problem, run = request.getfixturevalue(which)
    plot = make(cls, qtbot)
    plot.set_problem(problem, exp)
    plot.show_history(History(problem.param_names), "ready")
    one = History(problem.param_names)
    one.extend_rows(run.history.rows(0, 1))
    plot.show_history(one, "ready")
    plot.show_history(run.history, run.status)
    assert fits(plot)
    plot.clear_run()
    plot.show_history(run.history, run.status)


@pytest.mark.parametrize("cls", PLOTS)
def test_surface_problem(qtbot, cls):
    problem = Rosen()
    from gdgui.core.runner import Run

    run = Run(problem, "gd", {"lr": 0.001}, steps=3000)
    run.run()
    plot = make(cls, qtbot)
    plot.set_problem(problem, None)
    plot.show_history(History(problem.param_names), "ready")
    plot.show_history(run.history, run.status)
    assert fits(plot)


def test_fit_plot_applies_only_to_data(qtbot, t003):
    from PySide6.QtWidgets import QVBoxLayout, QWidget

    assert FitPlot.applies(t003[1])
    assert not FitPlot.applies(Rosen())
    parent = QWidget()
    qtbot.addWidget(parent)
    plot = FitPlot(parent)
    QVBoxLayout(parent).addWidget(plot)
    parent.show()
    plot.set_problem(Rosen(), None)
    assert plot.isHidden()
    plot.set_problem(t003[1], t003[0])
    assert not plot.isHidden()


@pytest.mark.parametrize("cls", PLOTS)
def test_a_million_rows_draw_a_bounded_number_of_points(qtbot, t000, cls):
    exp, problem, _ = t000
    h = synthetic_history(1_000_000)
    plot = make(cls, qtbot)
    plot.set_problem(problem, exp)
    plot.show_history(h, "running")
    if cls is LossPlot:
        x, y = path_xy(plot.curve)  # what Qt paints
        assert 1000 < len(x) <= MAX_POINTS
        assert x[-1] == 999_999 and y[-1] == h.loss[-1]
        assert y.max() == h.loss.max() and y.min() == h.loss.min()
    elif cls is TrajectoryPlot:
        x, y = path_xy(plot.path_item)
        assert 1000 < len(x) <= MAX_POINTS
        assert (x[-1], y[-1]) == tuple(h.params[-1])
    else:
        x, y = path_xy(plot.fit_line)
        assert 2 <= len(x) <= MAX_POINTS
        np.testing.assert_allclose(y, problem.predict(h.params[-1], x))
    assert fits(plot)


@pytest.mark.parametrize("cls", PLOTS)
def test_same_history_twice_is_a_no_op(qtbot, t000, cls):
    exp, problem, run = t000
    h = History(problem.param_names)
    h.extend_rows(run.history.rows(0, 50))
    plot = make(cls, qtbot)
    plot.set_problem(problem, exp)
    plot.show_history(h, "running")
    drawn = plot.redraws
    plot.show_history(h, "running")
    assert plot.redraws == drawn
    h.extend_rows(run.history.rows(50, 60))  # the same object, grown
    plot.show_history(h, "running")
    assert plot.redraws == drawn + 1
    plot.show_history(h, "paused")  # the status is part of the picture
    assert plot.redraws == drawn + 2


@pytest.mark.parametrize("cls", PLOTS)
def test_diverged_history_keeps_the_view_finite(qtbot, t000, cls):
    exp, problem, _ = t000
    n = 400
    k = np.arange(n)
    with np.errstate(all="ignore"):
        params = np.column_stack([2.0 * (-3.0) ** (k // 10), 1.0 + k])  # up to 1e190
        loss = 10.0 ** (k * 0.9)  # up to 1e359 -> inf
        loss[-3:] = [np.nan, np.inf, -np.inf]
        params[-2] = [np.nan, np.inf]
        h = History(problem.param_names)
        h.extend(k, k, params, loss, np.zeros((n, 2)))
    plot = make(cls, qtbot)
    plot.set_problem(problem, exp)
    plot.show_history(h, "diverged")
    assert fits(plot)
    if cls is LossPlot:
        assert np.all(np.isfinite(plot.curve.yData))
        plot.set_log_scale(True)  # drawn in log10 units; the non-positive left out
        assert np.all(np.isfinite(plot.curve.yData)) and len(plot.curve.yData) > 10
        assert fits(plot)
    if cls is TrajectoryPlot:
        assert np.all(np.isfinite(plot.path_item.xData))


def test_surface_is_computed_once_per_set_problem(qtbot, t000, t003):
    for exp, problem, run in (t000, t003):
        counting = Counting(problem)
        plot = make(TrajectoryPlot, qtbot)
        plot.set_problem(counting, exp)
        assert counting.value_calls == 1
        assert counting.rows >= 161 if problem.dim == 1 else counting.rows == 161 * 161
        for stop in range(1, len(run.history), max(len(run.history) // 20, 1)):
            h = History(problem.param_names)
            h.extend_rows(run.history.rows(0, stop))
            plot.show_history(h, "running")
        plot.set_theme("light")
        plot.show_history(run.history, run.status)
        assert counting.value_calls == 1
        plot.set_problem(counting, exp)
        assert counting.value_calls == 2


def test_contours_are_built_with_the_problem_not_per_step(qtbot, t000):
    exp, problem, run = t000
    plot = make(TrajectoryPlot, qtbot)
    plot.set_problem(problem, exp)
    contours = list(plot.contours)
    paths = [c.path for c in contours]
    assert len(plot.contour_levels) >= 6 and len(contours) == 1
    assert all(p is not None and p.elementCount() > 100 for p in paths)
    plot.show_history(run.history, run.status)
    assert plot.contours == contours and [c.path for c in plot.contours] == paths
    assert all(c.parentItem() is plot.image for c in contours)


def test_trajectory_path_is_the_history(qtbot, t000, t003):
    exp, problem, run = t000
    plot = make(TrajectoryPlot, qtbot)
    plot.set_problem(problem, exp)
    h = run.history
    plot.show_history(h, run.status)
    np.testing.assert_array_equal(plot.path_item.xData, h.params[:, 0])
    np.testing.assert_array_equal(plot.path_item.yData, h.params[:, 1])
    big = synthetic_history(123_457)
    plot.show_history(big, "running")
    idx = decimate_stride(len(big))
    px, py = path_xy(plot.path_item)
    np.testing.assert_array_equal(px, big.params[idx, 0])
    np.testing.assert_array_equal(py, big.params[idx, 1])
    assert idx[-1] == len(big) - 1
    # one parameter: the path runs over L(w)
    exp, problem, run = t003
    plot.set_problem(problem, exp)
    plot.show_history(run.history, run.status)
    np.testing.assert_array_equal(plot.path_item.xData, run.history.params[:, 0])
    np.testing.assert_array_equal(plot.path_item.yData, run.history.loss)
    assert plot.dim == 1 and plot.curve.xData.size > 100
    ((ox, oy),) = plot.optimum_points
    assert ox == pytest.approx(problem.optimum()[0]) and oy == pytest.approx(problem.l_res)


def test_loss_plot_current_value_and_log_scale(qtbot, t003):
    exp, problem, run = t003
    plot = make(LossPlot, qtbot)
    plot.set_problem(problem, exp)
    plot.show_history(run.history, run.status)
    assert plot.marker.isVisible()
    assert (plot.marker.pos().x(), plot.marker.pos().y()) == (100, run.history.loss[-1])
    assert plot.value_label.toPlainText() == "5.7391e-14"
    assert "finished" in plot.plotItem.titleLabel.text
    assert not plot.log_scale
    plot.log_button.click()
    assert plot.log_scale and plot.action_log_scale.isChecked()
    assert plot.plotItem.ctrl.logYCheck.isChecked()
    np.testing.assert_allclose(10 ** plot.curve.yData[[0, -1]], run.history.loss[[0, -1]])
    assert plot.marker.pos().y() == pytest.approx(np.log10(run.history.loss[-1]))
    plot.action_log_scale.trigger()
    assert not plot.log_scale and not plot.log_button.isChecked()
    # a loss that reaches zero and below (an unbounded surface) on a log scale
    h = History(problem.param_names)
    k = np.arange(50)
    h.extend(k, k, np.zeros((50, 1)), 1.0 - k / 10.0, np.zeros((50, 1)))
    plot.set_log_scale(True)
    plot.show_history(h, "running")
    np.testing.assert_allclose(10**plot.curve.yData, h.loss[:10])
    assert not plot.marker.isVisible()  # the current loss (-3.9) has no place on a log scale
    assert "not shown" in plot.note.toPlainText()
    assert fits(plot)


def test_loss_plot_epoch_axis(qtbot):
    exp = preset("tutorial-003-sgd")  # 3 samples, batch 1: 3 steps per epoch
    problem = exp.build_problem()
    run = exp.build_run(problem)
    run.run()
    plot = make(LossPlot, qtbot)
    plot.set_problem(problem, exp)
    plot.show_history(run.history, run.status)
    axis = plot.plotItem.getAxis("top")
    assert axis.isVisible() and axis.scale == pytest.approx(1 / 3)
    assert axis.tickStrings([0, 30, 300], axis.scale, 30) == ["0", "10", "100"]
    values = axis.tickValues(0, 300, 600)  # ticks at round epochs: multiples of 3 steps
    assert values and all(round(v) % 3 == 0 for _, vs in values for v in vs)
    # full batch: one step per epoch, no second axis
    exp, problem, run = finished("tutorial-003")
    plot.set_problem(problem, exp)
    plot.show_history(run.history, run.status)
    assert not plot.plotItem.getAxis("top").isVisible()
    assert "epoch" in plot.plotItem.getAxis("bottom").labelText


def test_theme_switch_changes_background(qtbot, t000):
    exp, problem, run = t000
    for cls in PLOTS:
        plot = make(cls, qtbot, "dark")
        plot.set_problem(problem, exp)
        plot.show_history(run.history, run.status)
        dark = plot.backgroundBrush().color().name()
        plot.set_theme("light")
        assert plot.backgroundBrush().color().name() == "#ffffff" != dark
        assert plot.theme_name == "light"
        axis = plot.plotItem.getAxis("left")
        assert axis.textPen().color().lightness() < 100  # dark text on white
    with pytest.raises(ValueError, match="unknown theme"):
        plot.set_theme("purple")


def test_hover_readout(qtbot, t000):
    exp, problem, run = t000
    for cls in PLOTS:
        plot = make(cls, qtbot)
        plot.show()
        plot.set_problem(problem, exp)
        plot.show_history(run.history, run.status)
        vb = plot.plotItem.vb
        centre = vb.mapViewToScene(vb.viewRect().center())
        plot.scene().sigMouseMoved.emit(centre)
        text = plot._readout.toPlainText()
        assert text and plot._readout.isVisible()
        if cls is TrajectoryPlot:
            assert "w =" in text and "b =" in text and "loss" in text
        if cls is LossPlot:
            assert "step" in text and "loss" in text
        plot.scene().sigMouseMoved.emit(vb.mapViewToScene(vb.viewRect().center()) * -100)
        assert not plot._readout.isVisible()


def test_controls_have_tooltips_and_accessible_names(qtbot):
    plot = make(LossPlot, qtbot)
    for w in (plot, plot.log_button):
        assert w.toolTip() and w.accessibleName()
    assert plot.action_log_scale.toolTip()
    for cls in (FitPlot, TrajectoryPlot):
        p = make(cls, qtbot)
        assert p.toolTip() and p.accessibleName()


def test_legends_only_with_more_than_one_item(qtbot, t000):
    exp, problem, run = t000
    fit = make(FitPlot, qtbot)
    traj = make(TrajectoryPlot, qtbot)
    loss = make(LossPlot, qtbot)
    for p in (fit, traj, loss):
        p.set_problem(problem, exp)
    assert len(fit._legend.items) == 4  # data, least squares, fit now, earlier fits
    assert len(traj._legend.items) == 3 and traj._legend.isVisible()
    assert loss._legend is None


def test_fit_plot_draws_the_current_and_earlier_lines(qtbot, t003):
    exp, problem, run = t003
    plot = make(FitPlot, qtbot)
    plot.set_problem(problem, exp)
    plot.show_history(run.history, run.status)
    x, y = plot.fit_line.xData, plot.fit_line.yData
    np.testing.assert_allclose(y, problem.predict(run.history.params[-1], x))
    earlier = plot.earlier_data
    assert 2 <= len(earlier) <= 6
    x0, y0 = earlier[0]
    np.testing.assert_allclose(y0, problem.predict(run.history.params[0], x0))
    drawn = [item for item in plot.earlier_lines if item.xData.size]
    assert len(drawn) == len(earlier)
    np.testing.assert_array_equal(drawn[0].yData, y0)
    assert "w = 2" in plot.caption.toPlainText()
    # a diverged line leaves the data's range alone
    h = History(problem.param_names)
    h.extend([0, 1], [0, 1], [[1.0], [1e200]], [1.0, 1e300], [[0.0], [0.0]])
    before = plot.plotItem.vb.viewRange()
    plot.show_history(h, "diverged")
    assert plot.plotItem.vb.viewRange() == before
    assert np.all(np.isfinite(plot.fit_line.yData))


def test_invisible_changes_are_not_drawn(qtbot, t000):
    """Late in a run new steps land on the same pixels: the plots leave their items be."""
    exp, problem, run = t000
    plots = {cls: make(cls, qtbot) for cls in PLOTS}
    h = History(problem.param_names)
    h.extend_rows(run.history.rows(0, 1500))  # converged: later rows differ by < 1e-6
    for plot in plots.values():
        plot.show()
        plot.set_problem(problem, exp)
        plot.show_history(h, "running")
    qtbot.waitExposed(plots[TrajectoryPlot])
    for plot in plots.values():  # drawn once laid out
        plot.clear_run()
        plot.show_history(h, "running")
    path = plots[TrajectoryPlot].path_item.xData
    fit = plots[FitPlot].fit_line.yData
    before = {cls: plot.redraws for cls, plot in plots.items()}
    h.extend_rows(run.history.rows(1500, 1600))
    for plot in plots.values():
        plot.show_history(h, "running")
    assert plots[TrajectoryPlot].path_item.xData is path  # not even set again
    assert plots[FitPlot].fit_line.yData is fit
    assert all(plot.redraws == before[cls] + 1 for cls, plot in plots.items())  # but seen
    # a visible move is drawn
    jump = History(problem.param_names)
    jump.extend_rows(h.rows(0))
    rows = h.rows(len(h) - 1)
    rows["params"] = rows["params"] + 0.5
    rows["loss"] = rows["loss"] + 50
    rows["step"] = rows["step"] + 1
    jump.extend_rows(rows)
    for plot in plots.values():
        plot.show_history(jump, "running")
    assert plots[TrajectoryPlot].path_item.xData[-1] == rows["params"][0, 0]
    assert plots[LossPlot].curve.yData[-1] == rows["loss"][0]
    assert plots[FitPlot].fit_line.yData is not fit
    # zooming in after skipped steps draws them
    plot = plots[TrajectoryPlot]
    plot.show_history(h, "running")
    plot.clear_run()
    plot.show_history(h, "running")
    drawn = plot.path_item.xData
    h.extend_rows(run.history.rows(1600, 1700))
    plot.show_history(h, "running")
    assert plot.path_item.xData is drawn
    plot.plotItem.vb.scaleBy((0.5, 0.5))
    qtbot.waitUntil(lambda: plot.path_item.xData is not drawn, timeout=1000)
    assert len(plot.path_item.xData) == len(h)


# --- least squares, arrows, clicks ------------------------------------------------------------


def test_fit_plot_draws_the_least_squares_line(qtbot, t000):
    exp, problem, run = t000
    plot = make(FitPlot, qtbot)
    plot.set_problem(problem, exp)
    x, y = plot.lsq_line.xData, plot.lsq_line.yData
    assert x.size > 2 and x.min() < problem.x.min() and x.max() > problem.x.max()
    np.testing.assert_allclose(y, problem.predict(problem.optimum(), x))
    assert plot.lsq_line.pen().style() == Qt.PenStyle.DashLine
    labels = [label.text for _, label in plot._legend.items]
    assert "least squares" in labels
    plot.set_problem(Rosen(), None)  # no data: no line
    assert plot.lsq_line.xData.size == 0


def test_fit_plot_caption_is_on_the_data_scale(qtbot):
    exp = preset("tutorial-000").replace(standardize=True)
    problem = exp.build_problem()
    run = exp.build_run(problem)
    run.run()
    plot = make(FitPlot, qtbot)
    plot.set_problem(problem, exp)
    plot.show_history(run.history, run.status)
    w, b = problem.shown_params(run.history.params[-1])
    assert plot.caption.toPlainText() == f"w = {w:.4g}   b = {b:.4g}"


def test_arrows_show_the_gradient_and_the_last_step(qtbot):
    from gdgui.core.runner import Run

    problem = Rosen()
    run = Run(problem, "momentum", {"lr": 0.0005, "momentum": 0.9}, steps=30)
    run.run()
    plot = make(TrajectoryPlot, qtbot)
    plot.show()
    qtbot.waitExposed(plot)
    plot.set_problem(problem, None)
    plot.show_history(run.history, run.status)
    h = run.history
    theta = h.params[-1]
    _, grad = problem.value_and_grad(theta[None, :])
    g, s = plot.grad_arrow, plot.step_arrow
    assert g.isVisible() and s.isVisible()
    assert (g.pos().x(), g.pos().y()) == pytest.approx(tuple(theta))

    def cosine(a, b):
        a, b = np.asarray(a), np.asarray(b)
        return float(a @ b / (np.linalg.norm(a) * np.linalg.norm(b)))

    assert cosine(g.view_vector, -grad[0]) == pytest.approx(1.0)
    assert cosine(s.view_vector, h.params[-1] - h.params[-2]) == pytest.approx(1.0)
    assert math.hypot(*g.pixel_vector) == pytest.approx(64)
    # momentum: the step is not along −∇f
    assert cosine(s.view_vector, -grad[0]) < 0.999
    # zooming keeps the arrows' pixel length and their direction in the plot's coordinates
    plot.plotItem.vb.scaleBy((0.5, 2.0))
    assert math.hypot(*g.pixel_vector) == pytest.approx(64)
    assert cosine(g.view_vector, -grad[0]) == pytest.approx(1.0)
    plot.clear_run()
    assert not g.isVisible() and not s.isVisible()


def test_standardized_trajectory_says_so(qtbot):
    exp = preset("tutorial-000").replace(standardize=True)
    problem = exp.build_problem()
    plot = make(TrajectoryPlot, qtbot)
    plot.set_problem(problem, exp)
    assert "standardized parameters w′, b′" in plot.plotItem.titleLabel.text
    assert plot.plotItem.getAxis("bottom").labelText == "w′ (standardized)"
    assert plot.plotItem.getAxis("left").labelText == "b′ (standardized)"
    text = plot._hover_text(1.0, 2.0)
    w, b = problem.shown_params(np.array([1.0, 2.0]))
    assert "w′ = 1" in text and f"w = {w:.4g}" in text and f"b = {b:.4g}" in text


def test_clicks_edit_only_editable_plots(qtbot, t000):
    exp, problem, _ = t000
    fit = make(FitPlot, qtbot)
    traj = make(TrajectoryPlot, qtbot)
    for plot in (fit, traj):
        plot.show()
        qtbot.waitExposed(plot)
        plot.set_problem(problem, exp)
        qtbot.wait(20)  # the axes lay themselves out
    added, starts = [], []
    fit.point_add_requested.connect(lambda x, y: added.append((x, y)))
    traj.start_requested.connect(lambda x, y: starts.append((x, y)))

    def click(plot, x, y):
        scene = plot.plotItem.vb.mapViewToScene(QPointF(x, y))
        qtbot.mouseClick(plot.viewport(), Qt.MouseButton.LeftButton, pos=plot.mapFromScene(scene))

    (x0, x1), (y0, y1) = fit.plotItem.vb.viewRange()
    fit_xy = (x0 + 0.7 * (x1 - x0), y0 + 0.1 * (y1 - y0))
    (x0, x1), (y0, y1) = traj.plotItem.vb.viewRange()
    traj_xy = (x0 + 0.3 * (x1 - x0), y0 + 0.3 * (y1 - y0))
    click(fit, *fit_xy)
    click(traj, *traj_xy)
    assert added == [] and starts == []
    fit.editable = traj.editable = True
    click(fit, *fit_xy)
    click(traj, *traj_xy)
    assert len(added) == 1 and len(starts) == 1
    pw, ph = fit.plotItem.vb.viewPixelSize()
    assert added[0] == pytest.approx(fit_xy, abs=1.5 * max(pw, ph))
    # on the legend's background: no point
    legend = fit._legend.sceneBoundingRect()
    where = QPointF(legend.right() - 3, legend.bottom() - 3)
    qtbot.mouseClick(fit.viewport(), Qt.MouseButton.LeftButton, pos=fit.mapFromScene(where))
    assert len(added) == 1
