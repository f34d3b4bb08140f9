"""Data sets of (x, y) points: the immutable :class:`Dataset`, editing, and presets.

A :class:`Dataset` is an immutable pair of float64 arrays. Editing returns new
datasets (:meth:`Dataset.with_point`, :meth:`Dataset.without_point`,
:meth:`Dataset.moved_point`), which makes undo a matter of keeping the old one.

Presets build datasets from a few parameters (:data:`PRESETS`).

Only numpy and the standard library are used here (no Qt).
"""

from __future__ import annotations

import math
import operator
import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..messages import Message

__all__ = ["MAX_PRESET_POINTS", "PRESETS", "DataError", "Dataset", "doubling", "noisy_line"]

#: most points a preset makes (10^7 points take 160 MB as x and y)
MAX_PRESET_POINTS = 10**7


# ---------------------------------------------------------------------------------
# Errors
# ---------------------------------------------------------------------------------
class DataError(Exception):
    """Base class of every error raised by this module (bad arguments, bad data)."""


# ---------------------------------------------------------------------------------
# Dataset
# ---------------------------------------------------------------------------------
def _unwritable(a: np.ndarray) -> bool:
    """Whether nothing can write to ``a``'s memory through numpy (nor its bases)."""
    base: Any = a
    while isinstance(base, np.ndarray):
        if base.flags.writeable:
            return False
        base = base.base
    return True


def _as_points(values: Any, name: str) -> np.ndarray:
    if (
        isinstance(values, np.ndarray)
        and values.dtype == np.float64
        and values.ndim == 1
        and _unwritable(values)
    ):
        arr = values  # already read-only: shared, not copied
    else:
        try:
            arr = np.array(values, dtype=np.float64)  # a copy the caller cannot change
        except (TypeError, ValueError) as exc:
            raise DataError(
                Message("{name} must be a sequence of numbers: {error}", name=name, error=str(exc))
            ) from None
    if arr.ndim != 1:
        raise DataError(
            Message("{name} must be one-dimensional, got shape {shape}", name=name, shape=arr.shape)
        )
    if not np.isfinite(arr).all():
        bad = int(np.flatnonzero(~np.isfinite(arr))[0])
        raise DataError(
            Message(
                "{name}[{index}] is {value}; data values must be finite",
                name=name,
                index=bad,
                value=float(arr[bad]),
            )
        )
    if arr is not values:
        arr.setflags(write=False)
    return arr


@dataclass(frozen=True, eq=False)
class Dataset:
    """An immutable set of points ``(x[i], y[i])``.

    ``x`` and ``y`` are converted to read-only one-dimensional float64 arrays of
    the same length with finite values; a :class:`DataError` says what is wrong
    otherwise. Arrays that already are read-only float64 are kept, not copied, so
    datasets can share them. ``columns`` names the columns the points came from
    (axis labels); it is not part of equality. Two datasets are equal when their
    arrays are equal element by element.
    """

    x: np.ndarray
    y: np.ndarray
    columns: tuple[str, str] = ("x", "y")

    def __post_init__(self) -> None:
        x = _as_points(self.x, "x")
        y = _as_points(self.y, "y")
        if x.shape != y.shape:
            raise DataError(
                Message("x and y must have the same length, got {x} and {y}", x=x.size, y=y.size)
            )
        object.__setattr__(self, "x", x)
        object.__setattr__(self, "y", y)

    @classmethod
    def _trusted(cls, x: np.ndarray, y: np.ndarray, columns: tuple[str, str]) -> Dataset:
        """A dataset of new float64 arrays known to be finite and of equal length."""
        x.setflags(write=False)
        y.setflags(write=False)
        ds = object.__new__(cls)
        object.__setattr__(ds, "x", x)
        object.__setattr__(ds, "y", y)
        object.__setattr__(ds, "columns", columns)
        return ds

    def named(self, x_name: str, y_name: str) -> Dataset:
        """The same points (shared arrays) with the column names ``x_name``, ``y_name``."""
        return Dataset._trusted(self.x, self.y, (str(x_name), str(y_name)))

    @property
    def n(self) -> int:
        """Number of points."""
        return int(self.x.size)

    def __len__(self) -> int:
        return self.n

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Dataset):
            return NotImplemented
        return bool(np.array_equal(self.x, other.x) and np.array_equal(self.y, other.y))

    def __hash__(self) -> int:
        # + 0.0 turns -0.0 into 0.0 so that equal datasets hash alike.
        return hash(((self.x + 0.0).tobytes(), (self.y + 0.0).tobytes()))

    def _index(self, i: int) -> int:
        try:
            i = operator.index(i)
        except TypeError:
            raise DataError(
                Message("point index must be an integer, got {value!r}", value=i)
            ) from None
        if not -self.n <= i < self.n:
            raise DataError(
                Message(
                    "point index {index} is out of range for {count} points", index=i, count=self.n
                )
            )
        return i % self.n

    def with_point(self, x: float, y: float) -> Dataset:
        """A new dataset with the point ``(x, y)`` appended."""
        xv, yv = _finite_arg(x, "x"), _finite_arg(y, "y")
        return Dataset._trusted(np.append(self.x, xv), np.append(self.y, yv), self.columns)

    def without_point(self, i: int) -> Dataset:
        """A new dataset without point ``i`` (negative indices count from the end)."""
        i = self._index(i)
        return Dataset._trusted(np.delete(self.x, i), np.delete(self.y, i), self.columns)

    def moved_point(self, i: int, x: float, y: float) -> Dataset:
        """A new dataset with point ``i`` moved to ``(x, y)``."""
        i = self._index(i)
        xs, ys = self.x.copy(), self.y.copy()
        xs[i], ys[i] = _finite_arg(x, "x"), _finite_arg(y, "y")
        return Dataset._trusted(xs, ys, self.columns)

    def to_csv_text(
        self,
        *,
        delimiter: str = ",",
        header: bool = True,
        quote: bool = False,
    ) -> str:
        """The points as CSV text, one ``x,y`` line each, ending with a newline.

        Values are written with ``repr(float)`` so that reading them back gives
        exactly the same numbers. ``header`` writes an ``x,y`` header line first;
        ``quote`` puts every field in double quotes. The decimal separator is
        always ``.``, whatever the delimiter.
        """
        if delimiter not in (",", ";", "\t"):
            raise DataError(
                Message("delimiter must be ',', ';' or a tab, got {value!r}", value=delimiter)
            )
        q = '"' if quote else ""
        sep = q + delimiter + q
        lines = [f"{q}x{sep}y{q}"] if header else []
        lines.extend(
            f"{q}{a!r}{sep}{b!r}{q}" for a, b in zip(self.x.tolist(), self.y.tolist(), strict=True)
        )
        return "\n".join(lines) + "\n" if lines else ""

    def to_csv(
        self,
        path: str | os.PathLike[str],
        *,
        delimiter: str = ",",
        header: bool = True,
        quote: bool = False,
    ) -> None:
        """Write :meth:`to_csv_text` (same options) to ``path`` in UTF-8.

        Raises :class:`DataError` naming the file if it cannot be written.
        """
        text = self.to_csv_text(delimiter=delimiter, header=header, quote=quote)
        try:
            with open(path, "w", encoding="utf-8", newline="\n") as fh:
                fh.write(text)
        except OSError as exc:
            raise DataError(
                Message(
                    "cannot write {path}: {reason}",
                    path=os.fspath(path),
                    reason=exc.strerror or str(exc),
                )
            ) from None


