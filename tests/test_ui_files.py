"""The File menu: save and open, the modified star, the unsaved-changes prompt, atomic
saves, invalid files, recent files, CSV import by menu and by drop, CSV export.

Every dialog is a module-level function of gdgui.ui.files that the tests replace;
tests/conftest.py answers the unsaved-changes prompt with Discard by default.
"""

import errno
import json
import os

import numpy as np
import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QTimer, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QMessageBox

from gdgui.core.experiment import (
    Experiment,
    ExperimentError,
    load_experiment,
    preset,
    preset_names,
)
from gdgui.ui import files
from gdgui.ui.csv_import import CsvImportDialog
from gdgui.ui.window import MainWindow

REAL_ASK = files.ask_unsaved_changes  # tests/conftest.py replaces it with Discard
INLINE = {"x": [0.5, 1.25, 3.0, 4.75], "y": [1.1, 2.7, 5.9, 1e-3]}


class Recorder:
    """Stands in for a dialog function: records its calls and gives canned answers."""

    def __init__(self, *answers):
        self.answers = list(answers)
        self.calls = []

    def __call__(self, *args, **kwargs):
        self.calls.append(args)
        return self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]


@pytest.fixture
def messages(monkeypatch):
    """The messages shown, as (title, text, informative, details) tuples."""
    shown = []

    def show(parent, title, text, informative="", details="", **kw):
        shown.append((title, text, informative, details))

    monkeypatch.setattr(files, "show_message", show)
    return shown


def ask(monkeypatch, *answers):
    rec = Recorder(*answers)
    monkeypatch.setattr(files, "ask_unsaved_changes", rec)
    return rec


def edited(w, **changes):
    """Change the window's experiment as a panel would."""
    w.controller.set_experiment(w.controller.experiment.replace(**changes))
    return w.controller.experiment


def with_inline_data(w):
    return edited(
        w,
        problem={"name": "linear-wb"},
        data=INLINE,
        init=[0.25, -0.5],
        optimizer={"name": "momentum", "lr": 0.03, "momentum": 0.8},
    )


def title(w):
    return w.windowTitle().replace("[*]", "")


# --- save and open -----------------------------------------------------------------------------
def test_save_then_open_round_trips_the_experiment_with_edited_inline_data(
    make_window, monkeypatch, tmp_path
):
    w = make_window()
    exp = with_inline_data(w)
    saving = Recorder(str(tmp_path / "mine"))  # no suffix: .json is added
    monkeypatch.setattr(files, "get_save_path", saving)
    w.files.action_save.trigger()  # Untitled: Save asks where, like Save As
    path = tmp_path / "mine.json"
    assert len(saving.calls) == 1 and saving.calls[0][2].endswith(".json")
    assert json.loads(path.read_text(encoding="utf-8")) == exp.to_dict()
    assert title(w).startswith("mine.json") and not w.isWindowModified()
    assert w.files.recent_files() == [str(path)]
    assert "Saved" in w.statusBar().currentMessage()

    w.files.action_new.trigger()
    assert w.controller.experiment.to_dict() == preset("tutorial-003").to_dict()
    assert title(w).startswith("Untitled") and w.files.path is None

    monkeypatch.setattr(files, "get_open_path", Recorder(str(path)))
    w.files.action_open.trigger()
    assert w.controller.experiment.to_dict() == exp.to_dict()
    assert w.controller.experiment.to_dict()["data"] == INLINE
    assert list(w.controller.problem.x) == INLINE["x"]
    assert w.files.path == path and title(w).startswith("mine.json")
    assert not w.isWindowModified() and len(w.controller.history) == 1


def test_save_writes_to_the_open_file_without_asking(make_window, monkeypatch, tmp_path):
    path = tmp_path / "e.json"
    preset("tutorial-000").save(path)
    w = make_window()
    assert w.files.open(path)
    edited(w, seed=7)
    monkeypatch.setattr(files, "get_save_path", Recorder(""))  # never called
    assert w.files.save()
    assert load_experiment(path).seed == 7 and not w.isWindowModified()
    assert files.get_save_path.calls == []


def test_cancelled_save_as_changes_nothing(make_window, monkeypatch):
    w = make_window()
    edited(w, seed=2)
    monkeypatch.setattr(files, "get_save_path", Recorder(""))
    assert not w.files.save_as()
    assert w.isWindowModified() and w.files.path is None


