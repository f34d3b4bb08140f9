"""Axis labels follow the presentation scale; the loss plot's η axis only with a schedule."""

from __future__ import annotations

from gdgui.core.experiment import preset


def _label_height(plot, side: str) -> float:
    return plot.plotItem.getAxis(side).label.boundingRect().height()


def test_axis_labels_grow_with_the_presentation_scale(qtbot, make_window):
    w = make_window(preset("tutorial-003"))
    plot = w.loss_plot
    qtbot.wait(10)
    small = _label_height(plot, "bottom")
    plot.set_scale(2.0)
    big = _label_height(plot, "bottom")
    assert big > 1.5 * small  # 20 pt against 10 pt (pyqtgraph's "size:" kept 22 px)
    plot.set_scale(1.0)
    assert abs(_label_height(plot, "bottom") - small) < 1


def test_the_eta_axis_stays_hidden_without_a_schedule(qtbot, make_window):
    w = make_window(preset("tutorial-003"))
    plot = w.loss_plot
    assert not plot.plotItem.getAxis("right").isVisible()
    plot.set_scale(1.6)  # restyles every item, the η axis's label too
    plot.set_theme("dark")
    assert not plot.plotItem.getAxis("right").isVisible()


def test_the_loss_value_label_stays_inside_the_view_at_step_0(qtbot, make_window):
    from gdgui.ui.plots.items import label_scene_rect

    w = make_window(preset("tutorial-003"))
    w.render_now()  # step 0: the point at the view's left edge
    plot = w.loss_plot
    plot._keep_label_clear()
    label = plot.value_label
    assert label.isVisible() and label.text()
    view = plot.plotItem.vb.sceneBoundingRect()
    assert view.contains(label_scene_rect(label))  # right of the first point, not cut
