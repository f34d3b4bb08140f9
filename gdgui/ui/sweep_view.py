"""The sweep view: final loss against the learning rate, or a step size × momentum map.

:class:`SweepPlot` draws a :class:`~gdgui.core.sweep.SweepResult`:

* one axis (the learning rate): the chosen metric against it on log axes, one curve
  per optimizer, diverged configurations as crosses along the top, and the analytic
  stability limit (2/λ_max; 2(1 + μ)/λ_max with momentum) as a vertical line;
* two axes (learning rate × momentum): an image coloured by the metric (the
  convergence rate ρ by default, 0 to 1; diverged cells red) with the analytic
  boundary η_max(μ) drawn over it.

:class:`SweepView` is a dock-able widget around it: axis controls, steps, metric,
optimizers, Run, a progress bar and Cancel. The sweep runs in a superqt generator
worker off the GUI thread, one chunk of configurations at a time (each chunk one
:func:`~gdgui.core.runner.run_many` call, at least ~50 µs × steps of work); the GUI
thread only redraws when a chunk arrives. Clicking a point emits
:attr:`SweepView.run_requested` with that configuration,
``{"optimizer": name, "hyperparams": {...}}``.
"""

from __future__ import annotations

import copy
import math
import time
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ..core import optimizers as optim
from ..core.experiment import Experiment
from ..core.plotmath import fmt
from ..core.runner import Status
from ..core.sweep import SweepError, SweepResult, iter_sweep, make_axis
from .core_text import core_text
from .plots.axes import LossAxis
from .theme import run_color, theme

__all__ = ["METRICS", "SweepPlot", "SweepView"]

#: metric key -> (attribute of SweepResult, drawn on a log scale)
METRICS: dict[str, tuple[str, bool]] = {
    "final_loss": ("final_loss", True),
    "min_loss": ("min_loss", True),
    "loss_at": ("loss_at", True),
    "rate": ("rate", False),
    "steps": ("steps", False),
}

_DIVERGED_RGBA = (214, 40, 40, 255)


def _metric_values(res: SweepResult, metric: str) -> np.ndarray:
    attr, _ = METRICS[metric]
    v = getattr(res, attr)
    if v is None:
        raise SweepError(
            QCoreApplication.translate("SweepPlot", "{0}: this sweep did not compute it").format(
                metric
            )
        )
    return np.asarray(v, dtype=float)


