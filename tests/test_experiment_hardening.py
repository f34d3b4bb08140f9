"""The loader's audit (issue 9): strict JSON, safe reading, one-line messages; schedules in
the experiment (issue 13); the resources in both layouts (issue 10)."""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

import pytest

from gdgui.core import edits
from gdgui.core.experiment import (
    MAX_DEPTH,
    Experiment,
    ExperimentError,
    load_experiment,
    preset,
)
from gdgui.core.runner import Run


def load_text(tmp_path: Path, text: str | bytes) -> Experiment:
    path = tmp_path / "e.json"
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return load_experiment(path)


def message(tmp_path: Path, text: str | bytes) -> str:
    with pytest.raises(ExperimentError) as info:
        load_text(tmp_path, text)
    msg = str(info.value)
    assert "\n" not in msg
    return msg


def test_a_duplicate_key_is_an_error_naming_it(tmp_path):
    msg = message(tmp_path, '{"version": 1, "optimizer": {"name": "gd", "lr": 0.1, "lr": 5}}')
    assert msg.endswith('e.json: the key "lr" is given twice in one object')


def test_a_byte_order_mark_is_accepted(tmp_path):
    exp = load_text(tmp_path, b"\xef\xbb\xbf" + b'{"version": 1, "seed": 4}')
    assert exp.seed == 4


@pytest.mark.parametrize("version", ["true", "1.0", '"1"', "2"])
def test_version_must_be_the_integer_1(tmp_path, version):
    assert f"version: must be 1, got {version}" in message(tmp_path, f'{{"version": {version}}}')


@pytest.mark.parametrize("digits", [309, 400, 4301, 20000])
@pytest.mark.parametrize("field", ["seed", "epochs", "gradient_noise"])
def test_huge_integers_are_a_message(tmp_path, field, digits):
    msg = message(tmp_path, f'{{"version": 1, "{field}": {"9" * digits}}}')
    assert f"a whole number of {digits:,} digits is too large" in msg and len(msg) < 200


def test_308_digits_still_read_as_a_number_and_are_checked(tmp_path):
    exp = load_text(tmp_path, f'{{"version": 1, "optimizer": {{"name": "gd", "lr": {"9" * 308}}}}}')
    assert exp.hyperparams["lr"] == int("9" * 308)  # < 1.8e308: a valid (huge) rate
    exp = load_text(tmp_path, f'{{"version": 1, "gradient_noise": {"1" + "0" * 300}}}')
    assert exp.gradient_noise == 10**300


def test_a_python_int_beyond_float_is_not_a_finite_number():
    with pytest.raises(ExperimentError, match="gradient_noise: must be a finite number"):
        Experiment.from_dict({"version": 1, "gradient_noise": 10**400})


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 500, 100_000])
def test_deep_nesting_is_a_message(tmp_path, depth):
    msg = message(tmp_path, '{"version": 1, "init": ' + "[" * depth + "]" * depth + "}")
    assert f"nested deeper than {MAX_DEPTH} levels" in msg


def test_brackets_inside_strings_do_not_count_as_nesting(tmp_path):
    exp = load_text(tmp_path, json.dumps({"version": 1, "description": "[" * 5000}))
    assert exp.description == "[" * 5000


@pytest.mark.parametrize(
    "value, path",
    [
        ('{"name": ["gd"]}', "optimizer.name"),
        ('{"name": {"a": 1}}', "optimizer.name"),
        ('{"name": null}', "optimizer.name"),
    ],
)
def test_wrong_types_in_names_are_messages(tmp_path, value, path):
    assert f"{path}: unknown optimizer" in message(
        tmp_path, f'{{"version": 1, "optimizer": {value}}}'
    )


def test_problem_and_schedule_names_of_wrong_types(tmp_path):
    assert "problem.name: unknown problem" in message(
        tmp_path, '{"version": 1, "problem": {"name": [1]}}'
    )
    assert "schedule.name: unknown schedule" in message(
        tmp_path, '{"version": 1, "schedule": {"name": {"x": 1}}}'
    )


