"""The panels' rough edges (issues 9 and 10): formulas that cannot break, the rate
hint from core.stability, a hostile f(x, y), per-problem learning rates, readout
precision, Enter and the focus, undo of every edit, CSV column names."""

import unicodedata

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from gdgui.core import edits
from gdgui.core import optimizers as optim
from gdgui.core.data import Dataset
from gdgui.core.experiment import Experiment, preset
from gdgui.ui.panels.expression import GRADIENT_CHARS, GRADIENT_TIP_CHARS
from gdgui.ui.panels.optimizer import rule_html


def type_into(edit, text):
    edit.setFocus()
    edit.setText(text)
    edit.textEdited.emit(text)
    edit.editingFinished.emit()


def activate(qtbot, window):
    window.activateWindow()
    window.raise_()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)


def pick(combo, data):
    combo.setCurrentIndex(combo.findData(data))


# --- formulas ------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(optim.OPTIMIZERS))
def test_update_rules_have_no_combining_marks_and_cannot_break_inside_a_formula(name):
    html = rule_html(optim.get(name).rule)
    assert not any(unicodedata.combining(c) for c in html)
    formulas = [f for f in optim.get(name).rule.split(";") if f.strip()]
    assert html.count('<span style="white-space:nowrap">') == len(formulas)
    assert html.count("</span>") == len(formulas)


def test_adams_hats_sit_on_their_letters(make_window):
    w = make_window()
    o = w.panels.optimizer_section
    pick(o.combo, "adam")
    text = o.rule.text()
    assert o.rule.textFormat() == Qt.TextFormat.RichText
    assert "m<sup>^</sup>" in text and "v<sup>^</sup>" in text  # m̂ and v̂, no U+0302
    assert "\u0302" not in text and "white-space:nowrap" in text
    o.rule.setFixedWidth(120)  # wraps: only between the formulas
    assert o.rule.heightForWidth(120) > o.rule.heightForWidth(2000)


# --- the learning-rate hint: core.stability ------------------------------------------------------


def test_momentum_of_one_or_more_gets_no_stable_rate(make_window):
    w = make_window(
        Experiment().replace(
            problem={"name": "bowl"}, optimizer={"name": "momentum", "momentum": 0.5}
        )
    )
    o = w.panels.optimizer_section
    assert not o.rate_warning
    assert "stable below 0.3" in o.rate_hint.text().replace("\xa0", " ")  # 2(1 + μ)/10
    type_into(o.fields["momentum"].edit, "1")
    assert w.controller.experiment.hyperparams["momentum"] == 1.0
    assert o.rate_limits.limit is None and o.rate_warning
    first = o.rate_hint.text().split("<br>")[0]
    assert "no learning rate is stable" in first and "stable below" not in first
    assert "μ ≥ 1" in o.rate_hint.toolTip()  # core's stability_advice


def test_an_ill_conditioned_line_fit_is_not_called_a_saddle(make_window):
    x = np.linspace(1e8, 1e12, 5)
    exp = edits.apply(
        Experiment().replace(problem={"name": "linear-wb"}), data=Dataset(x, 2 * x + 1)
    )
    w = make_window(exp)
    o = w.panels.optimizer_section
    assert o.rate_limits is not None and o.rate_limits.lmin >= 0
    assert "saddle" not in o.rate_hint.text()
    assert o.rate_warning  # 0.01 is far past 2/λ_max


# --- a hostile f(x, y) ---------------------------------------------------------------------------


def test_x_over_x_999_characters_is_applied_and_its_gradient_label_is_bounded(make_window, qtbot):
    w = make_window()
    p = w.panels.problem_section
    pick(p.problem_combo, "custom")
    text = "/".join(["x"] * 500)
    assert len(text) == 999
    ed = p.expression
    ed.edit.setText(text)
    ed.check_now()
    assert w.controller.problem.text == text and ed.error == ""
    shown = ed.gradient.text()
    assert len(shown) <= 2 * (GRADIENT_CHARS + 20)  # bounded, not 381,252 characters
    assert shown.startswith("∂f/∂x = ") and "\n∂f/∂y = " in shown


