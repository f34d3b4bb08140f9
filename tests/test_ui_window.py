"""The explorer window: runs, controls, divergence, closing, settings, theme, accessibility."""

import threading
import time

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QScrollBar,
    QWidget,
)

from gdgui.core.experiment import preset
from gdgui.ui import controller as controller_module
from gdgui.ui.panels import format_number
from gdgui.ui.window import MainWindow


def wait_done(qtbot, window, timeout=5000):
    qtbot.waitUntil(lambda: window.controller.done, timeout=timeout)
    window.render_now()


def settle(qtbot, ms=50):
    """Let queued batches arrive."""
    qtbot.wait(ms)


def test_opens_on_tutorial_003_ready_to_run(make_window):
    w = make_window()
    c = w.controller
    assert c.experiment.name.startswith("Tutorial 003")
    assert c.status == "ready" and len(c.history) == 1
    assert w.readouts.state.text() == "Ready"
    assert w.readouts.value_text("param:w") == "1"
    assert w.readouts.value_text("loss") == "7.5"
    assert w.panels.optimizer_section.fields["lr"].value() == 0.01
    assert w.step_log.model.rowCount() == 1
    assert "Space" in w.action_run.toolTip()
    assert not c.thread_running()  # no thread until something runs


def test_run_to_completion_shows_the_engines_result(qtbot, make_window):
    w = make_window()
    w.action_run.trigger()
    assert w.controller.status == "running"
    wait_done(qtbot, w)
    engine = preset("tutorial-003").run()
    h = w.controller.history
    assert w.controller.status == "finished"
    np.testing.assert_array_equal(h.params, engine.history.params)
    np.testing.assert_array_equal(h.loss, engine.history.loss)
    np.testing.assert_array_equal(h.step, np.arange(101))
    w_final, loss_final = engine.history.params[-1, 0], engine.history.loss[-1]
    assert w.readouts.value_text("param:w") == format_number(w_final, 6)
    assert w.readouts.value_text("loss") == format_number(loss_final, 6)
    assert w.readouts.state.text() == "Finished"
    assert w.readouts.progress.value() == w.readouts.progress.maximum() == 100
    assert w.step_log.model.rowCount() == 101
    model = w.step_log.model
    assert model.data(model.index(100, 2)) == format_number(w_final)


def test_pause_resume_step_epoch_and_reset(qtbot, make_window):
    w = make_window(preset("tutorial-003-sgd"), speed=50)
    c = w.controller
    assert c.steps_per_epoch == 3
    c.toggle()
    qtbot.waitUntil(lambda: len(c.history) > 4, timeout=3000)
    c.toggle()
    assert c.status == "paused"
    settle(qtbot, 100)
    n = len(c.history)
    settle(qtbot, 150)
    assert len(c.history) == n  # paused means paused
    c.toggle()  # resume
    qtbot.waitUntil(lambda: len(c.history) > n + 2, timeout=3000)
    c.pause()
    settle(qtbot, 100)
    n = len(c.history)
    w.action_step.trigger()
    qtbot.waitUntil(lambda: len(c.history) == n + 1, timeout=2000)
    assert c.status == "paused"
    w.action_step_epoch.trigger()  # the rest of this epoch
    qtbot.waitUntil(lambda: c.step_count % 3 == 0 and c.step_count > n, timeout=2000)
    settle(qtbot)
    k = c.step_count
    assert len(c.history) == k + 1
    w.action_step_epoch.trigger()  # at an epoch's start: a whole epoch
    qtbot.waitUntil(lambda: c.step_count == k + 3, timeout=2000)
    settle(qtbot)
    assert len(c.history) == k + 4
    # the same steps the engine takes with the same seed
    engine = preset("tutorial-003-sgd").run()
    np.testing.assert_array_equal(c.history.params, engine.history.params[: k + 4])
    np.testing.assert_array_equal(c.history.epoch, engine.history.epoch[: k + 4])
    w.render_now()
    # the epoch in which the last step was taken, as the step log and the history count
    assert w.readouts.value_text("epoch") == f"{(k + 3 - 1) // 3} · 3/3"
    w.action_reset.trigger()
    assert c.status == "ready" and len(c.history) == 1 and c.step_count == 0
    settle(qtbot, 100)
    assert len(c.history) == 1
    w.render_now()
    assert w.readouts.state.text() == "Ready"
    assert w.step_log.model.rowCount() == 1


