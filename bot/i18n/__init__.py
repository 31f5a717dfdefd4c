"""The one message catalog: every user-facing text in Swedish and English, and Swedish date formatting.

Each feature keeps its texts in `bot/i18n/<feature>.py` with two dicts:
- `MESSAGES`: key -> {"sv": ..., "en": ...}, formatted with `str.format` keyword arguments;
- `COMMANDS`: the Swedish names and descriptions of its slash commands (the base names are English):
  "group sub" -> (sv_name, sv_description); "group sub:param" -> (sv_name, sv_description);
  "choice:<value>" -> sv choice name.
"""

from __future__ import annotations

import importlib
import pkgutil
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from babel.dates import format_date as babel_format_date
from babel.dates import format_time as babel_format_time

from bot.timeparse import to_local

LANGUAGES = ("sv", "en")
DEFAULT_LANGUAGE = "sv"

MESSAGES: dict[str, dict[str, str]] = {}
COMMANDS: dict[str, tuple[str, str] | str] = {}


def _load_catalog() -> None:
    for module_info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        for key, texts in getattr(module, "MESSAGES", {}).items():
            if key in MESSAGES:
                raise RuntimeError(f"message key {key!r} defined twice")
            MESSAGES[key] = texts
        for key, texts in getattr(module, "COMMANDS", {}).items():
            if key in COMMANDS and COMMANDS[key] != texts:
                raise RuntimeError(f"command text {key!r} defined twice")
            COMMANDS[key] = texts


def t(key: str, lang: str = DEFAULT_LANGUAGE, /, **values: object) -> str:
    """The text for `key` in `lang` (falling back to Swedish), formatted with `values`."""
    texts = MESSAGES[key]
    template = texts.get(lang) or texts[DEFAULT_LANGUAGE]
    return template.format(**values) if values else template


def _locale(lang: str) -> str:
    return "en_GB" if lang == "en" else "sv_SE"


def format_clock(at: time, lang: str = DEFAULT_LANGUAGE) -> str:
    """'18:30': the one way a clock time is written, Babel's short time pattern for the language's locale
    ('HH:mm' for sv_SE and en_GB), which is also how Discord writes its own timestamps."""
    return babel_format_time(at, "short", locale=_locale(lang))


def format_time(moment: datetime, zone: ZoneInfo | str, lang: str = DEFAULT_LANGUAGE) -> str:
    """The clock time of an instant in the server's zone: '18:30'."""
    return format_clock(to_local(moment, zone).time(), lang)


def format_day(day: date, lang: str = DEFAULT_LANGUAGE) -> str:
    """'onsdag 8 mars 2023'."""
    return babel_format_date(day, "EEEE d MMMM y", locale=_locale(lang))


def format_datetime(moment: datetime, zone: ZoneInfo | str, lang: str = DEFAULT_LANGUAGE) -> str:
    """'onsdag 8 mars 2023 kl. 18:00' in the server's zone."""
    local = to_local(moment, zone)
    return t("time.day_at", lang, day=format_day(local.date(), lang), time=format_clock(local.time(), lang))


def in_days(days: int, lang: str = DEFAULT_LANGUAGE) -> str:
    """'i dag', 'i morgon', 'om 12 dagar'."""
    if days == 0:
        return t("time.today", lang)
    if days == 1:
        return t("time.tomorrow", lang)
    return t("time.in_days", lang, days=days)


_load_catalog()
