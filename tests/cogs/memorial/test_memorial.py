"""Memorial days in a simulated district: on time, exactly once, reminders, restarts, failures, commands."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from bot import guilds, privacy
from bot.audit import AuditEntry
from bot.guilds import ChannelPurpose
from bot.ledger import Occurrence, Status
from bot.memorial.models import MemorialDay, MemorialRegistration
from bot.memorial.seeding import SEED_FILE
from tests.support import advance_to, build_district, unbind_channel

SEEDS = {seed["key"]: seed for seed in json.loads(SEED_FILE.read_text(encoding="utf-8"))["days"]}


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.fixture
async def district(simcord_env, simcord_bot):
    """A configured district server that the bot saw from the start, so it got the plan's days."""
    district = build_district(simcord_env)
    with simcord_env.time_context():  # a fixture runs outside the simulated clock unless told
        await simcord_bot.ensure_guild(district.guild.id)
        await district.configure(simcord_bot)
    return district


def posts(district, title: str) -> list:
    return [m for m in district.channels["announcements"].history() if m.embeds and m.embeds[0].title == title]


def reminders(district, name: str) -> list:
    return [m for m in district.channels["organisers"].history() if m.embeds and m.embeds[0].title.startswith(name)]


async def day_by_seed(bot, key: str) -> MemorialDay:
    async with bot.db.session() as session:
        return (await session.exec(select(MemorialDay).where(MemorialDay.seed_key == key))).one()


async def occurrence(bot, kind: str, key: str) -> Occurrence:
    async with bot.db.session() as session:
        return (
            await session.exec(select(Occurrence).where(Occurrence.kind == kind, Occurrence.occurrence_key == key))
        ).one()


async def restart(simcord_env, make_bot):
    bot = make_bot()
    await simcord_env.restart_bot(bot)
    await simcord_env.settle()
    return bot


WOMENS_DAY = "Internationella kvinnodagen"
WOMENS_DAY_AT = utc(2026, 3, 8, 8)  # 09:00 in Stockholm, winter time


# ---------------------------------------------------------------------------------------------- on time


@pytest.mark.parametrize(
    ("key", "due"),
    [
        ("womens-day", utc(2026, 3, 8, 8)),  # winter time: 09:00 CET
        ("may-day", utc(2026, 5, 1, 7)),  # summer time: 09:00 CEST
        ("nakba", utc(2026, 5, 15, 7)),
        ("srebrenica", utc(2026, 7, 11, 7)),
        ("slave-trade", utc(2026, 10, 9, 7)),
        ("november-pogrom", utc(2026, 11, 9, 8)),  # winter time again
    ],
)
async def test_each_seeded_day_posts_once_at_nine_local_time(simcord_env, simcord_bot, district, key, due):
    seed = SEEDS[key]
    title = seed["name"]["sv"]
    await advance_to(simcord_env, simcord_bot, due - timedelta(seconds=1))
    assert posts(district, title) == []

    await advance_to(simcord_env, simcord_bot, due)
    [post] = posts(district, title)
    assert post.created_at == due
    assert post.embeds[0].description == seed["text"]["sv"]

    # Nothing more that day (the grace window ends at midnight) nor before the next year's day.
    await advance_to(simcord_env, simcord_bot, due + timedelta(days=1))
    assert len(posts(district, title)) == 1
    row = await occurrence(simcord_bot, "memorial.post", due.date().isoformat())
    assert row.status == Status.POSTED and row.attempts == 1


async def test_a_server_writing_english_gets_the_english_announcement(simcord_env, simcord_bot, district):
    await district.admin.slash(district.general, "setup language", language="en")
    await advance_to(simcord_env, simcord_bot, WOMENS_DAY_AT)
    [post] = posts(district, "International Women's Day")
    assert post.embeds[0].description == SEEDS["womens-day"]["text"]["en"]
    assert post.embeds[0].footer.text == "Sunday 8 March 2026"


# ---------------------------------------------------------------------------------------------- reminders


