"""The permission matrix for persistent buttons, generated from the bot's own registry of dynamic items.

tests/system/test_permission_matrix.py covers the slash commands. Here every persistent button (a
`discord.ui.DynamicItem` a cog registered with `bot.add_dynamic_items`) is clicked by every kind of member on a
message that carries its custom id, and the outcome must be what the rules in `bot/permissions.py` say. The
expectations are keyed by the item's custom-id template: a new persistent item without an entry fails here.

The forms (modals) these buttons open check the rule again on submit; that a form shown to someone who lost the
role meanwhile is refused is tested at the end.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import discord
import pytest
from sqlalchemy import update
from sqlmodel import select

from bot import permissions
from bot.campaigns import importer, imports, lifecycle
from bot.campaigns.crypto import Vault
from bot.campaigns.models import Contact
from bot.i18n import t
from bot.meetings.networks import request_join
from bot.memorial.models import MemorialDay
from bot.permissions import Audience, Capability
from tests.cogs.campaigns.test_flow import call_list
from tests.support import District

KINDS = ("member", "caller", "organiser", "woman", "man", "moderator", "admin")
REFUSED = "Det här kräver rollen"
NOT_OWNER = t("commitments.update.denied", "sv")
NOT_CLAIMED = t("campaigns.error.not_claimed", "sv")
CRASHED = t("error.unexpected", "sv", code="").split("`")[0]


@pytest.fixture
def district(seen_district: District) -> District:
    """Every test here wants the district the bot saw from the start."""
    return seen_district


@dataclass
class World:
    env: Any
    bot: Any
    district: District
    contacts: list[int] = field(default_factory=list)
    campaign_id: int = 0
    requesters: int = 0
    meetings: dict[Audience, int] = field(default_factory=dict)
    commitment_id: int = 0

    async def person(self, kind: str) -> permissions.Person:
        member = self.district.members[kind].member
        return permissions.Person(
            member.id, frozenset(r.id for r in member.roles), member.guild_permissions.manage_guild
        )

    async def allows(self, kind: str, capability: Capability) -> bool:
        config = await self.bot.guild_config(self.district.guild.id)
        return permissions.allows(await self.person(kind), capability, config)

    async def holds(self, kind: str, audience: Audience) -> bool:
        config = await self.bot.guild_config(self.district.guild.id)
        return permissions.holds_audience_role(await self.person(kind), config, audience)

    async def contact(self, **values: Any) -> int:
        """A fresh contact of the matrix campaign, in the state given."""
        if not self.contacts:
            vault = Vault(self.bot.settings.data_key)
            async with self.bot.db.session() as session:
                campaign = await lifecycle.create_campaign(
                    session=session, guild_id=self.district.guild.id, name="Matris", created_by=1, now=self.env.now()
                )
            async with self.bot.db.session() as session:
                await imports.store_import(
                    session=session,
                    vault=vault,
                    campaign_id=campaign.id,
                    parsed=importer.parse_file(call_list(95), "lista.csv"),
                    now=self.env.now(),
                )
            async with self.bot.db.session() as session:
                self.contacts = list((await session.exec(select(Contact.id).order_by(Contact.id))).all())
            self.campaign_id = campaign.id
        contact_id = self.contacts.pop()
        if values:
            async with self.bot.db.session() as session:
                await session.exec(update(Contact).where(Contact.id == contact_id).values(**values))
        return contact_id

    async def claimed_by(self, kind: str) -> int:
        user_id = self.district.members[kind].id
        return await self.contact(claimed_by=user_id, claimed_until=self.env.now() + timedelta(minutes=15))

    async def meeting(self, audience: str) -> int:
        title = f"Matris för {t(f'meetings.audience.{audience}')}"
        result = await self.district.organiser.slash(
            self.district.channels["organisers"],
            "meeting schedule",
            audience=audience,
            title=title,
            start="2026-01-10 18:00",
        )
        assert result.response is not None
        from bot.meetings.models import Meeting

        async with self.bot.db.session() as session:
            return (await session.exec(select(Meeting.id).where(Meeting.title == title))).one()

    async def join_request(self, audience: str) -> int:
        self.requesters += 1
        user = self.env.create_user(f"sökande{self.requesters}", global_name=f"Sökande {self.requesters}")
        self.district.guild.add_member(user)
        await self.env.settle()
        async with self.bot.db.session() as session:
            request = await request_join(
                session=session, guild_id=self.district.guild.id, user_id=user.id, audience=audience
            )
        return request.id

    async def commitment(self) -> int:
        """A commitment the member (the kind "member") owns."""
        if not self.commitment_id:
            from bot.commitments.models import Commitment, Owner, OwnerKind, Plan

            guild_id = self.district.guild.id
            async with self.bot.db.session() as session:
                plan = Plan(guild_id=guild_id, year=2026, title="Matris", source_key="matris")
                session.add(plan)
                await session.flush()
                row = Commitment(guild_id=guild_id, plan_id=plan.id, title="Matrisåtagande", due_date=date(2026, 3, 1))
                session.add(row)
                await session.flush()
                member = self.district.members["member"].id
                session.add(Owner(guild_id=guild_id, commitment_id=row.id, kind=OwnerKind.MEMBER, target_id=member))
                self.commitment_id = row.id
        return self.commitment_id

    async def memorial_day(self) -> int:
        async with self.bot.db.session() as session:
            return (
                await session.exec(
                    select(MemorialDay.id).where(MemorialDay.guild_id == self.district.guild.id).limit(1)
                )
            ).one()


Case = tuple[str, str, str]  # (what, custom id, expected outcome)
Cases = Callable[[World, str], Awaitable[list[Case]]]


def allowed_if(yes: bool) -> str:
    return "allowed" if yes else "refused"


async def rsvp_cases(world: World, kind: str) -> list[Case]:
    """Anyone may answer an open meeting; only the audience's own members a separatist one (not moderators)."""
    cases = []
    for audience in Audience:
        if audience not in world.meetings:
            world.meetings[audience] = await world.meeting(audience.value)
        meeting_id = world.meetings[audience]
        expected = allowed_if(await world.holds(kind, audience))
        cases.append((f"RSVP {audience.value}", f"meeting:rsvp:{meeting_id}:kommer", expected))
    return cases


