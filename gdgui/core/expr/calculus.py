"""Simplifying constructors, simplify and symbolic differentiation."""

from __future__ import annotations

import math
import operator
from collections.abc import Callable
from typing import cast

from .functions import _EXACT_FUNCS, _PY_MATH_ERRORS, _PY_OPS, _VARIABLES
from .nodes import BinOp, Call, Const, Neg, Node, Num, Var, _postorder


# --- smart constructors: build and simplify locally ----------------------------------
def _num(value: float) -> Num:
    return Num(float(value) + 0.0)  # + 0.0 turns -0.0 into 0.0


def _is_num(node: Node, value: float | None = None) -> bool:
    return isinstance(node, Num) and (value is None or node.value == value)


def _fold(fn: Callable[..., float], *values: float) -> Num | None:
    """``fn(*values)`` in float64 as a literal, or None if it fails or is not finite."""
    try:
        result = fn(*values)
    except _PY_MATH_ERRORS:
        return None
    if not isinstance(result, float) or not math.isfinite(result):
        return None
    return _num(result)


def _coeff(node: Node) -> float | None:
    """c if ``node`` is the product ``c*r`` with a literal c, else None."""
    if isinstance(node, BinOp) and node.op == "*" and isinstance(node.left, Num):
        return node.left.value
    return None


def _neg_coeff(node: Node) -> float | None:
    """c if ``node`` is the product ``c*r`` with a negative literal c, else None."""
    c = _coeff(node)
    return c if c is not None and c < 0 else None


def neg(a: Node) -> Node:
    """``-a``, simplified: −c folded, −(−a) = a, −(c·r) = (−c)·r, −(p − q) = q − p."""
    if isinstance(a, Num):
        return _num(-a.value)
    if isinstance(a, Neg):
        return a.arg
    if isinstance(a, BinOp) and isinstance(a.left, Num) and a.op in ("*", "/"):
        return _BUILD[a.op](_num(-a.left.value), a.right)
    if isinstance(a, BinOp) and a.op == "-":
        return sub(a.right, a.left)
    return Neg(a)


def add(a: Node, b: Node) -> Node:
    """``a + b``, simplified: 0 + b = b, a + 0 = a, a + (−b) = a − b, (−a) + b = b − a."""
    if _is_num(a, 0):
        return b
    if _is_num(b, 0):
        return a
    if isinstance(a, Num) and isinstance(b, Num):
        folded = _fold(operator.add, a.value, b.value)
        if folded is not None:
            return folded
    if isinstance(b, Num) and b.value < 0:
        return sub(a, _num(-b.value))
    if isinstance(b, Neg):
        return sub(a, b.arg)
    c = _neg_coeff(b)
    if c is not None:
        assert isinstance(b, BinOp)
        return sub(a, mul(_num(-c), b.right))
    if isinstance(a, Neg):
        return sub(b, a.arg)
    return BinOp("+", a, b)


def sub(a: Node, b: Node) -> Node:
    """``a − b``, simplified: a − 0 = a, 0 − b = −b, a − (−b) = a + b."""
    if _is_num(b, 0):
        return a
    if _is_num(a, 0):
        return neg(b)
    if isinstance(a, Num) and isinstance(b, Num):
        folded = _fold(operator.sub, a.value, b.value)
        if folded is not None:
            return folded
    if isinstance(b, Num) and b.value < 0:
        return add(a, _num(-b.value))
    if isinstance(b, Neg):
        return add(a, b.arg)
    c = _neg_coeff(b)
    if c is not None:
        assert isinstance(b, BinOp)
        return add(a, mul(_num(-c), b.right))
    return BinOp("-", a, b)