def test_run_after_finish_starts_again(qtbot, make_window):
    w = make_window()
    w.action_run.trigger()
    wait_done(qtbot, w)
    w.action_run.trigger()  # a finished run: Run starts it from step 0 again
    assert w.controller.status == "running"
    wait_done(qtbot, w)
    np.testing.assert_array_equal(w.controller.history.step, np.arange(101))


def test_learning_rate_change_mid_run_takes_effect_without_restart(qtbot, make_window):
    exp = preset("tutorial-003").replace(optimizer={"lr": 0.001}, epochs=100_000)
    w = make_window(exp, speed=500)
    c = w.controller
    c.start()
    qtbot.waitUntil(lambda: len(c.history) > 30, timeout=3000)
    field = w.panels.optimizer_section.fields["lr"]
    field.edit.setText("2e-3")
    field.edit.editingFinished.emit()
    assert c.experiment.hyperparams["lr"] == 0.002
    assert c.status == "running"  # not restarted
    n_change = len(c.history)  # rows already computed by the worker may still be on their way

    def rates():  # for gradient descent, w_k − w_{k+1} = lr_k · ∂L/∂w(w_k)
        h = c.history
        return (h.params[:-1, 0] - h.params[1:, 0]) / h.grad[:-1, 0]

    def slack():
        """How far each computed rate can be off by rounding alone: w_k − w_{k+1} is
        exact to about eps·(|w_k| + |w_{k+1}|), and near the answer ∂L/∂w is small (a
        busy machine runs further before the checks, to where that exceeds 1e-9)."""
        h = c.history
        w = np.abs(h.params[:, 0])
        return 1e-9 * 0.002 + 4 * np.finfo(float).eps * (w[:-1] + w[1:]) / np.abs(h.grad[:-1, 0])

    def at(lr, rate, tol):
        return np.abs(rate - lr) <= tol

    def switched_30_steps_ago():
        lr = rates()
        return len(lr) > n_change + 30 and np.all(at(0.002, lr[-30:], slack()[-30:]))

    # however many rows were in flight on a busy machine, the new rate arrives and stays
    qtbot.waitUntil(switched_30_steps_ago, timeout=10000)
    c.pause()
    settle(qtbot)
    h = c.history
    assert h.step[0] == 0 and np.all(np.diff(h.step) == 1)
    lr, tol = rates(), slack()
    assert np.all(tol[-30:] < 0.0005)  # the rows checked still tell 0.001 from 0.002
    assert np.all(at(0.001, lr[:30], tol[:30]))
    assert np.all(at(0.002, lr[-30:], tol[-30:]))
    switch = np.flatnonzero(at(0.002, lr, tol) & ~at(0.001, lr, tol))
    assert switch.size and np.all(at(0.001, lr[: switch[0]], tol[: switch[0]]))
    assert np.all(at(0.002, lr[switch[0] :], tol[switch[0] :]))  # one switch, kept from then on


def test_diverging_run_says_where_and_why(qtbot, make_window):
    w = make_window(preset("tutorial-003").replace(optimizer={"lr": 0.2}))
    w.action_run.trigger()
    wait_done(qtbot, w)
    c = w.controller
    assert c.status == "diverged"
    assert "0.133333" in c.message and "step 20" in c.message
    assert w.readouts.state.text() == "Diverged at step 20"
    assert "0.133333" in w.readouts.message.text()
    assert np.all(np.isfinite(c.history.params)) and np.all(np.isfinite(c.history.loss))
    assert not w.action_step.isEnabled()
    for plot in w.plots.values():
        for item in plot.plotItem.listDataItems():
            x, y = item.getData()
            if x is not None and len(x):
                assert np.all(np.isfinite(x)) and np.all(np.isfinite(y))


def test_closing_during_a_run_stops_the_worker(qtbot, make_window):
    before = threading.active_count()
    w = make_window(preset("tutorial-003").replace(epochs=10**8))
    c = w.controller
    c.start()
    qtbot.waitUntil(lambda: len(c.history) > 1000, timeout=3000)
    assert c.thread_running()
    t = time.perf_counter()
    w.close()
    assert time.perf_counter() - t < 10.0  # a watchdog against a hang, not a speed target
    assert not c.thread_running()
    assert threading.active_count() == before
    n = len(c.history)
    settle(qtbot, 100)
    assert len(c.history) == n  # nothing arrives after the close


