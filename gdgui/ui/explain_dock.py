"""The "Explain this step" dock: step k written out, live.

:class:`ExplainDock` shows :meth:`~gdgui.core.explain.StepExplanation.to_html` for one
step of the current run: the gradient (from the batch's points, or the partial
derivatives of f), then the optimizer's update term by term. The window calls
:meth:`ExplainDock.show_step` whenever the history grows; the dock recomputes at most
``1000 / THROTTLE_MS`` times a second while a run streams (superqt's ``qthrottled``),
``1000 / IDLE_THROTTLE_MS`` while it does not. While the user scrubs
the history (``window.time_travel``), the window gives it the history up to the
scrubbed step k and :meth:`ExplainDock.go_to_step` k, so it explains step k.

Each step is explained with the hyperparameters in force at that step: the window gives
the run's replay base (the experiment it started from), its log of hyperparameter
changes (``Controller.applied_log``: the steps the worker applied them at) and the
problem, and a :class:`~gdgui.core.explain_replay.RunExplainer` replays the run with
those changes made at their steps. After the learning rate was changed at step s, step
s + 1's η, update and θ are the run's history row s + 1, bit for bit; scrubbed back
before s, the old η. The dock says when the step explained is the first one after a
change, and (a safety net) when the replay's θ(k−1) still differs from the history's.
Without a log, the experiment's settings are taken as in force from step 0.

It never replays a run from the start on every refresh: it keeps the replay it drove
to step k − 1 and advances it by the steps taken since, in short slices on the GUI
thread, so a long catch-up (opening the dock at step 10⁶) never freezes the window.
Going back replays from the latest of the marks the replay keeps (every 1,024 steps at
first, 32 at most: at most 32,768 steps back at step 10⁶), not from the start; a race's
last few runs keep their replays, so following the selection back and forth costs
nothing.

While the window is idle the slices (``IDLE_SLICE``, 2 ms) come ``RESUME_MS`` (1 ms)
apart: the catch-up takes about two thirds of the GUI thread and explains step 10⁶ in
15–18 s instead of 53–64 s with 4 ms slices 35 ms apart (load 6–7), and the window
still answers between two slices: 99th-percentile stall 13–14 ms
(``benchmarks/explain_dock.py``, docs/benchmarks.md). While a run streams the replay
takes one ``SLICE`` (4 ms) per refresh (4 a second: the plots keep the GUI thread; with
20 ms slices the replay was what set the window's 99th-percentile stall), says that it
trails, and catches up when the run pauses. After a catch-up a refresh costs the steps
taken since (3–16 µs each) plus 0.2 ms to explain and 0.2 ms to render.
"""

from __future__ import annotations

import math
import time
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)
from superqt.utils import qthrottled

from ..core.experiment import Experiment
from ..core.explain import StepError, StepExplanation
from ..core.explain_replay import RunExplainer
from .core_text import core_text
from .theme import THEMES

__all__ = ["ExplainDock"]


