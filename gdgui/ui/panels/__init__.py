"""The side column (the editors of the experiment) and the readouts above the plots.

One module per job: :mod:`.widgets` (number editors, the section base class and
helpers every section uses), :mod:`.expression` (the f(x, y) editor),
:mod:`.problem` (problem and data), :mod:`.optimizer`, :mod:`.run`,
:mod:`.prediction`, :mod:`.column` (the scrolling column that holds them) and
:mod:`.readouts` (the strip above the plots). Nothing here imports
:mod:`gdgui.ui.plots`, nor the other way round.
"""

from .column import Panels
from .optimizer import OptimizerSection
from .prediction import PredictionSection
from .problem import NOISY_LINE, ProblemSection
from .readouts import STATE_COLORS, Readouts
from .run import RunSection
from .widgets import ERROR_COLOR, FloatEdit, NumberField, format_number

__all__ = [
    "ERROR_COLOR",
    "NOISY_LINE",
    "STATE_COLORS",
    "FloatEdit",
    "NumberField",
    "OptimizerSection",
    "Panels",
    "PredictionSection",
    "ProblemSection",
    "Readouts",
    "RunSection",
    "format_number",
]
