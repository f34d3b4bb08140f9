"""The rules each field of an experiment's JSON must follow, with their paths.

Every check adds ``(path, message)`` pairs to a :class:`Checker`; nothing here
builds an experiment (that is :mod:`gdgui.core.experiment`) and nothing here
imports Qt.
"""

from __future__ import annotations

import contextlib
import contextvars
import json
import math
from collections.abc import Iterator, Mapping
from typing import Any

from . import optimizers as optim
from .messages import Message, clip

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
            self.add(path, Message("must be an object, got {value}", value=show(value)))
            return None
        for k in value:
            if k not in allowed:
                self.add(
                    f"{path}.{k}" if path else k,
                    Message("unknown key; expected one of {keys}", keys=", ".join(sorted(allowed))),
                )
        return value

    def number(
        self,
        d: Mapping,
        key: str,
        path: str,
        *,
        low=None,
        low_open=False,
        high=None,
        integer=False,
        required=False,
    ) -> None:
        if key not in d:
            if required:
                self.add(path, Message("is required"))
            return
        v = d[key]
        if integer and not is_int(v):
            self.add(path, Message("must be a whole number, got {value}", value=show(v)))
            return
        if not is_number(v):
            self.add(path, Message("must be a finite number, got {value}", value=show(v)))
            return
        if low is not None and (v <= low if low_open else v < low):
            self.add(
                path,
                Message(
                    "must be > {low:g}, got {value!r}"
                    if low_open
                    else "must be >= {low:g}, got {value!r}",
                    low=low,
                    value=v,
                ),
            )
        elif high is not None and v > high:
            self.add(path, Message("must be <= {high:g}, got {value!r}", high=high, value=v))


#: the deepest nesting of JSON arrays/objects accepted in an experiment
MAX_DEPTH = 100
LOSS_SCALES = ("linear", "log")


def cut(text: str, limit: int = 200) -> str:
    """One short line: line breaks as spaces, cut to ``limit`` characters with "…" (a
    Message stays one, cut after translation too)."""
    return clip(text, limit)


# --- strict JSON ---------------------------------------------------------------------------
class JSONInputError(ValueError):
    """Raised from the JSON parser's hooks (a duplicate key, a huge integer)."""


#: the json module's reasons for refusing a text that a Message can carry (word for word)
_JSON_REASONS = frozenset(
    (
        "Expecting value",
        "Expecting ',' delimiter",
        "Expecting ':' delimiter",
        "Expecting property name enclosed in double quotes",
        "Extra data",
        "Unterminated string starting at",
        "Invalid \\uXXXX escape",
    )
)


def json_reason(msg: str) -> str:
    """json's ``JSONDecodeError.msg``: a Message when it is one the window translates."""
    return Message(msg) if msg in _JSON_REASONS else msg


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in pairs:
        if k in out:
            raise JSONInputError(Message("the key {key} is given twice in one object", key=show(k)))
        out[k] = v
    return out


def _parse_int(text: str) -> int:
    digits = len(text.lstrip("-"))
    if digits > 309:  # beyond any float (10**308 has 309 digits; Python limits at 4300)
        raise JSONInputError(
            Message("a whole number of {digits:,} digits is too large", digits=digits)
        )
    v = int(text)
    try:
        float(v)
    except OverflowError:
        raise JSONInputError(
            Message("a whole number of {digits:,} digits is too large", digits=digits)
        ) from None
    return v


def _depth(text: str) -> int:
    """The deepest nesting of brackets outside strings (a linear scan, no recursion)."""
    depth = deepest = 0
    in_str = esc = False
    for ch in text:
        if in_str:
            if esc:
                esc = False
            elif ch == "\\":
                esc = True
            elif ch == '"':
                in_str = False
        elif ch == '"':
            in_str = True
        elif ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "]}":
            depth -= 1
    return deepest


def strict_json_loads(text: str) -> Any:
    """``json.loads`` that refuses a key given twice, an integer too large for a float and
    nesting deeper than :data:`MAX_DEPTH` (JSONInputError; JSONDecodeError as usual)."""
    if ("[" in text or "{" in text) and _depth(text) > MAX_DEPTH:
        raise JSONInputError(Message("nested deeper than {depth} levels", depth=MAX_DEPTH))
    return json.loads(text, object_pairs_hook=_pairs, parse_int=_parse_int)


