"""Command line: ``gdgui`` opens the window; ``gdgui run``, ``export``, ``explain`` and
``sweep`` are headless.

Exit codes: 0 success, 2 bad argument, file or output, 3 the run diverged.
Results go to standard output; status and errors to standard error, each error one
line (no traceback). A closed pipe (``gdgui run | head -1``) ends quietly.
"""

from __future__ import annotations

import argparse
import errno
import json
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from .cli_args import (
    _HP_FLAGS,
    _HP_OPTIONS,
    MAX_EXPORT_SCALE,
    _add_compare_runs,
    _at_step,
    _batch_size,
    _compare,
    _count,
    _floats,
    _int,
    _name,
    _number,
    _path,
    _scale,
    _schedule,
)
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
COMMANDS = ("run", "export", "explain", "sweep", "window")


class UsageError(Exception):
    """A bad argument: reported in one line, exit code 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one clear line instead of usage + message
        message = " ".join(message.split())
        if len(message) > 200:  # argparse echoes the values in full
            message = message[:199] + "…"
        raise UsageError(f"{self.prog}: {message} (see '{self.prog} --help')")


def _add_experiment_options(p: argparse.ArgumentParser, skip: Sequence[str] = ()) -> None:
    """The options shared by run, export, explain and sweep; ``skip`` names
    (destinations, e.g. ``"lr"``) a subcommand defines in its own way."""
    p.add_argument("experiment", nargs="?", type=_path, help="experiment JSON file")
    p.add_argument(
        "--preset", type=_name, help=f"a bundled experiment: {', '.join(preset_names())}"
    )
    g = p.add_argument_group("problem and data")
    g.add_argument("--problem", help="linear-w, linear-wb, a surface name, or custom")
    g.add_argument("--expr", help='your own f(x, y), e.g. "x**2 - y**2" (implies custom)')
    g.add_argument("--data", type=_path, help="doubling, noisy-line, or a CSV file of x,y columns")
    g.add_argument(
        "--standardize",
        action="store_true",
        default=None,
        help="optimize on standardized x (results stay on the original scale)",
    )
    g = p.add_argument_group("optimizer")
    g.add_argument("--optimizer", choices=list(optim.OPTIMIZERS))
    for name in _HP_OPTIONS:
        if name not in skip:
            g.add_argument("--" + name.replace("_", "-"), type=_number, dest=name, metavar="X")
    g.add_argument("--nesterov", action="store_true", help="use Nesterov momentum")
    for name in _HP_FLAGS:
        g.add_argument("--" + name, action="store_true", default=None)
    g.add_argument(
        "--schedule",
        type=_schedule,
        metavar="NAME:K=V,...",
        help='a learning-rate schedule, e.g. "cosine:T_max=100,eta_min=0.001"',
    )
    g = p.add_argument_group("run")
    g.add_argument("--batch-size", type=_batch_size, help='"full", 1 (SGD) or B')
    steps = g.add_mutually_exclusive_group()
    steps.add_argument("--epochs", type=_count)
    if "steps" not in skip:
        steps.add_argument("--steps", type=_count)
    g.add_argument("--init", type=_floats, help="initial parameters, e.g. 1.0 or -1.5,2")
    g.add_argument("--seed", type=_int)
    g.add_argument("--gradient-noise", type=_number, metavar="SIGMA")
    g.add_argument("--tolerance", type=_number, help="stop when the gradient norm falls below this")


def _add_compare_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--compare",
        action="append",
        metavar="KEY=VALUE,...",
        type=_compare,
        help='add a run side by side, e.g. "optimizer=adam,lr=0.1" (repeatable; '
        "keys: name, optimizer, a hyperparameter, init=w;b, batch_size, seed, "
        "gradient_noise, schedule=NAME:K=V,... last)",
    )


def build_parser() -> argparse.ArgumentParser:
    from .explain_cli import add_explain_arguments
    from .sweep_cli import SHARED_SKIP, add_sweep_arguments

    p = _Parser(prog="gdgui", description="A desktop explorer for gradient descent.")
    sub = p.add_subparsers(dest="command", parser_class=_Parser)
    r = sub.add_parser(
        "run",
        help="run an experiment without a window",
        description="Run an experiment and print its steps.",
    )
    _add_experiment_options(r)
    _add_compare_option(r)
    r.add_argument("--csv", metavar="OUT", type=_path, help="write the history as CSV")
    r.add_argument("--quiet", action="store_true", help="no per-step or Predict output")
    e = sub.add_parser(
        "export",
        help="write the plots of an experiment as images",
        description="Run an experiment without a display and save its plots.",
    )
    _add_experiment_options(e)
    _add_compare_option(e)
    e.add_argument("--out", type=_path, help="folder for the images")
    e.add_argument("--svg", action="store_true", help="SVG instead of PNG")
    e.add_argument(
        "--scale",
        type=_scale,
        default=1.0,
        help=f"PNG scale factor (above 0, at most {MAX_EXPORT_SCALE:g}; 1 or 2)",
    )
    e.add_argument("--theme", choices=["dark", "light"], default="light")
    e.add_argument(
        "--loss-scale",
        choices=["linear", "log"],
        help="the loss plot's axis (default: the experiment's view.loss_scale)",
    )
    e.add_argument(
        "--at-step",
        type=_at_step,
        metavar="K",
        help="draw the plots as they stood at step K (the run still goes on)",
    )
    a = e.add_argument_group("animation")
    a.add_argument(
        "--animate",
        metavar="OUT.gif|OUT.mp4",
        type=_path,
        help="write an animation of the run (needs the video extra)",
    )
    a.add_argument("--fps", type=_number, default=30.0, help="frames per second (30)")
    a.add_argument("--duration", type=_number, default=6.0, help="seconds (6)")
    a.add_argument(
        "--plot",
        choices=["window", "fit", "loss", "trajectory", "surface3d"],
        default="window",
        help="what the animation shows (window); surface3d needs OpenGL",
    )
    a.add_argument(
        "--time",
        choices=["linear", "log"],
        default="linear",
        help="steps per frame: even (linear) or more at the start (log)",
    )
    x = sub.add_parser(
        "explain",
        help="print one step written out",
        description="Print step K: the gradient, then the optimizer's update.",
    )
    _add_experiment_options(x)
    add_explain_arguments(x)
    s = sub.add_parser(
        "sweep",
        help="run a learning-rate sweep and save it",
        description="Run one configuration per learning rate (and momentum) "
        "and write the results as CSV.",
    )
    _add_experiment_options(s, skip=SHARED_SKIP)
    add_sweep_arguments(s)
    w = sub.add_parser("window", help="open the explorer (the default)")
    w.add_argument("experiment", nargs="?", type=_path, help="experiment JSON file")
    w.add_argument("--preset", type=_name)
    w.add_argument("--lang", metavar="zh_CN|en", help="the language of the window")
    return p


def experiment_from_args(args: argparse.Namespace) -> Experiment:
    """The experiment named by the arguments, with the options applied over it."""
    if args.experiment is not None and args.preset is not None:
        raise UsageError("give an experiment file or --preset, not both")
    if args.experiment is not None:
        exp = load_experiment(args.experiment)
    elif args.preset is not None:
        exp = preset(args.preset)
    else:
        exp = Experiment()
    try:
        exp = _apply_options(exp, args)
    except ExperimentError as e:
        raise ExperimentError(e.errors, "the command line options") from None
    if getattr(args, "compare", None):
        exp = _add_compare_runs(exp, args.compare)
    return exp


def _apply_options(exp: Experiment, args: argparse.Namespace) -> Experiment:
    """The options as edits (:mod:`gdgui.core.edits`, the rules the window uses)."""
    if args.problem == "custom" and args.expr is None and exp.problem_name != "custom":
        raise UsageError('--problem custom needs --expr "f(x, y)"')
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
        dropped = (
            edits.schedule_conflict(exp.schedule, args.optimizer) if args.schedule is None else ""
        )
        exp = edits.set_optimizer(exp, args.optimizer)
        if dropped:
            print(f"gdgui: the experiment's schedule was dropped: {dropped}", file=sys.stderr)
    if args.schedule is not None:
        exp = edits.set_schedule(exp, args.schedule)
    known = optim.get(exp.optimizer_name).defaults()
    hp = {}
    for name in (*_HP_OPTIONS, *_HP_FLAGS):
        value = getattr(args, name, None)
        if value is None:
            continue
        if name not in known:
            raise UsageError(
                f"--{name.replace('_', '-')} does not apply to "
                f"{exp.optimizer_name} (it applies to "
                f"{', '.join(edits.hyperparam_users(name))})"
            )
        hp[name] = value
    changes: dict[str, Any] = {}
    if hp:
        changes["optimizer"] = hp
    if args.batch_size is not None:
        changes["batch_size"] = args.batch_size
    for key in ("epochs", "steps", "init", "seed", "gradient_noise", "tolerance"):
        if getattr(args, key, None) is not None:
            changes[key] = getattr(args, key)
    if getattr(args, "loss_scale", None) is not None:
        changes["loss_scale"] = args.loss_scale
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


def _build(exp: Experiment):
    """The problem and run of ``exp``; a bad combination (a schedule too short, steps
    beyond the limit, data that cannot be read) is a UsageError."""
    try:
        problem = exp.build_problem()
        return problem, exp.build_run(problem)
    except ExperimentError:
        raise
    except (ValueError, OverflowError) as e:
        text = " ".join(str(e).split())
        raise UsageError(f"gdgui: {text if len(text) <= 200 else text[:199] + '…'}") from None


def _stream(exp: Experiment, problem, run, out, quiet: bool, prefix: str = "") -> None:
    """Run ``run`` to its end, printing the tutorial's lines (each after ``prefix``)."""
    line = exp.problem_name in LINE_PROBLEMS
    shown = problem.shown_params
    names = problem.shown_names
    if not quiet:
        for s in _predict_lines(exp, problem, shown(run.history.params[0]), True):
            print(prefix + s, file=out)
    last = 0  # the step of the last row printed (rows: history.step, thinned past 2e6)
    full = run.full_batch
    loss_label = "cost" if line else "f"
    tail = run.history.tail or 4097
    chunk = max(1, min(4096, tail - 1))  # the rows of one chunk stay exact until printed
    while not run.done:
        run.advance(max_steps=chunk)
        h = run.history
        if not quiet:
            step = h.step
            first = int(np.searchsorted(step, last, side="right"))
            params, loss, epoch = h.params, h.loss, h.epoch
            lines = []
            for k in range(max(first, 1), len(h)):
                th = shown(params[k])
                vals = " ".join(f"{n}= {_fmt(v)}" for n, v in zip(names, th))
                where = f"Epoch: {epoch[k]}" if full else f"Epoch: {epoch[k]} step: {step[k]}"
                # as the tutorial prints: parameters after the step, cost before it
                lines.append(f"{prefix}{where} {vals} {loss_label}= {_fmt(loss[k - 1])}\n")
            out.write("".join(lines))
        last = int(h.step[-1])
    if not quiet:
        for s in _predict_lines(exp, problem, shown(run.history.params[-1]), False):
            print(prefix + s, file=out)