def test_a_relative_csv_path_still_points_at_the_data_after_save_as(make_window, tmp_path):
    src = tmp_path / "a"
    src.mkdir()
    (src / "points.csv").write_text("x,y\n1,2\n2,4\n3,6\n")
    (src / "e.json").write_text(
        json.dumps({"version": 1, "problem": {"name": "linear-w"}, "data": {"csv": "points.csv"}})
    )
    w = make_window()
    assert w.files.open(src / "e.json")
    dest = tmp_path / "b" / "c"
    dest.mkdir(parents=True)
    assert w.files.save_to(dest / "moved.json")
    assert json.loads((dest / "moved.json").read_text())["data"]["csv"] == "../../a/points.csv"
    assert list(load_experiment(dest / "moved.json").dataset().y) == [2.0, 4.0, 6.0]
    assert not w.isWindowModified()


# --- the modified star -------------------------------------------------------------------------
def test_the_star_follows_the_difference_from_the_saved_experiment(make_window, tmp_path):
    w = make_window()
    assert w.windowTitle() == "Untitled[*] — gdgui" and not w.isWindowModified()
    edited(w, optimizer={"lr": 0.05})
    assert w.isWindowModified()
    assert w.files.save_to(tmp_path / "run.json")
    assert w.windowTitle() == "run.json[*] — gdgui" and not w.isWindowModified()
    saved = w.controller.experiment
    edited(w, optimizer={"lr": 0.2})
    assert w.isWindowModified()
    edited(w, epochs=50)
    assert w.isWindowModified()
    w.controller.set_experiment(saved)  # undo back to the saved state
    assert not w.isWindowModified()


# --- the unsaved-changes prompt ----------------------------------------------------------------
def test_close_with_cancel_keeps_the_window_and_the_experiment(make_window, monkeypatch):
    w = make_window()
    exp = edited(w, seed=5)
    prompt = ask(monkeypatch, files.CANCEL)
    assert not w.close()
    assert w.isVisible() and w.controller.experiment is exp and w.isWindowModified()
    assert prompt.calls[0][1] == "Untitled"
    ask(monkeypatch, files.DISCARD)
    assert w.close()


def test_close_with_discard_closes_and_forgets_the_changes(
    qtbot, make_window, monkeypatch, ui_settings, tmp_path
):
    path = tmp_path / "kept.json"
    preset("tutorial-000").save(path)
    w = make_window()
    w.files.open(path)
    edited(w, seed=9)
    prompt = ask(monkeypatch, files.DISCARD)
    assert w.close() and not w.isVisible()
    assert prompt.calls[0][1] == "kept.json"
    assert path.read_bytes() == preset("tutorial-000").to_json().encode()
    w2 = MainWindow(None, ui_settings)  # the next start: the file as saved, not the edit
    qtbot.addWidget(w2)
    assert w2.controller.experiment.seed == 0 and w2.files.path == path
    assert not w2.isWindowModified()
    w2.close()


def test_close_with_save_saves_then_closes(make_window, monkeypatch, tmp_path):
    w = make_window()
    exp = edited(w, seed=4)
    ask(monkeypatch, files.SAVE)
    monkeypatch.setattr(files, "get_save_path", Recorder(str(tmp_path / "s.json")))
    assert w.close()
    assert load_experiment(tmp_path / "s.json").to_dict() == exp.to_dict()


def test_close_with_save_stays_open_when_the_save_is_cancelled(make_window, monkeypatch):
    w = make_window()
    edited(w, seed=4)
    ask(monkeypatch, files.SAVE)
    monkeypatch.setattr(files, "get_save_path", Recorder(""))
    assert not w.close() and w.isVisible()
    ask(monkeypatch, files.DISCARD)


@pytest.mark.parametrize("command", ["new", "open", "recent", "example", "restore"])
def test_commands_that_replace_the_experiment_ask_first(
    make_window, monkeypatch, tmp_path, command
):
    other = tmp_path / "other.json"
    preset("saddle-noise").save(other)
    w = make_window()
    w.files.add_recent(other)
    monkeypatch.setattr(files, "get_open_path", Recorder(str(other)))

    def run():
        if command == "new":
            return w.files.action_new.trigger()
        if command == "open":
            return w.files.action_open.trigger()
        if command == "recent":
            return w.files.recent_menu.actions()[0].trigger()
        if command == "example":
            return w.files.examples_menu.actions()[0].trigger()
        return w.restore_defaults()

    exp = edited(w, seed=11)
    prompt = ask(monkeypatch, files.CANCEL)
    run()
    assert len(prompt.calls) == 1
    assert w.controller.experiment is exp and w.isWindowModified()

    prompt = ask(monkeypatch, files.DISCARD)
    run()
    assert len(prompt.calls) == 1 and not w.isWindowModified()
    assert w.controller.experiment.seed == 0

    # without changes nothing is asked
    prompt = ask(monkeypatch, files.CANCEL)
    run()
    assert prompt.calls == []


