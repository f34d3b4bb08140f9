"""The experiment: one JSON format for the window, the command line and scripts.

An experiment file is plain JSON (nothing in it is ever executed)::

    {
      "version": 1,
      "problem": {"name": "linear-w"},
      "data": {"preset": "doubling"},
      "optimizer": {"name": "gd", "lr": 0.01},
      "batch_size": "full",
      "epochs": 100,
      "init": [1.0],
      "seed": 0,
      "stopping": {"tolerance": null, "divergence_factor": 1e12},
      "predict": [4]
    }

Fields (all but ``version`` optional; defaults in :data:`DEFAULTS`):

``problem``
    ``{"name": N}`` with N ``linear-w`` (ŷ = w·x), ``linear-wb`` (ŷ = w·x + b), a
    test surface (``rosenbrock``, ``saddle``, ...), or ``custom`` with ``"expr":
    "x**2 - y**2"``; surfaces and ``custom`` accept ``"domain": [[x0, x1], [y0,
    y1]]``, and a surface its own parameters (``bowl``: ``a``, ``b``).
``data`` (line problems only)
    ``{"preset": "doubling"}``; ``{"preset": "noisy-line", "n", "slope",
    "intercept", "noise", "x_min", "x_max", "seed"}``; ``{"csv": "file.csv",
    "x_column", "y_column"}`` (a relative path is taken from the experiment
    file's folder); or inline ``{"x": [...], "y": [...]}``.
``standardize``
    true: the optimizer works on standardized x; everything shown stays on the
    original scale.
``optimizer``
    ``{"name": N, <hyperparameters>}``; N one of :data:`gdgui.core.optimizers.OPTIMIZERS`.
``batch_size``
    ``"full"`` (gradient descent), 1 (stochastic gradient descent) or B.
``epochs`` or ``steps``
    how long to run (one of the two; default 100 epochs).
``init``
    initial parameters, one number per parameter.
``seed``
    seeds the batch order and the gradient noise.
``gradient_noise``
    σ of Gaussian noise added to every gradient (default 0).
``stopping``
    ``tolerance`` (stop when ‖∇L‖ falls below it; null: never) and
    ``divergence_factor`` (stop when |loss| exceeds it × the initial |loss|).
``predict``
    x values at which to print ŷ before and after training.

Loading validates every field and reports every error with its path, e.g.
``optimizer.lr: must be > 0, got -1``. Unknown keys are errors.
"""

from __future__ import annotations

import contextlib
import copy
import json
import math
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from . import optimizers as optim

__all__ = [
    "DEFAULTS",
    "LINE_PROBLEMS",
    "PRESETS",
    "Experiment",
    "ExperimentError",
    "load_experiment",
    "preset",
]

VERSION = 1
LINE_PROBLEMS = ("linear-w", "linear-wb")

DEFAULTS: dict[str, Any] = {
    "version": VERSION,
    "problem": {"name": "linear-w"},
    "data": {"preset": "doubling"},
    "standardize": False,
    "optimizer": {"name": "gd", "lr": 0.01},
    "batch_size": "full",
    "epochs": 100,
    "init": None,
    "seed": 0,
    "gradient_noise": 0.0,
    "stopping": {"tolerance": None, "divergence_factor": 1e12},
    "predict": [],
}

_TOP_KEYS = set(DEFAULTS) | {"steps", "name", "description"}


class ExperimentError(ValueError):
    """An invalid experiment: ``errors`` lists ``(path, message)`` pairs."""

    def __init__(self, errors: list[tuple[str, str]], source: str | None = None):
        self.errors = errors
        self.source = source
        where = f"{source}: " if source else ""
        lines = [f"{p}: {m}" if p else m for p, m in errors]
        body = lines[0] if len(lines) == 1 else "\n  " + "\n  ".join(lines)
        super().__init__(where + body)


def _surface_names() -> tuple[str, ...]:
    try:
        from .surfaces import SURFACES
    except ImportError:  # pragma: no cover - surfaces ship with the package
        return ()
    return tuple(SURFACES)


