"""gdgui: a desktop explorer for gradient descent.

The engine is usable without a window::

    import gdgui
    run = gdgui.preset("tutorial-003").run()
    run.history.params[-1]      # array([1.99999991])
"""

from .core import *  # noqa: F403
from .core import __all__ as _core_all

__version__ = "0.1.0"
__all__ = [*_core_all, "__version__"]
