"""ui/core_text.py: the core's Messages reach the window translated (context "core"),
with their arguments formatted in; the translation tool lists every template."""

import importlib.util
import re
from pathlib import Path

import pytest
from PySide6.QtCore import QTranslator

from gdgui.core.experiment import ExperimentError, preset
from gdgui.core.expr import ExprError, parse
from gdgui.core.messages import TEMPLATES
from gdgui.ui.core_text import core_text

ROOT = Path(__file__).resolve().parents[1]


class MarkingTranslator(QTranslator):
    """Shows what reached it: ``<context|source>`` for contexts "core" and ""."""

    def translate(self, context, source, disambiguation=None, n=-1):
        return f"<{context}|{source}>" if context in ("core", "") else source

    def isEmpty(self):
        return False


class DictTranslator(QTranslator):
    """A catalogue of a few (context, source) -> translation entries."""

    def __init__(self, table):
        super().__init__()
        self.table = table

    def translate(self, context, source, disambiguation=None, n=-1):
        return self.table.get((context, source), source)

    def isEmpty(self):
        return False


@pytest.fixture
def install(qapp):
    installed = []

    def put(translator):
        assert qapp.installTranslator(translator)
        installed.append(translator)
        return translator

    yield put
    for t in installed:
        qapp.removeTranslator(t)


def diverged_run():
    run = preset("tutorial-003").replace(optimizer={"name": "gd", "lr": 0.2}).build_run()
    run.run()
    return run


def test_core_text_translates_the_template_and_formats_the_arguments(install):
    message = diverged_run().message
    assert core_text(message) == str(message)  # no translator: the English text
    install(MarkingTranslator())
    assert core_text(message) == (
        "<core|Diverged at step 20: <core|the loss grew to 8.25e+12, more than 1e+12 × its "
        "initial value 7.5>.<core| Full-batch <|Gradient descent> on this problem is stable "
        "only for a learning rate below 2/λ_max = 0.133333; it is 0.2.>>"
    )


def test_plain_text_and_plain_errors_come_back_unchanged(install):
    install(MarkingTranslator())
    assert core_text("Diverged at step 3: plain") == "Diverged at step 3: plain"
    assert core_text(ValueError("bad thing")) == "bad thing"
    assert core_text(7) == "7"


def test_errors_are_read_through_their_message(install):
    install(MarkingTranslator())
    with pytest.raises(ExprError) as info:
        parse("x + foo")
    assert core_text(info.value) == "<core|<core|unknown name 'foo'> at column 5>"
    assert core_text(info.value.message) == "<core|unknown name 'foo'>"
    with pytest.raises(ExperimentError) as info:
        preset("tutorial-003").replace(init=[1.0, 2.0])
    assert str(info.value) == "init: linear-w needs [w], got 2 value(s)"
    assert core_text(info.value) == "<core|init: <core|linear-w needs [w], got 2 value(s)>>"


