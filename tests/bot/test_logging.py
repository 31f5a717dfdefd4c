"""Logging of the running bot: the level comes from LOG_LEVEL, one line per event, and with LOG_FILE a rotating file."""

from __future__ import annotations

import dataclasses
import logging
from logging.handlers import RotatingFileHandler

import pytest
from cryptography.fernet import Fernet

from bot.__main__ import configure_logging
from bot.logs import PAYLOAD_LOGGERS, QUIET_LOGGERS
from bot.settings import Settings, SettingsError
from tests.support import PHONE_NUMBER, Collect, record_text


@pytest.fixture
def root_logging():
    """configure_logging replaces the root logger's handlers: put pytest's back afterwards."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    quieted = {name: logging.getLogger(name).level for name in (*PAYLOAD_LOGGERS, *QUIET_LOGGERS)}
    yield root
    for name, previous in quieted.items():
        logging.getLogger(name).setLevel(previous)
    for handler in root.handlers:
        if handler not in handlers:
            handler.close()
    root.handlers[:] = handlers
    root.setLevel(level)


def test_log_level_and_a_rotating_file_come_from_the_environment(tmp_path, monkeypatch, root_logging):
    path = tmp_path / "rodbot.log"
    monkeypatch.setenv("LOG_LEVEL", "warning")
    monkeypatch.setenv("LOG_FILE", str(path))
    configure_logging(Settings.from_env(env_file=None))

    assert root_logging.level == logging.WARNING
    [rotating] = [h for h in root_logging.handlers if isinstance(h, RotatingFileHandler)]
    assert (rotating.baseFilename, rotating.maxBytes, rotating.backupCount) == (str(path), 5_000_000, 5)

    log = logging.getLogger("bot.test")
    log.info("not written at level WARNING")
    log.warning("delivery blocked kind=%s guild=%s", "meeting.reminder", 42)
    rotating.flush()
    [line] = path.read_text(encoding="utf-8").splitlines()
    assert line.endswith(" WARNING bot.test: delivery blocked kind=meeting.reminder guild=42")

    rotating.maxBytes = 300  # rotate early instead of after 5 MB
    for n in range(20):
        log.error("line %d of a long run", n)
    rotating.flush()
    assert path.with_name("rodbot.log.1").exists()
    assert not path.with_name("rodbot.log.6").exists()
    assert all(len(p.read_bytes()) <= 300 for p in tmp_path.glob("rodbot.log*"))


def test_without_a_log_file_the_bot_logs_to_standard_error_at_the_default_level(monkeypatch, root_logging):
    monkeypatch.delenv("LOG_LEVEL", raising=False)
    monkeypatch.delenv("LOG_FILE", raising=False)
    configure_logging(Settings.from_env(env_file=None))
    assert root_logging.level == logging.INFO
    assert [type(h) for h in root_logging.handlers] == [logging.StreamHandler]
    assert logging.getLogger("apscheduler").level == logging.WARNING


SURVEY_ANSWER = "Vill engagera sig i hyresgästföreningen"
CALL_NOTE = "Ring efter sex, hon jobbar skift på lasarettet"
MEETING_TITLE = "Läsecirkel om feministisk ekonomi"
CONTACT_NAME = "Fiktiva Provsdotter"


async def test_at_debug_no_log_record_holds_an_answer_a_note_a_number_or_a_separatist_title(
    simcord_env, simcord_bot, district, root_logging
):
    configure_logging(dataclasses.replace(simcord_bot.settings, log_level="DEBUG"))
    collect = Collect()
    root_logging.addHandler(collect)

    await district.organiser.slash(
        district.channels["organisers"],
        "meeting schedule",
        audience="women-nonbinary",
        title=MEETING_TITLE,
        start="2026-01-10 18:00",
        description="Vi läser och diskuterar tillsammans.",
    )
    shown = await district.organiser.slash(district.general, "campaign create", name="Hyresringning")
    await district.organiser.submit_modal(shown, {"script": "Hej!", "questions": "Vad vill du göra?"})
    data = f"Namn;Telefon\r\n{CONTACT_NAME};070-174 06 05\r\n".encode()
    preview = await district.organiser.slash(
        district.general, "campaign import", campaign="Hyresringning", file=("lista.csv", data)
    )
    await district.organiser.click(preview.response.message, label="Bekräfta")
    card = await district.caller.slash(district.general, "call next")
    shown = await district.caller.click(card.response.message, label="Anteckning")
    noted = await district.caller.submit_modal(shown, {"note": CALL_NOTE})
    shown = await district.caller.click(noted.response.message, label="Svarade")
    answered = await district.caller.submit_modal(shown, {"q0": SURVEY_ANSWER})
    assert answered.response.content == "Registrerat: **Svarade**."

    assert "discord.client" in {r.name for r in collect.records if r.levelno == logging.DEBUG}  # DEBUG is heard
    texts = [(record.name, record_text(record)[1]) for record in collect.records]
    leaked = [
        (name, what)
        for name, text in texts
        for what in (SURVEY_ANSWER, CALL_NOTE, MEETING_TITLE, CONTACT_NAME)
        if what in text
    ] + [(name, "phone number") for name, text in texts if PHONE_NUMBER.search(text)]
    assert leaked == []


def test_the_loggers_that_echo_statements_or_payloads_are_held_above_debug(root_logging):
    configure_logging(Settings(log_level="DEBUG"))
    assert root_logging.level == logging.DEBUG
    assert logging.getLogger("bot.campaigns").isEnabledFor(logging.DEBUG)
    assert not logging.getLogger("aiosqlite").isEnabledFor(logging.INFO)
    assert not logging.getLogger("sqlalchemy.engine.Engine").isEnabledFor(logging.INFO)
    assert not logging.getLogger("sqlalchemy.pool").isEnabledFor(logging.INFO)
    assert not logging.getLogger("discord.http").isEnabledFor(logging.INFO)
    assert not logging.getLogger("discord.gateway").isEnabledFor(logging.DEBUG)
    assert logging.getLogger("discord.gateway").isEnabledFor(logging.INFO)
    assert not logging.getLogger("discord.webhook.async_").isEnabledFor(logging.DEBUG)


def test_log_sql_lets_them_follow_the_level_on_a_database_without_a_data_key(tmp_path, monkeypatch, root_logging):
    monkeypatch.setenv("LOG_LEVEL", "DEBUG")
    monkeypatch.setenv("LOG_SQL", "1")
    monkeypatch.delenv("DATA_KEY", raising=False)
    configure_logging(Settings.from_env(env_file=None))
    assert logging.getLogger("aiosqlite").isEnabledFor(logging.DEBUG)
    assert logging.getLogger("sqlalchemy.engine.Engine").isEnabledFor(logging.INFO)

    monkeypatch.setenv("DATA_KEY", Fernet.generate_key().decode())
    with pytest.raises(SettingsError) as refused:
        Settings.from_env(env_file=None)
    assert str(refused.value) == (
        "LOG_SQL: refused while DATA_KEY is set, since it would write the personal data that key protects into "
        "the log. Use LOG_SQL=1 only on a throwaway database, without DATA_KEY."
    )
    monkeypatch.setenv("LOG_SQL", "maybe")
    with pytest.raises(SettingsError, match=r"^LOG_SQL: 'maybe' is neither on nor off"):
        Settings.from_env(env_file=None)
