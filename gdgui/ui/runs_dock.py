"""The Runs dock: the runs of a race side by side, with live readouts per run.

One row per run of the experiment (``exp.run_count``): its colour (the same
:func:`gdgui.ui.theme.run_color` the plots and their legends use), a "shown" check
box, its name (editable: a rename), and the run's step, loss, distance to the
optimum (or to the nearest known minimum: :func:`gdgui.core.plotmath.optimum_targets`),
gradient norm and status (its message as the tooltip).

Selecting a row makes that run the edited one: the window shows
``exp.run_experiment(selected)`` in the panels and sends their edits back through
``exp.with_run(selected, single)``. Add (the selected run's settings as a new run),
Duplicate and Remove change the experiment through ``submit`` (the window's undoable
edit path, :meth:`gdgui.ui.editing.Editor.submit`); Remove says which run goes
(``plan``), and its Undo brings the run back as it was: history, engine, colour, place,
visibility and selection.

The rows are compact (their height follows the font, so presentation mode makes them
taller) and the buttons sit beside the table (:meth:`RunsDock.set_buttons_below` moves
them under it, for a narrow column): a race of seven runs shows ≥ 5 rows in a dock
about 160 px high (:meth:`RunsDock.height_for_rows`). The number columns are as wide
as the widest number they have shown, so no readout is cut to "1…". A table narrower
than its columns (one run at 1280×720, beside the step log) elides the names rather than
scroll sideways (:meth:`RunsDock.fit_width`); narrower still (presentation mode's
column) it leaves out |∇L|, the distance and then the status (:data:`DROPPABLE`; the
readouts above the plots show the selected run's).

Which runs are hidden is a view setting, not part of the experiment: the dock holds
it (:attr:`RunsDock.hidden`) and signals :attr:`RunsDock.styles_changed`; the window
hands :meth:`RunsDock.styles` to every plot.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np
from PySide6.QtCore import QEvent, QObject, QSignalBlocker, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QIcon, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QBoxLayout,
    QDockWidget,
    QHeaderView,
    QPushButton,
    QStyle,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from ..core.experiment import Experiment, ExperimentError
from ..core.plotmath import optimum_targets
from .core_text import core_text
from .plots.base import status_text
from .plots.runs import RunStyle
from .theme import run_color

__all__ = ["COLUMNS", "ROWS_WANTED", "RunsDock", "distance_to_target"]

#: the table's columns, in order
COLUMNS = ("shown", "name", "step", "loss", "distance", "grad", "status")
#: the rows of a race the window makes room for (more scroll)
ROWS_WANTED = 5
#: the name column's width, in characters (longer names are elided; the legends show
#: them), and in a narrow column (presentation mode)
NAME_CHARS = 13
NARROW_NAME_CHARS = 9
#: a table narrower than its columns elides the names down to this many characters
#: first; then it leaves out these columns, in this order (the readouts above the
#: plots show the selected run's)
NAME_MIN_CHARS = 5
DROPPABLE = ("grad", "distance", "status")
_STATUSES = ("ready", "running", "paused", "finished", "converged", "diverged")


def distance_to_target(problem: Any, theta: np.ndarray, targets: Any = False) -> float:
    """The distance from ``theta`` (internal parameters) to the optimum or the nearest
    known minimum, on the shown scale; NaN when none is known. ``targets``: the
    problem's :func:`optimum_targets`, when known already."""
    if targets is False:
        targets = optimum_targets(problem)
    if targets is None:
        return math.nan
    shown = np.asarray(problem.shown_params(np.asarray(theta, dtype=float)), dtype=float)
    d = np.linalg.norm(targets[1] - shown.reshape(1, -1), axis=1)
    return float(np.min(d))


def _fmt(v: float) -> str:
    return "–" if not math.isfinite(v) else f"{v:.4g}"


