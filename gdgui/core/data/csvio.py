"""CSV reading: two numeric columns from a file, text or bytes, into a :class:`Dataset`.

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
import os
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

import numpy as np

from ..fileio import FileIOError, read_bytes
from ..messages import Message, join
from .datasets import DataError, Dataset

__all__ = ["CsvCancelled", "CsvError", "CsvResult", "CsvSniff", "read_csv", "sniff_csv"]

#: What :func:`read_csv` and :func:`sniff_csv` accept: a path (``str`` without a
#: line break, or ``os.PathLike``), CSV text (``str`` containing a line break, or
#: the empty string) or the raw bytes of a file.
CsvSource = str | os.PathLike[str] | bytes
#: A column chosen by 0-based index or by header name.
ColumnSpec = int | str | None


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
#: largest CSV accepted, in bytes (a file, bytes or text); about 10^7 rows of two columns
MAX_FILE_BYTES = 512 * 1024 * 1024
#: longest line accepted, in characters: CSV rows of two numbers are short, and a
#: huge single line (a binary file, a data dump on one line) would cost gigabytes
MAX_LINE_CHARS = 1 << 20
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


def _utf16(raw: bytes) -> str | None:
    """``"utf-16-le"``/``"utf-16-be"`` when ``raw`` looks like UTF-16 text (a byte order
    mark, or the zero high bytes of ASCII characters at odd or even offsets), else None."""
    if raw.startswith(b"\xff\xfe"):
        return "utf-16-le"
    if raw.startswith(b"\xfe\xff"):
        return "utf-16-be"
    head = raw[:4096]
    if len(head) < 4 or b"\x00" not in head:
        return None
    even, odd = head[0::2], head[1::2]
    if odd.count(0) >= 0.9 * len(odd) and even.count(0) <= 0.1 * len(even):
        return "utf-16-le"
    if even.count(0) >= 0.9 * len(even) and odd.count(0) <= 0.1 * len(odd):
        return "utf-16-be"
    return None


def _decode(raw: bytes, name: str, path: str | None) -> str:
    encoding = _utf16(raw)
    if encoding is not None:
        body = raw[2:] if raw[:2] in (b"\xff\xfe", b"\xfe\xff") else raw
        try:
            return body.decode(encoding)
        except UnicodeDecodeError as exc:
            line = body[: exc.start].decode(encoding, errors="replace").count("\n") + 1
            raise CsvError(
                Message(
                    "{name}, line {line}: a UTF-16 file with bytes that cannot be decoded; "
                    "save it as UTF-8 CSV",
                    name=name,
                    line=line,
                ),
                path=path,
            ) from None
    body = raw[3:] if raw.startswith(b"\xef\xbb\xbf") else raw
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = body[: exc.start].decode("utf-8", errors="replace")
        line = _normalise_newlines(before).count("\n") + 1
        raise CsvError(
            Message(
                "{name}, line {line}: not a UTF-8 text file "
                "(byte 0x{byte:02x} cannot be decoded); save it as UTF-8 CSV",
                name=name,
                line=line,
                byte=body[exc.start],
            ),
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
        if len(source) > MAX_FILE_BYTES:
            raise CsvError(
                Message(
                    "{name}: {size:,} bytes is over the limit of {limit:,}",
                    name=_TEXT_NAME,
                    size=len(source),
                    limit=MAX_FILE_BYTES,
                )
            )
        text = _decode(bytes(source), _TEXT_NAME, None)
    elif isinstance(source, str) and (source == "" or "\n" in source or "\r" in source):
        path = None
        if len(source) > MAX_FILE_BYTES:
            raise CsvError(
                Message(
                    "{name}: {size:,} characters is over the limit of {limit:,}",
                    name=_TEXT_NAME,
                    size=len(source),
                    limit=MAX_FILE_BYTES,
                )
            )
        text = source[1:] if source.startswith(_BOM) else source
    elif isinstance(source, (str, os.PathLike)):
        path = os.fspath(source)
        if not isinstance(path, str):
            path = os.fsdecode(path)
        try:
            raw = read_bytes(path, MAX_FILE_BYTES)  # refuses FIFOs, devices, folders
        except FileIOError as exc:
            raise CsvError(exc.message, path=path) from None
        text = _decode(raw, path, path)
    else:
        raise TypeError(f"expected a path, CSV text or bytes, got {type(source).__name__}")
    text = _normalise_newlines(text)
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        name = path if path is not None else _TEXT_NAME
        raise CsvError(
            Message(
                "{name}, line {line}: contains NUL bytes; this is not a CSV text file",
                name=name,
                line=line,
            ),
            path=path,
        )
    return _Source(text, path)


_NUMBER_START = frozenset("0123456789+-.,iInN")  # also inf and nan, rejected later


#: digits grouped by thousands separators: 1,234  -12,345,678.5
_THOUSANDS_RE = re.compile(r"[+-]?[1-9][0-9]{0,2}(?:,[0-9]{3})+(?:\.[0-9]*)?(?:[eE][+-]?[0-9]+)?")


def _is_grouped(field_text: str) -> bool:
    return _THOUSANDS_RE.fullmatch(field_text) is not None


def _parse_number(field_text: str, thousands: bool | None = False) -> float | None:
    """The value of a stripped field, or None when it is not a number.

    Accepts what ``float()`` accepts in ASCII without underscores (so ``1e-3``,
    ``-2``, ``+3.5``, ``.5``; also ``inf`` and ``nan``, which callers reject as
    not finite) and a comma:

    * ``thousands`` True (comma-separated files, whose decimals are dots): digits
      grouped by thousands (``"1,234"``, ``"1,234,567.5"``) lose their commas
      (1234); another single comma (``"3,5"``) is a decimal comma;
    * ``thousands`` None (a comma file whose other cells use decimal commas): a
      grouped value such as ``"1,234"`` is ambiguous (1234 or 1.234) and refused;
    * ``thousands`` False (semicolon and tab files): a single comma is a decimal
      comma (``1,5``).
    """
    if field_text[:1] not in _NUMBER_START or not field_text.isascii() or "_" in field_text:
        return None
    if "," in field_text and thousands is not False and _is_grouped(field_text):
        if thousands is None:
            return None
        field_text = field_text.replace(",", "")
    elif "," in field_text and "." not in field_text and field_text.count(",") == 1:
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
    thousands: bool | None  # how a comma in a number is read (see _parse_number)
    sample_rows: list[tuple[int, list[str]]]  # (line, stripped fields) after the header


def _check_line_length(length: int, line: int, name: str, path: str | None) -> None:
    if length > MAX_LINE_CHARS:
        raise CsvError(
            Message(
                "{name}, line {line}: {length:,} characters is over the limit of "
                "{limit:,} per line; this does not look like a CSV of numbers",
                name=name,
                line=line,
                length=length,
                limit=MAX_LINE_CHARS,
            ),
            path=path,
        )


def _sample_lines(text: str, name: str, path: str | None) -> tuple[list[str], list[int]]:
    """The first lines of ``text`` up to ``_SAMPLE_LINES`` non-blank ones, and their offsets.

    Raises CsvError for a line over :data:`MAX_LINE_CHARS` (before copying it)."""
    lines: list[str] = []
    starts: list[int] = []
    pos, nonblank = 0, 0
    while pos < len(text) and nonblank < _SAMPLE_LINES:
        end = text.find("\n", pos)
        if end < 0:
            end = len(text)
        _check_line_length(end - pos, len(lines) + 1, name, path)
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
        shown = ", ".join(repr(c) for c in first) if first else Message("none")
        raise CsvError(
            Message(
                "{name}, line {line}: no column named {column!r} for {role} "
                "(the first row has: {columns})",
                name=name,
                line=line,
                column=spec,
                role=role,
                columns=shown,
            ),
            path=path,
        )
    index = int(spec)
    if not 0 <= index < ncol:
        raise CsvError(
            Message(
                "{name}: {role} column index {index} is out of range; the file has {count} "
                "columns (0 to {last})",
                name=name,
                role=role,
                index=index,
                count=ncol,
                last=ncol - 1,
            ),
            path=path,
        )
    return index, False


def _layout(src: _Source, x_column: ColumnSpec, y_column: ColumnSpec) -> _Layout:
    text, name, path = src.text, src.name, src.path
    if not text.strip():
        raise CsvError(Message("{name} is empty", name=name), path=path)
    lines, starts = _sample_lines(text, name, path)
    nonblank = [line for line in lines if line.strip()]
    delimiter = _choose_delimiter(nonblank) or ","

    records: list[tuple[int, int, list[str]]] = []  # (first line, last line, stripped fields)
    for first_line, last_line, row, _error in _csv_rows(lines, delimiter):
        cells = [c.strip() for c in row] if row is not None else []
        if any(cells):
            records.append((first_line, last_line, cells))
    if not records:  # only possible with odd quoting
        raise CsvError(Message("{name}: no rows found", name=name), path=path)

    ncol = max(len(cells) for _, _, cells in records)
    head_line, head_last, first = records[0]
    if ncol < 2:
        raise CsvError(
            Message(
                "{name}, line {line}: only one column found; x and y need two columns "
                "separated by commas, semicolons or tabs",
                name=name,
                line=head_line,
            ),
            path=path,
        )
    xi, x_named = _resolve_column(x_column, 0, "x", first, ncol, name, path, head_line)
    yi, y_named = _resolve_column(y_column, 1, "y", first, ncol, name, path, head_line)

    def non_numeric(i: int) -> bool:
        cell = first[i] if i < len(first) else ""
        return cell != "" and _parse_number(cell, delimiter == ",") is None

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
    thousands: bool | None = delimiter == ","
    for _, _, cells in sample:
        with_comma = [cells[i] for i in (xi, yi) if i < len(cells) and "," in cells[i]]
        if delimiter != "," and with_comma:
            decimal = ","
            break
        if delimiter == "," and any(not _is_grouped(c) for c in with_comma):
            thousands = None  # decimal commas in quotes: "1,234" could be either
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
        thousands=thousands,
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
    reader = csv.reader((line + "\n" for line in lines), delimiter=delimiter, skipinitialspace=True)
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
                bad.append((line, Message("unreadable row ({error})", error=error)))
                continue
            if not row:
                continue
            if len(row) < need:
                if any(cell.strip() for cell in row):
                    bad.append((line, self._missing(len(row))))
                continue
            x_cell, y_cell = row[xi].strip(), row[yi].strip()
            vx = _parse_number(x_cell, lay.thousands)
            vy = _parse_number(y_cell, lay.thousands)
            if vx is not None and vy is not None and math.isfinite(vx) and math.isfinite(vy):
                xs.append(vx)
                ys.append(vy)
            elif x_cell or y_cell or any(cell.strip() for cell in row):
                problems = [_problem("x", x_cell, vx), _problem("y", y_cell, vy)]
                bad.append((line, join([p for p in problems if p])))
        return np.array(xs, dtype=np.float64), np.array(ys, dtype=np.float64)

    def _missing(self, have: int) -> str:
        lay = self.layout
        roles = [r for r, i in (("x", lay.xi), ("y", lay.yi)) if i >= have]
        what: str = " and ".join(dict.fromkeys(roles))
        if what == "x and y":
            what = Message("x and y")
        return Message(
            "missing {what} (only {count} column)"
            if have == 1
            else "missing {what} (only {count} columns)",
            what=what,
            count=have,
        )


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
        return Message("{role} is empty", role=role)
    if value is None and _is_grouped(cell):
        return Message(
            "{role} is ambiguous ({cell}): a thousands separator or a decimal "
            "comma? write it without the comma",
            role=role,
            cell=_show(cell),
        )
    if value is None:
        return Message("{role} is not a number ({cell})", role=role, cell=_show(cell))
    if not math.isfinite(value):
        return Message("{role} is not finite ({cell})", role=role, cell=_show(cell))
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


def _check_chunk_lines(
    text: str, start: int, stop: int, line: int, name: str, path: str | None
) -> None:
    """CsvError for the first line over :data:`MAX_LINE_CHARS` in ``text[start:stop]``."""
    pos = start
    while pos < stop:
        nxt = text.find("\n", pos, stop)
        nxt = stop if nxt < 0 else nxt
        _check_line_length(nxt - pos, line, name, path)
        pos, line = nxt + 1, line + 1


def _describe_bad(rows: Sequence[tuple[int, str]]) -> str:
    parts = [
        Message("  line {line}: {reason}", line=line, reason=reason)
        for line, reason in rows[:_MAX_LISTED]
    ]
    if len(rows) > _MAX_LISTED:
        parts.append(Message("  and {count} more", count=len(rows) - _MAX_LISTED))
    return join(parts, "\n")


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
            raise CsvCancelled(Message("loading {name} was cancelled", name=name), path=path)

    xs: list[np.ndarray] = []
    ys: list[np.ndarray] = []
    start, end, line = layout.data_start, len(text), layout.data_line
    total = end - layout.data_start
    check_cancel()
    while start < end:
        stop = _chunk_end(text, start, end)
        if stop - start > _CHUNK_CHARS + MAX_LINE_CHARS:
            _check_chunk_lines(text, start, stop, line, name, path)
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
            Message(
                "{name}: no valid data rows in columns {x!r} (x) and {y!r} (y); "
                "all {count} rows are bad:\n{rows}",
                name=name,
                x=x_name,
                y=y_name,
                count=len(bad),
                rows=_describe_bad(bad),
            ),
            rows=bad,
            path=path,
        )
    if bad and not skip_bad_rows:
        raise CsvError(
            Message(
                "{name}: {count} bad rows (fix them or skip bad rows):\n{rows}"
                if len(bad) != 1
                else "{name}: {count} bad row (fix it or skip bad rows):\n{rows}",
                name=name,
                count=len(bad),
                rows=_describe_bad(bad),
            ),
            rows=bad,
            path=path,
        )
    if x.size == 0:
        raise CsvError(
            Message(
                "{name}: no data rows after the header on line {line}",
                name=name,
                line=layout.header_line,
            )
            if layout.header
            else Message("{name}: no data rows found", name=name),
            path=path,
        )
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
