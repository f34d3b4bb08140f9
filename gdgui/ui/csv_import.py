"""Import x and y from a CSV file: preview, choose the columns, load off the GUI thread.

:class:`CsvImportDialog` shows the first rows of a file as
:func:`~gdgui.core.data.sniff_csv` sees them, the detected delimiter, header and
decimal separator, and (for files with more than two columns) lets the user
choose the x and y columns. Import runs :func:`~gdgui.core.data.read_csv` in a
superqt :class:`~superqt.utils.FunctionWorker`; its ``progress`` callback feeds
a progress bar at most ~60 times a second and its ``cancel`` callback reads a
thread-safe flag set by the Cancel button.

The preview marks, before Import, the rows of the file's start that cannot be
read in the chosen columns (red, with the reason as tooltip) and says how many
there are (:attr:`CsvImportDialog.preview_bad`). A FIFO or a device is refused
without blocking (the preview reads only regular files; the import goes through
:func:`gdgui.core.fileio.read_bytes`).

Bad rows (:class:`~gdgui.core.data.CsvError` with ``rows``) are listed by line
number with an offer to skip them; other errors are shown with Import disabled
until the column choice changes. On success :attr:`CsvImportDialog.result_data`
holds the :class:`~gdgui.core.data.CsvResult` and the dialog is accepted.

:func:`import_csv` runs the dialog modally; :func:`is_csv_drop` tells whether a
drop carries one CSV file (for drag and drop onto the window).
"""

from __future__ import annotations

import logging
import os
import stat
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QMimeData, QObject, Qt, Signal, Slot
from PySide6.QtGui import QColor, QFontDatabase
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from superqt.utils import FunctionWorker

from ..core.data import (
    CsvCancelled,
    CsvError,
    CsvResult,
    CsvSniff,
    DataError,
    read_csv,
    sniff_csv,
)
from .core_text import core_text

__all__ = [
    "CSV_SUFFIXES",
    "CsvImportDialog",
    "describe_result",
    "import_csv",
    "is_csv_drop",
]

#: file name endings accepted by :func:`is_csv_drop`
CSV_SUFFIXES = (".csv", ".txt", ".tsv")
#: data rows shown in the preview table
PREVIEW_ROWS = 10
#: the preview is guessed from at most this many bytes at the start of the file
_HEAD_BYTES = 256 * 1024
#: shortest interval between two progress bar updates (seconds)
_PROGRESS_INTERVAL = 1 / 60
#: bad rows listed in the dialog (the rest are counted)
_LISTED_ROWS = 200
#: up to this many columns share the preview's width
_STRETCH_COLUMNS = 6
_ERROR_COLOR = "#e5484d"  # readable on the dark and the light theme

_log = logging.getLogger(__name__)


def _tr(text: str) -> str:
    return QCoreApplication.translate("", text)


def _name(widget: QWidget, name: str, tip: str) -> QWidget:
    """Give ``widget`` an accessible name and a tooltip (every control has both)."""
    widget.setAccessibleName(name)
    widget.setToolTip(tip)
    return widget


# ---------------------------------------------------------------------------------
# Helpers without a dialog
# ---------------------------------------------------------------------------------
def is_csv_drop(mime: QMimeData | None) -> str | None:
    """The local path of the single ``.csv``/``.txt``/``.tsv`` file in a drop, else None.

    None for drops of several files, of URLs that are not local files, of
    directories and of files with other endings.
    """
    if mime is None or not mime.hasUrls():
        return None
    urls = mime.urls()
    if len(urls) != 1 or not urls[0].isLocalFile():
        return None
    path = urls[0].toLocalFile()
    if Path(path).suffix.lower() not in CSV_SUFFIXES or os.path.isdir(path):
        return None
    return path


