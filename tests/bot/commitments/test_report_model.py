"""The year-end report's model decides, for the person who asked, which counted meetings it names."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.commitments.evidence import Evidence, HeldMeeting
from bot.commitments.report import seen_by
from bot.guilds import RolePurpose
from bot.permissions import Person
from tests.support import config_with_roles

MODERATOR, ORGANISER, WOMEN = 11, 12, 13
CONFIG = config_with_roles(
    1, {RolePurpose.MODERATOR: MODERATOR, RolePurpose.ORGANISER: ORGANISER, RolePurpose("women-nonbinary"): WOMEN}
)
SECRET = HeldMeeting("Kvinnoträff om lönesamtal", datetime(2026, 1, 20, 17, tzinfo=UTC), 2, "women-nonbinary", 7)
OPEN = HeldMeeting("Medlemsmöte", datetime(2026, 1, 21, 17, tzinfo=UTC), 5, "open", 8)
EVIDENCE = Evidence("meeting_audience", "women-nonbinary", "commitments.evidence.meetings", held=(SECRET, OPEN))


def test_a_separatist_meeting_is_named_to_its_audience_moderators_and_whoever_scheduled_it_only():
    for person, named in (
        (Person(1, frozenset({MODERATOR})), (SECRET, OPEN)),
        (Person(2, frozenset({WOMEN})), (SECRET, OPEN)),
        (Person(3, frozenset({ORGANISER, WOMEN})), (SECRET, OPEN)),
        (Person(4, frozenset({ORGANISER})), (OPEN,)),
        (Person(7, frozenset({ORGANISER})), (SECRET, OPEN)),  # scheduled it, as /meeting list shows it them
        (Person(5, frozenset(), manage_guild=True), (SECRET, OPEN)),
    ):
        shown = seen_by(EVIDENCE, person, CONFIG)
        assert (shown.meetings, shown.hidden) == (named, 2 - len(named))