def _is_number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)


def _is_int(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


class _Checker:
    """Collects errors with their paths."""

    def __init__(self):
        self.errors: list[tuple[str, str]] = []

    def add(self, path: str, msg: str) -> None:
        self.errors.append((path, msg))

    def obj(self, value: Any, path: str, allowed: set[str]) -> dict | None:
        if not isinstance(value, dict):
            self.add(path, f"must be an object, got {json.dumps(value)}")
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
        if integer and not _is_int(v):
            self.add(path, f"must be a whole number, got {json.dumps(v)}")
            return
        if not _is_number(v):
            self.add(path, f"must be a finite number, got {json.dumps(v)}")
            return
        if low is not None and (v <= low if low_open else v < low):
            self.add(path, f"must be {'>' if low_open else '>='} {low:g}, got {v!r}")
        elif high is not None and v > high:
            self.add(path, f"must be <= {high:g}, got {v!r}")


_NOISY_LINE_KEYS = {"preset", "n", "slope", "intercept", "noise", "x_min", "x_max", "seed"}


def _check_data(c: _Checker, data: Any) -> None:
    if not isinstance(data, dict):
        c.add("data", f"must be an object, got {json.dumps(data)}")
        return
    if "preset" in data:
        name = data["preset"]
        if name == "doubling":
            c.obj(data, "data", {"preset"})
        elif name == "noisy-line":
            c.obj(data, "data", _NOISY_LINE_KEYS)
            c.number(data, "n", "data.n", low=1, integer=True)
            for k in ("slope", "intercept", "x_min", "x_max"):
                c.number(data, k, f"data.{k}")
            c.number(data, "noise", "data.noise", low=0)
            c.number(data, "seed", "data.seed", low=0, integer=True)
            lo, hi = data.get("x_min", 0.0), data.get("x_max", 10.0)
            if _is_number(lo) and _is_number(hi) and not lo < hi:
                c.add("data.x_max", f"must be greater than x_min ({lo!r}), got {hi!r}")
        else:
            c.add("data.preset", f"unknown preset {json.dumps(name)}; expected doubling or "
                                 "noisy-line")
    elif "csv" in data:
        c.obj(data, "data", {"csv", "x_column", "y_column"})
        if not isinstance(data["csv"], str) or not data["csv"]:
            c.add("data.csv", "must be a file name")
        for k in ("x_column", "y_column"):
            if k in data and not (_is_int(data[k]) and data[k] >= 0 or isinstance(data[k], str)):
                c.add(f"data.{k}", "must be a column name or a 0-based column number")
    elif "x" in data or "y" in data:
        c.obj(data, "data", {"x", "y"})
        xs, ys = data.get("x"), data.get("y")
        for k, v in (("x", xs), ("y", ys)):
            if not isinstance(v, list):
                c.add(f"data.{k}", "must be a list of numbers")
            else:
                for i, item in enumerate(v):
                    if not _is_number(item):
                        c.add(f"data.{k}[{i}]", f"must be a finite number, got {json.dumps(item)}")
                        break
        if isinstance(xs, list) and isinstance(ys, list):
            if len(xs) != len(ys):
                c.add("data", f"x and y must have the same length, got {len(xs)} and {len(ys)}")
            elif not xs:
                c.add("data", "needs at least one point")
    else:
        c.add("data", 'must have "preset", "csv", or "x" and "y"')


def _check_problem(c: _Checker, problem: Any) -> str | None:
    if not isinstance(problem, dict):
        c.add("problem", f"must be an object, got {json.dumps(problem)}")
        return None
    name = problem.get("name")
    surfaces = _surface_names()
    valid = (*LINE_PROBLEMS, *surfaces, "custom")
    if name not in valid:
        c.add("problem.name", f"unknown problem {json.dumps(name)}; expected one of "
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
            isinstance(r, list) and len(r) == 2 and all(_is_number(v) for v in r) for r in d))
        if not ok:
            c.add("problem.domain", "must be [[x_min, x_max], [y_min, y_max]] of finite numbers")
        elif not all(r[0] < r[1] for r in d):
            c.add("problem.domain", "each range must have min < max")
    return name


