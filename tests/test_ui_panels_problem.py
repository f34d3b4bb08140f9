"""The problem section: surfaces and their parameters, your own f(x, y), the plot range,
the noisy-line generator and standardization."""

import pytest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QWidget,
)

from gdgui.core.expr import Expression
from gdgui.core.surfaces import SPECS, SURFACES, surface_params
from gdgui.ui.panels.expression import CUSTOM, DEFAULT_EXPRESSION, caret_lines
from gdgui.ui.panels.widgets import ERROR_COLOR


def type_into(edit, text):
    edit.setFocus()
    edit.setText(text)
    edit.textEdited.emit(text)
    edit.editingFinished.emit()


def type_expression(qtbot, section, text):
    """Type into the f(x, y) field as a user would: checked once typing pauses."""
    ed = section.expression
    ed.edit.setFocus()
    ed.edit.setText(text)
    ed.edit.textEdited.emit(text)
    assert ed.pending  # not checked at once: debounced
    qtbot.waitUntil(lambda: not ed.pending, timeout=2000)


def choose(section, name):
    combo = section.problem_combo
    i = combo.findData(name)
    assert i >= 0, name
    combo.setCurrentIndex(i)


def test_the_combo_lists_lines_every_surface_by_title_and_your_own_function(make_window):
    w = make_window()
    combo = w.panels.problem_section.problem_combo
    items = {
        combo.itemData(i): combo.itemText(i)
        for i in range(combo.count())
        if combo.itemData(i) is not None
    }
    assert {"linear-w", "linear-wb", CUSTOM} <= set(items)
    for name in SURFACES:
        assert items[name] == SPECS[name].title
    assert items[CUSTOM] == "Your own f(x, y)"


def test_choosing_each_surface_updates_the_experiment_and_shows_formula_and_parameters(make_window):
    w = make_window()
    p = w.panels.problem_section
    c = w.controller
    for name in SURFACES:
        choose(p, name)
        assert c.experiment.problem_name == name and c.problem.name == name
        assert p._form.isRowVisible(p.formula) and SPECS[name].formula in p.formula.text()
        assert list(p.param_edits) == list(surface_params(name))
        assert not p._form.isRowVisible(p.data_combo)
        assert not p._form.isRowVisible(p.standardize_check)
        assert not p._form.isRowVisible(p.expression)
        assert p._form.isRowVisible(p.domain)
        (x0, x1), (y0, y1) = c.problem.domain()
        assert p.domain.domain() == [[x0, x1], [y0, y1]]


def test_surface_parameters_are_number_fields_that_change_the_surface(make_window):
    w = make_window()
    p = w.panels.problem_section
    c = w.controller
    choose(p, "rosenbrock")
    assert {k: e.value() for k, e in p.param_edits.items()} == {"a": 1.0, "b": 100.0}
    type_into(p.param_edits["b"], "20")
    assert c.experiment.to_dict()["problem"] == {"name": "rosenbrock", "b": 20.0}
    assert c.problem.params == {"a": 1.0, "b": 20.0}
    assert "b=20" in c.problem.title
    type_into(p.param_edits["a"], "nope")
    assert "not a number" in p.param_edits["a"].error
    assert c.problem.params["a"] == 1.0
    choose(p, "bowl")
    assert list(p.param_edits) == ["a", "b"] and p.param_edits["b"].value() == 10.0
    type_into(p.param_edits["a"], "3")
    assert c.problem.params == {"a": 3.0, "b": 10.0}
    # back to Rosenbrock: its parameters are as you left them
    choose(p, "rosenbrock")
    assert c.problem.params == {"a": 1.0, "b": 20.0}
    assert p.param_edits["b"].value() == 20.0


def test_a_custom_function_with_an_error_shows_its_column_and_keeps_the_previous_one(
    qtbot, make_window
):
    w = make_window()
    p = w.panels.problem_section
    c = w.controller
    choose(p, CUSTOM)
    assert c.experiment.to_dict()["problem"] == {"name": "custom", "expr": DEFAULT_EXPRESSION}
    assert p.expr_edit.text() == DEFAULT_EXPRESSION
    exp = c.experiment
    type_expression(qtbot, p, "x**2 - z")
    ed = p.expression
    assert ed.error == "unknown name 'z' at column 8"
    assert "unknown name 'z' at column 8" in ed.message.text()
    assert ed.message.isVisibleTo(p) and ed.caret.isVisibleTo(p)
    text_line, caret = ed.caret.text().split("\n")
    assert text_line == "x**2 - z" and caret.index("^") == 7
    assert text_line[caret.index("^")] == "z"
    assert ERROR_COLOR in p.expr_edit.styleSheet()
    # nothing changed: the previous function is still in use, its gradient still shown
    assert c.experiment is exp and c.problem.text == DEFAULT_EXPRESSION
    assert "2*x + 0.3*cos(3*x)" in ed.gradient_text()
    assert p.expr_edit.text() == "x**2 - z"  # the text being typed is not thrown away
    # an unexpected end points just past the text
    type_expression(qtbot, p, "sin(x")
    assert ed.error == "expected ')' at column 6"
    assert ed.caret.text().split("\n")[1].index("^") == 5
    # Escape brings back the function in use
    ed.revert()
    assert p.expr_edit.text() == DEFAULT_EXPRESSION and not ed.error
    assert not ed.message.isVisibleTo(p)