def test_long_values_are_cut_and_many_errors_summarised(tmp_path):
    msg = message(tmp_path, json.dumps({"version": 1, "seed": "x" * 1_000_000}))
    assert len(msg) < 300 and "seed: must be a whole number" in msg and "…" in msg
    many = {"version": 1, **{f"key{i}": 1 for i in range(5000)}}
    msg = message(tmp_path, json.dumps(many))
    assert msg.endswith("; … and 4,997 more") and len(msg) < 600
    assert msg.count("unknown key") == 3


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_devices_are_refused_without_reading(device):
    with pytest.raises(ExperimentError, match=f"{device}: cannot read the file: .*device"):
        load_experiment(device)


def test_a_fifo_is_refused_without_hanging(tmp_path):
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    result: list[BaseException] = []
    t = threading.Thread(target=lambda: result.append(_raises(fifo)), daemon=True)
    t.start()
    t.join(10)  # a watchdog: reading a FIFO with no writer would block forever
    assert not t.is_alive() and isinstance(result[0], ExperimentError)
    assert "not a file" in str(result[0])


def _raises(path) -> BaseException:
    try:
        load_experiment(path)
    except BaseException as e:  # noqa: BLE001 - handed to the test thread
        return e
    return AssertionError("loaded a FIFO")


def test_folders_missing_files_and_nul_bytes(tmp_path):
    with pytest.raises(ExperimentError, match="not a file"):
        load_experiment(tmp_path)
    with pytest.raises(ExperimentError, match="file not found"):
        load_experiment(tmp_path / "none.json")
    with pytest.raises(ExperimentError, match="NUL byte"):
        load_experiment("a\0b.json")


def test_a_file_over_the_limit_is_refused(tmp_path, monkeypatch):
    import gdgui.core.experiment as experiment

    monkeypatch.setattr(experiment, "MAX_FILE_BYTES", 100)
    with pytest.raises(ExperimentError, match="over the limit of 100"):
        load_text(tmp_path, json.dumps({"version": 1, "description": "x" * 200}))


def test_save_goes_through_fileio(tmp_path):
    target = tmp_path / "real.json"
    target.write_text("old")
    target.chmod(0o640)
    link = tmp_path / "link.json"
    link.symlink_to(target)
    Experiment(seed=3).save(link)
    assert link.is_symlink() and load_experiment(target).seed == 3
    assert target.stat().st_mode & 0o777 == 0o640
    fifo = tmp_path / "fifo.json"
    os.mkfifo(fifo)
    with pytest.raises(OSError, match="not a file|FIFO|fifo"):
        Experiment().save(fifo)


# --- schedules (issue 13) -----------------------------------------------------------------
COSINE = {"name": "cosine", "T_max": 100, "eta_min": 0.001, "every": "step"}


def test_a_schedule_round_trips_and_reaches_the_run():
    exp = Experiment.from_json({"version": 1, "schedule": COSINE, "steps": 3})
    assert dict(exp.schedule) == COSINE
    again = Experiment.from_json(exp.to_json())
    assert again == exp and hash(again) == hash(exp)
    run = exp.build_run()
    assert run.schedule == COSINE
    run.run()
    lr = run.history.lr
    # cosine annealing from 0.01 towards 0.001 over T_max = 100 steps
    import math

    want = 0.001 + (0.01 - 0.001) * (1 + math.cos(math.pi * 1 / 100)) / 2
    assert lr[1] == pytest.approx(0.01) and lr[2] == pytest.approx(want, rel=1e-12)


def test_schedule_errors_name_their_parameter():
    for bad, fragment in [
        ({"name": "cosine", "T_max": 0}, "schedule.T_max: must be >= 1"),
        ({"name": "cosine", "T_max": 5, "bogus": 1}, "schedule.bogus: unknown"),
        ({"name": "cosine", "T_max": 5, "every": "week"}, "schedule.every"),
        ({"name": "step"}, "schedule.step_size: is required"),
        ("cosine", "schedule: must be an object"),
    ]:
        with pytest.raises(ExperimentError, match=fragment):
            Experiment.from_json({"version": 1, "schedule": bad})


