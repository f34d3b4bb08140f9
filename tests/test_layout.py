"""The window at a laptop's 1366×768 and a projector's 1280×720, normal and in
presentation mode: it fits, every control of the side panel can be scrolled to and is
whole, the plots keep most of the height, the step log and a race's Runs dock show
rows, not just their headers."""

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSlider,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QWidget,
)

from gdgui.core.experiment import preset
from gdgui.ui import presentation
from gdgui.ui.window import MainWindow

SIZES = [(1366, 768), (1280, 720)]
LEFT = Qt.DockWidgetArea.LeftDockWidgetArea
BOTTOM = Qt.DockWidgetArea.BottomDockWidgetArea


@pytest.fixture
def sized(qtbot, ui_settings, monkeypatch):
    """``sized(name, size, present=False)``: a shown window of preset ``name`` at
    ``size``, in presentation mode (at the default factor) when ``present``."""
    monkeypatch.setattr(presentation, "session_factor", presentation.DEFAULT_FACTOR)
    windows = []

    def make(name, size, present=False):
        w = MainWindow(preset(name), ui_settings)
        qtbot.addWidget(w)
        w.resize(*size)
        w.show()
        qtbot.waitExposed(w)
        w.controller.set_speed(0)
        if present:
            w.presentation.set_on(True)
        qtbot.wait(300)  # the layout's deferred fitting
        windows.append(w)
        return w

    yield make
    for w in windows:
        w.close()


def controls(panels) -> list[QWidget]:
    kinds = (QLineEdit, QComboBox, QAbstractSpinBox, QAbstractButton, QAbstractSlider)
    return [
        x
        for x in panels.widget().findChildren(QWidget)
        if isinstance(x, kinds) and x.isVisibleTo(panels) and x.parentWidget().isVisibleTo(panels)
    ]


def assert_panels_reachable(w):
    """Every control of the side panel, scrolled to, lies whole inside the viewport."""
    panels = w.panels
    view = panels.viewport()
    found = controls(panels)
    assert len(found) >= 10
    bar = panels.verticalScrollBar()
    for x in found:
        # scrolled just far enough (ensureWidgetVisible would mind only a line edit's cursor)
        top = x.mapTo(panels.widget(), x.rect().topLeft()).y()
        if top + x.height() > bar.value() + view.height():
            bar.setValue(top + x.height() - view.height())
        if top < bar.value():
            bar.setValue(top)
        top_left = x.mapTo(view, x.rect().topLeft())
        rect = QRect(top_left, x.size())
        assert view.rect().contains(rect), f"{x.accessibleName() or x}: {rect} ∉ {view.rect()}"


def assert_fits(w, size):
    assert (w.width(), w.height()) == size  # the window did not grow past the screen
    hint = w.minimumSizeHint()
    assert hint.width() <= size[0] and hint.height() <= size[1]


@pytest.mark.parametrize("size", SIZES)
def test_a_race_at_laptop_and_projector_sizes(sized, size):
    w = sized("race-rosenbrock", size)
    assert_fits(w, size)
    assert w.dockWidgetArea(w.runs_dock) == BOTTOM
    assert w.runs_dock.visible_rows() >= 5
    assert w.step_log.visible_rows() >= 2  # beside the runs (its bar and tabs under it)
    assert w.centralWidget().height() >= 0.55 * size[1]  # the plots keep the room
    for plot in (w.trajectory_plot, w.loss_plot):
        assert plot.height() >= 160
    # every column of the readout table is whole: step, loss, distance, |∇L|, status
    t = w.runs_dock.table
    header = t.horizontalHeader()
    for col in range(t.columnCount()):
        assert header.sectionViewportPosition(col) + header.sectionSize(col) <= (
            t.viewport().width()
        )
    cell = t.item(0, 3)  # the loss: the whole number fits its column
    assert t.fontMetrics().horizontalAdvance(cell.text()) < header.sectionSize(3)
    assert_panels_reachable(w)


@pytest.mark.parametrize("size", SIZES)
def test_a_single_run_shows_its_step_log_rows(sized, size):
    w = sized("tutorial-003", size)
    assert_fits(w, size)
    assert w.step_log.visible_rows() >= 2
    assert w.plot_area().height() >= 0.6 * size[1]  # the plots first
    assert_panels_reachable(w)


