"""Run/Pause (Space), Step (→), Step epoch (Shift+→), Step back (←) and Back one epoch
(Shift+←) wherever the focus is.

Window shortcuts lose to a focused text field: a QLineEdit or spin box accepts the
``ShortcutOverride`` of Space and the arrows, so after typing η and Enter a Space typed
a space instead of running. :class:`KeyboardFlow` is an application event filter that
tells a field being edited from one that merely has the focus (the same rule for every
key of the run, forward and back in time):

* a field is *being edited* from the moment the user types into it (or clicks or tabs
  into it) until Enter, Return or Escape; then it gets its own keys, Space included;
* otherwise (Enter pressed, or focus given by the program) the run's keys act on the
  run: the filter triggers the matching action and eats the key press.

Keys other than the run's always reach the field. A field that does not claim a key
never gets here: the window shortcut fires as usual, so nothing runs twice.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QFocusEvent, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QComboBox, QLineEdit, QWidget

__all__ = ["EDITING_PROPERTY", "KeyboardFlow", "is_text_field"]

#: the widget property that marks a field as being edited
EDITING_PROPERTY = "gdguiEditing"

_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Escape)  # editing ends
_MODIFIER_KEYS = (
    Qt.Key.Key_Shift,
    Qt.Key.Key_Control,
    Qt.Key.Key_Alt,
    Qt.Key.Key_Meta,
    Qt.Key.Key_AltGr,
)
_USER_FOCUS = (
    Qt.FocusReason.MouseFocusReason,
    Qt.FocusReason.TabFocusReason,
    Qt.FocusReason.BacktabFocusReason,
    Qt.FocusReason.ShortcutFocusReason,
)


def is_text_field(widget: QObject) -> bool:
    """True for widgets that take typed text: line edits, spin boxes, editable combos."""
    if isinstance(widget, QComboBox):
        return widget.isEditable()
    return isinstance(widget, (QLineEdit, QAbstractSpinBox))


def _sequence(event: QKeyEvent) -> QKeySequence:
    mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
    return QKeySequence(event.keyCombination().key().value | mods.value)


class KeyboardFlow(QObject):
    """The application event filter described in the module docstring, for ``window``
    and the ``actions`` whose keys it passes on. It goes when the window goes."""

    def __init__(self, window: QWidget, actions: Sequence[QAction]) -> None:
        super().__init__(window)
        self._window = window
        self._actions = list(actions)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def add_actions(self, actions: Sequence[QAction]) -> None:
        """Pass on the keys of ``actions`` too (e.g. the time travel's, built later)."""
        self._actions.extend(a for a in actions if a not in self._actions)

    @property
    def actions(self) -> list[QAction]:
        return list(self._actions)

    def _ours(self, widget: QWidget) -> bool:
        w: QWidget | None = widget
        while w is not None:  # floating docks are windows of their own: walk the parents
            if w is self._window:
                return True
            w = w.parentWidget()
        return False

    @staticmethod
    def editing(widget: QWidget) -> bool:
        """Is ``widget`` being edited (so it keeps Space and the arrows)?"""
        return bool(widget.property(EDITING_PROPERTY))

    def action_for(self, event: QKeyEvent) -> QAction | None:
        seq = _sequence(event)
        for act in self._actions:
            if act.isEnabled() and any(
                s.matches(seq) == QKeySequence.SequenceMatch.ExactMatch for s in act.shortcuts()
            ):
                return act
        return None

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        kind = event.type()
        if kind not in (QEvent.Type.KeyPress, QEvent.Type.FocusIn):
            return False
        if not isinstance(obj, QWidget) or not is_text_field(obj) or not self._ours(obj):
            return False
        if kind == QEvent.Type.FocusIn:
            if isinstance(event, QFocusEvent) and event.reason() in _USER_FOCUS:
                obj.setProperty(EDITING_PROPERTY, True)
            return False
        assert isinstance(event, QKeyEvent)
        key = event.key()
        if key in _ENTER:
            obj.setProperty(EDITING_PROPERTY, False)  # the field still gets its Enter
            return False
        if key in _MODIFIER_KEYS:
            return False
        if not self.editing(obj):
            act = self.action_for(event)
            if act is not None:
                act.trigger()
                return True
        obj.setProperty(EDITING_PROPERTY, True)
        return False
