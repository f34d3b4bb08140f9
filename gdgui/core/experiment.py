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
``schedule``
    a learning-rate schedule, e.g. ``{"name": "cosine", "T_max": 100, "eta_min":
    0.001, "every": "step"}`` (see :mod:`gdgui.core.schedules`; default none).
``view``
    how the results are drawn: ``{"loss_scale": "log"}`` or ``"linear"`` (the loss
    plot's axis in ``gdgui export`` and the window; default linear).
``runs``
    runs side by side over the rest (the base): ``[{"name": "fast", "optimizer":
    {"lr": 0.1}}, {"optimizer": {"name": "adam"}, "seed": 2}]``; each may set ``name``,
    ``optimizer``, ``init``, ``batch_size``, ``seed``, ``gradient_noise`` and
    ``schedule`` (see :mod:`gdgui.core.runs`). Without it the experiment is one run.

Loading validates every field and reports every error with its path, e.g.
``optimizer.lr: must be > 0, got -1``. Unknown keys are errors, and so is a key
given twice in one object. Files are read through :func:`gdgui.core.fileio.read_text`
(regular files only, at most :data:`MAX_FILE_BYTES`, 64 MiB; a UTF-8 byte order
mark is dropped). The message of an :class:`ExperimentError` is one line: values
are cut to 60 characters and past :data:`SHOWN_ERRORS` errors it says how many more.
"""

from __future__ import annotations

import dataclasses
import errno
import functools
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

import numpy as np

from . import fileio
from . import runs as _runs
from .datasource import DOUBLING, Data, ExperimentError, _frozen
from .datasource import SHOWN_ERRORS as SHOWN_ERRORS  # documented here
from .datasource import data_from as _data_from
from .messages import Message
from .runs import RunSpec
from .schema import CHECKED as _CHECKED
from .schema import LINE_PROBLEMS, LOSS_SCALES, MAX_DEPTH, JSONInputError, check_schedule
from .schema import Checker as _Checker
from .schema import check_extra as _check_extra
from .schema import check_field as _check_field
from .schema import check_problem as _check_problem
from .schema import checked as _checked
from .schema import cut as _cut
from .schema import is_number as _is_number
from .schema import json_reason as _json_reason
from .schema import n_params as _n_params
from .schema import show as _show
from .schema import strict_json_loads as _strict_loads

__all__ = [
    "DEFAULTS",
    "LINE_PROBLEMS",
    "Data",
    "OptimizerConfig",
    "ProblemConfig",
    "PRESETS",
    "Experiment",
    "RunSpec",
    "ExperimentError",
    "MAX_DEPTH",
    "MAX_FILE_BYTES",
    "load_experiment",
    "parse_json",
    "preset",
]

VERSION = 1
#: the largest experiment file read (bytes)
MAX_FILE_BYTES = 64 * 1024 * 1024

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

_TOP_KEYS = set(DEFAULTS) | {"steps", "name", "description", "schedule", "view", "runs"}


def parse_json(text: str, source: str | None = None) -> Any:
    """Parse experiment JSON strictly: a byte order mark is dropped; a duplicate key,
    an integer too large for a number or nesting deeper than :data:`MAX_DEPTH` is an
    :class:`ExperimentError` (one line, naming ``source``)."""
    if text.startswith("\ufeff"):
        text = text[1:]
    try:
        return _strict_loads(text)
    except json.JSONDecodeError as e:
        raise ExperimentError(
            [
                (
                    "",
                    Message(
                        "not valid JSON: {error} at line {line}, column {column}",
                        error=_json_reason(e.msg),
                        line=e.lineno,
                        column=e.colno,
                    ),
                )
            ],
            source,
        ) from None
    except JSONInputError as e:
        raise ExperimentError([("", e.args[0])], source) from None
    except (RecursionError, ValueError) as e:  # pragma: no cover - guarded above
        raise ExperimentError(
            [("", Message("not valid JSON ({error})", error=e.__class__.__name__))], source
        ) from None


def _check_cross(c: _Checker, exp: Experiment) -> None:
    """The rules between fields (all O(1): no pass over the data)."""
    pname = exp.problem.name
    if exp.schedule is not None:
        from . import schedules

        try:
            schedules.make(exp.schedule, exp.optimizer.name)
        except ValueError as e:  # a ScheduleError: the key at fault and why, apart
            key, reason = getattr(e, "key", ""), getattr(e, "reason", str(e))
            if key and key in exp.schedule:
                c.add(f"schedule.{key}", _cut(reason, 160))
            else:
                c.add("schedule", _cut(reason, 160))
    line = pname in LINE_PROBLEMS
    if exp.data is not None and not line:
        c.add("data", Message("the problem {problem} takes no data", problem=pname))
    if exp.standardize and not line:
        c.add("standardize", Message("applies to line problems only, not {problem}", problem=pname))
    if exp.epochs is not None and exp.steps is not None:
        c.add("steps", Message("give epochs or steps, not both"))
    elif exp.epochs is None and exp.steps is None:
        c.add("epochs", Message("give epochs or steps"))
    if exp.init is not None and len(exp.init) != _n_params(pname):
        if line:
            want = "[w]" if pname == "linear-w" else "[w, b]"
            c.add(
                "init",
                Message(
                    "{problem} needs {want}, got {got} value(s)",
                    problem=pname,
                    want=want,
                    got=len(exp.init),
                ),
            )
        else:
            c.add(
                "init",
                Message(
                    "{problem} needs {want}, got {got} value(s)",
                    problem=pname,
                    want="[x, y]",
                    got=len(exp.init),
                ),
            )


# ---------------------------------------------------------------------------------------
# value types
# ---------------------------------------------------------------------------------------
_EMPTY: Mapping[str, Any] = MappingProxyType({})


@dataclass(frozen=True)
class ProblemConfig:
    """Which problem: ``name``, a surface's parameters as given, ``expr`` (custom),
    ``domain`` as ``((x0, x1), (y0, y1))`` or None (the problem's own)."""

    name: str = "linear-w"
    params: Mapping[str, float] = field(default_factory=lambda: _EMPTY)
    expr: str | None = None
    domain: tuple[tuple[float, float], tuple[float, float]] | None = None

    @property
    def is_line(self) -> bool:
        return self.name in LINE_PROBLEMS

    @property
    def n_params(self) -> int:
        return _n_params(self.name)

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> ProblemConfig:
        """From its (validated) JSON object; raises :class:`ExperimentError` otherwise."""
        c = _Checker()
        _check_problem(c, d)
        if c.errors:
            raise ExperimentError(c.errors)
        params = {k: v for k, v in d.items() if k not in ("name", "expr", "domain")}
        dom = d.get("domain")
        return cls(
            d["name"],
            _frozen(params),
            d.get("expr"),
            None if dom is None else (tuple(dom[0]), tuple(dom[1])),
        )

    def __hash__(self) -> int:
        return hash((self.name, tuple(self.params.items()), self.expr, self.domain))

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name}
        if self.expr is not None:
            out["expr"] = self.expr
        out.update(self.params)
        if self.domain is not None:
            out["domain"] = [list(r) for r in self.domain]
        return out


@dataclass(frozen=True)
class OptimizerConfig:
    """The optimizer's ``name`` and the hyperparameters given (a read-only mapping;
    the rest take the optimizer's defaults)."""

    name: str = "gd"
    hyperparams: Mapping[str, Any] = field(default_factory=lambda: _frozen({"lr": 0.01}))

    @classmethod
    def make(cls, name: str, hyperparams: Mapping[str, Any]) -> OptimizerConfig:
        """A validated configuration; errors name ``optimizer.<key>``."""
        c = _Checker()
        _check_field(c, "optimizer", {"name": name, **hyperparams}, None)
        if c.errors:
            raise ExperimentError(c.errors)
        return cls(name, _frozen(hyperparams))

    def __hash__(self) -> int:
        return hash((self.name, tuple(self.hyperparams.items())))

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, **self.hyperparams}


