"""The national world: SimCord servers, channels, roles and members, and the bot's tables filled before it starts
with bulk inserts (300 servers, 30 000 members, 5 000 meetings with 100 000 answers, 2 000 commitments, 100 000
contacts in 10 campaigns, 10 memorial days per server, all of them due on 2 January at 09:00)."""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import Enum
from typing import Any

import discord
from discord import app_commands
from pydantic_core import PydanticUndefined
from simcord.env import Env
from sqlalchemy import Integer, insert, text
from sqlmodel import SQLModel

from bench.common import CALLERS, DATA_KEY, DISTRICTS, LONG_AGO, MEMORIAL_DUE, SIM_START, ZONE, Size
from bot.bot import RodBot
from bot.campaigns.crypto import Vault
from bot.campaigns.models import Attempt, Campaign, Contact, ContactStatus
from bot.commitments.models import Commitment, Owner, Plan, Section
from bot.db import Database
from bot.guilds import BindingKind, ChannelPurpose, GuildBinding, GuildConfig, RolePurpose
from bot.meetings.models import Meeting, Rsvp
from bot.memorial.models import MemorialDay

ANSWERS = ("kommer", "kanske", "kan_inte")
TITLES = ("Möte", "Kampanj", "Studiecirkel", "Dörrknackning", "Manifestation")
CHANNELS = {
    ChannelPurpose.ANNOUNCEMENTS: "announcements",
    ChannelPurpose.ORGANISERS: "organisers",
    ChannelPurpose.WOMEN_NONBINARY: "women",
    ChannelPurpose.MEN: "men",
}
ROLES = {
    RolePurpose.MODERATOR: "moderator",
    RolePurpose.ORGANISER: "organiser",
    RolePurpose.CALLER: "caller",
    RolePurpose.WOMEN_NONBINARY: "women",
    RolePurpose.MEN: "men",
}


@dataclass
class Server:
    handle: Any
    channels: dict[str, Any]
    roles: dict[str, Any]
    members: list[Any] = field(default_factory=list)  # member 0 organises and moderates, 1–50 call
    fresh_callers: list[Any] = field(default_factory=list)  # the home server's: one per round of interactions

    @property
    def id(self) -> int:
        return self.handle.id


def build_world(env: Env, size: Size) -> list[Server]:
    """Servers with the purposes' channels and roles. The first (the home of the interactions) also has one
    caller per round who has never called, so that every `/call next` is a new claim, never a resumed one."""
    servers = []
    for g in range(size.guilds):
        guild = env.create_guild(f"Vänsterpartiet {g}")
        roles = {name: guild.create_role(name) for name in ("moderator", "organiser", "caller", "women", "men")}
        channels = {name: guild.create_text_channel(name) for name in ("general", "announcements", "organisers")}
        channels["women"] = guild.create_text_channel("women")
        channels["men"] = guild.create_text_channel("men")
        server = Server(guild, channels, roles)
        for m in range(size.members_per_guild):
            wanted = []
            if m == 0:
                wanted = [roles["organiser"], roles["moderator"]]
            elif m <= CALLERS:
                wanted = [roles["caller"]]
            if m % 3 == 1:
                wanted.append(roles["women"])
            elif m % 3 == 2:
                wanted.append(roles["men"])
            server.members.append(guild.add_member(env.create_user(f"m{g}.{m}"), roles=wanted))
        if g == 0:
            server.fresh_callers = [
                guild.add_member(env.create_user(f"caller{k}"), roles=[roles["caller"]]) for k in range(size.samples)
            ]
        servers.append(server)
    return servers


SETTLE_SECONDS = 240.0
"""How long SimCord may wait for the bot to settle. SimCord settles a start within a fixed 5 s, too short for the
national start; but every timer of the bot's due within this horizon counts as work to wait for, in real time, and
asyncpg arms one for each prepared statement (its statement cache's 300 s lifetime): with a horizon beyond 300 s,
every start on PostgreSQL waited 300 s for them, idle."""


def patient(env: Env) -> None:
    """Let the bot's start take up to SETTLE_SECONDS."""
    original = env._settle_internal

    async def settle(*args: Any, timeout: float | None = None, **kwargs: Any) -> None:
        await original(*args, timeout=max(timeout or 0, SETTLE_SECONDS), **kwargs)

    env._settle_internal = settle  # type: ignore[method-assign]


