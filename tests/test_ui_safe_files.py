"""Bounded window history, slow file work off the GUI thread, safe saves and loads."""

import os
import stat
import threading
import time

import numpy as np
import pytest
from PySide6.QtWidgets import QProgressDialog, QPushButton

from gdgui.core.experiment import preset
from gdgui.core.history import History
from gdgui.ui import controller as controller_mod
from gdgui.ui import csv_import, file_jobs, files, jobs
from gdgui.ui.controller import Controller
from gdgui.ui.explain_dock import ExplainDock


@pytest.fixture
def messages(monkeypatch):
    shown = []

    def show(parent, title, text, informative="", details="", **kw):
        shown.append((title, text, informative, details))

    monkeypatch.setattr(files, "show_message", show)
    return shown


def _unblock_fifo_later(path, seconds=5.0):
    """Watchdog: a reader blocked on the FIFO gets EOF after ``seconds`` (never a hang)."""
    stop = threading.Event()

    def run():
        if stop.wait(seconds):
            return
        try:
            fd = os.open(path, os.O_WRONLY | os.O_NONBLOCK)
        except OSError:
            return  # nobody is reading: nothing to unblock
        os.close(fd)

    t = threading.Thread(target=run, daemon=True)
    t.start()
    return stop


# --- the bounded history in the window -----------------------------------------------------
def test_a_long_run_keeps_the_window_history_bounded_with_true_steps(
    make_window, qtbot, monkeypatch
):
    monkeypatch.setattr(controller_mod, "WINDOW_MAX_ROWS", 1000)
    w = make_window(preset("tutorial-003").replace(epochs=100_000))
    c = w.controller
    assert c.max_rows == 1000
    c.start()
    qtbot.waitUntil(lambda: c.status == "finished", timeout=60_000)
    w.render_now()
    h = c.history
    assert len(h) <= 1000 and h._loss.shape[0] <= 1000  # memory bounded, not just rows
    assert h.thinned > 0
    steps = h.step
    assert steps[0] == 0 and steps[-1] == 100_000 == c.step_count
    assert np.all(np.diff(steps) > 0)  # no duplicate, none out of order
    # every row is the engine's row of that step
    engine = preset("tutorial-003").replace(epochs=100_000).run()
    assert engine.history.exact  # the engine's own bound (2e6 rows) is far away
    np.testing.assert_array_equal(h.params, engine.history.params[steps])
    # the step log shows the kept rows with their true steps
    model = w.step_log.model
    assert model.rowCount() == len(h)
    last = model.index(model.rowCount() - 1, 0)
    assert model.data(last) == "100000"
    assert model.data(model.index(len(h) // 2, 0)) == str(int(steps[len(h) // 2]))
    # the loss plot draws steps, not row numbers
    x = w.plots["loss"].curve.xData
    assert x.max() == 100_000 and np.all(np.diff(x) > 0)


def test_the_step_log_starts_again_when_the_history_is_thinned(qapp):
    from gdgui.ui.steplog import HistoryTableModel

    h = History(["w"], max_rows=64)
    h.extend(np.arange(40), np.zeros(40), np.zeros((40, 1)), np.ones(40), np.zeros((40, 1)))
    model = HistoryTableModel()
    model.set_history(h)
    resets = []
    model.modelReset.connect(lambda: resets.append(1))
    h.extend(np.arange(40, 80), np.zeros(40), np.zeros((40, 1)), np.ones(40), np.zeros((40, 1)))
    assert h.thinned and len(h) < 80
    model.sync()
    assert resets == [1] and model.rowCount() == len(h)
    shown = [int(model.data(model.index(i, 0))) for i in range(model.rowCount())]
    assert shown == h.step.tolist() and shown[-1] == 79


def test_the_worker_sends_each_step_once_and_in_order(qapp, qtbot):
    c = Controller(preset("tutorial-003").replace(epochs=50_000), max_rows=100_000)
    try:
        c.step(10)
        qtbot.waitUntil(lambda: c.step_count == 10, timeout=5000)
        c.start()
        qtbot.waitUntil(lambda: c.status == "finished", timeout=60_000)
        steps = c.history.step
        assert steps.tolist() == list(range(50_001))  # the window's bound was not reached
    finally:
        assert c.shutdown(2000)


def test_the_explain_dock_finds_rows_by_step_in_a_thinned_history(qtbot):
    exp = preset("tutorial-003").replace(epochs=3000)
    run = exp.run()
    h = History(run.history.param_names, max_rows=256)
    h.extend_rows(run.history.rows(0))
    assert h.thinned and len(h) < 3001
    dock = ExplainDock()
    qtbot.addWidget(dock)
    dock.show_step(exp, h)
    assert dock._newest == 3000  # the newest step, not the row count
    missing = next(k for k in range(1, 3000) if k not in set(h.step.tolist()))
    dock.show_step(exp, h, k=missing + 1)
    dock.flush()
    e = dock.explanation
    assert e is not None and e.step == missing + 1
    assert not dock._replay_differs(e)  # θ(k−1) is not kept: nothing to compare
    kept = int(h.step[len(h) - 3])
    dock.show_step(exp, h, k=kept + 1)
    dock.flush()
    assert not dock._replay_differs(dock.explanation)
    h._params[len(h) - 3] += 1.0  # the run's θ at that step differs: said
    assert dock._replay_differs(dock.explanation)


# --- jobs off the GUI thread ---------------------------------------------------------------
def test_a_job_runs_off_the_gui_thread_while_the_run_goes_on(make_window, tmp_path):
    w = make_window(preset("tutorial-003").replace(epochs=10_000_000), speed=0)
    c = w.controller
    c.start()
    seen = {}

    def job():
        seen["thread"] = threading.current_thread() is not threading.main_thread()
        for i in range(30):
            time.sleep(0.01)
            yield i / 30
        return "done"

    before = c.step_count
    assert jobs.run_job(w, "t", "l", job) == "done"
    assert seen["thread"] and c.step_count > before  # batches arrived meanwhile
    c.pause()


def test_cancel_stops_a_job_at_its_next_yield_and_it_writes_nothing(qtbot, tmp_path):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QWidget

    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    target = tmp_path / "out.csv"
    steps = []

    def job():
        for i in range(1000):
            steps.append(i)
            time.sleep(0.005)
            yield i / 1000
        target.write_text("written")

    def click_cancel():
        dialogs = [
            d
            for d in QApplication.topLevelWidgets() + parent.findChildren(QProgressDialog)
            if isinstance(d, QProgressDialog) and d.objectName() == "fileJobProgress"
        ]
        if dialogs:
            dialogs[0].findChild(QPushButton).click()  # its Cancel button
        else:
            QTimer.singleShot(10, click_cancel)

    QTimer.singleShot(50, click_cancel)
    assert jobs.run_job(parent, "t", "l", job, delay_ms=0) is jobs.CANCELLED
    assert not target.exists() and len(steps) < 1000


def test_errors_of_a_job_are_raised_in_the_caller(qapp):
    def job():
        yield 0.5
        raise OSError("cannot write x: the disk is full")

    with pytest.raises(OSError, match="disk is full"):
        jobs.run_job(None, "t", "l", job)


def test_export_history_of_a_thinned_history_says_so_and_writes_its_rows(
    make_window, tmp_path, monkeypatch
):
    monkeypatch.setattr(controller_mod, "WINDOW_MAX_ROWS", 200)
    monkeypatch.setattr(file_jobs, "_CSV_CHUNK", 37)  # several chunks, joined without headers
    w = make_window(preset("tutorial-003").replace(epochs=1000))
    w.controller.run_to_end_sync()
    h = w.controller.history
    assert h.thinned
    out = tmp_path / "h.csv"
    assert w.files.export_history(out)
    lines = out.read_text().splitlines()
    assert lines[0] == "step,epoch,w,loss,grad_w" and len(lines) == len(h) + 1
    assert [int(line.split(",")[0]) for line in lines[1:]] == h.step.tolist()
    assert float(lines[-1].split(",")[2]) == h.params[-1, 0]
    msg = w.statusBar().currentMessage()
    assert f"Saved {len(h):,} of the 1,001 steps" in msg


# --- safe saves ----------------------------------------------------------------------------
def test_save_writes_through_a_symlink_and_keeps_the_mode(make_window, tmp_path):
    w = make_window()
    real = tmp_path / "real.json"
    real.write_text("{}")
    os.chmod(real, 0o604)
    link = tmp_path / "link.json"
    link.symlink_to(real)
    assert w.files.save_to(link)
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert files.read_experiment(real).to_dict() == w.controller.experiment.to_dict()
    assert stat.S_IMODE(os.stat(real).st_mode) == 0o604
    plain = tmp_path / "plain.json"
    plain.write_text("{}")
    os.chmod(plain, 0o644)
    assert w.files.save_to(plain)
    assert stat.S_IMODE(os.stat(plain).st_mode) == 0o644
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")) == []


def test_csv_exports_and_images_write_through_symlinks(make_window, tmp_path):
    w = make_window()
    real = tmp_path / "data-real.csv"
    real.write_text("old")
    link = tmp_path / "data.csv"
    link.symlink_to(real)
    assert w.files.export_data(link)
    assert link.is_symlink() and real.read_text().startswith("x,y")
    img_real = tmp_path / "img-real.png"
    img_real.write_bytes(b"")
    img = tmp_path / "img.png"
    img.symlink_to(img_real)
    w.export("loss", img)
    assert img.is_symlink() and img_real.read_bytes()[:4] == b"\x89PNG"
    svg = tmp_path / "w.svg"
    w.export("window", svg, svg=True)
    assert b"<svg" in svg.read_bytes()


def test_a_save_over_a_fifo_is_refused_and_never_blocks(make_window, tmp_path, messages):
    fifo = tmp_path / "e.json"
    os.mkfifo(fifo)
    stop = _unblock_fifo_later(fifo)
    try:
        w = make_window()
        assert not w.files.save_to(fifo)
    finally:
        stop.set()
    ((_title, text, _inf, _det),) = messages
    assert "e.json" in text and "pipe (FIFO)" in text
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


# --- safe loads ----------------------------------------------------------------------------
def test_open_of_a_fifo_is_refused_with_a_message(make_window, tmp_path, messages):
    fifo = tmp_path / "e.json"
    os.mkfifo(fifo)
    stop = _unblock_fifo_later(fifo)
    try:
        w = make_window()
        exp = w.controller.experiment
        assert not w.files.open(fifo)
    finally:
        stop.set()
    ((_title, text, informative, _det),) = messages
    assert "pipe (FIFO)" in informative and w.controller.experiment is exp


def test_open_of_an_oversized_file_is_refused_before_reading(make_window, tmp_path, messages):
    big = tmp_path / "big.json"
    with open(big, "wb") as fh:  # sparse: no disk used
        fh.truncate(100 * 1024 * 1024)
    w = make_window()
    assert not w.files.open(big)
    ((_title, _text, informative, _det),) = messages
    assert "over the limit of 67,108,864" in informative


@pytest.mark.parametrize("kind", ["fifo", "device"])
def test_csv_import_refuses_a_fifo_and_a_device(qtbot, tmp_path, kind):
    if kind == "fifo":
        path = tmp_path / "d.csv"
        os.mkfifo(path)
        stop = _unblock_fifo_later(path)
    else:
        path, stop = "/dev/zero", threading.Event()
    try:
        dialog = csv_import.CsvImportDialog(path)
        qtbot.addWidget(dialog)
    finally:
        stop.set()
    assert dialog.sniff is None and not dialog.import_button.isEnabled()
    assert ("pipe (FIFO)" if kind == "fifo" else "a device") in dialog.message


def test_the_csv_preview_marks_bad_rows_before_import(qtbot, tmp_path):
    path = tmp_path / "d.csv"
    path.write_text("x,y\n1,2\n3,oops\n\n5,6\nbad,7\n8,9\n")
    dialog = csv_import.CsvImportDialog(path)
    qtbot.addWidget(dialog)
    assert dialog.preview_bad == (2, 5)
    assert set(dialog.preview_marked) == {1, 3}
    assert "line 3" in dialog.preview_marked[1] and "line 6" in dialog.preview_marked[3]
    good, bad = dialog.preview.item(0, 0), dialog.preview.item(1, 0)
    assert good.background().color() != bad.background().color()
    assert dialog.preview.item(3, 1).toolTip() == dialog.preview_marked[3]
    assert "2 of the first 5 rows cannot be read" in dialog.preview_caption.text()
    clean = tmp_path / "c.csv"
    clean.write_text("x,y\n1,2\n3,4\n")
    d2 = csv_import.CsvImportDialog(clean)
    qtbot.addWidget(d2)
    assert d2.preview_bad == (0, 2) and d2.preview_marked == {}
    assert "cannot be read" not in d2.preview_caption.text()


def test_the_export_dialogs_remember_their_folder(make_window, tmp_path, monkeypatch):
    w = make_window()
    sub = tmp_path / "exports"
    sub.mkdir()
    assert w.files.export_data(sub / "a.csv")
    suggested = []
    monkeypatch.setattr(
        files, "get_save_path", lambda parent, caption, s, filters: suggested.append(s) or ""
    )
    w.files.export_history()
    assert os.path.dirname(suggested[0]) == str(sub)
    from gdgui.ui import export as ex

    ex.remember_export_folder(w.settings, sub / "p.png")
    assert ex.export_folder(w.settings) == str(sub)


def test_settings_keep_big_inline_data_in_an_npz_written_atomically(qapp, tmp_path):
    from PySide6.QtCore import QSettings

    from gdgui.core.data import Dataset
    from gdgui.ui.settings import Settings

    s = Settings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    x = np.linspace(0, 1, 3000)
    exp = preset("tutorial-003").replace(data=Dataset(x, 2 * x))
    real = tmp_path / "real.npz"
    real.write_bytes(b"")
    (tmp_path / "last-experiment-points.npz").symlink_to(real)
    s.set_experiment(exp)
    assert (tmp_path / "last-experiment-points.npz").is_symlink() and real.stat().st_size > 0
    back = s.experiment()
    np.testing.assert_array_equal(back.dataset().x, x)


def test_a_fifo_given_on_the_command_line_is_refused(qapp, tmp_path):
    from gdgui.ui.app import initial_experiment

    fifo = tmp_path / "e.json"
    os.mkfifo(fifo)
    stop = _unblock_fifo_later(fifo)
    try:
        exp, error = initial_experiment(fifo)
    finally:
        stop.set()
    assert exp is None and "pipe (FIFO)" in error and "e.json" in error


def test_big_experiment_files_parse_the_same_with_the_slow_scanner(tmp_path, monkeypatch):
    from gdgui.core.data import Dataset
    from gdgui.core.experiment import ExperimentError

    x = np.linspace(0.0, 1.0, 50)
    exp = preset("tutorial-003").replace(data=Dataset(x, 2 * x))
    path = tmp_path / "e.json"
    exp.save(path)
    fast = files.read_experiment(path)
    monkeypatch.setattr(file_jobs, "_SLOW_PARSE_BYTES", 10)  # this file takes the slow path
    slow = files.read_experiment(path)
    assert slow.to_dict() == fast.to_dict() == exp.to_dict()
    path.write_text('{"version": 1,\n "name": "x" "y"}')
    with pytest.raises(ExperimentError, match="not valid JSON: .* at line 2, column 14"):
        files.read_experiment(path)


def test_a_second_file_operation_while_one_runs_is_refused(make_window, tmp_path, messages):
    from PySide6.QtCore import QTimer

    w = make_window()
    path = tmp_path / "e.json"
    assert w.files.save_to(path)
    results = []

    def job():
        for _ in range(50):
            time.sleep(0.01)
            yield 0.5

    QTimer.singleShot(
        50, lambda: results.append((w.files.open(path), w.files.export_data(tmp_path / "d.csv")))
    )
    jobs.run_job(w, "t", "l", job)
    assert results == [(False, False)] and not (tmp_path / "d.csv").exists()
    assert "Another file operation is still running." in messages[0][2]
    assert "Another file operation is still running." in messages[1][1]
    assert not jobs.job_running() and w.files.open(path)  # and afterwards it works