def _summary(problem, run) -> str:
    h = run.history
    final = problem.shown_params(h.params[-1])
    values = ", ".join(f"{n}={_fmt(v)}" for n, v in zip(problem.shown_names, final))
    return f"{run.message} Final {values}, loss={_fmt(h.loss[-1])}."


def _runs_csv(names: Sequence[str], histories: Sequence[Any]) -> str:
    """One CSV of several shown histories: a first column ``run`` (the run's name)."""
    import csv
    import io

    out: list[str] = []
    # one header for all: with an lr column when any run records its rate (the others
    # leave that cell empty, as the window's Export history does)
    with_lr = [h.lr is not None for h in histories]
    for i, (name, h) in enumerate(zip(names, histories, strict=True)):
        cell = io.StringIO()
        csv.writer(cell, lineterminator="\n").writerow([name])  # quotes a line break
        lines = h.to_csv().splitlines()
        if i == 0:
            out.append("run," + lines[0] + (",lr" if any(with_lr) and not with_lr[0] else ""))
        empty = "," if any(with_lr) and not with_lr[i] else ""
        out.extend(f"{cell.getvalue()[:-1]},{row}{empty}" for row in lines[1:])
    return "\n".join(out) + "\n"


def _write_csv(path: str, write) -> None:
    try:
        write(path)
    except OSError as e:
        said = str(e) if str(e).startswith(f"cannot write {path}") else None  # a FileIOError
        raise UsageError(f"gdgui: {said or f'cannot write {path}: {e.strerror or e}'}") from None


