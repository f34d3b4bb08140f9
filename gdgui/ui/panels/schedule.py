"""The learning-rate schedule, inside the "Optimizer" section: which schedule, only its
own parameters (torch's names, as in :mod:`gdgui.core.schedules`), and whether it
advances every step or every epoch.

An edit builds the whole schedule config from the fields and hands it to the same
``edit`` as the other panel edits (``schedule=config``: undoable through the editor).
A value the schedule refuses is marked at its field with the message and changes
nothing: the experiment keeps its previous, valid schedule. onecycle's momentum
cycling is offered only when the optimizer has a momentum or beta1 to cycle
(:func:`gdgui.core.edits.schedule_conflict`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QSignalBlocker
from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from ...core import schedules
from ...core.edits import schedule_conflict
from ...core.experiment import Experiment
from ..core_text import core_text
from .widgets import (
    ERROR_COLOR,
    FloatEdit,
    Section,
    combo_box,
    form_layout,
    muted_label,
    set_combo,
    tr,
)

__all__ = ["ScheduleSection", "schedule_titles", "starting_config"]


def schedule_titles() -> dict[str | None, str]:
    """The combo's entries: schedule name (None: a constant rate) and its title, translated."""
    return {
        None: tr("Constant η"),
        "step": tr("Step"),
        "multistep": tr("Multi-step"),
        "exponential": tr("Exponential"),
        "cosine": tr("Cosine"),
        "linear": tr("Linear (warm-up)"),
        "onecycle": tr("One-cycle"),
    }


def _docs() -> dict[str, str]:
    """What each parameter does, for its tooltip (torch's name stays the label)."""
    return {
        "step_size": tr("Steps between decays"),
        "gamma": tr("γ: the factor the rate is multiplied by"),
        "milestones": tr(
            "The updates after which η decays, e.g. 30, 60, 90 (a milestone "
            "listed twice decays twice)"
        ),
        "T_max": tr("Updates from η₀ down to eta_min"),
        "eta_min": tr("The smallest rate"),
        "start_factor": tr("η₀ is multiplied by this at the start"),
        "end_factor": tr("… and by this after total_iters updates"),
        "total_iters": tr("Updates from the start to the end factor"),
        "max_lr": tr("The peak rate"),
        "total_steps": tr("Updates in the cycle (at least as many as the run takes)"),
        "pct_start": tr("Fraction of the cycle spent warming up"),
        "anneal_strategy": tr("The shape of each phase"),
        "cycle_momentum": tr("Cycle the momentum (or Adam's β₁) opposite to the rate"),
        "base_momentum": tr("Momentum at the peak rate"),
        "max_momentum": tr("Momentum at the start and the end"),
        "div_factor": tr("The start rate is max_lr/div_factor"),
        "final_div_factor": tr("The final rate is the start rate/final_div_factor"),
        "three_phase": tr("Warm up, come back down to the start rate, then anneal"),
    }


#: onecycle's momentum-cycling parameters (shown only where there is a momentum to cycle)
_CYCLE = ("cycle_momentum", "base_momentum", "max_momentum")


