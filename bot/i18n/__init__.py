"""The one message catalog: every user-facing text in each language of the table (`bot.i18n.languages`), and the
formatting of dates, clock times and lists in that language.

Each language's texts are a gettext catalog, `bot/i18n/<code>.po`, read with Babel:
- a message without context: its id is the key, its text formatted with `str.format` keyword arguments;
- a counted message (`msgid_plural`, `msgstr[0]`, `msgstr[1]`...): the same, one text per plural form of the
  language, chosen by the count with the catalog's `Plural-Forms` header (`tn(key, count, lang)`);
- context "command", "command description": the name and description of a slash command, group or option in
  that language, by qualified name ("group sub", "group sub:option"); "choice": a choice's name, by its value.
The names of the languages themselves ("language.<code>", the /setup language choices) come from Babel, so a
new language is its row in the table and its catalog file.
"""

from __future__ import annotations

import gettext
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import NamedTuple
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date as babel_format_date
from babel.dates import format_time as babel_format_time
from babel.dates import format_timedelta
from babel.lists import format_list
from babel.messages.pofile import read_po
from babel.numbers import format_decimal

from bot.i18n.languages import BY_CODE, COMMAND_LANGUAGE, DEFAULT_LANGUAGE, LANGUAGES, Language
from bot.timeparse import to_local

CATALOGS = Path(__file__).resolve().parent

Messages = dict[str, dict[str, str]]
"""key -> language code -> text."""
Commands = dict[str, dict[str, tuple[str, str] | str]]
"""language code -> "group sub[:option]" -> (name, description), or "choice:<value>" -> name."""
Plurals = dict[str, dict[str, tuple[str, ...]]]
"""key -> language code -> one text per plural form."""
PluralRule = Callable[[int], int]
"""A count -> the index of its plural form in the language (the catalog's `Plural-Forms`)."""


class Catalog(NamedTuple):
    messages: Messages
    commands: Commands
    plurals: Plurals
    plural_forms: dict[str, tuple[int, PluralRule]]
    """language code -> (how many plural forms, the rule that picks one)."""


def load_catalog(languages: Iterable[Language], directory: Path = CATALOGS) -> Catalog:
    """Every language's catalog file, read into messages, counted messages and command texts."""
    languages = tuple(languages)
    messages: Messages = {}
    commands: Commands = {}
    plurals: Plurals = {}
    plural_forms: dict[str, tuple[int, PluralRule]] = {}
    for language in languages:
        with open(directory / f"{language.code}.po", "rb") as file:
            catalog = read_po(file)
        plural_forms[language.code] = (catalog.num_plurals, gettext.c2py(catalog.plural_expr))
        names: dict[str, str] = {}
        descriptions: dict[str, str] = {}
        texts = commands.setdefault(language.code, {})
        for message in catalog:
            if not message.id or not any(message.string):  # the header; a text not translated yet
                continue
            if message.pluralizable:
                plurals.setdefault(str(message.id[0]), {})[language.code] = tuple(map(str, message.string))
                continue
            key, text = str(message.id), str(message.string)
            if message.context is None:
                messages.setdefault(key, {})[language.code] = text
            elif message.context == "command":
                names[key] = text
            elif message.context == "command description":
                descriptions[key] = text
            elif message.context == "choice":
                texts[f"choice:{key}"] = text
            else:
                raise RuntimeError(f"{language.code}.po: unknown context {message.context!r} of {key!r}")
        texts.update({key: (name, descriptions.get(key, "")) for key, name in names.items()})
        for other in languages:
            name = language_name(other.code, language.babel_locale)
            messages.setdefault(f"language.{other.code}", {})[language.code] = name
            if language.code != COMMAND_LANGUAGE:
                texts[f"choice:{other.code}"] = name
    return Catalog(messages, commands, plurals, plural_forms)


def _locale(lang: str) -> str:
    return BY_CODE.get(lang, BY_CODE[DEFAULT_LANGUAGE]).babel_locale


def t(key: str, lang: str = DEFAULT_LANGUAGE, /, **values: object) -> str:
    """The text for `key` in `lang` (falling back to Swedish), formatted with `values`, a whole number written as the
    language writes numbers unless it is an identifier (`is_identifier`). A counted text (one with plural forms) is
    not one text: `tn` writes it."""
    if key in PLURALS:
        raise KeyError(f"{key!r} is a counted text: write it with tn(key, count, lang)")
    texts = MESSAGES[key]
    template = texts.get(lang) or texts[DEFAULT_LANGUAGE]
    return template.format(**_numbers_written(values, lang)) if values else template


def tn(key: str, count: int, lang: str = DEFAULT_LANGUAGE, /, **values: object) -> str:
    """A counted text: the plural form of `key` that fits `count` in `lang` (falling back to Swedish), with
    `{count}` written as the language writes numbers ('1 000'), formatted with `values`."""
    forms = PLURALS[key]
    if lang not in forms:
        lang = DEFAULT_LANGUAGE
    _, rule = PLURAL_FORMS[lang]
    return forms[lang][rule(count)].format(count=format_number(count, lang), **_numbers_written(values, lang))


