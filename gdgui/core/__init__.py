"""The Qt-free engine: problems, optimizers, the runner and its history, data, experiments.

Usable from scripts and notebooks; nothing here imports Qt.
"""

from .experiment import Experiment, ExperimentError, load_experiment, preset, preset_names
from .history import History
from .optimizers import OPTIMIZERS
from .problems import Problem
from .regression import LinearRegression
from .runner import Run, RunManyResult, Status, run_many
from .stability import stable_learning_rates

__all__ = [
    "OPTIMIZERS",
    "Experiment",
    "ExperimentError",
    "History",
    "LinearRegression",
    "Problem",
    "Run",
    "RunManyResult",
    "Status",
    "load_experiment",
    "preset",
    "preset_names",
    "run_many",
    "stable_learning_rates",
]
