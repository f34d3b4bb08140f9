"""The user's f(x, y): parser, printer, symbolic gradient, hostile input, the problem."""

from __future__ import annotations

import builtins
import inspect
import math
import re
import sys
import time
from collections.abc import Callable

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import gdgui.core.expr as expr_module
from gdgui.core.expr import (
    MAX_DEPTH,
    MAX_LENGTH,
    TOO_LONG,
    BinOp,
    ExprError,
    Expression,
    ExpressionProblem,
    Neg,
    Num,
    differentiate,
    parse,
    simplify,
    to_text,
)
from gdgui.core.problems import Problem
from gdgui.core.surfaces import SURFACES

#: a watchdog against hangs (the failures were minutes or forever), not a speed
#: target: speed figures live in benchmarks/, never in timed unit tests
HANG_SECONDS = 10.0


def value(text: str, x: float = 0.0, y: float = 0.0) -> float:
    return Expression(text).evaluate(x, y)


# --- precedence and literals --------------------------------------------------------
@pytest.mark.parametrize(
    "text, x, y, expected",
    [
        ("-x**2", 3, 0, -9.0),
        ("-x^2", 3, 0, -9.0),
        ("2^3^2", 0, 0, 512.0),
        ("2**3**2", 0, 0, 512.0),
        ("(2^3)^2", 0, 0, 64.0),
        ("x - y - 1", 5, 2, 2.0),  # (5 − 2) − 1, not 5 − (2 − 1) = 4
        ("x / y / 2", 8, 2, 2.0),
        ("x - y + 1", 5, 2, 4.0),
        ("2 + 3*4", 0, 0, 14.0),
        ("(2 + 3)*4", 0, 0, 20.0),
        ("2*3 + 4", 0, 0, 10.0),
        ("-2**2", 0, 0, -4.0),
        ("(-2)**2", 0, 0, 4.0),
        ("2**-1", 0, 0, 0.5),
        ("2**-1*3", 0, 0, 1.5),  # (2**-1)*3 as in Python
        ("2**-x**2", 1, 0, 0.5),  # 2**(-(x**2))
        ("-x*y", 3, 2, -6.0),
        ("--x", 3, 0, 3.0),
        ("+x", 3, 0, 3.0),
        ("x - -y", 3, 2, 5.0),
        ("x*-y", 3, 2, -6.0),
        ("pi", 0, 0, math.pi),
        ("e", 0, 0, math.e),
        ("e^x", 1, 0, math.e),
        ("1e-3", 0, 0, 0.001),
        ("2.5E+2", 0, 0, 250.0),
        (".5 + 2.", 0, 0, 2.5),
        ("12345678901234567890", 0, 0, 1.2345678901234567e19),
        ("sin(pi/2)", 0, 0, 1.0),
        ("ln(e)", 0, 0, 1.0),
        ("log10(1000)", 0, 0, 3.0),
        ("log2(8)", 0, 0, 3.0),
        ("arctan(1) * 4", 0, 0, math.pi),
        ("sqrt(x)", 16, 0, 4.0),
        ("abs(x - y)", 1, 4, 3.0),
        ("min(x, y) + max(x, y)", 1, 4, 5.0),
        ("sign(x) + step(y) + step(0)", -3, 2, 0.5),
        ("cosh(0) + sinh(0) + tanh(0)", 0, 0, 1.0),
        ("asin(1) + acos(1)", 0, 0, math.pi / 2),
        ("x\u2212y \u00d7 2", 5, 1, 3.0),  # typographic minus and times
        ("\tx +\n y ", 1, 2, 3.0),
    ],
)
def test_values(text: str, x: float, y: float, expected: float) -> None:
    got = value(text, x, y)
    assert type(got) is float
    assert got == pytest.approx(expected, rel=1e-15)
    assert Expression(text).evaluate_py(x, y) == pytest.approx(expected, rel=1e-15)


def test_tree_shapes() -> None:
    t = parse("x - y - 1")
    assert isinstance(t, BinOp) and t.op == "-" and isinstance(t.left, BinOp)
    t = parse("2^3^2")
    assert isinstance(t, BinOp) and t.op == "**" and isinstance(t.right, BinOp)
    t = parse("-x**2")
    assert isinstance(t, Neg) and isinstance(t.arg, BinOp) and t.arg.op == "**"
    with pytest.raises(AttributeError):
        t.arg = Num(1.0)  # type: ignore[misc]  # immutable


