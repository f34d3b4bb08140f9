"""The loss per step: an epoch axis on top, a log-scale toggle, the current value marked.

Several runs: one curve (with its own :class:`MinMaxDecimator`) and one current-value
marker per visible run; the value label and the corner note are the selected run's.
``mark_branch(step)`` draws a dashed line where a run branched off (time travel).

A run with a learning-rate schedule (a history ``with_lr``) also shows its η: a thin,
muted curve on a second axis at the right ("η (schedule)"), on a log scale when the rates
span more than a decade; the selected run's, from ``history.lr``, decimated as the loss.
"""

from __future__ import annotations

import math
import time

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QBrush, QColor
from PySide6.QtWidgets import QToolButton

from ...core.plotmath import MAX_POINTS, MinMaxDecimator, fmt, nice_ceil
from ..theme import DEFAULT_THEME
from .axes import LossAxis
from .base import LABEL_PT, THIN_ABOVE, BasePlot, moved_less_than, status_text
from .items import Label, Marker, Polyline, RangeAnchor, label_scene_rect

translate = QCoreApplication.translate


class LossPlot(BasePlot):
    """Loss per step, an epoch axis on top, a log-scale toggle, the current value marked."""

    def __init__(self, parent=None, theme_name: str = DEFAULT_THEME):
        super().__init__(parent, theme_name, {"left": LossAxis("left"), "right": LossAxis("right")})
        self.setAccessibleName(translate("LossPlot", "Loss plot"))
        self.setToolTip(translate("LossPlot", "The loss after every step"))
        pi = self.plotItem
        #: steps on the bottom axis, epochs on the top one (its scale: 1 / steps per epoch)
        self.epoch_axis = pi.getAxis("top")
        pi.showAxis("top")
        self._log = False
        self._branch: int | None = None
        self._note_time = 0.0
        self._spe = 1
        self._spe_from_history: tuple[int, int] | None = None
        self.curve = self._add(Polyline(z=2))
        self.range_item = RangeAnchor()
        pi.vb.addItem(self.range_item)
        self.marker = self._add(Marker("o", 9))
        self.value_label = self._add(Label((1.0, 1.0)))
        self.note = self._corner_text("top-right")  # a falling curve leaves it empty
        #: where a run branched off (time travel): a dashed vertical line and its label
        self.branch_line = pg.InfiniteLine(
            angle=90,
            movable=False,
            label="",
            labelOpts={"position": 0.92, "anchors": [(0, 0.5), (0, 0.5)]},
        )
        self.branch_line.setZValue(1)
        self.branch_line.hide()
        pi.vb.addItem(self.branch_line, ignoreBounds=True)
        pi.vb.enableAutoRange(x=True, y=True)
        pi.vb.setDefaultPadding(0.04)
        # the log-scale toggle: an action (context menu, window menus) and a corner button
        self.action_log_scale = QAction(translate("LossPlot", "&Log scale"), self)
        self.action_log_scale.setCheckable(True)
        self.action_log_scale.setToolTip(
            translate(
                "LossPlot",
                "Show the loss on a logarithmic scale (non-positive values are left out)",
            )
        )
        self.action_log_scale.toggled.connect(self.set_log_scale)
        self._add_menu_action(self.action_log_scale)
        pi.ctrl.logYCheck.toggled.connect(self.set_log_scale)
        self.log_button = QToolButton(self)
        self.log_button.setCheckable(True)
        self.log_button.toggled.connect(self.set_log_scale)
        self.log_button.setText(translate("LossPlot", "log"))
        self.log_button.setAccessibleName(translate("LossPlot", "Logarithmic loss scale"))
        self.log_button.setToolTip(self.action_log_scale.toolTip())
        self.log_button.setAutoRaise(True)
        self.log_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self._set_label("bottom", translate("LossPlot", "step"))
        self._set_label("left", translate("LossPlot", "loss"))
        self._set_title(translate("LossPlot", "Loss"))
        self._apply_epoch_axis()
        self._init_lr_axis()
        self.set_theme(theme_name)

    # --- log scale ------------------------------------------------------------------------
    @property
    def log_scale(self) -> bool:
        return self._log

    def set_log_scale(self, on: bool) -> None:
        """Logarithmic loss axis on or off; non-positive losses are then left out."""
        on = bool(on)
        if on == self._log:
            return
        self._log = on
        for control in (self.action_log_scale, self.log_button):
            blocked = control.blockSignals(True)
            control.setChecked(on)
            control.blockSignals(blocked)
        self.plotItem.setLogMode(x=False, y=on)
        for st in self._runs.values():
            st.cache["decimator"] = MinMaxDecimator(self._run_points, positive=on)
            st.cache["decimated"] = None
        self._redraw_all()
        self.plotItem.vb.enableAutoRange(x=True, y=True)

    # --- API ------------------------------------------------------------------------------
    def set_problem(self, problem, experiment=None) -> None:
        self.clear_run()
        self.problem, self.experiment = problem, experiment
        n = problem.n_samples
        bs = experiment.batch_size if experiment is not None else None
        self._spe = 1 if (n is None or bs is None or bs >= n) else -(-n // bs)
        self._spe_from_history = None
        self._apply_epoch_axis()
        if n is not None:
            self._set_label("left", translate("LossPlot", "loss (MSE)"))
        else:
            names = ", ".join(problem.param_names)
            self._set_label("left", translate("LossPlot", "loss f({names})").format(names=names))
        self._title_status = None
        self._set_title(translate("LossPlot", "Loss"))
        self.mark_branch(None)
        self._clear_lr()
        self.plotItem.vb.enableAutoRange(x=True, y=True)

    def mark_branch(self, step: int | None) -> None:
        """A dashed vertical line at ``step`` labelled "branch at step k"; None removes it.

        It stays through :meth:`clear_run` (a branched run starts over from there) and
        goes with :meth:`set_problem`.
        """
        self._branch = None if step is None else int(step)
        line = self.branch_line
        if self._branch is None:
            line.hide()
            return
        line.setValue(float(self._branch))
        line.label.setFormat(
            translate("LossPlot", "branch at step {step}").format(step=self._branch)
        )
        line.show()
        line.label.valueChanged()  # the text, now (a hidden label is not updated)

    @property
    def branch_step(self) -> int | None:
        return self._branch

    def clear_run(self) -> None:
        super().clear_run()
        self._clear_items()
        if hasattr(self, "lr_curve"):
            self._clear_lr()

    def _clear_items(self) -> None:
        self.range_item.set_bounds(None)
        self.curve.setData([], [])
        self.marker.set_point(None)
        self._clear_details()

    def _clear_details(self) -> None:
        self.value_label.setText("")
        self.note.setText("")

    # --- runs -----------------------------------------------------------------------------
    def _new_run(self, st) -> None:
        if st.index == 0:
            curve, marker = self.curve, self.marker
        else:
            curve, marker = self._add(Polyline(z=2)), self._add(Marker("o", 9))
            marker.setScale(self._scale)
        st.items.update(curve=curve, marker=marker)
        st.cache.update(
            decimator=MinMaxDecimator(self._run_points, positive=self._log),
            decimated=None,  # the history the decimator has seen
            drawn=None,  # (rows, x, y, status) of the last drawn point
            bounds=None,  # (x0, x1, lo, hi) of the drawn curve, view coordinates
            points=0,
        )
        self._style_run(st)

    def _run_points_changed(self) -> None:
        for st in self._runs.values():
            if st.items:
                st.cache["decimator"] = MinMaxDecimator(self._run_points, positive=self._log)
                st.cache["decimated"] = None

    def _drop_run_items(self, st) -> None:
        if st.index == 0:
            self.curve.setData([], [])
            self.marker.set_point(None)
        else:
            for item in st.items.values():
                if item.scene() is not None:
                    self.plotItem.vb.removeItem(item)
        st.items.clear()
        self._update_union_range()

    def _apply_run_visibility(self, st) -> None:
        shown = self.run_visible(st.index)
        st.items["curve"].setVisible(shown)
        marker = st.items["marker"]
        marker.setVisible(shown and st.cache.get("marker_at") is not None)
        if not shown and st.index == self._selected:
            self._clear_details()
        if shown and st.history is not None and st.cache.get("hidden_since") is not None:
            st.key = None  # hidden, it was not drawn: draw it now
            st.cache["hidden_since"] = None
            self.show_history(st.history, st.status, run=st.index)
        self._update_union_range()

    def _selection_changed(self) -> None:
        st = self._runs.get(self._selected)
        self._clear_details()
        if st is not None and st.history is not None:
            self._title_status = None
            st.key = None
            self.show_history(st.history, st.status, run=st.index)

    def _forget_drawn(self, run: int = 0) -> None:
        st = self._runs.get(run)
        if st is not None:
            st.cache["drawn"] = None

    def _apply_epoch_axis(self) -> None:
        spe = self._spe
        self.epoch_axis.setScale(1.0 / spe)
        if spe > 1:
            self.plotItem.showAxis("top")
            self._set_label("top", translate("LossPlot", "epoch ({n} steps each)").format(n=spe))
            self._set_label("bottom", translate("LossPlot", "step"))
        else:
            self.plotItem.hideAxis("top")
            self._set_label("bottom", translate("LossPlot", "step = epoch (full batch)"))

    def _update_steps_per_epoch(self, history) -> None:
        n = len(history)
        if n < 2 or self._spe_from_history is not None:
            return
        epoch = history.epoch
        if epoch[-1] < 1:
            return
        i = int(np.searchsorted(epoch, 1))
        spe = int(history.step[i]) - 1 if i < n else 0
        if spe >= 1:
            self._spe_from_history = (spe, i)
            if spe != self._spe:
                self._spe = spe
                self._apply_epoch_axis()

    def _y_view(self, y: np.ndarray) -> np.ndarray:
        """Loss values in view coordinates (log10 on a log scale)."""
        if not self._log:
            return y
        with np.errstate(all="ignore"):
            return np.log10(y)

    def show_history(self, history, status: str = "", run: int = 0) -> None:
        if self._unchanged(history, status, run):
            return
        st = self._runs[run]
        c = st.cache
        selected = run == self._selected
        if selected:
            self._update_title(status)
            self._show_lr(history if self.run_visible(run) else None)
        if not self.run_visible(run):  # drawn when shown again
            c["hidden_since"] = len(history)
            return
        curve = st.items["curve"]
        self._cache_if_still(curve, status)
        n = len(history)
        if n == 0:
            curve.setData([], [])
            self._set_marker(st, None)
            c["drawn"], c["bounds"], c["points"] = None, None, 0
            self._update_union_range()
            if selected:
                self._clear_details()
            return
        self._update_steps_per_epoch(history)
        if history is not c["decimated"]:
            c["decimator"].reset()
            c["drawn"] = None
            c["decimated"] = history
        loss, steps = history.loss, history.step
        last = float(loss[-1])
        step = int(steps[-1])
        # skip the curve when the new steps all lie within half a pixel of the drawn end
        drawn = c["drawn"]
        thinned = getattr(history, "thinned", 0)  # a thinning moves rows: compare afresh
        if drawn is not None and drawn[0] <= n and status == drawn[3] and thinned == drawn[4]:
            new = np.column_stack(
                [steps[drawn[0] - 1 :].astype(float), self._y_view(loss[drawn[0] - 1 :])]
            )
            skip = moved_less_than(new, (drawn[1], drawn[2]), self._pixel_size())
            if skip:  # these rows are drawn, as far as the eye can tell: check only newer ones
                c["drawn"] = (n, *drawn[1:])
                self._stale = True
        else:
            skip = False
        shown = math.isfinite(last) and (last > 0 or not self._log)
        yv = math.log10(last) if shown and self._log else last
        if not skip:
            idx = c["decimator"].update(loss, generation=thinned)
            c["points"] = len(idx)
            self._set_thin(sum(r.cache.get("points", 0) for r in self._runs.values()) > THIN_ABOVE)
            xd, yd = steps[idx].astype(float), self._y_view(loss[idx])
            curve.setData(xd, yd)
            c["bounds"] = self._bounds(xd, yd)
            self._update_union_range()
            self._set_marker(st, (float(step), yv) if shown else None)
            c["drawn"] = (n, float(step), yv, status, thinned)
        if not selected:
            return
        if not skip:
            if shown:
                self.value_label.setPos(float(step), yv)
                self.value_label.setText(fmt(last, 5))
                self._keep_label_clear()
            else:
                self.value_label.setText("")
        # the note changes every step: at most four times a second while running
        now = time.monotonic()
        if not skip or status != "running" or now - self._note_time > 0.25:
            self._note_time = now
            self.note.setText(self._note_text(step, last, c["decimator"].invalid))

    def _set_marker(self, st, point: tuple[float, float] | None) -> None:
        marker = st.items["marker"]
        st.cache["marker_at"] = point
        if point is None:
            marker.set_point(None)
        else:
            marker.set_point(*point)
            marker.setVisible(self.run_visible(st.index))

    def _after_overlays(self) -> None:
        self._keep_label_clear()

    def _view_moved(self, *_) -> None:
        self._label_moved = True

    def _place_label_if_moved(self) -> None:
        if self._label_moved:
            self._label_moved = False
            self._keep_label_clear()

    def _keep_label_clear(self) -> None:
        """Put the current value's label beside its point where it covers no legend or
        corner text (left and above, right and above, left and below, right and below);
        hide it where every side would (the corner note says the value too)."""
        label = self.value_label
        if not label.text():
            return
        others = [
            item.sceneBoundingRect()
            for item in (*self._corner_items, self._legend)
            if item is not None and item is not self._readout and item.isVisible()
        ]
        view = self.plotItem.vb.sceneBoundingRect()
        clear = []  # the sides that cover nothing, the ones inside the view first
        for anchor in ((1.0, 1.0), (0.0, 1.0), (1.0, 0.0), (0.0, 0.0)):
            label.set_anchor(anchor)
            rect = label_scene_rect(label)
            if not any(rect.intersects(r) for r in others):
                if view.contains(rect):  # not cut at the view's edge (step 0: the left)
                    label.show()
                    return
                clear.append(anchor)
        if clear:
            label.set_anchor(clear[0])
            label.show()
        else:
            label.hide()

    def _overlay_points(self) -> np.ndarray:
        curves = [st.items["curve"] for st in self._runs.values() if "curve" in st.items]
        curves = [c for c in curves if c.isVisible()] or [self.curve]
        return np.concatenate([np.column_stack([c.xData, c.yData]) for c in curves])

    def _apply_scale(self, factor: float) -> None:
        self.marker.setScale(factor)
        self._sync_lr_view()
        for st in self._runs.values():
            if "marker" in st.items:
                st.items["marker"].setScale(factor)
        self.value_label.set_point_size(self._corner_pt * factor)
        font = self.log_button.font()
        font.setPointSizeF(self._tick_pt * factor)
        self.log_button.setFont(font)
        self.resizeEvent(None)

    def _note_text(self, step: int, last: float, hidden: int) -> str:
        notes = [self.run_name(self._selected)] if self.multi_run else []
        spe = self._spe
        if spe > 1:
            notes.append(
                translate("LossPlot", "step {step} · epoch {epoch}").format(
                    step=step, epoch=fmt(step / spe, 5)
                )
            )
        else:
            notes.append(translate("LossPlot", "step {step}").format(step=step))
        notes.append(translate("LossPlot", "loss {value}").format(value=fmt(last, 6)))
        if hidden:
            notes.append(
                translate("LossPlot", "{n} non-positive value(s) not shown").format(n=f"{hidden:,}")
                if self._log
                else translate("LossPlot", "{n} non-finite value(s) not shown").format(
                    n=f"{hidden:,}"
                )
            )
        return "   ".join(notes)

    @staticmethod
    def _bounds(x: np.ndarray, y: np.ndarray) -> tuple[float, float, float, float] | None:
        ok = np.isfinite(y)
        if not ok.any():
            return None
        return float(x[0]), float(x[-1]), float(y[ok].min()), float(y[ok].max())

    def _update_union_range(self) -> None:
        """Move the auto-range corners when the drawn curves outgrow them (view coords)."""
        bounds = [
            st.cache["bounds"]
            for st in self._runs.values()
            if st.cache.get("bounds") is not None and self.run_visible(st.index)
        ]
        if not bounds:
            return
        x0 = min(b[0] for b in bounds)
        x1 = max(x0 + 1.0, nice_ceil(max(b[1] for b in bounds)))
        lo, hi = min(b[2] for b in bounds), max(b[3] for b in bounds)
        if self._log:  # y is log10(loss): half decades
            ylo, yhi = math.floor(2 * lo) / 2, math.ceil(2 * hi) / 2
        else:
            span = hi - lo if hi > lo else (abs(hi) or 1.0)
            q = 10 ** math.floor(math.log10(span)) / 2
            ylo, yhi = math.floor(lo / q) * q, math.ceil(hi / q) * q
        if yhi <= ylo:
            yhi = ylo + (abs(ylo) or 1.0)
        self.range_item.set_bounds((x0, x1, ylo, yhi))

    def _update_title(self, status: str) -> None:
        if getattr(self, "_title_status", None) == status:
            return
        self._title_status = status
        title = translate("LossPlot", "Loss")
        if status:
            title = translate("LossPlot", "Loss ({status})").format(status=status_text(status))
        self._set_title(title)

    def _hover_text(self, x: float, y: float) -> str:
        h = self._history
        if h is None or len(h) == 0:
            v = 10**y if self._log else y
            return translate("LossPlot", "loss {value}").format(value=fmt(v))
        steps = h.step
        i = int(np.clip(np.searchsorted(steps, x), 0, len(h) - 1))
        if i > 0 and abs(steps[i - 1] - x) < abs(steps[i] - x):
            i -= 1
        step = int(steps[i])
        where = translate("LossPlot", "step {step}").format(step=step)
        if self._spe > 1:
            where += " · " + translate("LossPlot", "epoch {epoch}").format(
                epoch=fmt(step / self._spe, 5)
            )
        return (
            where
            + "\n"
            + translate("LossPlot", "loss {value}").format(value=fmt(float(h.loss[i]), 6))
        )

    def resizeEvent(self, ev):  # noqa: N802
        if ev is not None:
            super().resizeEvent(ev)
        if hasattr(self, "log_button"):
            b = self.log_button
            b.adjustSize()
            b.move(self.width() - b.width() - 4, 4)

    def _style_run(self, st) -> None:
        t = self._colors
        w = self._pen_width
        colour = self.run_colour(st.index)
        st.items["curve"].setPen(pg.mkPen(colour, width=w(1 if self._thin else 1.8)))
        st.items["marker"].setBrush(pg.mkBrush(colour))
        st.items["marker"].setPen(pg.mkPen(t["marker_edge"], width=w(1.5)))

    def _legend_entries(self) -> list:
        return self._run_entries() if self.multi_run else []

    def _update_legend(self) -> None:
        if self._legend is None and self.multi_run:
            self._make_legend("bottom-left")
            self.set_theme(self._theme_name)  # the legend's colours
        super()._update_legend()

    def _restyle(self) -> None:
        t = self._colors
        w = self._pen_width
        for st in self._runs.values():
            if st.items:
                self._style_run(st)
        if 0 not in self._runs:  # run 0's items exist before its first history
            colour = self.run_colour(0)
            self.curve.setPen(pg.mkPen(colour, width=w(1 if self._thin else 1.8)))
            self.marker.setBrush(pg.mkBrush(colour))
            self.marker.setPen(pg.mkPen(t["marker_edge"], width=w(1.5)))
        self.branch_line.setPen(pg.mkPen(t["foreground"], width=w(1.2), style=Qt.PenStyle.DashLine))
        self.branch_line.label.setColor(t["foreground"])
        self.value_label.setBrush(QBrush(QColor(t["foreground"])))
        self.note.setColor(t["muted"])
        fg, bg = t["foreground"], t["background"]
        self.log_button.setStyleSheet(
            f"QToolButton {{ color: {fg}; background: {bg}; border: 1px solid {t['axis']};"
            f" border-radius: 3px; padding: 1px 6px; }}"
            f"QToolButton:checked {{ background: {self._run_color}; color: #ffffff;"
            f" border-color: {self._run_color}; }}"
        )
        self._restyle_lr()

    # --- the scheduled learning rate on the right-hand axis ------------------------------
    def _init_lr_axis(self) -> None:
        """A second view box over the loss view, sharing its steps, for the scheduled η."""
        pi = self.plotItem
        self.lr_axis = pi.getAxis("right")
        self.lr_view = pg.ViewBox(enableMenu=False)
        self.lr_view.setMouseEnabled(x=False, y=False)
        self.lr_view.setEnabled(False)  # clicks, drags and the wheel go to the loss view
        self.lr_view.setParentItem(pi)
        self.lr_view.setXLink(pi.vb)
        self.lr_view.setZValue(pi.vb.zValue() + 1)
        self.lr_axis.linkToView(self.lr_view)
        self.lr_curve = Polyline(z=1)
        self.lr_view.addItem(self.lr_curve, ignoreBounds=True)
        self._lr_decimator = MinMaxDecimator(MAX_POINTS)
        self._lr_history = None
        self._lr_log = False
        self._lr_range: tuple[float, float] | None = None
        pi.vb.sigResized.connect(self._sync_lr_view)
        self._clear_lr()
        # the value label's side depends on where the view puts its point: chosen again
        # when a new range or size is painted (after the view box has applied it in the
        # scene's prepare-for-paint, so the label is placed in that same paint)
        self._label_moved = False
        pi.vb.sigRangeChanged.connect(self._view_moved)
        pi.vb.sigResized.connect(self._view_moved)
        self.scene().sigPrepareForPaint.connect(self._place_label_if_moved)

    @property
    def lr_shown(self) -> bool:
        """Whether the scheduled η is drawn (the run has a schedule)."""
        return self.lr_curve.isVisible()

    @property
    def lr_log_scale(self) -> bool:
        """Whether the η axis is logarithmic (the rates span more than a decade)."""
        return self._lr_log

    def _sync_lr_view(self) -> None:
        self.lr_view.setGeometry(self.plotItem.vb.geometry())
        self.lr_view.linkedViewChanged(self.plotItem.vb, self.lr_view.XAxis)

    def _clear_lr(self) -> None:
        self.lr_curve.setData([], [])
        self.lr_curve.hide()
        self.plotItem.hideAxis("right")
        self._lr_decimator.reset()
        self._lr_history = None
        self._lr_range = None

    def _show_lr(self, history) -> None:
        """Draw ``history.lr`` (None, or a history without it: no η curve)."""
        lr = getattr(history, "lr", None) if history is not None else None
        if lr is None or len(lr) < 2:
            if self.lr_curve.isVisible() or lr is None:
                self._clear_lr()
            return
        if history is not self._lr_history:
            self._lr_decimator.reset()
            self._lr_history = history
        idx = self._lr_decimator.update(lr, generation=getattr(history, "thinned", 0))
        if idx.size == 0:
            self._clear_lr()
            return
        x, y = history.step[idx].astype(float), lr[idx]
        positive = y[y > 0]
        lo, hi = (float(positive.min()), float(positive.max())) if positive.size else (0.0, 0.0)
        log = lo > 0 and hi / lo > 10.0
        if log != self._lr_log:
            self._lr_log = log
            self.lr_axis.setLogMode(False, log)
        if log:
            keep = y > 0
            x, y = x[keep], np.log10(y[keep])
            ylo, yhi = math.log10(lo), math.log10(hi)
        else:
            ylo, yhi = float(np.min(y)), float(np.max(y))
            ylo = min(ylo, 0.0)  # a linear rate axis starts at zero
        if yhi <= ylo:
            yhi = ylo + (abs(ylo) or 1.0)
        self.lr_curve.setData(x, y)
        if (ylo, yhi) != self._lr_range:
            self._lr_range = (ylo, yhi)
            self.lr_view.setYRange(ylo, yhi, padding=0.06)
        if not self.lr_curve.isVisible():
            self.lr_curve.show()
            self.plotItem.showAxis("right")
            self._sync_lr_view()

    def _restyle_lr(self) -> None:
        t = self._colors
        muted = t["muted"]
        self.lr_curve.setPen(
            pg.mkPen(muted, width=self._pen_width(1.0), style=Qt.PenStyle.DashLine)
        )
        self.lr_axis.setPen(pg.mkPen(muted))
        self.lr_axis.setTextPen(pg.mkPen(muted))
        # the axis's own label: PlotItem.setLabel would show the axis without a schedule
        self.lr_axis.setLabel(
            translate("LossPlot", "η (schedule)"),
            **{"color": muted, "font-size": f"{LABEL_PT * self._scale:g}pt"},
        )