# ---------------------------------------------------------------------------------------
# the experiment
# ---------------------------------------------------------------------------------------
_FIELD_KEYS = (
    "problem",
    "data",
    "standardize",
    "optimizer",
    "batch_size",
    "epochs",
    "steps",
    "init",
    "seed",
    "gradient_noise",
    "tolerance",
    "divergence_factor",
    "predict",
    "name",
    "description",
    "base_dir",
    "schedule",
    "loss_scale",
    "runs",
)


@dataclass(frozen=True)
class Experiment:
    """A validated, immutable experiment.

    Build one with :func:`load_experiment`, :func:`preset`, :meth:`from_json`, or
    ``Experiment()`` (tutorial 003's experiment), and change it with :meth:`replace`,
    which validates only what changed and shares the data. ``batch_size`` is None for
    the full batch; exactly one of ``epochs`` and ``steps`` is set.
    """

    problem: ProblemConfig = ProblemConfig()
    data: Data | None = DOUBLING  # line problems only
    standardize: bool = False
    optimizer: OptimizerConfig = OptimizerConfig()
    batch_size: int | None = None
    epochs: int | None = 100
    steps: int | None = None
    init: tuple[float, ...] | None = None
    seed: int = 0
    gradient_noise: float = 0.0
    tolerance: float | None = None
    divergence_factor: float = 1e12
    predict: tuple[float, ...] = ()
    name: str | None = None
    description: str | None = None
    base_dir: Path | None = field(default=None, compare=True)  # where relative CSVs live
    schedule: Mapping[str, Any] | None = None  # a complete schedule config, or None
    loss_scale: str | None = None  # the loss plot's axis: "linear", "log" or None (linear)
    runs: tuple[RunSpec, ...] = ()  # runs side by side over this base (see gdgui.core.runs)

    def __post_init__(self) -> None:
        c = _Checker()
        if not _CHECKED.get():  # built directly: check every (small) field
            _check_fields(c, self)
        _check_cross(c, self)
        if self.problem.is_line and self.data is None:
            c.add("data", Message("the problem {problem} needs data", problem=self.problem.name))
        if c.errors:
            raise ExperimentError(c.errors)
        if self.runs:
            errors = _runs.check_over(self)
            if errors:
                raise ExperimentError(errors)

    # --- JSON ---------------------------------------------------------------------------
    @classmethod
    def from_json(
        cls,
        d: str | Mapping[str, Any],
        base_dir: str | os.PathLike | None = None,
        source: str | None = None,
    ) -> Experiment:
        """From JSON text or its parsed object; every error is reported with its path."""
        if isinstance(d, str):
            d = parse_json(d, source)
        if not isinstance(d, Mapping):
            raise ExperimentError([("", Message("an experiment must be a JSON object"))], source)
        c = _Checker()
        for k in d:
            if k not in _TOP_KEYS:
                c.add(
                    k,
                    Message(
                        "unknown key; expected one of {keys}", keys=", ".join(sorted(_TOP_KEYS))
                    ),
                )
        version = d.get("version")
        if type(version) is not int or version != VERSION:  # not true, not 1.0
            c.add(
                "version",
                Message("must be {version}, got {value}", version=VERSION, value=_show(version)),
            )
        pname = _check_problem(c, d.get("problem", DEFAULTS["problem"]))
        line = pname in LINE_PROBLEMS
        changes: dict[str, Any] = {}
        for k, v in d.items():
            if k in ("version", "problem") or k not in _TOP_KEYS:
                continue
            if k == "data":
                if pname is not None and not line:
                    c.add("data", Message("the problem {problem} takes no data", problem=pname))
                else:
                    changes["data"] = _data_from(c, v)
                continue
            if k == "standardize" and v is True and pname is not None and not line:
                c.add(
                    "standardize",
                    Message("applies to line problems only, not {problem}", problem=pname),
                )
                continue
            if k in ("schedule", "view"):
                changes.update(_check_extra(c, k, v))
                continue
            if k == "runs":
                runs = _runs.check_runs(c, v)
                if runs is not None:
                    changes["runs"] = runs
                continue
            _check_field(c, k, v, pname)
            changes[k] = v
        if "epochs" in d and "steps" in d:
            c.add("steps", Message("give epochs or steps, not both"))
        init = d.get("init")
        if (
            pname is not None
            and isinstance(init, list)
            and all(_is_number(v) for v in init)
            and len(init) != _n_params(pname)
        ):
            want = {"linear-w": "[w]", "linear-wb": "[w, b]"}.get(pname, "[x, y]")
            c.add(
                "init",
                Message(
                    "{problem} needs {want}, got {got} value(s)",
                    problem=pname,
                    want=want,
                    got=len(init),
                ),
            )
        if c.errors:
            raise ExperimentError(c.errors, source)
        problem = ProblemConfig.from_json(d.get("problem", DEFAULTS["problem"]))
        fields = _typed(changes)
        if not problem.is_line:
            fields["data"], fields["standardize"] = None, False
        elif fields.get("data") is None:
            fields["data"] = DOUBLING
        if "steps" in fields:
            fields.setdefault("epochs", None)
        try:
            with _checked():
                return cls(problem=problem, base_dir=Path(base_dir) if base_dir else None, **fields)
        except ExperimentError as e:
            raise ExperimentError(e.errors, source) from None

    @classmethod
    def from_dict(
        cls,
        d: Mapping[str, Any],
        base_dir: str | os.PathLike | None = None,
        source: str | None = None,
    ) -> Experiment:
        """Same as :meth:`from_json` with the parsed object."""
        return cls.from_json(d, base_dir, source)

    def to_dict(self) -> dict[str, Any]:
        """The JSON object, defaults filled in (inline points become lists)."""
        d: dict[str, Any] = {"version": VERSION}
        if self.name is not None:
            d["name"] = self.name
        if self.description is not None:
            d["description"] = self.description
        d["problem"] = self.problem.to_json()
        if self.problem.is_line and self.data is not None:
            d["data"] = self.data.to_json()
            d["standardize"] = self.standardize
        d["optimizer"] = self.optimizer.to_json()
        d["batch_size"] = "full" if self.batch_size is None else self.batch_size
        if self.steps is not None:
            d["steps"] = self.steps
        else:
            d["epochs"] = self.epochs
        d["init"] = None if self.init is None else list(self.init)
        d["seed"] = self.seed
        d["gradient_noise"] = self.gradient_noise
        d["stopping"] = {"tolerance": self.tolerance, "divergence_factor": self.divergence_factor}
        d["predict"] = list(self.predict)
        if self.schedule is not None:
            d["schedule"] = dict(self.schedule)
        if self.loss_scale is not None:
            d["view"] = {"loss_scale": self.loss_scale}
        if self.runs:
            d["runs"] = [r.to_json() for r in self.runs]
        return d

    @property
    def spec(self) -> dict[str, Any]:
        """The JSON object (built on each call; prefer the fields)."""
        return self.to_dict()

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False) + "\n"

    # --- editing ------------------------------------------------------------------------
    def replace(self, **changes: Any) -> Experiment:
        """A new experiment with fields changed; only what changed is validated.

        Values may be typed (a :class:`ProblemConfig`, a Dataset or :class:`Data`, a
        tuple for ``init``) or their JSON forms. ``optimizer`` given as a mapping without
        ``name`` merges hyperparameters; ``steps``/``epochs`` replace each other;
        ``stopping`` (JSON) sets ``tolerance``/``divergence_factor``. The data is shared,
        never copied. The rules of what an edit resets live in :mod:`gdgui.core.edits`.
        """
        c = _Checker()
        fields: dict[str, Any] = {}
        pname = self.problem.name
        for k, v in changes.items():
            if k == "problem":
                if not isinstance(v, ProblemConfig):
                    before = len(c.errors)
                    _check_problem(c, v)
                    if len(c.errors) > before:
                        continue
                    v = ProblemConfig.from_json(v)
                fields["problem"] = v
                pname = v.name
            elif k == "data":
                fields["data"] = None if v is None else _data_from(c, v)
            elif k == "optimizer":
                if isinstance(v, OptimizerConfig):
                    fields["optimizer"] = v
                    continue
                if isinstance(v, Mapping) and "name" not in v:
                    v = {**self.optimizer.to_json(), **v}
                before = len(c.errors)
                _check_field(c, "optimizer", v, pname)
                if len(c.errors) == before:
                    fields["optimizer"] = OptimizerConfig(
                        v["name"], _frozen({k2: x for k2, x in v.items() if k2 != "name"})
                    )
            elif k == "base_dir":
                fields["base_dir"] = Path(v) if v else None
            elif k == "runs":
                runs = _runs.check_runs(c, v)
                if runs is not None:
                    fields["runs"] = runs
            elif k == "schedule":
                config = check_schedule(c, v)
                if config is not False:
                    fields["schedule"] = config
            elif k in ("loss_scale", "view"):
                fields.update(
                    _check_extra(c, "view", {"loss_scale": v} if k == "loss_scale" else v)
                )
            elif k in ("tolerance", "divergence_factor"):
                _check_field(c, "stopping", {k: v}, pname)
                fields[k] = v
            elif k in _TOP_KEYS and k != "version":
                if k in ("name", "description") and v is None:
                    fields[k] = None
                    continue
                _check_field(c, k, v, pname)
                fields[k] = v
            else:
                c.add(
                    k, Message("unknown field; expected one of {keys}", keys=", ".join(_FIELD_KEYS))
                )
        if c.errors:
            raise ExperimentError(c.errors)
        fields = _typed(fields)
        if "steps" in changes and "epochs" not in changes:
            fields["epochs"] = None
        if "epochs" in changes and "steps" not in changes:
            fields["steps"] = None
        problem = fields.get("problem", self.problem)
        if not problem.is_line:  # a surface drops the data, unless it is given now
            fields.setdefault("data", None)
            fields.setdefault("standardize", False)
        elif fields.get("data", self.data) is None:
            fields["data"] = DOUBLING
        with _checked():  # the changed fields were checked above
            return dataclasses.replace(self, **fields)

    # --- accessors ----------------------------------------------------------------------
    @property
    def problem_name(self) -> str:
        return self.problem.name

    @property
    def optimizer_name(self) -> str:
        return self.optimizer.name

    @property
    def hyperparams(self) -> dict[str, Any]:
        return dict(self.optimizer.hyperparams)

    @property
    def stopping(self) -> dict[str, Any]:
        return {"tolerance": self.tolerance, "divergence_factor": self.divergence_factor}

    # --- building -----------------------------------------------------------------------
    def dataset(self):
        """The data of a line problem as a :class:`gdgui.core.data.Dataset` (else None)."""
        if not self.problem.is_line or self.data is None:
            return None
        return self.data.dataset(self.base_dir)

    def build_problem(self, dataset=None):
        """The :class:`~gdgui.core.problems.Problem` this experiment describes."""
        p = self.problem
        if p.is_line:
            from .regression import LinearRegression

            ds = dataset if dataset is not None else self.dataset()
            model = "w" if p.name == "linear-w" else "wb"
            if self.standardize:
                from .regression import StandardizedRegression

                return StandardizedRegression(ds.x, ds.y, model=model)
            return LinearRegression(ds.x, ds.y, model=model)
        if p.name == "custom":
            from .expr import ExpressionProblem

            kw = {"domain": p.domain} if p.domain else {}
            assert p.expr is not None  # a custom problem's expression is required
            return ExpressionProblem(p.expr, **kw)
        from .surfaces import SURFACES

        prob = SURFACES[p.name](**p.params)
        if p.domain:
            prob.set_domain(p.domain)
        return prob

    def initial_params(self, problem):
        """The start in the optimizer's parameters: ``init`` (given on the shown scale)
        converted by the problem, else the problem's default start."""
        if self.init is None:
            return np.asarray(problem.default_init(), dtype=float).reshape(-1)
        return np.asarray(problem.to_internal(list(self.init)), dtype=float).reshape(-1)

    def run_settings(self, problem) -> dict[str, Any]:
        """The :class:`~gdgui.core.runner.Run` keywords of this experiment (its runs
        ignored) on the built ``problem``."""
        return dict(
            optimizer=self.optimizer_name,
            hyperparams=self.hyperparams,
            init=self.initial_params(problem),
            batch_size=self.batch_size,
            epochs=self.epochs,
            steps=self.steps,
            seed=self.seed,
            tolerance=self.tolerance,
            divergence_factor=self.divergence_factor,
            gradient_noise=self.gradient_noise,
            schedule=self.schedule,
        )

    def build_run(self, problem=None):
        """A ready :class:`~gdgui.core.runner.Run` of this experiment (its runs ignored:
        see :meth:`build_race`)."""
        from .runner import Run

        problem = problem if problem is not None else self.build_problem()
        return Run(problem, **self.run_settings(problem))

    def build_race(self, problem=None):
        """A :class:`~gdgui.core.race.Race` of every run on one problem (built once,
        or ``problem``): run i is what ``run_experiment(i).build_run(problem)`` is."""
        from .race import Race

        problem = problem if problem is not None else self.build_problem()
        return Race(
            problem, [self.run_experiment(i).run_settings(problem) for i in range(self.run_count)]
        )

    # --- runs side by side (the rules: gdgui.core.runs) ------------------------------
    @property
    def run_count(self) -> int:
        """How many runs: ``len(runs)``, or 1 without runs."""
        return max(1, len(self.runs))

    def run_experiment(self, i: int) -> Experiment:
        """Run ``i`` alone: the base with its overrides, ``runs=()`` (without runs, the
        experiment itself for ``i = 0``). IndexError out of range."""
        return _runs.run_experiment(self, i)

    def run_name(self, i: int) -> str:
        """Run ``i``'s name, else "gd, η = 0.01" (its optimizer and learning rate),
        made unique among the runs with " (2)", " (3)", ..."""
        _runs._index(self, i)
        return self.run_names[i]

    @functools.cached_property
    def run_names(self) -> tuple[str, ...]:
        """Every run's :meth:`run_name`, worked out once per experiment (it is
        immutable): one name builds every run's experiment, so a table of 16 runs asking
        for each name took 36-100 ms of the GUI thread."""
        return _runs.run_names(self)

    def with_run(self, i: int, single: Experiment) -> Experiment:
        """Run ``i`` set to ``single`` (an experiment without runs, e.g. an edited
        ``run_experiment(i)``): its differences in the run keys become run i's overrides;
        a difference elsewhere (problem, data, stopping, ...) changes the base of all runs
        (a new problem resets every run's ``init``). Without runs, ``single`` itself."""
        return _runs.with_run(self, i, single)

    def add_run(self, single: Experiment | None = None, name: str | None = None) -> Experiment:
        """A run appended: ``single``'s settings, else a copy of the last run's. Without
        runs the base first becomes run 0 (no name, no overrides)."""
        return _runs.add_run(self, single, name)

    def duplicate_run(self, i: int) -> Experiment:
        """A copy of run ``i`` right after it."""
        return _runs.duplicate_run(self, i)

    def remove_run(self, i: int) -> Experiment:
        """Run ``i`` removed; down to one run, that run's settings as the base with
        ``runs=()``. ValueError for the last run."""
        return _runs.remove_run(self, i)

    def rename_run(self, i: int, name: str | None) -> Experiment:
        """Run ``i`` named ``name`` (None: its default name; names are unique)."""
        return _runs.rename_run(self, i, name)

    def run(self):
        """Run to the end; returns the finished :class:`~gdgui.core.runner.Run`."""
        r = self.build_run()
        r.run()
        return r

    def save(self, path: str | os.PathLike) -> None:
        """Write the experiment atomically (a failure never leaves a partial file; see
        :func:`gdgui.core.fileio.atomic_write_text`). Raises ``FileIOError``."""
        fileio.atomic_write_text(path, self.to_json())


