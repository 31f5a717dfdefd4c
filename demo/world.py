"""The demo's district: a simulated server with Swedish demo data, built by driving the real bot's commands as its
members would (so every announcement carries working buttons), on a throw-away database."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import discord
from cryptography.fernet import Fernet
from simcord.actors import MemberActor
from simcord.builders import ChannelHandle, GuildHandle, RoleHandle
from simcord.env import Env
from sqlmodel import select

from bot.bot import RodBot, create_bot
from bot.commitments.models import Commitment
from bot.errors import UserError
from bot.settings import Settings
from demo import server
from demo.clock import DemoClock, advance_to
from demo.cog import Demo, DemoTranslator

log = logging.getLogger(__name__)

ZONE = ZoneInfo("Europe/Stockholm")
DEFAULT_AT = "2026-03-07 08:55"
"""The day before International Women's Day: within a day and a half the women's meeting reminders go out (as
DMs, 24 h and 1 h before) and the 8 March post appears in #meddelanden at 09:00."""

PEOPLE = {
    "styrelse": ("Anna Lindqvist", ["board"]),
    "organisatör": ("Olle Persson", ["organiser"]),
    "ringare": ("Karin Nilsson", ["caller"]),
    "ringare2": ("Ahmed Hassan", ["caller"]),
    "kvinna": ("Fatima Said", ["women-nonbinary"]),
    "man": ("Erik Johansson", ["men"]),
    "medlem": ("Sven Berg", []),
}
"""Key (for --as) → the member's name and roles."""

FIRST_NAMES = ("Alva", "Bertil", "Cecilia", "David", "Elsa", "Fredrik", "Greta", "Hugo", "Ida", "Johan")
LAST_NAMES = ("Andersson", "Björk", "Carlsson")
BRANCHES = ("Malmö", "Lund", "Helsingborg")
CONTACTS = 30
CAMPAIGN = "Vårringning"


def fictional_number(n: int) -> str:
    """The n-th of the numbers Sweden reserves for fiction, 070-1740605 … 070-1740699."""
    if not 5 <= n <= 99:
        raise ValueError(n)
    return f"070-17406{n:02d}"


def call_list() -> bytes:
    """A call list as a district would export it from its member register: about 30 fictitious people."""
    lines = ["Namn;Telefon;Partiförening"]
    for index in range(CONTACTS):
        name = f"{FIRST_NAMES[index % 10]} {LAST_NAMES[index // 10]}"
        lines.append(f"{name};{fictional_number(5 + index)};{BRANCHES[index % 3]}")
    return ("\r\n".join(lines) + "\r\n").encode()


def parse_at(text: str) -> datetime:
    """'2026-03-07 08:55', Swedish local time, as an aware UTC instant."""
    try:
        local = datetime.strptime(text.strip(), "%Y-%m-%d %H:%M").replace(tzinfo=ZONE)
    except ValueError:
        raise ValueError(f"--at wants 'YYYY-MM-DD HH:MM' (Swedish time), not {text!r}") from None
    return local.astimezone(ZoneInfo("UTC"))


@dataclass
class DemoWorld:
    env: Env
    bot: RodBot
    clock: DemoClock
    guild: GuildHandle
    channels: dict[str, ChannelHandle]
    roles: dict[str, RoleHandle]
    members: dict[str, MemberActor] = field(default_factory=dict)

    def announcement(self, channel: str, title: str) -> discord.Message:
        """The newest bot post in `channel` whose embed has `title`."""
        for message in reversed(self.channels[channel].history()):
            if message.embeds and message.embeds[0].title == title:
                return message
        raise LookupError(title)


async def configure(world: DemoWorld) -> None:
    """The server as a board member leaves it after /setup; the bot saw it from the start (memorial days)."""
    await world.bot.ensure_guild(world.guild.id)
    await server.configure(world.bot, world.guild, world.channels, world.roles)


def _local(moment: datetime, days: int, hour: int, minute: int = 0) -> str:
    day = moment.astimezone(ZONE) + timedelta(days=days)
    return f"{day:%Y-%m-%d} {hour:02d}:{minute:02d}"


async def _commitment(bot: RodBot, title: str) -> str:
    async with bot.db.session() as session:
        row = (await session.exec(select(Commitment).where(Commitment.title == title))).one()
    return str(row.id)


