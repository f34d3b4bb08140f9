"""File → Export history: a race's CSV, exports while running, cancel, errors, and the
views and copies that keep the GUI thread's share O(1)."""

import csv
import io
import math
import os
import subprocess

import numpy as np
import pytest

from gdgui.cli import _runs_csv
from gdgui.core import history_csv
from gdgui.core.data import PRESETS
from gdgui.core.experiment import Experiment, preset
from gdgui.core.history import History
from gdgui.ui import file_jobs, files


def race_experiment(steps=300, names=("plain", 'a "quoted", name')):
    runs = [{"optimizer": {"lr": 0.005 + 0.01 * i}} for i in range(3)]
    for r, name in zip(runs, names):
        r["name"] = name
    return Experiment.from_dict(
        {
            "version": 1,
            "problem": {"name": "linear-wb"},
            "data": {"preset": "noisy-line", **PRESETS["noisy-line"][1]},
            "optimizer": {"name": "gd", "lr": 0.02},
            "steps": steps,
            "init": [0.0, 0.0],
            "standardize": True,  # shown parameters differ from the internal ones
            "runs": runs,
        }
    )


@pytest.fixture
def messages(monkeypatch):
    shown = []

    def show(parent, title, text, informative="", details="", **kw):
        shown.append((title, text, informative, details))

    monkeypatch.setattr(files, "show_message", show)
    return shown


@pytest.fixture
def writers(monkeypatch):
    """The CSV writer processes the export jobs start."""
    started = []
    real = subprocess.Popen

    def popen(*a, **kw):
        p = real(*a, **kw)
        started.append(p)
        return p

    monkeypatch.setattr(file_jobs.subprocess, "Popen", popen)
    return started


def rows_of(text):
    return list(csv.reader(io.StringIO(text)))


# --- a race's CSV ------------------------------------------------------------------------------
@pytest.mark.parametrize("where", ["process", "thread"])
def test_a_race_exports_every_run_after_a_run_column_as_the_cli_writes_it(
    make_window, tmp_path, monkeypatch, writers, where
):
    if where == "thread":  # the writer process cannot start: the job formats by itself
        monkeypatch.setattr(file_jobs, "CSV_WRITER", [str(tmp_path / "no-such-python")])
    exp = race_experiment()
    w = make_window(exp)
    c = w.controller
    c.run_to_end_sync()
    out = tmp_path / "race.csv"
    assert w.files.export_history(out)
    names = [exp.run_name(i) for i in range(3)]
    shown = [c.problem.shown_history(h) for h in c.histories]
    text = out.read_text(encoding="utf-8")
    assert text == _runs_csv(names, shown)  # byte for byte as `gdgui run --csv`
    table = rows_of(text)
    assert table[0] == ["run", "step", "epoch", "w", "b", "loss", "grad_w", "grad_b"]
    for i, h in enumerate(shown):
        mine = [r[1:] for r in table[1:] if r[0] == names[i]]
        assert len(mine) == len(h) == 301
        assert [int(r[0]) for r in mine] == h.step.tolist()
        assert np.array_equal(np.array([r[2:4] for r in mine], dtype=float), h.params)
        assert np.array_equal(np.array([r[4] for r in mine], dtype=float), h.loss)
    assert c.problem.shown_params(c.histories[0].params[-1]).tolist() != (
        c.histories[0].params[-1].tolist()
    )
    assert "Saved 903 rows of 3 runs" in w.statusBar().currentMessage()
    assert len(writers) == (1 if where == "process" else 0)
    assert all(p.poll() is not None for p in writers)


@pytest.mark.parametrize("where", ["process", "thread", "writer dies"])
def test_one_runs_export_is_the_histories_own_csv(make_window, tmp_path, monkeypatch, where):
    if where == "thread":
        monkeypatch.setattr(file_jobs, "CSV_WRITER", [str(tmp_path / "no-such-python")])
    elif where == "writer dies":  # it starts, then ends without a word: done in the thread
        monkeypatch.setattr(file_jobs, "CSV_WRITER", ["/bin/sh", "-c", "exit 3"])
    monkeypatch.setattr(file_jobs, "_CSV_CHUNK", 37)  # several slices, one header
    monkeypatch.setattr(history_csv, "_CHUNK", 41)
    w = make_window(preset("tutorial-000").replace(standardize=True, epochs=300))
    c = w.controller
    c.run_to_end_sync()
    out = tmp_path / "h.csv"
    assert w.files.export_history(out)
    assert out.read_text() == c.problem.shown_history(c.history).to_csv()
    assert f"Saved {len(c.history):,} steps to" in w.statusBar().currentMessage()


