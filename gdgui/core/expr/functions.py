"""The whitelisted functions and operators: arity, numpy and math implementations."""

from __future__ import annotations

import math
import operator
from collections.abc import Callable
from typing import Any

import numpy as np


# --- functions -----------------------------------------------------------------------
def _py_sign(v: float) -> float:
    return 1.0 if v > 0 else (-1.0 if v < 0 else v * 0.0)


def _py_step(v: float) -> float:
    return 1.0 if v > 0 else (0.0 if v < 0 else (0.5 if v == 0 else math.nan))


def _py_min(a: float, b: float) -> float:
    return a if a <= b else (b if b < a else math.nan)


def _py_max(a: float, b: float) -> float:
    return a if a >= b else (b if b > a else math.nan)


def _np_step(v: Any) -> Any:
    return np.heaviside(v, 0.5)


# canonical name -> (arity, numpy function, math function)
_FUNCS: dict[str, tuple[int, Callable[..., Any], Callable[..., float]]] = {
    "sin": (1, np.sin, math.sin),
    "cos": (1, np.cos, math.cos),
    "tan": (1, np.tan, math.tan),
    "exp": (1, np.exp, math.exp),
    "log": (1, np.log, math.log),
    "log10": (1, np.log10, math.log10),
    "log2": (1, np.log2, math.log2),
    "sqrt": (1, np.sqrt, math.sqrt),
    "abs": (1, np.abs, abs),
    "sign": (1, np.sign, _py_sign),
    "step": (1, _np_step, _py_step),
    "sinh": (1, np.sinh, math.sinh),
    "cosh": (1, np.cosh, math.cosh),
    "tanh": (1, np.tanh, math.tanh),
    "asin": (1, np.arcsin, math.asin),
    "acos": (1, np.arccos, math.acos),
    "atan": (1, np.arctan, math.atan),
    "min": (2, np.minimum, _py_min),
    "max": (2, np.maximum, _py_max),
}
_ALIASES = {"ln": "log", "arcsin": "asin", "arccos": "acos", "arctan": "atan"}
#: every function name the parser accepts
FUNCTIONS: frozenset[str] = frozenset(_FUNCS) | frozenset(_ALIASES)
#: named constants
CONSTANTS: dict[str, float] = {"pi": math.pi, "e": math.e}
_VARIABLES = ("x", "y")
# functions whose value on numbers is exact, so folding them never loses anything
_EXACT_FUNCS = frozenset({"abs", "sign", "step", "min", "max"})

_NP_OPS: dict[str, Callable[..., Any]] = {
    "neg": np.negative,
    "+": np.add,
    "-": np.subtract,
    "*": np.multiply,
    "/": np.divide,
    "**": np.power,
    **{name: spec[1] for name, spec in _FUNCS.items()},
}
_PY_OPS: dict[str, Callable[..., float]] = {
    "neg": operator.neg,
    "+": operator.add,
    "-": operator.sub,
    "*": operator.mul,
    "/": operator.truediv,
    "**": math.pow,
    **{name: spec[2] for name, spec in _FUNCS.items()},
}
#: what the math module raises where numpy returns inf or nan
_PY_MATH_ERRORS = (ArithmeticError, ValueError)
