"""Every text exists in every language of the table (Swedish and English); every command, option and choice has a
name in each language but the one the commands are written in (a Swedish one)."""

from __future__ import annotations

import ast
import contextlib
import importlib
import io
import pkgutil
import re
import string
from datetime import UTC, datetime
from pathlib import Path

import discord
import pytest
from babel.messages.extract import extract_from_dir
from discord import app_commands

import bot
from bot.audiences import Audience
from bot.errors import UserError
from bot.guilds import ChannelPurpose, RolePurpose
from bot.i18n import (
    CATALOGS,
    COMMANDS,
    MESSAGES,
    PLURALS,
    format_datetime,
    in_days,
    language_name,
    language_names,
    load_catalog,
    or_list,
)
from bot.i18n.languages import COMMAND_LANGUAGE, LANGUAGES, Language
from bot.permissions import PRIVATE_CHANNELS
from cogs._shared.interactions import capability_of

ROOT = Path(__file__).resolve().parents[2]
CODES = [language.code for language in LANGUAGES]
NAME = re.compile(r"^[-_\w]{1,32}$")


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_message_has_swedish_and_english_with_the_same_placeholders():
    codes = {language.code for language in LANGUAGES}
    assert {"sv", "en"} <= codes
    for key, texts in MESSAGES.items():
        assert set(texts) == codes, key
        assert all(text.strip() for text in texts.values()), key
        assert all(placeholders(text) == placeholders(texts["sv"]) for text in texts.values()), key


def test_no_text_is_defined_twice_in_a_catalog():
    for language in LANGUAGES:
        text = (CATALOGS / f"{language.code}.po").read_text(encoding="utf-8")
        ids = re.findall(r'^(?:msgctxt "(.*)"\n)?msgid "(.+)"$', text, re.MULTILINE)
        assert len(ids) == len(set(ids)) > 500, language.code


def test_every_audience_and_purpose_has_its_texts():
    keys = [key for audience in Audience for key in audience.catalog_keys]
    keys += [f"{kind}.channel.{p}" for p in ChannelPurpose for kind in ("purpose", "setup.create")]
    keys += [f"{kind}.role.{p}" for p in RolePurpose for kind in ("purpose", "setup.create")]
    keys += [f"private.fix.{p}" for p in PRIVATE_CHANNELS]
    assert [key for key in keys if key not in MESSAGES] == []


def test_a_new_language_is_its_catalog_file_and_its_row_in_the_table(tmp_path):
    for language in LANGUAGES:
        (tmp_path / f"{language.code}.po").write_bytes((CATALOGS / f"{language.code}.po").read_bytes())
    (tmp_path / "fi.po").write_text(
        'msgid "setup.language.done"\nmsgstr "Valmis: botti kirjoittaa nyt suomeksi tällä palvelimella."\n\n'
        'msgctxt "command"\nmsgid "setup"\nmsgstr "asetukset"\n\n'
        'msgctxt "command description"\nmsgid "setup"\nmsgstr "Botin asetukset palvelimelle"\n',
        encoding="utf-8",
    )
    catalog = load_catalog((*LANGUAGES, Language("fi", "fi_FI", ("fi",))), tmp_path)
    messages, commands = catalog.messages, catalog.commands

    assert messages["setup.language.done"]["fi"] == "Valmis: botti kirjoittaa nyt suomeksi tällä palvelimella."
    assert messages["language.fi"] == {"sv": "finska", "en": "Finnish", "fi": "suomi"}
    assert messages["language.sv"]["fi"] == "ruotsi"
    assert commands["sv"]["choice:fi"] == "finska" and commands["fi"]["choice:sv"] == "ruotsi"
    assert commands["fi"]["setup"] == ("asetukset", "Botin asetukset palvelimelle")
    assert "fi" not in messages["time.today"]  # not translated yet: t() gives the Swedish text


def walk(commands):
    for command in commands:
        yield command
        if isinstance(command, app_commands.Group):
            yield from walk(command.commands)


