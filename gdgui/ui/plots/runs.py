"""How a plot shows each of several runs: :class:`RunStyle` and the per-run bookkeeping.

A plot draws any number of runs of one problem (a race). The window tells it what each
run looks like with ``plot.set_runs([RunStyle(...), ...])`` and feeds each run's history
with ``plot.show_history(history, status, run=i)``; run 0 alone is the single run of
before, so a window that never calls ``set_runs`` sees no change.

This module knows nothing of a particular plot; :class:`gdgui.ui.plots.base.BasePlot`
uses it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple

__all__ = ["RunState", "RunStyle"]


class RunStyle(NamedTuple):
    """What run ``index`` looks like: its name (the legend), its colour ("#rrggbb", or
    None for the theme's :func:`gdgui.ui.theme.run_color`) and whether it is shown."""

    index: int
    name: str
    colour: str | None = None
    visible: bool = True


@dataclass
class RunState:
    """What a plot knows of one run: its last history, status and redraw key, and the
    plot's own items and caches for it (``items``, by name)."""

    index: int
    history: Any = None
    status: str = ""
    key: Any = None
    items: dict[str, Any] = field(default_factory=dict)
    cache: dict[str, Any] = field(default_factory=dict)
