"""Command line: ``gdgui`` opens the window; ``gdgui run`` and ``gdgui export`` are headless.

Exit codes: 0 success, 2 bad argument or file, 3 the run diverged.
Results go to standard output; status and errors to standard error.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .core import edits
from .core import optimizers as optim
from .core.experiment import (
    LINE_PROBLEMS,
    Experiment,
    ExperimentError,
    load_experiment,
    preset,
    preset_names,
)

EXIT_OK, EXIT_USAGE, EXIT_DIVERGED = 0, 2, 3


class UsageError(Exception):
    """A bad argument: reported in one line, exit code 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one clear line instead of usage + message
        raise UsageError(f"{self.prog}: {message} (see '{self.prog} --help')")


# option -> hyperparameter name (hyperparameters are validated against the optimizer)
_HP_OPTIONS = {
    "lr": float, "momentum": float, "dampening": float, "lr_decay": float,
    "initial_accumulator_value": float, "alpha": float, "beta1": float, "beta2": float,
    "eps": float, "weight_decay": float,
}
_HP_FLAGS = ("centered", "amsgrad")


def _batch_size(text: str):
    if text == "full":
        return "full"
    try:
        v = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f'must be "full" or a whole number, got {text!r}'
        ) from None
    if v < 1:
        raise argparse.ArgumentTypeError(f"must be >= 1, got {v}")
    return v


def _floats(text: str) -> list[float]:
    try:
        return [float(v) for v in text.split(",")]
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"must be numbers separated by commas, like 1.0 or 0.5,-1; got {text!r}"
        ) from None


def _add_experiment_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("experiment", nargs="?", help="experiment JSON file")
    p.add_argument("--preset", help=f"a bundled experiment: {', '.join(preset_names())}")
    g = p.add_argument_group("problem and data")
    g.add_argument("--problem", help="linear-w, linear-wb, a surface name, or custom")
    g.add_argument("--expr", help='your own f(x, y), e.g. "x**2 - y**2" (implies custom)')
    g.add_argument("--data", help="doubling, noisy-line, or a CSV file of x,y columns")
    g.add_argument("--standardize", action="store_true", default=None,
                   help="optimize on standardized x (results stay on the original scale)")
    g = p.add_argument_group("optimizer")
    g.add_argument("--optimizer", choices=list(optim.OPTIMIZERS))
    for name, typ in _HP_OPTIONS.items():
        g.add_argument("--" + name.replace("_", "-"), type=typ, dest=name, metavar="X")
    g.add_argument("--nesterov", action="store_true", help="use Nesterov momentum")
    for name in _HP_FLAGS:
        g.add_argument("--" + name, action="store_true", default=None)
    g = p.add_argument_group("run")
    g.add_argument("--batch-size", type=_batch_size, help='"full", 1 (SGD) or B')
    steps = g.add_mutually_exclusive_group()
    steps.add_argument("--epochs", type=int)
    steps.add_argument("--steps", type=int)
    g.add_argument("--init", type=_floats, help="initial parameters, e.g. 1.0 or 0,0")
    g.add_argument("--seed", type=int)
    g.add_argument("--gradient-noise", type=float, metavar="SIGMA")
    g.add_argument("--tolerance", type=float, help="stop when the gradient norm falls below this")


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="gdgui", description="A desktop explorer for gradient descent.")
    sub = p.add_subparsers(dest="command", parser_class=_Parser)
    r = sub.add_parser("run", help="run an experiment without a window",
                       description="Run an experiment and print its steps.")
    _add_experiment_options(r)
    r.add_argument("--csv", metavar="OUT", help="write the history as CSV")
    r.add_argument("--quiet", action="store_true", help="no per-step output")
    e = sub.add_parser("export", help="write the plots of an experiment as images",
                       description="Run an experiment without a display and save its plots.")
    _add_experiment_options(e)
    e.add_argument("--out", required=True, help="folder for the images")
    e.add_argument("--svg", action="store_true", help="SVG instead of PNG")
    e.add_argument("--scale", type=float, default=1.0, help="PNG scale factor (1 or 2)")
    e.add_argument("--theme", choices=["dark", "light"], default="light")
    w = sub.add_parser("window", help="open the explorer (the default)")
    w.add_argument("experiment", nargs="?", help="experiment JSON file")
    w.add_argument("--preset")
    return p


def experiment_from_args(args: argparse.Namespace) -> Experiment:
    """The experiment named by the arguments, with the options applied over it."""
    if args.experiment and args.preset:
        raise UsageError("give an experiment file or --preset, not both")
    if args.experiment:
        exp = load_experiment(args.experiment)
    elif args.preset:
        exp = preset(args.preset)
    else:
        exp = Experiment()
    try:
        return _apply_options(exp, args)
    except ExperimentError as e:
        raise ExperimentError(e.errors, "the command line options") from None


