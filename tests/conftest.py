"""Shared test setup. UI tests run offscreen (set before Qt is imported anywhere)."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402


@pytest.fixture
def ui_settings(tmp_path):
    """A QSettings backed by a temporary INI file (never the user's settings)."""
    from PySide6.QtCore import QSettings

    return QSettings(str(tmp_path / "gdgui.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def make_window(qtbot, ui_settings):
    """``make_window(experiment=None, settings=None)``: a shown window, closed afterwards."""
    from gdgui.core.experiment import preset
    from gdgui.ui.window import MainWindow

    windows = []

    def make(experiment=None, settings=None, *, speed=0):
        exp = experiment if experiment is not None else preset("tutorial-003")
        w = MainWindow(exp, settings if settings is not None else ui_settings)
        qtbot.addWidget(w)
        w.resize(1280, 800)
        w.show()
        w.controller.set_speed(speed)
        windows.append(w)
        return w

    yield make
    for w in windows:
        w.close()
        assert not w.controller.thread_running()


@pytest.fixture(autouse=True)
def _unsaved_changes_are_discarded(request, monkeypatch):
    """Closing a window with unsaved changes asks Save / Discard / Cancel in a modal box;
    UI tests answer Discard unless they monkeypatch ``ask_unsaved_changes`` themselves."""
    if not {"qtbot", "qapp"} & set(request.fixturenames):
        return  # core tests: no Qt
    from gdgui.ui import files

    monkeypatch.setattr(files, "ask_unsaved_changes", lambda parent, name: files.DISCARD)


@pytest.fixture
def controller(qtbot):
    """``controller(experiment)``: a Controller, shut down afterwards."""
    from gdgui.ui.controller import Controller

    made = []

    def make(exp):
        c = Controller(exp)
        made.append(c)
        return c

    yield make
    for c in made:
        c.shutdown()
