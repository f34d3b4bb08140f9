"""Colours: the dark and light themes, and one colour per run.

``THEMES[name]`` holds the colours the plots and the window palette are made of;
``run_color(i, theme)`` is run i's colour, shared by every plot and the legends
(Okabe–Ito, adjusted per theme for contrast with its background).
The light theme has a white background, for slides and print.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QWidget

__all__ = [
    "DEFAULT_THEME",
    "OKABE_ITO",
    "RUN_COLORS",
    "THEMES",
    "apply_theme",
    "contrast_ratio",
    "run_color",
    "theme",
]

#: one colour per run: the Okabe–Ito palette (told apart with every common colour-vision
#: deficiency), in an order that keeps neighbours far apart; run 0 is the warm vermillion
#: neither surface colour map contains. Okabe–Ito's black is a grey here (a dark theme).
OKABE_ITO: tuple[str, ...] = (
    "#d55e00",  # vermillion (run 0)
    "#0072b2",  # blue
    "#009e73",  # bluish green
    "#e69f00",  # orange
    "#cc79a7",  # reddish purple
    "#56b4e9",  # sky blue
    "#f0e442",  # yellow
    "#999999",  # grey
)
#: a run's colour keeps at least this contrast (WCAG 2) with the plot background
MIN_RUN_CONTRAST = 3.0

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


def relative_luminance(colour: str) -> float:
    """WCAG 2 relative luminance of ``colour`` ("#rrggbb"), 0 (black) to 1 (white)."""
    h = colour.lstrip("#")
    rgb = [int(h[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast_ratio(a: str, b: str) -> float:
    """WCAG 2 contrast ratio of two colours ("#rrggbb"), 1 to 21."""
    la, lb = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def _readable(colour: str, background: str, target: float = MIN_RUN_CONTRAST) -> str:
    """``colour`` darkened (on a light background) or lightened (on a dark one), keeping
    its hue, just enough for ``target`` contrast with ``background``."""
    h = colour.lstrip("#")
    rgb = [int(h[i : i + 2], 16) for i in (0, 2, 4)]
    towards = 0 if relative_luminance(background) > 0.5 else 255
    out = colour.lower()
    for k in range(101):  # 1 % steps towards black or white
        t = k / 100
        out = "#" + "".join(f"{round(c + (towards - c) * t):02x}" for c in rgb)
        if contrast_ratio(out, background) >= target:
            break
    return out


for _t in THEMES.values():
    _t["run_colors"] = tuple(_readable(c, _t["background"]) for c in OKABE_ITO)

#: the dark theme's run colours (see :func:`run_color` for a theme's own)
RUN_COLORS: tuple[str, ...] = THEMES["dark"]["run_colors"]


def theme(name: str) -> dict[str, Any]:
    """The colours of theme ``name`` ("dark" or "light"); raises ValueError otherwise."""
    try:
        return THEMES[name]
    except KeyError:
        raise ValueError(f"unknown theme {name!r}; expected one of {', '.join(THEMES)}") from None


def run_color(i: int, theme_name: str = DEFAULT_THEME) -> str:
    """Run ``i``'s colour on theme ``theme_name`` (the palette repeats after 8 runs).

    The same run has the same hue on both themes; the light theme darkens the colours
    that would be too faint on white (contrast at least :data:`MIN_RUN_CONTRAST`).
    """
    colours = theme(theme_name)["run_colors"]
    return colours[i % len(colours)]


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
