"""Commitment rules without Discord: dates, shown status, the digest's weekly slots, who may update, who is
reminded."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from bot.commitments.models import DigestSettings
from bot.commitments.reminders import digest_slots, due_recipients
from bot.commitments.service import CommitmentInfo, parse_date, parse_time, shown_status
from bot.errors import UserError
from bot.guilds import RolePurpose
from bot.permissions import Person, can_update_commitment
from tests.support import config_with_roles

TODAY = date(2026, 1, 1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-03-08", date(2026, 3, 8)),
        ("8/3", date(2026, 3, 8)),
        ("8/3 2027", date(2027, 3, 8)),
        ("8 mars", date(2026, 3, 8)),
        ("8 mars 2027", date(2027, 3, 8)),
        ("1 januari", date(2026, 1, 1)),
        ("31 december.", date(2026, 12, 31)),
    ],
)
def test_dates_are_read_the_swedish_way(text, expected):
    assert parse_date(text, TODAY) == expected


def test_a_past_day_without_year_means_next_year():
    assert parse_date("8 mars", date(2026, 6, 1)) == date(2027, 3, 8)


def test_a_due_date_takes_every_day_of_the_one_grammar():
    """Issue #13: the same forms everywhere; "i morgon" and weekdays were refused here and read by meetings."""
    assert parse_date("i morgon", TODAY) == date(2026, 1, 2)
    assert parse_date("fredag", TODAY) == date(2026, 1, 2)
    assert parse_date("sista fredagen i maj", TODAY) == date(2026, 5, 29)


@pytest.mark.parametrize("text", ["", "31/2", "2026-13-01", "8 smörgås"])
def test_bad_dates_are_refused(text):
    with pytest.raises(UserError) as caught:
        parse_date(text, TODAY)
    assert caught.value.key == "commitments.bad_date"


def test_times():
    assert parse_time("09:00") == time(9, 0) and parse_time("16.30") == time(16, 30)
    with pytest.raises(UserError):
        parse_time("25:00")


def test_open_commitments_past_due_are_shown_as_overdue():
    assert shown_status("planerad", date(2025, 12, 31), TODAY) == "försenad"
    assert shown_status("pågår", date(2025, 12, 31), TODAY) == "försenad"
    assert shown_status("klar", date(2025, 12, 31), TODAY) == "klar"
    assert shown_status("inställd", date(2025, 12, 31), TODAY) == "inställd"
    assert shown_status("planerad", TODAY, TODAY) == "planerad"
    assert shown_status("planerad", None, TODAY) == "planerad"


def test_digest_slots_are_monday_nine_local_by_default():
    zone = ZoneInfo("Europe/Stockholm")
    now = datetime(2026, 1, 1, tzinfo=UTC)  # a Thursday
    slots = digest_slots(DigestSettings(guild_id=1), zone, now)
    assert slots == [
        (date(2025, 12, 29), datetime(2025, 12, 29, 8, tzinfo=UTC)),
        (date(2026, 1, 5), datetime(2026, 1, 5, 8, tzinfo=UTC)),
    ]
    summer = digest_slots(DigestSettings(guild_id=1), zone, datetime(2026, 6, 1, 7, 30, tzinfo=UTC))
    assert summer[0] == (date(2026, 6, 1), datetime(2026, 6, 1, 7, tzinfo=UTC))


def test_owners_organisers_and_moderators_may_update():
    config = config_with_roles(1, {RolePurpose.ORGANISER: 10, RolePurpose.MODERATOR: 11})
    owners, roles = frozenset({5}), frozenset({20})
    assert can_update_commitment(Person(5, frozenset()), config, owners, roles)
    assert can_update_commitment(Person(6, frozenset({20})), config, owners, roles)
    assert can_update_commitment(Person(7, frozenset({10})), config, owners, roles)
    assert can_update_commitment(Person(8, frozenset({11})), config, owners, roles)
    assert can_update_commitment(Person(9, frozenset(), manage_guild=True), config, owners, roles)
    assert not can_update_commitment(Person(9, frozenset({30})), config, owners, roles)


def test_diff_of_an_adopted_plan_pairs_the_same_the_changed_and_leaves_new_and_struck():
    from bot.commitments.plans import Existing, diff_plan

    existing = [
        Existing(1, "Ringa alla nya medlemmar", "", "Medlemsvård"),
        Existing(2, "Genomföra en ringkampanj i distriktet", "", "Kampanjer"),
        Existing(3, "Fortsätta att utveckla mansträffarna", "", "Internfeminism"),
        Existing(4, "Ordna en studiecirkel", "", "Studier"),
    ]
    candidates = [
        ("Medlemsvård", {"title": "Ringa alla nya medlemmar", "description": ""}),
        ("Kampanjer", {"title": "Genomföra två ringkampanjer i distriktet", "description": ""}),
        ("Internfeminism", {"title": "Starta ett separatistiskt nätverk", "description": ""}),
        ("Utbildning", {"title": "Ordna en studiecirkel", "description": ""}),
    ]
    diff = diff_plan(existing, candidates)
    assert [(old.id, index) for old, index in diff.kept] == [(1, 0)]
    assert [(old.id, index) for old, index in diff.changed] == [(2, 1), (4, 3)]  # 4 moved to another section
    assert diff.new == [2]
    assert [old.id for old in diff.removed] == [3]
    assert diff.match_of(1) == ("changed", existing[1]) and diff.match_of(2) == ("new", None)


def test_a_due_reminder_goes_to_each_owner_once_and_to_at_most_25():
    item = CommitmentInfo(
        id=1,
        plan_id=1,
        title="Ringa alla medlemmar",
        description="",
        section="",
        status="planerad",
        shown_status="planerad",
        due_date=date(2026, 3, 8),
        updated_at=datetime(2026, 1, 1, tzinfo=UTC),
        owner_user_ids=[5, 6, 5],
        owner_role_ids=[20, 21, 22],
    )
    assert due_recipients(item, {20: [6, 7], 22: [8, 7]}) == [5, 6, 7, 8]
    assert due_recipients(item, {20: list(range(100, 200))}) == [5, 6, *range(100, 123)]
