"""The window's remembered settings, declared once (ReText style).

:data:`DEFAULTS` names every setting and fixes its type by its default value. A
value equal to its default is removed rather than stored, so "Restore defaults"
is simply removing every key.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QByteArray, QSettings

__all__ = ["DEFAULTS", "KEPT_ON_RESTORE", "Settings"]

DEFAULTS: dict[str, Any] = {
    "window/geometry": QByteArray(),  # QMainWindow.saveGeometry()
    "window/state": QByteArray(),  # QMainWindow.saveState(): docks and toolbars
    "view/theme": "dark",  # "dark" | "light"
    "run/speed": 20,  # steps per second; 0 means unlimited
    "experiment/json": "",  # the last experiment, as its JSON text ("" = tutorial 003)
    "experiment/dir": "",  # where its relative CSV paths are resolved
    "experiment/path": "",  # the file it was opened from or saved to ("" = Untitled)
    "files/recent": [],  # File → Open Recent, newest first
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
