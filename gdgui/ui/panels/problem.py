"""The "Problem and data" part of the side column.

What gradient descent minimises: a line fitted to data (the doubling points, a
noisy line drawn from a few numbers, a CSV file, given points), a test surface
with its parameters, or the user's own f(x, y) (:mod:`.expression`). Surfaces
and f(x, y) have an editable plot range; line problems can be standardized.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ...core.data import PRESETS as DATA_PRESETS
from ...core.experiment import LINE_PROBLEMS, Data, Experiment
from .expression import CUSTOM, DEFAULT_EXPRESSION, ExpressionEditor
from .widgets import (
    FloatEdit,
    Section,
    combo_box,
    form_layout,
    muted_label,
    named,
    nonnegative,
    set_combo,
    set_spin,
    short,
    spin_box,
    tr,
)

__all__ = ["NOISY_LINE", "DomainEditor", "ProblemSection"]

NOISY_LINE: dict[str, Any] = {"preset": "noisy-line", **DATA_PRESETS["noisy-line"][1]}


def _surfaces() -> dict[str, Any]:
    """name -> spec of the test surfaces (title, formula, defaults)."""
    from ...core import surfaces

    return dict(surfaces.SPECS)


class DomainEditor(QWidget):
    """The plot range of a surface or f(x, y): x and y from … to …, min < max.

    ``changed(domain)`` gets ``[[x0, x1], [y0, y1]]``; ``reset()`` goes back to
    the problem's usual range.
    """

    def __init__(
        self,
        changed: Callable[[list[list[float]]], None],
        reset: Callable[[], None],
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self._changed = changed
        self.edits: dict[str, FloatEdit] = {}
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(6)
        grid.setVerticalSpacing(4)
        for row, axis in enumerate("xy"):
            lo = FloatEdit(
                -2.0,
                name=tr("Plot {0} min").format(axis),
                tip=tr("Where the plot's {0} axis starts").format(axis),
                check=lambda v, a=axis: self._check(a, "min", v),
            )
            hi = FloatEdit(
                2.0,
                name=tr("Plot {0} max").format(axis),
                tip=tr("Where the plot's {0} axis ends").format(axis),
                check=lambda v, a=axis: self._check(a, "max", v),
            )
            self.edits[f"{axis}_min"], self.edits[f"{axis}_max"] = lo, hi
            grid.addWidget(QLabel(axis), row, 0)
            grid.addWidget(lo, row, 1)
            grid.addWidget(QLabel(tr("to")), row, 2)
            grid.addWidget(hi, row, 3)
            lo.value_changed.connect(lambda _v, e=lo: self._commit(e))
            hi.value_changed.connect(lambda _v, e=hi: self._commit(e))
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        self.reset_button = QToolButton()
        self.reset_button.setText("↺")
        named(
            self.reset_button, tr("Usual plot range"), tr("Back to this problem's usual plot range")
        )
        self.reset_button.clicked.connect(reset)
        grid.addWidget(self.reset_button, 0, 4, 2, 1)

    def _check(self, axis: str, end: str, v: float) -> str | None:
        if end == "min":
            other = self.edits[f"{axis}_max"].value()
            return (
                None if v < other else tr("must be less than {0} max ({1:g})").format(axis, other)
            )
        other = self.edits[f"{axis}_min"].value()
        return None if v > other else tr("must be greater than {0} min ({1:g})").format(axis, other)

    def domain(self) -> list[list[float]]:
        e = self.edits
        return [[e["x_min"].value(), e["x_max"].value()], [e["y_min"].value(), e["y_max"].value()]]

    def set_domain(self, domain: Sequence[Sequence[float]], custom: bool) -> None:
        """Show ``domain``; ``custom``: it differs from the usual range (reset enabled)."""
        (x0, x1), (y0, y1) = domain
        for key, v in (("x_min", x0), ("x_max", x1), ("y_min", y0), ("y_max", y1)):
            self.edits[key].set_value(v)
        self.reset_button.setEnabled(custom)

    def _commit(self, source: FloatEdit) -> None:
        for e in self.edits.values():  # a fixed bound may make its partner valid again
            if e is not source and e.error:
                e.recheck()
        self._changed(self.domain())


class ProblemSection(Section):
    """The model (a line, a test surface or your own f(x, y)) and its data."""

    def __init__(self, edit: Callable[..., bool], parent: QWidget | None = None):
        super().__init__(edit, parent)
        titles = {"linear-w": tr("Line through 0:  y = w·x"), "linear-wb": tr("Line:  y = w·x + b")}
        self.problem_combo = combo_box(
            [(titles.get(n, n), n) for n in LINE_PROBLEMS],
            name=tr("Problem"),
            tip=tr(
                "What gradient descent minimises: the mean squared error of a line "
                "fitted to data, a test surface f(x, y), or a function you type"
            ),
        )
        self._specs = _surfaces()
        self.problem_combo.insertSeparator(self.problem_combo.count())
        for name, spec in self._specs.items():
            self.problem_combo.addItem(tr(spec.title), name)
            i = self.problem_combo.count() - 1
            self.problem_combo.setItemData(
                i, f"f(x, y) = {spec.formula}", Qt.ItemDataRole.ToolTipRole
            )
        self.problem_combo.insertSeparator(self.problem_combo.count())
        self.problem_combo.addItem(tr("Your own f(x, y)"), CUSTOM)

        # surfaces: the formula and the parameters
        self.formula = muted_label(mono=False)
        self.formula.setAccessibleName(tr("Formula"))
        self.formula.setToolTip(tr("The surface's formula"))
        self.param_edits: dict[str, FloatEdit] = {}
        self._params_for = ""
        # your own f(x, y)
        self.expression = ExpressionEditor(self._on_expression, self.reshaped.emit)
        self.expr_edit = self.expression.edit
        # surfaces and f(x, y): the plot range
        self.domain = DomainEditor(self._on_domain, self._on_domain_reset)

        # line problems: the data
        self.data_combo = combo_box(
            [(tr("Doubling: y = 2x at x = 1…4"), "doubling"), (tr("Noisy line"), "noisy-line")],
            name=tr("Data"),
            tip=tr(
                "The points the line is fitted to: a preset, or a CSV file or points "
                "given in the experiment"
            ),
        )
        self.n_spin = spin_box(
            1,
            10_000_000,
            50,
            name=tr("Number of points"),
            tip=tr("How many noisy points to draw (x uniform in the x range)"),
        )
        self.slope_edit = FloatEdit(
            2.0, name=tr("True slope"), tip=tr("The slope of the line the points scatter around")
        )
        self.intercept_edit = FloatEdit(
            1.0,
            name=tr("True intercept"),
            tip=tr("The intercept of the line the points scatter around"),
        )
        self.noise_edit = FloatEdit(
            1.0,
            name=tr("Noise σ"),
            tip=tr("Standard deviation of the Gaussian noise on y"),
            check=nonnegative,
        )
        self.x_min_edit = FloatEdit(
            0.0,
            name=tr("Smallest x"),
            tip=tr("x is drawn uniformly from x min to x max"),
            check=lambda v: (
                None
                if v < self.x_max_edit.value()
                else tr("must be less than x max ({0:g})").format(self.x_max_edit.value())
            ),
        )
        self.x_max_edit = FloatEdit(
            10.0,
            name=tr("Largest x"),
            tip=tr("x is drawn uniformly from x min to x max"),
            check=lambda v: (
                None
                if v > self.x_min_edit.value()
                else tr("must be greater than x min ({0:g})").format(self.x_min_edit.value())
            ),
        )
        x_range = QWidget()
        row = QHBoxLayout(x_range)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.x_min_edit, 1)
        row.addWidget(QLabel(tr("to")))
        row.addWidget(self.x_max_edit, 1)
        self.x_range = x_range
        self.data_seed_spin = spin_box(
            0,
            2**31 - 1,
            0,
            name=tr("Data seed"),
            tip=tr("Seeds the random points: the same seed draws the same data"),
        )
        self.standardize_check = QCheckBox(tr("Standardize x"))
        named(
            self.standardize_check,
            tr("Standardize x"),
            tr(
                "The optimizer works on standardized data: x′ = (x − mean)/std for "
                "y = w·x + b, x′ = x/rms for y = w·x. The loss surface becomes round, so "
                "one learning rate suits every parameter, even for x in the tens of "
                "thousands.\nThe line, its coefficients and predictions stay on the "
                "original scale of x."
            ),
        )
        self.summary = muted_label()

        form = form_layout()
        form.addRow(tr("Problem"), self.problem_combo)
        form.addRow(self.formula)
        self._params_anchor = 2  # surface parameter rows are inserted here
        form.addRow(tr("f(x, y) ="), self.expression)
        form.addRow(tr("Plot"), self.domain)
        form.addRow(tr("Data"), self.data_combo)
        self._noisy_rows: list[QWidget] = []
        for label, w in (
            (tr("Points n"), self.n_spin),
            (tr("Slope"), self.slope_edit),
            (tr("Intercept"), self.intercept_edit),
            (tr("Noise σ"), self.noise_edit),
            (tr("x from"), self.x_range),
            (tr("Seed"), self.data_seed_spin),
        ):
            form.addRow(label, w)
            self._noisy_rows.append(w)
        form.addRow(self.standardize_check)
        self._form = form
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addLayout(form)
        layout.addWidget(self.summary)
        layout.addWidget(self.error_label)

        self.problem_combo.currentIndexChanged.connect(self._on_problem)
        self.data_combo.currentIndexChanged.connect(self._on_data)
        self.n_spin.valueChanged.connect(lambda v: self._on_noisy(self.n_spin, n=v))
        self.slope_edit.value_changed.connect(lambda v: self._on_noisy(self.slope_edit, slope=v))
        self.intercept_edit.value_changed.connect(
            lambda v: self._on_noisy(self.intercept_edit, intercept=v)
        )
        self.noise_edit.value_changed.connect(lambda v: self._on_noisy(self.noise_edit, noise=v))
        self.x_min_edit.value_changed.connect(lambda v: self._on_x_range(self.x_min_edit))
        self.x_max_edit.value_changed.connect(lambda v: self._on_x_range(self.x_max_edit))
        self.data_seed_spin.valueChanged.connect(
            lambda v: self._on_noisy(self.data_seed_spin, seed=v)
        )
        self.standardize_check.toggled.connect(self._on_standardize)
        self._noisy = dict(NOISY_LINE)
        self._last: dict[str, dict[str, Any]] = {}  # problem name -> its last spec
        self._shape: tuple = ()

    # --- experiment -> widgets ---------------------------------------------------------------
    def show_experiment(self, exp: Experiment, problem: Any) -> None:
        self.experiment = exp
        name = exp.problem_name
        spec = exp.problem.to_json()
        self._last[name] = spec
        if not set_combo(self.problem_combo, name):
            title = problem.title or name
            with QSignalBlocker(self.problem_combo):
                self.problem_combo.addItem(title, name)
            set_combo(self.problem_combo, name)
        line = name in LINE_PROBLEMS
        custom = name == CUSTOM
        surface = not line and not custom
        form = self._form
        form.setRowVisible(self.formula, surface)
        form.setRowVisible(self.expression, custom)
        form.setRowVisible(self.domain, not line)
        self._show_surface(name if surface else "", spec, problem)
        if custom:
            self.expression.set_expression(spec["expr"])
        if not line:
            domain = problem.domain()
            if domain is not None:
                self.domain.set_domain(domain, "domain" in spec)

        data = dict(exp.data.source) if exp.data is not None else {}
        kind = data.get("preset") if "preset" in data else "custom"
        if line:
            if kind == "custom":
                self._set_custom_data_item(exp.data, problem.n_samples)
            elif kind == "noisy-line":
                self._noisy = {**NOISY_LINE, **data}
            set_combo(self.data_combo, kind)
        form.setRowVisible(self.data_combo, line)
        form.setRowVisible(self.standardize_check, line)
        for w in self._noisy_rows:
            form.setRowVisible(w, line and kind == "noisy-line")
        if line and kind == "noisy-line":
            nl = self._noisy
            set_spin(self.n_spin, int(nl["n"]))
            self.slope_edit.set_value(nl["slope"])
            self.intercept_edit.set_value(nl["intercept"])
            self.noise_edit.set_value(nl["noise"])
            self.x_min_edit.set_value(nl["x_min"])
            self.x_max_edit.set_value(nl["x_max"])
            set_spin(self.data_seed_spin, int(nl["seed"]))
        if line:
            on = exp.standardize
            if self.standardize_check.isChecked() != on:
                with QSignalBlocker(self.standardize_check):
                    self.standardize_check.setChecked(on)
        self.summary.setText(self._summary(exp, problem))
        shape = (name, kind, tuple(self.param_edits), self.summary.text(), self.formula.text())
        if shape != self._shape:
            self._shape = shape
            self.reshaped.emit()

    def _show_surface(self, name: str, spec: dict, problem: Any) -> None:
        if name != self._params_for:
            self._build_params(name)
        if not name:
            return
        self.formula.setText(f"f(x, y) = {getattr(problem, 'formula', '')}")
        params = getattr(problem, "params", {})
        for key, e in self.param_edits.items():
            e.set_value(params.get(key, spec.get(key, 0.0)))

    def _build_params(self, name: str) -> None:
        for e in self.param_edits.values():
            self._form.removeRow(e)
        self.param_edits = {}
        self._params_for = name
        defaults = self._specs[name].defaults if name else {}
        for i, (key, default) in enumerate(defaults.items()):
            e = FloatEdit(
                default,
                name=tr("Surface parameter {0}").format(key),
                tip=tr("The parameter {0} in f(x, y) = {1} (usually {2:g})").format(
                    key, self._specs[name].formula, default
                ),
            )
            e.value_changed.connect(lambda v, k=key, w=e: self._on_param(w, k, v))
            self._form.insertRow(self._params_anchor + i, f"{key} =", e)
            self.param_edits[key] = e

    def _summary(self, exp: Experiment, problem: Any) -> str:
        n = problem.n_samples
        if n is None:
            minima = problem.minima()
            text = tr("f(x, y) with no data: every step follows the exact gradient.")
            if minima:
                p, v = min(minima, key=lambda m: m[1])
                text += " " + tr("Minimum f = {0} at ({1}, {2}).").format(
                    short(v), short(p[0]), short(p[1])
                )
            return text
        text = tr("1 point.") if n == 1 else tr("{0} points.").format(f"{n:,}")
        opt = getattr(problem, "optimum", None)
        if callable(opt):
            names = problem.shown_names
            shown = problem.shown_params(opt())
            best = ", ".join(f"{k} = {short(v)}" for k, v in zip(names, shown))
            text += " " + tr("Least squares: {0}.").format(best)
        if problem.standardized:
            text += " " + tr(
                "The optimizer works on {0} (standardized x); everything shown "
                "is on the original scale."
            ).format(", ".join(problem.param_names))
        return text

    def _set_custom_data_item(self, data: Data, n: int | None) -> None:
        count = "?" if n is None else tr("1 point") if n == 1 else tr("{0} points").format(f"{n:,}")
        ds = data.dataset() if data.kind == "inline" else None
        columns = getattr(ds, "columns", ("x", "y"))
        if data.kind == "csv":
            text = tr("{0} ({1})").format(
                str(data.source["csv"]).replace("\\", "/").split("/")[-1], count
            )
        elif tuple(columns) != ("x", "y"):  # imported from a CSV file: its columns
            text = tr("{0} vs {1} ({2})").format(columns[1], columns[0], count)
        else:
            text = tr("Given points ({0})").format(count)
        i = self.data_combo.findData("custom")
        with QSignalBlocker(self.data_combo):
            if i < 0:
                self.data_combo.addItem(text, "custom")
                i = self.data_combo.count() - 1
            self.data_combo.setItemText(i, text)
        self._custom_data = data

    # --- widgets -> experiment ---------------------------------------------------------------
    def _problem_spec(self) -> dict[str, Any]:
        assert self.experiment is not None
        return self.experiment.problem.to_json()

    def _on_problem(self, _index: int) -> None:
        name = self.problem_combo.currentData()
        exp = self.experiment
        if exp is None or name == exp.problem_name:
            return
        problem: dict[str, Any] = dict(self._last.get(name, {"name": name}))
        if name == CUSTOM and "expr" not in problem:
            problem["expr"] = self.expression.valid_text or DEFAULT_EXPRESSION
        # what the new problem resets: gdgui.core.edits.set_problem
        if not self.edit(self.problem_combo, problem=problem):
            set_combo(self.problem_combo, exp.problem_name)

    def _on_param(self, widget: FloatEdit, key: str, value: float) -> None:
        if self.experiment is None:
            return
        self.edit(widget, problem={**self._problem_spec(), key: value})

    def _on_expression(self, text: str) -> bool:
        if self.experiment is None or self.experiment.problem_name != CUSTOM:
            return False
        return self.edit(self.expr_edit, problem={**self._problem_spec(), "expr": text})

    def _on_domain(self, domain: list[list[float]]) -> None:
        if self.experiment is None:
            return
        self.edit(None, problem={**self._problem_spec(), "domain": domain})

    def _on_domain_reset(self) -> None:
        if self.experiment is None:
            return
        spec = self._problem_spec()
        spec.pop("domain", None)
        self.edit(None, problem=spec)

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
            data = self.experiment.data
            old = data.source.get("preset", "custom") if data is not None else "custom"
            set_combo(self.data_combo, old)

    def _on_noisy(self, widget: QWidget, **change: Any) -> None:
        if self.experiment is None:
            return
        data = {**self._noisy, **change}
        self.edit(widget, data=data)

    def _on_x_range(self, source: FloatEdit) -> None:
        other = self.x_max_edit if source is self.x_min_edit else self.x_min_edit
        if other.error:
            other.recheck()
        self._on_noisy(source, x_min=self.x_min_edit.value(), x_max=self.x_max_edit.value())

    def _on_standardize(self, on: bool) -> None:
        if self.experiment is None:
            return
        if not self.edit(self.standardize_check, standardize=bool(on)):
            with QSignalBlocker(self.standardize_check):
                self.standardize_check.setChecked(not on)
