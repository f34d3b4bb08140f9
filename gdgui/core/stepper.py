"""Advancing the runs of a race for the window, paced: the shared core of both workers.

:class:`Stepping` holds the engine :class:`~gdgui.core.runner.Run` objects of one race
(the runs of :meth:`~gdgui.core.experiment.Experiment.build_race`; one run is the single
run) and applies the window's commands to them: load, play, pause, step n, step_epoch,
hp, speed, quit. It advances them in slices of at most :data:`SLICE` seconds, in
lockstep (:func:`advance_runs`, the rule of :meth:`gdgui.core.race.Race.advance` with a
step limit per run so that Step epoch takes each run to its own epoch's end), and
:meth:`Stepping.collect` gives the batch of what is new, tagged with the race's id:
``(run_id, [(index, rows, status, message, step_count), ...], applied)``, where ``applied``
lists ``(run index, step)`` for each hyperparameter change taken since the last batch
(the window logs the step it took effect at, for exact replays). Each run is stepped by
its own ``Run``, so each trajectory is that run's alone, bit for bit. Rows are sent by
step, not by row number (a run's history thins its far past, so row numbers shift):
:meth:`~gdgui.core.history.History.rows_since` the last step sent gives exactly the new
rows, in order, never one sent before. A problem that raises stops the runs still going
with status :data:`FAILED` and a :class:`Failure` as their message (the window words it
in its language).

Two workers drive a :class:`Stepping`:

* the **stepper process** (this module run as ``python -m gdgui.core.stepper``, see
  :func:`main`; the window's side is :mod:`gdgui.ui.stepper_client`). The stepping then
  never holds the GUI process's GIL: on the same loaded machine the window streamed
  1.4-1.6x faster than with the thread and its worst stalls were shorter; what stalls
  remain is painting (docs/benchmarks.md, "The stepper process"). It holds one
  :class:`Stepping` per controller (commands carry the controller's key), reads
  length-prefixed pickled frames (:func:`frame`, :class:`FrameReader`) from stdin on a
  thread of its own (so the window's writes never wait for its slices), and writes at
  most every :data:`SEND_EVERY` seconds one frame of batches ``[(key, batch), ...]`` to
  stdout (``(key, None)`` after a pause: all that key's runs took has been sent). A full
  pipe blocks it: that is the back-pressure. It exits when stdin closes (the window quit
  or died).
* the fallback **QThread worker** (:mod:`gdgui.ui.worker`), for runs that do not pickle,
  data too large to send, or platforms without pipes the Qt event loop can watch.

Nothing here imports Qt.
"""

from __future__ import annotations

import io
import os
import pickle
import queue
import signal
import struct
import sys
import threading
import time
import traceback
from collections.abc import Sequence
from typing import IO, Any, NamedTuple

from .runner import Run
from .surfaces import SPECS, SurfaceSpec

__all__ = [
    "FAILED",
    "SEND_EVERY",
    "SLICE",
    "Failure",
    "FrameReader",
    "Stepping",
    "advance_runs",
    "dumps",
    "frame",
    "loads",
    "main",
]

#: a slice never runs longer than this (seconds)
SLICE = 0.005
#: the stepper process sends at most one frame of batches per this many seconds
SEND_EVERY = 1 / 60
#: the status sent when the problem raised an error
FAILED = "failed"
#: the first frame the stepper process writes, once it is ready for commands
HELLO = "gdgui-stepper-ready"

_HEADER = struct.Struct("<Q")


class Failure(NamedTuple):
    """Why a run stopped with :data:`FAILED`: the step and the error (the window words
    the message in its own language; ``str()`` gives it in English)."""

    step: int
    error: str  # the exception's type name
    text: str  # the exception's text

    def __str__(self) -> str:
        return f"The run stopped with an error at step {self.step}: {self.error}: {self.text}"


