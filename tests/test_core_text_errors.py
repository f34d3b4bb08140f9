"""The core's errors reach the window in its language: the step explainer's, the sweep's,
the schedules', the data's, the file I/O's and the run builder's texts are Messages
(English unchanged), and every place in the UI that shows one translates it.

A marking translator stands in for the Chinese catalogue: it shows each core template it
was asked for as ``<core|template>`` (then formatted with the message's arguments), so an
assertion sees exactly which template reached the window, and with what numbers."""

import ast
import errno
import os
from pathlib import Path

import pytest
from PySide6.QtCore import QTranslator

from gdgui.core import fileio, schedules, sweep
from gdgui.core.data import DataError, Dataset, noisy_line, read_csv
from gdgui.core.experiment import Experiment, ExperimentError, load_experiment, preset
from gdgui.core.explain import StepError, explain_step
from gdgui.core.frames import plan_frames
from gdgui.core.messages import TEMPLATES, Message
from gdgui.core.runner import Run, run_many
from gdgui.ui.core_text import core_text

ROOT = Path(__file__).resolve().parents[1]


class CoreMarker(QTranslator):
    """``<core|source>`` for every core template; the UI's own texts stay English."""

    def translate(self, context, source, disambiguation=None, n=-1):
        return f"<core|{source}>" if context == "core" else source

    def isEmpty(self):
        return False


@pytest.fixture
def zh(qapp):
    marker = CoreMarker()
    assert qapp.installTranslator(marker)
    yield marker
    qapp.removeTranslator(marker)


def type_into(edit, text):
    edit.setFocus()
    edit.setText(text)
    edit.textEdited.emit(text)
    edit.editingFinished.emit()


# --- the core: each family's errors are Messages with the old English text ---------------

TUTORIAL = preset("tutorial-003")
PROBLEM = TUTORIAL.build_problem()
ONECYCLE = {"name": "onecycle", "max_lr": 0.1, "total_steps": 10}

CASES = [
    # (what raises, the English text, the template of its message)
    (
        lambda: explain_step(TUTORIAL, 500),
        "step 500 is past the end: the run has 100 steps.",
        "step {step} is past the end: {why}.",
    ),
    (
        lambda: explain_step(TUTORIAL.replace(tolerance=1e-3), 100),
        "step 100 is past the end: the run converged at step 60.",
        "step {step} is past the end: {why}.",
    ),
    (lambda: explain_step(TUTORIAL, 0), "step must be 1 or more, got 0", None),
    (
        lambda: sweep.make_axis("lr", -1, 1, 3),
        "lr: a log-spaced axis needs ends > 0, got -1 and 1",
        None,
    ),
    (
        lambda: sweep.parse_axis("lr", "1:2:x"),
        "lr: COUNT must be a whole number, got 'x'",
        "{name}: COUNT must be a whole number, got {text!r}",
    ),
    (
        lambda: sweep.sweep(TUTORIAL, {"lr": [1.0, -1.0]}),
        "lr: must be > 0, got -1.0 (optimizer gd)",
        "{key}: {error} (optimizer {name})",
    ),
    (
        lambda: sweep.sweep(TUTORIAL, {"lr": "0.01:0.1:3"}, optimizers=["nope"]),
        "unknown optimizer 'nope'; choose one of gd, momentum, nesterov, adagrad, rmsprop, "
        "adam, adamw",
        None,
    ),
    (
        lambda: sweep.sweep(TUTORIAL, {"lr": "0.01:0.1:3"}, loss_step=1000),
        "loss step: must be between 0 and 100, got 1000",
        None,
    ),
    (
        lambda: schedules.validate({"name": "step", "step_size": 0}),
        "schedule step: step_size must be >= 1, got 0",
        "schedule {name}: {key} {reason}",
    ),
    (
        lambda: schedules.validate({"name": "zz"}),
        "schedule: unknown name 'zz'; choose one of step, multistep, exponential, cosine, "
        "linear, onecycle",
        None,
    ),
    (
        lambda: schedules.parse("exponential:gamma=x"),
        "schedule exponential: gamma must be a number, got 'x'",
        "schedule {name}: {key} {reason}",
    ),
    (
        lambda: schedules.parse("step:step_size=3,step_size=4"),
        "--schedule step: step_size is given twice",
        None,
    ),
    (
        lambda: schedules.make(ONECYCLE, "gd"),
        "schedule onecycle: cycle_momentum needs momentum or beta1, which gd has not; set "
        "cycle_momentum=false",
        "schedule {name}: {key} {reason}",
    ),
    (lambda: Dataset([1, float("inf")], [1, 2]), "x[1] is inf; data values must be finite", None),
    (
        lambda: Dataset([1, 2], [1, 2]).without_point(5),
        "point index 5 is out of range for 2 points",
        None,
    ),
    (
        lambda: Dataset([1, 2], [1, 2]).with_point(float("nan"), 1),
        "x must be finite, got nan",
        None,
    ),
    (
        lambda: noisy_line(n=10**8),
        "n must be at most 10,000,000 points, got 100,000,000",
        "n must be at most {limit:,} points, got {value:,}",
    ),
    (
        lambda: noisy_line(x_min=3, x_max=1),
        "x_min must be less than x_max, got x_min=3.0, x_max=1.0",
        None,
    ),
    (lambda: read_csv("x,y\n1,2\n", cancel=lambda: True), "loading CSV text was cancelled", None),
    (
        lambda: fileio.read_text("/dev/null"),
        "cannot read /dev/null: it is a device, not a file",
        "cannot read {path}: {reason}",
    ),
    (
        lambda: Run(PROBLEM, "gd", steps=100, schedule={**ONECYCLE, "cycle_momentum": False}),
        "schedule onecycle: total_steps = 10 but the run takes 100 steps; set total_steps to "
        "at least 100",
        None,
    ),
    (
        lambda: Run(PROBLEM, "gd", {"lr": -1, "weight_decay": -1}),
        "lr: must be > 0, got -1; weight_decay: must be >= 0, got -1",
        "; ",  # two parts joined
    ),
    (lambda: Run(PROBLEM, "gd", init=[1, 2]), "init needs 1 value(s) (w), got 2", None),
    (
        lambda: run_many(PROBLEM, [{"optimizer": "gd", "hyperparams": {"lr": -1}}], 10),
        "run 0: lr: must be > 0, got -1",
        "run {run}: {error}",
    ),
    (
        lambda: plan_frames(10, 1, 1.0),
        "an animation needs at least 2 frames; 1 fps × 1.0 s gives 1",
        None,
    ),
    (
        lambda: preset("nope"),
        "preset: unknown preset 'nope'; expected one of ",
        None,
    ),
    (
        lambda: Experiment.from_json('{"a": }'),
        "not valid JSON: Expecting value at line 1, column 7",
        None,
    ),
]


