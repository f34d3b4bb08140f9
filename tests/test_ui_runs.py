"""Runs side by side in the window (issue 11): the controller's race, the Runs dock,
colours and legends, editing the selected run, and the race presets."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt

import gdgui
from gdgui.core.experiment import preset
from gdgui.ui import theme as themes
from gdgui.ui.controller import Controller

RACE_PRESETS = ("race-rosenbrock", "race-saddle", "race-bowl", "race-tutorial-rates")


def two_rates(lr_a=0.05, lr_b=0.2):
    """The tutorial's line with two learning rates: lr_b = 0.2 > 2/15 diverges."""
    exp = preset("tutorial-003").replace(epochs=400)
    return exp.add_run(exp.replace(optimizer={"lr": lr_b})).with_run(
        0, exp.replace(optimizer={"lr": lr_a})
    )


def type_into(edit, text):
    edit.setFocus()
    edit.setText(text)
    edit.textEdited.emit(text)
    edit.editingFinished.emit()


def legend_names(plot):
    legend = plot._legend
    if legend is None or not legend.isVisible():
        return []
    return [label.text for _, label in legend.items]


# --- the controller ---------------------------------------------------------------------------
def test_one_run_diverges_while_the_other_finishes_each_as_alone(qtbot):
    exp = two_rates()
    c = Controller(exp)
    try:
        assert c.run_count == 2 and len(c.histories) == 2
        c.start()
        qtbot.waitUntil(lambda: c.done, timeout=20000)
        assert [c.run_status(i) for i in range(2)] == ["finished", "diverged"]
        assert c.status == "finished"  # the selected run (0) ended so
        assert c.step_counts[0] == 400 and c.step_counts[1] < 400
        assert "diverged" in c.messages[1].lower() and c.messages[1] != c.messages[0]
        for i in range(2):  # each run bit for bit what it is alone
            alone = exp.run_experiment(i).run()
            np.testing.assert_array_equal(c.histories[i].params, alone.history.params)
            np.testing.assert_array_equal(c.histories[i].loss, alone.history.loss)
        assert abs(c.histories[0].params[-1, 0] - 2.0) < 1e-9  # w reaches 2
        c.select_run(1)
        assert c.history is c.histories[1] and c.message == c.messages[1]
        assert c.status == "diverged"
    finally:
        c.shutdown()


def test_step_and_step_epoch_act_on_every_run(qtbot):
    exp = preset("tutorial-003-sgd")
    exp = exp.add_run(exp.replace(batch_size=2))  # 3 points: epochs of 3 steps and of 2
    c = Controller(exp)
    try:
        spe = c.run_steps_per_epoch
        assert spe[0] != spe[1]
        assert spe == [3, 2]
        c.step(1)
        qtbot.waitUntil(lambda: c.step_counts == [1, 1], timeout=5000)
        c.step_epoch()  # each run to its own epoch's end
        want = [3, 2]
        qtbot.waitUntil(lambda: c.step_counts == want, timeout=5000)
        c.reset()
        assert c.step_counts == [0, 0] and all(len(h) == 1 for h in c.histories)
    finally:
        c.shutdown()


def test_a_rate_edit_reaches_only_its_run_at_the_next_step(qtbot):
    exp = two_rates(0.05, 0.1)
    c = Controller(exp)
    try:
        c.step(5)
        qtbot.waitUntil(lambda: c.step_counts == [5, 5], timeout=5000)
        run_id = c.run_id
        c.set_experiment(exp.with_run(1, exp.run_experiment(1).replace(optimizer={"lr": 0.02})))
        assert c.run_id == run_id and c.step_counts == [5, 5]  # no reset
        c.step(5)
        qtbot.waitUntil(lambda: c.step_counts == [10, 10], timeout=5000)
        run0 = exp.run_experiment(0).build_run()
        run0.advance(max_steps=10)
        np.testing.assert_array_equal(c.histories[0].params, run0.history.params)
        run1 = exp.run_experiment(1).build_run()
        run1.advance(max_steps=5)
        run1.set_hyperparams(lr=0.02)
        run1.advance(max_steps=5)
        np.testing.assert_array_equal(c.histories[1].params, run1.history.params)
        assert not np.array_equal(
            c.histories[1].params, exp.run_experiment(1).run().history.params[:11]
        )
    finally:
        c.shutdown()


