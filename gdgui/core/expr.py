"""The user's own function f(x, y), typed as text: safe parsing, exact gradients.

``Expression("x**2 - y**2 + 0.1*sin(3*x)")`` parses the text with a small
tokenizer and a Pratt (precedence-climbing) parser into immutable AST nodes of
this module. User text is never handed to ``eval``, ``exec``, ``compile`` or
Python's ``ast``: only numbers, the names ``x y pi e``, the operators
``+ - * / ** ^`` and calls of whitelisted functions exist, so nothing but
arithmetic can ever run.

Grammar (loosest binding first)::

    expr    := expr ('+' | '-') expr                     left-associative
             | expr ('*' | '/') expr                     left-associative
             | ('-' | '+') expr                          prefix: -x*y = (-x)*y
             | expr ('**' | '^') expr                    right-associative, binds tighter
                                                         than a prefix minus on its left:
                                                         -x**2 = -(x**2), 2^3^2 = 2^9
             | NUMBER | 'x' | 'y' | 'pi' | 'e'
             | FUNC '(' expr [',' expr] ')' | '(' expr ')'
    NUMBER  := 12 | 1.5 | .5 | 1e-3 | 2.5E+4             (ASCII digits only)
    FUNC    := sin cos tan exp log (= ln, natural) log10 log2 sqrt abs sign step
               sinh cosh tanh asin acos atan (= arcsin arccos arctan)   one argument
               min max                                                  two arguments

``sign(0) = 0`` and ``step(u)`` is the Heaviside step with ``step(0) = 1/2``.

The gradient is derived **symbolically** from the AST
(:func:`differentiate`): sum, product and quotient rules, the chain rule with
a table of derivatives, ``(u**c)' = c·u**(c−1)·u'`` for exponents ``c`` free of
the variable and ``(u**v)' = u**v·(v'·log(u) + v·u'/u)`` otherwise,
``abs(u)' = sign(u)·u'`` and ``min(u, v)' = step(v − u)·u' + step(u − v)·v'``.
Smart constructors simplify as they build (``0·a = 0``, ``1·a = a``,
``a + 0 = a``, ``a**1 = a``, constants first in products, folding of numeric
subtrees in float64, never in Python integers), so
``Expression("x**2 - y**2 + 0.1*sin(3*x)").gradient_text()`` is
``("2*x + 0.3*cos(3*x)", "-2*y")``.

Evaluation compiles the trees to a flat program (shared subtrees computed
once) run either with numpy ufuncs on arrays (overflow gives inf or nan,
warnings suppressed) or with the ``math`` module on Python floats (the fast
path for a single run; it falls back to numpy where ``math`` would raise).

Hostile input is refused quickly: more than :data:`MAX_LENGTH` characters,
nesting deeper than :data:`MAX_DEPTH` (parentheses, calls, prefix signs and
chained powers; checked before Python's recursion limit could be reached),
unknown names, any character outside the grammar (``. ' " [ ; :`` ...). Every
algorithm after parsing (simplification, differentiation, printing,
compilation) is iterative, so long inputs such as ``x+x+...+x`` are safe too.
"""

from __future__ import annotations

import math
import operator
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np

from gdgui.core.problems import Problem
from gdgui.core.surfaces import Domain, check_domain

__all__ = [
    "CONSTANTS",
    "FUNCTIONS",
    "MAX_DEPTH",
    "MAX_LENGTH",
    "BinOp",
    "Call",
    "Const",
    "ExprError",
    "Expression",
    "ExpressionProblem",
    "Neg",
    "Node",
    "Num",
    "Var",
    "differentiate",
    "parse",
    "simplify",
    "to_text",
]

#: longest accepted input, in characters
MAX_LENGTH = 1000
#: deepest accepted nesting of parentheses, calls, prefix signs and chained powers
MAX_DEPTH = 100


class ExprError(ValueError):
    """A syntax error in a typed expression.

    ``message`` says what is wrong, ``column`` where (1-based; None when the
    error has no position, e.g. ``empty expression``). ``str(err)`` is
    ``"<message> at column <column>"``.
    """

    def __init__(self, message: str, column: int | None = None) -> None:
        self.message = message
        self.column = column
        super().__init__(message if column is None else f"{message} at column {column}")


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
    "neg": np.negative, "+": np.add, "-": np.subtract, "*": np.multiply, "/": np.divide,
    "**": np.power, **{name: spec[1] for name, spec in _FUNCS.items()},
}
_PY_OPS: dict[str, Callable[..., float]] = {
    "neg": operator.neg, "+": operator.add, "-": operator.sub, "*": operator.mul,
    "/": operator.truediv, "**": math.pow, **{name: spec[2] for name, spec in _FUNCS.items()},
}
#: what the math module raises where numpy returns inf or nan
_PY_MATH_ERRORS = (ArithmeticError, ValueError)


