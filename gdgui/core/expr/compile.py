"""Trees flattened to straight-line programs run with numpy or the math module."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, cast

import numpy as np

from .functions import _NP_OPS, _PY_MATH_ERRORS, _PY_OPS, _VARIABLES
from .nodes import BinOp, Call, Const, Neg, Node, Num, Var, _postorder


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
            if isinstance(n, BinOp):
                name = n.op
            else:
                name = "neg" if isinstance(n, Neg) else cast(Call, n).func
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
