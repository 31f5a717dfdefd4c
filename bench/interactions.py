"""The main interactions, driven as people would through SimCord, each timed from its arrival at the bot (the
moment discord.py parses its gateway event) to its handler's end; beside them the two floors, a no-op command and
a no-op after one read through the project's database layer. Full garbage collections are counted meanwhile."""

from __future__ import annotations

import gc
import time
from collections import defaultdict
from typing import Any

import discord
from simcord.env import Env

from bench.common import percentile, say, summary_ms
from bench.world import ANSWERS, Server
from bot.bot import RodBot, timing_name

NOOP = "no-op (floor)"
NOOP_READ = "no-op + one read (floor)"


class Arrivals:
    """When each interaction arrived, and from then to the end of its handler (the bot's own timing ends there)."""

    def __init__(self, bot: RodBot) -> None:
        self.arrived: dict[int, float] = {}
        self.seconds: dict[str, list[float]] = defaultdict(list)
        parsers = bot._connection.parsers
        parse = parsers["INTERACTION_CREATE"]
        record = bot.record_timing

        def arriving(data: dict[str, Any]) -> None:
            self.arrived[int(data["id"])] = time.perf_counter()
            parse(data)

        def recorded(interaction: discord.Interaction, seconds: float) -> None:
            record(interaction, seconds)
            arrived = self.arrived.pop(interaction.id, None)
            if arrived is not None:
                self.seconds[timing_name(interaction)].append(time.perf_counter() - arrived)

        parsers["INTERACTION_CREATE"] = arriving
        bot.record_timing = recorded  # type: ignore[method-assign]


class FullCollections:
    """The collector's full sweeps (generation 2) while counting, and how long each paused the process."""

    def __init__(self) -> None:
        self.pauses: list[float] = []
        self._began: float | None = None

    def __enter__(self) -> FullCollections:
        gc.callbacks.append(self._seen)
        return self

    def __exit__(self, *_: object) -> None:
        gc.callbacks.remove(self._seen)

    def _seen(self, phase: str, info: dict[str, Any]) -> None:
        if info["generation"] != 2:
            return
        if phase == "start":
            self._began = time.perf_counter()
        elif self._began is not None:
            self.pauses.append(time.perf_counter() - self._began)
            self._began = None


async def interactions(env: Env, bot: RodBot, home: Server, samples: int) -> dict[str, Any]:
    """Drive each main interaction `samples` times, interleaved; every `/call next` by a caller new to it."""
    general = home.channels["general"]
    organiser, members = home.members[0], home.members[1:]
    scheduled = await organiser.slash(
        home.channels["organisers"], "meeting schedule", audience="open", title="Stormöte", start="2026-02-10 18:00"
    )
    assert scheduled.response is not None
    # The announcement, not Discord's note after it that its thread was started.
    announcement = [m for m in home.channels["announcements"].history() if m.components][-1]
    meeting_id = int(announcement.components[0].children[0].custom_id.split(":")[2])
    bot.timings.clear()
    arrivals = Arrivals(bot)
    prefixes = ("Mö", "Kam", "Stu", "nummer 1", "Dörr", "")
    with FullCollections() as collections:
        for i in range(samples):
            if i and i % 10 == 0:
                # let the pagers and call cards of earlier rounds time out (10–15 min), as they would in use:
                # SimCord's settling walks every live view, so hundreds of them would slow the harness (not the bot)
                await env.advance_time(16 * 60)
                say(f"{i} rounds")
            member = members[i % len(members)]
            await member.slash(general, "bench-noop")
            await member.slash(general, "bench-noop-db")
            caller = home.fresh_callers[i]
            card = await caller.slash(general, "call next")
            await caller.click(card.response.message, label="Inget svar")
            await members[(i * 7) % len(members)].click(
                announcement, custom_id=f"meeting:rsvp:{meeting_id}:{ANSWERS[i % 3]}"
            )
            await member.slash(general, "meeting list")
            await member.slash(general, "commitment list")
            await organiser.autocomplete(general, "commitment show", "commitment", prefixes[i % len(prefixes)])
            await organiser.slash(general, "campaign stats", campaign="Kampanj 1")
            await member.slash(general, "memorial upcoming")
    names = {
        NOOP: ["bench-noop"],
        NOOP_READ: ["bench-noop-db"],
        "/call next": ["call next"],
        "outcome click": ["component:campaigns:o:no_answer"],
        "RSVP click": [f"component:meeting:rsvp:{answer}" for answer in ANSWERS],
        "/meeting list": ["meeting list"],
        "/commitment list": ["commitment list"],
        "commitment autocomplete": ["autocomplete:commitment show"],
        "/campaign stats": ["campaign stats"],
        "/memorial upcoming": ["memorial upcoming"],
    }
    found: dict[str, Any] = {}
    for shown, timed_as in names.items():
        since_arrival = [s for name in timed_as for s in arrivals.seconds.get(name, [])]
        in_handler = [s for name in timed_as for s in bot.timings.get(name, [])]
        found[shown] = summary_ms(since_arrival) | {"handler_p50_ms": percentile(in_handler, 50) * 1000}
    missing = [shown for shown, figures in found.items() if figures["n"] != samples]
    assert not missing, f"interactions not timed {samples} times: {missing}"
    return {
        "interactions": found,
        "gc": {"full_collections": len(collections.pauses), "longest_ms": max(collections.pauses, default=0) * 1000},
    }