@pytest.mark.parametrize(("cause", "english", "template"), CASES)
def test_a_core_error_is_a_message_with_the_english_text(cause, english, template):
    with pytest.raises((ValueError, DataError, OSError, IndexError)) as info:
        cause()
    message = info.value.args[0]
    assert isinstance(message, Message), repr(message)
    assert str(info.value).startswith(english)
    assert str(message).startswith(english)
    if template is not None:
        assert message.template == template
    marked = message.render(lambda c, t: f"<{c}|{t}>")
    assert marked != str(message) and "<core|" in marked  # a catalogue can translate it


def test_a_schedule_error_keeps_the_key_and_the_reason_apart():
    with pytest.raises(schedules.ScheduleError) as info:
        schedules.validate({"name": "cosine", "T_max": 50, "eta_min": -1.0})
    e = info.value
    assert (e.key, e.reason) == ("eta_min", "must be >= 0, got -1.0")
    assert e.reason.template == "must be >= {low:g}, got {value!r}"
    # the experiment's check uses them: the field and its reason, translatable
    with pytest.raises(ExperimentError) as info:
        TUTORIAL.replace(schedule=ONECYCLE)
    ((path, reason),) = info.value.errors
    assert path == "schedule.cycle_momentum"
    assert reason == "needs momentum or beta1, which gd has not; set cycle_momentum=false"
    assert reason.args["text"].template.startswith("needs momentum or beta1")


