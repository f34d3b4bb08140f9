"""Architecture checks, run with the rest of the suite (so by CI).

- the import contracts in pyproject.toml (``[tool.importlinter]``) are kept;
- mypy reports no errors in ``gdgui/core`` (``[tool.mypy]`` in pyproject.toml);
- ``ruff check`` and ``ruff format --check`` pass (the style is the formatter's);
- the Qt-free import check is ``tests/test_cli.py::test_core_imports_no_qt`` (a
  subprocess that loads the core and looks at ``sys.modules``).
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = ROOT / "pyproject.toml"

# Core modules mypy skips (checked only as imports of the others, their own errors
# silenced). None now: every core module is mypy-clean; the two exclusion flags
# below come back by themselves if a module is listed here again.
NOT_YET_CLEAN: tuple[str, ...] = ()


def _mypy_args() -> list[str]:
    args = ["--config-file", str(PYPROJECT), "--cache-dir", str(ROOT / ".mypy_cache")]
    if NOT_YET_CLEAN:
        args += [
            "--follow-imports=silent",
            "--exclude",
            r"(^|/)gdgui/core/({})\.py$".format("|".join(NOT_YET_CLEAN)),
        ]
    return [*args, str(ROOT / "gdgui" / "core")]


def test_the_import_contracts_are_kept():
    import importlinter  # noqa: F401  (the test extra installs it: a missing one fails)

    code = (
        "import sys; from importlinter.cli import lint_imports; "
        f"sys.exit(lint_imports(config_filename={str(PYPROJECT)!r}, no_cache=True, "
        "no_logo=True))"
    )
    p = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    report = p.stdout + p.stderr
    assert p.returncode == 0, report
    # every contract in pyproject.toml was checked, not an empty configuration
    contracts = PYPROJECT.read_text(encoding="utf-8").count("[[tool.importlinter.contracts]]")
    assert contracts >= 3
    assert f"Contracts: {contracts} kept, 0 broken." in report, report


def test_mypy_finds_no_errors_in_the_core():
    from mypy import api  # the test extra installs it: a missing one fails

    out, err, status = api.run(_mypy_args())
    assert status == 0, out + err
    checked = int(re.search(r"no issues found in (\d+) source files", out).group(1))
    # every core module but the excluded ones: an exclusion pattern gone wrong
    # (matching everything, or nothing) changes this count
    core = [p for p in (ROOT / "gdgui" / "core").rglob("*.py") if p.stem not in NOT_YET_CLEAN]
    assert checked == len(core), out


def _ruff() -> str:
    exe = Path(sys.executable).with_name("ruff")
    return str(exe) if exe.exists() else "ruff"


@pytest.mark.parametrize("command", [["check", "."], ["format", "--check", "."]])
def test_ruff_finds_nothing(command):
    p = subprocess.run([_ruff(), *command], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stdout[-4000:] + p.stderr[-2000:]