def advance_runs(
    runs: Sequence[Run], limits: Sequence[int | None], max_seconds: float | None = None
) -> list[int]:
    """Advance each run ``r`` by up to ``limits[r]`` steps (None: to its end), in lockstep
    (the runs furthest behind first, each by at most ``Run.CLOCK_EVERY`` steps a round),
    for about ``max_seconds`` in all. Returns the steps each took."""
    taken = [0] * len(runs)
    deadline = None if max_seconds is None else time.perf_counter() + max_seconds
    chunk = Run.CLOCK_EVERY if deadline is not None else Run.FLUSH_EVERY
    for run in runs:  # a run at its limit reports it finished, as Run does
        if not run.done and run.step_count >= run.max_steps:
            run.advance(max_steps=0)

    def left(r: int) -> int:
        run, limit = runs[r], limits[r]
        if run.done:
            return 0
        room = run.max_steps - run.step_count
        return room if limit is None else min(room, limit - taken[r])

    while True:
        active = [r for r in range(len(runs)) if left(r) > 0]
        if not active:
            return taken
        target = min(runs[r].step_count for r in active) + chunk
        for r in sorted(active, key=lambda i: runs[i].step_count):
            want = min(left(r), target - runs[r].step_count)
            if want > 0:
                taken[r] += runs[r].advance(max_steps=want)
            if deadline is not None and time.perf_counter() >= deadline:
                return taken


def _last_step(run: Run) -> int:
    h = run.history
    return int(h.step[-1]) if len(h) else -1


