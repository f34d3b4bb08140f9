"""The "Optimizer" part of the side column: the update rule, its hyperparameters
and, beside the learning rate, the rates that are stable and fastest
(:func:`gdgui.core.stability.rate_limits`)."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from html import escape
from typing import Any

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtWidgets import QCheckBox, QLabel, QVBoxLayout, QWidget

from ...core import optimizers as optim
from ...core.experiment import Experiment
from ...core.stability import RateLimits, rate_limits, stability_advice
from ..core_text import core_text
from .schedule import ScheduleSection
from .widgets import (
    WARNING_COLOR,
    NumberField,
    Section,
    combo_box,
    form_layout,
    muted_label,
    named,
    set_combo,
    tr,
)

__all__ = ["OptimizerSection", "rule_html"]

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


#: combining marks in the optimizers' rules and what stands in for them in rich text
_MARKS = {"\u0302": "<sup>^</sup>", "\u0304": "<sup>\u00af</sup>", "\u0303": "<sup>~</sup>"}


def rule_html(rule: str) -> str:
    """An update rule as rich text that cannot break inside a formula.

    The formulas (separated by ";") each sit in a ``white-space:nowrap`` span, so
    a wrapping label breaks only between them; combining marks (the hats of
    Adam's m̂ and v̂) become a raised mark after the letter, so no line break or
    font can put them over the wrong character.
    """
    parts = []
    for formula in (f.strip() for f in unicodedata.normalize("NFC", rule).split(";")):
        if not formula:
            continue
        out = []
        for ch in formula:
            if unicodedata.combining(ch):
                out.append(_MARKS.get(ch, ""))
            else:
                out.append(escape(ch))
        parts.append(
            '<span style="white-space:nowrap">' + "".join(out).replace("  ", " ") + "</span>"
        )
    return ";&nbsp; ".join(parts)


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
        self.rule.setTextFormat(Qt.TextFormat.RichText)
        self.rule.setAccessibleName(tr("Update rule"))
        self.notice = QLabel()  # what an edit did on its own (a rate lowered)
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet(f"color: {WARNING_COLOR};")
        self.notice.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.notice.setAccessibleName(tr("Learning-rate notice"))
        self.notice.setToolTip(
            tr(
                "The learning rate carried over from the previous problem "
                "would diverge on this one, so it was lowered"
            )
        )
        self.notice.setVisible(False)
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
        layout.addWidget(self.notice)
        layout.addLayout(self._hp_form)
        layout.addWidget(self.error_label)
        #: the learning-rate schedule, under the hyperparameters (its own errors beside it)
        self.schedule = ScheduleSection(edit)
        self.schedule.reshaped.connect(self.reshaped)
        layout.addWidget(self.schedule)
        self.combo.currentIndexChanged.connect(self._on_optimizer)

    def show_experiment(self, exp: Experiment, problem: Any = None) -> None:
        self.experiment = exp
        name = exp.optimizer_name
        set_combo(self.combo, name)
        spec = optim.get(name)
        if self._fields_for != name:
            self._build_fields(spec)
        self.rule.setText(rule_html(spec.rule))
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
        self.schedule.show_experiment(exp, problem)

    def show_notice(self, text: str) -> None:
        """Show (or, with "", hide) a note on what the last edit did on its own."""
        if text == self.notice.text() and bool(text) == self.notice.isVisibleTo(self):
            return
        self.notice.setText(text)
        self.notice.setVisible(bool(text))
        self.reshaped.emit()

    def _show_rate_hint(self, exp: Experiment, problem: Any) -> None:
        name = exp.optimizer_name
        hp = {**optim.get(name).defaults(), **exp.hyperparams}
        limits = (
            rate_limits(problem, name, hp) if problem is not None and "lr" in self.fields else None
        )
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
            tr("no minimum (saddle)") if saddle else tr("fastest {0}").format(_g4(limits.fastest)),
        )
        why = tr(
            "For full-batch gradient descent on this quadratic loss the curvature "
            "(the eigenvalues of the Hessian the optimizer sees) runs from λ_min = {0} "
            "to λ_max = {1}. A step η·λ_max ≥ 2 overshoots the minimum along the "
            "steepest direction by more than it started from, so the run diverges: "
            "η must stay below 2/λ_max = {2}. The error shrinks fastest at "
            "η = 2/(λ_max + λ_min) = {3}."
        ).format(_g4(limits.lmin), _g4(limits.lmax), _g4(limits.stable), _g4(limits.fastest))
        if problem.standardized:
            why += " " + tr("This is the Hessian in standardized x, where the optimizer works.")
        if exp.batch_size is not None:
            why += " " + tr("With mini-batches the noisy steps usually need a smaller rate still.")
        never = name in ("momentum", "nesterov") and limits.limit is None  # μ ≥ 1
        if name == "gd":
            lines = [gd_text]
        elif never:
            lines = [tr("gradient descent: {0}").format(gd_text)]
        elif limits.limit is not None:
            lines = [
                _phrases(
                    tr("stable below {0}").format(_g4(limits.limit)),
                    tr("with μ = {0:g}").format(float(hp["momentum"])),
                ),
                tr("gradient descent: {0}").format(gd_text),
            ]
            why += " " + tr("With momentum μ the stable limit moves to {0}.").format(
                _g4(limits.limit)
            )
        else:
            lines = [tr("gradient descent: {0}").format(gd_text)]
            why += " " + tr(
                "{0} divides each step by a running size of the gradient, so "
                "these limits do not apply to it directly."
            ).format(optim.get(name).title)
        if never:
            lines.insert(
                0,
                "⚠ "
                + tr("with μ = {0:g} no learning rate is stable: use μ < 1").format(
                    float(hp["momentum"])
                ),
            )
            advice = core_text(stability_advice(problem, name, hp)).strip()
            why = (advice + "\n\n" + why) if advice else why
        warn = never or (limits.limit is not None and lr >= limits.limit)
        self.rate_warning = warn
        if warn and not never:
            lines.insert(
                0,
                "⚠ "
                + tr("η = {0:g} is past the stable limit: expect the run to diverge").format(lr),
            )
            advice = tr("Lower the learning rate below {0}").format(_g4(limits.limit))
            if problem is not None and problem.n_samples is not None and not problem.standardized:
                advice += tr(", or standardize x")
            why = (
                tr(
                    "η = {0:g} is at or past the stable limit {1}: expect the run to diverge. {2}."
                ).format(lr, _g4(limits.limit), advice)
                + "\n\n"
                + why
            )
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
                w = NumberField(
                    float(h.default),
                    ui_range=(lo, hi),
                    log=h.log,
                    name=label,
                    tip=tip,
                    check=h.check,
                )
                w.value_changed.connect(lambda v, k=h.name, w=w: self._on_value(k, v, w))
            row: QWidget = w
            if h.name == "lr":  # the limits go right under the learning rate
                self.rate_hint = QLabel()
                self.rate_hint.setTextFormat(Qt.TextFormat.RichText)
                self.rate_hint.setWordWrap(True)
                self.rate_hint.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
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