# --- schedule and view ---------------------------------------------------------------------
def check_extra(c: Checker, key: str, v: Any) -> dict[str, Any]:
    """``schedule`` or ``view`` from JSON: the fields they set (empty after an error)."""
    if key == "view":
        if v is None:
            return {"loss_scale": None}
        if c.obj(v, "view", {"loss_scale"}) is None:
            return {}
        scale = v.get("loss_scale")
        if scale is not None and scale not in LOSS_SCALES:
            c.add(
                "view.loss_scale", Message("must be linear or log, got {value}", value=show(scale))
            )
            return {}
        return {"loss_scale": scale}
    config = check_schedule(c, v)
    return {} if config is False else {"schedule": config}


class _Config(Mapping):
    """A read-only, hashable dict (a schedule's config)."""

    __slots__ = ("_d",)

    def __init__(self, d: Mapping[str, Any]) -> None:
        self._d = dict(d)

    def __getitem__(self, key: str) -> Any:
        return self._d[key]

    def __iter__(self):
        return iter(self._d)

    def __len__(self) -> int:
        return len(self._d)

    def __hash__(self) -> int:
        return hash(tuple((k, tuple(v) if isinstance(v, list) else v) for k, v in self._d.items()))

    def __repr__(self) -> str:
        return repr(self._d)


def check_schedule(c: Checker, v: Any) -> Mapping[str, Any] | None | bool:
    """A ``schedule`` JSON value: the complete config, None (no schedule), or False
    after adding its errors (paths ``schedule.<parameter>``) to ``c``."""
    from . import schedules

    if v is None:
        return None
    if not isinstance(v, Mapping):
        c.add("schedule", Message("must be an object with a name, got {value}", value=show(v)))
        return False
    name = v.get("name")
    if not isinstance(name, str) or name not in schedules.SCHEDULES:
        c.add(
            "schedule.name",
            Message(
                "unknown schedule {value}; expected one of {names}",
                value=show(name),
                names=", ".join(schedules.SCHEDULES),
            ),
        )
        return False
    before = len(c.errors)
    if v.get("every", "step") not in schedules.EVERY:
        c.add(
            "schedule.every",
            Message("must be step or epoch, got {value}", value=show(v.get("every"))),
        )
    params = {k: x for k, x in v.items() if k not in ("name", "every")}
    try:
        errors = schedules.check_params(name, params)
    except OverflowError:  # a Python int beyond the largest float
        errors = [("", Message("a number is too large"))]
    for key, msg in errors:
        c.add(f"schedule.{key}" if key else "schedule", cut(msg, 120))
    if len(c.errors) > before:
        return False
    return _Config(schedules.validate(v))


NOISY_LINE_KEYS = {"preset", "n", "slope", "intercept", "noise", "x_min", "x_max", "seed"}


def check_data(c: Checker, data: Any) -> None:
    if not isinstance(data, dict):
        c.add("data", Message("must be an object, got {value}", value=show(data)))
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
                c.add(
                    "data.x_max",
                    Message(
                        "must be greater than x_min ({low!r}), got {value!r}", low=lo, value=hi
                    ),
                )
        else:
            c.add(
                "data.preset",
                Message(
                    "unknown preset {value}; expected doubling or noisy-line", value=show(name)
                ),
            )
    elif "csv" in data:
        c.obj(data, "data", {"csv", "x_column", "y_column"})
        if not isinstance(data["csv"], str) or not data["csv"]:
            c.add("data.csv", Message("must be a file name"))
        for k in ("x_column", "y_column"):
            if k in data and not (is_int(data[k]) and data[k] >= 0 or isinstance(data[k], str)):
                c.add(f"data.{k}", Message("must be a column name or a 0-based column number"))
    elif "x" in data or "y" in data:
        c.obj(data, "data", {"x", "y"})
        xs, ys = data.get("x"), data.get("y")
        for k, v in (("x", xs), ("y", ys)):
            if not isinstance(v, list):
                c.add(f"data.{k}", Message("must be a list of numbers"))
            else:
                for i, item in enumerate(v):
                    if not is_number(item):
                        c.add(
                            f"data.{k}[{i}]",
                            Message("must be a finite number, got {value}", value=show(item)),
                        )
                        break
        if isinstance(xs, list) and isinstance(ys, list):
            if len(xs) != len(ys):
                c.add(
                    "data",
                    Message(
                        "x and y must have the same length, got {x} and {y}", x=len(xs), y=len(ys)
                    ),
                )
            elif not xs:
                c.add("data", Message("needs at least one point"))
    else:
        c.add("data", Message('must have "preset", "csv", or "x" and "y"'))


