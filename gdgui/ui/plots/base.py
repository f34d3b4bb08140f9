"""What the three plots share: theme, axes, hover readout, corner texts, redraw bookkeeping,
and the runs: each run's state, style (:class:`.runs.RunStyle`) and legend entry."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QPointF, QRectF, QTimer, Signal
from PySide6.QtGui import QAction, QFont, QGuiApplication
from PySide6.QtWidgets import QGraphicsItem, QMenu
from superqt.utils import qthrottled

from ...core.plotmath import MAX_POINTS, choose_corners, clamp_range, fmt, round_to_pixel
from ..theme import DEFAULT_THEME, run_color, theme
from .axes import ValueAxis
from .items import CornerText, EditViewBox, GridLines
from .legend import LEGEND_MARGIN, LegendFitting, MovableLegend
from .runs import RunState, RunStyle

translate = QCoreApplication.translate

#: curves of more points than this are drawn with 1-pixel pens (much faster to paint)
THIN_ABOVE = 2500
#: the points all shown runs of one plot draw together (each run's share: run_points())
RUNS_POINTS = 2 * MAX_POINTS
#: but never fewer than this per run (300 min/max bins still hold each curve's extremes)
RUN_POINTS_MIN = 600


def run_points(runs: int) -> int:
    """The points one run's curve or path may draw when ``runs`` runs are shown:
    :data:`MAX_POINTS` for one or two, an equal share of :data:`RUNS_POINTS` for more,
    at least :data:`RUN_POINTS_MIN` (so the paint cost stays about flat up to 16 runs)."""
    return max(RUN_POINTS_MIN, min(MAX_POINTS, RUNS_POINTS // max(int(runs), 1)))


#: font sizes in points at scale 1 (see BasePlot.set_scale)
TITLE_PT = 11.0
LABEL_PT = 10.0
LEGEND_PT = 9.0
#: presentation scales outside this range are clamped
SCALE_RANGE = (0.5, 4.0)
#: legends and corner texts find their corners at most this often (ms), not every frame
OVERLAY_DELAY_MS = 200
#: at most this many points are counted under a candidate corner
OVERLAY_POINTS = 4000
#: an overlay leaves its corner only for one covering more than this many fewer points
OVERLAY_HYSTERESIS = 2


def status_text(status: str) -> str:
    return {
        "ready": translate("Plot", "ready"),
        "running": translate("Plot", "running"),
        "paused": translate("Plot", "paused"),
        "finished": translate("Plot", "finished"),
        "converged": translate("Plot", "converged"),
        "diverged": translate("Plot", "diverged"),
    }.get(status, status)


def history_key(history, status: str):
    n = len(history)
    if n == 0:
        return (id(history), 0, status)
    return (id(history), n, float(history.loss[-1]), tuple(history.params[-1].tolist()), status)


class BasePlot(LegendFitting, pg.PlotWidget):
    """What the three plots share: theme, hover readout, corner texts, redraw bookkeeping,
    the context menu, overlay placement and presentation scaling."""

    #: the user asked to export this plot (its context menu); the window shows its dialog
    export_requested = Signal()
    #: (run, visible): the user clicked run ``run``'s legend entry; the window owns the
    #: runs' visibility and answers with :meth:`set_runs`
    run_visibility_requested = Signal(int, bool)

    #: number of times show_history found a changed history (tests and benchmarks read it)
    redraws: int

    def __init__(
        self,
        parent=None,
        theme_name: str = DEFAULT_THEME,
        axis_items: dict[str, pg.AxisItem] | None = None,
    ):
        # every axis prints true values (no SI prefix); a subclass may bring its own
        axes = {side: ValueAxis(side) for side in ("left", "bottom", "top", "right")}
        axes.update(axis_items or {})
        super().__init__(parent, viewBox=EditViewBox(), axisItems=axes)
        self.setAntialiasing(True)  # for the plain Qt items; pyqtgraph's set their own
        #: True: clicks and drags edit (data points, the start); the window's editor sets it
        self.editable = False
        self.problem = None
        self.experiment = None
        self.redraws = 0
        #: the drawn runs by index (run 0 is the single run of a plain show_history)
        self._runs: dict[int, RunState] = {}
        self._styles: dict[int, RunStyle] = {}
        self._selected = 0
        #: the points each run may draw now (run_points of the shown runs)
        self._run_points = MAX_POINTS
        self._legend_key: list | None = None
        #: run entries the legend shows (None: all; fit_legend decides) and what it
        #: decided for: (view size, entries, scale)
        self._legend_cap: int | None = None
        self._legend_fit: tuple | None = None
        self._legend_measured: tuple | None = None  # (entries, widths, runs, indices, row)
        self._legend_fits = True
        self._more_sample: pg.PlotDataItem | None = None
        self._more_names: list[str] = []
        self._run_samples: dict[int, pg.PlotDataItem] = {}
        self._theme_name = theme_name
        self._colors = theme(theme_name)
        self._labels: dict[str, str] = {}
        self._thin = False
        self._title = ""
        self._scale = 1.0
        #: (x range, y range) that "Reset view" returns to; None: fit everything
        self._home: tuple[tuple[float, float], tuple[float, float]] | None = None
        self._pixel: tuple[float, float] | None = None  # _pixel_size, until the view changes
        pi = self.plotItem
        pi.vb.sigRangeChanged.connect(self._forget_pixel)  # before anything that uses it
        pi.vb.sigResized.connect(self._forget_pixel)
        pi.vb.sigTransformChanged.connect(self._forget_pixel)
        pi.setMenuEnabled(True)
        pi.hideButtons()
        self.scene().contextMenu = []  # no "Export…" of pyqtgraph's in any menu
        self.grid = GridLines(pi)
        self.setMinimumSize(220, 160)
        vb = pi.vb
        font = QFont(self.font())
        self._tick_pt = font.pointSizeF() if font.pointSizeF() > 0 else 9.0
        self._corner_pt = self._tick_pt
        self._corner_items: list[CornerText] = []
        self._readout = self._corner_text("top-left", z=1000)
        self._readout.on_shown = None  # it comes and goes with the mouse
        vb.sigResized.connect(self._place_corner_items)
        self.scene().sigMouseMoved.connect(self._on_mouse_moved)
        self._legend: MovableLegend | None = None
        self._place_overlays_soon = qthrottled(
            self.place_overlays, timeout=OVERLAY_DELAY_MS, leading=False, parent=self
        )
        vb.sigResized.connect(self.request_overlay_placement)
        vb.sigRangeChanged.connect(self.request_overlay_placement)
        self._build_menu()
        # Steps that moved less than half a pixel are not drawn (see show_history). After
        # a zoom they may show: redraw then.
        self._stale = False
        vb.sigRangeChanged.connect(self._on_range_changed)

    # --- API ------------------------------------------------------------------------------
    def set_problem(self, problem, experiment=None) -> None:
        raise NotImplementedError

    def show_history(self, history, status: str = "", run: int = 0) -> None:
        raise NotImplementedError

    def clear_run(self) -> None:
        """Forget every drawn run (the static items and the runs' styles stay)."""
        for i in [i for i in self._runs if i != 0]:
            self._drop_run_items(self._runs[i])
        self._runs = {}
        self._update_legend()
        self.request_overlay_placement()

    def remove_run(self, run: int) -> None:
        """Forget run ``run``: its items leave the picture and the legend."""
        st = self._runs.pop(run, None)
        self._styles.pop(run, None)
        if st is not None:
            self._drop_run_items(st)
        if run == self._selected:
            self._selection_changed()
        self._update_run_points()
        self._update_legend()
        self.request_overlay_placement()

    def set_runs(self, specs) -> None:
        """How each run looks: a sequence of :class:`RunStyle` (index, name, colour, visible).

        Runs without a style keep the theme's colour, the name "run i+1" and stay shown.
        """
        self._styles = {int(s.index): RunStyle(*s) for s in specs}
        self._restyle()
        for st in self._runs.values():
            self._apply_run_visibility(st)
        self._update_run_points()
        self._update_legend()
        self._refresh_legend()
        self.request_overlay_placement()

    def set_selected_run(self, run: int) -> None:
        """Show run ``run``'s details (arrows, earlier fits, the corner readout)."""
        run = int(run)
        if run != self._selected:
            self._selected = run
            self._restyle()
            self._selection_changed()
            self.request_overlay_placement()

    @property
    def selected_run(self) -> int:
        return self._selected

    def run_indices(self) -> list[int]:
        """The runs this plot knows: drawn or styled, in order."""
        return sorted(set(self._runs) | set(self._styles))

    def run_items(self, run: int) -> dict[str, Any]:
        """Run ``run``'s graphics items by name (empty when it has none): the loss plot's
        "curve" and "marker", the fit's "line", the trajectory's "path", "dots", "start"
        and "current"."""
        st = self._runs.get(run)
        return {} if st is None else dict(st.items)

    def run_colour(self, run: int) -> str:
        """Run ``run``'s colour: its style's, or the theme's palette colour."""
        s = self._styles.get(run)
        if s is not None and s.colour:
            return s.colour
        return run_color(run, self._theme_name)

    def run_name(self, run: int) -> str:
        s = self._styles.get(run)
        if s is not None and s.name:
            return s.name
        return translate("Plot", "run {n}").format(n=run + 1)

    def run_visible(self, run: int) -> bool:
        s = self._styles.get(run)
        return True if s is None else bool(s.visible)

    @property
    def multi_run(self) -> bool:
        """True when the plot shows (or was told of) more than run 0 alone."""
        return len(self.run_indices()) > 1

    @property
    def _run_color(self) -> str:
        """The colour of the selected run (its details: arrows, earlier fits)."""
        return self.run_colour(self._selected)

    # --- per-run bookkeeping, for subclasses ----------------------------------------------
    @property
    def _history(self):
        """The selected run's history (None when it has none)."""
        st = self._runs.get(self._selected)
        return None if st is None else st.history

    @property
    def _status(self) -> str:
        st = self._runs.get(self._selected)
        return "" if st is None else st.status

    def _state(self, run: int) -> RunState:
        st = self._runs.get(run)
        if st is None:
            st = self._runs[run] = RunState(run)
            self._new_run(st)
            self._update_legend()
            self._update_run_points()
        return st

    def _new_run(self, st: RunState) -> None:
        """Make run ``st.index``'s items (subclasses)."""

    @property
    def run_point_budget(self) -> int:
        """The points each run's curve or path draws at most now (:func:`run_points` of
        the shown runs: fewer per run when many are shown)."""
        return self._run_points

    def _update_run_points(self) -> None:
        """Share the point budget among the shown runs; redraw them when it changed."""
        shown = sum(1 for i in self.run_indices() if self.run_visible(i))
        points = run_points(shown)
        if points != self._run_points:
            self._run_points = points
            self._run_points_changed()
            self._redraw_all()

    def _run_points_changed(self) -> None:
        """:attr:`run_point_budget` changed (subclasses drop what was decimated for it)."""

    def _drop_run_items(self, st: RunState) -> None:
        """Take run ``st``'s items out of the picture (subclasses; run 0's are kept, emptied)."""

    def _apply_run_visibility(self, st: RunState) -> None:
        """Show or hide run ``st``'s items after :meth:`set_runs` (subclasses)."""

    def _selection_changed(self) -> None:
        """The selected run changed: redraw its details (subclasses)."""

    def _redraw_all(self) -> None:
        """Draw every run again from its history (after a change of scale or view)."""
        saved = [
            (i, st.history, st.status) for i, st in self._runs.items() if st.history is not None
        ]
        for i, st in self._runs.items():
            st.key = None
            self._forget_drawn(i)
        for i, history, status in saved:
            self.show_history(history, status, run=i)

    # --- the legend ----------------------------------------------------------------------
    def _legend_entries(self) -> list[tuple[Any, str]]:
        """(item, name) of the legend (subclasses): their own items with one run, their
        static items and :meth:`_run_entries` with several."""
        return []

    def _run_entries(self) -> list[tuple[Any, str]]:
        """One legend entry per visible run, in its colour."""
        entries = []
        for i in self.run_indices():
            if not self.run_visible(i):
                continue
            sample = self._run_samples.get(i)
            if sample is None:
                sample = self._run_samples[i] = pg.PlotDataItem([0.0], [0.0])
                sample.run_index = i
            look = (self.run_colour(i), self._pen_width(2.5))
            if getattr(sample, "look", None) != look:  # setPen re-lays pyqtgraph's item out
                sample.look = look
                sample.setPen(pg.mkPen(look[0], width=look[1]))
            entries.append((sample, self.run_name(i)))
        return entries

    def _update_legend(self) -> None:
        if self._legend is None:
            return
        self._fill_legend(self._capped_entries(self._legend_entries(), self._legend_cap))

    def _fill_legend(self, entries) -> None:
        legend = self._legend
        key = [(id(item), name) for item, name in entries]
        if key == self._legend_key:
            return  # the same entries (data edited by hand: a new problem many times a second)
        self._legend_key = key
        legend.clear()
        for item, name in entries:
            legend.addItem(item, name)
        legend.setVisible(len(entries) > 1)
        self.request_overlay_placement()

    def _on_sample_clicked(self, item) -> None:
        if item is self._more_sample:  # "+N more" is not a thing to hide
            blocked = item.blockSignals(True)
            item.setVisible(True)
            item.blockSignals(blocked)
            return
        run = getattr(item, "run_index", None)
        if run is None:
            return
        blocked = item.blockSignals(True)
        item.setVisible(True)  # the window decides; it answers with set_runs
        item.blockSignals(blocked)
        self.run_visibility_requested.emit(int(run), False)

    # --- the context menu -----------------------------------------------------------------
    def _build_menu(self) -> None:
        self.context_menu = menu = QMenu(self)
        menu.setToolTipsVisible(True)
        menu.setAccessibleName(translate("Plot", "Plot menu"))
        self.action_export = self._menu_action(
            translate("Plot", "&Export this plot…"),
            translate("Plot", "Save this plot as a PNG or SVG image"),
            self.export_requested.emit,
        )
        self.action_copy = self._menu_action(
            translate("Plot", "&Copy to clipboard"),
            translate("Plot", "Copy this plot to the clipboard as an image"),
            self.copy_to_clipboard,
        )
        self.action_reset_view = self._menu_action(
            translate("Plot", "&Reset view"),
            translate("Plot", "Show the whole picture again after zooming or panning"),
            self.reset_view,
        )
        menu.addActions([self.action_export, self.action_copy])
        menu.addSeparator()
        menu.addAction(self.action_reset_view)
        self.plotItem.vb.context_menu = menu

    def _menu_action(self, text: str, tip: str, slot) -> QAction:
        action = QAction(text, self)
        action.setToolTip(tip)
        action.setStatusTip(tip)
        action.triggered.connect(lambda *_: slot())
        return action

    def _add_menu_action(self, action: QAction) -> None:
        """Add a subclass's action (log scale, equal aspect) to the context menu."""
        if not action.statusTip():
            action.setStatusTip(action.toolTip())
        if len(self.context_menu.actions()) == 4:  # export, copy, separator, reset
            self.context_menu.addSeparator()
        self.context_menu.addAction(action)

    def copy_to_clipboard(self) -> None:
        """Put this plot, as shown, on the clipboard as an image."""
        QGuiApplication.clipboard().setImage(self.grab().toImage())

    def reset_view(self) -> None:
        """Back to the range the plot chose for its problem (or to all of the data)."""
        vb = self.plotItem.vb
        if self._home is None:
            vb.enableAutoRange(x=True, y=True)
        else:
            xr, yr = self._home
            vb.setRange(xRange=xr, yRange=yr, padding=0)

    def _set_home(self, x_range, y_range) -> None:
        """Show ``x_range`` and ``y_range`` and remember them for "Reset view"."""
        self._home = x_range, y_range = (  # data of ±1e308 must not overflow the axes
            clamp_range(float(x_range[0]), float(x_range[1])),
            clamp_range(float(y_range[0]), float(y_range[1])),
        )
        self.plotItem.vb.setRange(xRange=x_range, yRange=y_range, padding=0)

    # --- presentation scaling -------------------------------------------------------------
    @property
    def scale_factor(self) -> float:
        return self._scale

    def set_scale(self, factor: float) -> None:
        """Fonts, line widths and marker sizes × ``factor`` (presentation mode).

        ``factor`` is clamped to :data:`SCALE_RANGE`; 1 is the normal size.
        """
        f = float(factor)
        if not math.isfinite(f) or f <= 0:
            raise ValueError(f"plot scale must be a positive number, not {factor!r}")
        f = min(max(f, SCALE_RANGE[0]), SCALE_RANGE[1])
        self._scale = f
        font = QFont(self.font())
        font.setPointSizeF(self._tick_pt * f)
        for side in ("left", "bottom", "top", "right"):
            self.plotItem.getAxis(side).setStyle(tickFont=font)
        for side, text in self._labels.items():
            self._set_label(side, text)
        self._set_title(self._title)
        for item in self._corner_items:
            item.set_point_size(self._corner_pt * f)
        if self._legend is not None:
            self._legend.setLabelTextSize(f"{LEGEND_PT * f:g}pt")
        self._apply_scale(f)
        self._restyle()
        self._refresh_legend()
        self.request_overlay_placement()

    def _apply_scale(self, factor: float) -> None:
        """Scale the subclass's markers and texts (pens follow in _restyle via _pen_width)."""

    def _pen_width(self, width: float) -> float:
        return width * self._scale

    # --- where the legend and corner texts go ---------------------------------------------
    def request_overlay_placement(self, *_) -> None:
        """Find the legend and corner texts their corners soon (at most every 200 ms)."""
        self._place_overlays_soon()

    def _overlay_points(self) -> np.ndarray:
        """(m, 2) view coordinates of what the overlays should not hide (subclasses)."""
        return np.zeros((0, 2))

    def _points_in_pixels(self) -> tuple[np.ndarray, np.ndarray]:
        pts = np.asarray(self._overlay_points(), dtype=float).reshape(-1, 2)
        if len(pts) > OVERLAY_POINTS:
            pts = pts[:: -(-len(pts) // OVERLAY_POINTS)]
        vb = self.plotItem.vb
        r = vb.viewRect()
        area = vb.boundingRect()
        if r.width() <= 0 or r.height() <= 0:
            return np.zeros(0), np.zeros(0)
        with np.errstate(all="ignore"):
            px = (pts[:, 0] - r.left()) / r.width() * area.width()
            py = (r.bottom() - pts[:, 1]) / r.height() * area.height()
        if vb.state["xInverted"]:
            px = area.width() - px
        if vb.state["yInverted"]:
            py = area.height() - py
        return px, py

    def place_overlays(self) -> None:
        """Put the legend and the corner texts where they cover the fewest data points.

        The legend goes first, then the corner texts, then the hover readout, each in a
        free corner; a legend the user dragged stays where it was put, and the others
        keep clear of it. Called on changes of the data, the view and the size (at most
        every :data:`OVERLAY_DELAY_MS`), never per frame.
        """
        if self.plotItem is None:  # closed
            return
        vb = self.plotItem.vb
        area = vb.boundingRect()
        if area.width() < 2 or area.height() < 2:
            return
        self.fit_legend()
        px, py = self._points_in_pixels()
        legend = self._legend
        boxes: list[tuple[str, tuple[float, float]]] = []
        owners: list[Any] = []
        blocked = []
        if legend is not None and legend.isVisible() and not legend.outside:
            r = legend.mapRectToParent(legend.boundingRect())
            if legend.moved_by_user:
                blocked.append((r.left(), r.top(), r.right(), r.bottom()))
            else:
                size = (r.width() + 8, r.height() + 8)
                boxes.append((legend.corner or self._legend_corner, size))
                owners.append(legend)
        for item in self._corner_items:
            if item is self._readout or not item.text():
                continue
            r = item.rect()
            boxes.append((item.corner, (r.width() + 2, r.height() + 2)))
            owners.append(item)
        r = self._readout.rect()  # sized for three lines when empty
        size = (max(r.width(), 160.0 * self._scale), max(r.height(), 48.0 * self._scale))
        boxes.append((self._readout.corner, size))
        owners.append(self._readout)
        corners = choose_corners(
            boxes, px, py, (area.width(), area.height()), blocked, hysteresis=OVERLAY_HYSTERESIS
        )
        for owner, corner in zip(owners, corners):
            if owner is legend:
                if corner != legend.corner:
                    legend.place_in(corner, LEGEND_MARGIN)
            else:
                owner.set_corner(corner)
        self._after_overlays()

    def _after_overlays(self) -> None:
        """The overlays moved: subclasses move what must keep clear of them."""

    def overlay_rects(self) -> list[QRectF]:
        """Scene rectangles of the visible legend and corner texts."""
        items = [*self._corner_items, self._legend]
        return [
            item.sceneBoundingRect()
            for item in items
            if item is not None and item.isVisible() and item.sceneBoundingRect().width() > 0
        ]

    def set_theme(self, name: str) -> None:
        """Restyle for theme ``name`` ("dark" or "light")."""
        self._colors = t = theme(name)
        self._theme_name = name
        self.setBackground(t["background"])
        pi = self.plotItem
        for side in ("left", "bottom", "top", "right"):
            ax = pi.getAxis(side)
            ax.setPen(pg.mkPen(t["axis"]))
            ax.setTextPen(pg.mkPen(t["foreground"]))
        for side, text in self._labels.items():
            self._set_label(side, text)
        self._set_title(self._title)
        self.grid.set_colour(t["foreground"], t["grid_alpha"])
        self._readout.setColor(t["foreground"])
        for item in self._corner_items:  # a backing, so curves behind do not blur the text
            item.setBrush(pg.mkBrush(t["legend_brush"]))
        self._readout.setPen(pg.mkPen(t["legend_pen"]))
        if self._legend is not None:
            self._legend.setLabelTextColor(t["foreground"])
            for _, label in self._legend.items:
                label.setText(label.text, color=t["foreground"])
            self._legend.setBrush(pg.mkBrush(t["legend_brush"]))
            self._legend.setPen(pg.mkPen(t["legend_pen"]))
        self._restyle()
        self._update_legend()
        self._refresh_legend()

    def _refresh_legend(self) -> None:
        """Legend samples read their item's pens when painted: ask them to paint again."""
        if self._legend is not None:
            for sample, _ in self._legend.items:
                sample.update()

    @property
    def theme_name(self) -> str:
        return self._theme_name

    # --- for subclasses -------------------------------------------------------------------
    def _restyle(self) -> None:
        """Apply self._colors to the subclass's own items."""

    def _hover_text(self, x: float, y: float) -> str:
        return f"{fmt(x)}, {fmt(y)}"

    def _set_title(self, text: str) -> None:
        self._title = text
        size = f"{TITLE_PT * self._scale:g}pt"
        self.plotItem.setTitle(text, color=self._colors["foreground"], size=size)

    def _set_label(self, side: str, text: str) -> None:
        self._labels[side] = text
        style = {"color": self._colors["foreground"], "font-size": f"{LABEL_PT * self._scale:g}pt"}
        # CSS names: pyqtgraph writes each keyword into the label's <span style>, and Qt
        # ignores a "size:" there (the labels kept one size in presentation mode)
        self.plotItem.setLabel(side, text, **style)

    def _add(self, item: QGraphicsItem) -> QGraphicsItem:
        """Put a plain Qt item into the view (view coordinates; not part of auto-range)."""
        self.plotItem.vb.addItem(item, ignoreBounds=True)
        return item

    def _make_legend(self, corner: str = "top-right") -> MovableLegend:
        """The legend, first in ``corner``; :meth:`place_overlays` may move it, and the
        user may drag it (then it stays where it was put)."""
        legend = MovableLegend(offset=None)
        legend.setParentItem(self.plotItem.vb)
        legend.place_in(corner, LEGEND_MARGIN)
        legend.setZValue(900)
        legend.setLabelTextColor(self._colors["foreground"])  # new labels take it
        legend.setToolTip(
            translate("Plot", "Click an entry to hide or show it; drag the legend to move it")
        )
        legend.sigSampleClicked.connect(self._on_sample_clicked)
        self._legend = legend
        self._legend_corner = corner
        return legend

    def _corner_text(self, corner: str, z: float = 950.0) -> CornerText:
        item = CornerText(corner, self.plotItem.vb, z)
        item.setColor(self._colors["muted"])
        item.hide()
        item.on_shown = self.request_overlay_placement
        self._corner_items.append(item)
        return item

    def _on_overlay(self, scene_pos: QPointF) -> bool:
        """True when ``scene_pos`` is over the legend or a corner text (not the data)."""
        items = [*self._corner_items, self._legend]
        return any(
            item is not None and item.isVisible() and item.sceneBoundingRect().contains(scene_pos)
            for item in items
        )

    def _view_point(self, scene_pos: QPointF) -> tuple[float, float]:
        """The view coordinates of ``scene_pos``, rounded to what a pixel can tell apart."""
        vb = self.plotItem.vb
        p = vb.mapSceneToView(scene_pos)
        x, y = p.x(), p.y()
        pixel = self._pixel_size()
        if pixel is not None:
            x, y = round_to_pixel(x, pixel[0]), round_to_pixel(y, pixel[1])
        return x, y

    def _place_corner_items(self, *_):
        for item in self._corner_items:
            item.place()

    def _on_mouse_moved(self, pos: QPointF) -> None:
        vb = self.plotItem.vb
        if self.problem is None or not vb.sceneBoundingRect().contains(pos):
            self._readout.setText("")
            return
        p = vb.mapSceneToView(pos)
        try:
            text = self._hover_text(p.x(), p.y())
        except Exception:  # a readout must never break the plot
            text = ""
        self._readout.setText(text)

    def leaveEvent(self, ev):  # noqa: N802
        self._readout.setText("")
        super().leaveEvent(ev)

    @staticmethod
    def _cache_if_still(item: QGraphicsItem, status: str) -> None:
        """A run that is not running does not change: Qt paints its curve or path once
        into a pixmap and blits that while the other runs move (a long antialiased
        path costs far more to stroke); a running one is painted directly."""
        mode = (
            QGraphicsItem.CacheMode.NoCache
            if status == "running"
            else QGraphicsItem.CacheMode.DeviceCoordinateCache
        )
        if item.cacheMode() != mode:
            item.setCacheMode(mode)

    def _set_thin(self, thin: bool) -> None:
        """Long curves get 1-pixel pens: Qt strokes wider antialiased pens ~4x slower."""
        if thin != self._thin:
            self._thin = thin
            self._restyle()

    def _forget_drawn(self, run: int = 0) -> None:
        """Forget what the half-pixel test compares with for ``run`` (subclasses)."""

    def _on_range_changed(self, *_) -> None:
        if self._stale and self._runs:
            self._stale = False
            QTimer.singleShot(0, self._redraw)

    def _redraw(self) -> None:
        if self.plotItem is not None:  # not closed
            self._redraw_all()

    def _unchanged(self, history, status: str, run: int = 0) -> bool:
        """True when run ``run`` was drawn from this very history and status; otherwise
        remember them (the run's state is made on first sight)."""
        st = self._state(run)
        key = history_key(history, status)
        if key == st.key and history is st.history:
            return True
        st.key = key
        st.history = history
        st.status = status
        self.redraws += 1
        return False

    def _pixel_size(self) -> tuple[float, float] | None:
        """The size of a pixel in view coordinates; None before the plot is laid out.

        Kept until the view's range or size changes: every run asks for it every frame
        (the half-pixel test), and working it out takes a dozen calls into Qt."""
        if not self.isVisible():
            return None
        if self._pixel is not None:
            return self._pixel
        vb = self.plotItem.vb
        if vb.width() < 2 or vb.height() < 2:
            return None
        try:
            pw, ph = vb.viewPixelSize()
        except Exception:  # a degenerate view range
            return None
        if not (math.isfinite(pw) and math.isfinite(ph) and pw > 0 and ph > 0):
            return None
        self._pixel = (pw, ph)
        return self._pixel

    def _forget_pixel(self, *_) -> None:
        self._pixel = None


def moved_less_than(
    points: np.ndarray,
    ref: tuple[float, float],
    pixel: tuple[float, float] | None,
    limit: float = 0.5,
) -> bool:
    """True when every point of ``points`` (m, 2) lies within ``limit`` pixels of ``ref``."""
    if pixel is None:
        return False
    if points.size == 0:
        return True
    with np.errstate(all="ignore"):
        dx = np.max(np.abs(points[:, 0] - ref[0])) / pixel[0]
        dy = np.max(np.abs(points[:, 1] - ref[1])) / pixel[1]
    return bool(dx < limit and dy < limit)