# --- tokenizer -----------------------------------------------------------------------
class _Token(NamedTuple):
    kind: str  # num var const func op end error
    text: str  # source text (the message for an error token)
    col: int  # 1-based column of the first character
    value: float = 0.0


_NUMBER_RE = re.compile(r"(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?", re.ASCII)
_NAME_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*", re.ASCII)
_DIGITS = "0123456789"
_SPACE = " \t\r\n"
# typographic signs that users paste: minus, multiplication sign, middle dot
_SYMBOLS = {"+": "+", "-": "-", "*": "*", "/": "/", "^": "^", "(": "(", ")": ")", ",": ",",
            "\u2212": "-", "\u00d7": "*", "\u00b7": "*"}


def _tokenize(text: str) -> list[_Token]:
    """Split ``text`` into tokens; the first bad spot becomes an error token, which the
    parser raises only when it reaches it (so the leftmost problem is reported)."""
    tokens: list[_Token] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c in _SPACE:
            i += 1
            continue
        col = i + 1
        if c in _DIGITS or (c == "." and i + 1 < n and text[i + 1] in _DIGITS):
            m = _NUMBER_RE.match(text, i)
            assert m is not None
            value = float(m.group())
            if not math.isfinite(value):
                tokens.append(_Token("error", f"number too large '{m.group()}'", col))
                break
            tokens.append(_Token("num", m.group(), col, value))
            i = m.end()
        elif c == "_" or ("a" <= c <= "z") or ("A" <= c <= "Z"):
            m = _NAME_RE.match(text, i)
            assert m is not None
            name = m.group()
            if name in _VARIABLES:
                tokens.append(_Token("var", name, col))
            elif name in CONSTANTS:
                tokens.append(_Token("const", name, col, CONSTANTS[name]))
            elif name in FUNCTIONS:
                tokens.append(_Token("func", name, col))
            else:
                shown = name if len(name) <= 40 else name[:37] + "..."
                tokens.append(_Token("error", f"unknown name '{shown}'", col))
                break
            i = m.end()
        elif text.startswith("**", i):
            tokens.append(_Token("op", "**", col))
            i += 2
        elif c in _SYMBOLS:
            tokens.append(_Token("op", _SYMBOLS[c], col))
            i += 1
        else:
            tokens.append(_Token("error", f"unexpected character {c!r}", col))
            break
    else:
        tokens.append(_Token("end", "", n + 1))
    return tokens


# --- parser --------------------------------------------------------------------------
_PREFIX_BP = 30
_INFIX_BP = {"+": 10, "-": 10, "*": 20, "/": 20, "**": 40, "^": 40}
_RIGHT_ASSOC = frozenset({"**", "^"})
_OPERAND_KINDS = frozenset({"num", "var", "const", "func"})


