"""The editing rules (gdgui.core.edits): what an edit resets and what carries over,
the same for the command line and the panels."""

import numpy as np
import pytest

from gdgui.cli import build_parser, experiment_from_args
from gdgui.core import edits
from gdgui.core.data import Dataset
from gdgui.core.experiment import Experiment, ExperimentError, preset


def test_switching_optimizer_keeps_shared_hyperparameters_and_drops_foreign_ones():
    exp = Experiment().replace(
        optimizer={
            "name": "momentum",
            "lr": 0.2,
            "momentum": 0.5,
            "dampening": 0.1,
            "weight_decay": 0.01,
        }
    )
    adam = edits.set_optimizer(exp, "adam")
    assert adam.optimizer_name == "adam"
    assert adam.hyperparams == {"lr": 0.2, "weight_decay": 0.01}  # momentum, dampening go
    back = edits.set_optimizer(adam, "rmsprop")
    assert back.hyperparams == {"lr": 0.2, "weight_decay": 0.01}


def test_a_kept_value_invalid_for_the_new_optimizer_falls_back_to_the_learning_rate():
    exp = Experiment().replace(optimizer={"name": "momentum", "lr": 0.2, "dampening": 0.1})
    nesterov = edits.set_optimizer(exp, "nesterov")  # Nesterov needs dampening = 0
    assert nesterov.hyperparams == {"lr": 0.2}
    with pytest.raises(ExperimentError, match=r"optimizer\.name: unknown optimizer"):
        edits.set_optimizer(exp, "sgd-plus")


def test_switching_problem_resets_init_and_brings_or_drops_data():
    exp = preset("tutorial-000")  # linear-wb, noisy-line data, init [0, 0]
    surface = edits.set_problem(exp, {"name": "rosenbrock"})
    assert surface.init is None and surface.data is None and not surface.standardize
    line = edits.set_problem(surface, {"name": "linear-w"})
    assert line.data.source == {"preset": "doubling"} and line.init is None
    # the same problem with another parameter keeps the start; a line to a line keeps data
    bowl = Experiment().replace(problem={"name": "bowl"}, init=[1.0, 2.0])
    assert edits.set_problem(bowl, {"name": "bowl", "a": 3.0}).init == (1.0, 2.0)
    w = edits.set_problem(exp, {"name": "linear-w"})
    assert w.data is exp.data and w.init is None
    with pytest.raises(ExperimentError, match="^data: the problem bowl takes no data"):
        edits.apply(bowl, data={"preset": "doubling"})


def test_new_data_keeps_init_and_is_shared_not_copied():
    exp = preset("tutorial-000")
    ds = Dataset(np.arange(5.0), np.arange(5.0) * 3)
    new = edits.apply(exp, data=ds)
    assert new.init == exp.init and new.dataset() is ds


def _cli(*argv):
    return experiment_from_args(build_parser().parse_args(["run", *argv]))


def test_cli_rules_match_the_core():
    exp = _cli("--preset", "tutorial-003", "--optimizer", "adam", "--lr", "0.3", "--steps", "7")
    want = edits.apply(preset("tutorial-003"), optimizer={"name": "adam", "lr": 0.3}, steps=7)
    assert exp == want and exp.hyperparams == {"lr": 0.3} and exp.epochs is None


def test_cli_and_panels_make_the_same_experiment(make_window, qtbot):
    """One edit, two ways: the command line options and the window's panels."""
    cli = _cli(
        "--preset", "tutorial-000", "--optimizer", "adam", "--problem", "rosenbrock", "--lr", "0.05"
    )
    w = make_window(preset("tutorial-000"))
    panels = w.panels
    p = panels.problem_section
    p.problem_combo.setCurrentIndex(p.problem_combo.findData("rosenbrock"))
    sec = panels.optimizer_section
    sec.combo.setCurrentIndex(sec.combo.findData("adam"))
    edit = sec.fields["lr"].edit
    edit.setFocus()
    edit.setText("0.05")
    edit.textEdited.emit("0.05")
    edit.editingFinished.emit()
    got = w.controller.experiment
    assert got.problem == cli.problem and got.optimizer == cli.optimizer
    assert got.to_dict() == cli.to_dict()


def _type(edit, text):
    edit.setFocus()
    edit.setText(text)
    edit.textEdited.emit(text)
    edit.editingFinished.emit()


def test_a_panel_lr_edit_at_a_million_points_keeps_the_data_problem_and_run(make_window):
    x = np.linspace(0.0, 1.0, 10**6)
    ds = Dataset(x, 2 * x + 1)
    w = make_window(preset("tutorial-000").replace(data=ds, epochs=10**6))
    c = w.controller
    problem, run_id = c.problem, c.run_id
    lr = w.panels.optimizer_section.fields["lr"].edit
    _type(lr, "0.005")
    assert c.experiment.hyperparams["lr"] == 0.005
    assert c.experiment.dataset() is ds and np.shares_memory(c.experiment.dataset().x, ds.x)
    assert c.problem is problem and c.run_id == run_id  # the run went on, not rebuilt
    assert w.isWindowModified()
    _type(lr, "0.02")  # back to the saved value: compared by fields, not modified
    assert not w.isWindowModified()
