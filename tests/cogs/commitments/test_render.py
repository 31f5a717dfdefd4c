"""The commitments' texts that no command can push to their limits."""

from __future__ import annotations

from bot.commitments.progress import Pace, Progress
from cogs._shared.interactions import MESSAGE_LIMIT
from cogs.commitments.render import pace_text, progress_line, progress_text


def test_a_long_note_is_cut_so_that_the_organisers_line_fits_in_one_message():
    line = progress_line("Ringkampanj", "pågår", "<@1234>", "x" * 2500, "sv")
    start = "🔄 Ringkampanj — pågår, uppdaterat av <@1234>: ”"
    assert len(line) == MESSAGE_LIMIT
    assert line == start + "x" * (MESSAGE_LIMIT - len(start) - 2) + "…”"


def test_a_note_that_fits_is_kept_whole():
    assert progress_line("Ringkampanj", "klar", "<@1234>", "Klart i tid", "en") == (
        "✅ Ringkampanj — done, updated by <@1234>: “Klart i tid”"
    )


def test_progress_is_written_with_the_units_plural_form_and_the_languages_numbers():
    assert progress_text(Progress(50, 2, 4, "meetings"), "sv") == "2 av 4 träffar · 50 %"
    assert progress_text(Progress(100, 1, 1, "meetings"), "sv") == "1 av 1 träff · 100 %"
    assert progress_text(Progress(24, 1200, 5000, "calls"), "sv") == "1\xa0200 av 5\xa0000 samtal · 24 %"
    assert progress_text(Progress(40, None, 3, "trainings"), "sv") == "40 % av 3 utbildningar"
    assert progress_text(Progress(40), "sv") == "40 %"
    assert progress_text(Progress(24, 1200, 5000, "answered_calls"), "en") == "1,200 of 5,000 answered calls · 24%"
    assert progress_text(Progress(20, 1, 5, "associations"), "en") == "1 of 5 party associations · 20%"
    assert [pace_text(p, "sv") for p in Pace] == ["🟢 i fas", "🟡 efter", "🔴 risk"]
    assert [pace_text(p, "en") for p in Pace] == ["🟢 on track", "🟡 behind", "🔴 at risk"]
