"""Nothing cramped or covered at a projector's 1280×720 and a laptop's 1366×768: the Runs
table never scrolls sideways, a race's loss legend beside a surface covers none of its
points, the trajectory's legend lists seven names rather than "+6 more", legends grow
with presentation mode, and the experiment's description keeps to a few lines there."""

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication

from gdgui.core.experiment import preset
from gdgui.ui import presentation
from gdgui.ui.plots import LossPlot
from gdgui.ui.plots.legend import (
    LEGEND_INSIDE_MAX,
    LEGEND_SMALL_PT,
    MovableLegend,
)
from gdgui.ui.runs_dock import NAME_MIN_CHARS
from gdgui.ui.window import MainWindow

SIZES = [(1280, 720), (1366, 768)]


@pytest.fixture
def sized(qtbot, ui_settings, monkeypatch):
    """``sized(name, size, steps=0, present=False)``: a shown window of preset ``name``
    at ``size``, ``steps`` steps on, in presentation mode when ``present``."""
    monkeypatch.setattr(presentation, "session_factor", presentation.DEFAULT_FACTOR)
    windows = []

    def make(name, size, steps=0, present=False):
        w = MainWindow(preset(name), ui_settings)
        qtbot.addWidget(w)
        windows.append(w)
        w.resize(*size)
        w.show()
        qtbot.waitExposed(w)
        w.controller.set_speed(0)
        if steps:
            n = w.controller.run_count
            w.controller.step(steps)
            qtbot.waitUntil(lambda: w.controller.step_counts == [steps] * n, timeout=20_000)
        if present:
            w.presentation.set_on(True)
        qtbot.wait(300)  # the layout's deferred fitting
        w.render_now()
        QApplication.processEvents()
        for plot in w.plots.values():
            if plot.isVisible():
                plot.place_overlays()
        QApplication.processEvents()
        return w

    yield make
    for w in windows:
        w.close()


# --- the Runs table -----------------------------------------------------------------------


def assert_no_sideways_scrolling(dock):
    t = dock.table
    header = t.horizontalHeader()
    assert not t.horizontalScrollBar().isVisible()
    assert header.length() <= t.viewport().width()
    for col in range(t.columnCount()):
        if not t.isColumnHidden(col):
            right = header.sectionViewportPosition(col) + header.sectionSize(col)
            assert right <= t.viewport().width(), t.horizontalHeaderItem(col).text()
    loss = t.item(0, 3)  # the loss is never left out, and its number is whole
    assert not t.isColumnHidden(3)
    assert t.fontMetrics().horizontalAdvance(loss.text()) < header.sectionSize(3)
    names = t.fontMetrics().horizontalAdvance("m" * 2 + "0" * 3)  # NAME_MIN_CHARS
    assert NAME_MIN_CHARS == 5 and header.sectionSize(1) >= names


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("name", ["tutorial-003", "race-rosenbrock"])
def test_the_runs_table_does_not_scroll_sideways(sized, size, name):
    w = sized(name, size, steps=30)
    assert_no_sideways_scrolling(w.runs_dock)
    if name != "tutorial-003":  # a race's dock is as wide as its columns: all of them
        assert not any(w.runs_dock.table.isColumnHidden(c) for c in range(7))


def test_a_narrow_runs_table_elides_names_and_gets_them_back(sized, qtbot):
    w = sized("race-rosenbrock", (1366, 768), steps=5)
    dock, t = w.runs_dock, w.runs_dock.table
    wide = t.horizontalHeader().sectionSize(1)
    room = t.viewport().width()
    horizontal = Qt.Orientation.Horizontal
    log, width = w.log_dock.width(), dock.width()
    w.resizeDocks([w.log_dock, dock], [log + 50, width - 50], horizontal)
    qtbot.waitUntil(lambda: t.viewport().width() <= room - 30, timeout=2000)
    assert_no_sideways_scrolling(dock)
    assert t.horizontalHeader().sectionSize(1) < wide - 20  # shorter names, not a scroll
    assert dock.wanted_width() > dock.width()  # the window still knows what it would take
    w.resizeDocks([w.log_dock, dock], [log, width], horizontal)
    qtbot.waitUntil(lambda: t.horizontalHeader().sectionSize(1) == wide, timeout=2000)