# ---------------------------------------------------------------------------------
# Presets
# ---------------------------------------------------------------------------------
def doubling() -> Dataset:
    """The tutorial's data: x = 1, 2, 3, 4 and y = 2x (the best fit is w = 2, b = 0)."""
    return Dataset(np.array([1.0, 2.0, 3.0, 4.0]), np.array([2.0, 4.0, 6.0, 8.0]))


def _finite_arg(value: Any, name: str) -> float:
    if isinstance(value, bool):
        raise DataError(Message("{name} must be a number, got {value!r}", name=name, value=value))
    try:
        v = float(value)
    except (TypeError, ValueError):
        raise DataError(
            Message("{name} must be a number, got {value!r}", name=name, value=value)
        ) from None
    if not math.isfinite(v):
        raise DataError(Message("{name} must be finite, got {value}", name=name, value=v))
    return v


def noisy_line(
    n: int = 50,
    slope: float = 2.0,
    intercept: float = 1.0,
    noise: float = 1.0,
    x_min: float = 0.0,
    x_max: float = 10.0,
    seed: int | None = 0,
) -> Dataset:
    """``n`` points near the line ``y = slope * x + intercept``.

    x is drawn uniformly from ``[x_min, x_max]`` and sorted; y adds
    ``noise * N(0, 1)`` to the line. The draws come from
    ``np.random.default_rng(seed)``, so a given seed always gives the same data
    (``seed=None`` gives fresh data each call). ``n`` is at most
    :data:`MAX_PRESET_POINTS`. Bad arguments raise :class:`DataError`.
    """
    if isinstance(n, bool):
        raise DataError(Message("n must be an integer >= 1, got {value!r}", value=n))
    try:
        n = operator.index(n)
    except TypeError:
        raise DataError(Message("n must be an integer >= 1, got {value!r}", value=n)) from None
    if n < 1:
        raise DataError(Message("n must be an integer >= 1, got {value!r}", value=n))
    if n > MAX_PRESET_POINTS:
        raise DataError(
            Message(
                "n must be at most {limit:,} points, got {value:,}",
                limit=MAX_PRESET_POINTS,
                value=n,
            )
        )
    slope = _finite_arg(slope, "slope")
    intercept = _finite_arg(intercept, "intercept")
    noise = _finite_arg(noise, "noise")
    x_min = _finite_arg(x_min, "x_min")
    x_max = _finite_arg(x_max, "x_max")
    if noise < 0:
        raise DataError(Message("noise must be >= 0, got {value}", value=noise))
    if not x_min < x_max:
        raise DataError(
            Message(
                "x_min must be less than x_max, got x_min={low}, x_max={high}",
                low=x_min,
                high=x_max,
            )
        )
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, (int, np.integer))):
        raise DataError(
            Message("seed must be a non-negative integer or None, got {value!r}", value=seed)
        )
    try:
        rng = np.random.default_rng(seed)
    except ValueError as exc:
        raise DataError(
            Message("seed must be a non-negative integer or None: {error}", error=str(exc))
        ) from None
    x = np.sort(rng.uniform(x_min, x_max, n))
    y = slope * x + intercept + noise * rng.standard_normal(n)
    if not (np.isfinite(x).all() and np.isfinite(y).all()):
        raise DataError(Message("noisy_line: the arguments are so large that the values overflow"))
    return Dataset(x, y)


#: Preset name -> (function, default keyword arguments).
PRESETS: dict[str, tuple[Callable[..., Dataset], dict[str, Any]]] = {
    "doubling": (doubling, {}),
    "noisy-line": (
        noisy_line,
        {
            "n": 50,
            "slope": 2.0,
            "intercept": 1.0,
            "noise": 1.0,
            "x_min": 0.0,
            "x_max": 10.0,
            "seed": 0,
        },
    ),
}
