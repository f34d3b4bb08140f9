"""Save plots and the window as PNG or SVG, copy them to the clipboard, export headless.

PNGs are rendered at a scale (1 for the screen, 2 for slides and print); SVGs come
from pyqtgraph's :class:`~pyqtgraph.exporters.SVGExporter` (plots) or
:class:`~PySide6.QtSvg.QSvgGenerator` (a whole window).

Every file is written with :func:`gdgui.core.fileio.atomic_write_bytes` (through
symlinks, keeping the file's mode, refusing FIFOs and devices; a failure leaves the
old file as it was and raises its one-line FileIOError). :func:`export_folder` and
:func:`remember_export_folder` keep the folder of the last image export in the
settings, for the next export dialog.

Rendering only: this module never imports the window (the window imports it);
the headless ``gdgui export`` is :func:`gdgui.ui.headless.export_experiment`.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

import pyqtgraph as pg
import pyqtgraph.exporters  # noqa: F401  (pg.exporters)
from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QIODevice,
    QPoint,
    QRect,
    QRectF,
    QSize,
    QtMsgType,
    qInstallMessageHandler,
)
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import (
    QApplication,
    QGraphicsLayout,
    QGraphicsView,
    QGraphicsWidget,
    QWidget,
)

from ..core.fileio import atomic_write_bytes

__all__ = [
    "copy_to_clipboard",
    "ensure_app",
    "export_folder",
    "export_plot",
    "export_widget_png",
    "export_widget_svg",
    "plot_svg_bytes",
    "remember_export_folder",
    "render_widget",
]


def export_folder(settings) -> str:
    """The folder of the last image export (``settings`` a
    :class:`~gdgui.ui.settings.Settings`), "" when none is remembered or it is gone."""
    folder = settings.get("export/image_folder")
    return folder if folder and Path(folder).is_dir() else ""


def remember_export_folder(settings, path) -> None:
    """Remember the folder of ``path`` for the next image export dialog."""
    settings.set("export/image_folder", str(Path(path).absolute().parent))


_app: QApplication | None = None  # keeps a QApplication made here alive


def ensure_app() -> QApplication:
    """The running QApplication, or a new one that needs no display.

    With no QApplication yet, no display (neither DISPLAY nor WAYLAND_DISPLAY on
    Linux and other X11 systems) and QT_QPA_PLATFORM unset, Qt's ``offscreen``
    platform is chosen, so exports work on servers and in CI.
    """
    global _app
    app = QApplication.instance()
    if app is not None:
        return app  # type: ignore[return-value]
    no_display = not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    if (
        no_display
        and not os.environ.get("QT_QPA_PLATFORM")
        and sys.platform not in ("win32", "darwin")
    ):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    if os.environ.get("QT_QPA_PLATFORM") == "offscreen":
        qInstallMessageHandler(_quiet_offscreen)
    _app = QApplication(sys.argv[:1] or ["gdgui"])
    return _app


def _quiet_offscreen(kind: QtMsgType, _context, message: str) -> None:
    """Qt's messages, less the offscreen platform's note that it has no window manager."""
    if "propagateSizeHints" in message:
        return
    if kind != QtMsgType.QtDebugMsg:
        print(message, file=sys.stderr)


# --- rendering ------------------------------------------------------------------------------


def _canvas(widget: QWidget, scale: float, background) -> QImage:
    """A blank image of ``widget``'s size × ``scale``, filled with ``background``."""
    size = widget.size()
    img = QImage(
        QSize(round(size.width() * scale), round(size.height() * scale)),
        QImage.Format.Format_ARGB32_Premultiplied,
    )
    img.setDevicePixelRatio(scale)
    img.fill(background)
    return img


def render_widget(widget: QWidget, scale: float = 1.0) -> QImage:
    """The widget as an image of ``scale`` × its size (crisp: drawn at that resolution)."""
    if not scale > 0:
        raise ValueError(f"scale must be > 0, got {scale}")

    def paint() -> QImage:
        img = _canvas(widget, scale, widget.palette().window().color())
        painter = QPainter(img)
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
            widget.render(painter, QPoint())
        finally:
            painter.end()
        return img

    return _painted(widget, paint)