async def test_lead_reminders_go_to_organisers_fourteen_and_three_days_before(
    simcord_env, simcord_bot, district, make_bot
):
    await advance_to(simcord_env, simcord_bot, utc(2026, 2, 22, 8) - timedelta(seconds=1))
    assert reminders(district, WOMENS_DAY) == []

    await advance_to(simcord_env, simcord_bot, utc(2026, 2, 22, 8))
    [first] = reminders(district, WOMENS_DAY)
    assert first.created_at == utc(2026, 2, 22, 8)
    embed = first.embeds[0]
    assert embed.title == "Internationella kvinnodagen om 14 dagar"
    assert embed.description.startswith("Dagen infaller söndag 8 mars 2026. Ordnar er partiförening något?")
    assert [(f.name, f.value) for f in embed.fields] == [("Partiföreningar som ordnar något", "Inga anmälda ännu.")]
    assert posts(district, WOMENS_DAY) == []

    # The button works after a restart, for organisers.
    bot = await restart(simcord_env, make_bot)
    shown = await district.organiser.click(first, label="Vi ordnar något")
    assert shown.modal is not None
    done = await district.organiser.submit_modal(
        shown, {"branch": "Malmö", "what": "Manifestation på Möllevångstorget kl. 14"}
    )
    assert done.ephemeral
    assert done.response.content == "Tack! Malmö står nu med i påminnelsen."
    [first] = reminders(district, WOMENS_DAY)
    listed = f"• **Malmö**: Manifestation på Möllevångstorget kl. 14 ({district.organiser.mention})"
    assert first.embeds[0].fields[0].value == listed

    # The same organiser and branch again replaces their entry rather than adding one.
    shown = await district.organiser.click(first, label="Vi ordnar något")
    await district.organiser.submit_modal(shown, {"branch": "malmö", "what": "Manifestation kl. 15"})
    async with bot.db.session() as session:
        entries = (await session.exec(select(MemorialRegistration))).all()
    assert [(e.branch, e.what, e.year) for e in entries] == [("Malmö", "Manifestation kl. 15", 2026)]

    await advance_to(simcord_env, bot, utc(2026, 3, 5, 8))
    first, second = reminders(district, WOMENS_DAY)
    assert second.created_at == utc(2026, 3, 5, 8)
    assert second.embeds[0].title == "Internationella kvinnodagen om 3 dagar"
    listed = f"• **Malmö**: Manifestation kl. 15 ({district.organiser.mention})"
    assert second.embeds[0].fields[0].value == listed

    # A registration through the later reminder shows in both.
    shown = await district.moderator.click(second, label="Vi ordnar något")
    await district.moderator.submit_modal(shown, {"branch": "Lund", "what": "Bokbord på Stortorget"})
    both = listed + f"\n• **Lund**: Bokbord på Stortorget ({district.moderator.mention})"
    assert [m.embeds[0].fields[0].value for m in reminders(district, WOMENS_DAY)] == [both, both]

    # Who registered is personal data: exported on request, forgotten on erasure (the activity stays).
    async with bot.db.session() as session:
        mine = (await privacy.my_data(session=session, guild_id=district.guild.id, user_id=district.organiser.id))[
            "memorial_registrations"
        ]
        await privacy.forget(session=session, guild_id=district.guild.id, user_id=district.organiser.id)
        entries = (await session.exec(select(MemorialRegistration).order_by(MemorialRegistration.id))).all()
    assert [(m["branch"], m["what"], m["year"]) for m in mine] == [("Malmö", "Manifestation kl. 15", 2026)]
    assert [(e.branch, e.organiser_id) for e in entries] == [("Malmö", 0), ("Lund", district.moderator.id)]


# ---------------------------------------------------------------------------------------------- exactly once


