"""The window's side of the stepper process (:mod:`gdgui.core.stepper`).

One child process per application, shared by every controller: :func:`client` gives
it. It is started with ``[sys.executable, "-m", "gdgui.core.stepper"]`` (subprocess,
not multiprocessing: no re-import of the main module, no fork after Qt) either ahead
of time (:meth:`StepperClient.prestart`, when the window opens, so that the first Run
does not wait for it) or at first use, restarted at the next use if it died, and
stopped at exit (:meth:`StepperClient.stop`, from
:func:`gdgui.ui.controller.stop_all_workers`).

Commands go to its stdin as frames ``(key, (name, run_id, arg))`` (the key names the
controller; a load's runs are pickled once by the controller). Its stdout is read in
the GUI thread without blocking: a :class:`QSocketNotifier` on the pipe says when
bytes are there, they are read without waiting, and each whole frame (a list of
``(key, batch)``) goes to the callback registered for that key. A callback is held
weakly, so a controller dropped without shutdown does not stay alive for it.

POSIX only (the pipe must be a file descriptor Qt's event loop can watch);
elsewhere :meth:`StepperClient.usable` is False and the controller keeps its
QThread worker. Only :mod:`gdgui.ui.controller` imports this module.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import select
import subprocess
import sys
import time
import weakref
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QSocketNotifier

from ..core.runner import Run
from ..core.stepper import HELLO, FrameReader, dumps, frame

if os.name == "posix":
    import fcntl

__all__ = [
    "PROCESS_MAX_BYTES",
    "PROCESS_MAX_SAMPLES",
    "READY_TIMEOUT",
    "StepperClient",
    "client",
    "payload",
    "stop_client",
    "worker_kind",
]

#: a race whose problem has more data points than this steps in the thread: sending it
#: at every reset would cost more than a few ms (pickling 10^5 points takes ~1 ms, 10^6
#: ~25 ms and the round trip ~150 ms: ``benchmarks/engine.py --handoff``)
PROCESS_MAX_SAMPLES = 100_000
#: nor does a race whose pickled runs are larger than this (bytes)
PROCESS_MAX_BYTES = 4 << 20

#: how long the first use waits for a starting process to say it is ready (seconds)
READY_TIMEOUT = 15.0
#: the most bytes one wake-up of the GUI thread reads (the rest waits for the next)
_READ_BUDGET = 8 << 20
_F_SETPIPE_SZ = 1031  # Linux: a 1 MB pipe takes a batch in one write


class StepperClient(QObject):
    """The one stepper process and the callbacks of the controllers that use it."""

    def __init__(self, command: list[str] | None = None) -> None:
        super().__init__()
        self.command = command or [sys.executable, "-m", "gdgui.core.stepper"]
        self._proc: subprocess.Popen | None = None
        self._notifier: QSocketNotifier | None = None
        self._reader = FrameReader()
        self._ready = False
        self._broken = False  # a process that never became ready: do not try again
        self._on_batch: dict[int, weakref.WeakMethod] = {}
        self._on_lost: dict[int, weakref.WeakMethod] = {}
        self._acks: dict[int, int] = {}  # per key: pauses answered
        self.starts = 0  # processes started (tests and benchmarks read it)

    # --- state ------------------------------------------------------------------------------
    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc is not None else None

    def usable(self) -> bool:
        """Whether the process can be used (POSIX, not a frozen app whose executable is
        the window itself, and it did not fail to start)."""
        return os.name == "posix" and not getattr(sys, "frozen", False) and not self._broken

    def alive(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    # --- lifetime ---------------------------------------------------------------------------
    def prestart(self) -> None:
        """Start the process if it is not running, without waiting for it."""
        if self.usable() and not self.alive():
            self._spawn()

    def ensure(self) -> bool:
        """A running, ready process (started and waited for if needed); False when there
        is none to be had (the caller keeps its thread)."""
        if not self.usable():
            return False
        if self._proc is not None and not self.alive():
            self._lost()  # died unseen: its controllers hear of it before a new one starts
        if not self.alive() and not self._spawn():
            return False
        if not self._ready and not self._wait_ready():
            self._broken = True
            print("gdgui: the stepper process did not start; stepping in a thread", file=sys.stderr)
            self.stop()
            return False
        return True

    def stop(self, timeout: float = 2.0) -> None:
        """Close the process's stdin (it exits), wait for it, kill it if it does not."""
        proc, self._proc = self._proc, None
        if self._notifier is not None:
            self._notifier.setEnabled(False)
            self._notifier.deleteLater()
            self._notifier = None
        self._ready = False
        self._reader = FrameReader()
        if proc is None:
            return
        for stream in (proc.stdin, proc.stdout):
            try:
                if stream is not None:
                    stream.close()
            except OSError:
                pass
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout)

    def _spawn(self) -> bool:
        self.stop()
        try:
            proc = subprocess.Popen(
                self.command,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                bufsize=0,
                close_fds=True,
            )
        except OSError as e:
            self._broken = True
            print(
                f"gdgui: cannot start the stepper process ({e}); stepping in a thread",
                file=sys.stderr,
            )
            return False
        assert proc.stdout is not None
        fd = proc.stdout.fileno()
        with contextlib.suppress(OSError):  # not Linux, or over the limit: the default works
            fcntl.fcntl(fd, _F_SETPIPE_SZ, 1 << 20)
        os.set_blocking(fd, False)
        self._proc = proc
        self._ready = False
        self.starts += 1
        self._notifier = QSocketNotifier(fd, QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._on_readable)
        return True

    def _wait_ready(self) -> bool:
        """Block (at most :data:`READY_TIMEOUT`) until the process says it is ready."""
        return self._read_until(lambda: self._ready, READY_TIMEOUT)

    def _read_until(self, done: Callable[[], bool], timeout: float) -> bool:
        """Read what the process sends until ``done()`` (True), the process is gone or
        ``timeout`` seconds have passed (False)."""
        deadline = time.monotonic() + timeout
        while not done():
            proc = self._proc
            left = deadline - time.monotonic()
            if proc is None or proc.stdout is None or left <= 0:
                return False
            select.select([proc.stdout], [], [], left)
            if not self._read():
                return False
        return True

    # --- traffic ----------------------------------------------------------------------------
    def register(
        self, key: int, on_batch: Callable[[tuple], None], on_lost: Callable[[], None]
    ) -> None:
        """``on_batch(batch)`` gets the batches of ``key``; ``on_lost()`` is called when the
        process died while holding its race (both bound methods, held weakly)."""
        self._on_batch[key] = weakref.WeakMethod(on_batch)  # type: ignore[arg-type]
        self._on_lost[key] = weakref.WeakMethod(on_lost)  # type: ignore[arg-type]

    def unregister(self, key: int) -> None:
        self._on_batch.pop(key, None)
        self._on_lost.pop(key, None)
        self.send(key, ("quit", -1, None))

    def send(self, key: int, cmd: tuple) -> bool:
        """Write one command; False when the process is gone."""
        proc = self._proc
        if proc is None or proc.stdin is None:
            return False
        data = memoryview(frame((key, cmd)))
        try:
            while data:  # a raw write may take only part of it
                data = data[proc.stdin.write(data) or 0 :]
        except (BrokenPipeError, OSError, ValueError):
            self._lost()
            return False
        return True

    def _read(self) -> bool:
        """Read what is there (without waiting) and hand out the whole frames; False when
        the process has closed its end."""
        proc = self._proc
        if proc is None or proc.stdout is None:
            return False
        fd = proc.stdout.fileno()
        got = 0
        items: list[Any] = []
        while got < _READ_BUDGET:
            try:
                data = os.read(fd, 1 << 20)
            except BlockingIOError:
                break
            except OSError:
                data = b""
            if not data:
                self._deliver(items)
                self._lost()
                return False
            got += len(data)
            items += self._reader.feed(data)
        self._deliver(items)
        return True

    def _deliver(self, items: list[Any]) -> None:
        for item in items:
            if item == HELLO:
                self._ready = True
                continue
            for key, batch in item:
                if batch is None:  # a pause's answer is complete
                    self._acks[key] = self._acks.get(key, 0) + 1
                    continue
                ref = self._on_batch.get(key)
                callback = ref() if ref is not None else None
                if callback is not None:
                    callback(batch)
                elif ref is not None:  # its controller was dropped without shutdown
                    self.unregister(key)  # the process stops its race

    def wait_for_pause(self, key: int, timeout: float = 0.1) -> bool:
        """Block (at most ``timeout`` s) until the process has answered the pause just sent
        for ``key``: the batches of where its runs stopped have been handed out."""
        start = self._acks.get(key, 0)
        return self._read_until(lambda: self._acks.get(key, 0) != start, timeout)

    def _on_readable(self, *_: Any) -> None:
        self._read()

    def _lost(self) -> None:
        """The process went away: stop watching it; tell the controllers that had a race
        in it (the next use starts a new one)."""
        was_ready = self._ready
        self.stop(timeout=0.5)
        if not was_ready:
            return
        for key, ref in list(self._on_lost.items()):
            callback = ref()
            if callback is None:
                self._on_lost.pop(key, None)
                self._on_batch.pop(key, None)
            else:
                callback()


