"""Animations of finished runs: the window, one plot or the 3D view, frame by frame, as
GIF or MP4.

Each frame shows every run given (a race: every run the window shows, each in its
colour, with the legend; :func:`window_runs`) as it stood at the frame's step: a plot
is given a :func:`history_prefix` of each run (a copy of its rows 0..k, built in O(k))
and drawn with :func:`gdgui.ui.export._plot_image` or read back from OpenGL (the 3D
view, :class:`Surface3DSource`); the whole window (:class:`WindowSource`) is scrubbed
to the step, so its readouts, Runs dock, step log and scrubber show it too, and drawn
with :func:`gdgui.ui.export.render_widget`; at 1× or 2×. Which steps become frames is
:func:`gdgui.core.frames.plan_frames` over the longest run (linear or log time, the end
held a moment), mapped onto each run's rows by :func:`frame_rows`.

Encoders live in the optional extra ``gdgui[video]`` (Pillow for GIF, PyAV for
H.264 MP4); without it :class:`VideoExtraMissing` says what to install.
See docs/animation.md for the choices.

:class:`AnimationJob` renders in slices: :meth:`AnimationJob.frames` is a generator
that yields after every frame, so a :class:`AnimationRunner` (a QTimer on the GUI
thread, where widgets must be drawn) keeps the window responsive and can cancel.
Rendering only: this module never imports the window (the window may import it);
the headless export is :mod:`gdgui.ui.headless_animation`.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy as np
from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QWidget

from ..core.frames import FramePlan, plan_frames
from ..core.history import History
from .export import _plot_image, render_widget
from .plots.surface3d import opengl_available

__all__ = [
    "FORMATS",
    "INSTALL_HINT",
    "AnimationJob",
    "AnimationRunner",
    "PlotSource",
    "RunFrame",
    "Surface3DSource",
    "VideoExtraMissing",
    "WindowSource",
    "check_output",
    "frame_rows",
    "grab_widget",
    "history_prefix",
    "image_to_rgb",
    "open_encoder",
    "surface3d_refusal",
    "window_runs",
    "window_styles",
]

#: file suffixes and what they are written as
FORMATS = {".gif": "GIF", ".mp4": "MP4"}
INSTALL_HINT = 'pip install "gdgui[video]"'
#: GIF delays count centiseconds and browsers slow down delays under 2 cs
GIF_MAX_FPS = 50
#: x264 quality (lower: better; 18-23 is visually lossless for plots) and speed
MP4_CRF = 20
MP4_PRESET = "veryfast"


class VideoExtraMissing(RuntimeError):
    """The packages of the ``video`` extra are not installed (the CLI exits 2)."""


def _import_pillow():
    try:
        from PIL import Image
    except ImportError as e:
        raise VideoExtraMissing(f"GIF export needs Pillow: {INSTALL_HINT}") from e
    return Image


def _import_av():
    try:
        import av
    except ImportError as e:
        raise VideoExtraMissing(f"MP4 export needs PyAV: {INSTALL_HINT}") from e
    return av


def history_prefix(history: History, rows: int) -> History:
    """A new History holding rows ``0..rows-1`` of ``history`` (copies, O(rows))."""
    rows = max(0, min(int(rows), len(history)))
    out = History(history.param_names, capacity=max(rows, 16))
    if rows:
        out.extend_rows(history.rows(0, rows))
    out.thinned = history.thinned  # a prefix of a thinned history is not exact either
    out.stride = history.stride
    return out


def image_to_rgb(img: QImage) -> np.ndarray:
    """An (H, W, 3) uint8 copy of ``img``."""
    img = img.convertToFormat(QImage.Format.Format_RGB888)
    h, w, bpl = img.height(), img.width(), img.bytesPerLine()
    buf = np.frombuffer(img.constBits(), dtype=np.uint8, count=h * bpl)
    return buf.reshape(h, bpl)[:, : w * 3].reshape(h, w, 3).copy()


def _fit_to(rgb: np.ndarray, shape: tuple[int, int]) -> np.ndarray:
    """Crop or edge-pad ``rgb`` to ``shape`` (H, W): every frame the size of the first."""
    h, w = shape
    rgb = rgb[:h, :w]
    ph, pw = h - rgb.shape[0], w - rgb.shape[1]
    if ph or pw:
        rgb = np.pad(rgb, ((0, ph), (0, pw), (0, 0)), mode="edge")
    return rgb


# --- what is drawn ---------------------------------------------------------------------------

#: one run in one frame: (run index, its history up to the frame's step, its status then)
RunFrame = tuple[int, History, str]


def window_runs(window: Any) -> list[RunFrame]:
    """Every shown run of ``window`` as it is now: ``(index, history, status)``.

    Reads ``window.controller`` (``histories``, ``run_status``) and the runs the Runs dock
    hides (``window.runs_dock.hidden``), so the animation draws what the window draws."""
    c = window.controller
    dock = getattr(window, "runs_dock", None)
    hidden = set(getattr(dock, "hidden", ()) or ())
    histories = getattr(c, "histories", None)
    if histories is None:  # a controller of one run
        return [(0, c.history, c.status)]
    runs = [(i, histories[i], c.run_status(i)) for i in range(len(histories)) if i not in hidden]
    return runs or [(0, c.history, c.status)]


def window_styles(window: Any) -> list[Any]:
    """The runs' names, colours and visibility as the window's plots draw them."""
    dock = getattr(window, "runs_dock", None)
    return list(dock.styles()) if dock is not None else []


def _settle_overlays(plot: Any) -> None:
    """Place ``plot``'s legend and corner texts for the data it shows now, as the window
    does a moment after the data change: every frame the same wherever it is drawn, not
    when a timer happens to fire between frames."""
    place = getattr(plot, "place_overlays", None)
    if place is None:
        return
    plot.scene().prepareForPaint()  # the view's range follows the new data first
    place()


class FrameSource(Protocol):
    def show(self, runs: Sequence[RunFrame]) -> None: ...
    def grab(self) -> np.ndarray: ...
    def restore(self) -> None: ...


class PlotSource:
    """One plot (fit, loss or trajectory), shown with each frame's runs and drawn at
    ``scale``. ``restore_to``: the runs the plot shows again after the job (a live
    window's plot); None: nothing."""

    def __init__(self, plot: Any, scale: float = 1.0, restore_to: Sequence[RunFrame] | None = None):
        self.plot, self.scale = plot, float(scale)
        self.restore_to = list(restore_to) if restore_to is not None else None

    def show(self, runs: Sequence[RunFrame]) -> None:
        for i, history, status in runs:
            self.plot.show_history(history, status, run=i)

    def grab(self) -> np.ndarray:
        _settle_overlays(self.plot)
        return image_to_rgb(_plot_image(self.plot, self.scale))  # as export_plot draws it

    def restore(self) -> None:
        if self.restore_to is not None:
            self.show(self.restore_to)


class Surface3DSource(PlotSource):
    """The 3D view (:class:`~gdgui.ui.plots.surface3d.Surface3DView`): every run's path
    up to the frame's step with its point there, read back from OpenGL at ``scale``.
    RuntimeError (one line) where the view has no OpenGL."""

    def __init__(self, view: Any, scale: float = 1.0, restore_to: Sequence[RunFrame] | None = None):
        if not getattr(view, "available", False):
            raise RuntimeError("no 3D view to animate: this display offers no OpenGL")
        super().__init__(view, scale, restore_to)

    def grab(self) -> np.ndarray:
        img = self.plot.grab_image(self.scale)
        if img.isNull():
            raise RuntimeError("no 3D view to animate: it is hidden or has no OpenGL")
        return image_to_rgb(img)


def surface3d_refusal(problem: Any) -> str:
    """Why the 3D view cannot be animated for ``problem`` here ("" when it can): a
    problem of other than 2 parameters, or a display without OpenGL."""
    n = len(getattr(problem, "param_names", ()))
    if n != 2:
        return f"the 3D view shows problems of 2 parameters; this one has {n}"
    if not opengl_available():
        return "no 3D view: this display offers no OpenGL"
    return ""


class WindowSource:
    """The whole window at each frame's step: the window is scrubbed there
    (:meth:`TimeTravel.scrub_to <gdgui.ui.scrubber.TimeTravel.scrub_to>`) and drawn by
    its own :meth:`render_now` from :meth:`TimeTravel.source
    <gdgui.ui.scrubber.TimeTravel.source>`, so every piece of it shows the race as it
    stood then: the plots (every shown run), readouts, panels, the Runs dock's table,
    the step log (scrolled to the step) and the scrubber. A render tick that fires
    between frames draws the same. :meth:`restore` puts the window back as it was: its
    scrubbed step (or live), the step log's scroll position, current row and selection.

    The frame's step is the furthest last step of the runs given; each run's rows up
    to it are the rows the job planned (:func:`frame_rows`: a run's last row at or
    before the step), drawn from the window's own histories."""

    def __init__(self, window: Any, scale: float = 1.0):
        self.window, self.scale = window, float(scale)
        self.plots = list(window.plots.values())
        #: the time travel's step and the step log's view before the first frame
        self._saved: tuple[int | None, Any] | None = None

    def show(self, runs: Sequence[RunFrame]) -> None:
        w = self.window
        tt, log = w.time_travel, w.step_log
        if self._saved is None:
            tt.scrubber.stop_replay()  # its timer would move the window between frames
            self._saved = (tt.step, log.view_state())
        step = max(int(h.step[-1]) for _, h, _ in runs if len(h))
        before = tt.step
        tt.scrub_to(step)  # its last step (or later): live
        if tt.step == before:  # already there (scrub_to draws only a change)
            w.render_now()
        log.show_row(len(tt.history()) - 1)

    def grab(self) -> np.ndarray:
        for p in self.plots:
            _settle_overlays(p)
        return image_to_rgb(render_widget(self.window, self.scale))

    def restore(self) -> None:
        """Show the window as it was before the first frame."""
        if self._saved is None:
            return
        (step, view), self._saved = self._saved, None
        w = self.window
        tt = w.time_travel
        tt.scrub_to(step)
        w.step_log.set_history(tt.history(), w.controller.problem)
        w.render_now()
        w.step_log.set_view_state(view)


# --- encoders --------------------------------------------------------------------------------


class _GifEncoder:
    """Pillow GIF: one adaptive palette for all frames, optimised, frame times from the plan,
    looped forever.

    The palette (octree, 256 colours, no dithering) is made from the first and the last
    frame side by side (:meth:`prime` receives the last one before any other), so colours
    that appear only late (the path's end, the final step's arrows) have entries, and one
    palette for all frames lets ``optimize`` store only the rectangle that changed between
    frames: a per-frame palette rewrites every pixel and makes files ~20× larger. Octree
    rather than median cut: median cut spends the entries on the large colour-mapped
    surface and turns the thin orange path pink; octree keeps the run's colour.
    Pillow writes a GIF in one go, so the palette images (width × height bytes each) stay
    in memory until :meth:`close`.
    """

    def __init__(self, path: Path, fps: float):
        self._image = _import_pillow()
        self.path = path
        self._frames: list[Any] = []
        self._durations: list[int] = []
        self._last: np.ndarray | None = None
        self._palette: Any = None

    def prime(self, last_rgb: np.ndarray) -> None:
        self._last = last_rgb

    def add(self, rgb: np.ndarray, repeats: int, duration_ms: int) -> None:
        Image = self._image
        if self._palette is None:
            both = (
                rgb
                if self._last is None or self._last.shape != rgb.shape
                else (np.concatenate([rgb, self._last], axis=0))
            )
            self._palette = Image.fromarray(both, "RGB").quantize(
                colors=256, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE
            )
            self._last = None
        im = Image.fromarray(rgb, "RGB").quantize(palette=self._palette, dither=Image.Dither.NONE)
        self._frames.append(im)
        self._durations.append(int(duration_ms))

    def close(self) -> None:
        if not self._frames:
            return
        first, rest = self._frames[0], self._frames[1:]
        first.save(
            self.path,
            format="GIF",
            save_all=True,
            append_images=rest,
            duration=self._durations,
            loop=0,
            optimize=True,
            disposal=1,
        )
        self._frames.clear()

    def abort(self) -> None:
        self._frames.clear()


class _Mp4Encoder:
    """PyAV: H.264 (libx264) in yuv420p, constant frame rate, ``faststart`` for browsers.

    A step shown for several frames is encoded that many times (x264 makes the repeats
    tiny); width and height are padded to even numbers as yuv420p needs.
    """

    def __init__(self, path: Path, fps: float):
        av = self._av = _import_av()
        from fractions import Fraction

        self.path = path
        self._rate = Fraction(fps).limit_denominator(1001)
        self._container = av.open(
            str(path), mode="w", format="mp4", options={"movflags": "+faststart"}
        )
        self._stream = None
        self._pts = 0

    def _open_stream(self, w: int, h: int) -> None:
        s = self._container.add_stream("libx264", rate=self._rate)
        s.width, s.height, s.pix_fmt = w, h, "yuv420p"
        s.options = {"crf": str(MP4_CRF), "preset": MP4_PRESET}
        self._stream = s

    def add(self, rgb: np.ndarray, repeats: int, duration_ms: int) -> None:
        h, w = rgb.shape[:2]
        if h % 2 or w % 2:
            rgb = np.pad(rgb, ((0, h % 2), (0, w % 2), (0, 0)), mode="edge")
        if self._stream is None:
            self._open_stream(rgb.shape[1], rgb.shape[0])
        frame = self._av.VideoFrame.from_ndarray(np.ascontiguousarray(rgb), format="rgb24")
        for _ in range(int(repeats)):
            frame.pts = self._pts
            self._pts += 1
            for packet in self._stream.encode(frame):
                self._container.mux(packet)

    def close(self) -> None:
        if self._stream is not None:
            for packet in self._stream.encode(None):
                self._container.mux(packet)
        self._container.close()

    def abort(self) -> None:
        with contextlib.suppress(Exception):
            self._container.close()


def check_output(path, fps: float) -> str:
    """ "GIF" or "MP4" for ``path``'s suffix, once its package imports and ``fps`` suits it.

    Raises ValueError (another suffix, fps too high for GIF) or :class:`VideoExtraMissing`.
    """
    path = Path(path)
    kind = FORMATS.get(path.suffix.lower())
    if kind is None:
        raise ValueError(f"an animation is written as .gif or .mp4, not {path.name!r}")
    if kind == "GIF":
        if fps > GIF_MAX_FPS:
            raise ValueError(f"GIF plays at most {GIF_MAX_FPS} fps, got {fps}: use MP4")
        _import_pillow()
    else:
        _import_av()
    return kind


def open_encoder(path, fps: float):
    """The encoder for ``path``'s suffix (see :func:`check_output` for what it raises)."""
    path = Path(path)
    kind = check_output(path, fps)
    path.parent.mkdir(parents=True, exist_ok=True)
    return _GifEncoder(path, fps) if kind == "GIF" else _Mp4Encoder(path, fps)


# --- the job ---------------------------------------------------------------------------------


def frame_rows(
    plan: FramePlan, run_steps: Sequence[np.ndarray]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Map ``plan`` onto several runs' ``step`` columns at once.

    Each planned step shows, for every run, its last row at or before that step (row 0
    when the run starts later); consecutive planned steps that show the same rows of every
    run are merged (their repeats add up). Returns ``(steps, rows, repeats)``: the first
    planned step of each frame, an (n_frames, n_runs) array of rows, and the video frames
    each is shown for. With one run it is :meth:`FramePlan.for_rows`.
    """
    if not run_steps:
        raise ValueError("no runs: nothing to animate")
    cols = []
    for steps in run_steps:
        steps = np.asarray(steps)
        if len(steps) == 0:
            raise ValueError("the run has no steps yet: nothing to animate")
        idx = np.searchsorted(steps, plan.steps, side="right") - 1
        cols.append(np.clip(idx, 0, len(steps) - 1))
    m = np.stack(cols, axis=1).astype(np.int64)
    keep = np.ones(len(m), dtype=bool)
    keep[1:] = np.any(m[1:] != m[:-1], axis=1)
    first = np.flatnonzero(keep)
    reps = np.add.reduceat(plan.repeats, first).astype(np.int64)
    return plan.steps[first].astype(np.int64), m[first], reps


class AnimationJob:
    """Render ``source`` at the planned steps of ``runs`` into ``out_path``.

    ``runs``: one :class:`History` (run 0, ending with ``status``) or a sequence of
    ``(run index, history, final status)``, e.g. :func:`window_runs`: every run is drawn
    in every frame, each as it stood at the frame's step (the plan spans the longest
    run; a run that ended earlier stays at its end). A run shows its final status from
    the frame that reaches its last row (with one run: the last frame only); before,
    none (it is under way there). Iterate :meth:`frames` (a slice per frame) or call
    :meth:`run`.
    """

    def __init__(
        self,
        source: FrameSource,
        runs: History | Sequence[RunFrame],
        out_path,
        *,
        fps: float = 30,
        duration: float = 6,
        time: str = "linear",
        status: str = "finished",
    ):
        given = [(0, runs, status)] if isinstance(runs, History) else list(runs)
        if not given or any(len(h) == 0 for _, h, _ in given):
            raise ValueError("the run has no steps yet: nothing to animate")
        # copies: a live run may append (or thin) its history while the frames render
        self.runs: list[RunFrame] = [(int(i), history_prefix(h, len(h)), s) for i, h, s in given]
        self.source, self.status = source, status
        self.history = self.runs[0][1]
        self.out_path = Path(out_path)
        check_output(self.out_path, fps)
        last = max(int(h.step[-1]) for _, h, _ in self.runs)
        self.plan: FramePlan = plan_frames(last, fps, duration, time)
        #: per frame: its step, each run's row (n_frames × n_runs) and its video frames
        self.steps, self.rows, self.repeats = frame_rows(
            self.plan, [h.step for _, h, _ in self.runs]
        )
        self._durations = FramePlan(self.steps, self.repeats, self.plan.fps, 0).durations_ms(10)
        self.cancelled = False
        self.done = False

    def __len__(self) -> int:
        """Frames to render (distinct rows of the runs)."""
        return int(len(self.rows))

    def cancel(self) -> None:
        """Stop before the next frame; the partial file is removed."""
        self.cancelled = True

    def frame(self, i: int) -> list[RunFrame]:
        """The runs as frame ``i`` shows them."""
        out = []
        for (idx, h, status), row in zip(self.runs, self.rows[i]):
            row = int(row)
            out.append((idx, history_prefix(h, row + 1), status if row == len(h) - 1 else ""))
        return out

    def frames(self) -> Iterator[int]:
        """Render and encode one frame per iteration; yields the number of frames done."""
        encoder = open_encoder(self.out_path, self.plan.fps)
        shape = None
        ok = False
        try:
            if hasattr(encoder, "prime"):  # a GIF palette wants the final colours too
                self.source.show(self.runs)
                encoder.prime(self.source.grab())
            for i, reps in enumerate(self.repeats):
                if self.cancelled:
                    return
                self.source.show(self.frame(i))
                rgb = self.source.grab()
                if shape is None:
                    shape = rgb.shape[:2]
                rgb = _fit_to(rgb, shape)
                encoder.add(rgb, int(reps), self._durations[i])
                yield i + 1
            encoder.close()
            ok = True
            self.done = True
        finally:
            if not ok:
                encoder.abort()
                with contextlib.suppress(OSError):
                    self.out_path.unlink()
            self.source.restore()

    def run(self, progress: Callable[[int, int], Any] | None = None) -> Path | None:
        """Render everything now; ``progress(done, total)`` returning False cancels.
        Returns the file written, or None when cancelled."""
        total = len(self)
        for done in self.frames():
            if progress is not None and progress(done, total) is False:
                self.cancel()
        return self.out_path if self.done else None


class AnimationRunner(QObject):
    """Drive an :class:`AnimationJob` from a QTimer: one frame per tick, the GUI stays live."""

    progress = Signal(int, int)  # frames done, frames in all
    finished = Signal(str)  # the file written
    cancelled = Signal()
    failed = Signal(str)  # one line: what went wrong

    def __init__(self, job: AnimationJob, parent: QObject | None = None):
        super().__init__(parent)
        self.job = job
        self._it: Iterator[int] | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._tick)

    def start(self) -> None:
        self._it = self.job.frames()
        self._timer.start()

    def cancel(self) -> None:
        self.job.cancel()

    @property
    def running(self) -> bool:
        return self._timer.isActive()

    def _tick(self) -> None:
        assert self._it is not None
        try:
            done = next(self._it)
        except StopIteration:
            self._timer.stop()
            if self.job.done:
                self.finished.emit(str(self.job.out_path))
            else:
                self.cancelled.emit()
            return
        except Exception as e:  # a user can cause these (a full disk, a bad path)
            self._timer.stop()
            self.failed.emit(f"{self.job.out_path.name}: {e}")
            return
        self.progress.emit(done, len(self.job))


def grab_widget(widget: QWidget, scale: float = 1.0) -> np.ndarray:
    """``widget`` drawn at ``scale`` as (H, W, 3) uint8 (what a frame of it looks like)."""
    return image_to_rgb(render_widget(widget, scale))