def _apply_options(exp: Experiment, args: argparse.Namespace) -> Experiment:
    """The options as edits (:mod:`gdgui.core.edits`, the rules the window uses)."""
    if args.problem == "custom" and args.expr is None and exp.problem_name != "custom":
        raise UsageError("--problem custom needs --expr \"f(x, y)\"")
    if args.expr is not None:
        exp = edits.set_problem(exp, {"name": "custom", "expr": args.expr})
    if args.problem is not None and args.problem != exp.problem_name:
        exp = edits.set_problem(exp, {"name": args.problem})
    if args.data is not None:
        if exp.problem_name not in LINE_PROBLEMS:
            raise UsageError(f"--data applies to line problems, not {exp.problem_name}")
        if args.data in ("doubling", "noisy-line"):
            exp = edits.apply(exp, data={"preset": args.data})
        else:
            exp = edits.apply(exp, data={"csv": str(Path(args.data).resolve())})
    if args.standardize:
        exp = edits.apply(exp, standardize=True)
    if args.nesterov:
        if args.optimizer not in (None, "nesterov"):
            raise UsageError(f"--nesterov conflicts with --optimizer {args.optimizer}")
        args.optimizer = "nesterov"
    if args.optimizer:
        exp = edits.set_optimizer(exp, args.optimizer)
    known = optim.get(exp.optimizer_name).defaults()
    hp = {}
    for name in (*_HP_OPTIONS, *_HP_FLAGS):
        value = getattr(args, name)
        if value is None:
            continue
        if name not in known:
            raise UsageError(f"--{name.replace('_', '-')} does not apply to "
                             f"{exp.optimizer_name} (it applies to "
                             f"{', '.join(edits.hyperparam_users(name))})")
        hp[name] = value
    changes: dict[str, Any] = {}
    if hp:
        changes["optimizer"] = hp
    if args.batch_size is not None:
        changes["batch_size"] = args.batch_size
    for key in ("epochs", "steps", "init", "seed", "gradient_noise", "tolerance"):
        if getattr(args, key) is not None:
            changes[key] = getattr(args, key)
    return edits.apply(exp, **changes)


def _fmt(v: float) -> str:
    return str(float(v))


def _predict_lines(exp: Experiment, problem, theta, before: bool) -> list[str]:
    label = "Predict (befortraining)" if before else "Predict(after training)"
    out = []
    for x in exp.predict:
        y = problem.predict(theta, float(x))
        xs = str(x) if isinstance(x, int) else _fmt(x)
        out.append(f"{label} {xs} {_fmt(y)}")
    return out


def cmd_run(args: argparse.Namespace) -> int:
    exp = experiment_from_args(args)
    problem = exp.build_problem()
    run = exp.build_run(problem)
    out = sys.stdout
    line = exp.problem_name in LINE_PROBLEMS
    shown = problem.shown_params
    names = problem.shown_names
    for s in _predict_lines(exp, problem, shown(run.history.params[0]), True):
        print(s, file=out)
    printed = 1
    full = run.full_batch
    loss_label = "cost" if line else "f"
    while True:
        run.advance(max_steps=4096)
        h = run.history
        if not args.quiet:
            params, loss, epoch, step = h.params, h.loss, h.epoch, h.step
            lines = []
            for k in range(printed, len(h)):
                th = shown(params[k])
                vals = " ".join(f"{n}= {_fmt(v)}" for n, v in zip(names, th))
                where = f"Epoch: {epoch[k]}" if full else f"Epoch: {epoch[k]} step: {step[k]}"
                # as the tutorial prints: parameters after the step, cost before it
                lines.append(f"{where} {vals} {loss_label}= {_fmt(loss[k - 1])}\n")
            out.write("".join(lines))
        printed = len(h)
        if run.done:
            break
    for s in _predict_lines(exp, problem, shown(run.history.params[-1]), False):
        print(s, file=out)
    out.flush()
    if args.csv:
        try:
            problem.shown_history(run.history).to_csv(args.csv)
        except OSError as e:
            raise UsageError(f"cannot write {args.csv}: {e.strerror or e}") from None
    h = run.history
    final = shown(h.params[-1])
    summary = ", ".join(f"{n}={_fmt(v)}" for n, v in zip(names, final))
    print(f"gdgui: {run.message} Final {summary}, loss={_fmt(h.loss[-1])}.", file=sys.stderr)
    return EXIT_DIVERGED if run.status == "diverged" else EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    exp = experiment_from_args(args)
    from .ui.headless import export_experiment

    files = export_experiment(exp, Path(args.out), svg=args.svg, scale=args.scale,
                              theme=args.theme)
    for f in files:
        print(f)
    return EXIT_OK


def cmd_window(args: argparse.Namespace) -> int:
    from .ui.app import run_app

    return run_app(experiment=getattr(args, "experiment", None),
                   preset_name=getattr(args, "preset", None))


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    if not argv or argv[0] not in ("run", "export", "window", "-h", "--help"):
        argv = ["window", *argv]
    try:
        args = parser.parse_args(argv)
        commands: dict[str, Any] = {"run": cmd_run, "export": cmd_export, "window": cmd_window}
        return commands[args.command](args)
    except UsageError as e:
        print(str(e), file=sys.stderr)
        return EXIT_USAGE
    except ExperimentError as e:
        print(f"gdgui: {e}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("gdgui: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # e.g. `gdgui run | head`
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
