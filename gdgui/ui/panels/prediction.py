"""The "Prediction" part of the side column: ŷ at an x of your choice."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ...core.experiment import Experiment
from .readouts import DIGITS, full_text
from .widgets import FloatEdit, Section, form_layout, format_number, mono_font, tr

__all__ = ["PredictionSection"]

# --- prediction -----------------------------------------------------------------------------


class PredictionSection(Section):
    """ŷ at an x of your choice: with the current parameters and before training.

    The x is a view setting, not part of the experiment (changing it never resets
    the run); it starts at the experiment's first ``predict`` value, else at the
    largest x of the data.
    """

    def __init__(self, edit: Callable[..., bool], parent: QWidget | None = None):
        super().__init__(edit, parent)
        self.x_edit = FloatEdit(
            4.0, name=tr("Predict at x"), tip=tr("The x to predict ŷ at, on the data's own scale")
        )
        self._now_tip = tr("ŷ at x with the current parameters")
        self._before_tip = tr("ŷ at x with the parameters the run started from (step 0)")
        mono = mono_font()
        self.now_label = QLabel("–")
        self.before_label = QLabel("–")
        for label, name, tip in (
            (self.now_label, tr("Prediction now"), self._now_tip),
            (self.before_label, tr("Prediction before training"), self._before_tip),
        ):
            label.setFont(mono)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            label.setAccessibleName(name)
            label.setToolTip(tip)
        form = form_layout()
        form.addRow(tr("x ="), self.x_edit)
        form.addRow(tr("ŷ now"), self.now_label)
        form.addRow(tr("ŷ before training"), self.before_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        self._user_x = False  # typed by the user: kept until another experiment opens
        self._source: tuple = ()
        self._max_x: tuple[Any, float] = (None, 4.0)
        self._controller: Any = None
        self.x_edit.value_changed.connect(self._on_x)

    def x(self) -> float:
        return self.x_edit.value()

    def show_experiment(self, exp: Experiment, problem: Any) -> None:
        self.experiment = exp
        predict = exp.predict
        source = (exp.name, predict)
        if source != self._source:
            self._source = source
            self._user_x = False
        if not self._user_x:
            x = float(predict[0]) if predict else self._largest_x(problem)
            self.x_edit.set_value(x)
        self._refresh()

    def _largest_x(self, problem: Any) -> float:
        """The data's largest x (4 without data), computed once per problem: an edit
        that keeps the problem (a hyperparameter) makes no pass over the points."""
        if self._max_x[0] is not problem:
            data_x = getattr(problem, "x", None)
            x = float(np.max(data_x)) if data_x is not None and len(data_x) else 4.0
            self._max_x = (problem, x)
        return self._max_x[1]

    def update_from(self, controller: Any) -> None:
        """Show ŷ for the controller's history (the window's render tick calls this)."""
        self._controller = controller
        self._refresh()

    def _on_x(self, _v: float) -> None:
        self._user_x = True
        self._refresh()

    def _refresh(self) -> None:
        c = self._controller
        problem = getattr(c, "problem", None)
        h = getattr(c, "history", None)
        if (
            problem is None
            or h is None
            or not len(h)
            or not callable(getattr(problem, "predict", None))
            or h.params.shape[1] != len(problem.param_names)
        ):
            self.now_label.setText("–")
            self.before_label.setText("–")
            return
        x = self.x()
        with np.errstate(all="ignore"):
            now = problem.predict(h.params[-1], x)
            before = problem.predict(h.params[0], x)
        for label, v, tip in (
            (self.now_label, now, self._now_tip),
            (self.before_label, before, self._before_tip),
        ):
            label.setText(format_number(v, DIGITS))
            label.setToolTip(tr("{0}\nExactly: {1}").format(tip, full_text(v)))
