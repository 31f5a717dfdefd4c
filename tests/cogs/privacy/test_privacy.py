"""Members' data rights: information, a copy of their data, erasure, members who leave, retention."""

from __future__ import annotations

import json
from datetime import timedelta

import discord
from sqlmodel import select

import bot.campaigns.retention
import bot.commitments.service
import bot.meetings.networks
import bot.meetings.service
import bot.memorial.models  # noqa: F401  (the features register their personal data on import)
from bot import privacy
from bot.audit import AuditEntry
from bot.i18n import MESSAGES
from tests.cogs.meetings.test_meetings import announcement, schedule
from tests.support import advance, advance_to


async def audit_rows(bot) -> list[AuditEntry]:
    async with bot.db.session() as session:
        return list((await session.exec(select(AuditEntry).order_by(AuditEntry.id))).all())


async def test_info_names_the_contact_the_moderators_set(simcord_env, simcord_bot, district):
    result = await district.member.slash(district.general, "privacy info")
    assert result.ephemeral
    assert "distriktets styrelse (ingen kontaktperson är inställd ännu)." in result.response.embeds[0].description

    await district.moderator.slash(district.general, "privacy contact", contact="Lisa, dataskydd@example.org")
    result = await district.member.slash(district.general, "privacy info")
    body = result.response.embeds[0].description
    assert body.endswith("**Kontakt** – Lisa, dataskydd@example.org")
    assert "efter 30 dagar" in body


async def test_mydata_is_exactly_the_members_own_data(simcord_env, simcord_bot, district):
    await district.moderator.slash(district.general, "privacy grace", days=14)
    await district.admin.slash(district.general, "setup language", language="sv")

    result = await district.moderator.slash(district.general, "privacy mydata")
    assert result.ephemeral
    [attachment] = result.followups[0].attachments if result.followups else result.response.attachments
    document = json.loads(await attachment.read())
    assert document["member"] == district.moderator.id
    assert document["data"]["audit_entries"] == [
        {
            "action": "privacy.grace",
            "details": {"days": 14},
            "at": document["data"]["audit_entries"][0]["at"],
            "by_you": True,
        }
    ]


async def test_forget_erases_after_confirming_and_leaves_the_networks(simcord_env, simcord_bot, district):
    await district.moderator.slash(district.general, "privacy grace", days=10)
    asked = await district.moderator.slash(district.general, "privacy forget")
    assert asked.ephemeral
    assert asked.response.content.startswith("Vill du att boten raderar allt")
    assert [e.actor_id for e in await audit_rows(simcord_bot)] == [district.moderator.id]

    done = await district.moderator.click(asked.response.message, label="Bekräfta")
    assert done.response.content.startswith("Klart. Allt boten sparat om dig")
    rows = await audit_rows(simcord_bot)
    assert [(e.actor_id, e.action) for e in rows] == [(None, "privacy.grace"), (None, "privacy.erased")]
    assert rows[1].details == {}

    woman_asked = await district.woman.slash(district.general, "privacy forget")
    await district.woman.click(woman_asked.response.message, label="Bekräfta")
    assert district.roles["women-nonbinary"].id not in {r.id for r in district.woman.member.roles}


async def test_forget_can_be_cancelled(simcord_env, simcord_bot, district):
    await district.moderator.slash(district.general, "privacy grace", days=10)
    asked = await district.moderator.slash(district.general, "privacy forget")
    cancelled = await district.moderator.click(asked.response.message, label="Avbryt")
    assert cancelled.response.content == "Avbrutet. Inget har ändrats."
    assert [e.actor_id for e in await audit_rows(simcord_bot)] == [district.moderator.id]


async def test_member_who_leaves_is_forgotten_after_the_grace_period(simcord_env, simcord_bot, district):
    await district.moderator.slash(district.general, "privacy grace", days=10)
    left_at = simcord_env.now()
    district.guild.remove_member(district.moderator)
    await simcord_env.settle()

    await advance_to(simcord_env, simcord_bot, left_at + timedelta(days=10) - timedelta(minutes=1))
    assert [e.actor_id for e in await audit_rows(simcord_bot)] == [district.moderator.id]

    await advance(simcord_env, simcord_bot, 120)
    assert [e.actor_id for e in await audit_rows(simcord_bot)] == [None, None]


async def test_member_who_comes_back_is_not_forgotten(simcord_env, simcord_bot, district):
    await district.moderator.slash(district.general, "privacy grace", days=10)
    user = simcord_env.backend.get_user(district.moderator.id)
    district.guild.remove_member(district.moderator)
    await simcord_env.settle()
    await advance(simcord_env, simcord_bot, 86400)
    from simcord.builders import UserHandle

    district.guild.add_member(UserHandle(simcord_env, user), roles=[district.roles["moderator"]])
    await simcord_env.settle()
    await advance(simcord_env, simcord_bot, 20 * 86400)
    assert [e.actor_id for e in await audit_rows(simcord_bot)] == [district.moderator.id]


