"""The audit log names audiences and join modes as a person reads them, never by their stored keys."""

from __future__ import annotations

from bot import audit
from bot.bot import audit_text


def mirrored(district) -> list[str]:
    return [m.embeds[0].description.split(" · ", 1)[1] for m in district.channels["audit"].history()]


async def test_a_scheduled_meeting_is_logged_with_its_audience_by_name(simcord_env, simcord_bot, district):
    for audience in ("women-nonbinary", "open", "men"):
        await district.organiser.slash(
            district.channels["organisers"],
            "meeting schedule",
            title="Träff",
            audience=audience,
            start="2026-01-07 18:00",
        )
    assert mirrored(district)[-3:] == [
        "planerade träff #1 (Kvinnor och ickebinära)",
        "planerade träff #2 (Öppen för alla medlemmar)",
        "planerade träff #3 (Mansträff)",
    ]


async def test_network_entries_name_the_network_and_the_join_mode(simcord_env, simcord_bot, district):
    await district.moderator.slash(district.general, "network mode", mode="approval")
    shown = await district.member.slash(district.general, "network join", audience="women-nonbinary")
    await district.member.click(shown.response, label="Bekräfta")
    await district.organiser.click(district.channels["organisers"].last_message, label="Godkänn")
    shown = await district.member.slash(district.general, "network join", audience="men")
    await district.member.click(shown.response, label="Bekräfta")
    await district.organiser.click(district.channels["organisers"].last_message, label="Avböj")
    await district.organiser.slash(
        district.general, "network remove", member=district.woman, audience="women-nonbinary"
    )
    await district.moderator.slash(district.general, "network mode", mode="open")
    assert mirrored(district)[-5:] == [
        "ändrade hur man går med i nätverken till godkännande av en organisatör",
        "godkände förfrågan #1 (Kvinnor och ickebinära)",
        "avböjde förfrågan #2 (Mansträff)",
        f"tog bort {district.woman.mention} från nätverket (Kvinnor och ickebinära)",
        "ändrade hur man går med i nätverken till öppet",
    ]


async def test_an_entry_stored_before_reads_right_in_the_admin_audit(simcord_env, simcord_bot, district):
    async with simcord_bot.db.session() as session:
        await audit.record(
            session=session, guild_id=district.guild.id, actor_id=None, action="meetings.schedule", meeting_id=7,
            audience="men",
        )  # fmt: skip
    shown = await district.moderator.slash(district.general, "admin audit")
    assert shown.response.embeds[0].description.endswith("planerade träff #7 (Mansträff)")


def test_audit_values_are_written_in_the_readers_language():
    details = {"meeting_id": 2, "audience": "open"}
    assert audit_text("meetings.schedule", details, "en") == "scheduled meeting #2 (Open to all members)"
    assert (
        audit_text("network.mode", {"mode": "approval"}, "en")
        == "changed how to join the networks to approval by an organiser"
    )
    assert details == {"meeting_id": 2, "audience": "open"}


def test_a_value_the_catalog_no_longer_knows_is_shown_as_stored():
    assert audit_text("network.remove", {"user_id": 5, "audience": "youth"}, "sv") == (
        "tog bort <@5> från nätverket (youth)"
    )
