"""Starting the application: run_app, a bad experiment file, time to a visible window."""

import json
import time

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from gdgui.ui.app import initial_experiment, run_app
from gdgui.ui.window import MainWindow


@pytest.fixture(autouse=True)
def _restore_app_names(qapp):
    """run_app names the application; later tests must not reach the user's QSettings."""
    names = QApplication.organizationName(), QApplication.applicationName()
    yield
    QApplication.setOrganizationName(names[0])
    QApplication.setApplicationName(names[1])


def _run_and_inspect(ui_settings, **kwargs):
    """run_app, with a timer that records the window once it is visible, then closes it."""
    seen = {}
    start = time.perf_counter()

    def poll():
        for w in QApplication.topLevelWidgets():
            if isinstance(w, MainWindow) and w.isVisible() and not seen:
                seen["window"] = w
                seen["visible_after"] = time.perf_counter() - start
                seen["experiment"] = w.controller.experiment
                seen["boxes"] = [
                    b for b in QApplication.topLevelWidgets() if isinstance(b, QMessageBox)
                ]
                QTimer.singleShot(100, lambda: _close_all(seen))
                return
        QTimer.singleShot(20, poll)

    QTimer.singleShot(0, poll)
    code = run_app(settings=ui_settings, **kwargs)
    return code, seen


def _close_all(seen):
    seen["boxes"] = [
        b for b in QApplication.topLevelWidgets() if isinstance(b, QMessageBox) and b.isVisible()
    ] or seen["boxes"]
    seen["texts"] = [b.text() for b in seen["boxes"]]
    for b in seen["boxes"]:
        b.close()
    seen["window"].close()


def test_run_app_opens_tutorial_003(qapp, ui_settings):
    # how fast it opens (target: 2 s) is a benchmark figure: benchmarks/gui.py
    code, seen = _run_and_inspect(ui_settings)
    assert code == 0
    assert seen["visible_after"] > 0
    assert seen["experiment"].name.startswith("Tutorial 003")
    assert QApplication.organizationName() == "gdgui" and QApplication.applicationName() == "gdgui"
    assert not seen["window"].controller.thread_running()


def test_a_bad_experiment_file_is_reported_and_the_default_opens(
    qapp, ui_settings, tmp_path, capsys
):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"version": 1, "optimizer": {"name": "gd", "lr": -1}}))
    code, seen = _run_and_inspect(ui_settings, experiment=str(bad))
    assert code == 0
    err = capsys.readouterr().err
    assert "optimizer.lr" in err and "must be > 0" in err
    assert seen["experiment"].name.startswith("Tutorial 003")
    texts = seen["texts"]
    assert any("optimizer.lr" in t for t in texts)


def test_a_good_experiment_file_and_a_preset(tmp_path):
    path = tmp_path / "e.json"
    path.write_text(json.dumps({"version": 1, "optimizer": {"name": "adam", "lr": 0.1}}))
    exp, err = initial_experiment(path)
    assert err == "" and exp.optimizer_name == "adam"
    exp, err = initial_experiment(None, "tutorial-000")
    assert err == "" and exp.problem_name == "linear-wb"
    exp, err = initial_experiment(None, "nope")
    assert exp is None and "unknown preset" in err
    assert initial_experiment() == (None, "")


def test_windows_leave_the_process_settings_alone_and_run_app_sets_them_once(
    qapp, ui_settings, monkeypatch
):
    import gc
    import sys

    import gdgui.ui.app as app_mod

    freezes, intervals = [], []
    monkeypatch.setattr(gc, "freeze", lambda: freezes.append(1))
    monkeypatch.setattr(sys, "setswitchinterval", lambda s: intervals.append(s))
    monkeypatch.setattr(app_mod, "_prepared", False)
    for _ in range(3):
        w = MainWindow(None, ui_settings)
        w.controller.step(1)
        w.controller.shutdown()
        w.close()
        w.deleteLater()
    assert freezes == [] and intervals == []
    for _ in range(2):
        code, seen = _run_and_inspect(ui_settings)
        assert code == 0 and seen["window"] is not None
    assert freezes == [1]
    assert intervals == [app_mod.GIL_SWITCH_INTERVAL]
