"""`python -m bot [command]`: run the bot, or operate it (check, backup, restore, rotate-key, export-guild,
purge-guild)."""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.campaigns.crypto import MAKE_A_KEY, DataKeyError
from bot.logs import configure_logging
from bot.settings import Settings, SettingsError

if TYPE_CHECKING:
    import discord

    from bot.guilds import GuildConfig

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
    from bot.bot import create_bot
    from bot.operations import running_lock

    with running_lock(settings.database_url):
        asyncio.run(prepare(settings))  # a key that does not match the data stops here, before Discord
        configure_logging(settings)
        create_bot(settings).run(settings.discord_token, log_handler=None)
    return 0


async def prepare(settings: Settings) -> None:
    """Migrate, and refuse a DATA_KEY that does not match the stored data."""
    from bot.campaigns import keys
    from bot.db import Database

    database = Database(settings.database_url)
    try:
        await database.migrate(vault=keys.vault_of(settings))
        await keys.check_data_key(database, settings)
    finally:
        await database.dispose()


async def check(settings: Settings) -> int:
    from bot import guilds
    from bot.db import Database

    await prepare(settings)
    database = Database(settings.database_url)
    try:
        print("Settings: OK")
        print("Database: OK, schema up to date")
        if settings.data_key:
            print("Data key: OK, it opens the stored data")
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
                    config = await guilds.get_config(session=session, guild_id=guild.id)
                missing = config.missing() if config else ["everything (/setup has not been run)"]
                lacking = [name for name in REQUIRED_PERMISSIONS if not getattr(guild.permissions, name, False)]
                print(f"Server {guild.name} ({guild.id}):")
                print(f"  not configured: {', '.join(missing) if missing else 'nothing'}")
                print(f"  missing permissions: {', '.join(lacking) if lacking else 'none'}")
                if config is not None:
                    exposed = await not_private(client, await client.fetch_guild(guild.id), config)
                    print(f"  not private: {'; '.join(exposed) if exposed else 'none'}")
        finally:
            await client.close()
        return 0
    finally:
        await database.dispose()


async def not_private(client: discord.Client, guild: discord.Guild, config: GuildConfig) -> list[str]:
    """The configured private channels that others can see, in English, each with who sees it."""
    import discord

    from cogs._shared import visibility

    known: dict[int, Any] = {channel.id: channel for channel in await guild.fetch_channels()}

    async def lookup(channel_id: int) -> Any:
        if channel_id not in known:
            try:
                known[channel_id] = await client.fetch_channel(channel_id)  # a thread
            except discord.NotFound:
                known[channel_id] = None
        return known[channel_id]

    return [
        visibility.exposure_text(exposure, f"#{known[exposure.channel_id].name}", "en")
        for exposure in await visibility.exposures(config, lookup)
    ]


async def guild_data(settings: Settings, guild_id: int, *, purge: bool) -> int:
    from bot.db import Database
    from bot.operations import dump, export_guild, purge_guild

    await prepare(settings)
    database = Database(settings.database_url)
    try:
        if purge:
            async with database.session() as session:
                counts = await purge_guild(session=session, guild_id=guild_id)
            print(f"Erased {sum(counts.values())} rows of server {guild_id}.")
        else:
            async with database.session() as session:
                print(dump(await export_guild(session=session, guild_id=guild_id)))
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
    rotate = commands.add_parser(
        "rotate-key",
        help="move all personal data from OLD_DATA_KEY to DATA_KEY (the bot must be stopped)",
        description=ROTATE_KEY,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    rotate.add_argument(
        "--drop-unreadable",
        action="store_true",
        help="erase what neither key opens (and do-not-call numbers kept only as a hash) instead of stopping",
    )
    export = commands.add_parser("export-guild", help="all of one server's data as JSON on standard output")
    export.add_argument("guild_id", type=int)
    purge = commands.add_parser("purge-guild", help="erase all of one server's data")
    purge.add_argument("guild_id", type=int)
    purge.add_argument("--yes", action="store_true", help="do it without asking")
    return parser


ROTATE_KEY = f"""\
Re-encrypt and re-hash every stored personal datum (contacts, call notes, survey answers, the do-not-call list)
from the old key to the new one, in one transaction: all of it, or nothing.
  1. Stop the bot, and make a backup (python -m bot backup).
  2. Make a new key: {MAKE_A_KEY}
  3. In .env, rename DATA_KEY to OLD_DATA_KEY, and put the new key in DATA_KEY.
  4. Run python -m bot rotate-key.
  5. Remove OLD_DATA_KEY from .env, and start the bot.
Keys never go on the command line, where other users of the machine and the shell history would see them."""


async def rotate_key(settings: Settings, *, drop_unreadable: bool) -> int:
    from bot.campaigns import keys
    from bot.db import Database
    from bot.operations import running_lock

    if not settings.old_data_key:
        raise DataKeyError("OLD_DATA_KEY: not set. Set it to the key the data is stored under (see --help).")
    if not settings.data_key:
        raise DataKeyError(f"DATA_KEY: not set. Put the new key there; make one with {MAKE_A_KEY}")
    database = Database(settings.database_url)
    try:
        with running_lock(settings.database_url):
            done = await keys.rotate(
                database, settings.old_data_key, settings.data_key, drop_unreadable=drop_unreadable
            )
    finally:
        await database.dispose()
    dropped = f", {done.dropped} unreadable values erased" if done.dropped else ""
    print(
        f"Rotated to the new key: {done.contacts} contacts, {done.notes} call notes, {done.answers} survey answers, "
        f"{done.do_not_call} do-not-call numbers{dropped}. Remove OLD_DATA_KEY from the settings and start the bot."
    )
    return 0


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
            case "rotate-key":
                return asyncio.run(rotate_key(settings, drop_unreadable=args.drop_unreadable))
            case "export-guild":
                return asyncio.run(guild_data(settings, args.guild_id, purge=False))
            case "purge-guild":
                if not args.yes and input(f"Erase all data of server {args.guild_id}? Type yes: ") != "yes":
                    print("Nothing was erased.")
                    return 1
                return asyncio.run(guild_data(settings, args.guild_id, purge=True))
    except DataKeyError as error:
        print(f"Configuration error: {error}", file=sys.stderr)
        return 2
    except OperationError as error:
        print(f"Error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
