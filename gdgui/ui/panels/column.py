"""The side column: the sections in collapsible boxes in a scrolling column.

Every edit makes a new validated :class:`Experiment` through
:func:`gdgui.core.edits.apply_with_notes` and hands it to ``submit`` (the
controller's ``set_experiment``, or the editor's undoable version). An invalid
edit (:class:`ExperimentError`) is shown inline, beside the section it came
from, and changes nothing. The panels redraw themselves only from
:meth:`Panels.show_experiment`, which the window calls when the controller
accepted a new experiment: data flows one way, and widgets are written with
their signals blocked.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QFrame, QLabel, QLayout, QScrollArea, QVBoxLayout, QWidget
from superqt import QCollapsible
from superqt.utils import qdebounced

from ...core import edits
from ...core.experiment import LINE_PROBLEMS, Experiment
from .optimizer import OptimizerSection
from .prediction import PredictionSection
from .problem import ProblemSection
from .run import RunSection
from .widgets import NumberField, named, tr

__all__ = ["Panels", "edit_text"]


def edit_text(changes: dict[str, Any]) -> str:
    """What an edit of the panels is called in the Edit menu ("Undo set η")."""
    opt = changes.get("optimizer")
    if "problem" in changes:
        return tr("change the problem")
    if "data" in changes:
        return tr("change the data")
    if "schedule" in changes:
        return tr("set the learning-rate schedule")
    if isinstance(opt, dict):
        if "name" in opt:
            return tr("switch the optimizer")
        if list(opt) == ["lr"]:
            return tr("set the learning rate")
        return tr("set {0}").format(", ".join(opt))
    if "standardize" in changes:
        return tr("standardize x")
    if "init" in changes:
        return tr("set the start")
    return tr("change the run settings")


# --- the side column ------------------------------------------------------------------------


class Panels(QScrollArea):
    """The collapsible sections in a scrolling column: problem and data, optimizer,
    run, and (for line problems) prediction.

    ``submit(experiment)`` is called with every new validated experiment; it may
    raise :class:`ExperimentError` (shown inline, nothing changes).
    """

    speed_changed = Signal(float)

    def __init__(self, submit: Callable[[Experiment], None], parent: QWidget | None = None):
        super().__init__(parent)
        self._submit = submit
        self._submit_undoable: Callable[..., None] | None = None
        self.experiment: Experiment | None = None
        self.problem_section = ProblemSection(self._edit)
        self.optimizer_section = OptimizerSection(self._edit)
        self.run_section = RunSection(self._edit)
        self.prediction_section = PredictionSection(self._edit)
        self.run_section.speed_changed.connect(self.speed_changed)
        self._shape: tuple = ()
        self._pending: set[QCollapsible] = set()
        self._remeasure_later = qdebounced(self._remeasure_now, timeout=0, parent=self)
        self._described: tuple = ()
        self.sections: dict[str, tuple[str, Any]] = {
            "problem": (self.tr("Problem and data"), self.problem_section),
            "optimizer": (self.tr("Optimizer"), self.optimizer_section),
            "run": (self.tr("Run"), self.run_section),
            "prediction": (self.tr("Prediction"), self.prediction_section),
        }
        body = QWidget()
        body.setObjectName("panels")
        layout = QVBoxLayout(body)
        layout.setContentsMargins(8, 6, 8, 8)
        layout.setSpacing(2)
        self.description = QLabel()
        self.description.setWordWrap(True)
        self.description.setProperty("role", "muted")
        self.description.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.description.setAccessibleName(self.tr("About this experiment"))
        self.description.setVisible(False)
        layout.addWidget(self.description)
        self.collapsibles: dict[str, QCollapsible] = {}
        self._rules: dict[str, QFrame] = {}
        for key, (title, section) in self.sections.items():
            box = QCollapsible(title)
            section.reshaped.connect(lambda b=box: self._remeasure(b))
            box.setDuration(120)
            box.layout().setContentsMargins(0, 2, 0, 4)
            box.addWidget(section)
            button = box.toggleButton()
            named(button, title, self.tr("Show or hide the {0} section").format(title))
            font = button.font()
            font.setBold(True)
            button.setFont(font)
            box.expand(animate=False)
            self.collapsibles[key] = box
            layout.addWidget(box)
            line = QFrame()
            line.setFrameShape(QFrame.Shape.HLine)
            line.setFrameShadow(QFrame.Shadow.Sunken)
            layout.addWidget(line)
            self._rules[key] = line
        layout.addStretch(1)
        self.setWidget(body)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setMinimumWidth(300)

    def _remeasure(self, box: QCollapsible) -> None:
        """Fit ``box`` to its section again, once the layouts have caught up with the
        change (right now they may still hold the old size hints)."""
        self._pending.add(box)
        self._remeasure_later()  # once, however many sections asked

    def _remeasure_now(self) -> None:
        boxes, self._pending = self._pending, set()
        for box in boxes:
            if box.isExpanded():
                for layout in box.content().findChildren(QLayout):
                    layout.invalidate()
                box.expand(animate=False)

    def set_submit(self, submit: Callable[..., None]) -> None:
        """Submit edits through ``submit(experiment, text, merge)`` (the editor's undoable
        :meth:`~gdgui.ui.editing.Editor.submit`): ``text`` names the edit, ``merge``
        is shared by the steps of one slider drag."""
        self._submit_undoable = submit

    def _edit(self, _source: Any = None, **changes: Any) -> bool:
        """Validate ``changes`` against the current experiment and submit the result."""
        if self.experiment is None:
            return False
        old = self.experiment
        new, notes = edits.apply_with_notes(old, **changes)  # raises ExperimentError
        if self._submit_undoable is not None:
            merge = _source.drag_key() if isinstance(_source, NumberField) else None
            self._submit_undoable(new, edit_text(changes), merge)
        else:
            self._submit(new)  # may raise ExperimentError (e.g. a CSV file gone missing)
        if notes:
            self.optimizer_section.show_notice(
                self.tr(
                    "The learning rate was {0:g}, past the stable limit of this problem: "
                    "lowered to {1:g}."
                ).format(float(old.hyperparams.get("lr", 0.0)), float(new.hyperparams["lr"]))
            )
        elif "problem" in changes or "optimizer" in changes:
            self.optimizer_section.show_notice("")
        return True

    def show_experiment(self, experiment: Experiment, problem: Any) -> None:
        """Show ``experiment`` (the controller accepted it) in every section."""
        self.experiment = experiment
        text = experiment.description or ""
        # the description tells of the experiment it was written for (its problem, data,
        # learning rate, length): once they are edited it no longer does, and hides
        basis = (
            experiment.problem,
            experiment.data,
            experiment.standardize,
            experiment.optimizer,
            experiment.batch_size,
            experiment.epochs,
            experiment.steps,
            experiment.init,
        )
        # a bundled experiment's description is in the catalogue; a user's own stays as written
        text = QCoreApplication.translate("Presets", text) if text else ""
        if text != self.description.text():
            self.description.setText(text)
            self.description.setToolTip(experiment.name or "")
            self._described = basis
        self.description.setVisible(bool(text) and basis == self._described)
        for _title, section in self.sections.values():
            section.show_experiment(experiment, problem)
        line = experiment.problem_name in LINE_PROBLEMS
        for part in (self.collapsibles["prediction"], self._rules["prediction"]):
            part.setVisible(line)
        data = experiment.data
        shape = (
            experiment.problem_name,
            data.source.get("preset") if data else None,
            experiment.optimizer_name,
            experiment.batch_size,
        )
        if shape != self._shape:  # rows were shown or hidden: re-measure the sections
            self._shape = shape
            for box in self.collapsibles.values():
                self._remeasure(box)

    def update_from(self, controller: Any) -> None:
        """Show what depends on the run (the predictions); called by the render tick."""
        if self.collapsibles["prediction"].isVisibleTo(self):
            self.prediction_section.update_from(controller)

    def show_error(self, message: str, section: str = "problem") -> None:
        self.sections[section][1].show_error(message)

    def speed(self) -> float:
        return self.run_section.speed()

    def set_speed(self, steps_per_second: float) -> None:
        self.run_section.set_speed(steps_per_second)
