"""`python -m bot [command]`: run the bot, or operate it (check, backup, restore, export-guild, purge-guild)."""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

from bot.logs import configure_logging
from bot.settings import Settings, SettingsError

NO_TOKEN = """\
DISCORD_TOKEN is not set, so the bot cannot connect to Discord.
To fix it:
  1. Create an application and a bot at https://discord.com/developers/applications
     (Bot -> Reset Token), and turn on the Server Members intent there.
  2. Copy .env.example to .env and put the token after DISCORD_TOKEN=.
  3. Run the command again.
The README explains how to invite the bot to your server.
To see the bot without a token first, run `make demo`: it opens a simulated server in your browser."""

REQUIRED_PERMISSIONS = (
    "view_channel",
    "send_messages",
    "send_messages_in_threads",
    "embed_links",
    "attach_files",
    "read_message_history",
    "manage_roles",
    "create_events",
    "manage_events",
)


def load_settings() -> Settings:
    try:
        return Settings.from_env()
    except SettingsError as error:
        print(f"Configuration error: {error}", file=sys.stderr)
        raise SystemExit(2) from None


def run(settings: Settings) -> int:
    if settings.discord_token is None:
        print(NO_TOKEN, file=sys.stderr)
        return 2
    configure_logging(settings)
    from bot.bot import create_bot
    from bot.operations import running_lock

    with running_lock(settings.database_url):
        create_bot(settings).run(settings.discord_token, log_handler=None)
    return 0


async def check(settings: Settings) -> int:
    from bot import guilds
    from bot.db import Database

    database = Database(settings.database_url)
    try:
        await database.migrate()
        print("Settings: OK")
        print("Database: OK, schema up to date")
        if settings.discord_token is None:
            print("Discord: not checked (DISCORD_TOKEN is not set)")
            return 0
        import discord

        client = discord.Client(intents=discord.Intents.none())
        try:
            await client.login(settings.discord_token)
        except discord.LoginFailure:
            print("Discord: the token was refused. Reset it in the developer portal and update DISCORD_TOKEN.")
            return 2
        try:
            async for guild in client.fetch_guilds():
                async with database.session() as session:
                    config = await guilds.get_config(session, guild.id)
                missing = config.missing() if config else ["everything (/setup has not been run)"]
                lacking = [name for name in REQUIRED_PERMISSIONS if not getattr(guild.permissions, name, False)]
                print(f"Server {guild.name} ({guild.id}):")
                print(f"  not configured: {', '.join(missing) if missing else 'nothing'}")
                print(f"  missing permissions: {', '.join(lacking) if lacking else 'none'}")
        finally:
            await client.close()
        return 0
    finally:
        await database.dispose()


async def guild_data(settings: Settings, guild_id: int, *, purge: bool) -> int:
    from bot.db import Database
    from bot.operations import dump, export_guild, purge_guild

    database = Database(settings.database_url)
    try:
        await database.migrate()
        if purge:
            counts = await purge_guild(database, guild_id)
            print(f"Erased {sum(counts.values())} rows of server {guild_id}.")
        else:
            print(dump(await export_guild(database, guild_id)))
        return 0
    finally:
        await database.dispose()


def parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot", description="Run or operate rödbot.")
    commands = parser.add_subparsers(dest="command")
    commands.add_parser("run", help="run the bot (the default)")
    commands.add_parser("check", help="check settings, database and, with a token, each server's setup")
    backup = commands.add_parser("backup", help="a consistent snapshot of the SQLite database, also while running")
    backup.add_argument("path", nargs="?", type=Path)
    restore = commands.add_parser("restore", help="replace the database with a backup (the bot must be stopped)")
    restore.add_argument("path", type=Path)
    restore.add_argument("--yes", action="store_true", help="do it without asking")
    export = commands.add_parser("export-guild", help="all of one server's data as JSON on standard output")
    export.add_argument("guild_id", type=int)
    purge = commands.add_parser("purge-guild", help="erase all of one server's data")
    purge.add_argument("guild_id", type=int)
    purge.add_argument("--yes", action="store_true", help="do it without asking")
    return parser


def agreed(target: Path, source: Path) -> bool:
    try:
        return input(f"Replace the database {target} with the backup {source}? Type yes: ") == "yes"
    except EOFError:  # no one at the terminal to say yes
        return False


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    settings = load_settings()
    from bot.operations import OperationError, backup, default_backup_path, restore

    try:
        match args.command:
            case None | "run":
                return run(settings)
            case "check":
                return asyncio.run(check(settings))
            case "backup":
                target = backup(settings.database_url, args.path or default_backup_path(settings.database_url))
                print(f"Backup written to {target}")
                return 0
            case "restore":
                if not restore(settings.database_url, args.path, lambda target: args.yes or agreed(target, args.path)):
                    print("Nothing was restored.")
                    return 1
                print(f"Database restored from {args.path}.")
                return 0
            case "export-guild":
                return asyncio.run(guild_data(settings, args.guild_id, purge=False))
            case "purge-guild":
                if not args.yes and input(f"Erase all data of server {args.guild_id}? Type yes: ") != "yes":
                    print("Nothing was erased.")
                    return 1
                return asyncio.run(guild_data(settings, args.guild_id, purge=True))
    except OperationError as error:
        print(f"Error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
