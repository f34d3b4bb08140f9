"""While a run streams, the explain dock's replay trails it at one slice per refresh
(the plots keep the GUI thread); once the run stops it catches up on its own."""

from __future__ import annotations

from gdgui.core.experiment import preset
from gdgui.core.history import History
from gdgui.ui.explain_dock import ExplainDock


def _long_history(exp, steps):
    run = exp.replace(steps=steps).build_run(exp.build_problem())
    run.advance(max_steps=steps)
    h = History(run.history.param_names)
    h.extend_rows(run.history.rows(0))
    return h


def test_the_replay_trails_a_streaming_run_and_catches_up_when_it_stops(qtbot):
    exp = preset("tutorial-003-sgd").replace(steps=100_000)
    dock = ExplainDock()
    qtbot.addWidget(dock)
    h = _long_history(exp, 100_000)
    dock.set_running(True)
    dock.show_step(exp, h)
    qtbot.wait(300)
    assert dock.explanation is None and not dock._resume.isActive()
    trailing = dock._explainer.run.step_count
    assert 0 < trailing < 99_999
    qtbot.wait(300)  # no slices between refreshes while it streams
    assert dock._explainer.run.step_count - trailing < 50_000
    dock.set_running(False)
    qtbot.waitUntil(lambda: dock.explanation is not None, timeout=60_000)
    assert dock.explanation.step == 100_000
