"""The separatist networks: joining (open or with an organiser's approval), leaving, removal, join mode."""

from __future__ import annotations

from sqlmodel import select

from bot.meetings.models import JoinRequest


def role_ids(bot, district, member) -> set[int]:
    """The member's roles as Discord stores them."""
    return set(district.env.backend.guilds[district.guild.id].members[member.id].role_ids)


async def test_member_joins_an_open_network_after_confirming_who_it_is_for(simcord_env, simcord_bot, district):
    women = district.roles["women-nonbinary"].id
    shown = await district.member.slash(district.general, "network join", audience="women-nonbinary")
    assert shown.ephemeral
    assert shown.response.content.startswith(
        "Nätverket för kvinnor och ickebinära är ett separatistiskt rum för dig som är kvinna eller ickebinär."
    )
    assert "Boten sparar inget om kön" in shown.response.content
    assert women not in role_ids(simcord_bot, district, district.member)

    done = await district.member.click(shown.response, label="Bekräfta")
    assert done.response.content == f"Välkommen! Du har nu rollen <@&{women}>."
    assert women in role_ids(simcord_bot, district, district.member)

    again = await district.member.slash(district.general, "network join", audience="women-nonbinary")
    assert again.response.content == "Du är redan med i nätverket."

    left = await district.member.slash(district.general, "network leave")
    assert left.response.content == f"Klart: du har lämnat <@&{women}>."
    assert women not in role_ids(simcord_bot, district, district.member)
    assert simcord_env.errors == []


async def test_cancelling_the_confirmation_changes_nothing(simcord_env, simcord_bot, district):
    shown = await district.member.slash(district.general, "network join", audience="men")
    assert shown.response.content.startswith("Mansträffarna är ett rum för dig som är man")
    cancelled = await district.member.click(shown.response, label="Avbryt")
    assert cancelled.response.content == "Avbrutet. Inget har ändrats."
    assert district.roles["men"].id not in role_ids(simcord_bot, district, district.member)


async def test_approval_mode_sends_a_request_organisers_decide_even_after_a_restart(
    simcord_env, simcord_bot, district, make_bot
):
    refused = await district.organiser.slash(district.general, "network mode", mode="approval")
    assert refused.response.content == "Det här kräver rollen moderator. Du har den inte."
    assert simcord_env.errors == []
    changed = await district.moderator.slash(district.general, "network mode", mode="approval")
    assert changed.response.content == "Klart: en organisatör godkänner nu varje förfrågan om att gå med."

    shown = await district.member.slash(district.general, "network join", audience="women-nonbinary")
    sent = await district.member.click(shown.response, label="Bekräfta")
    assert sent.response.content.startswith("Din förfrågan har skickats till organisatörerna.")
    women = district.roles["women-nonbinary"].id
    assert women not in role_ids(simcord_bot, district, district.member)
    request = district.channels["organisers"].last_message
    assert request.embeds[0].description == f"{district.member.mention} vill gå med i: Kvinnor och ickebinära."

    twice = await district.member.slash(district.general, "network join", audience="women-nonbinary")
    again = await district.member.click(twice.response, label="Bekräfta")
    assert again.response.content == "Du har redan en förfrågan som väntar på svar."
    assert simcord_env.errors == []

    restarted = make_bot()
    await simcord_env.restart_bot(restarted)
    await simcord_env.settle()

    # The persistent Approve button still works after the restart.
    decided = await district.organiser.click(district.channels["organisers"].last_message, label="Godkänn")
    assert decided.response.embeds[0].description.endswith(f"Godkänd av {district.organiser.mention}.")
    assert women in role_ids(restarted, district, district.member)
    assert district.member.user.dm_channel.history()[-1].content == (
        "Din förfrågan är godkänd: välkommen till Kvinnor och ickebinära!"
    )
    assert district.channels["organisers"].last_message.components == []
    async with restarted.db.session() as session:
        [row] = (await session.exec(select(JoinRequest))).all()
    assert row.status == "approved" and row.decided_by == district.organiser.id
    assert "godkände förfrågan" in district.channels["audit"].last_message.embeds[0].description


async def test_a_declined_request_gives_no_role(simcord_env, simcord_bot, district):
    await district.moderator.slash(district.general, "network mode", mode="approval")
    shown = await district.member.slash(district.general, "network join", audience="men")
    await district.member.click(shown.response, label="Bekräfta")
    decided = await district.moderator.click(district.channels["organisers"].last_message, label="Avböj")
    assert decided.response.embeds[0].description.endswith(f"Avböjd av {district.moderator.mention}.")
    assert district.roles["men"].id not in role_ids(simcord_bot, district, district.member)
    assert district.member.user.dm_channel.history()[-1].content.startswith("Din förfrågan om Mansträff blev inte")


async def test_organisers_remove_someone_members_cannot(simcord_env, simcord_bot, district):
    women = district.roles["women-nonbinary"].id
    refused = await district.man.slash(
        district.general, "network remove", member=district.woman, audience="women-nonbinary"
    )
    assert refused.response.content == "Det här kräver rollen organisatör. Du har den inte."
    assert women in role_ids(simcord_bot, district, district.woman)

    removed = await district.organiser.slash(
        district.general, "network remove", member=district.woman, audience="women-nonbinary"
    )
    assert removed.response.content == f"Klart: {district.woman.mention} har inte längre <@&{women}>."
    assert women not in role_ids(simcord_bot, district, district.woman)
    assert "tog bort" in district.channels["audit"].last_message.embeds[0].description
    assert simcord_env.errors == []


async def test_only_organisers_decide_even_if_they_reach_the_button(simcord_env, simcord_bot, district):
    from simcord.backend.models import Overwrite
    from simcord.enums import OverwriteType

    await district.moderator.slash(district.general, "network mode", mode="approval")
    shown = await district.member.slash(district.general, "network join", audience="women-nonbinary")
    await district.member.click(shown.response, label="Bekräfta")
    # A caller is let into the organisers' channel by a member overwrite; that makes no one an organiser.
    organisers = simcord_env.backend.channels[district.channels["organisers"].id]
    view = 1 << 10
    organisers.overwrites.append(Overwrite(target_id=district.caller.id, type=OverwriteType.MEMBER, allow=view, deny=0))
    refused = await district.caller.click(district.channels["organisers"].last_message, label="Godkänn")
    assert refused.ephemeral
    assert refused.response.content == "Det här kräver rollen organisatör. Du har den inte."
    assert simcord_env.errors == []
    assert district.roles["women-nonbinary"].id not in role_ids(simcord_bot, district, district.member)
    assert [c.label for row in district.channels["organisers"].last_message.components for c in row.children] == [
        "Godkänn",
        "Avböj",
    ]
