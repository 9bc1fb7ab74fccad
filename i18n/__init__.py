"""Loss Lab's two languages: English (the source text) and Chinese, through gettext catalogues.

Every sentence a reader sees is written in English inside ``_()`` (or ``N_()`` where it must be
defined before a language is known, then passed through ``_()`` when shown).  Numbers, units and
names go in as *named* placeholders, so a translator can move them::

    _("Entropy of {k} outcomes: {value} {unit}", k=k, value=f"{h:.4f}", unit=units.symbol)

Formatting happens only when placeholders are given, so a message without any may hold braces
(never LaTeX: formulas stay outside messages and are the same in both languages).

The catalogue is ``i18n/locale/zh/LC_MESSAGES/messages.po``; its compiled ``messages.mo`` is committed
beside it and a test checks that it is current.  ``make i18n-extract`` collects the messages from
the code into ``messages.pot`` and merges them into the ``.po``; ``make i18n-compile`` compiles it
(Babel, a development tool).  At run time only the standard library's :mod:`gettext` reads the ``.mo``.

Which language is current is not decided here: ``ui.language`` registers a function that reads the
reader's choice (``use_language_source``), so ``charts`` translate without importing Streamlit.
A cached function whose result holds reader text takes the language as an argument, so the two
languages never share a cache entry.
"""

from __future__ import annotations

import gettext
from collections.abc import Callable
from functools import cache
from pathlib import Path

__all__ = [
    "DEFAULT_LANGUAGE",
    "LANGUAGES",
    "LOCALE_DIR",
    "N_",
    "ReaderError",
    "_",
    "current_language",
    "describe",
    "ngettext",
    "translation",
    "use_language_source",
]

#: The languages a reader can choose, by code, each named in itself.
LANGUAGES: dict[str, str] = {"en": "English", "zh": "中文"}
DEFAULT_LANGUAGE = "en"
LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "messages"

_source: Callable[[], str] = lambda: DEFAULT_LANGUAGE  # noqa: E731


def use_language_source(source: Callable[[], str]) -> None:
    """Make ``source()`` the current language's code from now on (``ui.language`` does this)."""
    global _source
    _source = source


def current_language() -> str:
    """The current language's code: one of ``LANGUAGES``; English if the source gives anything else."""
    lang = _source()
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


@cache
def translation(lang: str) -> gettext.NullTranslations:
    """The compiled catalogue of ``lang`` (English, the source language, translates to itself)."""
    if lang == DEFAULT_LANGUAGE:
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, localedir=LOCALE_DIR, languages=[lang], fallback=True)


def _(message: str, /, **params: object) -> str:
    """``message`` in the current language, with ``{name}`` placeholders filled from ``params``."""
    text = translation(current_language()).gettext(message)
    return text.format(**params) if params else text


def ngettext(singular: str, plural: str, n: int, /, **params: object) -> str:
    """The singular or plural form for ``n`` in the current language; ``{n}`` and ``params`` filled in."""
    text = translation(current_language()).ngettext(singular, plural, n)
    return text.format(n=n, **params)


def N_(message: str, /) -> str:
    """Mark ``message`` for the catalogue without translating it now (translate it with ``_`` when shown)."""
    return message


class ReaderError(ValueError):
    """A ValueError whose message is written for a reader, kept as a message and its placeholders.

    ``str(error)`` is the English sentence (logs, tests); `describe` gives it in the reader's language::

        raise ReaderError("Row {row} has {found} values; expected {expected}.", row=3, found=2, expected=4)
    """

    def __init__(self, message: str, /, **params: object) -> None:
        self.message, self.params = message, params
        super().__init__(message.format(**params) if params else message)

    def translated(self) -> str:
        """The message in the current language."""
        return _(self.message, **self.params)


def describe(error: BaseException) -> str:
    """What to show a reader for ``error``: a `ReaderError` in their language, anything else as it is."""
    return error.translated() if isinstance(error, ReaderError) else str(error)