def test_the_prompt_offers_save_discard_and_cancel(make_window):
    w = make_window()
    box = files.unsaved_changes_box(w, "e.json")
    B = QMessageBox.StandardButton
    assert box.standardButtons() == B.Save | B.Discard | B.Cancel
    assert box.defaultButton() is box.button(B.Save)
    assert box.escapeButton() is box.button(B.Cancel)
    assert "e.json" in box.text() and box.accessibleName()
    box.deleteLater()


@pytest.mark.parametrize(
    "button, answer", [("Save", files.SAVE), ("Discard", files.DISCARD), ("Cancel", files.CANCEL)]
)
def test_the_real_prompt_returns_the_button_clicked(make_window, button, answer):
    w = make_window()
    B = QMessageBox.StandardButton

    def click():
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            box.button(getattr(B, button)).click()
        else:
            QTimer.singleShot(10, click)

    QTimer.singleShot(0, click)
    assert REAL_ASK(w, "e.json") == answer


# --- atomic saves ------------------------------------------------------------------------------
@pytest.mark.parametrize("failing", ["replace", "fsync"])
def test_a_failed_save_keeps_the_old_file_and_the_star(
    make_window, monkeypatch, messages, tmp_path, failing
):
    path = tmp_path / "e.json"
    w = make_window()
    assert w.files.save_to(path)
    before = path.read_bytes()
    edited(w, optimizer={"lr": 0.07}, seed=3)

    def boom(*args):
        raise OSError(errno.ENOSPC, "No space left on device")

    with monkeypatch.context() as m:
        m.setattr(os, failing, boom)
        assert not w.files.save()
    assert path.read_bytes() == before
    # no temporary file left behind (gdgui.ini: the window's settings, synced meanwhile)
    assert sorted(set(os.listdir(tmp_path)) - {"gdgui.ini"}) == ["e.json"]
    assert w.isWindowModified() and w.files.path == path
    ((msg_title, text, informative, details),) = messages
    assert "e.json" in text and "the disk is full" in text
    assert details == str(path) and "Nothing was written" in informative


def test_a_failed_save_shows_a_message_box(make_window, monkeypatch, tmp_path):
    w = make_window()
    edited(w, seed=1)

    def refuse(*args):
        raise PermissionError(errno.EACCES, "Permission denied")

    with monkeypatch.context() as m:
        m.setattr(os, "replace", refuse)
        assert not w.files.save_to(tmp_path / "locked.json")
    boxes = [b for b in w.findChildren(QMessageBox) if b.isVisible()]
    assert len(boxes) == 1
    assert "locked.json" in boxes[0].text() and "Permission denied" in boxes[0].text()
    assert str(tmp_path / "locked.json") in boxes[0].detailedText()
    boxes[0].close()
    assert w.isWindowModified() and w.files.path is None


# --- invalid files -----------------------------------------------------------------------------
def test_an_invalid_file_lists_every_error_and_keeps_the_experiment(
    make_window, monkeypatch, tmp_path
):
    bad = tmp_path / "bad.json"
    bad.write_text(
        json.dumps(
            {
                "version": 1,
                "optimizer": {"name": "gd", "lr": -1},
                "batch_size": 0,
                "epochs": -3,
                "colour": "red",
            }
        )
    )
    with pytest.raises(ExperimentError) as info:
        load_experiment(bad)
    expected = [f"{p}: {m}" for p, m in info.value.errors]
    assert "optimizer.lr: must be > 0, got -1" in expected and len(expected) == 4

    w = make_window()
    exp = edited(w, seed=6)
    prompt = ask(monkeypatch, files.DISCARD)
    monkeypatch.setattr(files, "get_open_path", Recorder(str(bad)))
    w.files.action_open.trigger()
    assert prompt.calls == []  # nothing to ask: the file cannot be opened anyway
    assert w.controller.experiment is exp and w.isWindowModified() and w.files.path is None
    (box,) = [b for b in w.findChildren(QMessageBox) if b.isVisible()]
    assert "bad.json" in box.text() and "4 errors" in box.text()
    for line in expected:
        assert line in box.informativeText() and line in box.detailedText()
    assert str(bad) in box.detailedText()
    box.close()
    assert w.files.recent_files() == []


