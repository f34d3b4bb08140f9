"""``gdgui export --animate``: an animation of a run (every run of a race), without a display.

Above the window in the imports (it builds a :class:`~gdgui.ui.window.MainWindow`
the way :func:`gdgui.ui.headless.export_experiment` does); the frames and encoders are
:mod:`gdgui.ui.animation`, which never imports the window.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from .animation import (
    AnimationJob,
    PlotSource,
    Surface3DSource,
    WindowSource,
    check_output,
    surface3d_refusal,
    window_runs,
    window_styles,
)
from .docks import enable_shared_gl_contexts
from .export import ensure_app
from .headless import PLOT_SIZE, WINDOW_SIZE, _settle, _standalone_plots
from .plots import FitPlot
from .theme import apply_theme
from .window import MainWindow

__all__ = ["PLOTS", "export_animation"]

#: what an animation can show
PLOTS = ("window", "fit", "loss", "trajectory", "surface3d")


def export_animation(
    experiment_or_window: Any,
    out_path,
    fps: float = 30,
    duration: float = 6,
    plot: str = "window",
    time: str = "linear",
    scale: float = 1,
    progress: Callable[[int, int], Any] | None = None,
    *,
    size: tuple[int, int] | None = None,
    theme: str = "light",
) -> Path | None:
    """Write an animation of a run to ``out_path`` (.gif or .mp4).

    ``experiment_or_window``: an :class:`~gdgui.core.experiment.Experiment` (run to its
    end here, in a window that is never shown; with ``runs``, every run raced) or a
    window whose runs are finished. Every run the window shows is drawn in every frame,
    in its colour, with the legend. ``plot``: ``window``, one of its plots, or
    ``surface3d`` (the 3D view; needs OpenGL, else ValueError); ``size``: logical
    pixels of the window or plot (default :data:`~gdgui.ui.headless.WINDOW_SIZE` /
    ``PLOT_SIZE``; the 3D view is a plot), × ``scale``.
    ``progress(done, total)`` is called after each frame; returning False cancels.
    Returns the file, or None when cancelled. Raises ValueError for bad arguments and
    :class:`~gdgui.ui.animation.VideoExtraMissing` without the ``video`` extra.
    """
    if plot not in PLOTS:
        raise ValueError(f"--plot must be one of {', '.join(PLOTS)}, got {plot!r}")
    if scale not in (1, 2):
        raise ValueError(f"--scale must be 1 or 2, got {scale}")
    out_path = Path(out_path)
    check_output(out_path, fps)  # a bad suffix or fps, or a missing extra: before the run
    own_app = QApplication.instance() is None
    if own_app:
        enable_shared_gl_contexts()  # a 3D view needs it before the application exists
    app = ensure_app()
    if own_app:
        apply_theme(app, theme)
    owned = isinstance(experiment_or_window, MainWindow) is False
    tmp = None
    if owned:
        tmp = tempfile.TemporaryDirectory(prefix="gdgui-animate-")
        settings = QSettings(os.path.join(tmp.name, "export.ini"), QSettings.Format.IniFormat)
        window = MainWindow(experiment_or_window, settings)
        if not own_app:
            apply_theme(window, theme)
        window.set_theme(theme, remember=False)
        window.resize(*(size or WINDOW_SIZE))
        _settle(app, window)
        window.controller.run_to_end_sync()
        window.render_now()
    else:
        window = experiment_or_window
    controller = window.controller
    runs = window_runs(window)
    status = controller.status
    problem = getattr(controller, "problem", None) or controller.experiment.build_problem()
    standalone = {}
    old_size = window.size()
    try:
        if plot == "window":
            if size is not None and not owned:  # given back in the finally clause
                window.resize(*size)
                _settle(app, window)
            source: Any = WindowSource(window, scale)
        elif plot == "surface3d":
            why = surface3d_refusal(problem)
            if why:
                raise ValueError(f"--plot surface3d: {why}")
            if owned:  # a view of its own at the plots' size, as the other plots are drawn
                from .plots import Surface3DView

                view = Surface3DView(None, theme)
                standalone["surface3d"] = view
                view.resize(*(size or PLOT_SIZE))
                view.set_problem(problem, controller.experiment)
                _settle(app, view)
            else:
                view = window.extras.show_surface3d()
            view.set_runs(window_styles(window))
            view.set_selected_run(controller.selected_run)
            source = Surface3DSource(view, scale, restore_to=None if owned else runs)
        else:
            if plot == "fit" and not FitPlot.applies(problem):
                raise ValueError("--plot fit needs a problem with data; this one is a surface")
            standalone = _standalone_plots(theme)
            target = standalone[plot]
            target.resize(*(size or PLOT_SIZE))
            target.set_problem(problem, controller.experiment)
            target.set_runs(window_styles(window))
            target.set_selected_run(controller.selected_run)
            _settle(app, target)
            source = PlotSource(target, scale)
        job = AnimationJob(
            source, runs, out_path, fps=fps, duration=duration, time=time, status=status
        )
        return job.run(progress)
    finally:
        for p in standalone.values():
            p.close()
            p.deleteLater()
        if owned:
            window.close()
            window.deleteLater()
        elif window.size() != old_size:
            window.resize(old_size)
        app.processEvents()
        if tmp is not None:
            tmp.cleanup()