def test_evaluate_on_arrays_broadcasts() -> None:
    e = Expression("x**2 - y")
    x = np.array([1.0, 2.0, 3.0])
    np.testing.assert_array_equal(e.evaluate(x, 1.0), [0.0, 3.0, 8.0])
    grid = e.evaluate(x[None, :], np.array([[0.0], [1.0]]))
    assert grid.shape == (2, 3)
    np.testing.assert_array_equal(grid, [[1, 4, 9], [0, 3, 8]])
    c = Expression("2")
    assert c.evaluate(x, x).shape == (3,)
    np.testing.assert_array_equal(c.gradient(x, x), np.zeros((2, 3)))
    assert Expression("x").variables == {"x"} and Expression("2").variables == set()


def test_overflow_and_invalid_give_inf_and_nan_silently() -> None:
    with np.errstate(all="raise"):  # the evaluator must not warn, let alone raise
        assert value("exp(x)", 1000.0) == math.inf
        assert value("1/x", 0.0) == math.inf
        assert math.isnan(value("log(x)", -1.0))
        assert value("log(x)", 0.0) == -math.inf
        assert math.isnan(value("(-8)**(1/3)"))
        e = Expression("exp(x) + sqrt(y)")
        f, gx, gy = e.value_and_grad_py(1000.0, -1.0)  # math raises here: falls back
        assert f != f and gx == math.inf and gy != gy


# --- printing and the symbolic gradient ---------------------------------------------
@pytest.mark.parametrize(
    "text, printed, dx, dy",
    [
        ("x**2 - y**2 + 0.1*sin(3*x)", "x**2 - y**2 + 0.1*sin(3*x)", "2*x + 0.3*cos(3*x)", "-2*y"),
        ("x*y", "x*y", "y", "x"),
        ("x^3", "x**3", "3*x**2", "0"),
        ("(x+y)**2", "(x + y)**2", "2*(x + y)", "2*(x + y)"),
        ("exp(-x^2)", "exp(-x**2)", "-2*exp(-x**2)*x", "0"),
        ("sqrt(x**2+y**2)", "sqrt(x**2 + y**2)", "x/sqrt(x**2 + y**2)", "y/sqrt(x**2 + y**2)"),
        ("1/x", "1/x", "-1/x**2", "0"),
        ("x**y", "x**y", "y*x**(y - 1)", "x**y*log(x)"),
        ("e^(2*x)", "e**(2*x)", "2*e**(2*x)", "0"),
        ("abs(x)", "abs(x)", "sign(x)", "0"),
        ("min(x, y)", "min(x, y)", "step(y - x)", "step(x - y)"),
        ("cos(x)*3", "cos(x)*3", "-3*sin(x)", "0"),
        ("log(x) + ln(y)", "log(x) + log(y)", "1/x", "1/y"),
        ("tanh(y)", "tanh(y)", "0", "1 - tanh(y)**2"),
        ("-(x - y)", "-(x - y)", "-1", "1"),
        ("2*x*0 + 1*y + 0", "2*x*0 + 1*y + 0", "0", "1"),
        ("x**0.5", "x**0.5", "0.5*x**(-0.5)", "0"),
        ("(x - 1)^2 + (y + 2)^2", "(x - 1)**2 + (y + 2)**2", "2*(x - 1)", "2*(y + 2)"),
    ],
)
def test_print_and_gradient_text(text: str, printed: str, dx: str, dy: str) -> None:
    e = Expression(text)
    assert str(e) == printed
    assert e.gradient_text() == (dx, dy)


@pytest.mark.parametrize(
    "text",
    [
        "x - (y - 1)",
        "x/(y/2)",
        "(x**y)**2",
        "x**(y**2)",
        "(-x)**2",
        "-(x + y)",
        "-(-x)",
        "x*(y + 1)",
        "2**(-x)",
        "x - -y",
        "x + (-y)",
        "(-2)**x",
        "-2**x",
        "sin(x)**2",
    ],
)
def test_printing_round_trips(text: str) -> None:
    e = Expression(text)
    again = Expression(str(e))
    assert str(again) == str(e)
    for x, y in [(0.7, 1.3), (2.0, -0.5), (-1.5, 3.0)]:
        a, b = e.evaluate(x, y), again.evaluate(x, y)
        assert a == b or (a != a and b != b)


