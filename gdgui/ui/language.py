"""The window's language: English (the source) or 简体中文 (resources/translations).

The choice, first match wins: the ``--lang`` option, the one stored by View →
Language (QSettings key :data:`SETTINGS_KEY`), the system locale (``zh_*`` gives
Chinese). A choice made in the menu applies at the next start.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMenu, QWidget

__all__ = [
    "LANGUAGE_NAMES",
    "SETTINGS_KEY",
    "available_languages",
    "choose_language",
    "install_translator",
    "language_menu",
    "normalize_language",
]

SETTINGS_KEY = "view/language"
#: each language in its own words, as the menu lists it
LANGUAGE_NAMES = {"en": "English", "zh_CN": "简体中文"}
_TRANSLATOR_NAME = "gdguiTranslator"


def _tr(text: str) -> str:
    return QCoreApplication.translate("", text)


def _folder() -> Any:
    from .._resources import files

    return files() / "translations"


def available_languages() -> list[str]:
    """ "en" and every language whose compiled catalogue (gdgui_<lang>.qm) ships."""
    try:
        folder = _folder()
        shipped = {
            lang
            for lang in LANGUAGE_NAMES
            if lang != "en" and (folder / f"gdgui_{lang}.qm").is_file()
        }
    except (ImportError, OSError, TypeError):
        shipped = set()
    return ["en", *sorted(shipped)]


def normalize_language(name: str) -> str:
    """ "zh_CN" for zh, zh-CN, zh_Hans…; "en" for en, en_US, C…; ValueError for others."""
    key = name.strip().replace("-", "_")
    if key.lower().startswith("zh"):
        return "zh_CN"
    if key.lower().startswith("en") or key in ("C", "POSIX"):
        return "en"
    raise ValueError(f"unknown language {name!r}: choose one of {', '.join(LANGUAGE_NAMES)}")


def _store(settings: Any) -> Any:
    """The QSettings behind gdgui's Settings wrapper, or ``settings`` itself."""
    return getattr(settings, "qsettings", settings)


def choose_language(
    settings: Any = None, cli_lang: str | None = None, locale: QLocale | str | None = None
) -> str:
    """The language to show: ``cli_lang``, else the stored choice, else the locale's.

    ``settings`` is a QSettings (or gdgui's Settings); ``locale`` defaults to
    the system's. An unknown ``cli_lang`` raises ValueError (one line, for the
    command line); an unknown stored value is ignored.
    """
    if cli_lang:
        return normalize_language(cli_lang)
    if settings is not None:
        stored = _store(settings).value(SETTINGS_KEY, "")
        if stored:
            try:
                return normalize_language(str(stored))
            except ValueError:
                pass
    if locale is None:
        locale = QLocale.system()
    name = locale.name() if isinstance(locale, QLocale) else str(locale)
    return "zh_CN" if name.lower().startswith("zh") else "en"


def install_translator(app: QCoreApplication, lang: str) -> QTranslator | None:
    """Show the UI in ``lang`` from now on (widgets made later); returns the gdgui translator.

    Replaces a translator this function installed before; "en" (or a language
    whose catalogue is missing) leaves the source English. Qt's own strings
    (standard buttons) follow from qtbase_<lang>.qm when Qt ships it.
    """
    for old in app.findChildren(QTranslator):
        if old.objectName() == _TRANSLATOR_NAME:
            app.removeTranslator(old)
            old.deleteLater()
    lang = normalize_language(lang)
    if lang == "en":
        return None
    translator = QTranslator(app)
    translator.setObjectName(_TRANSLATOR_NAME)
    try:
        loaded = translator.load(f"gdgui_{lang}", str(_folder()))
    except (ImportError, OSError, TypeError):
        loaded = False
    if not loaded:
        translator.deleteLater()
        return None
    app.installTranslator(translator)
    qt = QTranslator(translator)  # child: removed together with it
    if qt.load(f"qtbase_{lang}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        qt.setObjectName(_TRANSLATOR_NAME)
        app.installTranslator(qt)
    return translator


def language_menu(parent: QWidget, settings: Any) -> QMenu:
    """View → Language: the languages by their own names; the choice is stored in
    ``settings`` (QSettings or gdgui's Settings) and applies at the next start."""
    store = _store(settings)
    menu = QMenu(_tr("&Language"), parent)
    menu.setObjectName("languageMenu")
    menu.setAccessibleName(_tr("Language"))
    menu.setToolTipsVisible(True)
    menu.menuAction().setToolTip(_tr("The language of the window (applies after a restart)"))
    group = QActionGroup(menu)
    group.setExclusive(True)
    stored = str(store.value(SETTINGS_KEY, "") or "")
    choices: list[tuple[str, str]] = [("", _tr("System language"))]
    choices += [(lang, LANGUAGE_NAMES[lang]) for lang in available_languages()]
    for lang, label in choices:
        action = QAction(label, menu)
        action.setObjectName(f"actionLanguage_{lang or 'system'}")
        action.setCheckable(True)
        action.setChecked(lang == stored)
        action.setToolTip(
            _tr("Show the window in {0} from the next start").format(label)
            if lang
            else _tr("Follow the system's language from the next start")
        )
        action.setData(lang)
        group.addAction(action)
        menu.addAction(action)
    menu.addSeparator()
    note = menu.addAction(_tr("Applies after a restart"))
    note.setObjectName("languageRestartNote")
    note.setEnabled(False)

    def chosen(action: QAction) -> None:
        lang = action.data()
        if lang:
            store.setValue(SETTINGS_KEY, lang)
        else:
            store.remove(SETTINGS_KEY)
        store.sync()

    group.triggered.connect(chosen)
    return menu
