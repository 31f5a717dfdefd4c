"""A model of Discord's rate limits, put between discord.py's own HTTP client and SimCord.

SimCord replaces `HTTPClient.request` (so discord.py's rate-limit buckets and its handling of 429 never run) and
answers at once. While a `LimitedDiscord` is installed, the bot's REST calls go through discord.py's real
`HTTPClient.request` again, with its buckets and retries, to a session that answers as Discord does: at most
50 requests in any second (every route; interaction responses are exempt, as they travel by webhook), at most 5
messages posted to one channel in a window of 5 s that opens with its first message (with the X-RateLimit headers
discord.py paces itself by), and 429 with `retry_after` beyond either. Time is the real clock (plus, in the posts
measure, the time the scheduler would have slept until a retry).

`floor_times` is what the limits alone allow: when each post would be out, at the earliest, if every request
were answered at once and the sender knew the limits.
"""

from __future__ import annotations

import asyncio
import json
import math
import re
import time
from collections import Counter, deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote, urlsplit

from discord.http import HTTPClient
from multidict import CIMultiDict
from simcord.backend.errors import BackendError
from simcord.http import router

GLOBAL_PER_SECOND = 50
CHANNEL_MESSAGES = 5
CHANNEL_WINDOW_SECONDS = 5.0
EMBEDS_PER_MESSAGE = 10  # one message may carry up to ten embeds
MESSAGE_POST = re.compile(r"/channels/(\d+)/messages")
BUCKET = "channel-messages"

# the form and files of the request being sent (discord.py turns them into aiohttp's FormData)
_UPLOAD: ContextVar[tuple[list[Any] | None, list[Any] | None]] = ContextVar("upload", default=(None, None))


@dataclass
class Verdict:
    allowed: bool
    retry_after: float = 0.0
    is_global: bool = False
    headers: dict[str, str] = field(default_factory=dict)


class Limits:
    """Discord's limits: a sliding second for all requests, a fixed window per channel for posted messages."""

    def __init__(self) -> None:
        self.sent: deque[float] = deque()
        self.windows: dict[int, tuple[float, int]] = {}  # channel → (window opened at, messages in it)

    def ask(self, now: float, channel_id: int | None) -> Verdict:
        """May a request go out now (a message posted to `channel_id`, or any other request)?"""
        while self.sent and self.sent[0] <= now - 1.0:
            self.sent.popleft()
        if len(self.sent) >= GLOBAL_PER_SECOND:
            return Verdict(False, _ceil_ms(self.sent[0] + 1.0 - now), is_global=True)
        headers: dict[str, str] = {}
        if channel_id is not None:
            opened, used = self.windows.get(channel_id, (now, 0))
            if now >= opened + CHANNEL_WINDOW_SECONDS:
                opened, used = now, 0
            reset_after = _ceil_ms(opened + CHANNEL_WINDOW_SECONDS - now)
            if used >= CHANNEL_MESSAGES:
                return Verdict(False, reset_after, headers=_bucket_headers(0, reset_after))
            self.windows[channel_id] = (opened, used + 1)
            headers = _bucket_headers(CHANNEL_MESSAGES - used - 1, reset_after)
        self.sent.append(now)
        return Verdict(True, headers=headers)


def _ceil_ms(seconds: float) -> float:
    return max(0.001, math.ceil(seconds * 1000) / 1000)


def _bucket_headers(remaining: int, reset_after: float) -> dict[str, str]:
    return {
        "X-RateLimit-Bucket": BUCKET,
        "X-RateLimit-Limit": str(CHANNEL_MESSAGES),
        "X-RateLimit-Remaining": str(remaining),
        "X-RateLimit-Reset-After": f"{reset_after:.3f}",
        "X-RateLimit-Reset": f"{time.time() + reset_after:.3f}",
    }


def floor_times(posts_per_channel: list[int], posts_per_message: int) -> list[float]:
    """Seconds from due to posted for every post, sent as early as the limits allow, `posts_per_message` posts
    to a message, every request answered at once: no sender can do better."""
    limits = Limits()
    messages: deque[tuple[int, int]] = deque()  # (channel, posts in the message): round-robin over the channels
    for turn in range(max(posts_per_channel, default=0)):
        for channel, posts in enumerate(posts_per_channel):
            carried = min(posts_per_message, posts - turn * posts_per_message)
            if carried > 0:
                messages.append((channel, carried))
    now, times = 0.0, []
    while messages:
        wake = math.inf
        for _ in range(len(messages)):
            channel, carried = messages.popleft()
            verdict = limits.ask(now, channel)
            if verdict.allowed:
                times += [now] * carried
            else:
                messages.append((channel, carried))
                wake = min(wake, now + verdict.retry_after)
        if messages:
            now = wake
    return times