def _script():
    spec = importlib.util.spec_from_file_location(
        "update_translations", ROOT / "tools" / "update_translations.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_template_is_listed_for_lupdate_under_core():
    listed = _script().dynamic_strings()
    core = [text for context, text in listed if context == "core"]
    assert core == list(TEMPLATES)
    assert "Diverged at step {step}: {why}.{advice}" in core


# --- the window in Chinese ------------------------------------------------------------

ZH = {
    ("core", "Diverged at step {step}: {why}.{advice}"): "在第 {step} 步发散：{why}。{advice}",
    (
        "core",
        "the loss grew to {loss:.3g}, more than {factor:.3g} × its initial value {initial:.3g}",
    ): "损失增长到 {loss:.3g}，超过初始值 {initial:.3g} 的 {factor:.3g} 倍",
    (
        "core",
        " Full-batch {optimizer} on this problem is stable only for a learning rate below "
        "{rule} = {limit:.6g}; it is {lr:.6g}.",
    ): "在这个问题上，全批量{optimizer}只有在学习率低于 {rule} = {limit:.6g} 时才稳定；"
    "当前学习率为 {lr:.6g}。",
    ("", "Gradient descent"): "梯度下降",
    ("core", "{error} at column {column}"): "第 {column} 列：{error}",
    ("core", "unknown name '{name}'"): "未知名称“{name}”",
    ("core", "{path}: {error}"): "{path}：{error}",
    (
        "core",
        "{problem} needs {want}, got {got} value(s)",
    ): "{problem} 需要 {want}，实际为 {got} 个值",
    ("core", "must be > {low:g}, got {value!r}"): "必须 > {low:g}，实际为 {value!r}",
}
DIVERGED_ZH = (
    "在第 20 步发散：损失增长到 8.25e+12，超过初始值 7.5 的 1e+12 倍。在这个问题上，全批量"
    "梯度下降只有在学习率低于 2/λ_max = 0.133333 时才稳定；当前学习率为 0.2。"
)


def english_words(text):
    """The words of three or more Latin letters, apart from symbols like λ_max."""
    return [w for w in re.findall(r"[A-Za-z]{3,}", text) if w != "max"]


def type_into(edit, text):
    edit.setFocus()
    edit.setText(text)
    edit.textEdited.emit(text)
    edit.editingFinished.emit()


def test_the_chinese_window_shows_a_divergence_without_english(qtbot, make_window, install):
    install(DictTranslator(ZH))
    w = make_window()
    type_into(w.panels.optimizer_section.fields["lr"].edit, "0.2")
    c = w.controller
    c.start()
    qtbot.waitUntil(lambda: c.done, timeout=10000)
    w.render_now()
    assert c.status == "diverged" and c.message.startswith("Diverged at step 20")
    shown = w.readouts.message.text()
    assert shown == DIVERGED_ZH
    assert not english_words(shown)
    assert w.runs_dock.readout(0)["message"] == DIVERGED_ZH


def test_the_chinese_window_shows_expression_and_edit_errors_in_chinese(
    qtbot, make_window, install
):
    install(DictTranslator(ZH))
    w = make_window()
    w.editor.apply_init([1.0, 2.0])  # linear-w starts from [w]
    status = w.statusBar().currentMessage()
    assert status.endswith("init：linear-w 需要 [w]，实际为 2 个值")
    from gdgui.ui.panels.expression import CUSTOM

    p = w.panels.problem_section
    p.problem_combo.setCurrentIndex(p.problem_combo.findData(CUSTOM))
    ed = p.expression
    ed.edit.setText("x + foo")
    ed.edit.textEdited.emit("x + foo")
    qtbot.waitUntil(lambda: not ed.pending, timeout=2000)
    assert ed.message.text().startswith("未知名称“foo”")
    assert "unknown name" not in ed.message.text()


def test_a_name_stays_english_inside_a_sentence_the_catalogue_lacks(install):
    install(DictTranslator({("", "Gradient descent"): "梯度下降"}))
    message = diverged_run().message
    assert core_text(message) == str(message)  # not "Full-batch 梯度下降 on this problem"


def test_the_open_error_lists_the_files_errors_in_chinese(qtbot, make_window, install, tmp_path):
    from PySide6.QtWidgets import QMessageBox

    install(DictTranslator(ZH))
    bad = tmp_path / "bad.json"
    bad.write_text('{"version": 1, "init": [1, 2]}', encoding="utf-8")
    w = make_window()
    assert not w.files.open(bad)
    box = w.findChild(QMessageBox, "fileMessageBox")
    assert box is not None
    assert "init：linear-w 需要 [w]，实际为 2 个值" in box.informativeText()
    assert "needs" not in box.informativeText() and "needs" not in box.detailedText()
    box.close()


def test_a_bad_value_typed_into_a_field_is_refused_in_chinese(qtbot, make_window, install):
    install(DictTranslator(ZH))
    w = make_window()
    edit = w.panels.optimizer_section.fields["lr"].edit
    type_into(edit, "-1")
    assert edit.toolTip() == "必须 > 0，实际为 -1.0"
    assert w.controller.experiment.optimizer.hyperparams["lr"] == 0.01  # not taken


def test_the_start_up_error_keeps_its_message_for_the_box(install, tmp_path):
    from gdgui.core.messages import Message
    from gdgui.ui.app import initial_experiment

    bad = tmp_path / "bad.json"
    bad.write_text('{"version": 1, "init": [1, 2]}', encoding="utf-8")
    exp, error = initial_experiment(bad)
    assert exp is None and isinstance(error, Message)
    assert error == f"{bad}: init: linear-w needs [w], got 2 value(s)"  # the terminal's line
    install(DictTranslator(ZH))
    assert core_text(error) == f"{bad}: init：linear-w 需要 [w]，实际为 2 个值"
