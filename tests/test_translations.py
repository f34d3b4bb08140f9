"""The zh_CN catalogue: complete, current with the source, compiled, and loaded by the window."""

import ast
import importlib.util
import re
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TS = ROOT / "resources" / "translations" / "gdgui_zh_CN.ts"
QM = ROOT / "resources" / "translations" / "gdgui_zh_CN.qm"
FIX = "run `python tools/update_translations.py` and translate the new entries"


def _script():
    spec = importlib.util.spec_from_file_location(
        "update_translations", ROOT / "tools" / "update_translations.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def messages(ts: Path) -> list[tuple[str, str, ET.Element]]:
    """(context, source, <translation>) of every message lupdate has not retired."""
    out = []
    for ctx in ET.parse(ts).getroot().iter("context"):
        name = ctx.findtext("name") or ""
        for m in ctx.findall("message"):
            t = m.find("translation")
            if t.get("type") in ("obsolete", "vanished"):
                continue
            out.append((name, m.findtext("source"), t))
    return out


def test_every_entry_is_translated_and_finished():
    bad = [
        f"{c or '<empty>'}: {s!r}"
        for c, s, t in messages(TS)
        if t.get("type") == "unfinished" or not (t.text or "").strip()
    ]
    assert not bad, f"{len(bad)} untranslated ({FIX}):\n" + "\n".join(bad[:20])


def test_the_catalogue_holds_exactly_the_strings_lupdate_finds(tmp_path):
    script = _script()
    fresh = tmp_path / "fresh.ts"
    script.lupdate(fresh, dynamic=tmp_path / "dynamic_strings.py")
    found = {(c, s) for c, s, _ in messages(fresh)}
    have = {(c, s) for c, s, _ in messages(TS)}
    assert len(found) > 400  # the whole UI, not a handful
    assert not found - have, f"not in the catalogue ({FIX}): {sorted(found - have)[:10]}"
    assert not have - found, f"gone from the source ({FIX}): {sorted(have - found)[:10]}"


def test_the_strings_passed_by_variable_reach_lupdate(tmp_path):
    script = _script()
    texts = {text for _, text in script.dynamic_strings()}
    assert {"Learning rate η", "Momentum μ", "Rosenbrock"} <= texts
    fresh = tmp_path / "fresh.ts"
    script.lupdate(fresh, dynamic=tmp_path / "dynamic_strings.py")
    found = {(c, s) for c, s, _ in messages(fresh)}
    assert set(script.dynamic_strings()) <= found


def test_the_qm_is_compiled_from_the_current_ts(tmp_path):
    script = _script()
    qm = tmp_path / "fresh.qm"
    script.lrelease(TS, qm)
    assert qm.read_bytes() == QM.read_bytes(), f"gdgui_zh_CN.qm is stale: {FIX}"


_BRACES = re.compile(r"\{[^{}]*\}")
_PERCENT = re.compile(r"%L?\d")
_ACCEL = re.compile(r"&(?!&)(\S)")


def test_translations_keep_placeholders_accelerators_and_symbols():
    bad = []
    for c, s, t in messages(TS):
        text = t.text or ""
        for pattern in (_BRACES, _PERCENT):
            if Counter(pattern.findall(s)) != Counter(pattern.findall(text)):
                bad.append(f"{c}: {s!r} -> {text!r}: placeholders differ")
        if "<" not in s and len(_ACCEL.findall(s)) != len(_ACCEL.findall(text)):
            bad.append(f"{c}: {s!r} -> {text!r}: accelerator")
        for symbol in "η∇θμσλ‖∂":
            if s.count(symbol) != text.count(symbol):
                bad.append(f"{c}: {s!r} -> {text!r}: {symbol}")
    assert not bad, "\n".join(bad)


def test_the_tutorials_terms_are_used():
    zh = {s: t.text for _, s, t in messages(TS)}
    assert zh["Learning rate η"] == "学习率 η"
    assert zh["Full batch (gradient descent)"] == "全批量（梯度下降）"
    assert "随机梯度下降" in zh["1 sample (stochastic)"]
    assert "均方误差" in zh["loss (MSE)"]
    assert "鞍点" in zh["no minimum (saddle)"]
    assert zh["Momentum μ"] == "动量 μ"
    assert zh["&File"] == "文件(&F)"


# --- the source is written so that lupdate can read it -------------------------------------


def _modules():
    return sorted((ROOT / "gdgui").rglob("*.py"))


def _is_literal(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


#: calls on a variable whose strings tools/update_translations.py lists for lupdate
KNOWN_DYNAMIC = {
    "tr(_HP_LABELS.get(h.name, h.name))",
    "tr(spec.title)",
    "translate('', problem.title)",  # plots/trajectory.py: the surfaces' titles, listed too
    "QCoreApplication.translate('Presets', text)",  # panels/column.py: preset_descriptions
    "tr(label)",  # core/explain.py: labels listed by tools/update_translations.explain_labels
    "QCoreApplication.translate(context, text)",  # ui/core_text.py: core/messages.py TEMPLATES
}


def test_every_translation_call_has_literal_text():
    bad = []
    for path in _modules():
        tree = ast.parse(path.read_text("utf-8"))
        helpers = {f for f in ast.walk(tree) if isinstance(f, ast.FunctionDef)}
        inside = {
            id(n)
            for f in helpers
            for n in ast.walk(f)
            if len(f.args.args) == 1 and f.name in ("tr", "_tr")
        }
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or id(node) in inside:
                continue
            f = node.func
            name = getattr(f, "id", None) or getattr(f, "attr", "")
            if name in ("tr", "_tr"):
                ok = bool(node.args) and _is_literal(node.args[0])
            elif name == "translate":
                ok = len(node.args) >= 2 and all(_is_literal(a) for a in node.args[:2])
            else:
                continue
            if not ok and ast.unparse(node) not in KNOWN_DYNAMIC:
                bad.append(f"{path.relative_to(ROOT)}:{node.lineno}: {ast.unparse(node)[:80]}")
    assert not bad, "lupdate cannot read these (use a literal string):\n" + "\n".join(bad)


def test_one_argument_helpers_translate_in_the_context_lupdate_assigns():
    """lupdate files bare tr()/_tr() calls in the empty context; a helper that translates
    elsewhere is never translated. Aliasing self.tr as a bare name has the same effect."""
    bad = []
    for path in _modules():
        source = path.read_text("utf-8")
        tree = ast.parse(source)
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef) and node.name in ("tr", "_tr"):
                calls = [
                    c
                    for c in ast.walk(node)
                    if isinstance(c, ast.Call) and getattr(c.func, "attr", "") == "translate"
                ]
                used = re.search(rf"(?<![\w.]){node.name}\(\"", source)
                if used and any(not _is_literal(c.args[0]) or c.args[0].value for c in calls):
                    bad.append(f"{path.relative_to(ROOT)}:{node.lineno}: {node.name} context")
            if isinstance(node, ast.Assign):  # tr = self.tr, or w, tr = ..., self.tr
                values = node.value.elts if isinstance(node.value, ast.Tuple) else [node.value]
                for value in values:
                    if isinstance(value, ast.Attribute) and value.attr == "tr":
                        bad.append(f"{path.relative_to(ROOT)}:{node.lineno}: alias of self.tr")
    assert not bad, "\n".join(bad)


# --- loading ---------------------------------------------------------------------------------


@pytest.fixture
def chinese(qapp):
    from gdgui.ui.language import install_translator

    translator = install_translator(qapp, "zh_CN")
    assert translator is not None and not translator.isEmpty()
    yield translator
    assert install_translator(qapp, "en") is None


def test_the_window_speaks_chinese(chinese, make_window):
    from PySide6.QtWidgets import QAbstractButton, QLabel

    from gdgui.ui.panels.widgets import tr

    assert tr("Optimizer") == "优化器"  # the module helper (formerly a context lupdate never used)
    w = make_window()
    titles = [a.text() for a in w.menuBar().actions()]
    assert titles[0] == "文件(&F)"
    assert "编辑(&E)" in titles and "视图(&V)" in titles  # editing.py's _tr, window's self.tr
    assert w.files.action_new.text() == "新建实验(&N)"  # files.py's tr alias
    texts = {x.text() for x in w.findChildren(QLabel)} | {
        x.text() for x in w.findChildren(QAbstractButton)
    }
    assert "学习率 η" in texts  # a label passed by variable (tools' dynamic strings)
    assert "问题和数据" in texts  # Panels.self.tr
    assert "Optimizer" not in texts


def test_english_stays_english(qapp, make_window):
    from gdgui.ui.language import install_translator

    install_translator(qapp, "en")
    w = make_window()
    assert w.menuBar().actions()[0].text() == "&File"


# --- choosing the language -------------------------------------------------------------------


def test_choose_language_order(ui_settings):
    from gdgui.ui.language import SETTINGS_KEY, choose_language

    assert choose_language(ui_settings, locale="zh_TW") == "zh_CN"
    assert choose_language(ui_settings, locale="de_DE") == "en"
    assert choose_language(None, locale="zh_CN") == "zh_CN"
    ui_settings.setValue(SETTINGS_KEY, "en")
    assert choose_language(ui_settings, locale="zh_CN") == "en"  # the menu beats the locale
    assert choose_language(ui_settings, cli_lang="zh_CN", locale="en_US") == "zh_CN"  # --lang wins
    assert choose_language(ui_settings, cli_lang="zh-CN") == "zh_CN"
    ui_settings.setValue(SETTINGS_KEY, "klingon")
    assert choose_language(ui_settings, locale="zh_CN") == "zh_CN"  # a bad stored value is ignored
    with pytest.raises(ValueError, match="unknown language 'fr'"):
        choose_language(ui_settings, cli_lang="fr")


def test_available_languages():
    from gdgui.ui.language import available_languages

    assert available_languages() == ["en", "zh_CN"]


def test_language_menu_stores_the_choice(qtbot, ui_settings):
    from PySide6.QtWidgets import QWidget

    from gdgui.ui.language import SETTINGS_KEY, choose_language, language_menu

    parent = QWidget()
    qtbot.addWidget(parent)
    ui_settings.setValue(SETTINGS_KEY, "en")
    menu = language_menu(parent, ui_settings)
    actions = {a.objectName(): a for a in menu.actions() if a.objectName()}
    assert actions["actionLanguage_en"].isChecked()
    assert not actions["actionLanguage_zh_CN"].isChecked()
    assert menu.accessibleName() and menu.menuAction().toolTip()
    assert all(a.toolTip() for a in actions.values())
    assert not actions["languageRestartNote"].isEnabled()
    actions["actionLanguage_zh_CN"].trigger()
    assert ui_settings.value(SETTINGS_KEY) == "zh_CN"
    assert actions["actionLanguage_zh_CN"].isChecked()
    assert not actions["actionLanguage_en"].isChecked()
    assert choose_language(ui_settings, locale="en_US") == "zh_CN"
    actions["actionLanguage_system"].trigger()
    assert ui_settings.value(SETTINGS_KEY) is None
    assert choose_language(ui_settings, locale="en_US") == "en"