def test_broken_json_and_missing_data_are_reported(make_window, messages, tmp_path):
    w = make_window()
    exp = w.controller.experiment
    broken = tmp_path / "broken.json"
    broken.write_text('{"version": 1,')
    assert not w.files.open(broken)
    assert "not valid JSON" in messages[-1][2]
    gone = tmp_path / "gone.json"  # valid, but its CSV file is missing
    gone.write_text(json.dumps({"version": 1, "data": {"csv": "nowhere.csv"}}))
    assert not w.files.open(gone)
    assert "gone.json" in messages[-1][1] and "data" in messages[-1][2]
    assert w.controller.experiment is exp and w.files.path is None


# --- recent files ------------------------------------------------------------------------------
def test_recent_files_newest_first_at_most_eight(qtbot, make_window, ui_settings, tmp_path):
    paths = []
    for i in range(10):
        p = tmp_path / f"e{i}.json"
        Experiment().replace(seed=i).save(p)
        paths.append(str(p))
    w = make_window()
    for p in paths:
        assert w.files.open(p)
    assert w.files.recent_files() == paths[::-1][: files.RECENT_LIMIT]
    assert w.files.open(paths[5])  # opened again: back to the top
    assert w.files.recent_files()[:2] == [paths[5], paths[9]]
    assert len(w.files.recent_files()) == 8
    entries = [a for a in w.files.recent_menu.actions() if not a.isSeparator()]
    assert [a.text() for a in entries[:2]] == ["&1 e5.json", "&2 e9.json"]
    assert entries[0].toolTip() == paths[5]
    assert entries[-1] is w.files.action_clear_recent and len(entries) == 9
    w.close()
    w2 = MainWindow(None, ui_settings)  # the next start: the list and the last file
    qtbot.addWidget(w2)
    assert w2.files.recent_files()[0] == paths[5]
    assert w2.files.path == tmp_path / "e5.json" and title(w2).startswith("e5.json")
    assert w2.controller.experiment.seed == 5
    w2.close()


def test_a_missing_recent_file_is_removed_with_a_message(make_window, messages, tmp_path):
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    for p in (a, b):
        Experiment().save(p)
    w = make_window()
    w.files.add_recent(a)
    w.files.add_recent(b)
    b.unlink()
    exp = w.controller.experiment
    w.files.recent_menu.actions()[0].trigger()  # b.json, newest
    assert w.files.recent_files() == [str(a)]
    assert "b.json" in messages[0][1] and "removed" in messages[0][2]
    assert w.controller.experiment is exp
    assert [x.text() for x in w.files.recent_menu.actions() if not x.isSeparator()] == [
        "&1 a.json",
        "&Clear list",
    ]


def test_clear_list(make_window, tmp_path):
    w = make_window()
    Experiment().save(tmp_path / "a.json")
    w.files.add_recent(tmp_path / "a.json")
    assert w.files.recent_menu.isEnabled()
    w.files.action_clear_recent.trigger()
    assert w.files.recent_files() == []
    assert not w.files.recent_menu.menuAction().isEnabled()


# --- CSV import --------------------------------------------------------------------------------
def write_csv(tmp_path, name="points.csv"):
    path = tmp_path / name
    path.write_text("hours,score\n1,3\n2,5\n3,7.5\n4,9\n5,11.25\n", encoding="utf-8")
    return path


def drive_dialog(parent, path):
    """The real import dialog, clicked through: Import, then accepted."""
    dialog = CsvImportDialog(path, parent)
    QTimer.singleShot(0, dialog.start_import)
    QTimer.singleShot(10_000, dialog.reject)  # never hang a test
    try:
        if dialog.exec() == CsvImportDialog.DialogCode.Accepted:
            return dialog.result_data
        return None
    finally:
        dialog.deleteLater()