def test_200_rapid_run_stop_reset_cycles(qtbot, make_window):
    before = threading.active_count()
    w = make_window(preset("tutorial-003").replace(epochs=10**6))
    w.resize(800, 500)  # the stress is on the worker; smaller plots paint faster
    c = w.controller
    app = QApplication.instance()
    for i in range(200):
        w.action_run.trigger()
        if i % 3 == 0:
            app.processEvents()
        w.action_run.trigger()
        w.action_reset.trigger()
        if i % 7 == 0:
            app.processEvents()
    settle(qtbot, 100)
    assert c.status == "ready" and len(c.history) == 1
    c.start()
    qtbot.waitUntil(lambda: len(c.history) > 100, timeout=3000)
    np.testing.assert_array_equal(c.history.step, np.arange(len(c.history)))
    w.close()
    assert not c.thread_running()
    assert threading.active_count() == before
    assert not [t for t in controller_module._live_threads if not t.isFinished()]


def test_stale_batches_are_dropped_after_a_reset(qtbot, make_window):
    w = make_window(preset("tutorial-003").replace(epochs=10**8))
    c = w.controller
    c.start()
    qtbot.waitUntil(lambda: len(c.history) > 5000, timeout=3000)
    old_id = c.run_id
    c.reset()
    assert len(c.history) == 1 and c.history.step[0] == 0
    c.start()  # the new run runs while old batches may still be queued
    qtbot.waitUntil(lambda: len(c.history) > 2000, timeout=3000)
    c.pause()
    settle(qtbot)
    h = c.history
    np.testing.assert_array_equal(h.step, np.arange(len(h)))
    assert h.params[0, 0] == 1.0
    # a batch of the old run, arriving late, is ignored
    dropped = c.dropped_batches
    n = len(h)
    rows = {
        "step": np.array([10**7]),
        "epoch": np.array([10**7]),
        "params": np.zeros((1, 1)),
        "loss": np.zeros(1),
        "grad": np.zeros((1, 1)),
    }
    c._on_batch((old_id, rows, "ready", "", 10**7))
    assert c.dropped_batches == dropped + 1 and len(c.history) == n


def test_every_control_has_a_tooltip_and_an_accessible_name(make_window):
    w = make_window()
    # visit every optimizer so every hyperparameter editor exists once
    combo = w.panels.optimizer_section.combo
    seen = []
    kinds = (QAbstractButton, QComboBox, QAbstractSpinBox, QLineEdit, QAbstractSlider)
    for i in range(combo.count()):
        combo.setCurrentIndex(i)
        for widget in w.findChildren(QWidget):
            if not isinstance(widget, kinds):
                continue
            if isinstance(widget, QScrollBar) or widget.objectName().startswith("qt_"):
                continue  # scroll bars and Qt's own parts (dock title buttons, spin box edits)
            if isinstance(widget, QLineEdit) and isinstance(
                widget.parent(), (QAbstractSpinBox, QComboBox)
            ):
                continue
            seen.append(widget)
            what = f"{type(widget).__name__} {widget.accessibleName()!r}"
            assert widget.toolTip().strip(), f"{what} has no tooltip"
            assert widget.accessibleName().strip(), f"{type(widget).__name__} has no name"
    assert len(seen) > 30
    for act in (w.action_run, w.action_step, w.action_step_epoch, w.action_reset):
        assert act.toolTip() and act.shortcut().toString()


def test_shortcuts_are_shown_in_tooltips(make_window):
    w = make_window()
    assert "Space" in w.action_run.toolTip()
    assert "Right" in w.action_step.toolTip()
    assert "Shift+Right" in w.action_step_epoch.toolTip()
    assert "Ctrl+R" in w.action_reset.toolTip()


