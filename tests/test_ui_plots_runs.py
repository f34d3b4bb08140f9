"""Many runs in one plot: curves, paths and lines per run, colours, the run legend,
hiding and removing runs, the selected run's details, and the branch marker."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtGui import QColor  # noqa: E402
from test_ui_plots import Rosen, make, path_xy  # noqa: E402

from gdgui.core.experiment import preset  # noqa: E402
from gdgui.core.history import History  # noqa: E402
from gdgui.ui.plots import FitPlot, LossPlot, TrajectoryPlot  # noqa: E402
from gdgui.ui.plots.runs import RunStyle  # noqa: E402
from gdgui.ui.theme import OKABE_ITO, THEMES, contrast_ratio, run_color  # noqa: E402


def spiral(n, names=("x", "y"), seed=0, scale=1.0):
    """n rows: a decreasing loss and a spiral path, different per seed."""
    k = np.arange(n)
    t = k / max(n - 1, 1)
    loss = scale * (10 * np.exp(-(3 + seed) * t) + 0.01)
    params = np.column_stack(
        [0.5 * seed + (1 - t) * np.cos(5 * t + seed), 1 + (1 - t) * np.sin(5 * t + seed)]
    )
    h = History(names, capacity=n)
    h.extend(k, k, params, loss, -params)
    return h


def histories(names=("x", "y")):
    return [spiral(200 + 50 * i, names, seed=i) for i in range(3)]


def three_runs(plot, hs, names=("first", "second", "third")):
    plot.set_runs([RunStyle(i, nm, None, True) for i, nm in enumerate(names)])
    for i, h in enumerate(hs):
        plot.show_history(h, "paused", run=i)


def legend_names(plot):
    legend = plot._legend
    if legend is None or not legend.isVisible():
        return []
    return [label.text for _, label in legend.items]


def pen_colour(item):
    return item.pen().color().name()


@pytest.fixture(scope="module")
def line_problem():
    exp = preset("tutorial-000")
    return exp, exp.build_problem()


# --- colours ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(THEMES))
def test_run_colours_are_readable_on_both_themes_and_told_apart(name):
    bg = THEMES[name]["background"]
    colours = [run_color(i, name) for i in range(len(OKABE_ITO))]
    for c in colours:
        assert contrast_ratio(c, bg) >= 3.0, (c, bg)
    rgb = np.array([[QColor(c).red(), QColor(c).green(), QColor(c).blue()] for c in colours])
    d = np.sqrt(((rgb[:, None] - rgb[None]) ** 2).sum(axis=2))
    assert d[np.triu_indices(len(colours), 1)].min() > 40  # no two runs look alike
    assert run_color(len(OKABE_ITO), name) == colours[0]  # the palette repeats
    # a colour too faint for white is darkened, keeping its hue
    yellow = QColor(run_color(6, name))
    assert abs(yellow.hslHue() - QColor(OKABE_ITO[6]).hslHue()) <= 3


def test_contrast_ratio_is_wcag():
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#777777", "#777777") == pytest.approx(1.0)
    assert contrast_ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)


# --- many runs ----------------------------------------------------------------------------


def test_three_runs_three_curves_paths_and_lines(qtbot, line_problem):
    hs = histories()
    loss = make(LossPlot, qtbot)
    loss.set_problem(Rosen(), None)
    traj = make(TrajectoryPlot, qtbot)
    traj.set_problem(Rosen(), None)
    for plot in (loss, traj):
        three_runs(plot, hs)
        assert plot.run_indices() == [0, 1, 2]
        assert legend_names(plot)[:3] == ["first", "second", "third"]
    for i, h in enumerate(hs):
        curve = loss.run_items(i)["curve"]
        x, y = path_xy(curve)
        np.testing.assert_array_equal(x, h.step)
        np.testing.assert_allclose(y, h.loss)
        assert pen_colour(curve) == run_color(i)
        m = loss.run_items(i)["marker"]
        assert m.isVisible() and (m.pos().x(), m.pos().y()) == (h.step[-1], h.loss[-1])
        path = traj.run_items(i)["path"]
        x, y = path_xy(path)
        np.testing.assert_array_equal(x, h.params[:, 0])
        np.testing.assert_array_equal(y, h.params[:, 1])
        assert pen_colour(path) == run_color(i)
        cur = traj.run_items(i)["current"]
        assert (cur.pos().x(), cur.pos().y()) == tuple(h.params[-1])
        assert cur.brush().color().name() == run_color(i)
    assert loss.run_items(0)["curve"] is loss.curve  # run 0 is the single run of before
    # the legend: one entry per run, in its colour
    samples = [s for s, _ in traj._legend.items][:3]
    assert [s.item.opts["pen"].color().name() for s in samples] == [run_color(i) for i in range(3)]
    # the fit: one current line per run
    exp, problem = line_problem
    fit = make(FitPlot, qtbot)
    fit.set_problem(problem, exp)
    hs = histories(problem.param_names)
    three_runs(fit, hs)
    assert legend_names(fit) == [
        "data",
        "least squares",
        "first",
        "second",
        "third",
        "earlier fits",
    ]
    for i, h in enumerate(hs):
        line = fit.run_items(i)["line"]
        x, y = path_xy(line)
        np.testing.assert_allclose(y, problem.predict(h.params[-1], x), rtol=1e-12)
        assert pen_colour(line) == run_color(i)


def test_the_palette_follows_the_theme_and_set_runs_colours(qtbot):
    hs = histories()
    plot = make(TrajectoryPlot, qtbot, "light")
    plot.set_problem(Rosen(), None)
    three_runs(plot, hs)
    assert pen_colour(plot.run_items(1)["path"]) == run_color(1, "light")
    plot.set_runs([RunStyle(0, "a"), RunStyle(1, "b", "#123456"), RunStyle(2, "c")])
    assert pen_colour(plot.run_items(1)["path"]) == "#123456"
    plot.set_theme("dark")
    assert pen_colour(plot.run_items(2)["path"]) == run_color(2, "dark")


def test_hiding_a_run_takes_it_out_of_the_picture_and_the_legend(qtbot):
    hs = histories()
    plot = make(LossPlot, qtbot)
    plot.set_problem(Rosen(), None)
    three_runs(plot, hs)
    plot.set_runs([RunStyle(0, "first"), RunStyle(1, "second", None, False), RunStyle(2, "third")])
    items = plot.run_items(1)
    assert not items["curve"].isVisible() and not items["marker"].isVisible()
    assert legend_names(plot) == ["first", "third"]
    assert plot.run_items(0)["curve"].isVisible()
    pts = plot._overlay_points()
    assert len(pts) == len(hs[0]) + len(hs[2])  # the hidden curve is not kept clear of
    # it grows while hidden, and shows its newest state when shown again
    longer = spiral(400, seed=1)
    plot.show_history(longer, "running", run=1)
    plot.set_runs([RunStyle(i, nm) for i, nm in enumerate(("first", "second", "third"))])
    assert items["curve"].isVisible()
    x, _ = path_xy(items["curve"])
    assert x[-1] == 399 and len(x) == 400
    assert legend_names(plot) == ["first", "second", "third"]


def test_a_legend_click_asks_the_window_to_hide_the_run(qtbot):
    plot = make(TrajectoryPlot, qtbot)
    plot.set_problem(Rosen(), None)
    three_runs(plot, histories())
    sample = plot._legend.items[1][0]  # the ItemSample of "second"

    class Click:
        def button(self):
            return Qt.MouseButton.LeftButton

        def accept(self):
            pass

    with qtbot.waitSignal(plot.run_visibility_requested) as blocker:
        sample.mouseClickEvent(Click())
    assert blocker.args == [1, False]
    assert plot.run_items(1)["path"].isVisible()  # the window decides, with set_runs
    assert sample.item.isVisible()


def test_removing_a_run(qtbot, line_problem):
    hs = histories()
    traj = make(TrajectoryPlot, qtbot)
    traj.set_problem(Rosen(), None)
    three_runs(traj, hs)
    path = traj.run_items(2)["path"]
    traj.remove_run(2)
    assert path.scene() is None and traj.run_items(2) == {}
    assert traj.run_indices() == [0, 1]
    assert legend_names(traj)[:2] == ["first", "second"] and "third" not in legend_names(traj)
    traj.remove_run(1)  # one run left: today's legend again
    assert legend_names(traj) == ["path", "now", "minimum"]
    traj.clear_run()
    assert traj.run_indices() == [0] and not traj.path_item.path().elementCount()
    exp, problem = line_problem
    fit = make(FitPlot, qtbot)
    fit.set_problem(problem, exp)
    three_runs(fit, histories(problem.param_names))
    line = fit.run_items(1)["line"]
    fit.clear_run()
    assert line.scene() is None and fit.run_indices() == [0, 1, 2]  # the styles stay
    assert not fit.fit_line.path().elementCount()


def test_the_selected_runs_details(qtbot, line_problem):
    hs = histories()
    traj = make(TrajectoryPlot, qtbot)
    traj.set_problem(Rosen(), None)
    traj.show()
    qtbot.waitExposed(traj)
    three_runs(traj, hs)
    assert traj.step_arrow.isVisible()
    assert (traj.step_arrow.pos().x(), traj.step_arrow.pos().y()) == pytest.approx(
        tuple(hs[0].params[-1])
    )
    traj.set_selected_run(2)
    assert (traj.step_arrow.pos().x(), traj.step_arrow.pos().y()) == pytest.approx(
        tuple(hs[2].params[-1])
    )
    step = hs[2].params[-1] - hs[2].params[-2]
    vx, vy = traj.step_arrow.view_vector
    assert vx * step[1] - vy * step[0] == pytest.approx(0, abs=1e-9)  # along run 2's step
    assert traj.step_arrow.colour().name() == run_color(2)
    loss = make(LossPlot, qtbot)
    loss.set_problem(Rosen(), None)
    three_runs(loss, hs)
    loss.set_selected_run(1)
    note = loss.note.toPlainText()
    assert note.startswith("second") and f"step {hs[1].step[-1]}" in note
    assert loss.value_label.pos().x() == hs[1].step[-1]
    exp, problem = line_problem
    fit = make(FitPlot, qtbot)
    fit.set_problem(problem, exp)
    hs = histories(problem.param_names)
    three_runs(fit, hs)
    fit.set_selected_run(2)
    ex, ey = fit.earlier_data[0]  # the start of run 2
    np.testing.assert_allclose(ey, problem.predict(hs[2].params[0], ex), rtol=1e-12)
    assert fit.caption.toPlainText().startswith("third")
    assert fit.earlier_lines[-1].pen().color().name() == run_color(2)


def test_unchanged_runs_are_not_redrawn(qtbot):
    hs = histories()
    plot = make(LossPlot, qtbot)
    plot.set_problem(Rosen(), None)
    three_runs(plot, hs)
    drawn = []
    curve0 = plot.run_items(0)["curve"]
    original = curve0.setData
    curve0.setData = lambda *a: (drawn.append(a), original(*a))
    before = plot.redraws
    for i, h in enumerate(hs):  # the same histories again: nothing to do
        plot.show_history(h, "paused", run=i)
    assert plot.redraws == before and not drawn
    plot.show_history(spiral(300, seed=1), "paused", run=1)
    assert plot.redraws == before + 1 and not drawn


def test_one_run_behaves_as_before(qtbot, line_problem):
    exp, problem = line_problem
    h = histories(problem.param_names)[0]
    fit, loss, traj = (make(c, qtbot) for c in (FitPlot, LossPlot, TrajectoryPlot))
    for p in (fit, loss, traj):
        p.set_problem(problem, exp)
        p.show_history(h, "paused")
        assert p.run_indices() == [0]
    assert legend_names(fit) == ["data", "least squares", "fit now", "earlier fits"]
    assert legend_names(traj) == ["path", "now", "optimum"]
    assert loss._legend is None and not loss.note.toPlainText().startswith("run")
    assert pen_colour(loss.curve) == run_color(0) == pen_colour(traj.path_item)


# --- the branch marker --------------------------------------------------------------------


def test_branch_marker_on_the_loss_plot(qtbot):
    plot = make(LossPlot, qtbot)
    plot.set_problem(Rosen(), None)
    plot.show_history(spiral(300), "paused")
    plot.mark_branch(120)
    line = plot.branch_line
    assert line.isVisible() and line.value() == 120
    assert line.label.toPlainText() == "branch at step 120"
    assert line.pen.style() == Qt.PenStyle.DashLine
    plot.clear_run()
    assert line.isVisible()  # a branched run starts over from there
    plot.mark_branch(None)
    assert not line.isVisible() and plot.branch_step is None
    plot.mark_branch(7)
    plot.set_problem(Rosen(), None)
    assert not line.isVisible()


def test_branch_ring_on_the_selected_runs_path(qtbot):
    hs = histories()
    plot = make(TrajectoryPlot, qtbot)
    plot.set_problem(Rosen(), None)
    three_runs(plot, hs)
    ring = plot.branch_item
    plot.mark_branch(150)
    assert ring.isVisible()
    assert (ring.pos().x(), ring.pos().y()) == tuple(hs[0].params[150])
    plot.set_selected_run(1)
    assert (ring.pos().x(), ring.pos().y()) == tuple(hs[1].params[150])
    plot.mark_branch(220)  # beyond run 0's 200 rows, inside run 1's 250
    assert (ring.pos().x(), ring.pos().y()) == tuple(hs[1].params[220])
    plot.set_selected_run(0)
    assert not ring.isVisible()
    plot.set_selected_run(2)
    plot.set_runs([RunStyle(0, "a"), RunStyle(1, "b"), RunStyle(2, "c", None, False)])
    assert not ring.isVisible()  # the selected run is hidden
    plot.mark_branch(None)
    plot.set_runs([RunStyle(i, n) for i, n in enumerate("abc")])
    assert not ring.isVisible()
