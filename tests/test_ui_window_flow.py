"""The window in a lecture: keys wherever the focus is, the divergence fix, room for the
plots, presentation mode, the Help menu and the extra docks."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDockWidget, QLabel, QSplitter, QTextBrowser

from gdgui.core.experiment import preset
from gdgui.ui import docks, presentation
from gdgui.ui.advice import round_down, safe_learning_rate
from gdgui.ui.help import about_text, guide_html, shortcut_rows, version
from gdgui.ui.window import MainWindow


def active(qtbot, w):
    qtbot.waitExposed(w)
    w.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is w, timeout=3000)


# --- keyboard flow ---------------------------------------------------------------------------
def test_enter_in_the_learning_rate_field_then_space_runs(qtbot, make_window):
    w = make_window(preset("tutorial-003"), speed=5)
    active(qtbot, w)
    edit = w.panels.optimizer_section.fields["lr"].edit
    edit.setFocus(Qt.FocusReason.MouseFocusReason)
    qtbot.waitUntil(edit.hasFocus, timeout=2000)
    edit.selectAll()
    qtbot.keyClicks(edit, "0.05")
    qtbot.keyClick(edit, Qt.Key.Key_Space)  # while typing, Space is the field's
    assert edit.text() == "0.05 " and w.controller.status == "ready"
    qtbot.keyClick(edit, Qt.Key.Key_Backspace)
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert w.controller.experiment.optimizer.hyperparams["lr"] == 0.05
    qtbot.keyClick(edit, Qt.Key.Key_Space)  # after Enter, Space runs
    assert edit.text() == "0.05" and w.controller.status == "running"
    qtbot.keyClick(edit, Qt.Key.Key_Space)
    assert w.controller.status == "paused"
    n = w.controller.step_count
    qtbot.keyClick(edit, Qt.Key.Key_Right)  # → steps
    qtbot.waitUntil(lambda: w.controller.step_count == n + 1, timeout=2000)
    qtbot.keyClicks(edit, "7")  # typing again: the field keeps its keys
    qtbot.keyClick(edit, Qt.Key.Key_Right)
    qtbot.keyClick(edit, Qt.Key.Key_Space)
    assert w.controller.step_count == n + 1 and edit.text().endswith(" ")


def test_enter_in_a_spin_box_then_shift_right_steps_an_epoch(qtbot, make_window):
    w = make_window(preset("tutorial-003-sgd"))
    active(qtbot, w)
    spin = w.extras.explain_dock.step_spin
    w.extras.explain_dock.show()
    w.extras.explain_dock.raise_()
    spin.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(spin.hasFocus, timeout=2000)
    qtbot.keyClick(spin, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    assert w.controller.step_count == 0  # being edited: Shift+→ selects
    qtbot.keyClick(spin, Qt.Key.Key_Enter)
    qtbot.keyClick(spin, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: w.controller.step_count == 3, timeout=2000)


# --- the divergence fix ----------------------------------------------------------------------
def test_round_down_and_the_safe_rate_of_tutorial_003():
    assert round_down(0.1199) == 0.11 and round_down(0.066667) == 0.066
    assert round_down(3.0) == 3.0 and round_down(12345, 3) == 12300
    with pytest.raises(ValueError):
        round_down(0.0)
    e = preset("tutorial-003")
    safe = safe_learning_rate(e.build_problem(), "gd", {"lr": 0.2})
    assert safe is not None and not safe.local
    assert safe.limit == pytest.approx(2 / 15) and 0 < safe.lr < 2 / 15
    assert safe_learning_rate(e.build_problem(), "adam", {"lr": 0.2}) is None


def test_use_safe_rate_after_a_divergence_finishes_the_run(qtbot, make_window):
    w = make_window(preset("tutorial-003").replace(optimizer={"lr": 0.2}))
    button = w.extras.fix_button
    assert button.isHidden()
    w.action_run.trigger()
    qtbot.waitUntil(lambda: w.controller.done, timeout=5000)
    assert w.controller.status == "diverged"
    assert button.isVisible() and "η =" in button.text()
    assert button.toolTip() and button.accessibleName()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    lr = w.controller.experiment.optimizer.hyperparams["lr"]
    assert 0 < lr < 2 / 15
    assert w.controller.status == "ready" and w.controller.step_count == 0
    assert button.isHidden()
    w.action_run.trigger()
    qtbot.waitUntil(lambda: w.controller.done, timeout=5000)
    assert w.controller.status in ("finished", "converged")


def test_a_surface_gets_a_local_rate_from_the_start_point(make_window):
    w = make_window(preset("saddle-noise"))
    c = w.controller
    safe = safe_learning_rate(
        c.problem,
        c.experiment.optimizer_name,
        dict(c.experiment.optimizer.hyperparams),
        c.history.params[0],
    )
    if c.problem.hessian() is None and c.experiment.optimizer_name in ("gd", "momentum"):
        assert safe is not None and safe.local and safe.lr < safe.limit


# --- the room --------------------------------------------------------------------------------
def test_first_start_fits_the_screen_and_a_saved_geometry_must_fit(qtbot, ui_settings):
    w = MainWindow(preset("tutorial-003"), ui_settings)
    qtbot.addWidget(w)
    avail = w.screen().availableGeometry()
    assert w.width() <= avail.width() and w.height() <= avail.height()
    assert w.width() == int(avail.width() * docks.SCREEN_FRACTION)
    w.resize(avail.width() * 3, avail.height() * 3)  # as if saved on a wall of monitors
    w.move(0, 0)
    w.remember()
    w.close()
    w2 = MainWindow(preset("tutorial-003"), ui_settings)
    qtbot.addWidget(w2)
    assert w2.width() <= avail.width() and w2.height() <= avail.height()
    w2.close()


def test_at_1366x700_the_plots_get_most_of_the_height(qtbot, make_window):
    w = make_window()
    plots = w.findChild(QSplitter, "plotSplitter")
    for reset in (False, True):
        w.resize(1366, 700)
        if reset:
            w.reset_layout()
            w.resize(1366, 700)
        qtbot.waitUntil(lambda: w.height() == 700, timeout=2000)
        qtbot.wait(50)
        assert plots.height() >= 0.6 * w.height()
        assert w.log_dock.isVisible()
        assert w.tabifiedDockWidgets(w.log_dock) == [w.extras.explain_dock]


# --- presentation mode -----------------------------------------------------------------------
def test_presentation_mode_scales_and_is_remembered(qtbot, make_window, monkeypatch):
    monkeypatch.setattr(presentation, "session_factor", presentation.DEFAULT_FACTOR)
    w = make_window()
    p = w.presentation
    fit = w.plots["fit"]
    pt = w.font().pointSizeF()
    mono = w.readouts.values["loss"].font().pointSizeF()
    explain = w.extras.explain_dock.font_scale()
    label = w.panels.findChild(QLabel)  # no font of its own: the window's
    label_pt = label.font().pointSizeF()
    p.action_toggle.trigger()  # F5
    f = presentation.DEFAULT_FACTOR
    assert p.on and fit.scale_factor == pytest.approx(f)
    assert w.font().pointSizeF() == pytest.approx(pt * f)
    assert label.font().pointSizeF() == pytest.approx(label_pt * f)
    assert w.menuBar().font().pointSizeF() == pytest.approx(pt * f)
    assert w.readouts.values["loss"].font().pointSizeF() == pytest.approx(mono * f)
    assert w.extras.explain_dock.font_scale() == pytest.approx(explain * f)
    p.action_bigger.trigger()  # Ctrl+=
    assert fit.scale_factor == pytest.approx(f * presentation.FACTOR_STEP)
    p.action_leave.trigger()  # Esc
    assert not p.on and fit.scale_factor == 1.0 and w.font().pointSizeF() == pytest.approx(pt)
    assert w.readouts.values["loss"].font().pointSizeF() == pytest.approx(mono)
    assert label.font().pointSizeF() == pytest.approx(label_pt)
    assert not p.action_bigger.isEnabled()
    p.action_toggle.trigger()  # back at the size chosen this session
    assert fit.scale_factor == pytest.approx(f * presentation.FACTOR_STEP)
    p.action_smaller.trigger()
    p.action_smaller.trigger()
    assert fit.scale_factor == pytest.approx(f / presentation.FACTOR_STEP)
    assert [s.toString() for s in p.action_toggle.shortcuts()] == ["F5"]
    assert "Ctrl+=" in [s.toString() for s in p.action_bigger.shortcuts()]


# --- help ------------------------------------------------------------------------------------
def test_shortcuts_list_comes_from_the_actions(make_window):
    w = make_window()
    rows = dict(shortcut_rows(w))
    assert rows["Run"] == "Space" and rows["Step"] == "Right"
    assert rows["Presentation mode"] == "F5" and rows["Reset"] == "Ctrl+R"
    w.action_reset.setShortcut("Ctrl+Shift+R")
    assert dict(shortcut_rows(w))["Reset"] == "Ctrl+Shift+R"
    w.help_actions["shortcuts"].trigger()
    table = w._help_dialog.findChild(type(w._help_dialog.children()[1]), "shortcutsTable")
    assert table is not None and table.rowCount() == len(shortcut_rows(w))


def test_about_and_guide(make_window):
    from importlib import metadata

    import pyqtgraph

    assert version() == metadata.version("gdgui")
    text = about_text()
    assert version() in text and "MIT" in text and pyqtgraph.__version__ in text
    w = make_window()
    w.help_actions["guide"].trigger()
    browser = w._help_dialog.findChild(QTextBrowser, "guideBrowser")
    assert "2/15" in browser.toPlainText() and "Trajectory" in guide_html()


# --- docks and views -------------------------------------------------------------------------
def test_explain_dock_follows_the_run_when_shown(qtbot, make_window):
    w = make_window()
    dock = w.extras.explain_dock
    assert dock.explanation is None
    dock.toggleViewAction()  # in the View menu
    assert dock.toggleViewAction() in w.view_menu.actions()
    dock.show()
    dock.raise_()
    w.action_step.trigger()
    qtbot.waitUntil(lambda: w.controller.step_count == 1, timeout=2000)
    w.render_now()
    dock.flush()
    assert dock.explanation is not None and dock.step_spin.value() == 1


def test_sweep_dock_opens_and_its_click_adds_the_configuration_as_a_run(make_window):
    w = make_window()
    before = w.controller.experiment
    assert w.extras.sweep_dock is None
    w.extras.action_sweep.trigger()
    d = w.findChild(QDockWidget, "sweepDock")
    assert d is w.extras.sweep_dock and d.isVisible()
    assert w.extras.apply_configuration(
        {"optimizer": "momentum", "hyperparams": {"lr": 0.03, "momentum": 0.5}}
    )
    exp = w.controller.experiment
    assert exp.run_count == 2 and w.controller.selected_run == 1
    added = exp.run_experiment(1)
    assert added.optimizer_name == "momentum"
    assert added.hyperparams["lr"] == 0.03 and added.hyperparams["momentum"] == 0.5
    assert exp.run_experiment(0).optimizer == before.optimizer  # the first run unchanged
    assert not w.extras.apply_configuration({"optimizer": "gd", "hyperparams": {"lr": -1}})
    assert w.controller.experiment.run_count == 2
    w.editor.action_undo.trigger()  # the added run is one undo step
    assert w.controller.experiment == before


def test_3d_tab_is_made_when_shown_and_only_for_two_parameters(qtbot, make_window):
    w = make_window()  # tutorial 003: one parameter
    tabs = w.extras.tabs
    assert not tabs.isTabEnabled(1) and w.extras.surface3d is None
    w.files.open_example("saddle-noise")
    assert tabs.isTabEnabled(1)
    tabs.setCurrentIndex(1)
    view = w.extras.surface3d
    assert view is not None and view.problem is w.controller.problem
    if not view.available:
        assert not view.notice.isHidden() and "OpenGL" in view.notice.text()
    w.action_step.trigger()
    qtbot.waitUntil(lambda: w.controller.step_count == 1, timeout=2000)
    w.render_now()  # the rest of the window works either way
    assert w.readouts.value_text("step") == "1"


def test_view_menu_has_language_equal_aspect_and_the_export_slot(make_window):
    w = make_window()
    acts = w.view_menu.actions()
    assert w.trajectory_plot.action_equal_aspect in acts
    assert w.language_menu.menuAction() in acts
    assert w.export_animation_slot in w.export_menu.actions()


def test_a_plots_export_request_opens_its_export(make_window, monkeypatch):
    w = make_window()
    asked = []
    monkeypatch.setattr(w, "export_dialog", lambda target, kind: asked.append((target, kind)))
    w.plots["loss"].export_requested.emit()
    w.plots["trajectory"].export_requested.emit()
    assert asked == [("loss", "png"), ("trajectory", "png")]