def test_a_long_gradient_is_elided_with_its_start_in_the_tooltip(make_window):
    w = make_window()
    p = w.panels.problem_section
    pick(p.problem_combo, "custom")
    text = "*".join(f"sin({k}*x+y)" for k in range(1, 9))  # ∂f/∂x: 461 characters
    ed = p.expression
    ed.edit.setText(text)
    ed.check_now()
    dx = ed.gradient_text().split("\n")[0]
    assert dx.endswith("…") and len(dx) <= GRADIENT_CHARS + len("∂f/∂x = ")
    tip = ed.gradient.toolTip()
    assert dx[len("∂f/∂x = ") : -1] in tip.replace("\u200b", "")  # the start, whole
    assert len(tip) <= GRADIENT_TIP_CHARS + 200


# --- per-problem learning rates ------------------------------------------------------------------


def test_rosenbrock_from_the_line_with_a_large_rate_lowers_it_and_says_so(make_window, qtbot):
    w = make_window(preset("tutorial-003").replace(optimizer={"lr": 0.05}))
    p, o = w.panels.problem_section, w.panels.optimizer_section
    pick(p.problem_combo, "rosenbrock")
    exp = w.controller.experiment
    assert exp.problem_name == "rosenbrock"
    lr = exp.hyperparams["lr"]
    assert lr < 0.001  # 2/λ_max at the start (-1.5, 2) is about 0.00096
    assert o.notice.isVisibleTo(o) and "0.05" in o.notice.text() and f"{lr:g}" in o.notice.text()
    run = exp.replace(steps=500).run()
    assert run.status != "diverged"
    assert (
        edits.apply(exp, problem={"name": "rosenbrock"})
        .replace(optimizer={"lr": 0.05}, steps=20)
        .run()
        .status
        == "diverged"
    )  # what it saved us from
    pick(p.problem_combo, "bowl")  # a safe rate carries over untouched
    assert w.controller.experiment.hyperparams["lr"] == lr and not o.notice.isVisibleTo(o)


def test_a_rate_given_with_the_problem_wins():
    exp = Experiment().replace(optimizer={"lr": 0.05})
    new, notes = edits.apply_with_notes(exp, problem={"name": "rosenbrock"}, optimizer={"lr": 0.05})
    assert new.hyperparams["lr"] == 0.05 and notes == []
    assert edits.apply(exp, problem={"name": "rosenbrock"}).hyperparams["lr"] == 0.05
    lowered, notes = edits.apply_with_notes(exp, problem={"name": "rosenbrock"})
    assert lowered.hyperparams["lr"] == 0.0002 and len(notes) == 1
    adam = edits.set_optimizer(exp, "adam")  # no known limit: left alone
    assert edits.apply_with_notes(adam, problem={"name": "rosenbrock"})[0].hyperparams["lr"] == 0.05


@pytest.mark.parametrize(
    "limit, want", [(1.0, 0.5), (0.00096, 0.0002), (0.0071, 0.002), (3.0, 1.0), (0.0149, 0.005)]
)
def test_round_rate_below_half_the_limit(limit, want):
    assert edits.round_rate_below(limit) == want


# --- readouts and counts -------------------------------------------------------------------------


def _significant(text):
    digits = text.replace("-", "").replace(".", "").split("e")[0].lstrip("0")
    return len(digits)


def test_readouts_show_six_significant_digits_and_every_digit_in_the_tooltip(make_window, qtbot):
    w = make_window(preset("tutorial-003"))
    c = w.controller
    c.step(7)
    qtbot.waitUntil(lambda: len(c.history) == 8, timeout=5000)
    w.readouts.update_from(c)
    w.panels.prediction_section.update_from(c)
    wv = float(c.history.params[-1][0])
    label = w.readouts.values["param:w"]
    assert label.text() == f"{wv:.6g}" and _significant(label.text()) <= 6
    assert repr(wv) in label.toolTip()
    now = w.panels.prediction_section.now_label
    y = float(c.problem.predict(c.history.params[-1], w.panels.prediction_section.x()))
    assert now.text() == f"{y:.6g}" and repr(y) in now.toolTip()
    assert len(repr(y)) > len(now.text())  # 7.999946053177992 is not what is shown


