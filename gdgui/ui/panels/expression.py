"""Your own f(x, y), typed as text and checked as it is typed."""

from __future__ import annotations

import re
from collections.abc import Callable

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtGui import QFontMetrics, QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)
from superqt.utils import qdebounced

from ...core.expr import ExprError, Expression
from ..core_text import core_text
from .widgets import (
    ENTER_KEYS,
    ERROR_COLOR,
    give_focus_back,
    mono_font,
    muted_label,
    named,
    tr,
)

__all__ = ["CUSTOM", "DEFAULT_EXPRESSION", "ExpressionEditor", "caret_lines", "elide"]

CUSTOM = "custom"
DEFAULT_EXPRESSION = "x**2 - y**2 + 0.1*sin(3*x)"
#: how long typing must pause before f(x, y) is checked and applied
CHECK_DELAY_MS = 300
#: the gradient label shows this many characters of each partial (the rest: "…")
GRADIENT_CHARS = 160
#: and its tooltip this many of the whole gradient
GRADIENT_TIP_CHARS = 1500
_ZWSP = "\u200b"  # a break opportunity: long formulas wrap after an operator


def _breakable(formula: str) -> str:
    """``formula`` with break opportunities after operators, commas and parentheses."""
    return re.sub(r"(\*\*|[*/(,^])", r"\1" + _ZWSP, formula)


