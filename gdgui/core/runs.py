"""Runs side by side in one experiment: ``"runs": [{...}, ...]``.

Each entry of ``runs`` is a partial experiment merged over the base (the rest of the
file): any of ``name``, ``optimizer`` (a ``name`` and/or hyperparameters, merged as
:meth:`Experiment.replace` merges them: without ``name`` the hyperparameters given
replace the base's, with ``name`` the optimizer is exactly what is given), ``init``,
``batch_size``, ``seed``, ``gradient_noise`` and ``schedule``. One editing rule
applies: a run that changes the optimizer but not the schedule drops the base's
schedule when its optimizer cannot take it (as :func:`gdgui.core.edits.set_optimizer`
does). Everything else (problem, data, stopping, length, ...) is shared by all runs.

Without ``runs`` an experiment is one run, as it always was. :class:`RunSpec` holds
one entry; the :class:`~gdgui.core.experiment.Experiment` methods (``run_count``,
``run_experiment``, ``with_run``, ``add_run``, ...) build on the functions here, which
take the experiment as an argument and never import :mod:`gdgui.core.experiment`
(it imports this module). Nothing here passes over the data.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from .messages import Message
from .schema import Checker, checked, show

__all__ = [
    "RUN_OVERRIDE_KEYS",
    "RunSpec",
    "add_run",
    "check_over",
    "check_runs",
    "default_names",
    "differences",
    "duplicate_run",
    "override_changes",
    "remove_run",
    "rename_run",
    "run_experiment",
    "run_name",
    "with_run",
]

#: the keys a run may set over the base (besides ``name``)
RUN_OVERRIDE_KEYS = ("optimizer", "init", "batch_size", "seed", "gradient_noise", "schedule")
_ENTRY_KEYS = {"name", *RUN_OVERRIDE_KEYS}


def _freeze(v: Any) -> Any:
    if isinstance(v, Mapping):
        return MappingProxyType({k: _freeze(x) for k, x in v.items()})
    if isinstance(v, (list, tuple)):
        return tuple(_freeze(x) for x in v)
    return v


def _thaw(v: Any) -> Any:
    if isinstance(v, Mapping):
        return {k: _thaw(x) for k, x in v.items()}
    if isinstance(v, tuple):
        return [_thaw(x) for x in v]
    return v


@dataclass(frozen=True)
class RunSpec:
    """One run of an experiment: its ``name`` (None: a default from its optimizer) and
    ``overrides``, a read-only mapping of the keys of :data:`RUN_OVERRIDE_KEYS` in their
    JSON form (lists are kept as tuples) merged over the base experiment."""

    name: str | None = None
    overrides: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))

    def __post_init__(self) -> None:
        object.__setattr__(self, "overrides", _freeze(dict(self.overrides)))

    def __hash__(self) -> int:
        return hash((self.name, repr(sorted(self.to_json().items()))))

    def to_json(self) -> dict[str, Any]:
        """The run's JSON object (``name`` first when given)."""
        out: dict[str, Any] = {} if self.name is None else {"name": self.name}
        out.update(_thaw(self.overrides))
        return out

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> RunSpec:
        """From a run's JSON object (its keys checked by :func:`check_runs`)."""
        return cls(d.get("name"), {k: v for k, v in d.items() if k != "name"})


def check_runs(c: Checker, v: Any, path: str = "runs") -> tuple[RunSpec, ...] | None:
    """``runs`` from JSON (or a sequence of :class:`RunSpec`): the runs, or None after
    adding the errors of their form to ``c``: not a list, an entry not an object, an
    unknown key, a name not text or given twice. Their values are checked when the
    runs are built over the base (by the experiment)."""
    if not isinstance(v, (list, tuple)):
        c.add(path, Message("must be a list of runs, got {value}", value=show(v)))
        return None
    before = len(c.errors)
    out: list[RunSpec] = []
    for i, entry in enumerate(v):
        where = f"{path}[{i}]"
        if isinstance(entry, RunSpec):
            entry = entry.to_json()
        if not isinstance(entry, Mapping):
            c.add(where, Message("must be an object, got {value}", value=show(entry)))
            continue
        for k in entry:
            if k not in _ENTRY_KEYS:
                c.add(
                    f"{where}.{k}",
                    Message(
                        "unknown key; expected one of {keys}", keys=", ".join(sorted(_ENTRY_KEYS))
                    ),
                )
        name = entry.get("name")
        if name is not None and not isinstance(name, str):
            c.add(f"{where}.name", Message("must be text"))
            continue
        out.append(RunSpec.from_json({k: x for k, x in entry.items() if k in _ENTRY_KEYS}))
    check_names(c, out, path)
    return None if len(c.errors) > before else tuple(out)


def check_names(c: Checker, runs: Sequence[RunSpec], path: str = "runs") -> None:
    """A name given twice is an error at the second."""
    seen: dict[str, int] = {}
    for i, spec in enumerate(runs):
        if spec.name is None:
            continue
        if spec.name in seen:
            c.add(
                f"{path}[{i}].name",
                Message(
                    "{name} is the name of {other} already",
                    name=show(spec.name),
                    other=f"{path}[{seen[spec.name]}]",
                ),
            )
        else:
            seen[spec.name] = i


