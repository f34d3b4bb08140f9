"""``gdgui sweep``: run a learning-rate sweep (or a step size × momentum map) and save it.

::

    gdgui sweep [EXPERIMENT] [--preset NAME] [run options] --lr A:B:N [--momentum A:B:N]
                [--optimizers gd,momentum] [--steps K] --csv OUT [--plot OUT.png|OUT.svg]

``--lr A:B:N`` is N learning rates log-spaced from A to B; ``--momentum A:B:N`` N
momenta evenly spaced (it makes the sweep a 2D map, and gd becomes heavy-ball
momentum). The CSV has one row per configuration: the swept hyperparameters by name
(after an ``optimizer`` column when several are swept), then ``final_loss``,
``min_loss``, ``status``, ``steps`` and ``rate`` (see :mod:`gdgui.core.sweep`).

:mod:`gdgui.cli` wires it::

    p = sub.add_parser("sweep", help=...)
    _add_experiment_options(p, skip=SHARED_SKIP)   # the shared options but --lr, ...
    add_sweep_arguments(p)               # --lr and --momentum as axes, --steps, --csv
    ...
    return run_sweep(experiment_from_args(args), args, sys.stdout, sys.stderr)

The shared options leave out :data:`SHARED_SKIP` (``lr``, ``momentum``, ``steps``):
here ``--lr`` and ``--momentum`` are ``A:B:N`` axes stored as ``args.lr_axis`` and
``args.momentum_axis`` (the experiment keeps its own values), and ``--steps`` is the
steps per configuration.

Exit codes: 0 written; 2 a bad option or an output that cannot be written (one line on
standard error saying what and where, as every other gdgui command). A CSV path in a
missing folder, or any output path that is a folder, is refused before the sweep runs.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TextIO

import numpy as np

from .cli_args import _path
from .core.experiment import Experiment
from .core.fileio import FileIOError, atomic_write_text
from .core.plotmath import fmt
from .core.runner import Status
from .core.sweep import SweepError, SweepResult, parse_axis, sweep

__all__ = ["SHARED_SKIP", "add_sweep_arguments", "run_sweep"]

_AXES = {
    "lr": "learning rates: N values log-spaced from A to B, e.g. 1e-3:1:200",
    "momentum": "momenta: N values evenly spaced from A to B, e.g. 0:0.99:50 (a 2D map)",
}


#: the shared run options (:func:`gdgui.cli._add_experiment_options`) a sweep defines itself
SHARED_SKIP = ("lr", "momentum", "steps")


def add_sweep_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the sweep's options to ``parser`` (see the module docstring)."""
    for name, help_text in _AXES.items():
        parser.add_argument("--" + name, dest=f"{name}_axis", metavar="A:B:N", help=help_text)
    parser.add_argument("--steps", type=_steps, help="steps per configuration")
    parser.add_argument(
        "--optimizers",
        metavar="LIST",
        help="sweep several optimizers (one curve each), e.g. gd,momentum,adam",
    )
    parser.add_argument(
        "--csv",
        metavar="OUT",
        type=_path,
        required=True,
        help="write one row per configuration as CSV",
    )
    parser.add_argument(
        "--plot",
        metavar="OUT.png|OUT.svg",
        type=_path,
        help="also draw the sweep: loss against lr, or the lr × momentum map",
    )


def _steps(text: str) -> int:
    from .core.runner import MAX_STEPS

    try:
        v = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number, got {text[:60]!r}") from None
    if not 0 <= v <= MAX_STEPS:
        raise argparse.ArgumentTypeError(f"must be from 0 to {MAX_STEPS:,}, got {v:,}")
    return v


def _summary(res: SweepResult) -> str:
    st = res.status.reshape(-1)
    counts = ", ".join(f"{int(np.sum(st == s)):,} {s}" for s in Status.DONE)
    steps = f"{res.steps_limit:,} step{'s' if res.steps_limit != 1 else ''}"
    line = (
        f"Swept {res.total:,} configuration{'s' if res.total != 1 else ''} × {steps} "
        f"in {res.seconds:.2f} s: {counts}."
    )
    lim = res.stability_limits() if res.axes[0].name == "lr" else None
    if lim is not None and len(res.axes) == 1:
        line += f" Analytic stability limit (full batch): lr < {fmt(float(lim[0]), 6)}."
    return line


def _cannot_write(path: Path, e: OSError) -> str:
    """One line: which file and why (a FileIOError's text names the file already)."""
    if isinstance(e, FileIOError) and str(e).startswith("cannot write"):
        return f"gdgui sweep: {e}"
    return f"gdgui sweep: cannot write {path}: {e.strerror or e}"


def _refused_output(path: Path, makes_folders: bool) -> str | None:
    """Why ``path`` cannot be written, when that is clear before the sweep runs."""
    if path.is_dir():
        return f"cannot write {path}: it is a folder, not a file"
    if not makes_folders and not path.parent.is_dir():
        return f"cannot write {path}: the folder {path.parent} does not exist"
    return None


def _write_plot(res: SweepResult, path: Path) -> None:
    from .ui.export import ensure_app, export_plot
    from .ui.sweep_view import SweepPlot

    ensure_app()  # chooses the offscreen platform when there is no display
    plot = SweepPlot(theme_name="light")
    plot.resize(900, 600)
    plot.show_result(
        res, "rate" if len(res.axes) == 2 and res.optimum_loss is not None else "final_loss"
    )
    export_plot(plot, path, svg=path.suffix.lower() == ".svg")
    plot.deleteLater()


def run_sweep(
    experiment: Experiment,
    args: argparse.Namespace,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """Run the sweep ``args`` describe on ``experiment``; write ``args.csv`` (and
    ``args.plot``). Returns the exit code; errors are one line on ``err``."""
    out = sys.stdout if out is None else out
    err = sys.stderr if err is None else err
    axes = []
    try:
        for name in _AXES:
            text = getattr(args, f"{name}_axis", None)
            if text is not None:
                axes.append(parse_axis(name, text))
        if not axes or axes[0].name != "lr":
            raise SweepError("--lr A:B:N is required (the learning rates to sweep)")
        plot = Path(args.plot) if getattr(args, "plot", None) else None
        if plot is not None and plot.suffix.lower() not in (".png", ".svg"):
            raise SweepError(f"--plot: the file must end in .png or .svg, got {plot.name!r}")
        csv = Path(args.csv)
        for path, makes_folders in ((csv, False), (plot, True)):
            refused = None if path is None else _refused_output(path, makes_folders)
            if refused:
                raise SweepError(refused)
        names = None
        if getattr(args, "optimizers", None):
            names = [n.strip() for n in args.optimizers.split(",") if n.strip()]
        res = sweep(experiment, axes, getattr(args, "steps", None), optimizers=names)
    except SweepError as e:
        msg = str(e)
        if not msg.startswith("--"):
            msg = "--" + msg if msg.split(":")[0] in _AXES else msg
        print(f"gdgui sweep: {msg}", file=err)
        return 2
    try:
        atomic_write_text(csv, res.to_csv())
    except OSError as e:
        print(_cannot_write(csv, e), file=err)
        return 2
    print(_summary(res), file=out)
    print(f"Wrote {csv}", file=out)
    if plot is not None:
        try:
            _write_plot(res, plot)
        except OSError as e:
            print(_cannot_write(plot, e), file=err)
            return 2
        print(f"Wrote {plot}", file=out)
    return 0