def cmd_run(args: argparse.Namespace) -> int:
    exp = experiment_from_args(args)
    if exp.runs:
        return _run_side_by_side(exp, args)
    problem, run = _build(exp)
    _stream(exp, problem, run, sys.stdout, args.quiet)
    sys.stdout.flush()
    if args.csv:
        _write_csv(args.csv, problem.shown_history(run.history).to_csv)
    print(f"gdgui: {_summary(problem, run)}", file=sys.stderr)
    return EXIT_DIVERGED if run.status == "diverged" else EXIT_OK


def _run_label(name: str) -> str:
    """A run's name as its lines show it: as given, or quoted as JSON when it could not be
    told apart on one line (empty, spaces at an end, a line break or another control)."""
    plain = name and name == name.strip() and all(c.isprintable() for c in name)
    return name if plain else json.dumps(name, ensure_ascii=False)


def _run_side_by_side(exp: Experiment, args: argparse.Namespace) -> int:
    """``gdgui run`` of an experiment with runs: the runs of one Race, one block per
    run (a line "== NAME ==" then the run's lines), a summary line per run on stderr."""
    problem, _ = _build(exp)  # a bad base is refused as for one run
    for i in range(exp.run_count):
        _build(exp.run_experiment(i))
    try:
        race = exp.build_race(problem)
    except ValueError as e:
        raise UsageError(f"gdgui: {' '.join(str(e).split())}") from None
    names = [exp.run_name(i) for i in range(exp.run_count)]
    labels = [_run_label(n) for n in names]  # one line each, told apart
    out = sys.stdout
    for i, run in enumerate(race.runs):
        if not args.quiet:
            print(f"{'' if i == 0 else chr(10)}== {labels[i]} ==", file=out)
        _stream(exp.run_experiment(i), problem, run, out, args.quiet)
    out.flush()
    if args.csv:
        text = _runs_csv(names, [problem.shown_history(h) for h in race.histories])
        from .core.fileio import atomic_write_text

        _write_csv(args.csv, lambda path: atomic_write_text(path, text))
    for name, run in zip(labels, race.runs):
        print(f"gdgui: {name}: {_summary(problem, run)}", file=sys.stderr)
    diverged = [n for n, r in zip(labels, race.runs) if r.status == "diverged"]
    if diverged:
        print(
            f"gdgui: {len(diverged)} of {len(names)} runs diverged: {', '.join(diverged)}",
            file=sys.stderr,
        )
        return EXIT_DIVERGED
    return EXIT_OK