def _validate(d: Any) -> list[tuple[str, str]]:
    c = _Checker()
    if not isinstance(d, dict):
        return [("", "an experiment must be a JSON object")]
    for k in d:
        if k not in _TOP_KEYS:
            c.add(k, f"unknown key; expected one of {', '.join(sorted(_TOP_KEYS))}")
    if d.get("version") != VERSION:
        c.add("version", f"must be {VERSION}, got {json.dumps(d.get('version'))}")
    if "name" in d and not isinstance(d["name"], str):
        c.add("name", "must be text")
    if "description" in d and not isinstance(d["description"], str):
        c.add("description", "must be text")
    pname = _check_problem(c, d.get("problem", DEFAULTS["problem"]))
    line = pname in LINE_PROBLEMS
    if "data" in d:
        if pname is not None and not line:
            c.add("data", f"the problem {pname} takes no data")
        else:
            _check_data(c, d["data"])
    if "standardize" in d and not isinstance(d["standardize"], bool):
        c.add("standardize", "must be true or false")
    if "standardize" in d and d["standardize"] and pname is not None and not line:
        c.add("standardize", f"applies to line problems only, not {pname}")
    opt = d.get("optimizer", DEFAULTS["optimizer"])
    if not isinstance(opt, dict):
        c.add("optimizer", f"must be an object, got {json.dumps(opt)}")
    elif opt.get("name") not in optim.OPTIMIZERS:
        c.add("optimizer.name", f"unknown optimizer {json.dumps(opt.get('name'))}; expected one "
                                f"of {', '.join(optim.OPTIMIZERS)}")
    else:
        hp = {k: v for k, v in opt.items() if k != "name"}
        for key, msg in optim.check_hyperparams(opt["name"], hp):
            c.add(f"optimizer.{key}", msg)
    bs = d.get("batch_size", "full")
    if bs != "full" and not (_is_int(bs) and bs >= 1):
        c.add("batch_size", f'must be "full" or a whole number >= 1, got {json.dumps(bs)}')
    if "epochs" in d and "steps" in d:
        c.add("steps", "give epochs or steps, not both")
    for k in ("epochs", "steps"):
        c.number(d, k, k, low=0, integer=True)
    c.number(d, "seed", "seed", low=0, integer=True)
    c.number(d, "gradient_noise", "gradient_noise", low=0)
    init = d.get("init")
    if init is not None:
        if not isinstance(init, list) or not all(_is_number(v) for v in init):
            c.add("init", f"must be a list of finite numbers, got {json.dumps(init)}")
        elif pname in LINE_PROBLEMS and len(init) != (1 if pname == "linear-w" else 2):
            want = "[w]" if pname == "linear-w" else "[w, b]"
            c.add("init", f"{pname} needs {want}, got {len(init)} value(s)")
        elif pname is not None and pname not in LINE_PROBLEMS and len(init) != 2:
            c.add("init", f"{pname} needs [x, y], got {len(init)} value(s)")
    stopping = d.get("stopping")
    if stopping is not None and c.obj(stopping, "stopping", {"tolerance", "divergence_factor"}):
        if stopping.get("tolerance") is not None:
            c.number(stopping, "tolerance", "stopping.tolerance", low=0, low_open=True)
        c.number(stopping, "divergence_factor", "stopping.divergence_factor", low=1,
                 low_open=True)
    pred = d.get("predict")
    if pred is not None and (not isinstance(pred, list) or not all(_is_number(v) for v in pred)):
        c.add("predict", "must be a list of numbers")
    return c.errors


