"""The File menu's work off the GUI thread: reading an experiment file and the
:func:`~gdgui.ui.jobs.run_job` generators that write history and text files.

Split out of :mod:`gdgui.ui.files`, which imports these names back. Nothing here
touches a widget, so all of it is safe in a worker thread.

The history export takes from the GUI thread only views of the histories
(:func:`history_view`, O(log n)); its job copies them (:func:`copy_history`, checking
that no thinning rewrote them meanwhile) and hands the arrays to the CSV writer
process (:mod:`gdgui.core.history_csv`), which makes the text and writes it: seconds
of Python that would otherwise hold this process's GIL, and so the window.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import json.decoder
import json.scanner
import os
import subprocess
import sys
import time
from collections.abc import Generator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..core.experiment import Experiment, ExperimentError
from ..core.fileio import FileIOError, atomic_write_bytes, atomic_write_text, read_text
from ..core.history import History
from ..core.history_csv import csv_rows
from ..core.messages import Message
from ..core.schema import json_reason

__all__ = [
    "CSV_WRITER",
    "EXPERIMENT_READ_LIMIT",
    "HistoryBusy",
    "WrittenRun",
    "copy_history",
    "history_csv_job",
    "history_view",
    "read_experiment",
]


#: experiment files larger than this are refused (bytes): a big file is parsed off the
#: GUI thread at ~0.15 s per MB (see below), so 64 MiB already takes ~10 s
EXPERIMENT_READ_LIMIT = 64 * 1024 * 1024
#: experiment files larger than this are parsed by json's pure-Python scanner (bytes):
#: ~5x slower, but it lets the GIL go every 1 ms, where the C one holds it (and so the
#: window) for the whole parse, ~20 ms per MB
_SLOW_PARSE_BYTES = 2 * 1024 * 1024
#: rows of history CSV formatted at a time when this thread formats them (no writer
#: process): each step (a column's ``repr``, the rows' join) runs in C, holding the GIL
#: (and so the window) ~0.3 ms here
_CSV_CHUNK = 1024
#: a history job reports its progress (and may be cancelled) this often (seconds)
_REPORT_SECONDS = 0.03
#: the CSV writer process: formats and writes a history CSV off this process's GIL
CSV_WRITER = [sys.executable, "-m", "gdgui.core.history_csv"]
#: rows copied by one numpy copy when a history is copied off the GUI thread (~0.1 ms)
_COPY_ROWS = 16_384
#: copies of a history tried before giving up when the run thins it during each
_COPY_TRIES = 20


def read_experiment(path: str | os.PathLike) -> Experiment:
    """Read and check the experiment file at ``path`` (safe in a worker thread).

    Refuses, without blocking, what is not a regular file (a FIFO, a device) and files
    over :data:`EXPERIMENT_READ_LIMIT`. Raises :class:`ExperimentError`.
    """
    path = Path(path)
    try:
        text = read_text(path, limit_bytes=EXPERIMENT_READ_LIMIT)
    except FileNotFoundError:
        raise ExperimentError([("", Message("file not found"))], str(path)) from None
    except OSError as e:  # FileIOError: one line naming the file (a Message)
        raise ExperimentError([("", getattr(e, "message", str(e)))], str(path)) from None
    if len(text) <= _SLOW_PARSE_BYTES:
        return Experiment.from_json(text, base_dir=path.parent, source=str(path))
    decoder = json.JSONDecoder()
    decoder.parse_string = json.decoder.py_scanstring  # type: ignore[attr-defined]
    decoder.scan_once = json.scanner.py_make_scanner(decoder)  # type: ignore[attr-defined]
    try:
        d = decoder.decode(text)
    except json.JSONDecodeError as e:
        where = Message(
            "not valid JSON: {error} at line {line}, column {column}",
            error=json_reason(e.msg),
            line=e.lineno,
            column=e.colno,
        )
        raise ExperimentError([("", where)], str(path)) from None
    return Experiment.from_json(d, base_dir=path.parent, source=str(path))


class HistoryBusy(OSError):
    """Each copy of a history found it rewritten (thinned) by the run meanwhile."""


@dataclass(frozen=True)
class WrittenRun:
    """What :func:`history_csv_job` wrote of one run."""

    rows: int  #: rows written
    exact: bool  #: no row of the run was ever dropped (thinned)
    last_step: int  #: the step of its last row written (0 when none)


def history_view(history: History) -> History:
    """All of ``history``'s rows as a read-only view (O(log n), no copy): what the GUI
    thread hands to :func:`history_csv_job`, which copies it in its own thread while
    the run goes on appending."""
    return history.upto(int(history.step[-1]) if len(history) else -1)


def copy_history(view: History, tries: int = _COPY_TRIES) -> History:
    """A copy of the rows of ``view`` (a :func:`history_view`), safe in any thread.

    Appending leaves a view's rows as they are (see :mod:`gdgui.core.history`); a
    thinning of its base rewrites them, and then the copy is taken again of all the
    base's rows at that moment (so it holds more rows than the view). Copies in slices,
    each short, so the thread appending is never held up long. Raises
    :class:`HistoryBusy` when ``tries`` copies in a row were rewritten meanwhile.
    """
    for _ in range(tries):
        n = len(view)
        out = History(view.param_names, capacity=max(n, 1), with_lr=view.with_lr)
        lr = view.lr
        for a in range(0, n, _COPY_ROWS):
            b = min(n, a + _COPY_ROWS)
            out.extend(
                view.step[a:b],
                view.epoch[a:b],
                view.params[a:b],
                view.loss[a:b],
                view.grad[a:b],
                None if lr is None else lr[a:b],
            )
            time.sleep(0)  # lets the GIL go: the GUI thread never waits long for it
        out.thinned = view.thinned
        if view.intact():
            return out
        base = view.base
        assert base is not None  # a history owning its rows is always intact
        deadline = time.monotonic() + 1.0
        while base.rewrites % 2 and time.monotonic() < deadline:  # a thinning under way
            time.sleep(0.001)
        view = history_view(base)
    raise HistoryBusy("the run rewrote its history while it was copied")


def _run_cell(name: str) -> str:
    """A run's name as a CSV cell (quoted when it holds a comma, a quote or a line break),
    as ``gdgui run --csv`` writes it."""
    cell = io.StringIO()
    csv.writer(cell, lineterminator="\n").writerow([name])
    return cell.getvalue()[:-1]


def _shown(h: History, problem) -> tuple[np.ndarray, ...]:
    """The arrays of ``h`` to write: parameters and gradient on the problem's shown
    scale (computed slice by slice, so each numpy call is short), lr when recorded."""
    params, grad = h.params, h.grad
    if problem is not None:
        params, grad = np.empty_like(params), np.empty_like(grad)
        for a in range(0, len(h), _COPY_ROWS):
            s = slice(a, a + _COPY_ROWS)
            params[s] = problem.shown_params(h.params[s])
            grad[s] = problem.shown_grad(h.grad[s])
            time.sleep(0)
    arrays = (h.step, h.epoch, params, h.loss, grad)
    return arrays if h.lr is None else (*arrays, h.lr)


def _write_here(path: Path, header: str, runs, lr_cells: bool):
    """Format and write in this thread (when the CSV writer process cannot start):
    slices of :data:`_CSV_CHUNK` rows, so the GIL changes hands between them."""
    total = max(sum(len(arrays[0]) for _, arrays in runs), 1)
    parts = [(header + "\n").encode("utf-8")]
    done, next_report = 0, 0.0
    for cell, arrays in runs:
        step, epoch, params, loss, grad, *lr = arrays
        for a in range(0, len(step), _CSV_CHUNK):
            s = slice(a, a + _CSV_CHUNK)
            text = csv_rows(
                step[s],
                epoch[s],
                params[s],
                loss[s],
                grad[s],
                lr[0][s] if lr else None,
                cell,
                lr_cells,
            )
            parts.append(text.encode("utf-8"))  # slice by slice: a whole encode is long
            done += len(step[s])
            if time.perf_counter() >= next_report:  # a report costs the GUI thread too
                next_report = time.perf_counter() + _REPORT_SECONDS
                yield 0.1 + 0.85 * done / total
    # joined slice by slice too (one b"".join holds the GIL ~10 ms per 100 MB, and so
    # would zero-filling a bytearray); np.empty touches no page before it is filled
    data = np.empty(sum(map(len, parts)), dtype=np.uint8)
    at = 0
    for k, piece in enumerate(parts):
        data[at : at + len(piece)] = np.frombuffer(piece, dtype=np.uint8)
        at += len(piece)
        parts[k] = b""
    yield 0.96
    atomic_write_bytes(path, data)


def _write_by_process(proc: subprocess.Popen, path: Path, header: str, runs, lr_cells: bool):
    """Hand the arrays to the CSV writer process (:mod:`gdgui.core.history_csv`), yield
    its progress, and have it write only after the last yield."""
    assert proc.stdin is not None and proc.stdout is not None
    spec = {
        "path": os.fspath(path),
        "header": header,
        "lr_cells": lr_cells,
        "runs": [
            {
                "cell": cell,
                "rows": len(arrays[0]),
                "params": arrays[2].shape[1],
                "lr": len(arrays) > 5,
            }
            for cell, arrays in runs
        ],
    }
    try:
        proc.stdin.write((json.dumps(spec) + "\n").encode("utf-8"))
        for _cell, arrays in runs:
            for arr in arrays:  # the pipe's write lets the GIL go
                proc.stdin.write(memoryview(np.ascontiguousarray(arr)).cast("B"))
        proc.stdin.flush()
        while True:
            line = proc.stdout.readline().decode("utf-8", "replace").strip()
            if line.startswith("progress "):
                yield 0.1 + 0.85 * float(line.split()[1])
            elif line == "ready":
                break
            else:
                raise _stopped(proc, path)
        yield 0.96
        proc.stdin.write(b"commit\n")
        proc.stdin.flush()
        proc.stdin.close()
    except BrokenPipeError:
        raise _stopped(proc, path) from None
    line = proc.stdout.readline().decode("utf-8", "replace").strip()
    if line.startswith("error "):
        raise FileIOError(line[len("error ") :], os.fspath(path))
    if line != "ok":
        raise _stopped(proc, path)


class _WriterStopped(FileIOError):
    """The CSV writer process ended without answering."""


def _stopped(proc: subprocess.Popen, path: Path) -> FileIOError:
    code = proc.wait()
    return _WriterStopped(f"cannot write {path}: the CSV writer stopped (exit code {code})", path)


def history_csv_job(
    views: Sequence[History], race: Experiment | None, problem, path: Path
) -> Generator[float, None, list[WrittenRun]]:
    """A :func:`~gdgui.ui.jobs.run_job` generator: write the histories of ``views`` (one
    per run, :func:`history_view` of each) as the history CSV at ``path``, parameters on
    the problem's shown scale. With ``race`` (the experiment of a race, one view per
    run) a first column ``run`` holds each row's run name and the runs follow one
    another, as ``gdgui run --csv`` writes them.

    Copies each view in this thread (:func:`copy_history`); the text is made and
    written by the CSV writer process (:data:`CSV_WRITER`), so the window's GIL is
    free meanwhile, or here when that cannot start. Yields its progress, writes after
    the last yield (so a cancel writes nothing) and returns a :class:`WrittenRun` per
    run."""
    try:  # started first: it starts up while the histories are copied
        proc: subprocess.Popen | None = subprocess.Popen(
            CSV_WRITER, stdin=subprocess.PIPE, stdout=subprocess.PIPE, close_fds=True
        )
    except OSError:
        proc = None
    try:
        # the names here, not on the GUI thread: run_name(i) builds every run's experiment
        names = None if race is None else [race.run_name(i) for i in range(len(views))]
        yield 0.01
        copies = []
        for i, view in enumerate(views):
            copies.append(copy_history(view))
            yield 0.01 + 0.09 * (i + 1) / len(views)
        shown = problem.shown_names if problem is not None else copies[0].param_names
        lr_cells = any(h.with_lr for h in copies)
        header = ["step", "epoch", *shown, "loss", *(f"grad_{n}" for n in shown)]
        header = (["run"] if names is not None else []) + header + (["lr"] if lr_cells else [])
        runs = [
            (None if names is None else _run_cell(names[i]), _shown(h, problem))
            for i, h in enumerate(copies)
        ]
        try:
            if proc is None:
                raise _WriterStopped("the CSV writer did not start", path)
            yield from _write_by_process(proc, path, ",".join(header), runs, lr_cells)
        except _WriterStopped:  # it could not start, or died: the work is done here
            yield from _write_here(path, ",".join(header), runs, lr_cells)
    finally:  # also on a cancel (run_job closes the job) and on errors
        if proc is not None:
            for pipe in (proc.stdin, proc.stdout):
                with contextlib.suppress(OSError):
                    pipe.close()  # type: ignore[union-attr]
            if proc.poll() is None:
                proc.kill()
            proc.wait()
    return [WrittenRun(len(h), h.exact, int(h.step[-1]) if len(h) else 0) for h in copies]


def _text_job(make_text, path: Path):
    """A :func:`~gdgui.ui.jobs.run_job` generator: ``make_text()``, then write it."""
    text = make_text()
    yield 0.9
    atomic_write_text(path, text)