class SweepPlot(pg.PlotWidget):
    """A sweep's 1D curves or 2D map (see the module docstring)."""

    #: emitted with the flat configuration index of a clicked point
    point_clicked = Signal(int)

    def __init__(self, parent: QWidget | None = None, theme_name: str = "light") -> None:
        self._theme = theme(theme_name)
        super().__init__(
            parent,
            background=self._theme["background"],
            axisItems={"bottom": LossAxis("bottom"), "left": LossAxis("left")},
        )
        self.result: SweepResult | None = None
        self.metric_key = "final_loss"
        self.image: pg.ImageItem | None = None
        self.boundary: pg.GraphicsObject | None = None
        fg = self._theme["foreground"]
        for name in ("bottom", "left"):
            ax = self.getAxis(name)
            ax.setPen(self._theme["axis"])
            ax.setTextPen(fg)
        self.showGrid(x=True, y=True, alpha=self._theme["grid_alpha"])
        self.legend = self.plotItem.addLegend(
            offset=(-10, -40),
            brush=self._theme["legend_brush"],
            pen=self._theme["legend_pen"],
            labelTextColor=self._theme["foreground"],
        )
        self.colorbar: pg.ColorBarItem | None = None
        self._cmap = pg.colormap.get("viridis")
        self._key: tuple | None = None
        self._curves: list[pg.PlotDataItem] = []
        self._crosses: dict[int, pg.PlotDataItem] = {}
        self.scene().sigMouseClicked.connect(self._on_click)

    # --- drawing ------------------------------------------------------------------
    def show_result(self, res: SweepResult, metric: str = "final_loss") -> None:
        """Draw ``res`` (partial results too) coloured or plotted by ``metric``."""
        self.result, self.metric_key = res, metric
        key = (id(res.axes), res.optimizers, metric)
        if key == self._key and self._update(res, metric):
            return  # the same sweep, further on: new data in the same items
        self._key = key
        self._curves, self._crosses = [], {}
        pi = self.plotItem
        pi.clear()
        self.legend.clear()
        self.legend.setVisible(len(res.axes) == 1)
        pi.setTitle(None)
        if self.colorbar is not None:
            self.colorbar.setVisible(len(res.axes) == 2)
        self.image = self.boundary = None
        if len(res.axes) == 1:
            self._draw_1d(res, metric)
        else:
            self._draw_2d(res, metric)

    def _label(self, metric: str) -> str:
        return {
            "final_loss": self.tr("final loss"),
            "min_loss": self.tr("minimum loss"),
            "loss_at": self.tr("loss at step {0}").format(
                self.result.loss_step if self.result else ""
            ),
            "rate": self.tr("convergence rate ρ per step"),
            "steps": self.tr("steps until it stopped"),
        }[metric]

    def _draw_1d(self, res: SweepResult, metric: str) -> None:
        ax = res.axes[0]
        log_y = METRICS[metric][1]
        pi = self.plotItem
        pi.setLogMode(x=ax.log, y=log_y)
        pi.setLabel("bottom", ax.name)
        pi.setLabel("left", self._label(metric))
        x = ax.values
        symbols = {"symbol": "o", "symbolSize": 4, "symbolPen": None} if len(x) <= 100 else {}
        for i, (name, (y, xd, yd)) in enumerate(zip(res.optimizers, self._series(res, metric))):
            colour = run_color(i)
            if symbols:
                symbols["symbolBrush"] = colour
            self._curves.append(
                pi.plot(x, y, pen=pg.mkPen(colour, width=2), connect="finite", name=name, **symbols)
            )
            if xd.size:
                self._crosses[i] = pi.plot(
                    xd,
                    yd,
                    pen=None,
                    symbol="x",
                    symbolSize=7,
                    symbolBrush=_DIVERGED_RGBA,
                    symbolPen=pg.mkPen(_DIVERGED_RGBA),
                    name=self.tr("{0}: diverged").format(name),
                )
        if ax.name != "lr":
            return
        for i, name in enumerate(res.optimizers):
            limits = res.stability_limits(name)
            if limits is None or not math.isfinite(limits[0]):
                continue
            pos = math.log10(limits[0]) if ax.log else limits[0]
            colour = run_color(i) if len(res.optimizers) > 1 else self._theme["foreground"]
            line = pg.InfiniteLine(
                pos=pos,
                angle=90,
                pen=pg.mkPen(colour, width=1.5, style=Qt.PenStyle.DashLine),
                label=self.tr("{0} stability limit {1}").format(name, fmt(limits[0])),
                labelOpts={
                    "position": 0.1 + 0.06 * i,
                    "color": colour,
                    "anchors": [(1, 1), (1, 1)],
                },
            )
            pi.addItem(line)
            self.boundary = self.boundary or line

    def _series(self, res: SweepResult, metric: str):
        """Per optimizer: the curve's y (NaN where diverged or not drawable), and the
        diverged points' x and y (a row of crosses along the top)."""
        log_y = METRICS[metric][1]
        vals = _metric_values(res, metric)
        ok = np.isfinite(vals) & (res.status != Status.DIVERGED)
        finite = vals[ok & ((vals > 0) if log_y else True)]
        top = float(finite.max()) if finite.size else None
        x = res.axes[0].values
        out = []
        for i in range(len(res.optimizers)):
            y = vals[i].copy()
            diverged = res.status[i] == Status.DIVERGED
            y[diverged] = np.nan
            if log_y:
                y[~(y > 0)] = np.nan
            if top is None:
                diverged = np.zeros_like(diverged)
            out.append((y, x[diverged], np.full(int(diverged.sum()), top or 0.0)))
        return out

    def _update(self, res: SweepResult, metric: str) -> bool:
        """Put a later state of the drawn sweep into the existing items; False when the
        items do not fit (new diverged points), so the caller redraws."""
        if len(res.axes) == 2:
            if self.image is None:
                return False
            rgba, levels = self._rgba(res, metric)
            self.image.setImage(rgba, autoLevels=False)
            if self.colorbar is not None:
                self.colorbar.setLevels(levels)
            return True
        series = self._series(res, metric)
        if {i for i, (_, xd, _) in enumerate(series) if xd.size} != set(self._crosses):
            return False
        x = res.axes[0].values
        for i, (y, xd, yd) in enumerate(series):
            self._curves[i].setData(x, y)
            if i in self._crosses:
                self._crosses[i].setData(xd, yd)
        return True

    def _rgba(self, res: SweepResult, metric: str):
        """The 2D map's colours (nx, ny, 4) and the colour bar's range."""
        vals = _metric_values(res, metric)[0].copy()  # (nx, ny), the first optimizer
        log_c = METRICS[metric][1]
        diverged = res.status[0] == Status.DIVERGED
        vals[diverged] = np.nan
        if log_c:
            with np.errstate(all="ignore"):
                vals = np.where(vals > 0, np.log10(vals), np.nan)
        if metric == "rate":
            levels = (0.0, 1.0)
        else:
            fin = vals[np.isfinite(vals)]
            levels = (float(fin.min()), float(fin.max())) if fin.size else (0.0, 1.0)
            if levels[0] == levels[1]:
                levels = (levels[0] - 0.5, levels[1] + 0.5)
        lut = self._cmap.getLookupTable(nPts=256, alpha=True)
        norm = np.clip((vals - levels[0]) / (levels[1] - levels[0]), 0.0, 1.0)
        rgba = np.zeros(vals.shape + (4,), dtype=np.ubyte)  # not computed: transparent
        ok = np.isfinite(norm)
        rgba[ok] = lut[(norm[ok] * 255).astype(int)]
        rgba[diverged] = _DIVERGED_RGBA
        return rgba, levels

    def _draw_2d(self, res: SweepResult, metric: str) -> None:
        ax, ay = res.axes
        pi = self.plotItem
        pi.setLogMode(x=ax.log, y=ay.log)
        pi.setLabel("bottom", ax.name)
        pi.setLabel("left", ay.name)
        log_c = METRICS[metric][1]
        rgba, levels = self._rgba(res, metric)
        cmap = self._cmap
        xs = np.log10(ax.values) if ax.log else ax.values
        ys = np.log10(ay.values) if ay.log else ay.values
        dx = (xs[-1] - xs[0]) / max(len(xs) - 1, 1) or 1.0
        dy = (ys[-1] - ys[0]) / max(len(ys) - 1, 1) or 1.0
        img = pg.ImageItem(rgba)  # axis 0 is x, axis 1 is y
        img.setRect(QRectF(xs[0] - dx / 2, ys[0] - dy / 2, dx * len(xs), dy * len(ys)))
        pi.addItem(img)
        self.image = img
        if self.colorbar is None:
            self.colorbar = pg.ColorBarItem(values=levels, colorMap=cmap, interactive=False)
            self.colorbar.getAxis("right").setTextPen(self._theme["foreground"])
            pi.layout.addItem(self.colorbar, 2, 5)
        self.colorbar.setLevels(levels)
        self.colorbar.setVisible(True)
        limits = res.stability_limits() if ax.name == "lr" else None
        if limits is not None:
            fin = np.isfinite(limits)
            # data coordinates: setLogMode transforms the curve like the axis
            curve = pi.plot(
                limits[fin],
                ay.values[fin],
                pen=pg.mkPen("#ffffff", width=2.5, style=Qt.PenStyle.DashLine),
            )
            self.boundary = curve
        pi.setRange(
            xRange=(xs[0] - dx / 2, xs[-1] + dx / 2),
            yRange=(ys[0] - dy / 2, ys[-1] + dy / 2),
            padding=0,
        )
        label = self._label(metric)
        if log_c:
            label = self.tr("log₁₀ of {0}").format(label)
        pi.setTitle(
            self.tr("{0}: {1}; red: diverged; dashed: analytic stability limit").format(
                res.optimizers[0], label
            ),
            color=self._theme["foreground"],
            size="9pt",
        )

    # --- picking --------------------------------------------------------------------
    def index_at(self, x: float, y: float) -> int | None:
        """The flat index of the configuration nearest to the data point (x, y)
        (true values, not logarithms), or None outside the grid or before a sweep."""
        res = self.result
        if res is None:
            return None
        ax = res.axes[0]

        def nearest(axis, v):
            vals = np.log10(axis.values) if axis.log else axis.values
            if axis.log and not v > 0:
                return None
            t = math.log10(v) if axis.log else v
            step = (vals[-1] - vals[0]) / max(len(vals) - 1, 1)
            i = int(np.argmin(np.abs(vals - t)))
            if abs(vals[i] - t) > max(abs(step), 1e-12):
                return None
            return i

        i = nearest(ax, x)
        if i is None:
            return None
        if len(res.axes) == 2:
            j = nearest(res.axes[1], y)
            if j is None:
                return None
            idx = (0, i, j)
        else:
            vals = _metric_values(res, self.metric_key)[:, i]
            log_y = METRICS[self.metric_key][1]
            with np.errstate(all="ignore"):
                if log_y:
                    d = np.abs(
                        np.log10(np.where(vals > 0, vals, np.nan)) - math.log10(y)
                        if y > 0
                        else np.inf
                    )
                else:
                    d = np.abs(vals - y)
            d = np.where(np.isfinite(d), d, np.inf)
            idx = (int(np.argmin(d)), i)
        flat = int(np.ravel_multi_index(idx, res.shape))
        return flat if flat < res.done else None

    def _on_click(self, ev) -> None:
        if ev.button() != Qt.MouseButton.LeftButton:
            return
        vb = self.plotItem.vb
        p = vb.mapSceneToView(ev.scenePos())
        x, y = p.x(), p.y()
        res = self.result
        if res is None:
            return
        if res.axes[0].log:
            x = 10.0**x
        log_y = (len(res.axes) == 2 and res.axes[1].log) or (
            len(res.axes) == 1 and METRICS[self.metric_key][1]
        )
        if log_y:
            y = 10.0**y
        idx = self.index_at(x, y)
        if idx is not None:
            self.point_clicked.emit(idx)

    def scene_point(self, x: float, y: float) -> QPoint:
        """Where the data point (x, y) (true values) is in widget pixels (for tests)."""
        res = self.result
        if res is not None and res.axes[0].log:
            x = math.log10(x)
        if res is not None and (
            (len(res.axes) == 2 and res.axes[1].log)
            or (len(res.axes) == 1 and METRICS[self.metric_key][1])
        ):
            y = math.log10(y)
        sp = self.plotItem.vb.mapViewToScene(QPointF(x, y))
        return self.mapFromScene(sp)