def test_simplify_folds_only_safely() -> None:
    assert to_text(simplify(parse("2*3 + x*1 + 0"))) == "6 + x"
    assert to_text(simplify(parse("2**10"))) == "1024"
    assert to_text(simplify(parse("cos(0) + log(10)"))) == "1 + log(10)"
    assert to_text(simplify(parse("x/1 - 0/x"))) == "x"
    # float64, never Python ints: the power overflows, so it is left alone
    assert to_text(simplify(parse("9**9**9**9"))) == "9**9**387420489"
    assert to_text(simplify(parse("1/0"))) == "1/0"


def test_differentiate_function_table() -> None:
    """Each derivative rule against central differences at one point."""
    funcs = [
        "sin",
        "cos",
        "tan",
        "exp",
        "log",
        "log10",
        "log2",
        "sqrt",
        "abs",
        "sinh",
        "cosh",
        "tanh",
        "asin",
        "acos",
        "atan",
        "arcsin",
        "arccos",
        "arctan",
        "ln",
    ]
    for f in funcs:
        e = Expression(f"{f}(0.3*x + 0.1*y*x)")
        x, y = 1.1, 0.7
        gx, gy = e.gradient(x, y)
        h = 1e-6
        fdx = (e.evaluate(x + h, y) - e.evaluate(x - h, y)) / (2 * h)
        fdy = (e.evaluate(x, y + h) - e.evaluate(x, y - h)) / (2 * h)
        assert gx == pytest.approx(fdx, rel=1e-7), f
        assert gy == pytest.approx(fdy, rel=1e-7), f
    e = Expression("max(x*y, x**2)")
    assert e.gradient(1.0, 2.0) == (2.0, 1.0)  # x*y wins: (y, x)
    assert e.gradient(3.0, 2.0) == (6.0, 0.0)  # x**2 wins
    assert e.gradient(2.0, 2.0) == (3.0, 1.0)  # a tie: the average of (2, 2) and (4, 0)
    assert differentiate(parse("y**3"), "x").value == 0.0  # type: ignore[attr-defined]
    with pytest.raises(ValueError):
        differentiate(parse("x"), "z")


# --- hypothesis: random expressions over the grammar --------------------------------
# An expression is (text, reference, prec): the text to parse, a numpy function of
# (x, y) built alongside it, and the binding power of its outermost operator.
ATOM, POW, NEG, MUL, ADD = 100, 40, 30, 20, 10
Gen = tuple[str, Callable[[np.ndarray, np.ndarray], np.ndarray], int]


def _p(e: Gen, wrap: bool) -> str:
    return f"({e[0]})" if wrap else e[0]


def _leaf_num(text: str) -> Gen:
    v = float(text)
    return text, (lambda x, y: np.full(np.broadcast(x, y).shape, v)), ATOM


_numbers = st.one_of(
    st.integers(0, 20).map(str),
    st.floats(0, 10, allow_nan=False, allow_infinity=False).map(lambda v: f"{v:.4g}"),
    st.sampled_from(["1e-3", ".5", "2.", "1E+1", "2.5e-1", "0.1"]),
).map(_leaf_num)
_leaves = st.one_of(
    st.just(("x", lambda x, y: x, ATOM)),
    st.just(("y", lambda x, y: y, ATOM)),
    st.just(("pi", lambda x, y: np.full(np.broadcast(x, y).shape, np.pi), ATOM)),
    st.just(("e", lambda x, y: np.full(np.broadcast(x, y).shape, np.e), ATOM)),
    _numbers,
)

_BIN = {"+": (np.add, ADD), "-": (np.subtract, ADD), "*": (np.multiply, MUL)}


def _binary(op: str, a: Gen, b: Gen, extra: bool) -> Gen:
    fn, p = _BIN[op]
    fa, fb = a[1], b[1]
    text = f"{_p(a, a[2] < p or extra)} {op} {_p(b, b[2] <= p)}"
    return text, (lambda x, y: fn(fa(x, y), fb(x, y))), p


def _div(a: Gen, b: Gen) -> Gen:
    fa, fb = a[1], b[1]
    text = f"{_p(a, a[2] < MUL)}/(1 + {_p(b, b[2] <= POW)}**2)"
    return text, (lambda x, y: np.divide(fa(x, y), np.add(1.0, np.power(fb(x, y), 2.0)))), MUL


