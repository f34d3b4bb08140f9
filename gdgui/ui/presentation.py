"""Presentation mode: everything bigger, for the back of a lecture hall.

View → Presentation mode (F5) scales the plots' fonts, line widths and markers
(:meth:`gdgui.ui.plots.BasePlot.set_scale`), the explanation dock's text and the
window's own font (panels, readouts, menus of the window). Ctrl+= and Ctrl+- make it
bigger or smaller while it is on; Esc or F5 leaves it. The last factor used is kept for
the session (:data:`session_factor`), so F5 again comes back at the same size.

The layout changes too, so that it fits a laptop's 1366×768 or a projector's 1280×720
with the plots keeping the height: the Runs dock, the step log and the explanation
leave the bottom for the left column, as tabs under the experiment's panels (which
scroll); the Runs tab is in front for a race, the step log for a single run. Leaving
presentation mode brings the layout back as it was (:meth:`Presentation.normal_state`
is what the window remembers meanwhile).

The experiment's description above the panels keeps the scaled font but at most
:data:`DESCRIPTION_LINES` lines of it, the last ending in "…" (its tooltip holds it
all): seven lines of Rosenbrock's race at 1.6× took half the column.

Under a style sheet a window's font does not reach its children, so each widget gets
the scaled font itself; widgets that set a font of their own (the readouts'
fixed-width numbers, section titles) are scaled from the size they had when
presentation mode started.
"""

from __future__ import annotations

from typing import Any

import pyqtgraph as pg
from PySide6.QtCore import QByteArray, QCoreApplication, QEvent, QObject, QPointF, Qt, QTimer
from PySide6.QtGui import QFont, QPainter, QTextLayout
from PySide6.QtWidgets import QLabel, QMainWindow, QTextBrowser, QToolTip, QWidget

from .actions import make_action

__all__ = [
    "COLUMN_FRACTION",
    "DEFAULT_FACTOR",
    "DESCRIPTION_LINES",
    "FACTOR_RANGE",
    "FACTOR_STEP",
    "ElidedLines",
    "Presentation",
]

#: the factor presentation mode starts at (before one is chosen this session)
DEFAULT_FACTOR = 1.6
#: Ctrl+= multiplies by this, Ctrl+- divides
FACTOR_STEP = 1.15
#: the factors allowed (the plots clamp to theirs too)
FACTOR_RANGE = (1.1, 3.5)
#: the left column takes at most this fraction of the window's width
COLUMN_FRACTION = 0.36
#: or this, for a race (the Runs tab's columns)
RACE_COLUMN_FRACTION = 0.45
#: and the tabs under the panels (runs, step log) at most this fraction of its height
TABS_FRACTION = 0.5
#: for a single run the step log in front: this many rows, at most this fraction
LOG_ROWS = 4
LOG_FRACTION = 0.35
#: the experiment's description shows at most this many lines in presentation mode
DESCRIPTION_LINES = 3
_BASE_PT = "gdguiBasePointSize"
_INHERITS = "gdguiPresentationFont"
#: widgets whose owners scale their fonts (plots, the explanation)
_SCALE_THEMSELVES = (pg.GraphicsView, QTextBrowser)

#: the factor of this session, remembered across F5 presses (and windows)
session_factor = DEFAULT_FACTOR


def _tr(text: str) -> str:
    return QCoreApplication.translate("", text)


class ElidedLines(QObject):
    """Shows a word-wrapped plain-text :class:`QLabel` in at most ``lines`` lines while
    :attr:`on`: the label is that high and the last line ends in "…"; its tooltip is the
    whole text. The label's text stays as it is (its owner compares it)."""

    def __init__(self, label: QLabel, lines: int) -> None:
        super().__init__(label)
        self.label = label
        self.lines = int(lines)
        self.on = False
        label.installEventFilter(self)

    def set_on(self, on: bool) -> None:
        self.on = bool(on)
        self.bound()

    def _laid_out(self, width: float) -> QTextLayout:
        layout = QTextLayout(self.label.text(), self.label.font())
        layout.beginLayout()
        y = 0.0
        while True:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(width)
            line.setPosition(QPointF(0, y))
            y += line.height()
        layout.endLayout()
        return layout

    def cut(self) -> bool:
        """True when the text takes more than :attr:`lines` lines (it is elided)."""
        text = self.label.text()
        if not self.on or not text or Qt.mightBeRichText(text):
            return False
        return self._laid_out(self.label.contentsRect().width()).lineCount() > self.lines

    def bound(self) -> None:
        """The label at most :attr:`lines` lines high while on (any height while off)."""
        label = self.label
        if self.on:
            m = label.contentsMargins()
            high = self.lines * label.fontMetrics().lineSpacing() + m.top() + m.bottom()
            label.setMaximumHeight(high + 2)
        else:
            label.setMaximumHeight(16777215)  # QWIDGETSIZE_MAX
        label.update()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        kind = event.type()
        if obj is self.label and self.on:
            if kind == QEvent.Type.FontChange:
                self.bound()
            elif kind == QEvent.Type.Paint and self.cut():
                self._paint()
                return True
            elif kind == QEvent.Type.ToolTip and self.cut():
                QToolTip.showText(event.globalPos(), self.label.text(), self.label)
                return True
        return False

    def shown_lines(self) -> list[str]:
        """The lines drawn now (the last elided with "…"); all of them when not cut."""
        label = self.label
        width = label.contentsRect().width()
        layout = self._laid_out(width)
        text = label.text()
        lines = [
            text[layout.lineAt(i).textStart() :][: layout.lineAt(i).textLength()]
            for i in range(layout.lineCount())
        ]
        if not self.cut():
            return lines
        last = layout.lineAt(self.lines - 1)
        rest = " ".join(text[last.textStart() :].split())
        elided = label.fontMetrics().elidedText(rest, Qt.TextElideMode.ElideRight, width)
        return [*lines[: self.lines - 1], elided]

    def _paint(self) -> None:
        label = self.label
        rect = label.contentsRect()
        layout = self._laid_out(rect.width())
        painter = QPainter(label)
        painter.setPen(label.palette().color(label.foregroundRole()))
        painter.setFont(label.font())
        origin = QPointF(rect.topLeft())
        for i in range(self.lines - 1):
            layout.lineAt(i).draw(painter, origin)
        last = layout.lineAt(self.lines - 1)
        baseline = origin.y() + last.y() + last.ascent()
        painter.drawText(QPointF(origin.x(), baseline), self.shown_lines()[-1])
        painter.end()