def _snapshot(res: SweepResult) -> SweepResult:
    """A copy the GUI thread can keep while the worker fills the next chunk."""
    out = copy.copy(res)
    for k in ("final_loss", "min_loss", "status", "steps", "rate", "loss_at", "steps_to_target"):
        v = getattr(res, k)
        if v is not None:
            setattr(out, k, v.copy())
    return out


class SweepView(QWidget):
    """Sweep controls and :class:`SweepPlot`; see the module docstring."""

    #: a configuration to add as a run: ``{"optimizer": name, "hyperparams": {...}}``
    run_requested = Signal(dict)
    #: the finished (or cancelled) :class:`SweepResult`
    sweep_finished = Signal(object)
    #: partial results are drawn at most this often while a sweep runs (ms)
    PARTIAL_MS = 500

    def __init__(self, experiment: Experiment | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("SweepView")
        self.setWindowTitle(self.tr("Sweep"))
        self.setAccessibleName(self.tr("Hyperparameter sweep"))
        self.setToolTip(self.tr("Run many configurations at once and compare where they end"))
        self.experiment = experiment if experiment is not None else Experiment()
        self.result: SweepResult | None = None
        self._worker = None
        self._build()
        self.set_experiment(self.experiment)

    # --- layout ---------------------------------------------------------------------
    def _control(self, widget: QWidget, name: str, tip: str) -> QWidget:
        widget.setAccessibleName(name)
        widget.setToolTip(tip)
        return widget

    def _build(self) -> None:
        grid = QGridLayout()
        self.axis_boxes: list[tuple[QComboBox, QLineEdit, QLineEdit, QSpinBox]] = []
        self.second = self._control(
            QCheckBox(self.tr("Second axis"), self),
            self.tr("Second axis"),
            self.tr("Sweep a second hyperparameter too: a map of learning rate × momentum"),
        )
        for row, (label, default) in enumerate(
            (
                (self.tr("Sweep"), ("lr", "0.001", "1", 200)),
                (self.tr("and"), ("momentum", "0", "0.99", 40)),
            )
        ):
            which = self.tr("first") if row == 0 else self.tr("second")
            name_box = self._control(
                QComboBox(self),
                self.tr("Hyperparameter ({0} axis)").format(which),
                self.tr("The hyperparameter to sweep on the {0} axis").format(which),
            )
            lo = self._control(
                QLineEdit(default[1], self),
                self.tr("From ({0} axis)").format(which),
                self.tr("The first value of the sweep"),
            )
            hi = self._control(
                QLineEdit(default[2], self),
                self.tr("To ({0} axis)").format(which),
                self.tr("The last value of the sweep"),
            )
            count = self._control(
                QSpinBox(self),
                self.tr("Count ({0} axis)").format(which),
                self.tr("How many values, log-spaced for learning rates, else evenly spaced"),
            )
            count.setRange(2, 2000)
            count.setValue(default[3])
            if row == 0:
                grid.addWidget(QLabel(label, self), row, 0)
            else:
                grid.addWidget(self.second, row, 0)
            grid.addWidget(name_box, row, 1)
            grid.addWidget(QLabel(self.tr("from"), self), row, 2)
            grid.addWidget(lo, row, 3)
            grid.addWidget(QLabel(self.tr("to"), self), row, 4)
            grid.addWidget(hi, row, 5)
            grid.addWidget(QLabel(self.tr("count"), self), row, 6)
            grid.addWidget(count, row, 7)
            self.axis_boxes.append((name_box, lo, hi, count))
        self.steps = self._control(
            QSpinBox(self), self.tr("Steps"), self.tr("Steps each configuration runs")
        )
        self.steps.setRange(1, 10_000_000)
        self.steps.setValue(1000)
        self.metric_box = self._control(
            QComboBox(self),
            self.tr("Metric"),
            self.tr("What the plot shows for each configuration"),
        )
        for key, text in (
            ("final_loss", self.tr("final loss")),
            ("min_loss", self.tr("minimum loss")),
            ("rate", self.tr("convergence rate ρ")),
            ("steps", self.tr("steps until it stopped")),
        ):
            self.metric_box.addItem(text, key)
        self.metric_box.currentIndexChanged.connect(self._redraw)
        self.optimizers = self._control(
            QListWidget(self),
            self.tr("Optimizers"),
            self.tr("Tick the optimizers to sweep: one curve each"),
        )
        for name in optim.OPTIMIZERS:
            it = QListWidgetItem(name, self.optimizers)
            it.setFlags(it.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            it.setCheckState(Qt.CheckState.Unchecked)
        self.optimizers.setMaximumHeight(80)
        self.run_button = self._control(
            QPushButton(self.tr("Run sweep"), self),
            self.tr("Run sweep"),
            self.tr("Run every configuration of the sweep"),
        )
        self.cancel_button = self._control(
            QPushButton(self.tr("Cancel"), self),
            self.tr("Cancel sweep"),
            self.tr("Stop the sweep; keep what is done"),
        )
        self.cancel_button.setEnabled(False)
        self.progress = self._control(
            QProgressBar(self), self.tr("Sweep progress"), self.tr("Configurations computed so far")
        )
        self.status_label = self._control(
            QLabel("", self), self.tr("Sweep status"), self.tr("What the last sweep found")
        )
        self.status_label.setWordWrap(True)
        self.plot = SweepPlot(self)
        self.plot.setAccessibleName(self.tr("Sweep plot"))
        self.plot.setToolTip(self.tr("Click a point to add that configuration as a run"))
        self.plot.point_clicked.connect(self._emit_config)
        row = QHBoxLayout()
        for w in (
            QLabel(self.tr("Steps"), self),
            self.steps,
            QLabel(self.tr("Metric"), self),
            self.metric_box,
            self.run_button,
            self.cancel_button,
            self.progress,
        ):
            row.addWidget(w)
        lay = QVBoxLayout(self)
        lay.addLayout(grid)
        lay.addWidget(self.optimizers)
        lay.addLayout(row)
        lay.addWidget(self.status_label)
        lay.addWidget(self.plot, 1)
        self.run_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self.cancel)

    def set_experiment(self, experiment: Experiment) -> None:
        """Sweep ``experiment``'s problem from now on (the axes offer its optimizer's
        numeric hyperparameters, and momentum)."""
        self.experiment = experiment
        spec = optim.get(experiment.optimizer_name)
        names = [h.name for h in spec.hyperparams if not h.is_bool]
        if "momentum" not in names:
            names.append("momentum")
        for i, (box, *_rest) in enumerate(self.axis_boxes):
            current = box.currentText() or ("lr" if i == 0 else "momentum")
            box.clear()
            box.addItems(names)
            box.setCurrentText(current if current in names else names[min(i, len(names) - 1)])
        for k in range(self.optimizers.count()):
            it = self.optimizers.item(k)
            it.setCheckState(
                Qt.CheckState.Checked
                if it.text() == experiment.optimizer_name
                else Qt.CheckState.Unchecked
            )

    # --- running --------------------------------------------------------------------
    def _axes(self) -> list:
        rows = self.axis_boxes[: 2 if self.second.isChecked() else 1]
        out = []
        for box, lo, hi, count in rows:
            name = box.currentText()
            try:
                a, b = float(lo.text()), float(hi.text())
            except ValueError:
                raise SweepError(self.tr("{0}: from and to must be numbers").format(name)) from None
            out.append(make_axis(name, a, b, count.value()))
        return out

    def chosen_optimizers(self) -> list[str]:
        """The ticked optimizers (the experiment's when none is ticked)."""
        out = [
            self.optimizers.item(k).text()
            for k in range(self.optimizers.count())
            if self.optimizers.item(k).checkState() == Qt.CheckState.Checked
        ]
        return out or [self.experiment.optimizer_name]

    @property
    def running(self) -> bool:
        return self._worker is not None

    def start(self) -> None:
        """Start the sweep the controls describe (a bad setting is reported in the
        status line instead)."""
        if self.running:
            return
        from superqt.utils import create_worker

        try:
            axes = self._axes()
            # checks everything here; the computation starts in the worker
            gen = iter_sweep(
                self.experiment, axes, self.steps.value(), optimizers=self.chosen_optimizers()
            )
        except (SweepError, ValueError) as e:
            self.status_label.setText(self.tr("Cannot sweep: {0}").format(core_text(e)))
            return
        self.result = None
        self._last_draw = time.monotonic()
        total = gen.result.total
        self.progress.setRange(0, total)
        self.progress.setValue(0)
        self.status_label.setText(self.tr("Sweeping {0} configurations…").format(f"{total:,}"))

        def work():
            for res in gen:
                yield _snapshot(res)

        worker = create_worker(work, _start_thread=False)
        worker.yielded.connect(self._show_partial)
        worker.finished.connect(self._done)
        self._worker = worker
        self.run_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        worker.start()

    def cancel(self) -> None:
        """Stop the running sweep after its current chunk; what is done stays shown."""
        if self._worker is not None:
            self._worker.quit()
            self._cancelled = True

    def _show_partial(self, res: SweepResult) -> None:
        self.result = res
        self.progress.setValue(res.done)
        self.status_label.setText(
            self.tr("{0} of {1} configurations…").format(f"{res.done:,}", f"{res.total:,}")
        )
        # redrawing competes with the worker for the GIL: partial results at most
        # every PARTIAL_MS, the final one always
        now = time.monotonic()
        if now - self._last_draw >= self.PARTIAL_MS / 1000:
            self._last_draw = now
            self._redraw()

    def _redraw(self) -> None:
        if self.result is None:
            return
        metric = self.metric_box.currentData()
        if metric == "rate" and self.result.optimum_loss is None:
            metric = "final_loss"
        self.plot.show_result(self.result, metric)

    def _done(self) -> None:
        self._worker = None
        self.run_button.setEnabled(True)
        self.cancel_button.setEnabled(False)
        res = self.result
        if res is None:
            return
        res.cancelled = not res.complete
        self._redraw()
        st = res.status.reshape(-1)[: res.done]
        counts = {s: int(np.sum(st == s)) for s in Status.DONE}
        text = self.tr(
            "{0} of {1} configurations, {2} steps each: {3} finished, {4} converged, {5} diverged"
        ).format(
            f"{res.done:,}",
            f"{res.total:,}",
            f"{res.steps_limit:,}",
            f"{counts[Status.FINISHED]:,}",
            f"{counts[Status.CONVERGED]:,}",
            f"{counts[Status.DIVERGED]:,}",
        )
        if res.cancelled:
            text += self.tr(" (cancelled)")
        lim = res.stability_limits() if res.axes[0].name == "lr" else None
        if lim is not None and len(res.axes) == 1:
            text += self.tr("; stability limit {0}").format(fmt(float(lim[0])))
        self.status_label.setText(text)
        self.sweep_finished.emit(res)

    def _emit_config(self, index: int) -> None:
        if self.result is not None:
            self.run_requested.emit(self.result.config(index))

    def closeEvent(self, event: Any) -> None:  # noqa: N802 (Qt's name)
        self.cancel()
        super().closeEvent(event)
