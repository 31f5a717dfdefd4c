"""`make demo`: the real bot in a simulated district, served on loopback; members act through the page's path."""

from __future__ import annotations

import asyncio
import json
import re
import urllib.error
import urllib.request
from datetime import UTC, datetime

import pytest

from bot.bot import EXTENSIONS
from bot.memorial.models import MemorialDay
from demo.__main__ import parser, serve
from demo.world import CONTACTS, PEOPLE, call_list, demo_world, fictional_number, parse_at, viewers, who_sees

WOMENS_DAY = "Internationella kvinnodagen"


@pytest.fixture
async def world(tmp_path):
    async with demo_world(parse_at("2026-03-08 08:50"), tmp_path) as world:
        yield world


def fetch(url: str, *, body: dict | None = None, headers: dict[str, str] | None = None) -> tuple[int, bytes]:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json", **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, b""
    except urllib.error.URLError:
        return 0, b""  # nothing listens any more


class Page:
    """A browser page of the demo, spoken to over loopback with the page's own protocol (what app.js sends)."""

    def __init__(self, preview, viewer) -> None:
        self.base, self.capability = preview.url.split("#")
        self.viewer = viewer
        self.sequence = 0

    async def call(self, path: str, body: dict | None = None) -> dict:
        headers = {"X-Simcord-Capability": self.capability}
        if path != "api/pages":
            headers["X-Simcord-Context"] = self.context["id"]
        status, data = await asyncio.to_thread(fetch, self.base + path, body=body, headers=headers)
        assert status == 200, (path, status)
        return json.loads(data)

    async def open(self) -> dict:
        self.state = await self.call("api/pages", {"viewer_id": str(self.viewer.id)})
        self.context = self.state["context"]
        self.catalog = await self.call("api/commands")
        return self.state

    async def run(self, invocation: str, **options: str) -> dict:
        """Run a slash command as the page's composer does; returns the action's receipt."""
        [entry] = [e for e in self.catalog["entries"] if e["invocation"] == invocation]
        self.sequence += 1
        self.state = await self.call("api/state")
        receipt = await self.call(
            "api/action",
            {
                "protocol_version": 3,
                "kind": "run_command",
                "sequence": self.sequence,
                "request_id": f"r{self.sequence}",
                "generation": self.state["context"]["generation"],
                "bot_generation": self.state["botGeneration"],
                "published_revision": self.state["publishedRevision"],
                "catalog_fingerprint": self.catalog["fingerprint"],
                "schema_fingerprint": entry["schemaFingerprint"],
                "command_id": entry["commandId"],
                "path": entry["path"],
                "options": options,
            },
        )
        assert receipt["rejected"] is False, receipt["diagnostics"]
        return receipt

    async def text(self) -> str:
        """Everything the page shows now."""
        self.state = await self.call("api/state")
        return json.dumps(self.state, ensure_ascii=False)


def posts(world, title: str) -> list:
    return [m for m in world.channels["meddelanden"].history() if m.embeds and m.embeds[0].title == title]


def labels(message) -> list[str]:
    return [c.label for row in message.components for c in row.children]


async def test_the_district_is_set_up_on_a_throw_away_database(world, tmp_path):
    assert world.bot.settings.database_url == f"sqlite+aiosqlite:///{tmp_path / 'demo.db'}"
    assert world.bot.settings.discord_token is None
    assert world.env.now() == datetime(2026, 3, 8, 7, 50, tzinfo=UTC)
    assert list(world.channels) == [
        "allmänt", "meddelanden", "organisatörer", "kvinnor-ickebinära", "mansträffar", "logg",
    ]  # fmt: skip
    assert [m.embeds[0].title for m in world.channels["kvinnor-ickebinära"].history() if m.embeds] == [
        "Kvinnoträff: feministisk studiecirkel"
    ]
    assert labels(world.announcement("meddelanden", "Medlemsmöte: valplanering")) == [
        "Kommer (2)", "Kanske (1)", "Kan inte (0)",
    ]  # fmt: skip
    caller, woman, organiser = (world.members[name].mention for name in ("ringare", "kvinna", "organisatör"))
    assert [m.content for m in world.channels["organisatörer"].history()] == [
        "🔄 Genomföra en ringkampanj som en del i den politiska kampanjen — pågår, "
        f"uppdaterat av {caller}: ”Ringlistan är inläst”",
        f"🔄 Arrangera träffar för kvinnor och ickebinära — pågår, uppdaterat av {woman}: ”Första träffen är bokad”",
        f"✅ Genomföra en utbildning i medlemsvård — klar, uppdaterat av {organiser}: ”Tolv deltog i Lund”",
    ]
    assert [m.embeds[0].description.split(" · ", 1)[1] for m in world.channels["logg"].history()] == [
        "läste in planen ”Verksamhetsplan 2023 för Vänsterpartiet Skåne” (35 åtaganden)",
        "planerade träff #1 (Kvinnor och ickebinära)",
        "planerade träff #2 (Öppen för alla medlemmar)",
        "skapade ringkampanjen Vårringning (#1)",
        "importerade 30 kontakter till ringkampanjen Vårringning (#1)",
    ]
    async with world.bot.db.session() as session:
        from sqlmodel import select

        assert len((await session.exec(select(MemorialDay))).all()) == 6
    stats = await world.members["organisatör"].slash(
        world.channels["allmänt"], "campaign stats", campaign="Vårringning"
    )
    assert stats.ephemeral
    assert "30" in stats.response.embeds[0].description


