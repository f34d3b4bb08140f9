"""The path over the loss surface (2 parameters) or along the curve L(w) (1 parameter).

Several runs: one path, start and current point per visible run, in its colour; the
arrows, the "outside the picture" note and the branch ring (:meth:`mark_branch`) are
the selected run's.
"""

from __future__ import annotations

import copy
import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QAction, QFont
from PySide6.QtWidgets import QGraphicsItem

from ...core.plotmath import (
    ColourScale,
    colour_ticks,
    decimate_stride,
    fmt,
    follow_curve,
    known_minima,
    parameter_range,
)
from ..theme import DEFAULT_THEME
from .base import THIN_ABOVE, BasePlot, moved_less_than
from .items import Arrow, ContourItem, Marker, Polyline, legend_sample
from .legend import LEGEND_SHARE

translate = QCoreApplication.translate

#: grid size of the loss surface (per axis) and of the 1-parameter loss curve
SURFACE_GRID = 161
CURVE_GRID = 601
#: number of contour lines on the loss surface
CONTOURS = 12
#: length in pixels of the −∇f arrow (it shows the direction; its note says ‖∇f‖)
GRAD_ARROW_PX = 64
#: the step arrow is drawn at its true length, but never shorter or longer than these
STEP_ARROW_PX = (16, 320)
#: arrow colours per theme (the run's colour is the step's)
ARROW_COLORS = {"dark": "#ff4dff", "light": "#b000b0"}


