"""The import preview as discord.py holds it: a view whose message discord.py may refresh."""

from __future__ import annotations

import discord

from bot.commitments.plans import ImportDraft
from cogs.commitments.views import PlanPreview
from tests.bot.commitments.test_plans import DATA


async def test_discord_py_refreshes_the_preview_from_its_edited_message():
    """discord.py calls a tracked view's `_refresh(components)` when its message is edited: the preview keeps that
    name free (it once had its own `_refresh()`, which that call would have broken)."""
    preview = PlanPreview(1, "sv", 1, ImportDraft(DATA))
    edited = discord.ui.View()
    edited.add_item(discord.ui.Button(label="Bekräfta", custom_id="plan:confirm", disabled=True))
    [row] = edited.to_components()
    preview._refresh([discord.ActionRow(row)])
    assert [option.label for option in preview.drop_select.options] == [
        "1. Hålla tio studiecirklar",
        "2. Ordna en skolning",
        "3. Ringa alla medlemmar",
    ]
    assert preview.confirm_button.disabled and not preview.cancel_button.disabled