@dataclass
class Experiment:
    """A validated experiment. ``spec`` is its JSON form with defaults filled in.

    Build one with :func:`load_experiment`, :func:`preset`,
    :meth:`Experiment.from_dict`, or ``Experiment()`` (tutorial 003's
    experiment) and :meth:`replace`.
    """

    spec: dict[str, Any] = field(default_factory=lambda: copy.deepcopy(DEFAULTS))
    base_dir: Path | None = None  # where relative CSV paths are resolved

    def __post_init__(self):
        errors = _validate(self.spec)
        if errors:
            raise ExperimentError(errors)
        full = copy.deepcopy(DEFAULTS)
        full.update(copy.deepcopy(self.spec))
        if "steps" in self.spec:
            full.pop("epochs", None)
        pname = full["problem"]["name"]
        if pname not in LINE_PROBLEMS:
            full.pop("data", None)
            full.pop("standardize", None)
        stopping = dict(DEFAULTS["stopping"])
        stopping.update(full.get("stopping") or {})
        full["stopping"] = stopping
        self.spec = full

    # --- construction -------------------------------------------------------------------
    @classmethod
    def from_dict(cls, d: Mapping[str, Any], base_dir: str | os.PathLike | None = None,
                  source: str | None = None) -> Experiment:
        try:
            return cls(copy.deepcopy(dict(d)) if isinstance(d, Mapping) else d,
                       Path(base_dir) if base_dir else None)
        except ExperimentError as e:
            raise ExperimentError(e.errors, source) from None

    def replace(self, **changes: Any) -> Experiment:
        """A new experiment with top-level fields replaced (validated).

        ``optimizer`` may be given as a dict of hyperparameters to merge when
        it has no ``name``; ``steps``/``epochs`` replace each other.
        """
        d = copy.deepcopy(self.spec)
        for k, v in changes.items():
            if k == "optimizer" and isinstance(v, dict) and "name" not in v:
                d["optimizer"].update(v)
                continue
            if k == "steps":
                d.pop("epochs", None)
            if k == "epochs":
                d.pop("steps", None)
            if k == "problem" and isinstance(v, dict) and v.get("name") in LINE_PROBLEMS:
                d.setdefault("data", copy.deepcopy(DEFAULTS["data"]))
            d[k] = v
        if d["problem"]["name"] not in LINE_PROBLEMS:
            d.pop("data", None)
            d.pop("standardize", None)
        return Experiment.from_dict(d, self.base_dir)

    def to_dict(self) -> dict[str, Any]:
        return copy.deepcopy(self.spec)

    def to_json(self) -> str:
        return json.dumps(self.spec, indent=2, ensure_ascii=False) + "\n"

    # --- accessors ------------------------------------------------------------------------
    @property
    def problem_name(self) -> str:
        return self.spec["problem"]["name"]

    @property
    def optimizer_name(self) -> str:
        return self.spec["optimizer"]["name"]

    @property
    def hyperparams(self) -> dict[str, Any]:
        return {k: v for k, v in self.spec["optimizer"].items() if k != "name"}

    @property
    def batch_size(self) -> int | None:
        bs = self.spec["batch_size"]
        return None if bs == "full" else int(bs)

    # --- building -------------------------------------------------------------------------
    def dataset(self):
        """The data of a line problem as a :class:`gdgui.core.data.Dataset` (else None)."""
        from . import data as gdata

        spec = self.spec.get("data")
        if self.problem_name not in LINE_PROBLEMS or spec is None:
            return None
        try:
            if spec.get("preset") == "doubling":
                return gdata.doubling()
            if spec.get("preset") == "noisy-line":
                kw = {k: v for k, v in spec.items() if k != "preset"}
                return gdata.noisy_line(**kw)
            if "csv" in spec:
                path = Path(spec["csv"])
                if not path.is_absolute() and self.base_dir is not None:
                    path = self.base_dir / path
                return gdata.read_csv(
                    path, x_column=spec.get("x_column"), y_column=spec.get("y_column")
                ).dataset
            return gdata.Dataset(spec["x"], spec["y"])
        except gdata.DataError as e:
            raise ExperimentError([("data", str(e))]) from None

    def build_problem(self, dataset=None):
        """The :class:`~gdgui.core.problems.Problem` this experiment describes."""
        name = self.problem_name
        p = self.spec["problem"]
        if name in LINE_PROBLEMS:
            from .regression import LinearRegression

            ds = dataset if dataset is not None else self.dataset()
            model = "w" if name == "linear-w" else "wb"
            if self.spec.get("standardize"):
                from .regression import StandardizedRegression

                return StandardizedRegression(ds.x, ds.y, model=model)
            return LinearRegression(ds.x, ds.y, model=model)
        domain = tuple(tuple(r) for r in p["domain"]) if "domain" in p else None
        if name == "custom":
            from .expr import ExpressionProblem

            kw = {"domain": domain} if domain else {}
            return ExpressionProblem(p["expr"], **kw)
        from .surfaces import SURFACES

        kw = {k: v for k, v in p.items() if k not in ("name", "domain")}
        prob = SURFACES[name](**kw)
        if domain:
            prob.set_domain(domain)
        return prob

    def initial_params(self, problem):
        """The start in the optimizer's parameters: ``init`` (given on the shown scale)
        converted by the problem, else the problem's default start."""
        init = self.spec.get("init")
        if init is None:
            return np.asarray(problem.default_init(), dtype=float).reshape(-1)
        return np.asarray(problem.to_internal(init), dtype=float).reshape(-1)

    def build_run(self, problem=None):
        """A ready :class:`~gdgui.core.runner.Run` of this experiment."""
        from .runner import Run

        problem = problem if problem is not None else self.build_problem()
        s = self.spec
        return Run(
            problem,
            self.optimizer_name,
            self.hyperparams,
            self.initial_params(problem),
            batch_size=self.batch_size,
            epochs=s.get("epochs"),
            steps=s.get("steps"),
            seed=s["seed"],
            tolerance=s["stopping"]["tolerance"],
            divergence_factor=s["stopping"]["divergence_factor"],
            gradient_noise=s["gradient_noise"],
        )

    def run(self):
        """Run to the end; returns the finished :class:`~gdgui.core.runner.Run`."""
        r = self.build_run()
        r.run()
        return r

    def save(self, path: str | os.PathLike) -> None:
        """Write the experiment atomically (a failure never leaves a partial file)."""
        atomic_write_text(path, self.to_json())


