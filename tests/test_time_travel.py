"""Time travel: the history's prefix view, step back and scrub, branching off the past
(and undoing it), ← and Shift+←, and ``gdgui export --at-step``."""

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from gdgui.cli import main
from gdgui.core.experiment import preset
from gdgui.core.history import History
from gdgui.ui import export as ex
from gdgui.ui.headless import export_plots

K = 40


def experiment(**changes):
    """Two parameters, mini-batches of 8 (7 steps an epoch), gradient noise, Adam:
    everything a replay has to get right."""
    base = dict(optimizer={"name": "adam", "lr": 0.05}, batch_size=8, gradient_noise=0.1, epochs=20)
    return preset("tutorial-000").replace(**{**base, **changes})


def stopped_at(exp, k):
    """The history of ``exp`` run ``k`` steps by the engine alone."""
    run = exp.build_run(exp.build_problem())
    run.advance(max_steps=k)
    return run.history


def path(w):
    item = w.trajectory_plot._runs[0].items["path"]
    return np.asarray(item.xData), np.asarray(item.yData)


def curve(w):
    item = w.loss_plot._runs[0].items["curve"]
    return np.asarray(item.xData), np.asarray(item.yData)


def wait_steps(qtbot, c, k):
    qtbot.waitUntil(
        lambda: c.step_count == k and len(c.history) and int(c.history.step[-1]) == k, timeout=10000
    )