class _Parser:
    def __init__(self, tokens: list[_Token]) -> None:
        self.tokens = tokens
        self.pos = 0
        self.depth = 0

    def peek(self) -> _Token:
        tok = self.tokens[self.pos]
        if tok.kind == "error":
            raise ExprError(tok.text, tok.col)
        return tok

    def advance(self) -> _Token:
        tok = self.peek()
        self.pos += 1
        return tok

    def enter(self, tok: _Token) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ExprError(f"expression nested too deeply (more than {MAX_DEPTH} levels)",
                            tok.col)

    @staticmethod
    def unexpected(tok: _Token, expected: str | None = None) -> ExprError:
        if tok.kind in _OPERAND_KINDS or tok.text == "(":
            return ExprError(f"missing operator before '{tok.text}'", tok.col)
        if expected is not None:
            return ExprError(f"expected {expected}", tok.col)
        if tok.kind == "end":
            return ExprError("unexpected end of expression", tok.col)
        return ExprError(f"unexpected '{tok.text}'", tok.col)

    def parse(self) -> Node:
        if self.peek().kind == "end":
            raise ExprError("empty expression")
        node = self.expression(0)
        tok = self.peek()
        if tok.kind != "end":
            raise self.unexpected(tok)
        return node

    def expression(self, rbp: int) -> Node:
        tok = self.advance()
        left: Node
        if tok.kind == "num":
            left = Num(tok.value)
        elif tok.kind == "var":
            left = Var(tok.text)
        elif tok.kind == "const":
            left = Const(tok.text, tok.value)
        elif tok.kind == "func":
            left = self.call(tok)
        elif tok.text in ("-", "+"):
            self.enter(tok)
            operand = self.expression(_PREFIX_BP)
            self.depth -= 1
            left = Neg(operand) if tok.text == "-" else operand
        elif tok.text == "(":
            self.enter(tok)
            left = self.expression(0)
            self.expect_close()
            self.depth -= 1
        elif tok.kind == "end":
            raise ExprError("unexpected end of expression", tok.col)
        else:
            raise ExprError(f"unexpected '{tok.text}'", tok.col)

        while True:
            tok = self.peek()
            lbp = _INFIX_BP.get(tok.text, 0) if tok.kind == "op" else 0
            if lbp <= rbp:
                return left
            self.advance()
            if tok.text in _RIGHT_ASSOC:
                self.enter(tok)
                right = self.expression(lbp - 1)
                self.depth -= 1
                left = BinOp("**", left, right)
            else:
                left = BinOp(tok.text, left, self.expression(lbp))

    def expect_close(self) -> None:
        tok = self.peek()
        if tok.text != ")" or tok.kind != "op":
            raise self.unexpected(tok, "')'")
        self.advance()

    def call(self, name_tok: _Token) -> Node:
        name = name_tok.text
        canonical = _ALIASES.get(name, name)
        arity = _FUNCS[canonical][0]
        tok = self.peek()
        if tok.text != "(" or tok.kind != "op":
            raise ExprError(f"expected '(' after '{name}'", tok.col)
        self.advance()
        self.enter(tok)
        args: list[Node] = []
        if self.peek().text == ")":
            self.advance()
        else:
            while True:
                args.append(self.expression(0))
                tok = self.peek()
                if tok.kind == "op" and tok.text == ",":
                    self.advance()
                    continue
                if tok.kind == "op" and tok.text == ")":
                    self.advance()
                    break
                raise self.unexpected(tok, "',' or ')'" if arity > 1 else "')'")
        self.depth -= 1
        if len(args) != arity:
            plural = "argument" if arity == 1 else "arguments"
            raise ExprError(f"{name} takes {arity} {plural}, got {len(args)}", name_tok.col)
        return Call(canonical, tuple(args))


def parse(text: str) -> Node:
    """Parse ``text`` into an AST exactly as typed (no simplification).

    Raises :class:`ExprError` for anything outside the grammar, for more than
    :data:`MAX_LENGTH` characters and for nesting deeper than :data:`MAX_DEPTH`.
    """
    if not isinstance(text, str):
        raise TypeError(f"expression must be a string, not {type(text).__name__}")
    if len(text) > MAX_LENGTH:
        raise ExprError(f"expression too long ({len(text)} characters, at most {MAX_LENGTH})",
                        MAX_LENGTH + 1)
    return _Parser(_tokenize(text)).parse()


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
        folded = _fold(_PY_OPS[func], *(a.value for a in args))  # type: ignore[union-attr]
        if folded is not None and (func in _EXACT_FUNCS or folded.value.is_integer()):
            return folded
    return Call(func, tuple(args))


_BUILD: dict[str, Callable[[Node, Node], Node]] = {
    "+": add, "-": sub, "*": mul, "/": div, "**": power,
}


def _rebuild(node: Node, kids: list[Node]) -> Node:
    """``node`` rebuilt from ``kids`` through the smart constructors."""
    if isinstance(node, BinOp):
        new = _BUILD[node.op](kids[0], kids[1])
        if (isinstance(new, BinOp) and new.op == node.op and new.left is node.left
                and new.right is node.right):
            return node
        return new
    if isinstance(node, Neg):
        new = neg(kids[0])
        return node if isinstance(new, Neg) and new.arg is node.arg else new
    if isinstance(node, Call):
        new = call(node.func, *kids)
        if (isinstance(new, Call) and new.func == node.func
                and all(p is q for p, q in zip(new.args, node.args))):
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


# --- printing ------------------------------------------------------------------------
_PREC = {"+": 10, "-": 10, "*": 20, "/": 20, "**": 40}
_NEG_PREC = 30
_ATOM = 100


def _fmt(value: float) -> str:
    """A literal as short text: integers without '.0', others to 15 significant digits."""
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return format(value, ".15g")


def to_text(node: Node) -> str:
    """The formula as text that :func:`parse` reads back to the same value.

    Products and powers are written without spaces, sums with:
    ``2*x + 0.3*cos(3*x)``; powers as ``**``; minimal parentheses.
    """

    def visit(n: Node, kids: list[tuple[str, int]]) -> tuple[str, int]:
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

    return _postorder([node], visit)[0][0]