def _check_fields(c: _Checker, exp: Experiment) -> None:
    """Check an experiment built directly (``Experiment(seed=...)``), field by field."""
    if not isinstance(exp.problem, ProblemConfig):
        c.add("problem", "must be a ProblemConfig")
    else:
        _check_problem(c, exp.problem.to_json())
    if not isinstance(exp.optimizer, OptimizerConfig):
        c.add("optimizer", "must be an OptimizerConfig")
    else:
        _check_field(c, "optimizer", exp.optimizer.to_json(), None)
    if exp.data is not None and not isinstance(exp.data, Data):
        c.add("data", "must be a Data (or None)")
    small = {
        "standardize": exp.standardize,
        "seed": exp.seed,
        "gradient_noise": exp.gradient_noise,
        "batch_size": "full" if exp.batch_size is None else exp.batch_size,
        "init": None if exp.init is None else list(exp.init),
        "predict": list(exp.predict),
        "stopping": {"tolerance": exp.tolerance, "divergence_factor": exp.divergence_factor},
    }
    for key in ("epochs", "steps", "name", "description"):
        if getattr(exp, key) is not None:
            small[key] = getattr(exp, key)
    for key, value in small.items():
        _check_field(c, key, value, exp.problem.name)
    if exp.schedule is not None:
        check_schedule(c, exp.schedule)
    if exp.loss_scale is not None and exp.loss_scale not in LOSS_SCALES:
        c.add(
            "view.loss_scale",
            Message("must be linear or log, got {value}", value=_show(exp.loss_scale)),
        )


