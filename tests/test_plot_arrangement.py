"""Where the loss plot goes: under the fit and trajectory plots for a problem with data,
beside the trajectory for a surface (no fit plot), so the surface at equal scales gets
a room of about its shape instead of a wide strip."""

from __future__ import annotations

from PySide6.QtWidgets import QSplitter

from gdgui.core.experiment import preset


def _pane(w):
    return w.findChild(QSplitter, "plotSplitter"), w.findChild(QSplitter, "topSplitter")


def test_a_surface_puts_the_loss_beside_the_trajectory_and_a_line_puts_it_under(qtbot, make_window):
    w = make_window(preset("race-rosenbrock"))
    w.resize(1366, 768)
    qtbot.wait(100)
    main, top = _pane(w)
    loss, traj = w.loss_plot, w.trajectory_plot
    assert w._loss_pane.parent() is top and main.count() == 1
    assert not w.fit_plot.isVisible() and loss.isVisible() and traj.isVisible()
    # side by side, the trajectory the wider, both tall
    assert loss.mapTo(w, loss.rect().topLeft()).x() > traj.mapTo(w, traj.rect().topLeft()).x()
    assert traj.width() > loss.width() > 200
    assert traj.height() > 300 and loss.height() > 250

    w.controller.set_experiment(preset("tutorial-003"))  # a line with data
    qtbot.wait(100)
    assert w._loss_pane.parent() is main and top.count() == 2
    assert w.fit_plot.isVisible() and loss.isVisible()
    assert loss.mapTo(w, loss.rect().topLeft()).y() > traj.mapTo(w, traj.rect().topLeft()).y()
    assert abs(w.fit_plot.width() - traj.width()) < 0.25 * traj.width()  # an equal share

    w.controller.set_experiment(preset("race-rosenbrock"))  # and back
    qtbot.wait(100)
    assert w._loss_pane.parent() is top and traj.width() > loss.width()
    w.reset_layout()  # sized to the (small offscreen) screen, then back to a laptop's
    w.resize(1366, 768)
    qtbot.wait(100)
    assert w._loss_pane.parent() is top and traj.width() >= loss.width() > 200
