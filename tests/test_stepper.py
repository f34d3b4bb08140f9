"""The stepper process (gdgui.core.stepper) without Qt: runs pickle and go on bit for bit,
the process's batches rebuild exactly the histories of the runs alone, a problem that
raises gives FAILED entries, and the process exits when its parent goes away."""

from __future__ import annotations

import os
import pickle
import select
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import numpy as np
import pytest

from gdgui.core import stepper
from gdgui.core.experiment import preset
from gdgui.core.history import History
from gdgui.core.optimizers import OPTIMIZERS
from gdgui.core.problems import Problem
from gdgui.core.runner import Run, Status

TESTS = str(Path(__file__).resolve().parent)
#: the stepper with this folder importable (for RaisingProblem)
COMMAND = [
    sys.executable,
    "-c",
    f"import sys; sys.path.insert(0, {TESTS!r}); "
    "from gdgui.core.stepper import main; sys.exit(main())",
]


class RaisingProblem(Problem):
    """f(w) = (w − 2)²; its gradient raises once w passes 1 (a custom function's domain)."""

    name = "raising"
    param_names = ("w",)

    def value_and_grad(self, theta):
        theta = np.asarray(theta, dtype=float)
        if np.any(theta[:, 0] > 1.0):
            raise ZeroDivisionError("w passed 1")
        return (theta[:, 0] - 2) ** 2, 2 * (theta - 2)

    def value_and_grad_py(self, theta):
        if theta[0] > 1.0:
            raise ZeroDivisionError("w passed 1")
        return (theta[0] - 2) ** 2, [2 * (theta[0] - 2)]


class Child:
    """A stepper process driven by hand: frames in, frames out (with a watchdog)."""

    def __init__(self, command=None):
        self.proc = subprocess.Popen(
            command or COMMAND, stdin=subprocess.PIPE, stdout=subprocess.PIPE, bufsize=0
        )
        self.reader = stepper.FrameReader()
        self.pending: list = []
        assert self.next_frame() == stepper.HELLO

    def send(self, key, cmd):
        self.proc.stdin.write(stepper.frame((key, cmd)))

    def next_frame(self, timeout=30.0):
        deadline = time.monotonic() + timeout
        while not self.pending:
            left = deadline - time.monotonic()
            assert left > 0, "no frame from the stepper process (watchdog)"
            select.select([self.proc.stdout], [], [], left)
            data = os.read(self.proc.stdout.fileno(), 1 << 20)
            assert data, "the stepper process closed its stdout"
            self.pending += self.reader.feed(data)
        return self.pending.pop(0)

    def close(self):
        self.proc.stdin.close()
        assert self.proc.wait(10) == 0


@pytest.fixture
def child():
    c = Child()
    yield c
    c.close()


def window_histories(runs):
    """Empty histories holding each run's first row, as the window's are."""
    out = []
    for r in runs:
        h = History(r.history.param_names, with_lr=r.schedule is not None)
        h.extend_rows(r.history.rows(0))
        out.append(h)
    return out


def stream(child, key, runs, commands, run_id=1):
    """Load ``runs`` under ``key``, give ``commands``, rebuild the histories from the
    batches until every run is done; returns (histories, last entries)."""
    hs = window_histories(runs)
    child.send(key, ("load", run_id, stepper.dumps([r.trimmed() for r in runs])))
    for name, arg in commands:
        child.send(key, (name, run_id, arg))
    last = {}
    while len(last) < len(runs) or not all(
        e[2] in (*Status.DONE, stepper.FAILED) for e in last.values()
    ):
        for k, (rid, entries, *_) in child.next_frame():
            assert k == key and rid == run_id
            for i, rows, status, message, count in entries:
                if len(rows["loss"]):
                    hs[i].extend_rows(rows)
                last[i] = (i, rows, status, message, count)
    return hs, last


def assert_same_history(h, ref):
    for name in ("step", "epoch", "params", "loss", "grad"):
        np.testing.assert_array_equal(getattr(h, name), getattr(ref, name), err_msg=name)
    if ref.lr is not None:
        np.testing.assert_array_equal(h.lr, ref.lr)