def mul(a: Node, b: Node) -> Node:
    """``a·b``, simplified: constants first, 0·a = 0, 1·a = a, −1·a = −a,
    c·(d·r) = (cd)·r, signs and literal factors pulled to the front."""
    if isinstance(b, Num) and not isinstance(a, Num):
        a, b = b, a
    if isinstance(a, Num):
        c = a.value
        if c == 0:
            return _num(0.0)
        if isinstance(b, Num):
            return _fold(operator.mul, c, b.value) or BinOp("*", a, b)
        if c == 1:
            return b
        if c == -1:
            return neg(b)
        if isinstance(b, Neg):
            return mul(_num(-c), b.arg)
        if isinstance(b, BinOp) and b.op == "*" and isinstance(b.left, Num):
            folded = _fold(operator.mul, c, b.left.value)
            if folded is not None:
                return mul(folded, b.right)
        return BinOp("*", a, b)
    if isinstance(a, Neg):
        return neg(mul(a.arg, b))
    if isinstance(b, Neg):
        return neg(mul(a, b.arg))
    if _coeff(a) is not None:
        assert isinstance(a, BinOp)
        return mul(a.left, mul(a.right, b))
    if _coeff(b) is not None:
        assert isinstance(b, BinOp)
        return mul(b.left, mul(a, b.right))
    return BinOp("*", a, b)


def div(a: Node, b: Node) -> Node:
    """``a / b``, simplified: a/1 = a, 0/b = 0, signs and literal factors pulled out
    ((c·r)/(d·s) = (c/d)·(r/s)), numbers folded."""
    if _is_num(b, 1):
        return a
    if _is_num(a, 0) and not _is_num(b, 0):
        return _num(0.0)
    if isinstance(a, Num) and isinstance(b, Num):
        folded = _fold(operator.truediv, a.value, b.value)
        if folded is not None:
            return folded
    if isinstance(a, Neg):
        return neg(div(a.arg, b))
    if isinstance(b, Neg):
        return neg(div(a, b.arg))
    if isinstance(a, BinOp) and _coeff(a) is not None:  # a = c*r
        c, r = a.left.value, a.right  # type: ignore[attr-defined]
        if isinstance(b, Num):  # (c*r)/d = (c/d)*r
            q = _fold(operator.truediv, c, b.value)
            if q is not None:
                return mul(q, r)
        elif isinstance(b, BinOp) and _coeff(b) is not None:  # (c*r)/(d*s) = (c/d)*(r/s)
            q = _fold(operator.truediv, c, b.left.value)  # type: ignore[attr-defined]
            if q is not None:
                return mul(q, div(r, b.right))
        return mul(a.left, div(r, b))  # (c*r)/b = c*(r/b)
    return BinOp("/", a, b)


def power(a: Node, b: Node) -> Node:
    """``a**b``, simplified: a**0 = 1, a**1 = a, 1**b = 1, numbers folded in float64
    (``9**9**9**9`` stays unfolded: it overflows, and floats never hang)."""
    if _is_num(b, 0) or _is_num(a, 1):
        return _num(1.0)
    if _is_num(b, 1):
        return a
    if isinstance(a, Num) and isinstance(b, Num):
        folded = _fold(math.pow, a.value, b.value)
        if folded is not None:
            return folded
    return BinOp("**", a, b)


def call(func: str, *args: Node) -> Node:
    """``func(*args)``; folded on numbers only where the result is exact (an integer
    such as ``cos(0)``, or abs/sign/step/min/max); ``log(e) = 1``."""
    if func == "log" and isinstance(args[0], Const) and args[0].name == "e":
        return _num(1.0)
    if all(isinstance(a, Num) for a in args):
        folded = _fold(_PY_OPS[func], *(cast(Num, a).value for a in args))
        if folded is not None and (func in _EXACT_FUNCS or folded.value.is_integer()):
            return folded
    return Call(func, tuple(args))


_BUILD: dict[str, Callable[[Node, Node], Node]] = {
    "+": add,
    "-": sub,
    "*": mul,
    "/": div,
    "**": power,
}


def _rebuild(node: Node, kids: list[Node]) -> Node:
    """``node`` rebuilt from ``kids`` through the smart constructors."""
    if isinstance(node, BinOp):
        new = _BUILD[node.op](kids[0], kids[1])
        if (
            isinstance(new, BinOp)
            and new.op == node.op
            and new.left is node.left
            and new.right is node.right
        ):
            return node
        return new
    if isinstance(node, Neg):
        new = neg(kids[0])
        return node if isinstance(new, Neg) and new.arg is node.arg else new
    if isinstance(node, Call):
        new = call(node.func, *kids)
        if (
            isinstance(new, Call)
            and new.func == node.func
            and all(p is q for p, q in zip(new.args, node.args))
        ):
            return node
        return new
    return node


