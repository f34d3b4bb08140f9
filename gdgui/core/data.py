"""Data sets of (x, y) points: presets, editing, CSV reading and writing.

A :class:`Dataset` is an immutable pair of float64 arrays. Editing returns new
datasets (:meth:`Dataset.with_point`, :meth:`Dataset.without_point`,
:meth:`Dataset.moved_point`), which makes undo a matter of keeping the old one.

Presets build datasets from a few parameters (:data:`PRESETS`).

:func:`read_csv` loads two numeric columns from a CSV file or text. It detects
the delimiter (comma, semicolon or tab), an optional header row, quoting, a
UTF-8 byte order mark and decimal commas in semicolon files, and reports bad
rows by their line number in the file. Large plain files take a vectorised
fast path, chunk by chunk, with progress and cancel callbacks between chunks;
any chunk the fast path cannot vouch for, and every bad row, is read row by
row with the :mod:`csv` module, which also gives the exact lines of bad rows.

Only numpy and the standard library are used here (no Qt).
"""

from __future__ import annotations

import csv
import math
import operator
import os
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

__all__ = [
    "PRESETS",
    "CsvCancelled",
    "CsvError",
    "CsvResult",
    "CsvSniff",
    "DataError",
    "Dataset",
    "doubling",
    "noisy_line",
    "read_csv",
    "sniff_csv",
]

#: What :func:`read_csv` and :func:`sniff_csv` accept: a path (``str`` without a
#: line break, or ``os.PathLike``), CSV text (``str`` containing a line break, or
#: the empty string) or the raw bytes of a file.
CsvSource = str | os.PathLike[str] | bytes
#: A column chosen by 0-based index or by header name.
ColumnSpec = int | str | None


# ---------------------------------------------------------------------------------
# Errors
# ---------------------------------------------------------------------------------
class DataError(Exception):
    """Base class of every error raised by this module (bad arguments, bad data)."""


class CsvError(DataError):
    """A CSV source could not be read or contains bad rows.

    ``rows`` lists the bad rows as ``(line_number, reason)`` pairs (1-based line
    numbers in the file); it is empty for errors that are not about single rows
    (unreadable file, no data, unknown column...). ``path`` is the file name, or
    None when the source was text or bytes.
    """

    def __init__(
        self,
        message: str,
        rows: Sequence[tuple[int, str]] = (),
        path: str | None = None,
    ) -> None:
        super().__init__(message)
        self.rows: list[tuple[int, str]] = list(rows)
        self.path = path


class CsvCancelled(DataError):
    """Loading was cancelled through the ``cancel`` callback."""

    def __init__(self, message: str, path: str | None = None) -> None:
        super().__init__(message)
        self.path = path


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
    if (isinstance(values, np.ndarray) and values.dtype == np.float64 and values.ndim == 1
            and _unwritable(values)):
        arr = values  # already read-only: shared, not copied
    else:
        try:
            arr = np.array(values, dtype=np.float64)  # a copy the caller cannot change
        except (TypeError, ValueError) as exc:
            raise DataError(f"{name} must be a sequence of numbers: {exc}") from None
    if arr.ndim != 1:
        raise DataError(f"{name} must be one-dimensional, got shape {arr.shape}")
    if not np.isfinite(arr).all():
        bad = int(np.flatnonzero(~np.isfinite(arr))[0])
        raise DataError(f"{name}[{bad}] is {arr[bad]}; data values must be finite")
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
            raise DataError(f"x and y must have the same length, got {x.size} and {y.size}")
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
            raise DataError(f"point index must be an integer, got {i!r}") from None
        if not -self.n <= i < self.n:
            raise DataError(f"point index {i} is out of range for {self.n} points")
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
            raise DataError(f"delimiter must be ',', ';' or a tab, got {delimiter!r}")
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
            raise DataError(f"cannot write {os.fspath(path)}: {exc.strerror or exc}") from None


# ---------------------------------------------------------------------------------
# Presets
# ---------------------------------------------------------------------------------
def doubling() -> Dataset:
    """The tutorial's data: x = 1, 2, 3, 4 and y = 2x (the best fit is w = 2, b = 0)."""
    return Dataset(np.array([1.0, 2.0, 3.0, 4.0]), np.array([2.0, 4.0, 6.0, 8.0]))


