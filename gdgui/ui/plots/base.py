"""What the three plots share: theme, axes, hover readout, corner texts, redraw bookkeeping."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QPointF, QTimer
from PySide6.QtWidgets import QGraphicsItem

from ...core.plotmath import fmt, round_to_pixel
from ..theme import DEFAULT_THEME, run_color, theme
from .axes import ValueAxis
from .items import CornerText, EditViewBox, GridLines

translate = QCoreApplication.translate

#: curves of more points than this are drawn with 1-pixel pens (much faster to paint)
THIN_ABOVE = 2500


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


class BasePlot(pg.PlotWidget):
    """What the three plots share: theme, hover readout, corner texts, redraw bookkeeping."""

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
        self._key: Any = None
        self._history = None
        self._status = ""
        self._theme_name = theme_name
        self._colors = theme(theme_name)
        self._run_color = run_color(0)
        self._labels: dict[str, str] = {}
        self._thin = False
        self._title = ""
        pi = self.plotItem
        pi.setMenuEnabled(True)
        pi.hideButtons()
        self.grid = GridLines(pi)
        self.setMinimumSize(220, 160)
        vb = pi.vb
        self._corner_items: list[CornerText] = []
        self._readout = self._corner_text("top-left", z=1000)
        vb.sigResized.connect(self._place_corner_items)
        self.scene().sigMouseMoved.connect(self._on_mouse_moved)
        self._legend: pg.LegendItem | None = None
        # Steps that moved less than half a pixel are not drawn (see show_history). After
        # a zoom they may show: redraw then.
        self._stale = False
        vb.sigRangeChanged.connect(self._on_range_changed)

    # --- API ------------------------------------------------------------------------------
    def set_problem(self, problem, experiment=None) -> None:
        raise NotImplementedError

    def show_history(self, history, status: str = "") -> None:
        raise NotImplementedError

    def clear_run(self) -> None:
        """Forget the drawn run (the static items stay)."""
        self._key = None
        self._history = None

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
        self.plotItem.setTitle(text, color=self._colors["foreground"], size="11pt")

    def _set_label(self, side: str, text: str) -> None:
        self._labels[side] = text
        self.plotItem.setLabel(side, text, color=self._colors["foreground"], size="10pt")

    def _add(self, item: QGraphicsItem) -> QGraphicsItem:
        """Put a plain Qt item into the view (view coordinates; not part of auto-range)."""
        self.plotItem.vb.addItem(item, ignoreBounds=True)
        return item

    def _make_legend(self, corner: str = "top-right") -> pg.LegendItem:
        off = {
            "top-right": (-6, 6),
            "top-left": (6, 6),
            "bottom-right": (-6, -6),
            "bottom-left": (6, -6),
        }[corner]
        legend = pg.LegendItem(offset=off, verSpacing=-4, horSpacing=6)
        legend.setParentItem(self.plotItem.vb)
        legend.setZValue(900)
        legend.layout.setContentsMargins(4, 2, 4, 2)
        self._legend = legend
        return legend

    def _corner_text(self, corner: str, z: float = 950.0) -> CornerText:
        item = CornerText(corner, self.plotItem.vb, z)
        item.setColor(self._colors["muted"])
        item.hide()
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

    def _set_thin(self, thin: bool) -> None:
        """Long curves get 1-pixel pens: Qt strokes wider antialiased pens ~4x slower."""
        if thin != self._thin:
            self._thin = thin
            self._restyle()

    def _forget_drawn(self) -> None:
        """Forget what the half-pixel test compares with (subclasses)."""

    def _on_range_changed(self, *_) -> None:
        if self._stale and self._history is not None:
            self._stale = False
            QTimer.singleShot(0, self._redraw)

    def _redraw(self) -> None:
        if self._history is not None:
            history, status = self._history, self._status
            self._key = None
            self._forget_drawn()
            self.show_history(history, status)

    def _unchanged(self, history, status: str) -> bool:
        key = history_key(history, status)
        if key == self._key and history is self._history:
            return True
        self._key = key
        self._history = history
        self._status = status
        self.redraws += 1
        return False

    def _pixel_size(self) -> tuple[float, float] | None:
        """The size of a pixel in view coordinates; None before the plot is laid out."""
        vb = self.plotItem.vb
        if not self.isVisible() or vb.width() < 2 or vb.height() < 2:
            return None
        try:
            pw, ph = vb.viewPixelSize()
        except Exception:  # a degenerate view range
            return None
        if not (math.isfinite(pw) and math.isfinite(ph) and pw > 0 and ph > 0):
            return None
        return pw, ph


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