async def test_a_step_of_the_build_the_bot_refuses_stops_the_demo(tmp_path, monkeypatch):
    """A refusal is an ordinary answer, not an error: the build notices it all the same, or the demo would lack
    what the step should have made."""

    async def refused_step(world) -> None:
        await world.members["medlem"].slash(world.channels["allmänt"], "plan load", plan="skane-2023")

    monkeypatch.setattr("demo.world.populate", refused_step)
    with pytest.raises(RuntimeError, match=r"was refused: perm\.denied "):
        async with demo_world(parse_at("2026-03-08 08:50"), tmp_path):
            pass


async def test_the_page_is_served_on_loopback_and_members_act_through_it(world):
    async with world.env.preview(
        world.channels["meddelanden"], viewers=viewers(world, None), layout="channel", locale="sv-SE"
    ) as preview:
        base, _ = preview.url.split("#")
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+/", base)
        status, html = await asyncio.to_thread(fetch, base)
        assert status == 200 and b"<title>SimCord Preview</title>" in html
        member = world.members["medlem"]
        refused, _ = await asyncio.to_thread(
            fetch, base + "api/pages", body={"viewer_id": str(member.id)}, headers={"X-Simcord-Capability": "fel"}
        )
        assert refused == 401

        page = Page(preview, member)
        state = await page.open()
        assert state["viewerId"] == str(member.id)
        assert "Medlemsmöte: valplanering" in await page.text()
        assert "Minnesdagar" not in await page.text()
        receipt = await page.run("memorial list")
        assert receipt["settlement"] == "settled"
        assert f"**{WOMENS_DAY}** · 8 mars · nästa gång söndag 8 mars 2026 (i dag)" in await page.text()

        listed = await member.slash(world.channels["allmänt"], "memorial list")
        assert listed.ephemeral
        assert listed.response.embeds[0].title == "Minnesdagar"
        assert listed.response.embeds[0].description.splitlines()[0] == (
            f"**{WOMENS_DAY}** · 8 mars · nästa gång söndag 8 mars 2026 (i dag)"
        )
        assert len(listed.response.embeds[0].description.splitlines()) == 6

        woman = world.members["kvinna"]
        answered = await woman.click(world.announcement("meddelanden", "Medlemsmöte: valplanering"), label="Kommer (2)")
        assert answered.ephemeral
        assert answered.response.content == "Du har svarat: Kommer.\nKommer: 3 · Kanske: 1 · Kan inte: 0"
        assert labels(world.announcement("meddelanden", "Medlemsmöte: valplanering")) == [
            "Kommer (3)", "Kanske (1)", "Kan inte (0)",
        ]  # fmt: skip
        await preview.refresh()  # an actor outside the page: the page shows it once republished
        assert "Kommer (3)" in await page.text()


