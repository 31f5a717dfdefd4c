"""Evidence for a commitment: what other features (meetings, phone campaigns) can show was done.

A provider is registered per link kind: `async provider(session, guild_id, link) -> Evidence`. Features
supply their own; a link whose kind has no provider is shown as "no evidence source available".
Evidence carries a catalog key and plain values, so the cog and the report render it in the server's language.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.commitments.models import Link


@dataclass(frozen=True)
class Evidence:
    kind: str
    label: str
    key: str
    values: dict[str, object] = field(default_factory=dict)
    meetings: int = 0
    """How many meetings were held (for the report's meeting count); 0 for other kinds."""


Provider = Callable[[AsyncSession, int, Link], Awaitable[Evidence]]

PROVIDERS: dict[str, Provider] = {}


def register_provider(kind: str, provider: Provider) -> None:
    PROVIDERS[kind] = provider


def unregister_provider(kind: str) -> None:
    PROVIDERS.pop(kind, None)


async def evidence_for(session: AsyncSession, guild_id: int, links: Iterable[Link]) -> list[Evidence]:
    found = []
    for link in links:
        provider = PROVIDERS.get(link.kind)
        if provider is None:
            found.append(Evidence(link.kind, link.value, "commitments.evidence.unavailable", {"label": link.value}))
        else:
            found.append(await provider(session, guild_id, link))
    return found
