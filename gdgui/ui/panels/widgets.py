"""Small widgets and helpers the side column is built from.

:class:`FloatEdit` (one number typed as text, validated as you type),
:class:`NumberField` (a slider plus a FloatEdit), the base class
:class:`Section` of the side column's parts, and helpers that make labelled,
named controls (every control has a tooltip and an accessible name).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QSignalBlocker, QSize, Qt, Signal
from PySide6.QtGui import QFont, QFontDatabase, QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSlider,
    QSpinBox,
    QWidget,
)

from ...core.experiment import Experiment, ExperimentError
from ...core.messages import Message
from ..core_text import core_text

__all__ = [
    "ENTER_KEYS",
    "ERROR_COLOR",
    "WARNING_COLOR",
    "FloatEdit",
    "NumberField",
    "Section",
    "combo_box",
    "discard",
    "error_label",
    "error_text",
    "form_layout",
    "give_focus_back",
    "format_number",
    "keep_arrow_keys",
    "mono_font",
    "muted_label",
    "named",
    "nonnegative",
    "set_combo",
    "set_spin",
    "short",
    "spin_box",
    "tr",
]

ERROR_COLOR = "#e5484d"  # readable on the dark and the light theme
WARNING_COLOR = "#d35400"  # a valid value that will not do what one hopes (both themes)


def tr(text: str) -> str:  # the empty context: where pyside6-lupdate files bare tr() calls
    return QCoreApplication.translate("", text)


def format_number(v: float, digits: int = 10) -> str:
    """A number as the readouts and the step log show it."""
    v = float(v) + 0.0  # + 0.0 turns −0 into 0
    if not math.isfinite(v):
        return str(v)
    return f"{v:.{digits}g}"


def short(v: float) -> str:
    return f"{float(v):.6g}"


def named(widget: QWidget, name: str, tip: str) -> QWidget:
    """Give ``widget`` an accessible name and a tooltip (every control has both)."""
    widget.setAccessibleName(name)
    widget.setToolTip(tip)
    return widget


def error_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setStyleSheet(f"color: {ERROR_COLOR};")
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setVisible(False)
    return label


def discard(widget: QWidget | None) -> None:
    """Take a widget out of the window at once (deleteLater alone waits for the event loop)."""
    if widget is not None:
        widget.hide()
        widget.setParent(None)
        widget.deleteLater()


def nonnegative(v: float) -> str | None:
    return None if v >= 0 else tr("must be >= 0, got {0:g}").format(v)


def error_text(e: ExperimentError) -> str:
    return "\n".join(
        core_text(Message("{path}: {error}", path=p, error=m) if p else m) for p, m in e.errors
    )


class _SliderKeys(QObject):
    """Arrow keys move a focused slider instead of triggering Step (→) and friends."""

    KEYS = {
        Qt.Key.Key_Left,
        Qt.Key.Key_Right,
        Qt.Key.Key_Up,
        Qt.Key.Key_Down,
        Qt.Key.Key_Home,
        Qt.Key.Key_End,
        Qt.Key.Key_PageUp,
        Qt.Key.Key_PageDown,
    }

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        plain = (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier)
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and event.key() in self.KEYS
            and event.modifiers() in plain
        ):
            event.accept()
        return False


_slider_keys: _SliderKeys | None = None


ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


def give_focus_back(widget: QWidget) -> None:
    """Hand the keyboard focus from ``widget`` to its window, so the window's own keys
    (Space runs, → steps) work again after Enter committed a text field."""
    win = widget.window()
    widget.clearFocus()
    if win is not widget:
        win.setFocus(Qt.FocusReason.OtherFocusReason)


def keep_arrow_keys(slider: QSlider) -> None:
    global _slider_keys
    if _slider_keys is None:
        _slider_keys = _SliderKeys()
    slider.installEventFilter(_slider_keys)


# --- number editors -------------------------------------------------------------------------


class FloatEdit(QLineEdit):
    """One number, typed as text (``0.01``, ``3e-4``).

    Invalid text turns red with the reason in its tooltip; the previous value is
    kept until the text is fixed (Escape restores it). ``value_changed`` is
    emitted only for valid, new values, when editing finishes.
    """

    value_changed = Signal(float)

    def __init__(
        self,
        value: float,
        *,
        name: str,
        tip: str,
        check: Callable[[float], str | None] | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self._value = float(value)
        self._check = check
        self._tip = tip
        self._error = ""
        named(self, name, tip)
        self.setText(short(value))
        self.setMinimumWidth(48)
        self.editingFinished.connect(self._commit)
        self.textEdited.connect(self._validate)

    def value(self) -> float:
        return self._value

    @property
    def error(self) -> str:
        return self._error

    def set_value(self, value: float) -> None:
        """Show ``value`` (no signal); clears an error."""
        value = float(value)
        if value != self._value or self._error or self.text() != short(value):
            if self.hasFocus() and not self._error and self._parse(self.text())[0] == value:
                self._value = value  # the user's own spelling of the same number stays
                return
            self._value = value
            with QSignalBlocker(self):
                self.setText(short(value))
            self.show_error("")

    def show_error(self, message: str) -> None:
        """Red with ``message`` as the tooltip, or normal again for ``""``."""
        self._error = message
        self.setStyleSheet(
            f"QLineEdit {{ color: {ERROR_COLOR}; border: 1px solid {ERROR_COLOR}; }}"
            if message
            else ""
        )
        self.setToolTip(message if message else self._tip)

    def _parse(self, text: str) -> tuple[float | None, str]:
        t = text.strip().replace("−", "-").replace("\u2009", "").replace(" ", "")
        try:
            v = float(t)
        except ValueError:
            return None, tr("not a number: {0!r}; type e.g. 0.01 or 3e-4").format(text)
        if not math.isfinite(v):
            return None, tr("must be a finite number, got {0}").format(text)
        if self._check is not None:
            msg = self._check(v)
            if msg:
                return None, core_text(msg)
        return v, ""

    def _validate(self, text: str) -> None:
        self.show_error(self._parse(text)[1])

    def _commit(self) -> None:
        v, msg = self._parse(self.text())
        self.show_error(msg)
        if v is None:
            return
        if v != self._value:
            self._value = v
            self.value_changed.emit(v)

    def recheck(self) -> None:
        """Check the text again (a partner field changed); take it, silently, when valid."""
        v, msg = self._parse(self.text())
        self.show_error(msg)
        if v is not None:
            self._value = v

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt's name)
        if event.key() == Qt.Key.Key_Escape and self._error:
            self.set_value(self._value)
            return
        super().keyPressEvent(event)
        if event.key() in ENTER_KEYS and not self._error:  # committed: the window's keys again
            give_focus_back(self)


class _SpinBox(QSpinBox):
    """A spin box whose Enter commits and hands the focus back to the window."""

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt's name)
        super().keyPressEvent(event)
        if event.key() in ENTER_KEYS:
            give_focus_back(self)


class NumberField(QWidget):
    """A slider over a sensible range (log scale for learning rates) plus a :class:`FloatEdit`.

    Typed values outside the slider's range are accepted when valid; the slider
    then rests at its end.
    """

    value_changed = Signal(float)
    STEPS = 1000

    def __init__(
        self,
        value: float,
        *,
        ui_range: tuple[float, float],
        log: bool,
        name: str,
        tip: str,
        check: Callable[[float], str | None] | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        lo, hi = ui_range
        self._log = log and lo > 0
        self._lo, self._hi = (math.log10(lo), math.log10(hi)) if self._log else (lo, hi)
        self.slider = QSlider(Qt.Orientation.Horizontal)
        keep_arrow_keys(self.slider)
        self.slider.setRange(0, self.STEPS)
        self.slider.setPageStep(self.STEPS // 20)
        scale = tr("log scale, ") if self._log else ""
        named(
            self.slider,
            tr("{0} slider").format(name),
            tr("{0}\nSlider: {1}{2:g} to {3:g}").format(tip, scale, lo, hi),
        )
        self.edit = FloatEdit(value, name=name, tip=tip, check=check)
        self.edit.setMaximumWidth(88)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.slider, 1)
        layout.addWidget(self.edit)
        self._move_slider(value)
        self.drags = 0  #: slider drags so far: the steps of one drag are one undo step
        self.slider.sliderPressed.connect(self._on_press)
        self.slider.valueChanged.connect(self._on_slider)
        self.edit.value_changed.connect(self._on_edit)

    def value(self) -> float:
        return self.edit.value()

    def set_value(self, value: float) -> None:
        self.edit.set_value(value)
        self._move_slider(value)

    def show_error(self, message: str) -> None:
        self.edit.show_error(message)

    def _on_press(self) -> None:
        self.drags += 1

    def drag_key(self) -> tuple[int, int] | None:
        """A key shared by the edits of the slider drag in progress (None: no drag)."""
        return (id(self), self.drags) if self.slider.isSliderDown() else None

    def _to_value(self, pos: int) -> float:
        t = self._lo + (self._hi - self._lo) * pos / self.STEPS
        if self._log:
            return float(f"{10.0**t:.2g}")
        step = (self._hi - self._lo) / self.STEPS
        decimals = max(0, -math.floor(math.log10(step))) if step > 0 else 3
        return round(t, decimals)

    def _move_slider(self, value: float) -> None:
        if self.slider.isSliderDown():
            return  # the user is dragging it: do not snap the handle under the mouse
        t = (math.log10(value) if value > 0 else self._lo) if self._log else value
        span = self._hi - self._lo
        pos = round((t - self._lo) / span * self.STEPS) if span > 0 else 0
        with QSignalBlocker(self.slider):
            self.slider.setValue(max(0, min(self.STEPS, pos)))

    def _on_slider(self, pos: int) -> None:
        v = self._to_value(pos)
        if v == self.edit.value():
            return
        self.edit.set_value(v)
        self.value_changed.emit(v)

    def _on_edit(self, v: float) -> None:
        self._move_slider(v)
        self.value_changed.emit(v)


def spin_box(low: int, high: int, value: int, *, name: str, tip: str) -> QSpinBox:
    spin = _SpinBox()
    spin.setRange(low, high)
    spin.setValue(value)
    spin.setKeyboardTracking(False)  # valueChanged when typing is finished
    spin.setGroupSeparatorShown(True)
    spin.setMinimumWidth(56)  # not the width of the largest allowed value
    named(spin, name, tip)
    return spin


def combo_box(items: Sequence[tuple[str, Any]], *, name: str, tip: str) -> QComboBox:
    combo = QComboBox()
    for text, data in items:
        combo.addItem(text, data)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(8)
    named(combo, name, tip)
    return combo


def set_combo(combo: QComboBox, data: Any) -> bool:
    i = combo.findData(data)
    if i < 0:
        return False
    with QSignalBlocker(combo):
        combo.setCurrentIndex(i)
    return True


def set_spin(spin: QSpinBox, value: int) -> None:
    if spin.value() != value:
        with QSignalBlocker(spin):
            spin.setValue(value)


def form_layout() -> QFormLayout:
    form = QFormLayout()
    form.setContentsMargins(0, 0, 0, 0)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    form.setHorizontalSpacing(10)
    form.setVerticalSpacing(6)
    return form


def mono_font() -> QFont:
    """The system's fixed-width font (formulas, numbers, the caret under an error)."""
    return QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)