async def test_audit_entries_are_kept_two_years_and_then_deleted(simcord_env, simcord_bot, district):
    await district.moderator.slash(district.general, "privacy grace", days=10)
    written = simcord_env.now()

    async def night_then_day(day):
        """Jump to that midnight as if nothing happened in between, re-plan as the nightly job does, run the day."""
        await simcord_env.advance_time((day - simcord_env.now()).total_seconds())
        await simcord_bot.ledger.replan()
        await advance_to(simcord_env, simcord_bot, day + timedelta(hours=12))

    await night_then_day(written + privacy.AUDIT_RETENTION - timedelta(days=1))
    assert len(await audit_rows(simcord_bot)) == 1
    await night_then_day(written + privacy.AUDIT_RETENTION + timedelta(days=1))
    assert await audit_rows(simcord_bot) == []


def test_one_table_lists_every_kind_of_personal_data_with_its_retention_rule():
    listed = {kind.name for kind in privacy.KINDS}
    assert {provider.name for provider in privacy.PROVIDERS} <= listed
    assert listed - {provider.name for provider in privacy.PROVIDERS} == {"call_list_contacts"}  # not members
    rules = {rule.what for rule in privacy.RETENTION}
    assert rules == {"audit_entries", "meeting_rsvps", "meeting_attendance", "call_list_contacts"}
    assert rules == {kind.rule for kind in privacy.KINDS if kind.rule is not None}
    for kind in privacy.KINDS:
        assert f"privacy.kind.{kind.name}" in MESSAGES and f"privacy.kept.{kind.kept}" in MESSAGES, kind


async def test_info_lists_every_kind_of_data_with_how_long_it_is_kept(simcord_env, simcord_bot, district):
    await district.moderator.slash(district.general, "privacy grace", days=14)
    body = (await district.member.slash(district.general, "privacy info")).response.embeds[0].description
    assert "• Dina svar på träffar (för påminnelser och antal platser) – ett år efter träffen\n" in body
    assert "• Ringlistornas namn och telefonnummer (krypterade) – 30 dagar efter att kampanjen stängts\n" in body
    assert "granskningsloggen (dina egna och de som gäller dig) – två år\n" in body
    assert "• Åtaganden du är ansvarig för – tills du ber boten glömma dig eller har lämnat servern i 14 dagar" in body
    assert body.count("\n• ") == len(privacy.KINDS)


async def test_mydata_names_the_meetings_answered_in_the_servers_time_beside_the_file(
    simcord_env, simcord_bot, district
):
    """The woman answered a women's meeting and an open one, then left the network: the meeting she can no
    longer see is still named in her copy, with its time in the server's zone, and in words beside the file."""
    await schedule(district, "women-nonbinary", title="Kvinnoträff", start="2026-01-07 18:00")
    await district.woman.click(announcement(district, "women-nonbinary"), label="Kommer (0)")
    await schedule(district, "open", title="Medlemsmöte", start="2026-07-01 18:30")
    await district.woman.click(announcement(district, "open"), label="Kanske (0)")
    member = simcord_bot.get_guild(district.guild.id).get_member(district.woman.id)
    await member.remove_roles(discord.Object(district.roles["women-nonbinary"].id))
    await simcord_env.settle()

    result = await district.woman.slash(district.general, "privacy mydata")
    assert result.ephemeral
    reply = result.followups[0] if result.followups else result.response
    assert reply.content == (
        "Här är allt boten har sparat om dig på den här servern.\n\n"
        "Du har svarat på 2 träffar:\n"
        "• ”Kvinnoträff”, onsdag 7 januari 2026 kl. 18:00: Kommer\n"
        "• ”Medlemsmöte”, onsdag 1 juli 2026 kl. 18:30: Kanske\n\n"
        "Det här finns i filen:\n"
        "• Dina svar på träffar (för påminnelser och antal platser): 2"
    )
    document = json.loads(await reply.attachments[0].read())
    assert [
        {key: r[key] for key in ("meeting_id", "title", "start_at", "answer", "answered_at")}
        for r in document["data"]["meeting_rsvps"]
    ] == [
        {
            "meeting_id": 1,
            "title": "Kvinnoträff",
            "start_at": "2026-01-07T18:00:00+01:00",
            "answer": "kommer",
            "answered_at": "2026-01-01T01:00:00+01:00",
        },
        {
            "meeting_id": 2,
            "title": "Medlemsmöte",
            "start_at": "2026-07-01T18:30:00+02:00",
            "answer": "kanske",
            "answered_at": "2026-01-01T01:00:00+01:00",
        },
    ]


async def test_mydata_counts_the_commitments_a_member_is_responsible_for(simcord_env, simcord_bot, district):
    await district.moderator.slash(district.general, "plan load", plan="skane-2023")
    for cid in (1, 2):
        await district.organiser.slash(
            district.general, "commitment assign", commitment=str(cid), owner=district.member
        )

    result = await district.member.slash(district.general, "privacy mydata")
    reply = result.followups[0] if result.followups else result.response
    assert reply.content == (
        "Här är allt boten har sparat om dig på den här servern.\n\n"
        "Du är ansvarig för 2 åtaganden.\n\n"
        "Det här finns i filen:\n"
        "• Åtaganden du är ansvarig för: 2"
    )


async def test_mydata_of_a_member_the_bot_knows_nothing_about_says_so(simcord_env, simcord_bot, district):
    result = await district.member.slash(district.general, "privacy mydata")
    reply = result.followups[0] if result.followups else result.response
    assert reply.content == (
        "Här är allt boten har sparat om dig på den här servern.\n\nBoten har inte sparat något om dig här."
    )
