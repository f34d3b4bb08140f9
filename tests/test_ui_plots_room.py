"""The plots in a lecture room: their own context menu, legends and corner texts that
keep off the data, a colour bar for the loss surface, and presentation scaling."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import math  # noqa: E402

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from PySide6.QtCore import QPointF, Qt  # noqa: E402
from PySide6.QtGui import QGuiApplication, QTransform  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402
from test_ui_plots_honesty import Bowl  # noqa: E402

from gdgui.core.experiment import preset  # noqa: E402
from gdgui.core.plotmath import corner_rect  # noqa: E402
from gdgui.core.runner import History  # noqa: E402
from gdgui.ui.plots import FitPlot, LossPlot, TrajectoryPlot  # noqa: E402
from gdgui.ui.plots.items import label_scene_rect  # noqa: E402

PLOTS = [FitPlot, LossPlot, TrajectoryPlot]

#: what pyqtgraph's own menus hold; none of it may reach a plot's menu
PYQTGRAPH_ENTRIES = {"View All", "X axis", "Y axis", "Mouse Mode", "Plot Options", "Export..."}


def finished(exp):
    problem = exp.build_problem()
    run = exp.build_run(problem)
    run.run()
    return exp, problem, run


@pytest.fixture(scope="module")
def t000():
    return finished(preset("tutorial-000"))


def make(cls, qtbot, size=(480, 340)):
    plot = cls(None, "dark")
    qtbot.addWidget(plot)
    plot.resize(*size)
    plot.show()
    qtbot.waitExposed(plot)
    return plot


def loaded(cls, qtbot, case, size=(480, 340)):
    exp, problem, run = case
    plot = make(cls, qtbot, size)
    plot.set_problem(problem, exp)
    plot.show_history(run.history, "finished")
    plot.scene().prepareForPaint()
    plot.place_overlays()
    return plot


def history(names, params, loss):
    params = np.asarray(params, dtype=float)
    n = len(params)
    h = History(names, capacity=n)
    k = np.arange(n)
    h.extend(k, k, params, np.asarray(loss, dtype=float), np.zeros_like(params))
    return h


def shown_menu(plot, widget_pos):
    """Right-click at ``widget_pos`` and return the popup that opened (closed again)."""
    from PySide6.QtTest import QTest

    QTest.mouseClick(plot.viewport(), Qt.MouseButton.RightButton, pos=widget_pos)
    menu = QApplication.activePopupWidget()
    assert menu is not None, "no menu opened"
    menu.close()
    return menu


def texts(menu):
    return [a.text().replace("&", "") for a in menu.actions() if not a.isSeparator()]


# --- the context menu ---------------------------------------------------------------------


@pytest.mark.parametrize("cls", PLOTS)
def test_right_click_opens_the_plots_own_menu(qtbot, t000, cls):
    plot = loaded(cls, qtbot, t000)
    vb = plot.plotItem.vb
    centre = vb.mapToScene(vb.boundingRect().center())
    on_axis = plot.plotItem.getAxis("left").sceneBoundingRect().center()
    for scene_pos in (centre, on_axis):
        menu = shown_menu(plot, plot.mapFromScene(scene_pos))
        assert menu is plot.context_menu
        names = texts(menu)
        assert names[:3] == ["Export this plot…", "Copy to clipboard", "Reset view"]
        assert not PYQTGRAPH_ENTRIES & set(names)
        extra = {LossPlot: ["Log scale"], TrajectoryPlot: ["Equal axis scales"], FitPlot: []}
        assert names[3:] == extra[cls]
        for action in menu.actions():
            if not action.isSeparator():
                assert action.toolTip() and action.statusTip() == action.toolTip()
                assert action.toolTip() != action.text()


@pytest.mark.parametrize("cls", PLOTS)
def test_menu_actions_export_copy_and_reset(qtbot, t000, cls):
    plot = loaded(cls, qtbot, t000)
    with qtbot.waitSignal(plot.export_requested, timeout=1000):
        plot.action_export.trigger()
    QGuiApplication.clipboard().clear()
    plot.action_copy.trigger()
    image = QGuiApplication.clipboard().image()
    assert image.width() >= plot.width() and image.height() >= plot.height()
    rows = (image.height() // 4, image.height() // 2, 3 * image.height() // 4)
    colours = {image.pixel(x, y) for y in rows for x in range(0, image.width(), 7)}
    assert len(colours) > 3  # not blank
    vb = plot.plotItem.vb
    home = [list(r) for r in vb.viewRange()]
    vb.scaleBy((0.2, 0.3))
    vb.translateBy((0.1 * (home[0][1] - home[0][0]), 0.0))
    plot.scene().prepareForPaint()
    assert not np.allclose(vb.viewRange(), home)
    plot.action_reset_view.trigger()
    plot.scene().prepareForPaint()
    assert np.allclose(vb.viewRange(), home, rtol=1e-6, atol=1e-9)


def test_menu_toggles_log_scale_and_equal_aspect(qtbot, t000):
    loss = loaded(LossPlot, qtbot, t000)
    loss.action_log_scale.trigger()
    assert loss.log_scale and loss.plotItem.getAxis("left").logMode
    traj = loaded(TrajectoryPlot, qtbot, t000)
    before = traj.equal_aspect
    traj.action_equal_aspect.trigger()
    assert traj.equal_aspect is not before


# --- legends and corner texts -------------------------------------------------------------


def scene_points(plot, xs, ys):
    vb = plot.plotItem.vb
    return [vb.mapViewToScene(QPointF(float(x), float(y))) for x, y in zip(xs, ys)]


def covered(rect, points):
    return sum(rect.contains(p) for p in points)


def data_case(x, y):
    exp = preset("tutorial-000").replace(data={"x": list(map(float, x)), "y": list(map(float, y))})
    return finished(exp)


def test_legend_moves_off_the_data_and_follows_new_data(qtbot):
    # data filling the top left, where the fit plot's legend was fixed
    rng = np.random.default_rng(1)
    x = np.r_[rng.uniform(0, 3, 120), 10.0]
    y = np.r_[rng.uniform(7, 10, 120), 0.0]
    plot = loaded(FitPlot, qtbot, data_case(x, y), size=(500, 350))
    points = scene_points(plot, x, y)
    legend = plot._legend
    assert legend.corner != "top-left"
    assert covered(legend.sceneBoundingRect(), points) == 0
    # at the old fixed place it would hide points: what the test guards against
    vb = plot.plotItem.vb
    area = vb.boundingRect()
    r = legend.boundingRect()
    x0, y0, x1, y1 = corner_rect("top-left", (area.width(), area.height()), (r.width(), r.height()))
    old = vb.mapRectToScene(area.adjusted(x0, y0, x1 - area.width(), y1 - area.height()))
    assert covered(old, points) > 10
    # the caption (a corner text) keeps off the data and off the legend too
    caption = plot.caption.sceneBoundingRect()
    assert covered(caption, points) == 0
    assert not caption.intersects(legend.sceneBoundingRect())
    # new data in the top right: the legend goes elsewhere by itself (a timer, not per frame)
    corner = legend.corner
    exp, problem, _ = data_case(10 - x, y)
    plot.set_problem(problem, exp)
    assert legend.corner == corner  # not yet: placement waits for the timer
    qtbot.waitUntil(lambda: legend.corner != corner, timeout=2000)
    assert covered(legend.sceneBoundingRect(), scene_points(plot, 10 - x, y)) == 0


def test_a_dragged_legend_stays_and_the_readout_keeps_clear(qtbot, t000):
    plot = loaded(TrajectoryPlot, qtbot, t000)
    legend = plot._legend

    class Drag:  # what LegendItem.mouseDragEvent reads
        accepted = False

        def button(self):
            return Qt.MouseButton.LeftButton

        def pos(self):
            return QPointF(-150, 120)

        def lastPos(self):  # noqa: N802
            return QPointF(0, 0)

        def accept(self):
            self.accepted = True

        def isAccepted(self):  # noqa: N802
            return self.accepted

    legend.mouseDragEvent(Drag())
    assert legend.moved_by_user
    where = legend.sceneBoundingRect()
    plot.place_overlays()
    assert legend.sceneBoundingRect() == where
    # hover everywhere: the readout never covers the legend
    vb = plot.plotItem.vb
    area = vb.sceneBoundingRect()
    for fx, fy in [(0.1, 0.1), (0.5, 0.5), (0.9, 0.9), (0.9, 0.1)]:
        at = QPointF(area.left() + fx * area.width(), area.top() + fy * area.height())
        plot._on_mouse_moved(at)
        assert plot._readout.text()
        assert not plot._readout.sceneBoundingRect().intersects(where)


@pytest.mark.parametrize("cls", PLOTS)
def test_hover_readout_never_covers_the_legend_or_corner_texts(qtbot, t000, cls):
    plot = loaded(cls, qtbot, t000, size=(420, 300))
    vb = plot.plotItem.vb
    area = vb.sceneBoundingRect()
    plot._on_mouse_moved(area.center())
    readout = plot._readout
    assert readout.text()
    others = [r for r in plot.overlay_rects() if r != readout.sceneBoundingRect()]
    assert others
    for r in others:
        assert not readout.sceneBoundingRect().intersects(r)


@pytest.mark.parametrize(
    "loss",
    [
        np.linspace(1.0, 50.0, 300),  # rising: the last point at the top right, by the note
        np.exp(-np.linspace(0, 6, 300)),  # falling
        np.r_[np.linspace(5, 1, 150), np.linspace(1, 5, 150)],  # down and up again
    ],
    ids=["rising", "falling", "valley"],
)
def test_current_value_label_never_overwrites_the_corner_note(qtbot, loss):
    exp, problem, _ = finished(preset("tutorial-003"))
    plot = make(LossPlot, qtbot, size=(480, 300))
    plot.set_problem(problem, exp)
    n = len(loss)
    plot.show_history(history(("w", "b"), np.zeros((n - 1, 2)), loss[:-1]), "running")
    plot.scene().prepareForPaint()
    plot.place_overlays()
    note = plot.note
    assert note.isVisible() and note.text()
    # the worst case: the note in the corner nearest the current point (the data or a
    # dragged legend can leave it no other), then one more step
    vb = plot.plotItem.vb
    at = vb.mapFromView(QPointF(n - 2, float(loss[-2])))
    area = vb.boundingRect()
    vertical = "top" if at.y() < area.height() / 2 else "bottom"
    note.set_corner(f"{vertical}-{'right' if at.x() > area.width() / 2 else 'left'}")
    plot.show_history(history(("w", "b"), np.zeros((n, 2)), loss), "running")
    label = plot.value_label
    marker = plot.plotItem.vb.mapViewToScene(QPointF(n - 1, float(loss[-1])))
    if label.isVisible():
        rect = label_scene_rect(label)
        assert not rect.intersects(note.sceneBoundingRect()), (rect, note.sceneBoundingRect())
        # beside its point, not somewhere else
        assert min(abs(rect.left() - marker.x()), abs(rect.right() - marker.x())) < 12
        assert min(abs(rect.top() - marker.y()), abs(rect.bottom() - marker.y())) < 4
    else:  # hidden only when every side would cover the note
        assert "loss" in note.text()


def test_label_scene_rect_is_where_the_item_is_painted(qtbot, t000):
    plot = loaded(LossPlot, qtbot, t000)
    marker = plot.marker
    r = label_scene_rect(marker)
    at = plot.plotItem.vb.mapViewToScene(marker.pos())
    assert abs(r.center().x() - at.x()) < 0.6 and abs(r.center().y() - at.y()) < 0.6
    assert 8 <= r.width() <= 11  # the 9-pixel symbol, not the view's scale


# --- the colour bar -----------------------------------------------------------------------


@pytest.mark.parametrize("surface", ["bowl", "line"])
def test_colour_bar_ticks_print_true_loss_values(qtbot, t000, surface):
    plot = make(TrajectoryPlot, qtbot)
    if surface == "bowl":
        problem, exp = Bowl(3.0), None
    else:
        exp, problem, _ = t000
    plot.set_problem(problem, exp)
    bar = plot.colour_bar
    assert bar.isVisible()
    assert tuple(bar.levels()) == pytest.approx(plot._levels)
    ticks = plot.colour_ticks
    assert len(ticks) >= 3
    assert bar.axis._tickLevels[0] == ticks  # what the bar's axis paints
    v = plot.surface_values[np.isfinite(plot.surface_values)]
    lo, hi = plot._levels
    for z, text in ticks:
        assert lo - 1e-9 <= z <= hi + 1e-9
        true = plot.colour_value(z)
        assert float(text) == pytest.approx(true, rel=1e-6, abs=1e-9)
        assert v.min() - 1e-9 <= true <= v.max() * 1.01
        assert len(text.replace("-", "").replace(".", "").rstrip("0")) <= 3  # round values
    # the bar's colours are the surface's
    image_lut = plot.image.getColorMap().getLookupTable(nPts=16)
    assert np.array_equal(bar.colorMap().getLookupTable(nPts=16), image_lut)


def test_colour_bar_only_with_a_surface(qtbot):
    plot = make(TrajectoryPlot, qtbot)
    exp, problem, _ = finished(preset("tutorial-003"))
    plot.set_problem(problem, exp)
    assert plot.dim == 1 and not plot.colour_bar.isVisible()
    width_without = plot.plotItem.vb.width()
    plot.set_problem(Bowl(), None)
    plot.scene().prepareForPaint()
    QApplication.processEvents()
    assert plot.colour_bar.isVisible()
    assert plot.plotItem.vb.width() < width_without - 30  # the bar takes its place then only


# --- presentation scaling -----------------------------------------------------------------


def symbol_width(marker):
    """The width of a marker's symbol on screen (pixels, without its outline)."""
    return marker.deviceTransform(QTransform()).mapRect(marker.path().boundingRect()).width()


