"""The fit: the data points, the current fitted line, and faint earlier lines behind it.

Several runs: one current line per visible run, in the run's colour; the faint earlier
lines and the caption are the selected run's (:meth:`BasePlot.set_selected_run`; run 0
when nothing else was selected).
"""

from __future__ import annotations

import contextlib
import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QPointF, Qt, Signal
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import QGraphicsItem

from ...core.plotmath import fmt, initial_params
from ..theme import DEFAULT_THEME
from .base import BasePlot
from .items import DataScatter, Marker, Polyline, legend_sample, with_alpha

translate = QCoreApplication.translate

#: at most this many data points are drawn in the fit plot (a seeded random subset)
MAX_DATA_POINTS = 5000
#: at most this many earlier fitted lines are drawn, fading with age
EARLIER_FITS = 6
#: a click within this many pixels of a data point hits the point
HIT_RADIUS = 10


class FitPlot(BasePlot):
    """The data points, the current fitted line, and faint earlier lines behind it.

    When :attr:`editable`, a click on empty space asks for a new point, a click on a
    point selects it, dragging a point asks to move it, and a right click on a point
    asks to delete it (the signals below; the window's editor does the editing).
    Dragging empty space still pans.
    """

    #: (x, y): a click on empty space
    point_add_requested = Signal(float, float)
    #: (index, x, y, drag, finished): a point dragged; ``drag`` numbers the drag
    point_move_requested = Signal(int, float, float, int, bool)
    #: (index): a right click on a point
    point_delete_requested = Signal(int)
    #: (index or -1): the selected point
    selection_changed = Signal(int)

    def __init__(self, parent=None, theme_name: str = DEFAULT_THEME):
        super().__init__(parent, theme_name)
        self.setAccessibleName(translate("FitPlot", "Fit plot"))
        self.setToolTip(
            translate("FitPlot", "The data and the line the optimizer has fitted so far")
        )
        pi = self.plotItem
        self.selected: int | None = None
        self._shown = (np.zeros(0), np.zeros(0), np.zeros(0, dtype=np.int64))  # x, y, index
        self._hold_view = 0
        self._data_size = 7
        self._drag_index: int | None = None
        self._drag_serial = 0
        pi.vb.click_handler = self._on_click
        pi.vb.drag_handler = self._on_drag
        self._auto_hidden = False
        self._earlier: list[tuple] = []
        self.earlier_data: list[tuple[np.ndarray, np.ndarray]] = []
        self._xs = np.zeros(0)
        self._clip = (-math.inf, math.inf)
        self.earlier_lines = [self._add(Polyline(z=1)) for _ in range(EARLIER_FITS)]
        self.data_item = DataScatter(size=7, pxMode=True)
        self.data_item.setZValue(5)  # over the lines
        # painted from a pixmap cache: it does not change while the run does
        self.data_item.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        pi.addItem(self.data_item)
        self.fit_line = self._add(Polyline(z=3))
        self.lsq_line = self._add(Polyline(z=2))  # the least-squares line (closed form)
        self.selection_item = self._add(Marker("o", 17, z=6))
        self._make_legend("top-left")
        self._fit_sample = legend_sample(self.fit_line)
        self._lsq_sample = legend_sample(self.lsq_line)
        self._earlier_sample = legend_sample(self.earlier_lines[-1])
        self._earlier_sample.visibleChanged.connect(self._toggle_earlier)
        self._data_name = translate("FitPlot", "data")
        self._update_legend()
        self.caption = self._corner_text("bottom-right")
        self._set_label("bottom", "x")
        self._set_label("left", "y")
        self._set_title(translate("FitPlot", "Fit"))
        self.set_theme(theme_name)

    def _forget_drawn(self, run: int = 0) -> None:
        st = self._runs.get(run)
        if st is not None:
            st.cache["ends"] = None

    # --- runs -----------------------------------------------------------------------------
    def _legend_entries(self) -> list:
        entries = [
            (self.data_item, self._data_name),
            (self._lsq_sample, translate("FitPlot", "least squares")),
        ]
        if self.multi_run:
            entries += self._run_entries()
        else:
            entries.append((self._fit_sample, translate("FitPlot", "fit now")))
        entries.append((self._earlier_sample, translate("FitPlot", "earlier fits")))
        return entries

    def _new_run(self, st) -> None:
        line = self.fit_line if st.index == 0 else self._add(Polyline(z=3))
        st.items["line"] = line
        st.cache["ends"] = None  # the drawn line's ends (the half-pixel test)
        line.setPen(pg.mkPen(self.run_colour(st.index), width=self._pen_width(2.5)))
        line.setVisible(self.run_visible(st.index))

    def _drop_run_items(self, st) -> None:
        line = st.items.pop("line", None)
        if line is self.fit_line:
            line.setData([], [])
        elif line is not None and line.scene() is not None:
            self.plotItem.vb.removeItem(line)

    def _apply_run_visibility(self, st) -> None:
        shown = self.run_visible(st.index)
        st.items["line"].setVisible(shown)
        if not shown and st.index == self._selected:
            self._clear_details()
        if shown and st.history is not None and st.cache.get("hidden_since") is not None:
            st.key = None  # hidden, it was not drawn: draw it now
            st.cache["hidden_since"] = None
            self.show_history(st.history, st.status, run=st.index)

    def _selection_changed(self) -> None:
        self._clear_details()
        st = self._runs.get(self._selected)
        shown = st is not None and self.run_visible(st.index)
        if shown and st.history is not None and len(st.history):
            self._draw_details(st.history)

    def _toggle_earlier(self) -> None:
        for item in self.earlier_lines:
            item.setVisible(self._earlier_sample.isVisible())

    @staticmethod
    def applies(problem) -> bool:
        """True for problems fitted to data (the plot has something to show)."""
        return (
            problem is not None
            and problem.n_samples is not None
            and hasattr(problem, "predict")
            and hasattr(problem, "x")
        )

    # --- editing ------------------------------------------------------------------------
    @contextlib.contextmanager
    def holding_view(self):
        """Inside, :meth:`set_problem` keeps the view where it is (data edited by hand)."""
        self._hold_view += 1
        try:
            yield
        finally:
            self._hold_view -= 1

    def point_at(self, scene_pos: QPointF, radius: float = HIT_RADIUS) -> int | None:
        """The index (in ``problem.x``) of the drawn data point nearest ``scene_pos``
        within ``radius`` pixels, or None."""
        x, y, index = self._shown
        pixel = self._pixel_size()
        if not x.size or pixel is None:
            return None
        p = self.plotItem.vb.mapSceneToView(scene_pos)
        with np.errstate(all="ignore"):
            d2 = ((x - p.x()) / pixel[0]) ** 2 + ((y - p.y()) / pixel[1]) ** 2
        j = int(np.argmin(d2))
        return int(index[j]) if d2[j] <= radius * radius else None

    def set_selected(self, index: int | None) -> None:
        """Mark data point ``index`` (None: no point) as selected."""
        x = getattr(self.problem, "x", None)
        if index is None or x is None or not 0 <= index < len(x):
            index = None
        changed = index != self.selected
        self.selected = index
        if index is None:
            self.selection_item.set_point(None)
        else:
            p = self.problem
            self.selection_item.set_point(float(p.x[index]), float(p.y[index]))
        if changed:
            self.selection_changed.emit(-1 if index is None else index)

    def _on_click(self, ev) -> bool:
        if not self.editable or not self._xs.size or ev.double():
            return False
        pos = ev.scenePos()
        i = self.point_at(pos)
        if i is None and self._on_overlay(pos):
            return False  # the legend's background: no new point under it
        if ev.button() == Qt.MouseButton.LeftButton:
            if i is not None:
                self.set_selected(i)
            else:
                self.set_selected(None)
                self.point_add_requested.emit(*self._view_point(pos))
            return True
        if ev.button() == Qt.MouseButton.RightButton and i is not None:
            self.point_delete_requested.emit(i)
            return True
        return False  # the view box's menu

    def _on_drag(self, ev) -> bool:
        if ev.isStart():
            self._drag_index = None
            if not self.editable or ev.button() != Qt.MouseButton.LeftButton:
                return False
            i = self.point_at(ev.buttonDownScenePos())
            if i is None:
                return False  # empty space: pan
            self._drag_index = i
            self._drag_serial += 1
            self.set_selected(i)
        i = self._drag_index
        if i is None:
            return False
        if ev.isFinish():
            self._drag_index = None
        x, y = self._view_point(ev.scenePos())
        self.point_move_requested.emit(i, x, y, self._drag_serial, bool(ev.isFinish()))
        return True

    def _on_mouse_moved(self, pos: QPointF) -> None:
        super()._on_mouse_moved(pos)
        if self.editable and self._drag_index is None:
            over = self.point_at(pos) is not None
            self.setCursor(
                Qt.CursorShape.PointingHandCursor if over else Qt.CursorShape.CrossCursor
            )

    # --- API ------------------------------------------------------------------------------
    def set_problem(self, problem, experiment=None) -> None:
        self.clear_run()
        self.problem, self.experiment = problem, experiment
        if not self.applies(problem):
            self._auto_hidden = self._auto_hidden or not self.isHidden()
            self.hide()
            self.data_item.clear()
            self.lsq_line.setData([], [])
            self._xs = np.zeros(0)
            self._shown = (np.zeros(0), np.zeros(0), np.zeros(0, dtype=np.int64))
            self.set_selected(None)
            return
        if self._auto_hidden:
            self._auto_hidden = False
            self.show()
        ds = experiment.dataset() if experiment is not None else None  # loaded already
        x_name, y_name = getattr(ds, "columns", ("x", "y"))  # a CSV file's column names
        self._set_label("bottom", x_name)
        self._set_label("left", y_name)
        x = np.asarray(problem.x, dtype=float)
        y = np.asarray(problem.y, dtype=float)
        index = np.arange(x.size)
        ok = np.isfinite(x) & np.isfinite(y)
        if not ok.all():
            x, y, index = x[ok], y[ok], index[ok]
        n_all = x.size
        if n_all > MAX_DATA_POINTS:
            keep = np.sort(np.random.default_rng(0).choice(n_all, MAX_DATA_POINTS, replace=False))
            x, y, index = x[keep], y[keep], index[keep]
        self._shown = (x, y, index)
        self._data_size = size = 7 if x.size <= 200 else 5 if x.size <= 2000 else 3
        self.data_item.setData(x, y, size=size * self._scale)
        self.set_selected(self.selected)
        legend_text = (
            translate("FitPlot", "data")
            if n_all <= MAX_DATA_POINTS
            else translate("FitPlot", "data ({shown} of {total})").format(
                shown=f"{x.size:,}", total=f"{n_all:,}"
            )
        )
        self._data_name = legend_text
        self._update_legend()
        # ranges: the data and the best line, and the starting line where it is near
        if x.size:
            xlo, xhi = float(x.min()), float(x.max())
        else:
            xlo, xhi = -1.0, 1.0
        if xhi - xlo <= 0:
            xlo, xhi = xlo - 1.0, xhi + 1.0
        padx = 0.06 * (xhi - xlo)
        self._xs = np.linspace(xlo - 2 * padx, xhi + 2 * padx, 17)
        ys = [y] if y.size else [np.array([-1.0, 1.0])]
        ends = np.array([xlo - padx, xhi + padx])
        opt = None
        try:
            opt = np.asarray(problem.optimum(), dtype=float)
            ys.append(np.asarray(problem.predict(opt, ends), dtype=float))
        except Exception:  # no closed-form optimum: the data alone decides
            opt = None
        ylo = float(np.nanmin(np.concatenate(ys)))
        yhi = float(np.nanmax(np.concatenate(ys)))
        span = max(yhi - ylo, 1e-12 + 1e-9 * max(abs(ylo), abs(yhi)))
        try:
            init = initial_params(problem, experiment)
            yi = np.asarray(problem.predict(init, ends), dtype=float)
            if np.all(np.isfinite(yi)):
                ylo = min(ylo, max(float(yi.min()), ylo - span))
                yhi = max(yhi, min(float(yi.max()), yhi + span))
        except Exception:  # a start the model cannot evaluate: leave the range to the data
            pass
        pady = 0.08 * (yhi - ylo) if yhi > ylo else 1.0
        if not self._hold_view:
            self._set_home((xlo - padx, xhi + padx), (ylo - pady, yhi + pady))
        self._clip = (ylo - 1e3 * (yhi - ylo + 1), yhi + 1e3 * (yhi - ylo + 1))
        if opt is not None and np.all(np.isfinite(opt)):
            self.lsq_line.setData(*self._line(opt))
        else:
            self.lsq_line.setData([], [])
        self._set_title(translate("FitPlot", "Fit: {model}").format(model=problem.title or ""))

    def clear_run(self) -> None:
        super().clear_run()
        self._clear_lines()

    def _clear_lines(self) -> None:
        self.fit_line.setData([], [])
        self._clear_details()

    def _clear_details(self) -> None:
        for item in self.earlier_lines:
            item.setData([], [])
        self.earlier_data = []
        self._earlier = []
        self.caption.setText("")

    def _line(self, theta: np.ndarray):
        if not np.all(np.isfinite(theta)):
            return np.zeros(0), np.zeros(0)
        with np.errstate(all="ignore"):
            y = np.asarray(self.problem.predict(theta, self._xs), dtype=float)
        ok = np.isfinite(y)
        return self._xs[ok], np.clip(y[ok], *self._clip)

    def show_history(self, history, status: str = "", run: int = 0) -> None:
        if self.problem is None or not self._xs.size or self._unchanged(history, status, run):
            return
        st = self._runs[run]
        if not self.run_visible(run):  # drawn when shown again
            st.cache["hidden_since"] = len(history)
            return
        selected = run == self._selected
        line = st.items["line"]
        n = len(history)
        if n == 0:
            line.setData([], [])
            st.cache["ends"] = None
            if selected:
                self._clear_details()
            return
        params = history.params
        x, y = self._line(params[-1])
        # the line is redrawn only when it moved by half a pixel or more
        ends = (float(y[0]), float(y[-1])) if y.size == self._xs.size else None
        drawn = st.cache["ends"]
        pixel = self._pixel_size()
        if (
            ends is None
            or drawn is None
            or pixel is None
            or max(abs(ends[0] - drawn[0]), abs(ends[1] - drawn[1])) >= 0.5 * pixel[1]
        ):
            line.setData(x, y)
            st.cache["ends"] = ends
        else:
            self._stale = True
        if selected:
            self._draw_details(history)

    def _draw_details(self, history) -> None:
        """The selected run's earlier fits and its caption."""
        n = len(history)
        params = history.params
        # snapshots at steps 0, 1, 2, 4, 8, ... (stable as the history grows); a thinned
        # history's row i is not step i: each takes the last row kept at or before it
        steps = history.step
        last = int(steps[-1])
        wanted_steps = [0] + [
            1 << k for k in range(max(last - 1, 1).bit_length()) if (1 << k) < last
        ]
        found = np.searchsorted(steps, wanted_steps, side="right") - 1
        rows = [r for r in dict.fromkeys(int(i) for i in found) if 0 <= r < n - 1]
        rows = rows[:1] + rows[1:][-(EARLIER_FITS - 1) :]  # the start, and the recent past
        wanted = [tuple(params[r].tolist()) for r in rows]
        if wanted != self._earlier:  # most frames the snapshots have not moved
            self._earlier = wanted
            self.earlier_data = [self._line(np.array(theta)) for theta in wanted]
            free = EARLIER_FITS - len(wanted)
            for i, item in enumerate(self.earlier_lines):
                xy = self.earlier_data[i - free] if i >= free else (np.zeros(0), np.zeros(0))
                item.setData(*xy)
        p = self.problem  # on the data's scale (a standardized problem converts)
        shown = np.asarray(p.shown_params(params[-1]), dtype=float).reshape(-1)
        text = "   ".join(f"{nm} = {fmt(v)}" for nm, v in zip(p.shown_names, shown))
        if self.multi_run:
            text = self.run_name(self._selected) + "   " + text
        self.caption.setText(text)

    def _overlay_points(self) -> np.ndarray:
        x, y, _ = self._shown
        parts = [np.column_stack([x, y])]
        lines = [st.items["line"] for st in self._runs.values() if "line" in st.items]
        lines = [ln for ln in lines if ln.isVisible()]
        for line in (*lines, self.lsq_line):  # the lines, densely sampled
            if line.xData.size > 1:
                t = np.linspace(0.0, line.xData.size - 1.0, 200)
                i = np.arange(line.xData.size)
                parts.append(
                    np.column_stack([np.interp(t, i, line.xData), np.interp(t, i, line.yData)])
                )
        return np.concatenate(parts)

    def _apply_scale(self, factor: float) -> None:
        if len(self.data_item.data):
            self.data_item.setSize(self._data_size * factor)
        self.selection_item.setScale(factor)

    def _hover_text(self, x: float, y: float) -> str:
        text = f"x = {fmt(x)}   y = {fmt(y)}"
        h = self._history
        if h is not None and len(h) and np.all(np.isfinite(h.params[-1])):
            yhat = float(self.problem.predict(h.params[-1], float(x)))
            text += "\n" + translate("FitPlot", "fit: ŷ = {value}").format(value=fmt(yhat))
        return text

    def _restyle(self) -> None:
        t = self._colors
        self.data_item.setBrush(pg.mkBrush(t["data"]))
        w = self._pen_width
        self.data_item.setPen(pg.mkPen(t["data_edge"], width=w(1)))
        pen = pg.mkPen(self.run_colour(0), width=w(2.5))
        self.fit_line.setPen(pen)
        self._fit_sample.setPen(pen)
        for st in self._runs.values():
            if "line" in st.items:
                st.items["line"].setPen(pg.mkPen(self.run_colour(st.index), width=w(2.5)))
        lsq = pg.mkPen(t["foreground"], width=w(1.6), style=Qt.PenStyle.DashLine)
        self.lsq_line.setPen(lsq)
        self._lsq_sample.setPen(lsq)
        self.selection_item.setBrush(QBrush(Qt.BrushStyle.NoBrush))
        self.selection_item.setPen(pg.mkPen(self._run_color, width=w(2.5)))
        n = EARLIER_FITS  # oldest (faintest) first
        for i, item in enumerate(self.earlier_lines):
            colour = with_alpha(self._run_color, int(50 + 100 * (i + 1) / n))
            item.setPen(pg.mkPen(colour, width=w(1)))
        self._earlier_sample.setPen(self.earlier_lines[-1].pen())
        self.caption.setColor(t["foreground"])
