"""The File menu's work off the GUI thread: reading an experiment file and the
:func:`~gdgui.ui.jobs.run_job` generators that write history and text files.

Split out of :mod:`gdgui.ui.files`, which imports these names back. Nothing here
touches a widget, so all of it is safe in a worker thread.
"""

from __future__ import annotations

import json
import json.decoder
import json.scanner
import os
from pathlib import Path

from ..core.experiment import Experiment, ExperimentError
from ..core.fileio import atomic_write_bytes, atomic_write_text, read_text
from ..core.history import History
from ..core.messages import Message
from ..core.schema import json_reason

__all__ = ["EXPERIMENT_READ_LIMIT", "history_csv_job", "read_experiment"]


#: experiment files larger than this are refused (bytes): a big file is parsed off the
#: GUI thread at ~0.15 s per MB (see below), so 64 MiB already takes ~10 s
EXPERIMENT_READ_LIMIT = 64 * 1024 * 1024
#: experiment files larger than this are parsed by json's pure-Python scanner (bytes):
#: ~5x slower, but it lets the GIL go every 1 ms, where the C one holds it (and so the
#: window) for the whole parse, ~20 ms per MB
_SLOW_PARSE_BYTES = 2 * 1024 * 1024
#: rows of history CSV formatted between two progress reports
_CSV_CHUNK = 20_000


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


def history_csv_job(rows: dict, param_names: tuple[str, ...], problem, path: Path):
    """A :func:`~gdgui.ui.jobs.run_job` generator: write ``rows`` (a copy, as
    :meth:`History.rows` makes it) as the history CSV at ``path``, parameters on the
    problem's shown scale; yields its progress, writes after the last yield (so a
    cancel writes nothing) and returns the rows written."""
    n = len(rows["loss"])
    history = History(param_names, capacity=max(n, 1), with_lr="lr" in rows)
    history.extend_rows(rows)
    yield 0.05
    if problem is not None:
        history = problem.shown_history(history)
    yield 0.1
    parts = []
    for a in range(0, max(n, 1), _CSV_CHUNK):
        b = min(n, a + _CSV_CHUNK)
        part = History(history.param_names, capacity=max(b - a, 1), with_lr=history.with_lr)
        part.extend_rows(history.rows(a, b))
        text = part.to_csv()
        assert text is not None
        # encoded chunk by chunk: one encode of the whole text would hold the GIL
        # (and so the window) for ~50 ms per 100 MB
        parts.append((text if a == 0 else text.split("\n", 1)[1]).encode("utf-8"))
        yield 0.1 + 0.85 * b / max(n, 1)
    atomic_write_bytes(path, b"".join(parts))
    return n


def _text_job(make_text, path: Path):
    """A :func:`~gdgui.ui.jobs.run_job` generator: ``make_text()``, then write it."""
    text = make_text()
    yield 0.9
    atomic_write_text(path, text)
