"""Export → Animation…: choose what, how long, how fast, and write a GIF or MP4 of the run.

:class:`AnimationDialog` renders on the GUI thread one frame per timer tick
(:class:`~gdgui.ui.animation.AnimationRunner`), so the window stays responsive; a
progress bar counts the frames and Cancel stops the export (the partial file is
removed). The window, one of its plots or its 3D view is drawn as it is on screen, at
1× or 2×, with every run the window shows (a race: each run in its colour, at the
frame's step). The folder of the last export is remembered (the window's settings, as
for the image exports). :func:`animation_action` is the window's Export → Animation….
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ..core.history import History
from . import export as ex
from .actions import make_action
from .animation import (
    GIF_MAX_FPS,
    AnimationJob,
    AnimationRunner,
    PlotSource,
    Surface3DSource,
    VideoExtraMissing,
    WindowSource,
    check_output,
    surface3d_refusal,
    window_runs,
)
from .core_text import core_text
from .plots import FitPlot

__all__ = ["AnimationDialog", "animation_action", "open_animation_dialog"]

_ERROR_COLOR = "#e5484d"  # readable on the dark and the light theme


def _label(widget: QWidget, name: str, tip: str) -> None:
    widget.setAccessibleName(name)
    widget.setToolTip(tip)


def open_animation_dialog(window: Any) -> AnimationDialog:
    """Show the animation dialog of ``window`` (one per window, made the first time)."""
    d = getattr(window, "animation_dialog", None)
    if d is None:
        d = window.animation_dialog = AnimationDialog(window, parent=window)
    d.show()
    d.raise_()
    d.activateWindow()
    return d


def animation_action(window: Any) -> QAction:
    """Export → Animation… of ``window`` (an action of the window)."""
    return make_action(
        window,
        QCoreApplication.translate("AnimationDialog", "&Animation (GIF or MP4)…"),
        lambda: open_animation_dialog(window),
        tip=QCoreApplication.translate(
            "AnimationDialog", "Save the run, or every run of a race, as an animated GIF or MP4"
        ),
        name="actionExportAnimation",
    )


class AnimationDialog(QDialog):
    """Export an animation drawn by ``window_or_plots``.

    ``window_or_plots``: the main window (it offers the whole window, its plots and its
    3D view, and animates every run it shows, read when the export starts) or a dict
    ``{"fit": ..., "loss": ..., "trajectory": ...}`` of plots, which animate ``history``
    (run 0). ``status`` is the run's final status (default: the window controller's,
    else "finished"). ``directory``: where the file goes (default: the folder of the
    window's last export, else the home folder).
    """

    def __init__(
        self,
        window_or_plots: Any,
        history: History | None = None,
        parent: QWidget | None = None,
        *,
        status: str | None = None,
        directory: str | Path | None = None,
    ):
        super().__init__(parent)
        self.history = history
        if isinstance(window_or_plots, dict):
            self.window, self.plots = None, dict(window_or_plots)
        else:
            self.window = window_or_plots
            plots = getattr(window_or_plots, "plots", None)
            self.plots = (
                dict(plots)
                if isinstance(plots, dict)
                else {
                    "fit": window_or_plots.fit_plot,
                    "loss": window_or_plots.loss_plot,
                    "trajectory": window_or_plots.trajectory_plot,
                }
            )
        controller = getattr(self.window, "controller", None)
        self.status = status if status is not None else getattr(controller, "status", "finished")
        self.settings = getattr(self.window, "settings", None)
        if directory is None and self.settings is not None and ex.export_folder(self.settings):
            directory = ex.export_folder(self.settings)
        self._directory = Path(directory) if directory is not None else Path.home()
        self.runner: AnimationRunner | None = None
        self.written: Path | None = None

        self.setWindowTitle(self.tr("Export animation"))
        self.setAccessibleName(self.tr("Export animation"))
        form = QFormLayout()

        self.target = QComboBox()
        if self.window is not None:
            self.target.addItem(self.tr("Whole window"), "window")
        names = {
            "fit": self.tr("Fit plot"),
            "loss": self.tr("Loss plot"),
            "trajectory": self.tr("Trajectory plot"),
        }
        for key, text in names.items():
            plot = self.plots.get(key)
            if plot is None:
                continue
            if key == "fit" and not FitPlot.applies(getattr(plot, "problem", None)):
                continue  # a surface has no data to fit
            self.target.addItem(text, key)
        extras = getattr(self.window, "extras", None)
        problem = getattr(controller, "problem", None)
        if extras is not None and problem is not None and len(problem.param_names) == 2:
            self.target.addItem(self.tr("3D view"), "surface3d")
        _label(
            self.target,
            self.tr("Animate"),
            self.tr("What the animation shows: the whole window or one plot"),
        )
        form.addRow(self.tr("&Animate:"), self.target)

        self.format = QComboBox()
        self.format.addItem(self.tr("MP4 (H.264, for slides and browsers)"), ".mp4")
        self.format.addItem(self.tr("GIF (plays everywhere, larger)"), ".gif")
        _label(
            self.format,
            self.tr("Format"),
            self.tr("MP4 files are small and sharp; GIF plays in any viewer"),
        )
        form.addRow(self.tr("&Format:"), self.format)

        self.fps = QSpinBox()
        self.fps.setRange(1, 60)
        self.fps.setValue(30)
        self.fps.setSuffix(self.tr(" fps"))
        _label(
            self.fps,
            self.tr("Frames per second"),
            self.tr("Frames per second of the animation (GIF: at most {0})").format(GIF_MAX_FPS),
        )
        form.addRow(self.tr("F&rame rate:"), self.fps)

        self.duration = QDoubleSpinBox()
        self.duration.setRange(1.0, 120.0)
        self.duration.setDecimals(1)
        self.duration.setValue(6.0)
        self.duration.setSuffix(self.tr(" s"))
        _label(
            self.duration,
            self.tr("Duration"),
            self.tr(
                "Length of the animation in seconds; the last step is held "
                "for the final second (a quarter of short clips)"
            ),
        )
        form.addRow(self.tr("&Duration:"), self.duration)

        self.scale = QComboBox()
        self.scale.addItem(self.tr("1× (screen)"), 1)
        self.scale.addItem(self.tr("2× (sharp on slides)"), 2)
        _label(
            self.scale,
            self.tr("Size"),
            self.tr("Frame size: the size on screen, or twice that in each direction"),
        )
        form.addRow(self.tr("&Size:"), self.scale)

        self.time = QComboBox()
        self.time.addItem(self.tr("Linear: steps at an even pace"), "linear")
        self.time.addItem(self.tr("Logarithmic: more time for the early steps"), "log")
        _label(
            self.time,
            self.tr("Time spread"),
            self.tr(
                "How steps are spread over time; logarithmic keeps the fast "
                "early descent from passing in a few frames"
            ),
        )
        form.addRow(self.tr("&Time:"), self.time)

        self.path = QLineEdit(str(self._directory / "gdgui-run.mp4"))
        _label(self.path, self.tr("Output file"), self.tr("Where the animation is written"))
        self.browse = QPushButton(self.tr("&Browse…"))
        _label(self.browse, self.tr("Browse"), self.tr("Choose the output file"))
        self.browse.clicked.connect(self._choose_path)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(self.browse)
        output = QLabel(self.tr("&Output:"))
        output.setBuddy(self.path)  # a row of two widgets: the label needs its buddy named
        form.addRow(output, row)

        self.progress = QProgressBar()
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.progress.setFormat(self.tr("%v / %m frames"))
        _label(self.progress, self.tr("Progress"), self.tr("Frames rendered so far"))

        self.message = QLabel("")
        self.message.setWordWrap(True)
        _label(self.message, self.tr("Export message"), self.tr("What happened to the last export"))

        self.buttons = QDialogButtonBox()
        self.export_button = self.buttons.addButton(
            self.tr("&Export"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        _label(self.export_button, self.tr("Export"), self.tr("Render and write the animation"))
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setText(self.tr("Cancel"))
        _label(
            self.cancel_button,
            self.tr("Cancel"),
            self.tr("Stop the export (the partial file is removed), or close"),
        )
        self.export_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self._on_cancel)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.progress)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.format.currentIndexChanged.connect(self._on_format)
        self._on_format()

    # --- choices ---------------------------------------------------------------------------
    def _on_format(self, *_: Any) -> None:
        suffix = self.format.currentData()
        self.fps.setMaximum(GIF_MAX_FPS if suffix == ".gif" else 60)
        text = self.path.text().strip()
        if text:
            self.path.setText(str(Path(text).with_suffix(suffix)))
        try:  # without the video extra, say what to install before anything is chosen
            check_output(Path("gdgui" + suffix), 1)
        except VideoExtraMissing as e:
            self._show_message(str(e), error=True)
        else:
            if self.message.text().startswith(("GIF export needs", "MP4 export needs")):
                self._show_message("")

    def _choose_path(self) -> None:
        suffix = self.format.currentData()
        filt = self.tr("MP4 video (*.mp4)") if suffix == ".mp4" else self.tr("GIF image (*.gif)")
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save animation"), self.path.text(), filt
        )
        if path:
            p = Path(path)
            self.path.setText(str(p if p.suffix.lower() == suffix else p.with_suffix(suffix)))

    def _runs(self) -> Any:
        """What is animated: every run the window shows, or ``history`` as run 0."""
        if self.window is not None and self.history is None:
            return window_runs(self.window)
        if self.history is None:
            raise ValueError("nothing to animate: no run was given")
        return [(0, self.history, self.status)]

    def _source(self, runs: Any) -> Any:
        target, scale = self.target.currentData(), float(self.scale.currentData())
        if target == "window":
            return WindowSource(self.window, scale)
        if target == "surface3d":
            why = surface3d_refusal(self.window.controller.problem)
            if why:
                raise ValueError(why)
            view = self.window.extras.show_surface3d()
            return Surface3DSource(view, scale, restore_to=runs)
        plot = self.plots[target]
        return PlotSource(plot, scale, restore_to=runs)

    # --- the export ------------------------------------------------------------------------
    def start(self) -> None:
        """Begin the export with the chosen settings (the progress bar follows it)."""
        if self.runner is not None and self.runner.running:
            return
        controller = getattr(self.window, "controller", None)
        if getattr(controller, "status", "") == "running":
            controller.pause()  # the window's redraws would mix into the frames
        path = Path(self.path.text().strip()).expanduser()
        if path.suffix.lower() != self.format.currentData():
            path = path.with_suffix(self.format.currentData())
        try:
            check_output(path, self.fps.value())  # the missing extra first: one line
            runs = self._runs()
            job = AnimationJob(
                self._source(runs),
                runs,
                path,
                fps=self.fps.value(),
                duration=self.duration.value(),
                time=self.time.currentData(),
                status=self.status,
            )
        except (ValueError, RuntimeError) as e:  # VideoExtraMissing is a RuntimeError
            self._show_message(core_text(e), error=True)
            return
        self.written = None
        self.progress.setRange(0, len(job))
        self.progress.setValue(0)
        self._show_message(self.tr("Rendering {0} frames…").format(len(job)))
        self.runner = AnimationRunner(job, self)
        self.runner.progress.connect(self._on_progress)
        self.runner.finished.connect(self._on_finished)
        self.runner.cancelled.connect(self._on_cancelled)
        self.runner.failed.connect(self._on_failed)
        self._set_busy(True)
        self.runner.start()

    def cancel_export(self) -> None:
        """Stop a running export before its next frame."""
        if self.runner is not None and self.runner.running:
            self.runner.cancel()

    def _on_cancel(self) -> None:
        if self.runner is not None and self.runner.running:
            self.cancel_export()
        else:
            self.reject()

    def _set_busy(self, busy: bool) -> None:
        self.export_button.setEnabled(not busy)
        for w in (
            self.target,
            self.format,
            self.fps,
            self.duration,
            self.scale,
            self.time,
            self.path,
            self.browse,
        ):
            w.setEnabled(not busy)

    def _on_progress(self, done: int, total: int) -> None:
        self.progress.setValue(done)

    def _on_finished(self, path: str) -> None:
        self._set_busy(False)
        self.written = Path(path)
        if self.settings is not None:
            ex.remember_export_folder(self.settings, self.written)
        self.progress.setValue(self.progress.maximum())
        self._show_message(self.tr("Wrote {0}").format(path))

    def _on_cancelled(self) -> None:
        self._set_busy(False)
        self.progress.setValue(0)
        self._show_message(self.tr("Export cancelled; nothing was written."))

    def _on_failed(self, message: str) -> None:
        self._set_busy(False)
        self._show_message(self.tr("Export failed: {0}").format(message), error=True)

    def _show_message(self, text: str, error: bool = False) -> None:
        self.message.setStyleSheet(f"color: {_ERROR_COLOR};" if error else "")
        self.message.setText(text)

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        self.cancel_export()
        super().closeEvent(event)

    def reject(self) -> None:
        self.cancel_export()
        super().reject()
