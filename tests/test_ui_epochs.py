"""One definition of "epoch" everywhere: the (0-based) epoch in which step k was taken.

The tutorial prints "Epoch: 0" after the first pass's step; the history, the step log,
the CSV and the readouts all count the same way (issue: at step 3 the readout said
epoch 3 while the table said 2)."""

import csv
import io

import pytest
from PySide6.QtCore import Qt

from gdgui.core.experiment import preset
from gdgui.ui.panels.readouts import epoch_text


@pytest.mark.parametrize(
    "step, spe, text",
    [
        (0, 1, "0"),
        (1, 1, "0"),
        (3, 1, "2"),
        (100, 1, "99"),
        (1, 3, "0 · 1/3"),
        (3, 3, "0 · 3/3"),
        (4, 3, "1 · 1/3"),
        (3000, 3, "999 · 3/3"),
    ],
)
def test_epoch_text(step, spe, text):
    assert epoch_text(step, spe) == text


@pytest.mark.parametrize("name", ["tutorial-003", "tutorial-003-sgd"])
def test_readout_table_and_csv_agree_on_the_epoch(qtbot, make_window, tmp_path, name):
    w = make_window(preset(name))
    c = w.controller
    for k in range(1, 5):
        w.action_step.trigger()
        qtbot.waitUntil(lambda k=k: len(c.history) == k + 1, timeout=5000)
    qtbot.wait(300)  # a render tick: readouts and step log follow the history
    h = c.history
    spe = w.controller.steps_per_epoch
    epoch = int(h.epoch[-1])
    assert epoch == (4 - 1) // spe  # the epoch in which step 4 was taken
    # the readout
    assert w.readouts.values["epoch"].text().split(" ")[0] == str(epoch)
    # the step log's last row
    model = w.step_log.model
    heads = [model.headerData(i, Qt.Orientation.Horizontal) for i in range(model.columnCount())]
    col = heads.index("epoch")
    assert model.data(model.index(model.rowCount() - 1, col)) == str(epoch)
    # the CSV
    out = tmp_path / "h.csv"
    h.to_csv(out)
    rows = list(csv.DictReader(io.StringIO(out.read_text())))
    assert rows[-1]["step"] == "4" and rows[-1]["epoch"] == str(epoch)
