"""Text for people, shared by every area: the one locale rule and the gettext catalogs.

Messages are gettext msgids in English, translated by the catalogs in ``govservice/locale``
(edit the ``.po``, then ``make locales``). The locale is always passed in, never read from the
environment. Every public function that renders text takes ``locale=`` and reads it with
`locale_of`: ``zh``, ``zh_CN`` and ``zh_Hans`` are simplified Chinese, ``zh_TW`` and
``zh_Hant`` traditional Chinese, ``en`` (or ``en_`` and a region) English; ``-`` may stand for
``_``.

Examples:
    >>> locale_of("zh"), locale_of("zh-Hant"), locale_of("en_GB")
    ('zh_CN', 'zh_TW', 'en')
    >>> _t("zh_TW", "immediate")
    '即辦'
"""

from __future__ import annotations

import functools
import gettext
from importlib import resources
from typing import Any

from govservice._errors import InvalidValueError

__all__ = ["LOCALES", "N_", "babel_locale", "locale_of", "pick_locale"]

#: The locales govservice renders text in (the catalogs it ships).
LOCALES = ("zh_CN", "zh_TW", "en")

#: Every spelling `locale_of` accepts, and the catalog locale it stands for.
_ALIASES = {
    "zh": "zh_CN",
    "zh_CN": "zh_CN",
    "zh_Hans": "zh_CN",
    "zh_Hans_CN": "zh_CN",
    "zh_TW": "zh_TW",
    "zh_Hant": "zh_TW",
    "zh_Hant_TW": "zh_TW",
    "en": "en",
}
_ACCEPTED = "zh, zh_CN, zh_Hans, zh_TW, zh_Hant or en"


def locale_of(locale: object, field: str = "locale") -> str:
    """The catalog locale (``zh_CN``, ``zh_TW`` or ``en``) of what a caller passed.

    Args:
        locale: ``zh``, ``zh_CN``, ``zh_Hans``, ``zh_TW``, ``zh_Hant``, ``en`` or ``en_`` and a
            region; ``-`` may stand for ``_``.
        field: The parameter's name, for the error.

    Raises:
        InvalidValueError: For anything else, naming ``field`` and the value.

    Examples:
        >>> locale_of("zh_Hans"), locale_of("zh-TW"), locale_of("en")
        ('zh_CN', 'zh_TW', 'en')
        >>> locale_of("fr")
        Traceback (most recent call last):
        govservice.InvalidValueError: locale must be zh, zh_CN, ... or en, got 'fr'
    """
    if isinstance(locale, str):
        norm = locale.strip().replace("-", "_")
        found = _ALIASES.get(norm)
        if found is not None:
            return found
        if norm.startswith("en_") and norm[3:].isalpha():
            return "en"
    raise InvalidValueError(field, locale, _ACCEPTED)


def pick_locale(locale: str | None, lang: str | None, default: str = "zh") -> str:
    """The catalog locale of a function that takes ``locale=`` and the older ``lang=``.

    Passing both with different meanings is refused; ``lang=`` is read by the same rule.

    Examples:
        >>> pick_locale(None, "en"), pick_locale("zh_TW", None), pick_locale(None, None)
        ('en', 'zh_TW', 'zh_CN')
    """
    if lang is None:
        return locale_of(default if locale is None else locale)
    chosen = locale_of(lang, "lang")
    if locale is not None and locale_of(locale) != chosen:
        raise InvalidValueError("lang", lang, f"the same language as locale={locale!r}, or None")
    return chosen


@functools.lru_cache(maxsize=8)
def babel_locale(locale: str) -> Any:
    """The parsed babel Locale of a catalog locale (parsing anew costs hundreds of µs)."""
    from babel import Locale

    return Locale.parse(locale_of(locale))


@functools.lru_cache(maxsize=8)
def _translations(locale: str) -> gettext.NullTranslations:
    # The standard library reads the compiled catalogs (what babel's Translations.load does
    # too), so translating a message does not import babel.
    if locale == "en":
        return gettext.NullTranslations()
    directory = resources.files("govservice").joinpath("locale")
    found = gettext.find("govservice", str(directory), [locale])
    if found is None:
        return gettext.NullTranslations()
    with open(found, "rb") as catalog:
        return gettext.GNUTranslations(catalog)


def N_(msgid: str) -> str:  # noqa: N802 (gettext's name for a deferred msgid)
    """Mark ``msgid`` for extraction; it is translated where it is used."""
    return msgid


def _t(locale: str, msgid: str) -> str:
    """``msgid`` translated into ``locale``."""
    return str(_translations(locale_of(locale)).gettext(msgid))


def _tn(locale: str, singular: str, plural: str, n: float) -> str:
    """The singular or plural message for ``n``, translated into ``locale``."""
    count = int(n) if float(n).is_integer() else 2
    return str(_translations(locale_of(locale)).ngettext(singular, plural, count))
