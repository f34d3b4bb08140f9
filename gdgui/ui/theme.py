"""Colours: the dark and light themes, and one colour per run.

``THEMES[name]`` holds the colours the plots and the window palette are made of;
``RUN_COLORS[i]`` is run i's colour, shared by the fit, loss and trajectory plots.
The light theme has a white background, for slides and print.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QWidget

__all__ = ["DEFAULT_THEME", "RUN_COLORS", "THEMES", "apply_theme", "run_color", "theme"]

#: one colour per run: vivid on both backgrounds and on the surface colour maps
#: (the first is a warm orange-red that neither surface colour map contains)
RUN_COLORS: tuple[str, ...] = (
    "#ff5a36",  # run 0
    "#2f9bff",
    "#27c46b",
    "#d14cff",
    "#ffb000",
    "#00c2c7",
    "#ff4f9a",
    "#9a7b4f",
)

THEMES: dict[str, dict[str, Any]] = {
    "dark": {
        "background": "#16181d",
        "foreground": "#d6d9de",  # text, tick labels, titles
        "axis": "#7b818c",  # axis lines and ticks
        "grid_alpha": 0.16,
        "muted": "#9aa0aa",  # secondary text (readouts)
        "data": "#e8eaed",  # data points
        "data_edge": "#16181d",
        "legend_brush": (22, 24, 29, 200),
        "legend_pen": "#3a3f48",
        "colormap": "viridis",  # surface colour map (low loss = dark)
        "colormap_reverse": False,
        "surface_opacity": 0.85,
        "contour": (255, 255, 255, 70),
        "optimum": "#ffffff",
        "optimum_edge": "#16181d",
        "marker_edge": "#ffffff",
        # window palette
        "window": "#1f2228",
        "window_text": "#d6d9de",
        "base": "#16181d",
        "alternate_base": "#23262d",
        "button": "#2a2e36",
        "highlight": "#2f7de1",
        "highlighted_text": "#ffffff",
        "disabled_text": "#6b717b",
        "link": "#6cb4ff",
        "tooltip_base": "#2a2e36",
        "tooltip_text": "#e8eaed",
    },
    "light": {
        "background": "#ffffff",
        "foreground": "#1f2328",
        "axis": "#5b6270",
        "grid_alpha": 0.13,
        "muted": "#4b5260",
        "data": "#22262c",
        "data_edge": "#ffffff",
        "legend_brush": (255, 255, 255, 215),
        "legend_pen": "#c9ced6",
        "colormap": "CET-L12",  # reversed: low loss = blue, high = white
        "colormap_reverse": True,
        "surface_opacity": 0.75,
        "contour": (20, 30, 50, 90),
        "optimum": "#111111",
        "optimum_edge": "#ffffff",
        "marker_edge": "#111111",
        "window": "#f3f4f6",
        "window_text": "#1f2328",
        "base": "#ffffff",
        "alternate_base": "#f0f2f5",
        "button": "#e9ebef",
        "highlight": "#2f7de1",
        "highlighted_text": "#ffffff",
        "disabled_text": "#9aa0aa",
        "link": "#1a66c7",
        "tooltip_base": "#ffffdc",
        "tooltip_text": "#1f2328",
    },
}

DEFAULT_THEME = "dark"

for _t in THEMES.values():
    _t.setdefault("run_colors", RUN_COLORS)


def theme(name: str) -> dict[str, Any]:
    """The colours of theme ``name`` ("dark" or "light"); raises ValueError otherwise."""
    try:
        return THEMES[name]
    except KeyError:
        raise ValueError(f"unknown theme {name!r}; expected one of {', '.join(THEMES)}") from None


def run_color(i: int) -> str:
    """Run ``i``'s colour (the palette repeats after len(RUN_COLORS) runs)."""
    return RUN_COLORS[i % len(RUN_COLORS)]


def palette(name: str) -> QPalette:
    """A window palette for theme ``name``."""
    t = theme(name)
    p = QPalette()
    R = QPalette.ColorRole
    roles = {
        R.Window: t["window"],
        R.WindowText: t["window_text"],
        R.Base: t["base"],
        R.AlternateBase: t["alternate_base"],
        R.Text: t["window_text"],
        R.Button: t["button"],
        R.ButtonText: t["window_text"],
        R.BrightText: "#ff4d4d",
        R.Highlight: t["highlight"],
        R.HighlightedText: t["highlighted_text"],
        R.Link: t["link"],
        R.ToolTipBase: t["tooltip_base"],
        R.ToolTipText: t["tooltip_text"],
        R.PlaceholderText: t["disabled_text"],
    }
    for role, colour in roles.items():
        p.setColor(role, QColor(colour))
    G = QPalette.ColorGroup
    for role in (R.WindowText, R.Text, R.ButtonText):
        p.setColor(G.Disabled, role, QColor(t["disabled_text"]))
    dark = name == "dark"
    p.setColor(R.Light, QColor("#3a3f48" if dark else "#ffffff"))
    p.setColor(R.Midlight, QColor("#31353d" if dark else "#e3e6ea"))
    p.setColor(R.Mid, QColor("#2a2e36" if dark else "#c9ced6"))
    p.setColor(R.Dark, QColor("#0e1013" if dark else "#a0a6b0"))
    p.setColor(R.Shadow, QColor("#000000" if dark else "#7d838d"))
    return p


def apply_theme(app_or_widget: QApplication | QWidget, name: str) -> None:
    """Give a QApplication (or one widget and its children) the palette of theme ``name``.

    For a QApplication the Fusion style is used: it is the one style that follows
    the palette on every platform. Plots are themed separately by their own
    ``set_theme`` (they draw their own backgrounds).
    """
    pal = palette(name)
    if isinstance(app_or_widget, QApplication):
        if app_or_widget.style().name().lower() != "fusion":
            app_or_widget.setStyle("Fusion")
        app_or_widget.setPalette(pal)
    else:
        app_or_widget.setPalette(pal)
        app_or_widget.setAutoFillBackground(True)
