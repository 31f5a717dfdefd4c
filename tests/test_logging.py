"""Logging of the running bot: the level comes from LOG_LEVEL, one line per event, and with LOG_FILE a rotating file."""

from __future__ import annotations

import logging
from logging.handlers import RotatingFileHandler

import pytest

from bot.__main__ import configure_logging
from bot.settings import Settings


@pytest.fixture
def root_logging():
    """configure_logging replaces the root logger's handlers: put pytest's back afterwards."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    quieted = {name: logging.getLogger(name).level for name in ("apscheduler", "discord.http")}
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