# --- pickling -------------------------------------------------------------------------------
@pytest.mark.parametrize("optimizer", list(OPTIMIZERS))
def test_a_pickled_run_goes_on_bit_for_bit(optimizer):
    exp = preset("tutorial-003-sgd").replace(
        optimizer={"name": optimizer}, gradient_noise=0.3, epochs=300
    )
    run = exp.build_run()
    run.set_hyperparams(lr=0.004)
    run.advance(max_steps=37)
    copy = pickle.loads(pickle.dumps(run.trimmed()))
    assert len(copy.history) == 1 and copy.history.step[-1] == 37
    assert copy.spec is OPTIMIZERS[optimizer]
    run.advance(max_steps=500)
    copy.advance(max_steps=500)
    np.testing.assert_array_equal(copy.history.params, run.history.params[37:])
    np.testing.assert_array_equal(copy.history.loss, run.history.loss[37:])
    assert (copy.status, copy.message, copy.step_count) == (run.status, run.message, run.step_count)


def test_a_scheduled_run_pickles_and_its_schedule_goes_on():
    exp = preset("tutorial-003").replace(
        schedule={"name": "step", "step_size": 7, "gamma": 0.5}, epochs=60
    )
    run = exp.build_run()
    run.advance(max_steps=10)
    copy = pickle.loads(pickle.dumps(run))
    run.run()
    copy.run()
    np.testing.assert_array_equal(copy.history.lr, run.history.lr)
    np.testing.assert_array_equal(copy.history.params, run.history.params)


def test_trimming_leaves_the_run_alone_and_is_small():
    run = preset("tutorial-003").replace(epochs=10**6).build_run()
    run.advance(max_steps=200_000)
    before = run.history.params.copy()
    small = run.trimmed()
    assert len(pickle.dumps(small)) < 100_000 < len(pickle.dumps(run))
    small.advance(max_steps=10)
    assert run.step_count == 200_000 and len(run.history) == 200_001
    np.testing.assert_array_equal(run.history.params, before)


def test_surfaces_and_expressions_pickle_for_the_process():
    for exp in (preset("race-bowl"), preset("saddle-noise")):
        problem = exp.build_problem()
        copy = stepper.loads(stepper.dumps(problem))
        theta = np.array([[0.3, -0.7]])
        np.testing.assert_array_equal(
            copy.value_and_grad(theta)[1], problem.value_and_grad(theta)[1]
        )
    custom = preset("tutorial-003").replace(
        problem={"name": "custom", "expr": "x**2 + 3*sin(y)", "domain": [[-2, 2], [-2, 2]]},
        data=None,
        init=[1.0, 1.0],
    )
    problem = custom.build_problem()
    copy = pickle.loads(pickle.dumps(problem))
    assert copy.value_and_grad_py([0.5, 0.25]) == problem.value_and_grad_py([0.5, 0.25])


# --- the process ----------------------------------------------------------------------------
def test_full_batch_run_streams_exactly_the_run_alone(child):
    exp = preset("tutorial-003").replace(epochs=20_000)
    (h,), last = stream(child, 7, [exp.build_run()], [("speed", 0), ("play", None)])
    ref = exp.run()
    assert_same_history(h, ref.history)
    assert last[0][2:] == (ref.status, ref.message, ref.step_count)


def test_seeded_minibatch_steps_and_epochs_stream_exactly(child):
    exp = preset("tutorial-003-sgd").replace(gradient_noise=0.1, epochs=40)
    run = exp.build_run()
    hs = window_histories([run])
    child.send(1, ("load", 3, stepper.dumps([run.trimmed()])))
    counts = []
    for cmd in (("step", 5), ("step_epoch", None), ("step", 1), ("step_epoch", None)):
        child.send(1, (cmd[0], 3, cmd[1]))
        n = None
        while n is None or n < [5, 6, 7, 9][len(counts)]:
            for _key, (_rid, entries, *_) in child.next_frame():
                for i, rows, _s, _m, count in entries:
                    if len(rows["loss"]):
                        hs[i].extend_rows(rows)
                    n = count
        counts.append(n)
    assert counts == [5, 6, 7, 9]  # 3 samples a step: epochs end at 6 and 9
    ref = exp.build_run()
    ref.advance(max_steps=9)
    assert_same_history(hs[0], ref.history)


