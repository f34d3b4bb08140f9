"""Helpers shared by the race tests (time travel, race edits): a run of a race alone,
waiting for every run to reach its step."""


def alone(exp, i, k, changes=()):
    """Run ``i`` of ``exp`` advanced ``k`` steps by itself (``changes``: (step, hp) made on
    the way)."""
    run = exp.run_experiment(i).build_run(exp.build_problem())
    for at, hp in changes:
        run.advance(max_steps=at - run.step_count)
        run.set_hyperparams(**hp)
    run.advance(max_steps=k - run.step_count)
    return run


def wait_all(qtbot, c, steps):
    """Wait until controller ``c``'s runs have taken ``steps`` and shown them."""
    qtbot.waitUntil(
        lambda: (
            c.step_counts == steps and all(int(h.step[-1]) == n for h, n in zip(c.histories, steps))
        ),
        timeout=20000,
    )
