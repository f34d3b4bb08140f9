"""Beside the learning rate, the stable and fastest rates; the distance and loss-gap
readouts; the prediction box. Every number is checked against the engine."""

import numpy as np
import pytest

from gdgui.core.experiment import Experiment, preset
from gdgui.core.regression import LinearRegression, stable_learning_rates
from gdgui.core.stability import rate_limits
from gdgui.ui.panels.widgets import WARNING_COLOR


def type_into(edit, text):
    edit.setFocus()
    edit.setText(text)
    edit.textEdited.emit(text)
    edit.editingFinished.emit()


def run_to_end(qtbot, w):
    c = w.controller
    c.start()
    qtbot.waitUntil(lambda: c.done, timeout=5000)
    w.render_now()


def plain(text):
    return text.replace("\u00a0", " ")


def test_stable_and_fastest_rates_for_tutorial_003(make_window):
    w = make_window()
    o = w.panels.optimizer_section
    stable, fastest = stable_learning_rates(w.controller.problem.hessian())
    assert (stable, fastest) == pytest.approx((2 / 15, 1 / 15))
    assert o.rate_limits.stable == stable and o.rate_limits.fastest == fastest
    assert o.rate_hint.isVisibleTo(o)
    assert "stable below 0.1333 · fastest 0.06667" in plain(o.rate_hint.text())
    assert not o.rate_warning and "λ_max = 15" in o.rate_hint.toolTip()
    # at the limit: the warning colour, and the reason in the tooltip
    type_into(o.fields["lr"].edit, str(stable))
    assert o.rate_warning and WARNING_COLOR in o.rate_hint.styleSheet()
    assert "past the stable limit" in o.rate_hint.text()
    assert "diverge" in o.rate_hint.toolTip() and "0.1333" in o.rate_hint.toolTip()
    type_into(o.fields["lr"].edit, "0.13")
    assert not o.rate_warning and WARNING_COLOR not in o.rate_hint.styleSheet()


def test_the_warning_is_right_about_divergence(qtbot, make_window):
    w = make_window()
    o = w.panels.optimizer_section
    type_into(o.fields["lr"].edit, "0.14")  # just past 2/15: each step overshoots by 10 %
    assert o.rate_warning
    w.render_now()
    start = readout(w, "distance")
    run_to_end(qtbot, w)
    assert readout(w, "distance") > 1000 * start
    type_into(o.fields["lr"].edit, "0.2")
    run_to_end(qtbot, w)
    assert w.controller.status == "diverged"


@pytest.mark.parametrize(
    "optimizer, hp, limit",
    [
        ("gd", {}, 0.2),
        ("gd", {"weight_decay": 1.0}, 2 / 11),
        ("momentum", {"momentum": 0.9}, 0.2 * 1.9),
        ("momentum", {"momentum": 0.5, "dampening": 0.5}, 0.2 * 1.5 / 0.5),
        ("nesterov", {"momentum": 0.9}, 0.2 * 1.9 / 2.8),
        ("adam", {}, None),
    ],
)
def test_each_optimizers_own_limit_is_where_the_engine_diverges(optimizer, hp, limit):
    exp = Experiment().replace(problem={"name": "bowl"}, steps=3000)
    limits = rate_limits(exp.build_problem(), optimizer, hp)
    assert limits.limit == (pytest.approx(limit) if limit is not None else None)
    if limit is None:
        return
    for factor, status in ((0.98, "finished"), (1.02, "diverged")):
        run = exp.replace(optimizer={"name": optimizer, "lr": limit * factor, **hp}).run()
        assert run.status == status


def test_limits_only_where_the_hessian_is_constant(make_window):
    w = make_window()
    p = w.panels.problem_section
    o = w.panels.optimizer_section
    p.problem_combo.setCurrentIndex(p.problem_combo.findData("rosenbrock"))
    assert o.rate_limits is None and not o.rate_hint.isVisibleTo(o)
    p.problem_combo.setCurrentIndex(p.problem_combo.findData("bowl"))
    assert o.rate_limits.stable == pytest.approx(0.2)
    assert o.rate_limits.fastest == pytest.approx(2 / 11)
    o.combo.setCurrentIndex(o.combo.findData("adam"))
    assert o.rate_hint.isVisibleTo(o) and not o.rate_warning
    assert "gradient descent: stable below 0.2" in plain(o.rate_hint.text())
    p.problem_combo.setCurrentIndex(p.problem_combo.findData("saddle"))
    assert "saddle" in o.rate_hint.text()


