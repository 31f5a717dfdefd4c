"""Every feature that tells someone something by DM does it the same way (`cogs._shared.notices.dm_or_mention`):
when their DMs are closed, one mention with the text in the feature's channel, checked again when private and
removed when the member is forgotten. Meetings: tests/cogs/meetings/test_meetings.py (a reminder),
tests/system/test_erasure_traces.py (the mention forgotten) and tests/cogs/setup/test_private_channels.py (held
back); here the other features, and a meeting notice sent on a command."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.i18n import t
from tests.cogs.commitments.test_commitments import commitment_id, load_skane
from tests.cogs.meetings.test_meetings import announcement, dm_texts, labels, schedule, stored_meetings
from tests.cogs.setup.test_private_channels import audit_entries, dms, open_to_everyone
from tests.support import advance_to, public_messages
from tests.system.test_erasure_traces import close_dms, forget

COMMITMENT = "Genomföra en utbildning i medlemsvård"


async def commitment_due_for(district, bot, owner) -> int:
    """A commitment the owner answers for, due 20 January: its reminder goes out on 13 January."""
    await load_skane(district)
    cid = await commitment_id(bot, COMMITMENT)
    await district.organiser.slash(district.general, "commitment assign", commitment=str(cid), owner=owner)
    await district.organiser.slash(district.general, "commitment due", commitment=str(cid), date="2026-01-20")
    return cid


def mentioning(channel, member) -> list:
    return [m for m in channel.history() if m.content.startswith(member.mention)]


async def test_a_commitment_reminder_to_closed_dms_is_a_mention_in_the_organisers_channel(
    simcord_env, simcord_bot, district
):
    await commitment_due_for(district, simcord_bot, district.member)
    close_dms(simcord_env, district.member)
    organisers = district.channels["organisers"]

    await advance_to(simcord_env, simcord_bot, datetime(2026, 1, 14, tzinfo=UTC))

    [notice] = mentioning(organisers, district.member)
    assert notice.content.startswith(f"{district.member.mention} Påminnelse: ”{COMMITMENT}”")
    assert [u.id for u in notice.mentions] == [district.member.id]
    assert dm_texts(district.member) == []
    assert [m.id for m in public_messages(simcord_env) if district.member.mention in m.content] == [notice.id]

    await forget(district, district.member)
    assert notice.id not in [m.id for m in organisers.history()]


async def test_a_commitment_reminder_is_not_mentioned_in_an_organisers_channel_others_see(
    simcord_env, simcord_bot, district
):
    await commitment_due_for(district, simcord_bot, district.member)
    close_dms(simcord_env, district.member)
    organisers = district.channels["organisers"]
    open_to_everyone(simcord_env, district, "organisers")
    await simcord_env.settle()

    await advance_to(simcord_env, simcord_bot, datetime(2026, 1, 14, tzinfo=UTC))

    assert mentioning(organisers, district.member) == []
    held = [e for e in await audit_entries(simcord_bot) if e.action == "private.held"]
    assert [(e.details["what"], e.details["channel_id"]) for e in held] == [("påminnelsen om åtagandet", organisers.id)]


async def request_to_join(district) -> object:
    await district.moderator.slash(district.general, "network mode", mode="approval")
    asked = await district.member.slash(district.general, "network join", audience="women-nonbinary")
    await district.member.click(asked.response.message, label="Bekräfta")
    return district.channels["organisers"].history()[-1]


async def test_an_approval_to_closed_dms_is_a_mention_in_the_networks_own_channel(simcord_env, simcord_bot, district):
    request = await request_to_join(district)
    close_dms(simcord_env, district.member)

    await district.organiser.click(request, label=t("network.request.approve", "sv"))

    women = district.channels["women"]
    [notice] = mentioning(women, district.member)
    assert (
        notice.content == f"{district.member.mention} Din förfrågan är godkänd: välkommen till Kvinnor och ickebinära!"
    )
    assert [u.id for u in notice.mentions] == [district.member.id]

    await forget(district, district.member)
    assert notice.id not in [m.id for m in women.history()]


async def test_a_refusal_to_closed_dms_is_shown_nowhere(simcord_env, simcord_bot, district):
    request = await request_to_join(district)
    close_dms(simcord_env, district.member)
    before = {m.id for m in public_messages(simcord_env)}

    decided = await district.organiser.click(request, label=t("network.request.decline", "sv"))

    assert decided.response is not None
    # The request is edited in place; the one new post is the audit log's copy of the decision.
    [mirrored] = [m for m in public_messages(simcord_env) if m.id not in before]
    assert mirrored.channel.id == district.channels["audit"].id
    assert all(district.member.mention not in m.content for m in public_messages(simcord_env))
    assert dms(district.organiser) == []


async def test_a_meeting_notice_sent_on_a_command_to_closed_dms_is_a_mention_in_the_audience_channel(
    simcord_env, simcord_bot, district
):
    await schedule(district, "women-nonbinary", title="Kvinnoträff")
    await district.woman.click(announcement(district), label=labels(announcement(district))[0])
    close_dms(simcord_env, district.woman)
    [meeting] = await stored_meetings(simcord_bot)

    await district.organiser.slash(district.channels["organisers"], "meeting cancel", meeting=meeting.id)

    [notice] = mentioning(district.channels["women"], district.woman)
    assert notice.content.startswith(f"{district.woman.mention} Inställt: ”Kvinnoträff”")
    await forget(district, district.woman)
    assert mentioning(district.channels["women"], district.woman) == []