def test_csv_rows_write_every_float_as_to_csv(tmp_path):
    tricky = [0.0, -0.0, math.nan, math.inf, -math.inf, 5e-324, 1e-300, 1 / 3, 1e22, 2.5e16]
    n = len(tricky)
    h = History(["a", "b"], with_lr=True)
    params = np.column_stack([tricky, tricky[::-1]])
    h.extend(np.arange(n) * 10**12, np.arange(n), params, tricky, params * 3, tricky[::-1])
    text = history_csv.csv_rows(h.step, h.epoch, h.params, h.loss, h.grad, h.lr)
    assert h.to_csv() == "step,epoch,a,b,loss,grad_a,grad_b,lr\n" + text
    cells = history_csv.csv_rows(h.step, h.epoch, h.params, h.loss, h.grad, None, "r", True)
    assert cells.splitlines()[1] == "r," + text.splitlines()[1].rsplit(",", 1)[0] + ","


# --- while running -----------------------------------------------------------------------------
def test_an_export_while_the_race_runs_holds_a_prefix_of_each_run(make_window, qtbot, tmp_path):
    exp = race_experiment(steps=200_000)
    w = make_window(exp)
    c = w.controller
    c.start()
    qtbot.waitUntil(lambda: min(len(h) for h in c.histories) > 2000, timeout=30_000)
    before = [len(h) for h in c.histories]
    assert c.status == "running"
    out = tmp_path / "live.csv"
    assert w.files.export_history(out)
    c.pause()
    qtbot.waitUntil(lambda: c.status != "running", timeout=10_000)
    names = [exp.run_name(i) for i in range(3)]
    table = rows_of(out.read_text())[1:]
    for i, h in enumerate(c.histories):
        assert h.exact  # nothing thinned: the rows written are the history's first rows
        mine = [r[1:] for r in table if r[0] == names[i]]
        assert before[i] <= len(mine) <= len(h)
        first = c.problem.shown_history(h.upto(int(mine[-1][0])))
        assert first.to_csv().splitlines()[1:] == [",".join(r) for r in mine]


# --- cancel and errors -------------------------------------------------------------------------
def test_a_job_closed_at_its_last_yield_writes_nothing_and_stops_its_writer(tmp_path, writers):
    h = History(["w"])
    k = np.arange(50_000)
    h.extend(k, k, k[:, None] / 7, k / 3, k[:, None] / 11)
    out = tmp_path / "h.csv"
    job = file_jobs.history_csv_job([file_jobs.history_view(h)], None, None, out)
    seen = []
    for p in job:  # run it up to its last yield, 0.96 ...
        seen.append(p)
        if p >= 0.96:
            break
    assert seen[-1] == 0.96 and len(seen) > 3 and seen == sorted(seen)
    job.close()  # ... and cancel there, as run_job does
    assert not out.exists() and sorted(os.listdir(tmp_path)) == []
    ((proc,),) = [writers]
    assert proc.poll() is not None


def test_cancel_in_the_dialog_leaves_no_file(make_window, qtbot, tmp_path, monkeypatch, writers):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QProgressDialog, QPushButton

    from gdgui.ui import jobs

    monkeypatch.setattr(files, "run_job", lambda *a: jobs.run_job(*a, delay_ms=0))
    w = make_window(race_experiment())
    h = w.controller.history
    k = np.arange(1, 300_001)
    h.extend(k, k, np.column_stack([k, k]) / 7, k / 3, np.column_stack([k, k]) / 11)

    def click_cancel():
        found = [
            d
            for d in QApplication.topLevelWidgets()
            if isinstance(d, QProgressDialog) and d.objectName() == "fileJobProgress"
        ]
        if found and found[0].isVisible():
            found[0].findChild(QPushButton).click()
        else:
            QTimer.singleShot(5, click_cancel)

    QTimer.singleShot(5, click_cancel)
    folder = tmp_path / "out"
    folder.mkdir()
    out = folder / "h.csv"
    assert not w.files.export_history(out)
    assert not out.exists() and os.listdir(folder) == []  # no temporary file either
    assert w.statusBar().currentMessage() == "Export cancelled: nothing was written."
    assert writers and all(p.poll() is not None for p in writers)