async def test_a_restart_right_after_posting_does_not_post_again(simcord_env, simcord_bot, district, make_bot):
    await advance_to(simcord_env, simcord_bot, WOMENS_DAY_AT)
    assert len(posts(district, WOMENS_DAY)) == 1

    bot = await restart(simcord_env, make_bot)
    await advance_to(simcord_env, bot, WOMENS_DAY_AT + timedelta(hours=1))
    bot = await restart(simcord_env, make_bot)
    await advance_to(simcord_env, bot, WOMENS_DAY_AT + timedelta(days=1))
    assert len(posts(district, WOMENS_DAY)) == 1


async def test_a_bot_down_at_nine_that_starts_at_one_posts_once(simcord_env, simcord_bot, district, make_bot):
    await advance_to(simcord_env, simcord_bot, WOMENS_DAY_AT - timedelta(hours=1))
    # Down from 08:00 to 13:00 local: nobody runs the ledger.
    await simcord_env.advance_time((utc(2026, 3, 8, 12) - simcord_env.now()).total_seconds())
    assert posts(district, WOMENS_DAY) == []

    bot = await restart(simcord_env, make_bot)
    [post] = posts(district, WOMENS_DAY)
    assert post.created_at == utc(2026, 3, 8, 12)
    await advance_to(simcord_env, bot, WOMENS_DAY_AT + timedelta(days=1))
    assert len(posts(district, WOMENS_DAY)) == 1


async def test_a_bot_that_starts_the_next_day_skips_the_stale_post_and_logs_it(
    simcord_env, simcord_bot, district, make_bot, caplog
):
    await advance_to(simcord_env, simcord_bot, WOMENS_DAY_AT - timedelta(hours=1))
    await simcord_env.advance_time((utc(2026, 3, 9, 8) - simcord_env.now()).total_seconds())

    bot = await restart(simcord_env, make_bot)
    assert posts(district, WOMENS_DAY) == []
    row = await occurrence(bot, "memorial.post", "2026-03-08")
    assert row.status == Status.SKIPPED
    assert any(
        "skipped stale occurrence" in r.getMessage()
        and "memorial.post" in r.getMessage()
        and "2026-03-08" in r.getMessage()
        for r in caplog.records
    )
    # Next year's day is still planned.
    next_year = await occurrence(bot, "memorial.post", "2027-03-08")
    assert next_year.status == Status.PENDING


async def test_a_discord_500_is_retried_and_posts_once(simcord_env, simcord_bot, district):
    announcements = district.channels["announcements"]
    simcord_env.inject_error("POST", f"/channels/{announcements.id}/messages", status=500, times=None)
    await advance_to(simcord_env, simcord_bot, WOMENS_DAY_AT)
    assert posts(district, WOMENS_DAY) == []
    row = await occurrence(simcord_bot, "memorial.post", "2026-03-08")
    assert row.status == Status.PENDING and row.attempts == 1

    simcord_env.backend.faults.clear()
    await advance_to(simcord_env, simcord_bot, WOMENS_DAY_AT + timedelta(minutes=5))
    [post] = posts(district, WOMENS_DAY)
    assert post.created_at == WOMENS_DAY_AT + timedelta(seconds=30)
    await advance_to(simcord_env, simcord_bot, WOMENS_DAY_AT + timedelta(hours=3))
    assert len(posts(district, WOMENS_DAY)) == 1
    row = await occurrence(simcord_bot, "memorial.post", "2026-03-08")
    assert row.status == Status.POSTED


async def test_a_missing_channel_is_reported_and_posted_once_fixed(simcord_env, simcord_bot, district):
    day = await day_by_seed(simcord_bot, "womens-day")
    async with simcord_bot.db.session() as session:
        day.channel_id = 4242  # the day's channel was deleted
        session.add(day)

    await advance_to(simcord_env, simcord_bot, WOMENS_DAY_AT)
    assert posts(district, WOMENS_DAY) == []
    row = await occurrence(simcord_bot, "memorial.post", "2026-03-08")
    assert row.status == Status.BLOCKED
    report = district.channels["audit"].last_message.embeds[0].description
    assert report == (
        "boten · kunde inte posta minnesdagsinlägget i <#4242>: kanalen finns inte. "
        "Jag försöker igen när det är åtgärdat."
    )

    # A moderator points the day at a channel that exists: it is posted at once, once.
    result = await district.moderator.slash(
        district.general, "memorial edit", day=str(day.id), channel=district.channels["announcements"]
    )
    assert result.response.content == "Klart: ändrade kanal för ”Internationella kvinnodagen”."
    [post] = posts(district, WOMENS_DAY)
    assert post.created_at == WOMENS_DAY_AT
    await advance_to(simcord_env, simcord_bot, WOMENS_DAY_AT + timedelta(hours=1))
    assert len(posts(district, WOMENS_DAY)) == 1


