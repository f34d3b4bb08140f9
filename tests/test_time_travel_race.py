"""Time travel for every run of a race: branching a 3-run race at k (each engine replayed
bit for bit), going on from there, undo, scrubbing shows every run at k, and the branch
rebuilt off the GUI thread (the window stays responsive, Run/Step wait for it)."""

import numpy as np
from PySide6.QtCore import QEventLoop, QTimer
from race_tools import alone, wait_all

from gdgui.core.experiment import preset

K = 40


def race(**changes):
    """Three runs on the tutorial's line, mini-batches and gradient noise: Adam; momentum
    with batches of 4 and another seed; gd with more noise. 20 epochs: 140 steps (260
    for batches of 4)."""
    base = dict(optimizer={"name": "adam", "lr": 0.05}, batch_size=8, gradient_noise=0.1, epochs=20)
    if "steps" in changes:
        del base["epochs"]
    exp = preset("tutorial-000").replace(**{**base, **changes})
    exp = exp.add_run(exp.replace(optimizer={"name": "momentum", "lr": 0.02}, batch_size=4, seed=3))
    return exp.add_run(exp.replace(optimizer={"name": "gd", "lr": 0.02}, gradient_noise=0.3))


def engine_state(run):
    return (run.params.tolist(), [repr(s) for s in run._state], run._rng.bit_generator.state)


def test_a_branched_race_replays_every_run_bit_for_bit_and_goes_on_as_alone(qtbot, controller):
    exp = race()
    c = controller(exp)
    c.step(60)  # through the worker thread
    wait_all(qtbot, c, [60, 60, 60])
    assert c.branch_at(K) is True
    assert c.step_counts == [K] * 3 and c.branch_step == K and c.status == "paused"
    assert [len(h) for h in c.histories] == [K + 1] * 3
    for i in range(3):
        ref = alone(exp, i, K)
        assert engine_state(c._runs[i]) == engine_state(ref)  # optimizer state, generator
        assert np.array_equal(c.histories[i].params, ref.history.params)
    c.step(15)
    wait_all(qtbot, c, [K + 15] * 3)
    for i in range(3):
        assert np.array_equal(c.histories[i].params, alone(exp, i, K + 15).history.params)


def test_a_branch_with_a_new_rate_changes_only_the_run_it_is_for(qtbot, controller):
    exp = race()
    c = controller(exp)
    c.run_to_end_sync()
    new = exp.with_run(1, exp.run_experiment(1).replace(optimizer={"lr": 0.005}))
    assert c.is_hyperparam_change(new)
    assert c.branch_at(K, new) is True
    assert c.experiment == new
    assert c.replay_logs == [[], [(K, {"lr": 0.005})], []]
    c.step(20)
    wait_all(qtbot, c, [K + 20] * 3)
    ref1 = alone(exp, 1, K + 20, [(K, {"lr": 0.005})])
    assert np.array_equal(c.histories[1].params, ref1.history.params)
    assert not np.array_equal(c.histories[1].params, alone(exp, 1, K + 20).history.params)
    for i in (0, 2):
        assert np.array_equal(c.histories[i].params, alone(exp, i, K + 20).history.params)


def test_a_rate_changed_on_the_way_is_replayed_in_its_run_only(qtbot, controller):
    exp = race()
    c = controller(exp)
    c.step(30)
    wait_all(qtbot, c, [30] * 3)
    c.select_run(2)
    c.set_hyperparams(lr=0.01)
    c.step(30)
    wait_all(qtbot, c, [60] * 3)
    assert c.replay_logs == [[], [], [(30, {"lr": 0.01})]] and c.replay_log == c.replay_logs[2]
    assert c.branch_at(50) is True  # the change at 30 is replayed: still exact
    c.step(5)
    wait_all(qtbot, c, [55] * 3)
    assert np.array_equal(
        c.histories[2].params, alone(exp, 2, 55, [(30, {"lr": 0.01})]).history.params
    )
    # branched before the change, the race has the rate it had then
    assert c.branch_at(20) is True
    assert c.experiment.run_experiment(2).optimizer.hyperparams["lr"] == 0.02
    assert c.replay_logs[2] == []


def test_undo_of_a_branch_brings_every_history_back(qtbot, make_window):
    exp = race()
    w = make_window(exp)
    c = w.controller
    c.step(60)
    wait_all(qtbot, c, [60] * 3)
    old = list(c.histories)
    w.time_travel.scrub_to(K)
    w.action_step.trigger()  # branches at K (in the background), then steps
    wait_all(qtbot, c, [K + 1] * 3)
    assert all(h is not o for h, o in zip(c.histories, old)) and c.branch_step == K
    assert [len(h) for h in old] == [61] * 3  # the dropped rows are kept for the undo
    w.editor.stack.undo()
    assert all(h is o for h, o in zip(c.histories, old)) and c.step_counts == [60] * 3
    assert c.branch_step is None
    c.step(1)  # waits for the engines rebuilt at 60; step 61 is each run's own
    wait_all(qtbot, c, [61] * 3)
    for i in range(3):
        assert np.array_equal(c.histories[i].params, alone(exp, i, 61).history.params)


def curve(w, i):
    item = w.loss_plot._runs[i].items["curve"]
    return np.asarray(item.xData), np.asarray(item.yData)