def _finite_arg(value: Any, name: str) -> float:
    if isinstance(value, bool):
        raise DataError(f"{name} must be a number, got {value!r}")
    try:
        v = float(value)
    except (TypeError, ValueError):
        raise DataError(f"{name} must be a number, got {value!r}") from None
    if not math.isfinite(v):
        raise DataError(f"{name} must be finite, got {v}")
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
    (``seed=None`` gives fresh data each call). Bad arguments raise
    :class:`DataError`.
    """
    if isinstance(n, bool):
        raise DataError(f"n must be an integer >= 1, got {n!r}")
    try:
        n = operator.index(n)
    except TypeError:
        raise DataError(f"n must be an integer >= 1, got {n!r}") from None
    if n < 1:
        raise DataError(f"n must be an integer >= 1, got {n}")
    slope = _finite_arg(slope, "slope")
    intercept = _finite_arg(intercept, "intercept")
    noise = _finite_arg(noise, "noise")
    x_min = _finite_arg(x_min, "x_min")
    x_max = _finite_arg(x_max, "x_max")
    if noise < 0:
        raise DataError(f"noise must be >= 0, got {noise}")
    if not x_min < x_max:
        raise DataError(f"x_min must be less than x_max, got x_min={x_min}, x_max={x_max}")
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, (int, np.integer))):
        raise DataError(f"seed must be a non-negative integer or None, got {seed!r}")
    try:
        rng = np.random.default_rng(seed)
    except ValueError as exc:
        raise DataError(f"seed must be a non-negative integer or None: {exc}") from None
    x = np.sort(rng.uniform(x_min, x_max, n))
    y = slope * x + intercept + noise * rng.standard_normal(n)
    if not (np.isfinite(x).all() and np.isfinite(y).all()):
        raise DataError("noisy_line: the arguments are so large that the values overflow")
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


# ---------------------------------------------------------------------------------
# CSV
# ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class CsvResult:
    """What :func:`read_csv` found.

    ``columns`` are the header names (``"column 1"``, ... when there is no
    header or a name is blank); ``x_column`` and ``y_column`` are the names of
    the columns used; ``skipped`` lists the ``(line_number, reason)`` of rows
    left out with ``skip_bad_rows=True``; ``decimal`` is ``","`` when the first
    rows use decimal commas.
    """

    dataset: Dataset
    columns: list[str]
    x_column: str
    y_column: str
    skipped: list[tuple[int, str]] = field(default_factory=list)
    header: bool = False
    delimiter: str = ","
    decimal: str = "."


@dataclass(frozen=True)
class CsvSniff:
    """The layout of a CSV source as guessed from its first lines by :func:`sniff_csv`.

    ``preview`` holds up to ``max_rows`` data rows as stripped strings, for
    showing in an import dialog; ``x_column``/``y_column`` are the names of the
    columns :func:`read_csv` uses by default.
    """

    delimiter: str
    header: bool
    columns: list[str]
    x_column: str
    y_column: str
    decimal: str
    preview: list[list[str]]


_BOM = "\ufeff"
_SAMPLE_LINES = 50  # non-blank lines used to guess the layout
_CHUNK_CHARS = 1 << 20  # about 25,000 short rows per chunk
_MAX_LISTED = 10  # bad rows listed in an error message
_TEXT_NAME = "CSV text"


@dataclass
class _Source:
    text: str
    path: str | None

    @property
    def name(self) -> str:
        return self.path if self.path is not None else _TEXT_NAME


def _decode(raw: bytes, name: str, path: str | None) -> str:
    body = raw[3:] if raw.startswith(b"\xef\xbb\xbf") else raw
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = body[: exc.start].decode("utf-8", errors="replace")
        line = _normalise_newlines(before).count("\n") + 1
        raise CsvError(
            f"{name}, line {line}: not a UTF-8 text file "
            f"(byte 0x{body[exc.start]:02x} cannot be decoded); save it as UTF-8 CSV",
            path=path,
        ) from None
    return text


def _normalise_newlines(text: str) -> str:
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def _load(source: CsvSource) -> _Source:
    """Read and decode ``source`` into text with ``\\n`` line breaks."""
    path: str | None
    if isinstance(source, (bytes, bytearray, memoryview)):
        path = None
        text = _decode(bytes(source), _TEXT_NAME, None)
    elif isinstance(source, str) and (source == "" or "\n" in source or "\r" in source):
        path = None
        text = source[1:] if source.startswith(_BOM) else source
    elif isinstance(source, (str, os.PathLike)):
        path = os.fspath(source)
        if not isinstance(path, str):
            path = os.fsdecode(path)
        try:
            with open(path, "rb") as fh:
                raw = fh.read()
        except OSError as exc:
            reason = exc.strerror or str(exc)
            raise CsvError(f"cannot read {path}: {reason}", path=path) from None
        text = _decode(raw, path, path)
    else:
        raise TypeError(f"expected a path, CSV text or bytes, got {type(source).__name__}")
    text = _normalise_newlines(text)
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        name = path if path is not None else _TEXT_NAME
        raise CsvError(
            f"{name}, line {line}: contains NUL bytes; this is not a CSV text file", path=path
        )
    return _Source(text, path)


_NUMBER_START = frozenset("0123456789+-.,iInN")  # also inf and nan, rejected later


def _parse_number(field_text: str) -> float | None:
    """The value of a stripped field, or None when it is not a number.

    Accepts what ``float()`` accepts in ASCII without underscores (so ``1e-3``,
    ``-2``, ``+3.5``, ``.5``; also ``inf`` and ``nan``, which callers reject as
    not finite) and a single decimal comma (``1,5``).
    """
    if field_text[:1] not in _NUMBER_START or not field_text.isascii() or "_" in field_text:
        return None
    if "," in field_text and "." not in field_text and field_text.count(",") == 1:
        field_text = field_text.replace(",", ".")
    try:
        return float(field_text)
    except ValueError:
        return None


def _quote_free(line: str) -> str:
    return re.sub(r'"[^"]*"', "", line)


def _choose_delimiter(lines: Sequence[str]) -> str | None:
    """Tab, semicolon or comma: the one found on most lines, in that order of priority.

    The priority matters for semicolon files with decimal commas (``1,5;3,0``),
    where both are on every line.
    """
    stripped = [_quote_free(line) for line in lines]
    best, best_count = None, 0
    for cand in ("\t", ";", ","):
        count = sum(cand in line for line in stripped)
        if count > best_count:
            best, best_count = cand, count
    return best


@dataclass
class _Layout:
    delimiter: str
    header: bool
    columns: list[str]
    ncol: int
    xi: int
    yi: int
    decimal: str
    data_start: int  # offset in the text where data rows begin
    data_line: int  # 1-based line number at data_start
    header_line: int  # line of the header (or of the first row)
    row_fields: int  # the usual number of fields in a data row
    sample_rows: list[tuple[int, list[str]]]  # (line, stripped fields) after the header


def _sample_lines(text: str) -> tuple[list[str], list[int]]:
    """The first lines of ``text`` up to ``_SAMPLE_LINES`` non-blank ones, and their offsets."""
    lines: list[str] = []
    starts: list[int] = []
    pos, nonblank = 0, 0
    while pos < len(text) and nonblank < _SAMPLE_LINES:
        end = text.find("\n", pos)
        if end < 0:
            end = len(text)
        line = text[pos:end]
        lines.append(line)
        starts.append(pos)
        nonblank += bool(line.strip())
        pos = end + 1
    return lines, starts


def _resolve_column(
    spec: ColumnSpec,
    default: int,
    role: str,
    first: list[str],
    ncol: int,
    name: str,
    path: str | None,
    line: int,
) -> tuple[int, bool]:
    """Index of a column and whether choosing it by name requires ``first`` to be a header."""
    if spec is None:
        return default, False
    if isinstance(spec, bool) or not isinstance(spec, (int, np.integer, str)):
        raise TypeError(f"{role}_column must be an int, a str or None, got {spec!r}")
    if isinstance(spec, str):
        wanted = spec.strip()
        for exact in (True, False):
            for i, cell in enumerate(first):
                if cell == wanted if exact else cell.casefold() == wanted.casefold():
                    return i, True
        m = re.fullmatch(r"column (\d+)", wanted, re.IGNORECASE)
        if m and 1 <= int(m.group(1)) <= ncol:
            return int(m.group(1)) - 1, False
        shown = ", ".join(repr(c) for c in first) if first else "none"
        raise CsvError(
            f"{name}, line {line}: no column named {spec!r} for {role} (the first row has: "
            f"{shown})",
            path=path,
        )
    index = int(spec)
    if not 0 <= index < ncol:
        raise CsvError(
            f"{name}: {role} column index {index} is out of range; the file has {ncol} "
            f"columns (0 to {ncol - 1})",
            path=path,
        )
    return index, False


def _layout(src: _Source, x_column: ColumnSpec, y_column: ColumnSpec) -> _Layout:
    text, name, path = src.text, src.name, src.path
    if not text.strip():
        raise CsvError(f"{name} is empty", path=path)
    lines, starts = _sample_lines(text)
    nonblank = [line for line in lines if line.strip()]
    delimiter = _choose_delimiter(nonblank) or ","

    records: list[tuple[int, int, list[str]]] = []  # (first line, last line, stripped fields)
    for first_line, last_line, row, _error in _csv_rows(lines, delimiter):
        cells = [c.strip() for c in row] if row is not None else []
        if any(cells):
            records.append((first_line, last_line, cells))
    if not records:  # only possible with odd quoting
        raise CsvError(f"{name}: no rows found", path=path)

    ncol = max(len(cells) for _, _, cells in records)
    head_line, head_last, first = records[0]
    if ncol < 2:
        raise CsvError(
            f"{name}, line {head_line}: only one column found; x and y need two columns "
            "separated by commas, semicolons or tabs",
            path=path,
        )
    xi, x_named = _resolve_column(x_column, 0, "x", first, ncol, name, path, head_line)
    yi, y_named = _resolve_column(y_column, 1, "y", first, ncol, name, path, head_line)

    def non_numeric(i: int) -> bool:
        return i < len(first) and first[i] != "" and _parse_number(first[i]) is None

    header = x_named or y_named or non_numeric(xi) or non_numeric(yi)
    if header:
        columns = [
            first[i] if i < len(first) and first[i] else f"column {i + 1}" for i in range(ncol)
        ]
        data_line = head_last + 1
        data_start = starts[head_last] if head_last < len(starts) else len(text)
        sample = records[1:]
    else:
        columns = [f"column {i + 1}" for i in range(ncol)]
        data_line, data_start = 1, 0
        sample = records
    counts = [len(cells) for _, _, cells in sample]
    row_fields = max(set(counts), key=counts.count) if counts else ncol
    decimal = "."
    if delimiter != ",":
        for _, _, cells in sample:
            if any(i < len(cells) and "," in cells[i] for i in (xi, yi)):
                decimal = ","
                break
    return _Layout(
        delimiter=delimiter,
        header=header,
        columns=columns,
        ncol=ncol,
        xi=xi,
        yi=yi,
        decimal=decimal,
        data_start=data_start,
        data_line=data_line,
        header_line=head_line,
        row_fields=row_fields,
        sample_rows=[(line, cells) for line, _, cells in sample],
    )


def sniff_csv(
    path_or_text: CsvSource,
    *,
    x_column: ColumnSpec = None,
    y_column: ColumnSpec = None,
    max_rows: int = 10,
) -> CsvSniff:
    """Guess the layout of a CSV source from its first lines, without reading it all.

    Useful for an import dialog: the delimiter, whether there is a header, the
    column names and a preview of the first ``max_rows`` data rows. The source
    is read and decoded whole, but only its first lines are parsed. Raises
    :class:`CsvError` like :func:`read_csv` for unreadable or unusable sources.
    """
    layout = _layout(_load(path_or_text), x_column, y_column)
    return CsvSniff(
        delimiter=layout.delimiter,
        header=layout.header,
        columns=layout.columns,
        x_column=layout.columns[layout.xi],
        y_column=layout.columns[layout.yi],
        decimal=layout.decimal,
        preview=[cells for _, cells in layout.sample_rows[:max_rows]],
    )


def _csv_rows(
    lines: Sequence[str], delimiter: str
) -> Iterator[tuple[int, int, list[str] | None, str]]:
    """The rows of ``lines`` (without line ends) as ``(first line, last line, fields, "")``,
    1-based; a row the csv module cannot read comes as ``(line, line, None, error)``.
    A quoted field may span lines, hence first and last."""
    reader = csv.reader((line + "\n" for line in lines), delimiter=delimiter,
                        skipinitialspace=True)
    previous = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield previous + 1, reader.line_num, None, str(exc)
        else:
            yield previous + 1, reader.line_num, row, ""
        previous = reader.line_num


class _ChunkParser:
    """Parses chunks of data lines into x and y arrays, collecting bad rows."""

    def __init__(self, layout: _Layout) -> None:
        self.layout = layout
        d = layout.delimiter
        self.delim_code = ord(d)
        self.need = max(layout.xi, layout.yi) + 1
        self.bad: list[tuple[int, str]] = []

    # --- fast path ------------------------------------------------------------------
    def fast(self, chunk: str, first_line: int) -> tuple[np.ndarray, np.ndarray] | None:
        """Both columns of a chunk of regular rows, or None to use :meth:`slow` instead.

        Works only when every non-blank line has exactly the expected number of
        delimiters, quotes (if any) enclose whole fields holding no delimiter,
        and the text is ASCII. Rows whose x or y is not a finite number are
        handed one by one to :meth:`slow`, which records why they are bad, so
        the result is exactly what :meth:`slow` would give for the whole chunk.
        """
        lay = self.layout
        d = lay.delimiter
        if not chunk.isascii() or "_" in chunk:
            return None
        if '"' in chunk:
            if not self._simply_quoted(chunk):
                return None
            chunk = chunk.replace('"', "")
        original = chunk
        if d != "," and "," in chunk:
            chunk = chunk.replace(",", ".")  # decimal commas
        chunk = chunk.rstrip("\n")
        regular_lines = not chunk.startswith("\n") and "\n\n" not in chunk
        if not regular_lines:  # drop blank lines
            chunk = chunk.lstrip("\n")
            while "\n\n" in chunk:
                chunk = chunk.replace("\n\n", "\n")
        if not chunk:
            return np.empty(0), np.empty(0)
        k = lay.row_fields
        if k < self.need or k < 2:
            return None
        buf = np.frombuffer(chunk.encode("ascii"), dtype=np.uint8)
        newlines = np.flatnonzero(buf == 10)
        nrows = newlines.size + 1
        delims = np.flatnonzero(buf == self.delim_code)
        if delims.size != nrows * (k - 1):
            return None
        # Row i owns delimiters i*(k-1) .. (i+1)*(k-1)-1; with the total right, all
        # rows have exactly k-1 delimiters iff each block lies inside its own line.
        per_row = delims.reshape(nrows, k - 1)
        if nrows > 1 and not (
            (per_row[1:, 0] > newlines).all() and (per_row[:-1, -1] < newlines).all()
        ):
            return None
        fields = chunk.replace("\n", d).split(d)
        x_parsed = _floats(fields[lay.xi :: k], nrows)
        if x_parsed is None:
            return None
        y_parsed = _floats(fields[lay.yi :: k], nrows)
        if y_parsed is None:
            return None
        (x, x_ok), (y, y_ok) = x_parsed, y_parsed
        if x_ok and y_ok:
            return x, y
        if not regular_lines:
            return None  # row i is not line i: let the slow path find the lines
        bad_rows = np.flatnonzero(~(np.isfinite(x) & np.isfinite(y)))
        if bad_rows.size > 0.05 * nrows:
            return None  # mostly bad: one pass of the slow path is quicker
        lines = original.split("\n")
        found: list[tuple[int, str]] = []
        for i in bad_rows.tolist():
            if self.slow(lines[i], first_line + i, found)[0].size:
                return None  # cannot happen; be safe rather than drop a good row
        self.bad.extend(found)
        keep = np.ones(nrows, dtype=bool)
        keep[bad_rows] = False
        return x[keep], y[keep]

    def _simply_quoted(self, chunk: str) -> bool:
        """Whether every quote in ``chunk`` opens or closes a whole field without
        quotes, delimiters or line breaks inside, so that deleting all quotes gives
        the fields the csv module would read."""
        buf = np.frombuffer(chunk.encode("ascii"), dtype=np.uint8)
        quotes = np.flatnonzero(buf == 34)
        if quotes.size % 2:
            return False
        opening, closing = quotes[0::2], quotes[1::2]
        is_edge = (buf == 10) | (buf == self.delim_code)
        before = opening - 1
        after = closing + 1
        ok_before = np.ones(opening.size, dtype=bool)
        inside = before >= 0
        ok_before[inside] = is_edge[before[inside]]
        ok_after = np.ones(closing.size, dtype=bool)
        inside = after < buf.size
        ok_after[inside] = is_edge[after[inside]]
        if not (ok_before.all() and ok_after.all()):
            return False
        edges = np.flatnonzero(is_edge)
        # no delimiter or line break between an opening quote and its closing quote
        return bool((np.searchsorted(edges, opening) == np.searchsorted(edges, closing)).all())

    # --- slow path ------------------------------------------------------------------
    def slow(
        self, chunk: str, first_line: int, bad: list[tuple[int, str]] | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """Row-by-row parse with the csv module.

        Bad rows go to ``bad`` (default: ``self.bad``) as ``(line, reason)``;
        ``first_line`` is the line number of the chunk's first line.
        """
        lay = self.layout
        xi, yi, need = lay.xi, lay.yi, self.need
        if bad is None:
            bad = self.bad
        xs: list[float] = []
        ys: list[float] = []
        for row_line, _last, row, error in _csv_rows(chunk.split("\n"), lay.delimiter):
            line = first_line + row_line - 1
            if row is None:
                bad.append((line, f"unreadable row ({error})"))
                continue
            if not row:
                continue
            if len(row) < need:
                if any(cell.strip() for cell in row):
                    bad.append((line, self._missing(len(row))))
                continue
            x_cell, y_cell = row[xi].strip(), row[yi].strip()
            vx, vy = _parse_number(x_cell), _parse_number(y_cell)
            if vx is not None and vy is not None and math.isfinite(vx) and math.isfinite(vy):
                xs.append(vx)
                ys.append(vy)
            elif x_cell or y_cell or any(cell.strip() for cell in row):
                problems = [_problem("x", x_cell, vx), _problem("y", y_cell, vy)]
                bad.append((line, "; ".join(p for p in problems if p)))
        return np.array(xs, dtype=np.float64), np.array(ys, dtype=np.float64)

    def _missing(self, have: int) -> str:
        lay = self.layout
        roles = [r for r, i in (("x", lay.xi), ("y", lay.yi)) if i >= have]
        what = " and ".join(dict.fromkeys(roles))
        return f"missing {what} (only {have} column{'s' if have != 1 else ''})"


def _floats(cells: list[str], n: int) -> tuple[np.ndarray, bool] | None:
    """``cells`` as floats, and whether all are finite numbers.

    Cells that are not numbers become NaN. Returns None when more than 5% of
    the cells are not numbers, for the caller to give up on the fast path.
    """
    try:
        values = np.fromiter(map(float, cells), np.float64, n)
    except ValueError:
        pass
    else:
        return values, bool(np.isfinite(values).all())
    budget = 0.05 * n
    out: list[float] = []
    append = out.append
    for cell in cells:
        try:
            append(float(cell))
        except ValueError:
            append(math.nan)
            budget -= 1
            if budget < 0:
                return None
    return np.array(out, dtype=np.float64), False


def _problem(role: str, cell: str, value: float | None) -> str:
    """Why a stripped cell with parsed ``value`` is not acceptable, or ``""``."""
    if not cell:
        return f"{role} is empty"
    if value is None:
        return f"{role} is not a number ({_show(cell)})"
    if not math.isfinite(value):
        return f"{role} is not finite ({_show(cell)})"
    return ""


def _show(cell: str, limit: int = 30) -> str:
    return repr(cell if len(cell) <= limit else cell[: limit - 1] + "…")


def _chunk_end(text: str, start: int, end: int) -> int:
    """End of the chunk starting at ``start``: a line end, outside quotes."""
    stop = start + _CHUNK_CHARS
    if stop >= end:
        return end
    stop = text.find("\n", stop, end)
    if stop < 0:
        return end
    stop += 1
    quotes = text.count('"', start, stop)
    while quotes % 2 and stop < end:  # a quoted field goes on: extend to the next line
        nxt = text.find("\n", stop, end)
        nxt = end if nxt < 0 else nxt + 1
        quotes += text.count('"', stop, nxt)
        stop = nxt
    return stop


def _describe_bad(rows: Sequence[tuple[int, str]]) -> str:
    listed = "\n".join(f"  line {line}: {reason}" for line, reason in rows[:_MAX_LISTED])
    if len(rows) > _MAX_LISTED:
        listed += f"\n  and {len(rows) - _MAX_LISTED} more"
    return listed


def read_csv(
    path_or_text: CsvSource,
    *,
    x_column: ColumnSpec = None,
    y_column: ColumnSpec = None,
    skip_bad_rows: bool = False,
    progress: Callable[[float], object] | None = None,
    cancel: Callable[[], bool] | None = None,
) -> CsvResult:
    """Read x and y from two numeric columns of a CSV file or text.

    ``path_or_text`` is a path (``os.PathLike``, or a ``str`` without a line
    break), CSV text (a ``str`` with a line break) or the file's raw bytes.

    The delimiter (comma, semicolon or tab) and a header row are detected from
    the first lines; a header is assumed when the first row has a non-numeric
    field in a selected column. ``x_column`` and ``y_column`` select columns by
    0-based index or header name (default: the first two columns). Fields may
    be quoted and padded with spaces; semicolon and tab files may use decimal
    commas; blank lines are ignored; a UTF-8 byte order mark is dropped.

    A row whose x or y is missing, empty, not a number or not finite is bad:
    :class:`CsvError` lists such rows by line number (``.rows`` has them all),
    unless ``skip_bad_rows`` is true, in which case they are left out and listed
    in ``CsvResult.skipped``.

    ``progress(fraction)`` is called after each chunk of the data, with
    increasing fractions ending at 1.0; ``cancel()`` is called before each
    chunk and returning True raises :class:`CsvCancelled`.
    """
    src = _load(path_or_text)
    name, path, text = src.name, src.path, src.text
    layout = _layout(src, x_column, y_column)
    parser = _ChunkParser(layout)

    def check_cancel() -> None:
        if cancel is not None and cancel():
            raise CsvCancelled(f"loading {name} was cancelled", path=path)

    xs: list[np.ndarray] = []
    ys: list[np.ndarray] = []
    start, end, line = layout.data_start, len(text), layout.data_line
    total = end - layout.data_start
    check_cancel()
    while start < end:
        stop = _chunk_end(text, start, end)
        chunk = text[start:stop]
        parsed = parser.fast(chunk, line)
        if parsed is None:
            parsed = parser.slow(chunk, line)
        xs.append(parsed[0])
        ys.append(parsed[1])
        line += chunk.count("\n")
        start = stop
        if progress is not None:
            progress(1.0 if start >= end else (start - layout.data_start) / total)
        if start < end:
            check_cancel()
    if total == 0 and progress is not None:
        progress(1.0)

    bad = parser.bad
    x = np.concatenate(xs) if xs else np.empty(0)
    y = np.concatenate(ys) if ys else np.empty(0)
    x_name, y_name = layout.columns[layout.xi], layout.columns[layout.yi]
    if x.size == 0 and bad:
        raise CsvError(
            f"{name}: no valid data rows in columns {x_name!r} (x) and {y_name!r} (y); "
            f"all {len(bad)} rows are bad:\n{_describe_bad(bad)}",
            rows=bad,
            path=path,
        )
    if bad and not skip_bad_rows:
        many = len(bad) != 1
        raise CsvError(
            f"{name}: {len(bad)} bad row{'s' if many else ''} "
            f"(fix {'them' if many else 'it'} or skip bad rows):\n{_describe_bad(bad)}",
            rows=bad,
            path=path,
        )
    if x.size == 0:
        where = f"after the header on line {layout.header_line}" if layout.header else "found"
        raise CsvError(f"{name}: no data rows {where}", path=path)
    return CsvResult(
        dataset=Dataset(x, y),
        columns=layout.columns,
        x_column=x_name,
        y_column=y_name,
        skipped=list(bad),
        header=layout.header,
        delimiter=layout.delimiter,
        decimal=layout.decimal,
    )
