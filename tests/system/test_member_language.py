"""Each member's own language across the features (SimCord, whose members use Discord in American English): once a
server chose (/setup language … replies) that the replies only a member sees follow the member's language, a
representative command of every feature answers its member in English while what it posts for everyone (an
announcement, a memorial post, a meeting's buttons, the organisers' channel, the audit log) stays in the server's
Swedish; while the server has not chosen so (the default), everything is Swedish. A Swedish member gets Swedish
replies either way, and on an English server the posts are English while a Swedish member's replies are not."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import pytest

from tests.cogs.meetings.test_meetings import announcement
from tests.support import District

SWEDISH = "sv-SE"
STAMP = 1767805200  # 2026-01-07 18:00 in Stockholm


@dataclass(frozen=True)
class Seen:
    """What one command showed: the reply only its member saw, and what it made everyone see."""

    reply: str
    public: str


Scenario = Callable[[District], Awaitable[Seen]]


def text_of(result: Any) -> str:
    """What the member sees of a reply: a (possibly deferred) message's text, or its embeds' titles and texts."""
    message = result.followups[-1] if result.followups else result.response
    parts = [message.content or ""]
    for embed in message.embeds:
        parts += [embed.title or "", embed.description or ""]
        parts += [f"{field.name}: {field.value}" for field in embed.fields]
        parts.append(embed.footer.text or "")
    return "\n".join(part for part in parts if part)


def labels(message: Any) -> list[str]:
    return [child.label for row in message.components for child in row.children]


def audit_line(district: District) -> str:
    return district.channels["audit"].last_message.embeds[0].description.split(" · ", 1)[1]


async def setup_channel(district: District) -> Seen:
    result = await district.admin.slash(
        district.general, "setup channel", purpose="announcements", channel=district.channels["announcements"]
    )
    return Seen(text_of(result), audit_line(district))


async def meeting_schedule(district: District) -> Seen:
    result = await district.organiser.slash(
        district.channels["organisers"], "meeting schedule", title="Medlemsmöte", audience="open",
        start="2026-01-07 18:00", location="Folkets hus",
    )  # fmt: skip
    posted = announcement(district, "open")
    fields = [f"{field.name}: {field.value}" for field in posted.embeds[0].fields]
    return Seen(text_of(result), "\n".join([*fields, *labels(posted)]))


async def meeting_answer(district: District) -> Seen:
    await meeting_schedule(district)
    answered = await district.member.click(announcement(district, "open"), label="Kommer (0)")
    return Seen(text_of(answered), "\n".join(labels(announcement(district, "open"))))


async def memorial_post_now(district: District) -> Seen:
    await district.moderator.slash(district.general, "memorial add", name="Egen dag", date="1 juni", text="Vi minns.")
    [suggested] = await district.moderator.autocomplete(district.general, "memorial post-now", "day", "egen")
    result = await district.moderator.slash(district.general, "memorial post-now", day=suggested["value"])
    posted = district.channels["announcements"].last_message.embeds[0]
    return Seen(
        f"{suggested['name']}\n{text_of(result)}", f"{posted.title}\n{posted.description}\n{posted.footer.text}"
    )


async def network_request(district: District) -> Seen:
    await district.moderator.slash(district.general, "network mode", mode="approval")
    shown = await district.member.slash(district.general, "network join", audience="women-nonbinary")
    asked, confirm = text_of(shown).split(". ")[0], labels(shown.response.message)[0]  # its first sentence
    sent = await district.member.click(shown.response, label=confirm)
    request = district.channels["organisers"].last_message
    public = "\n".join([request.embeds[0].title, request.embeds[0].description, *labels(request)])
    return Seen(f"{asked}\n{confirm}\n{text_of(sent)}", public)


async def commitment_update(district: District) -> Seen:
    await district.moderator.slash(district.general, "plan load", plan="skane-2023")
    choices = await district.organiser.autocomplete(
        district.general, "commitment update", "commitment", "utbildning i medlemsvård"
    )
    result = await district.organiser.slash(
        district.general, "commitment update", commitment=choices[0]["value"], status="klar"
    )
    return Seen(text_of(result), district.channels["organisers"].last_message.content)


async def campaign_create(district: District) -> Seen:
    shown = await district.organiser.slash(district.general, "campaign create", name="Vårringning")
    created = await district.organiser.submit_modal(shown, {"script": "Hej!", "questions": "Kommer du?"})
    return Seen(f"{shown.modal['title']}\n{text_of(created)}", audit_line(district))


async def privacy_contact(district: District) -> Seen:
    result = await district.moderator.slash(district.general, "privacy contact", contact="styrelsen")
    return Seen(text_of(result), audit_line(district))


SCENARIOS: dict[str, tuple[Scenario, str, str, str]] = {
    # feature: (what its member does, the reply in Swedish, the reply in English, what everyone sees, in Swedish)
    "setup": (
        setup_channel,
        "Klart: meddelandekanal är nu <#announcements>.",
        "Done: the announcements channel is now <#announcements>.",
        "ställde in meddelandekanal till <#announcements>",
    ),
    "meetings": (
        meeting_schedule,
        "Klart: ”Medlemsmöte” onsdag 7 januari 2026 kl. 18:00 är kallad i <#announcements> (träff #1).\n"
        "Ett Discord-evenemang skapades också.",
        "Done: “Medlemsmöte” on Wednesday 7 January 2026 at 18:00 is announced in <#announcements> (meeting #1).\n"
        "A Discord event was created too.",
        f"När: onsdag 7 januari 2026 kl. 18:00\n<t:{STAMP}:F> · <t:{STAMP}:R>\nLängd: 1 tim 30 min\n"
        "Plats: Folkets hus\nFör: Öppen för alla medlemmar\nSvar: Kommer: 0 · Kanske: 0 · Kan inte: 0\n"
        "Kommer (0)\nKanske (0)\nKan inte (0)",
    ),
    "meeting buttons": (
        meeting_answer,
        "Du har svarat: Kommer.\nKommer: 1 · Kanske: 0 · Kan inte: 0",
        "You answered: Coming.\nComing: 1 · Maybe: 0 · Can't come: 0",
        "Kommer (1)\nKanske (0)\nKan inte (0)",
    ),
    "memorial": (
        memorial_post_now,
        "Egen dag · 1 juni\nPostat: ”Egen dag” i <#announcements>.",
        "Egen dag · 1 June\nPosted: “Egen dag” in <#announcements>.",
        "Egen dag\nVi minns.\ntorsdag 1 januari 2026",
    ),
    "network": (
        network_request,
        "Nätverket för kvinnor och ickebinära är ett separatistiskt rum för dig som är kvinna eller ickebinär\n"
        "Bekräfta\nDin förfrågan har skickats till organisatörerna. Du får ett meddelande när de har svarat.",
        "The network for women and non-binary members is a separatist space for those who are women or non-binary\n"
        "Confirm\n"
        "Your request has been sent to the organisers. You will hear from me when they have answered.",
        "Förfrågan om att gå med i ett nätverk\n<@member> vill gå med i: Kvinnor och ickebinära.\nGodkänn\nAvböj",
    ),
    "commitments": (
        commitment_update,
        "Sparat: ”Genomföra en utbildning i medlemsvård” har nu status: klar. Organisatörerna har fått veta.",
        "Saved: “Genomföra en utbildning i medlemsvård” is now done. The organisers have been told.",
        "✅ Genomföra en utbildning i medlemsvård — klar, uppdaterat av <@organiser>",
    ),
    "campaigns": (
        campaign_create,
        "Ny ringkampanj\nKampanjen **Vårringning** är skapad med 1 enkätfråga. Nya försök efter 3 timmar, högst 3 "
        "försök, varje kontakt reserveras i 15 minuter. Importera en ringlista med /campaign import.",
        "New phone campaign\nThe campaign **Vårringning** was created with 1 survey question. Retries after 3 "
        "hours, at most 3 attempts, each contact is reserved for 15 minutes. Import a call list with /campaign "
        "import.",
        "skapade ringkampanjen Vårringning (#1)",
    ),
    "privacy": (
        privacy_contact,
        "Kontaktuppgiften är sparad.",
        "The contact is saved.",
        "ändrade dataskyddskontakten",
    ),
}


def named(text: str, district: District) -> str:
    """The text with the district's channels and members, written `<#key>` and `<@key>`, as Discord has them."""
    for key, channel in district.channels.items():
        text = text.replace(f"<#{key}>", channel.mention)
    for key, member in district.members.items():
        text = text.replace(f"<@{key}>", member.mention)
    return text