def walked(simcord_bot) -> list:
    """Every command and group of the started bot (its cogs load in `setup_hook`, when SimCord starts it)."""
    found = list(walk(simcord_bot.tree.get_commands()))
    assert {"setup", "setup channel", "privacy forget", "admin audit"} <= {c.qualified_name for c in found}
    return found


async def test_every_command_option_and_choice_has_a_swedish_name_and_description(simcord_env, simcord_bot):
    translated = [language.code for language in LANGUAGES if language.code != COMMAND_LANGUAGE]
    assert "sv" in translated
    for code in translated:
        assert missing_command_texts(simcord_bot, COMMANDS[code]) == [], code


def missing_command_texts(simcord_bot, texts) -> list[str]:
    missing = []
    for command in walked(simcord_bot):
        entry = texts.get(command.qualified_name)
        if not (isinstance(entry, tuple) and NAME.match(entry[0]) and entry[0] == entry[0].lower() and entry[1]):
            missing.append(command.qualified_name)
        if isinstance(command, app_commands.Command):
            for parameter in command.parameters:
                key = f"{command.qualified_name}:{parameter.name}"
                entry = texts.get(key)
                if not (isinstance(entry, tuple) and NAME.match(entry[0]) and entry[1]):
                    missing.append(key)
                missing.extend(
                    f"choice:{choice.value}" for choice in parameter.choices if f"choice:{choice.value}" not in texts
                )
    return missing


async def test_every_command_declares_who_may_use_it(simcord_env, simcord_bot):
    undeclared = [
        command.qualified_name
        for command in walked(simcord_bot)
        if isinstance(command, app_commands.Command) and capability_of(command) is None
    ]
    assert undeclared == []


async def test_swedish_names_reach_discord(simcord_env, simcord_bot):
    synced = {c.name: c for c in await simcord_bot.tree.fetch_commands()}
    assert synced["setup"].name_localizations[discord.Locale.swedish] == "inställningar"


async def synced_option(bot, command: str, name: str):
    """An option of a subcommand as Discord holds it after the sync."""
    group, sub = command.split()
    synced = {c.name: c for c in await bot.tree.fetch_commands()}
    return next(o for o in next(o for o in synced[group].options if o.name == sub).options if o.name == name)


async def test_the_language_option_offers_the_languages_of_the_table_by_their_names(simcord_env, simcord_bot):
    """Derived from the table, so a new language is its row and its catalog; how Babel names two is pinned below."""
    option = await synced_option(simcord_bot, "setup language", "language")
    assert [c.value for c in option.choices] == [language.code for language in LANGUAGES]
    assert [c.name_localizations[discord.Locale.swedish] for c in option.choices] == [
        language_name(language.code, "sv_SE") for language in LANGUAGES
    ]
    assert option.description == language_names("en")
    assert option.description_localizations[discord.Locale.swedish] == language_names("sv")


def test_languages_are_named_by_babel():
    assert [language_name(code, "sv_SE") for code in ("sv", "en")] == ["svenska", "engelska"]
    assert language_name("sv", "en_GB") == "Swedish"
    assert (or_list(["svenska", "engelska"]), or_list(["Swedish", "English"], "en")) == (
        "svenska eller engelska",
        "Swedish or English",
    )


def test_dates_are_written_the_swedish_way():
    moment = datetime(2023, 3, 8, 17, 0, tzinfo=UTC)
    assert format_datetime(moment, "Europe/Stockholm") == "onsdag 8 mars 2023 kl. 18:00"
    assert format_datetime(moment, "Europe/Stockholm", "en") == "Wednesday 8 March 2023 at 18:00"
    summer = datetime(2023, 7, 11, 7, 0, tzinfo=UTC)
    assert format_datetime(summer, "Europe/Stockholm") == "tisdag 11 juli 2023 kl. 09:00"
    assert in_days(12) == "om 12 dagar" and in_days(0) == "i dag" and in_days(1, "en") == "tomorrow"