def check_problem(c: Checker, problem: Any) -> str | None:
    if not isinstance(problem, dict):
        c.add("problem", Message("must be an object, got {value}", value=show(problem)))
        return None
    name = problem.get("name")
    surfaces = surface_names()
    valid = (*LINE_PROBLEMS, *surfaces, "custom")
    if name not in valid:
        c.add(
            "problem.name",
            Message(
                "unknown problem {value}; expected one of {names}",
                value=show(name),
                names=", ".join(valid),
            ),
        )
        return None
    if name in LINE_PROBLEMS:
        c.obj(problem, "problem", {"name"})
        return name
    allowed = {"name", "domain"}
    if name == "custom":
        allowed.add("expr")
        expr = problem.get("expr")
        if not isinstance(expr, str):
            c.add("problem.expr", Message("is required: the function f(x, y) as text"))
        else:
            from .expr import ExprError, parse

            try:
                parse(expr)
            except ExprError as e:
                c.add("problem.expr", e.args[0])
    else:
        from .surfaces import surface_params

        params = surface_params(name)
        allowed |= set(params)
        for k in params:
            c.number(problem, k, f"problem.{k}")
    c.obj(problem, "problem", allowed)
    if "domain" in problem:
        d = problem["domain"]
        ok = (
            isinstance(d, list)
            and len(d) == 2
            and all(isinstance(r, list) and len(r) == 2 and all(is_number(v) for v in r) for r in d)
        )
        if not ok:
            c.add(
                "problem.domain",
                Message("must be [[x_min, x_max], [y_min, y_max]] of finite numbers"),
            )
        elif not all(r[0] < r[1] for r in d):
            c.add("problem.domain", Message("each range must have min < max"))
    return name


def check_field(c: Checker, key: str, v: Any, pname: str | None) -> None:
    """Check one top-level JSON field on its own (cross-field rules: :func:`_check_cross`)."""
    if key in ("name", "description"):
        if not isinstance(v, str):
            c.add(key, Message("must be text"))
    elif key == "standardize":
        if not isinstance(v, bool):
            c.add(key, Message("must be true or false"))
    elif key == "optimizer":
        if not isinstance(v, dict):
            c.add("optimizer", Message("must be an object, got {value}", value=show(v)))
        elif not isinstance(v.get("name"), str) or v["name"] not in optim.OPTIMIZERS:
            c.add(
                "optimizer.name",
                Message(
                    "unknown optimizer {value}; expected one of {names}",
                    value=show(v.get("name")),
                    names=", ".join(optim.OPTIMIZERS),
                ),
            )
        else:
            hp = {k: x for k, x in v.items() if k != "name"}
            try:
                errors = optim.check_hyperparams(v["name"], hp)
            except OverflowError:  # a Python int beyond the largest float
                errors = [
                    (k, "must be a finite number, got a huge integer")
                    for k, x in hp.items()
                    if isinstance(x, int) and not is_number(x)
                ][:1]
            for k, msg in errors:
                c.add(f"optimizer.{k}", msg)
    elif key == "batch_size":
        if v != "full" and not (is_int(v) and v >= 1):
            c.add(key, Message('must be "full" or a whole number >= 1, got {value}', value=show(v)))
    elif key in ("epochs", "steps", "seed"):
        c.number({key: v}, key, key, low=0, integer=True)
    elif key == "gradient_noise":
        c.number({key: v}, key, key, low=0)
    elif key == "init":
        if v is not None and (not isinstance(v, (list, tuple)) or not all(is_number(x) for x in v)):
            c.add("init", Message("must be a list of finite numbers, got {value}", value=show(v)))
    elif key == "stopping":
        if v is not None and c.obj(v, "stopping", {"tolerance", "divergence_factor"}):
            if v.get("tolerance") is not None:
                c.number(v, "tolerance", "stopping.tolerance", low=0, low_open=True)
            c.number(v, "divergence_factor", "stopping.divergence_factor", low=1, low_open=True)
    elif (
        key == "predict"
        and v is not None
        and (not isinstance(v, (list, tuple)) or not all(is_number(x) for x in v))
    ):
        c.add("predict", Message("must be a list of numbers"))


def n_params(pname: str) -> int:
    return 1 if pname == "linear-w" else 2


CHECKED: contextvars.ContextVar[bool] = contextvars.ContextVar("CHECKED", default=False)


@contextlib.contextmanager
def checked() -> Iterator[None]:
    """Within: the fields of the experiments being built were validated already
    (``Experiment.from_json``, ``replace``), so only the rules between fields run."""
    token = CHECKED.set(True)
    try:
        yield
    finally:
        CHECKED.reset(token)