def path(w, i):
    item = w.trajectory_plot._runs[i].items["path"]
    return np.asarray(item.xData), np.asarray(item.yData)


def test_scrubbed_back_every_run_shows_as_it_stood_and_a_stopped_run_its_end(qtbot, make_window):
    exp = race()
    exp = exp.with_run(2, exp.run_experiment(2).replace(optimizer={"lr": 0.5}))  # diverges
    a = make_window(exp)
    a.controller.run_to_end_sync()
    a.render_now()
    stopped = a.controller.step_counts[2]
    assert a.controller.run_status(2) == "diverged" and stopped < K
    a.time_travel.scrub_to(K)
    b = make_window(exp)
    b.controller.step(K)
    qtbot.waitUntil(lambda: b.controller.step_counts[:2] == [K, K], timeout=20000)
    qtbot.waitUntil(lambda: b.controller.run_done(2), timeout=20000)
    b.render_now()
    for i in range(3):  # plot data = the race stopped at K
        assert all(np.array_equal(x, y) for x, y in zip(curve(a, i), curve(b, i))), i
        assert all(np.array_equal(x, y) for x, y in zip(path(a, i), path(b, i))), i
    assert len(curve(a, 0)[0]) == K + 1 and len(curve(a, 2)[0]) == stopped + 1
    dock_a, dock_b = a.runs_dock, b.runs_dock
    for i in range(3):
        assert dock_a.readout(i, a.time_travel.source()) == dock_b.readout(i)
    rows = [[dock_a.table.item(i, col).text() for col in (2, 3, 6)] for i in range(3)]
    assert rows == [[dock_b.table.item(i, col).text() for col in (2, 3, 6)] for i in range(3)]
    assert rows[0][0] == str(K) and rows[2][0] == str(stopped)
    assert a.controller.step_counts == [140, 260, stopped]  # the later rows are kept
    assert a.time_travel.scrubber.label.text() == "step 40 of 260"  # the longest run
    a.time_travel.scrubber.go_end()
    a.render_now()
    assert len(curve(a, 1)[0]) == 261 and len(curve(a, 0)[0]) == 141


def test_the_async_branch_keeps_the_window_responsive_and_ends_as_the_sync_one(qtbot, controller):
    exp = race(steps=60_000, batch_size="full", gradient_noise=0.0)
    a, b = controller(exp), controller(exp)
    for c in (a, b):
        c.run_to_end_sync()
    k = 50_000
    stop = a.step_counts[1]  # the momentum run diverges early: it stays as it ended
    assert a.run_done(1) and stop < k and a.step_counts[0] == a.step_counts[2] == 60_000
    ticks = []
    timer = QTimer()
    timer.setInterval(1)
    timer.timeout.connect(lambda: ticks.append(a.rebuilding_engines))
    timer.start()
    try:
        texts = []
        a.rebuilding.connect(texts.append)
        a.branch_at_async(k)
        assert a.rebuilding_engines and texts == ["Branching at step 50,000…"]
        assert a.step_counts == [k, stop, k]  # the histories are cut at once
        a.step(3)  # waits for the engines, then steps
        qtbot.waitUntil(lambda: not a.rebuilding_engines, timeout=60000)
        assert texts[-1] == ""
    finally:
        timer.stop()
    assert any(ticks)  # the GUI thread ran its timer while the engines were rebuilt
    wait_all(qtbot, a, [k + 3, stop, k + 3])
    assert b.branch_at(k) is True and not b.rebuilding_engines
    b.step(3)
    wait_all(qtbot, b, [k + 3, stop, k + 3])
    for ha, hb in zip(a.histories, b.histories):
        assert np.array_equal(ha.params, hb.params) and np.array_equal(ha.step, hb.step)
    assert a.run_status(1) == b.run_status(1) == "diverged"
    assert engine_state(a.replay(k + 3, run=2)) == engine_state(alone(exp, 2, k + 3))


def test_a_second_branch_while_one_is_rebuilt_replaces_it(qtbot, controller):
    exp = race(steps=40_000, batch_size="full", gradient_noise=0.0)
    c = controller(exp)
    c.run_to_end_sync()
    done = []
    c.branch_at_async(30_000, done=done.append)
    assert c.rebuilding_engines
    c.branch_at_async(100, done=done.append)
    assert c.step_counts == [100] * 3
    qtbot.waitUntil(lambda: not c.rebuilding_engines, timeout=60000)
    assert done == [True]  # only the second one ended
    assert [r.step_count for r in c._runs] == [100] * 3
    for i in range(3):
        assert engine_state(c._runs[i]) == engine_state(alone(exp, i, 100))


def test_the_sync_branch_works_inside_a_running_event_loop(qtbot, controller):
    """As from a menu action: waiting for the engines never waits for the event loop."""
    exp = race()
    c = controller(exp)
    c.run_to_end_sync()
    out = []

    def inside():
        c.branch_at_async(K)
        out.append(c.wait_for_rebuild(30))  # a watchdog: False, not a hang, if it waits
        if out[0]:
            out.append(c.branch_at(K - 10))
        loop.quit()

    loop = QEventLoop()
    QTimer.singleShot(0, inside)
    loop.exec()
    assert out == [True, True] and c.step_counts == [K - 10] * 3 and not c.rebuilding_engines
