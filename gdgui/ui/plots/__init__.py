"""The three live plots: the fit, the loss per step, and the path over the loss surface.

Each plot is a :class:`pyqtgraph.PlotWidget` with the same small API::

    plot.set_problem(problem, experiment)   # static items, built once per problem
    plot.show_history(history, status)      # dynamic items, from the full history
    plot.set_theme("dark" | "light")
    plot.clear_run()

``show_history`` is called by the window's render timer (about 60 times a second)
with the *whole* history, which may hold millions of rows. A plot draws a bounded
number of points (:data:`MAX_POINTS`), never raises on an empty history, ignores
non-finite values, and does nothing when the history has not changed since the
last call. Nothing here knows about threads.

Modules: :mod:`.base` (the shared :class:`BasePlot`), :mod:`.items` (graphics items),
:mod:`.axes` (true-value axes), :mod:`.fit`, :mod:`.loss`, :mod:`.trajectory`, and
:mod:`.surface3d` (the 3D surface view, OpenGL; not a BasePlot); the maths without Qt
are in :mod:`gdgui.core.plotmath`.
"""

from __future__ import annotations

from collections.abc import Sequence

from ...core.plotmath import (
    MAX_POINTS,
    MinMaxDecimator,
    contour_segments,
    decimate_stride,
    fmt,
    parameter_range,
)
from .axes import LossAxis, ValueAxis
from .base import BasePlot
from .fit import MAX_DATA_POINTS, FitPlot
from .items import Arrow, EditViewBox
from .loss import LossPlot
from .surface3d import Surface3DView
from .trajectory import TrajectoryPlot

__all__ = [
    "MAX_DATA_POINTS",
    "MAX_POINTS",
    "Arrow",
    "BasePlot",
    "EditViewBox",
    "FitPlot",
    "LossAxis",
    "LossPlot",
    "MinMaxDecimator",
    "Surface3DView",
    "TrajectoryPlot",
    "ValueAxis",
    "all_plots",
    "contour_segments",
    "decimate_stride",
    "fmt",
    "parameter_range",
]


def all_plots(widget) -> Sequence[BasePlot]:
    """The plots inside ``widget`` (for theme switches and exports)."""
    return widget.findChildren(BasePlot)
