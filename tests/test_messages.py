"""core/messages.py: a Message is the old English str, keeps its template and arguments,
pickles, and every template the core uses is registered (and every registered one used)."""

import ast
import pickle
from pathlib import Path

import pytest

from gdgui.core import messages
from gdgui.core.experiment import Experiment, ExperimentError, preset
from gdgui.core.expr import ExprError, parse
from gdgui.core.messages import TEMPLATES, Message, clip, join, term

ROOT = Path(__file__).resolve().parents[1]


def run_message(**changes):
    run = preset("tutorial-003").replace(**changes).build_run()
    run.run()
    return run.message


def mark(context, text):
    """A translation that shows what reached it: the context and the template."""
    return f"<{context}|{text}>"


# --- the English text is the old one ---------------------------------------------------


def test_the_run_end_messages_are_the_english_text():
    finished = run_message()
    assert isinstance(finished, Message) and isinstance(finished, str)
    assert finished == "Finished 100 steps (100 epochs)."
    assert finished.template == "Finished {steps} steps{epochs}."
    assert finished.args["steps"] == 100 and finished.args["epochs"] == " (100 epochs)"

    one = run_message(epochs=1)
    assert one == "Finished 1 step (1 epoch)."

    converged = run_message(tolerance=1e-3)
    assert converged == "Converged at step 60: the gradient norm fell below 0.001."
    assert converged.args == {"step": 60, "tolerance": 1e-3}

    diverged = run_message(optimizer={"name": "gd", "lr": 0.2})
    assert diverged == (
        "Diverged at step 20: the loss grew to 8.25e+12, more than 1e+12 × its initial "
        "value 7.5. Full-batch gradient descent on this problem is stable only for a "
        "learning rate below 2/λ_max = 0.133333; it is 0.2."
    )
    assert diverged.template == "Diverged at step {step}: {why}.{advice}"
    why, advice = diverged.args["why"], diverged.args["advice"]
    assert why.template.startswith("the loss grew to {loss:.3g}")
    assert advice.template.startswith(" Full-batch {optimizer}")
    assert advice.args["optimizer"] == "gradient descent"  # English, lower case


def test_the_stability_advice_for_momentum_one_is_the_english_text():
    from gdgui.core.stability import stability_advice

    problem = preset("tutorial-003").build_problem()
    advice = stability_advice(problem, "momentum", {"lr": 0.01, "momentum": 1.0})
    assert advice == (
        " Momentum with momentum μ ≥ 1 does not settle at any learning rate; use μ < 1."
    )
    assert advice.render(mark) == (
        "<core| {optimizer} with momentum μ ≥ 1 does not settle at any learning rate; "
        "use μ < 1.>".replace("{optimizer}", "<|Momentum>")
    )


def test_a_divergence_at_step_0_names_what_is_not_finite():
    exp = Experiment.from_json(
        {"version": 1, "problem": {"name": "custom", "expr": "log(x)"}, "init": [-1, 0]}
    )
    run = exp.build_run()
    assert run.message == (
        "Diverged at step 0: the loss is not finite at the initial parameters (loss nan)."
    )
    assert run.message.args == {"loss": run.message.args["loss"]}


def test_expression_errors_are_the_english_text():
    with pytest.raises(ExprError) as info:
        parse("x + foo(y)")
    e = info.value
    assert e.message == "unknown name 'foo'" and e.column == 5
    assert str(e) == "unknown name 'foo' at column 5"
    assert e.args[0].template == "{error} at column {column}"
    assert e.message.template == "unknown name '{name}'"
    with pytest.raises(ExprError) as info:
        parse("max(x)")
    assert str(info.value) == "max takes 2 arguments, got 1 at column 1"
    with pytest.raises(ExprError) as info:
        parse("sin(x, y)")
    assert str(info.value) == "sin takes 1 argument, got 2 at column 1"
    with pytest.raises(ExprError) as info:
        parse("max(x y")
    assert str(info.value) == "missing operator before 'y' at column 7"
    with pytest.raises(ExprError) as info:
        parse("sin(x")
    assert str(info.value) == "expected ')' at column 6"
    with pytest.raises(ExprError) as info:
        parse("")
    assert str(info.value) == "empty expression" and info.value.column is None


def test_experiment_errors_are_the_english_text():
    with pytest.raises(ExperimentError) as info:
        Experiment.from_json(
            {"version": 1, "seed": -1, "steps": 5, "epochs": 5, "batch_size": 0}, source="x.json"
        )
    text = str(info.value)
    assert text == (
        'x.json: seed: must be >= 0, got -1; batch_size: must be "full" or a whole number '
        ">= 1, got 0; steps: give epochs or steps, not both"
    )
    message = info.value.args[0]
    assert isinstance(message, Message) and message.template == "{source}: {errors}"
    paths = [p for p, _ in info.value.errors]
    assert paths == ["seed", "batch_size", "steps"]
    assert all(isinstance(m, Message) for _, m in info.value.errors)


def test_more_errors_than_shown_are_counted_and_long_ones_cut():
    errors = [("a", Message("must be text"))] * 5
    e = ExperimentError(errors)
    assert str(e) == "a: must be text; a: must be text; a: must be text; … and 2 more"
    rendered = e.args[0].render(mark)
    assert rendered == (
        "<core|{errors}; … and {count:,} more>".replace(
            "{errors}", "; ".join(["<core|{path}: {error}>"] * 3)
        )
        .replace("{path}", "a")
        .replace("{error}", "<core|must be text>")
        .replace("{count:,}", "2")
    )
    long = Message("must be a finite number, got {value}", value="9" * 300)
    short = ExperimentError([("x", long)])
    assert len(str(short)) == 200 and str(short).endswith("…")
    assert len(short.args[0].render(lambda c, t: t + "!" * 50)) == 200  # cut after translating


