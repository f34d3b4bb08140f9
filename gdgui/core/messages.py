"""Texts made in the core that the window shows translated: :class:`Message`.

The core is numpy-only and cannot call Qt's ``tr()``, yet its sentences (a run's end
message, an expression's syntax error, an experiment's validation error) reach the
window. A :class:`Message` **is** a ``str``, the English text, so the CLI, logs, JSON
and every ``==``/``in``/formatting use see exactly the text they saw before; it also
remembers its ``template`` and ``args``, so the UI can look the template up in its
catalogue (``gdgui.ui.core_text.core_text``, context ``"core"``) and format the
translation with the same arguments::

    why = Message("the loss overflowed to infinity")
    m = Message("Diverged at step {step}: {why}.{advice}", step=3, why=why, advice="")
    m == "Diverged at step 3: the loss overflowed to infinity."     # True
    m.render(lookup)    # lookup(context, text) -> the catalogue's text: the translated one

Arguments may be Messages themselves (the "why" part, the advice sentence): they are
rendered first, recursively. Numbers are formatted by the template (``{loss:.3g}``), so
both languages print the same digits. Every template is listed in :data:`TEMPLATES`
(the translation tool hands them to lupdate); a template not listed there is refused.

Three helpers build the messages that are not one template: :func:`term` (a name the
UI translates in its own context, e.g. an optimizer's title), :func:`join` (parts
joined by a separator, e.g. an experiment's errors) and :func:`clip` (cut to a length,
after translation too). Messages pickle and unpickle with their template and arguments.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

__all__ = ["CONTEXT", "TEMPLATES", "Message", "clip", "cut_text", "join", "render", "term"]

#: the translation context of every template
CONTEXT = "core"

#: every template a :class:`Message` may have (tools/update_translations.py lists them)
TEMPLATES: tuple[str, ...] = (
    # --- runner.py: how a run ended
    "Finished {steps} step{epochs}.",
    "Finished {steps} steps{epochs}.",
    " ({count} epoch)",
    " ({count} epochs)",
    "Converged at step {step}: the gradient norm fell below {tolerance:g}.",
    "Diverged at step {step}: {why}.{advice}",
    "Diverged at step 0: the loss is not finite at the initial parameters (loss {loss:.3g}).",
    "Diverged at step 0: the gradient is not finite at the initial parameters (loss {loss:.3g}).",
    "the update divided zero by zero",
    "the update divided zero by zero (eps = 0 and a zero gradient); use eps > 0",
    "the update is not a number ({error})",
    "the loss became NaN (not a number)",
    "the loss overflowed to infinity",
    "the loss fell below −{limit:.3g}: the function is unbounded below",
    "the loss grew to {loss:.3g}, more than {factor:.3g} × its initial value {initial:.3g}",
    # --- stability.py: the advice after a divergence
    " {optimizer} with momentum μ ≥ 1 does not settle at any learning rate; use μ < 1.",
    " Full-batch {optimizer} on this problem is stable only for a learning rate below "
    "{rule} = {limit:.6g}; it is {lr:.6g}.",
    # --- expr/: syntax errors of a typed function
    "{error} at column {column}",
    "number too large '{number}'",
    "unknown name '{name}'",
    "unexpected character {character}",
    "expression nested too deeply (more than {depth} levels)",
    "missing operator before '{token}'",
    "expected {expected}",
    "',' or ')'",
    "unexpected end of expression",
    "unexpected '{token}'",
    "empty expression",
    "expected '(' after '{name}'",
    "{name} takes {count} argument, got {got}",
    "{name} takes {count} arguments, got {got}",
    "expression too long ({length} characters, at most {limit})",
    # --- experiment errors: how they are put together
    "{path}: {error}",
    "{source}: {errors}",
    "{errors}; … and {count:,} more",
    # --- schema.py, experiment.py, edits.py: what is wrong with a field
    "must be an object, got {value}",
    "unknown key; expected one of {keys}",
    "unknown field; expected one of {keys}",
    "is required",
    "must be a whole number, got {value}",
    "must be a finite number, got {value}",
    "must be >= {low:g}, got {value!r}",
    "must be > {low:g}, got {value!r}",
    "must be <= {high:g}, got {value!r}",
    "must be < {high:g}, got {value!r}",
    # --- optimizers.py, schedules.py: hyperparameters and schedule parameters
    "must be true or false, got {value!r}",
    "must be a number, got {value!r}",
    "must be finite, got {value!r}",
    "must be an integer, got {value!r}",
    "must be one of {choices}, got {value!r}",
    "must be a non-empty list of integers, got {value!r}",
    "must be a list of integers, got {value!r} in it",
    "unknown hyperparameter for {name}; expected one of {names}",
    "unknown parameter for {name}; expected one of {names}",
    "Nesterov momentum requires momentum > 0",
    "Nesterov momentum requires dampening = 0",
    "must be <= 0.5 with three_phase, got {value!r}",
    "leaves the warm-up with no steps (pct_start·total_steps = 1)",
    # --- data/csvio.py: a CSV file that cannot be read, and its bad rows
    "{name}, line {line}: a UTF-16 file with bytes that cannot be decoded; save it as UTF-8 CSV",
    "{name}, line {line}: not a UTF-8 text file (byte 0x{byte:02x} cannot be decoded); "
    "save it as UTF-8 CSV",
    "{name}: {size:,} bytes is over the limit of {limit:,}",
    "{name}: {size:,} characters is over the limit of {limit:,}",
    "{name}, line {line}: contains NUL bytes; this is not a CSV text file",
    "{name}, line {line}: {length:,} characters is over the limit of {limit:,} per line; "
    "this does not look like a CSV of numbers",
    "none",
    "{name}, line {line}: no column named {column!r} for {role} (the first row has: {columns})",
    "{name}: {role} column index {index} is out of range; the file has {count} columns "
    "(0 to {last})",
    "{name} is empty",
    "{name}: no rows found",
    "{name}, line {line}: only one column found; x and y need two columns separated by "
    "commas, semicolons or tabs",
    "unreadable row ({error})",
    "x and y",
    "missing {what} (only {count} column)",
    "missing {what} (only {count} columns)",
    "{role} is empty",
    "{role} is ambiguous ({cell}): a thousands separator or a decimal comma? write it "
    "without the comma",
    "{role} is not a number ({cell})",
    "{role} is not finite ({cell})",
    "  line {line}: {reason}",
    "  and {count} more",
    "{name}: no valid data rows in columns {x!r} (x) and {y!r} (y); all {count} rows are "
    "bad:\n{rows}",
    "{name}: {count} bad rows (fix them or skip bad rows):\n{rows}",
    "{name}: {count} bad row (fix it or skip bad rows):\n{rows}",
    "{name}: no data rows after the header on line {line}",
    "{name}: no data rows found",
    # --- schema.py, experiment.py, edits.py (continued)
    "must be linear or log, got {value}",
    "must be an object with a name, got {value}",
    "unknown schedule {value}; expected one of {names}",
    "must be step or epoch, got {value}",
    "must be greater than x_min ({low!r}), got {value!r}",
    "unknown preset {value}; expected doubling or noisy-line",
    "must be a file name",
    "must be a column name or a 0-based column number",
    "must be a list of numbers",
    "x and y must have the same length, got {x} and {y}",
    "needs at least one point",
    'must have "preset", "csv", or "x" and "y"',
    "unknown problem {value}; expected one of {names}",
    "is required: the function f(x, y) as text",
    "must be [[x_min, x_max], [y_min, y_max]] of finite numbers",
    "each range must have min < max",
    "must be text",
    "must be a list of runs, got {value}",
    "{name} is the name of {other} already",
    "must be true or false",
    "unknown optimizer {value}; expected one of {names}",
    'must be "full" or a whole number >= 1, got {value}',
    "must be a list of finite numbers, got {value}",
    "the problem {problem} takes no data",
    "the problem {problem} needs data",
    "applies to line problems only, not {problem}",
    "give epochs or steps, not both",
    "give epochs or steps",
    "{problem} needs {want}, got {got} value(s)",
    "must be {version}, got {value}",
    "an experiment must be a JSON object",
    "not valid JSON ({error})",
    "not valid JSON: {error} at line {line}, column {column}",
    "the key {key} is given twice in one object",
    "a whole number of {digits:,} digits is too large",
    "nested deeper than {depth} levels",
    "a file name cannot contain a NUL byte",
    "file not found",
    "cannot read the file: {error}",
    "unknown preset {name!r}; expected one of {names}",
    "a number is too large",
    # --- runner.py, race.py: a run that cannot be built
    "schedule onecycle: total_steps = {total} but the run takes {need} steps; "
    "set total_steps to at least {need}",
    "schedule onecycle: total_steps = {total} but the run takes {need} epochs; "
    "set total_steps to at least {need}",
    "batch_size must be >= 1, got {value}",
    "steps must be from 0 to {limit:,}, got {value:,}",
    "epochs × steps per epoch must be from 0 to {limit:,}, got {value:,}",
    "init needs {count} value(s) ({names}), got {got}",
    "run {run}: {error}",
    "race: unknown setting {key!r}",
    "run {run}: unknown setting {key!r}",
    "run {run!r} out of range: the experiment has {count} run(s)",
    "an experiment keeps at least one run",
    # --- frames.py: an animation that cannot be made
    "the history is empty: nothing to animate",
    "n_steps must be >= 0, got {value}",
    "fps must be > 0, got {value}",
    "duration must be > 0 s, got {value}",
    "time must be one of {names}, got {value!r}",
    "an animation needs at least 2 frames; {fps} fps × {duration} s gives {total}",
    # --- explain.py: a step that cannot be explained
    "cannot go back: the run given is already past that step",
    "step must be 1 or more, got {step}",
    "the run diverged at step {step}",
    "the run converged at step {step}",
    "the run has {steps} steps",
    "step {step} is past the end: {why}.",
    "step {step} diverged (the loss or a parameter is not finite), so the run stops at "
    "step {last}.",
    # --- sweep.py: a sweep that cannot run
    "{name}: the ends must be finite numbers, got {start:g} and {stop:g}",
    "{name}: the count must be at least 1, got {count}",
    "{name}: a log-spaced axis needs ends > 0, got {start:g} and {stop:g}",
    "{name}: one value cannot span {start:g} to {stop:g}; use N ≥ 2",
    "{name}: expected FROM:TO:COUNT like 1e-3:1:100, got {text!r}",
    "{name}: FROM and TO must be numbers, got {text!r}",
    "{name}: COUNT must be a whole number, got {text!r}",
    "each hyperparameter can be swept once, got {names}",
    "unknown optimizer {name!r}; choose one of {names}",
    "{name}: not a hyperparameter of {optimizer} (it has {names})",
    "{name}: a true/false setting cannot be swept",
    "{key}: {error} (optimizer {name})",
    "{name}: needs one or more finite values",
    "a sweep has one or two axes, got {count}",
    "gradient_noise: a sweep cannot add gradient noise; set it to 0",
    "steps: must be at least 1, got {steps}",
    "loss step: must be between 0 and {steps}, got {step}",
    "target: must be >= 0, got {target}",
    "{count:,} configurations is too many; at most {limit:,}",
    # --- schedules.py: a schedule that cannot be used
    "schedule {name}: {key} {reason}",
    "schedule onecycle: stepped {count} times, past total_steps = {total}",
    "schedule onecycle: pct_start = {pct_start:g} with total_steps = {total} leaves a "
    "phase with no steps",
    "schedule must be an object with a name, got {value!r}",
    "schedule: unknown name {name!r}; choose one of {names}",
    "must be step or epoch, got {value!r}",
    "schedule: every must be step or epoch, got {value!r}",
    "--schedule: unknown name {name!r}; choose one of {names}",
    "--schedule {name}: cannot read {text!r}; write key=value items separated by commas",
    "--schedule {name}: {key} is given twice",
    "needs momentum or beta1, which {optimizer} has not; set cycle_momentum=false",
    # --- data/datasets.py, data/csvio.py: bad points and preset arguments
    "{name} must be a sequence of numbers: {error}",
    "{name} must be one-dimensional, got shape {shape}",
    "{name}[{index}] is {value}; data values must be finite",
    "point index must be an integer, got {value!r}",
    "point index {index} is out of range for {count} points",
    "delimiter must be ',', ';' or a tab, got {value!r}",
    "{name} must be a number, got {value!r}",
    "{name} must be finite, got {value}",
    "n must be an integer >= 1, got {value!r}",
    "n must be at most {limit:,} points, got {value:,}",
    "noise must be >= 0, got {value}",
    "x_min must be less than x_max, got x_min={low}, x_max={high}",
    "seed must be a non-negative integer or None, got {value!r}",
    "seed must be a non-negative integer or None: {error}",
    "noisy_line: the arguments are so large that the values overflow",
    "loading {name} was cancelled",
    # --- fileio.py: a file that cannot be read or written, and why
    "cannot read {path}: {reason}",
    "cannot write {path}: {reason}",
    "it is {kind}, not a file",
    "a folder",
    "a pipe (FIFO)",
    "a device",
    "a socket",
    "not a regular file",
    "the disk is full",
    "{size:,} bytes is over the limit of {limit:,}",
    "line {line} is not UTF-8 text (byte 0x{byte:02x})",
    # the C library's reasons, word for word (fileio.py uses them only when they match)
    "Permission denied",
    "Operation not permitted",
    "No such file or directory",
    "Read-only file system",
    "Is a directory",
    "Not a directory",
    "File name too long",
    "File exists",
    # json's reasons, word for word (schema.json_reason)
    "Expecting value",
    "Expecting ',' delimiter",
    "Expecting ':' delimiter",
    "Expecting property name enclosed in double quotes",
    "Extra data",
    "Unterminated string starting at",
    "Invalid \\uXXXX escape",
)
_KNOWN = frozenset(TEMPLATES)


class Message(str):
    """A core text: the English ``str`` plus the ``template`` and ``args`` it came from.

    ``Message(template, **args)`` is ``template.format(**args)``; ``template`` must be in
    :data:`TEMPLATES` (ValueError otherwise). Every ``str`` operation sees the English
    text; string methods and ``+`` return plain ``str``.
    """

    template: str
    args: dict[str, Any]

    def __new__(cls, template: str, /, **args: Any) -> Message:
        if template not in _KNOWN:
            raise ValueError(f"not a registered message template: {template!r}")
        return cls._make(template.format(**args), template, args)

    @classmethod
    def _make(cls, text: str, template: str, args: dict[str, Any]) -> Message:
        self = str.__new__(cls, text)
        self.template = template
        self.args = args
        return self

    def __reduce__(self) -> tuple[Any, ...]:
        return (_restore, (type(self), str(self), self.template, self.args))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.template!r}, {self.args!r})"

    def render(self, lookup: Callable[[str, str], str]) -> str:
        """The text with ``lookup(context, text)`` applied to the template and to every
        Message argument; the English template when the translation does not format."""
        shown = lookup(CONTEXT, self.template)
        # a name inside a sentence the catalogue lacks stays English: no mixed sentence
        english = shown == self.template
        args = {
            k: str(v) if english and isinstance(v, _Term) else render(v, lookup)
            for k, v in self.args.items()
        }
        try:
            return shown.format(**args)
        except (KeyError, IndexError, ValueError):  # a broken translation: say it in English
            return self.template.format(**args)


def _restore(cls: type[Message], text: str, template: str, args: dict[str, Any]) -> Message:
    return cls._make(text, template, args)


def render(text: Any, lookup: Callable[[str, str], str]) -> Any:
    """``text.render(lookup)`` for a Message; anything else unchanged."""
    return text.render(lookup) if isinstance(text, Message) else text


class _Term(Message):
    """A name the UI translates in its own context (``args``: context, key)."""

    def render(self, lookup: Callable[[str, str], str]) -> str:
        key = self.args["key"]
        shown = lookup(self.args["context"], key)
        return str(self) if shown == key else shown  # untranslated: the English as written


class _Joined(Message):
    """Parts joined by ``template`` (the separator)."""

    def render(self, lookup: Callable[[str, str], str]) -> str:
        return self.template.join(str(render(p, lookup)) for p in self.args["parts"])


class _Clipped(Message):
    """A text cut to ``args["limit"]`` characters, after translation too."""

    def render(self, lookup: Callable[[str, str], str]) -> str:
        return cut_text(str(render(self.args["text"], lookup)), self.args["limit"])


def term(text: str, context: str = "", key: str | None = None) -> Message:
    """``text`` (English), shown translated as ``key`` (default ``text``) in ``context``
    of the UI's catalogue: an optimizer's title inside a core sentence."""
    return _Term._make(text, "", {"context": context, "key": text if key is None else key})


def join(parts: Iterable[str], sep: str = "; ") -> str:
    """The parts joined by ``sep``: a Message when any part is one, else a ``str`` (one
    part: that part)."""
    parts = tuple(parts)
    if len(parts) == 1:
        return parts[0]
    text = sep.join(parts)
    if not any(isinstance(p, Message) for p in parts):
        return text
    return _Joined._make(text, sep, {"parts": parts})


def cut_text(text: str, limit: int = 200) -> str:
    """One short line: line breaks as spaces, cut to ``limit`` characters with "…"."""
    text = " ".join(str(text).split("\n"))
    return text if len(text) <= limit else text[: limit - 1] + "…"


def clip(text: str, limit: int = 200) -> str:
    """:func:`cut_text` that keeps a Message a Message (its translation is cut too)."""
    short = cut_text(text, limit)
    if not isinstance(text, Message):
        return short
    return _Clipped._make(short, "", {"text": text, "limit": limit})
