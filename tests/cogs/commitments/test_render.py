"""The commitments' texts that no command can push to their limits."""

from __future__ import annotations

from cogs._shared.interactions import MESSAGE_LIMIT
from cogs.commitments.render import progress_line


def test_a_long_note_is_cut_so_that_the_organisers_line_fits_in_one_message():
    line = progress_line("Ringkampanj", "pågår", "<@1234>", "x" * 2500, "sv")
    start = "🔄 Ringkampanj — pågår, uppdaterat av <@1234>: ”"
    assert len(line) == MESSAGE_LIMIT
    assert line == start + "x" * (MESSAGE_LIMIT - len(start) - 2) + "…”"


def test_a_note_that_fits_is_kept_whole():
    assert progress_line("Ringkampanj", "klar", "<@1234>", "Klart i tid", "en") == (
        "✅ Ringkampanj — done, updated by <@1234>: “Klart i tid”"
    )