class TrajectoryPlot(BasePlot):
    """The optimizer's path over the loss surface (2 parameters) or the curve L(w) (1 parameter).

    The surface (or curve), its contour lines and the known minima are built once per
    :meth:`set_problem`; :meth:`show_history` moves only the path, the current point and,
    for 2 parameters, two arrows there: −∇f (the way down, at a fixed length) and the
    last step θ_k − θ_{k−1} (at its true length).

    When :attr:`editable`, a click (a press and release without moving) asks to start
    the run there (:attr:`start_requested`, in the plot's coordinates); dragging pans.
    """

    #: (x, y) in view coordinates: w (and b) in the optimizer's parameters, or (x, y)
    start_requested = Signal(float, float)

    def __init__(self, parent=None, theme_name: str = DEFAULT_THEME):
        super().__init__(parent, theme_name)
        self.setAccessibleName(translate("TrajectoryPlot", "Trajectory plot"))
        self.setToolTip(
            translate("TrajectoryPlot", "The path of the parameters over the loss surface")
        )
        pi = self.plotItem
        pi.vb.click_handler = self._on_click
        self.dim = 0
        self.ranges: list[tuple[float, float]] = []
        self.surface_values: np.ndarray | None = None
        self.color_scale = "linear"
        self.image = pg.ImageItem(axisOrder="col-major")
        self.image.setZValue(-100)
        self.image.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.image.hide()
        pi.addItem(self.image)
        self.contours: list[ContourItem] = []  # one item drawing every level
        self._contour_item: ContourItem | None = None  # reused from surface to surface
        self.contour_levels: list[float] = []
        self.curve = self._add(Polyline(z=-50))  # L(w) for one parameter
        self.path_item = self._add(Polyline(z=5))
        self.path_dots = pg.ScatterPlotItem(size=4, pen=None)  # the steps of short paths
        self.path_dots.setZValue(6)
        self.path_dots.hide()  # until there are dots to draw
        pi.addItem(self.path_dots, ignoreBounds=True)
        self.start_item = self._add(Marker("o", 9, z=8))
        self.optimum_items: list[Marker] = []
        self.current_item = self._add(Marker("o", 11, z=10))
        self.grad_arrow = self._add(Arrow(z=11))
        self.grad_arrow.set_text("−∇f")
        self.step_arrow = self._add(Arrow(z=12))  # over −∇f: it is the shorter one, mostly
        self.step_arrow.set_text(translate("TrajectoryPlot", "step"))
        self._arrow_state: tuple | None = None  # (theta, grad, previous theta) drawn
        #: a ring where the selected run branched off (time travel, mark_branch)
        self.branch_item = self._add(Marker("o", 19, z=9.5))
        self.branch_item.setBrush(Qt.BrushStyle.NoBrush)
        self._branch: int | None = None
        pi.vb.sigRangeChanged.connect(self._place_arrows)
        pi.vb.sigResized.connect(self._place_arrows)
        self.message = self._corner_text("bottom-left")
        # equal axis scales: automatic (on for surfaces) until chosen (see set_equal_aspect)
        self._aspect_choice: bool | None = None
        self.action_equal_aspect = QAction(translate("TrajectoryPlot", "E&qual axis scales"), self)
        self.action_equal_aspect.setCheckable(True)
        self.action_equal_aspect.setToolTip(
            translate(
                "TrajectoryPlot",
                "One unit is as long on both axes, so circles look round (2 parameters)",
            )
        )
        self.action_equal_aspect.toggled.connect(self.set_equal_aspect)
        self._add_menu_action(self.action_equal_aspect)
        # the surface's colour scale, its ticks at true loss values (colour_ticks)
        self.colour_bar = pg.ColorBarItem(
            values=(0.0, 1.0), width=14, interactive=False, colorMapMenu=False
        )
        self.colour_bar.setToolTip(
            translate("TrajectoryPlot", "Colours of the loss surface, ticks at true loss values")
        )
        self.colour_bar.getAxis("left").setStyle(showValues=False)
        pi.layout.addItem(self.colour_bar, 2, 5)
        self.colour_bar.hide()
        self.colour_ticks: list[tuple[float, str]] = []
        self._surface_shift = (0.0, 0.0)  # (min, floor) of the colour transform
        self.colour_scale_info = ColourScale("linear", 0.0, 0.0, 0.0, 1.0)
        self._path_sample = legend_sample(self.path_item)
        self._current_sample = legend_sample(self.current_item, pen=None, symbol="o", symbolSize=10)
        self._optimum_sample = pg.PlotDataItem([0.0], [0.0], pen=None, symbol="star", symbolSize=14)
        self._optimum_sample.visibleChanged.connect(self._toggle_optimum)
        self._make_legend("top-right")
        self._static_entries: list = []
        self._set_title(translate("TrajectoryPlot", "Path over the loss surface"))
        self.set_theme(theme_name)

    def _forget_drawn(self, run: int = 0) -> None:
        st = self._runs.get(run)
        if st is not None:
            st.cache["drawn"] = None  # (rows, x, y, stride, history) last drawn

    # --- runs -----------------------------------------------------------------------------
    def _legend_entries(self) -> list:
        if not self.multi_run:
            return self._static_entries
        return self._run_entries() + self._static_entries[2:]  # the runs and the optimum

    def _new_run(self, st) -> None:
        if st.index == 0:
            path, dots = self.path_item, self.path_dots
            start, current = self.start_item, self.current_item
        else:
            path = self._add(Polyline(z=5))
            dots = pg.ScatterPlotItem(size=4 * self._scale, pen=None)
            dots.setZValue(6)
            dots.hide()
            self.plotItem.addItem(dots, ignoreBounds=True)
            start, current = self._add(Marker("o", 9, z=8)), self._add(Marker("o", 11, z=10))
            for m in (start, current):
                m.setScale(self._scale)
        st.items.update(path=path, dots=dots, start=start, current=current)
        st.cache["drawn"] = None
        self._style_run(st)
        self._apply_run_visibility(st)

    def _drop_run_items(self, st) -> None:
        if st.index == 0:
            self._clear_run0()
        else:
            for item in st.items.values():
                if item.scene() is not None:
                    self.plotItem.vb.removeItem(item)
        st.items.clear()

    def _apply_run_visibility(self, st) -> None:
        shown = self.run_visible(st.index)
        for name, item in st.items.items():
            if name == "dots":  # an empty scatter item still costs a Python paint call
                drawn = len(item.data) > 0
            else:
                drawn = name == "path" or st.cache.get(name) is not None
            item.setVisible(shown and drawn)
        if st.index == self._selected:
            self._selection_changed()
        if shown and st.history is not None and st.cache.get("hidden_since") is not None:
            st.key = None  # hidden, it was not drawn: draw it now
            st.cache["hidden_since"] = None
            self.show_history(st.history, st.status, run=st.index)

    def _selection_changed(self) -> None:
        st = self._runs.get(self._selected)
        if st is None or st.history is None or not self.run_visible(st.index):
            self._arrow_state = None
            self._place_arrows()
            self.message.setText("")
        else:
            self._set_arrows(st.history)
            if len(st.history):
                self.message.setText(self._outside_note(st.history.params[-1]))
        self._place_branch()

    def mark_branch(self, step: int | None) -> None:
        """A ring at the selected run's point at ``step`` (where it branched off); None
        removes it. It stays through :meth:`clear_run` and goes with :meth:`set_problem`."""
        self._branch = None if step is None else int(step)
        self._place_branch()

    @property
    def branch_step(self) -> int | None:
        return self._branch

    def _place_branch(self) -> None:
        st = self._runs.get(self._selected)
        h = None if st is None else st.history
        if self._branch is None or h is None or not len(h) or not self.run_visible(st.index):
            self.branch_item.set_point(None)
            return
        i = int(np.searchsorted(h.step, self._branch))
        if i >= len(h) or int(h.step[i]) != self._branch:
            self.branch_item.set_point(None)  # not (or no longer) in this run's history
            return
        x, y = self._points(h, slice(i, i + 1))[0]
        self.branch_item.set_point(float(x), float(y))

    def _toggle_optimum(self) -> None:
        for m in self.optimum_items:
            m.setVisible(self._optimum_sample.isVisible())

    @property
    def legend_share(self) -> tuple[float, float]:  # type: ignore[override]
        """A tall, narrow legend beside a surface shown at equal scales (the view is empty
        there); otherwise the plots' usual share."""
        return (0.4, 0.9) if self.dim == 2 and self.equal_aspect else LEGEND_SHARE

    # --- equal axis scales ----------------------------------------------------------------
    @property
    def equal_aspect(self) -> bool:
        """True when one unit is as long on both axes (the view's aspect is locked at 1)."""
        return bool(self.plotItem.vb.state["aspectLocked"])

    def set_equal_aspect(self, on: bool | None) -> None:
        """Equal axis scales on or off for 2 parameters; None: automatic.

        Automatic is on for surfaces (x and y are alike) and off for line problems,
        whose w and b may differ by orders of magnitude (a locked aspect would squash
        the picture into a line). One parameter (L over w) is never locked.
        """
        self._aspect_choice = None if on is None else bool(on)
        self._apply_aspect()

    def _apply_aspect(self) -> None:
        p = self.problem
        auto = p is not None and p.n_samples is None
        on = self.dim == 2 and (auto if self._aspect_choice is None else self._aspect_choice)
        vb = self.plotItem.vb
        vb.setAspectLocked(on, ratio=1.0)
        if self.dim == 2 and self.ranges:
            (x0, x1), (y0, y1) = self.ranges
            vb.setRange(xRange=(x0, x1), yRange=(y0, y1), padding=0)  # all of it in view
        blocked = self.action_equal_aspect.blockSignals(True)
        self.action_equal_aspect.setChecked(on)
        self.action_equal_aspect.setEnabled(self.dim == 2)
        self.action_equal_aspect.blockSignals(blocked)

    @property
    def optimum_points(self) -> list[tuple[float, float]]:
        """Where the optimum / minima markers are (view coordinates)."""
        return [(m.pos().x(), m.pos().y()) for m in self.optimum_items]

    # --- static items ---------------------------------------------------------------------
    def set_problem(self, problem, experiment=None) -> None:
        self.clear_run()
        self.mark_branch(None)
        self.problem, self.experiment = problem, experiment
        for c in self.contours:  # kept for the next surface (building one costs ~7 ms)
            c.hide()
        self.contours = []
        self.contour_levels = []
        for m in self.optimum_items:
            if m.scene() is not None:
                self.plotItem.vb.removeItem(m)
        self.optimum_items = []
        self.image.hide()
        self.colour_bar.hide()
        self.curve.setData([], [])
        self.surface_values = None
        names = problem.param_names
        self.dim = len(names)
        self.message.setText("")
        if self.dim not in (1, 2):
            self.ranges = []
            self.message.setText(
                translate(
                    "TrajectoryPlot", "No picture for {n} parameters (only for 1 or 2)."
                ).format(n=self.dim)
            )
            self._static_entries = []
            self._update_legend()
            self._apply_aspect()
            return
        self.ranges = parameter_range(problem, experiment)
        minima = known_minima(problem, self.dim)
        is_line = problem.n_samples is not None
        opt_name = (
            translate("TrajectoryPlot", "optimum")
            if is_line
            else translate("TrajectoryPlot", "minimum")
            if len(minima) == 1
            else translate("TrajectoryPlot", "minima")
        )
        vb = self.plotItem.vb
        standardized = problem.standardized
        if self.dim == 2:
            self._build_surface(problem)
            vb.disableAutoRange()
            self._apply_aspect()  # and the range
            if standardized:
                std = translate("TrajectoryPlot", "{name} (standardized)")
                self._set_label("bottom", std.format(name=names[0]))
                self._set_label("left", std.format(name=names[1]))
                title = translate(
                    "TrajectoryPlot", "Loss over the standardized parameters {names} and path"
                )
            else:
                self._set_label("bottom", names[0])
                self._set_label("left", names[1])
                title = translate("TrajectoryPlot", "Loss surface L({names}) and path")
            if not is_line:
                # a surface's title is in the catalogue (tools/update_translations.py lists the
                # surfaces' titles, as the problem combo shows them); an f(x, y) stays as typed
                shown = translate("", problem.title) if problem.title else problem.name
                title = translate("TrajectoryPlot", "{title}: path").format(title=shown)
            self._set_title(title.format(names=", ".join(names)))
            points = [(float(m[0]), float(m[1])) for m, _ in minima]
        else:
            ((x0, x1),) = self.ranges
            w = np.linspace(x0, x1, CURVE_GRID)
            with np.errstate(all="ignore"):
                v = np.asarray(problem.value(w[:, None]), dtype=float).reshape(-1)
            self.surface_values = v
            ok = np.isfinite(v)
            self.curve.setData(w[ok], v[ok])
            self._set_label(
                "left", translate("TrajectoryPlot", "loss L({name})").format(name=names[0])
            )
            if standardized:
                self._set_label(
                    "bottom",
                    translate("TrajectoryPlot", "{name} (standardized)").format(name=names[0]),
                )
                title = translate(
                    "TrajectoryPlot", "Loss over the standardized parameter {name} and path"
                )
            else:
                self._set_label("bottom", names[0])
                title = translate("TrajectoryPlot", "Loss curve L({name}) and path")
            self._set_title(title.format(name=names[0]))
            vb.disableAutoRange()
            self._apply_aspect()  # off: L and w have nothing in common
            if ok.any():
                lo, hi = float(v[ok].min()), float(v[ok].max())
                pad = 0.06 * (hi - lo) if hi > lo else 1.0
                self._set_home((x0, x1), (lo - pad, hi + pad))
            else:
                self._set_home((x0, x1), (-1.0, 1.0))
            points = [(float(m[0]), v) for m, v in minima if math.isfinite(v)]
        for px, py in points:
            m = self._add(Marker("star", 15, z=9))
            m.setScale(self._scale)
            m.set_point(px, py)
            self.optimum_items.append(m)
        entries = [
            (self._path_sample, translate("TrajectoryPlot", "path")),
            (self._current_sample, translate("TrajectoryPlot", "now")),
        ]
        if points:
            entries.append((self._optimum_sample, opt_name))
        self._static_entries = entries
        self._update_legend()
        self._restyle()
        self._refresh_legend()

    def _build_surface(self, problem) -> None:
        (x0, x1), (y0, y1) = self.ranges
        n = SURFACE_GRID
        gx = np.linspace(x0, x1, n)
        gy = np.linspace(y0, y1, n)
        X, Y = np.meshgrid(gx, gy, indexing="ij")
        theta = np.column_stack([X.ravel(), Y.ravel()])
        with np.errstate(all="ignore"):
            v = np.asarray(problem.value(theta), dtype=float).reshape(n, n)
        self.surface_values = v
        z, levels = self._colour_scale(v)
        dx = (x1 - x0) / (n - 1)
        dy = (y1 - y0) / (n - 1)
        self.image.setImage(z, autoLevels=False, levels=self._levels)
        # pixel (i, j) is centred on grid point (x_i, y_j)
        self.image.setRect(QRectF(x0 - dx / 2, y0 - dy / 2, n * dx, n * dy))
        self.image.show()
        self._update_colour_bar()
        zc = np.where(np.isfinite(z), z, np.nanmax(z) if np.isfinite(z).any() else 0.0)
        self.contour_levels = levels
        if levels:
            c = self._contour_item
            if c is None:
                c = ContourItem(zc, level=levels, axisOrder="col-major")
                c.setParentItem(self.image)
                c.setPos(0.5, 0.5)  # grid point (i, j) is the centre of pixel (i, j)
                c.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
                c.setPen(pg.mkPen(self._colors["contour"], width=1))
                self._contour_item = c
            else:
                c.setData(zc, level=levels)
                c.show()
            self.contours.append(c)

    def _colour_scale(self, v: np.ndarray):
        """Colour values and contour levels for the surface ``v`` (see
        :class:`gdgui.core.plotmath.ColourScale`); contour levels are evenly spaced in
        the colour scale, between the minimum and the 95th percentile."""
        cs = ColourScale.for_values(v)
        self.colour_scale_info = cs
        self.color_scale = cs.name
        self._surface_shift = (cs.vmin, cs.floor)
        self._levels = (cs.lo, cs.top)
        if not np.isfinite(v).any():
            return np.zeros_like(v), []
        z = cs.apply(v)
        if cs.name == "linear":
            return z, []
        p95 = float(np.nanpercentile(z, 95))
        levels = np.linspace(cs.lo, p95, CONTOURS + 1)[1:]
        return z, [float(lv) for lv in levels]

    def _update_colour_bar(self) -> None:
        """The colour bar for the surface just built: its range and true-value ticks."""
        bar = self.colour_bar
        if self.color_scale not in ("log", "sqrt"):  # a flat surface, or none: no scale
            self.colour_ticks = []
            bar.hide()
            return
        vmin, floor = self._surface_shift
        self.colour_ticks = colour_ticks(self.color_scale, vmin, floor, self._levels)
        bar.setLevels(self._levels)
        bar.axis.setTicks([self.colour_ticks, []])
        bar.show()

    def colour_value(self, z: float) -> float:
        """The loss at colour value ``z`` of the surface (the inverse of its transform)."""
        return self.colour_scale_info.value(z)

    def reset_view(self) -> None:
        if self.dim == 2:
            self._apply_aspect()  # the whole surface, at the chosen aspect
        else:
            super().reset_view()

    # --- overlays and scaling -------------------------------------------------------------
    def _overlay_points(self) -> np.ndarray:
        parts = [np.column_stack([self.path_item.xData, self.path_item.yData])]
        for st in self._runs.values():
            if st.index != 0 and "path" in st.items and st.items["path"].isVisible():
                parts.append(np.column_stack([st.items["path"].xData, st.items["path"].yData]))
        if self.dim == 1:
            parts.append(np.column_stack([self.curve.xData, self.curve.yData]))
        parts.extend(np.array([p]) for p in self.optimum_points)
        for st in self._runs.values():
            current = st.items.get("current")
            if current is not None and current.isVisible():
                parts.append(np.array([[current.pos().x(), current.pos().y()]]))
        for arrow in (self.grad_arrow, self.step_arrow):  # their tips and texts
            if arrow.isVisible():
                x, y = arrow.pos().x(), arrow.pos().y()
                vx, vy = arrow.view_vector
                parts.append(np.array([[x + vx, y + vy], [x + 1.3 * vx, y + 1.3 * vy]]))
        return np.concatenate([p.reshape(-1, 2) for p in parts])

    def _apply_scale(self, factor: float) -> None:
        for m in (self.start_item, self.current_item, self.branch_item, *self.optimum_items):
            m.setScale(factor)
        self.path_dots.setSize(4 * factor)
        for st in self._runs.values():
            if st.index != 0 and st.items:
                st.items["start"].setScale(factor)
                st.items["current"].setScale(factor)
                st.items["dots"].setSize(4 * factor)
        for arrow in (self.grad_arrow, self.step_arrow):
            arrow.set_scale(factor)
        font = QFont(self.font())
        font.setPointSizeF(self._tick_pt * factor)
        self.colour_bar.axis.setStyle(tickFont=font)
        self.colour_bar.axis.setWidth(int(45 * factor))
        self.colour_bar.layout.setColumnFixedWidth(1, 14 * factor)
        self._place_arrows()

    # --- dynamic items --------------------------------------------------------------------
    def clear_run(self) -> None:
        super().clear_run()
        self._clear_items()

    def _clear_items(self) -> None:
        self._clear_run0()
        self._clear_details()

    def _clear_run0(self) -> None:
        self.path_item.setData([], [])
        self.path_dots.clear()
        self.path_dots.hide()
        self.start_item.set_point(None)
        self.current_item.set_point(None)

    def _clear_details(self) -> None:
        self._arrow_state = None
        self.grad_arrow.hide()
        self.step_arrow.hide()
        self.branch_item.set_point(None)

    # --- clicks ---------------------------------------------------------------------------
    def _on_click(self, ev) -> bool:
        if (
            not self.editable
            or self.dim not in (1, 2)
            or ev.button() != Qt.MouseButton.LeftButton
            or ev.double()
            or self._on_overlay(ev.scenePos())
        ):
            return False
        self.start_requested.emit(*self._view_point(ev.scenePos()))
        return True

    # --- arrows ---------------------------------------------------------------------------
    def _set_arrows(self, history) -> None:
        """Remember what the arrows show at the history's last row, and draw them."""
        if self.dim != 2 or len(history) == 0:
            self._arrow_state = None
        else:
            theta = history.params[-1, :2].astype(float)
            grad = history.grad[-1, :2].astype(float)
            prev = history.params[-2, :2].astype(float) if len(history) > 1 else None
            self._arrow_state = (theta, grad, prev)
        self._place_arrows()

    def _pixel_vector(self, x: float, y: float, v: np.ndarray) -> tuple[float, float] | None:
        """The view-coordinate vector ``v`` at (x, y) in scene pixels (y down)."""
        pixel = self._pixel_size()
        if pixel is None:
            return None
        vb = self.plotItem.vb
        pw, ph = pixel
        a = vb.mapViewToScene(QPointF(x, y))
        ex = vb.mapViewToScene(QPointF(x + pw, y)) - a  # one pixel along x
        ey = vb.mapViewToScene(QPointF(x, y + ph)) - a  # one pixel along y
        px = v[0] / pw * ex.x() + v[1] / ph * ey.x()
        py = v[0] / pw * ex.y() + v[1] / ph * ey.y()
        if not (math.isfinite(px) and math.isfinite(py)):
            return None
        return px, py

    def _place_arrows(self, *_) -> None:
        state = self._arrow_state
        if state is None:
            self.grad_arrow.hide()
            self.step_arrow.hide()
            return
        theta, grad, prev = state
        x, y = float(theta[0]), float(theta[1])
        if not (math.isfinite(x) and math.isfinite(y)):
            self.grad_arrow.hide()
            self.step_arrow.hide()
            return
        # −∇f: the direction GRAD_ARROW_PX long; its note says how steep, honestly
        down = -grad
        norm = math.hypot(float(grad[0]), float(grad[1]))
        self.grad_arrow.set_note(
            translate("TrajectoryPlot", "‖∇f‖ = {value}").format(value=fmt(norm, 3))
        )
        pv = self._pixel_vector(x, y, down) if np.all(np.isfinite(down)) else None
        n = math.hypot(*pv) if pv is not None else 0.0
        gv = None  # the −∇f arrow on screen
        if pv is not None and n > 0:
            k = GRAD_ARROW_PX / n
            gv = (pv[0] * k, pv[1] * k)
            self.grad_arrow.set_arrow(x, y, down * k, gv)
        else:
            self.grad_arrow.hide()
        # the last step, drawn from the current point forward: θ_k − θ_{k−1}
        if prev is None or not np.all(np.isfinite(prev)):
            self.step_arrow.hide()
            return
        step = theta - prev
        pv = self._pixel_vector(x, y, step)
        n = math.hypot(*pv) if pv is not None else 0.0
        if pv is None or n == 0:
            self.step_arrow.hide()
            return
        lo, hi = STEP_ARROW_PX
        k = min(max(n, lo), hi) / n
        sv = (pv[0] * k, pv[1] * k)
        # its text beside the shaft, on the side away from the −∇f arrow
        side = 1
        if gv is not None and sv[0] * gv[1] - sv[1] * gv[0] < 0:
            side = -1
        self.step_arrow.set_arrow(x, y, step * k, sv, side=side)

    def _points(self, history, rows) -> np.ndarray:
        """(m, 2) view coordinates of history rows ``rows`` (a slice or indices)."""
        params = history.params
        if self.dim == 2:
            return params[rows, :2]
        return np.column_stack([params[rows, 0], history.loss[rows]])

    def show_history(self, history, status: str = "", run: int = 0) -> None:
        if self.problem is None or self.dim not in (1, 2) or self._unchanged(history, status, run):
            return
        st = self._runs[run]
        c = st.cache
        if not self.run_visible(run):  # drawn when shown again
            c["hidden_since"] = len(history)
            return
        selected = run == self._selected
        self._cache_if_still(st.items["path"], status)
        n = len(history)
        if n == 0:
            self._draw_path(st, np.zeros(0), np.zeros(0))
            c["drawn"] = None
            if selected:
                self._clear_details()
            return
        budget = self._run_points
        stride = 1 if n <= budget else int(decimate_stride(n, budget)[1])
        drawn = c["drawn"]
        thinned = getattr(history, "thinned", 0)  # a thinning moves rows: compare afresh
        if (
            drawn is not None
            and drawn[0] <= n
            and drawn[3] == stride
            and drawn[4] is history
            and drawn[5] == thinned
        ):
            # nothing to draw when every new point is within half a pixel of the drawn end
            new = self._points(history, slice(drawn[0] - 1, n))
            if moved_less_than(new, (drawn[1], drawn[2]), self._pixel_size()):
                c["drawn"] = (n, *drawn[1:])  # next time, check only the newer rows
                self._stale = True
                return
        idx = decimate_stride(n, budget)
        pts = self._points(history, idx)
        ok = np.isfinite(pts).all(axis=1)
        if not ok.all():
            pts = pts[ok]
        xs, ys = pts[:, 0], pts[:, 1]
        if self.dim == 1 and stride > 1:  # kept steps far apart: run along L(w), not a chord
            xs, ys = follow_curve(xs, ys, self.curve.xData, self.curve.yData)
        c["points"] = xs.size
        self._set_thin(sum(r.cache.get("points", 0) for r in self._runs.values()) > THIN_ABOVE)
        self._draw_path(st, xs, ys, dots=stride == 1)
        c["drawn"] = (
            (n, float(xs[-1]), float(ys[-1]), stride, history, thinned) if xs.size else None
        )
        if selected:
            self._set_arrows(history)
            self.message.setText(self._outside_note(history.params[-1]))
            self._place_branch()

    def _draw_path(self, st, xs: np.ndarray, ys: np.ndarray, dots: bool = True) -> None:
        """Run ``st``'s path, its dots (``dots``: every step is drawn, and there are at
        most 400), start and current point."""
        items = st.items
        items["path"].setData(xs, ys)
        shown = self.run_visible(st.index)
        scatter = items["dots"]
        if dots and 0 < xs.size <= 400:
            scatter.setData(xs, ys)
            scatter.setVisible(shown)
        elif len(scatter.data):
            scatter.clear()
            scatter.hide()
        else:
            scatter.hide()
        ends = ((float(xs[0]), float(ys[0])), (float(xs[-1]), float(ys[-1]))) if xs.size else None
        for name, point in zip(("start", "current"), ends or (None, None)):
            st.cache[name] = point
            if point is None:
                items[name].set_point(None)
            else:
                items[name].set_point(*point)
                items[name].setVisible(shown)

    def _outside_note(self, theta: np.ndarray) -> str:
        """A note when the current point has left the plotted range."""
        if not self.ranges or len(theta) != len(self.ranges):
            return ""
        inside = all(lo <= v <= hi for v, (lo, hi) in zip(theta, self.ranges))
        if inside:
            return ""
        names = self.problem.param_names
        where = ", ".join(f"{nm} = {fmt(v)}" for nm, v in zip(names, theta))
        return translate("TrajectoryPlot", "now outside the picture: {where}").format(where=where)

    def _hover_text(self, x: float, y: float) -> str:
        problem = self.problem
        names = problem.param_names
        theta = np.array([[x, y]]) if self.dim == 2 else np.array([[x]])
        if self.dim not in (1, 2):
            return ""
        v = float(np.asarray(problem.value(theta))[0])
        text = "   ".join(f"{nm} = {fmt(t)}" for nm, t in zip(names, theta[0]))
        if problem.standardized:  # and what they mean on the data's scale
            shown = np.asarray(problem.shown_params(theta[0]), dtype=float).reshape(-1)
            text += "\n" + "   ".join(
                f"{nm} = {fmt(t)}" for nm, t in zip(problem.shown_names, shown)
            )
        return text + "\n" + translate("TrajectoryPlot", "loss {value}").format(value=fmt(v, 6))

    def _restyle(self) -> None:
        t = self._colors
        cmap = pg.colormap.get(t["colormap"])
        if t.get("colormap_reverse"):  # get() returns a shared, cached map: reverse a copy
            cmap = copy.deepcopy(cmap)
            cmap.reverse()
        self.image.setColorMap(cmap)
        self.image.setOpacity(t["surface_opacity"])
        pen = pg.mkPen(t["contour"], width=1)
        for c in self.contours:
            c.setPen(pen)
            c.update()
        self.colour_bar.setColorMap(cmap)
        self.colour_bar.bar.setOpacity(t["surface_opacity"])
        for side in ("left", "right", "top", "bottom"):
            ax = self.colour_bar.getAxis(side)
            ax.setPen(pg.mkPen(t["axis"]))
            ax.setTextPen(pg.mkPen(t["foreground"]))
        w = self._pen_width
        self.curve.setPen(pg.mkPen(t["muted"], width=w(2)))
        rc = self.run_colour(0)
        path_pen = pg.mkPen(rc, width=w(1 if self._thin else 2))
        self._path_sample.setPen(path_pen)
        edge = pg.mkPen(t["marker_edge"], width=w(1.5))
        self._current_sample.setSymbolBrush(pg.mkBrush(rc))
        self._current_sample.setSymbolPen(edge)
        runs = [st for st in self._runs.values() if st.items]
        if 0 not in self._runs:
            runs.append(None)  # run 0's items, before its first history
        for st in runs:
            self._style_run(st)
        self.branch_item.setPen(pg.mkPen(t["foreground"], width=w(2)))
        for m in self.optimum_items:
            m.setBrush(pg.mkBrush(t["optimum"]))
            m.setPen(pg.mkPen(t["optimum_edge"], width=w(1)))
        self._optimum_sample.setSymbolBrush(pg.mkBrush(t["optimum"]))
        self._optimum_sample.setSymbolPen(pg.mkPen(t["optimum_edge"], width=1))
        self.message.setColor(t["muted"])
        rim = t["background"]
        self.grad_arrow.set_colours(
            ARROW_COLORS.get(self._theme_name, ARROW_COLORS["dark"]), rim, t["legend_brush"]
        )
        self.step_arrow.set_colours(self._run_color, rim, t["legend_brush"])

    def _style_run(self, st) -> None:
        """Run ``st``'s pens and brushes (None: run 0's items)."""
        t = self._colors
        w = self._pen_width
        if st is None:
            index, path, dots = 0, self.path_item, self.path_dots
            start, current = self.start_item, self.current_item
        else:
            index, path, dots = st.index, st.items["path"], st.items["dots"]
            start, current = st.items["start"], st.items["current"]
        rc = self.run_colour(index)
        path.setPen(pg.mkPen(rc, width=w(1 if self._thin else 2)))
        dots.setBrush(pg.mkBrush(rc))
        start.setPen(pg.mkPen(rc, width=w(2)))
        start.setBrush(pg.mkBrush(t["background"]))
        current.setBrush(pg.mkBrush(rc))
        current.setPen(pg.mkPen(t["marker_edge"], width=w(1.5)))