async def choose(district: District, replies: str, language: str = "sv") -> None:
    await district.admin.slash(district.general, "setup language", language=language, replies=replies)


@pytest.mark.parametrize("feature", list(SCENARIOS))
async def test_what_the_member_alone_sees_follows_their_language_once_the_server_chose_so(
    simcord_env, simcord_bot, district, feature
):
    scenario, _swedish, english, public = SCENARIOS[feature]
    await choose(district, "member")
    seen = await scenario(district)
    assert seen == Seen(named(english, district), named(public, district))


@pytest.mark.parametrize("feature", list(SCENARIOS))
async def test_by_default_everything_is_in_the_servers_language(simcord_env, simcord_bot, district, feature):
    scenario, swedish, _english, public = SCENARIOS[feature]
    seen = await scenario(district)
    assert seen == Seen(named(swedish, district), named(public, district))


@pytest.mark.parametrize("feature", list(SCENARIOS))
async def test_a_swedish_member_is_answered_in_swedish(simcord_env, simcord_bot, district, locales, feature):
    scenario, swedish, _english, public = SCENARIOS[feature]
    await choose(district, "member")
    for member in district.members.values():
        locales[member.id] = SWEDISH
    assert await scenario(district) == Seen(named(swedish, district), named(public, district))


async def test_on_an_english_server_a_swedish_member_is_answered_in_swedish(
    simcord_env, simcord_bot, district, locales
):
    await choose(district, "member", language="en")
    locales[district.organiser.id] = SWEDISH
    seen = await meeting_schedule(district)
    assert seen.reply == named(SCENARIOS["meetings"][1], district)
    assert seen.public.split("\n")[0] == "When: Wednesday 7 January 2026 at 18:00"
    assert seen.public.split("\n")[-3:] == ["Coming (0)", "Maybe (0)", "Can't come (0)"]