async def test_a_channel_the_bot_may_not_post_in_is_reported(simcord_env, simcord_bot, district):
    import discord

    locked = district.guild.create_text_channel(
        "låst", overwrites={simcord_env.bot.user: discord.PermissionOverwrite(send_messages=False)}
    )
    # /memorial edit refuses such a channel outright...
    day = await day_by_seed(simcord_bot, "womens-day")
    result = await district.moderator.slash(district.general, "memorial edit", day=str(day.id), channel=locked)
    assert result.response.content.startswith(f"Jag kan inte skicka meddelanden i {locked.mention}.")
    assert simcord_env.errors == []
    # ...but permissions can change after it was chosen.
    async with simcord_bot.db.session() as session:
        day.channel_id = locked.id
        session.add(day)
    await advance_to(simcord_env, simcord_bot, WOMENS_DAY_AT)
    report = district.channels["audit"].last_message.embeds[0].description
    assert report == (
        f"boten · kunde inte posta minnesdagsinlägget i {locked.mention}: jag saknar behörighet. "
        "Jag försöker igen när det är åtgärdat."
    )
    row = await occurrence(simcord_bot, "memorial.post", "2026-03-08")
    assert row.status == Status.BLOCKED


async def without_channel(bot, district, purpose: ChannelPurpose) -> None:
    """As if the server had never set the purpose's channel."""
    async with bot.db.session() as session:
        config = await guilds.get_config(session=session, guild_id=district.guild.id)
        unbind_channel(config, purpose)
        session.add(config)
    bot.forget_config(district.guild.id)


async def test_no_announcements_channel_is_reported(simcord_env, simcord_bot, district):
    await without_channel(simcord_bot, district, ChannelPurpose.ANNOUNCEMENTS)
    await advance_to(simcord_env, simcord_bot, WOMENS_DAY_AT)
    report = district.channels["audit"].last_message.embeds[0].description
    assert report == (
        "boten · kunde inte posta minnesdagsinlägget: ingen kanal är inställd. Ställ in den med /setup channel."
    )


async def test_a_reminder_without_an_organisers_channel_is_reported(simcord_env, simcord_bot, district):
    await without_channel(simcord_bot, district, ChannelPurpose.ORGANISERS)
    await advance_to(simcord_env, simcord_bot, utc(2026, 2, 22, 8))
    report = district.channels["audit"].last_message.embeds[0].description
    assert report == (
        "boten · kunde inte posta påminnelsen om en minnesdag: ingen kanal är inställd. "
        "Ställ in den med /setup channel."
    )
    row = await occurrence(simcord_bot, "memorial.reminder", "2026-03-08:14")
    assert row.status == Status.BLOCKED


# ---------------------------------------------------------------------------------------------- permissions


@pytest.mark.parametrize(
    ("command", "options"),
    [
        ("memorial add", {"name": "Egen dag", "date": "1 juni", "text": "Text"}),
        ("memorial edit", {"name": "Nytt namn"}),
        ("memorial remove", {}),
        ("memorial pause", {}),
        ("memorial resume", {}),
        ("memorial preview", {}),
        ("memorial post-now", {}),
    ],
)
async def test_only_moderators_manage_memorial_days(simcord_env, simcord_bot, district, command, options):
    day = await day_by_seed(simcord_bot, "womens-day")
    if command != "memorial add":
        options = {"day": str(day.id), **options}
    people = (district.organiser, district.caller, district.member)
    for person in people:
        result = await person.slash(district.general, command, **options)
        assert result.ephemeral
        assert result.response.content == "Det här kräver rollen moderator. Du har den inte."
    assert simcord_env.errors == []
    async with simcord_bot.db.session() as session:
        days = (await session.exec(select(MemorialDay))).all()
        audit = (await session.exec(select(AuditEntry))).all()
    assert sorted(d.name for d in days) == sorted(seed["name"]["sv"] for seed in SEEDS.values())
    assert all(d.active for d in days)
    assert audit == []
    assert posts(district, WOMENS_DAY) == []