def _run_updates(exp: Experiment, every: str, problem: Any = None) -> int:
    """How many times a run of ``exp`` (on ``problem``, built from it when None) updates
    a schedule advancing ``every`` step or epoch."""
    if problem is None:
        problem = exp.build_problem()
    n = problem.n_samples
    bs = exp.batch_size
    spe = 1 if (n is None or bs is None or bs >= n) else -(-n // bs)
    steps = exp.steps if exp.steps is not None else (exp.epochs or 100) * spe
    return max(1, steps if every == "step" else steps // spe)


def starting_config(
    name: str, exp: Experiment, every: str = "step", problem: Any = None
) -> dict[str, Any]:
    """The schedule ``name`` with values that suit ``exp`` (its run length and rate) for
    the parameters torch requires, and onecycle's momentum cycling off when the optimizer
    has nothing to cycle. Valid for ``exp``: :func:`schedules.validate` returns it."""
    n = _run_updates(exp, every, problem)
    lr = float(exp.hyperparams.get("lr", 0.01))
    required = {
        "step": {"step_size": max(1, n // 3)},
        "multistep": {"milestones": sorted({max(1, n // 2), max(1, (3 * n) // 4)})},
        "exponential": {"gamma": 0.99},
        "cosine": {"T_max": n},
        "onecycle": {"max_lr": lr, "total_steps": max(n, 2)},
    }.get(name, {})
    config = schedules.validate({"name": name, **required, "every": every})
    if name == "onecycle" and schedule_conflict(config, exp.optimizer_name):
        config = schedules.validate({**config, "cycle_momentum": False})
    return config


def _ints_text(values: Any) -> str:
    return ", ".join(str(v) for v in values)


class ScheduleSection(Section):
    """A combo of the schedules, then only the chosen one's parameters and "every"."""

    def __init__(self, edit: Callable[..., bool], parent: QWidget | None = None):
        super().__init__(edit, parent)
        self.combo = combo_box(
            [(title, name) for name, title in schedule_titles().items()],
            name=tr("Learning-rate schedule"),
            tip=tr(
                "How η changes during the run; each schedule follows "
                "torch.optim.lr_scheduler step for step"
            ),
        )
        self.every = combo_box(
            [(tr("every step"), "step"), (tr("every epoch"), "epoch")],
            name=tr("Schedule advances"),
            tip=tr(
                "Whether the schedule advances after every optimizer step or after the "
                "last step of each epoch"
            ),
        )
        self.rule = muted_label()
        self.rule.setAccessibleName(tr("Schedule rule"))
        #: the parameter fields of the shown schedule, by torch's name
        self.fields: dict[str, QWidget] = {}
        self.labels: dict[str, QLabel] = {}
        self._fields_for: tuple = ()
        self._problem: Any = None
        form = form_layout()
        form.addRow(tr("Schedule"), self.combo)
        self._form = form_layout()
        self._every_form = form_layout()
        self._every_form.addRow(tr("Advances"), self.every)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addWidget(self.rule)
        layout.addLayout(self._form)
        layout.addLayout(self._every_form)
        layout.addWidget(self.error_label)
        self.combo.currentIndexChanged.connect(self._on_schedule)
        self.every.currentIndexChanged.connect(self._on_every)

    # --- showing --------------------------------------------------------------------------
    @property
    def name(self) -> str | None:
        """The schedule the section shows (None: a constant rate)."""
        return self.combo.currentData()

    def cycle_offered(self, exp: Experiment | None = None) -> bool:
        """Whether onecycle's momentum cycling is offered for ``exp``'s optimizer."""
        exp = exp or self.experiment
        if exp is None:
            return False
        probe = schedules.validate({"name": "onecycle", "max_lr": 0.1, "total_steps": 10})
        return not schedule_conflict(probe, exp.optimizer_name)

    def show_experiment(self, exp: Experiment, problem: Any = None) -> None:
        self.experiment, self._problem = exp, problem
        config = exp.schedule
        name = None if config is None else config["name"]
        set_combo(self.combo, name)
        shape = (name, self.cycle_offered(exp))
        if shape != self._fields_for:
            self._build_fields(name, exp)
            self._fields_for = shape
            self.reshaped.emit()
        for w in (self.rule, self.every):
            w.setVisible(name is not None)
        self._every_form.setRowVisible(0, name is not None)
        if config is None:
            return
        set_combo(self.every, config["every"])
        for key, w in self.fields.items():
            self._show_value(w, config[key])

    @staticmethod
    def _show_value(w: QWidget, value: Any) -> None:
        if isinstance(w, FloatEdit):
            w.set_value(float(value))
        elif isinstance(w, QCheckBox):
            if w.isChecked() != bool(value):
                with QSignalBlocker(w):
                    w.setChecked(bool(value))
        elif isinstance(w, QComboBox):
            set_combo(w, value)
        elif isinstance(w, QLineEdit):
            text = _ints_text(value)
            if w.text() != text or w.property("error"):
                with QSignalBlocker(w):
                    w.setText(text)
                _mark(w, "")

    def _build_fields(self, name: str | None, exp: Experiment) -> None:
        while self._form.rowCount():
            self._form.removeRow(0)
        self.fields, self.labels = {}, {}
        if name is None:
            self.rule.setText("")
            return
        spec = schedules.get(name)
        self.rule.setText(spec.rule)
        self.rule.setToolTip(tr("The rule of {0} ({1})").format(name, spec.torch))
        offered = self.cycle_offered(exp)
        docs = _docs()
        for p in spec.params:
            if p.name in _CYCLE and not offered:
                continue  # nothing to cycle: the optimizer has no momentum or beta1
            doc = docs.get(p.name, p.doc)
            tip = doc + "\n" + tr("torch's name: {0}").format(p.name)
            label = QLabel(p.name)
            label.setToolTip(doc)
            w = self._field(p, tip)
            self._form.addRow(label, w)
            w.show()
            self.fields[p.name] = w
            self.labels[p.name] = label

    def _field(self, p: schedules.Param, tip: str) -> QWidget:
        key = p.name
        if p.kind == "bool":
            box = QCheckBox()
            box.setAccessibleName(key)
            box.setToolTip(tip)
            box.toggled.connect(lambda on, k=key, b=box: self._on_value(k, bool(on), b))
            return box
        if p.kind == "choice":
            combo = combo_box([(c, c) for c in p.choices], name=key, tip=tip)
            combo.currentIndexChanged.connect(
                lambda _i, k=key, c=combo: self._on_value(k, c.currentData(), c)
            )
            return combo
        if p.kind == "ints":
            line = QLineEdit()
            line.setAccessibleName(key)
            line.setToolTip(tip)
            line.setProperty("tip", tip)
            line.editingFinished.connect(lambda k=key, w=line: self._on_ints(k, w))
            return line

        def check(v: float, p: schedules.Param = p) -> str | None:
            value: Any = v
            if p.kind == "int":
                if v != int(v):
                    return tr("must be an integer, got {0:g}").format(v)
                value = int(v)
            return p.check(value)

        default = p.default if not p.required else 1.0
        edit = FloatEdit(float(default), name=key, tip=tip, check=check)
        edit.value_changed.connect(
            lambda v, k=key, e=edit, p=p: self._on_value(k, int(v) if p.kind == "int" else v, e)
        )
        return edit

    # --- editing --------------------------------------------------------------------------
    def _submit(self, config: dict[str, Any] | None, widget: QWidget | None) -> bool:
        ok = self.edit(widget, schedule=config)
        if not ok and isinstance(widget, QLineEdit) and not isinstance(widget, FloatEdit):
            _mark(widget, self.error_label.text())
        return ok

    def _config(self, **changes: Any) -> dict[str, Any] | None:
        """The experiment's schedule with ``changes``, validated; None after marking the
        error (then nothing is submitted)."""
        exp = self.experiment
        if exp is None or exp.schedule is None:
            return None
        config = {**exp.schedule, **changes}
        try:
            return schedules.validate(config)
        except ValueError as e:
            self.show_error(core_text(e))
            return None

    def _on_value(self, key: str, value: Any, widget: QWidget) -> None:
        config = self._config(**{key: value})
        if config is None:
            if isinstance(widget, FloatEdit):
                widget.show_error(self.error_label.text())
            return
        if not self._submit(config, widget) and not isinstance(widget, (FloatEdit, QLineEdit)):
            self._show_value(widget, self.experiment.schedule[key])  # back to the kept value

    def _on_ints(self, key: str, line: QLineEdit) -> None:
        text = line.text().strip().strip("[]")
        try:
            values = [int(v) for v in text.replace(";", ",").split(",") if v.strip()]
        except ValueError:
            msg = tr("{0}: type whole numbers separated by commas, e.g. 30, 60, 90").format(key)
            self.show_error(msg)
            _mark(line, msg)
            return
        exp = self.experiment
        if exp is not None and exp.schedule is not None and values == list(exp.schedule[key]):
            _mark(line, "")
            self.show_error("")
            return
        config = self._config(**{key: values})
        if config is None:
            _mark(line, self.error_label.text())
            return
        if self._submit(config, line):
            _mark(line, "")

    def _on_schedule(self, _index: int) -> None:
        exp = self.experiment
        name = self.combo.currentData()
        if exp is None or name == (exp.schedule or {}).get("name"):
            return
        every = exp.schedule["every"] if exp.schedule is not None else "step"
        config = None if name is None else starting_config(name, exp, every, self._problem)
        if not self._submit(config, self.combo):
            set_combo(self.combo, None if exp.schedule is None else exp.schedule["name"])

    def _on_every(self, _index: int) -> None:
        exp = self.experiment
        every = self.every.currentData()
        if exp is None or exp.schedule is None or every == exp.schedule["every"]:
            return
        config = {**exp.schedule, "every": every}
        if config["name"] == "onecycle":  # the cycle counts updates: fit it to the run
            need = _run_updates(exp, every, self._problem)
            config["total_steps"] = max(config["total_steps"], need)
        if not self._submit(schedules.validate(config), self.every):
            set_combo(self.every, exp.schedule["every"])


def _mark(line: QLineEdit, message: str) -> None:
    """A text field red with ``message`` as its tooltip, or normal again with ``""``."""
    line.setProperty("error", message)
    line.setStyleSheet(
        f"QLineEdit {{ color: {ERROR_COLOR}; border: 1px solid {ERROR_COLOR}; }}" if message else ""
    )
    line.setToolTip(message or line.property("tip") or "")
