"""Undo of a run's removal gives the run back as it was (issue: it came back at step 0):
its history, its engine (so it goes on bit for bit as if never removed, in the stepper
process and in the thread worker), its colour, name, place, visibility and selection;
Redo removes it again; several removals undo one by one; an undo after a reset brings
the run back at step 0 like the others."""

import numpy as np
import pytest
from PySide6.QtCore import Qt
from race_tools import alone, wait_all

from gdgui.core.experiment import preset

STEPS = 2000
USER = Qt.ItemDataRole.UserRole


def race():
    """Three runs on the tutorial's line: full-batch gd; seeded mini-batches of 8 with
    gradient noise (Adam); full-batch momentum."""
    exp = preset("tutorial-000").replace(optimizer={"name": "gd", "lr": 0.02}, steps=STEPS)
    exp = exp.add_run(
        exp.replace(
            optimizer={"name": "adam", "lr": 0.05}, batch_size=8, gradient_noise=0.1, seed=3
        )
    )
    return exp.add_run(exp.replace(optimizer={"name": "momentum", "lr": 0.01}))


def same_history(h, ref):
    """``h`` holds the rows of ``ref`` (a run's own history), bit for bit."""
    return all(
        np.array_equal(getattr(h, f), getattr(ref, f))
        for f in ("step", "epoch", "params", "loss", "grad")
    )


def as_never_edited(c, exp):
    """Every run of controller ``c`` has the history the same race never edited has."""
    return all(
        same_history(c.histories[i], alone(exp, i, c.step_counts[i]).history)
        for i in range(c.run_count)
    )


@pytest.fixture(params=["process", "thread"])
def backend(request, monkeypatch):
    monkeypatch.setenv("GDGUI_WORKER", request.param)
    return request.param


def test_undo_of_a_removal_brings_the_run_back_as_it_was(qtbot, make_window, backend):
    exp = race()
    w = make_window(exp)
    c, dock = w.controller, w.runs_dock
    c.step(300)
    assert c.worker_backend == backend
    wait_all(qtbot, c, [300] * 3)
    dock.set_visible_run(2, False)
    old = list(c.histories)
    names = [exp.run_name(i) for i in range(3)]
    colour = dock.table.item(1, 0).data(USER)  # the swatch's colour
    dock.select(1)
    assert c.selected_run == 1
    dock.remove_button.click()
    assert c.run_count == 2 and c.histories == [old[0], old[2]] and dock.hidden == {1}
    c.step(40)  # the others go on meanwhile
    wait_all(qtbot, c, [340, 340])
    w.editor.stack.undo()
    assert c.experiment == exp and c.run_count == 3
    assert c.histories[1] is old[1] and c.step_counts == [340, 300, 340]
    assert c.selected_run == 1 and dock.selected() == 1 and dock.hidden == {2}
    assert [dock.table.item(i, 1).text() for i in range(3)] == names
    assert dock.table.item(1, 0).data(USER) == colour
    assert c.wait_for_rebuild(60)
    c.step(60)
    wait_all(qtbot, c, [400, 360, 400])
    assert c.worker_backend == backend and as_never_edited(c, exp)
    w.editor.stack.redo()  # removed again, the others keep going
    assert c.run_count == 2 and c.histories[0] is old[0] and c.step_counts == [400, 400]
    assert dock.hidden == {1} and c.selected_run == 0
    w.editor.stack.undo()  # back again, with the steps it took after the first undo
    assert c.histories[1] is old[1] and c.step_counts == [400, 360, 400]
    c.step(5)
    wait_all(qtbot, c, [405, 365, 405])
    assert as_never_edited(c, exp)


def test_runs_removed_while_running_come_back_one_by_one(qtbot, make_window, backend):
    exp = race()
    w = make_window(exp, speed=600)
    c, dock, stack = w.controller, w.runs_dock, w.editor.stack
    c.start()
    qtbot.waitUntil(lambda: min(c.step_counts) >= 100, timeout=20000)
    dock.select(0)
    dock.remove_button.click()  # run 0 goes: the race pauses, is rebuilt and goes on
    qtbot.waitUntil(lambda: c.playing and not c.rebuilding_engines, timeout=20000)
    dock.select(1)  # the momentum run, now run 1
    dock.remove_button.click()
    assert c.run_count == 1 and c.experiment.run_name(0) == exp.run_name(1)
    qtbot.waitUntil(lambda: c.playing and not c.rebuilding_engines, timeout=20000)
    stack.undo()  # the momentum run comes back, selected
    assert c.run_count == 2 and c.selected_run == 1
    assert c.experiment == exp.remove_run(0)
    stack.undo()  # and run 0, in its place
    assert c.experiment == exp and c.run_count == 3 and c.selected_run == 0
    qtbot.waitUntil(lambda: c.playing and not c.rebuilding_engines, timeout=20000)
    qtbot.waitUntil(lambda: min(c.step_counts) >= 150, timeout=20000)
    c.pause()
    assert c.wait_for_rebuild(60)
    qtbot.waitUntil(
        lambda: all(int(h.step[-1]) == n for h, n in zip(c.histories, c.step_counts)),
        timeout=20000,
    )
    assert as_never_edited(c, exp)


