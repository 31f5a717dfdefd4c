"""What a caller is told after an outcome follows the service's rules: every retry outcome, and only they, says
when the number comes back (or that its attempts are used up)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.campaigns.models import Outcome
from bot.campaigns.outcomes import RETRY_OUTCOMES, Recorded
from bot.i18n import t
from cogs.campaigns.render import recorded_text

LATER = datetime(2026, 3, 2, 15, 0, tzinfo=UTC)
WHEN = "måndag 2 mars 2026 kl. 16:00"
OTHER_REPLIES = {
    Outcome.CALLBACK: "campaigns.recorded.callback",
    Outcome.NEEDS_ORGANISER: "campaigns.recorded.held",
    Outcome.DO_NOT_CALL: "campaigns.recorded.blocked",
}


@pytest.mark.parametrize("outcome", list(Outcome))
def test_the_reply_after_an_outcome_uses_the_services_retry_outcomes(outcome):
    coming_back = recorded_text(Recorded(outcome, 1, finished=False, available_at=LATER), "Europe/Stockholm", "sv")
    finished = recorded_text(Recorded(outcome, 1, finished=True), "Europe/Stockholm", "sv")
    name = t(f"campaigns.outcome.{outcome.value}", "sv")
    if outcome in RETRY_OUTCOMES:
        assert coming_back == t("campaigns.recorded.retry", "sv", outcome=name, when=WHEN)
        assert finished == t("campaigns.recorded.exhausted", "sv", outcome=name, when="")
    else:
        key = OTHER_REPLIES.get(outcome, "campaigns.recorded")
        assert coming_back == t(key, "sv", outcome=name, when=WHEN)
        assert finished == t(key, "sv", outcome=name, when="")
