"""The separatist networks: a network is its audience's role. Joining is open or needs an organiser's approval;
a request to join is personal data that says how someone identifies, so erasing it deletes it."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from sqlalchemy import delete
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot import privacy
from bot.audiences import SEPARATIST, Audience
from bot.errors import NotConfigured, NotFound, UserError
from bot.guilds import GuildConfig, RolePurpose
from bot.meetings.models import JoinMode, JoinRequest, NetworkSettings, RequestStatus


def network_role_id(config: GuildConfig, audience: Audience | str) -> int:
    """The network's role; refused while the server has not set it."""
    audience = Audience(audience)
    role_id = config.role_id(RolePurpose(audience.role_purpose))
    if role_id is None:
        raise NotConfigured("error.not_configured", what_key=f"purpose.role.{audience.value}", command="/setup role")
    return role_id


def role_to_join(config: GuildConfig, audience: Audience | str, held: Collection[int]) -> int:
    """The role someone who holds the roles `held` is to get by joining; refused if they already have it."""
    role_id = network_role_id(config, audience)
    if role_id in held:
        raise UserError("network.join.already")
    return role_id


def roles_to_leave(config: GuildConfig, audience: Audience | str | None, held: Collection[int]) -> list[int]:
    """The network roles among `held` that leaving one network (or, without one, every network) takes away;
    refused when there is none."""
    wanted = [Audience(audience)] if audience else SEPARATIST
    role_ids = [config.role_id(RolePurpose(a.role_purpose)) for a in wanted]
    found = [role_id for role_id in role_ids if role_id and role_id in held]
    if not found:
        raise UserError("network.leave.not_member")
    return found


def role_to_remove(config: GuildConfig, audience: Audience | str, user_id: int, held: Collection[int]) -> int:
    """The network role an organiser takes from a member who holds the roles `held`; refused if they do not
    have it."""
    role_id = network_role_id(config, audience)
    if role_id not in held:
        raise UserError("network.remove.not_member", user=f"<@{user_id}>")
    return role_id


async def join_mode(*, session: AsyncSession, guild_id: int) -> JoinMode:
    settings = await session.get(NetworkSettings, guild_id)
    return JoinMode(settings.join_mode) if settings is not None else JoinMode.OPEN


async def set_join_mode(*, session: AsyncSession, guild_id: int, mode: JoinMode | str) -> None:
    settings = await session.get(NetworkSettings, guild_id) or NetworkSettings(guild_id=guild_id)
    settings.join_mode = JoinMode(mode).value
    session.add(settings)


async def request_join(*, session: AsyncSession, guild_id: int, user_id: int, audience: Audience | str) -> JoinRequest:
    """A pending request to join a network; only one open request per person and network."""
    audience = Audience(audience)
    if not audience.is_separatist:
        raise UserError("network.not_a_network")
    pending = (
        await session.exec(
            select(JoinRequest).where(
                JoinRequest.guild_id == guild_id,
                JoinRequest.user_id == user_id,
                JoinRequest.audience == audience.value,
                JoinRequest.status == RequestStatus.PENDING.value,
            )
        )
    ).first()
    if pending is not None:
        raise UserError("network.request.pending")
    request = JoinRequest(guild_id=guild_id, user_id=user_id, audience=audience.value)
    session.add(request)
    await session.flush()
    return request


async def set_request_posted(request: JoinRequest, *, session: AsyncSession, channel_id: int, message_id: int) -> None:
    """Remember the request's message in the organisers' channel (erasing the request deletes it)."""
    request.channel_id, request.message_id = channel_id, message_id
    session.add(request)


async def decide_join(
    *, session: AsyncSession, guild_id: int, request_id: int, approve: bool, decided_by: int, now: datetime
) -> JoinRequest:
    request = await session.get(JoinRequest, request_id)
    if request is None or request.guild_id != guild_id:
        raise NotFound("network.request.not_found")
    if request.status != RequestStatus.PENDING.value:
        raise UserError("network.request.decided")
    request.status = (RequestStatus.APPROVED if approve else RequestStatus.DECLINED).value
    request.decided_by, request.decided_at = decided_by, now
    session.add(request)
    return request


# ---------------------------------------------------------------------- personal data


async def _export_requests(*, session: AsyncSession, guild_id: int, user_id: int) -> dict[str, list[dict]]:
    made = await privacy.rows_naming(session=session, person=JoinRequest.user_id, guild_id=guild_id, user_id=user_id)
    decided = await privacy.rows_naming(
        session=session, person=JoinRequest.decided_by, guild_id=guild_id, user_id=user_id
    )
    return {
        "requested": [
            {
                "request_id": r.id,
                "network": r.audience,
                "status": r.status,
                "requested_at": r.requested_at,
                "decided_at": r.decided_at,
            }
            for r in made
        ],
        # whose request it was is the other person's data
        "decided_by_you": [{"request_id": r.id, "status": r.status, "decided_at": r.decided_at} for r in decided],
    }


async def _erase_requests(*, session: AsyncSession, guild_id: int, user_id: int) -> privacy.Aftermath:
    """A request to join a network says how someone identifies: it is deleted, not kept anonymously, and so is
    its message in the organisers' channel. The messages of requests the person decided name them as the one
    who decided: they go too (the requests stay, without the decider)."""
    named = (
        await session.exec(
            select(JoinRequest).where(
                JoinRequest.guild_id == guild_id,
                (col(JoinRequest.user_id) == user_id) | (col(JoinRequest.decided_by) == user_id),
            )
        )
    ).all()
    posted = {(r.channel_id, r.message_id) for r in named if r.channel_id is not None and r.message_id is not None}
    await session.exec(delete(JoinRequest).where(JoinRequest.guild_id == guild_id, JoinRequest.user_id == user_id))
    await privacy.replace_person(
        session=session, person=JoinRequest.decided_by, guild_id=guild_id, user_id=user_id, by=None
    )
    return privacy.Aftermath(messages=posted)


privacy.register(privacy.PersonalData("network_requests", _export_requests, _erase_requests))
