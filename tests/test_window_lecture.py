"""The window before a lecture: the experiment's loss scale, the start of the selected
run in a race, and the Runs dock's rows."""

import json

import numpy as np
import pytest

from gdgui.core.experiment import preset


def surface_race(n=3):
    """A race of ``n`` gd runs on Rosenbrock, run i at rate 0.001 * (i + 1)."""
    base = preset("tutorial-003").replace(
        problem={"name": "rosenbrock"},
        init=[-1.5, 2.0],
        optimizer={"name": "gd", "lr": 0.001},
        steps=50,
    )
    exp = base  # add_run makes the base run 0 first
    for i in range(1, n):
        exp = exp.add_run(base.replace(optimizer={"lr": 0.001 * (i + 1)}))
    return exp


# --- view.loss_scale ----------------------------------------------------------------------
def test_a_file_with_a_log_loss_scale_opens_log_and_saves_it_back(qtbot, make_window, tmp_path):
    src = tmp_path / "log.json"
    d = preset("tutorial-003").to_dict()
    d["view"] = {"loss_scale": "log"}
    src.write_text(json.dumps(d), encoding="utf-8")
    w = make_window()
    assert not w.loss_plot.log_scale and not w.action_log_scale.isChecked()
    assert w.files.open(src)
    assert w.loss_plot.log_scale
    assert w.action_log_scale.isChecked() and w.loss_plot.log_button.isChecked()
    # the plot's own button turns it off: the experiment (and the menu) follow
    w.controller.step(3)
    qtbot.waitUntil(lambda: len(w.controller.history) == 4, timeout=5000)
    w.loss_plot.log_button.click()
    assert not w.loss_plot.log_scale and not w.action_log_scale.isChecked()
    assert w.controller.experiment.loss_scale == "linear"
    assert len(w.controller.history) == 4  # a view setting: the run goes on
    assert w.isWindowModified()
    out = tmp_path / "linear.json"
    assert w.files.save_to(out)
    assert json.loads(out.read_text(encoding="utf-8"))["view"] == {"loss_scale": "linear"}
    # undo brings the log axis back, and Save keeps that
    w.editor.stack.undo()
    assert w.loss_plot.log_scale and w.action_log_scale.isChecked()
    assert w.files.save_to(out)
    assert json.loads(out.read_text(encoding="utf-8"))["view"] == {"loss_scale": "log"}
    # and a file without a view opens linear again
    plain = tmp_path / "plain.json"
    plain.write_text(preset("tutorial-003").to_json(), encoding="utf-8")
    assert w.files.open(plain)
    assert not w.loss_plot.log_scale and not w.action_log_scale.isChecked()


def test_the_view_menu_sets_the_loss_scale_of_the_experiment(make_window):
    w = make_window(preset("race-rosenbrock"))
    assert w.loss_plot.log_scale and w.action_log_scale.isChecked()  # the preset says log
    w.action_log_scale.trigger()
    assert not w.loss_plot.log_scale and not w.loss_plot.log_button.isChecked()
    exp = w.controller.experiment
    assert exp.loss_scale == "linear" and exp.run_count == 7
    assert w.editor.stack.undoText() == "set the loss scale"
    w.action_log_scale.trigger()
    assert w.controller.experiment.loss_scale == "log" and w.loss_plot.log_scale


# --- the start of the selected run ----------------------------------------------------------
def test_picking_the_start_moves_only_the_selected_run(make_window):
    exp = surface_race(3)
    w = make_window(exp)
    c = w.controller
    c.select_run(1)
    w.trajectory_plot.start_requested.emit(0.5, -0.25)
    new = c.experiment
    assert new.run_count == 3
    assert new.run_experiment(1).init == (0.5, -0.25)
    assert new.run_experiment(0).init == (-1.5, 2.0) == new.run_experiment(2).init
    assert new.init == (-1.5, 2.0)  # the base keeps its start
    np.testing.assert_allclose(c.histories[1].params[0], [0.5, -0.25])
    np.testing.assert_allclose(c.histories[0].params[0], [-1.5, 2.0])
    assert [e.value() for e in w.panels.run_section.init_edits] == [0.5, -0.25]
    assert "start" in w.editor.stack.undoText()
    # another run selected before undo: the undo still gives run 1 its start back
    c.select_run(2)
    w.editor.stack.undo()
    assert c.experiment == exp
    w.editor.stack.redo()
    assert c.experiment.run_experiment(1).init == (0.5, -0.25)
    assert c.experiment.run_experiment(2).init == (-1.5, 2.0)


def test_picking_the_start_of_a_single_run_sets_the_experiments_start(make_window):
    exp = surface_race(1).run_experiment(0)
    assert not exp.runs
    w = make_window(exp)
    w.trajectory_plot.start_requested.emit(1.25, 0.5)
    assert w.controller.experiment.init == (1.25, 0.5)
    assert not w.controller.experiment.runs
    w.editor.stack.undo()
    assert w.controller.experiment == exp


def test_a_start_that_does_not_fit_is_refused_and_the_runs_stay(make_window):
    exp = surface_race(2)
    w = make_window(exp)
    w.controller.select_run(1)
    assert not w.editor.apply_init([1.0, 2.0, 3.0])  # three numbers for two parameters
    assert w.controller.experiment == exp
    assert w.statusBar().currentMessage().startswith("Cannot start there")


@pytest.mark.parametrize("loss_scale", ["log", "linear"])
def test_loss_scale_survives_a_save_and_open(make_window, tmp_path, loss_scale):
    w = make_window(preset("race-rosenbrock").replace(loss_scale=loss_scale))
    out = tmp_path / "race.json"
    assert w.files.save_to(out)
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["view"] == {"loss_scale": loss_scale}
    w2 = make_window()
    assert w2.files.open(out)
    assert w2.controller.experiment.loss_scale == loss_scale
    assert w2.loss_plot.log_scale == (loss_scale == "log")
    assert w2.action_log_scale.isChecked() == (loss_scale == "log")