def simplify(node: Node) -> Node:
    """``node`` rebuilt bottom-up through the simplifying constructors.

    Unchanged subtrees are returned as the same objects.
    """
    return _postorder([node], _rebuild)[0]


# --- differentiation -----------------------------------------------------------------
_TWO = Num(2.0)


def _d_call(node: Call, da: list[Node]) -> Node:
    """Chain rule: the derivative of ``node = f(u[, v])`` given ``u'`` (and ``v'``)."""
    f = node.func
    u = node.args[0]
    du = da[0]
    if f == "sin":
        return mul(call("cos", u), du)
    if f == "cos":
        return neg(mul(call("sin", u), du))
    if f == "tan":
        return div(du, power(call("cos", u), _TWO))
    if f == "exp":
        return mul(node, du)
    if f == "log":
        return div(du, u)
    if f == "log10":
        return div(du, mul(u, call("log", Num(10.0))))
    if f == "log2":
        return div(du, mul(u, call("log", _TWO)))
    if f == "sqrt":
        return div(du, mul(_TWO, node))
    if f == "abs":
        return mul(call("sign", u), du)
    if f in ("sign", "step"):
        return _num(0.0)
    if f == "sinh":
        return mul(call("cosh", u), du)
    if f == "cosh":
        return mul(call("sinh", u), du)
    if f == "tanh":
        return mul(sub(Num(1.0), power(node, _TWO)), du)
    if f == "asin":
        return div(du, call("sqrt", sub(Num(1.0), power(u, _TWO))))
    if f == "acos":
        return neg(div(du, call("sqrt", sub(Num(1.0), power(u, _TWO)))))
    if f == "atan":
        return div(du, add(Num(1.0), power(u, _TWO)))
    if f in ("min", "max"):
        v, dv = node.args[1], da[1]
        first, second = (sub(v, u), sub(u, v)) if f == "min" else (sub(u, v), sub(v, u))
        return add(mul(call("step", first), du), mul(call("step", second), dv))
    raise AssertionError(f"no derivative for {f}")  # pragma: no cover


def differentiate(node: Node, var: str) -> Node:
    """The symbolic partial derivative ∂node/∂var (``var`` is ``"x"`` or ``"y"``).

    Rules: (u ± v)' = u' ± v'; (uv)' = u'v + uv'; (u/v)' = (u'v − uv')/v²
    (u'/v if v' = 0); (u**c)' = c·u**(c−1)·u' when ∂c/∂var = 0, else
    (u**v)' = u**v·(v'·log(u) + v·u'/u); f(u)' = f'(u)·u' from a table
    (abs' = sign, min/max through step). The result shares subtrees with ``node``
    and is simplified as it is built; pass :func:`simplify` (node) for the
    tidiest result.
    """
    if var not in _VARIABLES:
        raise ValueError(f"can only differentiate by x or y, not {var!r}")

    def visit(n: Node, d: list[Node]) -> Node:
        if isinstance(n, (Num, Const)):
            return _num(0.0)
        if isinstance(n, Var):
            return _num(1.0 if n.name == var else 0.0)
        if isinstance(n, Neg):
            return neg(d[0])
        if isinstance(n, Call):
            return _d_call(n, d)
        assert isinstance(n, BinOp)
        u, v = n.left, n.right
        du, dv = d
        op = n.op
        if op == "+":
            return add(du, dv)
        if op == "-":
            return sub(du, dv)
        if op == "*":
            return add(mul(du, v), mul(u, dv))
        if op == "/":
            if _is_num(dv, 0):
                return div(du, v)
            return div(sub(mul(du, v), mul(u, dv)), power(v, _TWO))
        # op == "**"
        if _is_num(dv, 0):
            return mul(mul(v, power(u, sub(v, Num(1.0)))), du)
        if _is_num(du, 0):
            return mul(mul(n, call("log", u)), dv)
        return mul(n, add(mul(dv, call("log", u)), div(mul(v, du), u)))

    return _postorder([node], visit)[0]


def _variables(node: Node) -> frozenset[str]:
    found: set[str] = set()

    def visit(n: Node, kids: list[None]) -> None:
        if isinstance(n, Var):
            found.add(n.name)

    _postorder([node], visit)
    return frozenset(found)