def test_onecycle_momentum_on_gd_is_refused_in_a_file_and_dropped_by_an_edit():
    onecycle = {"name": "onecycle", "max_lr": 0.1, "total_steps": 100}
    with pytest.raises(ExperimentError, match="schedule.cycle_momentum: needs momentum"):
        Experiment.from_json({"version": 1, "schedule": onecycle})
    exp = Experiment.from_json(
        {
            "version": 1,
            "schedule": onecycle,
            "optimizer": {"name": "momentum", "lr": 0.01, "momentum": 0.9},
        }
    )
    assert edits.schedule_conflict(exp.schedule, "gd").startswith(
        "schedule onecycle: cycle_momentum needs momentum or beta1"
    )
    assert edits.set_optimizer(exp, "gd").schedule is None
    assert edits.set_optimizer(exp, "adam").schedule == exp.schedule  # adam has beta1


def test_a_schedule_is_kept_across_lr_edits_and_set_from_text():
    exp = edits.set_schedule(Experiment(), "cosine:T_max=100,eta_min=0.001")
    assert dict(exp.schedule) == COSINE
    assert edits.set_hyperparams(exp, lr=0.05).schedule == exp.schedule
    assert edits.apply(exp, optimizer={"lr": 0.2}).schedule == exp.schedule
    assert edits.set_schedule(exp, None).schedule is None
    with pytest.raises(ExperimentError, match="schedule cosine: T_max must be an integer"):
        edits.set_schedule(exp, "cosine:T_max=x")


def test_view_loss_scale():
    exp = Experiment.from_json({"version": 1, "view": {"loss_scale": "log"}})
    assert exp.loss_scale == "log" and exp.to_dict()["view"] == {"loss_scale": "log"}
    assert "view" not in Experiment().to_dict()
    with pytest.raises(ExperimentError, match="view.loss_scale: must be linear or log"):
        Experiment.from_json({"version": 1, "view": {"loss_scale": "cubic"}})
    assert Experiment().replace(loss_scale="linear").loss_scale == "linear"


def test_run_takes_batch_size_full():
    problem = preset("tutorial-003").build_problem()
    a = Run(problem, "gd", {"lr": 0.01}, [1.0], batch_size="full", epochs=5)
    b = Run(problem, "gd", {"lr": 0.01}, [1.0], batch_size=None, epochs=5)
    a.run(), b.run()
    assert a.full_batch and a.history.params.tolist() == b.history.params.tolist()
    with pytest.raises(ValueError, match="batch_size"):
        Run(problem, "gd", {"lr": 0.01}, [1.0], batch_size="half")


# --- resources (issue 10) -----------------------------------------------------------------
def test_resources_fall_back_to_the_checkout(monkeypatch):
    from importlib import resources

    from gdgui import _resources
    from gdgui.core.experiment import preset_names

    installed = _resources.files()
    assert (installed / "experiments" / "tutorial-003.json").is_file()

    def missing(name):
        raise ModuleNotFoundError(name)

    monkeypatch.setattr(resources, "files", missing)
    assert _resources.files() == Path(_resources.__file__).resolve().parents[1] / "resources"
    assert "tutorial-003" in preset_names() and preset("tutorial-003").epochs == 100


def test_unknown_and_odd_preset_names():
    for name in ("", "../pyproject", "nope"):
        with pytest.raises(ExperimentError, match="unknown preset"):
            preset(name)


def test_the_largest_whole_number_the_model_accepts_survives_a_save_and_load():
    """Hypothesis found it: batch_size = 10**308 (309 digits) was accepted but its JSON
    refused, so a saved experiment could not be opened again."""
    from gdgui.core.experiment import Experiment, preset

    exp = preset("race-bowl").replace(batch_size=10**308)
    assert Experiment.from_json(exp.to_json()) == exp
