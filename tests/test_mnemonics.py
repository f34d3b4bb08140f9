"""Every menu and toolbar of the window: no two of its actions share an accelerator
(the letter after "&"), in English and in Chinese."""

import re

import pytest
from PySide6.QtWidgets import QMenu, QMenuBar, QToolBar

_MNEMONIC = re.compile(r"&([^&])")


def mnemonic(text: str) -> str | None:
    """The accelerator of ``text`` ("R&eset" -> "e"; "&&" is a literal ampersand)."""
    m = _MNEMONIC.search(text.replace("&&", ""))
    return m.group(1).lower() if m else None


def test_mnemonic_reads_the_letter_after_the_ampersand():
    assert mnemonic("R&eset") == "e"
    assert mnemonic("重置(&T)") == "t"
    assert mnemonic("Fish && &Chips") == "c"
    assert mnemonic("Runs") is None


def clashes(window) -> list[str]:
    """One line per clash: the menu or toolbar and the actions that share a letter."""
    bad = []
    containers = [window.menuBar(), *window.findChildren(QMenu), *window.findChildren(QToolBar)]
    assert any(isinstance(c, QToolBar) for c in containers)
    for box in containers:
        by_key: dict[str, list[str]] = {}
        for act in box.actions():
            if act.isSeparator() or not act.isVisible():
                continue
            key = mnemonic(act.text())
            if key is not None:
                by_key.setdefault(key, []).append(act.text())
        name = (
            "menu bar"
            if isinstance(box, QMenuBar)
            else box.title()
            if isinstance(box, QMenu)
            else box.windowTitle()
        )
        for key, texts in by_key.items():
            if len(texts) > 1:
                bad.append(f"{name or box.objectName() or type(box).__name__}: {key!r} in {texts}")
    return bad


@pytest.fixture(params=["en", "zh_CN"])
def language(request, qapp):
    from gdgui.ui.language import install_translator

    translator = install_translator(qapp, request.param)
    assert (translator is not None) == (request.param != "en")
    yield request.param
    install_translator(qapp, "en")


def test_no_menu_or_toolbar_has_two_actions_with_one_accelerator(language, make_window):
    from gdgui.core.experiment import preset

    w = make_window(preset("race-rosenbrock"))  # a race: every action there is
    titles = [a.text() for a in w.menuBar().actions()]
    assert titles[0] == ("文件(&F)" if language == "zh_CN" else "&File")
    menus = w.findChildren(QMenu)
    assert len(menus) >= 10  # File, Edit, Run, View, ... and the plots' context menus
    assert clashes(w) == []


def test_the_run_menu_and_toolbar_keep_their_accelerators(make_window):
    w = make_window()
    keys = [mnemonic(a.text()) for a in w.toolbar.actions()]
    assert None not in keys and len(set(keys)) == len(keys) == 5
    assert mnemonic(w.action_reset.text()) == "t"
    assert mnemonic(w.action_step_epoch.text()) == "e"
