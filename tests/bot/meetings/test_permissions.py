"""Who may see what of meetings, in `bot.permissions`: a separatist meeting and who answers it, and the voice
rooms that may carry a Discord scheduled event."""

from __future__ import annotations

import pytest

from bot import permissions
from bot.guilds import GuildConfig, RolePurpose
from bot.permissions import Person, Viewer, Visibility
from tests.support import config_with_roles

MODERATOR, ORGANISER, WOMEN, MEN = 1, 2, 3, 4
CREATOR = 100


def config() -> GuildConfig:
    return config_with_roles(
        1,
        {
            RolePurpose.MODERATOR: MODERATOR,
            RolePurpose.ORGANISER: ORGANISER,
            RolePurpose.WOMEN_NONBINARY: WOMEN,
            RolePurpose.MEN: MEN,
        },
    )


PEOPLE = {
    "creator organiser": Person(CREATOR, frozenset({ORGANISER})),
    "other organiser": Person(101, frozenset({ORGANISER})),
    "organiser in the audience": Person(102, frozenset({ORGANISER, WOMEN})),
    "audience member": Person(103, frozenset({WOMEN})),
    "moderator": Person(104, frozenset({MODERATOR})),
    "creator who is no longer an organiser": Person(CREATOR, frozenset()),
    "member": Person(105, frozenset()),
}


@pytest.mark.parametrize(
    ("who", "sees", "manages", "names"),
    [
        ("creator organiser", True, True, False),
        ("other organiser", False, False, False),
        ("organiser in the audience", True, True, True),
        ("audience member", True, False, False),
        ("moderator", True, True, True),
        ("creator who is no longer an organiser", False, False, False),
        ("member", False, False, False),
    ],
)
def test_separatist_meeting_rules(who, sees, manages, names):
    person, rules = PEOPLE[who], config()
    assert permissions.can_see_meeting(person, rules, "women-nonbinary", CREATOR) is sees
    assert permissions.can_manage_meeting(person, rules, "women-nonbinary", CREATOR) is manages
    assert permissions.can_see_attendees(person, rules, "women-nonbinary") is names


def test_open_meeting_attendees_are_for_organisers():
    rules = config()
    assert permissions.can_see_attendees(PEOPLE["other organiser"], rules, "open")
    assert not permissions.can_see_attendees(PEOPLE["audience member"], rules, "open")
    assert permissions.can_see_meeting(PEOPLE["member"], rules, "open", CREATOR)


WOMEN_ROLE = Viewer(WOMEN, "kvinnor")
MODERATORS = Viewer(MODERATOR, "moderatorer")
BOT = Viewer(900, "rödbot", bot=True)
ADMINS = Viewer(901, "styrelsen", manages_server=True)


@pytest.mark.parametrize(
    ("seen", "audience", "only"),
    [
        (Visibility(everyone=False, roles=(WOMEN_ROLE, MODERATORS, BOT, ADMINS)), "women-nonbinary", True),
        (Visibility(everyone=False, roles=(WOMEN_ROLE,)), "women-nonbinary", True),
        (Visibility(everyone=True, roles=(WOMEN_ROLE,)), "women-nonbinary", False),
        (Visibility(everyone=False, roles=(WOMEN_ROLE, Viewer(MEN, "män"))), "women-nonbinary", False),
        (Visibility(everyone=False, roles=(WOMEN_ROLE,), members=(Viewer(55, "Erik"),)), "women-nonbinary", False),
        (
            Visibility(
                everyone=False, roles=(WOMEN_ROLE,), members=(Viewer(56, "Fatima", role_ids=frozenset({WOMEN})),)
            ),
            "women-nonbinary",
            True,
        ),
        (Visibility(everyone=False, roles=(MODERATORS,)), "women-nonbinary", False),  # the audience cannot see it
        (Visibility(everyone=False, roles=(WOMEN_ROLE,)), "men", False),
        (Visibility(everyone=False, roles=(WOMEN_ROLE,)), "open", False),  # an open audience has no room of its own
    ],
)
def test_a_room_is_the_audiences_own_when_its_role_and_only_insiders_can_view_it(seen, audience, only):
    assert permissions.only_audience_can_view(seen, config(), audience) is only


def test_a_room_is_no_audiences_own_while_the_audience_has_no_role():
    unset = config_with_roles(1, {RolePurpose.MODERATOR: MODERATOR})
    assert not permissions.only_audience_can_view(
        Visibility(everyone=False, roles=(WOMEN_ROLE,)), unset, "women-nonbinary"
    )


def test_a_scheduled_event_for_open_meetings_and_for_separatist_ones_only_in_their_own_room():
    own = Visibility(everyone=False, roles=(WOMEN_ROLE, MODERATORS))
    public = Visibility(everyone=True)
    assert permissions.can_have_scheduled_event(config(), "open", None)
    assert permissions.can_have_scheduled_event(config(), "open", public)
    assert permissions.can_have_scheduled_event(config(), "women-nonbinary", own)
    assert not permissions.can_have_scheduled_event(config(), "women-nonbinary", None)  # no room: seen by all
    assert not permissions.can_have_scheduled_event(config(), "women-nonbinary", public)
    assert not permissions.can_have_scheduled_event(config(), "men", own)
