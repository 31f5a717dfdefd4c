"""A board's messages stay within Discord's limits, however long the plan."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.commitments.board import BoardContent, BoardSection
from bot.commitments.service import CommitmentInfo
from cogs.commitments.board import board_messages


def item(number: int, title: str) -> CommitmentInfo:
    return CommitmentInfo(
        id=number,
        plan_id=1,
        title=title,
        description="",
        section="",
        status="planerad",
        shown_status="planerad",
        due_date=None,
        updated_at=datetime(2026, 1, 1, tzinfo=UTC),
        owner_user_ids=[10**17 + n for n in range(5)],
    )


def sizes(message) -> int:
    return sum(len(e.title or "") + len(e.description or "") + len(e.footer.text or "") for e in message)


def test_a_small_plan_is_one_message_with_an_embed_per_section():
    content = BoardContent(
        "Plan", [BoardSection("Studier", [item(1, "Läsa")]), BoardSection("Möten", [item(2, "Ses")])]
    )
    [message] = board_messages(content, "sv")
    assert [e.title for e in message] == ["Studier", "Möten"]
    assert message[0].description == (
        "`#1` 📋 **Läsa** — planerad · <@100000000000000000>, <@100000000000000001>, <@100000000000000002>, "
        "<@100000000000000003> och <@100000000000000004>"
    )


def test_a_long_plan_is_a_message_per_section_and_a_long_section_goes_on_in_more_embeds():
    long = [item(n, f"Åtagande {n} " + "x" * 110) for n in range(200)]
    content = BoardContent("Plan", [BoardSection("Studier", long), BoardSection("Möten", long[:3])])
    messages = board_messages(content, "sv")
    assert len(messages) > 2
    for message in messages:
        assert 1 <= len(message) <= 10
        assert sizes(message) <= 6000
        assert all(len(e.description or "") <= 4096 and len(e.title or "") <= 256 for e in message)
        assert all(not e.fields and "<@" not in (e.title or "") for e in message)  # mentions only in descriptions
    titles = [e.title for message in messages for e in message]
    assert titles[0] == "Studier" and set(titles[1:-1]) == {"Studier (forts.)"} and titles[-1] == "Möten"
    shown = "\n".join(e.description for message in messages for e in message)
    assert [f"`#{n}`" in shown for n in range(200)] == [True] * 200


def test_an_empty_plan_says_so():
    assert [[e.description for e in m] for m in board_messages(BoardContent("Plan", []), "sv")] == [
        ["Planen har inga åtaganden än."]
    ]