def test_one_point_is_one_point_not_one_points(make_window):
    exp = edits.apply(preset("tutorial-003"), data=Dataset([2.0], [4.0]))
    w = make_window(exp)
    p = w.panels.problem_section
    assert p.summary.text().startswith("1 point.")
    assert p.data_combo.currentText() == "Given points (1 point)"


# --- Enter hands the focus back ------------------------------------------------------------------


def test_enter_commits_and_space_then_runs(make_window, qtbot):
    w = make_window()
    activate(qtbot, w)
    edit = w.panels.optimizer_section.fields["lr"].edit
    edit.setFocus()
    qtbot.waitUntil(edit.hasFocus, timeout=2000)
    edit.selectAll()
    qtbot.keyClicks(edit, "0.02")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert w.controller.experiment.hyperparams["lr"] == 0.02
    assert not edit.hasFocus()
    assert not isinstance(QApplication.focusWidget(), type(edit))
    qtbot.keyClick(w, Qt.Key.Key_Space)
    assert w.controller.playing
    w.controller.pause()


def test_enter_in_a_spin_box_hands_the_focus_back(make_window, qtbot):
    w = make_window()
    activate(qtbot, w)
    spin = w.panels.run_section.seed_spin
    spin.setFocus()
    qtbot.waitUntil(spin.hasFocus, timeout=2000)
    spin.lineEdit().selectAll()
    qtbot.keyClicks(spin, "42")
    qtbot.keyClick(spin, Qt.Key.Key_Enter)
    assert w.controller.experiment.seed == 42 and not spin.hasFocus()


# --- undo covers every edit ----------------------------------------------------------------------


def test_every_panel_edit_undoes_to_the_exact_previous_experiment(make_window):
    w = make_window()
    c, ed, panels = w.controller, w.editor, w.panels
    o, p, r = panels.optimizer_section, panels.problem_section, panels.run_section
    states = [c.experiment]
    type_into(o.fields["lr"].edit, "0.02")
    states.append(c.experiment)
    pick(o.combo, "adam")
    states.append(c.experiment)
    pick(p.data_combo, "noisy-line")
    states.append(c.experiment)
    pick(r.length_combo, "steps")
    states.append(c.experiment)
    pick(p.problem_combo, "bowl")
    states.append(c.experiment)
    assert len({repr(s.to_dict()) for s in states}) == len(states)  # each edit changed it
    assert ed.stack.count() == len(states) - 1
    assert ed.stack.undoText() == "change the problem"
    for want in reversed(states[:-1]):
        ed.stack.undo()
        assert c.experiment == want
    assert o.fields["lr"].value() == 0.01 and o.combo.currentData() == "gd"
    for want in states[1:]:
        ed.stack.redo()
        assert c.experiment == want
    assert p.problem_combo.currentData() == "bowl"


def test_a_slider_drag_is_one_undo_step(make_window):
    w = make_window()
    c, ed = w.controller, w.editor
    field = w.panels.optimizer_section.fields["lr"]
    before = c.experiment
    for _drag in range(2):
        field.slider.setSliderDown(True)
        field.slider.sliderPressed.emit()
        for pos in (400, 450, 500, 550):
            field.slider.setValue(pos + 100 * _drag)
        field.slider.setSliderDown(False)
    assert ed.stack.count() == 2  # two drags, two steps
    after_first = ed.stack.command(0).after
    ed.stack.undo()
    assert c.experiment == after_first
    ed.stack.undo()
    assert c.experiment == before and field.value() == 0.01


# --- CSV columns ---------------------------------------------------------------------------------


def test_imported_columns_name_the_data_and_the_fit_plots_axes(make_window):
    ds = Dataset([1.0, 2.0, 3.0, 4.0, 5.0, 6.0], [2.0, 4.1, 5.9, 8.2, 9.9, 12.1]).named(
        "hours", "score"
    )
    exp = edits.apply(preset("tutorial-003"), data=ds)
    w = make_window(exp)
    combo = w.panels.problem_section.data_combo
    assert combo.currentText() == "score vs hours (6 points)"
    assert "Given points" not in combo.currentText()
    fit = w.fit_plot
    assert fit.plotItem.getAxis("bottom").labelText == "hours"
    assert fit.plotItem.getAxis("left").labelText == "score"
    w.set_experiment(preset("tutorial-003"))
    assert fit.plotItem.getAxis("bottom").labelText == "x"
