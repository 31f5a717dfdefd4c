"""The rules around a campaign's life that the cogs used to hold: the form's questions, the name check before the
form, what an import and a purge refuse (no Discord)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.campaigns import importer, imports, lifecycle, retention
from bot.campaigns.crypto import Vault
from bot.campaigns.importer import Parsed, Row
from bot.campaigns.models import CampaignStatus
from bot.db import Database
from bot.errors import UserError
from tests.conftest import TEST_DATA_KEY

GUILD = 4242
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
VAULT = Vault(TEST_DATA_KEY)


def test_questions_are_the_forms_lines_without_list_marks_five_at_most_of_a_hundred_characters():
    typed = "- Kommer du på mötet?\n\n• Vill du bli aktiv?  \n\t* Något mer?\n" + "x" * 150 + "\nFem\nSex\n"
    assert lifecycle.questions_from_text(typed) == [
        "Kommer du på mötet?",
        "Vill du bli aktiv?",
        "* Något mer?",
        "x" * 100,
        "Fem",
    ]
    assert lifecycle.questions_from_text("") == lifecycle.questions_from_text(" - \n•\n") == []


async def test_a_taken_name_is_refused_before_the_form_in_any_case_and_spacing(db: Database):
    async with db.session() as session:
        await lifecycle.create_campaign(session=session, guild_id=GUILD, name="Årsringning", created_by=1, now=T0)
        with pytest.raises(UserError) as taken:
            await lifecycle.ensure_name_free(session=session, guild_id=GUILD, name="  ÅRSRINGNING ")
        assert (taken.value.key, taken.value.values) == ("campaigns.error.name_taken", {"name": "ÅRSRINGNING"})
        await lifecycle.ensure_name_free(session=session, guild_id=GUILD, name="Höstringning")
        await lifecycle.ensure_name_free(session=session, guild_id=GUILD + 1, name="Årsringning")


def test_a_file_larger_than_a_call_list_is_refused_before_it_is_read():
    importer.ensure_size(importer.MAX_BYTES)
    with pytest.raises(UserError) as refused:
        importer.ensure_size(importer.MAX_BYTES + 1)
    assert (refused.value.key, refused.value.values) == ("campaigns.import.error.too_large", {"megabytes": 25})


async def test_a_closed_campaign_takes_no_import_and_a_purged_one_nothing_more_to_purge(db: Database):
    rows = Parsed(rows_read=1, rows=[Row(row=2, phone="+46701740605", name="Fiktiva5 Provsson")])
    async with db.session() as session:
        campaign = await lifecycle.create_campaign(session=session, guild_id=GUILD, name="Vår", created_by=1, now=T0)
        await imports.store_import(session=session, vault=VAULT, campaign_id=campaign.id, parsed=rows, now=T0)
        imports.ensure_importable(campaign)
        assert await retention.contacts_to_purge(session=session, campaign=campaign) == 1
        await lifecycle.set_status(session=session, campaign=campaign, status=CampaignStatus.CLOSED, now=T0)
        assert lifecycle.purge_due_at(campaign) == T0 + timedelta(days=30)
        with pytest.raises(UserError) as closed:
            imports.ensure_importable(campaign)
        assert (closed.value.key, closed.value.values) == ("campaigns.error.closed", {"name": "Vår"})
        with pytest.raises(UserError) as stored:
            await imports.store_import(session=session, vault=VAULT, campaign_id=campaign.id, parsed=rows, now=T0)
        assert stored.value.key == "campaigns.error.closed"

    async with db.session() as session:
        purged = await retention.purge_on_time(session=session, campaign_id=campaign.id, now=T0)
        assert purged == retention.Purged("Vår", 1)
        assert await retention.purge_on_time(session=session, campaign_id=campaign.id, now=T0) is None
        assert await retention.purge_on_time(session=session, campaign_id=campaign.id + 1, now=T0) is None
        again = await lifecycle.find_campaign(session=session, guild_id=GUILD, ref="vår")
        assert await retention.contacts_to_purge(session=session, campaign=again) is None
        assert lifecycle.purge_due_at(again) is None
        assert await retention.purge_now(session=session, campaign_id=campaign.id, now=T0) == retention.Purged("Vår", 1)