def override_changes(
    base_optimizer: str, base_schedule: Any, overrides: Mapping[str, Any]
) -> dict[str, Any]:
    """The :meth:`Experiment.replace` changes that apply a run's ``overrides`` to a base
    with the optimizer ``base_optimizer`` and schedule ``base_schedule``."""
    changes = _thaw(overrides)
    opt = changes.get("optimizer")
    if (
        isinstance(opt, Mapping)
        and opt.get("name", base_optimizer) != base_optimizer
        and "schedule" not in changes
        and base_schedule is not None
    ):
        from . import schedules

        try:
            schedules.make(base_schedule, opt["name"])
        except (ValueError, KeyError):  # the new optimizer cannot take it: dropped
            changes["schedule"] = None
    return changes


def differences(base: Mapping[str, Any], single: Mapping[str, Any]) -> dict[str, Any]:
    """The overrides that turn the base's JSON object ``base`` into ``single``'s (only
    the keys of :data:`RUN_OVERRIDE_KEYS`): the optimizer as the hyperparameters that
    differ when the name is the same and none is dropped, else whole."""
    out: dict[str, Any] = {}
    for k in RUN_OVERRIDE_KEYS:
        a, b = base.get(k), single.get(k)
        if a == b:
            continue
        if (
            k == "optimizer"
            and isinstance(a, Mapping)
            and isinstance(b, Mapping)
            and a["name"] == b["name"]
            and set(a) <= set(b)
        ):
            out[k] = {h: x for h, x in b.items() if h != "name" and a.get(h) != x}
        else:
            out[k] = b
    return out


def default_names(titles: Sequence[str], names: Sequence[str | None]) -> list[str]:
    """Each run's shown name: its own, else its default title; a title already taken
    gets " (2)", " (3)", ... so every name is unique."""
    used = {n for n in names if n is not None}
    out: list[str] = []
    for title, name in zip(titles, names, strict=True):
        if name is not None:
            out.append(name)
            continue
        shown, k = title, 1
        while shown in used:
            k += 1
            shown = f"{title} ({k})"
        used.add(shown)
        out.append(shown)
    return out


# --- the experiment's run methods (``exp`` is an Experiment; see its methods) ---------------
#: the experiment's fields a run may set (``name`` included), typed
_RUN_FIELDS = frozenset({"name", *RUN_OVERRIDE_KEYS, "runs"})


def _index(exp: Any, i: int) -> int:
    count = max(1, len(exp.runs))
    if not isinstance(i, int) or not 0 <= i < count:
        raise IndexError(
            Message(
                "run {run!r} out of range: the experiment has {count} run(s)", run=i, count=count
            )
        )
    return i


def _base(exp: Any) -> Any:
    with checked():
        return dataclasses.replace(exp, runs=())


def _with_runs(exp: Any, runs: Sequence[RunSpec]) -> Any:
    with checked():  # the base's fields are unchanged; the runs are checked over it
        return dataclasses.replace(exp, runs=tuple(runs))


def run_experiment(exp: Any, i: int) -> Any:
    """The base with run ``i``'s overrides applied, without runs."""
    _index(exp, i)
    if not exp.runs:
        return exp
    spec, base = exp.runs[i], _base(exp)
    changes = override_changes(base.optimizer.name, base.schedule, spec.overrides)
    if spec.name is not None:
        changes["name"] = spec.name
    return base.replace(**changes) if changes else base


def check_over(exp: Any) -> list[tuple[str, str]]:
    """The errors of ``exp``'s runs built over its base, with their paths
    (``runs[2].optimizer.lr``); O(1) per run."""
    c = Checker()
    if not isinstance(exp.runs, tuple) or not all(isinstance(r, RunSpec) for r in exp.runs):
        c.add("runs", "must be a tuple of RunSpec")
        return c.errors
    for i, spec in enumerate(exp.runs):
        unknown = sorted(set(spec.overrides) - set(RUN_OVERRIDE_KEYS))
        if unknown:
            c.add(
                f"runs[{i}].{unknown[0]}",
                Message("unknown key; expected one of {keys}", keys=", ".join(sorted(_ENTRY_KEYS))),
            )
            continue
        if spec.name is not None and not isinstance(spec.name, str):
            c.add(f"runs[{i}].name", Message("must be text"))
            continue
        try:
            run_experiment(exp, i)
        except ValueError as e:  # an ExperimentError: its (path, message) pairs
            for path, msg in getattr(e, "errors", [("", str(e))]):
                c.add(f"runs[{i}].{path}" if path else f"runs[{i}]", msg)
    check_names(c, exp.runs)
    return c.errors


def _title(single: Any) -> str:
    from . import optimizers as optim

    lr = {**optim.get(single.optimizer.name).defaults(), **single.optimizer.hyperparams}.get("lr")
    return single.optimizer.name if lr is None else f"{single.optimizer.name}, η = {lr:g}"


