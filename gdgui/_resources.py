"""Where gdgui's bundled files (presets, translations) are, in either layout.

Installed, they are the package data ``gdgui.resources``. Run from a checkout
(``python main.py``, ``python -m gdgui``), the source tree's ``gdgui`` package can
shadow the installed one, and there ``resources/`` sits at the top level, beside
``gdgui/``. :func:`files` returns whichever exists; every resource access goes
through it.
"""

from __future__ import annotations

from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

__all__ = ["files"]

_CHECKOUT = Path(__file__).resolve().parent.parent / "resources"


def files() -> Traversable | Path:
    """The folder of bundled files (``experiments/``, ``translations/``)."""
    try:
        found = resources.files("gdgui.resources")
    except ModuleNotFoundError:
        return _CHECKOUT
    if found.is_dir():
        return found
    return _CHECKOUT  # pragma: no cover - an empty namespace package
