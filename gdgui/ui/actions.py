"""One helper that builds every action of the window (ReText style)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QAction, QIcon, QKeySequence
from PySide6.QtWidgets import QWidget

__all__ = ["make_action", "shortcut_text"]

Shortcut = QKeySequence | QKeySequence.StandardKey | str


def shortcut_text(action: QAction) -> str:
    """The action's first shortcut as the platform writes it ("Ctrl+R", "⌘R")."""
    seq = action.shortcut()
    return seq.toString(QKeySequence.SequenceFormat.NativeText) if not seq.isEmpty() else ""


def make_action(
    parent: QWidget,
    text: str,
    slot: Callable | None = None,
    *,
    tip: str = "",
    shortcut: Shortcut | None = None,
    icon: QIcon | None = None,
    checkable: bool = False,
    name: str = "",
) -> QAction:
    """An action with translated ``text`` and ``tip`` (callers pass ``tr()`` results).

    The shortcut is shown in the tooltip ("Reset the run (Ctrl+R)"), and the
    action is added to ``parent`` so its shortcut works wherever focus is.
    """
    action = QAction(text, parent)
    if icon is not None:
        action.setIcon(icon)
    if shortcut is not None:
        if isinstance(shortcut, QKeySequence.StandardKey):
            action.setShortcuts(shortcut)
        else:
            action.setShortcut(QKeySequence(shortcut))
    action.setCheckable(checkable)
    keys = shortcut_text(action)
    tip = tip or text.replace("&", "").rstrip(".…")
    action.setToolTip(f"{tip} ({keys})" if keys else tip)
    action.setStatusTip(tip)
    if name:
        action.setObjectName(name)
    if slot is not None:
        (action.toggled if checkable else action.triggered).connect(slot)
    parent.addAction(action)
    return action
