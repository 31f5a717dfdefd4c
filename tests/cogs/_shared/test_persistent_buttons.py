"""The one base of persistent buttons (`cogs._shared.ui.PersistentButton`): every button the cogs register derives
from it, an error in any of them reaches the bot's one error handler (an unexpected one gives an incident code),
and a button finds its cog by type."""

from __future__ import annotations

import re
from typing import Any

import discord
import pytest
from discord.ext import commands

from bot.bot import RodBot
from cogs._shared.interactions import reply
from cogs._shared.ui import PersistentButton
from tests.system.test_component_matrix import EXPECTATIONS, World, click, registered_templates
from tests.system.test_component_matrix import district as district

INCIDENT = re.compile(r"^Något gick fel\. Felkod: `([0-9A-F]{6})`")


async def test_every_registered_persistent_button_derives_from_the_one_base(simcord_env, simcord_bot):
    items = registered_templates(simcord_bot).values()
    assert len(items) == len(EXPECTATIONS)
    assert [item.__name__ for item in items if not issubclass(item, PersistentButton)] == []


async def test_an_unexpected_error_in_any_persistent_button_gets_an_incident_code(
    simcord_env, simcord_bot, district, monkeypatch, caplog
):
    world = World(simcord_env, simcord_bot, district)
    custom_ids = {template: (await EXPECTATIONS[template](world, "organiser"))[0][1] for template in EXPECTATIONS}

    async def broken(guild_id: int) -> Any:
        raise RuntimeError("the configuration store broke")

    monkeypatch.setattr(simcord_bot, "guild_config", broken)  # every button reads the configuration first
    answered = {}
    for template, custom_id in custom_ids.items():
        result = await click(world, "organiser", custom_id)
        found = INCIDENT.match(result.response.content if result.response else "")
        code = found[1] if found else None
        logged = [r for r in caplog.records if code and r.getMessage().startswith(f"incident {code} ")]
        answered[template] = bool(code) and len(logged) == 1 and logged[0].exc_info is not None
    assert answered == dict.fromkeys(EXPECTATIONS, True)
    assert [type(e) for e in simcord_env.errors] == [RuntimeError] * len(EXPECTATIONS)


class Bell(commands.Cog, name="Klocka"):
    """A cog whose name is not its class's: `get_cog("Bell")` finds nothing, `bot.cog(Bell)` finds it."""

    def __init__(self) -> None:
        self.rung_by: list[int] = []

    async def ring(self, interaction: discord.Interaction, times: int) -> None:
        self.rung_by.append(interaction.user.id)
        await reply(interaction, " ".join(["Pling!"] * times))


class BellButton(PersistentButton, template=r"test:bell:(?P<times>[0-9])"):
    def __init__(self, times: int) -> None:
        super().__init__(f"test:bell:{times}", label="Ring")
        self.times = times

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Button[Any], match: re.Match[str], /
    ) -> BellButton:
        return cls(int(match["times"]))

    async def clicked(self, interaction: discord.Interaction, bot: RodBot) -> None:
        await bot.cog(Bell).ring(interaction, self.times)


@pytest.fixture
async def bell(simcord_env, simcord_bot, district):
    """The bell cog loaded, its button registered and posted in #allmänt."""
    cog = Bell()
    await simcord_bot.add_cog(cog)
    simcord_bot.add_dynamic_items(BellButton)
    view = discord.ui.View(timeout=None)
    view.add_item(BellButton(2))
    await simcord_bot.get_channel(district.general.id).send("Ringklocka", view=view)
    await simcord_env.settle()
    yield cog
    simcord_bot.remove_dynamic_items(BellButton)


async def test_a_button_finds_its_cog_by_type(simcord_env, simcord_bot, district, bell):
    assert simcord_bot.get_cog("Bell") is None and simcord_bot.cog(Bell) is bell

    rung = await district.member.click(district.general.last_message, label="Ring")

    assert rung.response.content == "Pling! Pling!"
    assert bell.rung_by == [district.member.id]


async def test_a_button_whose_cog_is_not_loaded_gets_an_incident_code(simcord_env, simcord_bot, district, bell, caplog):
    await simcord_bot.remove_cog("Klocka")
    with pytest.raises(LookupError):
        simcord_bot.cog(Bell)

    rung = await district.member.click(district.general.last_message, label="Ring")

    found = INCIDENT.match(rung.response.content)
    assert found is not None
    assert any(r.getMessage().startswith(f"incident {found[1]} in component:test:bell:2") for r in caplog.records)
    assert [type(e) for e in simcord_env.errors] == [LookupError]
    assert bell.rung_by == []
