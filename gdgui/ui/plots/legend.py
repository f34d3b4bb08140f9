"""The plots' legend: compact rows, as many columns as it needs, capped with "+N more".

A race of 7 or 16 runs gave the legend one tall column of 29-pixel rows: at 1366×768 it
ran out of the trajectory and loss plots' views. :class:`MovableLegend` keeps pyqtgraph's
:class:`~pyqtgraph.LegendItem` (its samples read their item's pens, a click on a sample
toggles its item) but sizes itself from its entries' size hints (rows 16 pixels high at
9 pt), and :meth:`MovableLegend.arrange` picks the fewest columns at which it fits a
given box. When even the widest layout does not fit, the plot shows fewer run entries
and one "+N more" entry (:class:`LegendFitting`, a mixin of ``BasePlot``);
:func:`legend_grid` and :func:`legend_cap` are that arithmetic, without Qt.

Before names are dropped the legend draws its labels smaller (:data:`LEGEND_SMALL_PT`,
at the normal scale only) or takes more of the view's width (:data:`LEGEND_WIDE_SHARE`,
not over a picture at equal scales): every name beats "+N more". A view
about as tall as wide (the loss plot beside a surface) does not hold a legend of many rows
over its curves: the legend goes under the plot's axes, in as many columns as the plot's
width holds (:data:`LEGEND_INSIDE_MAX`, :meth:`LegendFitting.legend_outside`), where it
covers no point at any step.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import pyqtgraph as pg
from pyqtgraph.graphicsItems.LegendItem import ItemSample
from PySide6.QtCore import QCoreApplication, QRectF
from PySide6.QtGui import QTransform
from PySide6.QtWidgets import QGraphicsItem, QGraphicsWidget

__all__ = [
    "LEGEND_INSIDE_MAX",
    "LEGEND_MARGIN",
    "LEGEND_OUTSIDE_MAX",
    "LEGEND_OUTSIDE_SHARE",
    "LEGEND_SHARE",
    "LEGEND_WIDE_SHARE",
    "LegendFitting",
    "LegendSample",
    "MovableLegend",
    "capped",
    "legend_cap",
    "legend_grid",
]

#: pixels between one entry's label and the next column's sample
ENTRY_SPACING = 12.0
#: pixels between a sample and its label
SAMPLE_SPACING = 4.0
#: a sample's size in pixels (pyqtgraph's is 20 × 20)
SAMPLE_SIZE = (20.0, 12.0)
#: the legend's inner margins (left, top, right, bottom)
MARGINS = (4.0, 2.0, 4.0, 2.0)
#: a legend takes at most these shares of its view's width and height (more entries:
#: more columns, then fewer run entries and "+N more"), but always room for two rows
LEGEND_SHARE = (0.6, 0.5)
#: pixels between the legend and the view's edges (MovableLegend.place_in)
LEGEND_MARGIN = 6.0
#: the legend is fitted again when its view grew or shrank by more than this share
LEGEND_REFIT = 0.05
#: the share of the view's width a legend may take rather than show "+N more"
LEGEND_WIDE_SHARE = 0.92
#: a view at least this many times as tall as wide is "tall" (the loss plot beside a
#: surface, about square); one at equal scales is not (it has room beside its picture)
LEGEND_TALL = 0.75
#: in a tall view, a legend inside takes at most this share of its height;
#: a taller one goes under the plot (when it fits there)
LEGEND_INSIDE_MAX = 0.25
#: under the plot, the legend takes at most this share of the plot's height (the view
#: keeps the rest)
LEGEND_OUTSIDE_SHARE = 0.3
#: ... or, when it fits there only (large labels in presentation mode), this share
LEGEND_OUTSIDE_MAX = 0.5
#: pixels above and below a legend under the plot
OUTSIDE_GAP = 3.0
#: at the normal scale, a legend's labels may be this small (points) rather than drop
#: names; never in presentation mode (its fonts stay as big as it promises)
LEGEND_SMALL_PT = 8.0

translate = QCoreApplication.translate


def _grid_size(widths: Sequence[float], columns: int, row_height: float) -> tuple[float, float]:
    """(width, height) of entries of ``widths`` laid out row by row in ``columns``."""
    rows = math.ceil(len(widths) / columns)
    cols = [max(widths[j::columns]) for j in range(min(columns, len(widths)))]
    width = sum(cols) + ENTRY_SPACING * (len(cols) - 1) + MARGINS[0] + MARGINS[2]
    return width, rows * row_height + MARGINS[1] + MARGINS[3]


def legend_grid(
    widths: Sequence[float], row_height: float, max_width: float, max_height: float
) -> int | None:
    """The fewest columns at which entries ``widths`` wide (sample and label, pixels),
    filled row by row, fit in ``max_width`` × ``max_height``; None when no count does."""
    n = len(widths)
    for columns in range(1, n + 1):
        w, h = _grid_size(widths, columns, row_height)
        if h <= max_height and w <= max_width:
            return columns
        if w > max_width:  # more columns are only wider
            return None
    return None


def capped(droppable: Sequence[bool], shown: int, keep: int | None = None) -> list[int]:
    """The entries a legend keeps when only ``shown`` of its ``droppable`` ones fit:
    every fixed entry, the first droppable ones (always ``keep``, when it is one), and
    -1 (the "+N more" entry) right after the last droppable entry kept."""
    drop = [i for i, d in enumerate(droppable) if d]
    if shown >= len(drop):
        return list(range(len(droppable)))
    kept = drop[:shown]
    if keep is not None and keep in drop and keep not in kept:
        kept = [*drop[: shown - 1], keep]
    out: list[int] = []
    for i, d in enumerate(droppable):
        if not d or i in kept:
            out.append(i)
        if d and i == kept[-1]:
            out.append(-1)
    return out


def legend_cap(
    widths: Sequence[float],
    droppable: Sequence[bool],
    more: float,
    row_height: float,
    max_width: float,
    max_height: float,
    keep: int | None = None,
) -> tuple[int, int | None]:
    """(droppable entries to show, columns) for a legend of entries ``widths`` wide in
    ``max_width`` × ``max_height``: all when they fit, else the most that fit with one
    "+N more" entry ``more`` wide (see :func:`capped`), at least one. Columns is None
    when even that does not fit."""
    total = sum(bool(d) for d in droppable)
    columns = legend_grid(widths, row_height, max_width, max_height)
    if columns is not None or total == 0:
        return total, columns
    for shown in range(total - 1, 0, -1):
        order = capped(droppable, shown, keep)
        sized = [more if i < 0 else widths[i] for i in order]
        columns = legend_grid(sized, row_height, max_width, max_height)
        if columns is not None:
            return shown, columns
    return 1, None


def _points(size: str) -> float:
    """The points of a CSS font size ("9pt"); 0 when it is not in points."""
    try:
        return float(size[:-2]) if size.endswith("pt") else 0.0
    except ValueError:
        return 0.0


class LegendSample(ItemSample):
    """pyqtgraph's legend sample, 20 × 12 pixels instead of 20 × 20 (the line and the
    symbol centred in it)."""

    def __init__(self, item):
        super().__init__(item)
        w, h = SAMPLE_SIZE
        self.setFixedWidth(w)
        self.setFixedHeight(h)

    def boundingRect(self):  # noqa: N802
        return QRectF(0, 0, *SAMPLE_SIZE)

    def paint(self, p, *args):
        # pyqtgraph draws its line at y = 11 (a transform: a painter's translate() would
        # read as a translation call to the catalogue's checks)
        p.setTransform(QTransform.fromTranslate(0, SAMPLE_SIZE[1] / 2 - 11), True)
        super().paint(p, *args)


class MovableLegend(pg.LegendItem):
    """A legend the plot places in a corner, until the user drags it somewhere else;
    compact rows, and :meth:`arrange` chooses its columns."""

    def __init__(self, *args, **kw):
        kw.setdefault("sampleType", LegendSample)
        kw.setdefault("horSpacing", SAMPLE_SPACING)
        kw.setdefault("verSpacing", 0)
        super().__init__(*args, **kw)
        #: True once the user dragged it: the plot leaves it where it was put
        self.moved_by_user = False
        self.corner = ""
        #: True while it sits under the plot (LegendFitting.legend_outside), not in a corner
        self.outside = False
        #: the labels' size the plot asked for (setLabelTextSize); use_size may draw
        #: them smaller for a while
        self.base_size: str = self.opts["labelTextSize"]
        self.layout.setContentsMargins(*MARGINS)
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)  # its frame

    def mouseDragEvent(self, ev):  # noqa: N802 (pyqtgraph's name)
        if self.outside:  # under the plot it has its place (and covers nothing)
            ev.ignore()
            return
        super().mouseDragEvent(ev)
        if ev.isAccepted():
            self.moved_by_user = True

    def place_in(self, corner: str, margin: float = 6.0) -> None:
        """Anchor the legend in ``corner`` of its parent (follows the parent's resizes);
        under the plot (:attr:`outside`) it only remembers the corner for later."""
        self.corner = corner
        if self.outside:
            return
        fx = 0.0 if corner.endswith("left") else 1.0
        fy = 0.0 if corner.startswith("top") else 1.0
        off = (margin if fx == 0 else -margin, margin if fy == 0 else -margin)
        self.anchor(itemPos=(fx, fy), parentPos=(fx, fy), offset=off)

    def addItem(self, item, name):  # noqa: N802 (pyqtgraph's name)
        super().addItem(item, name)
        sample, label = self.items[-1]
        label.item.document().setDocumentMargin(1)  # 4 by default: 8 pixels more a row
        label.updateMin()
        # painted once into pixmaps (samples are painted by Python; the legend sits over
        # curves that change every frame, so it is exposed every frame)
        for part in (sample, label.item):
            part.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.updateSize()

    def setLabelTextSize(self, size):  # noqa: N802 (pyqtgraph's name)
        """The labels' size (CSS, "9pt"), for the labels shown too (pyqtgraph's only
        stores it for its next labels: presentation mode left the legend at 9 pt)."""
        self.base_size = size
        self._apply_size(size)

    def use_size(self, size: str | None) -> None:
        """Draw the labels at ``size`` for now (None: :attr:`base_size`, the size the
        plot asked for), e.g. a smaller one rather than "+N more"."""
        size = size or self.base_size
        if size != self.opts["labelTextSize"]:
            self._apply_size(size)

    def _apply_size(self, size: str) -> None:
        super().setLabelTextSize(size)
        for _, label in self.items:
            label.setText(label.text, size=size)
            label.updateMin()
        self.updateSize()

    def entry_widths(self) -> list[float]:
        """Each entry's width in pixels: its sample, the spacing and its label."""
        return [
            sample.preferredWidth() + SAMPLE_SPACING + label.preferredWidth()
            for sample, label in self.items
        ]

    def row_height(self) -> float:
        """The height of the tallest entry (pixels): every row is that high."""
        heights = [max(s.preferredHeight(), lb.preferredHeight()) for s, lb in self.items]
        return max(heights, default=SAMPLE_SIZE[1])

    def arrange(self, max_width: float, max_height: float, columns: int | None = None) -> bool:
        """Lay the entries out in ``columns`` (None: the fewest that fit in
        ``max_width`` × ``max_height`` pixels); True when the legend fits there."""
        if not self.items:
            return True
        if columns is None:
            columns = legend_grid(self.entry_widths(), self.row_height(), max_width, max_height)
        fits = columns is not None
        if columns is None:  # nothing fits: as many columns as the width holds, or one
            widths = self.entry_widths()
            row_h = self.row_height()
            columns = max(
                [
                    c
                    for c in range(1, len(widths) + 1)
                    if _grid_size(widths, c, row_h)[0] <= max_width
                ]
                or [1]
            )
        columns = max(1, min(columns, len(self.items)))
        self.setColumnCount(columns)
        for j in range(columns - 1):  # room between one label and the next sample
            self.layout.setColumnSpacing(2 * j + 1, ENTRY_SPACING)
        self.updateSize()
        w, h = self.width(), self.height()
        return fits and w <= max_width + 0.5 and h <= max_height + 0.5

    def setColumnCount(self, columnCount):  # noqa: N802, N803 (pyqtgraph's names)
        if columnCount != self.columnCount:
            # pyqtgraph leaves the old columns' spacing in the layout
            for col in range(self.layout.columnCount()):
                self.layout.setColumnSpacing(col, SAMPLE_SPACING)
        super().setColumnCount(columnCount)

    def updateSize(self):  # noqa: N802
        """The size the entries need, from their size hints (pyqtgraph sums the
        entries' current heights, which the layout had stretched: rows of 29 pixels)."""
        if self.size is not None:
            return
        lay = self.layout
        rows, cols = lay.rowCount(), lay.columnCount()
        col_w = [0.0] * cols
        row_h = [0.0] * rows
        for r in range(rows):
            for c in range(cols):
                item = lay.itemAt(r, c)
                if item is not None:
                    col_w[c] = max(col_w[c], item.preferredWidth())
                    row_h[r] = max(row_h[r], item.preferredHeight())
        used = [c for c in range(cols) if col_w[c] > 0]
        spacing = sum(lay.columnSpacing(c) for c in used[:-1])
        width = sum(col_w) + spacing + MARGINS[0] + MARGINS[2]
        height = sum(row_h) + MARGINS[1] + MARGINS[3]
        self.setGeometry(0, 0, width, height)


