"""The plots' graphics items: contours, grid lines, and plain Qt items Qt paints by itself.

The dynamic items (curves, markers, labels, arrows) are plain Qt graphics items: Qt
paints them without calling into Python. A pyqtgraph item calls Python several times
per paint; while the worker thread holds the GIL each such call may wait for it, so
fewer Python calls per frame keep the window responsive during a run. The figures
are in docs/plots.md (``benchmarks/plot_items.py`` measures them).
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from pyqtgraph.graphicsItems.ScatterPlotItem import Symbols
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainterPath, QPen, QPolygonF, QTransform
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsPathItem,
    QGraphicsRectItem,
    QGraphicsSimpleTextItem,
)

from ...core.plotmath import contour_segments

__all__ = [
    "Arrow",
    "ContourItem",
    "CornerText",
    "DataScatter",
    "EditViewBox",
    "GridLines",
    "Label",
    "Marker",
    "Polyline",
    "RangeAnchor",
    "with_alpha",
    "label_scene_rect",
    "legend_sample",
]


def with_alpha(colour: str | QColor, value: int) -> QColor:
    """``colour`` with alpha ``value`` (0-255)."""
    c = QColor(colour)
    c.setAlpha(value)
    return c


class ContourItem(pg.IsocurveItem):
    """An :class:`~pyqtgraph.IsocurveItem` traced by :func:`contour_segments`, for one
    level or several (``level`` a sequence): all in one path, one item to paint.

    Its path is built once, when the data is set, never while painting.
    """

    def generatePath(self):  # noqa: N802 (pyqtgraph's name)
        if self.data is None:
            self.path = None
            return
        data = self.data.T if self.axisOrder == "row-major" else self.data
        levels = np.atleast_1d(np.asarray(self.level, dtype=float))
        segs = [contour_segments(data, float(lv)) for lv in levels]
        seg = np.concatenate(segs) if segs else np.empty((0, 2))
        if len(seg) == 0:
            self.path = QPainterPath()
        else:
            self.path = pg.arrayToQPath(seg[:, 0], seg[:, 1], connect="pairs")

    def setData(self, data, level=None):  # noqa: N802
        super().setData(data, level)
        self.generatePath()


class GridLines:
    """Grid lines at the ticks of a PlotItem's bottom and left axes.

    Two plain Qt path items (major and minor lines) in view coordinates, rebuilt when
    the view range or size changes; Qt paints them without calling Python.
    (pyqtgraph's own axis grid costs 6-10 ms a paint: each axis replays a picture.)
    """

    def __init__(self, plot_item: pg.PlotItem):
        self._plot_item = plot_item
        self.items = [QGraphicsPathItem(), QGraphicsPathItem()]
        for item in self.items:
            item.setZValue(-1000)
            plot_item.vb.addItem(item, ignoreBounds=True)
        self.set_colour("#808080", 0.16)
        plot_item.vb.sigRangeChanged.connect(self.rebuild)
        plot_item.vb.sigResized.connect(self.rebuild)

    def set_colour(self, colour, alpha: float) -> None:
        c = QColor(colour)
        for item, a in zip(self.items, (alpha, alpha * 0.45)):
            pen = QPen(with_alpha(c, int(255 * a)), 0)  # width 0: one pixel, cosmetic
            item.setPen(pen)

    def rebuild(self, *_) -> None:
        pi = self._plot_item
        vb = pi.vb
        r = vb.viewRect()
        paths = [QPainterPath(), QPainterPath()]
        if r.width() > 0 and r.height() > 0 and vb.width() > 1 and vb.height() > 1:
            xs = pi.getAxis("bottom").tickValues(r.left(), r.right(), vb.width())
            ys = pi.getAxis("left").tickValues(r.top(), r.bottom(), vb.height())
            for level, path in enumerate(paths):
                for x in xs[level][1] if level < len(xs) else ():
                    path.moveTo(x, r.top())
                    path.lineTo(x, r.bottom())
                for y in ys[level][1] if level < len(ys) else ():
                    path.moveTo(r.left(), y)
                    path.lineTo(r.right(), y)
        for item, path in zip(self.items, paths):
            item.setPath(path)


class Polyline(QGraphicsPathItem):
    """A polyline in view coordinates (a cosmetic pen: width in pixels).

    ``xData``/``yData`` keep what was drawn. The bounding rectangle is the points'
    (Qt would otherwise stroke the whole path to find it, ~2 ms per 5,000 points).
    """

    def __init__(self, z: float = 0.0):
        super().__init__()
        self.setZValue(z)
        self.xData = np.zeros(0)
        self.yData = np.zeros(0)
        self._rect = QRectF()

    def setData(self, x, y) -> None:  # noqa: N802 (pyqtgraph's name)
        x = np.asarray(x, dtype=float)
        y = np.asarray(y, dtype=float)
        self.xData, self.yData = x, y
        path = pg.arrayToQPath(x, y) if x.size > 1 else QPainterPath()
        self.prepareGeometryChange()
        self._rect = path.controlPointRect()
        self.setPath(path)

    def boundingRect(self):  # noqa: N802
        return self._rect

    def shape(self):
        return QPainterPath()  # never under the mouse


class Marker(QGraphicsPathItem):
    """A symbol of a fixed size in pixels at a point in view coordinates."""

    def __init__(self, symbol: str = "o", size: float = 10.0, z: float = 10.0):
        super().__init__()
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        self.setZValue(z)
        self.setPath(QTransform.fromScale(size, size).map(Symbols[symbol]))
        self.hide()

    def set_point(self, x: float | None, y: float | None = None) -> None:
        """Show the marker at (x, y); None hides it."""
        if x is None or y is None or not (math.isfinite(x) and math.isfinite(y)):
            self.hide()
            return
        self.setPos(x, y)
        self.show()


class Label(QGraphicsSimpleTextItem):
    """Text of a fixed size at a point in view coordinates, anchored by a corner."""

    def __init__(self, anchor: tuple[float, float] = (0, 0), z: float = 20.0):
        super().__init__()
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        self.setZValue(z)
        self._anchor = anchor

    def set_point_size(self, points: float) -> None:
        """The text's font size in points."""
        font = self.font()
        font.setPointSizeF(points)
        self.setFont(font)
        self._place()

    @property
    def anchor(self) -> tuple[float, float]:
        return self._anchor

    def set_anchor(self, anchor: tuple[float, float]) -> None:
        if anchor != self._anchor:
            self._anchor = anchor
            self._place()

    def setText(self, text: str) -> None:  # noqa: N802
        if text != self.text():
            super().setText(text)
            self._place()

    def _place(self) -> None:
        r = super().boundingRect()
        ax, ay = self._anchor
        self.setTransform(
            QTransform.fromTranslate(-ax * r.width() + (1 - 2 * ax) * 4, -ay * r.height())
        )

    def toPlainText(self) -> str:  # noqa: N802 (the name pyqtgraph's TextItem uses)
        return self.text()


def label_scene_rect(item: QGraphicsItem) -> QRectF:
    """The scene rectangle an item that ignores transformations covers (pixels).

    The plots' views do not transform the scene, so the device transform under an
    identity viewport transform maps the item's rectangle to scene pixels.
    """
    return item.deviceTransform(QTransform()).mapRect(item.boundingRect())


#: what separates the parts of a corner text (each goes on a line of its own when the
#: text is wider than its view)
SEPARATOR = "   "


class CornerText(QGraphicsRectItem):
    """Text in a corner of a view box (pixel coordinates), on an optional backing."""

    def __init__(self, corner: str, parent: QGraphicsItem, z: float = 950.0):
        super().__init__(parent)
        self.corner = corner
        self.setZValue(z)
        self.setPen(QPen(Qt.PenStyle.NoPen))
        self.setBrush(QBrush(Qt.BrushStyle.NoBrush))
        self._text = QGraphicsSimpleTextItem(self)
        self._text.setPos(4, 1)
        self._full = ""  # the text; shown on one line, or a part a line when too wide
        #: called when the text appears or disappears (the plot finds it a corner then)
        self.on_shown = None

    def setText(self, text: str) -> None:  # noqa: N802
        if text == self._full:
            return
        was = self.isVisible()
        self._full = text
        self._text.setText(text)
        self._resize()
        self.setVisible(bool(text))
        self.place()
        if was != bool(text) and self.on_shown is not None:
            self.on_shown()

    def _fit_lines(self, width: float) -> None:
        """One line when it fits in ``width`` pixels, else each part (parts are
        separated by three spaces) on a line of its own: never cut at the view's edge."""
        one = self._full
        lines = one.replace(SEPARATOR, "\n") if SEPARATOR in one else one
        shown = self._text.text()
        if shown != one:
            self._text.setText(one)
        wanted = one if self._text.boundingRect().width() + 8 <= width else lines
        if self._text.text() != wanted:
            self._text.setText(wanted)
        self._resize()

    def _resize(self) -> None:
        r = self._text.boundingRect()
        self.setRect(0, 0, r.width() + 8, r.height() + 2)

    def set_point_size(self, points: float) -> None:
        """The text's font size in points."""
        font = self._text.font()
        font.setPointSizeF(points)
        self._text.setFont(font)
        self._resize()
        self.place()

    def point_size(self) -> float:
        return self._text.font().pointSizeF()

    def set_corner(self, corner: str) -> None:
        if corner != self.corner:
            self.corner = corner
            self.place()

    def text(self) -> str:
        return self._full

    toPlainText = text

    def setColor(self, colour) -> None:  # noqa: N802
        self._text.setBrush(QBrush(QColor(colour)))

    def place(self) -> None:
        parent = self.parentItem()
        if parent is None:
            return
        area = parent.boundingRect()
        if self._full:
            self._fit_lines(area.width() - 4)
        r = self.rect()
        x = area.left() + 2 if self.corner.endswith("left") else area.right() - r.width() - 2
        y = area.top() + 2 if self.corner.startswith("top") else area.bottom() - r.height() - 2
        self.setPos(x, y)


class Arrow(QGraphicsPathItem):
    """An arrow from a point in view coordinates, drawn in pixels, with a text at its tip.

    The head keeps its shape at any zoom and aspect ratio. ``view_vector`` is the
    arrow's direction and length in view coordinates (what it means), ``pixel_vector``
    the same on screen (what is drawn; y grows downwards).

    The item itself paints the rim (a wide pen in the background colour, readable on
    any colour map); its child :attr:`body` paints the arrow in its colour on top.
    Children are painted after their parent both on screen and by pyqtgraph's
    SVGExporter (which ignores ``ItemStacksBehindParent``), so the SVG matches the PNG.
    """

    HEAD = 10.0  # length of the head in pixels

    def __init__(self, z: float = 12.0):
        super().__init__()
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        self.setZValue(z)
        self.body = QGraphicsPathItem(self)  # the arrow in its colour, over the rim
        self.body.setZValue(1)
        self._backing = QGraphicsRectItem(self)
        self._backing.setZValue(2)
        self._backing.setPen(QPen(Qt.PenStyle.NoPen))
        self.label = QGraphicsSimpleTextItem(self._backing)
        self.label.setPos(3, 0)
        self._title = ""
        self._note = ""
        self.view_vector = (0.0, 0.0)
        self.pixel_vector = (0.0, 0.0)
        #: line widths, head and text grow by this factor (presentation scaling)
        self.scale_factor = 1.0
        self._base_pt = self.label.font().pointSizeF()
        self.hide()

    def set_scale(self, factor: float) -> None:
        """Line widths, the head and the text × ``factor`` (then set_colours, set_arrow)."""
        self.scale_factor = float(factor)
        font = self.label.font()
        font.setPointSizeF(self._base_pt * self.scale_factor)
        self.label.setFont(font)
        self._relabel()

    def set_colours(self, colour, rim, backing) -> None:
        c = QColor(colour)
        f = self.scale_factor
        round_pen = (Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin)
        self.body.setPen(QPen(c, 2.5 * f, *round_pen))
        self.body.setBrush(QBrush(c))
        self.setPen(QPen(QColor(rim), 5.0 * f, *round_pen))
        self.setBrush(QBrush(QColor(rim)))
        self.label.setBrush(QBrush(c))
        self._backing.setBrush(pg.mkBrush(backing))

    def colour(self) -> QColor:
        """The arrow's colour (its body's; the item's own pen is the rim)."""
        return self.body.pen().color()

    def set_text(self, text: str) -> None:
        """The arrow's name, drawn at its tip (``text()`` returns it)."""
        self._title = text
        self._relabel()

    def set_note(self, note: str) -> None:
        """A second line under the name (the size of what the arrow shows)."""
        if note != self._note:
            self._note = note
            self._relabel()

    def _relabel(self) -> None:
        self.label.setText(f"{self._title}\n{self._note}" if self._note else self._title)
        r = self.label.boundingRect()
        self._backing.setRect(0, 0, r.width() + 6, r.height())

    def text(self) -> str:
        return self._title

    def note(self) -> str:
        return self._note

    def set_arrow(self, x: float, y: float, view_vector, pixel_vector, side: int = 0) -> None:
        """Draw the arrow from view point (x, y) along ``pixel_vector`` (pixels, y down).

        The text goes beyond the tip (``side`` 0), or beside the shaft on its left
        (``side`` 1) or right (``side`` -1) as seen along the arrow.
        """
        dx, dy = float(pixel_vector[0]), float(pixel_vector[1])
        length = math.hypot(dx, dy)
        if not (math.isfinite(x) and math.isfinite(y) and math.isfinite(length)) or length < 1:
            self.hide()
            return
        self.view_vector = (float(view_vector[0]), float(view_vector[1]))
        self.pixel_vector = (dx, dy)
        ux, uy = dx / length, dy / length
        head = min(self.HEAD * self.scale_factor, 0.6 * length)
        bx, by = dx - ux * head, dy - uy * head  # where the head starts
        px, py = -uy * head * 0.45, ux * head * 0.45
        path = QPainterPath()
        path.moveTo(0, 0)
        path.lineTo(bx, by)
        path.addPolygon(
            QPolygonF(
                [
                    QPointF(dx, dy),
                    QPointF(bx + px, by + py),
                    QPointF(bx - px, by - py),
                    QPointF(dx, dy),
                ]
            )
        )
        self.setPath(path)
        self.body.setPath(path)
        r = self._backing.rect()
        if side:  # centred beside the shaft, clear of it by 5 pixels
            nx, ny = uy * side, -ux * side  # left of the arrow on screen (y down) for side 1
            reach = abs(nx) * r.width() / 2 + abs(ny) * r.height() / 2 + 5
            cx, cy = dx / 2 + nx * reach, dy / 2 + ny * reach
        else:  # beyond the tip
            reach = abs(ux) * r.width() / 2 + abs(uy) * r.height() / 2 + 4
            cx, cy = dx + ux * reach, dy + uy * reach
        self._backing.setPos(cx - r.width() / 2, cy - r.height() / 2)
        self.setPos(x, y)
        self.show()

    def shape(self):
        return QPainterPath()  # never under the mouse


class EditViewBox(pg.ViewBox):
    """A view box that offers mouse clicks and drags to its plot before panning.

    ``click_handler(ev)`` and ``drag_handler(ev)`` return True when they took the
    event; otherwise the view box does what it always does (drag pans, right click
    opens the menu).

    A right click (on the view or an axis) opens :attr:`context_menu`, the plot's own
    menu, alone: none of pyqtgraph's entries (View All, axes, Mouse Mode, Plot
    Options, the scene's Export…) are added to it.
    """

    def __init__(self, **kw):
        super().__init__(**kw)
        self.click_handler = None
        self.drag_handler = None
        self.context_menu = None

    def getMenu(self, ev):  # noqa: N802 (pyqtgraph's name)
        return self.context_menu if self.context_menu is not None else super().getMenu(ev)

    def getContextMenus(self, event):  # noqa: N802
        return []  # nothing of the view box's in menus its children raise

    def raiseContextMenu(self, ev):  # noqa: N802
        menu = self.context_menu
        if menu is None:
            super().raiseContextMenu(ev)
            return
        menu.popup(ev.screenPos().toPoint())

    def mouseClickEvent(self, ev):  # noqa: N802 (pyqtgraph's name)
        if self.click_handler is not None and self.click_handler(ev):
            ev.accept()
            return
        super().mouseClickEvent(ev)

    def mouseDragEvent(self, ev, axis=None):  # noqa: N802
        if axis is None and self.drag_handler is not None and self.drag_handler(ev):
            ev.accept()
            return
        super().mouseDragEvent(ev, axis)


class DataScatter(pg.ScatterPlotItem):
    """Scatter points that leave clicks to the plot (it decides what a click on a point means)."""

    def mouseClickEvent(self, ev):  # noqa: N802 (pyqtgraph's name)
        ev.ignore()


def legend_sample(target: QGraphicsItem, **opts) -> pg.PlotDataItem:
    """A pyqtgraph item that draws ``target``'s legend sample; toggling it toggles ``target``."""
    sample = pg.PlotDataItem([0.0], [0.0], **opts)  # with a point, its symbol follows its pens
    sample.visibleChanged.connect(lambda: target.setVisible(sample.isVisible()))
    return sample


class RangeAnchor(pg.GraphicsObject):
    """An invisible item whose data bounds the view's auto-range follows.

    The loss plot moves these bounds in round steps; following the curve itself
    would change the axes, and lay them out again, on every frame.
    """

    def __init__(self):
        super().__init__()
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemHasNoContents)
        self._bounds: tuple[float, float, float, float] | None = None

    def set_bounds(self, bounds: tuple[float, float, float, float] | None) -> None:
        """``(x0, x1, y0, y1)`` in view coordinates, or None."""
        if bounds != self._bounds:
            self._bounds = bounds
            self.informViewBoundsChanged()

    @property
    def bounds(self):
        return self._bounds

    def dataBounds(self, axis, frac=1.0, orthoRange=None):  # noqa: N802, N803
        if self._bounds is None:
            return None, None
        return self._bounds[0:2] if axis == 0 else self._bounds[2:4]

    def boundingRect(self):  # noqa: N802
        return QRectF()

    def paint(self, *args):
        pass
