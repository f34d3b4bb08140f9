"""Data sets of (x, y) points: presets, editing, CSV reading and writing.

:mod:`.datasets` holds :class:`Dataset`, :class:`DataError` and the presets;
:mod:`.csvio` reads CSV files (it imports :class:`Dataset`, never the reverse).
Every public name of both is importable from here.
"""

from __future__ import annotations

from .csvio import CsvCancelled, CsvError, CsvResult, CsvSniff, read_csv, sniff_csv
from .datasets import PRESETS, DataError, Dataset, doubling, noisy_line

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
