"""The rules each field of an experiment's JSON must follow, with their paths.

Every check adds ``(path, message)`` pairs to a :class:`Checker`; nothing here
builds an experiment (that is :mod:`gdgui.core.experiment`) and nothing here
imports Qt.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from typing import Any

from . import optimizers as optim

LINE_PROBLEMS = ("linear-w", "linear-wb")


def surface_names() -> tuple[str, ...]:
    try:
        from .surfaces import SURFACES
    except ImportError:  # pragma: no cover - surfaces ship with the package
        return ()
    return tuple(SURFACES)


#: values echoed in messages are cut to this many characters
SHOW_CHARS = 60


def show(v: Any, limit: int = SHOW_CHARS) -> str:
    """``v`` as JSON for a message, cut to ``limit`` characters with "…"."""
    try:
        text = json.dumps(v, ensure_ascii=False)
    except (TypeError, ValueError, RecursionError):  # a huge int, an object, a deep nest
        text = f"<{type(v).__name__}>" if not isinstance(v, int) else "<a huge integer>"
    return text if len(text) <= limit else text[: limit - 1] + "…"


def is_number(v: Any) -> bool:
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        return False
    try:
        return math.isfinite(v)
    except OverflowError:  # an int beyond the largest float
        return False


def is_int(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


class Checker:
    """Collects errors with their paths."""

    def __init__(self):
        self.errors: list[tuple[str, str]] = []

    def add(self, path: str, msg: str) -> None:
        self.errors.append((path, msg))

    def obj(self, value: Any, path: str, allowed: set[str]) -> dict | None:
        if not isinstance(value, dict):
            self.add(path, f"must be an object, got {show(value)}")
            return None
        for k in value:
            if k not in allowed:
                self.add(f"{path}.{k}" if path else k,
                         f"unknown key; expected one of {', '.join(sorted(allowed))}")
        return value

    def number(self, d: Mapping, key: str, path: str, *, low=None, low_open=False,
               high=None, integer=False, required=False) -> None:
        if key not in d:
            if required:
                self.add(path, "is required")
            return
        v = d[key]
        if integer and not is_int(v):
            self.add(path, f"must be a whole number, got {show(v)}")
            return
        if not is_number(v):
            self.add(path, f"must be a finite number, got {show(v)}")
            return
        if low is not None and (v <= low if low_open else v < low):
            self.add(path, f"must be {'>' if low_open else '>='} {low:g}, got {v!r}")
        elif high is not None and v > high:
            self.add(path, f"must be <= {high:g}, got {v!r}")


NOISY_LINE_KEYS = {"preset", "n", "slope", "intercept", "noise", "x_min", "x_max", "seed"}


def check_data(c: Checker, data: Any) -> None:
    if not isinstance(data, dict):
        c.add("data", f"must be an object, got {show(data)}")
        return
    if "preset" in data:
        name = data["preset"]
        if name == "doubling":
            c.obj(data, "data", {"preset"})
        elif name == "noisy-line":
            c.obj(data, "data", NOISY_LINE_KEYS)
            c.number(data, "n", "data.n", low=1, integer=True)
            for k in ("slope", "intercept", "x_min", "x_max"):
                c.number(data, k, f"data.{k}")
            c.number(data, "noise", "data.noise", low=0)
            c.number(data, "seed", "data.seed", low=0, integer=True)
            lo, hi = data.get("x_min", 0.0), data.get("x_max", 10.0)
            if is_number(lo) and is_number(hi) and not lo < hi:
                c.add("data.x_max", f"must be greater than x_min ({lo!r}), got {hi!r}")
        else:
            c.add("data.preset", f"unknown preset {show(name)}; expected doubling or "
                                 "noisy-line")
    elif "csv" in data:
        c.obj(data, "data", {"csv", "x_column", "y_column"})
        if not isinstance(data["csv"], str) or not data["csv"]:
            c.add("data.csv", "must be a file name")
        for k in ("x_column", "y_column"):
            if k in data and not (is_int(data[k]) and data[k] >= 0 or isinstance(data[k], str)):
                c.add(f"data.{k}", "must be a column name or a 0-based column number")
    elif "x" in data or "y" in data:
        c.obj(data, "data", {"x", "y"})
        xs, ys = data.get("x"), data.get("y")
        for k, v in (("x", xs), ("y", ys)):
            if not isinstance(v, list):
                c.add(f"data.{k}", "must be a list of numbers")
            else:
                for i, item in enumerate(v):
                    if not is_number(item):
                        c.add(f"data.{k}[{i}]", f"must be a finite number, got {show(item)}")
                        break
        if isinstance(xs, list) and isinstance(ys, list):
            if len(xs) != len(ys):
                c.add("data", f"x and y must have the same length, got {len(xs)} and {len(ys)}")
            elif not xs:
                c.add("data", "needs at least one point")
    else:
        c.add("data", 'must have "preset", "csv", or "x" and "y"')


def check_problem(c: Checker, problem: Any) -> str | None:
    if not isinstance(problem, dict):
        c.add("problem", f"must be an object, got {show(problem)}")
        return None
    name = problem.get("name")
    surfaces = surface_names()
    valid = (*LINE_PROBLEMS, *surfaces, "custom")
    if name not in valid:
        c.add("problem.name", f"unknown problem {show(name)}; expected one of "
                              f"{', '.join(valid)}")
        return None
    if name in LINE_PROBLEMS:
        c.obj(problem, "problem", {"name"})
        return name
    allowed = {"name", "domain"}
    if name == "custom":
        allowed.add("expr")
        expr = problem.get("expr")
        if not isinstance(expr, str):
            c.add("problem.expr", "is required: the function f(x, y) as text")
        else:
            from .expr import ExprError, parse

            try:
                parse(expr)
            except ExprError as e:
                c.add("problem.expr", str(e))
    else:
        from .surfaces import surface_params

        params = surface_params(name)
        allowed |= set(params)
        for k in params:
            c.number(problem, k, f"problem.{k}")
    c.obj(problem, "problem", allowed)
    if "domain" in problem:
        d = problem["domain"]
        ok = (isinstance(d, list) and len(d) == 2 and all(
            isinstance(r, list) and len(r) == 2 and all(is_number(v) for v in r) for r in d))
        if not ok:
            c.add("problem.domain", "must be [[x_min, x_max], [y_min, y_max]] of finite numbers")
        elif not all(r[0] < r[1] for r in d):
            c.add("problem.domain", "each range must have min < max")
    return name


def check_field(c: Checker, key: str, v: Any, pname: str | None) -> None:
    """Check one top-level JSON field on its own (cross-field rules: :func:`_check_cross`)."""
    if key in ("name", "description"):
        if not isinstance(v, str):
            c.add(key, "must be text")
    elif key == "standardize":
        if not isinstance(v, bool):
            c.add(key, "must be true or false")
    elif key == "optimizer":
        if not isinstance(v, dict):
            c.add("optimizer", f"must be an object, got {show(v)}")
        elif not isinstance(v.get("name"), str) or v["name"] not in optim.OPTIMIZERS:
            c.add("optimizer.name", f"unknown optimizer {show(v.get('name'))}; expected "
                                    f"one of {', '.join(optim.OPTIMIZERS)}")
        else:
            hp = {k: x for k, x in v.items() if k != "name"}
            try:
                errors = optim.check_hyperparams(v["name"], hp)
            except OverflowError:  # a Python int beyond the largest float
                errors = [(k, "must be a finite number, got a huge integer") for k, x in
                          hp.items() if isinstance(x, int) and not is_number(x)][:1]
            for k, msg in errors:
                c.add(f"optimizer.{k}", msg)
    elif key == "batch_size":
        if v != "full" and not (is_int(v) and v >= 1):
            c.add(key, f'must be "full" or a whole number >= 1, got {show(v)}')
    elif key in ("epochs", "steps", "seed"):
        c.number({key: v}, key, key, low=0, integer=True)
    elif key == "gradient_noise":
        c.number({key: v}, key, key, low=0)
    elif key == "init":
        if v is not None and (not isinstance(v, (list, tuple))
                              or not all(is_number(x) for x in v)):
            c.add("init", f"must be a list of finite numbers, got {show(v)}")
    elif key == "stopping":
        if v is not None and c.obj(v, "stopping", {"tolerance", "divergence_factor"}):
            if v.get("tolerance") is not None:
                c.number(v, "tolerance", "stopping.tolerance", low=0, low_open=True)
            c.number(v, "divergence_factor", "stopping.divergence_factor", low=1,
                     low_open=True)
    elif key == "predict" and v is not None and (
            not isinstance(v, (list, tuple)) or not all(is_number(x) for x in v)):
        c.add("predict", "must be a list of numbers")


def n_params(pname: str) -> int:
    return 1 if pname == "linear-w" else 2
