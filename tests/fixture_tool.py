"""The torch-fixture script as a module, for the tests that compare against its fixtures."""

import importlib.util
import sys
from pathlib import Path


def load_tool():
    """tools/make_torch_fixtures.py: the case tables and torch runners (torch not needed)."""
    if "make_torch_fixtures" not in sys.modules:
        path = Path(__file__).resolve().parents[1] / "tools" / "make_torch_fixtures.py"
        spec = importlib.util.spec_from_file_location("make_torch_fixtures", path)
        module = importlib.util.module_from_spec(spec)
        sys.modules["make_torch_fixtures"] = module
        spec.loader.exec_module(module)
    return sys.modules["make_torch_fixtures"]
