"""The permission matrix, generated from the bot's own command tree.

Every slash command is invoked by every kind of member; the outcome must be what `bot/permissions.py` says:
invisible when Discord's default permissions hide it, refused by the bot's gate when the capability is missing
(in words, as an ordinary answer: no error is recorded), let through otherwise. A new command without a declared
capability fails here and in test_i18n. Every autocomplete is typed into by every kind of member the same way, and
must suggest only what they may see.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import discord
import pytest
from discord import AppCommandOptionType, app_commands
from simcord import SetupError
from sqlmodel import select

from bot import permissions
from bot.campaigns import lifecycle
from bot.errors import PermissionDenied
from bot.guilds import GuildConfig
from bot.i18n import t
from bot.meetings.models import Meeting
from cogs._shared.interactions import capability_of, render

KINDS = ("member", "caller", "organiser", "woman", "man", "moderator", "admin")


def leaves(commands):
    for command in commands:
        if isinstance(command, app_commands.Group):
            yield from leaves(command.commands)
        else:
            yield command


def default_permissions(command: app_commands.Command) -> discord.Permissions | None:
    node = command
    while node is not None:
        if node.default_permissions is not None:
            return node.default_permissions
        node = node.parent
    return None


def refusal_of(capability: permissions.Capability, config: GuildConfig) -> str | None:
    """What the gate answers someone without the capability (the text names the role, not the person)."""
    try:
        permissions.require(permissions.Person(0, frozenset()), capability, config)
    except PermissionDenied as denied:
        return render(denied, config.language)
    return None


def sample_options(command: app_commands.Command, district, actor) -> dict:
    """The simplest valid value of every required option."""
    values = {}
    for parameter in command.parameters:
        if not parameter.required:
            continue
        kind = parameter.type
        if parameter.choices:
            values[parameter.name] = parameter.choices[0].value
        elif kind is AppCommandOptionType.string:
            values[parameter.name] = "x" * max(parameter.min_value or 1, 1)
        elif kind in (AppCommandOptionType.integer, AppCommandOptionType.number):
            values[parameter.name] = parameter.min_value if parameter.min_value is not None else 1
        elif kind is AppCommandOptionType.boolean:
            values[parameter.name] = False
        elif kind in (AppCommandOptionType.user, AppCommandOptionType.mentionable):
            values[parameter.name] = actor
        elif kind is AppCommandOptionType.role:
            values[parameter.name] = district.roles["caller"]
        elif kind is AppCommandOptionType.channel:
            values[parameter.name] = district.channels["announcements"]
        elif kind is AppCommandOptionType.attachment:
            values[parameter.name] = ("x.txt", b"x")
    return values


async def test_every_command_for_every_kind_of_member(simcord_env, simcord_bot, district):
    mismatches = []
    checked = 0
    for command in leaves(simcord_bot.tree.get_commands()):
        capability = capability_of(command)
        hidden_by = default_permissions(command)
        for kind in KINDS:
            await district.configure(simcord_bot)  # undo what the previous sample invocation changed
            config = await simcord_bot.guild_config(district.guild.id)
            actor = district.members[kind]
            member = actor.member
            person = permissions.Person(
                actor.id, frozenset(r.id for r in member.roles), member.guild_permissions.manage_guild
            )
            visible = hidden_by is None or member.guild_permissions >= hidden_by
            expected = (
                "hidden" if not visible else "allowed" if permissions.allows(person, capability, config) else "refused"
            )
            try:
                result = await actor.slash(
                    district.general, command.qualified_name, **sample_options(command, district, actor)
                )
            except SetupError:
                observed = "hidden"
            else:
                refusal = refusal_of(capability, config)
                answer = result.response.content if result.response else None
                observed = "refused" if refusal is not None and answer == refusal else "allowed"
            checked += 1
            if observed != expected:
                mismatches.append(f"{command.qualified_name} as {kind}: expected {expected}, got {observed}")
    assert simcord_env.errors == []  # refusals and replies to the dummy input are ordinary answers
    assert mismatches == []
    assert checked >= 5 * len(KINDS)


# ---------------------------------------------------------------------- autocomplete


@dataclass
class Seen:
    """What exists when the matrix types into every autocomplete: a campaign, a plan, memorial days, and a
    meeting of each audience scheduled by the organiser (who is in none of the audiences)."""

    bot: Any
    district: Any
    meetings: list[Meeting]

    async def person(self, kind: str) -> tuple[permissions.Person, Any]:
        member = self.district.members[kind].member
        person = permissions.Person(
            member.id, frozenset(r.id for r in member.roles), member.guild_permissions.manage_guild
        )
        return person, await self.bot.guild_config(self.district.guild.id)

    async def meetings_where(self, kind: str, rule) -> set[int]:
        person, config = await self.person(kind)
        return {m.id for m in self.meetings if rule(person, config, m)}


Expected = Callable[[Seen, str], Awaitable[set | None]]


async def anything(seen: Seen, kind: str) -> None:
    """Something is offered (what exists is visible to everyone allowed to use the command)."""
    return None


async def visible_meetings(seen: Seen, kind: str) -> set:
    return await seen.meetings_where(kind, lambda p, c, m: permissions.can_see_meeting(p, c, m.audience, m.created_by))


async def managed_meetings(seen: Seen, kind: str) -> set:
    return await seen.meetings_where(
        kind, lambda p, c, m: permissions.can_manage_meeting(p, c, m.audience, m.created_by)
    )


async def attendee_meetings(seen: Seen, kind: str) -> set:
    return await seen.meetings_where(kind, lambda p, c, m: permissions.can_see_attendees(p, c, m.audience))


async def the_campaign(seen: Seen, kind: str) -> set:
    return {"Matris"}


async def audiences(seen: Seen, kind: str) -> set:
    return {a.value for a in permissions.Audience}


async def nothing_before_a_campaign(seen: Seen, kind: str) -> set:
    """A campaign's questions are offered once its campaign is chosen (tests/cogs/commitments/test_evidence.py)."""
    return set()