@pytest.mark.parametrize("where", ["process", "thread"])
def test_an_unwritable_path_is_one_line_naming_the_file(
    make_window, tmp_path, messages, monkeypatch, where
):
    if where == "thread":
        monkeypatch.setattr(file_jobs, "CSV_WRITER", [str(tmp_path / "no-such-python")])
    (tmp_path / "plain").write_text("a file, not a folder")
    w = make_window(race_experiment(steps=20))
    w.controller.run_to_end_sync()
    assert not w.files.export_history(tmp_path / "plain" / "h.csv")
    ((title, text, informative, details),) = messages
    assert text.startswith("Cannot write “h.csv”: ") and "\n" not in text
    assert "Not a directory" in text and "cannot write" not in text  # said once
    assert informative == "Nothing was written." and details.endswith("h.csv")


def test_the_writer_process_reports_a_failed_write_as_one_line(tmp_path):
    spec = {"path": str(tmp_path / "no" / "h.csv"), "header": "step,epoch,w,loss,grad_w"}
    spec |= {"lr_cells": False, "runs": [{"cell": None, "rows": 2, "params": 1, "lr": False}]}
    ints, floats = np.arange(2, dtype=np.int64).tobytes(), np.ones(2).tobytes()
    data = (json_line(spec) + ints + ints + floats * 3) + b"commit\n"
    out = io.StringIO()
    assert history_csv.main(io.BytesIO(data), out) == 1
    lines = out.getvalue().splitlines()
    assert lines[-2] == "ready" and lines[-1].startswith(f"error cannot write {spec['path']}: ")
    out = io.StringIO()  # the input ends before "commit": nothing is written
    spec["path"] = str(tmp_path / "h.csv")
    assert history_csv.main(io.BytesIO(json_line(spec) + ints + ints + floats * 3), out) == 0
    assert out.getvalue().splitlines()[-1] == "ready" and not (tmp_path / "h.csv").exists()


def json_line(spec):
    import json

    return (json.dumps(spec) + "\n").encode()


# --- views and copies --------------------------------------------------------------------------
def test_a_view_keeps_its_rows_when_the_history_grows_and_knows_when_thinned():
    h = History(["w"], capacity=16, max_rows=64)
    h.extend(np.arange(10), 0, np.arange(10.0)[:, None], np.arange(10.0), np.zeros((10, 1)))
    view = file_jobs.history_view(h)
    old = view.params.copy()
    arrays = h._params
    h.extend(np.arange(10, 40), 0, np.ones((30, 1)), np.ones(30), np.zeros((30, 1)))
    assert h._params is not arrays  # grown into new arrays ...
    assert view.intact() and np.array_equal(view.params, old) and len(view) == 10  # ... kept
    copy = file_jobs.copy_history(view)
    assert copy.base is None and np.array_equal(copy.params, old)
    h.extend(np.arange(40, 100), 0, np.full((60, 1), 2.0), np.ones(60), np.zeros((60, 1)))
    assert h.thinned and h.rewrites % 2 == 0 and h.rewrites >= 2
    later = file_jobs.history_view(h)
    h.extend(np.arange(100, 200), 0, np.full((100, 1), 3.0), np.ones(100), np.zeros((100, 1)))
    assert not later.intact()  # thinned in place since: its rows may have moved
    again = file_jobs.copy_history(later)  # so it copies the history as it is now
    assert again.step.tolist() == h.step.tolist() and again.thinned == h.thinned
    assert np.array_equal(again.params, h.params) and not again.exact


def test_a_copy_of_a_history_thinned_at_every_try_gives_up_with_history_busy():
    h = History(["w"], max_rows=64)
    h.extend(np.arange(64), 0, np.zeros((64, 1)), np.zeros(64), np.zeros((64, 1)))
    h._rewrites = 1  # a thinning that never ends
    with pytest.raises(file_jobs.HistoryBusy):
        file_jobs.copy_history(file_jobs.history_view(h), tries=1)
