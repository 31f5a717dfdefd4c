"""Settings: read from the environment; a bad value ends the program with one clear line and exit code 2."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from bot.settings import DEFAULT_DATABASE_URL, Settings, SettingsError


def run_bot(env: dict[str, str], cwd) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DISCORD_TOKEN", "DATABASE_URL", "BOT_TIMEZONE", "BOT_LOCALE", "DEV_GUILD_ID", "LOG_LEVEL"}
    }
    return subprocess.run(
        [sys.executable, "-m", "bot"],
        env={**clean, **env},
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_defaults(monkeypatch, tmp_path):
    for name in ("DISCORD_TOKEN", "DATABASE_URL", "BOT_TIMEZONE", "BOT_LOCALE", "DEV_GUILD_ID", "LOG_LEVEL"):
        monkeypatch.delenv(name, raising=False)
    settings = Settings.from_env(tmp_path / "missing.env")
    assert settings.database_url == DEFAULT_DATABASE_URL
    assert settings.timezone == "Europe/Stockholm" and settings.locale == "sv"
    assert settings.discord_token is None and settings.dev_guild_id is None


def test_env_file_is_read_and_environment_wins(monkeypatch, tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text("BOT_LOCALE=en\nDEV_GUILD_ID=123\nLOG_LEVEL=debug\n")
    monkeypatch.setenv("BOT_LOCALE", "sv")
    monkeypatch.delenv("DEV_GUILD_ID", raising=False)
    monkeypatch.delenv("LOG_LEVEL", raising=False)
    settings = Settings.from_env(env_file)
    assert settings.locale == "sv" and settings.dev_guild_id == 123 and settings.log_level == "DEBUG"


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("BOT_TIMEZONE", "Mars/Olympus"),
        ("BOT_LOCALE", "xx"),  # no language of the table
        ("DATABASE_URL", "mysql://x"),
        ("DEV_GUILD_ID", "abc"),
        ("LOG_LEVEL", "LOUD"),
    ],
)
def test_invalid_values_are_refused_naming_the_variable(monkeypatch, tmp_path, variable, value):
    monkeypatch.setenv(variable, value)
    with pytest.raises(SettingsError) as raised:
        Settings.from_env(tmp_path / "missing.env")
    assert raised.value.variable == variable
    assert str(raised.value).startswith(f"{variable}: ")


def test_program_exits_2_with_one_line_on_a_bad_setting(tmp_path):
    result = run_bot({"BOT_TIMEZONE": "Mars/Olympus", "DISCORD_TOKEN": "x"}, tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "Configuration error: BOT_TIMEZONE: unknown time zone 'Mars/Olympus'. Use an IANA name like Europe/Stockholm."
    ]
    assert "Traceback" not in result.stderr


def test_program_without_token_explains_what_to_do(tmp_path):
    result = run_bot({}, tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith("DISCORD_TOKEN is not set")
    assert "Copy .env.example to .env" in result.stderr
    assert "run `make demo`: it opens a simulated server in your browser" in result.stderr
    assert "Traceback" not in result.stderr