@dataclass
class _Response:
    """As much of an aiohttp response as discord.py's `HTTPClient.request` reads."""

    status: int
    body: Any
    extra_headers: dict[str, str]

    def __post_init__(self) -> None:
        self.reason = {200: "OK", 204: "No Content", 429: "Too Many Requests"}.get(self.status, "Error")
        self.headers = CIMultiDict(self.extra_headers)
        if self.body is not None:
            self.headers["Content-Type"] = "application/json"

    async def text(self, encoding: str = "utf-8") -> str:
        return "" if self.body is None else json.dumps(self.body)


class _Exchange:
    def __init__(self, answer: _Response) -> None:
        self.answer = answer

    async def __aenter__(self) -> _Response:
        return self.answer

    async def __aexit__(self, *_: object) -> None:
        return None


class LimitedDiscord:
    """The bot's HTTP client, while installed: discord.py's own request code, Discord's limits, then SimCord."""

    def __init__(self, http: Any, clock: Callable[[], float] = time.perf_counter) -> None:
        self.http = http
        self.clock = clock
        self.limits = Limits()
        self.too_many: Counter[str] = Counter()  # the 429s the bot triggered: "global" or "channel"
        self.requests = 0

    def request(self, method: str, url: str, **kwargs: Any) -> _Exchange:
        """The aiohttp session's `request`, as discord.py calls it."""
        path = urlsplit(url).path.split("/api/v", 1)[-1].partition("/")[2]
        path = f"/{path}"
        posted_to = MESSAGE_POST.fullmatch(path) if method == "POST" else None
        verdict = self.limits.ask(self.clock(), int(posted_to[1]) if posted_to else None)
        self.requests += 1
        if not verdict.allowed:
            scope = "global" if verdict.is_global else "channel"
            self.too_many[scope] += 1
            body = {"message": "You are being rate limited.", "retry_after": verdict.retry_after}
            headers = verdict.headers | {"Via": "1.1 google", "Retry-After": str(math.ceil(verdict.retry_after))}
            if verdict.is_global:
                headers["X-RateLimit-Global"] = "true"
            headers["X-RateLimit-Scope"] = "global" if verdict.is_global else "user"
            return _Exchange(_Response(429, body | {"global": verdict.is_global}, headers))
        form, files = _UPLOAD.get()
        payload: Any = None
        if form:
            payload, files = router.parse_form(form, files or [])
        elif isinstance(kwargs.get("data"), str):
            payload = json.loads(kwargs["data"])
        reason = kwargs.get("headers", {}).get("X-Audit-Log-Reason")
        try:
            result = router.dispatch(
                self.http.backend,
                method,
                path,
                json=payload,
                params=kwargs.get("params"),
                files=files or [],
                reason=unquote(reason) if reason else None,
                message_content_access=self.http.message_content_access,
            )
        except (router.RouteNotImplemented, router.UnsupportedField):
            raise
        except BackendError as error:
            return _Exchange(_Response(error.status, error.to_json(), verdict.headers))
        return _Exchange(_Response(200 if result is not None else 204, result, verdict.headers))

    @contextmanager
    def installed(self) -> Iterator[LimitedDiscord]:
        http = self.http

        async def request(route: Any, *, files: Any = None, form: Any = None, **kwargs: Any) -> Any:
            token = _UPLOAD.set((form, files))
            try:
                return await HTTPClient.request(http, route, files=files, form=form, **kwargs)
            finally:
                _UPLOAD.reset(token)

        session, global_over = http._HTTPClient__session, http._global_over
        http._HTTPClient__session = self
        http._global_over = asyncio.Event()  # as discord.py's login makes it (SimCord's login does not)
        http._global_over.set()
        http.request = request
        http._buckets.clear()  # buckets learnt on SimCord's clock would wait on the wrong one
        try:
            yield self
        finally:
            del http.request
            http._HTTPClient__session, http._global_over = session, global_over
            http._buckets.clear()