def _pow(a: Gen, k: int, caret: bool) -> Gen:
    fa = a[1]
    text = f"{_p(a, a[2] <= POW)}{'^' if caret else '**'}{k}"
    return text, (lambda x, y: np.power(fa(x, y), float(k))), POW


def _general_pow(a: Gen, b: Gen) -> Gen:
    fa, fb = a[1], b[1]
    text = f"(2 + cos({a[0]}))**sin({b[0]})"
    return text, (lambda x, y: np.power(np.add(2.0, np.cos(fa(x, y))), np.sin(fb(x, y)))), POW


def _neg(a: Gen) -> Gen:
    fa = a[1]
    return "-" + _p(a, a[2] < NEG), (lambda x, y: np.negative(fa(x, y))), NEG


def _sq(a: Gen) -> str:
    return f"{_p(a, a[2] <= POW)}**2"


# (text template over the argument, reference over its value); smooth everywhere
_SMOOTH_FUNCS: list[tuple[Callable[[Gen], str], Callable[[np.ndarray], np.ndarray]]] = [
    (lambda a: f"sin({a[0]})", np.sin),
    (lambda a: f"cos({a[0]})", np.cos),
    (lambda a: f"tanh({a[0]})", np.tanh),
    (lambda a: f"atan({a[0]})", np.arctan),
    (lambda a: f"arctan({a[0]})", np.arctan),
    (lambda a: f"exp(sin({a[0]}))", lambda v: np.exp(np.sin(v))),
    (lambda a: f"exp(-{_sq(a)})", lambda v: np.exp(np.negative(np.power(v, 2.0)))),
    (lambda a: f"log(1 + {_sq(a)})", lambda v: np.log(np.add(1.0, np.power(v, 2.0)))),
    (lambda a: f"log10(1 + {_sq(a)})", lambda v: np.log10(np.add(1.0, np.power(v, 2.0)))),
    (lambda a: f"log2(1 + {_sq(a)})", lambda v: np.log2(np.add(1.0, np.power(v, 2.0)))),
    (
        lambda a: f"sqrt(1 + {_p(a, a[2] <= POW)}^2)",
        lambda v: np.sqrt(np.add(1.0, np.power(v, 2.0))),
    ),
    (lambda a: f"ln(2 + cos({a[0]}))", lambda v: np.log(np.add(2.0, np.cos(v)))),
    (lambda a: f"cosh(sin({a[0]}))", lambda v: np.cosh(np.sin(v))),
    (lambda a: f"sinh(sin({a[0]}))", lambda v: np.sinh(np.sin(v))),
    (lambda a: f"tan(sin({a[0]}))", lambda v: np.tan(np.sin(v))),
    (lambda a: f"asin(sin({a[0]})/2)", lambda v: np.arcsin(np.divide(np.sin(v), 2.0))),
    (lambda a: f"acos(tanh({a[0]})/2)", lambda v: np.arccos(np.divide(np.tanh(v), 2.0))),
]
_KINKED_FUNCS = [
    (lambda a: f"abs({a[0]})", np.abs),
    (lambda a: f"sign({a[0]})", np.sign),
]


def _call(a: Gen, spec: tuple) -> Gen:
    template, fn = spec
    fa = a[1]
    return template(a), (lambda x, y: fn(fa(x, y))), ATOM


def _minmax(a: Gen, b: Gen, name: str) -> Gen:
    fa, fb = a[1], b[1]
    fn = np.minimum if name == "min" else np.maximum
    return f"{name}({a[0]}, {b[0]})", (lambda x, y: fn(fa(x, y), fb(x, y))), ATOM


def _paren(a: Gen) -> Gen:
    return f"({a[0]})", a[1], ATOM


def expressions(smooth: bool) -> st.SearchStrategy[Gen]:
    funcs = _SMOOTH_FUNCS + ([] if smooth else _KINKED_FUNCS)

    def extend(kids: st.SearchStrategy[Gen]) -> st.SearchStrategy[Gen]:
        options = [
            st.builds(_binary, st.sampled_from(sorted(_BIN)), kids, kids, st.booleans()),
            st.builds(_div, kids, kids),
            st.builds(_pow, kids, st.sampled_from([2, 3]), st.booleans()),
            st.builds(_general_pow, kids, kids),
            st.builds(_neg, kids),
            st.builds(_call, kids, st.sampled_from(funcs)),
            st.builds(_paren, kids),
        ]
        if not smooth:
            options.append(st.builds(_minmax, kids, kids, st.sampled_from(["min", "max"])))
        return st.one_of(options)

    return st.recursive(_leaves, extend, max_leaves=10)


