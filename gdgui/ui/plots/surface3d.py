"""A rotatable, zoomable 3D view of the loss surface, with each run's path riding on it.

For problems of two parameters (surfaces, and the line y = w·x + b): the surface is a
``GLSurfacePlotItem`` built once per :meth:`Surface3DView.set_problem`, coloured and
raised as the trajectory plot's colour map (:class:`gdgui.core.plotmath.ColourScale`);
each run's path is a ``GLLinePlotItem`` and its current point a ``GLScatterPlotItem``,
both on the surface. Same small API as the other plots::

    view.set_problem(problem, experiment)
    view.show_history(history, status, run=0)
    view.set_theme("dark" | "light")
    view.clear_run()

Where no OpenGL context can be had (the offscreen platform, a remote display without
GLX), the view shows a line saying so instead; the API still works (nothing is drawn).
:meth:`Surface3DView.grab_image` reads the view back (at 1×, or drawn again off screen
at 2×) for the PNG export (its right-click menu emits ``export_requested``) and the
animations.
pyqtgraph.opengl needs PyOpenGL (the optional dependency ``gdgui[3d]``). pyqtgraph
compiles its shaders once per process: a second GL view in another context needs
``Qt.AA_ShareOpenGLContexts`` set before the QApplication is made.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QAction, QImage, QVector3D
from PySide6.QtWidgets import QLabel, QMenu, QVBoxLayout, QWidget

from ...core.plotmath import MAX_POINTS, ColourScale, decimate_stride, parameter_range
from ..theme import DEFAULT_THEME, run_color, theme
from .base import history_key
from .runs import RunStyle

translate = QCoreApplication.translate

__all__ = ["MESH_GRID", "Surface3DView", "opengl_available"]

#: vertices per side of the surface mesh
MESH_GRID = 81
#: the surface's height (its x and y span 2 each: a box of 2 × 2 × HEIGHT)
HEIGHT = 1.0
#: paths float this far above the surface, so the mesh does not hide them
LIFT = 0.012

_gl_state: bool | None = None


def opengl_available() -> bool:
    """True when this display gives an OpenGL context (and PyOpenGL is installed)."""
    global _gl_state
    if _gl_state is None:
        _gl_state = _probe_opengl()
    return _gl_state


def _probe_opengl() -> bool:
    try:
        import pyqtgraph.opengl  # noqa: F401  (needs PyOpenGL)
        from PySide6.QtGui import QOffscreenSurface, QOpenGLContext
    except Exception:  # no PyOpenGL or no QtOpenGL: no 3D view
        return False
    ctx = QOpenGLContext()
    if not ctx.create():
        return False
    surface = QOffscreenSurface()
    surface.setFormat(ctx.format())
    surface.create()
    ok = surface.isValid() and ctx.makeCurrent(surface)
    if ok:
        ctx.doneCurrent()
    return bool(ok)


class Surface3DView(QWidget):
    """The loss surface in 3D (two parameters), rotatable and zoomable, with the paths.

    Drag to rotate, wheel to zoom, middle-drag (or Ctrl-drag) to pan: pyqtgraph's
    ``GLViewWidget``. The view's box is 2 × 2 × :data:`HEIGHT`: x and y each scaled to
    [−1, 1] across the plotted range, height the surface's colour value from its
    minimum (0) to its 99th percentile (:data:`HEIGHT`), clipped there.
    """

    #: the user asked to export the view (its menu); the window opens the file dialog
    export_requested = Signal()

    def __init__(self, parent=None, theme_name: str = DEFAULT_THEME):
        super().__init__(parent)
        self.setAccessibleName(translate("Surface3DView", "3D loss surface"))
        self.setToolTip(
            translate("Surface3DView", "The loss surface in 3D: drag to rotate, scroll to zoom")
        )
        self.setMinimumSize(220, 160)
        self.problem = None
        self.experiment = None
        self.dim = 0
        self.ranges: list[tuple[float, float]] = []
        self.scale = ColourScale("linear", 0.0, 0.0, 0.0, 1.0)
        #: the mesh: (MESH_GRID,) x and y in view units, (MESH_GRID, MESH_GRID) heights
        self.mesh: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None
        self.surface_values: np.ndarray | None = None
        #: per run: (m, 3) points of its drawn path, in view units
        self.paths: dict[int, np.ndarray] = {}
        self._keys: dict[int, tuple] = {}
        self._styles: dict[int, RunStyle] = {}
        self._selected = 0
        self._theme_name = theme_name
        self._colors = theme(theme_name)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.notice = QLabel(self)
        self.notice.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.notice.setWordWrap(True)
        self.notice.setAccessibleName(translate("Surface3DView", "3D view notice"))
        layout.addWidget(self.notice)
        self.available = opengl_available()
        self.view = None
        self._surface_item = None
        self._lines: dict[int, object] = {}
        self._points: dict[int, object] = {}
        if self.available:
            import pyqtgraph.opengl as gl

            self._gl = gl
            self.view = gl.GLViewWidget(self)
            self.view.setAccessibleName(translate("Surface3DView", "3D loss surface view"))
            self.view.setToolTip(self.toolTip())
            self.view.setCameraPosition(
                pos=QVector3D(0.0, 0.0, 0.35 * HEIGHT), distance=4.2, elevation=28, azimuth=-55
            )
            layout.addWidget(self.view, 1)
            self.notice.hide()
        else:
            self.notice.setText(
                translate(
                    "Surface3DView",
                    "No 3D view: this display offers no OpenGL (the other plots work).",
                )
            )
        self.context_menu = QMenu(self)
        self.context_menu.setToolTipsVisible(True)
        self.context_menu.setAccessibleName(translate("Surface3DView", "3D view menu"))
        self.action_export = QAction(translate("Surface3DView", "&Export this view…"), self)
        self.action_export.setToolTip(translate("Surface3DView", "Save the 3D view as a PNG image"))
        self.action_export.setObjectName("actionExport3DView")
        self.action_export.setEnabled(self.available)
        self.action_export.triggered.connect(self.export_requested.emit)
        self.context_menu.addAction(self.action_export)
        self.set_theme(theme_name)

    # --- API ------------------------------------------------------------------------------
    def set_problem(self, problem, experiment=None) -> None:
        """Build the surface mesh for ``problem`` (two parameters), once; clears the runs."""
        self.clear_run()
        self.problem, self.experiment = problem, experiment
        self.dim = len(problem.param_names)
        self.mesh = None
        self.surface_values = None
        if self.dim != 2:
            self.ranges = []
            self._show_surface(None)
            self._say(translate("Surface3DView", "The 3D view shows problems of 2 parameters."))
            return
        self.ranges = parameter_range(problem, experiment)
        (x0, x1), (y0, y1) = self.ranges
        n = MESH_GRID
        gx, gy = np.linspace(x0, x1, n), np.linspace(y0, y1, n)
        X, Y = np.meshgrid(gx, gy, indexing="ij")
        with np.errstate(all="ignore"):
            v = np.asarray(
                problem.value(np.column_stack([X.ravel(), Y.ravel()])), dtype=float
            ).reshape(n, n)
        self.surface_values = v
        self.scale = ColourScale.for_values(v)
        heights = self.height(v)
        self.mesh = (self._unit(gx, 0), self._unit(gy, 1), heights)
        self._show_surface(self.mesh)
        self._say("")

    def show_history(self, history, status: str = "", run: int = 0) -> None:
        """Draw run ``run``'s path over the surface (a bounded number of points)."""
        if self.mesh is None:
            return
        key = history_key(history, status)
        if self._keys.get(run) == key:
            return
        self._keys[run] = key
        n = len(history)
        if n == 0:
            self._draw_path(run, np.zeros((0, 3)))
            return
        idx = decimate_stride(n, MAX_POINTS)
        params = history.params[idx, :2].astype(float)
        loss = history.loss[idx].astype(float)
        ok = np.isfinite(params).all(axis=1) & np.isfinite(loss)
        self._draw_path(run, self.points(params[ok], loss[ok]))

    def set_runs(self, specs) -> None:
        """Colours and visibility of the runs: :class:`RunStyle` (index, name, colour,
        visible), as for the 2D plots; runs without a style keep the theme's colour."""
        self._styles = {int(s.index): RunStyle(*s) for s in specs}
        for run, pts in list(self.paths.items()):
            self._draw_path(run, pts)

    def set_selected_run(self, run: int) -> None:
        """The selected run (its current point is drawn larger)."""
        self._selected = int(run)
        for r, pts in list(self.paths.items()):
            self._draw_path(r, pts)

    @property
    def selected_run(self) -> int:
        """The run whose current point is drawn larger."""
        return self._selected

    def run_colour(self, run: int) -> str:
        s = self._styles.get(run)
        return s.colour if s is not None and s.colour else run_color(run, self._theme_name)

    def run_visible(self, run: int) -> bool:
        s = self._styles.get(run)
        return True if s is None else bool(s.visible)

    def remove_run(self, run: int) -> None:
        """Forget run ``run``: its path leaves the view."""
        self._draw_path(run, np.zeros((0, 3)))
        self.paths.pop(run, None)
        self._keys.pop(run, None)
        self._styles.pop(run, None)
        for items in (self._lines, self._points):
            item = items.pop(run, None)
            if item is not None and self.view is not None:
                self.view.removeItem(item)

    def clear_run(self) -> None:
        """Forget the drawn runs (the surface stays)."""
        for run in list(self.paths):
            self._draw_path(run, np.zeros((0, 3)))
        self.paths = {}
        self._keys = {}

    def set_theme(self, name: str) -> None:
        """Background and colour map of theme ``name`` ("dark" or "light")."""
        self._colors = t = theme(name)
        self._theme_name = name
        self.notice.setStyleSheet(
            f"QLabel {{ background: {t['background']}; color: {t['muted']}; padding: 12px; }}"
        )
        if self.view is not None:
            self.view.setBackgroundColor(pg.mkColor(t["background"]))
            self._show_surface(self.mesh)
            for run, pts in list(self.paths.items()):
                self._draw_path(run, pts)

    @property
    def theme_name(self) -> str:
        return self._theme_name

    # --- coordinates ----------------------------------------------------------------------
    def _unit(self, values: np.ndarray, axis: int) -> np.ndarray:
        lo, hi = self.ranges[axis]
        return (np.asarray(values, dtype=float) - lo) / (hi - lo) * 2.0 - 1.0

    def height(self, loss: np.ndarray) -> np.ndarray:
        """The surface's height at loss values ``loss`` (0 at the minimum, HEIGHT at the top)."""
        return HEIGHT * self.scale.unit(loss)

    def points(self, params: np.ndarray, loss: np.ndarray) -> np.ndarray:
        """(m, 3) view points of parameters ``params`` (m, 2) with losses ``loss``: on the
        surface, a little above it."""
        if len(params) == 0:
            return np.zeros((0, 3))
        return np.column_stack(
            [self._unit(params[:, 0], 0), self._unit(params[:, 1], 1), self.height(loss) + LIFT]
        )

    # --- drawing --------------------------------------------------------------------------
    def _say(self, text: str) -> None:
        if self.view is None:
            return  # the notice already says there is no OpenGL
        self.notice.setText(text)
        self.notice.setVisible(bool(text))
        self.view.setVisible(not text)

    def _colormap(self):
        t = self._colors
        cmap = pg.colormap.get(t["colormap"])
        if t.get("colormap_reverse"):
            cmap.reverse()
        return cmap

    def colours(self, heights: np.ndarray) -> np.ndarray:
        """RGBA (0-1) of the mesh at ``heights``: the trajectory plot's colour map."""
        u = np.nan_to_num(np.asarray(heights, dtype=float) / HEIGHT, nan=1.0)
        rgba = self._colormap().map(u.ravel(), mode="float")
        return np.asarray(rgba, dtype=float).reshape(*u.shape, 4)

    def _show_surface(self, mesh) -> None:
        if self.view is None:
            return
        if mesh is None:
            if self._surface_item is not None:
                self._surface_item.hide()
            return
        x, y, h = mesh
        z = np.nan_to_num(h, nan=HEIGHT)
        colours = self.colours(h).reshape(-1, 4)  # per vertex, as MeshData wants them
        if self._surface_item is None:
            self._surface_item = self._gl.GLSurfacePlotItem(
                x=x, y=y, z=z, colors=colours, smooth=False, glOptions="opaque"
            )
            self.view.addItem(self._surface_item)
        else:
            self._surface_item.setData(x=x, y=y, z=z, colors=colours)
        self._surface_item.show()

    def _draw_path(self, run: int, pts: np.ndarray) -> None:
        self.paths[run] = pts
        if self.view is None:
            return
        colour = pg.mkColor(self.run_colour(run)).getRgbF()
        shown = self.run_visible(run)
        line = self._lines.get(run)
        dot = self._points.get(run)
        if line is None:
            line = self._gl.GLLinePlotItem(width=2.5, antialias=True, glOptions="opaque")
            dot = self._gl.GLScatterPlotItem(size=12, pxMode=True, glOptions="opaque")
            self.view.addItem(line)
            self.view.addItem(dot)
            self._lines[run], self._points[run] = line, dot
        if len(pts) >= 2 and shown:
            line.setData(pos=pts, color=colour)
            line.show()
        else:
            line.hide()
        if len(pts) and shown:
            dot.setData(pos=pts[-1:], color=colour, size=16 if run == self._selected else 12)
            dot.show()
        else:
            dot.hide()

    # --- export ---------------------------------------------------------------------------
    def grab_image(self, scale: float = 1.0) -> QImage:
        """The 3D view as an image of ``scale`` × its size in pixels (a null image where
        there is no OpenGL or the view is hidden). At 1× the widget's framebuffer; at
        other scales drawn again off screen at that size (points and lines keep their
        pixel widths)."""
        if self.view is None or not self.view.isVisible():
            return QImage()
        if scale == 1:
            return self.view.grabFramebuffer()
        ratio = self.view.devicePixelRatioF()
        w = max(1, round(self.view.width() * ratio * scale))
        h = max(1, round(self.view.height() * ratio * scale))
        bgra = np.ascontiguousarray(self.view.renderToArray((w, h)))
        img = QImage(bgra.data, w, h, 4 * w, QImage.Format.Format_ARGB32)
        return img.convertToFormat(QImage.Format.Format_RGB32)  # a copy: bgra goes away

    def export_png(self, path, scale: float = 1.0) -> Path:
        """Write the view as PNG at ``scale``; raises RuntimeError (one line) where there
        is nothing to export or the file cannot be written."""
        image = self.grab_image(scale)
        path = Path(path)
        if image.isNull():
            raise RuntimeError("no 3D view to export: this display offers no OpenGL")
        if not image.save(str(path), "PNG"):
            raise RuntimeError(f"cannot write {path}")
        return path

    def contextMenuEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        """Right-click: the view's menu (export it as PNG)."""
        self.context_menu.popup(event.globalPos())
        event.accept()
