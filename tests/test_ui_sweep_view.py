"""The sweep view: runs off the GUI thread, cancels, and a click asks for that run."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QLineEdit,
    QListWidget,
    QProgressBar,
    QSpinBox,
)

from gdgui.core.experiment import preset
from gdgui.core.runner import Status
from gdgui.core.sweep import sweep
from gdgui.ui.sweep_view import SweepView


@pytest.fixture
def view(qtbot):
    v = SweepView(preset("tutorial-003"))
    qtbot.addWidget(v)
    v.resize(900, 650)
    v.show()
    qtbot.waitExposed(v)
    yield v
    if v.running:
        v.cancel()
        qtbot.waitUntil(lambda: not v.running, timeout=20000)


def _set_axis(view, row, name, lo, hi, count):
    box, a, b, n = view.axis_boxes[row]
    box.setCurrentText(name)
    a.setText(lo)
    b.setText(hi)
    n.setValue(count)


def _run(qtbot, view, timeout=20000):
    with qtbot.waitSignal(view.sweep_finished, timeout=timeout) as blocker:
        view.run_button.click()
    return blocker.args[0]


def test_small_sweep_matches_the_core_and_reports(qtbot, view):
    _set_axis(view, 0, "lr", "0.01", "1", 201)
    view.steps.setValue(1500)
    res = _run(qtbot, view)
    ref = sweep(preset("tutorial-003"), {"lr": "1e-2:1:201"}, 1500)
    assert res.complete and not res.cancelled
    assert np.array_equal(res.final_loss, ref.final_loss) and (res.status == ref.status).all()
    text = view.status_label.text()
    assert "201 of 201" in text and "stability limit 0.1333" in text
    assert view.progress.value() == 201 and view.run_button.isEnabled()
    assert view.plot.boundary is not None
    assert view.plot.boundary.value() == pytest.approx(np.log10(2 / 15))


def test_two_axes_draw_a_map_with_the_boundary(qtbot, view, tmp_path):
    _set_axis(view, 0, "lr", "0.001", "1", 40)
    view.second.setChecked(True)
    _set_axis(view, 1, "momentum", "0", "0.9", 10)
    view.steps.setValue(500)
    view.metric_box.setCurrentIndex(view.metric_box.findData("rate"))
    res = _run(qtbot, view)
    assert res.shape == (1, 40, 10) and res.optimizers == ("momentum",)
    img = view.plot.image.image
    assert img.shape[:2] == (40, 10)
    diverged = res.status[0] == Status.DIVERGED
    assert (img[diverged] == (214, 40, 40, 255)).all() and diverged.any()
    x, y = view.plot.boundary.getData()  # logs of η_max(μ), and μ
    np.testing.assert_allclose(10**x, 2 * (1 + res.axes[1].values) / 15, rtol=1e-12)
    view.grab().save(str(tmp_path / "sweep_view.png"))


def test_click_emits_that_configuration(qtbot, view):
    _set_axis(view, 0, "lr", "0.001", "1", 30)
    view.second.setChecked(True)
    _set_axis(view, 1, "momentum", "0", "0.9", 10)
    view.steps.setValue(200)
    res = _run(qtbot, view)
    qtbot.wait(50)
    i, j = 7, 3
    lr, mu = res.axes[0].values[i], res.axes[1].values[j]
    pos = view.plot.scene_point(lr, mu)
    with qtbot.waitSignal(view.run_requested, timeout=2000) as blocker:
        QTest.mouseClick(view.plot.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    got = blocker.args[0]
    assert got["optimizer"] == "momentum"
    assert got["hyperparams"]["lr"] == lr and got["hyperparams"]["momentum"] == mu
    assert got == res.config((0, i, j))


def test_click_on_a_curve_picks_that_optimizer(qtbot, view):
    _set_axis(view, 0, "lr", "0.001", "0.1", 20)
    for k in range(view.optimizers.count()):
        it = view.optimizers.item(k)
        it.setCheckState(
            Qt.CheckState.Checked if it.text() in ("gd", "adam") else Qt.CheckState.Unchecked
        )
    view.steps.setValue(30)
    res = _run(qtbot, view)
    qtbot.wait(50)
    i = 5
    y = res.final_loss[1, i]  # adam's curve
    pos = view.plot.scene_point(res.axes[0].values[i], y)
    with qtbot.waitSignal(view.run_requested, timeout=2000) as blocker:
        QTest.mouseClick(view.plot.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    assert blocker.args[0] == res.config((1, i))


def test_cancel_stops_early_and_keeps_the_partial_result(qtbot, view):
    _set_axis(view, 0, "lr", "0.0001", "1", 2000)
    view.steps.setValue(4000)
    with qtbot.waitSignal(view.sweep_finished, timeout=30000) as blocker:
        view.run_button.click()
        assert view.running and not view.run_button.isEnabled()
        qtbot.waitUntil(lambda: view.progress.value() > 0, timeout=20000)
        view.cancel_button.click()
    res = blocker.args[0]
    assert res.cancelled and 0 < res.done < res.total
    assert "(cancelled)" in view.status_label.text()
    st = res.status.reshape(-1)
    assert (st[: res.done] != "").all() and (st[res.done :] == "").all()
    assert not view.running and view.run_button.isEnabled()


def test_the_sweep_computes_in_a_worker_and_the_gui_gets_partial_results(qtbot, view, monkeypatch):
    """The chunks run off the GUI thread, and the GUI thread sees several partial
    results, not one block at the end. (How long the GUI thread pauses meanwhile is a
    benchmark figure, docs/benchmarks.md, not a unit-test assertion.)"""
    import threading

    import gdgui.core.sweep as core_sweep

    threads = []
    original_run_many = core_sweep.run_many

    def recording(*a, **kw):
        threads.append(threading.get_ident())
        return original_run_many(*a, **kw)

    monkeypatch.setattr(core_sweep, "run_many", recording)
    partials = []
    original_partial = SweepView._show_partial

    def counting(self, *a):
        partials.append(threading.get_ident())
        original_partial(self, *a)

    monkeypatch.setattr(SweepView, "_show_partial", counting)
    _set_axis(view, 0, "lr", "0.0001", "1", 600)
    view.steps.setValue(3000)
    view.start()
    qtbot.waitUntil(lambda: not view.running, timeout=60000)
    gui = threading.get_ident()
    assert view.result.complete
    assert len(threads) >= 2 and gui not in threads  # chunks, all in the worker
    assert len(partials) >= 2 and set(partials) == {gui}  # redrawn as chunks arrive


def test_bad_settings_are_reported_without_starting(qtbot, view):
    _set_axis(view, 0, "lr", "abc", "1", 10)
    view.run_button.click()
    assert not view.running and "from and to must be numbers" in view.status_label.text()
    _set_axis(view, 0, "lr", "0", "1", 10)
    view.run_button.click()
    assert not view.running and "ends > 0" in view.status_label.text()


def test_every_control_has_a_tooltip_and_an_accessible_name(view):
    kinds = (QAbstractButton, QComboBox, QLineEdit, QSpinBox, QListWidget, QProgressBar)
    controls = [
        w
        for w in view.findChildren(object)
        if isinstance(w, kinds) and not w.objectName().startswith("qt_")
    ]  # a spin box's own line edit
    assert len(controls) >= 14
    for w in controls:
        assert w.toolTip(), w
        assert w.accessibleName(), w
    assert view.plot.toolTip() and view.plot.accessibleName()
