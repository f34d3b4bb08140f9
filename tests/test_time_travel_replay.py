"""The exact replay of gdgui.core.replay: a run rebuilt at a step it passed is that run,
bit for bit (parameters, optimizer state, random generators, status); in slices too;
and match_runs, which says which runs of a race go on after runs were added or removed."""

import numpy as np
import pytest

from gdgui.core.experiment import preset
from gdgui.core.replay import Replay, match_runs, replay, settings_at


def experiment(**changes):
    """Mini-batches of 8 (7 steps an epoch), gradient noise, Adam: what a replay must get
    right (the batch order and the noise generator)."""
    base = dict(optimizer={"name": "adam", "lr": 0.05}, batch_size=8, gradient_noise=0.1, epochs=20)
    return preset("tutorial-000").replace(**{**base, **changes})


def state(run):
    """Everything that decides a run's next steps."""
    return (
        run.params.tolist(),
        [repr(s) for s in run._state],
        run._rng.bit_generator.state,
        run._noise_rng.bit_generator.state,
        list(run._noise),
        None if run._order is None else run._order.tolist(),
        dict(run.hp),
        run.step_count,
        run.status,
        run.message,
    )


def went(exp, problem, log, k):
    """The run that went to step ``k`` itself, with the changes of ``log`` on the way."""
    run = exp.build_run(problem)
    for at, hp in log:
        if at > k:
            break
        run.advance(max_steps=at - run.step_count)
        run.set_hyperparams(**hp)
    run.advance(max_steps=k - run.step_count)
    return run


LOG = [(30, {"lr": 0.01}), (55, {"beta1": 0.5, "lr": 0.02})]


@pytest.mark.parametrize("k", [0, 1, 6, 7, 30, 31, 54, 55, 56, 100, 140])
def test_the_replay_is_the_run_that_went_there_bit_for_bit(k):
    exp = experiment()
    problem = exp.build_problem()
    ref = went(exp, problem, LOG, k)
    got = replay(exp, problem, LOG, k)
    assert state(got) == state(ref)
    assert np.array_equal(got.history.params, ref.history.params)
    # and the two go on the same way
    ref.advance(max_steps=9)
    got.advance(max_steps=9)
    assert state(got) == state(ref)


def test_the_changes_matter_so_the_replay_is_no_accident():
    exp = experiment()
    problem = exp.build_problem()
    assert state(replay(exp, problem, [], 80)) != state(replay(exp, problem, LOG, 80))
    assert state(replay(exp, problem, LOG, 80)) != state(replay(exp, problem, LOG[:1], 80))


def test_a_replay_in_slices_is_the_whole_replay():
    exp = experiment(epochs=400)  # 2,800 steps
    problem = exp.build_problem()
    r = Replay(exp, problem, LOG, 2500)
    slices = 0
    while not r.advance(max_seconds=0.0):  # one chunk of steps a slice
        slices += 1
    assert slices > 10 and r.done and r.advance(max_seconds=0.0)
    assert state(r.run) == state(replay(exp, problem, LOG, 2500))


def test_a_run_that_stopped_on_the_way_stops_there_again():
    exp = preset("tutorial-000").replace(optimizer={"name": "gd", "lr": 5.0}, steps=200)
    problem = exp.build_problem()
    ref = exp.build_run(problem)
    ref.run()
    assert ref.status == "diverged" and ref.step_count < 100
    got = replay(exp, problem, [], 150)
    assert state(got) == state(ref)
    end = replay(experiment(), problem, [], 140)  # at its step limit: finished, as it was
    assert end.status == "finished" and end.message == went(experiment(), problem, [], 140).message


def test_settings_at_a_step_are_the_changes_made_up_to_it():
    exp = experiment()
    assert settings_at(exp, LOG, 29) == exp
    assert settings_at(exp, LOG, 30).optimizer.hyperparams["lr"] == 0.01
    at = settings_at(exp, LOG, 99).optimizer.hyperparams
    assert at["lr"] == 0.02 and at["beta1"] == 0.5


def test_match_runs_keeps_the_runs_that_go_on():
    eq = str.__eq__
    assert match_runs("abc", "abc", eq) == [0, 1, 2]
    assert match_runs("abc", "axc", eq) == [0, None, 2]  # b edited: it starts over
    assert match_runs("abc", "abcd", eq) == [0, 1, 2, None]  # added at the end
    assert match_runs("abc", "abbc", eq) == [0, 1, None, 2]  # b duplicated after itself
    assert match_runs("a", "aa", eq) == [0, None]
    assert match_runs("abc", "ac", eq) == [0, 2]  # b removed
    assert match_runs("abc", "bc", eq) == [1, 2]
    assert match_runs("ab", "a", eq) == [0]
    assert match_runs("abc", "xyzw", eq) == [None] * 4  # nothing in common
    assert match_runs("abc", "ax", eq) == [None, None]
