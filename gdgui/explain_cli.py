"""``gdgui explain``: print step K written out (gradient, then the optimizer's update).

The lead wires it into :mod:`gdgui.cli`::

    p = sub.add_parser("explain", help=...)
    _add_experiment_options(p)           # the run options, as for ``gdgui run``
    add_explain_arguments(p)
    ...
    return run_explain(experiment_from_args(args), args.step, args.json, sys.stdout)

Exit codes: 0 printed, 2 no such step (one line on standard error).
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TextIO

from .core.experiment import Experiment
from .core.explain import StepError, explain_step

__all__ = ["add_explain_arguments", "run_explain"]


def _step(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number, got {text!r}") from None


def add_explain_arguments(parser: argparse.ArgumentParser) -> None:
    """Add ``--step K`` (required) and ``--json`` to ``parser``."""
    parser.add_argument(
        "--step",
        type=_step,
        required=True,
        metavar="K",
        help="the step to explain: the update from θ_(K−1) to θ_K (K ≥ 1)",
    )
    parser.add_argument(
        "--json", action="store_true", help="print the terms as JSON instead of text"
    )


def run_explain(
    experiment: Experiment,
    step: int,
    as_json: bool = False,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """Print step ``step`` of ``experiment`` to ``out`` (text or JSON); 0, or 2 with one
    line on ``err`` when the run has no such step."""
    out = sys.stdout if out is None else out
    err = sys.stderr if err is None else err
    try:
        e = explain_step(experiment, step)
    except StepError as exc:
        print(f"gdgui explain: --step: {exc}", file=err)
        return 2
    if as_json:
        out.write(json.dumps(e.to_json(), indent=2, ensure_ascii=False, allow_nan=True) + "\n")
    else:
        out.write(e.to_text())
    return 0