def _variables(node: Node) -> frozenset[str]:
    found: set[str] = set()

    def visit(n: Node, kids: list[None]) -> None:
        if isinstance(n, Var):
            found.add(n.name)

    _postorder([node], visit)
    return frozenset(found)


# --- evaluation ----------------------------------------------------------------------
class _Program:
    """Trees flattened into straight-line code over value slots.

    Slots 0 and 1 hold x and y, then the constants, then one slot per operation
    in evaluation order; shared subtrees get one slot.
    """

    def __init__(self, roots: Sequence[Node]) -> None:
        entries: list[tuple[Node, list[int]]] = []

        def visit(n: Node, kids: list[int]) -> int:
            entries.append((n, kids))
            return len(entries) - 1

        out_entries = _postorder(roots, visit)
        slot: dict[int, int] = {}
        self.consts: list[float] = []
        for i, (n, _) in enumerate(entries):
            if isinstance(n, Var):
                slot[i] = _VARIABLES.index(n.name)
            elif isinstance(n, (Num, Const)):
                slot[i] = 2 + len(self.consts)
                self.consts.append(float(n.value))
        code: list[tuple[str, int, int]] = []
        base = 2 + len(self.consts)
        for i, (n, kids) in enumerate(entries):
            if not kids:
                continue
            slot[i] = base + len(code)
            a = slot[kids[0]]
            b = slot[kids[1]] if len(kids) > 1 else -1
            name = n.op if isinstance(n, BinOp) else ("neg" if isinstance(n, Neg) else n.func)
            code.append((name, a, b))
        self.code_np = [(_NP_OPS[name], a, b) for name, a, b in code]
        self.code_py = [(_PY_OPS[name], a, b) for name, a, b in code]
        self.outputs = [slot[i] for i in out_entries]

    def run(self, x: Any, y: Any, code: list[tuple[Callable[..., Any], int, int]]) -> list[Any]:
        v = [x, y, *self.consts]
        append = v.append
        for fn, a, b in code:
            append(fn(v[a]) if b < 0 else fn(v[a], v[b]))
        return [v[i] for i in self.outputs]

    def run_np(self, x: Any, y: Any) -> tuple[list[np.ndarray], bool]:
        """Outputs as float arrays broadcast to the common shape of x and y, and
        whether x and y were both scalars."""
        scalar = np.ndim(x) == 0 and np.ndim(y) == 0
        x = np.asarray(x, dtype=float)
        y = np.asarray(y, dtype=float)
        shape = np.broadcast_shapes(x.shape, y.shape)
        with np.errstate(all="ignore"):
            outs = self.run(x, y, self.code_np)
        outs = [np.broadcast_to(np.asarray(o, dtype=float), shape).copy() for o in outs]
        return outs, scalar

    def run_py(self, x: float, y: float) -> list[float]:
        """Outputs as Python floats (math module; numpy where math raises)."""
        try:
            return [float(o) for o in self.run(float(x), float(y), self.code_py)]
        except _PY_MATH_ERRORS:
            outs, _ = self.run_np(float(x), float(y))
            return [float(o) for o in outs]