def _typed(changes: dict[str, Any]) -> dict[str, Any]:
    """Validated JSON values -> the fields' types (O(1) except the short lists)."""
    out = dict(changes)
    if "optimizer" in out and isinstance(out["optimizer"], Mapping):
        v = out["optimizer"]
        out["optimizer"] = OptimizerConfig(
            v["name"], _frozen({k: x for k, x in v.items() if k != "name"})
        )
    if "batch_size" in out:
        out["batch_size"] = None if out["batch_size"] == "full" else int(out["batch_size"])
    if "init" in out and out["init"] is not None:
        out["init"] = tuple(out["init"])
    if "predict" in out:
        out["predict"] = tuple(out["predict"] or ())
    if "stopping" in out:
        s = out.pop("stopping") or {}
        if "tolerance" in s:
            out["tolerance"] = s["tolerance"]
        if "divergence_factor" in s:
            out["divergence_factor"] = s["divergence_factor"]
    if "standardize" in out:
        out["standardize"] = bool(out["standardize"])
    return out


atomic_write_text = fileio.atomic_write_text  # kept for the modules that import it here


def load_experiment(path: str | os.PathLike) -> Experiment:
    """Read and validate an experiment file. Raises :class:`ExperimentError`."""
    shown = os.fspath(path)
    if "\0" in shown:
        raise ExperimentError([("", Message("a file name cannot contain a NUL byte"))], repr(shown))
    path = Path(path)
    try:
        text = fileio.read_text(path, MAX_FILE_BYTES)
    except fileio.FileIOError as e:
        if e.code == errno.ENOENT:
            raise ExperimentError([("", Message("file not found"))], str(path)) from None
        raise ExperimentError(
            [("", Message("cannot read the file: {error}", error=e.reason))], str(path)
        ) from None
    d = parse_json(text, str(path))
    return Experiment.from_dict(d, base_dir=path.parent, source=str(path))


def _resources():
    from .._resources import files

    return files() / "experiments"


def preset_names() -> list[str]:
    """Names of the bundled experiments (``tutorial-003``, ...)."""
    return sorted(p.name[:-5] for p in _resources().iterdir() if p.name.endswith(".json"))


PRESETS = preset_names


def preset(name: str) -> Experiment:
    """A bundled experiment by name, e.g. ``preset("tutorial-003")``."""
    res = _resources() / f"{name}.json"
    if not res.is_file():
        raise ExperimentError(
            [
                (
                    "preset",
                    Message(
                        "unknown preset {name!r}; expected one of {names}",
                        name=name,
                        names=", ".join(preset_names()),
                    ),
                )
            ]
        )
    d = parse_json(res.read_text(encoding="utf-8"), f"preset {name}")
    return Experiment.from_dict(d, source=f"preset {name}")