def is_identifier(name: str) -> bool:
    """A value that names something rather than counts it, written with bare digits: an id ("träff #1234"), a year
    ("2026"), a row of a file."""
    return name in ("id", "year", "row") or name.endswith(("_id", "_year"))


def _numbers_written(values: Mapping[str, object], lang: str) -> dict[str, object]:
    """Each quantity among a text's values written as the language writes numbers ("1 000" in Swedish)."""
    return {
        name: format_number(value, lang)
        if isinstance(value, int) and not isinstance(value, bool) and not is_identifier(name)
        else value
        for name, value in values.items()
    }


def stored_text(key: str, lang: str, values: Mapping[str, object]) -> str:
    """A text whose key and values were stored (an error, an audit entry, a piece of evidence): counted by its
    value `count` when the key is a counted text."""
    if key in PLURALS:
        rest = {name: value for name, value in values.items() if name != "count"}
        count = values["count"]
        assert isinstance(count, int), (key, count)
        return tn(key, count, lang, **rest)
    return t(key, lang, **values)


def value_text(prefix: str, value: object, lang: str = DEFAULT_LANGUAGE) -> str:
    """A stored enum value (an audience, a mode) as a person reads it: the catalog's text `<prefix>.<value>`. A
    value the catalog no longer knows (an old row) is shown as stored rather than hiding the entry."""
    key = f"{prefix}.{value}"
    return t(key, lang) if key in MESSAGES else str(value)


def format_number(number: int, lang: str = DEFAULT_LANGUAGE) -> str:
    """'1 000' (with a no-break space) in Swedish, '1,000' in English: Babel's decimal pattern of the locale."""
    return format_decimal(number, locale=_locale(lang))


def and_list(items: Iterable[str], lang: str = DEFAULT_LANGUAGE) -> str:
    """'a, b och c'; in English 'a, b and c'."""
    return format_list(list(items), locale=_locale(lang))


def language_name(code: str, locale: str) -> str:
    """The name of a language, written in a Babel locale: 'svenska', 'engelska'; 'Swedish'."""
    return Locale.parse(code).get_display_name(locale) or code


def or_list(items: Iterable[str], lang: str = DEFAULT_LANGUAGE) -> str:
    """'a, b eller c'; in English 'a, b or c'."""
    return format_list(list(items), style="or", locale=_locale(lang))


def language_names(lang: str = DEFAULT_LANGUAGE) -> str:
    """Every language the bot writes, named in `lang`: 'Svenska eller engelska'."""
    text = or_list((language_name(language.code, _locale(lang)) for language in LANGUAGES), lang)
    return text[:1].upper() + text[1:]


def format_clock(at: time, lang: str = DEFAULT_LANGUAGE) -> str:
    """'18:30': the one way a clock time is written, Babel's short time pattern for the language's locale
    ('HH:mm' for sv_SE and en_GB), which is also how Discord writes its own timestamps."""
    return babel_format_time(at, "short", locale=_locale(lang))


def format_time(moment: datetime, zone: ZoneInfo | str, lang: str = DEFAULT_LANGUAGE) -> str:
    """The clock time of an instant in the server's zone: '18:30'."""
    return format_clock(to_local(moment, zone).time(), lang)


def format_day(day: date, lang: str = DEFAULT_LANGUAGE) -> str:
    """'onsdag 8 mars 2023'."""
    return babel_format_date(day, t("format.day", lang), locale=_locale(lang))


def format_datetime(moment: datetime, zone: ZoneInfo | str, lang: str = DEFAULT_LANGUAGE) -> str:
    """'onsdag 8 mars 2023 kl. 18:00' in the server's zone."""
    local = to_local(moment, zone)
    return t("time.day_at", lang, day=format_day(local.date(), lang), time=format_clock(local.time(), lang))


class Moment(NamedTuple):
    """A time to be written in the reader's language when the text is made, not when the value is: a refusal is
    raised knowing the server's zone, and worded in the language of whoever reads it."""

    at: datetime
    zone: ZoneInfo | str

    def written(self, lang: str) -> str:
        return format_datetime(self.at, self.zone, lang)


def in_days(days: int, lang: str = DEFAULT_LANGUAGE) -> str:
    """'i dag', 'i morgon', 'om 12 dagar'."""
    if days == 0:
        return t("time.today", lang)
    if days == 1:
        return t("time.tomorrow", lang)
    return t("time.in_days", lang, days=days)


def ahead(delta: timedelta, lang: str = DEFAULT_LANGUAGE) -> str:
    """'om 2 timmar', 'om 3 dagar'; in English 'in 2 hours'."""
    return format_timedelta(delta, add_direction=True, locale=_locale(lang))


MESSAGES, COMMANDS, PLURALS, PLURAL_FORMS = load_catalog(LANGUAGES)