@pytest.mark.parametrize(
    ("command", "name", "english", "swedish"),
    [
        (
            "campaign create",
            "retry_cooldown_hours",
            "Hours before an unanswered number is tried again (3)",
            "Timmar innan ett obesvarat nummer rings igen (3)",
        ),
        (
            "memorial add",
            "lead_days",
            'Reminders to organisers, days before: "14,3" (default), "0" for none',
            "Påminnelser till organisatörer, dagar före: ”14,3” eller ”0”",
        ),
    ],
)
async def test_a_default_is_shown_in_its_options_description_in_every_language(
    simcord_env, simcord_bot, command, name, english, swedish
):
    option = await synced_option(simcord_bot, command, name)
    assert (option.description, option.description_localizations[discord.Locale.swedish]) == (english, swedish)


def kinds_of(error: type[Exception]) -> set[str]:
    """The names of an error and of every kind of it the bot defines (each of its modules imported first)."""
    for module in pkgutil.walk_packages(bot.__path__, "bot."):
        importlib.import_module(module.name)
    names, pending = set(), [error]
    while pending:
        kind = pending.pop()
        names.add(kind.__name__)
        pending.extend(kind.__subclasses__())
    return names


def extracted_keys() -> list[tuple[str, str]]:
    """Every literal catalog key the code names, as Babel's extractor finds it: the texts (`t`, `tn`) and the errors
    that carry a key (`UserError` and its kinds). (file:line, key)."""
    keywords = {name: None for name in ("t", "tn", *kinds_of(UserError))}
    found = []
    with contextlib.redirect_stderr(io.StringIO()):  # keys built in f-strings ("purpose.{p}") cannot be extracted
        for directory in ("bot", "cogs", "demo"):
            for file, line, key, _, _ in extract_from_dir(
                ROOT / directory, method_map=[("**.py", "python")], keywords=keywords
            ):
                if isinstance(key, str):
                    found.append((f"{directory}/{file}:{line}", key))
    return found


def test_every_key_the_code_names_has_a_text_in_every_language():
    found = extracted_keys()
    assert len(found) > 300
    known = {key for key in (*MESSAGES, *PLURALS) if all(code in (MESSAGES | PLURALS)[key] for code in CODES)}
    assert [(where, key) for where, key in found if key not in known] == []


SHOWN_PARAMETERS = {"content", "title", "description", "label", "placeholder", "name", "value", "text", "default"}
SHOWING_CALLS = {
    "reply", "send", "send_message", "edit_message", "edit", "add_field", "set_footer", "set_author", "Embed",
    "Button", "TextInput", "SelectOption", "Modal",
}  # fmt: skip
WORD = re.compile(r"[^\W\d_]{2,}")


def written_outside_the_catalog(source: str, where: str) -> list[str]:
    """Words written into the source where Discord shows them: a literal (or an f-string's literal part) given to a
    message, an embed, a button, a menu or a form. Texts come from the catalog; formatting around them does not."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        called = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        if called not in SHOWING_CALLS:
            continue
        for argument in [*node.args, *(k.value for k in node.keywords if k.arg in SHOWN_PARAMETERS)]:
            parts = argument.values if isinstance(argument, ast.JoinedStr) else [argument]
            words = [
                word
                for part in parts
                if isinstance(part, ast.Constant) and isinstance(part.value, str)
                for word in WORD.findall(part.value)
            ]
            if words:
                found.append(f"{where}:{node.lineno} {called}: {' '.join(words)}")
    return sorted(found, key=lambda line: int(line.split(":")[1].split()[0]))


def test_extraction_finds_no_text_shown_on_discord_outside_the_catalog():
    assert written_outside_the_catalog(
        'await reply(i, "Klart!")\n'
        'embed.add_field(name=t("a.b"), value=f"**{n}** kontakter")\n'
        'Embed(title=f"{x} · {y}")',
        "example.py",
    ) == ["example.py:1 reply: Klart", "example.py:2 add_field: kontakter"]
    found = []
    for path in sorted((ROOT / "cogs").rglob("*.py")):
        found += written_outside_the_catalog(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
    assert found == []