async def network_cases(world: World, kind: str) -> list[Case]:
    expected = allowed_if(await world.allows(kind, Capability.ORGANISER))
    return [
        (f"{verdict} {audience}", f"network:decide:{await world.join_request(audience)}:{verdict}", expected)
        for audience in ("women-nonbinary", "men")
        for verdict in ("approve", "decline")
    ]


async def memorial_cases(world: World, kind: str) -> list[Case]:
    expected = allowed_if(await world.allows(kind, Capability.ORGANISER))
    return [("Vi ordnar något", f"memorial:plan:{await world.memorial_day()}:2026", expected)]


async def resolve_cases(world: World, kind: str, form: str = "resolve", hows: tuple[str, ...] = ("back", "done")):
    expected = allowed_if(await world.allows(kind, Capability.ORGANISER))
    return [(f"{form} {how}", f"campaigns:{form}:{await world.contact(status='held')}:{how}", expected) for how in hows]


async def settle_cases(world: World, kind: str) -> list[Case]:
    """The same buttons on a taken contact's card, which also offers do-not-call."""
    return await resolve_cases(world, kind, "settle", ("block",))


async def take_cases(world: World, kind: str) -> list[Case]:
    """Taking a held contact shows who it is: organisers only."""
    expected = allowed_if(await world.allows(kind, Capability.ORGANISER))
    return [("take", f"campaigns:take:{await world.contact(status='held')}", expected)]


async def next_cases(world: World, kind: str) -> list[Case]:
    await world.contact()  # the campaign exists
    expected = allowed_if(await world.allows(kind, Capability.CALLER))
    return [("Nästa", f"campaigns:next:{world.campaign_id}", expected), ("Nästa (alla)", "campaigns:next:0", expected)]


async def postpone_cases(world: World, kind: str) -> list[Case]:
    """Its owners, organisers and moderators may postpone a commitment."""
    expected = allowed_if(kind == "member" or await world.allows(kind, Capability.ORGANISER))
    guild_id = world.district.guild.id
    return [("Skjut upp", f"commitments:postpone:{guild_id}:{await world.commitment()}", expected)]


CARD_ACTIONS = ("no_answer", "answered", "note", "callback", "cb_week", "back", "needs_organiser")


async def card_cases(world: World, kind: str) -> list[Case]:
    """An outcome on one's own claimed contact needs the caller role (someone who lost it is refused);
    on a contact someone else holds it is refused to everyone."""
    caller = await world.allows(kind, Capability.CALLER)
    cases = [
        (f"own contact: {action}", f"campaigns:o:{await world.claimed_by(kind)}:{action}", allowed_if(caller))
        for action in CARD_ACTIONS
    ]
    other = "caller" if kind != "caller" else "organiser"
    cases.append(
        (
            "someone else's contact: no_answer",
            f"campaigns:o:{await world.claimed_by(other)}:no_answer",
            "not_claimed" if caller else "refused",
        )
    )
    return cases


