"""The command line's option values: the argparse types of the options and the
``--compare`` runs (``KEY=VALUE,...`` parsed into the overrides of a run).

Split out of :mod:`gdgui.cli`, which imports these names back.
"""

from __future__ import annotations

import argparse
import math
import re
from collections.abc import Sequence
from typing import Any

from .core import optimizers as optim
from .core.experiment import Experiment, ExperimentError
from .core.runner import MAX_STEPS
from .core.schema import show

#: the largest PNG scale factor ``gdgui export --scale`` takes
MAX_EXPORT_SCALE = 8.0


# option -> hyperparameter name (hyperparameters are validated against the optimizer)
_HP_OPTIONS = {
    "lr": float,
    "momentum": float,
    "dampening": float,
    "lr_decay": float,
    "initial_accumulator_value": float,
    "alpha": float,
    "beta1": float,
    "beta2": float,
    "eps": float,
    "weight_decay": float,
}
_HP_FLAGS = ("centered", "amsgrad")


def _path(text: str) -> str:
    """A file or folder name: not empty, no NUL byte."""
    if not text:
        raise argparse.ArgumentTypeError("needs a file name, got an empty one")
    if "\0" in text:
        raise argparse.ArgumentTypeError(f"a file name cannot contain a NUL byte: {show(text)}")
    return text


def _name(text: str) -> str:
    if not text.strip():
        raise argparse.ArgumentTypeError("needs a name, got an empty one")
    return text


def _count(text: str) -> int:
    """A whole number from 0 to MAX_STEPS (steps, epochs)."""
    try:
        v = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number, got {show(text)}") from None
    if not 0 <= v <= MAX_STEPS:
        raise argparse.ArgumentTypeError(f"must be from 0 to {MAX_STEPS:,}, got {show(text)}")
    return v


def _number(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a number, got {show(text)}") from None


def _int(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number, got {show(text)}") from None


def _scale(text: str) -> float:
    v = _number(text)
    if not (math.isfinite(v) and 0 < v <= MAX_EXPORT_SCALE):
        raise argparse.ArgumentTypeError(
            f"must be a number above 0 and at most {MAX_EXPORT_SCALE:g}, got {show(text)}"
        )
    return v


def _at_step(text: str) -> int:
    try:
        v = int(text)
    except ValueError:
        v = -1
    if v < 0:
        raise argparse.ArgumentTypeError(
            f"must be a whole number of steps, 0 or more, got {show(text)}"
        )
    return v


def _schedule(text: str) -> dict[str, Any]:
    from .core import schedules

    try:
        return schedules.parse(text)
    except OverflowError:
        raise argparse.ArgumentTypeError(f"a number in {show(text)} is too large") from None
    except ValueError as e:
        raise argparse.ArgumentTypeError(str(e).removeprefix("--schedule ")) from None


def _batch_size(text: str):
    if text == "full":
        return "full"
    try:
        v = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f'must be "full" or a whole number, got {show(text)}'
        ) from None
    if v < 1:
        raise argparse.ArgumentTypeError(f"must be >= 1, got {v}")
    return v


def _floats(text: str) -> list[float]:
    try:
        return [float(v) for v in text.split(",")]
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"must be numbers separated by commas, like 1.0 or 0.5,-1; got {show(text)}"
        ) from None


# --- --compare: a run from the command line ------------------------------------------------
#: the keys of ``--compare`` besides the optimizer's hyperparameters
COMPARE_KEYS = ("name", "optimizer", "init", "batch_size", "seed", "gradient_noise", "schedule")


def _split_items(text: str) -> list[str]:
    """``key=value`` items split at the commas outside brackets; ``schedule=`` takes the
    rest of the text (its own items have commas)."""
    items, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if text.startswith("schedule=", start) and depth == 0 and i == start:
            items.append(text[start:])
            return items
        if ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
        elif ch == "," and depth == 0:
            items.append(text[start:i])
            start = i + 1
    items.append(text[start:])
    return items


def _compare_value(key: str, raw: str) -> Any:
    if key == "name":
        return _name(raw)
    if key == "optimizer":
        if raw not in optim.OPTIMIZERS:
            raise argparse.ArgumentTypeError(
                f"unknown optimizer {show(raw)}; choose one of {', '.join(optim.OPTIMIZERS)}"
            )
        return raw
    if key == "init":
        inner = raw[1:-1] if raw.startswith("[") and raw.endswith("]") else raw
        try:
            return [float(v) for v in inner.replace(";", ",").split(",")]
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"must be numbers like 1.5;2 or [1.5,2], got {show(raw)}"
            ) from None
    if key == "batch_size":
        return _batch_size(raw)
    if key == "seed":
        return _int(raw)
    if key == "gradient_noise":
        return _number(raw)
    if key == "schedule":
        return _schedule(raw)
    if key in _HP_FLAGS:
        if raw not in ("true", "false"):
            raise argparse.ArgumentTypeError(f"must be true or false, got {show(raw)}")
        return raw == "true"
    return _number(raw)


def _compare(text: str) -> tuple[str, dict[str, Any]]:
    """One ``--compare`` run as the overrides of a run (:mod:`gdgui.core.runs`):
    ``key=value`` items separated by commas, e.g. ``name=fast,optimizer=adam,lr=0.1,
    init=[1,2],schedule=step:step_size=10,gamma=0.5`` (``schedule`` last); returns the
    text and the overrides."""
    if not text.strip():
        raise argparse.ArgumentTypeError("needs key=value items, got nothing")
    out: dict[str, Any] = {}
    hp: dict[str, Any] = {}
    for item in _split_items(text):
        key, eq, raw = item.partition("=")
        key = key.strip().replace("-", "_")
        if not eq or not key:
            raise argparse.ArgumentTypeError(f"{show(item)}: write key=value")
        if key not in COMPARE_KEYS and key not in _HP_OPTIONS and key not in _HP_FLAGS:
            raise argparse.ArgumentTypeError(
                f"{show(item)}: unknown key {show(key)}; expected "
                f"{', '.join(COMPARE_KEYS)} or a hyperparameter such as lr"
            )
        if key in out or key in hp:
            raise argparse.ArgumentTypeError(f"{show(item)}: {key} is given twice")
        try:
            value = _compare_value(key, raw.strip())
        except argparse.ArgumentTypeError as e:
            raise argparse.ArgumentTypeError(f"{key}: {e}") from None
        (out if key in COMPARE_KEYS else hp)[key] = value
    if "optimizer" in out or hp:
        opt = {"name": out.pop("optimizer")} if "optimizer" in out else {}
        out["optimizer"] = {**opt, **hp}
    return text, out


def _add_compare_runs(
    exp: Experiment, compares: Sequence[tuple[str, dict[str, Any]]]
) -> Experiment:
    """``exp`` with one run per ``--compare`` (its text and overrides) appended (the
    base is run 1 when ``exp`` has no runs)."""
    from .core.runs import RunSpec

    runs = list(exp.runs) or [RunSpec(None, {})]
    first = len(runs)
    for _, c in compares:
        overrides = dict(c)
        runs.append(RunSpec(overrides.pop("name", None), overrides))
    try:
        return exp.replace(runs=runs)
    except ExperimentError as e:
        errors = []
        for path, msg in e.errors:
            m = re.match(r"runs\[(\d+)\]\.?(.*)", path)
            if m and int(m.group(1)) >= first:
                k = int(m.group(1)) - first
                where = f"--compare {show(compares[k][0])}"
                errors.append((where + (f" {m.group(2)}" if m.group(2) else ""), msg))
            else:
                errors.append((path, msg))
        raise ExperimentError(errors, "the command line options") from None