def add_floor_commands(bot: RodBot, meetings: int) -> None:
    """The floors as commands (bench only, added before the bot starts): a no-op that answers "ok", and the
    same after one primary-key read through the project's database layer."""

    @app_commands.command(name="bench-noop", description="Benchmark floor: replies ok")
    async def noop(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("ok", ephemeral=True)

    @app_commands.command(name="bench-noop-db", description="Benchmark floor: one database read, then ok")
    async def noop_read(interaction: discord.Interaction) -> None:
        async with bot.db.session() as session:
            await session.get(Meeting, 1 + interaction.id % meetings)
        await interaction.response.send_message("ok", ephemeral=True)

    bot.tree.add_command(noop)
    bot.tree.add_command(noop_read)


# ---------------------------------------------------------------------------------------------- the data


def row_defaults(model: Any) -> dict[str, Any]:
    """The Python-side defaults of a SQLModel table (core inserts do not apply them)."""
    found: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        if info.default_factory is not None:
            value = info.default_factory()
        elif info.default is not PydanticUndefined and info.default is not None:
            value = info.default
        else:
            continue
        found[name] = value.value if isinstance(value, Enum) else value
    found.pop("id", None)
    return found


async def bulk(db: Database, model: Any, rows: list[dict[str, Any]], chunk: int = 20_000) -> None:
    defaults = row_defaults(model)
    async with db.engine.begin() as connection:
        for start in range(0, len(rows), chunk):
            await connection.execute(insert(model.__table__), [defaults | r for r in rows[start : start + chunk]])


async def advance_sequences(db: Database) -> None:
    """Rows were inserted with their ids: move PostgreSQL's id sequences past them (SQLite needs nothing)."""
    if db.is_sqlite:
        return
    async with db.engine.begin() as connection:
        for table in SQLModel.metadata.sorted_tables:
            key = list(table.primary_key.columns)
            if len(key) == 1 and key[0].name == "id" and isinstance(key[0].type, Integer):
                await connection.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                        f"COALESCE((SELECT MAX(id) FROM {table.name}), 0) + 1, false)"
                    )
                )


