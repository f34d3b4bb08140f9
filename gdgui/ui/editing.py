"""Point-and-click experiments: edit the data on the fit plot, pick the start on the
trajectory plot; undo and redo every edit of the experiment.

The plots only report what the mouse did (:class:`~gdgui.ui.plots.FitPlot` and
:class:`~gdgui.ui.plots.TrajectoryPlot` signals). The :class:`Editor` turns each
report into an undoable command on a :class:`QUndoStack`; a command builds a new
experiment (``experiment.replace(data=dataset)`` with a new
:class:`~gdgui.core.data.Dataset`, the old one kept for undo; or
``replace(init=[...])``) and hands it to the controller, so the loss surface, the
least-squares optimum and the run follow at once. A run that was running starts
again from its (new) start.

The panels hand their edits (learning rate, optimizer, problem, data, run
settings) to :meth:`Editor.submit`, which pushes an :class:`ExperimentCommand`
holding the experiment before and after: undo gives back exactly the previous
experiment. The steps of one slider drag merge into one undo step.

The undo history belongs to the experiment it edits: when the experiment is
replaced some other way (a file opened, a preset), the history is cleared.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np
from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtGui import QAction, QKeySequence, QUndoCommand, QUndoStack
from PySide6.QtWidgets import QMainWindow, QMenu

from ..core.data import DataError, Dataset
from ..core.experiment import Data, Experiment, ExperimentError
from .actions import make_action, shortcut_text
from .core_text import core_text
from .plots import MAX_DATA_POINTS, fmt
from .race_travel import SavedRun

__all__ = ["EDIT_MAX", "Editor", "ExperimentCommand", "RunsCommand", "install"]

#: data of more points than this is not edited by hand (every point is drawn up to here)
EDIT_MAX = MAX_DATA_POINTS
#: undo steps kept
UNDO_LIMIT = 500
#: how long a status-bar message stays (ms)
MESSAGE_MS = 6000


def _tr(text: str) -> str:
    return QCoreApplication.translate("", text)


def _data_key(exp: Experiment) -> tuple:
    """What the undo history depends on: the problem and its data."""
    return (exp.problem, exp.data, exp.base_dir)


def _significant(v: float, digits: int = 6) -> float:
    return float(f"{v:.{digits}g}")


class _Command(QUndoCommand):
    """An edit: ``apply(state)`` sets the state before (undo) or after (redo).

    The editor applies an edit itself before pushing it (it may be refused), so the
    first ``redo`` -- the one ``QUndoStack.push`` makes -- does nothing.
    """

    def __init__(
        self,
        editor: Editor,
        text: str,
        before: Any,
        after: Any,
        *,
        select_before: int | None = None,
        select_after: int | None = None,
        drag: int | None = None,
    ):
        super().__init__(text)
        self.editor = editor
        self.before, self.after = before, after
        self.select_before, self.select_after = select_before, select_after
        self.drag = drag
        self._pushed = False

    def apply(self, state: Any, select: int | None) -> None:
        raise NotImplementedError

    def redo(self) -> None:
        if not self._pushed:
            self._pushed = True
            return
        self.apply(self.after, self.select_after)

    def undo(self) -> None:
        self.apply(self.before, self.select_before)


class DataCommand(_Command):
    """Replace the data (add, move, delete points; clear). The moves of one drag merge."""

    def id(self) -> int:  # noqa: A003 (Qt's name)
        return 1 if self.drag is not None else -1

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 (Qt's name)
        if not isinstance(other, DataCommand) or other.drag is None or other.drag != self.drag:
            return False
        self.after, self.select_after = other.after, other.select_after
        self.setText(other.text())
        if self.after == self.before:
            self.setObsolete(True)  # dragged back where it was: no step to undo
        return True

    def apply(self, state: Any, select: int | None) -> None:
        self.editor.apply_data(state, select)


class StartCommand(_Command):
    """Set the initial parameters of one run (``select_before`` holds its index)."""

    def apply(self, state: Any, select: int | None) -> None:
        self.editor.apply_init(state, self.select_before)


class ExperimentCommand(_Command):
    """Replace the whole experiment (an edit in the panels). Consecutive commands with
    the same ``merge`` key (the steps of one slider drag) merge into one."""

    MERGE_ID = 2

    def __init__(
        self, editor: Editor, text: str, before: Experiment, after: Experiment, merge: Any = None
    ):
        super().__init__(editor, text, before, after)
        self.merge = merge

    def id(self) -> int:  # noqa: A003 (Qt's name)
        return self.MERGE_ID if self.merge is not None else -1

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 (Qt's name)
        if not isinstance(other, ExperimentCommand) or other.merge != self.merge:
            return False
        self.after = other.after
        if self.after == self.before:
            self.setObsolete(True)  # dragged back where it was: no step to undo
        return True

    def apply(self, state: Any, select: int | None) -> None:
        self.editor.apply_experiment(state)


class Dropped(NamedTuple):
    """A run a race edit dropped, as it was: the controller's :class:`SavedRun`, whether
    it was hidden (the Runs dock) and selected."""

    run: SavedRun
    hidden: bool
    selected: bool


#: per run of an experiment, what it is: the index of a run of the other side of the
#: edit it continues, a dropped run brought back, or None (a new run, at step 0)
RunPlan = list[Any]


def _inverse(plan: list[int | None], count: int) -> list[int | None]:
    """``plan`` read backwards: for each of the ``count`` runs it was made from, the run
    that continues it, or None."""
    back: list[int | None] = [None] * count
    for j, i in enumerate(plan):
        if i is not None:
            back[i] = j
    return back


class RunsCommand(QUndoCommand):
    """A race edit that keeps runs (a run added, duplicated or removed; one run's settings
    changed), ``plan``: the run of ``before`` each run of ``after`` continues, or None.
    Undo brings back the runs the edit dropped as they were when it did (history, engine
    state, visibility, selection); redo drops them again, and brings back the runs the
    undo dropped (an added run keeps the steps it took). Consecutive commands with the
    same ``merge`` key (one drag of a number field) merge into one."""

    MERGE_ID = 3

    def __init__(
        self,
        editor: Editor,
        text: str,
        before: Experiment,
        after: Experiment,
        plan: list[int | None],
        dropped: dict[int, Dropped],
        merge: Any = None,
    ):
        super().__init__(text)
        self.editor = editor
        self.before, self.after, self.plan = before, after, list(plan)
        self.back = _inverse(self.plan, before.run_count)
        #: the runs of before (of after) dropped when it was left, by their index there
        self.dropped_before, self.dropped_after = dict(dropped), {}
        self.merge = merge
        self._pushed = False

    def id(self) -> int:  # noqa: A003 (Qt's name)
        return self.MERGE_ID if self.merge is not None else -1

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 (Qt's name)
        if not isinstance(other, RunsCommand) or other.merge != self.merge:
            return False
        # other goes from self.after to other.after: the runs of before each run continues
        plan = [self.plan[k] if k is not None else None for k in other.plan]
        dropped = dict(self.dropped_before)
        for k, d in other.dropped_before.items():
            i = self.plan[k]
            if i is not None:  # a run of before the second step dropped
                dropped[i] = d
        self.after, self.plan = other.after, plan
        self.back = _inverse(plan, self.before.run_count)
        self.dropped_before, self.dropped_after = dropped, {}
        self.setText(other.text())
        if self.after == self.before and plan == list(range(self.before.run_count)):
            self.setObsolete(True)  # dragged back where it was, no run started over
        return True

    def redo(self) -> None:
        if not self._pushed:
            self._pushed = True
            return
        got = self.editor.apply_runs_undoable(self.after, self.plan, self.dropped_after)
        if got is not None:
            self.dropped_before = got

    def undo(self) -> None:
        got = self.editor.apply_runs_undoable(self.before, self.back, self.dropped_before)
        if got is not None:
            self.dropped_after = got


class BranchCommand(QUndoCommand):
    """Continue the race from a past step (time travel): undo brings back every run as
    it was (its history object, its engine state replayed); redo branches again."""

    def __init__(
        self, editor: Editor, text: str, before: dict, step: int, experiment: Experiment | None
    ):
        super().__init__(text)
        self.editor, self.before = editor, before
        self.step, self.experiment = step, experiment
        self._pushed = False

    def redo(self) -> None:
        if not self._pushed:
            self._pushed = True
            return
        self.editor.apply_branch(self.step, self.experiment)

    def undo(self) -> None:
        self.editor.apply_snapshot(self.before)


class Editor(QObject):
    """Edits the controller's experiment from the plots, with undo and redo.

    Builds the Edit menu (Undo, Redo, Delete point, Clear data) into ``window``.
    """

    def __init__(self, window: QMainWindow):
        super().__init__(window)
        self.window = window
        self.controller = window.controller
        self.fit_plot = window.fit_plot
        self.trajectory_plot = window.trajectory_plot
        self.stack = QUndoStack(self)
        self.stack.setUndoLimit(UNDO_LIMIT)
        self._applying = False
        self._known = _data_key(self.controller.experiment)
        self._build_actions()
        self._build_menu()
        fit, traj = self.fit_plot, self.trajectory_plot
        fit.editable = traj.editable = True
        fit.point_add_requested.connect(self.add_point)
        fit.point_move_requested.connect(self.move_point)
        fit.point_delete_requested.connect(self.delete_point)
        fit.selection_changed.connect(self._update_actions)
        traj.start_requested.connect(self.set_start)
        fit.setToolTip(
            _tr(
                "The data and the line fitted so far. Click to add a point, drag a "
                "point to move it, right-click a point to delete it"
            )
        )
        traj.setToolTip(
            _tr(
                "The path of the parameters over the loss surface. Click to start "
                "the run there; drag to pan"
            )
        )
        self.controller.experiment_changed.connect(self._on_experiment)
        self.controller.problem_changed.connect(self._update_actions)
        self._update_actions()

    # --- actions and menu --------------------------------------------------------------------
    def _build_actions(self) -> None:
        w = self.window
        self.action_undo = self.stack.createUndoAction(w, _tr("&Undo"))
        self.action_redo = self.stack.createRedoAction(w, _tr("&Redo"))
        for act, key, extra, name in (
            (self.action_undo, QKeySequence.StandardKey.Undo, "Ctrl+Z", "actionUndo"),
            (self.action_redo, QKeySequence.StandardKey.Redo, "Ctrl+Shift+Z", "actionRedo"),
        ):
            first = QKeySequence(extra)  # the common one first: menus and tooltips show it
            keys = [first, *(k for k in QKeySequence.keyBindings(key) if k != first)]
            act.setShortcuts(keys)
            act.setObjectName(name)
        self.stack.undoTextChanged.connect(self._update_undo_tips)
        self.stack.redoTextChanged.connect(self._update_undo_tips)
        self._update_undo_tips()
        self.action_delete_point = make_action(
            w,
            _tr("&Delete point"),
            self.delete_selected,
            shortcut=QKeySequence.StandardKey.Delete,
            tip=_tr(
                "Delete the selected data point (select one by clicking it; a right "
                "click on a point deletes it too)"
            ),
            name="actionDeletePoint",
        )
        self.action_clear_data = make_action(
            w,
            _tr("C&lear data"),
            self.clear_data,
            tip=_tr(
                "Remove every data point but the first (a line needs at least one), "
                "then click the fit plot to add points"
            ),
            name="actionClearData",
        )

    def _update_undo_tips(self, *_: Any) -> None:
        for act, text, verb, nothing in (
            (self.action_undo, self.stack.undoText(), _tr("Undo: {0}"), _tr("Nothing to undo")),
            (self.action_redo, self.stack.redoText(), _tr("Redo: {0}"), _tr("Nothing to redo")),
        ):
            tip = verb.format(text) if text else nothing
            act.setStatusTip(tip)
            keys = shortcut_text(act)
            act.setToolTip(f"{tip} ({keys})" if keys else tip)

    def _build_menu(self) -> None:
        bar = self.window.menuBar()
        menu = QMenu(_tr("&Edit"), bar)
        menu.setObjectName("editMenu")
        menu.setToolTipsVisible(True)
        menus = bar.actions()
        if len(menus) > 1:
            bar.insertMenu(menus[1], menu)  # after File
        else:
            bar.addMenu(menu)
        menu.addAction(self.action_undo)
        menu.addAction(self.action_redo)
        menu.addSeparator()
        menu.addAction(self.action_delete_point)
        menu.addAction(self.action_clear_data)
        self.menu = menu

    @property
    def actions(self) -> list[QAction]:
        return [
            self.action_undo,
            self.action_redo,
            self.action_delete_point,
            self.action_clear_data,
        ]

    def _update_actions(self, *_: Any) -> None:
        has_data = getattr(self.controller.problem, "n_samples", None) is not None
        self.action_delete_point.setEnabled(has_data and self.fit_plot.selected is not None)
        self.action_clear_data.setEnabled(has_data)

    def message(self, text: str) -> None:
        self.window.statusBar().showMessage(text, MESSAGE_MS)

    # --- the controller ----------------------------------------------------------------------
    def _on_experiment(self, exp: Experiment) -> None:
        if self._applying:
            return
        key = _data_key(exp)
        if key != self._known:  # replaced elsewhere: the history no longer applies
            self._known = key
            self.stack.clear()
            self.fit_plot.set_selected(None)
        self._update_actions()

    def _set(self, exp: Experiment, restart: bool = True) -> bool:
        """Hand ``exp`` to the controller; with ``restart``, a running run starts again
        from its start."""
        c = self.controller
        running = restart and c.playing
        self._applying = True
        try:
            with self.fit_plot.holding_view():
                c.set_experiment(exp)
        except ExperimentError as e:
            self.message(_tr("Cannot make this edit: {0}").format(core_text(e)))
            return False
        finally:
            self._applying = False
        self._known = _data_key(c.experiment)
        if running:
            c.start()
        return True

    def apply_data(self, data: Data, select: int | None = None) -> bool:
        """Give the experiment ``data``, then select point ``select``."""
        try:
            exp = self.controller.experiment.replace(data=data)
        except ExperimentError as e:
            self.message(_tr("Cannot make this edit: {0}").format(core_text(e)))
            return False
        ok = self._set(exp)
        self.fit_plot.set_selected(select)
        self._update_actions()
        return ok

    def run_init(self, run: int | None = None) -> tuple[float, ...] | None:
        """The start of run ``run`` (default: the selected run) as the experiment sets it."""
        c = self.controller
        exp = c.experiment
        i = c.selected_run if run is None else run
        return exp.run_experiment(i).init if exp.runs else exp.init

    def apply_init(self, init: list[float] | None, run: int | None = None) -> bool:
        """Start run ``run`` (default: the selected run) at ``init``; in a race only that
        run's start changes (its override), the others keep theirs."""
        c = self.controller
        exp = c.experiment
        i = c.selected_run if run is None else run
        try:
            if exp.runs:
                exp = exp.with_run(i, exp.run_experiment(i).replace(init=init))
            else:
                exp = exp.replace(init=init)
        except (ExperimentError, IndexError) as e:
            self.message(_tr("Cannot start there: {0}").format(core_text(e)))
            return False
        return self._set(exp)

    def apply_experiment(self, exp: Experiment) -> bool:
        """Give the controller ``exp`` (an undo or redo of a panel edit)."""
        if not self._set(exp, restart=False):
            return False
        self.fit_plot.set_selected(None)
        self._update_actions()
        return True

    def submit(
        self,
        exp: Experiment,
        text: str = "",
        merge: Any = None,
        plan: list[int | None] | None = None,
    ) -> None:
        """Make the panels' edit ``exp`` the experiment, as one undo step named ``text``;
        ``merge``: a key shared by the steps of one slider drag (they merge).
        A hyperparameter edit while the window is scrubbed back branches the run there.
        A race edit that keeps runs (:meth:`Controller.run_plan
        <gdgui.ui.race_travel.RaceTravel.run_plan>`, or ``plan``: for each run of
        ``exp``, the run of now it continues, or None) is a :class:`RunsCommand`: its
        undo brings back the runs it dropped as they were.

        Raises :class:`ExperimentError` (nothing changes) when the controller refuses.
        """
        c = self.controller
        before = c.experiment
        if exp == before:
            return
        travel = getattr(self.window, "time_travel", None)
        if travel is not None and travel.step is not None and c.is_hyperparam_change(exp):
            travel.branch(exp, text)
            return
        if plan is None:
            plan = c.run_plan(exp)
        if plan is not None:
            dropped = self.apply_runs(exp, list(plan))
            name = text or _tr("edit the experiment")
            self.stack.push(
                RunsCommand(self, name, before, c.experiment, list(plan), dropped, merge)
            )
            return
        self._applying = True
        try:
            with self.fit_plot.holding_view():
                c.set_experiment(exp)
        finally:
            self._applying = False
        if _data_key(c.experiment) != self._known:
            self._known = _data_key(c.experiment)
            self.fit_plot.set_selected(None)
        self._update_actions()
        self.stack.push(
            ExperimentCommand(
                self, text or _tr("edit the experiment"), before, c.experiment, merge=merge
            )
        )

    # --- race edits that keep runs ---------------------------------------------------------
    def apply_runs(self, exp: Experiment, plan: RunPlan) -> dict[int, Dropped]:
        """Make ``exp`` the experiment, its run j being ``plan[j]``: the index of a run
        of now it continues, a :class:`Dropped` run brought back (hidden and selected
        again if it was) or None (a new run). The Runs dock's hidden runs follow their
        runs. Returns the runs of now it drops. Raises :class:`ExperimentError`
        (nothing changes) when the controller refuses."""
        c = self.controller
        dock = getattr(self.window, "runs_dock", None)
        hidden: set[int] = set(dock.hidden) if dock is not None else set()
        selected = c.selected_run
        select, shown_hidden, runs = None, set(), []
        for j, src in enumerate(plan):
            if isinstance(src, Dropped):
                runs.append(src.run)
                if src.hidden:
                    shown_hidden.add(j)
                if src.selected:
                    select = j
            else:
                runs.append(src)
                if isinstance(src, int) and src in hidden:
                    shown_hidden.add(j)
        if dock is not None:
            dock.hidden = shown_hidden  # before the dock refills its rows
        self._applying = True
        try:
            with self.fit_plot.holding_view():
                saved = c.edit_runs(exp, runs, select)
        except ExperimentError:
            if dock is not None:
                dock.hidden = hidden
            raise
        finally:
            self._applying = False
        self._known = _data_key(c.experiment)
        self._update_actions()
        return {i: Dropped(s, i in hidden, i == selected) for i, s in saved.items()}

    def apply_runs_undoable(
        self, exp: Experiment, plan: list[int | None], dropped: dict[int, Dropped]
    ) -> dict[int, Dropped] | None:
        """An undo or redo of a :class:`RunsCommand`: ``exp`` with the runs of ``plan``,
        the runs of ``dropped`` brought back where ``plan`` has none. Returns the runs
        it drops; None (and a message) when refused."""
        runs = [src if src is not None else dropped.get(j) for j, src in enumerate(plan)]
        try:
            return self.apply_runs(exp, runs)
        except ExperimentError as e:
            self.message(_tr("Cannot make this edit: {0}").format(core_text(e)))
            return None

    # --- time travel (gdgui.ui.scrubber) ------------------------------------------------------
    def branch(self, step: int, experiment: Experiment | None = None, text: str = "") -> None:
        """Branch the race at ``step`` (with ``experiment``'s hyperparameters), as one undo
        step. The engines are rebuilt off the GUI thread; a message says so when the
        replay did not meet the history exactly."""
        c = self.controller
        before = c.snapshot()
        self.apply_branch(step, experiment)
        name = text or _tr("continue from step {0}").format(step)
        self.stack.push(BranchCommand(self, name, before, step, experiment))

    def apply_branch(self, step: int, experiment: Experiment | None) -> None:
        self._applying = True
        try:
            self.controller.branch_at_async(
                step, experiment, lambda exact: self._branched(step, exact)
            )
        finally:
            self._applying = False
        self._known = _data_key(self.controller.experiment)
        self._update_actions()

    def _branched(self, step: int, exact: bool) -> None:
        if not exact:
            self.message(
                _tr(
                    "The replay to step {0} differs from the history (a setting "
                    "changed while running); it goes on from the replay."
                ).format(step)
            )

    def apply_snapshot(self, snap: dict) -> None:
        self._applying = True
        try:
            self.controller.restore(snap)
        finally:
            self._applying = False
        self._known = _data_key(self.controller.experiment)
        self._update_actions()

    # --- data edits --------------------------------------------------------------------------
    def _data(self, verb: str) -> Dataset | None:
        """The data to edit, or None (and a message) when it cannot be edited by hand."""
        p = self.controller.problem
        n = p.n_samples
        if n is None:
            self.message(_tr("Cannot {0}: this problem has no data.").format(verb))
            return None
        if n > EDIT_MAX:
            self.message(
                _tr(
                    "Cannot {0}: editing by hand works on up to {1} points and this data has {2}."
                ).format(verb, f"{EDIT_MAX:,}", f"{n:,}")
            )
            return None
        ds = self.controller.experiment.dataset()
        return ds if ds is not None else Dataset(p.x, p.y)

    def _push_data(
        self, text: str, new: Dataset, *, select: int | None, drag: int | None = None
    ) -> bool:
        before = self.controller.experiment.data
        select_before = self.fit_plot.selected
        after = Data.inline(new)
        if not self.apply_data(after, select):
            return False
        self.stack.push(
            DataCommand(
                self,
                text,
                before,
                after,
                select_before=select_before,
                select_after=select,
                drag=drag,
            )
        )
        return True

    def add_point(self, x: float, y: float) -> None:
        """Add the data point (x, y)."""
        ds = self._data(_tr("add a point"))
        if ds is None:
            return
        try:
            new = ds.with_point(x, y)
        except DataError as e:
            self.message(core_text(e))
            return
        self._push_data(_tr("add point ({0}, {1})").format(fmt(x), fmt(y)), new, select=new.n - 1)

    def move_point(self, i: int, x: float, y: float, drag: int = 0, finished: bool = False) -> None:
        """Move data point ``i`` to (x, y); the moves of one ``drag`` are one undo step."""
        ds = self._data(_tr("move a point"))
        if ds is None or not 0 <= i < ds.n:
            return
        if ds.x[i] == x and ds.y[i] == y:
            return
        try:
            new = ds.moved_point(i, x, y)
        except DataError as e:
            self.message(core_text(e))
            return
        self._push_data(
            _tr("move point to ({0}, {1})").format(fmt(x), fmt(y)), new, select=i, drag=drag
        )

    def delete_point(self, i: int) -> None:
        """Delete data point ``i`` (never the last one: a line needs a point)."""
        ds = self._data(_tr("delete a point"))
        if ds is None or not 0 <= i < ds.n:
            return
        if ds.n <= 1:
            self.message(
                _tr(
                    "Cannot delete the last data point: a line needs at least one. "
                    "Add another point first."
                )
            )
            return
        self.fit_plot.set_selected(i)  # undo selects it again
        self._push_data(
            _tr("delete point ({0}, {1})").format(fmt(ds.x[i]), fmt(ds.y[i])),
            ds.without_point(i),
            select=None,
        )

    def delete_selected(self) -> None:
        """Delete the selected data point."""
        i = self.fit_plot.selected
        if i is None:
            self.message(_tr("No point selected: click a data point first."))
            return
        self.delete_point(i)

    def clear_data(self) -> None:
        """Remove every point but the first (a line needs one); click to add more."""
        p = self.controller.problem
        n = p.n_samples
        if n is None:
            self.message(_tr("Cannot clear the data: this problem has no data."))
            return
        if n <= 1:
            self.message(_tr("Nothing to clear: one point is the least a line needs."))
            return
        new = Dataset(np.asarray(p.x[:1]), np.asarray(p.y[:1]))
        if self._push_data(_tr("clear data"), new, select=None):
            self.message(
                _tr(
                    "Cleared the data but its first point (a line needs at least "
                    "one); click the fit plot to add points. {0} undoes."
                ).format(shortcut_text(self.action_undo))
            )

    # --- the start -----------------------------------------------------------------------------
    def set_start(self, x: float, y: float) -> None:
        """Start the run at the trajectory plot's point (x, y): (w, b) in the plot's
        parameters (standardized ones for a standardized problem), w on a curve L(w),
        or (x, y) on a surface."""
        c = self.controller
        p = c.problem
        if p.dim not in (1, 2):
            return
        theta = np.array([x, y][: p.dim], dtype=float)
        shown = np.asarray(p.shown_params(theta), dtype=float).reshape(-1)
        init = [float(v) for v in shown]
        if p.standardized:
            init = [_significant(v) for v in init]
        run = c.selected_run
        before = self.run_init(run)
        if before is not None and list(before) == init:
            return
        where = ", ".join(f"{n} = {fmt(v)}" for n, v in zip(p.shown_names, init))
        if not self.apply_init(init, run):
            return
        text = _tr("start at {0}").format(where)
        if c.experiment.runs:
            text = _tr("start {0} at {1}").format(c.experiment.run_name(run), where)
        self.stack.push(StartCommand(self, text, before, init, select_before=run, select_after=run))
        self.message(_tr("The run starts at {0}.").format(where))


def install(window: QMainWindow) -> Editor:
    """Give ``window`` (a :class:`~gdgui.ui.window.MainWindow`) its Edit menu and make
    its fit and trajectory plots editable. Returns the editor."""
    return Editor(window)
