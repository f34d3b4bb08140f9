"""Adding or removing a run keeps the race (issue 11): the other runs keep their
progress and history (their engines rebuilt by replay where they are), a new run starts
at step 0 and catches up in lockstep; editing one run's settings resets only that run;
a rename costs nothing; the Runs dock's buttons do all that end to end, and Undo too."""

import numpy as np
from race_tools import alone, wait_all

from gdgui.core.experiment import preset


def race():
    """Two runs on the tutorial's line with mini-batches and noise (140 steps)."""
    base = dict(optimizer={"name": "adam", "lr": 0.05}, batch_size=8, gradient_noise=0.1, epochs=20)
    exp = preset("tutorial-000").replace(**base)
    return exp.add_run(exp.replace(optimizer={"name": "momentum", "lr": 0.02}, seed=3))


def test_adding_a_run_mid_race_keeps_the_others(qtbot, controller):
    exp = race()
    c = controller(exp)
    c.step(50)
    wait_all(qtbot, c, [50, 50])
    old = list(c.histories)
    new = exp.add_run(exp.run_experiment(0).replace(optimizer={"lr": 0.01}))
    c.set_experiment(new)
    assert c.experiment == new and c.run_count == 3
    assert c.histories[0] is old[0] and c.histories[1] is old[1] and len(c.histories[2]) == 1
    assert c.step_counts == [50, 50, 0]
    assert c.wait_for_rebuild(30) and [r.step_count for r in c._runs] == [50, 50, 0]
    c.step(20)
    wait_all(qtbot, c, [70, 70, 20])
    for i in range(3):  # each as if it ran alone: the kept ones never restarted
        assert np.array_equal(c.histories[i].params, alone(new, i, c.step_counts[i]).history.params)


def test_a_new_run_catches_up_in_lockstep_while_the_race_runs(qtbot, controller):
    exp = race()
    c = controller(exp)
    c.step(100)
    wait_all(qtbot, c, [100, 100])
    c.set_speed(300)
    c.start()
    c.set_experiment(exp.duplicate_run(1))  # while running: it goes on after the rebuild
    # the kept runs are where the pause found them (the stepper process may have taken
    # the first step of the play already), side by side; the new run starts at 0
    kept = c.step_counts[:2]
    assert kept[0] == kept[1] >= 100 and c.step_counts[2] == 0
    assert all(int(h.step[-1]) == n for h, n in zip(c.histories, kept))
    qtbot.waitUntil(lambda: c.step_counts[2] >= 10, timeout=20000)
    assert c.playing and c.step_counts[2] < min(c.step_counts[:2])
    qtbot.waitUntil(lambda: c.done, timeout=20000)
    dup = exp.duplicate_run(1)
    for i in range(3):
        assert np.array_equal(c.histories[i].params, alone(dup, i, 140).history.params)


def test_removing_a_run_keeps_the_rest(qtbot, controller):
    exp = race().add_run(preset("tutorial-000").replace(optimizer={"name": "gd", "lr": 0.02}))
    c = controller(exp)
    c.step(30)
    wait_all(qtbot, c, [30, 30, 30])
    old = list(c.histories)
    c.select_run(2)
    smaller = exp.remove_run(1)
    c.set_experiment(smaller)
    assert c.run_count == 2 and c.histories == [old[0], old[2]] and c.step_counts == [30, 30]
    assert c.selected_run == 1
    c.step(10)  # waits for the rebuilt engines
    wait_all(qtbot, c, [40, 40])
    for j, i in enumerate((0, 2)):
        assert np.array_equal(c.histories[j].params, alone(exp, i, 40).history.params)
    c.set_experiment(smaller.remove_run(0))  # down to one run: no runs any more
    assert c.run_count == 1 and c.history is old[2] and c.step_counts == [40]
    c.step(1)
    wait_all(qtbot, c, [41])
    assert np.array_equal(c.history.params, alone(exp, 2, 41).history.params)


def test_editing_one_runs_optimizer_resets_only_that_run_and_a_rename_costs_nothing(
    qtbot, controller
):
    exp = race()
    c = controller(exp)
    c.step(25)
    wait_all(qtbot, c, [25, 25])
    old = list(c.histories)
    renamed = exp.rename_run(1, "slow")
    c.set_experiment(renamed)
    assert c.histories == old and not c.rebuilding_engines and c.experiment == renamed
    edited = renamed.with_run(1, renamed.run_experiment(1).replace(optimizer={"name": "gd"}))
    c.set_experiment(edited)
    assert c.histories[0] is old[0] and c.histories[1] is not old[1]
    assert c.step_counts == [25, 0] and c.replay_bases[1] == edited.run_experiment(1)
    c.step(5)
    wait_all(qtbot, c, [30, 5])
    assert np.array_equal(c.histories[0].params, alone(exp, 0, 30).history.params)
    assert np.array_equal(c.histories[1].params, alone(edited, 1, 5).history.params)
    # a change every run shares (the length) resets them all
    c.set_experiment(edited.replace(epochs=30))
    assert c.step_counts == [0, 0] and c.histories[0] is not old[0]


def test_the_engines_never_handed_to_the_worker_are_kept_as_they_are(controller):
    exp = race()
    c = controller(exp)
    c.run_to_end_sync()  # in this thread
    engines = list(c._runs)
    c.set_experiment(exp.add_run())
    assert not c.rebuilding_engines  # nothing to replay
    assert c._runs[:2] == engines and c.step_counts == [140, 140, 0]


def test_the_runs_dock_adds_and_removes_runs_keeping_the_race(qtbot, make_window):
    exp = race()
    w = make_window(exp)
    c = w.controller
    c.step(30)
    wait_all(qtbot, c, [30, 30])
    old = list(c.histories)
    dock = w.runs_dock
    dock.select(0)
    dock.add_button.click()
    assert c.run_count == 3 and c.histories[:2] == old and c.step_counts == [30, 30, 0]
    assert dock.table.rowCount() == 3 and dock.table.item(0, 2).text() == "30"
    assert c.selected_run == 2
    w.action_step.trigger()
    wait_all(qtbot, c, [31, 31, 1])
    added = c.experiment
    dock.select(1)
    dock.remove_button.click()
    assert c.run_count == 2 and c.histories[0] is old[0] and c.step_counts == [31, 1]
    w.editor.stack.undo()  # the removed run comes back as it was
    assert c.run_count == 3 and c.experiment == added and c.histories[:2] == old
    assert c.step_counts == [31, 31, 1] and c.selected_run == 1
    w.editor.stack.undo()  # the added run goes
    assert c.run_count == 2 and c.histories == old and c.step_counts == [31, 31]
    w.action_step.trigger()
    wait_all(qtbot, c, [32, 32])
    for i in range(2):
        assert np.array_equal(c.histories[i].params, alone(exp, i, 32).history.params)
    w.render_now()
    assert len(w.loss_plot._runs[0].items["curve"].xData) == 33
    w.editor.stack.redo()  # the run added comes back with the step it took
    assert c.run_count == 3 and c.step_counts == [32, 32, 1]
