"""Hostile expressions: deep nesting, power towers, gradients too long to print."""

from __future__ import annotations

import math
import time

import pytest

from gdgui.core.expr import (
    MAX_DEPTH,
    MAX_LENGTH,
    MAX_TEXT,
    TOO_LONG,
    ExprError,
    Expression,
    ExpressionProblem,
    to_text,
)
from gdgui.core.runner import Run, Status

#: a watchdog against hangs (the failures were minutes or forever), not a speed
#: target: speed figures live in benchmarks/, never in timed unit tests
HANG_SECONDS = 10.0

DEEP = [
    "(" * 499 + "x" + ")" * 499,  # 997 characters, 499 levels
    "-" * 500 + "x",
    "+-" * 300 + "x",
    "sin(" * 199 + "x" + ")" * 199,
    "x**" * 300 + "x",
    "2^" * 400 + "2",
    "min(x, " * 120 + "y" + ")" * 120,
]


@pytest.mark.parametrize("text", DEEP, ids=lambda t: t[:12] + f"…({len(t)})")
def test_deep_nesting_is_an_expr_error_not_a_recursion_error(text):
    assert len(text) <= MAX_LENGTH
    start = time.perf_counter()
    with pytest.raises(ExprError, match=f"nested too deeply \\(more than {MAX_DEPTH} levels\\)"):
        Expression(text)
    assert time.perf_counter() - start < HANG_SECONDS


def test_nesting_at_the_limit_is_accepted():
    e = Expression("(" * MAX_DEPTH + "x" + ")" * MAX_DEPTH)
    assert e.evaluate(3.0, 0.0) == 3.0


@pytest.mark.parametrize("text", ["9**9**9**9", "9^9^9^9", "(9**9)**(9**9)", "-9**9**9**9"])
def test_power_towers_neither_hang_nor_raise(text):
    start = time.perf_counter()
    e = Expression(text)
    f, gx, gy = e.value_and_grad_py(0.5, 0.5)
    assert math.isinf(f) and (gx, gy) == (0.0, 0.0)
    assert str(e)  # prints
    run = Run(ExpressionProblem(e), "gd", {"lr": 0.1}, init=[0.5, 0.5], steps=5)
    assert run.status == Status.DIVERGED and "not finite" in run.message
    assert time.perf_counter() - start < HANG_SECONDS


def test_gradient_text_of_a_long_quotient_chain_is_bounded():
    text = "/".join(["x"] * 500)
    assert len(text) == 999
    start = time.perf_counter()
    e = Expression(text)
    gx, gy = e.gradient_text()
    assert gx == TOO_LONG and gy == "0"
    assert time.perf_counter() - start < HANG_SECONDS
    # the full text exists (about 255,000 characters) only when asked for
    assert len(to_text(e.dx, max_chars=None)) > 50 * MAX_TEXT
    assert e.gradient(2.0, 0.0)[0] == pytest.approx(-498 * 2.0**-499)


def test_short_formulas_print_in_full():
    e = Expression("x**2 - y**2 + 0.1*sin(3*x)")
    assert e.gradient_text() == ("2*x + 0.3*cos(3*x)", "-2*y")
    assert to_text(e.dx, max_chars=5) == TOO_LONG
    long_sum = "+".join(["x*y"] * 200)  # 799 characters; printed with spaces: 1,197
    assert len(str(Expression(long_sum))) == 200 * 3 + 199 * 3
