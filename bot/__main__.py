"""`python -m bot`: run the bot."""

from __future__ import annotations

import logging
import sys

from bot.settings import Settings, SettingsError

NO_TOKEN = """\
DISCORD_TOKEN is not set, so the bot cannot connect to Discord.
To fix it:
  1. Create an application and a bot at https://discord.com/developers/applications
     (Bot -> Reset Token), and turn on the Server Members intent there.
  2. Copy .env.example to .env and put the token after DISCORD_TOKEN=.
  3. Run the command again.
The README explains how to invite the bot to your server."""


def configure_logging(settings: Settings) -> None:
    handlers: list[logging.Handler] = [logging.StreamHandler()]
    if settings.log_file:
        from logging.handlers import RotatingFileHandler

        handlers.append(
            RotatingFileHandler(settings.log_file, maxBytes=5_000_000, backupCount=5, encoding="utf-8")
        )
    logging.basicConfig(
        level=settings.log_level,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        handlers=handlers,
        force=True,
    )
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    logging.getLogger("discord.http").setLevel(logging.WARNING)


def load_settings() -> Settings:
    try:
        return Settings.from_env()
    except SettingsError as error:
        print(f"Configuration error: {error}", file=sys.stderr)
        raise SystemExit(2) from None


def run() -> int:
    settings = load_settings()
    if settings.discord_token is None:
        print(NO_TOKEN, file=sys.stderr)
        return 2
    configure_logging(settings)
    from bot.bot import create_bot

    bot = create_bot(settings)
    bot.run(settings.discord_token, log_handler=None)
    return 0


def main(argv: list[str] | None = None) -> int:
    return run()


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
