"""Learning-rate schedules in the window: the schedule section of the optimizer panel, the
scheduled η on the loss plot's right-hand axis and the η readout."""

import numpy as np
import pytest
from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit

from gdgui.core import edits, schedules
from gdgui.core.experiment import preset
from gdgui.ui.panels.schedule import FloatEdit, schedule_titles


def type_into(edit, text):
    edit.setFocus()
    edit.setText(text)
    edit.textEdited.emit(text)
    edit.editingFinished.emit()


def choose(combo, data):
    i = combo.findData(data)
    assert i >= 0, data
    combo.setCurrentIndex(i)


def line(steps=100, optimizer=None, schedule=None):
    exp = preset("tutorial-003").replace(steps=steps)
    if optimizer is not None:
        exp = exp.replace(optimizer=optimizer)
    return edits.set_schedule(exp, schedule) if schedule is not None else exp


def section(w):
    return w.panels.optimizer_section.schedule


def wait_done(qtbot, w):
    w.controller.start()
    qtbot.waitUntil(lambda: w.controller.done, timeout=20000)
    w.render_now()


# --- the section ----------------------------------------------------------------------------


def test_the_combo_offers_a_constant_rate_and_every_schedule(make_window):
    sec = section(make_window(line()))
    names = [sec.combo.itemData(i) for i in range(sec.combo.count())]
    assert names == [None, *schedules.SCHEDULES]
    assert sec.combo.currentData() is None and sec.fields == {}
    assert not sec.every.isVisibleTo(sec)
    assert sec.combo.itemText(0) == schedule_titles()[None] == "Constant η"


@pytest.mark.parametrize("name", list(schedules.SCHEDULES))
def test_each_schedule_shows_only_its_own_parameters(make_window, name):
    w = make_window(line(optimizer={"name": "momentum"}))
    sec = section(w)
    choose(sec.combo, name)
    spec = schedules.get(name)
    assert list(sec.fields) == [p.name for p in spec.params]  # torch's names, in order
    assert [sec.labels[k].text() for k in sec.fields] == list(sec.fields)
    config = w.controller.experiment.schedule
    assert config is not None and config["name"] == name
    assert dict(config) == schedules.validate(dict(config))  # complete and valid
    for key, widget in sec.fields.items():
        assert widget.accessibleName() == key and widget.toolTip()
        kind = spec.param(key).kind
        expected = {"bool": QCheckBox, "choice": QComboBox, "ints": QLineEdit}.get(kind, FloatEdit)
        assert isinstance(widget, expected)
        if isinstance(widget, FloatEdit):  # the field shows the value in the experiment
            assert widget.value() == pytest.approx(float(config[key]))
    assert sec.every.isVisibleTo(sec) and sec.every.currentData() == "step"
    # required parameters got values that suit the run of 100 steps
    if name == "cosine":
        assert config["T_max"] == 100
    if name == "onecycle":
        assert config["total_steps"] >= 100 and config["cycle_momentum"] is True
    choose(sec.combo, None)
    assert w.controller.experiment.schedule is None and sec.fields == {}


def test_a_typed_value_lands_in_the_experiment_as_validate_makes_it(make_window):
    w = make_window(line())
    sec = section(w)
    choose(sec.combo, "cosine")
    type_into(sec.fields["eta_min"], "3e-4")
    type_into(sec.fields["T_max"], "80")
    expected = schedules.validate({"name": "cosine", "T_max": 80, "eta_min": 3e-4})
    assert dict(w.controller.experiment.schedule) == expected
    assert isinstance(w.controller.experiment.schedule["T_max"], int)
    assert w.controller.history.with_lr  # the window's history records the rates
    choose(sec.every, "epoch")
    assert dict(w.controller.experiment.schedule) == {**expected, "every": "epoch"}


def test_milestones_are_typed_as_a_list(make_window):
    w = make_window(line())
    sec = section(w)
    choose(sec.combo, "multistep")
    type_into(sec.fields["milestones"], "10, 20,40")
    assert w.controller.experiment.schedule["milestones"] == [10, 20, 40]
    type_into(sec.fields["milestones"], "10, x")
    assert "whole numbers" in sec.fields["milestones"].toolTip()
    assert "color" in sec.fields["milestones"].styleSheet()
    assert w.controller.experiment.schedule["milestones"] == [10, 20, 40]
    type_into(sec.fields["milestones"], "0, 5")  # 0 is not an update
    assert "milestones" in sec.error_label.text()
    assert w.controller.experiment.schedule["milestones"] == [10, 20, 40]
    type_into(sec.fields["milestones"], "5")
    assert w.controller.experiment.schedule["milestones"] == [5]
    assert sec.fields["milestones"].styleSheet() == ""


@pytest.mark.parametrize(
    "key, text, reason",
    [
        ("T_max", "0", ">= 1"),
        ("T_max", "2.5", "integer"),
        ("eta_min", "-1", ">= 0"),
        ("eta_min", "abc", "not a number"),
    ],
)
def test_an_invalid_value_is_marked_at_its_field_and_the_schedule_kept(
    make_window, key, text, reason
):
    w = make_window(line(schedule="cosine:T_max=50,eta_min=0.001"))
    sec = section(w)
    before = w.controller.experiment.schedule
    field = sec.fields[key]
    type_into(field, text)
    assert reason in field.error and reason in field.toolTip()
    assert "color" in field.styleSheet()
    assert w.controller.experiment.schedule == before


