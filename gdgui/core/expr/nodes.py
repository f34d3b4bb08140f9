"""The AST of a typed expression, its printing, the limits on input and the error type."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from ..messages import Message

#: longest accepted input, in characters
MAX_LENGTH = 1000
#: deepest accepted nesting of parentheses, calls, prefix signs and chained powers
MAX_DEPTH = 100
#: longest text :func:`to_text` returns by default (a gradient can be far longer
#: than its function: ∂/∂x of x/x/.../x prints as 255,000 characters)
MAX_TEXT = 4 * MAX_LENGTH
#: what :func:`to_text` returns for a formula longer than its limit
TOO_LONG = "… (too long to show)"


class ExprError(ValueError):
    """A syntax error in a typed expression.

    ``message`` says what is wrong, ``column`` where (1-based; None when the
    error has no position, e.g. ``empty expression``). ``str(err)`` is
    ``"<message> at column <column>"``.
    """

    def __init__(self, message: str, column: int | None = None) -> None:
        self.message = message
        self.column = column
        super().__init__(
            message
            if column is None
            else Message("{error} at column {column}", error=message, column=column)
        )

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.message, self.column))


# --- AST -----------------------------------------------------------------------------
class Node:
    """Base of the immutable AST nodes; ``str(node)`` is the formula."""

    __slots__ = ()

    def __str__(self) -> str:
        return to_text(self)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {to_text(self)}>"


@dataclass(frozen=True, eq=False, repr=False, slots=True)
class Num(Node):
    """A numeric literal (always a finite float)."""

    value: float


@dataclass(frozen=True, eq=False, repr=False, slots=True)
class Const(Node):
    """A named constant: ``pi`` or ``e``."""

    name: str
    value: float


@dataclass(frozen=True, eq=False, repr=False, slots=True)
class Var(Node):
    """A variable: ``x`` or ``y``."""

    name: str


@dataclass(frozen=True, eq=False, repr=False, slots=True)
class Neg(Node):
    """Unary minus ``-arg``."""

    arg: Node


@dataclass(frozen=True, eq=False, repr=False, slots=True)
class BinOp(Node):
    """``left op right`` with ``op`` one of ``+ - * / **`` (``^`` is parsed as ``**``)."""

    op: str
    left: Node
    right: Node


@dataclass(frozen=True, eq=False, repr=False, slots=True)
class Call(Node):
    """A whitelisted function applied to its arguments, e.g. ``sin(x)``."""

    func: str
    args: tuple[Node, ...]


def _children(node: Node) -> tuple[Node, ...]:
    if isinstance(node, BinOp):
        return (node.left, node.right)
    if isinstance(node, Neg):
        return (node.arg,)
    if isinstance(node, Call):
        return node.args
    return ()


def _postorder(roots: Sequence[Node], visit: Callable[[Node, list[Any]], Any]) -> list[Any]:
    """``visit(node, results of its children)`` bottom-up, once per distinct node.

    Iterative (no recursion limit) and memoised by identity, so shared subtrees
    are visited once. Returns the results for ``roots``.
    """
    memo: dict[int, Any] = {}
    for root in roots:
        stack: list[tuple[Node, bool]] = [(root, False)]
        while stack:
            node, expanded = stack.pop()
            if id(node) in memo:
                continue
            kids = _children(node)
            if expanded or not kids:
                memo[id(node)] = visit(node, [memo[id(k)] for k in kids])
            else:
                stack.append((node, True))
                stack.extend((k, False) for k in reversed(kids) if id(k) not in memo)
    return [memo[id(r)] for r in roots]


# --- printing ------------------------------------------------------------------------
_PREC = {"+": 10, "-": 10, "*": 20, "/": 20, "**": 40}
_NEG_PREC = 30
_ATOM = 100


def _fmt(value: float) -> str:
    """A literal as short text: integers without '.0', others to 15 significant digits."""
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return format(value, ".15g")


def to_text(node: Node, max_chars: int | None = MAX_TEXT) -> str:
    """The formula as text that :func:`parse` reads back to the same value.

    Products and powers are written without spaces, sums with:
    ``2*x + 0.3*cos(3*x)``; powers as ``**``; minimal parentheses. A formula
    longer than ``max_chars`` gives :data:`TOO_LONG` instead (None: no limit);
    the work stops growing once any part is over the limit.
    """
    limit = math.inf if max_chars is None else max_chars

    def visit(n: Node, kids: list[tuple[str, int] | None]) -> tuple[str, int] | None:
        if any(k is None for k in kids):
            return None  # a part is already too long
        out = _visit(n, kids)  # type: ignore[arg-type]
        return None if len(out[0]) > limit else out

    result = _postorder([node], visit)[0]
    return TOO_LONG if result is None else result[0]


def _visit(n: Node, kids: list[tuple[str, int]]) -> tuple[str, int]:
    """The text and precedence of ``n`` from those of its children."""
    if isinstance(n, Num):
        return _fmt(n.value), (_NEG_PREC if n.value < 0 else _ATOM)
    if isinstance(n, (Var, Const)):
        return n.name, _ATOM
    if isinstance(n, Call):
        return f"{n.func}({', '.join(t for t, _ in kids)})", _ATOM
    if isinstance(n, Neg):
        text, prec = kids[0]
        # -(a*b) as -a*b: (-a)*b is the same number; -(a + b) and -(-a) keep parentheses
        wrap = prec < _PREC["*"] or prec == _NEG_PREC
        return ("-(" + text + ")" if wrap else "-" + text), _NEG_PREC
    assert isinstance(n, BinOp)
    (lt, lp), (rt, rp) = kids
    p = _PREC[n.op]
    if n.op == "**":
        lpar, rpar = lp <= p, rp < p
    elif n.op in ("+", "*"):  # a + (b - c) as a + b - c, a*(b/c) as a*b/c
        lpar, rpar = lp < p, rp < p or rp == _NEG_PREC
    else:
        lpar, rpar = lp < p, rp <= p or rp == _NEG_PREC
    if lpar:
        lt = f"({lt})"
    if rpar:
        rt = f"({rt})"
    sep = f" {n.op} " if p == 10 else n.op
    return lt + sep + rt, p