def atomic_write_text(path: str | os.PathLike, text: str) -> None:
    """Write ``text`` to a temporary file beside ``path``, then rename it over ``path``."""
    import tempfile

    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent or ".")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def load_experiment(path: str | os.PathLike) -> Experiment:
    """Read and validate an experiment file. Raises :class:`ExperimentError`."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ExperimentError([("", "file not found")], str(path)) from None
    except (OSError, UnicodeDecodeError) as e:
        raise ExperimentError([("", f"cannot read the file ({e.__class__.__name__}: {e})")],
                              str(path)) from None
    try:
        d = json.loads(text)
    except json.JSONDecodeError as e:
        raise ExperimentError([("", f"not valid JSON: {e.msg} at line {e.lineno}, "
                                    f"column {e.colno}")], str(path)) from None
    return Experiment.from_dict(d, base_dir=path.parent, source=str(path))


def _resources():
    from importlib.resources import files

    return files("gdgui.resources") / "experiments"


def preset_names() -> list[str]:
    """Names of the bundled experiments (``tutorial-003``, ...)."""
    return sorted(p.name[:-5] for p in _resources().iterdir() if p.name.endswith(".json"))


PRESETS = preset_names


def preset(name: str) -> Experiment:
    """A bundled experiment by name, e.g. ``preset("tutorial-003")``."""
    res = _resources() / f"{name}.json"
    if not res.is_file():
        raise ExperimentError([("preset", f"unknown preset {name!r}; expected one of "
                                          f"{', '.join(preset_names())}")])
    d = json.loads(res.read_text(encoding="utf-8"))
    return Experiment.from_dict(d, source=f"preset {name}")