# ---------------------------------------------------------------------------------------------- commands


async def test_everyone_lists_the_days_in_date_order(simcord_env, simcord_bot, district):
    result = await district.member.slash(district.general, "memorial list")
    assert result.ephemeral
    lines = result.response.embeds[0].description.split("\n")
    assert result.response.embeds[0].title == "Minnesdagar"
    assert lines[0] == "**Internationella kvinnodagen** · 8 mars · nästa gång söndag 8 mars 2026 (om 66 dagar)"
    assert [line.split("**")[1] for line in lines] == [
        "Internationella kvinnodagen",
        "Första maj",
        "Minnesdagen av Al Nakba",
        "Minnesdag över folkmordet i Srebrenica",
        "Slavhandelns upphörande för Sverige",
        "Minnesdag över novemberpogromen",
    ]

    await advance_to(simcord_env, simcord_bot, utc(2026, 4, 29, 10))
    result = await district.member.slash(district.general, "memorial upcoming", count=3)
    assert result.response.embeds[0].description.split("\n") == [
        "fredag 1 maj 2026 · **Första maj** (om 2 dagar)",
        "fredag 15 maj 2026 · **Minnesdagen av Al Nakba** (om 16 dagar)",
        "lördag 11 juli 2026 · **Minnesdag över folkmordet i Srebrenica** (om 73 dagar)",
    ]


async def test_moderator_adds_a_day_with_an_nth_weekday_rule(simcord_env, simcord_bot, district):
    result = await district.moderator.slash(
        district.general,
        "memorial add",
        name="Mödrarnas dag",
        date="sista söndagen i maj",
        text="I dag uppmärksammar vi alla mammor.",
        lead_days="7",
        time="18:00",
    )
    assert result.ephemeral
    assert result.response.content == (
        "Klart: ”Mödrarnas dag” (sista söndagen i maj) postas nästa gång söndag 31 maj 2026 kl. 18:00 "
        "i meddelandekanal, med påminnelse 7 dagar före."
    )
    async with simcord_bot.db.session() as session:
        [entry] = (await session.exec(select(AuditEntry))).all()
    assert (entry.action, entry.actor_id) == ("memorial.add", district.moderator.id)
    assert district.channels["audit"].last_message.embeds[0].description == (
        f"{district.moderator.mention} · lade till minnesdagen ”Mödrarnas dag” (sista söndagen i maj)"
    )

    await advance_to(simcord_env, simcord_bot, utc(2026, 5, 24, 16))  # 18:00 summer time, a week before
    [reminder] = reminders(district, "Mödrarnas dag")
    assert reminder.embeds[0].title == "Mödrarnas dag om 7 dagar"
    await advance_to(simcord_env, simcord_bot, utc(2026, 5, 31, 16))
    [post] = posts(district, "Mödrarnas dag")
    assert post.created_at == utc(2026, 5, 31, 16)
    assert post.embeds[0].description == "I dag uppmärksammar vi alla mammor."


async def test_a_bad_date_gets_a_clear_message_and_nothing_is_stored(simcord_env, simcord_bot, district):
    result = await district.moderator.slash(
        district.general, "memorial add", name="Fel", date="31 februari", text="Text"
    )
    assert result.ephemeral
    assert result.response.content == "Det finns ingen 31 februari: februari har högst 29 dagar. Ange en dag som finns."
    assert simcord_env.errors == []
    async with simcord_bot.db.session() as session:
        assert len((await session.exec(select(MemorialDay))).all()) == 6