class ExplainDock(QDockWidget):
    """Dock showing one step of the run written out; see the module docstring."""

    #: at most one recomputation per this many milliseconds while a run streams in
    THROTTLE_MS = 250
    #: and while it does not (the user scrubs, steps, picks a step)
    IDLE_THROTTLE_MS = 40
    #: longest stretch of replay on the GUI thread while a run streams (s; one slice per
    #: throttled refresh)
    SLICE = 0.004
    #: and while the window is idle, ``RESUME_MS`` apart (the events that came meanwhile
    #: are handled between two slices)
    IDLE_SLICE = 0.002
    RESUME_MS = 1
    #: the replay's progress is shown at most this often (s)
    PROGRESS_S = 0.1
    #: runs whose replays are kept (a race's selection going back and forth)
    KEPT = 4

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Explain this step"))
        self.setObjectName("explain_dock")
        self.setAccessibleName(self.tr("Explain this step"))
        self.setToolTip(
            self.tr(
                "One step written out: the gradient, then the optimizer's update, with every number"
            )
        )
        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        row = QHBoxLayout()
        self.step_label = QLabel(self.tr("Step"), body)
        self.step_spin = QSpinBox(body)
        self.step_spin.setRange(1, 1)
        self.step_spin.setAccessibleName(self.tr("Step to explain"))
        self.step_spin.setToolTip(self.tr("The step to explain: the update from θ(k−1) to θ(k)"))
        self.step_label.setBuddy(self.step_spin)
        self.follow = QCheckBox(self.tr("Follow the run"), body)
        self.follow.setChecked(True)
        self.follow.setAccessibleName(self.tr("Follow the run"))
        self.follow.setToolTip(self.tr("Always explain the newest step while the run goes on"))
        row.addWidget(self.step_label)
        row.addWidget(self.step_spin)
        row.addWidget(self.follow)
        row.addStretch(1)
        layout.addLayout(row)
        self.view = QTextBrowser(body)
        self.view.setOpenLinks(False)
        self.view.setAccessibleName(self.tr("Step explanation"))
        self.view.setToolTip(
            self.tr(
                "The gradient and the optimizer's update for this step; "
                "numbers with 6 significant digits"
            )
        )
        layout.addWidget(self.view, 1)
        self.setWidget(body)

        self._theme = "dark"
        self._base_pt = self.view.font().pointSizeF()
        self._scale = 1.0
        self._experiment: Experiment | None = None
        self._log: list[tuple[int, dict[str, Any]]] = []
        self._problem: Any = None
        self._history: Any = None
        self._newest = 0
        self._explainer: RunExplainer | None = None
        self._kept: list[RunExplainer] = []  # the newest last
        self._explanation: StepExplanation | None = None
        self._message = ""
        self._progress_at = -math.inf  # when the replay's progress was last shown
        #: how many times the explanation was recomputed (for tests and benchmarks)
        self.renders = 0
        #: while the run streams (:meth:`set_running`) the replay takes one slice per
        #: throttled refresh (4 a second) instead of one every ``RESUME_MS``
        self.running = False
        self._throttled = qthrottled(
            self._refresh, timeout=self.IDLE_THROTTLE_MS, leading=True, parent=self
        )
        self._resume = QTimer(self)
        self._resume.setSingleShot(True)
        self._resume.setInterval(self.RESUME_MS)
        self._resume.timeout.connect(self._refresh)
        self.step_spin.valueChanged.connect(self._step_picked)
        self.follow.toggled.connect(lambda on: on and self._throttled())
        self.set_theme("dark")
        self._show_message(self.tr("No step yet: press Step or Run to take the first one."))

    # --- public ----------------------------------------------------------------------------
    @property
    def explanation(self) -> StepExplanation | None:
        """The explanation shown (None while there is none)."""
        return self._explanation

    def show_step(
        self,
        experiment: Experiment,
        history: Any = None,
        k: int | None = None,
        log: Sequence[tuple[int, Mapping[str, Any]]] | None = None,
        problem: Any = None,
    ) -> None:
        """Explain step ``k`` of the run (throttled): ``experiment`` is its replay base
        (the experiment it started from) and ``log`` the hyperparameter changes made on
        the way, ``[(steps taken then, {name: value}), ...]``; without one,
        ``experiment``'s settings held from step 0. ``problem`` is the run's built problem
        (else built from ``experiment``). ``history`` (a
        :class:`~gdgui.core.runner.History`, optional) gives the newest step, followed when
        ``k`` is None and "Follow the run" is on, and is used to check the replay."""
        self._experiment, self._history = experiment, history
        self._log = [(int(at), dict(hp)) for at, hp in (log or ())]
        self._problem = problem
        # the newest step (a bounded history's row count is not its step count)
        self._newest = int(history.step[-1]) if history is not None and len(history) else 0
        if k is not None:
            self.follow.setChecked(False)
        self.step_spin.blockSignals(True)
        self.step_spin.setMaximum(max(1, self._newest, k or 1))
        if k is not None or self.follow.isChecked():
            self.step_spin.setValue(k if k is not None else max(self._newest, 1))
        self.step_spin.blockSignals(False)
        self._throttled()

    def set_running(self, running: bool) -> None:
        """Whether the run is streaming: the replay then trails it at one slice per
        refresh, leaving the GUI thread to the plots; when it stops, it catches up."""
        running = bool(running)
        if running == self.running:
            return
        self.running = running
        self._throttled.setTimeout(self.THROTTLE_MS if running else self.IDLE_THROTTLE_MS)
        if not running:
            self._throttled()

    def go_to_step(self, k: int) -> None:
        """Explain step ``k`` (of the history last given) without changing "Follow the
        run": the history scrubber picked it."""
        self.step_spin.blockSignals(True)
        self.step_spin.setMaximum(max(1, self._newest, int(k)))
        self.step_spin.setValue(int(k))
        self.step_spin.blockSignals(False)
        self._throttled()

    def flush(self) -> None:
        """Compute now, catching up however long it takes (tests, exports)."""
        self._throttled.cancel()
        while self._refresh(whole=True) is False:
            pass

    def set_theme(self, theme: str) -> None:
        """ "dark" or "light" (the window's theme)."""
        self._theme = theme if theme in THEMES else "dark"
        t = THEMES[self._theme]
        self.view.setStyleSheet(
            f"QTextBrowser {{ background: {t['base']}; color: {t['foreground']}; }}"
        )
        self._render()

    def set_font_scale(self, scale: float) -> None:
        """Scale the explanation's font (presentation mode); 1 is the normal size."""
        self._scale = max(0.25, float(scale))
        font = self.view.font()
        font.setPointSizeF(self._base_pt * self._scale)
        self.view.setFont(font)
        self.view.document().setDefaultFont(font)
        self._render()

    def font_scale(self) -> float:
        return self._scale

    # --- internals ---------------------------------------------------------------------------
    def _step_picked(self, _value: int) -> None:
        if self.step_spin.value() != self._newest:
            self.follow.setChecked(False)
        self._throttled()

    def _refresh(self, whole: bool = False) -> bool:
        """Recompute (replaying at most ``SLICE`` seconds while a run streams,
        ``IDLE_SLICE`` while not, or all the way when ``whole``);
        False when the replay needs another slice (then already scheduled, unless
        ``whole``)."""
        max_seconds = None if whole else self.SLICE if self.running else self.IDLE_SLICE
        exp = self._experiment
        if exp is None:
            return True
        k = self.step_spin.value()
        if self._newest < 1 and self._history is not None:
            self._explanation = None
            self._show_message(self.tr("No step yet: press Step or Run to take the first one."))
            return True
        self._explainer = self._engine(exp, self._problem)
        self._explainer.set_log(self._log)
        if not self._explainer.prepare(k, max_seconds=max_seconds):
            now = time.perf_counter()
            if now - self._progress_at >= self.PROGRESS_S:  # a new text costs a layout
                self._progress_at = now
                self._show_message(
                    self.tr("Replaying the run: step {0} of {1}…").format(
                        f"{self._explainer.run.step_count:,}", f"{k - 1:,}"
                    )
                )
            if max_seconds is not None and not self.running:
                self._resume.start()  # while a run streams, one slice per throttled refresh
            return False
        self.renders += 1
        self._progress_at = -math.inf
        try:
            self._explanation = self._explainer.explain(k)
        except StepError as e:
            self._explanation = None
            self._show_message(self.tr("Cannot explain step {0}: {1}").format(k, core_text(e)))
            return True
        self._message = ""
        self._render()
        return True

    def _engine(self, base: Experiment, problem: Any) -> RunExplainer:
        """The replay of ``base``'s run on ``problem`` (kept, or made now)."""
        ex = self._explainer
        if ex is not None and ex.base == base and (problem is None or problem is ex.problem):
            return ex
        for ex in self._kept:
            if ex.base == base and (problem is None or problem is ex.problem):
                break
        else:
            ex = RunExplainer(base, problem)
        self._kept = [e for e in self._kept if e is not ex][-(self.KEPT - 1) :] + [ex]
        return ex

    def _replay_differs(self, e: StepExplanation) -> bool:
        h = self._history
        if h is None or not len(h):
            return False
        steps = h.step  # rows are found by step: a thinned history keeps only some
        i = int(np.searchsorted(steps, e.step - 1))
        if i >= len(steps) or int(steps[i]) != e.step - 1:
            return False  # that row was thinned away (or not taken yet): nothing to compare
        return h.params[i].tolist() != [e.params_before[n] for n in e.param_names]

    def _show_message(self, text: str) -> None:
        self._message = text
        self._render()

    def _render(self) -> None:
        t = THEMES[self._theme]
        colors = {"foreground": t["foreground"], "muted": t["muted"], "accent": t["link"]}
        if self._message or self._explanation is None:
            self.view.setHtml(f'<p style="color:{t["muted"]}">{_escape(self._message)}</p>')
            return
        e, notes = self._explanation, []
        changed = self._explainer.changes_at(e.step - 1) if self._explainer is not None else {}
        if changed and e.step > 1:
            values = ", ".join(
                f"{_SYMBOLS.get(name, name)} = {_value(v)}" for name, v in changed.items()
            )
            notes.append(
                self.tr("Changed after step {0}, so in force from this step on: {1}").format(
                    f"{e.step - 1:,}", values
                )
            )
        if self._replay_differs(e):
            notes.append(
                self.tr(
                    "This replay's θ(k−1) differs from the run's: the numbers below may not "
                    "be the step the run took."
                )
            )
        note = "".join(f'<p style="color:{t["link"]}">{_escape(n)}</p>' for n in notes)
        self.view.setHtml(note + e.to_html(colors, tr=self.tr))


#: the hyperparameters' symbols in the explanation (the tutorial's notation)
_SYMBOLS = {
    "lr": "η",
    "momentum": "μ",
    "dampening": "τ",
    "beta1": "β₁",
    "beta2": "β₂",
    "eps": "ε",
    "weight_decay": "λ",
    "alpha": "α",
}


def _value(v: Any) -> str:
    """A hyperparameter's value as the explanation prints numbers (%.6g)."""
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        return str(v)
    return f"{float(v):.6g}".replace("-", "\u2212")


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