def drag_and_drop(w, path):
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    action, left = Qt.DropAction.CopyAction, Qt.MouseButton.LeftButton
    enter = QDragEnterEvent(QPoint(200, 200), action, mime, left, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(w, enter)
    if not enter.isAccepted():
        return False
    drop = QDropEvent(QPointF(200, 200), action, mime, left, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(w, drop)
    return drop.isAccepted()


def test_dropping_a_csv_file_makes_a_line_problem_on_that_file(
    qtbot, make_window, monkeypatch, tmp_path
):
    monkeypatch.setattr(files, "import_csv", drive_dialog)
    w = make_window(preset("saddle-noise"))
    assert w.acceptDrops()
    w.controller.step(3)
    qtbot.waitUntil(lambda: w.controller.step_count == 3, timeout=3000)
    assert drag_and_drop(w, write_csv(tmp_path))
    qtbot.waitUntil(lambda: w.controller.experiment.problem_name == "linear-wb", timeout=10_000)
    spec = w.controller.experiment.to_dict()
    # the file reads back to the same points: it stays the data's source (named in the data
    # box), and the points already read are used as they are
    csv = str((tmp_path / "points.csv").resolve())
    assert spec["data"] == {"csv": csv, "x_column": "hours", "y_column": "score"}
    np.testing.assert_array_equal(w.controller.problem.x, [1.0, 2.0, 3.0, 4.0, 5.0])
    np.testing.assert_array_equal(w.controller.problem.y, [3.0, 5.0, 7.5, 9.0, 11.25])
    assert w.panels.problem_section.data_combo.currentText() == "points.csv (5 points)"
    assert spec["init"] is None and w.controller.problem.n_samples == 5
    assert len(w.controller.history) == 1 and w.controller.status == "ready"  # run reset
    assert "Imported 5 points" in w.statusBar().currentMessage()
    assert w.isWindowModified()


def test_a_line_problem_keeps_its_model_and_settings(qtbot, make_window, monkeypatch, tmp_path):
    seen = []
    monkeypatch.setattr(
        files, "import_csv", lambda parent, path: seen.append(path) or drive_dialog(parent, path)
    )
    w = make_window()  # tutorial 003: linear-w
    w.files.import_data(write_csv(tmp_path))
    spec = w.controller.experiment.to_dict()
    assert spec["problem"] == {"name": "linear-w"} and spec["init"] == [1.0]
    assert spec["data"]["csv"].endswith("points.csv") and seen
    np.testing.assert_array_equal(w.controller.problem.x, [1.0, 2.0, 3.0, 4.0, 5.0])
    # saved, the experiment names the file (where it was imported from) and reads it back
    assert w.files.save_to(tmp_path / "e.json")
    back = load_experiment(tmp_path / "e.json")
    assert back.to_dict()["data"]["csv"] == str((tmp_path / "points.csv").resolve())
    np.testing.assert_array_equal(back.dataset().y, [3.0, 5.0, 7.5, 9.0, 11.25])


def test_import_from_the_menu_and_cancel_changes_nothing(make_window, monkeypatch, tmp_path):
    csv = write_csv(tmp_path)
    w = make_window()
    exp = w.controller.experiment
    monkeypatch.setattr(files, "get_open_path", Recorder(""))
    w.files.action_import_csv.trigger()  # the file dialog cancelled
    dialog = Recorder(None)
    monkeypatch.setattr(files, "import_csv", dialog)
    monkeypatch.setattr(files, "get_open_path", Recorder(str(csv)))
    w.files.action_import_csv.trigger()  # the import dialog cancelled
    assert dialog.calls == [(w, str(csv))]
    assert w.controller.experiment is exp and not w.isWindowModified()


def test_other_drops_are_refused(make_window, monkeypatch, tmp_path):
    dialog = Recorder(None)
    monkeypatch.setattr(files, "import_csv", dialog)
    w = make_window()
    other = tmp_path / "picture.png"
    other.write_bytes(b"\x89PNG")
    assert not drag_and_drop(w, other)
    assert dialog.calls == []


# --- CSV export --------------------------------------------------------------------------------
def test_export_data_as_csv(make_window, monkeypatch, tmp_path):
    w = make_window()
    monkeypatch.setattr(files, "get_save_path", Recorder(str(tmp_path / "pts")))
    w.files.action_export_data.trigger()
    lines = (tmp_path / "pts.csv").read_text().splitlines()
    assert lines == ["x,y", "1.0,2.0", "2.0,4.0", "3.0,6.0", "4.0,8.0"]
    assert "4 points" in w.statusBar().currentMessage()
    with_inline_data(w)
    assert w.files.export_data(tmp_path / "inline.csv")
    lines = (tmp_path / "inline.csv").read_text().splitlines()
    assert lines[0] == "x,y" and len(lines) == 1 + len(INLINE["x"])
    assert lines[4] == "4.75,0.001"


def test_export_data_is_disabled_for_surfaces(make_window):
    w = make_window(preset("saddle-noise"))
    assert not w.files.action_export_data.isEnabled()
    w.files.new()
    assert w.files.action_export_data.isEnabled()


@pytest.mark.parametrize(
    "name, header",
    [
        ("tutorial-003", "step,epoch,w,loss,grad_w"),
        ("saddle-noise", "step,epoch,x,y,loss,grad_x,grad_y"),
    ],
)
def test_export_history_as_csv(make_window, tmp_path, name, header):
    w = make_window(preset(name))
    w.controller.run_to_end_sync()
    n = len(w.controller.history)
    assert n > 100
    assert w.files.export_history(tmp_path / "h.csv")
    lines = (tmp_path / "h.csv").read_text().splitlines()
    assert lines[0] == header and len(lines) == n + 1
    assert lines[1].startswith("0,0,")


def test_exported_history_is_on_the_original_scale(make_window, tmp_path):
    w = make_window(preset("tutorial-000").replace(standardize=True, epochs=20))
    w.controller.run_to_end_sync()
    assert w.files.export_history(tmp_path / "h.csv")
    lines = (tmp_path / "h.csv").read_text().splitlines()
    assert lines[0] == "step,epoch,w,b,loss,grad_w,grad_b" and len(lines) == 22
    shown = w.controller.problem.shown_params(w.controller.history.params[-1])
    assert lines[-1].split(",")[2:4] == [repr(float(v)) for v in shown]


def test_a_failed_export_says_why(make_window, messages, tmp_path):
    w = make_window()
    assert not w.files.export_history(tmp_path / "no" / "such" / "dir" / "h.csv")
    assert "h.csv" in messages[0][1]


# --- the menu ----------------------------------------------------------------------------------
def test_file_menu_entries_tooltips_and_shortcuts(make_window):
    w = make_window()
    f = w.files
    texts = [a.text() for a in w.file_menu.actions() if not a.isSeparator()]
    assert texts[:4] == ["&New experiment", "&Open experiment…", "Open &recent", "E&xamples"]
    for action, keys in (
        (f.action_new, "Ctrl+N"),
        (f.action_open, "Ctrl+O"),
        (f.action_save, "Ctrl+S"),
        (f.action_save_as, "Ctrl+Shift+S"),
    ):
        assert action.toolTip().endswith(f"({keys})") and action in w.actions()
    for action in (f.action_import_csv, f.action_export_data, f.action_export_history):
        assert action.toolTip() and action in w.file_menu.actions()
    examples = f.examples_menu.actions()
    assert len(examples) == len(preset_names()) and all(a.toolTip() for a in examples)
    assert f.recent_menu.accessibleName() and f.examples_menu.accessibleName()


def test_a_file_given_at_start_is_the_current_file(make_window, tmp_path):
    path = tmp_path / "start.json"
    preset("tutorial-000").save(path)
    w = make_window(load_experiment(path))
    w.files.adopt_file(path)
    assert title(w).startswith("start.json") and w.files.recent_files() == [str(path)]
    edited(w, seed=1)
    assert w.files.save() and load_experiment(path).seed == 1


def test_points_added_on_the_plot_are_saved_and_undo_clears_the_star(make_window, tmp_path):
    w = make_window()
    editor = getattr(w, "editor", None)
    if editor is None:
        pytest.skip("no Edit menu in this build")
    editor.add_point(5.0, 9.5)
    assert w.isWindowModified()
    editor.stack.undo()
    assert not w.isWindowModified()
    editor.stack.redo()
    assert w.files.save_to(tmp_path / "clicked.json") and not w.isWindowModified()
    data = json.loads((tmp_path / "clicked.json").read_text())["data"]
    assert data == {"x": [1.0, 2.0, 3.0, 4.0, 5.0], "y": [2.0, 4.0, 6.0, 8.0, 9.5]}
    editor.stack.undo()
    assert w.isWindowModified()
    editor.stack.redo()
    assert not w.isWindowModified()
    w.files.new()
    assert w.files.open(tmp_path / "clicked.json")
    assert w.controller.experiment.to_dict()["data"] == data