class Presentation(QObject):
    """Presentation mode of ``window`` (a :class:`~gdgui.ui.window.MainWindow`): its
    actions are :attr:`action_toggle` (F5), :attr:`action_bigger` (Ctrl+=),
    :attr:`action_smaller` (Ctrl+-) and :attr:`action_leave` (Esc)."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.factor = 1.0
        self._base_font = QFont(window.font())
        self._normal_state: QByteArray | None = None  # the layout before presentation mode
        description = getattr(getattr(window, "panels", None), "description", None)
        #: the experiment's description, elided to DESCRIPTION_LINES while on
        self.description = (
            ElidedLines(description, DESCRIPTION_LINES) if isinstance(description, QLabel) else None
        )
        self.action_toggle = make_action(
            window,
            _tr("&Presentation mode"),
            self.set_on,
            checkable=True,
            shortcut="F5",
            tip=_tr("Bigger text, lines and markers for a projector"),
            name="actionPresentation",
        )
        self.action_bigger = make_action(
            window,
            _tr("&Bigger"),
            lambda: self.zoom(FACTOR_STEP),
            shortcut="Ctrl+=",
            tip=_tr("Make presentation mode bigger"),
            name="actionPresentationBigger",
        )
        self.action_bigger.setShortcuts([self.action_bigger.shortcut(), "Ctrl++"])
        self.action_smaller = make_action(
            window,
            _tr("S&maller"),
            lambda: self.zoom(1 / FACTOR_STEP),
            shortcut="Ctrl+-",
            tip=_tr("Make presentation mode smaller"),
            name="actionPresentationSmaller",
        )
        self.action_leave = make_action(
            window,
            _tr("Leave presentation mode"),
            lambda: self.set_on(False),
            shortcut="Esc",
            tip=_tr("Back to the normal sizes"),
            name="actionPresentationLeave",
        )
        for act in (self.action_bigger, self.action_smaller, self.action_leave):
            act.setEnabled(False)
            act.setShortcutContext(Qt.ShortcutContext.WindowShortcut)

    @property
    def on(self) -> bool:
        return self.factor != 1.0

    def set_on(self, on: bool) -> None:
        """Enter presentation mode (at this session's factor) or leave it."""
        if bool(on) == self.on:
            self.action_toggle.setChecked(bool(on))
            return
        w: Any = self.window
        size = w.size()
        if on:  # the docks move first: the bigger fonts then fit (and the tabs get them)
            self._normal_state = w.saveState()
            self._arrange()
            self._remember_fonts()
        self.apply(session_factor if on else 1.0)
        if not (w.isMaximized() or w.isFullScreen()):
            w.resize(size)  # as big as it was, not as big as the fonts asked for a moment
        if on:
            QTimer.singleShot(0, self._settle)
        elif self._normal_state is not None:
            w.restoreState(self._normal_state)
            self._normal_state = None
            w.runs_dock.set_narrow(False)
            QTimer.singleShot(0, w.fit_docks)

    def refresh_layout(self) -> None:
        """Runs added or removed in presentation mode: the tabs again."""
        if self.on:
            self._arrange()
            self.refresh()  # the tab bars made now
            QTimer.singleShot(0, self._settle)

    def normal_state(self) -> QByteArray:
        """The window's layout outside presentation mode (what it should remember)."""
        if self._normal_state is not None:
            return self._normal_state
        return self.window.saveState()

    # --- the layout --------------------------------------------------------------------
    def _arrange(self) -> None:
        """The bottom docks to the left column, tabbed under the panels; sized once the
        layout has caught up with the fonts."""
        w: Any = self.window
        panel, runs, log = w.panel_dock, w.runs_dock, w.log_dock
        explain = w.extras.explain_dock
        shown = {d: d.isVisible() for d in (runs, log, explain)}
        for d in (panel, runs, log, explain):
            d.setFloating(False)
        if w.dockWidgetArea(panel) != Qt.DockWidgetArea.LeftDockWidgetArea:
            w.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, panel)
        w.splitDockWidget(panel, runs, Qt.Orientation.Vertical)
        w.tabifyDockWidget(runs, log)
        w.tabifyDockWidget(runs, explain)
        for d, visible in shown.items():
            d.setVisible(visible)
        runs.set_narrow(True)
        (runs if w.controller.run_count > 1 else log).raise_()
        panel.show()

    def _settle(self) -> None:
        """Once the layout has caught up: the front tab, the column's width and split."""
        if not self.on:
            return
        w: Any = self.window
        race = w.controller.run_count > 1
        front = w.runs_dock if race else w.log_dock
        front.raise_()  # again: the tab bar exists now
        self.fit_column()
        panel = w.panel_dock
        column = panel.height() + front.height()
        if race:
            tabs = w.runs_dock.height_for_rows(w.controller.run_count)
        else:
            log = w.step_log
            tabs = front.height() + LOG_ROWS * log.row_height() - log.view.viewport().height()
        tabs = min(max(tabs, 0), int(column * (TABS_FRACTION if race else LOG_FRACTION)))
        w.resizeDocks([panel, front], [column - tabs, tabs], Qt.Orientation.Vertical)

    def fit_column(self) -> None:
        """The left column wide enough for the scaled panels (and a race's columns), up
        to :data:`COLUMN_FRACTION` (:data:`RACE_COLUMN_FRACTION`) of the width; only
        grows. The plots keep the rest."""
        if not self.on:
            return
        w: Any = self.window
        race = w.controller.run_count > 1
        body = w.panels.widget()
        want = body.minimumSizeHint().width() + w.panels.verticalScrollBar().sizeHint().width()
        if race:
            want = max(want, w.runs_dock.wanted_width())
        most = RACE_COLUMN_FRACTION if race else COLUMN_FRACTION
        panel = w.panel_dock
        width = min(want + 8, int(w.width() * most))
        if width > panel.width():
            w.resizeDocks([panel], [width], Qt.Orientation.Horizontal)

    def zoom(self, by: float) -> None:
        """Multiply the factor by ``by`` (presentation mode only)."""
        global session_factor
        if not self.on:
            return
        lo, hi = FACTOR_RANGE
        session_factor = min(max(self.factor * by, lo), hi)
        self.apply(session_factor)
        QTimer.singleShot(0, self._settle)

    def apply(self, factor: float) -> None:
        """Scale everything by ``factor`` (1: the normal sizes)."""
        self.factor = float(factor)
        w: Any = self.window
        font = QFont(self._base_font)
        if self._base_font.pointSizeF() > 0:
            font.setPointSizeF(self._base_font.pointSizeF() * self.factor)
        w.setFont(font)
        # Under a style sheet a window's font does not reach its children: set it on each
        # widget that has no font of its own (marked, to hand back on leaving)
        for child in w.findChildren(QWidget):
            base = child.property(_BASE_PT)
            if isinstance(child, _SCALE_THEMSELVES):
                continue
            if base:
                f = QFont(child.font())
                f.setPointSizeF(float(base) * self.factor)
                child.setFont(f)
            elif child.property(_INHERITS) or not child.testAttribute(
                Qt.WidgetAttribute.WA_SetFont
            ):
                child.setProperty(_INHERITS, self.on)
                child.setFont(QFont(font) if self.on else QFont())
        for plot in w.plots.values():
            plot.set_scale(self.factor)
        for extra in getattr(w, "scaled_views", lambda: [])():
            extra.set_font_scale(self.factor)
        for act in (self.action_bigger, self.action_smaller, self.action_leave):
            act.setEnabled(self.on)
        self.action_toggle.setChecked(self.on)
        if self.description is not None:
            self.description.set_on(self.on)
        label = _tr("Presentation mode: {0}× (Ctrl+= bigger, Ctrl+- smaller, Esc leaves)")
        w.statusBar().showMessage(label.format(f"{self.factor:.2g}") if self.on else "", 4000)

    def refresh(self) -> None:
        """Scale widgets made since presentation mode started (new readouts)."""
        if self.on:
            self._remember_fonts()
            self.apply(self.factor)

    def _remember_fonts(self) -> None:
        for child in self.window.findChildren(QWidget):
            if (
                child.testAttribute(Qt.WidgetAttribute.WA_SetFont)
                and not child.property(_BASE_PT)
                and not child.property(_INHERITS)
                and child.font().pointSizeF() > 0
                and not isinstance(child, _SCALE_THEMSELVES)
            ):
                child.setProperty(_BASE_PT, child.font().pointSizeF())