def muted_label(text: str = "", *, mono: bool = False, wrap: bool = True) -> QLabel:
    """Secondary text: selectable, wrapped, in the theme's muted colour."""
    label = QLabel(text)
    label.setWordWrap(wrap)
    label.setProperty("role", "muted")
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if mono:
        label.setFont(mono_font())
    return label


# --- sections -------------------------------------------------------------------------------


class Section(QWidget):
    """A part of the side column that edits some fields of the experiment.

    ``edit(widget, **changes)`` hands changes to the experiment and shows a
    refusal inline. The collapsible around a section sizes itself from
    :meth:`sizeHint`, which here is the height the section needs at its
    current width (wrapped labels included); :attr:`reshaped` asks it to
    measure again after rows or texts changed.
    """

    #: rows were shown or hidden, or texts changed: the collapsible must re-measure
    reshaped = Signal()

    def __init__(self, edit: Callable[..., bool], parent: QWidget | None = None):
        super().__init__(parent)
        self._edit_experiment = edit
        self.error_label = error_label()
        self.experiment: Experiment | None = None

    def edit(self, _widget: QWidget | None = None, **changes: Any) -> bool:
        """Apply ``changes`` to the experiment; on failure show why, beside ``_widget``."""
        try:
            self._edit_experiment(_source=_widget, **changes)
        except ExperimentError as e:
            self.show_error(error_text(e), _widget)
            return False
        self.show_error("")
        return True

    def show_error(self, message: str, widget: QWidget | None = None) -> None:
        self.error_label.setText(message)
        if self.error_label.isVisibleTo(self) != bool(message) or message:
            self.error_label.setVisible(bool(message))
            self.reshaped.emit()
        if isinstance(widget, (FloatEdit, NumberField)):
            widget.show_error(message)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        # The width is the current one too: a parent's size hint asks for the height at
        # the hint's width (QLayout.totalSizeHint), and at a wider width than the real
        # one wrapped labels take fewer lines than they will.
        hint = super().sizeHint()
        layout = self.layout()
        width = self.width()
        if layout is not None and layout.hasHeightForWidth() and width > 0:
            return QSize(width, layout.totalHeightForWidth(width))
        return hint

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.updateGeometry()  # wrapped labels take a new height at the new width
            self.reshaped.emit()
