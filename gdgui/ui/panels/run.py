"""The "Run" part of the side column: batch size, length, start, seed, noise,
tolerance and the speed of the animation."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from ...core.experiment import Experiment
from ..controller import SPEEDS
from .widgets import (
    FloatEdit,
    Section,
    combo_box,
    discard,
    form_layout,
    keep_arrow_keys,
    named,
    nonnegative,
    set_combo,
    set_spin,
    spin_box,
    tr,
)

__all__ = ["RunSection"]


class RunSection(Section):
    """Batch size, length, initial parameters, seed, and the speed of the animation."""

    speed_changed = Signal(float)

    def __init__(self, edit: Callable[..., bool], parent: QWidget | None = None):
        super().__init__(edit, parent)
        self.batch_combo = combo_box(
            [
                (tr("Full batch (gradient descent)"), "full"),
                (tr("1 sample (stochastic)"), "sgd"),
                (tr("Mini-batch of B"), "mini"),
            ],
            name=tr("Batch size"),
            tip=tr(
                "How many samples each step's gradient is taken over: all of them, one "
                "drawn at random, or B drawn at random (reshuffled every epoch)"
            ),
        )
        self.batch_spin = spin_box(
            2,
            10_000_000,
            8,
            name=tr("Mini-batch size B"),
            tip=tr("Samples per step in mini-batch mode"),
        )
        self.length_combo = combo_box(
            [(tr("Epochs"), "epochs"), (tr("Steps"), "steps")],
            name=tr("Length unit"),
            tip=tr("Count the run's length in epochs (passes over the data) or in steps"),
        )
        self.length_spin = spin_box(
            0,
            1_000_000_000,
            100,
            name=tr("Length"),
            tip=tr("How long the run is: it stops after this many"),
        )
        self.seed_spin = spin_box(
            0,
            2**31 - 1,
            0,
            name=tr("Random seed"),
            tip=tr("Seeds the batch order (and gradient noise): the same seed gives the same run"),
        )
        self.noise_edit = FloatEdit(
            0.0,
            name=tr("Gradient noise σ"),
            check=nonnegative,
            tip=tr(
                "Standard deviation of Gaussian noise added to every gradient the "
                "optimizer sees (0: none)"
            ),
        )
        self.tolerance_edit = FloatEdit(
            0.0,
            name=tr("Stopping tolerance"),
            check=nonnegative,
            tip=tr(
                "Stop, converged, when the full-data gradient norm ‖∇L‖ falls below this (0: never)"
            ),
        )
        self.init_box = QWidget()
        self._init_layout = QHBoxLayout(self.init_box)
        self._init_layout.setContentsMargins(0, 0, 0, 0)
        self.init_edits: list[FloatEdit] = []
        self._init_names: tuple[str, ...] = ()

        self.speed_slider = QSlider(Qt.Orientation.Horizontal)
        keep_arrow_keys(self.speed_slider)
        self.speed_slider.setRange(0, len(SPEEDS) - 1)
        self.speed_slider.setPageStep(1)
        self.speed_slider.setTickPosition(QSlider.TickPosition.TicksBelow)
        self.speed_slider.setTickInterval(1)
        named(
            self.speed_slider,
            tr("Speed"),
            tr(
                "Steps per second while running, from 1 to unlimited (as fast as the computer goes)"
            ),
        )
        self.speed_label = QLabel()
        self.speed_label.setMinimumWidth(72)
        self.speed_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        speed = QWidget()
        grid = QGridLayout(speed)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setVerticalSpacing(0)
        grid.addWidget(self.speed_slider, 0, 0, 1, 2)
        grid.addWidget(self.speed_label, 0, 2)
        slow, fast = QLabel(tr("1/s")), QLabel(tr("unlimited"))
        for lab in (slow, fast):
            lab.setProperty("role", "muted")
        fast.setAlignment(Qt.AlignmentFlag.AlignRight)
        grid.addWidget(slow, 1, 0)
        grid.addWidget(fast, 1, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)

        batch = QWidget()
        row = QHBoxLayout(batch)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.batch_combo, 1)
        row.addWidget(self.batch_spin)
        length = QWidget()
        row = QHBoxLayout(length)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.length_spin, 1)
        row.addWidget(self.length_combo)

        form = form_layout()
        form.addRow(tr("Batch"), batch)
        form.addRow(tr("Length"), length)
        self._init_label = QLabel(tr("Start"))
        form.addRow(self._init_label, self.init_box)
        form.addRow(tr("Seed"), self.seed_spin)
        form.addRow(tr("Noise σ"), self.noise_edit)
        form.addRow(tr("Tolerance"), self.tolerance_edit)
        form.addRow(tr("Speed"), speed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addWidget(self.error_label)

        self.batch_combo.currentIndexChanged.connect(self._on_batch)
        self.batch_spin.valueChanged.connect(self._on_batch)
        self.length_combo.currentIndexChanged.connect(self._on_length)
        self.length_spin.valueChanged.connect(self._on_length)
        self.seed_spin.valueChanged.connect(lambda v: self.edit(self.seed_spin, seed=v))
        self.noise_edit.value_changed.connect(
            lambda v: self.edit(self.noise_edit, gradient_noise=v)
        )
        self.tolerance_edit.value_changed.connect(self._on_tolerance)
        self.speed_slider.valueChanged.connect(self._on_speed)
        self.set_speed(20)

    # --- speed -------------------------------------------------------------------------------
    def speed(self) -> float:
        return float(SPEEDS[self.speed_slider.value()])

    def set_speed(self, steps_per_second: float) -> None:
        """Move the slider to the stop nearest ``steps_per_second`` (0 = unlimited)."""
        sps = float(steps_per_second)
        if sps <= 0:
            i = SPEEDS.index(0)
        else:
            finite = [(abs(math.log(s / sps)), k) for k, s in enumerate(SPEEDS) if s > 0]
            i = min(finite)[1]
        with QSignalBlocker(self.speed_slider):
            self.speed_slider.setValue(i)
        self._show_speed()

    def _show_speed(self) -> None:
        s = SPEEDS[self.speed_slider.value()]
        text = tr("unlimited") if s == 0 else tr("{0} steps/s").format(f"{s:,}")
        self.speed_label.setText(text)

    def _on_speed(self, _i: int) -> None:
        self._show_speed()
        self.speed_changed.emit(self.speed())

    # --- experiment --------------------------------------------------------------------------
    def show_experiment(self, exp: Experiment, problem: Any) -> None:
        self.experiment = exp
        has_data = problem.n_samples is not None
        bs = exp.batch_size
        kind = "full" if bs is None else "sgd" if bs == 1 else "mini"
        set_combo(self.batch_combo, kind)
        if kind == "mini":
            set_spin(self.batch_spin, bs)
        self.batch_spin.setVisible(kind == "mini")
        self.batch_combo.setEnabled(has_data)
        if exp.steps is not None:
            set_combo(self.length_combo, "steps")
            set_spin(self.length_spin, int(exp.steps))
        else:
            set_combo(self.length_combo, "epochs")
            set_spin(self.length_spin, int(exp.epochs or 0))
        set_spin(self.seed_spin, int(exp.seed))
        self.noise_edit.set_value(exp.gradient_noise)
        self.tolerance_edit.set_value(exp.tolerance or 0.0)
        names = tuple(problem.shown_names)  # init is given on the shown scale
        if names != self._init_names:
            self._build_init(names)
        init = exp.init
        if init is None:
            init = [float(v) for v in problem.shown_params(problem.default_init())]
        for e, v in zip(self.init_edits, init):
            e.set_value(v)

    def _build_init(self, names: tuple[str, ...]) -> None:
        while self._init_layout.count():
            item = self._init_layout.takeAt(0)
            discard(item.widget())
        self.init_edits = []
        for name in names:
            label = QLabel(f"{name} =")
            edit = FloatEdit(
                0.0,
                name=tr("Initial {0}").format(name),
                tip=tr("The value of {0} the run starts from").format(name),
            )
            edit.value_changed.connect(lambda _v, e=edit: self._on_init(e))
            self._init_layout.addWidget(label)
            self._init_layout.addWidget(edit, 1)
            self.init_edits.append(edit)
        self._init_names = names

    def _on_init(self, widget: FloatEdit) -> None:
        self.edit(widget, init=[e.value() for e in self.init_edits])

    def _on_tolerance(self, v: float) -> None:
        if self.experiment is None:
            return
        self.edit(self.tolerance_edit, tolerance=v if v > 0 else None)

    def _on_batch(self, *_args: Any) -> None:
        kind = self.batch_combo.currentData()
        self.batch_spin.setVisible(kind == "mini")
        bs = "full" if kind == "full" else 1 if kind == "sgd" else self.batch_spin.value()
        self.edit(self.batch_combo, batch_size=bs)

    def _on_length(self, *_args: Any) -> None:
        key = self.length_combo.currentData()
        self.edit(self.length_spin, **{key: self.length_spin.value()})