_RNG = np.random.default_rng(12345)
PX = _RNG.uniform(-2, 2, 24)
PY = _RNG.uniform(-2, 2, 24)
HYP = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@HYP
@given(expressions(smooth=False))
def test_random_expressions_evaluate_like_numpy(gen: Gen) -> None:
    text, reference, _ = gen
    e = Expression(text)
    with np.errstate(all="ignore"):
        expected = np.broadcast_to(reference(PX, PY), PX.shape)
    got = e.evaluate(PX, PY)
    np.testing.assert_allclose(got, expected, rtol=1e-13, atol=0, equal_nan=True)
    # printed back and parsed again: the same function (up to rounding of
    # re-associated sums and products and 15-digit literals)
    again = Expression(str(e)).evaluate(PX, PY)
    scale = max(1.0, float(np.nanmax(np.abs(np.where(np.isfinite(got), got, np.nan)), initial=0.0)))
    ok = np.isfinite(got) & np.isfinite(again)
    np.testing.assert_allclose(again[ok], got[ok], rtol=1e-9, atol=1e-9 * scale)


def _central(e: Expression, axis: int, h: np.ndarray) -> np.ndarray:
    dx, dy = (h, 0.0) if axis == 0 else (0.0, h)
    return (e.evaluate(PX + dx, PY + dy) - e.evaluate(PX - dx, PY - dy)) / (2 * h)


@HYP
@given(expressions(smooth=True))
def test_random_gradients_match_central_differences(gen: Gen) -> None:
    text, _, _ = gen
    e = Expression(text)
    f, gx, gy = e.value_and_grad(PX, PY)
    for g, axis in ((gx, 0), (gy, 1)):
        h = 1e-6 * np.maximum(1.0, np.abs(PX if axis == 0 else PY))
        fd, fd_half = (_central(e, axis, h), _central(e, axis, h / 2))
        ok = np.isfinite(f) & np.isfinite(fd) & np.isfinite(g) & (np.abs(f) < 1e8)
        # relative 1e-6, plus the rounding error of the differences, plus their own
        # truncation error (estimated from halving h) where f oscillates fast, e.g. cos(y**9)
        tol = (
            1e-6 * np.maximum(1.0, np.abs(g))
            + 1e-8 * np.maximum(1.0, np.abs(f))
            + 2 * np.abs(fd - fd_half)
        )
        bad = ok & ~(np.abs(g - fd) <= tol)
        assert not bad.any(), (text, axis, g[bad], fd[bad])
    # the gradient formulas, printed and parsed again, give the same numbers
    for g, formula in zip((gx, gy), e.gradient_text()):
        if len(formula) <= MAX_LENGTH:
            again = Expression(formula).evaluate(PX, PY)
            ok = np.isfinite(g) & np.isfinite(again) & (np.abs(g) < 1e8)
            np.testing.assert_allclose(again[ok], g[ok], rtol=1e-8, atol=1e-8)


@HYP
@given(expressions(smooth=False))
def test_py_path_matches_numpy_path(gen: Gen) -> None:
    e = Expression(gen[0])
    f, gx, gy = e.value_and_grad(PX[:6], PY[:6])
    for i in range(6):
        got = e.value_and_grad_py(float(PX[i]), float(PY[i]))
        assert all(type(v) is float for v in got)
        for a, b in zip(got, (f[i], gx[i], gy[i])):
            # math and numpy may differ in the last bits of sin, exp, ...
            assert a == pytest.approx(b, rel=1e-9, abs=1e-9) or (a != a and b != b)


