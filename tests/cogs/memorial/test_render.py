"""How a memorial day's date rule is written, in every language."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bot.memorial.service import parse_date
from cogs.memorial.render import describe_rule
from tests.bot.memorial.support import rules


@given(rules, st.sampled_from(["sv", "en"]))
def test_describing_a_rule_and_parsing_it_gives_the_rule_back(rule, lang):
    assert parse_date(describe_rule(rule, lang)) == rule
