"""The explain dock follows the history scrubber: scrubbed to step k it explains step k
(of the selected run of a race), and going live it follows the run again."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np  # noqa: E402

from gdgui.core.experiment import Experiment  # noqa: E402


def race(steps=50):
    exp = Experiment.from_dict(
        {
            "version": 1,
            "problem": {"name": "saddle-valley"},
            "optimizer": {"name": "gd", "lr": 0.02},
            "steps": steps,
            "init": [0.5, 1.0],
        }
    )
    return exp.add_run(exp.replace(optimizer={"name": "momentum", "lr": 0.005, "momentum": 0.9}))


def shown_dock(w):
    d = w.extras.explain_dock
    d.show()
    d.raise_()
    w.render_now()
    d.flush()
    return d


def test_scrubbing_to_k_explains_step_k(make_window):
    w = make_window(race())
    w.controller.run_to_end_sync()
    d = shown_dock(w)
    assert d.explanation.step == 50  # live: the newest step
    w.time_travel.scrub_to(20)
    d.flush()
    e = d.explanation
    assert e.step == 20 and d.step_spin.value() == 20
    h = w.controller.history
    assert [e.params_after[n] for n in e.param_names] == h.params[20].tolist()
    w.time_travel.scrub_to(7)
    d.flush()
    assert d.explanation.step == 7
    w.time_travel.scrub_to(None)  # live again: it follows the run
    d.flush()
    assert d.explanation.step == 50 and d.follow.isChecked()


def test_a_step_picked_by_hand_gives_way_to_the_scrubber(make_window):
    w = make_window(race())
    w.controller.run_to_end_sync()
    d = shown_dock(w)
    d.step_spin.setValue(3)  # the user picks step 3: no longer following
    d.flush()
    assert d.explanation.step == 3 and not d.follow.isChecked()
    w.time_travel.scrub_to(30)
    d.flush()
    assert d.explanation.step == 30 and not d.follow.isChecked()
    w.render_now()  # a redraw at the same scrubbed step does not move it again
    d.step_spin.setValue(12)
    w.render_now()
    d.flush()
    assert d.explanation.step == 12


def test_the_selected_run_of_a_race_is_explained(make_window):
    w = make_window(race())
    w.controller.run_to_end_sync()
    w.controller.select_run(1)
    d = shown_dock(w)
    w.time_travel.scrub_to(10)
    d.flush()
    e = d.explanation
    assert e.step == 10 and e.optimizer == "momentum"
    h1 = w.controller.histories[1]
    assert np.allclose([e.params_after[n] for n in e.param_names], h1.params[10])
    assert not np.allclose(h1.params[10], w.controller.histories[0].params[10])