async def test_viewing_as_names_each_person_with_their_role(world):
    async with world.env.preview(
        world.channels["meddelanden"], viewers=viewers(world, None), layout="channel", locale="sv-SE"
    ) as preview:
        state = await Page(preview, world.members["medlem"]).open()
    assert [viewer["name"] for viewer in state["viewers"]] == [
        "Anna Lindqvist (styrelse)",
        "Olle Persson (organisatör)",
        "Karin Nilsson (ringare)",
        "Ahmed Hassan (ringare)",
        "Fatima (kvinnor och ickebinära)",
        "Erik Johansson (mansträffar)",
        "Sven Berg (medlem)",
    ]
    assert len(state["viewers"]) == len(PEOPLE)
    assert max(len(viewer["name"]) for viewer in state["viewers"]) <= 32  # Discord's longest nickname


async def test_building_the_district_leaves_no_reply_addressed_to_a_visitor(world):
    """The members' own steps got replies only they see ("Du har svarat: Kommer."); none stays for the visitor who
    views as them. What they did stays: the answers are counted."""
    left = [
        (name, message.content)
        for name, channel in world.channels.items()
        for member in who_sees(world, name, list(world.members.values()))
        for message in channel.history(viewer=member)
        if message.flags.ephemeral
    ]
    assert left == []
    assert labels(world.announcement("meddelanden", "Medlemsmöte: valplanering")) == [
        "Kommer (2)", "Kanske (1)", "Kan inte (0)",
    ]  # fmt: skip


async def test_a_refusal_in_the_page_is_an_answer_not_a_failed_action(world):
    member = world.members["medlem"]
    async with world.env.preview(
        world.channels["meddelanden"], viewers=[member], layout="channel", locale="sv-SE"
    ) as preview:
        page = Page(preview, member)
        await page.open()
        receipt = await page.run("campaign help-queue")
        assert (receipt["settlement"], receipt["uncertain"], receipt["diagnostics"]) == ("settled", False, [])
        assert "Det här kräver rollen organisatör. Du har den inte." in await page.text()
        unknown = await page.run("meeting show", meeting="999")
        assert (unknown["settlement"], unknown["uncertain"], unknown["diagnostics"]) == ("settled", False, [])
        assert "Jag hittar ingen sådan träff" in await page.text()
    assert world.env.errors == []


async def test_meeting_reminders_arrive_in_the_page_of_a_members_direct_messages(world):
    woman = world.members["kvinna"]
    async with world.env.preview(
        woman.user.dm_channel, viewers=[woman.user], layout="channel", locale="sv-SE"
    ) as preview:
        world.clock.after_advance[:] = [preview.refresh]
        page = Page(preview, woman.user)
        await page.open()
        assert "Påminnelse" not in await page.text()
        receipt = await page.run("demo advance", minutes="600")  # from the DM page: to 18:50, past 18:00
        assert (receipt["settlement"], receipt["diagnostics"]) == ("settled", [])
        await world.clock.wait_idle()
        assert (
            "Påminnelse: ”Kvinnoträff: feministisk studiecirkel” är i morgon, måndag 9 mars 2026 kl. 18:00"
            in await page.text()
        )
    assert world.env.errors == []


async def test_the_demo_clock_crosses_8_march_9_and_the_day_is_posted_once(world):
    member, general = world.members["medlem"], world.channels["allmänt"]
    moved = await member.slash(general, "demo advance", minutes=5)
    assert moved.ephemeral
    assert moved.response.content == (
        "⏩ Klockan flyttas fram 5 minuter, till söndag 8 mars 2026 kl. 08:55. "
        "Det som boten ska göra på vägen händer nu."
    )
    await world.clock.wait_idle()
    assert world.env.now() == datetime(2026, 3, 8, 7, 55, tzinfo=UTC)
    assert posts(world, WOMENS_DAY) == []

    async with world.env.preview(
        world.channels["meddelanden"], viewers=[member], layout="channel", locale="sv-SE"
    ) as preview:
        world.clock.after_advance[:] = [preview.refresh]
        page = Page(preview, member)
        await page.open()
        assert WOMENS_DAY not in await page.text()
        await page.run("demo advance", minutes="10")  # from the page, as a viewer types it
        await world.clock.wait_idle()
        assert world.env.now() == datetime(2026, 3, 8, 8, 5, tzinfo=UTC)
        [posted] = posts(world, WOMENS_DAY)
        assert posted.created_at == datetime(2026, 3, 8, 8, 0, tzinfo=UTC)
        assert (await page.text()).count(f'"title": "{WOMENS_DAY}"') == 1

        await page.run("demo advance", minutes="180")
        await world.clock.wait_idle()
        assert world.env.now() == datetime(2026, 3, 8, 11, 5, tzinfo=UTC)
        assert len(posts(world, WOMENS_DAY)) == 1
        assert (await page.text()).count(f'"title": "{WOMENS_DAY}"') == 1