def run_name(exp: Any, i: int) -> str:
    """Run ``i``'s name, else its optimizer and learning rate, unique among the runs."""
    _index(exp, i)
    return run_names(exp)[i]


def run_names(exp: Any) -> tuple[str, ...]:
    """Every run's :func:`run_name` at once (each default name depends on all the runs'
    titles, and a title builds the run's experiment)."""
    if not exp.runs:
        return (_title(exp),)
    titles = [_title(run_experiment(exp, j)) for j in range(len(exp.runs))]
    return tuple(default_names(titles, [r.name for r in exp.runs]))


def _run_json(exp: Any) -> dict[str, Any]:
    """The run keys of ``exp`` in JSON form (O(1): no data)."""
    return {
        "optimizer": exp.optimizer.to_json(),
        "init": None if exp.init is None else list(exp.init),
        "batch_size": "full" if exp.batch_size is None else exp.batch_size,
        "seed": exp.seed,
        "gradient_noise": exp.gradient_noise,
        "schedule": None if exp.schedule is None else dict(exp.schedule),
    }


def _split(exp: Any, single: Any) -> tuple[Any, dict[str, Any], bool]:
    """The base with ``single``'s differences outside the run keys applied, ``single``'s
    overrides over it, and whether the problem changed (another name)."""
    base = _base(exp)
    outside = {
        f.name: getattr(single, f.name)
        for f in dataclasses.fields(base)
        if f.name not in _RUN_FIELDS and getattr(single, f.name) != getattr(base, f.name)
    }
    new_problem = "problem" in outside and single.problem.name != base.problem.name
    if new_problem:  # the editing rule: a new problem resets the start
        outside["init"] = None
    if outside:
        with checked():  # single's values, valid; the rules between fields still run
            base = dataclasses.replace(base, **outside)
    return base, differences(_run_json(base), _run_json(single)), new_problem


def _store(exp: Any, i: int | None, single: Any, name: str | None) -> Any:
    base, overrides, new_problem = _split(exp, single)
    runs = list(exp.runs)
    if new_problem:
        runs = [
            RunSpec(r.name, {k: v for k, v in r.overrides.items() if k != "init"}) for r in runs
        ]
    spec = RunSpec(name, overrides)
    if i is None:
        runs.append(spec)
    else:
        runs[i] = spec
    return _with_runs(base, runs)


def with_run(exp: Any, i: int, single: Any) -> Any:
    """``exp`` with run ``i`` set to ``single``'s settings (see Experiment.with_run)."""
    _index(exp, i)
    if not exp.runs:
        return single
    name = single.name if single.name != exp.name else None
    return _store(exp, i, single, name)


def _unused(exp: Any, name: str | None) -> str | None:
    return None if name is None or name in {r.name for r in exp.runs} else name


def add_run(exp: Any, single: Any = None, name: str | None = None) -> Any:
    """``exp`` with a run appended (see Experiment.add_run)."""
    if not exp.runs:
        exp = _with_runs(exp, [RunSpec(None, {})])
    if single is None:
        return _with_runs(exp, [*exp.runs, RunSpec(name, exp.runs[-1].overrides)])
    if name is None:
        name = _unused(exp, single.name if single.name != exp.name else None)
    return _store(exp, None, single, name)


def duplicate_run(exp: Any, i: int) -> Any:
    """``exp`` with a copy of run ``i`` right after it (a named run's copy is named
    "name (2)", ...)."""
    _index(exp, i)
    if not exp.runs:
        return add_run(exp)
    spec = exp.runs[i]
    name = spec.name
    if name is not None:
        used, k = {r.name for r in exp.runs}, 2
        while f"{spec.name} ({k})" in used:
            k += 1
        name = f"{spec.name} ({k})"
    runs = list(exp.runs)
    runs.insert(i + 1, RunSpec(name, spec.overrides))
    return _with_runs(exp, runs)


def remove_run(exp: Any, i: int) -> Any:
    """``exp`` without run ``i``; down to one run, the experiment without runs whose base
    is that run's settings (the experiment keeps its name)."""
    _index(exp, i)
    if len(exp.runs) <= 1:
        raise ValueError(Message("an experiment keeps at least one run"))
    runs = [r for j, r in enumerate(exp.runs) if j != i]
    if len(runs) > 1:
        return _with_runs(exp, runs)
    single = run_experiment(exp, 1 - i)
    with checked():
        return dataclasses.replace(single, name=exp.name)


def rename_run(exp: Any, i: int, name: str | None) -> Any:
    """``exp`` with run ``i`` named ``name`` (None: its default name)."""
    _index(exp, i)
    if name is not None and not isinstance(name, str):
        raise TypeError(f"a run's name must be text, got {type(name).__name__}")
    if not exp.runs:
        return _with_runs(exp, [RunSpec(name, {})])
    runs = list(exp.runs)
    runs[i] = RunSpec(name, runs[i].overrides)
    return _with_runs(exp, runs)