# --- templates, arguments, pickling ------------------------------------------------------


def test_a_message_formats_numbers_in_its_template():
    m = Message(
        "the loss grew to {loss:.3g}, more than {factor:.3g} × its initial value {initial:.3g}",
        loss=123456.0,
        factor=1e12,
        initial=0.5,
    )
    assert m == "the loss grew to 1.23e+05, more than 1e+12 × its initial value 0.5"
    assert m.render(lambda c, t: "zh " + t) == (
        "zh the loss grew to 1.23e+05, more than 1e+12 × its initial value 0.5"
    )


def test_an_unregistered_template_is_refused():
    with pytest.raises(ValueError, match="not a registered message template"):
        Message("Diverged at step {step}", step=1)


def test_a_broken_translation_falls_back_to_the_english_template():
    m = Message("the problem {problem} takes no data", problem="rosenbrock")
    assert m.render(lambda c, t: "问题 {name} 不接受数据") == "the problem rosenbrock takes no data"


@pytest.mark.parametrize("protocol", [2, pickle.HIGHEST_PROTOCOL])
def test_messages_pickle_with_their_template_and_arguments(protocol):
    diverged = run_message(optimizer={"name": "gd", "lr": 0.2})
    back = pickle.loads(pickle.dumps(diverged, protocol))
    assert type(back) is Message and back == diverged
    assert back.template == diverged.template
    assert back.args["why"].template == diverged.args["why"].template
    assert back.render(mark) == diverged.render(mark) != str(diverged)
    joined = clip(join([Message("must be text"), "plain", term("Momentum")]), 12)
    again = pickle.loads(pickle.dumps(joined, protocol))
    assert again == joined == "must be tex…"
    assert again.render(mark) == joined.render(mark) == "<core|must …"


def test_expression_and_experiment_errors_pickle_with_their_messages():
    with pytest.raises(ExprError) as info:
        parse("1 $ 2")
    back = pickle.loads(pickle.dumps(info.value))
    assert (back.message, back.column, str(back)) == (
        "unexpected character '$'",
        3,
        "unexpected character '$' at column 3",
    )
    assert back.message.template == "unexpected character {character}"


def test_join_of_plain_strings_is_a_plain_string():
    assert type(join(["a", "b"])) is str and join(["a", "b"]) == "a; b"
    assert type(clip("abc", 2)) is str and clip("abc", 2) == "a…"


def _source_strings():
    """Every string constant in gdgui/core except messages.py, by module."""
    out = {}
    for path in sorted((ROOT / "gdgui" / "core").rglob("*.py")):
        if path.name == "messages.py":
            continue
        tree = ast.parse(path.read_text("utf-8"))
        out[path] = {
            n.value
            for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, str)
        }
    return out


def test_every_message_call_uses_a_registered_template():
    bad = []
    for path in sorted((ROOT / "gdgui").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "Message":
                first = node.args[0] if node.args else None
                cands = [first.body, first.orelse] if isinstance(first, ast.IfExp) else [first]
                for c in cands:
                    if isinstance(c, ast.Constant) and c.value not in TEMPLATES:
                        bad.append(f"{path.name}:{node.lineno}: {c.value!r}")
    assert not bad, "\n".join(bad)


def test_every_registered_template_is_used_in_the_core():
    used = set().union(*_source_strings().values())
    assert len(TEMPLATES) == len(set(TEMPLATES)) > 60
    assert not [t for t in TEMPLATES if t not in used]
    assert messages.CONTEXT == "core"


def test_csv_errors_and_bad_row_reasons_are_the_english_text():
    from gdgui.core.data import CsvError, read_csv

    with pytest.raises(CsvError) as info:
        read_csv("x,y\n1,a\n2,3\n4,\n")
    e = info.value
    assert str(e) == (
        "CSV text: 2 bad rows (fix them or skip bad rows):\n"
        "  line 2: y is not a number ('a')\n"
        "  line 4: y is empty"
    )
    assert e.args[0].template == "{name}: {count} bad rows (fix them or skip bad rows):\n{rows}"
    assert e.rows == [(2, "y is not a number ('a')"), (4, "y is empty")]
    assert [r.template for _, r in e.rows] == ["{role} is not a number ({cell})", "{role} is empty"]
    rendered = e.args[0].render(mark)
    assert rendered.startswith("<core|CSV text: 2 bad rows (fix them or skip bad rows):\n")
    assert (
        "<core|  line 2: <core|y is not a number ('a')>>\n<core|  line 4: <core|y is empty>>"
        in (rendered)
    )
    with pytest.raises(CsvError) as info:
        read_csv("1\n2\n")
    assert str(info.value) == (
        "CSV text, line 1: only one column found; x and y need two columns separated by "
        "commas, semicolons or tabs"
    )
    with pytest.raises(CsvError) as info:
        read_csv("a,b\n1,2\n", x_column="w")
    assert str(info.value) == (
        "CSV text, line 1: no column named 'w' for x (the first row has: 'a', 'b')"
    )
