"""A corner text wider than its view puts each part on a line of its own."""

from __future__ import annotations

import pyqtgraph as pg

from gdgui.ui.plots.items import SEPARATOR, CornerText


def test_a_corner_text_too_wide_for_its_view_goes_on_lines(qtbot):
    pw = pg.PlotWidget()
    qtbot.addWidget(pw)
    pw.resize(600, 300)
    pw.show()
    qtbot.waitExposed(pw)
    vb = pw.getPlotItem().vb
    item = CornerText("top-right", vb)
    text = SEPARATOR.join(["gd, η = 0.002", "step 40", "loss 0.0748816"])
    item.setText(text)
    assert item.text() == text
    assert item._text.text() == text  # one line: it fits
    assert item.rect().width() <= vb.boundingRect().width()
    pw.resize(150, 300)
    qtbot.waitUntil(lambda: vb.boundingRect().width() < 150)
    item.place()  # the plot places its corner texts when the view is resized
    assert item.text() == text
    assert item._text.text() == text.replace(SEPARATOR, "\n")
    assert item.rect().width() < vb.boundingRect().width()
    assert item.pos().x() >= vb.boundingRect().left()  # not cut at the left edge
    pw.resize(600, 300)
    qtbot.waitUntil(lambda: vb.boundingRect().width() > 300)
    item.place()
    assert item._text.text() == text  # one line again
