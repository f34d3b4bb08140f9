"""The loss plot's axis, kept in the experiment (``view.loss_scale``: "log" or "linear").

Opening an experiment sets the axis and the View menu's check from it (none: linear);
switching it in the window -- the View menu, the plot's "log" button or its context
menu -- is an undoable edit of the experiment (:meth:`gdgui.ui.editing.Editor.submit`),
so Save keeps it. The runs go on: the controller takes a change of ``loss_scale`` alone
without a reset.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject

from ..core.experiment import Experiment
from .actions import make_action

__all__ = ["LossScale"]


class LossScale(QObject):
    """The loss scale of ``window`` (a :class:`~gdgui.ui.window.MainWindow`) and its
    View-menu :attr:`action`."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window
        self.action = make_action(
            window,
            self.tr("Logarithmic loss &scale"),
            self.set,
            checkable=True,
            tip=self.tr("Show the loss on a logarithmic axis (saved with the experiment)"),
        )
        lp = window.loss_plot  # its own toggles (button, context menu) say so too
        for control in (lp.action_log_scale, lp.log_button, lp.plotItem.ctrl.logYCheck):
            control.toggled.connect(lambda _on: self.set(self.window.loss_plot.log_scale))

    def show(self, exp: Experiment) -> None:
        """The axis and the menu's check as ``exp`` says (default linear)."""
        on = exp.loss_scale == "log"
        self.window.loss_plot.set_log_scale(on)
        blocked = self.action.blockSignals(True)
        self.action.setChecked(on)
        self.action.blockSignals(blocked)

    def set(self, on: bool) -> None:
        """A logarithmic (``on``) or linear axis, kept in the experiment (undoable)."""
        w = self.window
        exp = w.controller.experiment
        if (exp.loss_scale == "log") == bool(on):
            self.show(exp)
            return
        scale = "log" if on else "linear"
        w.editor.submit(exp.replace(loss_scale=scale), self.tr("set the loss scale"))
        self.show(w.controller.experiment)
