"""The Help menu: the keyboard shortcuts, a short guide, and About.

The shortcuts list is built from the window's actions each time it opens, so it
cannot go stale; About reads gdgui's version from the installed package metadata.
"""

from __future__ import annotations

import platform
from importlib import metadata

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QCoreApplication, qVersion
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QMenu,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from .actions import make_action

__all__ = ["about_text", "guide_html", "install_help_menu", "shortcut_rows", "version"]


def _tr(text: str) -> str:
    return QCoreApplication.translate("", text)


def version() -> str:
    """gdgui's installed version ("unknown" when run from a bare checkout)."""
    try:
        return metadata.version("gdgui")
    except metadata.PackageNotFoundError:
        return _tr("unknown")


def shortcut_rows(window: QWidget) -> list[tuple[str, str]]:
    """(what, keys) for every action of ``window`` that has a shortcut, sorted by what."""
    rows: dict[str, str] = {}
    for act in window.findChildren(QAction):
        keys = [
            s.toString(QKeySequence.SequenceFormat.NativeText)
            for s in act.shortcuts()
            if not s.isEmpty()
        ]
        text = act.text().replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…")
        if keys and text:
            rows.setdefault(text, ", ".join(keys))
    return sorted(rows.items(), key=lambda r: r[0].lower())


def about_text() -> str:
    import pyqtgraph

    return _tr(
        "<h3>gdgui {0}</h3><p>A desktop explorer for gradient descent: watch optimizers "
        "fit lines and roll down surfaces, live.</p><p>Licence: MIT.</p>"
        "<p>Python {1}, Qt {2} (PySide6 {3}), pyqtgraph {4}, NumPy {5}.</p>"
    ).format(
        version(),
        platform.python_version(),
        qVersion(),
        pyside_version,
        pyqtgraph.__version__,
        _numpy_version(),
    )


def _numpy_version() -> str:
    import numpy

    return numpy.__version__


def guide_html() -> str:
    """The built-in guide (one page)."""
    return _tr(
        "<h2>gdgui in five minutes</h2>"
        "<h3>The panels</h3>"
        "<p>On the left, <b>Experiment</b> holds the problem (a line to fit to data points, "
        "or a surface to roll down), the optimizer and its settings (the learning rate η, "
        "momentum, …), and how long to run. A change to the optimizer's settings applies at "
        "the next step; a change to the problem starts again from step 0.</p>"
        "<h3>Running</h3>"
        "<p><b>Run</b> (Space) runs or pauses, <b>Step</b> (→) takes one step, "
        "<b>Step epoch</b> (Shift+→) the rest of the epoch, <b>Reset</b> (Ctrl+R) goes back to "
        "step 0. After typing a number, press Enter: Space then runs again.</p>"
        "<h3>Reading the plots</h3>"
        "<ul><li><b>Fit</b>: the data points and the line the optimizer has found so far; "
        "fainter lines are earlier steps.</li>"
        "<li><b>Trajectory</b>: the loss surface seen from above (its colour bar gives the "
        "loss), the contour lines, and the path the parameters take; the arrows are −∇f and "
        "the last step. With one parameter it is the curve L(w) with the point rolling down. "
        "The <b>3D</b> tab shows the same surface in relief.</li>"
        "<li><b>Loss</b>: the loss after each step; switch to a logarithmic scale to see "
        "a steady decrease as a straight line.</li></ul>"
        "<h3>The tutorials' example</h3>"
        "<p>Tutorial 003 fits y = w·x to four points (x = 1…4, y = 2x) by gradient descent "
        "from w = 1 at η = 0.01: the point rolls down L(w) to w = 2. Set η to 0.2 and run: "
        "the steps overshoot "
        "further each time and the run diverges, because gradient descent is stable only "
        "below 2/λ_max = 2/15 here. The <b>Use η = …</b> button beside the state sets a "
        "stable rate and starts again.</p>"
        "<h3>More</h3>"
        "<p><b>View → Explain this step</b> writes the current step out with every number; "
        "<b>View → Sweep</b> runs many learning rates at once; <b>View → Presentation "
        "mode</b> (F5) makes everything bigger for a projector (Ctrl+= and Ctrl+- adjust, "
        "Esc leaves).</p>"
    )


def _dialog(parent: QWidget, title: str, body: QWidget, name: str) -> QDialog:
    dlg = QDialog(parent)
    dlg.setObjectName(name)
    dlg.setWindowTitle(title)
    dlg.setAccessibleName(title)
    lay = QVBoxLayout(dlg)
    lay.addWidget(body)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, dlg)
    close = buttons.button(QDialogButtonBox.StandardButton.Close)
    close.setToolTip(_tr("Close this window"))
    close.setAccessibleName(_tr("Close"))
    buttons.rejected.connect(dlg.reject)
    lay.addWidget(buttons)
    return dlg


def shortcuts_dialog(window: QWidget) -> QDialog:
    rows = shortcut_rows(window)
    table = QTableWidget(len(rows), 2)
    table.setObjectName("shortcutsTable")
    table.setAccessibleName(_tr("Keyboard shortcuts"))
    table.setToolTip(_tr("Every keyboard shortcut of the window"))
    table.setHorizontalHeaderLabels([_tr("Action"), _tr("Keys")])
    table.verticalHeader().hide()
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    for i, (what, keys) in enumerate(rows):
        table.setItem(i, 0, QTableWidgetItem(what))
        table.setItem(i, 1, QTableWidgetItem(keys))
    table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    table.resizeColumnToContents(1)
    dlg = _dialog(window, _tr("Keyboard shortcuts"), table, "shortcutsDialog")
    dlg.resize(460, 520)
    return dlg


def guide_dialog(window: QWidget) -> QDialog:
    browser = QTextBrowser()
    browser.setObjectName("guideBrowser")
    browser.setAccessibleName(_tr("Guide"))
    browser.setToolTip(_tr("A short guide to the window"))
    browser.setHtml(guide_html())
    dlg = _dialog(window, _tr("Guide"), browser, "guideDialog")
    dlg.resize(620, 600)
    return dlg


def install_help_menu(window: QWidget, menu: QMenu) -> dict[str, QAction]:
    """Fill ``menu`` (Help) with the guide, the shortcuts and About; returns the actions."""

    def show(make):
        dlg = make(window)
        dlg.setModal(False)
        dlg.show()
        window._help_dialog = dlg  # kept for tests and so it is not collected

    actions = {
        "guide": make_action(
            window,
            _tr("&Guide"),
            lambda: show(guide_dialog),
            shortcut="F1",
            tip=_tr("A short guide: panels, plots, an example"),
            name="actionGuide",
        ),
        "shortcuts": make_action(
            window,
            _tr("&Keyboard shortcuts"),
            lambda: show(shortcuts_dialog),
            shortcut="Ctrl+/",
            tip=_tr("Every keyboard shortcut"),
            name="actionShortcuts",
        ),
        "about": make_action(
            window,
            _tr("&About gdgui"),
            lambda: QMessageBox.about(window, _tr("About gdgui"), about_text()),
            tip=_tr("Version, licence and the libraries in use"),
            name="actionAbout",
        ),
    }
    actions["about"].setMenuRole(QAction.MenuRole.AboutRole)
    menu.addAction(actions["guide"])
    menu.addAction(actions["shortcuts"])
    menu.addSeparator()
    menu.addAction(actions["about"])
    return actions
