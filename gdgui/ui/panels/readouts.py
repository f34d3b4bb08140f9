"""The strip above the plots: state, progress and the latest numbers of the run.

Parameters and gradients are shown on the scale people see
(:meth:`Problem.shown_params`, :meth:`Problem.shown_grad`): for a problem with
standardized x that is the original scale, not the one the optimizer walks in.
Where the optimum is known (line problems, surfaces with known minima) two more
numbers say how far the run still has to go: the distance to the optimum (the
nearest minimum) and the loss above the optimal loss. With a learning-rate schedule
the rate of the latest step shows too ("η = 0.0042 (cosine)"; before the first step,
the rate the first step will take).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QSizePolicy, QVBoxLayout, QWidget

from ...core import optimizers, schedules
from ...core.plotmath import optimum_targets
from ..core_text import core_text
from .widgets import ERROR_COLOR, discard, format_number, mono_font

__all__ = ["DIGITS", "STATE_COLORS", "Readouts", "full_text", "optimum_targets"]

STATE_COLORS = {
    "ready": "#6b7280",
    "running": "#2f7de1",
    "paused": "#b7791f",
    "finished": "#2e9d5b",
    "converged": "#2e9d5b",
    "diverged": ERROR_COLOR,
    "failed": ERROR_COLOR,
}


#: significant digits the readouts show (the tooltip has every digit)
DIGITS = 6


def _short(v: float) -> str:
    return format_number(v, DIGITS)


def full_text(v: float) -> str:
    """``v`` with every digit (the shortest text that reads back as the same float)."""
    v = float(v) + 0.0
    return repr(v) if np.isfinite(v) else str(v)


def epoch_text(step: int, steps_per_epoch: int) -> str:
    """The epoch readout after ``step`` steps: the (0-based) epoch in which step ``step`` was
    taken, as the history, the step log, the CSV and the tutorial's printout count it
    ((step − 1) // steps per epoch; 0 before any step), and with several steps per epoch
    the step's place in it ("0 · 2/3")."""
    if step <= 0:
        return "0"
    epoch, within = divmod(step - 1, steps_per_epoch)
    return f"{epoch:,}" + (f" · {within + 1}/{steps_per_epoch}" if steps_per_epoch > 1 else "")


class Readouts(QWidget):
    """State, progress and the latest numbers of the run, above the plots."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.state = QLabel()
        self.state.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.state.setMinimumWidth(150)
        self.state.setAccessibleName(self.tr("State"))
        self.progress = QProgressBar()
        self.progress.setTextVisible(True)
        self.progress.setAccessibleName(self.tr("Progress"))
        self.progress.setToolTip(self.tr("Steps taken toward the run's step limit"))
        self.progress.setMaximumHeight(18)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.setAccessibleName(self.tr("Message"))
        self._mono = mono_font()
        self.values: dict[str, QLabel] = {}
        self._captions: dict[str, QLabel] = {}
        self._tips: dict[str, str] = {}
        self._numbers = QHBoxLayout()
        self._numbers.setSpacing(18)
        self._layout_key: tuple = ()
        self._status = ""
        self._problem: Any = None
        self._target: tuple[str, np.ndarray, float] | None = None
        self._lr_start: tuple[Any, float] = (None, float("nan"))

        top = QHBoxLayout()
        top.addWidget(self.state)
        top.addWidget(self.progress, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 4)
        layout.setSpacing(5)
        layout.addLayout(top)
        layout.addLayout(self._numbers)
        layout.addWidget(self.message)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)

    def _build(self, names: tuple[str, ...], target: str | None, scheduled: bool = False) -> None:
        while self._numbers.count():
            item = self._numbers.takeAt(0)
            discard(item.widget())
            if item.layout() is not None:
                while item.layout().count():
                    discard(item.layout().takeAt(0).widget())
        self.values, self._captions, self._tips = {}, {}, {}
        keys = [
            ("step", self.tr("step"), self.tr("Steps taken / the step limit")),
            (
                "epoch",
                self.tr("epoch"),
                self.tr(
                    "The (0-based) epoch in which the last step was taken, as the tutorial "
                    "and the step log count it; i/n: that step's place in its epoch"
                ),
            ),
            ("loss", self.tr("loss"), self.tr("The full-data loss L at the current parameters")),
        ]
        keys += [(f"param:{n}", n, self.tr("The current value of {0}").format(n)) for n in names]
        keys += [
            (f"grad:{n}", f"∂L/∂{n}", self.tr("The full-data gradient ∂L/∂{0}").format(n))
            for n in names
        ]
        if target == "line":
            keys += [
                (
                    "distance",
                    self.tr("‖θ − θ*‖"),
                    self.tr(
                        "Distance from the current parameters θ to the least-squares "
                        "parameters θ*, on the data's own scale"
                    ),
                ),
                (
                    "gap",
                    self.tr("L − L*"),
                    self.tr(
                        "How far the loss is above the least-squares loss L* (the "
                        "smallest any line can reach)"
                    ),
                ),
            ]
        elif target == "minima":
            keys += [
                (
                    "distance",
                    self.tr("to minimum"),
                    self.tr("Distance from the current point to the nearest known minimum"),
                ),
                (
                    "gap",
                    self.tr("f − f_min"),
                    self.tr("How far f is above its smallest value f_min"),
                ),
            ]
        if scheduled:
            keys.append(
                (
                    "lr",
                    self.tr("learning rate"),
                    self.tr(
                        "The learning rate η of the latest step, as the schedule "
                        "set it (before the first step: the rate it will take)"
                    ),
                )
            )
        for key, caption, tip in keys:
            box = QVBoxLayout()
            box.setSpacing(0)
            cap = QLabel(caption)
            cap.setProperty("role", "muted")
            cap.setToolTip(tip)
            val = QLabel("–")
            val.setFont(self._mono)
            val.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            val.setToolTip(tip)
            val.setAccessibleName(caption)
            self._tips[key] = tip
            box.addWidget(cap)
            box.addWidget(val)
            self._numbers.addLayout(box)
            self.values[key] = val
            self._captions[key] = cap
        self._numbers.addStretch(1)

    def value_text(self, key: str) -> str:
        """The text shown for ``key``: "step", "epoch", "loss", "param:w", "grad:w",
        "distance" (to the optimum), "gap" (the loss above the optimal loss) or "lr" (the
        scheduled learning rate, only with a schedule)."""
        return self.values[key].text()

    def _set_problem(self, problem: Any) -> None:
        if problem is self._problem:
            return
        self._problem = problem
        try:
            self._target = optimum_targets(problem)
        except (ValueError, TypeError, ArithmeticError):
            self._target = None

    def update_from(self, controller: Any) -> None:
        """Show the controller's status and the last row of its history."""
        h = controller.history
        problem = getattr(controller, "problem", None)
        self._set_problem(problem)
        names = tuple(problem.shown_names if problem is not None else h.param_names)
        if len(names) != len(h.param_names):
            names = tuple(h.param_names)
            problem = None
        target = self._target[0] if self._target is not None else None
        exp = getattr(controller, "experiment", None)
        schedule = getattr(exp, "schedule", None)
        if (names, target, schedule is not None) != self._layout_key:
            self._build(names, target, schedule is not None)
            self._layout_key = (names, target, schedule is not None)
        status = controller.status
        n = len(h)
        step = controller.step_count
        if status == "diverged":
            state = self.tr("Diverged at step {0}").format(step)
        else:
            state = {
                "ready": self.tr("Ready"),
                "running": self.tr("Running"),
                "paused": self.tr("Paused"),
                "finished": self.tr("Finished"),
                "failed": self.tr("Stopped by an error"),
                "converged": self.tr("Converged at step {0}").format(step),
            }.get(status, status)
        if state != self.state.text():
            self.state.setText(state)
            self.state.setToolTip(self.tr("State of the run: {0}").format(state))
        if status != self._status:  # restyle only on a change (style sheets are not free)
            self._status = status
            color = STATE_COLORS.get(status, "#6b7280")
            self.state.setStyleSheet(
                f"QLabel {{ background: {color}; color: white; border-radius: 9px; "
                "padding: 2px 12px; font-weight: 600; }"
            )
            pal = self.progress.palette()
            pal.setColor(QPalette.ColorRole.Highlight, QColor(color))
            self.progress.setPalette(pal)
            bad = status in ("diverged", "failed")
            self.message.setStyleSheet(f"color: {ERROR_COLOR};" if bad else "")
        maxs = max(int(controller.max_steps), 0)
        scale = max(1, -(-maxs // 1_000_000_000))  # QProgressBar holds 32-bit ints
        self.progress.setRange(0, max(maxs // scale, 1))
        self.progress.setValue(min(step, maxs) // scale)
        pct = 100.0 * step / maxs if maxs else 100.0
        self.progress.setFormat(
            self.tr("{0} / {1} steps ({2}%)").format(f"{step:,}", f"{maxs:,}", f"{pct:.0f}")
        )
        spe = max(int(controller.steps_per_epoch), 1)
        self.values["step"].setText(f"{step:,}")
        self.values["epoch"].setText(epoch_text(step, spe))
        if n:
            self._show_row(h, names, problem)
        if schedule is not None:
            self._show_lr(h, exp, schedule)
        msg = core_text(controller.message)
        if not msg:
            speed = getattr(controller, "speed", 0)
            pace = (
                self.tr("as fast as it goes")
                if not speed
                else self.tr("{0} steps per second").format(f"{speed:,.0f}")
            )
            msg = {
                "ready": self.tr("Press Run (Space) to start, or Step (→) to take one step."),
                "running": self.tr(
                    "Running, {0}. Space pauses; changes to the optimizer's "
                    "settings apply at the next step."
                ).format(pace),
                "paused": self.tr(
                    "Paused. Run (Space) goes on; Step (→) takes one step, "
                    "Shift+→ the rest of the epoch."
                ),
            }.get(status, "")
        if msg != self.message.text():
            self.message.setText(msg)

    def _show_row(self, h: Any, names: tuple[str, ...], problem: Any) -> None:
        loss = float(h.loss[-1])
        params, grad = h.params[-1], h.grad[-1]
        if problem is not None:
            params = np.asarray(problem.shown_params(params), dtype=float)
            grad = np.asarray(problem.shown_grad(grad), dtype=float)
        self._show_value("loss", loss)
        for j, name in enumerate(names):
            self._show_value(f"param:{name}", params[j])
            self._show_value(f"grad:{name}", grad[j])
        if "distance" in self.values and self._target is not None:
            _kind, points, best = self._target
            with np.errstate(all="ignore"):
                dist = float(np.min(np.linalg.norm(points - params, axis=1)))
            self._show_value("distance", dist)
            self._show_value("gap", loss - best)

    def _show_lr(self, h: Any, exp: Any, schedule: Any) -> None:
        """The scheduled rate of the latest step (of the first one, before it is taken)."""
        lr = h.lr
        v = float(lr[-1]) if lr is not None and len(lr) > 1 else float("nan")
        if not np.isfinite(v):  # no step yet: the rate the schedule starts with
            key = (exp.optimizer_name, exp.hyperparams.get("lr"), schedule)
            if key != self._lr_start[0]:
                try:
                    base = {**optimizers.get(exp.optimizer_name).defaults(), **exp.hyperparams}[
                        "lr"
                    ]
                    start = float(schedules.make(schedule).init(float(base)).lr)
                except (ValueError, KeyError):
                    start = float("nan")
                self._lr_start = (key, start)
            v = self._lr_start[1]
        self._show_value("lr", v, self.tr("η = {0} ({1})").format(_short(v), schedule["name"]))

    def _show_value(self, key: str, v: float, text: str | None = None) -> None:
        """``v`` to :data:`DIGITS` significant digits; every digit in the tooltip."""
        label = self.values[key]
        text = _short(v) if text is None else text
        if text != label.text():
            label.setText(text)
        tip = self.tr("{0}\nExactly: {1}").format(self._tips[key], full_text(v))
        if tip != label.toolTip():
            label.setToolTip(tip)
