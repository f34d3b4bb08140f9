"""Show a text made in the core in the window's language: :func:`core_text`.

The core cannot call ``tr()``; its sentences are :class:`~gdgui.core.messages.Message`
objects (an English ``str`` that keeps its template and arguments). :func:`core_text`
looks the template up in the catalogue under context ``"core"``
(``QCoreApplication.translate``), formats the translation with the arguments (Messages
among them translated the same way, names such as an optimizer's title in their own
context) and returns plain text. Anything that is not a Message comes back unchanged, so
every display site can wrap whatever it shows. An exception is read through its first
argument (``str(exc)`` would drop the Message).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication

from ..core.messages import Message

__all__ = ["core_text"]


def _translate(context: str, text: str) -> str:
    return QCoreApplication.translate(context, text)


def core_text(text: Any) -> str:
    """``text`` in the window's language when it is a Message (or an exception carrying
    one); other text as ``str(text)``."""
    if isinstance(text, BaseException):
        first = text.args[0] if len(text.args) == 1 else None
        text = first if isinstance(first, Message) else str(text)
    if isinstance(text, Message):
        return text.render(_translate)
    return str(text)