def server_rows(servers: list[Server]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Each server's configuration, with the channels and roles it has set with /setup."""
    configs = [{"guild_id": s.id, "language": "sv", "timezone": ZONE, "created_at": LONG_AGO} for s in servers]
    bindings = [
        {"guild_id": s.id, "kind": kind, "purpose": purpose, "discord_id": handles[name].id}
        for s in servers
        for kind, handles, purposes in ((BindingKind.CHANNEL, s.channels, CHANNELS), (BindingKind.ROLE, s.roles, ROLES))
        for purpose, name in purposes.items()
    ]
    return configs, bindings


async def generate(url: str, servers: list[Server], size: Size) -> dict[str, float]:
    """Bulk-insert the national dataset into a migrated database. Returns seconds per step."""
    rnd = random.Random(7)
    steps: dict[str, float] = {}
    db = Database(url)
    started = time.perf_counter()
    await db.migrate()
    steps["migrate"] = time.perf_counter() - started

    def step(name: str, since: float) -> None:
        steps[name] = time.perf_counter() - since

    t = time.perf_counter()
    configs, bindings = server_rows(servers)
    await bulk(db, GuildConfig, configs)
    await bulk(db, GuildBinding, bindings)
    step("guild_config", t)

    t = time.perf_counter()
    days = [
        {
            "guild_id": s.id,
            "name": f"Minnesdag {k + 1}",
            "rule_kind": "fixed",
            "month": MEMORIAL_DUE.month,
            "day": MEMORIAL_DUE.day,
            "text": f"Vi minns dag {k + 1}.",
            "post_hour": 9,
            "post_minute": 0,
            "active": True,
            "created_at": LONG_AGO,
        }
        for s in servers
        for k in range(size.memorial_per_guild)
    ]
    await bulk(db, MemorialDay, days)
    step("memorial_days", t)

    # meetings: from half a year ago to a year ahead, none in the first days of the simulated clock
    t = time.perf_counter()
    meetings, rsvps = [], []
    for i in range(1, size.meetings + 1):
        server = servers[i % len(servers)]
        start = SIM_START + timedelta(days=rnd.randint(-180, 360), hours=rnd.choice((16, 17, 18)))
        if SIM_START - timedelta(days=1) <= start <= SIM_START + timedelta(days=3):
            start += timedelta(days=5)
        meetings.append(
            {
                "id": i,
                "guild_id": server.id,
                "title": f"Möte {i}",
                "audience": rnd.choices(("open", "women-nonbinary", "men"), (70, 15, 15))[0],
                "start_at": start,
                "duration_minutes": 90,
                "location": "ABF",
                "created_by": server.members[0].id,
                "created_at": LONG_AGO,
                "start_set_at": LONG_AGO,
            }
        )
        for member in rnd.sample(server.members, size.rsvps_per_meeting):
            rsvps.append(
                {
                    "guild_id": server.id,
                    "meeting_id": i,
                    "user_id": member.id,
                    "answer": rnd.choice(ANSWERS),
                    "answered_at": LONG_AGO,
                }
            )
    await bulk(db, Meeting, meetings)
    await bulk(db, Rsvp, rsvps)
    step("meetings+rsvps", t)

    # commitments: one plan with five sections in each of the 21 district servers
    t = time.perf_counter()
    districts = servers[:DISTRICTS]
    plans, sections, commitments, owners = [], [], [], []
    for d, server in enumerate(districts, start=1):
        plans.append(
            {"id": d, "guild_id": server.id, "year": 2026, "title": f"Verksamhetsplan {d}", "source_key": f"bench-{d}"}
        )
        for k in range(5):
            sections.append(
                {"id": d * 10 + k, "guild_id": server.id, "plan_id": d, "position": k, "title": f"Del {k + 1}"}
            )
    statuses = ("planerad", "pågår", "klar", "inställd")
    for i in range(1, size.commitments + 1):
        d = (i % len(districts)) + 1
        server = districts[d - 1]
        commitments.append(
            {
                "id": i,
                "guild_id": server.id,
                "plan_id": d,
                "section_id": d * 10 + i % 5,
                "position": i,
                "title": f"{rnd.choice(TITLES)} nummer {i}",
                "description": "Ett åtagande ur planen.",
                "due_date": date(2026, rnd.randint(3, 12), rnd.randint(1, 28)),
                "status": rnd.choice(statuses),
                "created_at": LONG_AGO,
                "updated_at": LONG_AGO,
            }
        )
        owners.append({"guild_id": server.id, "commitment_id": i, "kind": "member", "target_id": server.members[0].id})
    await bulk(db, Plan, plans)
    await bulk(db, Section, sections)
    await bulk(db, Commitment, commitments)
    await bulk(db, Owner, owners)
    step("commitments", t)

    # campaigns: one in each of the first ten servers; a fifth of each list already called
    t = time.perf_counter()
    vault = Vault(DATA_KEY)
    per_campaign = size.contacts // size.campaigns
    campaigns, contacts, attempts = [], [], []
    seal_seconds = 0.0
    contact_id = 0
    for c in range(1, size.campaigns + 1):
        server = servers[c - 1]
        campaigns.append(
            {
                "id": c,
                "guild_id": server.id,
                "name": f"Kampanj {c}",
                "questions": ["Kommer du på mötet?"],
                "created_at": LONG_AGO,
                "created_by": server.members[0].id,
            }
        )
        for k in range(per_campaign):
            contact_id += 1
            phone = f"+4670{c:02d}{k:05d}"
            s = time.perf_counter()
            sealed = vault.seal({"name": f"Person {contact_id}", "phone": phone, "email": "", "note": "", "extra": {}})
            digest = vault.digest(phone)
            seal_seconds += time.perf_counter() - s
            done = k % 5 == 0
            contacts.append(
                {
                    "id": contact_id,
                    "guild_id": server.id,
                    "campaign_id": c,
                    "row_number": k + 2,
                    "phone_hash": digest,
                    "sealed": sealed,
                    "branch": f"Förening {k % 12}",
                    "status": ContactStatus.DONE.value if done else ContactStatus.OPEN.value,
                    "available_at": LONG_AGO,
                    "last_outcome": "answered" if done else None,
                    "updated_at": LONG_AGO,
                }
            )
            if done:
                attempts.append(
                    {
                        "guild_id": server.id,
                        "campaign_id": c,
                        "contact_id": contact_id,
                        "caller_id": server.members[1 + k % (len(server.members) - 1)].id,
                        "claimed_at": LONG_AGO,
                        "outcome": "answered",
                        "recorded_at": LONG_AGO,
                        "sealed_answers": vault.seal({"Kommer du på mötet?": rnd.choice(("ja", "nej", "kanske"))}),
                    }
                )
    steps["contacts_encrypt"] = seal_seconds
    await bulk(db, Campaign, campaigns)
    await bulk(db, Contact, contacts)
    await bulk(db, Attempt, attempts)
    step("campaigns", t)
    await advance_sequences(db)
    await db.dispose()
    steps["total"] = time.perf_counter() - started
    return steps