def test_keyboard_controls(qtbot, make_window):
    w = make_window(preset("tutorial-003-sgd"))
    qtbot.waitExposed(w)
    w.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is w, timeout=3000)
    qtbot.keyClick(w, Qt.Key.Key_Right)
    qtbot.waitUntil(lambda: len(w.controller.history) == 2, timeout=2000)
    qtbot.keyClick(w, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: w.controller.step_count == 3, timeout=2000)
    qtbot.keyClick(w, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert w.controller.step_count == 0


def test_theme_is_switched_and_remembered(qtbot, make_window, ui_settings):
    w = make_window()
    w.action_theme_light.trigger()
    assert w.theme == "light"
    for plot in w.plots.values():
        assert plot.backgroundBrush().color().name() == "#ffffff"
        assert plot.theme_name == "light"
    w.close()
    w2 = make_window(settings=ui_settings)
    assert w2.theme == "light" and w2.action_theme_light.isChecked()
    w2.action_theme_dark.trigger()
    assert w2.plots["loss"].backgroundBrush().color().name() != "#ffffff"


def test_last_experiment_speed_and_layout_are_remembered(qtbot, ui_settings, tmp_path):
    w = MainWindow(preset("tutorial-003"), ui_settings)
    qtbot.addWidget(w)
    w.show()
    w.controller.set_experiment(w.controller.experiment.replace(optimizer={"lr": 0.05}))
    assert w.files.save_to(tmp_path / "e.json")  # the saved experiment is remembered
    w.panels.run_section.speed_slider.setValue(3)  # 10 steps/s
    w.log_dock.hide()
    w.close()
    w2 = MainWindow(None, ui_settings)
    qtbot.addWidget(w2)
    w2.show()
    assert w2.controller.experiment.hyperparams["lr"] == 0.05
    assert w2.windowTitle().startswith("e.json") and not w2.isWindowModified()
    assert w2.controller.speed == 10 and w2.panels.speed() == 10
    assert w2.log_dock.isHidden()
    w2.action_reset_layout.trigger()
    assert not w2.log_dock.isHidden()
    w2.restore_defaults()
    assert w2.controller.experiment.hyperparams["lr"] == 0.01
    assert w2.controller.speed == 20 and w2.theme == "dark"
    assert not ui_settings.contains("run/speed")
    w2.close()


def test_a_bad_remembered_experiment_falls_back_to_the_default(qtbot, ui_settings):
    ui_settings.setValue("experiment/json", '{"version": 1, "optimizer": {"name": "nope"}}')
    w = MainWindow(None, ui_settings)
    qtbot.addWidget(w)
    assert w.controller.experiment.name.startswith("Tutorial 003")
    w.close()


@pytest.mark.parametrize("target", ["window", "fit", "loss", "trajectory"])
def test_export(make_window, tmp_path, target):
    w = make_window()
    png = w.export(target, tmp_path / "a.png")
    png2 = w.export(target, tmp_path / "b.png", scale=2.0)
    from PySide6.QtGui import QImage

    a, b = QImage(str(png)), QImage(str(png2))
    assert not a.isNull() and abs(b.width() - 2 * a.width()) <= 2
    svg = w.export(target, tmp_path / "c.svg", svg=True)
    assert svg.read_bytes().lstrip().startswith(b"<?xml") or b"<svg" in svg.read_bytes()[:500]


def test_export_menu_has_every_target_and_format(make_window):
    w = make_window()
    for target in ("window", "fit", "loss", "trajectory"):
        for kind in ("png", "png2x", "svg"):
            assert getattr(w, f"action_export_{target}_{kind}").toolTip()


def test_copy_to_clipboard(make_window):
    w = make_window()
    w.action_copy.trigger()
    assert not QApplication.clipboard().image().isNull()


def test_arrow_keys_on_a_focused_slider_move_the_slider_not_the_run(qtbot, make_window):
    w = make_window(preset("tutorial-003-sgd"))
    qtbot.waitExposed(w)
    w.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is w, timeout=3000)
    slider = w.panels.optimizer_section.fields["lr"].slider
    slider.setFocus()
    before = slider.value()
    qtbot.keyClick(slider, Qt.Key.Key_Right)
    qtbot.wait(100)
    assert slider.value() == before + 1 and len(w.controller.history) == 1
    qtbot.keyClick(slider, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: w.controller.step_count == 3, timeout=2000)  # Shift+→ still works


def test_window_title_marks_an_edited_experiment(make_window):
    w = make_window()
    assert w.windowTitle().startswith("Untitled") and not w.isWindowModified()
    w.controller.set_experiment(w.controller.experiment.replace(seed=3))
    assert w.isWindowModified()
    w.files.open_example("tutorial-000")  # the changes are discarded (tests/conftest.py)
    assert w.controller.experiment.name.startswith("Tutorial 000")
    assert w.windowTitle().startswith("Untitled") and not w.isWindowModified()
