"""Settings: one frozen object, read from the environment and `.env`, or given in code by tests."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dotenv import load_dotenv

from bot.campaigns.crypto import MAKE_A_KEY, InvalidDataKey, decode_key
from bot.i18n import language_name, or_list
from bot.i18n.languages import BY_CODE, DEFAULT_LANGUAGE, LANGUAGES

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = f"sqlite+aiosqlite:///{PROJECT_ROOT / 'data' / 'bot.db'}"
SUPPORTED_DATABASE_PREFIXES = ("sqlite+aiosqlite://", "postgresql+asyncpg://")


class SettingsError(Exception):
    """A setting is missing or invalid; the message names the variable and how to fix it."""

    def __init__(self, variable: str, problem: str, fix: str) -> None:
        super().__init__(f"{variable}: {problem}. {fix}")
        self.variable = variable


@dataclass(frozen=True, slots=True)
class Settings:
    discord_token: str | None = None
    database_url: str = DEFAULT_DATABASE_URL
    timezone: str = "Europe/Stockholm"
    locale: str = DEFAULT_LANGUAGE
    dev_guild_id: int | None = None
    log_level: str = "INFO"
    log_file: str | None = None
    log_sql: bool = False
    """Let the loggers that echo SQL and Discord payloads follow LOG_LEVEL: for a throwaway database only."""
    data_key: str | None = None
    old_data_key: str | None = None
    """The key the data is stored under while `python -m bot rotate-key` moves it to DATA_KEY."""
    freeze_heap: bool = False
    """Freeze the start-up heap out of garbage collection (the real process does; tests that build many bots don't)."""
    extra: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        validate(self)

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @classmethod
    def from_env(cls, env_file: str | os.PathLike[str] | None = ".env") -> Settings:
        """Read settings; values already in the environment win over `.env`."""
        if env_file is not None:
            load_dotenv(env_file, override=False)
        env = os.environ
        dev_guild = env.get("DEV_GUILD_ID", "").strip()
        if dev_guild and not dev_guild.isdecimal():
            raise SettingsError(
                "DEV_GUILD_ID", f"'{dev_guild}' is not a server id", "Use the numeric id, or leave it empty."
            )
        return cls(
            discord_token=env.get("DISCORD_TOKEN", "").strip() or None,
            database_url=env.get("DATABASE_URL", "").strip() or DEFAULT_DATABASE_URL,
            timezone=env.get("BOT_TIMEZONE", "").strip() or "Europe/Stockholm",
            locale=env.get("BOT_LOCALE", "").strip() or DEFAULT_LANGUAGE,
            dev_guild_id=int(dev_guild) if dev_guild else None,
            log_level=(env.get("LOG_LEVEL", "").strip() or "INFO").upper(),
            log_file=env.get("LOG_FILE", "").strip() or None,
            log_sql=switch("LOG_SQL", env.get("LOG_SQL", "")),
            data_key=env.get("DATA_KEY", "").strip() or None,
            old_data_key=env.get("OLD_DATA_KEY", "").strip() or None,
            freeze_heap=True,
        )


def switch(variable: str, value: str) -> bool:
    text = value.strip().lower()
    if text not in ("", "0", "1", "no", "yes", "false", "true", "off", "on"):
        raise SettingsError(variable, f"'{value}' is neither on nor off", "Use 1 or 0 (or leave it empty).")
    return text in ("1", "yes", "true", "on")


def validate(settings: Settings) -> None:
    if not settings.database_url.startswith(SUPPORTED_DATABASE_PREFIXES):
        raise SettingsError(
            "DATABASE_URL",
            f"unsupported URL '{settings.database_url.split(':', 1)[0]}:...'",
            "Use sqlite+aiosqlite:///path/to/bot.db or postgresql+asyncpg://user:pass@host/db.",
        )
    try:
        ZoneInfo(settings.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise SettingsError(
            "BOT_TIMEZONE",
            f"unknown time zone '{settings.timezone}'",
            "Use an IANA name like Europe/Stockholm.",
        ) from None
    if settings.locale not in BY_CODE:
        codes = or_list((f"{lang.code} ({language_name(lang.code, 'en')})" for lang in LANGUAGES), "en")
        raise SettingsError("BOT_LOCALE", f"unsupported locale '{settings.locale}'", f"Use {codes}.")
    if logging.getLevelName(settings.log_level) == f"Level {settings.log_level}":
        raise SettingsError("LOG_LEVEL", f"unknown level '{settings.log_level}'", "Use DEBUG, INFO, WARNING or ERROR.")
    if settings.data_key:
        try:
            decode_key(settings.data_key)
        except InvalidDataKey:
            raise SettingsError(
                "DATA_KEY",
                "not a Fernet key (44 characters of URL-safe base64 standing for 32 bytes)",
                f"Make one with {MAKE_A_KEY}; if data is stored under the old value, set that as OLD_DATA_KEY "
                "and run python -m bot rotate-key (see the README).",
            ) from None
    if settings.log_sql and settings.data_key:
        raise SettingsError(
            "LOG_SQL",
            "refused while DATA_KEY is set, since it would write the personal data that key protects into the log",
            "Use LOG_SQL=1 only on a throwaway database, without DATA_KEY.",
        )
