"""Axes that print true values: no SI prefix, no common factor in the label."""

from __future__ import annotations

import math

import pyqtgraph as pg

from ...core.plotmath import tick_text

__all__ = ["LossAxis", "ValueAxis"]


class ValueAxis(pg.AxisItem):
    """An axis whose tick labels are the values themselves.

    pyqtgraph's axis moves a power of 1000 into the label by default (a loss of 0.22
    reads "225 (x0.001)"); here SI prefix scaling is off and every tick reads its
    value, in scientific notation where it is very large or small
    (:func:`gdgui.core.plotmath.tick_text`). ``setScale(s)`` still relabels the axis
    in other units (the loss plot's epoch axis: ``s = 1 / steps_per_epoch``).
    """

    def __init__(self, orientation: str, **kw):
        super().__init__(orientation, **kw)
        self.enableAutoSIPrefix(False)

    def tickStrings(self, values, scale, spacing):  # noqa: N802 (pyqtgraph's name)
        if self.logMode:
            return self.logTickStrings(values, scale, spacing)
        return [tick_text(v * scale, spacing * scale) for v in values]

    def logTickStrings(self, values, scale, spacing):  # noqa: N802
        out = []
        for v in values:
            x = 10.0**v * scale
            out.append(tick_text(x, 10.0 ** math.floor(math.log10(x) + 1e-9)) if x > 0 else "")
        return out


class LossAxis(ValueAxis):
    """The loss axis: on a log scale, labels at decades (at 1, 2, 5 × 10^k when fewer
    than two decades are in view)."""

    def logTickStrings(self, values, scale, spacing):  # noqa: N802
        strings = super().logTickStrings(values, scale, spacing)
        mantissas = [round(10 ** (v - math.floor(v + 1e-9)), 6) for v in values]
        keep = (1,) if mantissas.count(1) >= 2 else (1, 2, 5)
        return [text if m in keep else "" for m, text in zip(mantissas, strings)]