class Stepping:
    """One race's runs and how they are paced (see the module docstring)."""

    def __init__(self) -> None:
        self.runs: list[Run] | None = None
        self.run_id = -1
        self.mode = "idle"  # "idle" | "play" | "steps"
        self.speed = 0.0  # steps per second; 0 = unlimited
        #: when the next slice is due (time.perf_counter()), while :attr:`active`
        self.next_tick = 0.0
        self._sent: list[int] = []  # per run: the last step of its history already sent
        self._steps_left: list[int] = []  # per run, in "steps" mode
        self._t0 = 0.0  # pacing clock: at t0 the leading run had taken c0 steps
        self._c0 = 0
        self._dirty = False  # something to send
        self._failed: tuple | None = None  # the batch of a run that raised, not yet sent
        #: hyperparameter changes applied since the last batch: (run index, its step then)
        self._applied: list[tuple[int, int]] = []

    @property
    def active(self) -> bool:
        """Whether slices are due (playing, or steps left to take)."""
        return self.runs is not None and self.mode != "idle"

    def interval(self) -> float:
        """Seconds between slices while playing (0: back to back)."""
        return 0.0 if self.speed <= 0 else max(1.0 / self.speed, SLICE)

    def command(self, cmd: tuple) -> None:
        """``(name, run_id, arg)``: load (a list of runs, or None), speed, quit, play,
        pause, step (n), step_epoch, hp (``(run index, {name: value})``)."""
        name, run_id, arg = cmd
        now = time.perf_counter()
        if name == "load":
            self._stop()
            self.runs, self.run_id = (list(arg) if arg is not None else None), run_id
            self._sent = [_last_step(r) for r in self.runs or []]
            self._dirty, self._failed, self._applied = False, None, []
            return
        if name == "speed":
            self.speed = float(arg)
            self._restart_clock()
            self.next_tick = now + self.interval()
            return
        if name == "quit":
            self._stop()
            self.runs = None
            return
        runs = self.runs
        if runs is None or run_id != self.run_id:
            return  # a command for a race no longer held
        if name == "play":
            self.mode = "play"
            self._restart_clock(first_step_now=True)
            self.next_tick = now  # the first slice at once, the next at the interval
        elif name == "pause":
            self._stop()
            self._dirty = True
        elif name in ("step", "step_epoch"):
            self._steps_left = [
                r.steps_to_epoch_end() if name == "step_epoch" else int(arg) for r in runs
            ]
            self.mode = "steps"
            self.next_tick = now
        elif name == "hp":
            index, hp = arg
            try:
                runs[index].set_hyperparams(**hp)
            except (ValueError, IndexError) as e:  # validated by the controller; never expected
                print(f"gdgui: ignored hyperparameters {hp} of run {index}: {e}", file=sys.stderr)
            else:  # the window logs the step it took effect at (an exact replay needs it)
                self._applied.append((index, runs[index].step_count))
                self._dirty = True

    def tick(self, max_seconds: float = SLICE) -> None:
        """One slice; a problem that raises stops the race with :data:`FAILED` entries."""
        try:
            self._advance(max_seconds)
        except Exception as e:  # a problem that fails to evaluate: say so, never spin
            traceback.print_exc()
            self._stop()
            runs, self.runs = self.runs, None
            if runs is not None:
                entries = []
                for i, run in enumerate(runs):
                    status, msg = run.status, run.message  # type: str, str | Failure
                    if not run.done:  # the runs still going stop with the error
                        status = FAILED
                        msg = Failure(run.step_count, type(e).__name__, str(e))
                    entries.append(
                        (i, run.history.rows_since(self._sent[i]), status, msg, run.step_count)
                    )
                self._failed = (self.run_id, entries, [])
        if self.mode == "play":
            self.next_tick = max(self.next_tick + self.interval(), time.perf_counter())

    def collect(self) -> tuple | None:
        """The batch of what is new since the last one, or None when nothing is."""
        if self._failed is not None:
            batch, self._failed = self._failed, None
            return batch
        runs = self.runs
        if runs is None or not self._dirty:
            return None
        self._dirty = False
        lasts = [_last_step(r) for r in runs]
        if (
            lasts == self._sent
            and not self._applied
            and not all(r.done for r in runs)
            and self.mode != "idle"
        ):
            return None
        entries = []
        for i, run in enumerate(runs):
            rows = run.history.rows_since(self._sent[i])
            if len(rows["step"]):
                self._sent[i] = int(rows["step"][-1])
            entries.append((i, rows, run.status, run.message, run.step_count))
        applied, self._applied = self._applied, []
        return (self.run_id, entries, applied)

    # --- internals ---------------------------------------------------------------------------
    def _lead(self) -> int:
        """The step count of the run furthest ahead among those still going (pacing)."""
        runs = self.runs or []
        going = [r.step_count for r in runs if not r.done] or [r.step_count for r in runs]
        return max(going, default=0)

    def _restart_clock(self, first_step_now: bool = False) -> None:
        self._t0 = time.perf_counter()
        self._c0 = self._lead()
        if first_step_now:
            self._c0 += 1  # one step is due at once

    def _advance(self, max_seconds: float) -> None:
        runs = self.runs
        if runs is None or self.mode == "idle":
            self._stop()
            return
        self._dirty = True
        if self.mode == "steps":
            taken = advance_runs(runs, self._steps_left, max_seconds=max_seconds)
            self._steps_left = [n - t for n, t in zip(self._steps_left, taken)]
            if all(n <= 0 or r.done for n, r in zip(self._steps_left, runs)):
                self._stop()
        elif self.speed <= 0:
            advance_runs(runs, [None] * len(runs), max_seconds=max_seconds)
        else:
            due = int((time.perf_counter() - self._t0) * self.speed) - (self._lead() - self._c0)
            if due > 0:
                advance_runs(runs, [due] * len(runs), max_seconds=max_seconds)
            if due > self.speed / 4 + 1:  # cannot keep up: do not try to catch up later
                self._restart_clock()
        if all(r.done for r in runs):
            self._stop()

    def _stop(self) -> None:
        self.mode = "idle"
        self._steps_left = []


# --- frames: length-prefixed pickles ---------------------------------------------------------


def _surface_spec(name: str) -> SurfaceSpec:
    return SPECS[name]


class _Pickler(pickle.Pickler):
    """Pickles the built-in surfaces' specs (which hold lambdas) by name."""

    def reducer_override(self, obj: Any) -> Any:
        if type(obj) is SurfaceSpec and SPECS.get(obj.name) is obj:
            return _surface_spec, (obj.name,)
        return NotImplemented


def dumps(obj: Any) -> bytes:
    """``pickle.dumps`` that also takes the built-in surfaces (see :class:`_Pickler`)."""
    buf = io.BytesIO()
    _Pickler(buf, protocol=pickle.HIGHEST_PROTOCOL).dump(obj)
    return buf.getvalue()


def loads(data: bytes) -> Any:
    return pickle.loads(data)