def test_a_file_error_keeps_its_reason_and_the_system_reason_is_translatable(tmp_path):
    with pytest.raises(fileio.FileIOError) as info:
        fileio.atomic_write_text(tmp_path / "no" / "x.json", "{}")
    e = info.value
    assert str(e) == f"cannot write {tmp_path / 'no' / 'x.json'}: No such file or directory"
    assert e.reason == "No such file or directory" and isinstance(e.reason, Message)
    assert e.message.template == "cannot write {path}: {reason}"
    # a reason the table does not hold word for word stays the OS's plain text
    odd = OSError(errno.EACCES, "Zugriff verweigert")
    assert type(fileio._reason(odd)) is str and fileio._reason(odd) == "Zugriff verweigert"
    # reading a file that is not UTF-8: the line and the byte, in the template
    bad = tmp_path / "bad.json"
    bad.write_bytes(b'{"a":\n"\xff"}')
    with pytest.raises(ExperimentError) as info:
        load_experiment(bad)
    assert str(info.value) == (f"{bad}: cannot read the file: line 2 is not UTF-8 text (byte 0xff)")
    ((_, reason),) = info.value.errors
    assert reason.args["error"].template == "line {line} is not UTF-8 text (byte 0x{byte:02x})"


def test_every_os_and_json_reason_in_the_tables_is_registered():
    from gdgui.core.schema import _JSON_REASONS

    assert set(fileio._OS_REASONS.values()) <= set(TEMPLATES)
    assert set(TEMPLATES) >= _JSON_REASONS
    assert os.strerror(errno.ENOENT) == fileio._OS_REASONS[errno.ENOENT]  # glibc's words


# --- the raise sites: a user-facing error of these modules is never a plain str ----------

#: the core's error classes whose text reaches the window
USER_ERRORS = {
    "StepError",
    "SweepError",
    "ScheduleError",
    "DataError",
    "CsvError",
    "CsvCancelled",
    "FileIOError",
    "ExperimentError",
    "JSONInputError",
    "ExprError",
}
#: modules whose ValueErrors and IndexErrors reach the window too
VALUE_ERROR_MODULES = {
    "schedules.py",
    "runner.py",
    "race.py",
    "frames.py",
    "sweep.py",
    "explain.py",
    "fileio.py",
}
#: ValueErrors there that only a programming error can raise (not shown to a user)
INTERNAL = {"run_many needs at least one run", "a race needs at least one run"}


