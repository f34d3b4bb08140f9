"""The explorer's main window: panels, plots, readouts, step log, menus and toolbar.

The window wires the one-way data flow together (see :mod:`gdgui.ui.controller`)
and owns the render tick: a single-shot timer, started when the controller
reports new rows, redraws the three plots, the readouts and the step log at
most about 60 times a second, and not at all while nothing changes.

Runs side by side (a race, issue 11): the Runs dock (:mod:`gdgui.ui.runs_dock`)
lists them; every plot draws each shown run (``show_history(h, s, run=i)``) in the
run's colour (``set_runs``), and the selected run is the one the panels show and
edit: they get ``exp.run_experiment(selected)`` and their edits come back as
``exp.with_run(selected, single)`` through the editor (undoable).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QSettings, QSize, Qt, QTimer
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QCloseEvent,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QKeySequence,
    QResizeEvent,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QFileDialog,
    QHBoxLayout,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStyle,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from ..core.experiment import Experiment, ExperimentError
from . import export as ex
from . import theme as themes
from .actions import make_action
from .controller import Controller, RunState
from .core_text import core_text
from .docks import WindowExtras, fit_bottom_docks, fit_to_screen, fits_screen
from .files import DEFAULT_PRESET, FileManager, remembered_experiment
from .panels import Panels, Readouts
from .render import FrameClock
from .settings import DEFAULTS, Settings
from .steplog import StepLog

__all__ = ["DEFAULT_PRESET", "MainWindow"]


def _tr(text: str) -> str:
    return QCoreApplication.translate("MainWindow", text)


class MainWindow(QMainWindow):
    """The explorer. ``settings`` defaults to the application's :class:`QSettings`
    (an in-memory store when the application has no organization name, e.g. in
    headless exports); tests pass one backed by a temporary file."""

    def __init__(
        self,
        experiment: Experiment | None = None,
        settings: QSettings | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        if settings is None and QCoreApplication.organizationName():
            settings = QSettings()
        self.settings = Settings(settings)
        self.setObjectName("MainWindow")
        self.setWindowTitle("gdgui")
        self.setDockNestingEnabled(True)
        fit_to_screen(self)  # a saved geometry that fits the screen replaces it

        path = None
        if experiment is None:
            experiment, path = remembered_experiment(self.settings)
        self.controller = Controller(experiment, self)
        self.controller.set_speed(self.settings.get("run/speed"))
        self.files = FileManager(self, path)  # the File menu; the title and its [*]
        self.setAcceptDrops(True)  # a dropped CSV file is imported

        from .plots import FitPlot, LossPlot, TrajectoryPlot

        theme = self.settings.get("view/theme")
        if theme not in themes.THEMES:
            theme = themes.DEFAULT_THEME
        self.theme = theme
        self.fit_plot = FitPlot(None, theme)
        self.loss_plot = LossPlot(None, theme)
        self.trajectory_plot = TrajectoryPlot(None, theme)
        self.plots = {
            "fit": self.fit_plot,
            "loss": self.loss_plot,
            "trajectory": self.trajectory_plot,
        }
        self.readouts = Readouts()
        self.panels = Panels(
            lambda single: self.controller.set_experiment(self._with_selected(single))
        )
        self.panels.set_speed(self.controller.speed)
        self.step_log = StepLog()
        self.extras = WindowExtras(self)  # explain, sweep, 3D, the divergence fix
        from .scrubber import TimeTravel

        self.time_travel = TimeTravel(self)  # step back, scrub, branch
        self._build_central()
        self._build_docks()
        self._build_actions()
        self._build_menus()
        self._build_toolbar()
        self._build_window_flow()
        self.statusBar().setSizeGripEnabled(True)
        from . import editing

        self.editor = editing.install(self)  # the Edit menu; clicks on the plots edit
        # panel edits are undoable too; they edit the selected run
        self.panels.set_submit(
            lambda single, text="", merge=None: self.editor.submit(
                self._with_selected(single), text, merge
            )
        )

        self.frames = FrameClock(self)  # the render tick (ui/render.py)

        c = self.controller
        c.paced_by_view = True
        c.updated.connect(self._schedule_render)
        c.history_reset.connect(self._on_history_reset)
        c.status_changed.connect(self._on_status)
        c.experiment_changed.connect(self._on_experiment)
        c.problem_changed.connect(self._on_problem)
        c.selection_changed.connect(self._on_selection)
        self.panels.speed_changed.connect(self._on_speed)
        self.runs_dock.run_selected.connect(c.select_run)
        self.runs_dock.styles_changed.connect(self._push_run_styles)
        self.runs_dock.columns_widened.connect(self._fit_docks_soon)
        for plot in self.plots.values():
            plot.run_visibility_requested.connect(self.runs_dock.set_visible_run)

        self._fit_timer = QTimer(self)
        self._fit_timer.setSingleShot(True)
        self._fit_timer.timeout.connect(self.fit_docks)
        self._default_state = self.saveState()
        self._closed = False
        self._on_problem(c.problem)
        self._run_count = 0  # the runs the docks were fitted for (a race wants room)
        self._on_experiment(c.experiment)
        self._on_history_reset()
        self._on_status(c.status)
        self.set_theme(theme, remember=False)
        self._restore_layout()
        self.extras.name_tab_buttons()
        self.render_now()

    # --- building ----------------------------------------------------------------------------
    def _build_central(self) -> None:
        top = QSplitter(Qt.Orientation.Horizontal)
        top.setObjectName("topSplitter")
        top.addWidget(self.fit_plot)
        top.addWidget(self.extras.trajectory_tabs(self.trajectory_plot))
        top.setChildrenCollapsible(False)
        main = QSplitter(Qt.Orientation.Vertical)
        main.setObjectName("plotSplitter")
        main.addWidget(top)
        bottom = QWidget()  # the loss plot with the history scrubber under it
        bottom.setObjectName("lossPane")
        pane = QVBoxLayout(bottom)
        pane.setContentsMargins(0, 0, 0, 0)
        pane.setSpacing(2)
        pane.addWidget(self.loss_plot, 1)
        pane.addWidget(self.time_travel.scrubber)
        main.addWidget(bottom)
        main.setChildrenCollapsible(False)
        main.setStretchFactor(0, 3)
        main.setStretchFactor(1, 2)
        self._splitters = (top, main)
        self._loss_pane = bottom
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(4, 0, 4, 4)
        layout.setSpacing(2)
        strip = QHBoxLayout()
        strip.setContentsMargins(0, 0, 0, 0)
        strip.addWidget(self.readouts, 1)
        strip.addWidget(self.extras.fix_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(strip)
        layout.addWidget(main, 1)
        self.setCentralWidget(central)

    def _build_docks(self) -> None:
        self.panel_dock = QDockWidget(self.tr("Experiment"), self)
        self.panel_dock.setObjectName("experimentDock")
        self.panel_dock.setWidget(self.panels)
        self.panel_dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetMovable
            | QDockWidget.DockWidgetFeature.DockWidgetFloatable
            | QDockWidget.DockWidgetFeature.DockWidgetClosable
        )
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.panel_dock)
        self.log_dock = QDockWidget(self.tr("Step log"), self)
        self.log_dock.setObjectName("stepLogDock")
        self.log_dock.setWidget(self.step_log)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.log_dock)
        self.setCorner(Qt.Corner.BottomLeftCorner, Qt.DockWidgetArea.LeftDockWidgetArea)
        from .runs_dock import RunsDock

        self.runs_dock = RunsDock(
            self.controller,
            lambda exp, text="", **kw: self.editor.submit(exp, text, **kw),
            self,
            self.theme,
        )
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.runs_dock)
        self.splitDockWidget(self.log_dock, self.runs_dock, Qt.Orientation.Horizontal)
        self.extras.build_docks()
        self._size_docks()

    def _size_docks(self) -> None:
        self.resizeDocks([self.panel_dock], [340], Qt.Orientation.Horizontal)
        self.resizeDocks(
            [self.log_dock, self.runs_dock],
            [self.extras.bottom_height()] * 2,
            Qt.Orientation.Vertical,
        )
        self.log_dock.raise_()  # in front of the explanation tabbed with it

    def fit_docks(self) -> None:
        """Room at the bottom for the step log's and a race's rows and columns
        (:func:`gdgui.ui.docks.fit_bottom_docks`); in presentation mode, the left column
        (:meth:`gdgui.ui.presentation.Presentation.fit_column`)."""
        if self.presentation.on:
            self.presentation.fit_column()
        else:
            fit_bottom_docks(self)

    def plot_area(self) -> QSplitter:
        """The splitter that holds the plots (the fit and trajectory over the loss, or
        the trajectory and the loss side by side for a surface)."""
        return self._splitters[1]

    def _fit_docks_soon(self) -> None:
        """:meth:`fit_docks` once the layout has caught up (new rows, a first show, a
        new size); many calls before then fit once."""
        self._fit_timer.start(0)

    def _build_actions(self) -> None:
        style = self.style()
        icon = style.standardIcon
        SP = QStyle.StandardPixmap
        c = self.controller
        self._icon_play = icon(SP.SP_MediaPlay)
        self._icon_pause = icon(SP.SP_MediaPause)
        self.action_run = make_action(
            self,
            self.tr("&Run"),
            self.time_travel.toggle,
            shortcut="Space",
            icon=self._icon_play,
            tip=self.tr("Run or pause the optimizer"),
            name="actionRun",
        )
        self.action_step = make_action(
            self,
            self.tr("&Step"),
            self.time_travel.step_forward,
            shortcut="Right",
            icon=icon(SP.SP_MediaSeekForward),
            tip=self.tr("Take one step"),
            name="actionStep",
        )
        self.action_step_epoch = make_action(
            self,
            self.tr("Step &epoch"),
            self.time_travel.step_epoch,
            shortcut="Shift+Right",
            icon=icon(SP.SP_MediaSkipForward),
            tip=self.tr("Take the steps left in this epoch (a whole epoch at its start)"),
            name="actionStepEpoch",
        )
        self.action_reset = make_action(
            self,
            self.tr("Rese&t"),
            c.reset,
            shortcut="Ctrl+R",
            icon=icon(SP.SP_MediaSkipBackward),
            tip=self.tr("Back to step 0"),
            name="actionReset",
        )
        # file (New, Open, Save, CSV import and export: self.files)
        self.action_quit = make_action(
            self,
            self.tr("&Quit"),
            self.close,
            shortcut="Ctrl+Q",
            tip=self.tr("Close the window (a running optimizer stops)"),
        )
        self.action_quit.setMenuRole(QAction.MenuRole.QuitRole)
        self.action_copy = make_action(
            self,
            self.tr("&Copy window to clipboard"),
            self.copy_to_clipboard,
            shortcut="Ctrl+Shift+C",
            tip=self.tr("Copy a picture of the window"),
        )
        # export: the window or any one plot; PNG at 1× or 2×, or SVG
        targets = {
            "window": self.tr("Window"),
            "fit": self.tr("Fit plot"),
            "loss": self.tr("Loss plot"),
            "trajectory": self.tr("Trajectory plot"),
        }
        self.export_actions: dict[str, QAction] = {}
        for key, title in targets.items():
            for kind, label in (
                ("png", self.tr("{0} as PNG…")),
                ("png2x", self.tr("{0} as PNG (2×)…")),
                ("svg", self.tr("{0} as SVG…")),
            ):
                act = make_action(
                    self,
                    label.format(title),
                    lambda _=False, k=key, f=kind: self.export_dialog(k, f),
                    tip=self.tr("Save {0} as an image file").format(title.lower()),
                )
                setattr(self, f"action_export_{key}_{kind}", act)
                self.export_actions[f"{key}_{kind}"] = act
        # view
        self.action_theme_dark = make_action(
            self,
            self.tr("&Dark"),
            lambda on: on and self.set_theme("dark"),
            checkable=True,
            tip=self.tr("Dark window and plots"),
        )
        self.action_theme_light = make_action(
            self,
            self.tr("&Light"),
            lambda on: on and self.set_theme("light"),
            checkable=True,
            tip=self.tr("Light window, white plot backgrounds (for slides and print)"),
        )
        group = QActionGroup(self)
        group.setExclusive(True)
        group.addAction(self.action_theme_dark)
        group.addAction(self.action_theme_light)
        from .loss_scale import LossScale

        self.loss_scale = LossScale(self)  # view.loss_scale: the loss plot's axis
        self.action_log_scale = self.loss_scale.action
        self.action_reset_layout = make_action(
            self,
            self.tr("Reset la&yout"),
            self.reset_layout,
            tip=self.tr("Put the panels, step log and plots back where they started"),
        )
        self.action_restore_defaults = make_action(
            self,
            self.tr("&Restore defaults…"),
            lambda: self.restore_defaults(confirm=True),
            tip=self.tr("Forget the remembered settings: theme, speed, layout, experiment"),
        )

    def _build_menus(self) -> None:
        bar = self.menuBar()
        m = bar.addMenu(self.tr("&File"))
        m.setObjectName("fileMenu")
        m.setAccessibleName(self.tr("File"))
        self.file_menu = m
        self.files.fill_menu(m)
        m.addSeparator()
        export = m.addMenu(self.tr("Export ima&ge"))
        self.export_menu = export  # the animation export goes at its end
        export.setAccessibleName(self.tr("Export image"))
        export.menuAction().setToolTip(self.tr("Save the window or a plot as PNG or SVG"))
        for i, act in enumerate(self.export_actions.values()):
            if i and i % 3 == 0:
                export.addSeparator()
            export.addAction(act)
        self.export_animation_slot = export.addSeparator()
        from .animation_dialog import animation_action

        export.addAction(self.extras.action_export_3d)
        self.action_export_animation = animation_action(self)
        export.addAction(self.action_export_animation)
        m.addAction(self.action_copy)
        m.addSeparator()
        m.addAction(self.action_quit)
        m = bar.addMenu(self.tr("&Run"))
        for act in (
            self.action_run,
            self.action_step,
            self.action_step_epoch,
            *self.time_travel.actions(),
        ):
            m.addAction(act)
        m.addSeparator()
        m.addAction(self.action_reset)
        m = bar.addMenu(self.tr("&View"))
        for dock in (self.panel_dock, self.log_dock, self.runs_dock):
            act = dock.toggleViewAction()
            act.setToolTip(self.tr("Show or hide the {0} panel").format(dock.windowTitle()))
            m.addAction(act)
        m.addAction(self.action_log_scale)
        self.view_menu = m
        self._fill_view_menu(m)
        m.addSeparator()
        theme_menu = m.addMenu(self.tr("&Theme"))
        theme_menu.addAction(self.action_theme_dark)
        theme_menu.addAction(self.action_theme_light)
        m.addSeparator()
        m.addAction(self.action_reset_layout)
        m = bar.addMenu(self.tr("&Settings"))
        m.addAction(self.action_restore_defaults)
        m = bar.addMenu(self.tr("&Help"))
        m.setObjectName("helpMenu")
        from .help import install_help_menu

        self.help_actions = install_help_menu(self, m)
        self.action_about = self.help_actions["about"]
        for menu in bar.findChildren(type(m)):
            menu.setToolTipsVisible(True)

    def _build_toolbar(self) -> None:
        tb = QToolBar(self.tr("Controls"), self)
        tb.setObjectName("controlsToolBar")
        tb.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        tb.setIconSize(QSize(18, 18))
        for act in (
            self.time_travel.action_back,
            self.action_run,
            self.action_step,
            self.action_step_epoch,
            self.action_reset,
        ):
            tb.addAction(act)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, tb)
        self.toolbar = tb
        self._name_toolbar_buttons()

    def _name_toolbar_buttons(self) -> None:
        for act in self.toolbar.actions():
            button = self.toolbar.widgetForAction(act)
            if button is not None:
                button.setAccessibleName(act.text().replace("&", ""))

    def _build_window_flow(self) -> None:
        """Keys that run whatever has focus, presentation mode, plot exports."""
        from .keyboard import KeyboardFlow

        self.keyboard = KeyboardFlow(
            self,
            (
                self.action_run,
                self.action_step,
                self.action_step_epoch,
                *self.time_travel.actions(),
            ),
        )
        for key, plot in self.plots.items():
            plot.export_requested.connect(lambda k=key: self.export_dialog(k, "png"))

    def _fill_view_menu(self, m: Any) -> None:
        from .language import language_menu
        from .presentation import Presentation

        self.presentation = Presentation(self)
        m.addSeparator()
        for act in self.extras.view_actions():
            m.addAction(act)
        m.addSeparator()
        m.addAction(self.presentation.action_toggle)
        m.addAction(self.presentation.action_bigger)
        m.addAction(self.presentation.action_smaller)
        m.addAction(self.presentation.action_leave)
        m.addSeparator()
        self.language_menu = language_menu(self, self.settings)
        m.addMenu(self.language_menu)

    def scaled_views(self) -> list[Any]:
        """Views with a font scale of their own (presentation mode scales them)."""
        return self.extras.scaled_views()

    # --- the render tick (ui/render.py) -------------------------------------------------------
    def _schedule_render(self) -> None:
        """Draw soon: at once when the last frame is old enough, else when it will be."""
        self.frames.schedule()

    def render_now(self) -> None:
        """Redraw plots, readouts and step log from the controller's history now."""
        self.frames.render_now()

    # --- controller -> view ------------------------------------------------------------------
    def _on_history_reset(self) -> None:
        c = self.controller
        for plot in self.plots.values():
            plot.clear_run()
            for i in plot.run_indices():
                if i >= c.run_count:
                    plot.remove_run(i)
        self.runs_dock.refresh_runs()
        self._push_run_styles()
        self.extras.on_reset()
        self.time_travel.on_reset()
        self.step_log.set_history(self.controller.history, self.controller.problem)
        self._schedule_render()

    def _on_problem(self, _problem: Any) -> None:
        c = self.controller
        for plot in self.plots.values():
            plot.set_problem(c.problem, c.experiment)
        self.extras.on_problem(c.problem)
        self._arrange_plots()
        self.presentation.refresh()  # new readouts: scale them too
        self._schedule_render()

    def _on_experiment(self, exp: Experiment) -> None:
        c = self.controller
        self.loss_scale.show(exp)
        self.panels.show_experiment(exp.run_experiment(c.selected_run), c.problem)
        self.runs_dock.refresh_runs()
        self._push_run_styles()
        self.extras.on_experiment(exp)
        if exp.run_count != self._run_count:
            self._run_count = exp.run_count
            self._fit_docks_soon()
            self.presentation.refresh_layout()

    # --- runs side by side ---------------------------------------------------------------
    def _with_selected(self, single: Experiment) -> Experiment:
        """The experiment with the selected run set to ``single`` (a panel edit)."""
        exp = self.controller.experiment
        return exp.with_run(self.controller.selected_run, single) if exp.runs else single

    def _push_run_styles(self) -> None:
        """Every plot: the runs' names, colours and visibility, and the selected run."""
        styles = self.runs_dock.styles()
        sel = self.controller.selected_run
        for plot in self.plots.values():
            plot.set_runs(styles)
            plot.set_selected_run(sel)
        self._schedule_render()

    def _on_selection(self, i: int) -> None:
        c = self.controller
        self.panels.show_experiment(c.experiment.run_experiment(i), c.problem)
        self.runs_dock.select(i)
        for plot in self.plots.values():
            plot.set_selected_run(i)
        self.step_log.set_history(c.history, c.problem)
        self.extras.on_experiment(c.experiment)
        self._schedule_render()

    def _on_status(self, status: str) -> None:
        running = status == RunState.RUNNING
        self.action_run.setText(self.tr("&Pause") if running else self.tr("&Run"))
        self.action_run.setIcon(self._icon_pause if running else self._icon_play)
        keys = self.action_run.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        done = status in RunState.DONE
        tip = (
            self.tr("Pause the optimizer")
            if running
            else self.tr("Run again from step 0")
            if done
            else self.tr("Run the optimizer")
        )
        self.action_run.setToolTip(f"{tip} ({keys})")
        self.action_step.setEnabled(not done)
        self.action_step_epoch.setEnabled(not done)
        self._name_toolbar_buttons()
        self.extras.on_status(status)
        self._schedule_render()

    def _on_speed(self, steps_per_second: float) -> None:
        self.controller.set_speed(steps_per_second)
        self.settings.set("run/speed", int(steps_per_second))

    # --- theme and layout --------------------------------------------------------------------
    def set_theme(self, name: str, remember: bool = True) -> None:
        """Switch to theme ``name`` ("dark" or "light") and remember it."""
        t = themes.theme(name)
        self.theme = name
        app = QApplication.instance()
        themes.apply_theme(app if isinstance(app, QApplication) else self, name)
        for plot in self.plots.values():
            plot.set_theme(name)
        self.runs_dock.set_theme(name)
        self._push_run_styles()
        self.extras.set_theme(name)
        self.setStyleSheet(f'QLabel[role="muted"] {{ color: {t["muted"]}; }}')
        (self.action_theme_dark if name == "dark" else self.action_theme_light).setChecked(True)
        if remember:
            self.settings.set("view/theme", name)

    def _restore_layout(self) -> None:
        geometry = self.settings.get("window/geometry")
        if not geometry.isEmpty():
            self.restoreGeometry(geometry)
            if not fits_screen(self):  # saved on a bigger screen: fit this one
                self.showNormal()
                fit_to_screen(self)
        state = self.settings.get("window/state")
        if not state.isEmpty():
            self.restoreState(state)

    def reset_layout(self) -> None:
        """Docks, toolbar and plot splitters back to where they started."""
        self.presentation.set_on(False)
        self.restoreState(self._default_state)
        for dock in (self.panel_dock, self.log_dock, self.runs_dock):
            dock.setFloating(False)
            dock.show()
        self.toolbar.show()
        if not self.isMaximized() and not self.isFullScreen():
            fit_to_screen(self)
        self._size_docks()
        self._arrange_plots(reset=True)
        self._fit_docks_soon()

    def _arrange_plots(self, reset: bool = False) -> None:
        """Where the loss goes: under the fit and trajectory plots when the problem has
        data; beside the trajectory when it has none (a surface: no fit plot), so the
        surface at equal scales gets a room of about its shape instead of a wide strip."""
        top, main = self._splitters
        pane = self._loss_pane
        beside = not self.fit_plot.applies(self.controller.problem)
        moved = (pane.parent() is top) != beside
        if moved:
            (top if beside else main).addWidget(pane)
            if not beside:
                main.setStretchFactor(0, 3)
                main.setStretchFactor(1, 2)
        # fit : trajectory 1 : 1, or trajectory : loss 3 : 2 (the fit hidden)
        for i, factor in enumerate((0, 3, 2) if beside else (1, 1)):
            top.setStretchFactor(i, factor)
        if moved or reset:
            self._plot_sizes()
            # again once the splitter has its new child and the window its new size
            QTimer.singleShot(0, self._plot_sizes)

    def _plot_sizes(self) -> None:
        top, main = self._splitters
        beside = self._loss_pane.parent() is top
        width = max(top.width(), 1000)
        top.setSizes([0, width * 3 // 5, width * 2 // 5] if beside else [width, width])
        if not beside:
            main.setSizes([3, 2])

    def restore_defaults(self, confirm: bool = False) -> None:
        """Forget every remembered setting; back to tutorial 003, dark theme, default speed."""
        if confirm:
            answer = QMessageBox.question(
                self,
                self.tr("Restore defaults"),
                self.tr(
                    "Forget the theme, speed, layout and last experiment, and open "
                    "tutorial 003 again?"
                ),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        if not self.files.new():  # asks first about unsaved changes
            return
        self.settings.restore_defaults()
        self.set_theme(DEFAULTS["view/theme"], remember=False)
        self.panels.set_speed(DEFAULTS["run/speed"])
        self.controller.set_speed(DEFAULTS["run/speed"])
        self.reset_layout()

    # --- experiments (files: gdgui.ui.files) -------------------------------------------------
    def set_experiment(self, exp: Experiment) -> bool:
        """Switch to ``exp``; on failure show why and keep the current one."""
        try:
            self.controller.set_experiment(exp)
        except ExperimentError as e:
            self._warn(self.tr("Cannot use this experiment"), core_text(e))
            return False
        return True

    # --- export ------------------------------------------------------------------------------
    def export(
        self, target: str, path: str | Path, *, svg: bool = False, scale: float = 1.0
    ) -> Path:
        """Write ``target`` ("window", "fit", "loss", "trajectory") to ``path``."""
        self.render_now()
        if target == "window":
            if svg:
                return ex.export_widget_svg(self, path)
            return ex.export_widget_png(self, path, scale)
        return ex.export_plot(self.plots[target], path, svg=svg, scale=scale)

    def export_dialog(self, target: str, kind: str) -> Path | None:
        svg = kind == "svg"
        suffix = ".svg" if svg else ".png"
        name = f"gdgui-{target}{'@2x' if kind == 'png2x' else ''}{suffix}"
        if ex.export_folder(self.settings):  # the folder of the last export
            name = str(Path(ex.export_folder(self.settings)) / name)
        path, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Export"),
            name,
            self.tr("SVG images (*.svg)") if svg else self.tr("PNG images (*.png)"),
        )
        if not path:
            return None
        if not path.lower().endswith(suffix):
            path += suffix
        try:
            out = self.export(target, path, svg=svg, scale=2.0 if kind == "png2x" else 1.0)
        except (OSError, ValueError) as e:
            self._warn(self.tr("Cannot export"), f"{path}: {e}")
            return None
        ex.remember_export_folder(self.settings, out)
        self.statusBar().showMessage(self.tr("Saved {0}").format(out), 5000)
        return out

    def copy_to_clipboard(self) -> None:
        self.render_now()
        ex.copy_to_clipboard(self)
        self.statusBar().showMessage(self.tr("Copied the window to the clipboard"), 3000)

    # --- misc --------------------------------------------------------------------------------
    def _warn(self, title: str, text: str) -> None:
        print(f"gdgui: {text}", file=sys.stderr)
        box = QMessageBox(
            QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, self
        )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()  # not modal to the event loop: tests and the render tick go on

    def remember(self) -> None:
        """Store geometry, layout, speed and the experiment (as saved) in the settings."""
        s = self.settings
        s.set("window/geometry", self.saveGeometry())
        s.set("window/state", self.presentation.normal_state())
        self.files.remember()
        s.sync()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not event.spontaneous():
            self._fit_docks_soon()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if hasattr(self, "_fit_timer"):  # built
            self._fit_docks_soon()

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._closed:
            if not self.files.maybe_save():  # Cancel, or the save failed: stay open
                event.ignore()
                return
            self._closed = True
            self.frames.stop()
            self.remember()
            self.controller.shutdown(1000)
        super().closeEvent(event)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        self.files.drag_enter(event)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        self.files.drag_enter(event)

    def dropEvent(self, event: QDropEvent) -> None:
        self.files.drop(event)
