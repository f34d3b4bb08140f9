"""The controller with the stepper process (gdgui.ui.stepper_client): the same histories
as the engine alone, Run/Pause/Step/Step epoch/hyperparameters/Reset, a failing problem,
a process that dies or cannot start (the thread takes over), and the choice of backend."""

from __future__ import annotations

import os
import signal
import sys
import time

import numpy as np
import pytest
from test_stepper import COMMAND, RaisingProblem

from gdgui.core.experiment import preset
from gdgui.core.runner import Run
from gdgui.ui import stepper_client
from gdgui.ui.controller import Controller


@pytest.fixture
def own_client(monkeypatch):
    """``own_client(command)``: a stepper client of its own for one test (the shared one
    is left alone), stopped afterwards; GDGUI_WORKER unset (these tests are about it)."""
    monkeypatch.delenv("GDGUI_WORKER", raising=False)
    made = []

    def make(command=COMMAND):
        c = stepper_client.StepperClient(command)
        monkeypatch.setattr(stepper_client, "_client", c)
        made.append(c)
        return c

    yield make
    for c in made:
        c.stop()


def finish(qtbot, c, timeout=10_000):
    qtbot.waitUntil(lambda: c.done, timeout=timeout)


def test_the_process_is_the_default_and_matches_the_engine(qtbot, qapp, monkeypatch):
    monkeypatch.delenv("GDGUI_WORKER", raising=False)
    exp = preset("race-tutorial-rates")
    c = Controller(exp)
    c.set_speed(0)
    c.start()
    assert c.worker_backend == "process" and c.thread_running()
    finish(qtbot, c)
    race = exp.build_race(exp.build_problem())
    race.run()
    for h, r in zip(c.histories, race.runs):
        np.testing.assert_array_equal(h.params, r.history.params)
        np.testing.assert_array_equal(h.loss, r.history.loss)
        np.testing.assert_array_equal(h.step, r.history.step)
    assert c.messages == [r.message for r in race.runs]
    assert c.shutdown() and not c.thread_running()


@pytest.mark.parametrize("kind", ["thread", "process"])
def test_pause_step_epoch_hyperparameters_and_reset(qtbot, qapp, monkeypatch, kind):
    monkeypatch.setenv("GDGUI_WORKER", kind)
    exp = preset("tutorial-003-sgd").replace(gradient_noise=0.2, epochs=10**5)
    c = Controller(exp)
    c.set_speed(0)
    c.step(5)
    assert c.worker_backend == kind
    qtbot.waitUntil(lambda: c.step_count == 5, timeout=5000)
    c.step_epoch()  # 3 samples a step: the epoch ends at step 6
    qtbot.waitUntil(lambda: c.step_count == 6, timeout=5000)
    c.set_hyperparams(lr=0.02)
    c.step_epoch()  # a whole epoch from its start
    qtbot.waitUntil(lambda: c.step_count == 9, timeout=5000)
    c.start()
    qtbot.waitUntil(lambda: c.step_count > 2000, timeout=5000)
    c.pause()
    if kind == "process":  # a pause shows at once where the runs stopped
        assert c.status == "paused"
        n = c.step_count
        assert len(c.history) == n + 1
        qtbot.wait(100)
        assert c.step_count == n
    qtbot.waitUntil(lambda: len(c.history) == c.step_count + 1, timeout=5000)
    n = c.step_count
    ref = exp.build_run()
    ref.advance(max_steps=6)
    ref.set_hyperparams(lr=0.02)
    ref.advance(max_steps=n - 6)
    np.testing.assert_array_equal(c.history.params, ref.history.params)
    np.testing.assert_array_equal(c.history.epoch, ref.history.epoch)
    c.reset()
    assert c.status == "ready" and len(c.history) == 1
    c.step(3)
    qtbot.waitUntil(lambda: c.step_count == 3, timeout=5000)
    ref = c.experiment.build_run()  # the reset keeps lr 0.02
    assert ref.hp["lr"] == 0.02
    ref.advance(max_steps=3)
    np.testing.assert_array_equal(c.history.params, ref.history.params)
    assert c.shutdown()


def test_a_failing_problem_in_the_process_stops_its_run_with_a_message(qtbot, qapp, own_client):
    client = own_client()
    c = Controller(preset("tutorial-003"))
    c._new_run([Run(RaisingProblem(), "gd", {"lr": 0.01}, steps=10**6)])
    c.start()
    assert c.worker_backend == "process"
    finish(qtbot, c)
    assert c.status == "failed"
    assert c.message.startswith("The run stopped with an error at step")
    assert "ZeroDivisionError: w passed 1" in c.message
    assert 0 < c.step_count < 1000 and client.alive()  # the process goes on serving
    assert c.shutdown()


def test_a_process_that_cannot_start_leaves_the_runs_to_the_thread(qtbot, qapp, own_client):
    for command in (["/nonexistent/python3"], [sys.executable, "-c", "pass"]):
        client = own_client(command)
        c = Controller(preset("tutorial-003"))
        c.set_speed(0)
        c.start()
        assert c.worker_backend == "thread" and not client.usable()
        finish(qtbot, c)
        ref = preset("tutorial-003").run()
        np.testing.assert_array_equal(c.history.params, ref.history.params)
        c.reset()
        c.start()  # it does not try the broken process again
        assert c.worker_backend == "thread" and client.starts <= 1
        assert c.shutdown()


