"""Start the explorer: ``gdgui`` (or ``python main.py``) calls :func:`run_app`."""

from __future__ import annotations

import gc
import os
import signal
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from ..core.experiment import Experiment, ExperimentError, preset
from .core_text import core_text

__all__ = [
    "APP_NAME",
    "GIL_SWITCH_INTERVAL",
    "ORGANIZATION",
    "initial_experiment",
    "prepare_process",
    "run_app",
]

APP_NAME = "gdgui"
ORGANIZATION = "gdgui"
#: the GIL switch interval run_app sets (seconds; Python's default is 5 ms)
GIL_SWITCH_INTERVAL = 0.001

_prepared = False


def prepare_process() -> None:
    """Process-wide settings for a responsive window; done once per process (by
    :func:`run_app`, once its window is built, and by nothing else).

    * The worker thread shares the GIL with the GUI thread; Python's default 5 ms
      switch interval lets it hold the GUI up that long at each handover: 1 ms.
    * Objects alive now (modules, the one window and pyqtgraph's many objects) live
      as long as the process: ``gc.freeze()`` moves them out of the collector's
      sight, so a full collection walks fewer objects (~50 ms stalls otherwise).
      Freezing per window instead kept every closed window's garbage alive (RSS
      164 -> 217 MB over 30 windows).
    """
    global _prepared
    if _prepared:
        return
    _prepared = True
    sys.setswitchinterval(min(sys.getswitchinterval(), GIL_SWITCH_INTERVAL))
    gc.collect()
    gc.freeze()


def initial_experiment(
    experiment: str | os.PathLike | Experiment | None = None, preset_name: str | None = None
) -> tuple[Experiment | None, str]:
    """The experiment to open and an error message ("" when all went well).

    None (with no error) means "the remembered one, else tutorial 003". An
    invalid file or preset name gives the error and None, so the window opens
    on the default and says why.
    """
    if isinstance(experiment, Experiment):
        return experiment, ""
    try:
        if experiment is not None:
            from .files import read_experiment  # refuses FIFOs, devices, huge files

            exp = read_experiment(Path(experiment))
        elif preset_name is not None:
            exp = preset(preset_name)
        else:
            return None, ""
        exp.build_problem()  # its data must load too (a CSV file may be missing)
    except ExperimentError as e:
        return None, e.args[0]  # its Message: English on the terminal, translated in the box
    except (ValueError, OSError) as e:
        return None, f"{experiment or preset_name}: {e}"
    return exp, ""


def _install_translator(
    app: QApplication, settings: QSettings | None = None, lang: str | None = None
) -> None:
    """The language of --lang, View → Language or the system locale (see language.py)."""
    from .language import choose_language, install_translator

    install_translator(
        app, choose_language(settings if settings is not None else QSettings(), cli_lang=lang)
    )


def run_app(
    experiment: str | os.PathLike | Experiment | None = None,
    preset_name: str | None = None,
    *,
    settings: QSettings | None = None,
    lang: str | None = None,
) -> int:
    """Open the window (on ``experiment``, a file path, or the preset ``preset_name``)
    and run the event loop; returns its exit code. ``lang`` (``--lang``) overrides the
    remembered language for this session.

    An invalid experiment is reported on the terminal and in the window, which
    then opens on the default experiment.
    """
    app = QApplication.instance()
    if app is None:
        QApplication.setHighDpiScaleFactorRoundingPolicy(
            Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
        )
        app = QApplication(sys.argv[:1] or [APP_NAME])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationDisplayName(APP_NAME)

    _install_translator(app, settings, lang)
    exp, error = initial_experiment(experiment, preset_name)
    if error:
        print(f"gdgui: {error}", file=sys.stderr)

    from .controller import prestart_stepper, stop_all_workers
    from .window import MainWindow

    window = MainWindow(exp, settings)
    prepare_process()
    if exp is not None and experiment is not None and not isinstance(experiment, Experiment):
        window.files.adopt_file(experiment)  # the title names it; Save writes it
    app.aboutToQuit.connect(window.controller.shutdown)
    app.aboutToQuit.connect(stop_all_workers)  # the threads, and the stepper process
    window.show()
    # the stepper process starts while the window paints, so the first Run need not wait
    QTimer.singleShot(0, prestart_stepper)
    if error:
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            QCoreApplication.translate("app", "Cannot open the experiment"),
            QCoreApplication.translate(
                "app", "{0}\n\nThe window opened on the default experiment instead."
            ).format(core_text(error)),
            QMessageBox.StandardButton.Ok,
            window,
        )
        box.setObjectName("openErrorBox")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        QTimer.singleShot(0, box.open)

    # Ctrl+C in the terminal closes the window (Python sees signals only when it runs)
    previous = signal.signal(signal.SIGINT, lambda *_: window.close())
    tick = QTimer(window)
    tick.timeout.connect(lambda: None)
    tick.start(250)
    try:
        return app.exec()
    finally:
        signal.signal(signal.SIGINT, previous)