def frame(obj: Any) -> bytes:
    """``obj`` as one frame: its pickle's length (8 bytes, little-endian), then the pickle."""
    data = dumps(obj)
    return _HEADER.pack(len(data)) + data


class FrameReader:
    """Collects bytes as they arrive and gives back the whole frames among them."""

    def __init__(self) -> None:
        self._buf = bytearray()

    def feed(self, data: bytes) -> list[Any]:
        self._buf += data
        out = []
        while len(self._buf) >= _HEADER.size:
            (n,) = _HEADER.unpack_from(self._buf)
            end = _HEADER.size + n
            if len(self._buf) < end:
                break
            out.append(pickle.loads(memoryview(self._buf)[_HEADER.size : end]))
            del self._buf[:end]
        return out


# --- the stepper process -----------------------------------------------------------------------


def _read_commands(stream: IO[bytes], inbox: queue.SimpleQueue) -> None:
    """The reader thread: every command frame into ``inbox``; None when stdin closes."""
    reader = FrameReader()
    fd = stream.fileno()
    try:
        while True:
            data = os.read(fd, 1 << 20)
            if not data:
                break
            for item in reader.feed(data):
                inbox.put(item)
    except OSError:
        pass
    inbox.put(None)


def _apply(states: dict[Any, Stepping], item: tuple) -> Any:
    """``(key, (name, run_id, arg))``; a load's runs come pickled (bytes). Returns the key
    when the command is a pause: its answer goes out at once, followed by ``(key, None)``
    (the window waits for that to show where the runs stopped)."""
    key, (name, run_id, arg) = item
    if name == "quit":
        states.pop(key, None)
        return None
    if name == "load" and isinstance(arg, bytes):
        arg = loads(arg)
    states.setdefault(key, Stepping()).command((name, run_id, arg))
    return key if name == "pause" else None


def serve(inbox: queue.SimpleQueue, out: IO[bytes]) -> None:
    """The stepper's loop: commands from ``inbox`` (None ends it), batches to ``out``."""
    states: dict[Any, Stepping] = {}
    last_send = 0.0
    while True:
        now = time.perf_counter()
        due = [s.next_tick for s in states.values() if s.active]
        dirty = any(s._dirty or s._failed is not None for s in states.values())
        wake = min(due, default=None)
        if dirty:
            wake = min(wake if wake is not None else now + 1, last_send + SEND_EVERY)
        try:
            if wake is None:
                item = inbox.get()
            elif wake > now:
                item = inbox.get(timeout=wake - now)
            else:
                item = inbox.get_nowait()
        except queue.Empty:
            item = ()
        acks = []
        while item != ():
            if item is None:
                return
            if (key := _apply(states, item)) is not None:
                acks.append(key)
            try:
                item = inbox.get_nowait()
            except queue.Empty:
                item = ()
        for s in list(states.values()):
            if s.active and s.next_tick <= time.perf_counter():
                s.tick()
        now = time.perf_counter()
        if (
            acks
            or now - last_send >= SEND_EVERY
            or any(s._failed is not None for s in states.values())
        ):
            batches: list[tuple[Any, tuple | None]] = [
                (k, b) for k, s in states.items() if (b := s.collect()) is not None
            ]
            batches += [(k, None) for k in acks]
            if batches:
                out.write(frame(batches))
                out.flush()
                last_send = now


def main() -> int:
    """``python -m gdgui.core.stepper``: serve commands from stdin until it closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is the window's to handle
    # batches go to the real stdout only; a stray print goes to stderr
    out = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    inbox: queue.SimpleQueue = queue.SimpleQueue()
    threading.Thread(
        target=_read_commands, args=(sys.stdin.buffer, inbox), name="commands", daemon=True
    ).start()
    try:
        out.write(frame(HELLO))
        out.flush()
        serve(inbox, out)
    except (BrokenPipeError, ConnectionResetError):  # the window went away
        pass
    return 0


if __name__ == "__main__":
    # run the imported module's main, so what is pickled names gdgui.core.stepper, not
    # __main__
    from gdgui.core.stepper import main as _main

    sys.exit(_main())