EXPECTATIONS: dict[str, Cases] = {
    r"meeting:rsvp:(?P<id>[0-9]+):(?P<answer>kommer|kanske|kan_inte)": rsvp_cases,
    r"network:decide:(?P<id>[0-9]+):(?P<verdict>approve|decline)": network_cases,
    r"memorial:plan:(?P<day>\d+):(?P<year>\d{4})": memorial_cases,
    r"campaigns:take:(?P<contact>\d+)": take_cases,
    r"campaigns:resolve:(?P<contact>\d+):(?P<how>back|done|block)": resolve_cases,
    r"campaigns:settle:(?P<contact>\d+):(?P<how>back|done|block)": settle_cases,
    r"campaigns:next:(?P<campaign>\d+)": next_cases,
    r"campaigns:o:(?P<contact>\d+):(?P<action>[a-z_]+)": card_cases,
    r"commitments:postpone:(?P<guild>\d+):(?P<id>\d+)": postpone_cases,
}


def registered_templates(bot) -> dict[str, type]:
    return {pattern.pattern: item for pattern, item in bot._connection._view_store._dynamic_items.items()}


def observed(result) -> str:
    if result.modal is not None:
        return "allowed"
    texts = [result.response.content if result.response else None] + [f.content for f in result.followups]
    text = next((text for text in texts if text), "")
    if text.startswith(REFUSED) or text == NOT_OWNER:
        return "refused"
    if text == NOT_CLAIMED:
        return "not_claimed"
    if text.startswith(CRASHED):
        return "crashed"
    return "allowed"


async def click(world: World, kind: str, custom_id: str, *, keep: bool = False):
    """Click a button with this custom id on a fresh message in #allmänt (removed again afterwards, so a card
    the click shows never stays in public)."""
    view = discord.ui.View(timeout=None)
    view.add_item(discord.ui.Button(label="Matris", custom_id=custom_id))
    view.stop()  # not stored: only the registered dynamic item answers the click
    message = await world.bot.get_channel(world.district.general.id).send("matris", view=view)
    await world.env.settle()
    shown = world.district.general.history()[-1]
    assert shown.id == message.id
    try:
        return await world.district.members[kind].click(shown, custom_id=custom_id)
    finally:
        if not keep:
            await message.delete()
            await world.env.settle()


async def test_every_persistent_item_has_expectations(simcord_bot, simcord_env, district):
    assert sorted(registered_templates(simcord_bot)) == sorted(EXPECTATIONS)


async def test_every_persistent_button_for_every_kind_of_member(simcord_env, simcord_bot, district):
    world = World(simcord_env, simcord_bot, district)
    mismatches, seen = [], Counter()
    for template in registered_templates(simcord_bot):
        for kind in KINDS:
            for what, custom_id, expected in await EXPECTATIONS[template](world, kind):
                result = await click(world, kind, custom_id)
                got = observed(result)
                seen[got] += 1
                if got != expected:
                    mismatches.append(f"{what} as {kind}: expected {expected}, got {got}")
    assert simcord_env.errors == []  # a refusal is an ordinary answer, not an error
    assert mismatches == []
    assert seen["allowed"] >= 50 and seen["refused"] >= 50 and seen["not_claimed"] == 4, seen


def form_fields(shown) -> dict[str, str]:
    """A plausible value for every text input of the form the bot showed."""
    values = {}
    for row in shown.modal["components"]:
        for item in row.get("components", [row.get("component", row)]):
            if "custom_id" in item:
                values[item["custom_id"]] = {"when": "2026-01-02 18:00"}.get(item["custom_id"], "Malmö")
    return values


async def test_a_form_shown_before_the_role_was_taken_is_refused_on_submit(simcord_env, simcord_bot, district):
    """Every form a persistent button opens checks the rule again when it is sent."""
    world = World(simcord_env, simcord_bot, district)
    organiser = district.organiser
    forms = {"memorial:plan": f"memorial:plan:{await world.memorial_day()}:2026"}
    forms["commitments:postpone"] = f"commitments:postpone:{district.guild.id}:{await world.commitment()}"
    for action in ("answered", "needs_organiser", "note", "cb_time"):
        forms[f"campaigns:{action}"] = f"campaigns:o:{await world.claimed_by('organiser')}:{action}"
    shown = {name: await click(world, "organiser", custom_id, keep=True) for name, custom_id in forms.items()}
    assert all(result.modal is not None for result in shown.values()), shown

    member = simcord_bot.get_guild(district.guild.id).get_member(organiser.id)
    await member.remove_roles(discord.Object(district.roles["organiser"].id))
    await simcord_env.settle()
    refusals = {}
    for name, result in shown.items():
        sent = await organiser.submit_modal(result, form_fields(result))
        refusals[name] = sent.response.content
    assert refusals == {
        "memorial:plan": "Det här kräver rollen organisatör. Du har den inte.",
        "commitments:postpone": NOT_OWNER,
        "campaigns:answered": "Det här kräver rollen ringare. Du har den inte.",
        "campaigns:needs_organiser": "Det här kräver rollen ringare. Du har den inte.",
        "campaigns:note": "Det här kräver rollen ringare. Du har den inte.",
        "campaigns:cb_time": "Det här kräver rollen ringare. Du har den inte.",
    }
    assert simcord_env.errors == []