def _plain(node):
    """Whether an argument is a plain str: a literal, an f-string, str(...) or a
    concatenation of such."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str) and node.value not in INTERNAL
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.BinOp):
        return _plain(node.left) or _plain(node.right)
    if isinstance(node, ast.Call):
        f = node.func
        if isinstance(f, ast.Name) and f.id == "str":
            return True
        if isinstance(f, ast.Attribute) and f.attr in ("format", "join"):
            return isinstance(f.value, ast.Constant)
    return False


def _plain_parts(call):
    """The plain-str parts of an exception's first argument (for ExperimentError: the
    messages in its list of (path, message) pairs)."""
    if not call.args:
        return []
    first = call.args[0]
    if isinstance(first, ast.List):
        return [e.elts[1] for e in first.elts if isinstance(e, ast.Tuple) and _plain(e.elts[1])]
    return [first] if _plain(first) else []


def _raise_sites():
    out = []
    for path in sorted((ROOT / "gdgui" / "core").rglob("*.py")):
        if path.name in ("history.py", "replay.py", "stepper.py", "messages.py"):
            continue
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if not isinstance(node, ast.Raise) or not isinstance(node.exc, ast.Call):
                continue
            name = getattr(node.exc.func, "id", getattr(node.exc.func, "attr", ""))
            shown = name in USER_ERRORS or (
                name in ("ValueError", "IndexError") and path.name in VALUE_ERROR_MODULES
            )
            if shown:
                out.append((path, node.lineno, name, node.exc))
    return out


def test_the_core_errors_the_window_shows_are_raised_with_messages():
    sites = _raise_sites()
    assert len(sites) > 80  # the walk found the raise sites
    bad = [
        f"{p.relative_to(ROOT)}:{line}: {name}"
        for p, line, name, call in sites
        if _plain_parts(call)
    ]
    assert not bad, "raised with a plain str (make it a Message):\n" + "\n".join(bad)


def test_the_raise_site_check_catches_a_plain_str():
    tree = ast.parse(
        'raise SweepError(f"{name}: bad")\n'
        'raise ExperimentError([("data", "plain")])\n'
        'raise StepError(Message("step must be 1 or more, got {step}", step=k))\n'
        'raise DataError("a" + str(x))\n'
    )
    calls = [n.exc for n in ast.walk(tree) if isinstance(n, ast.Raise)]
    assert [bool(_plain_parts(c)) for c in calls] == [True, True, False, True]


# --- the window: each family, caused through the UI, in "Chinese" and in English --------


def test_the_explain_dock_says_why_a_step_cannot_be_explained(qtbot, zh):
    from gdgui.ui.explain_dock import ExplainDock

    dock = ExplainDock()
    qtbot.addWidget(dock)
    run = TUTORIAL.run()
    dock.show_step(TUTORIAL, run.history, 200)
    dock.flush()
    assert (
        "Cannot explain step 200: <core|step 200 is past the end: "
        "<core|the run has 100 steps>.>" in dock.view.toPlainText()
    )
    diverged = TUTORIAL.replace(optimizer={"name": "gd", "lr": 0.2})
    dock.show_step(diverged, diverged.run().history, 400)
    dock.flush()
    assert (
        "<core|step 400 is past the end: <core|the run diverged at step 20>.>"
        in dock.view.toPlainText()
    )


@pytest.fixture
def sweep_view(qtbot):
    from gdgui.ui.sweep_view import SweepView

    v = SweepView(TUTORIAL)
    qtbot.addWidget(v)
    return v


def _sweep_axis(view, lo, hi, count, name="lr"):
    box, a, b, n = view.axis_boxes[0]
    box.setCurrentText(name)
    a.setText(lo)
    b.setText(hi)
    n.setValue(count)
    view.run_button.click()
    assert not view.running
    return view.status_label.text()


def test_the_sweep_view_says_why_it_cannot_sweep(sweep_view, zh):
    shown = _sweep_axis(sweep_view, "0", "1", 10)
    assert shown == "Cannot sweep: <core|lr: a log-spaced axis needs ends > 0, got 0 and 1>"
    shown = _sweep_axis(sweep_view, "-1", "0.5", 10, name="momentum")
    assert shown == (
        "Cannot sweep: <core|momentum: <core|must be >= 0, got -1.0> (optimizer momentum)>"
    )


def test_the_sweep_view_in_english_is_unchanged(sweep_view):
    shown = _sweep_axis(sweep_view, "0", "1", 10)
    assert shown == "Cannot sweep: lr: a log-spaced axis needs ends > 0, got 0 and 1"


def _schedule_window(make_window, steps=100, optimizer=None, schedule=None):
    from gdgui.core import edits

    exp = TUTORIAL.replace(steps=steps)
    if optimizer is not None:
        exp = exp.replace(optimizer=optimizer)
    w = make_window(edits.set_schedule(exp, schedule))
    return w, w.panels.optimizer_section.schedule


def test_the_schedule_panel_marks_a_bad_value_in_chinese(make_window, zh):
    w, sec = _schedule_window(make_window, schedule="multistep:milestones=[10,20]")
    type_into(sec.fields["milestones"], "0, 5")  # 0 is not an update
    shown = "<core|schedule multistep: milestones <core|must be >= 1, got 0>>"
    assert sec.error_label.text() == shown
    assert sec.fields["milestones"].toolTip() == shown
    assert w.controller.experiment.schedule["milestones"] == [10, 20]


def test_the_schedule_panel_marks_a_refused_run_in_chinese(make_window, zh):
    # a valid schedule the run refuses (onecycle shorter than the run): the controller's
    # error keeps the runner's Message
    w, sec = _schedule_window(
        make_window,
        optimizer={"name": "momentum"},
        schedule="onecycle:max_lr=0.05,total_steps=120",
    )
    type_into(sec.fields["total_steps"], "60")
    shown = sec.error_label.text()
    assert (
        "<core|schedule onecycle: total_steps = 60 but the run takes 100 steps; set "
        "total_steps to at least 100>" in shown
    )
    assert w.controller.experiment.schedule["total_steps"] == 120


def test_the_schedule_panel_in_english_is_unchanged(make_window):
    w, sec = _schedule_window(make_window, schedule="multistep:milestones=[10,20]")
    type_into(sec.fields["milestones"], "0, 5")
    assert sec.error_label.text() == "schedule multistep: milestones must be >= 1, got 0"


def test_the_csv_import_dialog_says_why_it_cannot_read_a_file(qtbot, zh, tmp_path):
    from gdgui.ui.csv_import import CsvImportDialog

    missing = tmp_path / "gone.csv"
    dialog = CsvImportDialog(missing)
    qtbot.addWidget(dialog)
    assert dialog.message.endswith(
        f"<core|cannot read {missing}: <core|No such file or directory>>"
    )
    folder = tmp_path / "folder.csv"
    folder.mkdir()
    dialog = CsvImportDialog(folder)
    qtbot.addWidget(dialog)
    assert dialog.message.endswith(
        f"<core|cannot read {folder}: <core|it is <core|a folder>, not a file>>"
    )


def test_a_bad_point_is_refused_in_chinese_and_in_english(make_window, qapp):
    w = make_window(TUTORIAL)
    n = w.controller.experiment.dataset().n
    marker = CoreMarker()
    qapp.installTranslator(marker)
    try:
        w.editor.add_point(float("nan"), 1.0)
        assert w.statusBar().currentMessage() == "<core|x must be finite, got nan>"
    finally:
        qapp.removeTranslator(marker)
    w.editor.add_point(1.0, float("inf"))
    assert w.statusBar().currentMessage() == "y must be finite, got inf"
    assert w.controller.experiment.dataset().n == n


@pytest.fixture
def boxes(monkeypatch):
    """The file messages shown, as (title, text, informative, details) tuples."""
    from gdgui.ui import files

    shown = []

    def show(parent, title, text, informative="", details="", **kw):
        shown.append((title, text, informative, details))

    monkeypatch.setattr(files, "show_message", show)
    return shown


def test_open_says_why_a_file_cannot_be_read_in_chinese(make_window, zh, boxes, tmp_path):
    w = make_window()
    folder = tmp_path / "folder.json"
    folder.mkdir()
    assert not w.files.open(folder)
    assert (
        f"<core|cannot read {folder}: <core|it is <core|a folder>, not a file>>" in (boxes[-1][2])
    )
    broken = tmp_path / "broken.json"
    broken.write_text('{"version": }', encoding="utf-8")
    assert not w.files.open(broken)
    assert "<core|not valid JSON: <core|Expecting value> at line 1, column 13>" in boxes[-1][2]
    listed = tmp_path / "list.json"
    listed.write_text("[1, 2]", encoding="utf-8")
    assert not w.files.open(listed)
    assert "<core|an experiment must be a JSON object>" in boxes[-1][2]


def test_open_in_english_is_unchanged(make_window, boxes, tmp_path):
    w = make_window()
    folder = tmp_path / "folder.json"
    folder.mkdir()
    assert not w.files.open(folder)
    assert f"cannot read {folder}: it is a folder, not a file" in boxes[-1][2]
    assert "<" not in boxes[-1][2]


def test_save_says_why_a_file_cannot_be_written_in_chinese(
    make_window, zh, boxes, monkeypatch, tmp_path
):
    w = make_window()
    folder = tmp_path / "taken.json"
    folder.mkdir()
    assert not w.files.save_to(folder)
    assert boxes[-1][1] == "Cannot save “taken.json”: <core|it is <core|a folder>, not a file>"
    assert not w.files.save_to(tmp_path / "no" / "where.json")
    assert boxes[-1][1] == "Cannot save “where.json”: <core|No such file or directory>"

    def refuse(*args):
        raise PermissionError(errno.EACCES, "Permission denied")

    with monkeypatch.context() as m:
        m.setattr(os, "replace", refuse)
        assert not w.files.save_to(tmp_path / "locked.json")
    assert boxes[-1][1] == "Cannot save “locked.json”: <core|Permission denied>"

    def full(*args):
        raise OSError(errno.ENOSPC, "No space left on device")

    with monkeypatch.context() as m:
        m.setattr(os, "replace", full)
        assert not w.files.save_to(tmp_path / "full.json")
    assert boxes[-1][1] == "Cannot save “full.json”: <core|the disk is full>"


def test_save_in_english_is_unchanged(make_window, boxes, tmp_path):
    w = make_window()
    assert not w.files.save_to(tmp_path / "no" / "where.json")
    assert boxes[-1][1] == "Cannot save “where.json”: No such file or directory"


def test_the_animation_dialog_says_why_it_cannot_plan_in_chinese(make_window, zh):
    from gdgui.ui.animation_dialog import AnimationDialog

    w = make_window()
    dialog = AnimationDialog(w)
    dialog.fps.setValue(1)
    dialog.duration.setValue(1.0)
    dialog.start()
    assert (
        "<core|an animation needs at least 2 frames; 1 fps × 1.0 s gives 1>"
        in dialog.message.text()
    )


def test_core_text_renders_what_the_ui_catches(zh):
    # the exception itself, as the display sites pass it
    with pytest.raises(StepError) as info:
        explain_step(TUTORIAL, 0)
    assert core_text(info.value) == "<core|step must be 1 or more, got 0>"
