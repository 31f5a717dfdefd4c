"""`python -m demo` (`make demo`): serve the demo district in the browser on 127.0.0.1 until Ctrl-C."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import signal
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from simcord.builders import ChannelHandle

from demo.server import CHANNELS
from demo.world import DEFAULT_AT, PEOPLE, ZONE, DemoWorld, demo_world, name_of, parse_at, viewers, who_sees

SHOWN_CHANNEL = """\
Shown: #{channel}, as {viewer}. Who may act (--as): {names}.{hidden}
Meeting reminders arrive as direct messages from the bot (24 hours and 1 hour before a meeting, to those who
answered Kommer or Kanske), and a page shows one channel or one person's direct messages: see them with --dm,
e.g. --dm kvinna for Fatima Said, who is coming to the women's meeting."""

SHOWN_DM = """\
Shown: the direct messages between {viewer} and the bot, where meeting reminders arrive (24 hours and 1 hour
before a meeting, to those who answered Kommer or Kanske), as {viewer} sees them. For the server's channels, leave
out --dm."""

INTRO = """\
rödbot demo: the real bot in a simulated district server (no Discord, no token, a throw-away database).
Open this address in a browser on this computer (it is the key to the session; don't share it):

    {url}

{shown}
Move the simulated clock with /demo advance minutes:<n>  (now: {now} Swedish time).
A page left in a background tab for over 10 minutes lets go of its session: just reload the address.
Ctrl-C ends the demo."""


def parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m demo", description="Try rödbot in the browser without Discord.")
    parser.add_argument("--channel", default="meddelanden", choices=list(CHANNELS), help="the channel shown")
    parser.add_argument(
        "--as",
        dest="viewers",
        default=",".join(PEOPLE),
        help=f"comma-separated members who may act, the first shown first (default: all: {','.join(PEOPLE)})",
    )
    parser.add_argument(
        "--dm",
        choices=list(PEOPLE),
        help="show this member's direct messages with the bot (where meeting reminders arrive) instead of a channel",
    )
    parser.add_argument(
        "--at", default=DEFAULT_AT, help=f"start of the simulated clock, Swedish time (default: {DEFAULT_AT!r})"
    )
    parser.add_argument("--port", type=int, default=0, help="the local port (default: any free one)")
    return parser


async def serve(args: argparse.Namespace, stop: asyncio.Event, announce: Callable[[str], None] = print) -> None:
    """Build the world, serve its preview until `stop` is set (Ctrl-C), re-opening the preview if it ends."""
    at = parse_at(args.at)
    keys = [key.strip() for key in args.viewers.split(",") if key.strip()]
    with tempfile.TemporaryDirectory(prefix="rodbot-demo-") as folder:
        async with demo_world(at, Path(folder)) as world:
            channel, shown_to, shown = page_of(world, args, keys)
            while not stop.is_set():
                preview = world.env.preview(
                    channel,
                    viewers=shown_to,
                    layout="channel",
                    locale="sv-SE",
                    timezone="Europe/Stockholm",
                    port=args.port or None,
                )
                async with preview:
                    world.clock.after_advance[:] = [preview.refresh]
                    now = f"{world.env.now().astimezone(ZONE):%Y-%m-%d %H:%M}"
                    announce(INTRO.format(url=preview.url, shown=shown, now=now))
                    closed = asyncio.create_task(preview.wait_closed())
                    stopping = asyncio.create_task(stop.wait())
                    await asyncio.wait({closed, stopping}, return_when=asyncio.FIRST_COMPLETED)
                    for task in (closed, stopping):
                        task.cancel()
                    world.clock.after_advance.clear()
                if not stop.is_set():
                    announce("The preview session ended; here is a new one.")
    announce("Demo ended; its database is gone.")


def page_of(world: DemoWorld, args: argparse.Namespace, keys: list[str]) -> tuple[ChannelHandle, list[Any], str]:
    """What the page shows (a channel, or with --dm a member's direct messages with the bot), to whom, and how the
    start text says so. A page shows one conversation: a direct message channel only to the member it is with."""
    if args.dm is not None:
        member = world.members[args.dm]
        return member.user.dm_channel, [member.user], SHOWN_DM.format(viewer=name_of(world, member))
    chosen = viewers(world, keys)
    allowed = who_sees(world, args.channel, chosen)
    if not allowed:
        raise ValueError(f"none of them can see #{args.channel}; choose others with --as")
    hidden = [name_of(world, member) for member in chosen if member not in allowed]
    shown = SHOWN_CHANNEL.format(
        channel=args.channel,
        viewer=name_of(world, allowed[0]),
        names=", ".join(name_of(world, member) for member in allowed),
        hidden=f"\nNot in the page (they cannot see #{args.channel}): {', '.join(hidden)}." if hidden else "",
    )
    return world.channels[args.channel], list(allowed), shown


async def main_async(args: argparse.Namespace) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, stop.set)
    await serve(args, stop, lambda text: print(text, flush=True))


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        parse_at(args.at)
        asyncio.run(main_async(args))
    except ValueError as error:
        print(f"Error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:  # Ctrl-C before the demo was up: asyncio.run has already cleaned up
        return 130
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
