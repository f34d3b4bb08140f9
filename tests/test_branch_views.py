"""A branch cuts every history without copying it on the GUI thread: the cut history is
at first a view sharing the rows it keeps, the rebuild copies them on its thread and the
view takes the copy (the same object, the same rows bit for bit, and it grows on)."""

import numpy as np
import pytest
from race_tools import alone, wait_all

from gdgui.core.experiment import preset
from gdgui.core.history import History


def filled(n, max_rows=None):
    h = History(["w", "b"], capacity=8, max_rows=max_rows, with_lr=True)
    k = np.arange(n)
    params = np.column_stack([np.sin(k), np.cos(k)])
    h.extend(k, k // 7, params, k * 0.5, params * 2, lr=k * 1e-3)
    return h


FIELDS = ("step", "epoch", "params", "loss", "grad", "lr")


def test_a_view_takes_its_copy_and_grows_as_a_history_of_its_own():
    h = filled(500, max_rows=64)  # thinned: the copy keeps the stride and the count
    assert h.thinned
    view = h.upto(int(h.step[40]))
    rows = view.copy(capacity=100)
    assert len(rows) == len(view) == 41 and rows.thinned == h.thinned
    assert not np.shares_memory(rows.params, h.params)
    for f in FIELDS:
        assert np.array_equal(getattr(rows, f), getattr(view, f))
    with pytest.raises(ValueError):
        view.extend([9999], [0], [[0.0, 0.0]], [0.0], [[0.0, 0.0]])
    with pytest.raises(ValueError):
        view.take_rows(h.upto(int(h.step[10])).copy())  # other rows
    before = {f: getattr(h, f).copy() for f in FIELDS}
    view.take_rows(rows)
    assert view.base is None and len(view) == 41
    view.extend([10**6], [1], [[1.0, 2.0]], [3.0], [[4.0, 5.0]], lr=0.5)
    assert len(view) == 42 and view.step[-1] == 10**6 and view.lr[-1] == 0.5
    for f in FIELDS:  # the history it was cut from is untouched
        assert np.array_equal(getattr(h, f), before[f])


def race():
    base = dict(optimizer={"name": "adam", "lr": 0.05}, batch_size=8, gradient_noise=0.1, steps=500)
    exp = preset("tutorial-000").replace(**base)
    return exp.add_run(exp.replace(optimizer={"name": "gd", "lr": 0.02}, batch_size="full", seed=2))


def test_a_branch_shares_the_rows_it_keeps_until_the_rebuild_copies_them(qtbot, controller):
    exp = race()
    c = controller(exp)
    c.step(120)
    wait_all(qtbot, c, [120, 120])
    old = list(c.histories)
    c.branch_at_async(70)
    cut = list(c.histories)
    for h, o in zip(cut, old):  # no copy on the GUI thread: the kept rows are shared
        assert h is not o and len(h) == 71 and np.shares_memory(h.params, o.params)
    assert c.wait_for_rebuild(60)
    for h, k, o in zip(c.histories, cut, old):  # the same objects, owning a copy of the rows
        assert h is k and h.base is None
        assert not np.shares_memory(h.params, o.params)
        for f in ("step", "epoch", "params", "loss", "grad"):
            assert np.array_equal(getattr(h, f), getattr(o, f)[:71])
    c.step(30)
    wait_all(qtbot, c, [100, 100])
    for i in range(2):
        ref = alone(exp, i, 100).history
        assert np.array_equal(c.histories[i].params, ref.params)
        assert np.array_equal(c.histories[i].loss, ref.loss)
    assert len(old[0]) == 121  # the history before the branch (undo's) is untouched
    assert np.array_equal(old[0].params, alone(exp, 0, 120).history.params)


def test_a_branch_replaced_before_its_rebuild_leaves_no_view_behind(qtbot, controller):
    exp = race()
    c = controller(exp)
    c.step(120)
    wait_all(qtbot, c, [120, 120])
    snap = c.snapshot()
    c.branch_at_async(90)
    c.branch_at_async(50)  # at once: the first rebuild is called off
    c.restore(snap)  # and so is the second: back to step 120
    c.branch_at_async(100)
    assert c.wait_for_rebuild(60)
    assert all(h.base is None for h in c.histories) and not c._unowned
    c.step(5)
    wait_all(qtbot, c, [105, 105])
    for i in range(2):
        assert np.array_equal(c.histories[i].params, alone(exp, i, 105).history.params)