def test_a_valid_custom_function_shows_its_gradient_and_changes_the_experiment(qtbot, make_window):
    w = make_window()
    p = w.panels.problem_section
    c = w.controller
    choose(p, CUSTOM)
    text = "x**2 + 3*y**2 + x*y"
    type_expression(qtbot, p, text)
    assert c.experiment.to_dict()["problem"]["expr"] == text
    assert c.problem.text == text
    dx, dy = Expression(text).gradient_text()
    assert p.expression.gradient_text() == f"∂f/∂x = {dx}\n∂f/∂y = {dy}"
    assert not p.expression.error
    # Enter checks at once, without waiting for the pause
    p.expr_edit.setText("x**4 - y")
    p.expr_edit.textEdited.emit("x**4 - y")
    p.expr_edit.editingFinished.emit()
    assert c.problem.text == "x**4 - y" and not p.expression.pending
    # a quadratic function has a constant Hessian: the learning-rate limits appear
    type_expression(qtbot, p, "x**2 + 10*y**2")
    limits = w.panels.optimizer_section.rate_limits
    assert limits is not None and limits.stable == pytest.approx(0.1)
    # another experiment opened: its function replaces the text
    from gdgui.core.experiment import Experiment

    w.controller.set_experiment(
        Experiment().replace(problem={"name": "custom", "expr": "sin(x)*cos(y)"})
    )
    assert p.expr_edit.text() == "sin(x)*cos(y)"


def test_the_gradient_formulas_wrap_instead_of_widening_the_column(qtbot, make_window):
    w = make_window()
    p = w.panels.problem_section
    choose(p, CUSTOM)
    type_expression(qtbot, p, "exp(x*y)*cos(x**2+y)/(1+x**2) + sin(x*y*y*x)*log(1+x**2+y**2)")
    panels = w.panels
    g = p.expression.gradient
    # the column re-measures once the layouts settled (a scroll bar may appear meanwhile)
    qtbot.waitUntil(lambda: g.height() >= g.heightForWidth(g.width()), timeout=1000)
    assert g.height() > 60  # several lines
    assert panels.widget().width() <= panels.viewport().width()
    assert g.width() < panels.viewport().width()


def test_the_plot_range_is_editable_and_validated(make_window):
    w = make_window()
    p = w.panels.problem_section
    c = w.controller
    choose(p, "rosenbrock")
    d = p.domain
    assert not d.reset_button.isEnabled()
    type_into(d.edits["x_max"], "-3")
    assert "greater than x min" in d.edits["x_max"].error
    assert "domain" not in c.experiment.to_dict()["problem"]
    type_into(d.edits["x_max"], "5")
    assert c.experiment.to_dict()["problem"]["domain"] == [[-2.0, 5.0], [-1.0, 3.0]]
    assert c.problem.domain() == ((-2.0, 5.0), (-1.0, 3.0))
    assert d.reset_button.isEnabled()
    # a minimum past the maximum is refused; fixing the maximum makes it valid
    type_into(d.edits["y_min"], "4")
    assert "less than y max" in d.edits["y_min"].error
    type_into(d.edits["y_max"], "6")
    assert not d.edits["y_min"].error
    assert c.problem.domain() == ((-2.0, 5.0), (4.0, 6.0))
    d.reset_button.click()
    assert "domain" not in c.experiment.to_dict()["problem"]
    assert c.problem.domain() == ((-2.0, 2.0), (-1.0, 3.0))
    assert d.domain() == [[-2.0, 2.0], [-1.0, 3.0]]
    # your own function has a range too
    choose(p, CUSTOM)
    type_into(d.edits["x_min"], "-5")
    assert c.experiment.to_dict()["problem"]["domain"] == [[-5.0, 2.0], [-2.0, 2.0]]
    assert c.problem.domain() == ((-5.0, 2.0), (-2.0, 2.0))