# --- History.upto ------------------------------------------------------------------------------
def test_upto_is_a_read_only_prefix_view_sharing_the_arrays():
    h = History(["a", "b"])
    steps = np.arange(10)
    h.extend(steps, steps // 3, np.c_[steps, -steps], steps * 0.5, np.c_[steps, steps])
    v = h.upto(6)
    assert len(v) == 7 and v.step.tolist() == list(range(7))
    assert v.params[:, 1].tolist() == [-s for s in range(7)] and v.loss[-1] == 3.0
    assert np.shares_memory(v.params, h.params) and np.shares_memory(v.loss, h.loss)
    assert not v.params.flags.writeable and h.params.flags.writeable
    with pytest.raises(ValueError):
        v.params[0, 0] = 1.0
    with pytest.raises(ValueError, match="read-only"):
        v.extend([7], [0], [[0, 0]], [0], [[0, 0]])
    assert len(h.upto(100)) == 10 and len(h.upto(-1)) == 0
    assert v.base is h and v.param_names == ("a", "b") and v.to_csv().count("\n") == 8


def test_upto_a_thinned_history_keeps_the_kept_steps_up_to_k():
    h = History(["a"], max_rows=64)
    n = 1000
    s = np.arange(n)
    h.extend(s, s, s[:, None] * 1.0, s * 1.0, s[:, None] * 1.0)
    assert h.thinned
    v = h.upto(500)
    assert v.step.tolist() == [int(x) for x in h.step if x <= 500]
    assert v.thinned == h.thinned and not v.exact


# --- replay --------------------------------------------------------------------------------------
def test_the_replay_meets_the_history_bit_for_bit(qtbot, make_window):
    w = make_window(experiment())
    c = w.controller
    c.run_to_end_sync()
    for k in (0, 1, 6, 7, K, 139):
        run = c.replay(k)
        assert run.step_count == k
        assert np.array_equal(run.params, c.history.params[k])  # exact, not close


def test_a_setting_changed_on_the_way_is_replayed_at_its_step(qtbot, make_window):
    w = make_window(experiment())
    c = w.controller
    c.step(30)
    wait_steps(qtbot, c, 30)
    c.set_hyperparams(lr=0.01)
    c.step(20)
    wait_steps(qtbot, c, 50)
    assert c.replay_log == [(30, {"lr": 0.01})]
    assert np.array_equal(c.replay(45).params, c.history.params[45])
    no_change = experiment().build_run(c.problem)
    no_change.advance(max_steps=45)
    assert not np.array_equal(no_change.params, c.history.params[45])


# --- scrubbing ---------------------------------------------------------------------------------
def _image(plot, path):
    ex.export_plot(plot, path)
    return QImage(str(path))


def test_scrubbed_back_the_window_shows_the_run_as_it_stood(qtbot, make_window, tmp_path):
    exp = experiment()
    a = make_window(exp)
    a.controller.run_to_end_sync()
    a.render_now()
    assert len(curve(a)[0]) == 141
    a.time_travel.scrub_to(K)
    b = make_window(exp)
    b.controller.step(K)
    wait_steps(qtbot, b.controller, K)
    b.render_now()
    QApplication.processEvents()
    assert a.time_travel.step == K and len(a.controller.history) == 141  # kept
    # the painted path and curve are those of the run stopped at K
    ta, tb = path(a), path(b)
    assert len(ta[0]) == K + 1 and np.array_equal(ta[0], tb[0]) and np.array_equal(ta[1], tb[1])
    la, lb = curve(a), curve(b)
    assert la[0][-1] == K and np.array_equal(la[1], lb[1])
    assert a.readouts.state.text() == b.readouts.state.text()
    assert a.step_log.model.rowCount() == K + 1
    assert a.time_travel.scrubber.label.text() == "step 40 of 140"
    fa, fb = a.fit_plot.fit_line, b.fit_plot.fit_line
    assert np.array_equal(fa.yData, fb.yData) and fa.yData.size
    for name in ("loss", "trajectory"):  # pixel for pixel
        ia = _image(a.plots[name], tmp_path / f"a-{name}.png")
        ib = _image(b.plots[name], tmp_path / f"b-{name}.png")
        assert ia.size() == ib.size() and ia == ib, name
    # the fit plot's corner text keeps its corner while scrubbing (the overlays'
    # hysteresis), so its picture is compared on fresh plots, as an export draws it
    src = a.time_travel.source()
    drawn = export_plots(src.history, src.status, a.controller.problem, exp, tmp_path / "a")
    ref = export_plots(stopped_at(exp, K), "paused", a.controller.problem, exp, tmp_path / "b")
    for fa, fb in zip(drawn, ref, strict=True):
        assert QImage(str(fa)) == QImage(str(fb)), fa.name
    # forward again: everything is drawn
    a.time_travel.scrubber.go_end()
    assert a.time_travel.step is None and len(curve(a)[0]) == 141
    assert a.step_log.model.rowCount() == 141
    ia = _image(a.plots["loss"], tmp_path / "a-end.png")
    assert ia != _image(b.plots["loss"], tmp_path / "b-loss2.png")


def test_the_slider_and_home_move_through_the_history(qtbot, make_window):
    w = make_window(experiment())
    w.controller.run_to_end_sync()
    w.render_now()
    s = w.time_travel.scrubber
    assert s.slider.maximum() == 140 and s.slider.value() == 140
    s.slider.setValue(25)
    assert w.time_travel.step == 25 and path(w)[0].size == 26
    s.go_home()
    assert w.time_travel.step == 0 and s.label.text() == "step 0 of 140"
    s.speed_box.setCurrentIndex(s.speed_box.count() - 1)  # 10,000 steps/s: done at once
    s.toggle_replay()
    qtbot.waitUntil(lambda: not s.replaying, timeout=5000)
    assert w.time_travel.step is None


def test_back_keys_follow_the_text_field_rule(qtbot, make_window):
    w = make_window(experiment())
    c = w.controller
    c.run_to_end_sync()
    w.render_now()
    qtbot.waitExposed(w)
    w.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is w, timeout=3000)
    edit = w.panels.optimizer_section.fields["lr"].edit
    edit.setFocus(Qt.FocusReason.OtherFocusReason)  # focus, not editing
    qtbot.waitUntil(edit.hasFocus, timeout=2000)
    qtbot.keyClick(edit, Qt.Key.Key_Left)
    assert w.time_travel.step == 139
    qtbot.keyClick(edit, Qt.Key.Key_Left, Qt.KeyboardModifier.ShiftModifier)
    assert w.time_travel.step == 133  # the start of epoch 19 (7 steps an epoch)
    qtbot.keyClick(edit, Qt.Key.Key_Left, Qt.KeyboardModifier.ShiftModifier)
    assert w.time_travel.step == 126  # at a start: the previous epoch's
    qtbot.keyClick(edit, Qt.Key.Key_Left)
    assert w.time_travel.step == 125
    edit.setCursorPosition(len(edit.text()))
    qtbot.keyClicks(edit, "5")  # now it is being edited: ← moves the cursor
    pos = edit.cursorPosition()
    qtbot.keyClick(edit, Qt.Key.Key_Left)
    assert w.time_travel.step == 125 and edit.cursorPosition() == pos - 1
    qtbot.keyClick(edit, Qt.Key.Key_Escape)
    qtbot.keyClick(edit, Qt.Key.Key_Left)
    assert w.time_travel.step == 124


