"""`python -m demo.screenshot URL OUT.png`: photograph the demo's page once it has settled (demo/screenshot.sh).

Headless Chromium is driven over its DevTools protocol on loopback: the page is loaded at a fixed size, and the
picture is taken only when the page says it is ready (its status reads "Preview ready", nothing is loading or
pending, every button enabled by the page is drawn so) and has stayed so for a moment; a page that never settles
is an error, not a picture of a half-loaded page."""

from __future__ import annotations

import argparse
import asyncio
import base64
import contextlib
import itertools
import json
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

import aiohttp

WIDTH, HEIGHT = 1280, 900
SETTLED = ("Preview ready", "Viewport updated")
"""What the page's status says once nothing is loading or pending."""

READY = """(() => {
  const status = document.getElementById("action-status");
  const busy = document.querySelector('[aria-busy="true"]');
  return JSON.stringify({status: status ? status.textContent.trim() : "", busy: Boolean(busy),
    fonts: document.fonts.status, messages: document.querySelectorAll("[data-message-id]").length});
})()"""
STEADY = 1.5
"""Seconds the page must stay settled before it is photographed."""


class DevTools:
    """One page of a browser, spoken to over the DevTools protocol."""

    def __init__(self, socket: aiohttp.ClientWebSocketResponse) -> None:
        self.socket = socket
        self.ids = itertools.count(1)

    async def call(self, method: str, **params: Any) -> dict[str, Any]:
        number = next(self.ids)
        await self.socket.send_json({"id": number, "method": method, "params": params})
        async for message in self.socket:
            data = json.loads(message.data)
            if data.get("id") == number:
                if "error" in data:
                    raise RuntimeError(f"{method}: {data['error']}")
                return data.get("result", {})
        raise RuntimeError("the browser closed the connection")

    async def evaluate(self, expression: str) -> Any:
        result = await self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        return result.get("result", {}).get("value")


async def settled(page: DevTools, timeout: float) -> dict[str, Any]:
    """Wait until the page has been ready for `STEADY` seconds; what it last said, or TimeoutError."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    since: float | None = None
    state: dict[str, Any] = {}
    while loop.time() < deadline:
        state = json.loads(await page.evaluate(READY) or "{}")
        ready = state.get("status") in SETTLED and not state.get("busy") and state.get("fonts") == "loaded"
        now = loop.time()
        if not ready:
            since = None
        elif since is None:
            since = now
        elif now - since >= STEADY:
            return state
        await asyncio.sleep(0.25)
    raise TimeoutError(f"the page did not settle in {timeout:.0f} s; it last said {state}")


async def photograph(browser: str, url: str, out: Path, *, timeout: float = 60) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="rodbot-shot-") as profile:
        process = await asyncio.create_subprocess_exec(
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            "--remote-debugging-address=127.0.0.1",
            "--remote-debugging-port=0",
            f"--user-data-dir={profile}",
            f"--window-size={WIDTH},{HEIGHT}",
            "about:blank",
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.DEVNULL,
        )
        try:
            port = await _devtools_port(Path(profile), process, timeout)
            async with aiohttp.ClientSession() as session:
                async with session.get(f"http://127.0.0.1:{port}/json/list") as listed:
                    targets = await listed.json()
                [target] = [t for t in targets if t.get("type") == "page"][:1]
                async with session.ws_connect(target["webSocketDebuggerUrl"], max_msg_size=0) as socket:
                    page = DevTools(socket)
                    size = {"width": WIDTH, "height": HEIGHT, "deviceScaleFactor": 1, "mobile": False}
                    await page.call("Emulation.setDeviceMetricsOverride", **size)
                    await page.call("Page.enable")
                    await page.call("Page.navigate", url=url)
                    state = await settled(page, timeout)
                    shot = await page.call("Page.captureScreenshot", format="png")
            out.write_bytes(base64.b64decode(shot["data"]))
            return state
        finally:
            with contextlib.suppress(ProcessLookupError):
                process.terminate()
            await process.wait()


async def _devtools_port(profile: Path, process: asyncio.subprocess.Process, timeout: float) -> int:
    """The port Chromium chose, from the file it writes in its profile."""
    found = profile / "DevToolsActivePort"
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while loop.time() < deadline:
        if process.returncode is not None:
            raise RuntimeError(f"Chromium ended at start (exit code {process.returncode})")
        if found.exists() and (lines := found.read_text().splitlines()):
            return int(lines[0])
        await asyncio.sleep(0.1)
    raise TimeoutError("Chromium did not open its DevTools port")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m demo.screenshot", description=__doc__.splitlines()[0])
    parser.add_argument("url", help="the demo's address, as it prints it")
    parser.add_argument("out", type=Path, help="the PNG to write")
    parser.add_argument("--browser", default=shutil.which("chromium") or shutil.which("chromium-browser"))
    args = parser.parse_args(argv)
    if not args.browser:
        print("Chromium is missing: apt-get install -y chromium", file=sys.stderr)
        return 2
    try:
        state = asyncio.run(photograph(args.browser, args.url, args.out))
    except (TimeoutError, RuntimeError, aiohttp.ClientError) as error:
        print(f"no screenshot: {error}", file=sys.stderr)
        return 1
    print(f"the page said {state['status']!r} with {state['messages']} messages")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
