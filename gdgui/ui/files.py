"""The File menu: experiments on disk, recent files, examples, CSV import and export.

A :class:`FileManager` is attached to the main window as ``window.files``. It
knows which file the current experiment came from (``path``, None for
"Untitled") and the experiment as last opened or saved; comparing the
controller's experiment with that one on every ``experiment_changed`` sets the
window's modified flag (the ``*`` in the title), so undoing back to the saved
state clears the star again.

Before unsaved changes would be lost (New, Open, Open Recent, Examples,
closing the window) :meth:`FileManager.maybe_save` asks Save / Discard /
Cancel. Saves are atomic (:func:`gdgui.core.fileio.atomic_write_text`: through
symlinks, keeping the file's mode, refusing FIFOs and devices): a failure is
shown with the file and the reason, the old file stays as it was, and the
window stays modified.

Slow file work runs off the GUI thread (:func:`gdgui.ui.jobs.run_job`, with a
progress dialog and Cancel, the run going on meanwhile): experiment save and
open, data and history CSV export. The GUI thread hands the history export views of
the histories (O(log n)); the job copies them in its thread while the run goes on (a
bounded, thinned history says how many of the steps it wrote; a race's export writes
every run, after a first column ``run``). Opening refuses what is
not a regular file (a FIFO, a device) and files over
:data:`EXPERIMENT_READ_LIMIT` with a message, before reading a byte.

Every dialog goes through a module-level function (:func:`get_open_path`,
:func:`get_save_path`, :func:`ask_unsaved_changes`, :func:`show_message`,
and :func:`import_csv` from :mod:`gdgui.ui.csv_import`); tests replace them
with ``monkeypatch`` and never block on a modal dialog.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer
from PySide6.QtGui import QDragMoveEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMenu, QMessageBox, QWidget

from ..core import edits
from ..core.experiment import (
    LINE_PROBLEMS,
    Data,
    Experiment,
    ExperimentError,
    preset,
    preset_names,
)
from ..core.fileio import FileIOError
from ..core.messages import Message
from .actions import make_action
from .controller import RunState
from .core_text import core_text
from .csv_import import describe_result, import_csv, is_csv_drop
from .file_jobs import (
    EXPERIMENT_READ_LIMIT,
    HistoryBusy,
    _text_job,
    history_csv_job,
    history_view,
    read_experiment,
)
from .jobs import CANCELLED, JobBusy, run_job
from .settings import Settings

__all__ = [
    "CANCEL",
    "DEFAULT_PRESET",
    "DISCARD",
    "EXPERIMENT_READ_LIMIT",
    "RECENT_LIMIT",
    "SAVE",
    "FileManager",
    "ask_unsaved_changes",
    "get_open_path",
    "get_save_path",
    "history_csv_job",
    "read_experiment",
    "remembered_experiment",
    "show_message",
    "unsaved_changes_box",
]

#: File → New opens this bundled experiment
DEFAULT_PRESET = "tutorial-003"
#: File → Open Recent lists at most this many files
RECENT_LIMIT = 8
#: answers of :func:`ask_unsaved_changes`
SAVE, DISCARD, CANCEL = "save", "discard", "cancel"
#: errors listed in a message box's text (all of them are in its details)
_LISTED_ERRORS = 12
_STATUS_MS = 8000


def _tr(text: str) -> str:
    return QCoreApplication.translate("", text)


# --- the dialogs (module level: tests monkeypatch them) --------------------------------------
def get_open_path(parent: QWidget | None, caption: str, directory: str, filters: str) -> str:
    """A file chosen to open, or "" when cancelled."""
    path, _ = QFileDialog.getOpenFileName(parent, caption, directory, filters)
    return path


def get_save_path(parent: QWidget | None, caption: str, suggested: str, filters: str) -> str:
    """A file chosen to write (the dialog confirms overwriting), or "" when cancelled."""
    path, _ = QFileDialog.getSaveFileName(parent, caption, suggested, filters)
    return path


def unsaved_changes_box(parent: QWidget | None, name: str) -> QMessageBox:
    """The Save / Discard / Cancel question about unsaved changes to ``name``."""
    B = QMessageBox.StandardButton
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        _tr("Unsaved changes"),
        _tr("Save the changes to “{0}”?").format(name),
        B.Save | B.Discard | B.Cancel,
        parent,
    )
    box.setInformativeText(_tr("Your changes are lost if you don't save them."))
    box.setDefaultButton(B.Save)
    box.setEscapeButton(B.Cancel)
    box.setObjectName("unsavedChangesBox")
    box.setAccessibleName(_tr("Unsaved changes"))
    box.button(B.Save).setToolTip(_tr("Save the experiment, then go on"))
    box.button(B.Discard).setToolTip(_tr("Go on without saving: the changes are lost"))
    box.button(B.Cancel).setToolTip(_tr("Stay with the experiment as it is"))
    return box


def ask_unsaved_changes(parent: QWidget | None, name: str) -> str:
    """Ask (modally) what to do with unsaved changes: :data:`SAVE`, :data:`DISCARD`
    or :data:`CANCEL`."""
    box = unsaved_changes_box(parent, name)
    try:
        box.exec()
        button = box.standardButton(box.clickedButton())
    finally:
        box.deleteLater()
    B = QMessageBox.StandardButton
    return {B.Save: SAVE, B.Discard: DISCARD}.get(button, CANCEL)


def show_message(
    parent: QWidget | None,
    title: str,
    text: str,
    informative: str = "",
    details: str = "",
    *,
    error: bool = True,
) -> QMessageBox:
    """Show a message box without blocking (tests and the render tick go on)."""
    if error:
        print(f"gdgui: {text} {informative}".rstrip(), file=sys.stderr)
    box = QMessageBox(
        QMessageBox.Icon.Warning if error else QMessageBox.Icon.Information,
        title,
        text,
        QMessageBox.StandardButton.Ok,
        parent,
    )
    box.setObjectName("fileMessageBox")
    box.setAccessibleName(title)
    if informative:
        box.setInformativeText(informative)
    if details:
        box.setDetailedText(details)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box


# --- helpers without a window -----------------------------------------------------------------
def remembered_experiment(settings: Settings) -> tuple[Experiment, Path | None]:
    """The experiment open when the window last closed and its file (None: Untitled);
    tutorial 003 when nothing usable is remembered."""
    if settings.get("experiment/json"):
        try:
            exp = settings.experiment()
            assert exp is not None
            exp.build_problem()  # e.g. its CSV file may have gone
        except (ValueError, TypeError, OSError, KeyError) as e:
            print(
                f"gdgui: the remembered experiment cannot be used ({e}); opening {DEFAULT_PRESET}",
                file=sys.stderr,
            )
        else:
            path = settings.get("experiment/path")
            return exp, Path(path) if path and Path(path).is_file() else None
    return preset(DEFAULT_PRESET), None


def _os_reason(e: OSError) -> str:
    """Why a file operation failed, without the file (the message names it already)."""
    if isinstance(e, FileIOError) and e.reason is not e.message:
        return core_text(e.reason)  # a Message: in the window's language
    if isinstance(e, FileIOError) and e.path:
        for verb in ("write", "read"):
            prefix = f"cannot {verb} {e.path}: "
            if e.message.startswith(prefix):
                return e.message[len(prefix) :]
    return e.strerror or str(e)


def _error_lines(e: ExperimentError) -> list[str]:
    return [core_text(Message("{path}: {error}", path=p, error=m) if p else m) for p, m in e.errors]


def _slug(name: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:40].rstrip("-")
    return slug or "experiment"


def _with_suffix(path: str, suffix: str) -> Path:
    p = Path(path)
    return p if p.suffix else p.with_suffix(suffix)


def _for_file(exp: Experiment, path: Path) -> Experiment:
    """``exp`` as written to ``path``: a relative CSV path is made relative to the new
    folder, so the file still finds its data wherever it is saved."""
    data = dict(exp.data.source) if exp.data is not None else {}
    csv = data.get("csv")
    if not csv or Path(csv).is_absolute():
        return exp
    source = ((exp.base_dir or Path.cwd()) / csv).resolve()
    try:
        rel = Path(os.path.relpath(source, path.parent.resolve())).as_posix()
    except ValueError:  # another drive (Windows)
        rel = str(source)
    return exp if rel == csv else exp.replace(data={**data, "csv": rel})


# --- the manager ------------------------------------------------------------------------------
class FileManager(QObject):
    """The File menu's actions and the state behind them (see the module docstring).

    ``path`` is the file the experiment was opened from or saved to (None:
    Untitled).
    """

    def __init__(self, window: QMainWindow, path: str | os.PathLike | None = None):
        super().__init__(window)
        self.window = window
        self.controller = window.controller
        self.settings: Settings = window.settings
        self.path: Path | None = None
        self._saved: Experiment = self.controller.experiment
        self._build_actions()
        self._build_menus()
        self.controller.experiment_changed.connect(self._on_experiment)
        self._mark_saved(self.controller.experiment, Path(path) if path else None)

    # --- building ----------------------------------------------------------------------------
    def _build_actions(self) -> None:
        w, tr = self.window, _tr  # lupdate files tr() in the empty context
        self.action_new = make_action(
            w,
            tr("&New experiment"),
            self.new,
            shortcut=QKeySequence.StandardKey.New,
            tip=tr("Start again from tutorial 003"),
            name="actionNew",
        )
        self.action_open = make_action(
            w,
            tr("&Open experiment…"),
            lambda: self.open(),
            shortcut=QKeySequence.StandardKey.Open,
            tip=tr("Open an experiment file (JSON)"),
            name="actionOpen",
        )
        self.action_save = make_action(
            w,
            tr("&Save experiment"),
            self.save,
            shortcut=QKeySequence.StandardKey.Save,
            tip=tr("Save the experiment to its file (JSON)"),
            name="actionSave",
        )
        self.action_save_as = make_action(
            w,
            tr("Save experiment &as…"),
            self.save_as,
            shortcut="Ctrl+Shift+S",
            tip=tr("Save the experiment to a new file (JSON)"),
            name="actionSaveAs",
        )
        self.action_import_csv = make_action(
            w,
            tr("&Import data (CSV)…"),
            lambda: self.import_data(),
            tip=tr("Fit a line to x and y read from a CSV file (or drop the file on the window)"),
            name="actionImportCsv",
        )
        self.action_export_data = make_action(
            w,
            tr("Export &data as CSV…"),
            lambda: self.export_data(),
            tip=tr("Save the points of the line problem as a CSV file"),
            name="actionExportData",
        )
        self.action_export_history = make_action(
            w,
            tr("Export &history as CSV…"),
            lambda: self.export_history(),
            tip=tr("Save the step log (parameters, loss, gradient per step) as a CSV file"),
            name="actionExportHistory",
        )
        self.action_clear_recent = make_action(
            w,
            tr("&Clear list"),
            self.clear_recent,
            tip=tr("Forget the recently used files"),
            name="actionClearRecent",
        )

    def _build_menus(self) -> None:
        self.recent_menu = QMenu(self.tr("Open &recent"), self.window)
        self.recent_menu.setObjectName("recentMenu")
        self.recent_menu.setAccessibleName(self.tr("Open recent"))
        self.recent_menu.setToolTipsVisible(True)
        self.recent_menu.menuAction().setToolTip(self.tr("Open one of the last files used"))
        self._fill_recent_menu()
        self.examples_menu = QMenu(self.tr("E&xamples"), self.window)
        self.examples_menu.setObjectName("examplesMenu")
        self.examples_menu.setAccessibleName(self.tr("Examples"))
        self.examples_menu.setToolTipsVisible(True)
        self.examples_menu.menuAction().setToolTip(self.tr("Open a bundled experiment"))
        for name in preset_names():
            try:
                title = preset(name).name or name
            except ExperimentError:
                continue
            make_action(
                self.examples_menu,
                title.replace("&", "&&"),
                lambda _=False, n=name: self.open_example(n),
                tip=self.tr("Open the bundled experiment {0}").format(name),
            )

    def fill_menu(self, menu: QMenu) -> None:
        """Add the experiment and data entries to the window's File menu."""
        menu.addAction(self.action_new)
        menu.addAction(self.action_open)
        menu.addMenu(self.recent_menu)
        menu.addMenu(self.examples_menu)
        menu.addSeparator()
        menu.addAction(self.action_save)
        menu.addAction(self.action_save_as)
        menu.addSeparator()
        menu.addAction(self.action_import_csv)
        menu.addAction(self.action_export_data)
        menu.addAction(self.action_export_history)

    # --- state -------------------------------------------------------------------------------
    @property
    def display_name(self) -> str:
        """The file's name, or "Untitled"."""
        return self.path.name if self.path is not None else self.tr("Untitled")

    def is_modified(self) -> bool:
        """Whether the experiment differs from the one last opened or saved."""
        return self.controller.experiment != self._saved  # fields; data by identity

    @property
    def saved_experiment(self) -> Experiment:
        """The experiment as last opened or saved."""
        return self._saved

    def _mark_saved(self, exp: Experiment, path: Path | None) -> None:
        self._saved = exp
        self.path = path
        self.window.setWindowTitle(self.tr("{0}[*] — gdgui").format(self.display_name))
        self._on_experiment(self.controller.experiment)

    def _on_experiment(self, exp: Experiment) -> None:
        self.window.setWindowModified(exp != self._saved)
        self.action_export_data.setEnabled(exp.problem_name in LINE_PROBLEMS)

    def adopt_file(self, path: str | os.PathLike) -> None:
        """The current experiment was read from ``path`` (e.g. given on the command line)."""
        self._mark_saved(self.controller.experiment, Path(path).absolute())
        self.add_recent(path)

    def remember(self) -> None:
        """Store the experiment as last opened or saved (changes discarded at close are
        not kept), its folder and its file in the settings."""
        s, exp = self.settings, self._saved
        s.set_experiment(exp)
        s.set("experiment/path", str(self.path) if self.path else "")

    def maybe_save(self) -> bool:
        """True when it is fine to lose the current experiment: nothing unsaved, or the
        user saved or chose to discard the changes; False on Cancel or a failed save."""
        if not self.is_modified():
            return True
        answer = ask_unsaved_changes(self.window, self.display_name)
        if answer == SAVE:
            return self.save()
        return answer == DISCARD

    def _dialog_dir(self) -> str:
        if self.path is not None:
            return str(self.path.parent)
        for p in self.recent_files():
            if Path(p).parent.is_dir():
                return str(Path(p).parent)
        return ""

    def _export_dir(self) -> str:
        """The folder of the last CSV export (remembered), else :meth:`_dialog_dir`."""
        folder = self.settings.get("export/folder")
        return folder if folder and Path(folder).is_dir() else self._dialog_dir()

    def _status(self, text: str) -> None:
        self.window.statusBar().showMessage(text, _STATUS_MS)

    def _show_errors(self, title: str, text: str, e: ExperimentError, where: str = "") -> None:
        lines = _error_lines(e)
        shown = [f"• {line}" for line in lines[:_LISTED_ERRORS]]
        if len(lines) > len(shown):
            shown.append(
                self.tr("… and {0} more (see the details)").format(len(lines) - len(shown))
            )
        details = "\n".join(([where, ""] if where else []) + lines)
        show_message(self.window, title, text, "\n".join(shown), details)

    # --- experiments -------------------------------------------------------------------------
    def _apply(self, exp: Experiment, path: Path | None, what: str) -> bool:
        """Make ``exp`` (read from ``path``) the current experiment, from step 0."""
        c = self.controller
        try:
            c.set_experiment(exp)
        except ExperimentError as e:
            self._show_errors(
                self.tr("Cannot open the experiment"),
                self.tr("Cannot open “{0}”.").format(what),
                e,
                str(path) if path else "",
            )
            return False
        if c.status != RunState.READY:  # only hyperparameters differed: the run went on
            c.reset()
        self._mark_saved(c.experiment, path)
        if path is not None:
            self.add_recent(path)
        return True

    def new(self) -> bool:
        """Back to tutorial 003, Untitled (asking first about unsaved changes)."""
        if not self.maybe_save():
            return False
        return self._apply(preset(DEFAULT_PRESET), None, DEFAULT_PRESET)

    def open_example(self, name: str) -> bool:
        """Open the bundled experiment ``name`` as Untitled."""
        if not self.maybe_save():
            return False
        try:
            exp = preset(name)
        except ExperimentError as e:
            self._show_errors(
                self.tr("Cannot open the example"),
                self.tr("Cannot open the example {0}.").format(name),
                e,
            )
            return False
        return self._apply(exp, None, name)

    def open(self, path: str | os.PathLike | None = None) -> bool:
        """Open an experiment file (asking for one when ``path`` is None).

        An invalid file is reported with every error and its place; the current
        experiment stays.
        """
        if path is None:
            path = get_open_path(
                self.window,
                self.tr("Open experiment"),
                self._dialog_dir(),
                self.tr("Experiments (*.json);;All files (*)"),
            )
            if not path:
                return False
        path = Path(path)
        try:
            try:
                exp = self._job(
                    self.tr("Open experiment"),
                    self.tr("Reading “{0}”…").format(path.name),
                    read_experiment,
                    path,
                )
            except OSError as e:  # another file operation is running
                raise ExperimentError([("", str(e))], str(path)) from None
        except ExperimentError as e:
            n = len(e.errors)
            text = (
                self.tr("“{0}” is not a valid experiment: 1 error.")
                if n == 1
                else self.tr("“{0}” is not a valid experiment: {1} errors.")
            ).format(path.name, n)
            self._show_errors(self.tr("Cannot open the experiment"), text, e, str(path))
            return False
        if exp is CANCELLED:
            self._status(self.tr("Open cancelled: the experiment is as it was."))
            return False
        if not self.maybe_save():
            return False
        return self._apply(exp, path.absolute(), path.name)

    def save(self) -> bool:
        """Save to the current file (Save As when Untitled)."""
        if self.path is None:
            return self.save_as()
        return self.save_to(self.path)

    def save_as(self) -> bool:
        """Ask for a file and save the experiment there."""
        if self.path is not None:
            suggested = str(self.path)
        else:
            name = _slug(self.controller.experiment.name or "") + ".json"
            folder = self._dialog_dir()
            suggested = str(Path(folder) / name) if folder else name
        path = get_save_path(
            self.window, self.tr("Save experiment"), suggested, self.tr("Experiments (*.json)")
        )
        if not path:
            return False
        return self.save_to(_with_suffix(path, ".json"))

    def save_to(self, path: str | os.PathLike) -> bool:
        """Write the experiment to ``path`` atomically; on failure say why and keep the
        old file and the modified state."""
        path = Path(path).absolute()
        exp = self.controller.experiment
        try:
            done = self._job(
                self.tr("Save experiment"),
                self.tr("Saving “{0}”…").format(path.name),
                _text_job,
                _for_file(exp, path).to_json,
                path,
            )
        except (OSError, ExperimentError) as e:
            reason = _os_reason(e) if isinstance(e, OSError) else core_text(e)
            show_message(
                self.window,
                self.tr("Cannot save the experiment"),
                self.tr("Cannot save “{0}”: {1}").format(path.name, reason),
                self.tr(
                    "Nothing was written: the file is as it was. To save "
                    "somewhere else, use File → Save experiment as…"
                ),
                str(path),
            )
            return False
        if done is CANCELLED:
            self._status(self.tr("Save cancelled: nothing was written."))
            return False
        self._mark_saved(exp, path)
        self.add_recent(path)
        self._status(self.tr("Saved {0}").format(path))
        return True

    # --- recent files ------------------------------------------------------------------------
    def recent_files(self) -> list[str]:
        """The last files opened or saved, newest first."""
        return self.settings.get("files/recent")[:RECENT_LIMIT]

    def _set_recent(self, files: list[str]) -> None:
        self.settings.set("files/recent", files[:RECENT_LIMIT])
        self._fill_recent_menu()

    def add_recent(self, path: str | os.PathLike) -> None:
        p = str(Path(path).absolute())
        self._set_recent([p] + [f for f in self.recent_files() if f != p])

    def clear_recent(self) -> None:
        self._set_recent([])

    def open_recent(self, path: str) -> bool:
        """Open a recent file; one that no longer exists is removed from the list."""
        if not Path(path).is_file():
            self._set_recent([f for f in self.recent_files() if f != path])
            show_message(
                self.window,
                self.tr("File not found"),
                self.tr("“{0}” no longer exists.").format(Path(path).name),
                self.tr("It was removed from the recent files."),
                path,
            )
            return False
        return self.open(path)

    def _fill_recent_menu(self) -> None:
        menu = self.recent_menu
        menu.clear()
        files = self.recent_files()
        for i, f in enumerate(files, 1):
            label = Path(f).name.replace("&", "&&")
            make_action(
                menu,
                f"&{i} {label}" if i < 10 else label,
                lambda _=False, p=f: self.open_recent(p),
                tip=f,
            )
        if files:
            menu.addSeparator()
        menu.addAction(self.action_clear_recent)
        self.action_clear_recent.setEnabled(bool(files))
        menu.menuAction().setEnabled(bool(files))

    # --- CSV ---------------------------------------------------------------------------------
    def import_data(self, path: str | os.PathLike | None = None) -> bool:
        """Fit a line to x and y from a CSV file (asking for one when ``path`` is None).

        The experiment becomes a line problem (linear-wb unless it already is one)
        with the points inline; on cancel or error nothing changes.
        """
        if path is None:
            path = get_open_path(
                self.window,
                self.tr("Import data"),
                self._dialog_dir(),
                self.tr("CSV files (*.csv *.tsv *.txt);;All files (*)"),
            )
            if not path:
                return False
        result = import_csv(self.window, path)
        if result is None:
            return False
        exp = self.controller.experiment
        data = result.dataset.named(result.x_column, result.y_column)  # no copy
        if result.header and not result.skipped and result.decimal == ".":
            # the file read back gives these very points: keep it as the data's source (the
            # data box shows its name; Save writes the path, not the points)
            data = Data(
                {
                    "csv": str(Path(path).resolve()),
                    "x_column": result.x_column,
                    "y_column": result.y_column,
                },
                dataset=data,
            )
        try:
            if exp.problem_name in LINE_PROBLEMS:
                new = edits.apply(exp, data=data)
            else:
                new = edits.apply(exp, problem={"name": "linear-wb"}, data=data)
            self.controller.set_experiment(new)
        except ExperimentError as e:
            self._show_errors(
                self.tr("Cannot use the data"),
                self.tr("Cannot use the data of “{0}”.").format(Path(path).name),
                e,
                str(path),
            )
            return False
        if self.controller.status != RunState.READY:
            self.controller.reset()
        self._status(describe_result(result))
        return True

    def drag_enter(self, event: QDragMoveEvent) -> None:
        """Accept a drag (entering or moving) that carries one CSV file."""
        if is_csv_drop(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def drop(self, event: QDropEvent) -> None:
        """Import a dropped CSV file (after the drop has finished)."""
        path = is_csv_drop(event.mimeData())
        if path is None:
            event.ignore()
            return
        event.acceptProposedAction()
        # the import dialog is modal: never run it inside the drag and drop loop
        QTimer.singleShot(0, self, lambda: self.import_data(path))

    def _export_path(self, caption: str, kind: str) -> Path | None:
        stem = (
            self.path.stem
            if self.path is not None
            else _slug(self.controller.experiment.name or "")
        )
        folder = self._export_dir()
        name = f"{stem}-{kind}.csv"
        path = get_save_path(
            self.window,
            caption,
            str(Path(folder) / name) if folder else name,
            self.tr("CSV files (*.csv)"),
        )
        return _with_suffix(path, ".csv") if path else None

    def _job(self, title: str, label: str, job, *args):
        """:func:`~gdgui.ui.jobs.run_job` with the window as parent; a second job while
        one runs is refused as an OSError (shown like any failed file operation)."""
        try:
            return run_job(self.window, title, label, job, *args)
        except JobBusy as e:
            raise OSError(str(e)) from None

    def _write(self, path: Path, job, *args) -> object:
        """Run the writing ``job`` off the GUI thread; its result, False when it failed
        (said in a message box) or :data:`~gdgui.ui.jobs.CANCELLED`."""
        try:
            result = self._job(
                self.tr("Export"), self.tr("Writing “{0}”…").format(path.name), job, *args
            )
        except OSError as e:
            reason = (
                self.tr("the run rewrote its history while it was copied; try again")
                if isinstance(e, HistoryBusy)
                else _os_reason(e)
            )
            show_message(
                self.window,
                self.tr("Cannot export"),
                self.tr("Cannot write “{0}”: {1}").format(path.name, reason),
                self.tr("Nothing was written."),
                str(path),
            )
            return False
        if result is CANCELLED:
            self._status(self.tr("Export cancelled: nothing was written."))
        return result

    def export_data(self, path: str | os.PathLike | None = None) -> bool:
        """Write the line problem's points as ``x,y`` CSV."""
        exp = self.controller.experiment
        try:
            ds = exp.dataset()
        except ExperimentError as e:
            self._show_errors(self.tr("Cannot export"), self.tr("Cannot read the data."), e)
            return False
        if ds is None:
            return False
        path = Path(path) if path is not None else self._export_path(self.tr("Export data"), "data")
        if path is None:
            return False
        self.settings.set("export/folder", str(path.parent.absolute()))
        if self._write(path, _text_job, ds.to_csv_text, path) in (False, CANCELLED):
            return False
        saved = (
            self.tr("Saved 1 point to {0}").format(path)
            if ds.n == 1
            else self.tr("Saved {0} points to {1}").format(f"{ds.n:,}", path)
        )
        self._status(saved)
        return True

    def export_history(self, path: str | os.PathLike | None = None) -> bool:
        """Write the step log (parameters on the original scale) as CSV: of the selected
        run, or of every run of a race after a first column ``run`` (as ``gdgui run
        --csv``)."""
        path = (
            Path(path)
            if path is not None
            else self._export_path(self.tr("Export history"), "history")
        )
        if path is None:
            return False
        self.settings.set("export/folder", str(path.parent.absolute()))
        c = self.controller
        exp = c.experiment
        race = bool(exp.runs) and exp.run_count == c.run_count
        # O(log n) here: views of the rows so far, copied in the job's thread while the
        # run goes on appending (a thinning meanwhile makes it copy the rows again)
        views = [history_view(h) for h in (c.histories if race else [c.history])]
        runs = self._write(path, history_csv_job, views, exp if race else None, c.problem, path)
        if runs is False or runs is CANCELLED:
            return False
        rows = sum(r.rows for r in runs)
        if race and len(runs) == 1:
            text = self.tr("Saved {0} rows of 1 run to {1}").format(f"{rows:,}", path)
        elif race:
            text = (
                self.tr("Saved {0} rows of {1} runs to {2}")
                if all(r.exact for r in runs)
                else self.tr("Saved {0} rows of {1} runs (the far past thinned) to {2}")
            ).format(f"{rows:,}", len(runs), path)
        elif runs[0].exact:
            text = self.tr("Saved {0} steps to {1}").format(f"{rows:,}", path)
        else:
            text = self.tr("Saved {0} of the {1} steps (the far past thinned) to {2}").format(
                f"{rows:,}", f"{runs[0].last_step + 1:,}", path
            )
        self._status(text)
        return True
