"""Slow file work off the GUI thread, with a progress dialog and Cancel.

:func:`run_job` runs a function on a worker thread (superqt's
``create_worker``, Qt's global thread pool) and waits for it in a local event
loop, so the caller gets the result as from a plain call while the window goes
on drawing and the run goes on stepping. After :data:`DELAY_MS` a window-modal
:class:`QProgressDialog` appears (quick jobs never flash one) with Cancel.

A *generator* job yields its progress (a fraction in [0, 1]); Cancel stops it
at its next ``yield`` and :func:`run_job` returns :data:`CANCELLED`, then closes it
(so its ``finally`` clauses run, e.g. to stop a helper process). Jobs that
write a file do all their slow work before their last ``yield`` and the write
after it, so a cancelled job has written nothing. A plain function shows a busy
indicator; Cancel stops waiting and its result is dropped (use these only for
reading).

Whatever the job reads must not change meanwhile: pass it copies, immutable
objects (an :class:`~gdgui.core.experiment.Experiment`, a dataset) or views it can
check (a history's :func:`~gdgui.ui.file_jobs.history_view`, which the job copies
and checks with :meth:`~gdgui.core.history.History.intact`).
"""

from __future__ import annotations

import contextlib
import inspect
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QEventLoop, Qt
from PySide6.QtWidgets import QProgressDialog, QPushButton, QWidget
from superqt.utils import create_worker

__all__ = ["CANCELLED", "DELAY_MS", "JobBusy", "job_running", "run_job"]

#: a job's progress dialog appears after this long (ms)
DELAY_MS = 400
_STEPS = 1000


class _Cancelled:
    def __repr__(self) -> str:
        return "CANCELLED"

    def __bool__(self) -> bool:
        return False


#: what :func:`run_job` returns when the user cancelled
CANCELLED: Any = _Cancelled()

_running: list[QProgressDialog] = []


class JobBusy(RuntimeError):
    """Another file job is still running (one at a time)."""


def job_running() -> bool:
    """Whether a :func:`run_job` is waiting for its job."""
    return bool(_running)


def _tr(text: str) -> str:
    return QCoreApplication.translate("", text)  # lupdate files bare _tr() here


def run_job(
    parent: QWidget | None,
    title: str,
    label: str,
    job: Callable[..., Any],
    *args: Any,
    delay_ms: int = DELAY_MS,
) -> Any:
    """Run ``job(*args)`` on a worker thread; return its result, or :data:`CANCELLED`.

    An exception the job raises is raised here. Raises :class:`JobBusy` when a job
    is already running (the dialog is window-modal, so only a second window or a
    script can get here meanwhile).
    """
    if _running:
        raise JobBusy(_tr("Another file operation is still running."))
    generator = inspect.isgeneratorfunction(job)
    outcome: dict[str, Any] = {}

    # the result is kept by the job's thread itself: superqt drops a result that
    # comes after a cancel, but a write that finished did happen, and is reported
    if generator:
        gen = job(*args)

        def wrapped():  # noqa: ANN202
            outcome["result"] = yield from gen
    else:

        def wrapped():  # noqa: ANN202
            outcome["result"] = job(*args)

    worker = create_worker(wrapped, _start_thread=False, _ignore_errors=True)
    dialog = QProgressDialog(label, _tr("Cancel"), 0, _STEPS if generator else 0, parent)
    dialog.setObjectName("fileJobProgress")
    dialog.setWindowTitle(title)
    dialog.setAccessibleName(title)
    dialog.setToolTip(_tr("A file operation is running; the run goes on meanwhile"))
    cancel_button = QPushButton(_tr("Cancel"))
    cancel_button.setAccessibleName(_tr("Cancel"))
    cancel_button.setToolTip(_tr("Stop the file operation (nothing is written or opened)"))
    dialog.setCancelButton(cancel_button)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.setMinimumDuration(max(0, int(delay_ms)))
    loop = QEventLoop()

    def cancel() -> None:
        outcome.setdefault("cancelled", True)
        worker.quit()  # a generator stops at its next yield
        dialog.setLabelText(_tr("Cancelling…"))
        if not generator:
            loop.quit()  # cannot be stopped: stop waiting, drop its result

    worker.errored.connect(lambda e: outcome.setdefault("error", e))
    worker.finished.connect(loop.quit)
    if generator:
        worker.yielded.connect(
            lambda f: dialog.setValue(int(_STEPS * min(max(float(f or 0.0), 0.0), 1.0)))
        )
    dialog.canceled.connect(cancel)
    _running.append(dialog)
    try:
        dialog.setValue(0)
        worker.start()
        loop.exec()
    finally:
        _running.remove(dialog)
        dialog.canceled.disconnect(cancel)
        dialog.close()
        dialog.deleteLater()
        if generator:  # stopped at a yield (or done): its finally clauses run now
            with contextlib.suppress(ValueError):  # still running (only if loop.exec failed)
                gen.close()
    if not generator and outcome.get("cancelled"):
        return CANCELLED  # still running, perhaps: its result is not waited for
    if "error" in outcome:
        raise outcome["error"]
    if "result" in outcome:
        return outcome["result"]
    return CANCELLED
