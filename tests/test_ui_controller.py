"""The controller without a window, and cross-thread signals under load."""

import threading
import time

import numpy as np
import pytest
from PySide6.QtCore import QObject, QThread, Signal

from gdgui.core.experiment import ExperimentError, preset
from gdgui.ui.controller import Controller


@pytest.fixture
def controller(qapp):
    c = Controller(preset("tutorial-003"))
    yield c
    assert c.shutdown(1000)
    assert not c.thread_running()


def test_run_to_end_sync_needs_no_thread(controller):
    controller.run_to_end_sync()
    engine = preset("tutorial-003").run()
    np.testing.assert_array_equal(controller.history.params, engine.history.params)
    assert controller.status == "finished" and controller.message == engine.message
    assert not controller.thread_running()


def test_statuses_and_signals(qtbot, controller):
    seen = []
    controller.status_changed.connect(seen.append)
    controller.set_speed(0)
    with qtbot.waitSignal(
        controller.status_changed, timeout=3000, check_params_cb=lambda s: s == "finished"
    ):
        controller.start()
    assert seen == ["running", "finished"]
    with qtbot.waitSignal(controller.history_reset):
        controller.reset()
    assert controller.status == "ready"


def test_invalid_hyperparameters_raise_and_change_nothing(controller):
    exp = controller.experiment
    with pytest.raises(ExperimentError, match="lr"):
        controller.set_hyperparams(lr=-1)
    assert controller.experiment is exp


def test_set_experiment_applies_hyperparameters_live_and_resets_otherwise(qtbot, controller):
    controller.step(5)
    qtbot.waitUntil(lambda: len(controller.history) == 6, timeout=2000)
    seen = []
    controller.history_reset.connect(lambda: seen.append("reset"))
    controller.set_experiment(controller.experiment.replace(optimizer={"lr": 0.02}))
    assert len(controller.history) == 6 and not seen
    controller.step(1)
    qtbot.waitUntil(lambda: len(controller.history) == 7, timeout=2000)
    h = controller.history
    assert (h.params[5, 0] - h.params[6, 0]) / h.grad[5, 0] == pytest.approx(0.02, rel=1e-12)
    controller.set_experiment(controller.experiment.replace(seed=4))
    assert seen == ["reset"] and len(controller.history) == 1


def test_speed_limits_the_steps_per_second(qtbot, controller):
    controller.set_experiment(controller.experiment.replace(epochs=10_000))
    controller.set_speed(50)
    controller.start()
    qtbot.wait(500)
    controller.pause()
    n = controller.step_count
    assert 15 <= n <= 40, n  # ~25 steps in 0.5 s at 50 steps/s


def test_shutdown_is_idempotent_and_ignores_later_commands(qtbot, controller):
    controller.start()
    assert controller.shutdown()
    assert controller.shutdown()
    controller.start()
    controller.step()
    assert not controller.thread_running()


class _Emitter(QObject):
    sig = Signal(object)


class _Receiver(QObject):
    def __init__(self):
        super().__init__()
        self.count = 0
        self.total = 0

    def on(self, batch):
        self.count += 1
        self.total += int(batch["loss"].sum())


def test_5000_signals_from_a_worker_thread_arrive_without_a_crash(qtbot):
    """Regression: PySide6 6.12 crashed CPython 3.11 after a few hundred cross-thread emits."""
    emitter, receiver = _Emitter(), _Receiver()
    emitter.sig.connect(receiver.on)  # receiver lives in the GUI thread: queued

    class Worker(QThread):
        def run(self):
            for i in range(5000):
                emitter.sig.emit({"loss": np.full(4, i, dtype=float), "step": np.arange(4)})

    emitter_thread = Worker()
    emitter.moveToThread(emitter_thread)
    emitter_thread.start()
    qtbot.waitUntil(lambda: receiver.count == 5000, timeout=20_000)
    assert emitter_thread.wait(2000)
    assert receiver.total == 4 * sum(range(5000))


def test_5000_signals_from_a_python_thread(qtbot):
    emitter, receiver = _Emitter(), _Receiver()
    emitter.sig.connect(receiver.on)

    def work():
        for i in range(5000):
            emitter.sig.emit({"loss": np.full(2, i, dtype=float)})

    t = threading.Thread(target=work)
    start = time.perf_counter()
    t.start()
    qtbot.waitUntil(lambda: receiver.count == 5000, timeout=20_000)
    t.join(2)
    assert not t.is_alive() and receiver.total == 2 * sum(range(5000))
    assert time.perf_counter() - start < 20


def test_an_error_in_the_problem_stops_the_run_with_a_message(qtbot, controller, capsys):
    problem = controller._run.problem
    real = problem.value_and_grad_py
    calls = []

    def flaky(theta):
        calls.append(1)
        if len(calls) > 10:
            raise ZeroDivisionError("float division by zero")
        return real(theta)

    problem.value_and_grad_py = flaky
    controller.start()
    qtbot.waitUntil(lambda: controller.done, timeout=3000)
    assert controller.status == "failed"
    assert "ZeroDivisionError" in controller.message
    h = controller.history  # rows written before the failing chunk (the engine writes per chunk)
    np.testing.assert_array_equal(h.step, np.arange(len(h)))
    assert "ZeroDivisionError" in capsys.readouterr().err  # the traceback, for a bug report
    assert not controller.playing


def test_at_one_step_per_second_the_first_step_comes_at_once(qtbot, controller):
    controller.set_speed(1)
    controller.start()
    qtbot.waitUntil(lambda: controller.step_count == 1, timeout=500)
    qtbot.wait(300)
    assert controller.step_count == 1
    controller.pause()


def test_only_the_controller_imports_the_worker():
    """gdgui.ui.worker is the controller's own: nothing else in gdgui imports it."""
    import re
    from pathlib import Path

    import gdgui

    root = Path(gdgui.__file__).parent
    pattern = re.compile(
        r"^\s*(from\s+(\.|gdgui\.ui\.?)\s*worker\b|from\s+\.worker\b|"
        r"from\s+gdgui\.ui\.worker\b|import\s+gdgui\.ui\.worker\b|"
        r"from\s+\.\s+import\s+.*\bworker\b)",
        re.M,
    )
    importers = sorted(
        p.relative_to(root).as_posix()
        for p in root.rglob("*.py")
        if pattern.search(p.read_text(encoding="utf-8"))
    )
    assert importers == ["ui/controller.py"]
