"""Swedish as a person writes it: counted texts take the plural form of their count, numbers are written as the
language writes them, lists end in "och", quotation marks are ”…” (English “…”), and a status inserted into a
sentence reads as Swedish."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from bot import leadtimes
from bot.bot import audit_text
from bot.i18n import (
    COMMANDS,
    MESSAGES,
    PLURAL_FORMS,
    PLURALS,
    and_list,
    format_number,
    stored_text,
    t,
    tn,
)
from bot.i18n.languages import LANGUAGES

ROOT = Path(__file__).resolve().parents[2]
NBSP = "\xa0"

COUNTS = {
    "count", "n", "total", "done", "stored", "valid", "calls", "contacts", "questions", "hours", "attempts", "minutes",
    "kept", "changed", "new", "removed", "sections", "grace", "days", "most", "shown", "limit", "reached", "answered",
    "people", "meetings", "max_hours", "attendance", "with_attendance", "ready", "claimed", "waiting", "held",
}  # fmt: skip
"""Placeholders that hold a number."""

ALWAYS_PLURAL = {
    "time.in_days": "days is 2 or more ('i dag', 'i morgon' below)",
    "memorial.date.no_such_day": "a month has at least 28 days",
    "meetings.duration.range": "at most a fixed number of hours, more than 1",
    "meetings.attendance.more": "more than a fixed number of members, more than 1",
    "campaigns.error.callback_far": "a fixed horizon of more than one day",
    "campaigns.import.error.too_many_rows": "a fixed limit of many rows",
    "commitments.plan.too_big": "more than a fixed limit of many commitments",
    "campaigns.help.more": "'de N äldsta av M': shown only when more than N wait",
    "leads.invalid": "a fixed limit of many reminders",
    "campaigns.import.error.too_many_columns": "more than a fixed limit of many columns",
    "commitments.import.too_many_pages": "more than a fixed limit of many pages",
    "commitments.import.too_much_text": "more than a fixed limit of many characters",
    "commitments.import.too_many": "more than a fixed limit of many commitments",
}
"""Texts where a number stands before a noun, but the number is never 1."""


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_a_counted_text_takes_the_plural_form_of_its_count():
    assert tn("campaigns.stats.callers_value", 1) == "1 person har ringt"
    assert tn("campaigns.stats.callers_value", 2) == "2 personer har ringt"
    assert tn("campaigns.stats.callers_value", 0) == "0 personer har ringt"
    assert tn("campaigns.stats.callers_value", 1, "en") == "1 person has called"
    assert tn("campaigns.stats.callers_value", 3, "en") == "3 people have called"
    assert tn("commitments.plan.loaded", 1, title="Plan") == (
        "Planen ”Plan” är inläst med 1 åtagande. Se det med /åtagande lista."
    )
    assert tn("count.days", 1) == "1 dag" and tn("count.days", 30) == "30 dagar"
    assert tn("count.minutes", 1) == "1 minut" and tn("count.minutes", 10080) == f"10{NBSP}080 minuter"


def test_a_stored_text_is_counted_by_its_value_count():
    assert stored_text("audit.action.meetings.attendance", "sv", {"meeting_id": 2, "count": 1}) == (
        "registrerade närvaro på träff #2 (1 person)"
    )
    assert stored_text("commitments.evidence.meetings", "sv", {"label": "x", "count": 1, "attended": 4}) == (
        "x: 1 möte hållet, 4 närvarande"
    )
    assert stored_text("time.today", "sv", {}) == "i dag"


def test_every_counted_text_has_every_plural_form_in_every_language():
    codes = {language.code for language in LANGUAGES}
    assert len(PLURALS) > 30
    for key, texts in PLURALS.items():
        assert set(texts) == codes, key
        for code, forms in texts.items():
            assert len(forms) == PLURAL_FORMS[code][0] == 2, (key, code)
            assert all(form.strip() for form in forms), (key, code)
            assert all(placeholders(form) == placeholders(texts["sv"][0]) for form in forms), (key, code)
    assert not set(PLURALS) & set(MESSAGES)


def test_a_counted_text_is_written_only_with_its_count():
    with pytest.raises(KeyError, match="counted text"):
        t("campaigns.stats.callers_value", "sv", count=1)
    with pytest.raises(KeyError):
        tn("time.today", 1)


def literal_calls(function: str) -> list[tuple[str, str]]:
    """Every call `function("key", ...)` with a literal key in bot/ and cogs/: (file:line, key)."""
    found = []
    for path in [*(ROOT / "bot").rglob("*.py"), *(ROOT / "cogs").rglob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == function
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                found.append((f"{path.relative_to(ROOT)}:{node.lineno}", node.args[0].value))
    return found


def test_the_code_writes_counted_texts_with_tn_and_other_texts_with_t():
    counted = literal_calls("tn")
    assert len(counted) > 20
    assert [(where, key) for where, key in counted if key not in PLURALS] == []
    assert [(where, key) for where, key in literal_calls("t") if key in PLURALS] == []


def test_no_text_puts_a_number_before_a_noun_without_plural_forms():
    number_then_word = re.compile(r"\{(\w+)\} (?!(?:av|till|of|more|tim|min|h|tecken|characters)\b|%)\w")
    for code in ("sv", "en"):
        wrong = [
            key
            for key, texts in MESSAGES.items()
            if key not in ALWAYS_PLURAL
            and any(name in COUNTS for name in number_then_word.findall(texts.get(code, "")))
        ]
        assert wrong == [], code


def test_numbers_over_999_are_written_as_the_language_writes_them():
    assert format_number(1000) == f"1{NBSP}000"
    assert format_number(1234567) == f"1{NBSP}234{NBSP}567"
    assert format_number(1000, "en") == "1,000"
    assert format_number(999) == "999"
    assert tn("campaigns.import.done", 1234, name="Vår") == f"Klart: 1{NBSP}234 kontakter sparade i **Vår**."
    assert tn("campaigns.import.done", 1234, "en", name="Vår") == "Done: 1,234 contacts stored in **Vår**."


def test_every_quantity_in_a_text_is_written_as_the_language_writes_numbers_and_identifiers_are_not():
    assert t("meetings.button", answer="Kommer", count=1000) == f"Kommer (1{NBSP}000)"
    assert t("meetings.button", "en", answer="Yes", count=1000) == "Yes (1,000)"
    assert t("meetings.embed.counts", kommer=1200, kanske=3, kan_inte=0) == t(
        "meetings.embed.counts", kommer=f"1{NBSP}200", kanske="3", kan_inte="0"
    )
    assert t("time.year_range", year=2400, first_year=2000, last_year=2100) == (
        "Året 2400 går inte att använda. Välj ett år från 2000 till 2100."
    )
    assert t("commitments.report.title", year=2026).endswith("2026")
    assert t("campaigns.help.back", id=12345).count("12345") == 1


def test_lists_end_in_and():
    assert and_list(["a", "b", "c"]) == "a, b och c"
    assert and_list(["a", "b", "c"], "en") == "a, b and c"
    assert leadtimes.render(leadtimes.days(14, 3), "sv") == "påminnelser 14 och 3 dagar före"
    assert leadtimes.render(leadtimes.days(14, 7, 1), "sv") == "påminnelser 14, 7 och 1 dag före"
    assert leadtimes.render(leadtimes.days(1), "sv") == "påminnelse 1 dag före"
    assert leadtimes.render(leadtimes.days(7), "sv") == "påminnelse 7 dagar före"
    assert leadtimes.render(leadtimes.days(14, 3), "en") == "reminders 14 and 3 days before"
    assert leadtimes.render((), "sv") == "inga påminnelser"


def every_text(code: str) -> list[tuple[str, str]]:
    """Every text of a language: messages, each plural form, and the names and descriptions of commands."""
    texts = [(key, by_lang[code]) for key, by_lang in MESSAGES.items() if code in by_lang]
    texts += [(key, form) for key, by_lang in PLURALS.items() for form in by_lang.get(code, ())]
    for key, entry in COMMANDS.get(code, {}).items():
        texts += [(key, part) for part in (entry if isinstance(entry, tuple) else (entry,))]
    return texts


def test_swedish_quotes_with_right_double_quotation_marks_and_english_with_curly_pairs():
    straight = re.compile(r'"[^"\s][^"]*"')
    swedish = every_text("sv")
    assert len(swedish) > 500
    assert [key for key, text in swedish if "«" in text or "»" in text or "“" in text or straight.search(text)] == []
    assert sum("”" in text for _, text in swedish) > 40
    english = every_text("en")
    assert [key for key, text in english if "«" in text or "»" in text or straight.search(text)] == []
    assert [key for key, text in english if text.count("“") != text.count("”")] == []
    catalog = (ROOT / "bot" / "i18n" / "sv.po").read_text(encoding="utf-8")
    assert "«" not in catalog and "»" not in catalog


@pytest.mark.parametrize(
    ("status", "shown"),
    [
        ("planerad", "planerad"),
        ("pågår", "pågår"),
        ("klar", "klar"),
        ("inställd", "inställd"),
        ("försenad", "försenad"),
        ("struken", "struken av årsmötet"),
    ],
)
def test_every_status_reads_as_swedish_in_the_saved_line(status, shown):
    text = t("commitments.update.done", "sv", title="Ringkampanj", status=t(f"commitments.status.{status}", "sv"))
    assert text == f"Sparat: ”Ringkampanj” har nu status: {shown}. Organisatörerna har fått veta."
    unposted = t("commitments.update.done_unposted", "sv", title="R", status=shown)
    assert unposted == f"Sparat: ”R” har nu status: {shown}. Jag kunde inte skriva i organisatörskanalen."


def test_no_text_writes_a_clock_time_by_hand():
    by_hand = re.compile(r"kl\.? ?\d|kl\.? ?\{(?!time\})")
    assert [key for key, text in every_text("sv") if by_hand.search(text)] == []


def test_audit_entries_are_counted_also_when_stored_before_their_texts_were():
    assert audit_text("campaigns.import", {"name": "Vår", "campaign_id": 1, "count": 1}, "sv") == (
        "importerade 1 kontakt till ringkampanjen Vår (#1)"
    )
    assert audit_text("campaigns.import", {"name": "Vår", "campaign_id": 1, "stored": 1200}, "sv") == (
        f"importerade 1{NBSP}200 kontakter till ringkampanjen Vår (#1)"
    )
    assert audit_text("privacy.grace", {"days": 1}, "sv") == "satte raderingstiden för medlemmar som lämnat till 1 dag"