# --- the window -------------------------------------------------------------------------------
def test_add_duplicate_rename_and_remove_runs_from_the_dock(make_window):
    w = make_window()
    dock = w.runs_dock
    assert dock.table.rowCount() == 1 and not dock.remove_button.isEnabled()
    for b in (dock.add_button, dock.duplicate_button, dock.remove_button, dock.table):
        assert b.toolTip() and b.accessibleName()
    dock.add_button.click()
    exp = w.controller.experiment
    assert exp.run_count == 2 and dock.table.rowCount() == 2 and w.controller.run_count == 2
    assert w.controller.selected_run == 1 and dock.remove_button.isEnabled()
    dock.table.item(1, 1).setText("second")  # a rename, as typed into the cell
    assert w.controller.experiment.run_name(1) == "second"
    assert w.controller.run_count == 2
    dock.duplicate_button.click()
    exp = w.controller.experiment
    assert [exp.run_name(i) for i in range(3)][1:] == ["second", "second (2)"]
    assert w.controller.selected_run == 2
    dock.select(0)
    assert w.controller.selected_run == 0
    dock.remove_button.click()
    exp = w.controller.experiment
    assert exp.run_count == 2 and [exp.run_name(i) for i in range(2)] == ["second", "second (2)"]
    w.editor.action_undo.trigger()  # every change of the runs is one undo step
    assert w.controller.experiment.run_count == 3
    assert dock.table.rowCount() == 3


def test_colours_and_legends_match_the_dock_and_hiding_a_run(qtbot, make_window):
    w = make_window(two_rates())
    dock = w.runs_dock
    w.controller.step(10)
    qtbot.waitUntil(lambda: w.controller.step_counts == [10, 10], timeout=5000)
    w.render_now()
    names = [w.controller.experiment.run_name(i) for i in range(2)]
    for i in range(2):
        colour = dock.table.item(i, 0).data(Qt.ItemDataRole.UserRole)
        assert colour == themes.run_color(i, w.theme)
        for plot in w.plots.values():
            assert plot.run_colour(i) == colour and plot.run_name(i) == names[i]
        assert w.loss_plot.run_items(i)["curve"].pen().color().name() == colour
    assert themes.run_color(0, w.theme) != themes.run_color(1, w.theme)
    assert names[0] in legend_names(w.loss_plot) and names[1] in legend_names(w.loss_plot)
    # hide run 1 from the dock
    dock.table.item(1, 0).setCheckState(Qt.CheckState.Unchecked)
    assert dock.hidden == {1}
    w.render_now()
    assert names[1] not in legend_names(w.trajectory_plot)
    assert not w.trajectory_plot.run_visible(1)
    assert not w.loss_plot.run_items(1)["curve"].isVisible()
    # show it again, then hide it from a plot's legend
    dock.table.item(1, 0).setCheckState(Qt.CheckState.Checked)
    assert w.trajectory_plot.run_visible(1) and names[1] in legend_names(w.trajectory_plot)
    w.loss_plot.run_visibility_requested.emit(1, False)
    assert dock.hidden == {1}
    assert dock.table.item(1, 0).checkState() == Qt.CheckState.Unchecked
    assert not w.fit_plot.run_visible(1)
    # the light theme: the dock and the plots change colours together
    w.set_theme("light")
    assert (
        dock.table.item(0, 0).data(Qt.ItemDataRole.UserRole)
        == w.loss_plot.run_colour(0)
        == themes.run_color(0, "light")
    )


def test_editing_the_selected_run_changes_only_that_run(qtbot, make_window):
    w = make_window(two_rates(0.05, 0.1))
    w.runs_dock.select(1)
    assert w.controller.selected_run == 1
    lr = w.panels.optimizer_section.fields["lr"]
    assert abs(lr.value() - 0.1) < 1e-12  # the panels show run 1
    type_into(lr.edit, "0.07")
    exp = w.controller.experiment
    assert exp.run_experiment(1).hyperparams["lr"] == pytest.approx(0.07)
    assert exp.run_experiment(0).hyperparams["lr"] == pytest.approx(0.05)
    w.runs_dock.select(0)
    assert abs(lr.value() - 0.05) < 1e-12
    w.editor.action_undo.trigger()
    assert w.controller.experiment.run_experiment(1).hyperparams["lr"] == pytest.approx(0.1)


def test_the_dock_reads_each_runs_step_loss_distance_and_status(qtbot, make_window):
    w = make_window(two_rates())
    w.controller.start()
    qtbot.waitUntil(lambda: w.controller.done, timeout=20000)
    w.render_now()
    t = w.runs_dock.table
    r0, r1 = w.runs_dock.readout(0), w.runs_dock.readout(1)
    assert r0["step"] == 400 and r0["distance"] < 1e-9 and r0["status"] == "finished"
    assert r1["status"] == "diverged" and r1["distance"] > 1e3
    h = w.controller.histories[1]
    assert r1["loss"] == float(h.loss[-1])
    assert r1["grad"] == pytest.approx(float(np.linalg.norm(h.grad[-1])))
    assert t.item(0, 2).text() == "400"
    assert t.item(1, 6).toolTip() == w.controller.messages[1]