def _check_out_dir(out: Path) -> None:
    """``--out`` must be a folder we can write into (made when missing)."""
    if out.exists() and not out.is_dir():
        raise UsageError(f"gdgui export: --out: {out} is a file, not a folder")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise UsageError(f"gdgui export: --out: cannot make {out}: {e.strerror or e}") from None
    if not os.access(out, os.W_OK | os.X_OK):
        raise UsageError(f"gdgui export: --out: cannot write into {out}: permission denied")


def cmd_export(args: argparse.Namespace) -> int:
    if args.out is None and args.animate is None:
        raise UsageError("gdgui export: give --out FOLDER (images) or --animate FILE")
    exp = experiment_from_args(args)
    _build(exp)  # a bad combination is refused before any window is made
    code = EXIT_OK
    if args.out is not None:
        code = _export_images(exp, args)
    if args.animate is not None:
        code = _export_animation(exp, args)
    return code


def _export_animation(exp: Experiment, args: argparse.Namespace) -> int:
    from .ui.animation import VideoExtraMissing
    from .ui.headless_animation import export_animation

    try:
        path = export_animation(
            exp,
            args.animate,
            fps=args.fps,
            duration=args.duration,
            plot=args.plot,
            time=args.time,
            scale=args.scale,
            theme=args.theme,
        )
    except (ValueError, VideoExtraMissing) as e:
        raise UsageError(f"gdgui export: --animate: {' '.join(str(e).split())}") from None
    except OSError as e:
        raise UsageError(f"gdgui export: cannot write {args.animate}: {e.strerror or e}") from None
    print(path)
    return EXIT_OK


def _export_images(exp: Experiment, args: argparse.Namespace) -> int:
    out = Path(args.out)
    _check_out_dir(out)
    from .ui.headless import export_experiment

    try:
        files = export_experiment(
            exp,
            out,
            svg=args.svg,
            scale=args.scale,
            theme=args.theme,
            loss_scale=exp.loss_scale,
            at_step=args.at_step,
        )
    except ValueError as e:  # --at-step past the run's end
        raise UsageError(f"gdgui export: --at-step: {e}") from None
    except OSError as e:
        raise UsageError(f"gdgui export: cannot write into {out}: {e.strerror or e}") from None
    for f in files:
        print(f)
    return EXIT_OK


def cmd_explain(args: argparse.Namespace) -> int:
    from .explain_cli import run_explain

    exp = experiment_from_args(args)
    _build(exp)
    return run_explain(exp, args.step, args.json, sys.stdout, sys.stderr)


def cmd_sweep(args: argparse.Namespace) -> int:
    from .sweep_cli import run_sweep

    return run_sweep(experiment_from_args(args), args, sys.stdout, sys.stderr)


