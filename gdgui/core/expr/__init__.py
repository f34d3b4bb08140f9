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

from .calculus import differentiate, simplify
from .functions import CONSTANTS, FUNCTIONS
from .nodes import (
    MAX_DEPTH,
    MAX_LENGTH,
    MAX_TEXT,
    TOO_LONG,
    BinOp,
    Call,
    Const,
    ExprError,
    Neg,
    Node,
    Num,
    Var,
    to_text,
)
from .parse import parse
from .problem import Expression, ExpressionProblem

__all__ = [
    "CONSTANTS",
    "FUNCTIONS",
    "MAX_DEPTH",
    "MAX_LENGTH",
    "MAX_TEXT",
    "TOO_LONG",
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