def test_undo_of_a_removal_after_a_reset_brings_the_run_back_at_its_start(qtbot, make_window):
    exp = race()
    w = make_window(exp)
    c, dock = w.controller, w.runs_dock
    c.step(50)
    wait_all(qtbot, c, [50] * 3)
    dock.select(2)
    dock.remove_button.click()
    c.reset()  # the race starts over: the run removed before it does too
    c.step(10)
    wait_all(qtbot, c, [10, 10])
    w.editor.stack.undo()
    assert c.experiment == exp and c.step_counts == [10, 10, 0] and len(c.histories[2]) == 1
    assert c.selected_run == 2
    c.step(5)
    wait_all(qtbot, c, [15, 15, 5])
    assert as_never_edited(c, exp)
    w.editor.stack.redo()
    assert c.run_count == 2 and c.step_counts == [15, 15]


def test_removing_one_of_two_runs_of_the_same_settings_keeps_the_other(qtbot, make_window):
    exp = preset("tutorial-000").replace(steps=STEPS)
    w = make_window(exp)
    c, dock = w.controller, w.runs_dock
    c.step(30)
    wait_all(qtbot, c, [30])
    dock.add_button.click()  # the same settings, from step 0
    c.step(5)
    wait_all(qtbot, c, [35, 5])
    late = c.histories[1]
    dock.select(0)
    dock.remove_button.click()  # the first run goes, not the one at step 5
    assert c.run_count == 1 and c.history is late and c.step_counts == [5]
    w.editor.stack.undo()
    assert c.step_counts == [35, 5] and c.histories[1] is late and c.selected_run == 0


def test_the_steps_of_one_drag_of_a_runs_setting_undo_as_one(qtbot, make_window):
    exp = race()
    w = make_window(exp)
    c, editor = w.controller, w.editor
    c.step(80)
    wait_all(qtbot, c, [80] * 3)
    old = c.histories[1]
    for size in (9, 10):  # one drag of run 1's batch size: it starts over at each
        single = exp.run_experiment(1).replace(batch_size=size)
        editor.submit(c.experiment.with_run(1, single), "batch size", merge="drag")
        assert c.step_counts == [80, 0, 80]
    assert editor.stack.count() == 1
    editor.stack.undo()  # run 1 as it was before the drag
    assert c.experiment == exp and c.histories[1] is old and c.step_counts == [80] * 3
    c.step(20)
    wait_all(qtbot, c, [100] * 3)
    assert as_never_edited(c, exp)


def test_a_run_whose_rate_changed_on_the_way_comes_back_with_it(qtbot, controller):
    exp = race()
    c = controller(exp)
    c.step(40)
    wait_all(qtbot, c, [40] * 3)
    c.select_run(1)
    c.set_hyperparams(lr=0.01)  # run 1 from step 40 on
    c.step(20)
    wait_all(qtbot, c, [60] * 3)
    changed = c.experiment
    dropped = c.edit_runs(changed.remove_run(1), [0, 2])
    assert list(dropped) == [1] and dropped[1].step == 60 and c.selected_run == 0
    with pytest.raises(ValueError):
        c.edit_runs(changed, [0, 0, 1])  # a run cannot go on twice
    c.edit_runs(changed, [0, dropped[1], 1])
    assert c.step_counts == [60] * 3 and c.replay_logs[1] == [(40, {"lr": 0.01})]
    c.step(10)
    wait_all(qtbot, c, [70] * 3)
    ref = alone(exp, 1, 70, [(40, {"lr": 0.01})])
    assert same_history(c.histories[1], ref.history)
    assert not same_history(c.histories[1], alone(exp, 1, 70).history)
    # brought back into another setting (not the one it ran with), it starts over
    c.edit_runs(changed.remove_run(1), [0, 2])
    other = changed.with_run(1, changed.run_experiment(1).replace(optimizer={"lr": 0.3}))
    c.edit_runs(other, [0, dropped[1], 1])
    assert c.step_counts == [70, 0, 70]
