"""The audience registry: the purposes, the private channels' rules, the command choices and the colours are
derived from it, so an audience added there is offered, configured and kept private everywhere."""

from __future__ import annotations

from bot.audiences import SEPARATIST, Audience
from bot.guilds import ChannelPurpose, RolePurpose
from bot.permissions import PRIVATE_CHANNELS
from cogs.meetings._cog import AUDIENCE_CHOICES
from cogs.network._cog import NETWORK_CHOICES


def test_each_separatist_audience_has_a_channel_and_a_role_of_its_own_that_only_it_may_see():
    assert {Audience.WOMEN_NONBINARY, Audience.MEN} <= set(SEPARATIST) and Audience.OPEN not in SEPARATIST
    for audience in SEPARATIST:
        channel, role = ChannelPurpose(audience.channel_purpose), RolePurpose(audience.role_purpose)
        assert PRIVATE_CHANNELS[channel] == (role,)
    assert Audience.OPEN.channel_purpose == ChannelPurpose.ANNOUNCEMENTS and Audience.OPEN.role_purpose is None
    assert ChannelPurpose.ANNOUNCEMENTS not in PRIVATE_CHANNELS


def test_the_purposes_are_the_bots_own_and_each_separatist_audiences():
    separatist = [a.value for a in SEPARATIST]
    assert [p.value for p in ChannelPurpose] == ["announcements", "organisers", *separatist, "audit-log"]
    assert [p.value for p in RolePurpose] == ["moderator", "organiser", "caller", *separatist]


def test_the_commands_offer_the_registrys_audiences_each_in_a_colour_of_its_own():
    assert [(c.name, c.value) for c in AUDIENCE_CHOICES] == [(a.value, a.value) for a in Audience]
    assert [c.value for c in NETWORK_CHOICES] == [a.value for a in SEPARATIST]
    assert len({a.colour for a in Audience}) == len(Audience)