async def test_pause_resume_edit_preview_post_now_and_remove(simcord_env, simcord_bot, district):
    moderator, general = district.moderator, district.general
    day = await day_by_seed(simcord_bot, "womens-day")
    ref = str(day.id)

    choices = await moderator.autocomplete(general, "memorial pause", "day", "kvinno")
    assert choices == [{"name": "Internationella kvinnodagen · 8 mars", "value": ref}]

    result = await moderator.slash(general, "memorial pause", day=ref)
    assert result.response.content == "Pausad: ”Internationella kvinnodagen” postas inte förrän du återupptar den."
    await advance_to(simcord_env, simcord_bot, utc(2026, 2, 23))
    assert reminders(district, WOMENS_DAY) == []
    result = await moderator.slash(general, "memorial resume", day=ref)
    assert result.response.content == "Återupptagen: ”Internationella kvinnodagen” postas igen."

    result = await moderator.slash(general, "memorial edit", day=ref, text="Ny text.", time="10:30")
    assert result.response.content == "Klart: ändrade text och tid för ”Internationella kvinnodagen”."
    preview = await moderator.slash(general, "memorial preview", day=ref)
    assert preview.ephemeral
    assert preview.response.content == (
        "Så här ser inlägget ut. Nästa gång: söndag 8 mars 2026 kl. 10:30 i "
        f"{district.channels['announcements'].mention}, med påminnelser 14 och 3 dagar före."
    )
    assert preview.response.embeds[0].title == WOMENS_DAY
    assert preview.response.embeds[0].description == "Ny text."

    result = await moderator.slash(general, "memorial post-now", day=ref, channel=general)
    assert result.response.content == f"Postat: ”Internationella kvinnodagen” i {general.mention}."
    assert general.last_message.embeds[0].description == "Ny text."

    await advance_to(simcord_env, simcord_bot, utc(2026, 3, 5, 9, 30))  # the 3-day reminder at 10:30 local
    assert [m.embeds[0].title for m in reminders(district, WOMENS_DAY)] == ["Internationella kvinnodagen om 3 dagar"]

    shown = await moderator.slash(general, "memorial remove", day=ref)
    assert shown.response.content.startswith("Vill du ta bort minnesdagen ”Internationella kvinnodagen”?")
    done = await moderator.click(shown.response, label="Bekräfta")
    assert done.response.content == "Borttagen: ”Internationella kvinnodagen”."
    await advance_to(simcord_env, simcord_bot, utc(2026, 3, 9))
    assert posts(district, WOMENS_DAY) == []

    async with simcord_bot.db.session() as session:
        actions = [e.action for e in (await session.exec(select(AuditEntry).order_by(AuditEntry.id))).all()]
    assert actions == [
        "memorial.pause",
        "memorial.resume",
        "memorial.edit",
        "memorial.post_now",
        "memorial.remove",
    ]


async def test_a_long_text_is_written_in_a_form(simcord_env, simcord_bot, district):
    shown = await district.moderator.slash(district.general, "memorial add", name="Prideveckan", date="1/8")
    assert shown.modal is not None
    long_text = "Vi står för allas rätt att älska vem de vill. " * 40
    done = await district.moderator.submit_modal(shown, {"text": long_text})
    assert done.ephemeral
    assert done.response.content == (
        "Klart: ”Prideveckan” (1 augusti) postas nästa gång lördag 1 augusti 2026 kl. 09:00 "
        "i meddelandekanal, med påminnelser 14 och 3 dagar före."
    )
    async with simcord_bot.db.session() as session:
        day = (await session.exec(select(MemorialDay).where(MemorialDay.name == "Prideveckan"))).one()
    assert day.text == long_text.strip()

    # A mistake is caught before the form is shown.
    result = await district.moderator.slash(district.general, "memorial add", name="Fel", date="30 februari")
    assert result.modal is None
    assert result.response.content.startswith("Det finns ingen 30 februari")
    assert simcord_env.errors == []
