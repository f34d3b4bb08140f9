"""The step log: the run's history as a table, in the tutorial's columns.

:class:`HistoryTableModel` reads the :class:`~gdgui.core.history.History` arrays
directly and formats only the cells on screen, so a million rows scroll
smoothly. Its row count grows in :meth:`HistoryTableModel.sync`, called on the
window's render tick (one ``beginInsertRows`` per tick, never one per step).

The window's history is bounded: when it thins its far past (``history.thinned``
changes) the rows change in place, so the model resets instead. The step column
shows each row's own step (``history.step``), not its row number.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QFontDatabase, QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..core.history import History
from .panels import format_number

__all__ = ["HistoryTableModel", "StepLog"]

Index = QModelIndex | QPersistentModelIndex
#: a row is this much taller than its text (px): compact, so a low dock shows rows
ROW_PADDING = 4


class HistoryTableModel(QAbstractTableModel):
    """Columns: step, epoch, each parameter, loss, each gradient component."""

    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self._history: History | None = None
        self._problem: Any = None  # converts rows to the shown scale (standardized x)
        self._rows = 0
        self._thinned = 0  # the history's thinning count the rows were counted at
        self._columns: list[tuple[str, str, str, int]] = []  # (title, tip, array, index)
        self._font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)

    def set_point_size(self, points: float) -> None:
        """The cells' fixed-width font at ``points`` (the view's size: presentation mode)."""
        if points > 0 and points != self._font.pointSizeF():
            self._font.setPointSizeF(points)

    def line_height(self) -> int:
        return QFontMetrics(self._font).height()

    def set_history(self, history: History, problem: Any = None) -> None:
        """Show ``history`` (a new run): the table starts again from its rows.

        With ``problem``, parameters and gradients are shown on its shown scale
        (the original one for a standardized problem).
        """
        self.beginResetModel()
        self._history = history
        self._problem = problem if problem is not None and problem.standardized else None
        names = problem.shown_names if problem is not None else history.param_names
        cols = [
            (self.tr("step"), self.tr("Step k: row k is the state after k steps"), "step", 0),
            (
                self.tr("epoch"),
                self.tr("The (0-based) epoch in which step k was taken"),
                "epoch",
                0,
            ),
        ]
        cols += [
            (n, self.tr("{0} after step k").format(n), "params", j) for j, n in enumerate(names)
        ]
        cols.append(
            (self.tr("loss"), self.tr("The full-data loss at the parameters of row k"), "loss", 0)
        )
        cols += [
            (f"∂L/∂{n}", self.tr("The full-data gradient ∂L/∂{0} at row k").format(n), "grad", j)
            for j, n in enumerate(names)
        ]
        self._columns = cols
        self._rows = len(history)
        self._thinned = history.thinned
        self.endResetModel()

    def sync(self) -> int:
        """Catch up with the history since the last call; returns the rows added (all of
        them after a reset, when the history was thinned)."""
        h = self._history
        n = 0 if h is None else len(h)
        thinned = 0 if h is None else h.thinned
        if thinned != self._thinned or n < self._rows:  # thinned or truncated: start again
            self.beginResetModel()
            self._rows, self._thinned = n, thinned
            self.endResetModel()
            return n
        if n == self._rows:
            return 0
        added = n - self._rows
        self.beginInsertRows(QModelIndex(), self._rows, n - 1)
        self._rows = n
        self.endInsertRows()
        return added

    # --- QAbstractTableModel -----------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._rows

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self._history is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            _title, _tip, array, j = self._columns[index.column()]
            row = index.row()
            h = self._history
            if row >= len(h) or h.thinned != self._thinned:
                return None  # thinned since the last sync: the rows moved (sync resets)
            if array in ("step", "epoch"):
                return str(int(getattr(self._history, array)[row]))
            if array == "loss":
                return format_number(self._history.loss[row])
            value = getattr(self._history, array)[row]
            if self._problem is not None:
                convert = (
                    self._problem.shown_params if array == "params" else self._problem.shown_grad
                )
                value = convert(value)
            return format_number(value[j])
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole:
            return self._font
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self._columns):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._columns[section][0]
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._columns[section][1]
        return None


class StepLog(QWidget):
    """The table and a "follow" switch that keeps the newest step in view."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = HistoryTableModel(self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setAccessibleName(self.tr("Step log"))
        self.view.setToolTip(self.tr("Every step of the run: parameters, loss and gradient"))
        self.view.verticalHeader().setVisible(False)
        vh = self.view.verticalHeader()
        vh.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # uniform rows: fast scrolling
        vh.setDefaultSectionSize(
            max(self.fontMetrics().height(), self.model.line_height()) + ROW_PADDING
        )
        self.view.installEventFilter(self)  # a new font (presentation mode): taller rows
        hh = self.view.horizontalHeader()
        hh.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        hh.setHighlightSections(False)
        self.view.setWordWrap(False)
        self.view.setAlternatingRowColors(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setCornerButtonEnabled(False)
        self.follow = QCheckBox(self.tr("Follow the newest step"))
        self.follow.setChecked(True)
        self.follow.setAccessibleName(self.tr("Follow the newest step"))
        self.follow.setToolTip(self.tr("Keep scrolling to the last row while the run goes on"))
        self.count = QLabel()
        self.count.setProperty("role", "muted")
        bar = QHBoxLayout()
        bar.setContentsMargins(4, 0, 4, 0)
        bar.addWidget(self.follow)
        bar.addStretch(1)
        bar.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.view, 1)
        layout.addLayout(bar)
        self.follow.toggled.connect(lambda on: on and self.view.scrollToBottom())

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if obj is self.view and event.type() == QEvent.Type.FontChange:
            self.model.set_point_size(self.view.font().pointSizeF())
            self.view.verticalHeader().setDefaultSectionSize(
                max(self.view.fontMetrics().height(), self.model.line_height()) + ROW_PADDING
            )
            self.view.viewport().update()
        return False

    def row_height(self) -> int:
        return self.view.verticalHeader().defaultSectionSize()

    def visible_rows(self) -> int:
        """How many whole rows the table has room for now."""
        return max(0, self.view.viewport().height() // max(1, self.row_height()))

    def set_history(self, history: History, problem: Any = None) -> None:
        self.model.set_history(history, problem)
        self._show_count()

    def show_row(self, row: int) -> None:
        """Scroll row ``row`` to the bottom of the table and make it the current row (an
        animation frame at its step; the rows after it are not shown)."""
        index = self.model.index(row, 0)
        if not index.isValid():
            return
        self.view.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.NoUpdate
        )
        self.view.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtBottom)

    def current_row(self) -> int:
        """The table's current row (-1: none)."""
        return self.view.currentIndex().row()

    def view_state(self) -> tuple[int, int, int, list[int]]:
        """Where the table is: its scroll position (vertical, horizontal), current row and
        selected rows, for :meth:`set_view_state`."""
        rows = sorted(i.row() for i in self.view.selectionModel().selectedRows())
        return (
            self.view.verticalScrollBar().value(),
            self.view.horizontalScrollBar().value(),
            self.current_row(),
            rows,
        )

    def set_view_state(self, state: tuple[int, int, int, list[int]]) -> None:
        """Put the table back where :meth:`view_state` found it (the rows still there)."""
        v, h, current, rows = state
        sel = self.view.selectionModel()
        n = self.model.rowCount()
        flags = QItemSelectionModel.SelectionFlag
        sel.clearSelection()
        for r in rows:
            if r < n:
                sel.select(self.model.index(r, 0), flags.Select | flags.Rows)
        sel.setCurrentIndex(
            self.model.index(current, 0) if 0 <= current < n else QModelIndex(), flags.NoUpdate
        )
        self.view.doItemsLayout()  # the scroll bars' ranges for the rows now (else later)
        self.view.verticalScrollBar().setValue(v)
        self.view.horizontalScrollBar().setValue(h)

    def sync(self) -> None:
        """Catch up with the history (call on the render tick)."""
        if self.model.sync() and self.follow.isChecked():
            self.view.scrollToBottom()
        self._show_count()

    def _show_count(self) -> None:
        n = self.model.rowCount()
        self.count.setText(self.tr("1 row") if n == 1 else self.tr("{0} rows").format(f"{n:,}"))
