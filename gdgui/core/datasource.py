"""Where a line problem's points come from: :class:`Data` (a preset, a CSV file or
inline points) and :class:`ExperimentError`, the error every part of an experiment raises.

Split out of :mod:`gdgui.core.experiment`, which imports these names back (use them
from there).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any

from .messages import Message, clip, join
from .schema import Checker as _Checker
from .schema import check_data as _check_data
from .schema import cut as _cut

__all__ = ["DOUBLING", "SHOWN_ERRORS", "Data", "ExperimentError", "data_from"]


#: errors listed in an ExperimentError's message (the rest are counted)
SHOWN_ERRORS = 3
#: the longest error (characters) shown in a message
_MESSAGE_CHARS = 200


class ExperimentError(ValueError):
    """An invalid experiment: ``errors`` lists ``(path, message)`` pairs."""

    def __init__(self, errors: list[tuple[str, str]], source: str | None = None):
        self.errors = errors
        self.source = source
        lines = [
            clip(
                Message("{path}: {error}", path=p, error=m) if p else m, 80 if i else _MESSAGE_CHARS
            )
            for i, (p, m) in enumerate(errors[:SHOWN_ERRORS])
        ]
        body = join(lines)
        if len(errors) > SHOWN_ERRORS:
            body = Message(
                "{errors}; … and {count:,} more", errors=body, count=len(errors) - SHOWN_ERRORS
            )
        if source:
            body = Message("{source}: {errors}", source=_cut(source), errors=body)
        super().__init__(body)


def _frozen(d: Mapping[str, Any]) -> Mapping[str, Any]:
    return MappingProxyType(dict(d))


class Data:
    """The data of a line problem: where it came from and its points.

    ``source`` is how it is written to JSON: ``{"preset": ..., <parameters>}``,
    ``{"csv": path, "x_column": ..., "y_column": ...}``, or empty for inline points.
    Presets and CSV files are read on first use and kept; experiments made from one
    another by :meth:`Experiment.replace` share the same :class:`Data`, so the points
    are never copied by an edit. Two are equal when their sources are equal and, for
    inline points, their datasets are the same object.
    """

    __slots__ = ("_dataset", "_loaded_from", "source")

    def __init__(self, source: Mapping[str, Any] | None = None, dataset: Any = None) -> None:
        self.source: Mapping[str, Any] = _frozen(source or {})
        if not self.source and dataset is None:
            raise ValueError("inline data needs a dataset")
        self._dataset = dataset
        self._loaded_from: Path | None = None

    @classmethod
    def inline(cls, dataset: Any) -> Data:
        """Points given directly (a :class:`~gdgui.core.data.Dataset`, kept, not copied)."""
        return cls(None, dataset)

    @property
    def kind(self) -> str:
        """``"preset"``, ``"csv"`` or ``"inline"``."""
        return "preset" if "preset" in self.source else "csv" if "csv" in self.source else "inline"

    def csv_path(self, base_dir: Path | None) -> Path | None:
        if self.kind != "csv":
            return None
        path = Path(self.source["csv"])
        if not path.is_absolute() and base_dir is not None:
            path = base_dir / path
        return path

    def dataset(self, base_dir: Path | None = None):
        """The points as a :class:`~gdgui.core.data.Dataset` (read once, then kept)."""
        from . import data as gdata

        kind = self.kind
        if kind == "inline":
            return self._dataset
        path = self.csv_path(base_dir)
        if self._dataset is not None and path == self._loaded_from:
            return self._dataset
        src = self.source
        try:
            if kind == "preset" and src["preset"] == "doubling":
                ds = gdata.doubling()
            elif kind == "preset":
                ds = gdata.noisy_line(**{k: v for k, v in src.items() if k != "preset"})
            else:
                assert path is not None  # kind is csv
                res = gdata.read_csv(
                    path, x_column=src.get("x_column"), y_column=src.get("y_column")
                )
                ds = res.dataset.named(res.x_column, res.y_column)
        except gdata.DataError as e:
            raise ExperimentError([("data", e.args[0] if e.args else str(e))]) from None
        self._dataset, self._loaded_from = ds, path
        return ds

    def to_json(self) -> dict[str, Any]:
        """The JSON object (for inline points a pass over them, to write the lists)."""
        if self.kind == "inline":
            return {"x": self._dataset.x.tolist(), "y": self._dataset.y.tolist()}
        return dict(self.source)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Data):
            return NotImplemented
        if self is other:
            return True
        if self.kind == "inline" or other.kind == "inline":
            return self._dataset is other._dataset
        return dict(self.source) == dict(other.source)

    def __hash__(self) -> int:
        return id(self._dataset) if self.kind == "inline" else hash(tuple(self.source.items()))

    def __repr__(self) -> str:
        if self.kind == "inline":
            return f"Data.inline(<{len(self._dataset)} points>)"
        return f"Data({dict(self.source)!r})"


DOUBLING = Data({"preset": "doubling"})


def data_from(c: _Checker, v: Any) -> Data | None:
    """A :class:`Data` from a JSON object, a Dataset, or a Data (kept as it is)."""
    from .data import DataError, Dataset

    if isinstance(v, Data):
        return v
    if isinstance(v, Dataset):
        return Data.inline(v)
    before = len(c.errors)
    _check_data(c, v)
    if len(c.errors) > before:
        return None
    if "x" in v:
        try:
            return Data.inline(Dataset(v["x"], v["y"]))
        except DataError as e:  # pragma: no cover - checked above
            c.add("data", str(e))
            return None
    return Data(v)
