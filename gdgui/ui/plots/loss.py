"""The loss per step: an epoch axis on top, a log-scale toggle, the current value marked."""

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
from .base import THIN_ABOVE, BasePlot, moved_less_than, status_text
from .items import Label, Marker, Polyline, RangeAnchor, label_scene_rect

translate = QCoreApplication.translate


class LossPlot(BasePlot):
    """Loss per step, an epoch axis on top, a log-scale toggle, the current value marked."""

    def __init__(self, parent=None, theme_name: str = DEFAULT_THEME):
        super().__init__(parent, theme_name, {"left": LossAxis("left")})
        self.setAccessibleName(translate("LossPlot", "Loss plot"))
        self.setToolTip(translate("LossPlot", "The loss after every step"))
        pi = self.plotItem
        #: steps on the bottom axis, epochs on the top one (its scale: 1 / steps per epoch)
        self.epoch_axis = pi.getAxis("top")
        pi.showAxis("top")
        self._log = False
        self._decimator = MinMaxDecimator(MAX_POINTS)
        self._decimated = None  # the history the decimator has seen
        self._drawn: tuple | None = None  # (rows, x, y, status, thinned) of the last drawn
        self._note_time = 0.0
        self._spe = 1
        self._spe_from_history: tuple[int, int] | None = None
        self.curve = self._add(Polyline(z=2))
        self.range_item = RangeAnchor()
        pi.vb.addItem(self.range_item)
        self.marker = self._add(Marker("o", 9))
        self.value_label = self._add(Label((1.0, 1.0)))
        self.note = self._corner_text("top-right")  # a falling curve leaves it empty
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
        history, status = self._history, self._status
        self.clear_run()
        self.plotItem.setLogMode(x=False, y=on)
        self._decimator = MinMaxDecimator(MAX_POINTS, positive=on)
        if history is not None:
            self.show_history(history, status)
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
        self.plotItem.vb.enableAutoRange(x=True, y=True)

    def clear_run(self) -> None:
        super().clear_run()
        self._clear_items()

    def _clear_items(self) -> None:
        self._decimator.reset()
        self._drawn = None
        self.range_item.set_bounds(None)
        self.curve.setData([], [])
        self.marker.set_point(None)
        self.value_label.setText("")
        self.note.setText("")

    def _forget_drawn(self) -> None:
        self._drawn = None

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

    def show_history(self, history, status: str = "") -> None:
        if self._unchanged(history, status):
            return
        n = len(history)
        self._update_title(status)
        if n == 0:
            self._clear_items()
            return
        self._update_steps_per_epoch(history)
        if history is not self._decimated:
            self._decimator.reset()
            self._drawn = None
            self._decimated = history
        loss, steps = history.loss, history.step
        last = float(loss[-1])
        step = int(steps[-1])
        # skip the curve when the new steps all lie within half a pixel of the drawn end
        drawn = self._drawn
        thinned = getattr(history, "thinned", 0)  # a thinning moves rows: compare afresh
        if drawn is not None and drawn[0] <= n and status == drawn[3] and thinned == drawn[4]:
            new = np.column_stack(
                [steps[drawn[0] - 1 :].astype(float), self._y_view(loss[drawn[0] - 1 :])]
            )
            skip = moved_less_than(new, (drawn[1], drawn[2]), self._pixel_size())
            if skip:  # these rows are drawn, as far as the eye can tell: check only newer ones
                self._drawn = (n, *drawn[1:])
                self._stale = True
        else:
            skip = False
        if not skip:
            idx = self._decimator.update(loss, generation=thinned)
            self._set_thin(len(idx) > THIN_ABOVE)
            xd, yd = steps[idx].astype(float), self._y_view(loss[idx])
            self.curve.setData(xd, yd)
            self._update_range(xd, yd)
            shown = math.isfinite(last) and (last > 0 or not self._log)
            yv = math.log10(last) if shown and self._log else last
            if shown:
                self.marker.set_point(float(step), yv)
                self.value_label.setPos(float(step), yv)
                self.value_label.setText(fmt(last, 5))
                self._keep_label_clear()
            else:
                self.marker.set_point(None)
                self.value_label.setText("")
            self._drawn = (n, float(step), yv, status, thinned)
        # the note changes every step: at most four times a second while running
        now = time.monotonic()
        if not skip or status != "running" or now - self._note_time > 0.25:
            self._note_time = now
            self.note.setText(self._note_text(step, last, self._decimator.invalid))

    def _after_overlays(self) -> None:
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
        for anchor in ((1.0, 1.0), (0.0, 1.0), (1.0, 0.0), (0.0, 0.0)):
            label.set_anchor(anchor)
            rect = label_scene_rect(label)
            if not any(rect.intersects(r) for r in others):
                label.show()
                return
        label.hide()

    def _overlay_points(self) -> np.ndarray:
        return np.column_stack([self.curve.xData, self.curve.yData])

    def _apply_scale(self, factor: float) -> None:
        self.marker.setScale(factor)
        self.value_label.set_point_size(self._corner_pt * factor)
        font = self.log_button.font()
        font.setPointSizeF(self._tick_pt * factor)
        self.log_button.setFont(font)
        self.resizeEvent(None)

    def _note_text(self, step: int, last: float, hidden: int) -> str:
        notes = []
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

    def _update_range(self, x: np.ndarray, y: np.ndarray) -> None:
        """Move the auto-range corners when the drawn curve outgrows them (view coords)."""
        ok = np.isfinite(y)
        if not ok.any():
            return
        x0 = float(x[0])
        x1 = max(x0 + 1.0, nice_ceil(float(x[-1])))
        lo, hi = float(y[ok].min()), float(y[ok].max())
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

    def _restyle(self) -> None:
        t = self._colors
        w = self._pen_width
        self.curve.setPen(pg.mkPen(self._run_color, width=w(1 if self._thin else 1.8)))
        self.marker.setBrush(pg.mkBrush(self._run_color))
        self.marker.setPen(pg.mkPen(t["marker_edge"], width=w(1.5)))
        self.value_label.setBrush(QBrush(QColor(t["foreground"])))
        self.note.setColor(t["muted"])
        fg, bg = t["foreground"], t["background"]
        self.log_button.setStyleSheet(
            f"QToolButton {{ color: {fg}; background: {bg}; border: 1px solid {t['axis']};"
            f" border-radius: 3px; padding: 1px 6px; }}"
            f"QToolButton:checked {{ background: {self._run_color}; color: #ffffff;"
            f" border-color: {self._run_color}; }}"
        )


