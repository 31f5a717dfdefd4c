"""/setup language's `replies`: a server may have the replies only a member sees follow each member's Discord
language, while what everyone sees stays in the server's language; the choice is shown, stored and audited."""

from __future__ import annotations

import discord
from sqlmodel import select

from bot import guilds
from bot.audit import AuditEntry
from bot.guilds import Replies
from tests.bot.test_i18n import synced_option

SWEDISH = "sv-SE"


async def stored_replies(bot, guild_id: int) -> str:
    async with bot.db.session() as session:
        config = await guilds.get_config(session=session, guild_id=guild_id)
    return config.replies


def general_field(shown) -> list[str]:
    embed = shown.response.embeds[0]
    return next(field.value for field in embed.fields if field.name in ("Allmänt", "General")).split("\n")


async def test_by_default_replies_are_in_the_servers_language(simcord_env, simcord_bot, district):
    assert await stored_replies(simcord_bot, district.guild.id) == Replies.SERVER
    shown = await district.admin.slash(district.general, "setup show")
    assert general_field(shown) == [
        "Språk: svenska",
        "Svar som bara medlemmen ser: serverns språk",
        "Tidszon: Europe/Stockholm",
    ]


async def test_replies_follow_each_members_language_once_chosen(simcord_env, simcord_bot, district, locales):
    admin = district.admin  # SimCord's members use Discord in American English
    result = await admin.slash(district.general, "setup language", language="sv", replies="member")
    assert result.ephemeral
    assert result.response.content == (
        "Done: the bot now writes in Swedish on this server.\n"
        "Replies only the member sees are in the member's own Discord language when it is Swedish or English, "
        "otherwise in the server's language. What everyone sees is always in the server's language."
    )
    assert await stored_replies(simcord_bot, district.guild.id) == Replies.MEMBER

    shown = await admin.slash(district.general, "setup show")
    assert shown.response.embeds[0].title == f"Settings for {district.guild.name}"
    assert general_field(shown) == [
        "Language: Swedish",
        "Replies only the member sees: each member's Discord language",
        "Time zone: Europe/Stockholm",
    ]
    locales[admin.id] = SWEDISH
    shown = await admin.slash(district.general, "setup show")
    assert general_field(shown)[:2] == ["Språk: svenska", "Svar som bara medlemmen ser: varje medlems språk i Discord"]
    locales[admin.id] = "de"  # a language the bot does not write: the server's
    shown = await admin.slash(district.general, "setup show")
    assert general_field(shown)[0] == "Språk: svenska"

    # The audit log is public to the moderators: in the server's language.
    mirrored = [m.embeds[0].description for m in district.channels["audit"].history()][-2:]
    assert mirrored == [
        f"{admin.mention} · bytte språk till svenska",
        f"{admin.mention} · valde att svar som bara medlemmen ser skrivs på varje medlems språk i Discord",
    ]
    async with simcord_bot.db.session() as session:
        entries = (await session.exec(select(AuditEntry).order_by(AuditEntry.id))).all()
    assert [(e.action, e.details, e.actor_id) for e in entries[-2:]] == [
        ("setup.language", {"language": "svenska"}, admin.id),
        ("setup.replies", {"replies": "member"}, admin.id),
    ]
    # /admin audit is a reply: the reader's language.
    listed = await district.moderator.slash(district.general, "admin audit")
    assert listed.response.embeds[0].title == "Audit log"
    assert (
        listed.response.embeds[0]
        .description.split("\n")[0]
        .endswith("chose that replies only the member sees are in each member's Discord language")
    )


async def test_back_to_the_servers_language_for_everything(simcord_env, simcord_bot, district):
    await district.admin.slash(district.general, "setup language", language="sv", replies="member")
    result = await district.admin.slash(district.general, "setup language", language="sv", replies="server")
    assert result.response.content == (
        "Klart: boten skriver nu på svenska på den här servern.\n"
        "Svar som bara medlemmen ser skrivs också på serverns språk."
    )
    assert await stored_replies(simcord_bot, district.guild.id) == Replies.SERVER
    assert (
        district.channels["audit"]
        .last_message.embeds[0]
        .description.endswith("valde att svar som bara medlemmen ser skrivs på serverns språk")
    )


async def test_the_language_alone_keeps_the_replies_as_they_were(simcord_env, simcord_bot, district):
    await district.admin.slash(district.general, "setup language", language="sv", replies="member")
    result = await district.admin.slash(district.general, "setup language", language="en")
    assert result.response.content == "Done: the bot now writes in English on this server."
    assert await stored_replies(simcord_bot, district.guild.id) == Replies.MEMBER
    async with simcord_bot.db.session() as session:
        actions = [e.action for e in (await session.exec(select(AuditEntry).order_by(AuditEntry.id))).all()]
    assert actions[-3:] == ["setup.language", "setup.replies", "setup.language"]


async def test_a_refusal_is_a_reply_too(simcord_env, simcord_bot, district, locales):
    await district.admin.slash(district.general, "setup language", language="sv", replies="member")
    refused = await district.member.slash(district.general, "admin audit")
    assert refused.response.content == "This needs the role moderator. You don't have it."
    locales[district.member.id] = SWEDISH
    refused = await district.member.slash(district.general, "admin audit")
    assert refused.response.content == "Det här kräver rollen moderator. Du har den inte."
    assert simcord_env.errors == []


async def test_the_replies_option_and_its_choices_are_named_in_swedish(simcord_env, simcord_bot):
    option = await synced_option(simcord_bot, "setup language", "replies")
    assert not option.required
    assert option.name_localizations[discord.Locale.swedish] == "svar"
    assert [c.value for c in option.choices] == ["server", "member"]
    assert [c.name for c in option.choices] == ["the server's language", "each member's Discord language"]
    assert [c.name_localizations[discord.Locale.swedish] for c in option.choices] == [
        "serverns språk",
        "varje medlems språk i Discord",
    ]