def test_a_sweep_configuration_becomes_a_new_run(make_window):
    w = make_window()
    assert w.extras.apply_configuration({"optimizer": "adam", "hyperparams": {"lr": 0.01}})
    assert w.runs_dock.table.rowCount() == 2
    assert w.controller.experiment.run_experiment(1).optimizer_name == "adam"


# --- the race presets -------------------------------------------------------------------------
@pytest.mark.parametrize("name", RACE_PRESETS)
def test_race_presets_open_in_the_window(qtbot, make_window, name):
    exp = gdgui.preset(name)
    assert exp.run_count >= 2 and exp.description
    w = make_window(exp)
    assert w.controller.run_count == exp.run_count == w.runs_dock.table.rowCount()
    w.controller.step(3)
    qtbot.waitUntil(lambda: w.controller.step_counts == [3] * exp.run_count, timeout=5000)
    w.render_now()
    # every run is in the legend, or behind its "+N more" entry when there is no room
    more = w.loss_plot.legend_more_names
    assert len(legend_names(w.loss_plot)) - bool(more) + len(more) >= exp.run_count


def _finished(name):
    race = gdgui.preset(name).build_race()
    race.run()
    return race


def test_race_rosenbrock_seven_optimizers_none_diverges():
    exp = gdgui.preset("race-rosenbrock")
    race = _finished("race-rosenbrock")
    assert sorted(r.optimizer for r in race.runs) == sorted(
        ["gd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "adamw"]
    )
    assert exp.init == (-1.5, 2.0)
    assert "diverged" not in race.statuses
    by = {r.optimizer: r for r in race.runs}
    assert {o for o, r in by.items() if r.status == "converged"} == {"momentum", "adam", "nesterov"}
    assert by["momentum"].step_count < by["adam"].step_count < by["nesterov"].step_count
    far = {o: float(np.linalg.norm(r.history.params[-1] - 1.0)) for o, r in by.items()}
    assert max(far, key=far.get) == "adagrad"  # furthest behind


def test_race_saddle_the_noisy_run_leaves_the_saddle():
    exp = gdgui.preset("race-saddle")
    plain, noisy = _finished("race-saddle").runs
    assert exp.run_experiment(0).gradient_noise == 0 and exp.run_experiment(1).gradient_noise > 0
    assert np.linalg.norm(plain.history.params[-1]) < 1e-6  # stuck on the saddle
    assert abs(abs(noisy.history.params[-1, 0]) - 1.0) < 0.05  # in a minimum


def test_race_bowl_momentum_reaches_the_minimum_in_fewer_steps():
    gd, mom = _finished("race-bowl").runs
    assert (gd.optimizer, mom.optimizer) == ("gd", "momentum")
    assert gd.status == mom.status == "converged"
    assert mom.step_count * 2 < gd.step_count


def test_race_tutorial_rates_below_at_and_above_the_limit():
    exp = gdgui.preset("race-tutorial-rates")
    lrs = [exp.run_experiment(i).hyperparams["lr"] for i in range(3)]
    assert lrs[0] < lrs[1] < 2 / 15 < lrs[2]
    below, at, above = _finished("race-tutorial-rates").runs
    assert below.status == "finished" and abs(below.history.params[-1, 0] - 2.0) < 1e-9
    assert at.status == "finished" and float(at.history.loss[-1]) > 1.0  # barely settles
    assert above.status == "diverged"


def test_while_running_a_frame_over_budget_leaves_the_other_runs_to_the_next(
    qtbot, make_window, monkeypatch
):
    from gdgui.ui import render as window_module

    exp = preset("tutorial-003")
    exp = exp.add_run(exp.replace(optimizer={"lr": 0.02})).add_run(
        exp.replace(optimizer={"lr": 0.03})
    )
    w = make_window(exp, speed=1)
    monkeypatch.setattr(window_module, "RUNS_FRAME_BUDGET_S", 0.0)  # the least a frame
    for plot in w.plots.values():
        plot.clear_run()
    w.controller.start()
    assert w.controller.status == "running"
    drawn = []
    for _ in range(2):
        w.render_now()
        drawn.append(
            {
                i
                for i in range(3)
                if w.loss_plot._runs.get(i) is not None and w.loss_plot._runs[i].history is not None
            }
        )
    assert drawn[0] == {0, 1}  # the selected run and one other
    assert drawn[1] == {0, 1, 2}  # the next frame goes on with the next run
    w.controller.pause()
    for plot in w.plots.values():
        plot.clear_run()
    w.render_now()  # not running: every run at once
    assert all(w.trajectory_plot._runs[i].history is w.controller.histories[i] for i in range(3))
