"""The shared month and weekday names."""

from bot.timeparse import MONTHS, WEEKDAYS, plain


def test_months_in_swedish_and_english_with_and_without_diacritics():
    assert [MONTHS[n] for n in ("januari", "jan", "january", "mars", "maj", "may", "okt", "oct", "sept")] == [
        1, 1, 1, 3, 5, 5, 10, 10, 9,
    ]  # fmt: skip


def test_weekdays_in_every_form():
    assert [WEEKDAYS[n] for n in ("måndag", "mandag", "mån", "monday", "söndagen", "sondagen", "lör", "tors")] == [
        0, 0, 0, 0, 6, 6, 5, 3,
    ]  # fmt: skip


def test_plain_drops_diacritics():
    assert plain("Lördag Åland Ärlig") == "lordag aland arlig"