def describe_result(result: CsvResult) -> str:
    """One translated sentence about an import: points, columns and skipped rows."""
    if result.dataset.n == 1:
        text = _tr("Imported 1 point: x from “{0}”, y from “{1}”.").format(
            result.x_column, result.y_column
        )
    else:
        text = _tr("Imported {0} points: x from “{1}”, y from “{2}”.").format(
            f"{result.dataset.n:,}", result.x_column, result.y_column
        )
    lines = _line_list([line for line, _ in result.skipped])
    if len(result.skipped) == 1:
        text += " " + _tr("Skipped 1 bad row (line {0}).").format(lines)
    elif result.skipped:
        text += " " + _tr("Skipped {0} bad rows (lines {1}).").format(len(result.skipped), lines)
    return text


def _line_list(lines: Sequence[int], limit: int = 8) -> str:
    shown = ", ".join(str(n) for n in lines[:limit])
    if len(lines) > limit:
        shown += ", " + _tr("… {0} more").format(len(lines) - limit)
    return shown


def _head(path: str) -> bytes | None:
    """The whole lines in the first :data:`_HEAD_BYTES` of the file (None if unreadable,
    or not a regular file: a FIFO or a device is never opened for reading here).

    Enough for :func:`sniff_csv` (it looks at the first 50 non-blank lines) without
    reading and decoding a large file on the GUI thread.
    """
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return None  # sniff_csv(path) then refuses it with a message naming it
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):  # swapped meanwhile
                return None
            head = os.read(fd, _HEAD_BYTES + 1)
        finally:
            os.close(fd)
    except OSError:
        return None
    if len(head) <= _HEAD_BYTES:
        return head
    cut = head.rfind(b"\n", 0, _HEAD_BYTES)
    return head[: cut + 1] if cut >= 0 else None


def _load(
    run: int,
    path: str,
    x_column: int,
    y_column: int,
    skip_bad_rows: bool,
    progress: Callable[[float], object],
    cancel: Callable[[], bool],
) -> tuple[int, CsvResult | DataError]:
    """Runs in the worker thread: the result or the expected error, tagged with ``run``."""
    try:
        result = read_csv(
            path,
            x_column=x_column,
            y_column=y_column,
            skip_bad_rows=skip_bad_rows,
            progress=progress,
            cancel=cancel,
        )
    except DataError as exc:  # CsvError, CsvCancelled: shown by the dialog
        return run, exc
    return run, result


class _Relay(QObject):
    """Carries progress from the worker thread to the GUI thread (a queued signal)."""

    progressed = Signal(int, float)  # run, fraction