@pytest.mark.parametrize("size", SIZES)
def test_presentation_mode_fits_and_moves_the_docks_beside_the_plots(sized, size):
    w = sized("race-rosenbrock", size, present=True)
    assert w.presentation.on
    assert_fits(w, size)
    # the bottom is the plots': the runs, the step log and the explanation are tabs
    # under the panels, the Runs tab in front for a race
    for dock in (w.runs_dock, w.log_dock, w.extras.explain_dock):
        assert w.dockWidgetArea(dock) == LEFT
    assert set(w.tabifiedDockWidgets(w.runs_dock)) == {w.log_dock, w.extras.explain_dock}
    assert w.runs_dock.visible_rows() >= 5 and not w.runs_dock.visibleRegion().isEmpty()
    assert w.log_dock.visibleRegion().isEmpty()
    assert w.runs_dock.row_height() > w.step_log.fontMetrics().height()  # taller rows
    assert w.panel_dock.height() >= 0.4 * size[1]
    assert w.centralWidget().height() >= 0.8 * size[1]
    assert w.centralWidget().width() >= 0.54 * size[0]
    for plot in (w.trajectory_plot, w.loss_plot):
        assert plot.height() >= 160
    t = w.runs_dock.table
    header = t.horizontalHeader()
    for col in range(t.columnCount()):
        if not t.isColumnHidden(col):
            right = header.sectionViewportPosition(col) + header.sectionSize(col)
            assert right <= t.viewport().width(), t.horizontalHeaderItem(col).text()
    assert_panels_reachable(w)


@pytest.mark.parametrize("size", SIZES)
def test_presentation_mode_of_a_single_run_puts_the_step_log_in_front(sized, size):
    w = sized("tutorial-003", size, present=True)
    assert_fits(w, size)
    assert w.dockWidgetArea(w.log_dock) == LEFT
    # the tab in front is the step log (a dock behind is moved off the window, not hidden)
    assert not w.step_log.visibleRegion().isEmpty()
    assert w.runs_dock.visibleRegion().isEmpty()
    assert w.step_log.visible_rows() >= 3
    # the cells' font grew with the rest, and the rows with it
    model = w.step_log.model
    assert model.line_height() > w.fontMetrics().height() / presentation.DEFAULT_FACTOR
    assert model.line_height() + 4 <= w.step_log.row_height()
    assert w.panel_dock.height() >= 0.5 * size[1]
    assert_panels_reachable(w)


def test_leaving_presentation_mode_brings_the_layout_back(sized, qtbot):
    w = sized("race-rosenbrock", (1366, 768))
    before = {d: w.dockWidgetArea(d) for d in (w.runs_dock, w.log_dock, w.panel_dock)}
    rows = w.runs_dock.visible_rows()
    w.presentation.set_on(True)
    assert w.dockWidgetArea(w.runs_dock) == LEFT
    normal = w.presentation.normal_state()
    w.remember()  # closing now keeps the normal layout, not the lecture's
    assert w.settings.get("window/state") == normal
    w.presentation.set_on(False)
    qtbot.wait(50)
    assert {d: w.dockWidgetArea(d) for d in before} == before
    assert not w.runs_dock.buttons_below() and not w.runs_dock.table.isColumnHidden(2)
    assert w.runs_dock.visible_rows() >= min(rows, 5)
    assert (w.width(), w.height()) == (1366, 768)


def test_bigger_and_smaller_keep_the_window_on_the_screen(sized, qtbot):
    w = sized("race-rosenbrock", (1280, 720), present=True)
    h0 = w.runs_dock.row_height()
    w.presentation.action_bigger.trigger()
    qtbot.wait(50)
    assert w.presentation.factor == pytest.approx(
        presentation.DEFAULT_FACTOR * presentation.FACTOR_STEP
    )
    assert w.runs_dock.row_height() > h0
    assert_fits(w, (1280, 720))
    assert w.runs_dock.visible_rows() >= 4
    w.presentation.action_smaller.trigger()
    w.presentation.action_smaller.trigger()
    qtbot.wait(50)
    assert w.runs_dock.row_height() < h0
    assert_fits(w, (1280, 720))
    assert_panels_reachable(w)


def test_a_race_opened_later_gets_the_rows(sized, qtbot):
    w = sized("tutorial-003", (1366, 768))
    w.resizeDocks([w.runs_dock], [60], Qt.Orientation.Vertical)  # the user made it small
    qtbot.wait(50)
    assert w.runs_dock.visible_rows() < 5
    w.set_experiment(preset("race-rosenbrock"))
    qtbot.waitUntil(lambda: w.runs_dock.visible_rows() >= 5, timeout=2000)
    assert w.step_log.visible_rows() >= 2  # beside it (its bar and tabs under it)