# ---------------------------------------------------------------------- confirmations

Asking = Callable[[World], Awaitable[dict[str, Any]]]


async def import_options(world: World) -> dict[str, Any]:
    async with world.bot.db.session() as session:
        await lifecycle.create_campaign(
            session=session, guild_id=world.district.guild.id, name="Bekräfta import", created_by=1, now=world.env.now()
        )
    return {"campaign": "Bekräfta import", "file": ("lista.csv", call_list(3))}


async def purge_options(world: World) -> dict[str, Any]:
    await world.contact()
    return {"campaign": "Matris"}


async def plan_import_options(world: World) -> dict[str, Any]:
    plan = "# Verksamhetsplan 2026\n\n## Studier\n\n- Vi ska hålla tio studiecirklar.\n"
    return {"file": ("plan.md", plan.encode())}


async def commitment_options(world: World) -> dict[str, Any]:
    from bot.commitments.models import Commitment

    await world.district.moderator.slash(world.district.general, "plan load", plan="skane-2023")
    async with world.bot.db.session() as session:
        first = (await session.exec(select(Commitment.id).order_by(Commitment.id).limit(1))).one()
    return {"commitment": str(first)}


async def memorial_options(world: World) -> dict[str, Any]:
    return {"day": str(await world.memorial_day())}


async def no_options(world: World) -> dict[str, Any]:
    return {}


async def network_options(world: World) -> dict[str, Any]:
    return {"audience": "women-nonbinary"}


# command -> (who asks, the role then taken away, how to fill the command)
CONFIRMATIONS: dict[str, tuple[str, str, Asking]] = {
    "campaign import": ("organiser", "organiser", import_options),
    "campaign purge": ("moderator", "moderator", purge_options),
    "plan import": ("moderator", "moderator", plan_import_options),
    "commitment remove": ("moderator", "moderator", commitment_options),
    "memorial remove": ("moderator", "moderator", memorial_options),
    "network join": ("member", "", network_options),
    "privacy forget": ("member", "", no_options),
}


CONFIRMING_VIEWS = ("ConfirmView(", "PlanPreview(")  # the plan preview is a confirmation with a drop menu


def commands_that_confirm(bot) -> set[str]:
    """Every slash command whose code asks for a confirmation."""
    import inspect

    from tests.system.test_permission_matrix import leaves

    return {
        command.qualified_name
        for command in leaves(bot.tree.get_commands())
        if any(view in inspect.getsource(command.callback) for view in CONFIRMING_VIEWS)
    }


async def test_every_confirmation_has_expectations(simcord_bot, simcord_env, district):
    assert commands_that_confirm(simcord_bot) == set(CONFIRMATIONS)


async def test_a_confirmation_asked_before_the_role_was_taken_is_refused_on_click(simcord_env, simcord_bot, district):
    """Each confirm button asks the permission gate again; a command everyone may use stays confirmable."""
    world = World(simcord_env, simcord_bot, district)
    outcomes = {}
    for name, (kind, role, options) in CONFIRMATIONS.items():
        actor = district.members[kind]
        shown = await actor.slash(district.general, name, **await options(world))
        question = shown.followups[-1] if shown.followups else shown.response
        assert question.components, f"{name}: no confirmation shown: {question.content!r}"
        member = simcord_bot.get_guild(district.guild.id).get_member(actor.id)
        if role:
            await member.remove_roles(discord.Object(district.roles[role].id))
            await simcord_env.settle()
        clicked = await actor.click(question, label="Bekräfta")
        outcomes[name] = observed(clicked)
        if role:
            await member.add_roles(discord.Object(district.roles[role].id))
            await simcord_env.settle()
    assert outcomes == {
        "campaign import": "refused",
        "campaign purge": "refused",
        "plan import": "refused",
        "commitment remove": "refused",
        "memorial remove": "refused",
        "network join": "allowed",
        "privacy forget": "allowed",
    }
    assert simcord_env.errors == []
