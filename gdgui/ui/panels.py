"""The side column: the editors of the experiment, and the readouts of the run.

Every edit makes a new validated :class:`Experiment` with ``experiment.replace``
and hands it to ``submit`` (the controller's ``set_experiment``). An invalid
edit (:class:`ExperimentError`) is shown inline, beside the section it came
from, and changes nothing. The panels redraw themselves only from
:meth:`Panels.show_experiment`, which the window calls when the controller
accepted a new experiment: data flows one way, and widgets are written with
their signals blocked.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QSignalBlocker, Qt, Signal
from PySide6.QtGui import QColor, QFontDatabase, QKeyEvent, QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QScrollArea,
    QSizePolicy,
    QSlider,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from superqt import QCollapsible

from ..core import optimizers as optim
from ..core.experiment import LINE_PROBLEMS, Experiment, ExperimentError
from .controller import SPEEDS

__all__ = [
    "FloatEdit",
    "NumberField",
    "OptimizerSection",
    "Panels",
    "ProblemSection",
    "Readouts",
    "RunSection",
    "format_number",
]

ERROR_COLOR = "#e5484d"  # readable on the dark and the light theme


def _tr(text: str) -> str:
    return QCoreApplication.translate("Panels", text)


def format_number(v: float, digits: int = 10) -> str:
    """A number as the readouts and the step log show it."""
    v = float(v) + 0.0  # + 0.0 turns −0 into 0
    if not math.isfinite(v):
        return str(v)
    return f"{v:.{digits}g}"


def _short(v: float) -> str:
    return f"{float(v):.6g}"


def _name(widget: QWidget, name: str, tip: str) -> QWidget:
    """Give ``widget`` an accessible name and a tooltip (every control has both)."""
    widget.setAccessibleName(name)
    widget.setToolTip(tip)
    return widget


def _error_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setStyleSheet(f"color: {ERROR_COLOR};")
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setVisible(False)
    return label


def _discard(widget: QWidget | None) -> None:
    """Take a widget out of the window at once (deleteLater alone waits for the event loop)."""
    if widget is not None:
        widget.hide()
        widget.setParent(None)
        widget.deleteLater()


def _nonnegative(v: float) -> str | None:
    return None if v >= 0 else _tr("must be >= 0, got {0:g}").format(v)


def _error_text(e: ExperimentError) -> str:
    return "\n".join(f"{p}: {m}" if p else m for p, m in e.errors)


class _SliderKeys(QObject):
    """Arrow keys move a focused slider instead of triggering Step (→) and friends."""

    KEYS = {Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Up, Qt.Key.Key_Down,
            Qt.Key.Key_Home, Qt.Key.Key_End, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown}

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        plain = (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier)
        if (event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent)
                and event.key() in self.KEYS and event.modifiers() in plain):
            event.accept()
        return False


_slider_keys: _SliderKeys | None = None


def _keep_arrow_keys(slider: QSlider) -> None:
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
        _name(self, name, tip)
        self.setText(_short(value))
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
        if value != self._value or self._error or self.text() != _short(value):
            if self.hasFocus() and not self._error and self._parse(self.text())[0] == value:
                self._value = value  # the user's own spelling of the same number stays
                return
            self._value = value
            with QSignalBlocker(self):
                self.setText(_short(value))
            self.show_error("")

    def show_error(self, message: str) -> None:
        """Red with ``message`` as the tooltip, or normal again for ``""``."""
        self._error = message
        self.setStyleSheet(
            f"QLineEdit {{ color: {ERROR_COLOR}; border: 1px solid {ERROR_COLOR}; }}"
            if message else ""
        )
        self.setToolTip(message if message else self._tip)

    def _parse(self, text: str) -> tuple[float | None, str]:
        t = text.strip().replace("−", "-").replace("\u2009", "").replace(" ", "")
        try:
            v = float(t)
        except ValueError:
            return None, _tr("not a number: {0!r}; type e.g. 0.01 or 3e-4").format(text)
        if not math.isfinite(v):
            return None, _tr("must be a finite number, got {0}").format(text)
        if self._check is not None:
            msg = self._check(v)
            if msg:
                return None, msg
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

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and self._error:
            self.set_value(self._value)
            return
        super().keyPressEvent(event)


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
        _keep_arrow_keys(self.slider)
        self.slider.setRange(0, self.STEPS)
        self.slider.setPageStep(self.STEPS // 20)
        scale = _tr("log scale, ") if self._log else ""
        _name(self.slider, _tr("{0} slider").format(name),
              _tr("{0}\nSlider: {1}{2:g} to {3:g}").format(tip, scale, lo, hi))
        self.edit = FloatEdit(value, name=name, tip=tip, check=check)
        self.edit.setMaximumWidth(88)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.slider, 1)
        layout.addWidget(self.edit)
        self._move_slider(value)
        self.slider.valueChanged.connect(self._on_slider)
        self.edit.value_changed.connect(self._on_edit)

    def value(self) -> float:
        return self.edit.value()

    def set_value(self, value: float) -> None:
        self.edit.set_value(value)
        self._move_slider(value)

    def show_error(self, message: str) -> None:
        self.edit.show_error(message)

    def _to_value(self, pos: int) -> float:
        t = self._lo + (self._hi - self._lo) * pos / self.STEPS
        if self._log:
            return float(f"{10.0 ** t:.2g}")
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


def _spin(low: int, high: int, value: int, *, name: str, tip: str) -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(low, high)
    spin.setValue(value)
    spin.setKeyboardTracking(False)  # valueChanged when typing is finished
    spin.setGroupSeparatorShown(True)
    spin.setMinimumWidth(56)  # not the width of the largest allowed value
    _name(spin, name, tip)
    return spin


def _combo(items: Sequence[tuple[str, Any]], *, name: str, tip: str) -> QComboBox:
    combo = QComboBox()
    for text, data in items:
        combo.addItem(text, data)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(8)
    _name(combo, name, tip)
    return combo


def _set_combo(combo: QComboBox, data: Any) -> bool:
    i = combo.findData(data)
    if i < 0:
        return False
    with QSignalBlocker(combo):
        combo.setCurrentIndex(i)
    return True


def _set_spin(spin: QSpinBox, value: int) -> None:
    if spin.value() != value:
        with QSignalBlocker(spin):
            spin.setValue(value)


def _form() -> QFormLayout:
    form = QFormLayout()
    form.setContentsMargins(0, 0, 0, 0)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    form.setHorizontalSpacing(10)
    form.setVerticalSpacing(6)
    return form


# --- sections -------------------------------------------------------------------------------

class _Section(QWidget):
    """A part of the side column that edits some fields of the experiment."""

    #: rows were shown or hidden: the collapsible around the section must re-measure
    reshaped = Signal()

    def __init__(self, edit: Callable[..., bool], parent: QWidget | None = None):
        super().__init__(parent)
        self._edit_experiment = edit
        self.error_label = _error_label()
        self.experiment: Experiment | None = None

    def edit(self, _widget: QWidget | None = None, **changes: Any) -> bool:
        """Apply ``changes`` to the experiment; on failure show why, beside ``_widget``."""
        try:
            self._edit_experiment(**changes)
        except ExperimentError as e:
            self.show_error(_error_text(e), _widget)
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


def _surfaces() -> dict[str, str]:
    """name -> title of the test surfaces, when the engine has them."""
    try:
        from ..core import surfaces
    except ImportError:
        return {}
    specs = getattr(surfaces, "SPECS", {})
    return {n: getattr(specs.get(n), "title", n) for n in getattr(surfaces, "SURFACES", {})}


NOISY_LINE = {"preset": "noisy-line", "n": 50, "slope": 2.0, "intercept": 1.0, "noise": 1.0,
              "seed": 0}


class ProblemSection(_Section):
    """The model (y = w·x, y = w·x + b, or a test surface) and its data."""

    def __init__(self, edit: Callable[..., bool], parent: QWidget | None = None):
        super().__init__(edit, parent)
        titles = {"linear-w": _tr("Line through 0:  y = w·x"),
                  "linear-wb": _tr("Line:  y = w·x + b")}
        self.problem_combo = _combo(
            [(titles.get(n, n), n) for n in LINE_PROBLEMS],
            name=_tr("Problem"),
            tip=_tr("What gradient descent minimises: the mean squared error of a line "
                    "fitted to data, or a test surface f(x, y)"),
        )
        surfaces = _surfaces()
        if surfaces:
            self.problem_combo.insertSeparator(self.problem_combo.count())
            for name, title in surfaces.items():
                self.problem_combo.addItem(_tr("Surface: {0}").format(title), name)
        self.data_combo = _combo(
            [(_tr("Doubling: y = 2x at x = 1…4"), "doubling"),
             (_tr("Noisy line"), "noisy-line")],
            name=_tr("Data"),
            tip=_tr("The points the line is fitted to"),
        )
        self.n_spin = _spin(1, 10_000_000, 50, name=_tr("Number of points"),
                            tip=_tr("How many noisy points to draw (x uniform in 0…10)"))
        self.slope_edit = FloatEdit(2.0, name=_tr("True slope"),
                                    tip=_tr("The slope of the line the points scatter around"))
        self.intercept_edit = FloatEdit(
            1.0, name=_tr("True intercept"),
            tip=_tr("The intercept of the line the points scatter around"))
        self.noise_edit = FloatEdit(
            1.0, name=_tr("Noise σ"), tip=_tr("Standard deviation of the Gaussian noise on y"),
            check=_nonnegative)
        self.data_seed_spin = _spin(0, 2**31 - 1, 0, name=_tr("Data seed"),
                                    tip=_tr("Seeds the random points: the same seed draws the "
                                            "same data"))
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setProperty("role", "muted")

        form = _form()
        form.addRow(_tr("Problem"), self.problem_combo)
        form.addRow(_tr("Data"), self.data_combo)
        self._noisy_rows = []
        for label, w in ((_tr("Points n"), self.n_spin), (_tr("Slope"), self.slope_edit),
                         (_tr("Intercept"), self.intercept_edit), (_tr("Noise σ"), self.noise_edit),
                         (_tr("Seed"), self.data_seed_spin)):
            form.addRow(label, w)
            self._noisy_rows.append(w)
        self._form = form
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addWidget(self.summary)
        layout.addWidget(self.error_label)

        self.problem_combo.currentIndexChanged.connect(self._on_problem)
        self.data_combo.currentIndexChanged.connect(self._on_data)
        self.n_spin.valueChanged.connect(lambda v: self._on_noisy(self.n_spin, n=v))
        self.slope_edit.value_changed.connect(
            lambda v: self._on_noisy(self.slope_edit, slope=v))
        self.intercept_edit.value_changed.connect(
            lambda v: self._on_noisy(self.intercept_edit, intercept=v))
        self.noise_edit.value_changed.connect(
            lambda v: self._on_noisy(self.noise_edit, noise=v))
        self.data_seed_spin.valueChanged.connect(
            lambda v: self._on_noisy(self.data_seed_spin, seed=v))
        self._noisy = dict(NOISY_LINE)

    def show_experiment(self, exp: Experiment, problem: Any) -> None:
        self.experiment = exp
        name = exp.problem_name
        if not _set_combo(self.problem_combo, name):
            title = getattr(problem, "title", "") or name
            with QSignalBlocker(self.problem_combo):
                self.problem_combo.addItem(title, name)
            _set_combo(self.problem_combo, name)
        line = name in LINE_PROBLEMS
        data = exp.spec.get("data") or {}
        kind = data.get("preset") if "preset" in data else "custom"
        if kind == "custom":
            self._set_custom_data_item(data, getattr(problem, "n_samples", None))
        elif kind == "noisy-line":
            self._noisy = {**NOISY_LINE, **data}
        _set_combo(self.data_combo, kind)
        self._form.setRowVisible(self.data_combo, line)
        for w in self._noisy_rows:
            self._form.setRowVisible(w, line and kind == "noisy-line")
        if kind == "noisy-line":
            _set_spin(self.n_spin, int(self._noisy["n"]))
            self.slope_edit.set_value(self._noisy["slope"])
            self.intercept_edit.set_value(self._noisy["intercept"])
            self.noise_edit.set_value(self._noisy["noise"])
            _set_spin(self.data_seed_spin, int(self._noisy["seed"]))
        self.summary.setText(self._summary(exp, problem))

    def _summary(self, exp: Experiment, problem: Any) -> str:
        n = getattr(problem, "n_samples", None)
        if n is None:
            return _tr("f(x, y) with no data: every step follows the exact gradient.")
        opt = getattr(problem, "optimum", None)
        text = _tr("{0} points.").format(f"{n:,}")
        if callable(opt):
            names = problem.param_names
            best = ", ".join(f"{k} = {_short(v)}" for k, v in zip(names, opt()))
            text += " " + _tr("Least squares: {0}.").format(best)
        return text

    def _set_custom_data_item(self, data: dict, n: int | None) -> None:
        if "csv" in data:
            text = _tr("CSV file: {0}").format(str(data["csv"]).replace("\\", "/").split("/")[-1])
        else:
            text = _tr("Given points ({0})").format(n if n is not None else len(data.get("x", [])))
        i = self.data_combo.findData("custom")
        with QSignalBlocker(self.data_combo):
            if i < 0:
                self.data_combo.addItem(text, "custom")
                i = self.data_combo.count() - 1
            self.data_combo.setItemText(i, text)
        self._custom_data = data

    def _on_problem(self, _index: int) -> None:
        name = self.problem_combo.currentData()
        if self.experiment is None or name == self.experiment.problem_name:
            return
        problem: dict[str, Any] = {"name": name}
        changes: dict[str, Any] = {"problem": problem, "init": None}
        if name in LINE_PROBLEMS and self.experiment.problem_name not in LINE_PROBLEMS:
            changes["data"] = self.experiment.spec.get("data") or {"preset": "doubling"}
        if not self.edit(self.problem_combo, **changes):
            _set_combo(self.problem_combo, self.experiment.problem_name)

    def _on_data(self, _index: int) -> None:
        kind = self.data_combo.currentData()
        if self.experiment is None:
            return
        if kind == "doubling":
            data = {"preset": "doubling"}
        elif kind == "noisy-line":
            data = dict(self._noisy)
        else:
            data = getattr(self, "_custom_data", None)
            if data is None:
                return
        if not self.edit(self.data_combo, data=data):
            old = (self.experiment.spec.get("data") or {}).get("preset", "custom")
            _set_combo(self.data_combo, old)

    def _on_noisy(self, widget: QWidget, **change: Any) -> None:
        if self.experiment is None:
            return
        data = {**self._noisy, **change}
        self.edit(widget, data=data)


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
    return _tr("allowed: {0}").format(", ".join(parts)) if parts else ""


class OptimizerSection(_Section):
    """The optimizer and only its own hyperparameters."""

    def __init__(self, edit: Callable[..., bool], parent: QWidget | None = None):
        super().__init__(edit, parent)
        self.combo = _combo(
            [(spec.title, name) for name, spec in optim.OPTIMIZERS.items()],
            name=_tr("Optimizer"),
            tip=_tr("The update rule; each follows torch.optim step for step"),
        )
        self.rule = QLabel()
        self.rule.setWordWrap(True)
        self.rule.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.rule.setProperty("role", "muted")
        self.fields: dict[str, NumberField | QCheckBox] = {}
        self._fields_for = ""
        self._hp_form = _form()
        form = _form()
        form.addRow(_tr("Optimizer"), self.combo)
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
        _set_combo(self.combo, name)
        spec = optim.get(name)
        if self._fields_for != name:
            self._build_fields(spec)
        self.rule.setText(spec.rule)
        self.rule.setToolTip(_tr("The update rule of {0} ({1})").format(spec.title, spec.torch))
        values = {**spec.defaults(), **exp.hyperparams}
        for key, w in self.fields.items():
            if isinstance(w, QCheckBox):
                if w.isChecked() != bool(values[key]):
                    with QSignalBlocker(w):
                        w.setChecked(bool(values[key]))
            else:
                w.set_value(values[key])

    def _build_fields(self, spec: optim.OptimizerSpec) -> None:
        while self._hp_form.rowCount():
            self._hp_form.removeRow(0)
        self.fields = {}
        for h in spec.hyperparams:
            label = _tr(_HP_LABELS.get(h.name, h.name))
            doc = h.doc[:1].upper() + h.doc[1:] if h.doc else label
            tip = "\n".join(t for t in (doc, _range_text(h)) if t)
            if h.is_bool:
                w: NumberField | QCheckBox = QCheckBox()
                _name(w, label, tip)
                w.toggled.connect(lambda on, k=h.name: self._on_value(k, bool(on), None))
            else:
                lo, hi = h.ui_range or (h.low or 0.0, h.high if h.high is not None else 1.0)
                w = NumberField(float(h.default), ui_range=(lo, hi), log=h.log, name=label,
                                tip=tip, check=h.check)
                w.value_changed.connect(lambda v, k=h.name, w=w: self._on_value(k, v, w))
            self._hp_form.addRow(label, w)
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
        spec = optim.get(name)
        keep = {k: v for k, v in exp.hyperparams.items() if k in spec.defaults()}
        # keep what the new optimizer shares (the learning rate first of all); fall back
        # to its defaults when a kept value is invalid for it (e.g. Nesterov's dampening)
        for hp in (keep, {k: v for k, v in keep.items() if k == "lr"}, {}):
            try:
                exp.replace(optimizer={"name": name, **hp})
            except ExperimentError:
                continue
            if self.edit(self.combo, optimizer={"name": name, **hp}):
                return
            break
        _set_combo(self.combo, exp.optimizer_name)


class RunSection(_Section):
    """Batch size, length, initial parameters, seed, and the speed of the animation."""

    speed_changed = Signal(float)

    def __init__(self, edit: Callable[..., bool], parent: QWidget | None = None):
        super().__init__(edit, parent)
        self.batch_combo = _combo(
            [(_tr("Full batch (gradient descent)"), "full"),
             (_tr("1 sample (stochastic)"), "sgd"),
             (_tr("Mini-batch of B"), "mini")],
            name=_tr("Batch size"),
            tip=_tr("How many samples each step's gradient is taken over: all of them, one "
                    "drawn at random, or B drawn at random (reshuffled every epoch)"),
        )
        self.batch_spin = _spin(2, 10_000_000, 8, name=_tr("Mini-batch size B"),
                                tip=_tr("Samples per step in mini-batch mode"))
        self.length_combo = _combo(
            [(_tr("Epochs"), "epochs"), (_tr("Steps"), "steps")],
            name=_tr("Length unit"),
            tip=_tr("Count the run's length in epochs (passes over the data) or in steps"),
        )
        self.length_spin = _spin(0, 1_000_000_000, 100, name=_tr("Length"),
                                 tip=_tr("How long the run is: it stops after this many"))
        self.seed_spin = _spin(0, 2**31 - 1, 0, name=_tr("Random seed"),
                               tip=_tr("Seeds the batch order (and gradient noise): the same "
                                       "seed gives the same run"))
        self.noise_edit = FloatEdit(
            0.0, name=_tr("Gradient noise σ"), check=_nonnegative,
            tip=_tr("Standard deviation of Gaussian noise added to every gradient the "
                    "optimizer sees (0: none)"))
        self.tolerance_edit = FloatEdit(
            0.0, name=_tr("Stopping tolerance"), check=_nonnegative,
            tip=_tr("Stop, converged, when the full-data gradient norm ‖∇L‖ falls below "
                    "this (0: never)"))
        self.init_box = QWidget()
        self._init_layout = QHBoxLayout(self.init_box)
        self._init_layout.setContentsMargins(0, 0, 0, 0)
        self.init_edits: list[FloatEdit] = []
        self._init_names: tuple[str, ...] = ()

        self.speed_slider = QSlider(Qt.Orientation.Horizontal)
        _keep_arrow_keys(self.speed_slider)
        self.speed_slider.setRange(0, len(SPEEDS) - 1)
        self.speed_slider.setPageStep(1)
        self.speed_slider.setTickPosition(QSlider.TickPosition.TicksBelow)
        self.speed_slider.setTickInterval(1)
        _name(self.speed_slider, _tr("Speed"),
              _tr("Steps per second while running, from 1 to unlimited "
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
        slow, fast = QLabel(_tr("1/s")), QLabel(_tr("unlimited"))
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

        form = _form()
        form.addRow(_tr("Batch"), batch)
        form.addRow(_tr("Length"), length)
        self._init_label = QLabel(_tr("Start"))
        form.addRow(self._init_label, self.init_box)
        form.addRow(_tr("Seed"), self.seed_spin)
        form.addRow(_tr("Noise σ"), self.noise_edit)
        form.addRow(_tr("Tolerance"), self.tolerance_edit)
        form.addRow(_tr("Speed"), speed)
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
        text = _tr("unlimited") if s == 0 else _tr("{0} steps/s").format(f"{s:,}")
        self.speed_label.setText(text)

    def _on_speed(self, _i: int) -> None:
        self._show_speed()
        self.speed_changed.emit(self.speed())

    # --- experiment --------------------------------------------------------------------------
    def show_experiment(self, exp: Experiment, problem: Any) -> None:
        self.experiment = exp
        has_data = getattr(problem, "n_samples", None) is not None
        bs = exp.batch_size
        kind = "full" if bs is None else "sgd" if bs == 1 else "mini"
        _set_combo(self.batch_combo, kind)
        if kind == "mini":
            _set_spin(self.batch_spin, bs)
        self.batch_spin.setVisible(kind == "mini")
        self.batch_combo.setEnabled(has_data)
        if "steps" in exp.spec:
            _set_combo(self.length_combo, "steps")
            _set_spin(self.length_spin, int(exp.spec["steps"]))
        else:
            _set_combo(self.length_combo, "epochs")
            _set_spin(self.length_spin, int(exp.spec["epochs"]))
        _set_spin(self.seed_spin, int(exp.spec["seed"]))
        self.noise_edit.set_value(exp.spec.get("gradient_noise", 0.0))
        self.tolerance_edit.set_value(exp.spec["stopping"].get("tolerance") or 0.0)
        names = tuple(problem.param_names)
        if names != self._init_names:
            self._build_init(names)
        init = exp.spec.get("init")
        if init is None:
            init = [float(v) for v in problem.default_init()]
        for e, v in zip(self.init_edits, init):
            e.set_value(v)

    def _build_init(self, names: tuple[str, ...]) -> None:
        while self._init_layout.count():
            item = self._init_layout.takeAt(0)
            _discard(item.widget())
        self.init_edits = []
        for name in names:
            label = QLabel(f"{name} =")
            edit = FloatEdit(0.0, name=_tr("Initial {0}").format(name),
                             tip=_tr("The value of {0} the run starts from").format(name))
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
        stopping = {**self.experiment.spec["stopping"], "tolerance": v if v > 0 else None}
        self.edit(self.tolerance_edit, stopping=stopping)

    def _on_batch(self, *_args: Any) -> None:
        kind = self.batch_combo.currentData()
        self.batch_spin.setVisible(kind == "mini")
        bs = "full" if kind == "full" else 1 if kind == "sgd" else self.batch_spin.value()
        self.edit(self.batch_combo, batch_size=bs)

    def _on_length(self, *_args: Any) -> None:
        key = self.length_combo.currentData()
        self.edit(self.length_spin, **{key: self.length_spin.value()})


# --- the side column ------------------------------------------------------------------------

class Panels(QScrollArea):
    """The three collapsible sections in a scrolling column.

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
        self.run_section.speed_changed.connect(self.speed_changed)
        self._shape: tuple = ()
        self.sections = {
            "problem": (self.tr("Problem and data"), self.problem_section),
            "optimizer": (self.tr("Optimizer"), self.optimizer_section),
            "run": (self.tr("Run"), self.run_section),
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
        for key, (title, section) in self.sections.items():
            box = QCollapsible(title)
            section.reshaped.connect(lambda b=box: self._remeasure(b))
            box.setDuration(120)
            box.layout().setContentsMargins(0, 2, 0, 4)
            box.addWidget(section)
            button = box.toggleButton()
            _name(button, title, self.tr("Show or hide the {0} section").format(title))
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
        layout.addStretch(1)
        self.setWidget(body)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setMinimumWidth(300)

    @staticmethod
    def _remeasure(box: QCollapsible) -> None:
        if box.isExpanded():
            box.expand(animate=False)

    def _edit(self, **changes: Any) -> bool:
        """Validate ``changes`` against the current experiment and submit the result."""
        if self.experiment is None:
            return False
        new = self.experiment.replace(**changes)  # raises ExperimentError
        self._submit(new)  # may raise ExperimentError (e.g. a CSV file gone missing)
        return True

    def show_experiment(self, experiment: Experiment, problem: Any) -> None:
        """Show ``experiment`` (the controller accepted it) in every section."""
        self.experiment = experiment
        text = experiment.spec.get("description", "")
        if text != self.description.text():
            self.description.setText(text)
            self.description.setToolTip(experiment.spec.get("name", ""))
            self.description.setVisible(bool(text))
        for _title, section in self.sections.values():
            section.show_experiment(experiment, problem)
        spec = experiment.spec
        shape = (experiment.problem_name, repr(spec.get("data", {}).get("preset")),
                 experiment.optimizer_name, spec["batch_size"] == "full" or spec["batch_size"])
        if shape != self._shape:  # rows were shown or hidden: re-measure the sections
            self._shape = shape
            for box in self.collapsibles.values():
                self._remeasure(box)

    def show_error(self, message: str, section: str = "problem") -> None:
        self.sections[section][1].show_error(message)

    def speed(self) -> float:
        return self.run_section.speed()

    def set_speed(self, steps_per_second: float) -> None:
        self.run_section.set_speed(steps_per_second)


# --- readouts -------------------------------------------------------------------------------

STATE_COLORS = {
    "ready": "#6b7280",
    "running": "#2f7de1",
    "paused": "#b7791f",
    "finished": "#2e9d5b",
    "converged": "#2e9d5b",
    "diverged": ERROR_COLOR,
    "failed": ERROR_COLOR,
}


class Readouts(QWidget):
    """State, progress and the latest numbers of the run, above the plots."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
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
        self._mono = mono
        self.values: dict[str, QLabel] = {}
        self._captions: dict[str, QLabel] = {}
        self._numbers = QHBoxLayout()
        self._numbers.setSpacing(18)
        self._names: tuple[str, ...] = ()
        self._status = ""

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

    def _build(self, names: tuple[str, ...]) -> None:
        while self._numbers.count():
            item = self._numbers.takeAt(0)
            _discard(item.widget())
            if item.layout() is not None:
                while item.layout().count():
                    _discard(item.layout().takeAt(0).widget())
        self.values, self._captions = {}, {}
        keys = [("step", self.tr("step"), self.tr("Steps taken / the step limit")),
                ("epoch", self.tr("epoch"), self.tr("Epochs completed (+ steps into the next)")),
                ("loss", self.tr("loss"),
                 self.tr("The full-data loss L at the current parameters"))]
        keys += [(f"param:{n}", n, self.tr("The current value of {0}").format(n)) for n in names]
        keys += [(f"grad:{n}", f"∂L/∂{n}", self.tr("The full-data gradient ∂L/∂{0}").format(n))
                 for n in names]
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
            box.addWidget(cap)
            box.addWidget(val)
            self._numbers.addLayout(box)
            self.values[key] = val
            self._captions[key] = cap
        self._numbers.addStretch(1)
        self._names = names

    def value_text(self, key: str) -> str:
        """The text shown for ``key``: "step", "epoch", "loss", "param:w", "grad:w"."""
        return self.values[key].text()

    def update_from(self, controller: Any) -> None:
        """Show the controller's status and the last row of its history."""
        h = controller.history
        names = tuple(h.param_names)
        if names != self._names:
            self._build(names)
        status = controller.status
        n = len(h)
        step = controller.step_count
        if status == "diverged":
            state = self.tr("Diverged at step {0}").format(step)
        else:
            state = {
                "ready": self.tr("Ready"), "running": self.tr("Running"),
                "paused": self.tr("Paused"), "finished": self.tr("Finished"),
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
        self.progress.setFormat(self.tr("{0} / {1} steps ({2}%)").format(
            f"{step:,}", f"{maxs:,}", f"{pct:.0f}"))
        spe = max(int(controller.steps_per_epoch), 1)
        epochs, rest = divmod(step, spe)
        self.values["step"].setText(f"{step:,}")
        self.values["epoch"].setText(f"{epochs:,}" + (f" + {rest}/{spe}" if rest else ""))
        if n:
            self.values["loss"].setText(format_number(h.loss[-1]))
            for j, name in enumerate(names):
                self.values[f"param:{name}"].setText(format_number(h.params[-1, j]))
                self.values[f"grad:{name}"].setText(format_number(h.grad[-1, j]))
        msg = controller.message
        if not msg:
            speed = getattr(controller, "speed", 0)
            pace = (self.tr("as fast as it goes") if not speed
                    else self.tr("{0} steps per second").format(f"{speed:,.0f}"))
            msg = {
                "ready": self.tr("Press Run (Space) to start, or Step (→) to take one step."),
                "running": self.tr("Running, {0}. Space pauses; changes to the optimizer's "
                                   "settings apply at the next step.").format(pace),
                "paused": self.tr("Paused. Run (Space) goes on; Step (→) takes one step, "
                                  "Shift+→ the rest of the epoch."),
            }.get(status, "")
        if msg != self.message.text():
            self.message.setText(msg)
