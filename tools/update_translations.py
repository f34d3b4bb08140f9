"""Refresh the Qt Linguist catalogue: ``python tools/update_translations.py``.

1. ``pyside6-lupdate`` reads every gdgui/ module that translates and merges its
   strings into resources/translations/gdgui_zh_CN.ts: translations already made
   are kept, strings that left the source are marked obsolete (``--no-obsolete``
   drops them), new ones arrive as ``type="unfinished"``.
2. ``pyside6-lrelease`` compiles the .ts into gdgui_zh_CN.qm, which ships in the
   wheel (package data of gdgui.resources) and which the window loads.

New entries: translate them in ``pyside6-linguist resources/translations/gdgui_zh_CN.ts``
(or edit the .ts: fill <translation> and delete ``type="unfinished"``), then run
this script again. tests/test_translations.py fails while any entry is unfinished.

Call forms: lupdate files ``self.tr("…")`` under the class name and bare
``tr("…")`` / ``_tr("…")`` (the module helpers, passed as a tr alias) under the
empty context, which is why those helpers translate in context "". A call on a
variable cannot be read by lupdate; the strings the UI passes that way (the
hyperparameter labels, the optimizer and surface titles, and the core's message templates
under context "core", gdgui/core/messages.py) are listed by :func:`dynamic_strings` and
handed to lupdate as a generated file of ``QT_TRANSLATE_NOOP`` marks.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "gdgui"
TRANSLATIONS = ROOT / "resources" / "translations"
LANGUAGES = ("zh_CN",)
#: lupdate's Python parser honours aliases: the modules' ``_tr(text)`` helpers
TR_ALIASES = "tr+=_tr"
#: where the generated marks for :func:`dynamic_strings` go (build/ is not committed)
DYNAMIC_SOURCE = ROOT / "build" / "i18n" / "dynamic_strings.py"

_TRANSLATES = re.compile(r"\btr\(|\b_tr\(|\btranslate\(|QT_TRANSLATE_NOOP|QT_TR_NOOP")


def ts_path(lang: str) -> Path:
    return TRANSLATIONS / f"gdgui_{lang}.ts"


def qm_path(lang: str) -> Path:
    return TRANSLATIONS / f"gdgui_{lang}.qm"


def tool(name: str) -> str:
    """The path of a Qt tool that ships with PySide6 (``pyside6-lupdate``, ``pyside6-lrelease``)."""
    beside = Path(sys.executable).parent / name
    found = str(beside) if beside.exists() else shutil.which(name)
    if not found:
        raise FileNotFoundError(f"{name} not found (it ships with PySide6-Essentials)")
    return found


def source_files() -> list[Path]:
    """The gdgui/ modules that call a translation function, sorted."""
    return sorted(
        p
        for p in PACKAGE.rglob("*.py")
        if "__pycache__" not in p.parts and _TRANSLATES.search(p.read_text("utf-8"))
    )


def dynamic_strings() -> list[tuple[str, str]]:
    """(context, text) of strings the UI translates through a variable, which lupdate cannot see."""
    from gdgui.core import messages, optimizers, surfaces
    from gdgui.ui.panels import optimizer as panels

    texts: list[str] = []
    for spec in optimizers.OPTIMIZERS.values():  # panels/optimizer.py
        texts += [panels._HP_LABELS.get(h.name, h.name) for h in spec.hyperparams]
    texts += [spec.title for spec in optimizers.OPTIMIZERS.values()]  # panels/optimizer.py
    texts += [spec.title for spec in surfaces.SPECS.values()]  # panels/problem.py: tr(spec.title)
    return (
        [("", t) for t in dict.fromkeys(texts)]
        + [("ExplainDock", t) for t in explain_labels()]
        + [("Presets", t) for t in preset_descriptions()]
        + [(messages.CONTEXT, t) for t in messages.TEMPLATES]  # ui/core_text.py
    )


def preset_descriptions() -> list[str]:
    """The bundled experiments' descriptions; the Experiment panel shows them through
    ``translate("Presets", description)``."""
    import json

    folder = ROOT / "resources" / "experiments"
    out = []
    for path in sorted(folder.glob("*.json")):
        text = json.loads(path.read_text("utf-8")).get("description")
        if isinstance(text, str) and text:
            out.append(text)
    return list(dict.fromkeys(out))


def explain_labels() -> list[str]:
    """The labels gdgui/core/explain.py writes (literal ``head(...)`` texts and ``line(...,
    label)`` labels); ExplainDock translates them through ``self.tr`` when it renders."""
    import ast

    tree = ast.parse((PACKAGE / "core" / "explain.py").read_text("utf-8"))
    out: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "label" for t in node.targets
        ):
            out += [
                c.value
                for c in ast.walk(node.value)  # label = ("..." if noisy else "")
                if isinstance(c, ast.Constant) and isinstance(c.value, str) and c.value
            ]
            continue
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
            continue
        if node.func.id == "head" and node.args:
            cands = [node.args[0]]
        elif node.func.id == "line":
            cands = node.args[1:2] + [k.value for k in node.keywords if k.arg == "label"]
        else:
            continue
        for c in cands:
            if isinstance(c, ast.Constant) and isinstance(c.value, str) and c.value:
                out.append(c.value)
            elif isinstance(c, ast.IfExp):  # "" if j else "where"
                out += [
                    v.value
                    for v in (c.body, c.orelse)
                    if isinstance(v, ast.Constant) and isinstance(v.value, str) and v.value
                ]
    return list(dict.fromkeys(out))


def write_dynamic_source(path: Path = DYNAMIC_SOURCE) -> Path:
    """Write :func:`dynamic_strings` as ``QT_TRANSLATE_NOOP`` marks; returns ``path``."""
    lines = [
        "# Generated by tools/update_translations.py: strings the UI translates by variable.",
        "from PySide6.QtCore import QT_TRANSLATE_NOOP",
        "",
    ]
    lines += [f"QT_TRANSLATE_NOOP({ctx!r}, {text!r})" for ctx, text in dynamic_strings()]
    text = "\n".join(lines) + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() or path.read_text("utf-8") != text:
        path.write_text(text, "utf-8")
    return path


def lupdate(ts: Path, *, no_obsolete: bool = False, dynamic: Path = DYNAMIC_SOURCE) -> str:
    """Merge the source's strings into ``ts`` (created when missing); returns lupdate's report."""
    files = [*source_files(), write_dynamic_source(dynamic)]
    cmd = [
        tool("pyside6-lupdate"),
        "-tr-function-alias",
        TR_ALIASES,
        "-locations",
        "relative",
        *(["-no-obsolete"] if no_obsolete else []),
        *map(str, files),
        "-ts",
        str(ts),
    ]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"pyside6-lupdate failed: {done.stderr.strip() or done.stdout.strip()}")
    return done.stdout + done.stderr


def lrelease(ts: Path, qm: Path) -> str:
    """Compile ``ts`` into ``qm``; returns lrelease's report."""
    done = subprocess.run(
        [tool("pyside6-lrelease"), str(ts), "-qm", str(qm)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"pyside6-lrelease failed: {done.stderr.strip() or done.stdout.strip()}")
    return done.stdout + done.stderr


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--no-obsolete",
        action="store_true",
        help="drop strings that left the source (default: mark them obsolete)",
    )
    args = parser.parse_args(argv)
    TRANSLATIONS.mkdir(parents=True, exist_ok=True)
    for lang in LANGUAGES:
        print(lupdate(ts_path(lang), no_obsolete=args.no_obsolete).strip())
        print(lrelease(ts_path(lang), qm_path(lang)).strip())
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))  # run from a checkout without installing
    raise SystemExit(main())
