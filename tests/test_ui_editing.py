"""Point-and-click experiments: every edit through real mouse and key events on the plots."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import math  # noqa: E402

import numpy as np  # noqa: E402
import pyqtgraph as pg  # noqa: E402
import pytest  # noqa: E402
from PySide6.QtCore import QPoint, QPointF, Qt  # noqa: E402
from PySide6.QtGui import QKeySequence  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from gdgui.core.experiment import preset  # noqa: E402
from gdgui.ui.controller import RunState  # noqa: E402

LEFT, RIGHT = Qt.MouseButton.LeftButton, Qt.MouseButton.RightButton
MOVE_MS = 1000 // pg.getConfigOption("mouseRateLimit") + 2
DATA = {"x": [1.0, 2.0, 3.0, 4.0], "y": [3.0, 5.0, 7.0, 9.0]}  # y = 2x + 1


def line_wb(**changes):
    exp = preset("tutorial-003").replace(
        problem={"name": "linear-wb"}, data=DATA, init=[0.0, 0.0], steps=300
    )
    return exp.replace(**changes) if changes else exp


def surface(name="rosenbrock", **changes):
    return preset("tutorial-003").replace(
        problem={"name": name},
        init=[-1.5, 2.0],
        optimizer={"name": "gd", "lr": 0.001},
        steps=400,
        **changes,
    )


# --- mouse helpers: data coordinates -> widget pixels ------------------------------------------


def pixel(plot, x, y) -> QPoint:
    """The viewport pixel that shows view point (x, y)."""
    scene = plot.plotItem.vb.mapViewToScene(QPointF(x, y))
    return plot.mapFromScene(scene)


def view_point(plot, p: QPoint) -> tuple[float, float]:
    v = plot.plotItem.vb.mapSceneToView(plot.mapToScene(p))
    return v.x(), v.y()


def pixel_size(plot) -> tuple[float, float]:
    return plot.plotItem.vb.viewPixelSize()


def click(qtbot, plot, x, y, button=LEFT):
    qtbot.mouseClick(plot.viewport(), button, pos=pixel(plot, x, y))


def drag(qtbot, plot, start, end, steps=6):
    """Press at view point ``start``, move in ``steps`` steps, release at ``end``."""
    vp = plot.viewport()
    p0, p1 = pixel(plot, *start), pixel(plot, *end)
    qtbot.mousePress(vp, LEFT, pos=p0)
    for k in range(1, steps + 1):
        qtbot.wait(MOVE_MS)  # pyqtgraph drops moves that come too fast (mouseRateLimit)
        t = k / steps
        qtbot.mouseMove(
            vp, QPoint(round(p0.x() + t * (p1.x() - p0.x())), round(p0.y() + t * (p1.y() - p0.y())))
        )
    qtbot.mouseRelease(vp, LEFT, pos=p1)


def data_of(window):
    spec = window.controller.experiment.to_dict()["data"]
    ds = window.controller.experiment.dataset()
    return spec, list(zip(ds.x.tolist(), ds.y.tolist()))


def activate(qtbot, window):
    window.activateWindow()
    window.raise_()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)


def settled(make_window, qtbot, exp, **kw):
    """A shown window whose plots have finished laying out (axes size themselves late)."""
    w = make_window(exp, **kw)
    qtbot.waitExposed(w)
    w.render_now()

    def geometry():
        return [p.plotItem.vb.sceneBoundingRect() for p in (w.fit_plot, w.trajectory_plot)]

    last = None
    for _ in range(50):
        qtbot.wait(10)
        now = geometry()
        if now == last:
            break
        last = now
    return w


@pytest.fixture
def win(make_window, qtbot):
    return settled(make_window, qtbot, line_wb())


# --- the fit plot ------------------------------------------------------------------------------


def test_click_adds_a_point_and_the_optimum_follows(win, qtbot):
    fit = win.fit_plot
    before_range = fit.plotItem.vb.viewRange()
    opt0 = win.controller.problem.optimum().copy()
    click(qtbot, fit, 2.5, 8.0)
    spec, points = data_of(win)
    assert len(points) == 5 and points[:4] == list(zip(DATA["x"], DATA["y"]))
    x, y = points[-1]
    pw, ph = pixel_size(fit)
    assert abs(x - 2.5) <= 1.5 * pw and abs(y - 8.0) <= 1.5 * ph
    assert spec == {"x": [*DATA["x"], x], "y": [*DATA["y"], y]}  # inline data
    problem = win.controller.problem
    assert problem.n_samples == 5
    assert not np.allclose(problem.optimum(), opt0)
    np.testing.assert_allclose(problem.optimum(), np.polyfit(problem.x, problem.y, 1))
    # the least-squares line, the surface's optimum marker and the run follow
    np.testing.assert_allclose(
        fit.lsq_line.yData, problem.predict(problem.optimum(), fit.lsq_line.xData)
    )
    ((ox, oy),) = win.trajectory_plot.optimum_points
    assert (ox, oy) == pytest.approx(tuple(problem.optimum()))
    assert len(win.controller.history) == 1 and win.controller.status == RunState.READY
    assert fit.plotItem.vb.viewRange() == before_range  # the view stays put while editing
    assert fit.selected == 4 and win.editor.action_delete_point.isEnabled()
    assert win.editor.stack.count() == 1 and "add point" in win.editor.stack.undoText()


def test_drag_moves_a_point_and_one_undo_restores_it(win, qtbot):
    fit = win.fit_plot
    drag(qtbot, fit, (3.0, 7.0), (3.0, 4.0), steps=8)
    spec, points = data_of(win)
    pw, ph = pixel_size(fit)
    x, y = points[2]
    assert abs(x - 3.0) <= 1.5 * pw and abs(y - 4.0) <= 1.5 * ph
    assert [p for i, p in enumerate(points) if i != 2] == [(1.0, 3.0), (2.0, 5.0), (4.0, 9.0)]
    stack = win.editor.stack
    assert stack.count() == 1  # the moves of one drag are one undo step
    opt_moved = win.controller.problem.optimum().copy()
    stack.undo()
    assert win.controller.experiment.to_dict()["data"] == DATA
    np.testing.assert_allclose(win.controller.problem.optimum(), [2.0, 1.0])
    stack.redo()
    assert data_of(win)[1][2] == (x, y)
    np.testing.assert_allclose(win.controller.problem.optimum(), opt_moved)
    # a second drag is a second step
    drag(qtbot, fit, (1.0, 3.0), (1.0, 2.0))
    assert stack.count() == 2


def test_drag_on_empty_space_pans(win, qtbot):
    fit = win.fit_plot
    (x0, x1), (y0, y1) = fit.plotItem.vb.viewRange()
    start = (x0 + 0.8 * (x1 - x0), y0 + 0.2 * (y1 - y0))  # far from every point
    end = (x0 + 0.6 * (x1 - x0), y0 + 0.4 * (y1 - y0))
    drag(qtbot, fit, start, end)
    assert win.controller.experiment.to_dict()["data"] == DATA
    assert win.editor.stack.count() == 0
    assert fit.plotItem.vb.viewRange()[0][0] > x0  # dragged left: the view moved right


def test_right_click_and_delete_key_remove_points(win, qtbot):
    fit = win.fit_plot
    click(qtbot, fit, 2.0, 5.0, RIGHT)
    assert data_of(win)[1] == [(1.0, 3.0), (3.0, 7.0), (4.0, 9.0)]
    click(qtbot, fit, 4.0, 9.0)  # select, no new point
    assert fit.selected == 2 and len(data_of(win)[1]) == 3
    activate(qtbot, win)
    qtbot.keyClick(win, Qt.Key.Key_Delete)
    assert data_of(win)[1] == [(1.0, 3.0), (3.0, 7.0)]
    assert fit.selected is None and not win.editor.action_delete_point.isEnabled()
    win.editor.stack.undo()
    assert data_of(win)[1] == [(1.0, 3.0), (3.0, 7.0), (4.0, 9.0)]
    assert fit.selected == 2  # the point comes back selected
    win.editor.stack.undo()
    assert win.controller.experiment.to_dict()["data"] == DATA


def test_the_last_point_is_never_deleted(make_window, qtbot):
    w = settled(make_window, qtbot, line_wb(data={"x": [2.0], "y": [3.0]}))
    fit = w.fit_plot
    (x0, x1), (y0, y1) = fit.plotItem.vb.viewRange()
    click(qtbot, fit, 2.0, 3.0, RIGHT)
    assert w.controller.experiment.to_dict()["data"] == {"x": [2.0], "y": [3.0]}
    assert "last data point" in w.statusBar().currentMessage()
    click(qtbot, fit, 2.0, 3.0)
    assert fit.selected == 0
    activate(qtbot, w)
    qtbot.keyClick(w, Qt.Key.Key_Delete)
    assert w.controller.experiment.to_dict()["data"] == {"x": [2.0], "y": [3.0]}
    assert w.editor.stack.count() == 0


def test_clear_data_and_undo(win, qtbot):
    ed = win.editor
    assert ed.action_clear_data.isEnabled()
    ed.action_clear_data.trigger()
    assert win.controller.experiment.to_dict()["data"] == {"x": [1.0], "y": [3.0]}
    assert win.controller.problem.n_samples == 1
    assert "first point" in win.statusBar().currentMessage()
    click(qtbot, win.fit_plot, 3.0, 6.0)  # and the plot takes new points
    assert win.controller.problem.n_samples == 2
    ed.stack.undo()
    ed.stack.undo()
    assert win.controller.experiment.to_dict()["data"] == DATA
    ed.stack.redo()
    assert win.controller.experiment.to_dict()["data"] == {"x": [1.0], "y": [3.0]}
    ed.action_clear_data.trigger()  # one point left: nothing to clear
    assert "Nothing to clear" in win.statusBar().currentMessage()


def test_undo_redo_with_the_keyboard(win, qtbot):
    fit = win.fit_plot
    click(qtbot, fit, 2.5, 8.0)
    click(qtbot, fit, 3.5, 4.0)
    assert len(data_of(win)[1]) == 6
    activate(qtbot, win)
    ctrl, shift = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(win, Qt.Key.Key_Z, ctrl)
    assert len(data_of(win)[1]) == 5
    qtbot.keyClick(win, Qt.Key.Key_Z, ctrl)
    assert win.controller.experiment.to_dict()["data"] == DATA
    qtbot.keyClick(win, Qt.Key.Key_Z, ctrl | shift)
    assert len(data_of(win)[1]) == 5
    qtbot.keyClick(win, Qt.Key.Key_Z, ctrl | shift)
    assert len(data_of(win)[1]) == 6
    qtbot.keyClick(win, Qt.Key.Key_Z, ctrl | shift)  # nothing left to redo
    assert len(data_of(win)[1]) == 6


def test_an_edit_restarts_a_running_run(make_window, qtbot):
    w = settled(make_window, qtbot, line_wb(steps=10**7), speed=200)
    c = w.controller
    c.start()
    qtbot.waitUntil(lambda: len(c.history) > 5, timeout=5000)
    run_id = c.run_id
    click(qtbot, w.fit_plot, 2.5, 8.0)
    assert c.run_id > run_id and c.playing and c.status == RunState.RUNNING
    assert w.controller.problem.n_samples == 5
    qtbot.waitUntil(lambda: len(c.history) > 2, timeout=5000)
    np.testing.assert_allclose(c.history.params[0], [0.0, 0.0])  # from the start again
    c.pause()


def test_edit_history_is_cleared_when_the_data_changes_elsewhere(win, qtbot):
    click(qtbot, win.fit_plot, 2.5, 8.0)
    assert win.editor.stack.count() == 1
    win.controller.set_experiment(win.controller.experiment.replace(optimizer={"lr": 0.01}))
    assert win.editor.stack.count() == 1  # a hyperparameter is not the data
    win.set_experiment(preset("tutorial-000"))
    assert win.editor.stack.count() == 0 and win.fit_plot.selected is None


def test_large_data_is_not_edited_by_hand(make_window, qtbot):
    exp = preset("tutorial-000").replace(data={"preset": "noisy-line", "n": 6000})
    w = settled(make_window, qtbot, exp)
    (x0, x1), (y0, y1) = w.fit_plot.plotItem.vb.viewRange()
    click(qtbot, w.fit_plot, x0 + 0.9 * (x1 - x0), y0 + 0.1 * (y1 - y0))
    assert w.controller.problem.n_samples == 6000
    assert "up to 5,000 points" in w.statusBar().currentMessage()


# --- the Edit menu -----------------------------------------------------------------------------


def test_edit_menu(win):
    bar = win.menuBar()
    titles = [a.text() for a in bar.actions()]
    assert titles[1] == "&Edit"  # after File
    ed = win.editor
    menu_actions = ed.menu.actions()
    for act in ed.actions:
        assert act in menu_actions
        assert act.toolTip() and act.statusTip() and act.objectName()
    assert QKeySequence("Ctrl+Z") in ed.action_undo.shortcuts()
    assert QKeySequence("Ctrl+Shift+Z") in ed.action_redo.shortcuts()
    assert "(Ctrl+Z)" in ed.action_undo.toolTip()
    assert "Ctrl+Shift+Z" in ed.action_redo.toolTip()
    assert "(Del" in ed.action_delete_point.toolTip()
    assert not ed.action_undo.isEnabled() and not ed.action_delete_point.isEnabled()
    ed.add_point(5.0, 5.0)
    assert ed.action_undo.isEnabled() and "add point (5, 5)" in ed.action_undo.toolTip()


# --- the trajectory plot: click to start -------------------------------------------------------


def init_fields(window):
    return [e.value() for e in window.panels.run_section.init_edits]


def test_click_on_the_surface_sets_the_start(win, qtbot):
    traj = win.trajectory_plot
    c = win.controller
    c.step(3)
    qtbot.waitUntil(lambda: len(c.history) == 4, timeout=5000)
    (x0, x1), (y0, y1) = traj.plotItem.vb.viewRange()
    w, b = x0 + 0.3 * (x1 - x0), y0 + 0.7 * (y1 - y0)
    click(qtbot, traj, w, b)
    init = c.experiment.to_dict()["init"]
    pw, ph = pixel_size(traj)
    assert abs(init[0] - w) <= 1.5 * pw and abs(init[1] - b) <= 1.5 * ph
    assert init_fields(win) == init  # the Run panel shows the same numbers
    assert len(c.history) == 1 and c.status == RunState.READY  # the run was reset
    np.testing.assert_allclose(c.history.params[0], init)
    win.render_now()
    assert traj.current_item.pos().x() == pytest.approx(init[0])
    # a drag pans and leaves the start alone
    drag(qtbot, traj, (w, b), (w + 0.2 * (x1 - x0), b))
    assert c.experiment.to_dict()["init"] == init
    assert traj.plotItem.vb.viewRange()[0][0] < x0
    # undo goes back to the start before
    win.editor.stack.undo()
    assert c.experiment.to_dict()["init"] == [0.0, 0.0] and init_fields(win) == [0.0, 0.0]


def test_click_on_a_standardized_problem_stores_the_shown_parameters(make_window, qtbot):
    exp = line_wb(standardize=True, data={"x": [10.0, 20.0, 30.0, 40.0], "y": [3.0, 5.0, 7.0, 9.0]})
    w = settled(make_window, qtbot, exp)
    traj, problem = w.trajectory_plot, w.controller.problem
    assert problem.standardized
    assert "standardized parameters w′, b′" in traj.plotItem.titleLabel.text
    assert "standardized" in traj.plotItem.getAxis("bottom").labelText
    (x0, x1), (y0, y1) = traj.plotItem.vb.viewRange()
    wp, bp = x0 + 0.25 * (x1 - x0), y0 + 0.75 * (y1 - y0)
    click(qtbot, traj, wp, bp)
    init = w.controller.experiment.to_dict()["init"]
    (cw, cb) = problem.to_internal(np.array(init))  # back to the plot's w′, b′
    pw, ph = pixel_size(traj)
    assert abs(cw - wp) <= 1.5 * pw and abs(cb - bp) <= 1.5 * ph
    np.testing.assert_allclose(w.controller.history.params[0], [cw, cb])
    assert init_fields(w) == init


def test_click_on_the_loss_curve_sets_w(make_window, qtbot):
    w = settled(make_window, qtbot, preset("tutorial-003"))
    traj = w.trajectory_plot
    assert traj.dim == 1
    (x0, x1), (y0, y1) = traj.plotItem.vb.viewRange()
    target = x0 + 0.2 * (x1 - x0)
    click(qtbot, traj, target, y0 + 0.5 * (y1 - y0))
    (init,) = w.controller.experiment.to_dict()["init"]
    assert abs(init - target) <= 1.5 * pixel_size(traj)[0]
    assert init_fields(w) == [init]


def test_surface_click_arrows_and_no_fit_plot(make_window, qtbot):
    w = settled(make_window, qtbot, surface())
    assert w.fit_plot.isHidden() and not w.editor.action_clear_data.isEnabled()
    traj, c = w.trajectory_plot, w.controller
    assert traj.color_scale == "log"  # Rosenbrock spans decades
    click(qtbot, traj, -1.0, 2.5)
    init = c.experiment.to_dict()["init"]
    assert init == pytest.approx([-1.0, 2.5], abs=1.5 * max(pixel_size(traj)))
    np.testing.assert_allclose(c.history.params[0], init)
    c.step(25)
    qtbot.waitUntil(lambda: len(c.history) == 26, timeout=5000)
    w.render_now()
    theta = c.history.params[-1]
    _, grad = c.problem.value_and_grad(theta[None, :])
    down = -grad[0]
    for arrow in (traj.grad_arrow, traj.step_arrow):
        assert arrow.isVisible()
        assert (arrow.pos().x(), arrow.pos().y()) == pytest.approx(tuple(theta))
    v = np.array(traj.grad_arrow.view_vector)
    assert np.dot(v, down) / (np.linalg.norm(v) * np.linalg.norm(down)) == pytest.approx(1.0)
    assert traj.grad_arrow.text() == "−∇f" and traj.step_arrow.text() == "step"
    # on screen too: the drawn arrow points at the pixel of θ + ε·(−∇f)
    eps = 1e-3 / np.linalg.norm(down)
    a = pixel(traj, *theta)
    b = traj.plotItem.vb.mapViewToScene(
        QPointF(*(theta + eps * down))
    ) - traj.plotItem.vb.mapViewToScene(QPointF(*theta))
    px, py = traj.grad_arrow.pixel_vector
    assert a is not None
    assert (px * b.x() + py * b.y()) / (
        math.hypot(px, py) * math.hypot(b.x(), b.y())
    ) == pytest.approx(1.0, abs=1e-6)
    assert math.hypot(px, py) == pytest.approx(64)
    s = np.array(traj.step_arrow.view_vector)
    step = c.history.params[-1] - c.history.params[-2]
    assert np.dot(s, step) / (np.linalg.norm(s) * np.linalg.norm(step)) == pytest.approx(1.0)
    # a reset leaves only the gradient arrow (no step yet)
    c.reset()
    w.render_now()
    assert traj.grad_arrow.isVisible() and not traj.step_arrow.isVisible()


def test_undo_keys_in_a_text_field_stay_with_the_field(win, qtbot):
    click(qtbot, win.fit_plot, 2.5, 8.0)
    activate(qtbot, win)
    edit = win.panels.run_section.init_edits[0]
    edit.setFocus()
    qtbot.waitUntil(edit.hasFocus, timeout=1000)
    qtbot.keyClicks(edit, "12")
    qtbot.keyClick(edit, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert win.editor.stack.count() == 1 and win.editor.stack.index() == 1
    assert win.controller.problem.n_samples == 5  # the point is still there
    qtbot.keyClick(edit, Qt.Key.Key_Delete)  # and Delete deletes text, not the point
    assert win.controller.problem.n_samples == 5


def test_point_edits_make_new_datasets_and_undo_brings_back_the_same_one(make_window):
    win = make_window(line_wb())
    c, ed = win.controller, win.editor
    first = c.experiment.dataset()
    ed.add_point(5.0, 11.0)
    added = c.experiment.dataset()
    assert added is not first and added.n == 5 and first.n == 4  # the old one untouched
    assert not added.x.flags.writeable and win.isWindowModified()
    ed.move_point(0, 1.5, 4.0, finished=True)
    moved = c.experiment.dataset()
    assert (moved.x[0], added.x[0]) == (1.5, 1.0)
    ed.stack.undo()
    assert c.experiment.dataset() is added
    ed.stack.undo()
    assert c.experiment.dataset() is first and not win.isWindowModified()
    ed.stack.redo()
    assert c.experiment.dataset() is added
