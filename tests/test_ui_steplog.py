"""The step log: a table model over the history arrays, grown once per render tick."""

import numpy as np
import pytest
from PySide6.QtCore import Qt

from gdgui.core.history import History
from gdgui.ui.panels import format_number
from gdgui.ui.steplog import HistoryTableModel, StepLog


def make_history(n, names=("w", "b")):
    h = History(names)
    k = np.arange(n)
    p = len(names)
    h.extend(k, k // 3, np.column_stack([k * 0.5] * p), k * 2.0, np.column_stack([-k] * p))
    return h


def test_columns_follow_the_tutorial(qapp):
    m = HistoryTableModel()
    m.set_history(make_history(5))
    heads = [m.headerData(i, Qt.Orientation.Horizontal) for i in range(m.columnCount())]
    assert heads == ["step", "epoch", "w", "b", "loss", "∂L/∂w", "∂L/∂b"]
    assert all(
        m.headerData(i, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
        for i in range(m.columnCount())
    )
    assert [m.data(m.index(4, c)) for c in range(7)] == ["4", "1", "2", "2", "8", "-4", "-4"]
    assert m.data(m.index(1, 2)) == format_number(0.5)


def test_rows_grow_in_one_insert_per_sync(qtbot):
    h = make_history(1)
    m = HistoryTableModel()
    m.set_history(h)
    inserted = []
    m.rowsInserted.connect(lambda _p, first, last: inserted.append((first, last)))
    k = np.arange(1, 1001)
    h.extend(k, k, np.ones((1000, 2)), np.ones(1000), np.ones((1000, 2)))
    assert m.rowCount() == 1  # not before the render tick
    assert m.sync() == 1000 and m.rowCount() == 1001
    assert inserted == [(1, 1000)]
    assert m.sync() == 0 and inserted == [(1, 1000)]


def test_a_million_rows_scroll_smoothly(qtbot):
    log = StepLog()
    qtbot.addWidget(log)
    log.resize(700, 300)
    log.show()
    log.set_history(make_history(1))
    assert log.count.text() == "1 row"  # not "1 rows"
    h = make_history(1_000_000)
    asked = []
    model_type = type(log.model)
    original = model_type.data

    def counting(self, index, role=Qt.ItemDataRole.DisplayRole):
        asked.append(index.row())
        return original(self, index, role)

    model_type.data = counting
    try:
        log.set_history(h)
        log.view.scrollToBottom()
        qtbot.wait(10)
        log.view.scrollToTop()
        for frac in np.linspace(0, 1, 20):
            sb = log.view.verticalScrollBar()
            sb.setValue(int(frac * sb.maximum()))
            log.view.viewport().repaint()
    finally:
        model_type.data = original
    assert log.model.rowCount() == 1_000_000
    # lazy: only the rows on screen are asked for, never all million (its speed: benchmarks)
    assert asked and len(set(asked)) < 2_000, len(set(asked))
    assert log.count.text() == "1,000,000 rows"


def test_standardized_rows_are_shown_on_the_original_scale(qtbot):
    import numpy as np

    from gdgui.core.regression import StandardizedRegression
    from gdgui.core.runner import Run
    from gdgui.ui.steplog import HistoryTableModel

    x = np.linspace(20_000, 120_000, 30)
    p = StandardizedRegression(x, 0.3 * x + 5_000, "wb")
    r = Run(p, "gd", {"lr": 0.1}, p.to_internal([0.25, 1_000.0]), steps=5)
    r.run()
    model = HistoryTableModel()
    model.set_history(r.history, p)
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(7)]
    assert headers[2:4] == ["w", "b"] and headers[5:] == ["∂L/∂w", "∂L/∂b"]
    shown = p.shown_params(r.history.params[3])
    grad = p.shown_grad(r.history.grad[3])
    cell = lambda c: float(model.data(model.index(3, c)).replace(",", ""))  # noqa: E731
    assert cell(2) == pytest.approx(shown[0], rel=1e-6)
    assert cell(3) == pytest.approx(shown[1], rel=1e-6)
    assert cell(5) == pytest.approx(grad[0], rel=1e-6)
    assert model.data(model.index(0, 2)) in ("0.25", "0.2500000000")