def _save_image(img: QImage, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    data = png_bytes(img)
    if not data:
        raise OSError(f"cannot encode {path} as PNG")
    atomic_write_bytes(path, data)
    return path


def export_widget_png(widget: QWidget, path, scale: float = 1.0) -> Path:
    """Write the widget (a window, a panel, a plot) as a PNG of ``scale`` × its size."""
    return _save_image(render_widget(widget, scale), Path(path))


def export_widget_svg(widget: QWidget, path) -> Path:
    """Write the widget as SVG (Qt's SVG generator: vector where Qt draws vectors)."""
    from PySide6.QtSvg import QSvgGenerator

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    _lay_out(widget)
    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    gen = QSvgGenerator()
    gen.setOutputDevice(buf)
    size = widget.size()
    gen.setResolution(widget.logicalDpiX())  # the SVG's size in pixels is the widget's
    gen.setSize(size)
    gen.setViewBox(QRect(0, 0, size.width(), size.height()))
    gen.setTitle(widget.windowTitle() or "gdgui")
    gen.setDescription("gdgui")
    painter = QPainter(gen)
    try:
        widget.render(painter, QPoint())
    finally:
        painter.end()
    buf.close()
    atomic_write_bytes(path, bytes(data.data()))
    return path


def plot_svg_bytes(plot: pg.PlotWidget) -> bytes:
    """The plot as an SVG document (pyqtgraph's SVGExporter)."""
    _lay_out(plot)
    return pg.exporters.SVGExporter(plot.plotItem).export(toBytes=True)


#: paints of one image at most: the image, and again while axes widen for their labels
MAX_PAINTS = 3


def _graphics(widget: QWidget) -> tuple[list[pg.AxisItem], list[QGraphicsLayout]]:
    """The pyqtgraph axes drawn in ``widget`` (a plot, or a window of plots) and the
    layouts of its graphics widgets (a plot's, its legend's)."""
    views = [v for v in widget.findChildren(QGraphicsView) if v.isVisibleTo(widget)]
    if isinstance(widget, QGraphicsView):
        views.append(widget)
    scenes = {id(s): s for s in (v.scene() for v in views) if s is not None}
    axes, layouts = [], []
    for scene in scenes.values():
        for item in scene.items():
            if isinstance(item, pg.AxisItem):
                axes.append(item)
            elif isinstance(item, QGraphicsWidget):
                layout = QGraphicsWidget.layout(item)  # pyqtgraph's items hide the method
                if layout is not None:
                    layouts.append(layout)
    return axes, layouts


def _axis_room(axes: list[pg.AxisItem]) -> list[tuple[float, ...]]:
    return [
        (a.minimumWidth(), a.maximumWidth(), a.minimumHeight(), a.maximumHeight()) for a in axes
    ]


def _painted(widget: QWidget, paint: Callable[[], QImage]) -> QImage:
    """``paint()`` once the layout has settled: pending events first (a new size, a
    label's new text) and the graphics layouts applied, then the image; again only when
    that paint resized an axis.

    pyqtgraph's axes find out how wide their tick labels are while they draw them and
    resize then (their layout follows at a later event loop pass), so an axis whose
    labels grew paints too narrow once. Most frames of an animation keep their labels'
    room: they are painted once (an earlier version painted every image twice before
    painting it, which was three quarters of a plot animation's drawing)."""
    app = QApplication.instance()
    axes, layouts = _graphics(widget)
    img = QImage()
    for _ in range(MAX_PAINTS):
        if app is not None:
            app.processEvents()
        for layout in layouts:
            layout.activate()  # a layout invalidated by the last paint (else: nothing)
        room = _axis_room(axes)
        img = paint()
        if _axis_room(axes) == room:
            break
    return img


def _lay_out(widget: QWidget) -> None:
    """Let the layout settle (see :func:`_painted`) before a paint that cannot be
    repeated (an SVG document)."""
    _painted(widget, lambda: widget.grab().toImage())


def _plot_image(plot: pg.PlotWidget, scale: float) -> QImage:
    """The plot's scene as the view shows it (no overlaid buttons), at ``scale``.

    Drawn at the image's device pixel ratio, so text, markers and pens all scale
    alike (pyqtgraph's ImageExporter keeps legends and text items at 1x).
    """
    if not scale > 0:
        raise ValueError(f"scale must be > 0, got {scale}")

    def paint() -> QImage:
        img = _canvas(plot, scale, plot.backgroundBrush().color())
        size = plot.size()
        plot.scene().prepareForPaint()  # view boxes update their transforms (as paintEvent)
        painter = QPainter(img)
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
            QGraphicsView.render(
                plot,
                painter,
                QRectF(0, 0, size.width(), size.height()),
                QRect(0, 0, size.width(), size.height()),
            )
        finally:
            painter.end()
        return img

    return _painted(plot, paint)


def export_plot(plot: pg.PlotWidget, path, *, svg: bool = False, scale: float = 1.0) -> Path:
    """Write one plot as PNG (``scale`` × its size) or SVG (pyqtgraph's SVGExporter)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if svg:
        atomic_write_bytes(path, plot_svg_bytes(plot))
        return path
    return _save_image(_plot_image(plot, scale), path)


def copy_to_clipboard(widget: QWidget, scale: float = 1.0) -> QImage:
    """Put the widget (a plot or the window) on the clipboard as an image; return it."""
    if isinstance(widget, pg.PlotWidget):
        img = _plot_image(widget, scale)
    else:
        img = render_widget(widget, scale)
    QApplication.clipboard().setImage(img)
    return img


def png_bytes(img: QImage) -> bytes:
    """The image encoded as PNG."""
    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    img.save(buf, "PNG")
    buf.close()
    return bytes(data.data())