def elide(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters, the cut marked with "…"."""
    return text if len(text) <= limit else text[: max(limit - 1, 0)] + "…"


def caret_lines(text: str, column: int | None, width: int = 34) -> str:
    """Two lines: (a window of) ``text`` and a ``^`` under the 1-based ``column``.

    ``width`` characters of text at most, cut with "…" around the column so the
    caret stays under the right character in a fixed-width font.
    """
    text = text.replace("\t", " ").replace("\n", " ").replace("\r", " ")
    if column is None:
        return text[:width]
    col = min(max(column - 1, 0), len(text))
    width = max(width, 8)
    start = max(0, col - width // 2)
    end = min(len(text), start + width)
    start = max(0, min(start, end - width))
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(text) else ""
    return f"{prefix}{text[start:end]}{suffix}\n{' ' * (len(prefix) + col - start)}^"


class _ExpressionLine(QLineEdit):
    """The f(x, y) text field: Escape brings back the function in use; Enter applies a
    valid function and hands the focus back to the window."""

    escaped = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt's name)
        if event.key() == Qt.Key.Key_Escape:
            self.escaped.emit()
            return
        super().keyPressEvent(event)
        if event.key() in ENTER_KEYS and not self.property("invalid"):
            give_focus_back(self)  # applied: Space runs again


class ExpressionEditor(QWidget):
    """f(x, y) as text: checked ~300 ms after typing pauses (at once on Enter).

    An error shows its message and a caret under its column; the function last
    applied stays in use. A valid new text is handed to ``apply(text) -> bool``
    and its exact gradient shown as formulas.
    """

    def __init__(
        self,
        apply: Callable[[str], bool],
        reshaped: Callable[[], None],
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self._apply = apply
        self._reshaped = reshaped
        self._valid = ""  # the text in use (what the experiment holds)
        self._error: ExprError | None = None
        self.edit = _ExpressionLine()
        self.edit.setFont(mono_font())
        self.edit.setPlaceholderText(DEFAULT_EXPRESSION)
        self.edit.setClearButtonEnabled(False)
        self._tip = tr(
            "Your function of x and y, e.g. x**2 - y**2 + 0.1*sin(3*x).\n"
            "Operators + - * / ** (or ^); constants pi, e; functions sin cos tan exp "
            "log log10 log2 sqrt abs sign step sinh cosh tanh asin acos atan min max.\n"
            "Checked as you type; the last valid function stays in use until the text "
            "is fixed (Escape brings it back)."
        )
        named(self.edit, tr("Function f(x, y)"), self._tip)
        self.caret = QLabel()
        self.caret.setFont(mono_font())
        self.caret.setStyleSheet(f"color: {ERROR_COLOR};")
        self.caret.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.caret.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.caret.setAccessibleName(tr("Where the error is"))
        self.caret.setVisible(False)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet(f"color: {ERROR_COLOR};")
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.setAccessibleName(tr("Function error"))
        self.message.setVisible(False)
        self.gradient = muted_label(mono=True)
        self.gradient.setAccessibleName(tr("Gradient of f"))
        self._gradient_tip = tr(
            "The exact gradient of f, derived symbolically: what the optimizer follows"
        )
        self.gradient.setToolTip(self._gradient_tip)
        self.gradient.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self._pending = False
        self._check_later = qdebounced(self.check_now, timeout=CHECK_DELAY_MS, parent=self)
        self.edit.textEdited.connect(self._on_edited)
        self.edit.editingFinished.connect(self.check_now)
        self.edit.escaped.connect(self.revert)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(3)
        layout.addWidget(self.edit)
        layout.addWidget(self.caret)
        layout.addWidget(self.message)
        layout.addWidget(self.gradient)

    # --- state -------------------------------------------------------------------------------
    @property
    def valid_text(self) -> str:
        """The function in use."""
        return self._valid

    @property
    def error(self) -> str:
        """The error of the text as typed ("" when valid)."""
        return str(self._error) if self._error is not None else ""

    @property
    def pending(self) -> bool:
        """Typed but not yet checked."""
        return self._pending

    def set_expression(self, text: str) -> None:
        """Show ``text`` (the experiment's function); text being typed is left alone
        while the experiment still holds the function it replaces."""
        if text == self._valid:
            return
        self._stop()
        self._valid = text
        if self.edit.text() != text:
            with QSignalBlocker(self.edit):
                self.edit.setText(text)
                self.edit.setCursorPosition(0)
        self._show_error(None)
        self._show_gradient(text)

    def revert(self) -> None:
        """Back to the function in use (drops the text being typed)."""
        self._stop()
        with QSignalBlocker(self.edit):
            self.edit.setText(self._valid)
        self._show_error(None)

    def _stop(self) -> None:
        self._pending = False
        self._check_later.cancel()

    # --- checking ----------------------------------------------------------------------------
    def _on_edited(self, text: str) -> None:
        if _ZWSP in text:  # pasted from the gradient formulas
            pos = self.edit.cursorPosition() - text[: self.edit.cursorPosition()].count(_ZWSP)
            self.edit.setText(text.replace(_ZWSP, ""))
            self.edit.setCursorPosition(pos)
        self._pending = True
        self._check_later()

    def check_now(self) -> None:
        """Check the text now; apply it when it is valid and new."""
        self._stop()
        text = self.edit.text()
        try:
            expression = Expression(text)
        except ExprError as e:
            self._show_error(e)
            return
        self._show_error(None)
        if text == self._valid:
            return
        self._show_gradient(expression)
        previous, self._valid = self._valid, text
        if not self._apply(text):
            self._valid = previous
            self._show_gradient(previous)

    def _show_error(self, error: ExprError | None) -> None:
        self._error = error
        if error is None:
            changed = self.message.isVisibleTo(self)
            self.caret.setVisible(False)
            self.message.setVisible(False)
            self.edit.setStyleSheet("")
            self.edit.setProperty("invalid", False)
            self.edit.setToolTip(self._tip)
        else:
            text = (
                tr("{0} at column {1}").format(core_text(error.message), error.column)
                if error.column is not None
                else core_text(error.message)
            )
            self.message.setText(text + tr(" (the last valid function stays in use)"))
            self.caret.setText(caret_lines(self.edit.text(), error.column, self._caret_width()))
            self.caret.setVisible(error.column is not None)
            self.message.setVisible(True)
            self.edit.setStyleSheet(f"QLineEdit {{ border: 1px solid {ERROR_COLOR}; }}")
            self.edit.setProperty("invalid", True)
            self.edit.setToolTip(text)
            changed = True
        if changed:
            self._reshaped()

    def _caret_width(self) -> int:
        fm = QFontMetrics(self.caret.font())
        width = self.width() if self.width() > 50 else 300
        return max(12, (width - 4) // max(fm.horizontalAdvance("M"), 1) - 2)

    def _show_gradient(self, expression: Expression | str) -> None:
        try:
            e = expression if isinstance(expression, Expression) else Expression(expression)
        except ExprError:
            self.gradient.setText("")
            self.gradient.setToolTip(self._gradient_tip)
            return
        dx, dy = e.gradient_text()  # each at most MAX_TEXT characters (core's to_text)
        full = f"∂f/∂x = {dx}\n∂f/∂y = {dy}"
        text = (
            f"∂f/∂x = {_breakable(elide(dx, GRADIENT_CHARS))}\n"
            f"∂f/∂y = {_breakable(elide(dy, GRADIENT_CHARS))}"
        )
        tip = self._gradient_tip
        if len(dx) > GRADIENT_CHARS or len(dy) > GRADIENT_CHARS:
            tip += "\n\n" + elide(full, GRADIENT_TIP_CHARS)
        self.gradient.setToolTip(tip)
        if text != self.gradient.text():
            self.gradient.setText(text)
            self._reshaped()

    def gradient_text(self) -> str:
        """The gradient formulas as shown, without the break opportunities."""
        return self.gradient.text().replace(_ZWSP, "")

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        if self._error is not None and self._error.column is not None:
            self.caret.setText(
                caret_lines(self.edit.text(), self._error.column, self._caret_width())
            )