class LegendFitting:
    """What :class:`gdgui.ui.plots.base.BasePlot` does to make its legend fit (a mixin:
    it uses the plot's ``_legend``, ``_legend_entries()``, ``_fill_legend()``,
    ``_selected``, ``_scale`` and ``plotItem``).

    :meth:`fit_legend` measures the entries once, picks the columns with
    :func:`legend_cap` and, when no column count fits, shows fewer run entries and
    "+N more" (:meth:`_capped_entries`, used by the plot's ``_update_legend``).
    """

    #: the shares of the view's width and height the legend may take (fit_legend)
    legend_share: tuple[float, float] = LEGEND_SHARE
    #: the row of the plot's layout under the axes a legend moved there sits in (made
    #: when first needed) and the limits the legend was last fitted to
    _legend_room: QGraphicsWidget | None = None
    _legend_limits_now: tuple[float, float] | None = None

    @staticmethod
    def _is_run_entry(item) -> bool:
        return getattr(item, "run_index", None) is not None

    def _capped_entries(self, entries: list, cap: int | None) -> list:
        """``entries`` with at most ``cap`` run entries (the selected run's among them)
        and a "+N more" entry after them (None: all of them)."""
        runs = [self._is_run_entry(item) for item, _ in entries]
        if cap is None or sum(runs) <= cap:
            self._more_names = []
            return entries
        keep = next(
            (
                j
                for j, (item, _) in enumerate(entries)
                if runs[j] and item.run_index == self._selected
            ),
            None,
        )
        order = capped(runs, cap, keep)
        kept = set(order)
        self._more_names = [
            name for j, (_, name) in enumerate(entries) if runs[j] and j not in kept
        ]
        if self._more_sample is None:
            self._more_sample = pg.PlotDataItem([0.0], [0.0], pen=None)
        more = translate("Plot", "+{n} more").format(n=len(self._more_names))
        return [(self._more_sample, more) if j < 0 else entries[j] for j in order]

    @property
    def legend_more_names(self) -> list[str]:
        """The run names behind the legend's "+N more" entry (empty: it lists all runs)."""
        return list(self._more_names)

    def _view_size(self) -> tuple[float, float]:
        """The view's (width, height) as if no legend sat under the plot (the room it
        takes there is the view's)."""
        area = self.plotItem.vb.boundingRect()
        room = self._legend_room
        extra = room.maximumHeight() if room is not None else 0.0
        return area.width(), area.height() + extra

    def _share_limits(self, size: tuple[float, float], wide: bool = False) -> tuple[float, float]:
        """The largest legend inside a view of ``size``: :attr:`legend_share` of it (of
        its width :data:`LEGEND_WIDE_SHARE` when ``wide``), inside its margins, and
        always room for two rows."""
        inner_w = size[0] - 2 * LEGEND_MARGIN
        inner_h = size[1] - 2 * LEGEND_MARGIN
        rows2 = 2 * self._legend.row_height() + 4 if self._legend is not None else 0.0
        share_w, share_h = self.legend_share
        if wide:
            share_w = max(share_w, LEGEND_WIDE_SHARE)
        h = min(inner_h, max(share_h * size[1], rows2))
        return max(0.0, min(inner_w, share_w * size[0])), max(0.0, h)

    def _outside_limits(
        self, size: tuple[float, float], share_h: float = LEGEND_OUTSIDE_SHARE
    ) -> tuple[float, float]:
        """The largest legend under the plot: the plot's width (axes included) and
        ``share_h`` of its height, inside the margins."""
        width = self.plotItem.boundingRect().width() - 2 * LEGEND_MARGIN
        height = share_h * size[1]
        return max(0.0, width), max(0.0, height)

    def legend_limits(self) -> tuple[float, float]:
        """The largest legend (width, height in pixels) :meth:`fit_legend` allows now:
        :data:`LEGEND_SHARE` of the view inside its margins, a wider share when the
        legend needed it, or the room under the plot (:meth:`legend_outside`)."""
        if self._legend_limits_now is not None:
            return self._legend_limits_now
        return self._share_limits(self._view_size())

    def legend_outside(self) -> bool:
        """True while the legend sits under the plot's axes (not over its view)."""
        return self._legend is not None and self._legend.outside

    def _legend_plan(
        self, widths: list, runs: list, more: float, row_h: float, keep: int | None
    ) -> tuple[bool, tuple[float, float], int, int | None]:
        """Where the legend goes: (under the plot, its limits, run entries shown,
        columns). Inside when it lists every run at the usual share or, not over a
        picture at equal scales, a wider one (in a view as tall as :data:`LEGEND_TALL`
        only when it takes at most :data:`LEGEND_INSIDE_MAX` of its height); else under
        the plot when it lists every run there; else inside, a taller legend or the
        usual share with "+N more"."""
        size = self._view_size()
        total = sum(bool(r) for r in runs)
        locked = self.plotItem.vb.state["aspectLocked"]  # room beside the picture
        share = self._share_limits(size)
        wide = share if locked else self._share_limits(size, wide=True)
        tall = size[1] >= LEGEND_TALL * size[0] and not locked and not self._legend.moved_by_user
        fitted = []  # (limits, columns) inside that list every run
        for limits in (share, wide):
            columns = legend_grid(widths, row_h, *limits)
            if columns is not None:
                fitted.append((limits, columns))
        for limits, columns in fitted:
            if not tall or _grid_size(widths, columns, row_h)[1] <= LEGEND_INSIDE_MAX * size[1]:
                return False, limits, total, columns
        if tall and len(widths) > 1:
            # under the plot, at its usual share of the height, else (large labels in
            # presentation mode) a larger one rather than over the curves
            for share_h in (LEGEND_OUTSIDE_SHARE, LEGEND_OUTSIDE_MAX):
                below = self._outside_limits(size, share_h)
                columns_below = legend_grid(widths, row_h, *below)
                if columns_below is not None:
                    return True, below, total, columns_below
        if fitted:
            return False, fitted[0][0], total, fitted[0][1]
        shown, columns = legend_cap(widths, runs, more, row_h, *share, keep)
        if columns is None:  # not even one run entry and "+N more": the wider share
            shown_wide, columns_wide = legend_cap(widths, runs, more, row_h, *wide, keep)
            if columns_wide is not None:
                return False, wide, shown_wide, columns_wide
        return False, share, shown, columns

    def _set_outside(self, outside: bool) -> None:
        """Put the legend under the plot's axes (in a row of the plot's layout that
        takes its height from the view) or back over the view, in its corner."""
        legend = self._legend
        if legend is None or legend.outside == outside:
            return
        room = self._legend_room
        if outside:
            if room is None:
                room = self._legend_room = QGraphicsWidget()
                room.setMaximumHeight(0)
                self.plotItem.layout.addItem(room, 4, 0, 1, 3)  # under the bottom axis
            legend.outside = True
            legend.setParentItem(room)
            legend.anchor(itemPos=(0.5, 0.5), parentPos=(0.5, 0.5))
        else:
            legend.outside = False
            legend.setParentItem(self.plotItem.vb)
            legend.place_in(legend.corner or self._legend_corner, LEGEND_MARGIN)
            if room is not None:
                self._room_height(0.0)

    def _room_height(self, height: float) -> None:
        room = self._legend_room
        if room is not None and room.maximumHeight() != height:
            room.setMinimumHeight(height)
            room.setPreferredHeight(height)
            room.setMaximumHeight(height)
            self.plotItem.layout.invalidate()

    def fit_legend(self) -> bool:
        """Give the legend the fewest columns at which it fits :meth:`legend_limits`
        (see :meth:`_legend_plan` for where); when no count does, show fewer run entries
        and "+N more" (the selected run's entry stays; the hidden names are in its
        tooltip). True when it fits. Runs with the overlay placement (on changes of
        size, data and entries, not per frame)."""
        legend = self._legend
        if legend is None or self.plotItem is None:
            return True
        area = self.plotItem.vb.boundingRect()
        if area.width() < 2 or area.height() < 2:
            return True
        entries = self._legend_entries()
        ekey = (
            [(id(item), name) for item, name in entries],
            self._scale,
            legend.base_size,
        )
        size = self._view_size()
        last = self._legend_fit
        if (
            last is not None
            and last[0] == ekey
            and last[1] == self._selected
            and all(abs(a - b) <= LEGEND_REFIT * b for a, b in zip(size, last[2]))
        ):
            return self._legend_fits  # the same entries in about the same view
        measured = self._legend_measured
        if measured is None or measured[0] != ekey:  # new entries: measure them all once
            self._legend_cap = None
            self._fill_legend(entries)
            legend.use_size(None)
            runs = [self._is_run_entry(sample.item) for sample, _ in legend.items]
            indices = [s.item.run_index if r else None for (s, _), r in zip(legend.items, runs)]
            small = None
            if self._scale <= 1.0 and _points(legend.base_size) > LEGEND_SMALL_PT:
                legend.use_size(f"{LEGEND_SMALL_PT:g}pt")
                small = (legend.entry_widths(), legend.row_height())
                legend.use_size(None)
            widths = legend.entry_widths()
            measured = (ekey, widths, runs, indices, legend.row_height(), small)
            self._legend_measured = measured
        _, widths, runs, indices, row_h, small = measured
        keep = indices.index(self._selected) if self._selected in indices else None

        def plan(widths: list, row_h: float) -> tuple:
            run_widths = [w for w, r in zip(widths, runs) if r]
            more = min(run_widths) if run_widths else 0.0
            return self._legend_plan(widths, runs, more, row_h, keep)

        outside, (max_w, max_h), shown, columns = plan(widths, row_h)
        size_now = None
        if shown < sum(runs) and small is not None:  # smaller labels, every name
            small_plan = plan(*small)
            if small_plan[2] >= sum(runs):
                outside, (max_w, max_h), shown, columns = small_plan
                size_now = f"{LEGEND_SMALL_PT:g}pt"
        legend.use_size(size_now)
        outside = outside and len(entries) > 1  # a hidden legend takes no room
        self._set_outside(outside)
        self._legend_limits_now = (max_w, max_h)
        self._legend_cap = None if shown >= sum(runs) else shown
        self._update_legend()  # nothing to do when the same entries are shown
        fits = legend.arrange(max_w, max_h, columns)
        while not fits and shown > 1:  # the estimate of "+N more" was short: one fewer
            shown -= 1
            self._legend_cap = shown
            self._update_legend()
            fits = legend.arrange(max_w, max_h)
        if outside:
            self._room_height(legend.height() + 2 * OUTSIDE_GAP)
        if self._more_names:
            tip = translate("Plot", "Also shown, not listed here: {names}").format(
                names=", ".join(self._more_names)
            )
            for sample, label in legend.items:
                if sample.item is self._more_sample and sample.toolTip() != tip:
                    sample.setToolTip(tip)
                    label.setToolTip(tip)
        self._legend_fit, self._legend_fits = (ekey, self._selected, size), fits
        return fits
