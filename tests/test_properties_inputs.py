"""Property-based contracts for any input: the experiment loader, the CSV reader and the
command line. Whatever the input, the answer is a value or one line of error, never a
traceback; the command line exits 0, 2 or 3 with at most one line on standard error."""

from __future__ import annotations

import contextlib
import io
import json
import string
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gdgui.cli import main
from gdgui.core import data as gdata
from gdgui.core.experiment import Experiment, ExperimentError, preset, preset_names

FAST = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# --- the experiment loader ------------------------------------------------------------------
NASTY_NUMBERS = st.sampled_from(
    [
        0,
        -1,
        1,
        0.5,
        -0.0,
        1e308,
        -1e308,
        10**308,
        10**400,
        True,
        False,
        None,
        "",
        "full",
        "1",
        [],
        {},
        [1, 2],
        1e-320,
        2**63,
    ]
)
JSON_LEAF = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=20),
    NASTY_NUMBERS,
)
JSON = st.recursive(
    JSON_LEAF,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
KEYS = [
    "version",
    "problem",
    "data",
    "standardize",
    "optimizer",
    "batch_size",
    "epochs",
    "steps",
    "init",
    "seed",
    "gradient_noise",
    "stopping",
    "predict",
    "schedule",
    "view",
    "name",
    "description",
    "name",
    "lr",
    "T_max",
    "expr",
    "domain",
    "csv",
    "x",
    "y",
]


def _check_loader(value) -> None:
    try:
        text = json.dumps(value)
    except ValueError:  # an int too large for the encoder: give it as text
        text = str(value)
    for source in (value, text):
        try:
            exp = Experiment.from_json(source, source="f.json")
        except ExperimentError as e:
            msg = str(e)
            assert "\n" not in msg and len(msg) < 700, msg
            assert msg.startswith("f.json: ")
        else:
            again = Experiment.from_json(exp.to_json())  # what loads, round-trips
            assert again.to_dict() == exp.to_dict()


@FAST
@given(JSON)
def test_any_json_value_loads_or_gives_one_line(value):
    _check_loader(value)


def _mutate(d, path, value):
    """``d`` with the value at ``path`` (a list of keys into nested dicts) replaced."""
    d = json.loads(json.dumps(d))
    node = d
    for key in path[:-1]:
        if not isinstance(node.get(key), dict):
            node[key] = {}
        node = node[key]
    node[path[-1]] = value
    return d


@FAST
@given(
    st.sampled_from(preset_names()), st.lists(st.sampled_from(KEYS), min_size=1, max_size=3), JSON
)
def test_mutated_presets_load_or_give_one_line(name, path, value):
    _check_loader(_mutate(preset(name).to_dict(), path, value))


# --- the CSV reader -------------------------------------------------------------------------
CSV_ALPHABET = st.sampled_from(
    list("0123456789.,;\t\n\r -+eEx\"'") + ["nan", "inf", "1e308", "\ufeff", "é", "\0"]
)


@FAST
@given(
    st.one_of(
        st.binary(max_size=300),
        st.lists(CSV_ALPHABET, max_size=120).map("".join).map(str.encode),
        st.tuples(
            st.text(alphabet=string.printable, max_size=80),
            st.sampled_from(["utf-8", "utf-16", "latin-1", "utf-8-sig"]),
        ).map(lambda t: t[0].encode(t[1])),
    )
)
def test_any_bytes_read_as_csv_give_data_or_a_data_error(tmp_path_factory, raw):
    path = tmp_path_factory.mktemp("csv") / "d.csv"
    path.write_bytes(raw)
    try:
        res = gdata.read_csv(path)
    except gdata.DataError as e:
        assert str(e) and "Traceback" not in str(e)
    else:
        assert len(res.dataset) >= 1
    code, out, err = _main(["run", "--data", str(path), "--epochs", "2", "--quiet"])
    assert code in (0, 2, 3) and err.count("\n") <= 1, err


# --- the command line -----------------------------------------------------------------------
VALUES = [
    "",
    "0",
    "1",
    "-1",
    "-1.5,2",
    "1e-3",
    "-1e-3",
    "1e308",
    "-1e308",
    "nan",
    "inf",
    "-inf",
    "x",
    "\0",
    "9" * 400,
    "1" * 5000,
    "full",
    "10**12",
    "1,2,3",
    "é",
    "--lr",
    "a" * 2000,
]
COUNTS = ["0", "1", "3", "-1", "10**12", "1000000000000", "x", "", "9" * 400]
OPTIONS: dict[str, list[str]] = {
    "--preset": ["tutorial-003", "saddle-noise", "", "nope", "../x"],
    "--problem": ["linear-w", "linear-wb", "rosenbrock", "saddle", "custom", "", "nope"],
    "--expr": ["x**2 - y**2", "log(x)", "9**9**9**9", "x/0", "(" * 300, "exp(exp(x))", ""],
    "--data": ["doubling", "noisy-line", "", "nope.csv", "/dev/zero", "a\0b"],
    "--optimizer": ["gd", "momentum", "nesterov", "adam", "adagrad", "rmsprop", "adamw", "x"],
    "--batch-size": ["full", "1", "2", "0", "-1", "x", "9" * 400],
    "--epochs": COUNTS,
    "--steps": COUNTS,
    "--schedule": [
        "cosine:T_max=3",
        "step:step_size=1",
        "onecycle:max_lr=1,total_steps=3",
        "cosine:T_max=0",
        "x",
        "",
        "linear:total_iters=" + "9" * 400,
    ],
    "--init": VALUES,
    "--seed": VALUES,
    "--lr": VALUES,
    "--momentum": VALUES,
    "--beta1": VALUES,
    "--eps": VALUES,
    "--tolerance": VALUES,
    "--gradient-noise": VALUES,
    "--weight-decay": VALUES,
}
FLAGS = ["--quiet", "--standardize", "--nesterov", "--amsgrad", "--centered", "--bogus"]
ARG = st.one_of(
    st.sampled_from(sorted(OPTIONS)).flatmap(
        lambda o: st.sampled_from(OPTIONS[o]).map(lambda v: [o, v])
    ),
    st.sampled_from(FLAGS).map(lambda f: [f]),
    st.sampled_from(VALUES).map(lambda v: [v]),
)


def _main(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv)
    return code, out.getvalue(), err.getvalue()


@settings(max_examples=80, deadline=None)
@given(st.sampled_from(["run", "explain"]), st.lists(ARG, max_size=5))
def test_any_command_line_exits_0_2_or_3_with_one_line(command, args):
    argv = [command, *(a for pair in args for a in pair)]
    if command == "explain":
        argv += ["--step", "2"]
    if not any(a in ("--epochs", "--steps") for a in argv):
        argv += ["--steps", "50"]  # bounded time: no run is long
    code, out, err = _main(argv)
    assert code in (0, 2, 3), (argv, code, err)
    assert err.count("\n") <= 1 and "Traceback" not in err, (argv, err)
    assert len(err) < 700 and len(out) < 100_000, argv
    if code == 2:
        assert out == "" or command == "run"


def test_the_contract_holds_in_a_subprocess_for_the_worst_cases(tmp_path):
    """The nastiest inputs end-to-end (a watchdog timeout against hangs)."""
    import subprocess
    import sys

    fifo = tmp_path / "fifo.json"
    import os

    os.mkfifo(fifo)
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000)
    for argv in (
        ["run", str(fifo)],
        ["run", "/dev/urandom"],
        ["run", str(deep)],
        ["run", "--steps", "1" * 5000],
        ["run", "--init", "-1e308"],
    ):
        p = subprocess.run(
            [sys.executable, "-m", "gdgui", *argv], capture_output=True, text=True, timeout=60
        )
        assert p.returncode in (2, 3) and p.stderr.count("\n") == 1, (argv, p.stderr)
    assert Path(fifo).exists()