def worker_kind() -> str:
    """``GDGUI_WORKER``: "thread" (always the QThread worker) or "process" (the stepper
    process when it can be used; the default)."""
    kind = os.environ.get("GDGUI_WORKER", "process").strip().lower()
    return "thread" if kind == "thread" else "process"


def payload(runs: list[Run]) -> bytes | None:
    """The runs pickled for the stepper process (each with only its history's last row),
    or None when they step in the thread: ``GDGUI_WORKER=thread``, no process to be had
    here, more data than :data:`PROCESS_MAX_SAMPLES`, or runs that do not pickle."""
    if worker_kind() == "thread" or not client().usable():
        return None
    if max((r.problem.n_samples or 0) for r in runs) > PROCESS_MAX_SAMPLES:
        return None
    try:
        data = dumps([r.trimmed() for r in runs])
    except (pickle.PicklingError, TypeError, AttributeError):
        return None
    return data if len(data) <= PROCESS_MAX_BYTES else None


_client: StepperClient | None = None


def client() -> StepperClient:
    """The application's stepper client (created at first call; the process starts
    only with :meth:`StepperClient.prestart` or :meth:`StepperClient.ensure`)."""
    global _client
    if _client is None:
        _client = StepperClient()
    return _client


def stop_client() -> None:
    """Stop the stepper process, if one runs (at application exit)."""
    if _client is not None:
        _client.stop()