async def seed_plans(seen: Seen, kind: str) -> set:
    return {"skane-2023", "dalarna-2023"}


# keyed by the autocomplete callback's name: a new autocomplete without an entry fails here
AUTOCOMPLETE_EXPECTATIONS: dict[str, Expected] = {
    "meeting_autocomplete": visible_meetings,
    "managed_autocomplete": managed_meetings,
    "attendance_autocomplete": attendee_meetings,
    "campaign_autocomplete": the_campaign,
    "running_autocomplete": the_campaign,
    "seed_autocomplete": seed_plans,
    "commitment_autocomplete": anything,
    "plan_autocomplete": anything,
    "section_autocomplete": anything,
    "link_value_autocomplete": audiences,
    "survey_question_autocomplete": nothing_before_a_campaign,
    "day_autocomplete": anything,
}


def autocompleted_options(bot):
    """(command, option name, autocomplete callback) for every autocomplete the bot registered."""
    for command in leaves(bot.tree.get_commands()):
        for parameter in command.parameters:
            if parameter.autocomplete:
                yield command, parameter.name, command._params[parameter.name].autocomplete


@pytest.fixture
async def seen(simcord_env, simcord_bot, seen_district) -> Seen:
    """A district the bot saw from the start (so it has the memorial days), with something to suggest."""
    district = seen_district
    with simcord_env.time_context():
        await district.moderator.slash(district.general, "plan load", plan="skane-2023")
        async with simcord_bot.db.session() as session:
            await lifecycle.create_campaign(
                session=session, guild_id=district.guild.id, name="Matris", created_by=1, now=simcord_env.now()
            )
        for audience in permissions.Audience:
            await district.organiser.slash(
                district.channels["organisers"],
                "meeting schedule",
                audience=audience.value,
                title=f"Matris för {t(f'meetings.audience.{audience}')}",
                start="2026-01-10 18:00",
            )
        async with simcord_bot.db.session() as session:
            found = list((await session.exec(select(Meeting).order_by(Meeting.id))).all())
    assert [meeting.audience for meeting in found] == [audience.value for audience in permissions.Audience]
    return Seen(simcord_bot, district, found)


async def test_every_autocomplete_has_expectations(simcord_bot, seen):
    names = {callback.__name__ for _, _, callback in autocompleted_options(simcord_bot)}
    assert names == set(AUTOCOMPLETE_EXPECTATIONS)


async def test_every_autocomplete_for_every_kind_of_member(simcord_env, simcord_bot, seen):
    """Suggestions are what the command's caller may see: nothing for someone the command refuses, and for a
    meeting exactly the meetings the rule lets them see, manage or see the attendees of."""
    mismatches, checked = [], 0
    for command, option, callback in autocompleted_options(simcord_bot):
        capability = capability_of(command)
        hidden_by = default_permissions(command)
        filled = {p.name: p.choices[0].value for p in command.parameters if p.choices and p.name != option}
        for kind in KINDS:
            actor = seen.district.members[kind]
            person, config = await seen.person(kind)
            visible = hidden_by is None or actor.member.guild_permissions >= hidden_by
            try:
                offered = await actor.autocomplete(seen.district.general, command.qualified_name, option, "", **filled)
            except SetupError:
                got = "hidden"
            else:
                got = {choice["value"] for choice in offered}
            if not visible:
                expected = "hidden"
            elif not permissions.allows(person, capability, config):
                expected = set()
            else:
                expected = await AUTOCOMPLETE_EXPECTATIONS[callback.__name__](seen, kind)
            checked += 1
            if expected is None:
                if not got or got == "hidden":
                    mismatches.append(f"{command.qualified_name} {option} as {kind}: expected choices, got {got}")
            elif got != expected:
                mismatches.append(f"{command.qualified_name} {option} as {kind}: expected {expected}, got {got}")
    assert mismatches == []
    assert checked >= 20 * len(KINDS)
