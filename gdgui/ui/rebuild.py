"""The controller's rebuilds off the GUI thread: engines replayed to a step.

When the window branches a race off its past, undoes that, or adds or removes a run,
every kept run's engine has to be rebuilt where its history ends: a fresh run
advanced k steps with the logged hyperparameter changes
(:class:`gdgui.core.replay.Replay`). At 10^6 steps that takes seconds, so a
:class:`RebuildJob` does it on a plain Python thread in slices of :data:`SLICE`
seconds, stopping at the next slice when cancelled. The result arrives in the GUI
thread (:attr:`RebuildJob.finished`, a queued signal), or the caller waits for it
(:meth:`RebuildJob.wait`).

Not superqt's ``create_worker`` on Qt's thread pool, which this module used first: the
pool deletes a finished runnable's C++ side while the caller that waited for the job
may still drop or touch it, and the suite crashed with a segmentation fault in
``wait_for_rebuild`` on a clean CI machine. The thread here touches no Qt object but
the job's own signal, and holds the job until it has emitted it.

Each entry of the job is either a ready :class:`~gdgui.core.runner.Run` (passed
through untouched) or ``(base, log, step)``: replay ``base`` with ``log`` to ``step``.
First the job copies the rows of the history views it is given (``copies``: the
histories a branch cut, views until then, :meth:`gdgui.core.history.History.copy`), so
the GUI thread never copies a 10^6-row history (:attr:`RebuildJob.owned`).
Nothing here touches a widget or the controller's state.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from ..core.history import History
from ..core.replay import Replay
from ..core.runner import Run

__all__ = ["SLICE", "RebuildJob"]

#: seconds of replay between two points where a job may be cancelled
SLICE = 0.02
#: the jobs whose thread runs or whose end is still on its way to the GUI thread: a
#: job is destroyed only in the GUI thread, once its queued end has been delivered
_LIVE: set[RebuildJob] = set()


class RebuildJob(QObject):
    """Engines for ``specs`` on ``problem``, built on a worker thread.

    :attr:`runs` (one per spec) and :attr:`errors` (per run: None, or the error the
    replay raised, its run then stopped there) are set when it is done; :attr:`error`
    when a run could not be built at all.
    ``cancelled()`` is asked between slices as well as :meth:`cancel`."""

    #: the job is done (emitted in the GUI thread; not after a cancel)
    finished = Signal(object)
    _ended = Signal()  # from the job's thread, queued to the GUI thread

    def __init__(
        self,
        problem: Any,
        specs: Sequence[Run | tuple[Any, list, int]],
        cancelled: Callable[[], bool] | None = None,
        parent: QObject | None = None,
        copies: Sequence[tuple[History, int]] = (),
    ):
        super().__init__(parent)
        self.problem = problem
        self.specs = list(specs)
        #: the history views to copy (with the room each wants), and their copies:
        #: (view, copy) pairs, made first
        self.copies = list(copies)
        self.owned: list[tuple[History, History]] = []
        self.runs: list[Run] | None = None
        self.errors: list[BaseException | None] = [None] * len(self.specs)
        #: what stopped the whole job (then :attr:`runs` stays None)
        self.error: BaseException | None = None
        #: how many steps the job replays in all
        self.total_steps = sum(s[2] for s in self.specs if not isinstance(s, Run))
        self._cancelled = cancelled or (lambda: False)
        self._cancel = threading.Event()
        self._done = threading.Event()
        self._thread: threading.Thread | None = None
        self._ended.connect(self._emit, Qt.ConnectionType.QueuedConnection)

    @property
    def done(self) -> bool:
        return self._done.is_set()

    def start(self) -> None:
        """Start on its own thread (or finish here when nothing is to be replayed or
        copied)."""
        if not self.total_steps and not self.copies:
            for _ in self._work():
                pass
            return
        _LIVE.add(self)  # released in the GUI thread, after its _ended was delivered
        self._thread = threading.Thread(target=self._run, name="gdgui-rebuild", daemon=True)
        self._thread.start()

    def cancel(self) -> None:
        """Stop at the next slice; :attr:`finished` is not emitted."""
        self._cancel.set()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until done, cancelled or failed (or ``timeout`` seconds); True then."""
        return self._done.wait(timeout)

    def _run(self) -> None:
        for _ in self._work():  # slices; the GIL goes to the GUI thread between them
            pass
        self._ended.emit()

    def _stop(self) -> bool:
        if self._cancelled():  # e.g. the controller closed: no result is sent
            self._cancel.set()
        return self._cancel.is_set()

    def _work(self):
        """The generator the worker runs: yields between slices."""
        runs: list[Run] = []
        try:
            for view, capacity in self.copies:  # numpy copies without the GIL
                if self._stop():
                    return
                self.owned.append((view, view.copy(capacity)))
                yield
            for n, spec in enumerate(self.specs):
                if isinstance(spec, Run):
                    runs.append(spec)
                    continue
                base, log, step = spec
                r = Replay(base, self.problem, log, step)
                try:
                    while not r.advance(max_seconds=SLICE):
                        if self._stop():
                            return
                        yield
                except Exception as e:  # the problem fails where the run failed: kept
                    self.errors[n] = e
                runs.append(r.run)
            if not self._stop():
                self.runs = runs
        except Exception as e:  # a run that cannot be built again: no runs at all
            self.error = e
        finally:
            self._done.set()  # runs None: cancelled, or the error

    def _emit(self) -> None:
        try:
            if not self._cancel.is_set():
                self.finished.emit(self)
        finally:
            # the last reference goes in a later turn of the GUI thread, never in the
            # job's thread (a QObject destroyed there, with its queued _ended still
            # pending here, crashed the suite with a segmentation fault)
            QTimer.singleShot(0, partial(_LIVE.discard, self))
