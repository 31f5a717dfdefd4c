"""The networks' rules without Discord: which role joining, leaving or a removal concerns, and join requests."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.errors import NotConfigured, NotFound, UserError
from bot.guilds import RolePurpose
from bot.meetings import networks
from bot.meetings.models import JoinMode
from tests.support import config_with_roles

GUILD = 1
WOMEN, MEN = 13, 14
CONFIG = config_with_roles(GUILD, {RolePurpose.WOMEN_NONBINARY: WOMEN, RolePurpose.MEN: MEN})
NOW = datetime(2026, 1, 1, 12, tzinfo=UTC)


def test_joining_gives_the_networks_role_unless_one_has_it():
    assert networks.role_to_join(CONFIG, "women-nonbinary", {GUILD, MEN}) == WOMEN
    with pytest.raises(UserError) as refused:
        networks.role_to_join(CONFIG, "men", {GUILD, MEN})
    assert refused.value.key == "network.join.already"


def test_a_network_without_its_role_is_not_configured():
    with pytest.raises(NotConfigured) as refused:
        networks.role_to_join(config_with_roles(GUILD, {RolePurpose.MEN: MEN}), "women-nonbinary", set())
    assert refused.value.values == {"what_key": "purpose.role.women-nonbinary", "command": "/setup role"}


def test_leaving_takes_the_networks_held_or_the_one_named():
    assert networks.roles_to_leave(CONFIG, None, {GUILD, WOMEN, MEN}) == [WOMEN, MEN]
    assert networks.roles_to_leave(CONFIG, None, {GUILD, MEN}) == [MEN]
    assert networks.roles_to_leave(CONFIG, "women-nonbinary", {WOMEN, MEN}) == [WOMEN]
    for audience, held in ((None, {GUILD}), ("men", {WOMEN})):
        with pytest.raises(UserError) as refused:
            networks.roles_to_leave(CONFIG, audience, held)
        assert refused.value.key == "network.leave.not_member"


def test_a_removal_takes_a_role_the_member_holds():
    assert networks.role_to_remove(CONFIG, "men", 42, {MEN}) == MEN
    with pytest.raises(UserError) as refused:
        networks.role_to_remove(CONFIG, "women-nonbinary", 42, {MEN})
    assert (refused.value.key, refused.value.values) == ("network.remove.not_member", {"user": "<@42>"})


async def test_one_pending_request_per_person_and_network_decided_once(db):
    async with db.session() as session:
        assert await networks.join_mode(session=session, guild_id=GUILD) is JoinMode.OPEN
        await networks.set_join_mode(session=session, guild_id=GUILD, mode="approval")
        with pytest.raises(UserError) as refused:
            await networks.request_join(session=session, guild_id=GUILD, user_id=42, audience="open")
        assert refused.value.key == "network.not_a_network"
        request = await networks.request_join(session=session, guild_id=GUILD, user_id=42, audience="men")
        with pytest.raises(UserError) as refused:
            await networks.request_join(session=session, guild_id=GUILD, user_id=42, audience="men")
        assert refused.value.key == "network.request.pending"
        await networks.request_join(session=session, guild_id=GUILD, user_id=42, audience="women-nonbinary")
    async with db.session() as session:
        assert await networks.join_mode(session=session, guild_id=GUILD) is JoinMode.APPROVAL
        with pytest.raises(NotFound):
            await networks.decide_join(
                session=session, guild_id=GUILD + 1, request_id=request.id, approve=True, decided_by=7, now=NOW
            )
        decided = await networks.decide_join(
            session=session, guild_id=GUILD, request_id=request.id, approve=False, decided_by=7, now=NOW
        )
        assert (decided.status, decided.decided_by, decided.decided_at) == ("declined", 7, NOW)
        with pytest.raises(UserError) as refused:
            await networks.decide_join(
                session=session, guild_id=GUILD, request_id=request.id, approve=True, decided_by=7, now=NOW
            )
        assert refused.value.key == "network.request.decided"