def test_a_refusal_of_the_run_is_marked_at_the_field_and_changes_nothing(make_window):
    w = make_window(
        line(
            steps=100,
            optimizer={"name": "momentum"},
            schedule="onecycle:max_lr=0.05,total_steps=120",
        )
    )
    sec = section(w)
    before = w.controller.experiment.schedule
    field = sec.fields["total_steps"]
    type_into(field, "60")  # a valid value, but the run takes 100 steps
    assert "total_steps" in field.error and "100" in field.error
    assert sec.error_label.isVisibleTo(sec) and "100" in sec.error_label.text()
    assert w.controller.experiment.schedule == before
    type_into(field, "100")
    assert field.error == "" and w.controller.experiment.schedule["total_steps"] == 100


def test_schedule_edits_undo_and_redo(make_window):
    w = make_window(line())
    sec = section(w)
    stack = w.editor.stack
    choose(sec.combo, "exponential")
    type_into(sec.fields["gamma"], "0.9")
    assert w.controller.experiment.schedule["gamma"] == 0.9
    stack.undo()
    assert w.controller.experiment.schedule["gamma"] == 0.99
    assert sec.fields["gamma"].value() == 0.99  # the field follows
    stack.undo()
    assert w.controller.experiment.schedule is None
    assert sec.combo.currentData() is None and sec.fields == {}
    assert not w.controller.history.with_lr
    stack.redo()
    stack.redo()
    assert dict(w.controller.experiment.schedule) == schedules.validate(
        {"name": "exponential", "gamma": 0.9}
    )
    assert sec.combo.currentData() == "exponential"


def test_momentum_cycling_is_offered_only_where_there_is_a_momentum(make_window):
    w = make_window(line())  # gd: no momentum, no beta1
    sec = section(w)
    assert edits.schedule_conflict(
        schedules.validate({"name": "onecycle", "max_lr": 0.1, "total_steps": 100}), "gd"
    )
    choose(sec.combo, "onecycle")
    config = w.controller.experiment.schedule
    assert config["name"] == "onecycle" and config["cycle_momentum"] is False
    for key in ("cycle_momentum", "base_momentum", "max_momentum"):
        assert key not in sec.fields
    assert not sec.cycle_offered()
    # Adam has beta1: the cycling is offered, and on by default as in torch
    choose(w.panels.optimizer_section.combo, "adam")
    assert sec.cycle_offered()
    assert "cycle_momentum" in sec.fields
    assert sec.fields["cycle_momentum"].isChecked() is False  # the kept schedule's value
    sec.fields["cycle_momentum"].setChecked(True)
    assert w.controller.experiment.schedule["cycle_momentum"] is True
    # back to gd: the schedule cannot go with it and is dropped (edits.set_optimizer)
    choose(w.panels.optimizer_section.combo, "gd")
    assert w.controller.experiment.schedule is None
    assert sec.combo.currentData() is None


# --- the loss plot and the readout ------------------------------------------------------------


def test_a_scheduled_run_draws_its_eta_on_the_right_axis(make_window, qtbot):
    w = make_window(line(steps=100, schedule="cosine:T_max=100,eta_min=0.0001"))
    wait_done(qtbot, w)
    h, plot = w.controller.history, w.loss_plot
    assert h.with_lr and np.isnan(h.lr[0])
    assert plot.lr_shown and plot.plotItem.getAxis("right").isVisible()
    assert plot.plotItem.getAxis("right").labelText == "η (schedule)"
    assert plot.lr_log_scale  # 0.01 down to 1e-4: two decades
    x, y = plot.lr_curve.xData, plot.lr_curve.yData
    assert x[0] == 1 and x[-1] == 100  # row 0 (no step yet) has no rate
    rows = np.searchsorted(h.step, x)
    np.testing.assert_allclose(10.0**y, h.lr[rows], rtol=1e-12)
    # step k ran with the rate after k - 1 updates: η_t = η_min + (η₀ − η_min)(1 + cos πt/T)/2
    closed = 1e-4 + (0.01 - 1e-4) * (1 + np.cos(np.pi * (x - 1) / 100)) / 2
    np.testing.assert_allclose(10.0**y, closed, rtol=1e-9)
    assert plot.lr_axis.logMode is True
    ticks = plot.lr_axis.logTickStrings([-4.0, -3.0, -2.0], 1.0, 1.0)
    assert ticks == ["1e-4", "0.001", "0.01"]  # true values, no SI prefix
    readout = w.readouts.value_text("lr")
    assert readout == f"η = {h.lr[-1]:.6g} (cosine)"


def test_a_narrow_schedule_uses_a_linear_eta_axis(make_window, qtbot):
    w = make_window(line(steps=60, schedule="step:step_size=20,gamma=0.5"))
    wait_done(qtbot, w)
    h, plot = w.controller.history, w.loss_plot
    assert plot.lr_shown and not plot.lr_log_scale  # 0.01 to 0.0025
    x, y = plot.lr_curve.xData, plot.lr_curve.yData
    np.testing.assert_array_equal(y, h.lr[np.searchsorted(h.step, x)])
    assert set(np.round(y, 12)) == {0.01, 0.005, 0.0025}


def test_no_schedule_no_eta_curve_and_no_readout(make_window, qtbot):
    w = make_window(line(steps=30))
    wait_done(qtbot, w)
    assert not w.controller.history.with_lr
    assert not w.loss_plot.lr_shown and not w.loss_plot.plotItem.getAxis("right").isVisible()
    assert len(w.loss_plot.lr_curve.xData) == 0
    assert "lr" not in w.readouts.values


def test_the_readout_before_the_first_step_shows_the_rate_it_will_take(make_window):
    w = make_window(line(schedule="linear:start_factor=0.5,total_iters=10"))
    w.render_now()
    assert w.readouts.value_text("lr") == "η = 0.005 (linear)"
    section(w).combo.setCurrentIndex(0)  # a constant rate: the readout goes
    w.render_now()
    assert "lr" not in w.readouts.values
