"""A memorial day's words in other languages, and a moderator's words replacing them."""

from __future__ import annotations

from bot.timeparse import DateRule
from tests.bot.memorial.support import a_day


def test_a_moderators_new_words_replace_the_seeded_ones_in_every_language():
    day = a_day(DateRule(5, 1), translations={"en": {"name": "May Day", "text": "Happy May Day!"}})
    assert (day.display_name("en"), day.display_text("en"), day.display_name("sv")) == (
        "May Day",
        "Happy May Day!",
        "Dagen",
    )
    assert day.names() == ["Dagen", "May Day"]
    day.forget_translations("name")
    assert (day.display_name("en"), day.display_text("en"), day.names()) == ("Dagen", "Happy May Day!", ["Dagen"])
    day.forget_translations("text")
    assert day.translations == {} and day.display_text("en") == "Text"
