"""History CSV: the rows' text, and the child process that formats and writes it.

:func:`csv_rows` gives rows exactly as :meth:`History.to_csv
<gdgui.core.history.History.to_csv>` writes them (``repr`` of each float), column by
column so the loops run in C, optionally after a ``run`` cell (a race's CSV, as
``gdgui run --csv`` writes it).

``python -m gdgui.core.history_csv`` is the window's CSV writer (see
:mod:`gdgui.ui.file_jobs`): formatting a long history is seconds of Python work that
would hold the window's GIL, so it happens in a process of its own. It reads from
stdin one JSON line (``path``, ``header``, ``lr_cells`` and per run its ``cell``,
``rows``, ``params`` and ``lr``), then per run the raw arrays (step and epoch int64,
parameters, loss, gradient and lr float64, C order); it answers ``progress F`` lines
on stdout, then ``ready`` once the text is made, and writes the file (atomically,
:func:`~gdgui.core.fileio.atomic_write_bytes`) only after a ``commit`` line comes:
end of input instead writes nothing. Then ``ok``, or ``error MESSAGE`` (one line).
It runs at a lower priority (``nice`` 10): on a busy machine the window goes first.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import time
from typing import IO, BinaryIO

import numpy as np

from .fileio import atomic_write_bytes

__all__ = ["csv_rows", "main"]

#: rows the child formats at a time
_CHUNK = 65_536
#: the child reports its progress this often (seconds)
_REPORT_SECONDS = 0.03


def csv_rows(
    step: np.ndarray,
    epoch: np.ndarray,
    params: np.ndarray,
    loss: np.ndarray,
    grad: np.ndarray,
    lr: np.ndarray | None = None,
    run_cell: str | None = None,
    lr_cells: bool = False,
) -> str:
    """The rows as :meth:`History.to_csv` writes them (no header): after a ``run`` cell
    when ``run_cell`` is given, with an empty ``lr`` cell when ``lr_cells`` and ``lr``
    is None. Each column's loop runs in C, holding the GIL for all its rows."""
    k = len(loss)
    cols: list[list[str]] = [] if run_cell is None else [[run_cell] * k]
    cols.append(list(map(str, step.tolist())))
    cols.append(list(map(str, epoch.tolist())))
    cols += [list(map(repr, params[:, j].tolist())) for j in range(params.shape[1])]
    cols.append(list(map(repr, loss.tolist())))
    cols += [list(map(repr, grad[:, j].tolist())) for j in range(grad.shape[1])]
    if lr is not None:
        cols.append(list(map(repr, lr.tolist())))
    elif lr_cells:
        cols.append([""] * k)
    rows = list(map(",".join, zip(*cols)))
    return "\n".join(rows) + "\n" if rows else ""


def _read_array(src: BinaryIO, shape: tuple[int, ...], dtype: type) -> np.ndarray:
    arr: np.ndarray = np.empty(shape, dtype=dtype)
    view = memoryview(arr.data).cast("B")
    got = 0
    while got < len(view):
        n = src.readinto(view[got:])  # type: ignore[attr-defined]  # a buffered stdin
        if not n:
            raise EOFError("the input ended inside an array")
        got += n
    return arr


def _say(out: IO[str], line: str) -> None:
    out.write(line + "\n")
    out.flush()


def main(src: BinaryIO | None = None, out: IO[str] | None = None) -> int:
    """The child: read the runs, make the text, write it on ``commit`` (see above)."""
    src = sys.stdin.buffer if src is None else src
    out = sys.stdout if out is None else out
    try:
        spec = json.loads(src.readline())
    except ValueError:
        return 2  # no input: the window went away
    runs = spec["runs"]
    total = max(sum(r["rows"] for r in runs), 1)
    parts = [(spec["header"] + "\n").encode("utf-8")]
    done, next_report = 0, 0.0
    try:  # every run's arrays first: the window never waits on a full pipe
        arrays = []
        for r in runs:
            n, p = r["rows"], r["params"]
            arrays.append(
                (
                    _read_array(src, (n,), np.int64),
                    _read_array(src, (n,), np.int64),
                    _read_array(src, (n, p), np.float64),
                    _read_array(src, (n,), np.float64),
                    _read_array(src, (n, p), np.float64),
                    _read_array(src, (n,), np.float64) if r["lr"] else None,
                )
            )
    except EOFError:
        return 2
    for r, (step, epoch, params, loss, grad, lr) in zip(runs, arrays):
        n = r["rows"]
        for a in range(0, n, _CHUNK):
            b = min(n, a + _CHUNK)
            text = csv_rows(
                step[a:b],
                epoch[a:b],
                params[a:b],
                loss[a:b],
                grad[a:b],
                None if lr is None else lr[a:b],
                r["cell"],
                spec["lr_cells"],
            )
            parts.append(text.encode("utf-8"))
            done += b - a
            if time.monotonic() >= next_report:
                next_report = time.monotonic() + _REPORT_SECONDS
                _say(out, f"progress {done / total:.4f}")
    del arrays
    data = b"".join(parts)
    del parts
    _say(out, "ready")
    if src.readline().strip() != b"commit":
        return 0  # cancelled: nothing is written
    try:
        atomic_write_bytes(spec["path"], data)
    except OSError as e:
        _say(out, "error " + " ".join(str(e).split()))
        return 1
    _say(out, "ok")
    return 0


if __name__ == "__main__":
    if hasattr(os, "nice"):  # background work: on a busy machine the window goes first
        with contextlib.suppress(OSError):
            os.nice(10)
    sys.exit(main())
