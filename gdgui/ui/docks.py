"""The window's extra views and the room they take: explain dock, sweep dock, the 3D tab,
the "Use η = …" fix after a divergence, and a window sized to the screen.

:class:`WindowExtras` is built by :class:`~gdgui.ui.window.MainWindow` before its
central widget and called from the window's controller slots (``on_render``,
``on_problem``, ``on_experiment``, ``on_status``, ``set_theme``):

* **Explain this step** (:class:`~gdgui.ui.explain_dock.ExplainDock`) sits in a tab
  beside the step log, at the bottom; it is fed only while it is visible (it
  throttles itself) and catches up when it is raised.
* **Sweep** (:class:`~gdgui.ui.sweep_view.SweepView`) is made the first time View →
  Sweep opens it; clicking a configuration adds a run with its optimizer and
  hyperparameters (:func:`gdgui.core.edits.apply` over the selected run, then
  ``exp.add_run``), shown beside the others.
* **3D** (:class:`~gdgui.ui.plots.Surface3DView`) is a tab beside the trajectory plot,
  made the first time it is shown (an OpenGL context costs), enabled for problems of
  two parameters; where there is no OpenGL it says so and the rest works. It draws
  every shown run in its colour (:meth:`WindowExtras.shown_runs`); its menu and
  Export → 3D view as PNG… save it (:meth:`WindowExtras.export_surface3d`).
* The explain dock and the 3D view follow the history scrubber: scrubbed to step k,
  the 3D view shows each path up to k with its point at k (the selected run as
  ``time_travel.source()`` gives it, the others up to the same step) and the dock
  explains step k of the selected run.
* the fix button beside the state readout appears when a run diverges and a stable
  learning rate is known (:func:`gdgui.ui.advice.safe_learning_rate`); one click sets
  it and starts again.

:func:`enable_shared_gl_contexts` must run before the QApplication is created
(pyqtgraph compiles its shaders once per process).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from PySide6.QtCore import QCoreApplication, QObject, QRect, Qt
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import (
    QDockWidget,
    QMainWindow,
    QPushButton,
    QTabBar,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ..core import edits
from ..core.experiment import Experiment, ExperimentError
from .actions import make_action
from .advice import SafeRate, safe_learning_rate
from .core_text import core_text

__all__ = [
    "BOTTOM_HEIGHT_FRACTION",
    "SCREEN_FRACTION",
    "STEP_LOG_ROWS",
    "WindowExtras",
    "enable_shared_gl_contexts",
    "fit_bottom_docks",
    "fit_to_screen",
    "fits_screen",
]

#: on first start the window takes this fraction of the screen's available area
SCREEN_FRACTION = 0.9
#: the bottom docks (step log, explanation) start at most this fraction of the height
BOTTOM_FRACTION = 0.12
#: and never below this (px): a header and a row or two of the step log
MIN_BOTTOM = 60
#: the bottom docks (step log, Runs) grow to at most this fraction of the window's
#: height to show their rows: the step log this many, a race's Runs dock
#: :data:`gdgui.ui.runs_dock.ROWS_WANTED`
BOTTOM_HEIGHT_FRACTION = 0.32
STEP_LOG_ROWS = 2
#: the step log grows only while the plots keep this fraction of the height
PLOTS_FRACTION = 0.6
#: a race's Runs dock takes the bottom's width but this much for the step log (px)
STEP_LOG_WIDTH = 280


def _tr(text: str) -> str:
    return QCoreApplication.translate("", text)


def enable_shared_gl_contexts() -> None:
    """Call before the QApplication exists: GL views share one context (and shaders)."""
    QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts, True)


# --- the room ------------------------------------------------------------------------------
def _available(window: QWidget) -> QRect | None:
    screen = window.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else None


def fit_to_screen(window: QWidget, fraction: float = SCREEN_FRACTION) -> None:
    """Size ``window`` to ``fraction`` of its screen's available area, centred on it."""
    avail = _available(window)
    if avail is None or avail.isEmpty():
        return
    w = min(int(avail.width() * fraction), avail.width())
    h = min(int(avail.height() * fraction), avail.height())
    window.resize(w, h)
    window.move(avail.x() + (avail.width() - w) // 2, avail.y() + (avail.height() - h) // 2)


def fits_screen(window: QWidget) -> bool:
    """Is ``window`` (its frame) wholly inside the available area of some screen?"""
    frame = window.frameGeometry()
    if window.isMaximized() or window.isFullScreen():
        return True
    return any(s.availableGeometry().contains(frame) for s in QGuiApplication.screens())


def fit_bottom_docks(window: Any) -> None:
    """Room at the bottom of ``window`` (a :class:`~gdgui.ui.window.MainWindow`): the
    step log tall enough for :data:`STEP_LOG_ROWS` rows (while the plots keep
    :data:`PLOTS_FRACTION` of the height), a race's Runs dock for ``ROWS_WANTED`` rows
    and wide enough for its columns; together at most :data:`BOTTOM_HEIGHT_FRACTION`
    of the height. Only grows."""
    from .runs_dock import ROWS_WANTED

    bottom = Qt.DockWidgetArea.BottomDockWidgetArea

    def placed(dock: QDockWidget) -> bool:
        return dock.isVisible() and not dock.isFloating() and window.dockWidgetArea(dock) == bottom

    d, log, steps = window.runs_dock, window.log_dock, window.step_log
    race = window.controller.run_count > 1
    rows = min(window.controller.run_count, ROWS_WANTED)
    cap = int(window.height() * BOTTOM_HEIGHT_FRACTION)
    for _ in range(3):  # a dock tabbed with another also has the tab bar: measure again
        missing = 0
        if race and placed(d):
            missing = rows * d.row_height() - d.table.viewport().height()
        if placed(log):  # the step log's rows never take the plots' share
            room = window.plot_area().height() - int(window.height() * PLOTS_FRACTION)
            want = STEP_LOG_ROWS * steps.row_height() - steps.view.viewport().height()
            missing = max(missing, min(want, room))
        dock = d if placed(d) else log
        height = min(dock.height() + missing, cap)
        if missing <= 0 or not placed(dock) or height <= dock.height():
            break
        window.resizeDocks([dock], [height], Qt.Orientation.Vertical)
        layout = window.layout()
        if layout is not None:
            layout.activate()
    if race and placed(d) and placed(log):
        total = d.width() + log.width()
        width = min(d.wanted_width(), total - STEP_LOG_WIDTH)
        for _ in range(4):  # the dock layout meets a requested size only part way
            grow = width - d.width()
            if grow <= 0:
                break
            window.resizeDocks(
                [log, d], [log.width() - grow, d.width() + grow], Qt.Orientation.Horizontal
            )
            layout = window.layout()
            if layout is not None:
                layout.activate()


class WindowExtras(QObject):
    """The extra views of ``window``; see the module docstring."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.explain_dock: Any = None
        self.sweep_dock: QDockWidget | None = None
        self.sweep_view: Any = None
        self.surface3d: Any = None
        self.tabs: QTabWidget | None = None
        self._tab3d: QWidget | None = None
        self._3d_styles: Any = None
        self._explained_scrub: int | None = None
        self.action_export_3d = make_action(
            window,
            _tr("3D view as PNG…"),
            self.export_surface3d,
            tip=_tr("Save the 3D view of the loss surface as an image file"),
            name="actionExport3DView",
        )
        self._safe: SafeRate | None = None
        self.fix_button = QPushButton()
        self.fix_button.setObjectName("useSafeRateButton")
        self.fix_button.setAccessibleName(_tr("Use a stable learning rate"))
        self.fix_button.setToolTip(_tr("Set a stable learning rate and start again"))
        self.fix_button.hide()
        self.fix_button.clicked.connect(self.use_safe_rate)

    # --- building (called by the window) -----------------------------------------------------
    def trajectory_tabs(self, trajectory: QWidget) -> QTabWidget:
        """The trajectory plot in a tab, with the 3D view (made when first shown) beside it."""
        tabs = QTabWidget()
        tabs.setObjectName("trajectoryTabs")
        tabs.setAccessibleName(_tr("Trajectory views"))
        tabs.setToolTip(_tr("The path over the loss surface: from above, or in 3D"))
        tabs.setDocumentMode(True)
        tabs.setTabPosition(QTabWidget.TabPosition.South)
        tabs.addTab(trajectory, _tr("Map"))
        tabs.setTabToolTip(0, _tr("The loss surface from above, with contour lines"))
        holder = QWidget()
        holder.setObjectName("surface3dHolder")
        QVBoxLayout(holder).setContentsMargins(0, 0, 0, 0)
        tabs.addTab(holder, _tr("3D"))
        tabs.setTabToolTip(1, _tr("The loss surface in relief: drag to rotate, scroll to zoom"))
        tabs.currentChanged.connect(self._tab_changed)
        self.tabs, self._tab3d = tabs, holder
        return tabs

    def build_docks(self) -> None:
        """The explain dock, tabbed with the step log (which stays in front)."""
        from .explain_dock import ExplainDock

        w = self.window
        dock = ExplainDock(w)
        dock.setObjectName("explainDock")
        w.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
        w.tabifyDockWidget(w.log_dock, dock)
        w.log_dock.raise_()
        for body in (dock.widget(), w.step_log):  # the docks may shrink to a few rows
            body.setMinimumHeight(MIN_BOTTOM)
        dock.visibilityChanged.connect(lambda on: on and self.feed_explain())
        self.explain_dock = dock
        self.action_sweep = make_action(
            w,
            _tr("S&weep…"),
            self.open_sweep,
            shortcut="Ctrl+Shift+W",
            tip=_tr("Run many learning rates (and momenta) at once and compare them"),
            name="actionSweep",
        )

    def name_tab_buttons(self) -> None:
        """Tooltips and names for the scroll buttons of tab bars (docks tabbed together)."""
        names = {
            "ScrollLeftButton": _tr("Scroll the tabs left"),
            "ScrollRightButton": _tr("Scroll the tabs right"),
        }
        for bar in self.window.findChildren(QTabBar):
            for button in bar.findChildren(QToolButton):
                text = names.get(button.objectName())
                if text and not button.toolTip():
                    button.setToolTip(text)
                    button.setAccessibleName(text)

    def bottom_height(self) -> int:
        """The bottom docks' starting height: small, so the plots keep the room."""
        return max(MIN_BOTTOM, min(170, int(self.window.height() * BOTTOM_FRACTION)))

    def view_actions(self) -> list[QAction]:
        w: Any = self.window
        act = self.explain_dock.toggleViewAction()
        act.setToolTip(_tr("Show or hide the step written out with every number"))
        act.setObjectName("actionExplainDock")
        act.setShortcut("Ctrl+E")
        aspect = w.trajectory_plot.action_equal_aspect
        return [act, self.action_sweep, aspect]

    def scaled_views(self) -> list[Any]:
        """Views with a font scale of their own (presentation mode)."""
        return [self.explain_dock] if self.explain_dock is not None else []

    # --- sweep ---------------------------------------------------------------------------
    def open_sweep(self) -> QDockWidget:
        """Show the sweep dock (made the first time)."""
        if self.sweep_dock is None:
            from .sweep_view import SweepView

            w: Any = self.window
            view = SweepView(w.controller.experiment)
            view.run_requested.connect(self.apply_configuration)
            dock = QDockWidget(_tr("Sweep"), w)
            dock.setObjectName("sweepDock")
            dock.setAccessibleName(_tr("Sweep"))
            dock.setToolTip(view.toolTip())
            dock.setWidget(view)
            w.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
            w.resizeDocks([dock], [min(420, w.width() // 3)], Qt.Orientation.Horizontal)
            self.sweep_dock, self.sweep_view = dock, view
        self.sweep_dock.show()
        self.sweep_dock.raise_()
        return self.sweep_dock

    def apply_configuration(self, config: dict) -> bool:
        """A sweep's ``{"optimizer": name, "hyperparams": {...}}`` added as a run (the
        selected run's other settings; undoable), which becomes the selected run."""
        w: Any = self.window
        c = w.controller
        opt = {"name": config["optimizer"], **dict(config.get("hyperparams", {}))}
        try:
            single = edits.apply(c.experiment.run_experiment(c.selected_run), optimizer=opt)
            exp = c.experiment.add_run(single)
            w.editor.submit(exp, _tr("add a run from the sweep"))
        except ExperimentError as e:
            w._warn(_tr("Cannot use this configuration"), core_text(e))
            return False
        c.select_run(c.experiment.run_count - 1)
        return True

    # --- the 3D tab ----------------------------------------------------------------------
    def _tab_changed(self, index: int) -> None:
        if self.tabs is not None and self.tabs.widget(index) is self._tab3d:
            self.ensure_surface3d()
            self.feed_3d()

    def ensure_surface3d(self) -> Any:
        """The 3D view, made now if it was not yet."""
        if self.surface3d is None and self._tab3d is not None:
            from .plots import Surface3DView

            w: Any = self.window
            view = Surface3DView(self._tab3d, w.theme)
            self._tab3d.layout().addWidget(view)
            view.set_problem(w.controller.problem, w.controller.experiment)
            view.export_requested.connect(self.export_surface3d)
            self._3d_styles = None
            self.surface3d = view
        return self.surface3d

    def show_surface3d(self) -> Any:
        """Raise the 3D tab (the view made if it was not yet) and draw the runs on it."""
        if self.tabs is not None and self._tab3d is not None:
            self.tabs.setCurrentWidget(self._tab3d)
        view = self.ensure_surface3d()
        self.feed_3d()
        return view

    def _3d_shown(self) -> bool:
        return (
            self.surface3d is not None
            and self.tabs is not None
            and self.tabs.currentWidget() is self._tab3d
        )

    def shown_runs(self) -> list[tuple[int, Any, str]]:
        """``(index, history, status)`` of every run the window shows, as the views draw
        them: at the scrubbed step while the user scrubs (the selected run as
        ``time_travel.source()`` gives it, the others up to the same step), else live."""
        w: Any = self.window
        c = w.controller
        hidden = w.runs_dock.hidden
        tt = getattr(w, "time_travel", None)
        step = tt.step if tt is not None else None
        src = tt.source() if tt is not None else c
        runs = []
        for i in range(c.run_count):
            if i in hidden:
                continue
            if step is None:
                runs.append((i, c.histories[i], c.run_status(i)))
            elif i == c.selected_run:
                runs.append((i, src.history, src.status))
            else:
                h = c.histories[i]
                later = len(h) and int(h.step[-1]) > step
                runs.append((i, h.upto(step), "paused" if later else c.run_status(i)))
        return runs

    def feed_3d(self) -> None:
        """Every shown run's path on the 3D view (at the scrubbed step while scrubbed)."""
        if not self._3d_shown():
            return
        w: Any = self.window
        c = w.controller
        view = self.surface3d
        styles = w.runs_dock.styles()
        if styles != self._3d_styles:
            view.set_runs(styles)
            self._3d_styles = styles
        if view.selected_run != c.selected_run:
            view.set_selected_run(c.selected_run)
        for i in [r for r in view.paths if r >= c.run_count]:
            view.remove_run(i)
        for i, history, status in self.shown_runs():
            view.show_history(history, status, run=i)

    def feed_explain(self) -> None:
        """The explain dock (while visible): the selected run's step, the scrubbed step
        while the user scrubs (step k explained at step k), with the hyperparameters in
        force at that step (the run's replay base and applied log)."""
        d = self.explain_dock
        if d is None or not d.isVisible():
            return
        w: Any = self.window
        c = w.controller
        tt = getattr(w, "time_travel", None)
        src = tt.source() if tt is not None else c
        step = tt.step if tt is not None else None
        i = c.selected_run  # its settings as they were at each step: its base and log
        d.set_running(c.status == "running")
        d.show_step(c.replay_bases[i], src.history, log=c.applied_log(i), problem=c.problem)
        if step is not None and step != self._explained_scrub and step >= 1:
            d.go_to_step(step)  # the user picked it with the scrubber
        self._explained_scrub = step

    def export_surface3d(self) -> Any:
        """Ask where, then write the 3D view as PNG (the folder remembered as for the
        other image exports); the path written, or None."""
        from pathlib import Path

        from PySide6.QtWidgets import QFileDialog

        from . import export as ex

        w: Any = self.window
        view = self.show_surface3d()
        if view is None:
            return None
        if not view.available:
            w._warn(_tr("Cannot export"), _tr("3D view: this display offers no OpenGL"))
            return None
        name = "gdgui-surface3d.png"
        if ex.export_folder(w.settings):
            name = str(Path(ex.export_folder(w.settings)) / name)
        path, _ = QFileDialog.getSaveFileName(w, _tr("Export"), name, _tr("PNG images (*.png)"))
        if not path:
            return None
        if not path.lower().endswith(".png"):
            path += ".png"
        try:
            out = view.export_png(path)
        except (OSError, RuntimeError) as e:
            w._warn(_tr("Cannot export"), f"{path}: {e}")
            return None
        ex.remember_export_folder(w.settings, out)
        w.statusBar().showMessage(_tr("Saved {0}").format(out), 5000)
        return out

    # --- from the window's controller slots ----------------------------------------------
    def on_render(self) -> None:
        self.feed_explain()
        self.feed_3d()

    def on_problem(self, problem: Any) -> None:
        c: Any = self.window.controller
        two = problem is not None and len(problem.param_names) == 2
        if self.tabs is not None:
            self.tabs.setTabEnabled(1, two)
            if not two:
                self.tabs.setCurrentIndex(0)
        self.action_export_3d.setEnabled(two)
        if self.surface3d is not None:
            self.surface3d.set_problem(problem, c.experiment)

    def on_experiment(self, exp: Experiment) -> None:
        if self.sweep_view is not None and not self.sweep_view.running:
            self.sweep_view.set_experiment(exp)
        self._update_fix()

    def on_reset(self) -> None:
        if self.surface3d is not None:
            self.surface3d.clear_run()
        self._update_fix()

    def on_status(self, _status: str) -> None:
        self._update_fix()

    def set_theme(self, name: str) -> None:
        if self.explain_dock is not None:
            self.explain_dock.set_theme(name)
        if self.surface3d is not None:
            self.surface3d.set_theme(name)

    # --- the divergence fix --------------------------------------------------------------
    def safe_rate(self) -> SafeRate | None:
        """The stable learning rate for the current experiment (None: none known)."""
        c: Any = self.window.controller
        exp = c.experiment
        if exp.batch_size is not None and c.problem.n_samples not in (None, exp.batch_size):
            return None  # mini-batches: the full-batch limit does not hold
        start = c.history.params[0] if len(c.history) else None
        try:
            return safe_learning_rate(
                c.problem, exp.optimizer_name, dict(exp.optimizer.hyperparams), start
            )
        except (ValueError, FloatingPointError, np.linalg.LinAlgError):
            return None

    def _update_fix(self) -> None:
        c: Any = self.window.controller
        safe = self.safe_rate() if c.status == "diverged" else None
        lr = float(c.experiment.optimizer.hyperparams.get("lr", math.nan))
        if safe is not None and not safe.lr < lr:
            safe = None  # it diverged below the limit: the advice would not help
        self._safe = safe
        if safe is None:
            self.fix_button.hide()
            return
        self.fix_button.setText(_tr("Use η = {0}").format(f"{safe.lr:g}"))
        tip = (
            _tr(
                "Near the start, gradient steps are stable below η = {0}; set η = {1} "
                "and start again"
            )
            if safe.local
            else _tr("This problem is stable below η = {0}; set η = {1} and start again")
        )
        self.fix_button.setToolTip(tip.format(f"{safe.limit:.6g}", f"{safe.lr:g}"))
        self.fix_button.show()

    def use_safe_rate(self) -> bool:
        """Set the offered learning rate and reset the run; False when none is offered."""
        safe = self._safe
        if safe is None:
            return False
        w: Any = self.window
        try:
            exp = edits.set_hyperparams(w.controller.experiment, lr=safe.lr)
        except ExperimentError as e:
            w._warn(_tr("Cannot use this learning rate"), core_text(e))
            return False
        if not w.set_experiment(exp):
            return False
        w.controller.reset()
        w.statusBar().showMessage(_tr("Learning rate set to {0}").format(f"{safe.lr:g}"), 5000)
        return True
