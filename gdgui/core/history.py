"""The record of a run: one row per kept step (step, epoch, parameters, loss, gradient).

A :class:`History` grows without limit by default. With ``max_rows`` it is
bounded: the first ``head`` rows and the latest ``tail`` rows (a quarter of
``max_rows`` each) are always kept exactly; between them only every
``stride``-th appended row is kept, and ``stride`` doubles whenever that middle
part fills. So the far history is a uniform sample (a row every ``stride``
appended rows), the start and the latest rows are exact, and memory stays below
``max_rows`` rows however long the run.

Row i is the state after ``step[i]`` steps. Only an unthinned history has
``step[i] == i``; consumers read :attr:`History.step` rather than assume it
(:attr:`History.exact` says whether any row was dropped, :attr:`History.thinned`
counts the thinnings, so a reader holding row indices knows when they went stale).

A history made ``with_lr`` also records ``lr[i]``, the learning rate of the step that
produced row i (NaN for the start row, which no step produced), and writes it to CSV as
a last column ``lr``; without it the CSV format is ``step,epoch,<params>,loss,<grads>``.

:meth:`History.upto` gives a read-only prefix view (the rows up to a step) sharing the
arrays, no copy: what the window draws while the user scrubs back in time.

Appending never changes a kept row: new rows are written after the last one, and growing
copies the rows into new arrays, leaving the old ones as they were (a view made before
keeps them). Only a thinning rewrites kept rows in place, and :attr:`History.rewrites`
counts that (odd while one is under way), so another thread may copy a view's rows and
then check :meth:`History.intact` to know that they are the rows the view was made of.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import IO, Any

import numpy as np

from .fileio import atomic_write_text

__all__ = ["MIN_MAX_ROWS", "History"]

#: the smallest allowed ``max_rows`` (room for the head, the tail and a thinned middle)
MIN_MAX_ROWS = 64

_FIELDS = ("_seq", "_step", "_epoch", "_params", "_loss", "_grad")
_LR_FIELDS = (*_FIELDS, "_lr")


class History:
    """Growing, preallocated record of a run: step, epoch, parameters, loss, gradient.

    ``epoch[k]`` is the (0-based) epoch in which step ``step[k]`` was taken; the
    initial state has epoch 0. ``loss`` and ``grad`` are the full-data loss and
    gradient at ``params[k]``. The arrays returned by the properties are views
    of the first ``len(self)`` rows; they stay valid until the next append.

    ``max_rows`` (None: unbounded) bounds the memory: see the module docstring.
    ``with_lr`` adds the :attr:`lr` column.
    """

    def __init__(
        self,
        param_names: Sequence[str],
        capacity: int = 1024,
        max_rows: int | None = None,
        *,
        with_lr: bool = False,
    ):
        self.param_names = tuple(param_names)
        if max_rows is not None:
            max_rows = int(max_rows)
            if max_rows < MIN_MAX_ROWS:
                raise ValueError(f"max_rows must be at least {MIN_MAX_ROWS}, got {max_rows}")
        self.max_rows = max_rows
        #: rows kept exactly at the start and at the end when thinning
        self.head = self.tail = 0 if max_rows is None else max_rows // 4
        p = len(self.param_names)
        cap = max(int(capacity), 16)
        if max_rows is not None:
            cap = min(cap, max_rows)
        self._seq = np.zeros(cap, dtype=np.int64)  # the row's number among all appended
        self._step = np.zeros(cap, dtype=np.int64)
        self._epoch = np.zeros(cap, dtype=np.int64)
        self._params = np.zeros((cap, p))
        self._loss = np.zeros(cap)
        self._grad = np.zeros((cap, p))
        self.with_lr = bool(with_lr)
        self._fields = _LR_FIELDS if self.with_lr else _FIELDS
        self._lr = np.zeros(cap) if self.with_lr else None
        self._n = 0
        self._appended = 0
        #: how many times the middle was thinned (0: every row is kept)
        self.thinned = 0
        #: the middle part keeps the rows whose number among all appended is a multiple
        self.stride = 1
        #: the history this one is a read-only prefix view of (None: it owns its rows)
        self.base: History | None = None
        self._rewrites = 0

    def __len__(self) -> int:
        return self._n

    @property
    def rewrites(self) -> int:
        """How often kept rows were rewritten in place: a thinning adds 1 as it starts and
        1 as it ends, so the count is odd while one is under way. A view keeps the count
        of the moment it was made."""
        return self._rewrites

    def intact(self) -> bool:
        """Whether this view's rows are still the rows it was made of: its base rewrote no
        row since (always True for a history that owns its rows). Safe to call from another
        thread than the one appending."""
        if self.base is None:
            return True
        return self._rewrites % 2 == 0 and self.base._rewrites == self._rewrites

    @property
    def exact(self) -> bool:
        """True when no row was ever dropped (then ``step[i]`` is the i-th recorded step)."""
        return self.thinned == 0

    def _reserve(self, extra: int) -> None:
        need = self._n + extra
        cap = self._loss.shape[0]
        if need <= cap:
            return
        new = max(need, cap * 2)
        if self.max_rows is not None:
            new = min(new, self.max_rows)
        for name in self._fields:
            old = getattr(self, name)
            arr = np.zeros((new,) + old.shape[1:], dtype=old.dtype)
            arr[: self._n] = old[: self._n]
            setattr(self, name, arr)

    def _thin(self) -> None:
        """Keep, between the head and the tail, only the rows on the stride, doubling the
        stride until the middle is at most half full (in place)."""
        n, head, tail = self._n, self.head, self.tail
        room = (self.max_rows - head - tail) // 2  # type: ignore[operator]
        self._rewrites += 1  # odd: rows are being rewritten (see intact())
        seq = self._seq[head : n - tail]
        while True:
            mid = np.flatnonzero(seq % self.stride == 0)
            if len(mid) <= room:
                break
            self.stride *= 2
        keep = np.concatenate([mid + head, np.arange(n - tail, n)])
        m = head + len(keep)
        for name in self._fields:
            arr = getattr(self, name)
            arr[head:m] = arr[keep]
        self._n = m
        self.thinned += 1
        self._rewrites += 1

    def upto(self, step: int) -> History:
        """A read-only view of the rows whose step is at most ``step``: numpy views of
        this history's arrays (no copy), O(log n). Its rows stay as they were until this
        history is next thinned (:meth:`intact` says whether it was); growing leaves them.
        Appending to the view raises ValueError."""
        n = int(np.searchsorted(self._step[: self._n], int(step), side="right"))
        view = object.__new__(History)
        view.__dict__.update(self.__dict__)
        for name in self._fields:
            arr = getattr(self, name)[:n]
            arr.flags.writeable = False
            setattr(view, name, arr)
        view._n = n
        view._appended = int(self._seq[n - 1]) + 1 if n else 0
        view.base = self
        return view

    def extend(self, step, epoch, params, loss, grad, lr=None) -> None:
        """Append rows (arrays or lists of equal length). ``lr`` (one value or one per row)
        is stored when the history is ``with_lr`` (NaN when not given) and ignored
        otherwise."""
        k = len(loss)
        if k == 0:
            return
        if self.base is not None:
            raise ValueError("a history view is read-only")
        if self.max_rows is not None and self._n + k > self.max_rows:
            self._extend_bounded(step, epoch, params, loss, grad, lr, k)
            return
        self._reserve(k)
        s = slice(self._n, self._n + k)
        self._seq[s] = np.arange(self._appended, self._appended + k)
        self._appended += k
        self._step[s] = step
        self._epoch[s] = epoch
        self._params[s] = params
        self._loss[s] = loss
        self._grad[s] = grad
        if self._lr is not None:
            self._lr[s] = np.nan if lr is None else lr
        self._n += k

    def _extend_bounded(self, step, epoch, params, loss, grad, lr, k: int) -> None:
        step, epoch = np.asarray(step), np.asarray(epoch)
        params, loss, grad = np.asarray(params), np.asarray(loss), np.asarray(grad)
        if step.ndim == 0:
            step = np.full(k, step)
        if epoch.ndim == 0:
            epoch = np.full(k, epoch)
        lr = np.broadcast_to(np.asarray(np.nan if lr is None else lr, dtype=float), (k,))
        piece = max(1, self.tail // 2)  # a thinning always frees at least this much
        for a in range(0, k, piece):
            b = min(k, a + piece)
            while self._n + (b - a) > self.max_rows:  # type: ignore[operator]
                self._thin()
            self._reserve(b - a)
            s = slice(self._n, self._n + b - a)
            self._seq[s] = np.arange(self._appended, self._appended + b - a)
            self._appended += b - a
            self._step[s] = step[a:b]
            self._epoch[s] = epoch[a:b]
            self._params[s] = params[a:b]
            self._loss[s] = loss[a:b]
            self._grad[s] = grad[a:b]
            if self._lr is not None:
                self._lr[s] = lr[a:b]
            self._n += b - a

    @property
    def step(self) -> np.ndarray:
        return self._step[: self._n]

    @property
    def epoch(self) -> np.ndarray:
        return self._epoch[: self._n]

    @property
    def params(self) -> np.ndarray:
        return self._params[: self._n]

    @property
    def loss(self) -> np.ndarray:
        return self._loss[: self._n]

    @property
    def grad(self) -> np.ndarray:
        return self._grad[: self._n]

    @property
    def lr(self) -> np.ndarray | None:
        """The learning rate of the step that produced each row (NaN for the start row);
        None unless the history is ``with_lr``."""
        return None if self._lr is None else self._lr[: self._n]

    def copy(self, capacity: int = 0) -> History:
        """A history of its own with this one's rows (a view's too), with room for
        ``capacity`` rows: one copy, which another thread may make while this history
        does not change (:meth:`take_rows` then hands it to a view)."""
        out = History(
            self.param_names,
            capacity=max(int(capacity), self._n),
            max_rows=self.max_rows,
            with_lr=self.with_lr,
        )
        for name in self._fields:
            getattr(out, name)[: self._n] = getattr(self, name)[: self._n]
        out._n, out._appended = self._n, self._appended
        out.thinned, out.stride = self.thinned, self.stride
        return out

    def take_rows(self, copy: History) -> None:
        """Own ``copy`` (a :meth:`copy` of this history's rows), in place: a view becomes
        a history that can grow, the same object with the same rows (whoever holds it,
        e.g. a plot, sees no change). ValueError for a copy of other rows."""
        if copy._n != self._n or copy.base is not None:
            raise ValueError("take_rows: not a copy of this history's rows")
        self.__dict__.update(copy.__dict__)

    def rows(self, start: int, stop: int | None = None) -> dict[str, np.ndarray]:
        """Copies of rows ``start:stop``, e.g. to send a batch to another thread."""
        stop = self._n if stop is None else min(stop, self._n)
        out = {
            "step": self._step[start:stop].copy(),
            "epoch": self._epoch[start:stop].copy(),
            "params": self._params[start:stop].copy(),
            "loss": self._loss[start:stop].copy(),
            "grad": self._grad[start:stop].copy(),
        }
        if self._lr is not None:
            out["lr"] = self._lr[start:stop].copy()
        return out

    def rows_since(self, step: int) -> dict[str, np.ndarray]:
        """Copies of the rows of the steps after ``step``, as :meth:`rows` gives them.

        Unlike row numbers, steps survive a thinning, so a reader that mirrors this
        history (the window's own unbounded copy) asks for the rows after the last step
        it has: the rows it gets are new, in order, never ones it already holds."""
        start = int(np.searchsorted(self._step[: self._n], step, side="right"))
        return self.rows(start)

    def extend_rows(self, rows: Mapping[str, np.ndarray]) -> None:
        """Append a batch made by :meth:`rows`."""
        self.extend(
            rows["step"], rows["epoch"], rows["params"], rows["loss"], rows["grad"], rows.get("lr")
        )

    def to_csv(self, path_or_file: str | Any | IO[str] | None = None) -> str | None:
        """Write ``step,epoch,<params>,loss,<gradient>`` rows (and ``lr`` last when the
        history is ``with_lr``) with full precision; ``step`` is each row's own step, so a
        thinned history writes the steps it kept.

        Returns the text when ``path_or_file`` is None. A path is written with
        :func:`~gdgui.core.fileio.atomic_write_text` (raises its FileIOError).
        """
        names = self.param_names
        header = ["step", "epoch", *names, "loss", *(f"grad_{n}" for n in names)]
        lr = self.lr
        if lr is not None:
            header.append("lr")
        lines = [",".join(header)]
        step, epoch, params, loss, grad = self.step, self.epoch, self.params, self.loss, self.grad
        for i in range(self._n):
            vals = [str(int(step[i])), str(int(epoch[i]))]
            vals += [repr(float(v)) for v in params[i]]
            vals.append(repr(float(loss[i])))
            vals += [repr(float(v)) for v in grad[i]]
            if lr is not None:
                vals.append(repr(float(lr[i])))
            lines.append(",".join(vals))
        text = "\n".join(lines) + "\n"
        if path_or_file is None:
            return text
        if hasattr(path_or_file, "write"):
            path_or_file.write(text)
        else:
            atomic_write_text(path_or_file, text)
        return None