async def populate(world: DemoWorld) -> None:
    """The district's life so far, done through the bot's own commands by its members."""
    m, ch, now = world.members, world.channels, world.env.now()
    board, organiser, general, organisers = m["styrelse"], m["organisatör"], ch["allmänt"], ch["organisatörer"]

    await board.slash(general, "plan load", plan="skane-2023")
    campaign_goal = await _commitment(world.bot, "Genomföra en ringkampanj som en del i den politiska kampanjen")
    women_goal = await _commitment(world.bot, "Arrangera träffar för kvinnor och ickebinära")
    training = await _commitment(world.bot, "Genomföra en utbildning i medlemsvård")
    men_goal = await _commitment(world.bot, "Fortsätta att utveckla mansträffarna")
    await organiser.slash(general, "commitment assign", commitment=campaign_goal, owner=m["ringare"])
    await organiser.slash(general, "commitment assign", commitment=women_goal, owner=m["kvinna"])
    await organiser.slash(general, "commitment assign", commitment=men_goal, owner=m["man"])
    await m["ringare"].slash(
        general, "commitment update", commitment=campaign_goal, status="pågår", note="Ringlistan är inläst"
    )
    await m["kvinna"].slash(
        general, "commitment update", commitment=women_goal, status="pågår", note="Första träffen är bokad"
    )
    await organiser.slash(general, "commitment update", commitment=training, status="klar", note="Tolv deltog i Lund")

    await organiser.slash(
        organisers,
        "meeting schedule",
        title="Kvinnoträff: feministisk studiecirkel",
        audience="women-nonbinary",
        start=_local(now, 1, 18),
        duration="2h",
        location="Folkets hus, Malmö",
        description="Vi läser och samtalar, med fika. Barnpassning finns.",
    )
    await organiser.slash(
        organisers,
        "meeting schedule",
        title="Medlemsmöte: valplanering",
        audience="open",
        start=_local(now, 3, 18, 30),
        duration="2h",
        location="ABF-huset, Lund",
        description="Hur når vi fler i vår? Alla medlemmar är välkomna.",
    )
    women = world.announcement("kvinnor-ickebinära", "Kvinnoträff: feministisk studiecirkel")
    await m["kvinna"].click(women, label="Kommer (0)")
    open_meeting = world.announcement("meddelanden", "Medlemsmöte: valplanering")
    await m["medlem"].click(open_meeting, label="Kommer (0)")
    await m["man"].click(world.announcement("meddelanden", "Medlemsmöte: valplanering"), label="Kanske (0)")
    await m["ringare2"].click(world.announcement("meddelanden", "Medlemsmöte: valplanering"), label="Kommer (1)")

    created = await organiser.slash(general, "campaign create", name=CAMPAIGN, description="Inbjudan till vårens möten")
    await organiser.submit_modal(
        created,
        {
            "script": "Hej! Jag heter … och ringer från Vänsterpartiet Skåne. Har du en minut?",
            "questions": "Kommer du på medlemsmötet?\nVill du bli mer aktiv?",
        },
    )
    shown = await organiser.slash(general, "campaign import", campaign=CAMPAIGN, file=("ringlista.csv", call_list()))
    await organiser.click(shown.response.message, label="Bekräfta")


@asynccontextmanager
async def demo_world(at: datetime, folder: Path) -> AsyncIterator[DemoWorld]:
    """The bot built by `create_bot` on a throw-away SQLite database in `folder`, in a simulated district.

    The clock is first moved to `at` (nothing exists yet, so nothing happens on the way), then the server is
    built and used; so the district's history is all at `at`, and what is due later happens as the clock moves.
    """
    settings = Settings(
        database_url=f"sqlite+aiosqlite:///{folder / 'demo.db'}", data_key=Fernet.generate_key().decode()
    )
    bot = create_bot(settings)
    env = Env(bot, check_errors=False)
    env.backend.bot_user.name = "rödbot"  # cosmetic: SimCord names its bot account TestBot
    demo_clock = DemoClock(env, bot)
    try:
        await bot.add_cog(Demo(demo_clock))
        await env.start()
        try:
            with env.time_context():  # driver code reads the simulated clock; not held across the yield
                world = await _build(env, bot, demo_clock, at)
                driver = asyncio.create_task(demo_clock.run(), name="demo-clock")  # keeps the clock context
            try:
                yield world
            finally:
                driver.cancel()
                await asyncio.gather(driver, return_exceptions=True)
        finally:
            await env.shutdown()
    finally:
        await bot.release()


async def _build(env: Env, bot: RodBot, demo_clock: DemoClock, at: datetime) -> DemoWorld:
    await bot.tree.set_translator(DemoTranslator())
    await bot.tree.sync()
    if at < env.now():
        raise ValueError(f"the simulated clock starts at {env.now():%Y-%m-%d %H:%M} UTC; pick a later --at")
    await advance_to(env, bot, at)
    guild, channels, roles = server.build(env)
    world = DemoWorld(env, bot, demo_clock, guild, channels, roles)
    world.members.update(server.add_members(env, guild, roles, PEOPLE, roles_in_nicknames=True))
    await configure(world)
    refused: list[UserError] = []
    explain = bot.explain

    async def noted(interaction: discord.Interaction, error: UserError) -> None:
        refused.append(error)
        await explain(interaction, error)

    bot.explain = noted  # type: ignore[method-assign]
    try:
        await populate(world)
        await env.settle()
    finally:
        del bot.explain
    # A step the bot refused (answered in words) or that failed: the demo would silently lack its data.
    if refused:
        raise RuntimeError(f"building the demo district was refused: {refused[0].key} {refused[0].values}")
    if errors := env.errors:
        raise RuntimeError(f"building the demo district failed: {errors[0]!r}") from errors[0]
    forget_replies(world)
    return world


def forget_replies(world: DemoWorld) -> None:
    """Remove the replies only one person sees ("Du har svarat: Kommer.") that the members' own steps in building
    the district got: in the page they would stand as answers to what the visitor did. (Discord, too, forgets such
    replies when the app reloads.)"""
    for channel in world.channels.values():
        for message in list(world.env.backend.messages.get(channel.id, {}).values()):
            if message.is_ephemeral:
                world.env.backend.delete_message(channel.id, message.id)


def viewers(world: DemoWorld, keys: list[str] | None) -> list[MemberActor]:
    """The members who may act in the page, in order (the first is shown first)."""
    if not keys:
        return list(world.members.values())
    unknown = [key for key in keys if key not in world.members]
    if unknown:
        raise ValueError(f"unknown member {', '.join(unknown)}; choose from {', '.join(world.members)}")
    return [world.members[key] for key in keys]


def who_sees(world: DemoWorld, channel: str, members: list[MemberActor]) -> list[MemberActor]:
    """Those of `members` who may read `channel` (the page shows a channel only to them)."""
    seen = world.bot.get_channel(world.channels[channel].id)
    assert isinstance(seen, discord.TextChannel)
    return [m for m in members if m.member is not None and seen.permissions_for(m.member).read_message_history]


def name_of(world: DemoWorld, member: MemberActor) -> str:
    key = next(key for key, actor in world.members.items() if actor is member)
    return f"{key} ({PEOPLE[key][0]})"