@pytest.mark.parametrize("size", SIZES)
def test_presentation_modes_narrow_runs_table_does_not_scroll_sideways(sized, size):
    w = sized("race-rosenbrock", size, steps=30, present=True)
    dock = w.runs_dock
    assert_no_sideways_scrolling(dock)
    w.presentation.set_on(False)
    QApplication.processEvents()
    t = dock.table
    assert not any(t.isColumnHidden(c) for c in range(t.columnCount()))  # back


# --- the loss plot's legend beside a surface ---------------------------------------------


def scene_points(plot, history, steps):
    """Scene positions of a run's first ``steps`` points on ``plot`` (a LossPlot)."""
    vb = plot.plotItem.vb
    ys = plot._y_view(np.asarray(history.loss[:steps], dtype=float))
    xs = np.asarray(history.step[:steps], dtype=float)
    return [vb.mapViewToScene(QPointF(x, y)) for x, y in zip(xs, ys) if np.isfinite(y)]


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("steps", [3, 12, 40])
def test_the_race_loss_legend_covers_none_of_the_points(sized, size, steps):
    w = sized("race-rosenbrock", size, steps=steps)
    loss = w.loss_plot
    legend = loss._legend
    assert legend.isVisible() and loss.legend_more_names == []  # every name listed
    box = legend.sceneBoundingRect().adjusted(-2, -2, 2, 2)
    view = loss.plotItem.vb.sceneBoundingRect()
    covered = [
        (i, p)
        for i in range(w.controller.run_count)
        for p in scene_points(loss, w.controller.histories[i], steps + 1)
        if box.contains(p)
    ]
    assert covered == []
    # it went under the axes, in columns, and the view kept most of the plot's height
    assert loss.legend_outside() and box.top() >= view.bottom()
    assert legend.columnCount >= 2
    assert view.height() >= 0.6 * loss.plotItem.sceneBoundingRect().height()
    assert loss.overlay_rects() and all(not r.intersects(view) for r in [box])


def test_a_short_legend_stays_inside_and_a_landscape_view_keeps_it_inside(sized):
    w = sized("race-saddle", (1366, 768), steps=3)
    loss = w.loss_plot
    assert loss._legend.isVisible()
    area = loss.plotItem.vb.boundingRect()
    if area.height() >= 0.75 * area.width():  # beside the surface: few rows stay inside
        assert loss._legend.height() <= LEGEND_INSIDE_MAX * area.height()
    assert not loss.legend_outside()
    lines = sized("race-tutorial-rates", (1366, 768), steps=3)  # the loss plot is wide
    assert not lines.loss_plot.legend_outside()


def test_a_loss_plot_made_wide_takes_its_legend_back_inside(qtbot):
    exp = preset("race-rosenbrock")
    problem = exp.build_problem()
    plot = LossPlot(None, "dark")
    qtbot.addWidget(plot)
    plot.resize(360, 420)  # beside a surface: taller than wide
    plot.show()
    qtbot.waitExposed(plot)
    plot.set_problem(problem, exp)
    from test_race_drawing import styles  # seven named runs in their colours

    plot.set_runs(styles(7))
    for i in range(7):
        run = exp.run_experiment(i).build_run(problem)
        run.advance(max_steps=5)
        plot.show_history(run.history, "paused", run=i)
    plot.scene().prepareForPaint()
    plot.place_overlays()
    assert plot.legend_outside()
    plot.resize(900, 300)  # under a line problem's plots: wide and low
    QApplication.processEvents()
    plot.place_overlays()
    assert not plot.legend_outside()
    view = plot.plotItem.vb.sceneBoundingRect()
    assert view.contains(plot._legend.sceneBoundingRect())
    room = plot._legend_room
    assert room is not None and room.maximumHeight() == 0  # the view has its height back


# --- the trajectory's legend and the legends' fonts --------------------------------------


