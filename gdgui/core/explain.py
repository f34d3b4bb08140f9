"""Explain one step: the gradient written out, then the optimizer's update, with numbers.

:func:`explain_step` (or a :class:`StepExplainer`, which keeps its run between calls)
returns a :class:`StepExplanation` of step k ≥ 1, the update from θ_{k−1} to θ_k. It
drives the engine's own :class:`~gdgui.core.runner.Run` to step k − 1, reads the
parameters, the optimizer state and the batch (and gradient noise) the next step will
use, and computes step k with the optimizer's own ``update``: ``params_after`` is the
engine's history row k bit for bit.

Numbers: :meth:`StepExplanation.to_text` prints every value exactly (the shortest repr
that reads back to the same float; integral values without ".0"), except the
per-point terms and sums of a line problem's derivation, which are recomputed from the
data to explain the gradient and are printed with %.6g. :meth:`~StepExplanation.to_html`
prints %.6g throughout, for reading. :meth:`~StepExplanation.to_json` holds the floats
themselves.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, cast

import numpy as np

from . import optimizers as optim
from .experiment import Experiment
from .messages import Message
from .runner import Run, Status

__all__ = ["StepError", "StepExplainer", "StepExplanation", "explain_step", "peek_next_step"]

#: a line problem's derivation lists the points themselves up to this many
TERMS_MAX = 6


class StepError(ValueError):
    """Step k cannot be explained (out of range, or past the end of the run)."""


# --- what the next step uses ---------------------------------------------------------------


def peek_next_step(
    run: Run,
) -> tuple[list[float], list[Any], list[float], np.ndarray | None, list[float] | None]:
    """What the run's next step will use, without changing the run:
    ``(theta, per-parameter optimizer state, full-data gradient at theta, batch indices or
    None, gradient-noise row or None)`` (the first five of :meth:`Run.next_step_inputs`)."""
    inp = run.next_step_inputs()
    return inp.theta, inp.state, inp.grad, inp.batch, inp.noise


# --- the explanation ----------------------------------------------------------------------


@dataclass
class StepExplanation:
    """Step ``step`` (θ_{k−1} → θ_k) of one run, with every term it is made of.

    Parameter-keyed values are dicts ``{"w": ..., "b": ...}``. ``grad`` is the gradient
    the optimizer was given (noise included, before weight decay); ``grad_noise_free``
    and ``noise`` are set only when the run adds gradient noise. ``state`` is the
    optimizer state after the step under ``torch.optim``'s names; ``derived`` the other
    terms (bias corrections, denominators, ...), scalars or parameter-keyed dicts.
    ``gradient`` describes how ∇L was obtained: ``kind`` "line" (with the points and
    sums), "surface" or "custom" (with the partial derivatives as formulas).
    """

    step: int
    epoch: int
    problem: str
    optimizer: str
    hyperparams: dict[str, Any]
    lr: float
    param_names: tuple[str, ...]
    params_before: dict[str, float]
    params_after: dict[str, float]
    loss_before: float
    loss_after: float
    grad: dict[str, float]
    grad_noise_free: dict[str, float] | None
    noise: dict[str, float] | None
    batch: list[int] | None
    state: dict[str, Any]
    state_before: dict[str, Any]
    derived: dict[str, Any]
    gradient: dict[str, Any] = field(default_factory=dict)
    diverged: bool = False
    gradient_noise: float = 0.0

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict (floats as they are)."""
        out: dict[str, Any] = {
            "step": self.step,
            "epoch": self.epoch,
            "problem": self.problem,
            "optimizer": self.optimizer,
            "hyperparams": dict(self.hyperparams),
            "lr": self.lr,
            "params_before": dict(self.params_before),
            "grad": dict(self.grad),
            "params_after": dict(self.params_after),
            "loss_before": self.loss_before,
            "loss_after": self.loss_after,
            "batch": self.batch,
            "state": _plain(self.state),
            "state_before": _plain(self.state_before),
            "derived": _plain(self.derived),
        }
        if self.noise is not None:
            out["grad_noise_free"] = dict(self.grad_noise_free or {})
            out["noise"] = dict(self.noise)
        if self.diverged:
            out["diverged"] = True
        return out

    def lines(
        self, num: Callable[[float], str], data_num: Callable[[float], str]
    ) -> list[tuple[str, str, dict[str, Any]]]:
        """``(label, formula, label_args)`` per line; formulas in a small markup
        (``_{..}`` subscript, ``^{..}`` superscript, ``hat(m)``); a label without a
        formula is a heading."""
        return _build_lines(self, num, data_num)

    def to_text(self) -> str:
        """The explanation as plain Unicode text, one line per term."""
        out = []
        for label, formula, args in self.lines(exact, short):
            if not formula:
                out.append(label.format(**args))
            else:
                out.append("  " + markup_text(formula))
        return "\n".join(out) + "\n"

    def to_html(
        self, theme: str | Mapping[str, str] = "dark", tr: Callable[[str], str] = lambda s: s
    ) -> str:
        """Rich text for a Qt text view. ``theme`` is "dark", "light" or a mapping with
        ``foreground``, ``muted`` and ``accent`` colours; ``tr`` translates every label."""
        colors = (
            dict(_THEMES.get(theme, _THEMES["dark"]))
            if isinstance(theme, str)
            else {**_THEMES["dark"], **theme}
        )
        parts = [f'<div style="color:{colors["foreground"]}">']
        for label, formula, args in self.lines(short, short):
            text = html.escape(tr(label).format(**args)) if label else ""
            if not formula:
                parts.append(
                    f'<p style="margin-top:8px; margin-bottom:2px; '
                    f'color:{colors["accent"]}"><b>{text}</b></p>'
                )
                continue
            if text:
                parts.append(f'<p style="margin:0; color:{colors["muted"]}">{text}</p>')
            parts.append(
                '<p style="white-space:nowrap; margin-top:0; margin-bottom:4px; '
                f'margin-left:10px">{markup_html(formula)}</p>'
            )
        parts.append("</div>")
        return "".join(parts)


