"""A moderator configures a server; people without rights are refused."""

from __future__ import annotations

import pytest
from simcord import SetupError
from sqlmodel import select

from bot import guilds
from bot.audit import AuditEntry
from bot.guilds import ChannelPurpose, RolePurpose
from tests.support import build_district


@pytest.fixture
async def world(simcord_env):
    return build_district(simcord_env)


async def test_admin_configures_channels_roles_and_language(simcord_env, simcord_bot, world):
    admin = world.admin
    # The roles first: a private channel is checked against who it is for.
    await admin.slash(world.general, "setup role", purpose="moderator", role=world.roles["moderator"])
    await admin.slash(world.general, "setup role", purpose="organiser", role=world.roles["organiser"])

    result = await admin.slash(
        world.general, "setup channel", purpose="organisers", channel=world.channels["organisers"]
    )
    assert result.ephemeral
    assert result.response.content == f"Klart: organisatörskanal är nu {world.channels['organisers'].mention}."

    result = await admin.slash(world.general, "setup role", purpose="caller", role=world.roles["caller"])
    assert result.response.content == f"Klart: ringarroll är nu {world.roles['caller'].mention}."

    await admin.slash(world.general, "setup channel", purpose="audit-log", channel=world.channels["audit"])

    async with simcord_bot.db.session() as session:
        config = await guilds.get_config(session=session, guild_id=world.guild.id)
        entries = (await session.exec(select(AuditEntry).order_by(AuditEntry.id))).all()
    assert config.channel_id(ChannelPurpose.ORGANISERS) == world.channels["organisers"].id
    assert config.role_id(RolePurpose.CALLER) == world.roles["caller"].id
    assert [e.action for e in entries] == ["setup.role", "setup.role", "setup.channel", "setup.role", "setup.channel"]
    assert all(e.actor_id == admin.id for e in entries)
    # From the moment the audit-log channel is set, actions are mirrored there.
    mirrored = world.channels["audit"].last_message
    assert mirrored.embeds[0].description == (
        f"{admin.mention} · ställde in loggkanal till {world.channels['audit'].mention}"
    )

    shown = await admin.slash(world.general, "setup show")
    assert shown.ephemeral
    embed = shown.response.embeds[0]
    fields = {field.name: field.value for field in embed.fields}
    assert f"organisatörskanal: {world.channels['organisers'].mention}" in fields["Kanaler"]
    assert "meddelandekanal: *inte inställd*" in fields["Kanaler"]
    assert "meddelandekanal" in fields["Saknas"] and "ringarroll" not in fields["Saknas"]

    result = await admin.slash(world.general, "setup language", language="en")
    assert result.response.content == "Done: the bot now writes in English on this server."
    shown = await admin.slash(world.general, "setup show")
    assert shown.response.embeds[0].title == f"Settings for {world.guild.name}"


async def test_setup_refuses_a_channel_the_bot_cannot_post_in(simcord_env, simcord_bot, world):
    import discord

    locked = world.guild.create_text_channel(
        "låst", overwrites={simcord_env.bot.user: discord.PermissionOverwrite(send_messages=False)}
    )
    result = await world.admin.slash(world.general, "setup channel", purpose="announcements", channel=locked)
    assert result.ephemeral
    assert result.response.content.startswith(f"Jag kan inte skicka meddelanden i {locked.mention}.")
    async with simcord_bot.db.session() as session:
        config = await guilds.get_config(session=session, guild_id=world.guild.id)
    assert config.channel_id(ChannelPurpose.ANNOUNCEMENTS) is None


@pytest.mark.parametrize(
    ("command", "options"),
    [
        ("setup channel", {"purpose": "organisers"}),
        ("setup role", {"purpose": "caller"}),
        ("setup show", {}),
        ("setup language", {"language": "en"}),
    ],
)
async def test_members_without_manage_server_cannot_see_setup(simcord_env, simcord_bot, world, command, options):
    if command == "setup channel":
        options["channel"] = world.channels["organisers"]
    if command == "setup role":
        options["role"] = world.roles["caller"]
    for person in (world.member, world.moderator, world.organiser):
        with pytest.raises(SetupError):
            await person.slash(world.general, command, **options)
    async with simcord_bot.db.session() as session:
        assert (await session.exec(select(AuditEntry))).all() == []


async def test_admin_audit_is_for_moderators(simcord_env, simcord_bot, district):
    result = await district.member.slash(district.general, "admin audit")
    assert result.ephemeral
    assert result.response.content == "Det här kräver rollen moderator. Du har den inte."
    assert simcord_env.errors == []

    await district.admin.slash(district.general, "setup language", language="sv")
    result = await district.moderator.slash(district.general, "admin audit")
    assert result.ephemeral
    assert result.response.embeds[0].title == "Granskningslogg"
    assert "bytte språk till svenska" in result.response.embeds[0].description


async def test_refusal_names_an_unconfigured_role(simcord_env, simcord_bot, world):
    result = await world.member.slash(world.general, "admin audit")
    assert result.response.content.startswith("Det här kräver rollen moderator, men servern har ingen sådan roll")
    assert simcord_env.errors == []


async def test_unexpected_error_gets_an_incident_code(simcord_env, simcord_bot, district, monkeypatch, caplog):
    async def broken(*args, **kwargs):
        raise RuntimeError("database exploded")

    monkeypatch.setattr("bot.audit.recent", broken)
    result = await district.moderator.slash(district.general, "admin audit")
    assert result.ephemeral
    content = result.response.content
    assert content.startswith("Något gick fel. Felkod: `")
    code = content.split("`")[1]
    assert len(code) == 6
    assert "database exploded" not in content and "Traceback" not in content
    assert any(code in record.getMessage() for record in caplog.records)
    assert [type(e.original) for e in simcord_env.errors] == [RuntimeError]
