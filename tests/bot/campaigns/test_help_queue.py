"""The organisers' help queue on the services: taking a held contact shows its card, solving it happens once, and
the organisers' channel's count is remembered (no Discord)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from cryptography.fernet import Fernet
from sqlmodel import select

from bot import privacy
from bot.campaigns import imports, lifecycle, outcomes, retention  # noqa: F401  (retention registers the erasure)
from bot.campaigns.crypto import Vault
from bot.campaigns.importer import Parsed, Row
from bot.campaigns.models import Contact, ContactStatus, DoNotCall, HelpNotice, Outcome
from bot.errors import NotFound, UserError
from cogs.campaigns import render
from tests.bot.campaigns.test_calling import GUILD, T0, VAULT, A, B, C, claim, fiction, record, seed

ORGANISER, OTHER_ORGANISER = 2001, 2002
LATER = T0 + timedelta(minutes=5)


async def held(db, note="Vill prata med ordföranden", caller=A, at=T0):
    """The next contact, claimed by `caller` and marked as needing an organiser."""
    got = await claim(db, caller, at)
    await record(db, caller, got.contact_id, Outcome.NEEDS_ORGANISER, at, note=note)
    return got.contact_id


async def take(db, contact_id, organiser=ORGANISER, at=LATER, vault=VAULT):
    async with db.session() as session:
        return await outcomes.take(
            session=session, vault=vault, guild_id=GUILD, contact_id=contact_id, organiser_id=organiser, now=at
        )


async def contact(db, contact_id) -> Contact:
    async with db.session() as session:
        found = await session.get(Contact, contact_id)
        assert found is not None
        return found


async def test_taking_shows_the_card_as_the_caller_saw_it_with_the_help_message(db):
    await seed(db, 1)
    first = await claim(db, A, T0)
    await record(db, A, first.contact_id, Outcome.NO_ANSWER, T0, note="Ingen hemma")
    again = await claim(db, A, T0 + timedelta(hours=3))
    assert again.contact_id == first.contact_id
    later = T0 + timedelta(hours=3, minutes=2)
    await record(db, A, first.contact_id, Outcome.NEEDS_ORGANISER, later, note="Vill prata med ordföranden")

    taken = await take(db, first.contact_id, at=later + timedelta(minutes=1))
    card = taken.card
    assert (card.contact_id, card.name, card.phone, card.phone_e164, card.branch) == (
        first.contact_id,
        "Kontakt 5",
        "070-174 06 05",
        fiction(5),
        "Malmö",
    )
    assert [(h.outcome, h.note) for h in card.history] == [
        ("no_answer", "Ingen hemma"),
        ("needs_organiser", "Vill prata med ordföranden"),
    ]
    assert (card.attempts, card.claimed_until, card.pending_note) == (1, None, "")
    assert (taken.item.caller_id, taken.item.message, taken.item.since) == (A, "Vill prata med ordföranden", later)
    assert (taken.earlier_by, taken.earlier_at) == (None, None)
    stored = await contact(db, first.contact_id)
    assert (stored.status, stored.taken_by, stored.taken_at) == (
        ContactStatus.HELD,
        ORGANISER,
        later + timedelta(minutes=1),
    )


async def test_a_second_organiser_sees_it_too_and_is_told_who_took_it(db):
    await seed(db, 1)
    contact_id = await held(db)
    await take(db, contact_id)
    again = await take(db, contact_id, at=LATER + timedelta(minutes=1))  # the same organiser: nothing to tell
    assert (again.earlier_by, again.earlier_at) == (None, None)
    second = await take(db, contact_id, organiser=OTHER_ORGANISER, at=LATER + timedelta(minutes=2))
    assert (second.earlier_by, second.earlier_at) == (ORGANISER, LATER + timedelta(minutes=1))
    assert second.card.name == "Kontakt 5"
    async with db.session() as session:
        [item] = await outcomes.help_queue(session=session, vault=VAULT, guild_id=GUILD)
    assert (item.name, item.taken_by, item.taken_at) == ("Kontakt 5", OTHER_ORGANISER, LATER + timedelta(minutes=2))


async def test_only_a_contact_that_still_waits_can_be_taken(db):
    await seed(db, 2)
    open_contact = await claim(db, A, T0)
    with pytest.raises(UserError) as refused:
        await take(db, open_contact.contact_id)
    assert refused.value.key == "campaigns.error.not_held"
    contact_id = await held(db, caller=B)
    async with db.session() as session:
        with pytest.raises(NotFound):
            await outcomes.take(
                session=session, vault=VAULT, guild_id=GUILD + 1, contact_id=contact_id, organiser_id=C, now=LATER
            )
    with pytest.raises(UserError) as unreadable:
        await take(db, contact_id, vault=Vault(Fernet.generate_key().decode()))
    assert unreadable.value.key == "campaigns.error.wrong_data_key"
    assert (await contact(db, contact_id)).taken_by is None


async def test_resolving_happens_once_and_forgets_who_took_it(db):
    await seed(db, 1)
    contact_id = await held(db)
    await take(db, contact_id)
    async with db.session() as session:
        await outcomes.resolve(session=session, guild_id=GUILD, contact_id=contact_id, back_to_list=True, now=LATER)
    stored = await contact(db, contact_id)
    assert (stored.status, stored.taken_by, stored.taken_at) == (ContactStatus.OPEN, None, None)
    async with db.session() as session:
        with pytest.raises(UserError) as twice:
            await outcomes.resolve(
                session=session, guild_id=GUILD, contact_id=contact_id, back_to_list=False, now=LATER
            )
        with pytest.raises(UserError) as taken_late:
            await outcomes.take(
                session=session, vault=VAULT, guild_id=GUILD, contact_id=contact_id, organiser_id=B, now=LATER
            )
    assert twice.value.key == taken_late.value.key == "campaigns.error.not_held"
    assert (await claim(db, B, LATER)).contact_id == contact_id


async def test_resolving_as_do_not_call_finishes_it_and_blocks_the_number_everywhere(db):
    await seed(db, 1)
    await seed(db, 1, name="Höst")  # the same number in another campaign
    contact_id = await held(db)
    async with db.session() as session:
        await outcomes.resolve_blocked(session=session, vault=VAULT, guild_id=GUILD, contact_id=contact_id, now=LATER)
    async with db.session() as session:
        rows = (await session.exec(select(Contact).order_by(Contact.id))).all()
        blocked = (await session.exec(select(DoNotCall))).all()
    assert [(r.status, r.last_outcome, r.taken_by) for r in rows] == [("done", "do_not_call", None)] * 2
    assert [b.phone_hash for b in blocked] == [VAULT.digest(fiction(5))]
    assert VAULT.decrypt(blocked[0].sealed_phone) == fiction(5)
    async with db.session() as session:
        with pytest.raises(UserError) as twice:
            await outcomes.resolve_blocked(
                session=session, vault=VAULT, guild_id=GUILD, contact_id=contact_id, now=LATER
            )
    assert twice.value.key == "campaigns.error.not_held"


async def test_the_queue_names_the_contact_and_marks_one_the_key_cannot_read(db):
    campaign_id = await seed(db, 1)
    contact_id = await held(db)
    async with db.session() as session:  # a contact stored under another key, set aside when handed out
        stranger = Vault(Fernet.generate_key().decode())
        rows = [Row(row=9, phone=fiction(40), name="Okänd Nyckel")]
        await imports.store_import(
            session=session, vault=stranger, campaign_id=campaign_id, parsed=Parsed(rows_read=1, rows=rows), now=T0
        )
    await claim(db, B, LATER)
    async with db.session() as session:
        items = await outcomes.help_queue(session=session, vault=VAULT, guild_id=GUILD)
        assert await outcomes.held_count(session=session, guild_id=GUILD) == 2
    assert [(i.contact_id, i.name, i.caller_id, i.message) for i in items] == [
        (contact_id, "Kontakt 5", A, "Vill prata med ordföranden"),
        (contact_id + 1, None, None, ""),
    ]


async def test_an_organiser_finds_what_they_took_in_their_data_and_no_longer_stands_on_it_once_erased(db):
    await seed(db, 1)
    contact_id = await held(db)
    taken = await take(db, contact_id)
    async with db.session() as session:
        mine = await privacy.my_data(session=session, guild_id=GUILD, user_id=ORGANISER)
        theirs = await privacy.my_data(session=session, guild_id=GUILD, user_id=OTHER_ORGANISER)
    assert mine["help_queue_taken"] == [
        {"campaign_id": taken.card.campaign_id, "contact_id": contact_id, "taken_at": LATER}
    ]
    assert theirs["help_queue_taken"] == []
    async with db.session() as session:
        await privacy.forget(session=session, guild_id=GUILD, user_id=ORGANISER)
    stored = await contact(db, contact_id)
    assert (stored.status, stored.taken_by, stored.taken_at) == (ContactStatus.HELD, None, None)


async def test_the_count_message_is_remembered_per_server(db):
    async with db.session() as session:
        assert await outcomes.help_notice(session=session, guild_id=GUILD) is None
        await outcomes.keep_help_notice(session=session, guild_id=GUILD, channel_id=7, message_id=70, count=1)
    async with db.session() as session:
        await outcomes.keep_help_notice(session=session, guild_id=GUILD, channel_id=7, message_id=71, count=3)
    async with db.session() as session:
        notice = await outcomes.help_notice(session=session, guild_id=GUILD)
        assert (notice.channel_id, notice.message_id, notice.count) == (7, 71, 3)
        assert await outcomes.help_notice(session=session, guild_id=GUILD + 1) is None
        await outcomes.forget_help_notice(session=session, guild_id=GUILD)
    async with db.session() as session:
        assert (await session.exec(select(HelpNotice))).all() == []


def test_the_count_says_how_many_wait_and_nothing_more():
    assert render.help_waiting_text(1, "sv") == "1 kontakt väntar på en organisatör – /campaign help-queue"
    assert render.help_waiting_text(3, "sv") == "3 kontakter väntar på en organisatör – /campaign help-queue"
    assert (
        render.help_waiting_text(1000, "sv") == "1\u00a0000 kontakter väntar på en organisatör – /campaign help-queue"
    )
    assert render.help_waiting_text(0, "sv") == "Ingen kontakt väntar på en organisatör längre."
    assert render.help_waiting_text(2, "en") == "2 contacts wait for an organiser – /campaign help-queue"