_THEMES = {
    "dark": {"foreground": "#d6d9de", "muted": "#9aa0aa", "accent": "#6cb4ff"},
    "light": {"foreground": "#1f2328", "muted": "#4b5260", "accent": "#1d5fb8"},
}


def _plain(v: Any) -> Any:
    if isinstance(v, dict):
        return {k: _plain(x) for k, x in v.items()}
    if isinstance(v, (np.floating, np.integer)):
        return v.item()
    return v


# --- numbers and markup ------------------------------------------------------------------


def exact(v: float) -> str:
    """The shortest text that reads back to ``v`` (integral values without ".0"), with a
    typographic minus."""
    v = float(v)
    s = str(int(v)) if v.is_integer() and abs(v) < 1e16 else repr(v)
    return s.replace("-", "\u2212")


def short(v: float) -> str:
    """``v`` with 6 significant digits (%.6g) and a typographic minus."""
    return f"{float(v):.6g}".replace("-", "\u2212")


# subscripts: digits and index letters only, so parameter names read alike (v_x, v_y)
_SUB = dict(zip("0123456789+-=()iknt\u2212", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ᵢₖₙₜ₋"))
_SUP = dict(zip("0123456789+-=()nitmax^\u2212", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱᵗᵐᵃˣ^⁻"))
_MARK = re.compile(r"([_^])\{([^{}]*)\}|hat\((\w)\)")


def markup_text(s: str) -> str:
    """Markup to plain Unicode: sub/superscripts as Unicode where every character has
    one, else ``_x`` / ``^x``; hats as a combining circumflex."""

    def sub(m: re.Match) -> str:
        if m.group(3):
            return m.group(3) + "\u0302"
        table = _SUB if m.group(1) == "_" else _SUP
        body = m.group(2)
        if all(c in table for c in body):
            return "".join(table[c] for c in body)
        return m.group(1) + (body if re.fullmatch(r"\w\u2032?", body) else f"({body})")

    return _MARK.sub(sub, s)


def markup_html(s: str) -> str:
    """Markup to HTML: <sub>/<sup>; hats as a superscript caret (no combining marks, which
    break in Qt's rich text when a line is laid out)."""

    def sub(m: re.Match) -> str:
        if m.group(3):
            return f"{m.group(3)}<sup>^</sup>"
        tag = "sub" if m.group(1) == "_" else "sup"
        return f"<{tag}>{m.group(2)}</{tag}>"

    return _MARK.sub(sub, html.escape(s, quote=False))


# --- computing a step ---------------------------------------------------------------------


def _first_run(source: Experiment | Run | Callable[[], Run]) -> Run:
    if isinstance(source, Experiment):
        return source.build_run()
    if isinstance(source, Run):
        return source
    return source()


class StepExplainer:
    """Explains steps of one run, keeping the run it drove: explaining step k and then
    step k + 1 costs one step, not k + 1. Going back rebuilds the run from the start
    (an Experiment or a factory is needed for that)."""

    def __init__(self, source: Experiment | Run | Callable[[], Run]) -> None:
        self.source = source
        self.run = _first_run(source)
        self._fresh = self.run.step_count == 0

    def _rebuild(self) -> None:
        if isinstance(self.source, Run):
            raise StepError(Message("cannot go back: the run given is already past that step"))
        self.run = _first_run(self.source)

    def prepare(self, k: int, max_seconds: float | None = None) -> bool:
        """Advance the run towards step k − 1; True once it is there (or can never be).
        With ``max_seconds`` it stops after about that long (call again to continue)."""
        if k < 1:
            return True
        if self.run.step_count > k - 1:
            self._rebuild()
        need = k - 1 - self.run.step_count
        if need > 0 and not self.run.done:
            self.run.advance(max_steps=need, max_seconds=max_seconds)
        return self.run.step_count >= k - 1 or self.run.done

    def explain(self, k: int) -> StepExplanation:
        """Step k's explanation (advances the cached run as far as needed)."""
        return _explain_prepared(self, k)


def _explain_prepared(explainer: Any, k: int) -> StepExplanation:
    """Step k ≥ 1 explained by ``explainer`` (its ``prepare(k)`` brings its ``run`` to
    step k − 1); :class:`StepError` when there is no step k."""
    if not isinstance(k, int) or isinstance(k, bool) or k < 1:
        raise StepError(Message("step must be 1 or more, got {step}", step=k))
    explainer.prepare(k)
    run = explainer.run
    if run.step_count < k - 1 or run.done:
        raise StepError(_past_end(run, k))
    return _explain_next(run, k)


def _past_end(run: Run, k: int) -> Message:
    last = run.step_count
    if run.status == Status.DIVERGED:
        why = Message("the run diverged at step {step}", step=last)
    elif run.status == Status.CONVERGED:
        why = Message("the run converged at step {step}", step=last)
    else:
        why = Message("the run has {steps} steps", steps=run.max_steps)
    return Message("step {step} is past the end: {why}.", step=k, why=why)


def explain_step(source: Experiment | Run | Callable[[], Run], k: int) -> StepExplanation:
    """Explain step k ≥ 1 (θ_{k−1} → θ_k) of an experiment, a fresh Run (advanced in
    place) or a factory of Runs. Raises :class:`StepError` when there is no step k."""
    return StepExplainer(source).explain(k)


def _explain_next(run: Run, k: int) -> StepExplanation:
    problem = run.problem
    inp = run.next_step_inputs()
    theta, state, full_grad, batch, noise = inp.theta, inp.state, inp.grad, inp.batch, inp.noise
    hp = inp.hyperparams  # the scheduled lr (and momentum) when the run has a schedule
    names = problem.param_names
    g_clean = full_grad if batch is None else problem.batch_grad_py(theta, batch)
    g = g_clean if noise is None else [a + e for a, e in zip(g_clean, noise)]
    update = optim.get(run.optimizer).make().update  # pure: the same rule the run uses
    new_theta, new_state = [], []
    for j in range(len(theta)):
        t, s = update(g[j], state[j], theta[j], hp)
        new_theta.append(t)
        new_state.append(s)
    loss_after, grad_after = problem.value_and_grad_py(new_theta)
    limit = run.divergence_factor * (abs(run.initial_loss) if run.initial_loss != 0 else 1.0)
    diverged = not (abs(loss_after) <= limit and math.isfinite(sum(new_theta) + sum(grad_after)))
    if diverged and not (math.isfinite(loss_after) and math.isfinite(sum(new_theta))):
        raise StepError(
            Message(
                "step {step} diverged (the loss or a parameter is not finite), so the "
                "run stops at step {last}.",
                step=k,
                last=k - 1,
            )
        )

    def keyed(vals) -> dict[str, float]:
        return {n: float(v) for n, v in zip(names, vals)}

    before, state_out, derived = _derive_optimizer(
        run.optimizer, hp, theta, g, state, new_state, names
    )
    return StepExplanation(
        step=k,
        epoch=(k - 1) // run.steps_per_epoch,
        problem=problem.name,
        optimizer=run.optimizer,
        hyperparams=hp,
        lr=float(hp["lr"]),
        param_names=names,
        params_before=keyed(theta),
        params_after=keyed(new_theta),
        loss_before=float(inp.loss),
        loss_after=float(loss_after),
        grad=keyed(g),
        grad_noise_free=None if noise is None else keyed(g_clean),
        noise=None if noise is None else keyed(noise),
        batch=None if batch is None else [int(i) for i in batch],
        state=state_out,
        state_before=before,
        derived=derived,
        gradient=_derive_gradient(problem, theta, batch),
        diverged=diverged,
        gradient_noise=run.gradient_noise,
    )


# --- how the gradient was obtained ----------------------------------------------------------


def _expr_markup(text: str) -> str:
    """An expression's text (``2*x**3 - y``) in the markup: powers raised, · and −."""
    s = re.sub(r"\*\*(\d+(?:\.\d+)?)", r"^{\1}", text)
    s = s.replace("**", "^").replace("*", "·")
    return re.sub(r"(?<![eE])-", "\u2212", s)


def _derive_gradient(problem, theta: list[float], batch: np.ndarray | None) -> dict[str, Any]:
    """How ∇L at theta was obtained: the data sums of a line problem, or the partial
    derivatives of a function as formulas (their values are the step's own gradient)."""
    model = getattr(problem, "model", None)
    if model in ("w", "wb") and problem.n_samples is not None:
        xs = np.asarray(problem.x_internal, dtype=float)
        idx = np.arange(problem.n_samples) if batch is None else np.asarray(batch)
        xb, yb = xs[idx], np.asarray(problem.y, dtype=float)[idx]
        w = theta[0]
        b = theta[1] if model == "wb" else 0.0
        r = w * xb + b - yb
        out: dict[str, Any] = {
            "kind": "line",
            "model": model,
            "n": int(idx.size),
            "standardized": bool(getattr(problem, "standardized", False)),
            "sum_rx": float(np.sum(r * xb)),
        }
        if model == "wb":
            out["sum_r"] = float(np.sum(r))
        if idx.size <= TERMS_MAX:
            out["points"] = [
                {"i": int(i), "x": float(x), "y": float(y), "r": float(ri), "rx": float(ri * x)}
                for i, x, y, ri in zip(idx, xb, yb, r)
            ]
        return out
    expression = getattr(problem, "expression", None)
    if expression is not None:
        dx, dy = expression.gradient_text()
        return {
            "kind": "custom",
            "f": _expr_markup(str(expression)),
            "partials": [_expr_markup(dx), _expr_markup(dy)],
            "where": [],
        }
    spec = getattr(problem, "spec", None)
    if spec is not None and getattr(spec, "partials", None) is not None:
        dx, dy, where = spec.partials
        return {
            "kind": "surface",
            "f": spec.formula,
            "partials": [dx, dy],
            "where": list(where),
            "params": dict(getattr(problem, "params", {})),
        }
    return {"kind": "other", "f": getattr(problem, "title", problem.name)}


# --- the optimizer's terms ----------------------------------------------------------------


def _derive_optimizer(
    name: str,
    hp: Mapping[str, Any],
    theta: list[float],
    g: list[float],
    state: list[Any],
    new_state: list[Any],
    names: tuple[str, ...],
) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """(state before, state after, derived terms) under torch.optim's names. The derived
    terms repeat the optimizers' own arithmetic, operation for operation."""

    def keyed(fn) -> dict[str, float]:
        return {n: float(fn(j)) for j, n in enumerate(names)}

    def field_of(states, attr, none_as=None):
        vals = [getattr(s, attr) for s in states]
        if all(v is None for v in vals):
            return none_as
        return {n: float(v) for n, v in zip(names, vals)}

    wd = float(hp.get("weight_decay", 0.0))
    step = new_state[0].step
    derived: dict[str, Any] = {}
    coupled = name != "adamw" and wd != 0
    gw = [g[j] + wd * theta[j] for j in range(len(g))] if coupled else list(g)
    if coupled:
        derived["grad_with_weight_decay"] = keyed(lambda j: gw[j])
    if name in ("gd", "momentum", "nesterov"):
        before = {"momentum_buffer": field_of(state, "momentum_buffer")}
        after = {"momentum_buffer": field_of(new_state, "momentum_buffer")}
        if name == "nesterov":
            mu = hp["momentum"]
            derived["nesterov_direction"] = keyed(
                lambda j: gw[j] + mu * new_state[j].momentum_buffer
            )
        return before, after, derived
    if name == "adagrad":
        clr = hp["lr"] / (1 + (step - 1) * hp.get("lr_decay", 0.0))
        derived["clr"] = float(clr)
        derived["denom"] = keyed(lambda j: math.sqrt(new_state[j].sum) + hp["eps"])
        before = {
            "step": step - 1,
            "sum": field_of(
                state,
                "sum",
                none_as={n: float(hp.get("initial_accumulator_value", 0.0)) for n in names},
            ),
        }
        return before, {"step": step, "sum": field_of(new_state, "sum")}, derived
    if name == "rmsprop":
        keys = ["square_avg"]
        if hp.get("momentum", 0.0) != 0:
            keys.append("momentum_buffer")
        if hp.get("centered", False):
            keys.append("grad_avg")
        before = {"step": step - 1, **{k: field_of(state, k) for k in keys}}
        after = {"step": step, **{k: field_of(new_state, k) for k in keys}}

        def denom(j):
            s = new_state[j]
            if hp.get("centered", False):
                return math.sqrt(s.square_avg - s.grad_avg * s.grad_avg) + hp["eps"]
            return math.sqrt(s.square_avg) + hp["eps"]

        derived["denom"] = keyed(denom)
        return before, after, derived
    # adam / adamw
    b1, b2, eps, lr = hp["beta1"], hp["beta2"], hp["eps"], hp["lr"]
    ams = hp.get("amsgrad", False)
    keys = ["exp_avg", "exp_avg_sq"] + (["max_exp_avg_sq"] if ams else [])
    before = {"step": step - 1, **{k: field_of(state, k) for k in keys}}
    after = {"step": step, **{k: field_of(new_state, k) for k in keys}}
    bc1 = 1 - b1**step
    bc2 = 1 - b2**step
    bc2_sqrt = math.sqrt(bc2)
    second = "max_exp_avg_sq" if ams else "exp_avg_sq"
    derived.update(
        {
            "bias_correction1": float(bc1),
            "bias_correction2": float(bc2),
            "exp_avg_hat": keyed(lambda j: new_state[j].exp_avg / bc1),
            "exp_avg_sq_hat": keyed(lambda j: getattr(new_state[j], second) / bc2),
            "denom": keyed(lambda j: math.sqrt(getattr(new_state[j], second)) / bc2_sqrt + eps),
            "step_size": float(lr / bc1),
        }
    )
    if name == "adamw":
        derived["decayed_params"] = keyed(lambda j: theta[j] * (1 - lr * wd))
    return before, after, derived


# --- the lines -------------------------------------------------------------------------------


def _f(num: Callable[[float], str], v: float) -> str:
    """``v`` as a factor: negative numbers in parentheses."""
    s = num(v)
    return f"({s})" if s.startswith("\u2212") else s


def _samples(batch: list[int]) -> str:
    shown = ", ".join(str(i) for i in batch[:10])
    return shown + (", …" if len(batch) > 10 else "")


def _gradient_lines(e: StepExplanation, num, dnum, head, line) -> None:
    gr, names = e.gradient, e.param_names
    # grad_noise_free is set exactly when noise is
    clean = cast("dict[str, float]", e.grad_noise_free) if e.noise is not None else e.grad
    if gr.get("kind") == "line":
        n, wb = gr["n"], gr["model"] == "wb"
        w = names[0]
        b = names[1] if wb else ""
        xs = "x′" if gr["standardized"] else "x"
        if e.batch is None:
            head("Gradient of the mean squared error on all {n} points", n=n)
        else:
            head(
                "Gradient on a mini-batch of {n}: samples {samples} (numbered from 0)",
                n=n,
                samples=_samples(e.batch),
            )
        resid = f"{w}·{xs}_{{i}}" + (f" + {b}" if wb else "") + " − y_{i}"
        bval = f" + {_f(dnum, e.params_before[b])}" if wb else ""
        for j, p in enumerate(gr.get("points", [])):
            line(
                f"i = {p['i']}:  r_{{i}} = {resid} = {_f(dnum, e.params_before[w])} × "
                f"{_f(dnum, p['x'])}{bval} − {_f(dnum, p['y'])} = {dnum(p['r'])},  "
                f"r_{{i}}·{xs}_{{i}} = {dnum(p['rx'])}",
                "" if j else "The residual of each point, r = ŷ − y",
            )
        line(
            f"∂L/∂{w} = (2/n)·Σ({resid})·{xs}_{{i}} = (2/{n}) × {_f(dnum, gr['sum_rx'])} = "
            f"{num(clean[w])}",
            "Partial derivative with respect to {p}",
            p=w,
        )
        if wb:
            line(
                f"∂L/∂{b} = (2/n)·Σ({resid}) = (2/{n}) × {_f(dnum, gr['sum_r'])} = {num(clean[b])}",
                "Partial derivative with respect to {p}",
                p=b,
            )
        return
    if gr.get("kind") in ("surface", "custom"):
        head("Gradient of f(x, y) = {f}", f=markup_text(gr["f"]))
        params = gr.get("params") or {}
        if params:
            line(",  ".join(f"{k} = {num(v)}" for k, v in params.items()), "with")
        at = ", ".join(f"{n} = {num(e.params_before[n])}" for n in names)
        for j, n in enumerate(names):
            line(
                f"∂f/∂{n} = {gr['partials'][j]} = {num(clean[n])}",
                "" if j else "The partial derivatives at {at}",
                at=at,
            )
        for j, wh in enumerate(gr["where"]):
            line(wh, "" if j else "where")
        return
    head("Gradient")
    for n in names:
        line(f"∂f/∂{n} = {num(clean[n])}")


def _build_lines(e: StepExplanation, num, dnum) -> list[tuple[str, str, dict[str, Any]]]:
    out: list[tuple[str, str, dict[str, Any]]] = []

    def head(label: str, **args: Any) -> None:
        out.append((label, "", args))

    def line(formula: str, label: str = "", **args: Any) -> None:
        out.append((label, formula, args))

    names, hp, k = e.param_names, e.hyperparams, e.step
    loss = "L" if e.gradient.get("kind") == "line" else "f"
    th, th2 = e.params_before, e.params_after
    head("Step {k}: θ{a} → θ{b}", k=k, a=markup_text(f"_{{{k - 1}}}"), b=markup_text(f"_{{{k}}}"))
    line(",  ".join(f"{n} = {num(th[n])}" for n in names), "Parameters before the step")
    line(f"{loss}(θ_{{{k - 1}}}) = {num(e.loss_before)}", "Loss before the step")
    _gradient_lines(e, num, dnum, head, line)

    wd = float(hp.get("weight_decay", 0.0))
    coupled = e.optimizer != "adamw" and wd != 0
    noisy = e.noise is not None
    gv = e.derived["grad_with_weight_decay"] if coupled else e.grad

    def G(n: str, factor: bool = False) -> str:
        """The gradient's symbol; with ``factor``, bracketed when squared or divided."""
        if noisy or coupled:
            return f"g_{{{n}}}"
        return f"(∂{loss}/∂{n})" if factor else f"∂{loss}/∂{n}"

    if noisy or coupled:
        head("The gradient the optimizer is given")
        clean = cast("dict[str, float]", e.grad_noise_free) if noisy else e.grad
        noise = cast("dict[str, float]", e.noise)  # read only when noisy
        for j, n in enumerate(names):
            sym = (
                f"∂{loss}/∂{n}"
                + (f" + ε_{{{n}}}" if noisy else "")
                + (f" + λ·{n}" if coupled else "")
            )
            val = (
                num(clean[n])
                + (f" + {_f(num, noise[n])}" if noisy else "")
                + (f" + {num(wd)} × {_f(num, th[n])}" if coupled else "")
            )
            label = ("Gaussian noise ε drawn with σ = {sigma}" if noisy else "") if not j else ""
            if not j and coupled:
                label = (
                    "Gaussian noise ε (σ = {sigma}) and weight decay λ = {wd} (L2)"
                    if noisy
                    else "Weight decay λ = {wd} (L2) adds λ·θ"
                )
            line(
                f"{G(n)} = {sym} = {val} = {num(gv[n])}",
                label,
                sigma=short(e.gradient_noise),
                wd=short(wd),
            )

    spec = optim.get(e.optimizer)
    head("Update: {title}", title=spec.title)
    lr = e.lr
    line(f"η = {num(lr)}", "The learning rate used at this step")
    _update_lines(e, num, line, G, gv, wd)

    if e.diverged:
        head("The run diverges at this step")
    head("Result")
    line(",  ".join(f"{n} = {num(th2[n])}" for n in names), "Parameters after the step")
    line(f"{loss}(θ_{{{k}}}) = {num(e.loss_after)}", "Loss after the step")
    return out


def _update_lines(e: StepExplanation, num, line, G, gv, wd: float) -> None:
    hp, names, lr = e.hyperparams, e.param_names, e.lr
    th, th2, st, st0, d = e.params_before, e.params_after, e.state, e.state_before, e.derived
    name = e.optimizer

    def final(n: str, sym: str, nums: str, decayed: bool = False) -> None:
        start = num(d["decayed_params"][n] if decayed else th[n])
        line(f"{n}' = {n} − {sym} = {start} − {nums} = {num(th2[n])}")

    if name in ("gd", "momentum", "nesterov"):
        mu, tau = hp.get("momentum", 0.0), hp.get("dampening", 0.0)
        for n in names:
            if name == "gd" or mu == 0:
                final(n, f"η·{G(n)}", f"{num(lr)} × {_f(num, gv[n])}")
                continue
            b, prev = st["momentum_buffer"][n], (st0["momentum_buffer"] or {}).get(n)
            if prev is None:
                line(
                    f"v_{{{n}}} = {G(n)} = {num(b)}",
                    "Momentum buffer: the first step starts it at the gradient",
                )
            else:
                line(
                    f"v_{{{n}}} = μ·v_{{{n}}} + (1 − τ)·{G(n)} = {num(mu)} × {_f(num, prev)} + "
                    f"(1 − {num(tau)}) × {_f(num, gv[n])} = {num(b)}",
                    "Momentum buffer v ← μ·v + (1 − τ)·g",
                )
            if name == "momentum":
                final(n, f"η·v_{{{n}}}", f"{num(lr)} × {_f(num, b)}")
            else:
                look = d["nesterov_direction"][n]
                line(
                    f"{G(n)} + μ·v_{{{n}}} = {num(gv[n])} + {num(mu)} × {_f(num, b)} = {num(look)}",
                    "Nesterov's look-ahead: the gradient plus μ·v",
                )
                final(n, f"η·({G(n)} + μ·v_{{{n}}})", f"{num(lr)} × {_f(num, look)}")
        return
    eps = hp["eps"]
    if name == "adagrad":
        t, decay, clr = st["step"], hp.get("lr_decay", 0.0), d["clr"]
        eta = "η"
        if decay != 0:
            eta = "η_{t}"
            line(
                f"η_{{t}} = η/(1 + (t − 1)·decay) = {num(lr)}/(1 + {t - 1} × {num(decay)}) = "
                f"{num(clr)}",
                "Learning-rate decay at step t = {t}",
                t=t,
            )
        for n in names:
            s, s0 = st["sum"][n], st0["sum"][n]
            line(
                f"s_{{{n}}} = s_{{{n}}} + {G(n, True)}^{{2}} = {num(s0)} + "
                f"{_f(num, gv[n])}^{{2}} = {num(s)}",
                "Accumulated squared gradients (sum)",
            )
            final(
                n,
                f"{eta}·{G(n, True)}/(√s_{{{n}}} + ε)",
                f"{num(clr)} × {_f(num, gv[n])}/(√{num(s)} + {num(eps)})",
            )
        return
    if name == "rmsprop":
        alpha, mu = hp["alpha"], hp.get("momentum", 0.0)
        centered = hp.get("centered", False)
        for n in names:
            v, v0 = st["square_avg"][n], st0["square_avg"][n]
            line(
                f"v_{{{n}}} = α·v_{{{n}}} + (1 − α)·{G(n, True)}^{{2}} = "
                f"{num(alpha)} × {_f(num, v0)} + (1 − {num(alpha)}) × "
                f"{_f(num, gv[n])}^{{2}} = {num(v)}",
                "Running mean of squared gradients (square_avg)",
            )
            den = d["denom"][n]
            if centered:
                a, a0 = st["grad_avg"][n], st0["grad_avg"][n]
                line(
                    f"ḡ_{{{n}}} = ḡ_{{{n}}} + (1 − α)·({G(n)} − ḡ_{{{n}}}) = {num(a0)} + "
                    f"(1 − {num(alpha)}) × ({num(gv[n])} − {_f(num, a0)}) = {num(a)}",
                    "Running mean of gradients (grad_avg, centred)",
                )
                line(
                    f"d_{{{n}}} = √(v_{{{n}}} − ḡ_{{{n}}}^{{2}}) + ε = √({num(v)} − "
                    f"{_f(num, a)}^{{2}}) + {num(eps)} = {num(den)}",
                    "Denominator",
                )
            else:
                line(
                    f"d_{{{n}}} = √v_{{{n}}} + ε = √{num(v)} + {num(eps)} = {num(den)}",
                    "Denominator",
                )
            if mu != 0:
                b, b0 = st["momentum_buffer"][n], st0["momentum_buffer"][n]
                line(
                    f"u_{{{n}}} = μ·u_{{{n}}} + {G(n, True)}/d_{{{n}}} = "
                    f"{num(mu)} × {_f(num, b0)} + {_f(num, gv[n])}/{num(den)} = {num(b)}",
                    "Momentum buffer",
                )
                final(n, f"η·u_{{{n}}}", f"{num(lr)} × {_f(num, b)}")
            else:
                final(n, f"η·{G(n, True)}/d_{{{n}}}", f"{num(lr)} × {_f(num, gv[n])}/{num(den)}")
        return
    # adam / adamw
    b1, b2, t = hp["beta1"], hp["beta2"], st["step"]
    ams = hp.get("amsgrad", False)
    if name == "adamw":
        for j, n in enumerate(names):
            line(
                f"{n} ← {n}·(1 − η·λ) = {num(th[n])} × (1 − {num(lr)} × {num(wd)}) = "
                f"{num(d['decayed_params'][n])}",
                "" if j else "Decoupled weight decay λ = {wd} (AdamW)",
                wd=short(wd),
            )
    line(
        f"1 − β_{{1}}^{{t}} = 1 − {num(b1)}^{{{t}}} = {num(d['bias_correction1'])}",
        "Bias corrections at step t = {t}",
        t=t,
    )
    line(f"1 − β_{{2}}^{{t}} = 1 − {num(b2)}^{{{t}}} = {num(d['bias_correction2'])}")
    for n in names:
        m, m0 = st["exp_avg"][n], st0["exp_avg"][n]
        v, v0 = st["exp_avg_sq"][n], st0["exp_avg_sq"][n]
        line(
            f"m_{{{n}}} = β_{{1}}·m_{{{n}}} + (1 − β_{{1}})·{G(n)} = {num(b1)} × {_f(num, m0)} + "
            f"(1 − {num(b1)}) × {_f(num, gv[n])} = {num(m)}",
            "First moment (exp_avg)",
        )
        line(
            f"v_{{{n}}} = β_{{2}}·v_{{{n}}} + (1 − β_{{2}})·{G(n, True)}^{{2}} = {num(b2)} × "
            f"{_f(num, v0)} + (1 − {num(b2)}) × {_f(num, gv[n])}^{{2}} = {num(v)}",
            "Second moment (exp_avg_sq)",
        )
        vsym, vval = f"v_{{{n}}}", v
        if ams:
            vm, vm0 = st["max_exp_avg_sq"][n], st0["max_exp_avg_sq"][n]
            line(
                f"v^{{max}}_{{{n}}} = max(v^{{max}}_{{{n}}}, v_{{{n}}}) = max({num(vm0)}, "
                f"{num(v)}) = {num(vm)}",
                "Largest second moment so far (AMSGrad)",
            )
            vsym, vval = f"v^{{max}}_{{{n}}}", vm
        mh, vh = d["exp_avg_hat"][n], d["exp_avg_sq_hat"][n]
        line(
            f"hat(m)_{{{n}}} = m_{{{n}}}/(1 − β_{{1}}^{{t}}) = {_f(num, m)}/"
            f"{num(d['bias_correction1'])} = {num(mh)}",
            "Bias-corrected moments",
        )
        line(
            f"hat(v)_{{{n}}} = {vsym}/(1 − β_{{2}}^{{t}}) = {num(vval)}/"
            f"{num(d['bias_correction2'])} = {num(vh)}"
        )
        final(
            n,
            f"η·hat(m)_{{{n}}}/(√hat(v)_{{{n}}} + ε)",
            f"{num(lr)} × {_f(num, mh)}/(√{num(vh)} + {num(eps)})",
            decayed=name == "adamw",
        )