def test_noisy_line_x_range_is_validated(make_window):
    w = make_window()
    p = w.panels.problem_section
    c = w.controller
    p.data_combo.setCurrentIndex(p.data_combo.findData("noisy-line"))
    assert p._form.isRowVisible(p.x_range)
    type_into(p.x_min_edit, "20")
    assert "less than x max" in p.x_min_edit.error
    assert c.experiment.to_dict()["data"]["x_min"] == 0.0
    type_into(p.x_max_edit, "120")  # the bad minimum is taken with the new maximum
    assert not p.x_min_edit.error
    assert c.experiment.to_dict()["data"]["x_min"] == 20.0
    assert c.experiment.to_dict()["data"]["x_max"] == 120.0
    assert c.problem.x.min() >= 20 and c.problem.x.max() <= 120


def incomes_like(w):
    """A noisy line with x from 20,000 to 120,000, typed into the generator's fields."""
    p = w.panels.problem_section
    choose(p, "linear-wb")
    p.data_combo.setCurrentIndex(p.data_combo.findData("noisy-line"))
    type_into(p.x_max_edit, "120000")
    type_into(p.x_min_edit, "20000")
    type_into(p.slope_edit, "0.5")
    type_into(p.intercept_edit, "1000")
    type_into(p.noise_edit, "5000")
    return p


def test_standardize_changes_the_experiment_and_clears_the_learning_rate_warning(make_window):
    w = make_window()
    p = incomes_like(w)
    c = w.controller
    o = w.panels.optimizer_section
    assert c.experiment.hyperparams["lr"] == 0.01
    assert c.experiment.to_dict()["data"]["x_min"] == 20000.0
    assert p._form.isRowVisible(p.standardize_check)
    assert "original scale" in p.standardize_check.toolTip()
    assert o.rate_warning and o.rate_hint.isVisibleTo(o)
    assert "⚠" in o.rate_hint.text() and "color" in o.rate_hint.styleSheet()
    assert "standardize x" in o.rate_hint.toolTip()
    assert o.rate_limits.stable < 1e-9
    p.standardize_check.setChecked(True)
    assert c.experiment.standardize is True and c.problem.standardized
    assert not o.rate_warning and "⚠" not in o.rate_hint.text()
    assert o.rate_limits.stable == pytest.approx(1.0)  # the Hessian in standardized x: 2·I
    assert o.rate_limits.fastest == pytest.approx(0.5)
    assert "standardized" in o.rate_hint.toolTip()
    assert "original scale" in p.summary.text()
    # everything shown stays on the original scale
    assert [e.accessibleName() for e in w.panels.run_section.init_edits] == [
        "Initial w",
        "Initial b",
    ]
    w.render_now()
    assert w.readouts.value_text("param:w") == "0" and w.readouts.value_text("param:b") == "0"
    p.standardize_check.setChecked(False)
    assert c.experiment.standardize is False and not c.problem.standardized
    assert o.rate_warning


def test_caret_lines_keep_the_caret_under_the_column_of_long_text():
    assert caret_lines("x + z", 5) == "x + z\n    ^"
    assert caret_lines("x +", 4) == "x +\n   ^"
    text = "x + " * 30 + "zz"
    top, caret = caret_lines(text, 121, width=20).split("\n")
    assert top.startswith("…") and len(top) <= 22
    assert top[caret.index("^")] == "z"
    top, caret = caret_lines("qq" + "+x" * 40, 1, width=20).split("\n")
    assert top.endswith("…") and caret == "^"


@pytest.mark.parametrize("problem", ["bowl", CUSTOM, "linear-wb"])
def test_every_problem_control_has_a_tooltip_and_an_accessible_name(make_window, problem):
    w = make_window()
    p = w.panels.problem_section
    choose(p, problem)
    kinds = (QAbstractButton, QComboBox, QAbstractSpinBox, QLineEdit)
    seen = 0
    for widget in w.panels.findChildren(QWidget):
        if not isinstance(widget, kinds) or widget.objectName().startswith("qt_"):
            continue
        if isinstance(widget, QLineEdit) and isinstance(
            widget.parent(), (QAbstractSpinBox, QComboBox)
        ):
            continue
        assert widget.toolTip().strip(), f"{type(widget).__name__} {widget.accessibleName()!r}"
        assert widget.accessibleName().strip(), type(widget).__name__
        seen += 1
    assert seen > 15
