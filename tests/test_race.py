"""Race: R runs on one problem, each bit for bit the same Run alone, stopping alone."""

import numpy as np
import pytest

from gdgui.core import schedules
from gdgui.core.optimizers import OPTIMIZERS
from gdgui.core.race import Race
from gdgui.core.regression import LinearRegression
from gdgui.core.runner import Run
from gdgui.core.surfaces import make_surface

X = np.array([0.5, 1.0, 1.5, 2.0, 3.0, 3.5, 4.0])
PROBLEM = LinearRegression(X, 2.0 * X + 1.0 + np.sin(7 * X))

HP = {
    "gd": {"lr": 0.05, "weight_decay": 0.01},
    "momentum": {"lr": 0.03, "momentum": 0.8, "dampening": 0.1},
    "nesterov": {"lr": 0.02, "momentum": 0.9},
    "adagrad": {"lr": 0.3, "lr_decay": 0.01},
    "rmsprop": {"lr": 0.02, "momentum": 0.5, "centered": True},
    "adam": {"lr": 0.1, "amsgrad": True},
    "adamw": {"lr": 0.1, "weight_decay": 0.1},
}
KINDS = {
    "full": {},
    "minibatch": {"batch_size": 2, "seed": 5},
    "sgd-noise": {"batch_size": 1, "seed": 9, "gradient_noise": 0.4},
}


def _same(h, alone):
    for field in ("step", "epoch", "params", "loss", "grad"):
        assert np.array_equal(getattr(h, field), getattr(alone, field)), field


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_run_equals_the_same_run_alone(kind):
    assert set(HP) == set(OPTIMIZERS)
    specs = [
        {"optimizer": name, "hyperparams": hp, "init": [0.5 * i, -0.25 * i], **KINDS[kind]}
        for i, (name, hp) in enumerate(HP.items())
    ]
    # different seeds and a scheduled run too, so nothing is shared between runs
    specs.append({**specs[1], "seed": 77, "schedule": {"name": "step", "step_size": 4}})
    race = Race(PROBLEM, specs, epochs=12)
    race.step(3)
    race.advance(max_seconds=0.0005)
    race.step(1)
    race.advance()
    assert race.done and race.statuses == ["finished"] * len(specs)
    for spec, h in zip(specs, race.histories):
        alone = Run(PROBLEM, epochs=12, **spec).run()
        assert len(h) == 12 * race[0].steps_per_epoch + 1
        _same(h, alone)


def test_one_run_diverges_alone_and_the_others_finish():
    bowl = make_surface("bowl")
    race = Race(
        bowl,
        [
            {"hyperparams": {"lr": 0.1}},
            {"hyperparams": {"lr": 0.5}},  # b = 10: diverges for lr > 0.2
            {"optimizer": "adam", "hyperparams": {"lr": 0.05}, "steps": 150},
        ],
        optimizer="gd",
        steps=300,
    )
    race.run()
    assert race.statuses == ["finished", "diverged", "finished"]
    assert race.step_counts[0] == 300 and race.step_counts[2] == 150
    assert race.messages[1].startswith("Diverged at step ")
    diverged_at = race.step_counts[1]
    assert 1 < diverged_at < 300
    _same(race.histories[1], Run(bowl, "gd", {"lr": 0.5}, steps=300).run())
    assert np.all(np.isfinite(race.histories[1].loss))


def test_a_converged_run_stops_alone():
    bowl = make_surface("bowl")
    race = Race(
        bowl,
        [{"hyperparams": {"lr": 0.15}}, {"hyperparams": {"lr": 0.001}}],
        steps=2000,
        tolerance=1e-6,
    )
    race.run()
    assert race.statuses == ["converged", "finished"]
    assert race.step_counts[0] < 2000 and race.step_counts[1] == 2000
    assert race.step(5) == [0, 0]


def test_time_sliced_runs_stay_in_lockstep():
    bowl = make_surface("rosenbrock")
    race = Race(bowl, [{"hyperparams": {"lr": 1e-4 * (r + 1)}} for r in range(6)], steps=100_000)
    spread = 0
    for _ in range(5):
        taken = race.advance(max_seconds=0.002)
        counts = race.step_counts
        spread = max(spread, max(counts) - min(counts))
        assert sum(taken) > 0
    assert spread <= Race.CLOCK_EVERY
    assert race.step(10) == [10] * 6
    assert not race.done


def test_settings_errors_name_the_run():
    with pytest.raises(ValueError, match=r"^run 2: unknown setting 'lr'$"):
        Race(PROBLEM, [{}, {"lr": 0.1}])
    with pytest.raises(ValueError, match=r"^run 1: lr: "):
        Race(PROBLEM, [{"hyperparams": {"lr": -1.0}}])
    with pytest.raises(ValueError, match=r"^run 1: schedule onecycle: total_steps = 5"):
        Race(
            PROBLEM,
            [
                {
                    "optimizer": "adam",
                    "schedule": schedules.validate(
                        {"name": "onecycle", "max_lr": 0.1, "total_steps": 5}
                    ),
                }
            ],
            steps=10,
        )
    with pytest.raises(ValueError, match="at least one run"):
        Race(PROBLEM, [])
    # a run's own steps override the shared epochs
    race = Race(PROBLEM, [{"steps": 7}, {}], epochs=2, batch_size=3)
    assert [r.max_steps for r in race.runs] == [7, 6]