class RunsDock(QDockWidget):
    """The runs of the controller's experiment; see the module docstring.

    ``submit(experiment, text)`` makes an edit of the experiment (undoable).
    """

    #: the user picked run i
    run_selected = Signal(int)
    #: colours, names or shown runs changed: the plots need :meth:`styles`
    styles_changed = Signal()
    #: a column grew for a longer number: the dock may want more width
    columns_widened = Signal()

    def __init__(
        self,
        controller: Any,
        submit: Callable[..., Any],
        parent: QWidget | None = None,
        theme: str = "dark",
    ):
        super().__init__(self.tr("Runs"), parent)
        self.setObjectName("runsDock")
        self.setAccessibleName(self.tr("Runs"))
        self.setToolTip(self.tr("The runs side by side: pick one to edit it in the panels"))
        self.controller = controller
        self._submit = submit
        self.theme = theme
        #: indices of the runs not drawn
        self.hidden: set[int] = set()
        self._filling = False
        self._narrow = False
        self._pad = 8
        self._name_width = 0  # the name column's width when there is room
        self._status_width = 0  # the status column's least width (the last, stretched)
        self._dropped: set[int] = set()  # columns left out for want of width
        self._widths: dict[int, int] = {}  # each column's width when shown (not the name)
        self._fitting = False
        self._targets_for: Any = None
        self._target_cache: Any = None
        body = QWidget()
        layout = QBoxLayout(QBoxLayout.Direction.LeftToRight, body)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.setSpacing(4)
        self._layout = layout
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("runsTable")
        self.table.setAccessibleName(self.tr("Runs"))
        self.table.setToolTip(self.tr("One row per run; double-click a name to rename the run"))
        heads = (
            self.tr("Shown"),
            self.tr("Name"),
            self.tr("Step"),
            self.tr("Loss"),
            self.tr("Distance"),
            self.tr("|∇L|"),
            self.tr("Status"),
        )
        tips = (
            self.tr("Draw this run on the plots"),
            self.tr("The run's name"),
            self.tr("Steps taken"),
            self.tr("The loss at the last step"),
            self.tr("Distance to the optimum, or to the nearest known minimum"),
            self.tr("The gradient's norm at the last step"),
            self.tr("The run's state; its message as the tooltip"),
        )
        for col, (head, tip) in enumerate(zip(heads, tips)):
            item = QTableWidgetItem(head)
            item.setToolTip(tip)
            self.table.setHorizontalHeaderItem(col, item)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.setMinimumHeight(40)  # the bottom docks may shrink to a few rows
        self.table.setWordWrap(False)
        self.table.installEventFilter(self)  # a new font (presentation mode): new sizes
        self.table.horizontalHeader().installEventFilter(self)
        self.table.viewport().installEventFilter(self)  # narrower: shorter names
        header = self.table.horizontalHeader()
        # sized to the contents when the rows change, not at every readout: with
        # ResizeToContents each setText measures the whole column (~0.7 ms a cell)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)  # the status takes what is left
        self.table.itemChanged.connect(self._item_changed)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        layout.addWidget(self.table, 1)
        buttons = QBoxLayout(QBoxLayout.Direction.TopToBottom)
        buttons.setSpacing(2)
        self._buttons = buttons
        self.add_button = self._button(
            self.tr("Add"),
            "addRunButton",
            self.tr("Add a run with the selected run's settings"),
            self.add_run,
        )
        self.duplicate_button = self._button(
            self.tr("Duplicate"),
            "duplicateRunButton",
            self.tr("Copy the selected run, right after it"),
            self.duplicate_run,
        )
        self.remove_button = self._button(
            self.tr("Remove"),
            "removeRunButton",
            self.tr("Remove the selected run"),
            self.remove_run,
        )
        for b in (self.add_button, self.duplicate_button, self.remove_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.setWidget(body)
        self.visibilityChanged.connect(lambda on: on and self.update_readouts())
        self.fit_to_font()
        self.refresh_runs()

    # --- room ----------------------------------------------------------------------------
    def set_buttons_below(self, below: bool) -> None:
        """Add, Duplicate and Remove under the table (a narrow column) or beside it (a
        low dock: the rows keep the height)."""
        self._layout.setDirection(
            QBoxLayout.Direction.TopToBottom if below else QBoxLayout.Direction.LeftToRight
        )
        self._buttons.setDirection(
            QBoxLayout.Direction.LeftToRight if below else QBoxLayout.Direction.TopToBottom
        )

    def set_narrow(self, narrow: bool) -> None:
        """A narrow column (presentation mode): the buttons under the table and no step
        column (the runs go in step; the readouts above the plots show it)."""
        self._narrow = bool(narrow)
        self.set_buttons_below(narrow)
        self.table.setColumnHidden(COLUMNS.index("step"), narrow)
        if not narrow:
            for col in self._dropped:
                self.table.setColumnHidden(col, False)
            self._dropped = set()
        head = self.table.horizontalHeaderItem(0)  # the check boxes say it (and the tip)
        if head is not None:
            head.setText("" if narrow else self.tr("Shown"))
        self.fit_to_font()

    def buttons_below(self) -> bool:
        return self._layout.direction() == QBoxLayout.Direction.TopToBottom

    def row_height(self) -> int:
        return self.table.verticalHeader().defaultSectionSize()

    def fit_to_font(self) -> None:
        """Row height and column widths for the table's font (taller rows, wider
        columns in presentation mode): each number column as wide as its title or its
        widest text; :meth:`update_readouts` widens it when a longer number comes."""
        fm = self.table.fontMetrics()
        self.table.verticalHeader().setDefaultSectionSize(fm.height() + 5)
        self._pad = 10
        header = self.table.horizontalHeader()
        bold = QFont(header.font())
        bold.setBold(True)  # the titles of a selected row's columns are drawn bold
        hfm = QFontMetrics(bold)
        for col in range(2, len(COLUMNS)):
            texts = [self.table.item(i, col) for i in range(self.table.rowCount())]
            widest = max((fm.horizontalAdvance(it.text()) for it in texts if it), default=0)
            if COLUMNS[col] == "status":
                widest = max(fm.horizontalAdvance(status_text(k)) for k in _STATUSES)
            width = max(widest + self._pad, self._title_width(col, hfm))
            self._resize(col, width)
            if COLUMNS[col] == "status":
                self._status_width = width
        box = self.style().pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth)
        shown = box + 12 + fm.height() + 8  # the check box and the colour
        self._resize(0, max(shown, self._title_width(0, hfm)))
        self._fit_names()

    def _resize(self, col: int, width: int) -> None:
        """Column ``col`` ``width`` pixels wide (remembered while it is left out)."""
        self._widths[col] = width
        self.table.horizontalHeader().resizeSection(col, width)

    def _title_width(self, col: int, bold: QFontMetrics) -> int:
        """Column ``col``'s title with the style's margins, drawn bold."""
        header = self.table.horizontalHeader()
        head = self.table.horizontalHeaderItem(col)
        if head is None:
            return 0
        plain = header.fontMetrics().horizontalAdvance(head.text())
        extra = bold.horizontalAdvance(head.text()) - plain
        return header.sectionSizeFromContents(col).width() + max(0, extra) + 4

    def _widen(self, col: int, text: str) -> None:
        """Column ``col`` wide enough for ``text`` (never narrower: no jumping)."""
        header = self.table.horizontalHeader()
        need = self.table.fontMetrics().horizontalAdvance(text) + self._pad
        if col == len(COLUMNS) - 1:  # the last column stretches: its own least width
            if need > self._status_width:
                self._status_width = need
                self.fit_width()
            return
        if need > self._widths.get(col, header.sectionSize(col)):
            self._resize(col, need)
            self.fit_width()
            self.columns_widened.emit()

    def _fit_names(self) -> None:
        """The name column as wide as the longest name, up to :data:`NAME_CHARS`."""
        fm = self.table.fontMetrics()
        names = [self.table.item(i, 1) for i in range(self.table.rowCount())]
        longest = max((fm.horizontalAdvance(it.text()) for it in names if it), default=0)
        chars = NARROW_NAME_CHARS if self._narrow else NAME_CHARS
        self._name_width = min(longest, self._chars_width(chars)) + 12
        self.fit_width()

    def _chars_width(self, chars: int) -> int:
        """The width of ``chars`` characters of a name (half wide letters, half digits)."""
        fm = self.table.fontMetrics()
        return fm.horizontalAdvance("m" * (chars // 2) + "0" * (chars - chars // 2))

    def fit_width(self) -> None:
        """Every shown column whole in the table's width, without a horizontal scroll
        bar: the names as wide as they want when there is room, else elided down to
        :data:`NAME_MIN_CHARS`; then |∇L|, the distance and the status left out
        (:data:`DROPPABLE`), and back when there is room again."""
        if self._fitting:
            return
        self._fitting = True
        try:
            t, header = self.table, self.table.horizontalHeader()
            least = min(self._name_width, self._chars_width(NAME_MIN_CHARS) + 12)
            room = t.viewport().width()
            drops = [COLUMNS.index(c) for c in DROPPABLE]
            dropped: set[int] = set()

            def width(c: int) -> int:  # the status stretches: its own least width
                last = c == len(COLUMNS) - 1
                return self._status_width if last else self._widths.get(c, header.sectionSize(c))

            def others() -> int:
                return sum(
                    width(c)
                    for c in range(len(COLUMNS))
                    if c != 1 and c not in dropped and not self._hidden_by_mode(c)
                )

            while drops and others() + least > room:
                dropped.add(drops.pop(0))
            for col in set(self._dropped) | dropped:
                t.setColumnHidden(col, col in dropped)
            self._dropped = dropped
            header.resizeSection(1, max(least, min(self._name_width, room - others())))
        finally:
            self._fitting = False

    def _hidden_by_mode(self, col: int) -> bool:
        """Column ``col`` is hidden for a reason other than width (the narrow step)."""
        return col not in self._dropped and self.table.isColumnHidden(col)

    def wanted_width(self) -> int:
        """The dock's width that shows every column whole (a name of ~14 characters)."""
        header = self.table.horizontalHeader()
        cols = sum(
            self._name_width if c == 1 else self._widths.get(c, header.sectionSize(c))
            for c in range(len(COLUMNS) - 1)
            if not self.table.isColumnHidden(c)  # a narrow column's are left out
        )
        fm = self.table.fontMetrics()
        last = max(fm.horizontalAdvance(status_text(k)) for k in _STATUSES) + 12  # status
        frame = 2 * self.table.frameWidth() + self.table.verticalScrollBar().sizeHint().width()
        buttons = (self.add_button, self.duplicate_button, self.remove_button)
        beside = 0 if self.buttons_below() else max(b.sizeHint().width() for b in buttons) + 8
        return cols + last + frame + beside + 8

    def visible_rows(self) -> int:
        """How many whole rows the table shows now."""
        return max(0, self.table.viewport().height() // max(1, self.row_height()))

    def height_for_rows(self, rows: int) -> int:
        """The dock's height that shows ``rows`` whole rows (as the dock is laid out now)."""
        return self.height() + rows * self.row_height() - self.table.viewport().height()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        header = self.table.horizontalHeader()
        if obj in (self.table, header) and event.type() == QEvent.Type.FontChange:
            self.fit_to_font()
        elif obj is self.table.viewport() and event.type() == QEvent.Type.Resize:
            self.fit_width()
        return False

    def _button(self, text: str, name: str, tip: str, slot: Callable[[], Any]) -> QPushButton:
        b = QPushButton(text)
        b.setObjectName(name)
        b.setAccessibleName(text)
        b.setToolTip(tip)
        b.clicked.connect(slot)
        return b

    # --- what the plots draw -------------------------------------------------------------
    def colour(self, i: int) -> str:
        return run_color(i, self.theme)

    def styles(self) -> list[RunStyle]:
        """One :class:`RunStyle` per run: the experiment's run names, the theme's colours."""
        exp = self.controller.experiment
        return [
            RunStyle(i, exp.run_name(i), self.colour(i), i not in self.hidden)
            for i in range(exp.run_count)
        ]

    def set_theme(self, name: str) -> None:
        self.theme = name
        self.refresh_runs()

    def set_visible_run(self, i: int, visible: bool) -> None:
        """Show or hide run ``i`` on the plots (the dock's check box, or a legend click)."""
        if (i not in self.hidden) == bool(visible):
            return
        if visible:
            self.hidden.discard(i)
        else:
            self.hidden.add(i)
        item = self.table.item(i, 0)
        if item is not None:
            with QSignalBlocker(self.table):
                item.setCheckState(Qt.CheckState.Checked if visible else Qt.CheckState.Unchecked)
        self.styles_changed.emit()

    # --- the rows ------------------------------------------------------------------------
    def refresh_runs(self) -> None:
        """Rebuild the rows from the controller's experiment (runs added, removed, renamed)."""
        exp: Experiment = self.controller.experiment
        n = exp.run_count
        self.hidden = {i for i in self.hidden if i < n}
        self._filling = True
        try:
            with QSignalBlocker(self.table):
                self.table.setRowCount(n)
                for i in range(n):
                    self._fill_row(i, exp.run_name(i))
                sel = min(self.controller.selected_run, n - 1)
                self.table.selectRow(sel)
        finally:
            self._filling = False
        self.remove_button.setEnabled(n > 1)
        self.update_readouts()
        self._fit_names()  # the other columns: fit_to_font, and widened by the readouts

    def _fill_row(self, i: int, name: str) -> None:
        pix = QPixmap(12, 12)
        pix.fill(QColor(self.colour(i)))
        shown = self.table.item(i, 0)
        if shown is None:
            shown = QTableWidgetItem()
            self.table.setItem(i, 0, shown)
        shown.setFlags(
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsUserCheckable
        )
        shown.setIcon(QIcon(pix))
        shown.setData(Qt.ItemDataRole.UserRole, self.colour(i))
        shown.setCheckState(Qt.CheckState.Unchecked if i in self.hidden else Qt.CheckState.Checked)
        shown.setToolTip(self.tr("Show or hide {0} on the plots").format(name))
        item = self.table.item(i, 1)
        if item is None:
            item = QTableWidgetItem()
            self.table.setItem(i, 1, item)
        item.setFlags(
            Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable
        )
        item.setText(name)
        item.setToolTip(self.tr("Double-click to rename {0}").format(name))
        for col in range(2, len(COLUMNS)):
            if self.table.item(i, col) is None:
                cell = QTableWidgetItem()
                cell.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                cell.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(i, col, cell)

    def readout(self, i: int, source: Any = None) -> dict[str, Any]:
        """Run ``i``'s live values: step, loss, distance, grad (floats), status, message;
        those of ``source`` (the controller as it stood at a scrubbed step) when given."""
        c = self.controller if source is None else source
        h = c.histories[i]
        loss = float(h.loss[-1]) if len(h) else math.nan
        grad = float(np.linalg.norm(h.grad[-1])) if len(h) else math.nan
        dist = distance_to_target(c.problem, h.params[-1], self._targets()) if len(h) else math.nan
        return {
            "step": int(c.step_counts[i]),
            "loss": loss,
            "distance": dist,
            "grad": grad,
            "status": c.run_status(i),
            "message": core_text(c.messages[i]),
        }

    def _targets(self) -> Any:
        """The problem's optimum targets, computed once per problem."""
        problem = self.controller.problem
        if self._targets_for is not problem:
            self._targets_for, self._target_cache = problem, optimum_targets(problem)
        return self._target_cache

    def update_readouts(self, source: Any = None) -> None:
        """The live columns of every row (the window's render tick calls this), from
        ``source`` (see :meth:`readout`) when given."""
        c = self.controller
        n = min(self.table.rowCount(), c.run_count)
        if not self.isVisible():
            return  # hidden (closed, or a tab behind another): refreshed when shown
        with QSignalBlocker(self.table):
            for i in range(n):
                r = self.readout(i, source)
                texts = (
                    str(r["step"]),
                    _fmt(r["loss"]),
                    _fmt(r["distance"]),
                    _fmt(r["grad"]),
                    status_text(r["status"]),
                )
                for col, text in zip(range(2, len(COLUMNS)), texts):
                    cell = self.table.item(i, col)
                    if cell is not None and cell.text() != text:
                        cell.setText(text)
                        self._widen(col, text)
                cell = self.table.item(i, len(COLUMNS) - 1)
                if cell is not None and cell.toolTip() != r["message"]:
                    cell.setToolTip(r["message"])

    def selected(self) -> int:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return rows[0].row() if rows else self.controller.selected_run

    def select(self, i: int) -> None:
        """Select row ``i`` (the run the panels edit)."""
        self.table.selectRow(i)

    # --- edits ---------------------------------------------------------------------------
    def _edit(self, exp: Experiment, text: str, plan: list[int | None] | None = None) -> bool:
        try:
            if plan is None:
                self._submit(exp, text)
            else:
                self._submit(exp, text, plan=plan)
        except ExperimentError as e:
            self.window().statusBar().showMessage(
                self.tr("Cannot change the runs: {0}").format(core_text(e)), 6000
            )
            return False
        return True

    def add_run(self) -> bool:
        """A new run with the selected run's settings, at the end (selected)."""
        exp = self.controller.experiment
        i = self.selected()
        if not self._edit(exp.add_run(exp.run_experiment(i)), self.tr("add a run")):
            return False
        self.run_selected.emit(self.controller.experiment.run_count - 1)
        return True

    def duplicate_run(self) -> bool:
        exp = self.controller.experiment
        i = self.selected()
        if not self._edit(exp.duplicate_run(i), self.tr("duplicate a run")):
            return False
        self.run_selected.emit(i + 1)
        return True

    def remove_run(self) -> bool:
        exp = self.controller.experiment
        if exp.run_count <= 1:
            return False
        i = self.selected()
        # run i goes, the others go on (named: runs of the same settings are told apart);
        # the editor moves the hidden runs along and Undo brings run i back as it was
        plan: list[int | None] = [j for j in range(exp.run_count) if j != i]
        if not self._edit(exp.remove_run(i), self.tr("remove a run"), plan):
            return False
        self.run_selected.emit(max(0, i - 1))
        return True

    def rename_run(self, i: int, name: str) -> bool:
        exp = self.controller.experiment
        name = name.strip()
        if name == exp.run_name(i):
            return True
        return self._edit(exp.rename_run(i, name or None), self.tr("rename a run"))

    def _item_changed(self, item: QTableWidgetItem) -> None:
        if self._filling:
            return
        if item.column() == 0:
            self.set_visible_run(item.row(), item.checkState() == Qt.CheckState.Checked)
        elif item.column() == 1 and not self.rename_run(item.row(), item.text()):
            self.refresh_runs()

    def _selection_changed(self) -> None:
        if not self._filling:
            self.run_selected.emit(self.selected())
