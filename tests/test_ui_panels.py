"""The side panels: every edit makes a validated experiment; bad input is shown, never applied."""

import pytest
from PySide6.QtWidgets import QCheckBox

from gdgui.core import optimizers as optim
from gdgui.core.experiment import preset
from gdgui.ui.panels.optimizer import rule_html


def type_into(edit, text):
    edit.setFocus()
    edit.setText(text)
    edit.textEdited.emit(text)
    edit.editingFinished.emit()


def test_learning_rate_accepts_typed_values_and_moves_the_log_slider(make_window):
    w = make_window()
    field = w.panels.optimizer_section.fields["lr"]
    before = field.slider.value()
    type_into(field.edit, "3e-4")
    assert w.controller.experiment.hyperparams["lr"] == 0.0003
    assert field.edit.error == "" and field.slider.value() < before
    # the slider is logarithmic over 1e-5 .. 10: a quarter of the way is 10^-3.5
    field.slider.setValue(250)
    assert w.controller.experiment.hyperparams["lr"] == 0.00032
    assert field.edit.text() == "0.00032"
    field.slider.setValue(500)
    assert w.controller.experiment.hyperparams["lr"] == 0.01


@pytest.mark.parametrize(
    "text, reason",
    [("abc", "not a number"), ("-1", "must be > 0"), ("0", "must be > 0"), ("inf", "finite")],
)
def test_invalid_learning_rate_is_red_with_the_reason_and_keeps_the_old_value(
    make_window, text, reason
):
    w = make_window()
    edit = w.panels.optimizer_section.fields["lr"].edit
    type_into(edit, text)
    assert reason in edit.error and reason in edit.toolTip()
    assert "color" in edit.styleSheet()
    assert w.controller.experiment.hyperparams["lr"] == 0.01
    type_into(edit, "0.02")  # fixing the text clears the error
    assert edit.error == "" and w.controller.experiment.hyperparams["lr"] == 0.02
    assert "learning rate" in edit.toolTip().lower()


def test_optimizer_combo_shows_only_that_optimizers_hyperparameters(make_window):
    w = make_window()
    sec = w.panels.optimizer_section
    for name, spec in optim.OPTIMIZERS.items():
        sec.combo.setCurrentIndex(sec.combo.findData(name))
        assert w.controller.experiment.optimizer_name == name
        assert list(sec.fields) == [h.name for h in spec.hyperparams]
        assert sec.rule.text() == rule_html(spec.rule)
        for h in spec.hyperparams:
            assert isinstance(sec.fields[h.name], QCheckBox) == h.is_bool
    # the learning rate survives a change of optimizer
    sec.combo.setCurrentIndex(sec.combo.findData("gd"))
    type_into(sec.fields["lr"].edit, "0.05")
    sec.combo.setCurrentIndex(sec.combo.findData("adam"))
    assert w.controller.experiment.hyperparams["lr"] == 0.05


def test_an_invalid_combination_is_shown_inline_and_changes_nothing(make_window):
    w = make_window()
    sec = w.panels.optimizer_section
    sec.combo.setCurrentIndex(sec.combo.findData("nesterov"))
    exp = w.controller.experiment
    field = sec.fields["dampening"]
    type_into(field.edit, "0.5")
    assert "dampening" in sec.error_label.text() and sec.error_label.isVisibleTo(sec)
    assert w.controller.experiment is exp
    assert "Nesterov" in field.edit.error


def test_changing_a_hyperparameter_keeps_the_run_but_the_optimizer_kind_resets_it(
    qtbot, make_window
):
    w = make_window(preset("tutorial-003-sgd"))
    c = w.controller
    c.step(4)
    qtbot.waitUntil(lambda: len(c.history) == 5, timeout=2000)
    type_into(w.panels.optimizer_section.fields["weight_decay"].edit, "0.1")
    assert c.experiment.hyperparams["weight_decay"] == 0.1 and len(c.history) == 5
    sec = w.panels.optimizer_section
    sec.combo.setCurrentIndex(sec.combo.findData("momentum"))
    assert len(c.history) == 1 and c.status == "ready"


def test_noisy_line_data_and_the_model(make_window):
    w = make_window()
    p = w.panels.problem_section
    assert not p._form.isRowVisible(p.n_spin)
    p.data_combo.setCurrentIndex(p.data_combo.findData("noisy-line"))
    c = w.controller
    assert c.experiment.to_dict()["data"]["preset"] == "noisy-line"
    assert c.problem.n_samples == 50 and p._form.isRowVisible(p.n_spin)
    p.n_spin.setValue(200)
    assert c.problem.n_samples == 200
    type_into(p.slope_edit, "-3")
    type_into(p.noise_edit, "0.5")
    p.data_seed_spin.setValue(7)
    assert c.experiment.to_dict()["data"] == {
        "preset": "noisy-line",
        "n": 200,
        "slope": -3.0,
        "intercept": 1.0,
        "noise": 0.5,
        "x_min": 0.0,
        "x_max": 10.0,
        "seed": 7,
    }
    type_into(p.noise_edit, "-1")
    assert "must be >= 0" in p.noise_edit.error
    assert c.experiment.to_dict()["data"]["noise"] == 0.5
    p.problem_combo.setCurrentIndex(p.problem_combo.findData("linear-wb"))
    assert c.problem.param_names == ("w", "b")
    assert [e.accessibleName() for e in w.panels.run_section.init_edits] == [
        "Initial w",
        "Initial b",
    ]
    w.render_now()
    assert w.readouts.value_text("grad:b")


