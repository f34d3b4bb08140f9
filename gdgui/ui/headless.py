"""``gdgui export``: run an experiment to its end without a display and save its pictures.

Above the window in the imports (it builds a :class:`~gdgui.ui.window.MainWindow`);
the rendering itself is :mod:`gdgui.ui.export`, which never imports the window.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication, QWidget

from .export import ensure_app, export_plot, export_widget_png, export_widget_svg
from .plots import FitPlot, LossPlot, TrajectoryPlot
from .plots.runs import RunStyle
from .theme import apply_theme, run_color
from .window import MainWindow

__all__ = ["PLOT_SIZE", "WINDOW_SIZE", "export_experiment", "export_plots", "race_runs"]

#: size (logical pixels) of the fit/loss/trajectory images written by export_experiment
PLOT_SIZE = (640, 420)
#: size of the window image written by export_experiment
WINDOW_SIZE = (1280, 800)


def _settle(app: QApplication, widget: QWidget) -> None:
    """Show the widget without putting it on a screen, and let it lay itself out."""
    widget.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
    widget.show()
    for _ in range(3):
        app.processEvents()


def _standalone_plots(theme_name: str):
    plots = {
        "fit": FitPlot(None, theme_name),
        "loss": LossPlot(None, theme_name),
        "trajectory": TrajectoryPlot(None, theme_name),
    }
    for p in plots.values():
        p.resize(*PLOT_SIZE)
    return plots


def race_runs(exp, problem, theme_name: str) -> tuple[list[RunStyle], list]:
    """Race every run of ``exp`` (an experiment with ``runs``) on ``problem`` to its end:
    each run's :class:`RunStyle` (its name and colour on ``theme_name``) and its
    ``(history, status)``."""
    race = exp.build_race(problem)
    race.run()
    styles = [RunStyle(i, exp.run_name(i), run_color(i, theme_name)) for i in range(exp.run_count)]
    return styles, list(zip(race.histories, race.statuses))


def _draw(plot, styles: list[RunStyle] | None, drawn: list) -> None:
    """Give ``plot`` the runs' styles (several runs) and each run's history."""
    if styles is not None:
        plot.set_runs(styles)
    for i, (history, status) in enumerate(drawn):
        plot.show_history(history, status, run=i)


def export_plots(
    history,
    status: str,
    problem,
    exp,
    out: Path,
    *,
    svg: bool = False,
    scale: float = 1.0,
    theme: str = "light",
    log: bool = False,
    styles: list[RunStyle] | None = None,
    drawn: list | None = None,
) -> list[Path]:
    """Draw ``history`` (or, for several runs, each ``(history, status)`` of ``drawn`` in
    its ``styles``) on fresh fit (problems with data only), loss and trajectory plots
    (each :data:`PLOT_SIZE`) and save them into ``out``; returns the files written."""
    app = ensure_app()
    ext = ".svg" if svg else ".png"
    files: list[Path] = []
    plots = _standalone_plots(theme)
    drawn = drawn if drawn is not None else [(history, status)]
    for name, plot in plots.items():
        if name == "fit" and not FitPlot.applies(problem):
            continue
        plot.set_problem(problem, exp)
        if name == "loss":
            plot.set_log_scale(log)
        _draw(plot, styles, drawn)
        _settle(app, plot)
        files.append(export_plot(plot, out / f"{name}{ext}", svg=svg, scale=scale))
    for plot in plots.values():
        plot.close()
        plot.deleteLater()
    return files


def export_experiment(
    exp,
    out_dir,
    *,
    svg: bool = False,
    scale: float = 1.0,
    theme: str = "light",
    loss_scale: str | None = None,
    at_step: int | None = None,
) -> list[Path]:
    """Run ``exp`` to its end without a display and save its pictures into ``out_dir``.

    Writes ``fit`` (problems with data only), ``loss``, ``trajectory`` (each
    :data:`PLOT_SIZE`) and ``window`` as ``.png`` at ``scale`` or as ``.svg``. An
    experiment with ``runs`` has every run raced and drawn in the plots, each in its
    colour with a legend.
    ``loss_scale`` ``"log"`` draws the loss on a logarithmic axis. ``at_step`` draws
    everything as it stood at that step (the window scrubbed back there, a run paused
    at that step); ValueError, before anything is written, when the run ends earlier.
    Returns the files written.
    """
    own_app = QApplication.instance() is None
    app = ensure_app()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    if own_app:  # a window already running keeps its own look
        apply_theme(app, theme)

    tmp = tempfile.TemporaryDirectory(prefix="gdgui-export-")
    # settings in a throwaway file: an export never touches the user's
    settings = QSettings(os.path.join(tmp.name, "export.ini"), QSettings.Format.IniFormat)
    window = MainWindow(exp, settings)
    if not own_app:
        apply_theme(window, theme)
    window.set_theme(theme, remember=False)
    window.resize(*WINDOW_SIZE)
    _settle(app, window)
    controller = window.controller
    controller.run_to_end_sync()
    if at_step is not None:
        last = int(controller.history.step[-1])
        if at_step > last:
            window.close()
            window.deleteLater()
            tmp.cleanup()
            raise ValueError(f"step {at_step} is past the run's last step {last}")
        window.time_travel.scrub_to(at_step)
    src = window.time_travel.source()
    history, status = src.history, src.status
    problem = getattr(controller, "problem", None)
    if problem is None:
        problem = exp.build_problem()
    for p in (window.fit_plot, window.loss_plot, window.trajectory_plot):
        p.set_theme(theme)
    styles, drawn = None, [(history, status)]
    if exp.runs:
        styles, drawn = race_runs(exp, problem, theme)
        if at_step is not None:  # every run as it stood at that step
            drawn = [
                (h.upto(at_step), "paused" if int(h.step[-1]) > at_step else s) for h, s in drawn
            ]
    log = loss_scale == "log"
    window.loss_plot.set_log_scale(log)
    window.render_now()

    files = export_plots(
        history,
        status,
        problem,
        exp,
        out,
        svg=svg,
        scale=scale,
        theme=theme,
        log=log,
        styles=styles,
        drawn=drawn,
    )
    app.processEvents()
    if svg:
        files.append(export_widget_svg(window, out / "window.svg"))
    else:
        files.append(export_widget_png(window, out / "window.png", scale))
    window.close()  # the main window stops its controller when it closes
    window.deleteLater()
    app.processEvents()
    tmp.cleanup()
    return files