def test_prediction_before_and_after_training_match_the_engine(qtbot, make_window):
    w = make_window()
    pred = w.panels.prediction_section
    assert w.panels.collapsibles["prediction"].isVisibleTo(w.panels)
    assert pred.x() == 4.0  # tutorial 003's "predict": [4]
    assert pred.before_label.text() == "4" and pred.now_label.text() == "4"
    run_to_end(qtbot, w)
    assert w.controller.status == "finished"
    engine = preset("tutorial-003").run()
    expected = engine.problem.predict(engine.history.params[-1], 4.0)
    assert expected == 7.999999650093055
    assert pred.now_label.text() == "8"  # 6 significant digits; every digit in the tooltip
    assert pred.now_label.toolTip().endswith("Exactly: 7.999999650093055")
    assert pred.before_label.text() == "4"  # tutorial 003: Predict (before training) 4 4.0
    assert pred.before_label.toolTip().endswith("Exactly: 4.0")
    # another x: shown at once, without touching the experiment or the run
    exp = w.controller.experiment
    type_into(pred.x_edit, "10")
    assert w.controller.experiment is exp and w.controller.status == "finished"
    y10 = float(engine.problem.predict(engine.history.params[-1], 10))
    assert pred.now_label.text() == f"{y10:.6g}"
    assert pred.now_label.toolTip().endswith(f"Exactly: {y10!r}")
    assert pred.before_label.text() == "10"
    # the typed x stays while the experiment is edited
    type_into(w.panels.optimizer_section.fields["lr"].edit, "0.02")
    assert pred.x() == 10.0
    # surfaces predict nothing: the section goes away
    p = w.panels.problem_section
    p.problem_combo.setCurrentIndex(p.problem_combo.findData("bowl"))
    assert not w.panels.collapsibles["prediction"].isVisibleTo(w.panels)


def test_prediction_of_a_standardized_line_is_on_the_original_scale(qtbot, make_window):
    exp = Experiment().replace(
        problem={"name": "linear-wb"},
        standardize=True,
        epochs=300,
        init=[0.0, 0.0],
        data={
            "preset": "noisy-line",
            "n": 30,
            "x_min": 20000,
            "x_max": 120000,
            "slope": 0.5,
            "intercept": 1000,
            "noise": 500,
            "seed": 1,
        },
        predict=[50000],
    )
    w = make_window(exp)
    run_to_end(qtbot, w)
    pred = w.panels.prediction_section
    engine = exp.run()
    theta = engine.problem.shown_params(engine.history.params[-1])
    exact = float(pred.now_label.toolTip().rsplit("Exactly: ", 1)[1])
    assert exact == pytest.approx(theta[0] * 50000 + theta[1], rel=1e-12)
    assert pred.now_label.text() == f"{exact:.6g}"
    assert pred.before_label.text() == "0"


def readout(w, key):
    """The readout's value with every digit (its tooltip); the text has 6 significant."""
    label = w.readouts.values[key]
    exact = float(label.toolTip().rsplit("Exactly: ", 1)[1])
    assert label.text() == f"{exact:.6g}"
    return exact


def test_distance_and_loss_gap_for_tutorial_003(qtbot, make_window):
    w = make_window()
    w.render_now()
    assert w.readouts.value_text("distance") == "1"  # |w0 − w*| = |1 − 2|
    assert readout(w, "gap") == pytest.approx(7.5)  # L(1) − 0 = mean((x − 2x)²)
    run_to_end(qtbot, w)
    engine = preset("tutorial-003").run()
    w_end = engine.history.params[-1, 0]
    (w_star,), l_star = engine.problem.minima()[0]
    assert readout(w, "distance") == pytest.approx(abs(w_end - w_star), rel=1e-5)
    assert readout(w, "gap") == pytest.approx(engine.history.loss[-1] - l_star, rel=1e-5)


def test_distance_of_a_standardized_line_is_on_the_original_scale(qtbot, make_window):
    data = {
        "preset": "noisy-line",
        "n": 40,
        "x_min": 20000,
        "x_max": 120000,
        "slope": 0.5,
        "intercept": 1000,
        "noise": 5000,
        "seed": 0,
    }
    exp = Experiment().replace(
        problem={"name": "linear-wb"}, standardize=True, data=data, epochs=20
    )
    w = make_window(exp)
    run_to_end(qtbot, w)
    assert "param:w" in w.readouts.values and "param:w′" not in w.readouts.values
    engine = exp.run()
    shown = engine.problem.shown_params(engine.history.params[-1])
    ds = exp.dataset()
    plain_problem = LinearRegression(ds.x, ds.y, model="wb")  # no standardization at all
    star = plain_problem.optimum()
    assert readout(w, "param:w") == pytest.approx(shown[0], rel=1e-9)
    assert readout(w, "param:b") == pytest.approx(shown[1], rel=1e-9)
    assert readout(w, "distance") == pytest.approx(np.linalg.norm(shown - star), rel=1e-5)
    gap = engine.history.loss[-1] - plain_problem.minima()[0][1]
    assert readout(w, "gap") == pytest.approx(gap, rel=1e-5)


def test_distance_to_the_nearest_minimum_of_a_surface(qtbot, make_window):
    exp = Experiment().replace(
        problem={"name": "himmelblau"}, steps=30, optimizer={"name": "gd", "lr": 0.01}
    )
    w = make_window(exp)
    run_to_end(qtbot, w)
    engine = exp.run()
    xy = engine.history.params[-1]
    minima = engine.problem.minima()
    nearest = min(np.linalg.norm(xy - p) for p, _v in minima)
    assert w.readouts._captions["distance"].text() == "to minimum"
    assert readout(w, "distance") == pytest.approx(nearest, rel=1e-5)
    assert readout(w, "gap") == pytest.approx(engine.history.loss[-1], rel=1e-5)
    # no known minimum, no such readouts
    p = w.panels.problem_section
    p.problem_combo.setCurrentIndex(p.problem_combo.findData("saddle"))
    w.render_now()
    assert "distance" not in w.readouts.values
