"""The window's remembered settings, declared once (ReText style).

:data:`DEFAULTS` names every setting and fixes its type by its default value. A
value equal to its default is removed rather than stored, so "Restore defaults"
is simply removing every key.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import numpy as np
from PySide6.QtCore import QByteArray, QSettings

from ..core.data import Dataset
from ..core.experiment import Experiment
from ..core.fileio import atomic_write_bytes, read_bytes

__all__ = ["DEFAULTS", "INLINE_POINTS", "KEPT_ON_RESTORE", "Settings"]

#: inline data of more points than this is kept in a file beside the settings
INLINE_POINTS = 2000
_POINTS_FILE = "last-experiment-points.npz"

DEFAULTS: dict[str, Any] = {
    "window/geometry": QByteArray(),  # QMainWindow.saveGeometry()
    "window/state": QByteArray(),  # QMainWindow.saveState(): docks and toolbars
    "view/theme": "dark",  # "dark" | "light"
    "run/speed": 20,  # steps per second; 0 means unlimited
    "experiment/json": "",  # the last experiment, as its JSON text ("" = tutorial 003)
    "experiment/dir": "",  # where its relative CSV paths are resolved
    "experiment/path": "",  # the file it was opened from or saved to ("" = Untitled)
    "experiment/points": "",  # the file beside the settings holding its inline points
    "files/recent": [],  # File → Open Recent, newest first
    "export/folder": "",  # where the last CSV export (data, history) went
    "export/image_folder": "",  # where the last image export (PNG, SVG) went
}

#: kept by "Restore defaults": a history of the user's files, not a preference
KEPT_ON_RESTORE = ("files/recent",)


class _MemoryStore:
    """Stands in for QSettings when nothing is to be remembered (headless exports)."""

    def __init__(self):
        self._d: dict[str, Any] = {}

    def value(self, key: str, default: Any = None) -> Any:
        return self._d.get(key, default)

    def setValue(self, key: str, value: Any) -> None:  # noqa: N802 (QSettings' name)
        self._d[key] = value

    def remove(self, key: str) -> None:
        self._d.pop(key, None)

    def sync(self) -> None:
        pass


class Settings:
    """Typed access to a :class:`QSettings` through :data:`DEFAULTS`.

    With ``qsettings`` None the values live in memory only.
    """

    def __init__(self, qsettings: QSettings | None):
        self.qsettings = qsettings if qsettings is not None else _MemoryStore()

    def get(self, key: str) -> Any:
        default = DEFAULTS[key]
        value = self.qsettings.value(key, None)
        if value is None:
            return list(default) if isinstance(default, list) else default
        try:
            if isinstance(default, list):
                if not isinstance(value, (list, tuple)):  # one item may come as a string
                    value = [value] if value else []
                return [str(v) for v in value]
            if isinstance(default, QByteArray):
                return value if isinstance(value, QByteArray) else QByteArray(value)
            if isinstance(default, bool):
                return value if isinstance(value, bool) else str(value).lower() == "true"
            return type(default)(value)
        except (TypeError, ValueError):  # a hand-edited file: fall back, never crash
            return default

    def set(self, key: str, value: Any) -> None:
        if value == DEFAULTS[key]:
            self.qsettings.remove(key)
        else:
            self.qsettings.setValue(key, value)

    def restore_defaults(self) -> None:
        for key in DEFAULTS:
            if key not in KEPT_ON_RESTORE:
                self.qsettings.remove(key)
        self.qsettings.sync()

    def sync(self) -> None:
        self.qsettings.sync()

    # --- the last experiment ----------------------------------------------------------------
    def _folder(self) -> Path | None:
        name = getattr(self.qsettings, "fileName", lambda: "")()
        return Path(name).parent if name else None

    def set_experiment(self, exp: Experiment) -> None:
        """Remember ``exp`` compactly: inline data of more than :data:`INLINE_POINTS`
        points goes to an .npz file beside the settings (written atomically), presets
        and CSV files as their names."""
        data, folder = exp.data, self._folder()
        points = ""
        if (
            data is not None
            and data.kind == "inline"
            and folder is not None
            and data.dataset().n > INLINE_POINTS
        ):
            ds = data.dataset()
            folder.mkdir(parents=True, exist_ok=True)
            _write_npz(folder / _POINTS_FILE, ds)
            points = _POINTS_FILE
            exp = exp.replace(data={"preset": "doubling"})  # a stand-in; the points are in
        self.set("experiment/json", json.dumps(exp.to_dict()))
        self.set("experiment/dir", str(exp.base_dir) if exp.base_dir else "")
        self.set("experiment/points", points)

    def experiment(self) -> Experiment | None:
        """The remembered experiment, or None; raises ValueError, OSError... when it
        cannot be read."""
        text = self.get("experiment/json")
        if not text:
            return None
        exp = Experiment.from_json(text, base_dir=self.get("experiment/dir") or None)
        points, folder = self.get("experiment/points"), self._folder()
        if points and folder is not None:
            raw = read_bytes(folder / Path(points).name)  # a regular file, never a FIFO
            with np.load(io.BytesIO(raw), allow_pickle=False) as f:
                cols = [str(c) for c in f["columns"]]
                ds = Dataset(f["x"], f["y"]).named(cols[0], cols[1])
            exp = exp.replace(data=ds)
        return exp


def _write_npz(path: Path, ds: Dataset) -> None:
    buf = io.BytesIO()
    np.savez(buf, x=ds.x, y=ds.y, columns=np.array(ds.columns))
    atomic_write_bytes(path, buf.getvalue())