def test_the_trajectory_legend_lists_seven_names_at_1280x720(sized):
    w = sized("race-rosenbrock", (1280, 720), steps=3)
    traj = w.trajectory_plot
    legend = traj._legend
    assert traj.legend_more_names == []
    names = [label.text for _, label in legend.items]
    assert all(w.controller.experiment.run_name(i) in names for i in range(7))
    size = float(legend.opts["labelTextSize"][:-2])
    assert LEGEND_SMALL_PT <= size <= 9.0
    limit_w, limit_h = traj.legend_limits()
    assert legend.width() <= limit_w + 1 and legend.height() <= limit_h + 1
    assert traj.plotItem.vb.sceneBoundingRect().contains(legend.sceneBoundingRect())


def test_legends_grow_with_presentation_mode_and_never_shrink_there(sized):
    w = sized("tutorial-003", (1366, 768), steps=3)
    fit = w.fit_plot
    legend = fit._legend
    rows = legend.row_height()
    w.presentation.set_on(True)
    QApplication.processEvents()
    fit.place_overlays()
    factor = presentation.DEFAULT_FACTOR
    assert float(legend.opts["labelTextSize"][:-2]) == pytest.approx(9.0 * factor)
    assert legend.row_height() > 1.3 * rows  # the labels shown, not only the next ones
    race = sized("race-rosenbrock", (1280, 720), steps=3, present=True)
    for plot in (race.trajectory_plot, race.loss_plot):
        size = float(plot._legend.opts["labelTextSize"][:-2])
        assert size >= 9.0 * factor  # "+N more" rather than smaller than promised


def test_a_legend_that_fits_nowhere_is_as_wide_as_its_room_not_one_long_row(qtbot):
    plot = LossPlot(None, "dark")
    qtbot.addWidget(plot)
    legend = MovableLegend(offset=None)
    legend.setParentItem(plot.plotItem.vb)
    import pyqtgraph as pg

    for k in range(6):
        legend.addItem(pg.PlotDataItem([0.0], [0.0]), f"run number {k}")
    widths = legend.entry_widths()
    fits = legend.arrange(2.2 * max(widths) + 30, 10.0)  # too low for any count
    assert not fits
    assert legend.columnCount == 2
    assert legend.width() <= 2.2 * max(widths) + 30
    assert not legend.arrange(0.5 * max(widths), 10.0)
    assert legend.columnCount == 1  # narrower than one entry: one column, not one row


# --- the description in presentation mode ------------------------------------------------


@pytest.mark.parametrize("size", SIZES)
def test_presentation_modes_description_keeps_to_three_lines(sized, size, monkeypatch):
    w = sized("race-rosenbrock", size)
    label = w.panels.description
    text = label.text()
    normal_height = label.height()
    base = label.font().pointSizeF()
    assert label.isVisible() and len(text) > 200
    w.presentation.set_on(True)
    QApplication.processEvents()
    factor = presentation.DEFAULT_FACTOR
    assert label.font().pointSizeF() == pytest.approx(base * factor)  # not shrunk
    lines = presentation.DESCRIPTION_LINES
    assert label.height() <= lines * label.fontMetrics().lineSpacing() + 4
    assert label.height() <= 0.12 * size[1]
    assert label.text() == text  # the panels still compare the whole text
    assert w.presentation.description.cut()
    # its tooltip is the whole text
    shown = []
    monkeypatch.setattr(presentation.QToolTip, "showText", lambda pos, t, *a: shown.append(t))
    event = QHelpEvent(QEvent.Type.ToolTip, QPoint(5, 5), label.mapToGlobal(QPoint(5, 5)))
    QApplication.sendEvent(label, event)
    assert shown == [text]
    # three lines of the text, the last ending in "…", each as wide as the label holds
    drawn = w.presentation.description.shown_lines()
    assert len(drawn) == lines and drawn[-1].endswith("…")
    flat = " ".join(" ".join(drawn)[:-1].split())
    assert " ".join(text.split()).startswith(flat) and len(flat) < len(text) - 20
    width = label.contentsRect().width()
    assert all(label.fontMetrics().horizontalAdvance(x.rstrip()) <= width for x in drawn)
    label.grab()  # paints (the elided lines) without an error
    w.presentation.set_on(False)
    QApplication.processEvents()
    qrect = QRectF(label.rect())
    assert label.maximumHeight() > 10_000 and qrect.height() >= 0.9 * normal_height