async def test_the_runner_prints_the_address_and_ends_cleanly_when_stopped():
    stop, opened, said = asyncio.Event(), asyncio.Event(), []

    def announce(text: str) -> None:
        said.append(text)
        if "http://127.0.0.1:" in text:
            opened.set()

    args = parser().parse_args(["--at", "2026-03-08 08:50", "--as", "kvinna,medlem", "--channel", "kvinnor-ickebinära"])
    runner = asyncio.create_task(serve(args, stop, announce))
    await asyncio.wait_for(opened.wait(), timeout=60)
    [url] = re.findall(r"http://127\.0\.0\.1:\d+/#[\w-]+", said[0])
    assert "Shown: #kvinnor-ickebinära, as kvinna (Fatima Said). Who may act (--as): kvinna (Fatima Said).\n" in said[0]
    assert "Not in the page (they cannot see #kvinnor-ickebinära): medlem (Sven Berg).\n" in said[0]
    assert (
        "Meeting reminders arrive as direct messages from the bot (24 hours and 1 hour before a meeting, to those "
        "who\nanswered Kommer or Kanske), and a page shows one channel or one person's direct messages: see them "
        "with --dm,\ne.g. --dm kvinna for Fatima Said, who is coming to the women's meeting.\n"
    ) in said[0]
    assert "(now: 2026-03-08 08:50 Swedish time)" in said[0]
    status, html = await asyncio.to_thread(fetch, url.split("#")[0])
    assert status == 200 and b"SimCord Preview" in html
    stop.set()  # what Ctrl-C does
    await asyncio.wait_for(runner, timeout=30)
    assert said[1:] == ["Demo ended; its database is gone."]
    refused, _ = await asyncio.to_thread(fetch, url.split("#")[0])
    assert refused == 0


async def test_the_runner_shows_a_members_direct_messages_with_dm():
    stop, opened, said = asyncio.Event(), asyncio.Event(), []

    def announce(text: str) -> None:
        said.append(text)
        if "http://127.0.0.1:" in text:
            opened.set()

    args = parser().parse_args(["--at", "2026-03-08 08:50", "--dm", "kvinna"])
    runner = asyncio.create_task(serve(args, stop, announce))
    await asyncio.wait_for(opened.wait(), timeout=60)
    assert (
        "Shown: the direct messages between kvinna (Fatima Said) and the bot, where meeting reminders arrive (24 hours "
        "and 1 hour\nbefore a meeting, to those who answered Kommer or Kanske), as kvinna (Fatima Said) sees them."
    ) in said[0]
    stop.set()
    await asyncio.wait_for(runner, timeout=30)
    assert said[1:] == ["Demo ended; its database is gone."]


def test_the_demo_command_is_not_part_of_the_bot():
    assert not any("demo" in extension for extension in EXTENSIONS)


def test_the_call_list_uses_only_numbers_reserved_for_fiction():
    rows = call_list().decode().splitlines()
    assert rows[0] == "Namn;Telefon;Partiförening"
    numbers = [row.split(";")[1] for row in rows[1:]]
    assert len(numbers) == len(set(numbers)) == CONTACTS
    assert all("070-1740605" <= number <= "070-1740699" for number in numbers)
    with pytest.raises(ValueError):
        fictional_number(100)


def test_the_start_of_the_clock_is_swedish_time():
    assert parse_at("2026-03-07 08:55") == datetime(2026, 3, 7, 7, 55, tzinfo=UTC)
    assert parse_at("2026-07-01 12:00") == datetime(2026, 7, 1, 10, 0, tzinfo=UTC)
    with pytest.raises(ValueError, match="YYYY-MM-DD HH:MM"):
        parse_at("8 mars")
    args = parser().parse_args(["--channel", "kvinnor-ickebinära", "--as", "kvinna,organisatör", "--port", "8080"])
    assert (args.channel, args.viewers, args.at, args.port) == (
        "kvinnor-ickebinära", "kvinna,organisatör", "2026-03-07 08:55", 8080,
    )  # fmt: skip
