"""The plan parser reads real plans (PDF-extracted text, Markdown) into sections and commitments."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.commitments.plan_parser import NotAPlan, parse_plan
from bot.commitments.service import PLANS_DIR

SEEDS = Path(__file__).resolve().parent / "fixtures" / "plans"
SKANE = SEEDS / "skane-2023.txt"
DALARNA = SEEDS / "dalarna-2023.txt"
SKANE_DATA = PLANS_DIR / "skane-2023.json"

# Every "Vi kommer att:" / "Vi ska:" item of the Skåne plan, under its heading, as read in the seed.
SKANE_PROMISES = {
    "Oppositionsrollen": [
        "Arrangera träffar med fokus på oppositionsarbete med partiföreningar",
        "Genomföra styrelseutbildningar i syfte att stärka vår organisation",
    ],
    "Partiföreningstödet": [
        "Öka kontakten med partiföreningar",
        "Främja samarbete partiföreningar emellan",
    ],
    "Medlemsvård": [
        "Ta fram en strategisk planering för medlemsvård",
        "Genomföra en utbildning i medlemsvård",
        "Genomföra återkommande träffar med medlemsansvariga i distriktets partiföreningar",
    ],
    "Öka direktkontakten med människor": [
        "Planera en politisk kampanj på distriktsnivå som partiföreningar också kan genomföra",
        "Genomföra en ringkampanj som en del i den politiska kampanjen",
    ],
    "Regionen": [
        "Genomföra en gemensam utbildning med distriktets ledning och regiongruppens ledning där vi "
        "tillsammans tar fram gemensamma långsiktiga mål att arbeta för",
        "Ha återkommande träffar och samarbetsmöten mellan regiongruppens ledning och distriktets ledning",
    ],
    "Internfeminism": [
        "Arrangera träffar för kvinnor och ickebinära",
        "Fortsätta att utveckla mansträffarna",
        "Sträva efter att komma igång med ett internfeministiskt separatistiskt nätverk i distriktet",
    ],
}

SKANE_SECTIONS = [
    "Inledning",
    "Oppositionsrollen",
    "Partiföreningstödet",
    "Medlemsvård",
    "Öka direktkontakten med människor",
    "Regionen",
    "Studier",
    "Fackligt politiskt arbete i distriktet",
    "Internfeminism",
    "Vänsterpartiets årliga återkommande arrangemang",
    "Internationella kvinnodagen",
    "1 maj",
    "Minnesdag över Novemberpogromen",
    "Uppmärksammandet av Al Nakba",
    "Uppmärksammandet av den transatlantiska slavhandelns upphörande för Sverige",
    "Minnesdag över folkmordet i Srebrenica",
    "Andra minnesdagar",
    "Avslutning",
]


def test_skane_seed_gives_its_sections_and_every_promise():
    plan = parse_plan(SKANE.read_text(encoding="utf-8"))
    assert plan.title == "Verksamhetsplan 2023 för Vänsterpartiet Skåne"
    assert plan.organisation == "Vänsterpartiet Skåne"
    assert plan.year == 2023
    assert [s.title for s in plan.sections] == SKANE_SECTIONS
    found = {s.title: [c.title for c in s.commitments] for s in plan.sections if s.commitments}
    assert found == SKANE_PROMISES
    assert len(plan.commitments) == 14


def test_the_stored_skane_plan_matches_the_seed():
    data = json.loads(SKANE_DATA.read_text(encoding="utf-8"))
    stored = {s["title"]: [c["title"] for c in s["commitments"]] for s in data["sections"]}
    assert stored == SKANE_PROMISES
    assert (data["key"], data["year"], data["organisation"]) == ("skane-2023", 2023, "Vänsterpartiet Skåne")


def test_the_stored_dalarna_plan_names_its_concrete_undertakings():
    data = json.loads((PLANS_DIR / "dalarna-2023.json").read_text(encoding="utf-8"))
    titles = " | ".join(c["title"] for s in data["sections"] for c in s["commitments"])
    for phrase in ("strategisk plan", "fysiska utbildningstillfällen", "regionpolitiska", "Zetkin", "hemsidan"):
        assert phrase in titles
    assert [s["title"] for s in data["sections"]] == [
        "Politisk utveckling",
        "Regionpolitiken",
        "Organisering för framtiden",
        "En stark administration",
        "Utbildning är nyckeln",
        "Kommunikation och information",
    ]


def test_markdown_plan():
    text = """# Verksamhetsplan 2024 för Vänsterpartiet Gotland

Inledande prosa om läget.

## Medlemsvård

Vi kommer att:

- Ringa alla nya medlemmar
- Hålla en välkomstträff
  varje kvartal

## Studier

* Grundkurs för nya medlemmar
1. Ideologisk studiecirkel
"""
    plan = parse_plan(text)
    assert (plan.title, plan.year, plan.organisation) == (
        "Verksamhetsplan 2024 för Vänsterpartiet Gotland",
        2024,
        "Vänsterpartiet Gotland",
    )
    assert [(s.title, [c.title for c in s.commitments]) for s in plan.sections] == [
        ("Medlemsvård", ["Ringa alla nya medlemmar", "Hålla en välkomstträff varje kvartal"]),
        ("Studier", ["Grundkurs för nya medlemmar", "Ideologisk studiecirkel"]),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Hej!\nDet här är ett vanligt brev utan listor.\n",
        DALARNA.read_text(encoding="utf-8"),
        "# Rubrik\n\nBara prosa här.\n\n## Annan rubrik\n\nMer prosa.",
    ],
)
def test_nothing_plan_like_is_refused_with_a_clear_message(text):
    from bot.i18n import t

    with pytest.raises(NotAPlan) as caught:
        parse_plan(text)
    assert caught.value.key == "commitments.import.not_a_plan"
    assert t(caught.value.key).startswith("Jag hittar ingen plan i filen: inga punktlistor med åtaganden.")


LINE = st.one_of(
    st.text(max_size=60),
    st.sampled_from(["", "Vi kommer att:", "Vi ska:", "# Rubrik", "**Fet**", "MEDLEMSVÅRD", "- ", "•", "- 43 •"]),
    st.builds(lambda n, s: f"{n} • {s}", st.integers(0, 999), st.text(max_size=30)),
    st.builds(lambda n, m, s: f"{n}\t{s}\t{m}\t{s}", st.integers(0, 999), st.integers(0, 999), st.text(max_size=30)),
    st.builds(lambda s: f"- {s}-", st.text(max_size=20)),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(LINE, max_size=40))
def test_parser_never_crashes_and_is_deterministic(lines):
    text = "\n".join(lines)
    try:
        first = parse_plan(text)
    except NotAPlan:
        with pytest.raises(NotAPlan):
            parse_plan(text)
        return
    assert parse_plan(text) == first
    assert first.commitments
    for commitment in first.commitments:
        assert commitment.title.strip() and len(commitment.title) <= 300
