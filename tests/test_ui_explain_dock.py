"""The "Explain this step" dock: rendered numbers, throttling, incremental replay."""

from __future__ import annotations

import pytest

from gdgui.core.experiment import preset
from gdgui.ui.explain_dock import ExplainDock


@pytest.fixture
def dock(qtbot):
    d = ExplainDock()
    qtbot.addWidget(d)
    d.resize(560, 720)
    d.show()
    return d


def test_steps_1_and_5_of_tutorial_003(dock):
    exp = preset("tutorial-003")
    run = exp.run()
    dock.show_step(exp, run.history, 1)
    dock.flush()
    text = dock.view.toPlainText()
    assert "w' = w − η·∂L/∂w = 1 − 0.01 × (−15) = 1.15" in text
    assert "(2/4) × (−30) = −15" in text
    # step 5: w₄ = 1.47799375 (the tutorial's "Epoch: 3"), ∂L/∂w = 15·(w₄ − 2) = −7.83009375,
    # w₅ = 1.5562946874999999 (its "Epoch: 4")
    dock.show_step(exp, run.history, 5)
    dock.flush()
    text = dock.view.toPlainText()
    assert "w' = w − η·∂L/∂w = 1.47799 − 0.01 × (−7.83009) = 1.55629" in text
    assert dock.explanation.params_after == {"w": run.history.params[5, 0]}
    assert "settings changed" not in text
    dock.grab().save("/tmp/explain.png")


def test_follows_the_run_and_advances_incrementally(dock):
    exp = preset("tutorial-000").replace(optimizer={"name": "adam", "lr": 0.1}, steps=300)
    run = exp.build_run()
    run.advance(max_steps=100)
    dock.show_step(exp, run.history)
    dock.flush()
    assert dock.explanation.step == 100
    replay = dock._explainer.run
    for _ in range(20):  # a fast run: many updates, few recomputations
        run.advance(max_steps=10)
        dock.show_step(exp, run.history)
    dock.flush()
    assert dock.renders <= 3
    assert dock._explainer.run is replay  # advanced, not rebuilt
    assert dock.explanation.step == 300
    assert dock.explanation.params_after["w"] == run.history.params[300, 0]
    assert "m<sup>^</sup>" in dock.view.toHtml() or "m^" in dock.view.toPlainText()
    # picking an earlier step stops following and rebuilds the replay
    dock.step_spin.setValue(7)
    dock.flush()
    assert not dock.follow.isChecked()
    assert dock.explanation.step == 7
    assert dock._explainer.run is not replay


def test_says_when_the_replay_differs_and_when_there_is_no_step(dock):
    exp = preset("tutorial-003")
    run = exp.build_run()
    dock.show_step(exp, run.history)
    dock.flush()
    assert "No step yet" in dock.view.toPlainText()
    run.advance(max_steps=3)
    run.set_hyperparams(lr=0.02)  # changed mid-run
    run.advance(max_steps=3)
    # not told when: the replay with the current settings from step 0 differs, and says so
    dock.show_step(exp.replace(optimizer={"lr": 0.02}), run.history, 5)
    dock.flush()
    assert "This replay's θ(k−1) differs from the run's" in dock.view.toPlainText()
    # told when (the run's base and its log): step 5 is the run's, and no note
    dock.show_step(exp, run.history, 5, log=[(3, {"lr": 0.02})])
    dock.flush()
    assert "differs" not in dock.view.toPlainText()
    assert dock.explanation.params_after == {"w": run.history.params[5, 0]}
    dock.show_step(exp, run.history, 4, log=[(3, {"lr": 0.02})])
    dock.flush()
    text = dock.view.toPlainText()
    assert "Changed after step 3, so in force from this step on: η = 0.02" in text
    assert "η = 0.02" in text and dock.explanation.lr == 0.02
    dock.show_step(exp, run.history, 200)
    dock.flush()
    assert (
        "Cannot explain step 200: step 200 is past the end: the run has 100 steps."
        in dock.view.toPlainText()
    )


def test_theme_font_scale_and_accessibility(dock):
    exp = preset("tutorial-003")
    dock.show_step(exp, None, 2)
    dock.flush()
    before = dock.view.font().pointSizeF()
    dock.set_font_scale(2.0)
    assert dock.view.font().pointSizeF() == pytest.approx(2 * before)
    assert dock.font_scale() == 2.0
    dock.set_theme("light")
    assert "#1f2328" in dock.view.toHtml().lower()
    dock.set_theme("dark")
    assert "#d6d9de" in dock.view.toHtml().lower()
    assert "1.2775" in dock.view.toPlainText()
    for w in (dock, dock.step_spin, dock.follow, dock.view):
        assert w.accessibleName() and w.toolTip(), w