# ---------------------------------------------------------------------------------
# The dialog
# ---------------------------------------------------------------------------------
class CsvImportDialog(QDialog):
    """Preview a CSV file, choose its x and y columns and import them.

    Attributes after :meth:`exec`: :attr:`result_data` is the
    :class:`~gdgui.core.data.CsvResult` when the dialog was accepted, else None;
    :attr:`message` is the text last shown in the message line (for tests and
    the window's status bar); :attr:`bad_rows` the ``(line, reason)`` pairs of
    the last load that found bad rows.
    """

    def __init__(self, path: str | os.PathLike[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path = os.fspath(path)
        self.result_data: CsvResult | None = None
        self.sniff: CsvSniff | None = None
        self.bad_rows: list[tuple[int, str]] = []
        #: rows at the file's start that cannot be read in the chosen columns:
        #: ``(bad, data_rows)`` of the first :data:`_HEAD_BYTES`, and the preview
        #: rows marked, ``{row: reason}``
        self.preview_bad: tuple[int, int] = (0, 0)
        self.preview_marked: dict[int, str] = {}
        self.message = ""
        self._head = _head(self.path)
        self._run = 0
        self._cancel = threading.Event()
        self._worker: FunctionWorker | None = None
        self._relay: _Relay | None = None
        self._close_when_stopped = False
        self._can_import = False  # Import is enabled (when not busy)
        self._skip_offered = False  # bad rows found: Skip replaces Import
        self._skipping = False  # the current load skips bad rows
        self._build()
        self._resniff(first=True)

    # --- construction -----------------------------------------------------------------
    def _build(self) -> None:
        name = Path(self.path).name or self.path
        self.setWindowTitle(self.tr("Import CSV – {0}").format(name))
        self.setAccessibleName(self.tr("Import CSV"))
        self.setMinimumWidth(620)

        self.file_label = QLabel(name)
        self.file_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        _name(self.file_label, self.tr("File"), self.path)
        self.format_label = QLabel()
        self.format_label.setWordWrap(True)
        _name(
            self.format_label,
            self.tr("Detected format"),
            self.tr("The delimiter, header row and decimal separator found in the first lines"),
        )

        self.x_combo = QComboBox()
        _name(
            self.x_combo,
            self.tr("x column"),
            self.tr("The column read as x (the input of the fitted line)"),
        )
        self.y_combo = QComboBox()
        _name(
            self.y_combo,
            self.tr("y column"),
            self.tr("The column read as y (the value the line should predict)"),
        )
        for combo in (self.x_combo, self.y_combo):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            combo.setMinimumContentsLength(10)
            combo.currentIndexChanged.connect(self._columns_changed)
        self.columns_box = QWidget()
        row = QHBoxLayout(self.columns_box)
        row.setContentsMargins(0, 0, 0, 0)
        x_label = QLabel(self.tr("&x:"))
        x_label.setBuddy(self.x_combo)
        y_label = QLabel(self.tr("&y:"))
        y_label.setBuddy(self.y_combo)
        row.addWidget(x_label)
        row.addWidget(self.x_combo)
        row.addSpacing(16)
        row.addWidget(y_label)
        row.addWidget(self.y_combo)
        row.addStretch(1)
        self.columns_label = QLabel()  # for files with two columns: nothing to choose
        _name(
            self.columns_label,
            self.tr("Columns"),
            self.tr("The file has two columns: the first is x, the second y"),
        )

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self.tr("File:"), self.file_label)
        form.addRow(self.tr("Format:"), self.format_label)
        columns = QWidget()
        stack = QVBoxLayout(columns)
        stack.setContentsMargins(0, 0, 0, 0)
        stack.addWidget(self.columns_box)
        stack.addWidget(self.columns_label)
        form.addRow(self.tr("Columns:"), columns)

        self.preview_caption = QLabel()
        self.preview = QTableWidget()
        self.preview.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.preview.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.preview.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.preview.verticalHeader().setVisible(False)
        self.preview.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        _name(
            self.preview,
            self.tr("Preview"),
            self.tr("The first data rows of the file; the x and y columns are highlighted"),
        )

        self.message_label = QLabel()
        self.message_label.setWordWrap(True)
        self.message_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        _name(self.message_label, self.tr("Message"), self.tr("What the import found"))
        self.bad_rows_view = QPlainTextEdit()
        self.bad_rows_view.setReadOnly(True)
        self.bad_rows_view.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.bad_rows_view.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.bad_rows_view.setMaximumHeight(150)
        self.bad_rows_view.hide()
        _name(
            self.bad_rows_view,
            self.tr("Bad rows"),
            self.tr("Rows that cannot be read, by line number in the file"),
        )

        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.setValue(0)
        policy = self.progress.sizePolicy()
        policy.setRetainSizeWhenHidden(True)  # no jump when it appears
        self.progress.setSizePolicy(policy)
        self.progress.hide()
        _name(self.progress, self.tr("Import progress"), self.tr("How much of the file is read"))

        self.import_button = QPushButton(self.tr("&Import"))
        _name(
            self.import_button,
            self.tr("Import"),
            self.tr("Read the chosen columns of the whole file"),
        )
        self.skip_button = QPushButton(self.tr("&Skip bad rows and import"))
        self.skip_button.hide()
        _name(
            self.skip_button,
            self.tr("Skip bad rows and import"),
            self.tr("Import every other row and leave out the listed ones"),
        )
        self.cancel_button = QPushButton(self.tr("Cancel"))
        _name(self.cancel_button, self.tr("Cancel"), self.tr("Close without importing"))
        buttons = QDialogButtonBox()
        buttons.addButton(self.import_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.skip_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.import_button.clicked.connect(self._import_clicked)
        self.skip_button.clicked.connect(self._skip_clicked)
        self.cancel_button.clicked.connect(self._cancel_clicked)
        self.import_button.setDefault(True)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addSpacing(4)
        layout.addWidget(self.preview_caption)
        layout.addWidget(self.preview, 1)
        layout.addSpacing(6)
        layout.addWidget(self.message_label)
        layout.addWidget(self.bad_rows_view)
        layout.addWidget(self.progress)
        layout.addWidget(buttons)

    # --- the preview ------------------------------------------------------------------
    def _sniff(self, x_column: int | None, y_column: int | None) -> CsvSniff:
        if self._head is not None:
            try:
                return sniff_csv(
                    self._head, x_column=x_column, y_column=y_column, max_rows=PREVIEW_ROWS
                )
            except CsvError:
                pass  # ask again with the path, so that the message names the file
        return sniff_csv(self.path, x_column=x_column, y_column=y_column, max_rows=PREVIEW_ROWS)

    def _resniff(self, first: bool = False) -> None:
        x, y = (None, None) if first else self._chosen_columns()
        try:
            sniff = self._sniff(x, y)
        except CsvError as exc:
            self.sniff = None
            self._show_preview(None)
            self._fail(core_text(exc))
            return
        self.sniff = sniff
        if first:
            self._fill_combos(sniff)
        else:
            self._rename_combos(sniff.columns)
        self._show_preview(sniff)
        self._ready()

    def _fill_combos(self, sniff: CsvSniff) -> None:
        for combo, default in ((self.x_combo, sniff.x_column), (self.y_combo, sniff.y_column)):
            combo.blockSignals(True)
            combo.clear()
            for i, column in enumerate(sniff.columns):
                combo.addItem(column, i)
            combo.setCurrentIndex(sniff.columns.index(default))
            combo.blockSignals(False)
        several = len(sniff.columns) > 2
        self.columns_box.setVisible(several)
        self.columns_label.setVisible(not several)

    def _rename_combos(self, columns: list[str]) -> None:
        for combo in (self.x_combo, self.y_combo):
            for i, column in enumerate(columns[: combo.count()]):
                combo.setItemText(i, column)

    def _chosen_columns(self) -> tuple[int, int]:
        return int(self.x_combo.currentData() or 0), int(self.y_combo.currentData() or 0)

    def _show_preview(self, sniff: CsvSniff | None) -> None:
        table = self.preview
        table.clear()
        table.setVisible(sniff is not None)
        self.preview_caption.setVisible(sniff is not None)
        if sniff is None:
            table.setRowCount(0)
            table.setColumnCount(0)
            self.format_label.setText(self.tr("unknown (the file cannot be read)"))
            self.columns_label.setText("–")
            self.columns_box.hide()
            self.columns_label.show()
            return
        self.format_label.setText(self._format_text(sniff))
        xi, yi = self._chosen_columns()
        self.columns_label.setText(
            self.tr("x: “{0}”, y: “{1}”").format(sniff.columns[xi], sniff.columns[yi])
        )
        table.setColumnCount(len(sniff.columns))
        table.setRowCount(len(sniff.preview))
        tint = self.palette().highlight().color()
        tint.setAlpha(45)
        for j, column in enumerate(sniff.columns):
            roles = [r for r, k in (("x", xi), ("y", yi)) if k == j]
            text = f"{column}\n({', '.join(roles)})" if roles else f"{column}\n"
            item = QTableWidgetItem(text)
            if roles:
                font = item.font()
                font.setBold(True)
                item.setFont(font)
            table.setHorizontalHeaderItem(j, item)
        marked = self._mark_bad_rows(sniff, xi, yi)
        bad_tint = QColor(_ERROR_COLOR)
        bad_tint.setAlpha(70)
        for i, cells in enumerate(sniff.preview):
            for j in range(len(sniff.columns)):
                item = QTableWidgetItem(cells[j] if j < len(cells) else "")
                if i in marked:
                    item.setBackground(bad_tint)
                    item.setToolTip(marked[i])
                elif j in (xi, yi):
                    item.setBackground(QColor(tint))
                table.setItem(i, j, item)
        # few columns share the width; many keep their natural width and scroll
        few = len(sniff.columns) <= _STRETCH_COLUMNS
        header = table.horizontalHeader()
        if few:
            header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        else:
            header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
            table.resizeColumnsToContents()
            for j in range(table.columnCount()):  # room for the bold x and y titles
                table.setColumnWidth(j, table.columnWidth(j) + 16)
        rows = max(3, min(len(sniff.preview), PREVIEW_ROWS))
        table.setMinimumHeight(
            table.horizontalHeader().sizeHint().height()
            + rows * table.verticalHeader().defaultSectionSize()
            + 2 * table.frameWidth()
            + (0 if few else table.horizontalScrollBar().sizeHint().height())
        )
        if sniff.preview:
            text = self.tr("Preview of the first {0} data rows:").format(len(sniff.preview))
            bad, total = self.preview_bad
            if bad == 1:
                text += " " + self.tr("1 of the first {0} rows cannot be read (red).").format(
                    f"{total:,}"
                )
            elif bad:
                text += " " + self.tr("{0} of the first {1} rows cannot be read (red).").format(
                    f"{bad:,}", f"{total:,}"
                )
            self.preview_caption.setText(text)
        else:
            self.preview_caption.setText(self.tr("Preview: no data rows in the first lines"))

    def _mark_bad_rows(self, sniff: CsvSniff, xi: int, yi: int) -> dict[int, str]:
        """Find the rows of the file's start that cannot be read in columns ``xi`` and
        ``yi`` (:func:`read_csv` of the first bytes); the preview rows among them."""
        self.preview_bad, self.preview_marked = (0, 0), {}
        head = self._head
        if head is None or not sniff.preview:
            return {}
        try:
            result = read_csv(head, x_column=xi, y_column=yi)
        except CsvError as exc:
            bad = list(exc.rows)
            if not bad:
                return {}  # not about rows (shown when importing)
            total = None
        else:
            bad, total = [], result.dataset.n
        lines = head.decode("utf-8", "replace").splitlines()
        data_lines = [k + 1 for k, line in enumerate(lines) if line.strip()]
        if sniff.header:
            data_lines = data_lines[1:]
        if total is None:
            total = len(data_lines)
        self.preview_bad = (len(bad), total)
        # preview row i is the i-th non-blank line after the header, unless quoted cells
        # span lines: then the first cells disagree and no row is marked (the count stays)
        reasons = dict(bad)
        marked: dict[int, str] = {}
        for i, (line_no, cells) in enumerate(zip(data_lines, sniff.preview, strict=False)):
            first = lines[line_no - 1].split(sniff.delimiter, 1)[0].strip().strip('"').strip()
            if cells and first != cells[0].strip():
                return {}
            if line_no in reasons:
                marked[i] = self.tr("line {0}: {1}").format(line_no, core_text(reasons[line_no]))
        self.preview_marked = marked
        return marked

    def _format_text(self, sniff: CsvSniff) -> str:
        delimiter = {",": self.tr("comma"), ";": self.tr("semicolon"), "\t": self.tr("tab")}
        header = (
            self.tr("first row is a header")
            if sniff.header
            else self.tr("no header row (columns are numbered)")
        )
        decimal = self.tr("decimal comma") if sniff.decimal == "," else self.tr("decimal point")
        return self.tr("{0}-separated · {1} · {2}").format(
            delimiter.get(sniff.delimiter, repr(sniff.delimiter)), header, decimal
        )

    # --- states -----------------------------------------------------------------------
    def _say(self, text: str, error: bool = False) -> None:
        self.message = text
        self.message_label.setText(text)
        self.message_label.setStyleSheet(f"color: {_ERROR_COLOR};" if error else "")

    def _show_buttons(self, *, can_import: bool, skip: bool = False) -> None:
        self._can_import = can_import
        self._skip_offered = skip
        self._update_buttons()

    def _update_buttons(self) -> None:
        busy = self.is_busy()
        self.import_button.setVisible(not self._skip_offered)
        self.import_button.setEnabled(self._can_import and not busy)
        self.skip_button.setVisible(self._skip_offered)
        self.skip_button.setEnabled(not busy)
        (self.skip_button if self._skip_offered else self.import_button).setDefault(True)
        for combo in (self.x_combo, self.y_combo):
            combo.setEnabled(not busy and self.sniff is not None)
        self.progress.setVisible(busy or self.progress.value() > 0)
        self.cancel_button.setToolTip(
            self.tr("Stop reading the file; nothing is imported")
            if busy
            else self.tr("Close without importing")
        )

    def _ready(self) -> None:
        """Nothing loaded yet for the current choice of columns."""
        self.bad_rows = []
        self.bad_rows_view.hide()
        self.progress.setValue(0)
        several = self.sniff is not None and len(self.sniff.columns) > 2
        self._say(
            self.tr("Choose the x and y columns, then press Import.")
            if several
            else self.tr("Press Import to read the whole file.")
        )
        self._show_buttons(can_import=True)

    def _fail(self, text: str) -> None:
        """An error that is not about single rows: say it, disable Import."""
        self.bad_rows_view.hide()
        self.progress.setValue(0)
        self._say(self.tr("Cannot import this file:") + "\n" + text, error=True)
        self._show_buttons(can_import=False)

    def _show_bad_rows(self, rows: list[tuple[int, str]]) -> None:
        self.bad_rows = list(rows)
        n = len(rows)
        self._say(
            self.tr("1 row cannot be read. Skip it, choose other columns or fix the file:")
            if n == 1
            else self.tr(
                "{0} rows cannot be read. Skip them, choose other columns or fix the file:"
            ).format(f"{n:,}"),
            error=True,
        )
        lines = [
            self.tr("line {0}: {1}").format(line, core_text(reason))
            for line, reason in rows[:_LISTED_ROWS]
        ]
        if n > _LISTED_ROWS:
            lines.append(self.tr("… and {0} more").format(f"{n - _LISTED_ROWS:,}"))
        self.bad_rows_view.setPlainText("\n".join(lines))
        self.bad_rows_view.show()
        self.progress.setValue(0)
        if n == 1:
            self.skip_button.setText(self.tr("&Skip this row and import"))
            self.skip_button.setToolTip(
                self.tr("Import every other row and leave out the listed one")
            )
        else:
            self.skip_button.setText(self.tr("&Skip these {0} rows and import").format(f"{n:,}"))
            self.skip_button.setToolTip(
                self.tr("Import every other row and leave out the {0} listed ones").format(f"{n:,}")
            )
        self._show_buttons(can_import=False, skip=True)

    def is_busy(self) -> bool:
        """Whether a file is being read."""
        return self._worker is not None

    # --- loading ----------------------------------------------------------------------
    def start_import(self, skip_bad_rows: bool = False) -> None:
        """Read the chosen columns of the file in a worker thread (Import, Skip)."""
        if self.is_busy() or self.sniff is None:
            return
        self._run += 1
        run = self._run
        self._skipping = skip_bad_rows
        self._cancel = threading.Event()
        self._relay = _Relay()
        self._relay.progressed.connect(self._on_progress)
        x, y = self._chosen_columns()
        worker = FunctionWorker(
            _load,
            run,
            self.path,
            x,
            y,
            skip_bad_rows,
            self._progress_callback(run),
            self._cancel.is_set,
        )
        worker.returned.connect(self._on_loaded)
        worker.errored.connect(self._on_crashed)
        worker.finished.connect(self._on_finished)
        self._worker = worker
        if not skip_bad_rows:
            self.bad_rows_view.hide()
        self.progress.setValue(0)
        self._say(self.tr("Reading {0} …").format(Path(self.path).name))
        self._update_buttons()
        worker.start()

    def cancel_import(self) -> None:
        """Ask the worker to stop before its next chunk (thread-safe; no wait)."""
        if self.is_busy():
            self._cancel.set()
            self._say(self.tr("Cancelling …"))

    def _progress_callback(self, run: int) -> Callable[[float], None]:
        """The ``progress`` for :func:`read_csv`: called in the worker, emits <= ~60/s."""
        relay = self._relay
        last = -1.0

        def progress(fraction: float) -> None:
            nonlocal last
            now = time.monotonic()
            if fraction >= 1.0 or now - last >= _PROGRESS_INTERVAL:
                last = now
                relay.progressed.emit(run, fraction)

        return progress

    @Slot(int, float)
    def _on_progress(self, run: int, fraction: float) -> None:
        if run == self._run and self.is_busy():
            self.progress.setValue(round(100 * min(max(fraction, 0.0), 1.0)))

    @Slot(object)
    def _on_loaded(self, payload: tuple[int, CsvResult | DataError]) -> None:
        run, outcome = payload
        if run != self._run:
            return  # an older load
        if isinstance(outcome, CsvResult) and not self._cancel.is_set():
            self.progress.setValue(100)
            self.result_data = outcome
            self._say(describe_result(outcome))
        elif isinstance(outcome, (CsvCancelled, CsvResult)):  # a late cancel wins
            self.progress.setValue(0)
            self._say(self.tr("Import cancelled; nothing was imported."))
        elif isinstance(outcome, CsvError) and outcome.rows and not self._skipping:
            self._show_bad_rows(outcome.rows)
        else:
            self._fail(core_text(outcome))

    @Slot(object)
    def _on_crashed(self, exc: Exception) -> None:
        """An error :func:`read_csv` does not expect (a bug, or out of memory)."""
        _log.error("reading %s failed", self.path, exc_info=exc)
        self._fail(self.tr("unexpected error: {0}").format(f"{type(exc).__name__}: {exc}"))

    @Slot()
    def _on_finished(self) -> None:
        self._worker = None
        self._relay = None
        self._update_buttons()
        if self.result_data is not None:
            self.accept()
        elif self._close_when_stopped:
            super().reject()

    # --- buttons ----------------------------------------------------------------------
    def _import_clicked(self) -> None:
        self.start_import(skip_bad_rows=False)

    def _skip_clicked(self) -> None:
        self.start_import(skip_bad_rows=True)

    def _cancel_clicked(self) -> None:
        if self.is_busy():
            self.cancel_import()
        else:
            self.reject()

    def _columns_changed(self, _index: int) -> None:
        if not self.is_busy():
            self._resniff()

    def reject(self) -> None:
        """Close without importing; while reading, cancel first and close when stopped."""
        if self.is_busy():
            self._close_when_stopped = True
            self.cancel_import()
            return
        super().reject()


def import_csv(parent: QWidget | None, path: str | os.PathLike[str]) -> CsvResult | None:
    """Run :class:`CsvImportDialog` modally: the imported result, or None if cancelled."""
    dialog = CsvImportDialog(path, parent)
    try:
        if dialog.exec() == QDialog.DialogCode.Accepted:
            return dialog.result_data
        return None
    finally:
        dialog.deleteLater()
