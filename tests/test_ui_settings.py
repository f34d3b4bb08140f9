"""The remembered experiment stays small in the settings and comes back the same."""

import numpy as np

from gdgui.core.data import Dataset
from gdgui.core.experiment import preset
from gdgui.ui.settings import INLINE_POINTS, Settings


def test_a_large_dataset_is_kept_beside_the_ini_not_in_it(tmp_path):
    from PySide6.QtCore import QSettings

    ini = tmp_path / "gdgui.ini"
    rng = np.random.default_rng(1)
    x = rng.normal(size=10**5)
    ds = Dataset(x, 3 * x - 2 + rng.normal(size=x.size)).named("size", "price")
    exp = preset("tutorial-000").replace(data=ds, seed=5)
    s = Settings(QSettings(str(ini), QSettings.Format.IniFormat))
    s.set_experiment(exp)
    s.sync()
    assert ini.stat().st_size < 20_000
    back = Settings(QSettings(str(ini), QSettings.Format.IniFormat)).experiment()
    np.testing.assert_array_equal(back.dataset().x, ds.x)
    np.testing.assert_array_equal(back.dataset().y, ds.y)
    assert back.dataset().columns == ("size", "price")
    assert back.replace(data=ds) == exp  # everything else as it was
    # small data stays inline, and the points file is forgotten
    small = exp.replace(data=Dataset(x[:INLINE_POINTS], x[:INLINE_POINTS]))
    s.set_experiment(small)
    again = s.experiment()
    assert s.get("experiment/points") == ""
    np.testing.assert_array_equal(again.dataset().x, x[:INLINE_POINTS])