# --- errors -------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, message, column",
    [
        ("x + 2*z", "unknown name 'z'", 7),
        ("(x + 1))", "unexpected ')'", 8),
        ("()", "unexpected ')'", 2),
        ("(x + 1", "expected ')'", 7),
        ("((x + 1) * 2", "expected ')'", 13),
        ("(x, y)", "expected ')'", 3),
        ("sin(x, y)", "sin takes 1 argument, got 2", 1),
        ("x + cos()", "cos takes 1 argument, got 0", 5),
        ("max(x)", "max takes 2 arguments, got 1", 1),
        ("arctan(x, 1)", "arctan takes 1 argument, got 2", 1),
        ("min(x y)", "missing operator before 'y'", 7),
        ("sin x", "expected '(' after 'sin'", 5),
        ("x +", "unexpected end of expression", 4),
        ("x * * y", "unexpected '*'", 5),
        ("2x", "missing operator before 'x'", 2),
        ("x (y)", "missing operator before '('", 3),
        ("x.real", "unexpected character '.'", 2),
        ("1.2.3", "missing operator before '.3'", 4),
        ("x # y", "unexpected character '#'", 3),
        ("x % 2", "unexpected character '%'", 3),
        ("X + y", "unknown name 'X'", 1),
        ("1e999", "number too large '1e999'", 1),
        (",", "unexpected ','", 1),
        ("x)", "unexpected ')'", 2),
    ],
)
def test_error_messages_and_columns(text: str, message: str, column: int) -> None:
    with pytest.raises(ExprError) as info:
        Expression(text)
    assert info.value.message == message
    assert info.value.column == column
    assert str(info.value) == f"{message} at column {column}"


@pytest.mark.parametrize("text", ["", "   ", "\t\n"])
def test_empty_expression(text: str) -> None:
    with pytest.raises(ExprError) as info:
        parse(text)
    assert str(info.value) == "empty expression" and info.value.column is None


def test_leftmost_error_is_reported() -> None:
    with pytest.raises(ExprError, match=r"^unknown name 'z' at column 1$"):
        parse("z + 'abc'")
    with pytest.raises(ExprError, match=r"^unexpected character \"'\" at column 5$"):
        parse("x + 'abc' + z")


def test_length_limit() -> None:
    ok = "+".join(["x"] * 500)  # 999 characters
    assert Expression(ok).evaluate(1.0, 0.0) == 500.0
    with pytest.raises(ExprError, match=r"^expression too long \(1001 characters"):
        parse(ok + "+1")
    with pytest.raises(TypeError):
        parse(b"x")  # type: ignore[arg-type]