def cmd_window(args: argparse.Namespace) -> int:
    lang = None
    if args.lang is not None:
        from .ui.language import normalize_language

        try:
            lang = normalize_language(args.lang)
        except ValueError as e:
            raise UsageError(f"gdgui: --lang: {e}") from None
    problem = display_problem()
    if problem:
        raise UsageError(problem)
    from .ui.app import run_app

    return run_app(experiment=args.experiment, preset_name=args.preset, lang=lang)


# --- the display ------------------------------------------------------------------------
#: the libraries Qt's xcb platform plugin needs beyond libxcb, and their Debian packages
XCB_LIBRARIES = {
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxcb-cursor.so.0": "libxcb-cursor0",
}


def missing_xcb_libraries() -> list[str]:
    """The libraries of :data:`XCB_LIBRARIES` that cannot be loaded."""
    import ctypes

    missing = []
    for lib in XCB_LIBRARIES:
        try:
            ctypes.CDLL(lib)
        except OSError:
            missing.append(lib)
    return missing


def display_problem(environ: Any = None, platform: str | None = None) -> str:
    """Why the window cannot open here (one line), or "" when it can (or we cannot tell)."""
    env = os.environ if environ is None else environ
    platform = sys.platform if platform is None else platform
    qpa = env.get("QT_QPA_PLATFORM", "")
    if not platform.startswith("linux") or qpa.split(":")[0] in (
        "offscreen",
        "minimal",
        "wayland",
        "eglfs",
        "linuxfb",
        "vnc",
        "vkkhrdisplay",
    ):
        return ""
    if not (env.get("DISPLAY") or env.get("WAYLAND_DISPLAY")):
        return (
            "gdgui: the window needs a display (DISPLAY or WAYLAND_DISPLAY is not set); "
            "'gdgui run' and 'gdgui export' work without one"
        )
    if env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY"):
        missing = missing_xcb_libraries()
        if missing:
            return (
                f"gdgui: Qt's xcb platform needs {', '.join(missing)}; install them with "
                f"'apt-get install {' '.join(XCB_LIBRARIES[m] for m in missing)}'"
            )
    return ""


# --- main -------------------------------------------------------------------------------
_VALUE_OPTION = re.compile(r"^--[a-z][a-z-]*$")
_NEGATIVE = re.compile(r"^-(\d|\.\d|inf|nan)", re.IGNORECASE)


def _join_negative_values(argv: list[str], parser: argparse.ArgumentParser) -> list[str]:
    """``--init -1.5,2`` as ``--init=-1.5,2``: argparse takes a value that starts with a
    dash for an option, so a negative value is joined to the option it follows."""
    takes_value = set()
    for action in _all_actions(parser):
        if (
            action.nargs is None
            and action.option_strings
            and not isinstance(action, (argparse._StoreTrueAction, argparse._StoreConstAction))
        ):
            takes_value.update(action.option_strings)
    out: list[str] = []
    i = 0
    while i < len(argv):
        a = argv[i]
        if a == "--":
            out.extend(argv[i:])
            break
        if (
            a in takes_value
            and _VALUE_OPTION.match(a)
            and i + 1 < len(argv)
            and _NEGATIVE.match(argv[i + 1])
        ):
            out.append(f"{a}={argv[i + 1]}")
            i += 2
            continue
        out.append(a)
        i += 1
    return out


def _all_actions(parser: argparse.ArgumentParser):
    for action in parser._actions:  # argparse has no public walk of its subparsers
        yield action
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                yield from sub._actions


def _quiet_stdout() -> None:
    """After a closed pipe or a full disk: point standard output at /dev/null so that
    the interpreter's final flush cannot fail (and print a traceback) again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    if not argv or argv[0] not in (*COMMANDS, "-h", "--help"):
        argv = ["window", *argv]
    try:
        argv = _join_negative_values(argv, parser)
        args = parser.parse_args(argv)
        commands: dict[str, Any] = {
            "run": cmd_run,
            "export": cmd_export,
            "explain": cmd_explain,
            "sweep": cmd_sweep,
            "window": cmd_window,
        }
        with np.errstate(all="ignore"):  # a diverging run says so once, in its message
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
        _quiet_stdout()
        return EXIT_OK
    except OSError as e:
        if e.errno not in (errno.ENOSPC, errno.EIO, errno.EFBIG, errno.EDQUOT):
            raise
        _quiet_stdout()
        print(f"gdgui: cannot write the output: {e.strerror or e}", file=sys.stderr)
        return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