def test_a_race_of_every_optimizer_streams_each_run_exactly(child):
    base = preset("tutorial-003").replace(epochs=3000)
    exps = [base.replace(optimizer={"name": name, "lr": 0.01}) for name in OPTIMIZERS]
    problem = base.build_problem()
    runs = [e.build_run(problem) for e in exps]
    hs, last = stream(child, 2, runs, [("play", None)])
    for e, h, (_i, _rows, status, message, count) in zip(exps, hs, last.values()):
        ref = e.build_run(problem)
        ref.run()
        assert_same_history(h, ref.history)
        assert (status, message, count) == (ref.status, ref.message, ref.step_count)


def test_a_four_run_race_with_hyperparameters_changed_on_the_way(child):
    exp = preset("race-tutorial-rates")
    exp = exp.add_run(exp.run_experiment(0).replace(optimizer={"lr": 0.03}))
    assert exp.run_count == 4
    runs = list(exp.build_race(exp.build_problem()).runs)
    hs = window_histories(runs)
    child.send(4, ("load", 1, stepper.dumps([r.trimmed() for r in runs])))

    def until(check):
        state = [None] * 4
        while None in state or not all(check(x) for x in state):
            for _key, (_rid, entries, *_) in child.next_frame():
                for i, rows, status, _m, n in entries:
                    if len(rows["loss"]):
                        hs[i].extend_rows(rows)
                    state[i] = (status, n)

    child.send(4, ("step", 1, 25))
    until(lambda x: x[1] == 25)
    child.send(4, ("hp", 1, (2, {"lr": 0.001})))
    child.send(4, ("step", 1, 10**6))
    until(lambda x: x[0] in Status.DONE)
    refs = list(exp.build_race(exp.build_problem()).runs)
    for r in refs:
        r.advance(max_steps=25)
    refs[2].set_hyperparams(lr=0.001)
    for r in refs:
        r.run()
    for h, r in zip(hs, refs):
        assert_same_history(h, r.history)


def test_a_problem_that_raises_stops_its_runs_failed(child):
    runs = [Run(RaisingProblem(), "gd", {"lr": 0.01}, steps=10**5) for _ in range(2)]
    runs[1].set_hyperparams(lr=0.001)
    _hs, last = stream(child, 5, runs, [("play", None)])
    for _i, _rows, status, message, count in last.values():
        assert status == stepper.FAILED and isinstance(message, stepper.Failure)
        assert message.error == "ZeroDivisionError" and message.step == count
    # the first run passes w = 1 within a few dozen steps: it stopped there, not at the end
    assert 0 < last[0][4] < 1000


def test_commands_of_another_race_or_key_are_ignored(child):
    runs = [preset("tutorial-003").build_run()]
    child.send(1, ("load", 2, stepper.dumps(runs)))
    child.send(1, ("step", 1, 5))  # an old race's id
    child.send(9, ("step", 2, 5))  # no such key
    child.send(1, ("pause", 2, None))
    ((key, (rid, entries, *_)), ack) = child.next_frame()
    assert (key, rid) == (1, 2) and entries[0][4] == 0
    assert ack == (1, None)  # the pause's answer is complete


def test_the_process_exits_when_its_parent_dies(tmp_path):
    """The stepper's parent is killed (SIGKILL: no cleanup): the stepper sees its stdin
    close and exits; no orphan is left."""
    script = textwrap.dedent(
        f"""
        import subprocess, sys, time
        p = subprocess.Popen({COMMAND!r}, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        print(p.pid, flush=True)
        time.sleep(600)
        """
    )
    parent = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    pid = int(parent.stdout.readline())
    assert _alive(pid)
    parent.send_signal(signal.SIGKILL)
    parent.wait(10)
    deadline = time.monotonic() + 20  # a watchdog, not a speed target
    while _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(pid)


def _alive(pid: int) -> bool:
    """Running (a zombie waiting for its reaper counts as gone)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def test_frames_split_anywhere_are_read_whole():
    data = b"".join(stepper.frame(x) for x in ("a", {"b": np.arange(5)}, [1, 2]))
    reader = stepper.FrameReader()
    got = []
    for i in range(0, len(data), 3):
        got += reader.feed(data[i : i + 3])
    assert got[0] == "a" and got[2] == [1, 2]
    np.testing.assert_array_equal(got[1]["b"], np.arange(5))
