"""What the memorial unit tests share: days built without a database, and date rules drawn by hypothesis."""

from __future__ import annotations

from hypothesis import strategies as st

from bot.memorial.models import MemorialDay
from bot.timeparse import LAST, DateRule, days_in_month

fixed_rules = st.integers(1, 12).flatmap(
    lambda month: st.builds(DateRule, st.just(month), st.integers(1, days_in_month(month)))
)
nth_rules = st.builds(
    lambda month, weekday, nth: DateRule(month, weekday=weekday, nth=nth),
    st.integers(1, 12),
    st.integers(0, 6),
    st.sampled_from([1, 2, 3, 4, LAST]),
)
rules = st.one_of(fixed_rules, nth_rules)


def a_day(rule: DateRule, **values) -> MemorialDay:
    day = MemorialDay(id=7, guild_id=1, name="Dagen", text="Text", month=rule.month, **values)
    day.set_rule(rule)
    return day