# --- branching -----------------------------------------------------------------------------------
def test_step_from_a_scrubbed_point_branches_and_undo_brings_the_run_back(qtbot, make_window):
    exp = experiment()
    w = make_window(exp)
    c = w.controller
    c.step(60)
    wait_steps(qtbot, c, 60)
    old = c.history
    w.time_travel.scrub_to(K)
    w.action_step.trigger()  # continues from step 40
    wait_steps(qtbot, c, K + 1)
    assert c.history is not old and len(c.history) == K + 2 and c.branch_step == K
    ref = stopped_at(exp, K + 1)
    assert np.array_equal(c.history.params, ref.params)
    assert w.time_travel.step is None and w.loss_plot._branch == K
    assert len(old) == 61  # the dropped rows are kept for the undo
    w.editor.stack.undo()
    assert c.history is old and c.step_count == 60 and c.branch_step is None
    assert w.loss_plot._branch is None
    c.step(1)  # the engine is where it was: step 61 is the run's own
    wait_steps(qtbot, c, 61)
    assert np.array_equal(c.history.params[61], stopped_at(exp, 61).params[61])
    w.editor.stack.redo()
    assert c.step_count == K and len(c.history) == K + 1 and c.branch_step == K
    w.editor.stack.undo()  # the run had gone on to 61 before the redo: it comes back at 60
    assert c.step_count == 60 and len(c.history) == 61


def test_a_smaller_learning_rate_from_a_scrubbed_step_branches_there(qtbot, make_window):
    exp = experiment()
    w = make_window(exp)
    c = w.controller
    c.run_to_end_sync()
    w.render_now()
    w.time_travel.scrub_to(K)
    w.editor.submit(c.experiment.replace(optimizer={"lr": 0.005}), "learning rate")
    assert c.branch_step == K and c.step_count == K and c.status == "paused"
    assert c.experiment.optimizer.hyperparams["lr"] == 0.005
    c.step(10)
    wait_steps(qtbot, c, K + 10)
    ref = exp.build_run(exp.build_problem())
    ref.advance(max_steps=K)
    ref.set_hyperparams(lr=0.005)  # the old settings to step 40, the new ones after
    ref.advance(max_steps=10)
    assert np.array_equal(c.history.params, ref.history.params)
    w.render_now()
    assert w.loss_plot._branch == K and w.trajectory_plot.branch_step == K
    assert w.trajectory_plot.branch_item.isVisible()
    w.editor.stack.undo()
    assert c.step_count == 140 and c.experiment == exp and c.branch_step is None


def test_branch_at_refuses_what_it_cannot_do(qtbot, make_window):
    w = make_window(experiment())
    c = w.controller
    with pytest.raises(ValueError, match="not in the history"):
        c.branch_at(5)
    with pytest.raises(ValueError, match="not in the history"):
        c.branch_at(-1)
    with pytest.raises(ValueError, match="only hyperparameters"):
        c.branch_at(0, experiment().replace(batch_size=4))
    assert c.step_count == 0 and not c.rebuilding_engines and c.branch_step is None


# --- export --at-step ------------------------------------------------------------------------
def test_export_at_step_draws_the_run_as_it_stood(tmp_path, qapp):
    exp = experiment()
    path = tmp_path / "exp.json"
    exp.save(path)
    out = tmp_path / "at"
    assert main(["export", str(path), "--out", str(out), "--at-step", str(K)]) == 0
    ref = export_plots(stopped_at(exp, K), "paused", exp.build_problem(), exp, tmp_path / "ref")
    assert [f.name for f in ref] == ["fit.png", "loss.png", "trajectory.png"]
    for f in ref:
        assert QImage(str(out / f.name)) == QImage(str(f)), f.name
    full = tmp_path / "full"
    assert main(["export", str(path), "--out", str(full)]) == 0
    assert QImage(str(full / "loss.png")) != QImage(str(out / "loss.png"))


def test_export_at_a_step_past_the_end_is_one_line(tmp_path, capsys, qapp):
    path = tmp_path / "exp.json"
    path.write_text(experiment().to_json())
    assert main(["export", str(path), "--out", str(tmp_path / "o"), "--at-step", "999"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "--at-step" in err and "140" in err
    assert main(["export", str(path), "--out", str(tmp_path / "o"), "--at-step", "x"]) == 2