NESTINGS: list[Callable[[int], str]] = [
    lambda n: "(" * n + "x" + ")" * n,
    lambda n: "sin(" * n + "x" + ")" * n,
    lambda n: "-" * n + "x",
    lambda n: "x^" * n + "x",
    lambda n: "x+x*(" * n + "x" + ")" * n,
    lambda n: "-x^" * (n // 2) + ("-x" if n % 2 else "x"),  # two levels per "-x^"
    lambda n: "max(x, " * n + "x" + ")" * n,
]


@pytest.mark.parametrize("make", NESTINGS)
def test_nesting_limit(make: Callable[[int], str]) -> None:
    # MAX_DEPTH levels parse within a tight recursion budget (no RecursionError can
    # come from the parser), one more is refused with a clear message
    depth = len(inspect.stack(0))
    old = sys.getrecursionlimit()
    sys.setrecursionlimit(depth + 400)
    try:
        text = make(MAX_DEPTH)
        e = Expression(text)
        assert isinstance(e.evaluate(0.5, 0.5), float)
        with pytest.raises(ExprError, match=r"nested too deeply \(more than 100 levels\)"):
            parse(make(MAX_DEPTH + 1))
    finally:
        sys.setrecursionlimit(old)


def test_long_flat_expressions_need_no_recursion() -> None:
    # 500-deep left-leaning trees: simplify, differentiate, print and compile are iterative
    old = sys.getrecursionlimit()
    sys.setrecursionlimit(len(inspect.stack(0)) + 200)
    try:
        e = Expression("*".join(["x"] * 500))
        assert e.evaluate(1.001, 0.0) == pytest.approx(1.001**500, rel=1e-12)
        assert e.gradient(1.001, 0.0)[0] == pytest.approx(500 * 1.001**499, rel=1e-12)
        assert len(to_text(e.dx, max_chars=None)) > 1000
        assert e.gradient_text()[0] == TOO_LONG
        e = Expression("x/" * 333 + "x")
        assert e.gradient(1.001, 0.0)[0] == pytest.approx(-332 * 1.001**-333, rel=1e-12)
    finally:
        sys.setrecursionlimit(old)


HOSTILE = [
    "__import__('os')",
    "__import__",
    "x.__class__",
    "x.__class__.__bases__[0].__subclasses__()",
    "lambda: 1",
    "(lambda: 1)()",
    "[x for x in y]",
    "{x: y}",
    '"abc"',
    "'abc'",
    "9**9**9**9",
    "9^9^9^9^9^9",
    "10**10**10 * 0",
    "(" * 10000 + "x" + ")" * 10000,
    "(" * 300 + "x" + ")" * 300,
    "x+" * 100000,
    "-" * 999 + "x",
    "open('f')",
    "exec('1')",
    "eval('1')",
    "compile('1', 'f', 'eval')",
    "globals()",
    "getattr(x, 'real')",
    "sin.__globals__",
    "x; y",
    "x if y else 1",
    "x = 1",
    "x == y",
    "x @ y",
    "x // y",
    "`x`",
    "x\\\ny",
    "\x00",
    "sin(x)(y)",
    "1" * 1000,
    "9" * 400 + "**" + "9" * 400,
    "e" * 1000,
    "x" + "\u0660",  # Arabic-Indic digit zero: digits are ASCII only
]


@pytest.mark.parametrize("text", HOSTILE, ids=lambda t: repr(t[:30]))
def test_hostile_input_is_refused_or_harmless(text: str) -> None:
    called: list[str] = []

    def trap(name: str) -> Callable[..., None]:
        def fail(*args: object, **kwargs: object) -> None:
            called.append(name)
            raise AssertionError(f"{name} called")

        return fail

    trapped = ("__import__", "open", "eval", "exec", "compile")
    saved = {name: getattr(builtins, name) for name in trapped}
    start = time.perf_counter()
    try:  # set by hand: pytest's monkeypatch itself imports while patching
        for name in trapped:
            setattr(builtins, name, trap(name))
        try:
            e = Expression(text)
        except ExprError:
            e = None
        else:
            with np.errstate(all="raise"):
                f = e.evaluate(np.array([0.5, 2.0]), np.array([1.5, -1.0]))
                g = e.value_and_grad_py(0.5, 1.5)
    finally:
        for name, original in saved.items():
            setattr(builtins, name, original)
    elapsed = time.perf_counter() - start
    assert not called
    assert elapsed < HANG_SECONDS
    if e is not None:  # only pure arithmetic can have been accepted
        assert f.shape == (2,) and len(g) == 3
        assert set(re.findall(r"[A-Za-z_]\w*", str(e))) <= {"x", "y", "e", "pi"}


def test_power_tower_evaluates_to_inf_quickly() -> None:
    start = time.perf_counter()
    e = Expression("9**9**9**9")
    assert e.evaluate(0.0, 0.0) == math.inf
    assert e.value_and_grad_py(0.0, 0.0) == (math.inf, 0.0, 0.0)
    assert time.perf_counter() - start < HANG_SECONDS


def test_source_never_evaluates_user_text() -> None:
    source = inspect.getsource(expr_module)
    assert not re.search(r"(?<![\w.])(eval|exec|compile|__import__)\s*\(", source)
    assert "import ast" not in source and "from ast" not in source


# --- the problem --------------------------------------------------------------------
def test_expression_problem_interface() -> None:
    p = ExpressionProblem("x**2 - y**2 + 0.1*sin(3*x)")
    assert isinstance(p, Problem)
    assert p.name == "custom" and p.param_names == ("x", "y") and p.n_samples is None
    assert p.domain() == ((-2.0, 2.0), (-2.0, 2.0))
    np.testing.assert_allclose(p.default_init(), [-1.4, 1.4])
    assert p.minima() == []
    assert "x**2 - y**2" in p.title
    theta = np.array([[0.5, -1.0], [1.5, 2.0], [0.0, 0.0]])
    f, g = p.value_and_grad(theta)
    assert f.shape == (3,) and g.shape == (3, 2)
    x, y = theta[:, 0], theta[:, 1]
    np.testing.assert_allclose(f, x**2 - y**2 + 0.1 * np.sin(3 * x), rtol=1e-15)
    np.testing.assert_allclose(g[:, 0], 2 * x + 0.3 * np.cos(3 * x), rtol=1e-15)
    np.testing.assert_allclose(g[:, 1], -2 * y, rtol=1e-15)
    np.testing.assert_allclose(p.value(theta), f, rtol=0)
    for i in range(3):
        fp, gp = p.value_and_grad_py(list(theta[i]))
        assert fp == pytest.approx(f[i], rel=1e-14, abs=1e-15)
        assert gp == pytest.approx(list(g[i]), rel=1e-14, abs=1e-15)
    # constant in y: the gradient still has shape (R, 2)
    f, g = ExpressionProblem("sin(x)").value_and_grad(theta)
    np.testing.assert_array_equal(g[:, 1], 0.0)


def test_expression_problem_domain_and_init() -> None:
    p = ExpressionProblem("x + y", domain=((0, 10), (-1, 1)))
    assert p.domain() == ((0.0, 10.0), (-1.0, 1.0))
    np.testing.assert_allclose(p.default_init(), [1.5, 0.7])
    # the top-left corner is outside log's domain: the next corner is used
    np.testing.assert_allclose(ExpressionProblem("log(x)").default_init(), [1.4, 1.4])
    for bad in [
        ((1, 1), (0, 1)),
        ((2, 1), (0, 1)),
        ((0, math.inf), (0, 1)),
        ((0, math.nan), (0, 1)),
        ((0, 1),),
        "ab",
        ((0, 1), (0, "z")),
    ]:
        with pytest.raises(ValueError):
            ExpressionProblem("x", domain=bad)  # type: ignore[arg-type]
    with pytest.raises(ExprError):
        ExpressionProblem("x + ")
    p.set_domain(((-1, 1), (-3, 3)))
    assert p.domain() == ((-1.0, 1.0), (-3.0, 3.0))
    with pytest.raises(ValueError):
        p.set_domain(((1, -1), (-3, 3)))


@pytest.mark.parametrize(
    "text, hessian",
    [
        ("x**2 - y**2", [[2, 0], [0, -2]]),
        ("0.5*(x^2 + 10*y^2)", [[1, 0], [0, 10]]),
        ("(x + 2*y - 7)**2 + (2*x + y - 5)**2", [[10, 8], [8, 10]]),
        ("x*y + 3*x - y", [[0, 1], [1, 0]]),
        ("x**3", None),
        ("sin(x) + y**2", None),
    ],
)
def test_expression_problem_hessian(text: str, hessian: list | None) -> None:
    H = ExpressionProblem(text).hessian()
    if hessian is None:
        assert H is None
    else:
        np.testing.assert_allclose(H, hessian, rtol=1e-15)


# The built-in surfaces typed as text: the two implementations must agree.
TYPED_SURFACES = {
    "saddle": "x**2 - y**2",
    "bowl": "0.5*(x**2 + 10*y**2)",
    "rosenbrock": "(1 - x)^2 + 100*(y - x^2)^2",
    "beale": "(1.5 - x + x*y)^2 + (2.25 - x + x*y^2)^2 + (2.625 - x + x*y^3)^2",
    "booth": "(x + 2*y - 7)^2 + (2*x + y - 5)^2",
    "himmelblau": "(x^2 + y - 11)^2 + (x + y^2 - 7)^2",
    "rastrigin": "20 + x^2 - 10*cos(2*pi*x) + y^2 - 10*cos(2*pi*y)",
    "ackley": "-20*exp(-0.2*sqrt(0.5*(x^2 + y^2))) - exp(0.5*(cos(2*pi*x) + cos(2*pi*y))) + e + 20",
    "goldstein-price": "(1 + (x + y + 1)^2*(19 - 14*x + 3*x^2 - 14*y + 6*x*y + 3*y^2))"
    "*(30 + (2*x - 3*y)^2*(18 - 32*x + 12*x^2 + 48*y - 36*x*y + 27*y^2))",
    "six-hump-camel": "(4 - 2.1*x^2 + x^4/3)*x^2 + x*y + (-4 + 4*y^2)*y^2",
    "saddle-valley": "(x^2 - 1)^2 + y^2",
}


@pytest.mark.parametrize("name", sorted(TYPED_SURFACES))
def test_typed_formula_matches_builtin_surface(name: str) -> None:
    surface = SURFACES[name]()
    typed = ExpressionProblem(TYPED_SURFACES[name], domain=surface.domain())
    (x0, x1), (y0, y1) = surface.domain()
    rng = np.random.default_rng(7)
    theta = np.column_stack([rng.uniform(x0, x1, 30), rng.uniform(y0, y1, 30)])
    f1, g1 = surface.value_and_grad(theta)
    f2, g2 = typed.value_and_grad(theta)
    scale = np.maximum(1.0, np.abs(f1))
    np.testing.assert_allclose(f2 / scale, f1 / scale, rtol=0, atol=1e-12)
    np.testing.assert_allclose(g2, g1, rtol=1e-10, atol=1e-9 * scale.max())
    if surface.hessian() is not None:
        np.testing.assert_allclose(typed.hessian(), surface.hessian(), rtol=1e-15)
