"""Tokenizer and Pratt (precedence-climbing) parser: text to AST, nothing evaluated."""

from __future__ import annotations

import math
import re
from typing import NamedTuple

from ..messages import Message
from .functions import _ALIASES, _FUNCS, _VARIABLES, CONSTANTS, FUNCTIONS
from .nodes import MAX_DEPTH, MAX_LENGTH, BinOp, Call, Const, ExprError, Neg, Node, Num, Var


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
_SYMBOLS = {
    "+": "+",
    "-": "-",
    "*": "*",
    "/": "/",
    "^": "^",
    "(": "(",
    ")": ")",
    ",": ",",
    "\u2212": "-",
    "\u00d7": "*",
    "\u00b7": "*",
}


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
                tokens.append(
                    _Token("error", Message("number too large '{number}'", number=m.group()), col)
                )
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
                tokens.append(_Token("error", Message("unknown name '{name}'", name=shown), col))
                break
            i = m.end()
        elif text.startswith("**", i):
            tokens.append(_Token("op", "**", col))
            i += 2
        elif c in _SYMBOLS:
            tokens.append(_Token("op", _SYMBOLS[c], col))
            i += 1
        else:
            tokens.append(
                _Token("error", Message("unexpected character {character}", character=repr(c)), col)
            )
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
            raise ExprError(
                Message("expression nested too deeply (more than {depth} levels)", depth=MAX_DEPTH),
                tok.col,
            )

    @staticmethod
    def unexpected(tok: _Token, expected: str | None = None) -> ExprError:
        if tok.kind in _OPERAND_KINDS or tok.text == "(":
            return ExprError(Message("missing operator before '{token}'", token=tok.text), tok.col)
        if expected is not None:
            return ExprError(Message("expected {expected}", expected=expected), tok.col)
        if tok.kind == "end":
            return ExprError(Message("unexpected end of expression"), tok.col)
        return ExprError(Message("unexpected '{token}'", token=tok.text), tok.col)

    def parse(self) -> Node:
        if self.peek().kind == "end":
            raise ExprError(Message("empty expression"))
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
            raise ExprError(Message("unexpected end of expression"), tok.col)
        else:
            raise ExprError(Message("unexpected '{token}'", token=tok.text), tok.col)

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
            raise ExprError(Message("expected '(' after '{name}'", name=name), tok.col)
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
                raise self.unexpected(tok, Message("',' or ')'") if arity > 1 else "')'")
        self.depth -= 1
        if len(args) != arity:
            template = (
                "{name} takes {count} argument, got {got}"
                if arity == 1
                else "{name} takes {count} arguments, got {got}"
            )
            raise ExprError(Message(template, name=name, count=arity, got=len(args)), name_tok.col)
        return Call(canonical, tuple(args))


def parse(text: str) -> Node:
    """Parse ``text`` into an AST exactly as typed (no simplification).

    Raises :class:`ExprError` for anything outside the grammar, for more than
    :data:`MAX_LENGTH` characters and for nesting deeper than :data:`MAX_DEPTH`.
    """
    if not isinstance(text, str):
        raise TypeError(f"expression must be a string, not {type(text).__name__}")
    if len(text) > MAX_LENGTH:
        raise ExprError(
            Message(
                "expression too long ({length} characters, at most {limit})",
                length=len(text),
                limit=MAX_LENGTH,
            ),
            MAX_LENGTH + 1,
        )
    return _Parser(_tokenize(text)).parse()