def test_a_process_that_dies_fails_its_runs_and_the_next_run_starts_a_new_one(
    qtbot, qapp, own_client
):
    client = own_client()
    exp = preset("tutorial-003").replace(epochs=10**8)
    c = Controller(exp)
    c.set_speed(1000)
    c.start()
    qtbot.waitUntil(lambda: c.step_count > 10, timeout=5000)
    os.kill(client.pid, signal.SIGKILL)
    finish(qtbot, c)
    assert c.status == "failed"
    assert c.message.startswith("The stepping process stopped unexpectedly at step")
    c.reset()
    c.step(7)
    assert c.worker_backend == "process" and client.starts == 2
    qtbot.waitUntil(lambda: c.step_count == 7, timeout=5000)
    ref = exp.build_run()
    ref.advance(max_steps=7)
    np.testing.assert_array_equal(c.history.params, ref.history.params)
    assert c.shutdown()


def test_large_data_and_runs_that_do_not_pickle_step_in_the_thread(qtbot, qapp, monkeypatch):
    monkeypatch.delenv("GDGUI_WORKER", raising=False)
    c = Controller(preset("tutorial-003"))
    monkeypatch.setattr(stepper_client, "PROCESS_MAX_SAMPLES", 2)  # 3 points: "large"
    c.step(1)
    assert c.worker_backend == "thread"
    monkeypatch.setattr(stepper_client, "PROCESS_MAX_SAMPLES", 100_000)
    c.reset()
    c._run.problem.value_and_grad_py = lambda theta: (0.0, [0.0])  # a lambda: no pickle
    c.step(1)
    assert c.worker_backend == "thread"
    del c.problem.value_and_grad_py  # the class's own again: it pickles
    c.reset()
    c.step(1)
    assert c.worker_backend == "process"
    qtbot.waitUntil(lambda: c.step_count == 1, timeout=5000)
    assert c.shutdown()


def test_many_controllers_share_one_process(qtbot, qapp, own_client):
    client = own_client()
    cs = [
        Controller(preset("tutorial-003").replace(optimizer={"lr": 0.01 * (i + 1)}))
        for i in range(3)
    ]
    for c in cs:
        c.set_speed(0)
        c.start()
    for c in cs:
        finish(qtbot, c)
    assert client.starts == 1
    for i, c in enumerate(cs):
        ref = preset("tutorial-003").replace(optimizer={"lr": 0.01 * (i + 1)}).run()
        np.testing.assert_array_equal(c.history.params, ref.history.params)
        assert c.shutdown()
    stepper_client.stop_client()
    assert not client.alive()


def test_the_window_streams_from_the_process(qtbot, make_window, monkeypatch):
    monkeypatch.delenv("GDGUI_WORKER", raising=False)
    w = make_window(preset("tutorial-003").replace(epochs=2000))
    c = w.controller
    w.action_run.trigger()
    assert c.worker_backend == "process"
    finish(qtbot, c)
    ref = preset("tutorial-003").replace(epochs=2000).run()
    np.testing.assert_array_equal(c.history.params, ref.history.params)


def test_a_controller_dropped_without_shutdown_has_its_race_stopped(qtbot, qapp, own_client):
    import gc

    client = own_client()
    held = [Controller(preset("tutorial-003").replace(epochs=10**8))]
    held[0].set_speed(0)
    held[0].start()
    key = held[0]._key
    qtbot.waitUntil(lambda: held[0].step_count > 100, timeout=5000)
    held.clear()
    gc.collect()
    # its next batch finds no one to take it: the client unregisters the key, and the
    # process drops the race (it would otherwise step it for ever)
    qtbot.waitUntil(lambda: key not in client._on_batch, timeout=5000)
    assert client.alive()


def test_a_death_noticed_at_the_next_use_still_fails_the_runs_it_held(qtbot, qapp, own_client):
    client = own_client()
    a = Controller(preset("tutorial-003").replace(epochs=10**8))
    a.set_speed(1000)
    a.start()
    qtbot.waitUntil(lambda: a.step_count > 10, timeout=5000)
    os.kill(client.pid, signal.SIGKILL)
    proc = client._proc
    for _ in range(1000):  # no Qt event is processed: the notifier has not seen it
        if proc.poll() is not None:
            break
        time.sleep(0.01)
    b = Controller(preset("tutorial-003"))
    b.step(1)
    assert a.status == "failed" and not a.playing
    assert b.worker_backend == "process" and client.starts == 2
    qtbot.waitUntil(lambda: b.step_count == 1, timeout=5000)
    assert a.shutdown() and b.shutdown()


@pytest.mark.parametrize("backend", ["process", "thread"])
def test_a_rate_changed_while_running_is_logged_at_the_step_it_took_effect(
    qtbot, qapp, monkeypatch, backend
):
    """The worker runs ahead of the rows the window has; the replay log must hold the
    step the worker applied the change at, or a replay (a branch) would not be exact."""
    monkeypatch.setenv("GDGUI_WORKER", backend)
    exp = preset("tutorial-003-sgd").replace(steps=2_000_000, seed=3, tolerance=None)
    c = Controller(exp)
    c.set_speed(0)
    c.start()
    assert c.worker_backend == backend
    qtbot.waitUntil(lambda: c.step_count > 20_000, timeout=20_000)
    for lr in (0.005, 0.002, 0.004):
        c.set_hyperparams(lr=lr)
        shown = c.step_count
        qtbot.waitUntil(lambda s=shown: c.step_count > s + 5_000, timeout=20_000)
    c.pause()
    qtbot.waitUntil(lambda: not c._hp_pending, timeout=10_000)
    qtbot.wait(200)  # the rows up to where it paused
    n = c.step_count
    assert int(c.history.step[-1]) == n
    steps = [at for at, _hp in c.replay_log]
    assert steps == sorted(steps) and len(steps) == 3
    run = c.replay(n)
    np.testing.assert_array_equal(run.params, c.history.params[-1])
    assert c.shutdown()