class Expression:
    """A parsed f(x, y) with its symbolic gradient.

    ``tree`` is f as typed, ``dx`` and ``dy`` are ∂f/∂x and ∂f/∂y as ASTs (built
    from the simplified f). ``str(expr)`` prints f; :meth:`gradient_text` prints
    the gradient. Raises :class:`ExprError` for invalid text.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.tree: Node = parse(text)
        simple = simplify(self.tree)
        self.dx: Node = differentiate(simple, "x")
        self.dy: Node = differentiate(simple, "y")
        self.variables: frozenset[str] = _variables(self.tree)
        self._f = _Program([self.tree])
        self._all = _Program([self.tree, self.dx, self.dy])

    def __str__(self) -> str:
        return to_text(self.tree)

    def __repr__(self) -> str:
        return f"Expression({self.text!r})"

    def gradient_text(self) -> tuple[str, str]:
        """``(∂f/∂x, ∂f/∂y)`` as formulas, e.g. ``("2*x + 0.3*cos(3*x)", "-2*y")``."""
        return to_text(self.dx), to_text(self.dy)

    def evaluate(self, x: Any, y: Any) -> Any:
        """f at (x, y): floats give a float, arrays an array of the broadcast shape.

        float64 throughout; overflow and invalid operations give inf or nan silently.
        """
        (f,), scalar = self._f.run_np(x, y)
        return float(f) if scalar else f

    def value_and_grad(self, x: Any, y: Any) -> tuple[Any, Any, Any]:
        """``(f, ∂f/∂x, ∂f/∂y)`` at (x, y), shaped like :meth:`evaluate`."""
        outs, scalar = self._all.run_np(x, y)
        if scalar:
            return float(outs[0]), float(outs[1]), float(outs[2])
        return outs[0], outs[1], outs[2]

    def gradient(self, x: Any, y: Any) -> tuple[Any, Any]:
        """``(∂f/∂x, ∂f/∂y)`` at (x, y)."""
        return self.value_and_grad(x, y)[1:]

    def evaluate_py(self, x: float, y: float) -> float:
        """f at one point in Python floats (the fast path)."""
        return self._f.run_py(x, y)[0]

    def value_and_grad_py(self, x: float, y: float) -> tuple[float, float, float]:
        """``(f, ∂f/∂x, ∂f/∂y)`` at one point in Python floats (the fast path)."""
        f, gx, gy = self._all.run_py(x, y)
        return f, gx, gy


# --- the problem ---------------------------------------------------------------------
class ExpressionProblem(Problem):
    """Minimise the user's f(x, y) with its exact symbolic gradient.

    ``ExpressionProblem("x**2 - y**2 + 0.1*sin(3*x)", domain=((-2, 2), (-2, 2)))``;
    ``text`` may also be a parsed :class:`Expression`. Raises :class:`ExprError`
    for invalid text and ValueError for an invalid domain.
    """

    name = "custom"
    param_names = ("x", "y")
    n_samples = None

    def __init__(self, text: str | Expression,
                 domain: Sequence[Sequence[float]] = ((-2.0, 2.0), (-2.0, 2.0))) -> None:
        self.expression = text if isinstance(text, Expression) else Expression(text)
        self.text = self.expression.text
        self._domain = check_domain(domain)
        self.title = f"f(x, y) = {self.expression}"
        self._hessian: np.ndarray | None = None
        self._hessian_done = False

    def value_and_grad(self, theta: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """f ``(R,)`` and ∇f ``(R, 2)`` at ``theta`` of shape ``(R, 2)``."""
        theta = np.asarray(theta, dtype=float)
        if theta.ndim != 2 or theta.shape[1] != 2:
            raise ValueError(f"theta must have shape (R, 2), got {theta.shape}")
        (f, gx, gy), _ = self.expression._all.run_np(theta[:, 0], theta[:, 1])
        return f, np.stack([gx, gy], axis=1)

    def value(self, theta: np.ndarray) -> np.ndarray:
        theta = np.asarray(theta, dtype=float)
        return np.asarray(self.expression.evaluate(theta[:, 0], theta[:, 1]), dtype=float)

    def value_and_grad_py(self, theta: Sequence[float]) -> tuple[float, list[float]]:
        f, gx, gy = self.expression.value_and_grad_py(theta[0], theta[1])
        return f, [gx, gy]

    def domain(self) -> Domain:
        return self._domain

    def set_domain(self, domain: Sequence[Sequence[float]]) -> None:
        """Plot over ``((x_lo, x_hi), (y_lo, y_hi))`` instead (validated as in the constructor)."""
        self._domain = check_domain(domain)

    def default_init(self) -> np.ndarray:
        """70 % of the way from the domain's centre to a corner: the top-left one, or
        the first corner (clockwise) where f and its gradient are finite."""
        (x0, x1), (y0, y1) = self._domain
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        rx, ry = 0.7 * (x1 - x0) / 2, 0.7 * (y1 - y0) / 2
        corners = [(cx - rx, cy + ry), (cx + rx, cy + ry), (cx + rx, cy - ry), (cx - rx, cy - ry)]
        for px, py in corners:
            if all(math.isfinite(v) for v in self.expression.value_and_grad_py(px, py)):
                return np.array([px, py])
        return np.array(corners[0])

    def hessian(self) -> np.ndarray | None:
        """The constant Hessian when the second derivatives simplify to numbers
        (f is quadratic, e.g. ``x**2 - y**2``), else None."""
        if not self._hessian_done:
            self._hessian_done = True
            e = self.expression
            hxx = differentiate(e.dx, "x")
            hxy = differentiate(e.dx, "y")
            hyy = differentiate(e.dy, "y")
            if isinstance(hxx, Num) and isinstance(hxy, Num) and isinstance(hyy, Num):
                self._hessian = np.array([[hxx.value, hxy.value], [hxy.value, hyy.value]])
        return None if self._hessian is None else self._hessian.copy()
