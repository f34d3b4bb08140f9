"""The side column: the editors of the experiment, and what a line predicts.

Every edit makes a new validated :class:`Experiment` with ``experiment.replace``
and hands it to ``submit`` (the controller's ``set_experiment``). An invalid
edit (:class:`ExperimentError`) is shown inline, beside the section it came
from, and changes nothing. The panels redraw themselves only from
:meth:`Panels.show_experiment`, which the window calls when the controller
accepted a new experiment: data flows one way, and widgets are written with
their signals blocked.

The parts live in their own modules: :mod:`.widgets` (number editors, the
section base class), :mod:`.problem_section` (problem and data) and
:mod:`.readouts` (the strip above the plots); this module keeps the optimizer,
run and prediction sections and the column that holds them.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from html import escape
from typing import Any, NamedTuple

import numpy as np
from PySide6.QtCore import QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QScrollArea,
    QSlider,
    QVBoxLayout,
    QWidget,
)
from superqt import QCollapsible

from ..core import edits
from ..core import optimizers as optim
from ..core.experiment import LINE_PROBLEMS, Experiment
from ..core.regression import stable_learning_rates
from .controller import SPEEDS
from .problem_section import NOISY_LINE, ProblemSection
from .readouts import STATE_COLORS, Readouts
from .widgets import (
    ERROR_COLOR,
    WARNING_COLOR,
    FloatEdit,
    NumberField,
    Section,
    combo_box,
    discard,
    form_layout,
    keep_arrow_keys,
    mono_font,
    muted_label,
    named,
    nonnegative,
    set_combo,
    set_spin,
    spin_box,
    tr,
)
from .widgets import format_number as format_number

__all__ = [
    "ERROR_COLOR",
    "NOISY_LINE",
    "STATE_COLORS",
    "FloatEdit",
    "NumberField",
    "OptimizerSection",
    "Panels",
    "PredictionSection",
    "ProblemSection",
    "RateLimits",
    "Readouts",
    "RunSection",
    "format_number",
    "learning_rate_limits",
]


_HP_LABELS = {
    "lr": "Learning rate η",
    "momentum": "Momentum μ",
    "dampening": "Dampening τ",
    "weight_decay": "Weight decay λ",
    "eps": "Epsilon ε",
    "beta1": "β₁",
    "beta2": "β₂",
    "amsgrad": "AMSGrad",
    "alpha": "Smoothing α",
    "centered": "Centered",
    "lr_decay": "LR decay",
    "initial_accumulator_value": "Initial sum",
}


def _range_text(h: optim.Hyperparam) -> str:
    parts = []
    if h.low is not None:
        parts.append(f"{'>' if h.low_open else '≥'} {h.low:g}")
    if h.high is not None:
        parts.append(f"{'<' if h.high_open else '≤'} {h.high:g}")
    return tr("allowed: {0}").format(", ".join(parts)) if parts else ""


class RateLimits(NamedTuple):
    """Learning-rate limits on a quadratic loss (see :func:`learning_rate_limits`)."""

    stable: float  #: full-batch gradient descent is stable below this: 2/λ_max
    fastest: float  #: and converges fastest at this: 2/(λ_max + λ_min)
    limit: float | None  #: the chosen optimizer's own stable limit (None: not known)
    lmax: float  #: the largest eigenvalue of the Hessian (the steepest curvature)
    lmin: float  #: the smallest


def learning_rate_limits(problem: Any, optimizer: str,
                         hyperparams: dict[str, Any]) -> RateLimits | None:
    """The learning rates that matter for ``problem`` when its Hessian is constant
    (line problems, quadratic surfaces), else None.

    The Hessian is the one the optimizer sees: for a standardized problem, the
    Hessian in standardized parameters. Coupled weight decay λ adds λ·I to it.
    Gradient descent on a quadratic is stable exactly when η < 2/λ_max; heavy-ball
    momentum (torch's SGD with momentum μ and dampening τ) when
    η·(1 − τ)·λ_max < 2(1 + μ); torch's Nesterov form when
    η·λ_max < 2(1 + μ)/(1 + 2μ). The adaptive methods rescale each step by the
    gradients seen, so no such limit is given for them.
    """
    hessian = problem.hessian()
    if hessian is None:
        return None
    h = np.asarray(hessian, dtype=float)
    if not np.isfinite(h).all():
        return None
    hp = {**optim.get(optimizer).defaults(), **hyperparams}
    if optimizer in ("gd", "momentum", "nesterov") and hp.get("weight_decay"):
        h = h + float(hp["weight_decay"]) * np.eye(len(h))
    stable, fastest = stable_learning_rates(h)
    eig = np.linalg.eigvalsh(h)
    mu = float(hp.get("momentum", 0.0))
    tau = float(hp.get("dampening", 0.0))
    limit: float | None
    if optimizer == "gd":
        limit = stable
    elif optimizer == "momentum":
        limit = stable * (1 + mu) / (1 - tau) if tau < 1 else math.inf
    elif optimizer == "nesterov":
        limit = stable * (1 + mu) / (1 + 2 * mu)
    else:
        limit = None
    return RateLimits(stable, fastest, limit, float(eig[-1]), float(eig[0]))


def _g4(v: float) -> str:
    return f"{v:.4g}"


def _phrases(*parts: str) -> str:
    """``parts`` joined by " · ", each kept on one line when the text wraps."""
    return "\u00a0· ".join(p.replace(" ", "\u00a0") for p in parts)


class OptimizerSection(Section):
    """The optimizer and only its own hyperparameters; beside the learning rate, the
    rates that are stable and fastest when the loss is quadratic."""

    def __init__(self, edit: Callable[..., bool], parent: QWidget | None = None):
        super().__init__(edit, parent)
        self.combo = combo_box(
            [(tr(spec.title), name) for name, spec in optim.OPTIMIZERS.items()],
            name=tr("Optimizer"),
            tip=tr("The update rule; each follows torch.optim step for step"),
        )
        self.rule = muted_label()
        self.fields: dict[str, NumberField | QCheckBox] = {}
        self.rate_hint = QLabel()  # replaced by the one beside the learning rate
        self.rate_limits: RateLimits | None = None
        self.rate_warning = False
        self._hint_style = ""
        self._fields_for = ""
        self._hp_form = form_layout()
        form = form_layout()
        form.addRow(tr("Optimizer"), self.combo)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addWidget(self.rule)
        layout.addLayout(self._hp_form)
        layout.addWidget(self.error_label)
        self.combo.currentIndexChanged.connect(self._on_optimizer)

    def show_experiment(self, exp: Experiment, problem: Any = None) -> None:
        self.experiment = exp
        name = exp.optimizer_name
        set_combo(self.combo, name)
        spec = optim.get(name)
        if self._fields_for != name:
            self._build_fields(spec)
        self.rule.setText(spec.rule)
        self.rule.setToolTip(tr("The update rule of {0} ({1})").format(spec.title, spec.torch))
        values = {**spec.defaults(), **exp.hyperparams}
        for key, w in self.fields.items():
            if isinstance(w, QCheckBox):
                if w.isChecked() != bool(values[key]):
                    with QSignalBlocker(w):
                        w.setChecked(bool(values[key]))
            else:
                w.set_value(values[key])
        self._show_rate_hint(exp, problem)

    def _show_rate_hint(self, exp: Experiment, problem: Any) -> None:
        name = exp.optimizer_name
        limits = (learning_rate_limits(problem, name, exp.hyperparams)
                  if problem is not None and "lr" in self.fields else None)
        self.rate_limits = limits
        visible = limits is not None
        before = (self.rate_hint.text(), self.rate_hint.isVisibleTo(self))
        if "lr" in self.fields:
            self.rate_hint.setVisible(visible)
        if limits is None:
            self.rate_warning = False
            if before[1]:
                self.reshaped.emit()
            return
        lr = float(exp.hyperparams.get("lr", optim.get(name).defaults()["lr"]))
        saddle = limits.lmin < 0
        gd_text = _phrases(
            tr("stable below {0}").format(_g4(limits.stable)),
            tr("no minimum (saddle)") if saddle
            else tr("fastest {0}").format(_g4(limits.fastest)))
        why = tr("For full-batch gradient descent on this quadratic loss the curvature "
                 "(the eigenvalues of the Hessian the optimizer sees) runs from λ_min = {0} "
                 "to λ_max = {1}. A step η·λ_max ≥ 2 overshoots the minimum along the "
                 "steepest direction by more than it started from, so the run diverges: "
                 "η must stay below 2/λ_max = {2}. The error shrinks fastest at "
                 "η = 2/(λ_max + λ_min) = {3}.").format(
                     _g4(limits.lmin), _g4(limits.lmax), _g4(limits.stable),
                     _g4(limits.fastest))
        if problem.standardized:
            why += " " + tr("This is the Hessian in standardized x, where the optimizer works.")
        if exp.batch_size is not None:
            why += " " + tr("With mini-batches the noisy steps usually need a smaller rate "
                            "still.")
        if name == "gd":
            lines = [gd_text]
        elif limits.limit is not None:
            mu = float({**optim.get(name).defaults(), **exp.hyperparams}["momentum"])
            lines = [_phrases(tr("stable below {0}").format(_g4(limits.limit)),
                              tr("with μ = {0:g}").format(mu)),
                     tr("gradient descent: {0}").format(gd_text)]
            why += " " + tr("With momentum μ the stable limit moves to {0}.").format(
                _g4(limits.limit))
        else:
            lines = [tr("gradient descent: {0}").format(gd_text)]
            why += " " + tr("{0} divides each step by a running size of the gradient, so "
                            "these limits do not apply to it directly.").format(
                                optim.get(name).title)
        warn = limits.limit is not None and lr >= limits.limit
        self.rate_warning = warn
        if warn:
            lines.insert(0, "⚠ " + tr("η = {0:g} is past the stable limit: expect the run "
                                      "to diverge").format(lr))
            advice = tr("Lower the learning rate below {0}").format(_g4(limits.limit))
            if problem is not None and problem.n_samples is not None \
                    and not problem.standardized:
                advice += tr(", or standardize x")
            why = tr("η = {0:g} is at or past the stable limit {1}: expect the run to "
                     "diverge. {2}.").format(lr, _g4(limits.limit), advice) + "\n\n" + why
        style = f"color: {WARNING_COLOR};" if warn else ""
        if style != self._hint_style:
            self._hint_style = style
            self.rate_hint.setProperty("role", "" if warn else "muted")
            self.rate_hint.setStyleSheet(style)  # re-polishes: the role counts again
        html = [escape(line) for line in lines]
        if warn:
            html[0] = f"<b>{html[0]}</b>"
        text = "<br>".join(html)
        self.rate_hint.setText(text)
        self.rate_hint.setToolTip(why)
        self.rate_hint.setAccessibleName(tr("Learning-rate limits"))
        if before != (text, True):
            self.reshaped.emit()

    def _build_fields(self, spec: optim.OptimizerSpec) -> None:
        while self._hp_form.rowCount():
            self._hp_form.removeRow(0)
        self.fields = {}
        for h in spec.hyperparams:
            label = tr(_HP_LABELS.get(h.name, h.name))
            doc = h.doc[:1].upper() + h.doc[1:] if h.doc else label
            tip = "\n".join(t for t in (doc, _range_text(h)) if t)
            if h.is_bool:
                w: NumberField | QCheckBox = QCheckBox()
                named(w, label, tip)
                w.toggled.connect(lambda on, k=h.name: self._on_value(k, bool(on), None))
            else:
                lo, hi = h.ui_range or (h.low or 0.0, h.high if h.high is not None else 1.0)
                w = NumberField(float(h.default), ui_range=(lo, hi), log=h.log, name=label,
                                tip=tip, check=h.check)
                w.value_changed.connect(lambda v, k=h.name, w=w: self._on_value(k, v, w))
            row: QWidget = w
            if h.name == "lr":  # the limits go right under the learning rate
                self.rate_hint = QLabel()
                self.rate_hint.setTextFormat(Qt.TextFormat.RichText)
                self.rate_hint.setWordWrap(True)
                self.rate_hint.setTextInteractionFlags(
                    Qt.TextInteractionFlag.TextSelectableByMouse)
                self.rate_hint.setProperty("role", "muted")
                self.rate_hint.setVisible(False)
                self._hint_style = ""
                row = QWidget()
                box = QVBoxLayout(row)
                box.setContentsMargins(0, 0, 0, 0)
                box.setSpacing(2)
                box.addWidget(w)
                box.addWidget(self.rate_hint)
            self._hp_form.addRow(label, row)
            row.show()  # at once, not when the layout's queued show arrives
            self.fields[h.name] = w
        self._fields_for = spec.name

    def _on_value(self, key: str, value: Any, widget: QWidget | None) -> None:
        if self.experiment is None:
            return
        if not self.edit(widget, optimizer={key: value}):
            return

    def _on_optimizer(self, _index: int) -> None:
        name = self.combo.currentData()
        exp = self.experiment
        if exp is None or name == exp.optimizer_name:
            return
        # what carries over to the new optimizer: gdgui.core.edits.set_optimizer
        if not self.edit(self.combo, optimizer={"name": name}):
            set_combo(self.combo, exp.optimizer_name)


class RunSection(Section):
    """Batch size, length, initial parameters, seed, and the speed of the animation."""

    speed_changed = Signal(float)

    def __init__(self, edit: Callable[..., bool], parent: QWidget | None = None):
        super().__init__(edit, parent)
        self.batch_combo = combo_box(
            [(tr("Full batch (gradient descent)"), "full"),
             (tr("1 sample (stochastic)"), "sgd"),
             (tr("Mini-batch of B"), "mini")],
            name=tr("Batch size"),
            tip=tr("How many samples each step's gradient is taken over: all of them, one "
                    "drawn at random, or B drawn at random (reshuffled every epoch)"),
        )
        self.batch_spin = spin_box(2, 10_000_000, 8, name=tr("Mini-batch size B"),
                                tip=tr("Samples per step in mini-batch mode"))
        self.length_combo = combo_box(
            [(tr("Epochs"), "epochs"), (tr("Steps"), "steps")],
            name=tr("Length unit"),
            tip=tr("Count the run's length in epochs (passes over the data) or in steps"),
        )
        self.length_spin = spin_box(0, 1_000_000_000, 100, name=tr("Length"),
                                 tip=tr("How long the run is: it stops after this many"))
        self.seed_spin = spin_box(0, 2**31 - 1, 0, name=tr("Random seed"),
                               tip=tr("Seeds the batch order (and gradient noise): the same "
                                       "seed gives the same run"))
        self.noise_edit = FloatEdit(
            0.0, name=tr("Gradient noise σ"), check=nonnegative,
            tip=tr("Standard deviation of Gaussian noise added to every gradient the "
                    "optimizer sees (0: none)"))
        self.tolerance_edit = FloatEdit(
            0.0, name=tr("Stopping tolerance"), check=nonnegative,
            tip=tr("Stop, converged, when the full-data gradient norm ‖∇L‖ falls below "
                    "this (0: never)"))
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
        named(self.speed_slider, tr("Speed"),
              tr("Steps per second while running, from 1 to unlimited "
                  "(as fast as the computer goes)"))
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
            lambda v: self.edit(self.noise_edit, gradient_noise=v))
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
            edit = FloatEdit(0.0, name=tr("Initial {0}").format(name),
                             tip=tr("The value of {0} the run starts from").format(name))
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


# --- prediction -----------------------------------------------------------------------------

def _full(v: float) -> str:
    """A prediction with every digit, as the tutorials print it (4.0, 7.999999650093055)."""
    v = float(v) + 0.0
    return repr(v) if math.isfinite(v) else str(v)


class PredictionSection(Section):
    """ŷ at an x of your choice: with the current parameters and before training.

    The x is a view setting, not part of the experiment (changing it never resets
    the run); it starts at the experiment's first ``predict`` value, else at the
    largest x of the data.
    """

    def __init__(self, edit: Callable[..., bool], parent: QWidget | None = None):
        super().__init__(edit, parent)
        self.x_edit = FloatEdit(
            4.0, name=tr("Predict at x"),
            tip=tr("The x to predict ŷ at, on the data's own scale"))
        mono = mono_font()
        self.now_label = QLabel("–")
        self.before_label = QLabel("–")
        for label, name, tip in (
                (self.now_label, tr("Prediction now"),
                 tr("ŷ at x with the current parameters")),
                (self.before_label, tr("Prediction before training"),
                 tr("ŷ at x with the parameters the run started from (step 0)"))):
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
        if (problem is None or h is None or not len(h)
                or not callable(getattr(problem, "predict", None))
                or h.params.shape[1] != len(problem.param_names)):
            self.now_label.setText("–")
            self.before_label.setText("–")
            return
        x = self.x()
        with np.errstate(all="ignore"):
            now = problem.predict(h.params[-1], x)
            before = problem.predict(h.params[0], x)
        self.now_label.setText(_full(now))
        self.before_label.setText(_full(before))


# --- the side column ------------------------------------------------------------------------

class Panels(QScrollArea):
    """The collapsible sections in a scrolling column: problem and data, optimizer,
    run, and (for line problems) prediction.

    ``submit(experiment)`` is called with every new validated experiment; it may
    raise :class:`ExperimentError` (shown inline, nothing changes).
    """

    speed_changed = Signal(float)

    def __init__(self, submit: Callable[[Experiment], None], parent: QWidget | None = None):
        super().__init__(parent)
        self._submit = submit
        self.experiment: Experiment | None = None
        self.problem_section = ProblemSection(self._edit)
        self.optimizer_section = OptimizerSection(self._edit)
        self.run_section = RunSection(self._edit)
        self.prediction_section = PredictionSection(self._edit)
        self.run_section.speed_changed.connect(self.speed_changed)
        self._shape: tuple = ()
        self._pending: set[QCollapsible] = set()
        self._described: tuple = ()
        self.sections: dict[str, tuple[str, Any]] = {
            "problem": (self.tr("Problem and data"), self.problem_section),
            "optimizer": (self.tr("Optimizer"), self.optimizer_section),
            "run": (self.tr("Run"), self.run_section),
            "prediction": (self.tr("Prediction"), self.prediction_section),
        }
        body = QWidget()
        body.setObjectName("panels")
        layout = QVBoxLayout(body)
        layout.setContentsMargins(8, 6, 8, 8)
        layout.setSpacing(2)
        self.description = QLabel()
        self.description.setWordWrap(True)
        self.description.setProperty("role", "muted")
        self.description.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.description.setAccessibleName(self.tr("About this experiment"))
        self.description.setVisible(False)
        layout.addWidget(self.description)
        self.collapsibles: dict[str, QCollapsible] = {}
        self._rules: dict[str, QFrame] = {}
        for key, (title, section) in self.sections.items():
            box = QCollapsible(title)
            section.reshaped.connect(lambda b=box: self._remeasure(b))
            box.setDuration(120)
            box.layout().setContentsMargins(0, 2, 0, 4)
            box.addWidget(section)
            button = box.toggleButton()
            named(button, title, self.tr("Show or hide the {0} section").format(title))
            font = button.font()
            font.setBold(True)
            button.setFont(font)
            box.expand(animate=False)
            self.collapsibles[key] = box
            layout.addWidget(box)
            line = QFrame()
            line.setFrameShape(QFrame.Shape.HLine)
            line.setFrameShadow(QFrame.Shadow.Sunken)
            layout.addWidget(line)
            self._rules[key] = line
        layout.addStretch(1)
        self.setWidget(body)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setMinimumWidth(300)

    def _remeasure(self, box: QCollapsible) -> None:
        """Fit ``box`` to its section again, once the layouts have caught up with the
        change (right now they may still hold the old size hints)."""
        if not self._pending:
            QTimer.singleShot(0, self._remeasure_now)
        self._pending.add(box)

    def _remeasure_now(self) -> None:
        boxes, self._pending = self._pending, set()
        for box in boxes:
            if box.isExpanded():
                for layout in box.content().findChildren(QLayout):
                    layout.invalidate()
                box.expand(animate=False)

    def _edit(self, **changes: Any) -> bool:
        """Validate ``changes`` against the current experiment and submit the result."""
        if self.experiment is None:
            return False
        new = edits.apply(self.experiment, **changes)  # raises ExperimentError
        self._submit(new)  # may raise ExperimentError (e.g. a CSV file gone missing)
        return True

    def show_experiment(self, experiment: Experiment, problem: Any) -> None:
        """Show ``experiment`` (the controller accepted it) in every section."""
        self.experiment = experiment
        text = experiment.description or ""
        # the description tells of the problem and data it was written for: once they
        # are edited it no longer does
        basis = (experiment.problem, experiment.data, experiment.standardize)
        if text != self.description.text():
            self.description.setText(text)
            self.description.setToolTip(experiment.name or "")
            self._described = basis
        self.description.setVisible(bool(text) and basis == self._described)
        for _title, section in self.sections.values():
            section.show_experiment(experiment, problem)
        line = experiment.problem_name in LINE_PROBLEMS
        for part in (self.collapsibles["prediction"], self._rules["prediction"]):
            part.setVisible(line)
        data = experiment.data
        shape = (experiment.problem_name, data.source.get("preset") if data else None,
                 experiment.optimizer_name, experiment.batch_size)
        if shape != self._shape:  # rows were shown or hidden: re-measure the sections
            self._shape = shape
            for box in self.collapsibles.values():
                self._remeasure(box)

    def update_from(self, controller: Any) -> None:
        """Show what depends on the run (the predictions); called by the render tick."""
        if self.collapsibles["prediction"].isVisibleTo(self):
            self.prediction_section.update_from(controller)

    def show_error(self, message: str, section: str = "problem") -> None:
        self.sections[section][1].show_error(message)

    def speed(self) -> float:
        return self.run_section.speed()

    def set_speed(self, steps_per_second: float) -> None:
        self.run_section.set_speed(steps_per_second)