def test_given_points_are_kept_as_a_data_choice(make_window):
    w = make_window(preset("tutorial-003-sgd"))
    p = w.panels.problem_section
    assert p.data_combo.currentData() == "custom"
    assert "3" in p.data_combo.currentText()
    p.data_combo.setCurrentIndex(p.data_combo.findData("doubling"))
    assert w.controller.problem.n_samples == 4
    p.data_combo.setCurrentIndex(p.data_combo.findData("custom"))
    assert w.controller.experiment.to_dict()["data"] == {"x": [1.0, 2.0, 3.0], "y": [2.0, 4.0, 6.0]}


def test_surfaces_are_offered_when_the_engine_has_them(make_window):
    surfaces = pytest.importorskip("gdgui.core.surfaces")
    w = make_window()
    p = w.panels.problem_section
    names = [p.problem_combo.itemData(i) for i in range(p.problem_combo.count())]
    assert set(surfaces.SURFACES) <= set(names)
    p.problem_combo.setCurrentIndex(p.problem_combo.findData("rosenbrock"))
    c = w.controller
    assert c.problem.param_names == ("x", "y") and c.problem.n_samples is None
    assert not p._form.isRowVisible(p.data_combo)
    assert not w.panels.run_section.batch_combo.isEnabled()
    assert w.fit_plot.isHidden()
    p.problem_combo.setCurrentIndex(p.problem_combo.findData("linear-w"))
    assert c.problem.n_samples == 4 and not w.fit_plot.isHidden()


def test_run_settings(make_window):
    w = make_window()
    r = w.panels.run_section
    c = w.controller
    r.batch_combo.setCurrentIndex(r.batch_combo.findData("sgd"))
    assert c.experiment.batch_size == 1 and c.steps_per_epoch == 4
    r.batch_combo.setCurrentIndex(r.batch_combo.findData("mini"))
    assert c.experiment.batch_size == r.batch_spin.value() and not r.batch_spin.isHidden()
    r.batch_spin.setValue(2)
    assert c.steps_per_epoch == 2
    r.length_spin.setValue(7)
    assert c.max_steps == 14
    r.length_combo.setCurrentIndex(r.length_combo.findData("steps"))
    assert c.experiment.steps == 7 and c.max_steps == 7
    type_into(r.init_edits[0], "-2.5")
    assert c.experiment.to_dict()["init"] == [-2.5] and c.history.params[0, 0] == -2.5
    r.seed_spin.setValue(3)
    assert c.experiment.seed == 3


def test_speed_slider_goes_from_one_step_per_second_to_unlimited(make_window):
    w = make_window()
    r = w.panels.run_section
    r.speed_slider.setValue(r.speed_slider.minimum())
    assert w.controller.speed == 1 and r.speed_label.text() == "1 steps/s"
    r.speed_slider.setValue(r.speed_slider.maximum())
    assert w.controller.speed == 0 and r.speed_label.text() == "unlimited"


def test_sections_collapse(make_window):
    w = make_window()
    box = w.panels.collapsibles["optimizer"]
    assert box.isExpanded()
    box.toggleButton().click()
    assert not box.isExpanded()


def test_an_inline_error_is_not_cut_off_by_its_section(qtbot, make_window):
    w = make_window()
    sec = w.panels.optimizer_section
    sec.combo.setCurrentIndex(sec.combo.findData("nesterov"))
    type_into(sec.fields["dampening"].edit, "0.5")
    content = w.panels.collapsibles["optimizer"].content()
    qtbot.wait(50)
    label = sec.error_label
    assert label.isVisible() and label.height() > 0
    bottom = label.mapTo(content, label.rect().bottomLeft()).y()
    assert bottom <= content.height() <= content.maximumHeight()


def test_gradient_noise_and_stopping_tolerance(qtbot, make_window):
    w = make_window()
    r = w.panels.run_section
    c = w.controller
    type_into(r.noise_edit, "0.05")
    assert c.experiment.gradient_noise == 0.05
    type_into(r.noise_edit, "-1")
    assert "must be >= 0" in r.noise_edit.error and c.experiment.gradient_noise == 0.05
    type_into(r.noise_edit, "0")
    type_into(r.tolerance_edit, "1e-3")
    assert c.experiment.tolerance == 0.001
    c.start()
    qtbot.waitUntil(lambda: c.done, timeout=3000)
    w.render_now()
    assert c.status == "converged" and w.readouts.state.text().startswith("Converged at step")
    type_into(r.tolerance_edit, "0")
    assert c.experiment.tolerance is None


def test_the_experiment_description_is_shown(make_window):
    w = make_window(preset("tutorial-003-sgd"))
    assert "one randomly drawn sample" in w.panels.description.text()
    assert w.panels.description.isVisibleTo(w.panels)


def test_the_description_goes_once_the_problem_it_describes_is_edited(make_window):
    w = make_window()
    assert "0.01" in w.panels.description.text()  # it tells of the learning rate
    assert w.panels.description.isVisibleTo(w.panels)
    type_into(w.panels.optimizer_section.fields["lr"].edit, "0.02")
    assert not w.panels.description.isVisibleTo(w.panels)  # no longer "learning rate 0.01"
    w.editor.stack.undo()
    assert w.controller.experiment.hyperparams["lr"] == 0.01
    assert w.panels.description.isVisibleTo(w.panels)
    p = w.panels.problem_section
    p.problem_combo.setCurrentIndex(p.problem_combo.findData("linear-wb"))
    assert not w.panels.description.isVisibleTo(w.panels)
    p.problem_combo.setCurrentIndex(p.problem_combo.findData("linear-w"))
    assert w.controller.experiment.init is None  # the start went with the problem: "w0 = 1"
    assert not w.panels.description.isVisibleTo(w.panels)
    w.editor.stack.undo()
    w.editor.stack.undo()
    assert w.controller.experiment == preset("tutorial-003")
    assert w.panels.description.isVisibleTo(w.panels)