def sizes(plot):
    pi = plot.plotItem
    out = {
        "title": float(pi.titleLabel.opts["size"].rstrip("pt")),
        "label": float(pi.getAxis("bottom").labelStyle["font-size"].rstrip("pt")),
        "ticks": pi.getAxis("left").style["tickFont"].pointSizeF(),
        "corner": plot._readout.point_size(),
    }
    if plot._legend is not None:
        out["legend"] = float(plot._legend.opts["labelTextSize"].rstrip("pt"))
    if isinstance(plot, LossPlot):
        out["pen"] = plot.curve.pen().widthF()
        out["marker"] = symbol_width(plot.marker)
        out["value"] = plot.value_label.font().pointSizeF()
    elif isinstance(plot, FitPlot):
        out["pen"] = plot.fit_line.pen().widthF()
        out["data"] = float(plot.data_item.opts["size"])
    else:
        out["pen"] = plot.path_item.pen().widthF()
        out["marker"] = symbol_width(plot.current_item)
        out["arrow"] = plot.grad_arrow.body.pen().widthF()
        out["bar ticks"] = plot.colour_bar.axis.style["tickFont"].pointSizeF()
    return out


@pytest.mark.parametrize("cls", PLOTS)
def test_set_scale_scales_fonts_lines_and_markers(qtbot, t000, cls):
    plot = loaded(cls, qtbot, t000)
    plot.set_scale(1.0)
    before = sizes(plot)
    plot.set_scale(2.0)
    after = sizes(plot)
    assert plot.scale_factor == 2.0
    for key, value in before.items():
        assert after[key] == pytest.approx(2 * value, rel=0.03), key
    plot.set_scale(1.0)
    assert sizes(plot) == pytest.approx(before, rel=0.03)
    # new items made while scaled are scaled too
    plot.set_scale(1.5)
    exp, problem, run = t000
    plot.set_problem(problem, exp)
    plot.show_history(run.history, "finished")
    assert sizes(plot)["pen"] == pytest.approx(1.5 * before["pen"], rel=0.03)


def test_set_scale_rejects_nonsense(qtbot):
    plot = make(LossPlot, qtbot)
    for bad in (0, -1, math.nan, math.inf):
        with pytest.raises(ValueError, match="scale"):
            plot.set_scale(bad)
    plot.set_scale(100)
    assert plot.scale_factor == 4.0  # clamped
