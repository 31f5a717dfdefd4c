"""The plan parser reads real plans (PDF-extracted text, prose, Markdown, plain text) into sections and candidate
commitments: listed items and the promises of the prose, each under the heading it stands under."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.commitments import build_plans
from bot.commitments.plan_parser import (
    MAX_COMMITMENTS,
    MAX_TITLE,
    NotAPlan,
    ParsedPlan,
    TooManyCommitments,
    parse_plan,
)
from bot.commitments.plans import PLANS_DIR
from bot.commitments.promises import promise, title_of
from bot.i18n import t

SEEDS = Path(__file__).resolve().parents[2] / "fixtures" / "plans"
SKANE = SEEDS / "skane-2023.txt"
DALARNA = SEEDS / "dalarna-2023.txt"


def outline(plan) -> list[tuple[str, list[tuple[str, str]]]]:
    return [(s.title, [(c.origin, c.title) for c in s.commitments]) for s in plan.sections]


# Every section of the Skåne plan with its candidates: the "Vi kommer att:" / "Vi ska:" items ("list") and the
# sentences of its prose in which the district commits itself ("prose"), in reading order.
SKANE_PLAN = [
    ("Inledning", []),
    (
        "Oppositionsrollen",
        [
            ("prose", "Alltid veta vad vi gör, varför vi gör det och vad målet är med vår verksamhet"),
            ("prose", "Dra åt samma håll i rollen som opposition"),
            ("prose", "Diskutera vad det innebär att vara i opposition och agera därefter"),
            ("list", "Arrangera träffar med fokus på oppositionsarbete med partiföreningar"),
            ("list", "Genomföra styrelseutbildningar i syfte att stärka vår organisation"),
        ],
    ),
    (
        "Partiföreningstödet",
        [
            ("prose", "Öka sammanhållningen och samarbeten närliggande partiföreningar emellan"),
            (
                "prose",
                "Erbjuda en grundstruktur för partiföreningsgrupperna med möten, planering och kontakt med distrikt",
            ),
            ("prose", "Göra en extra satsning för att öka kontakten med partiföreningar"),
            ("list", "Öka kontakten med partiföreningar"),
            ("list", "Främja samarbete partiföreningar emellan"),
        ],
    ),
    (
        "Medlemsvård",
        [
            ("prose", "Ta hand om nya medlemmar och att se till att välkomna ännu fler"),
            (
                "prose",
                "Prioritera att stödja partiföreningars arbete med medlemsvård, med målet att "
                "partiföreningars självständiga arbete ska…",
            ),
            ("list", "Ta fram en strategisk planering för medlemsvård"),
            ("list", "Genomföra en utbildning i medlemsvård"),
            ("list", "Genomföra återkommande träffar med medlemsansvariga i distriktets partiföreningar"),
        ],
    ),
    (
        "Öka direktkontakten med människor",
        [
            ("prose", "Öka kontakten med människor som inte är medlemmar"),
            ("prose", "Vara ute på gator och torg, prata med människor i fikarummen och nå människor genom telefon"),
            ("list", "Planera en politisk kampanj på distriktsnivå som partiföreningar också kan genomföra"),
            ("list", "Genomföra en ringkampanj som en del i den politiska kampanjen"),
        ],
    ),
    (
        "Regionen",
        [
            (
                "prose",
                "Arbeta ihop oss tillsammans och se till att politiken kommer ut, så blir vi en kraftfull opposition",
            ),
            (
                "list",
                "Genomföra en gemensam utbildning med distriktets ledning och regiongruppens ledning "
                "där vi tillsammans tar fram…",
            ),
            (
                "list",
                "Ha återkommande träffar och samarbetsmöten mellan regiongruppens ledning och distriktets ledning",
            ),
        ],
    ),
    (
        "Studier",
        [
            ("prose", "Genomföra återkommande studier på distriktsnivå"),
            ("prose", "Arrangera kurser för nya medlemmar, för parlamentariker och ideologiska studier"),
            ("prose", "Satsa lite extra på att ta fram studier som genomförs på partiföreningsnivå utifrån behov"),
        ],
    ),
    (
        "Fackligt politiskt arbete i distriktet",
        [
            (
                "prose",
                "Undersöka möjligheten att bilda fackligt nätverk eller eventuellt branschföreningar i distriktet",
            ),
        ],
    ),
    (
        "Internfeminism",
        [
            (
                "prose",
                "Verka för att information om internfeminismen når alla nya medlemmar, att det "
                "internfeministiska arbetet kommer igång…",
            ),
            (
                "prose",
                "Arrangera träffar i distriktet för kvinnor och ickebinära med syftet att stärka "
                "kvinnors och ickebinäras roll…",
            ),
            ("list", "Arrangera träffar för kvinnor och ickebinära"),
            ("list", "Fortsätta att utveckla mansträffarna"),
            ("list", "Sträva efter att komma igång med ett internfeministiskt separatistiskt nätverk i distriktet"),
        ],
    ),
    ("Vänsterpartiets årliga återkommande arrangemang", []),
    (
        "Internationella kvinnodagen",
        [
            ("prose", "Stödja firanden runt om i Skåne"),
        ],
    ),
    (
        "1 maj",
        [
            ("prose", "Kunna erbjuda alla medlemmar en möjlighet att fira 1 maj tillsammans med andra partikamrater"),
        ],
    ),
    (
        "Minnesdag över Novemberpogromen",
        [
            ("prose", "Stötta partiföreningar att genomföra arrangemang samt uppmärksamma dagen på sociala medier"),
        ],
    ),
    ("Uppmärksammandet av Al Nakba", []),
    ("Uppmärksammandet av den transatlantiska slavhandelns upphörande för Sverige", []),
    ("Minnesdag över folkmordet i Srebrenica", []),
    (
        "Andra minnesdagar",
        [
            (
                "prose",
                "Producera material som kan delas framförallt i sociala medier, men även "
                "partiföreningarna uppmanas att hjälpas åt…",
            ),
        ],
    ),
    ("Avslutning", []),
]

# The raw Dalarna text: prose only, no list at all.
DALARNA_PLAN = [
    (
        "",
        [
            ("prose", "Arbeta vidare för att erövra och behålla ett större utrymme i svensk politik"),
        ],
    ),
    (
        "Politisk utveckling",
        [
            (
                "prose",
                "Fortsätta sträva efter att våra politiska förslag och uttalanden ska ha sin grund i "
                "de beslut och plattformar…",
            ),
            (
                "prose",
                "Sträva efter att fortsatt arbeta för en bra dialog och ett bra samarbete, både "
                "internt inom Vänsterpartiet…",
            ),
            (
                "prose",
                "Fortsätta att arbeta för goda och givande relationer till Vänsterpartiet Centralt "
                "och övriga partidistrikt",
            ),
            (
                "prose",
                "Fortsätta att arbeta för att skapa och upprätthålla forum för samarbete mellan "
                "distriktets partiföreningar…",
            ),
            (
                "prose",
                "Förstå och kunna bemöta den här oron, och vara en tydlig röst för en långsiktigt "
                "ansvarsfull och hållbar politik…",
            ),
            (
                "prose",
                "Vara tydliga och sakliga och undvika att hamna i eller bidra till att skapa ett "
                "diskussionsklimat där respekt…",
            ),
            (
                "prose",
                "Värna den och skapa utrymme för den i alla sammanhang där vi är aktiva, såväl "
                "internt som utanför partiet",
            ),
        ],
    ),
    (
        "Regionpolitiken",
        [
            (
                "prose",
                "Fortsätta arbetet med att aktivt sprida information om det regionpolitiska arbetet "
                "till distriktets partiföreningar",
            ),
            (
                "prose",
                "Skapa och upprätthålla goda förutsättningar för dialog och samarbete mellan "
                "Vänsterpartiets politiska organisation…",
            ),
        ],
    ),
    (
        "Organisering för framtiden",
        [
            (
                "prose",
                "Varje partiförening, med stöd från distriktet, tar fram en strategisk plan som fungerar just för dem",
            ),
            (
                "prose",
                "Bygga upp arbetssätt för att göra det möjligt att för distriktets partiföreningar "
                "att dra nytta av varandras olikheter…",
            ),
            (
                "prose",
                "Kunna arbeta tillsammans oavsett hudfärg, kön, funktionsvariation, inkomst, ålder "
                "eller andra olikheter",
            ),
            ("prose", "Driva internfeministiska frågor och stötta det internfeministiska arbetet i partiföreningarna"),
        ],
    ),
    (
        "En stark administration",
        [
            (
                "prose",
                "Fortsätta arbetet med att bygga upp en stark organisation med arbetssätt som är "
                "kända och förstådda i organisationen…",
            ),
        ],
    ),
    (
        "Utbildning är nyckeln",
        [
            ("prose", "Stötta lärandet bland medlemmar och förtroendevalda genom att erbjuda utbildningar"),
            ("prose", "Stötta partiföreningarna i de utbildningar som anordnas hos dem"),
            (
                "prose",
                "Fysiska utbildningstillfällen anordnas, även om digitala utbildningstillfällen och "
                "sammankomster är ett viktigt…",
            ),
        ],
    ),
    (
        "Kommunikation och information",
        [
            (
                "prose",
                "Fortsätta sitt arbete med verktyg som hemsida, kalendarium och andra plattformar "
                "som Teams, Zetkin, sociala medier…",
            ),
            ("prose", "Skapa forum för lärande, erfarenhetsutbyten och politisk diskussion"),
        ],
    ),
]

# The 16 commitments of the hand-made data/plans/dalarna-2023.json the importer replaced, each with the words a
# candidate (its title or description, i.e. its sentence) must hold to have found it.
DALARNA_BY_HAND = {
    "Grunda våra politiska förslag och uttalanden i de beslut och plattformar som tagits på olika nivåer i partiet": (
        "politiska förslag och uttalanden"
    ),
    "Arbeta för goda och givande relationer till Vänsterpartiet centralt och övriga partidistrikt": (
        "goda och givande relationer"
    ),
    "Skapa och upprätthålla forum för samarbete mellan distriktets partiföreningar": "upprätthålla forum för samarbete",
    "Aktivt sprida information om det regionpolitiska arbetet till distriktets partiföreningar": (
        "sprida information om det regionpolitiska arbetet"
    ),
    "Skapa förutsättningar för dialog och samarbete mellan den politiska organisationen i region Dalarna och de "
    "lokala partiföreningarna": "förutsättningar för dialog och samarbete",
    "Stötta varje partiförening att ta fram en strategisk plan som fungerar för just den": "strategisk plan",
    "Bygga upp arbetssätt så att partiföreningarna kan lära av och samarbeta med varandra": "bygga upp arbetssätt",
    "Driva internfeministiska frågor och stötta det internfeministiska arbetet i partiföreningarna": (
        "driva internfeministiska frågor"
    ),
    "Bygga upp en stark organisation med arbetssätt som är kända och förstådda i organisationen": "stark organisation",
    "Erbjuda utbildningar för medlemmar och förtroendevalda": "erbjuda utbildningar",
    "Stötta partiföreningarna i de utbildningar som anordnas hos dem": "stötta partiföreningarna i de utbildningar",
    "Anordna fysiska utbildningstillfällen, med digitala tillfällen som komplement": "fysiska utbildningstillfällen",
    "Fortsätta arbetet med hemsidan och kalendariet": "hemsida, kalendarium",
    "Fortsätta arbetet med Teams, Zetkin och sociala medier": "teams, zetkin, sociala medier",
    "Styra mejlflödet i organisationen": "styrning av mejl",
    "Skapa forum för lärande, erfarenhetsutbyten och politisk diskussion": "forum för lärande",
}

# Dalarna candidates a careful reader would not call an undertaking: an aim, an attitude, a value.
DALARNA_COMMITTING_NO_ONE = {
    "Arbeta vidare för att erövra och behålla ett större utrymme i svensk politik",
    "Förstå och kunna bemöta den här oron, och vara en tydlig röst för en långsiktigt ansvarsfull och hållbar politik…",
    "Kunna arbeta tillsammans oavsett hudfärg, kön, funktionsvariation, inkomst, ålder eller andra olikheter",
}


def seed_plan(seed: Path, title: str, organisation: str, sections: list) -> ParsedPlan:
    """The seed text parsed, checked for its title, its organisation, its year (2023) and its whole outline."""
    plan = parse_plan(seed.read_text(encoding="utf-8"))
    assert (plan.title, plan.organisation, plan.year) == (title, organisation, 2023)
    assert outline(plan) == sections
    return plan


def test_skane_seed_gives_its_sections_listed_items_and_promises_in_prose():
    plan = seed_plan(SKANE, "Verksamhetsplan 2023 för Vänsterpartiet Skåne", "Vänsterpartiet Skåne", SKANE_PLAN)
    assert [c.origin for c in plan.commitments].count("list") == 14
    assert len(plan.commitments) == 35


def test_the_raw_dalarna_prose_imports_with_the_promises_a_reader_finds():
    plan = seed_plan(DALARNA, "Vänsterpartiet Dalarnas verksamhetsplan 2023", "Vänsterpartiet Dalarna", DALARNA_PLAN)
    candidates = plan.commitments
    covering = {}
    for promised, words in DALARNA_BY_HAND.items():
        holding = [c for c in candidates if words in c.title.casefold()]
        holding = holding or [c for c in candidates if words in c.description.casefold()]
        if holding:
            covering[promised] = holding[0].title
    assert len(covering) == 16 >= 14
    assert len(set(covering.values())) == 14  # hemsida, Teams and mejl are one sentence, one candidate
    assert len(candidates) == 20
    no_one = [c.title for c in candidates if c.title in DALARNA_COMMITTING_NO_ONE]
    assert len(no_one) == 3 and len(no_one) / len(candidates) <= 0.25


def test_the_shipped_plans_are_what_the_importer_makes_of_the_seed_texts():
    for key in ("skane-2023", "dalarna-2023"):
        shipped = (PLANS_DIR / f"{key}.json").read_text(encoding="utf-8")
        assert shipped == build_plans.rendered(key)
        data = json.loads(shipped)
        assert data["key"] == key and data["year"] == 2023
    skane = json.loads((PLANS_DIR / "skane-2023.json").read_text(encoding="utf-8"))
    stored = [(s["title"], [(c["origin"], c["title"]) for c in s["commitments"]]) for s in skane["sections"]]
    assert stored == SKANE_PLAN
    assert build_plans.main(["--check"]) == 0


def test_a_prose_candidate_keeps_its_whole_sentence_and_is_titled_by_its_promise():
    plan = parse_plan(SKANE.read_text(encoding="utf-8"))
    [feminism] = [c for c in plan.commitments if c.title.startswith("Verka för att information")]
    assert feminism.description == (
        "Under kommande verksamhetsår ska styrelsen verka för att information om internfeminismen når alla nya "
        "medlemmar, att det internfeministiska arbetet kommer igång i partiföreningarna i distriktet, att "
        "internfeministiska ansvarspersoner utses i åtminstone de större föreningarna och att förståelsen för det "
        "nödvändiga i att ha ett internfeministiskt perspektiv ökar."
    )
    assert feminism.title == (
        "Verka för att information om internfeminismen når alla nya medlemmar, att det internfeministiska arbetet "
        "kommer igång…"
    )
    [women] = [c for c in plan.commitments if c.title.startswith("Arrangera träffar i distriktet")]
    assert women.description.endswith(
        "för kvinnor och ickebinära med syftet att stärka kvinnors och ickebinäras "
        "roll i distriktet med mål att bilda ett separatistiskt internfeministiskt nätverk."
    )
    [extra] = [c for c in plan.commitments if c.title.startswith("Göra en extra satsning")]
    assert extra.description.startswith("Kommande verksamhetsår kommer att vi göra")


def test_a_long_item_is_titled_by_its_promise_and_loses_no_text():
    item = (
        "Vänsterpartiet har tagit över rollen som det parti som står närmast de fackliga frågorna, och många "
        "medlemmar är aktiva i sina fackförbund; vi ska därför stärka vår relation med fackföreningsrörelsen"
    )
    plan = parse_plan(f"## Facklig politik\n\nVi kommer att:\n\n- {item}\n- Ordna en facklig kurs\n")
    [(section, [long, short])] = [(s.title, s.commitments) for s in plan.sections]
    assert section == "Facklig politik"
    assert (long.title, long.description, long.origin) == (
        "Stärka vår relation med fackföreningsrörelsen",
        item,
        "list",
    )
    assert (short.title, short.description) == ("Ordna en facklig kurs", "")


def test_titles_are_cut_at_a_word_boundary_with_an_ellipsis():
    text = "Genomföra " + " ".join(f"möte{n} med partiföreningarna" for n in range(20))
    title = title_of(text)
    assert len(title) <= MAX_TITLE and title.endswith("…")
    assert text.startswith(title.removesuffix("…"))
    assert text[len(title) - 1] == " "
    assert title_of("distriktet ska ringa.") == "Distriktet ska ringa"


@pytest.mark.parametrize(
    ("sentence", "promised"),
    [
        ("Fakta är på Vänsterpartiets sida.", None),
        ("Vi ska vara rösten mot det stålbad av nedskärningar som väntar på många håll.", None),
        ("Vi ska vara partiet som arbetar för att öka gemenskapen människor emellan.", None),
        ("Ska vi bli den starka röst som når ut kräver det att vi prioriterar.", None),
        ("Att vi kommer ut med vår politik och det vi vill är helt centralt.", None),
        ("Det är ett långsiktigt arbete som kommer att behövas under lång tid framöver.", None),
        ("Vi måste göra de omställningar som behövs i samhället.", None),
        ("Distriktet ska stödja firanden runt om i Skåne.", "stödja firanden runt om i Skåne."),
        ("Kommande verksamhetsår ska distriktet undersöka möjligheten.", "undersöka möjligheten."),
        ("Bland annat kommer vi arrangera träffar.", "arrangera träffar."),
        ("Vi behöver därför, distrikt och partiföreningar diskutera läget.", "diskutera läget."),
        ("Distriktet ska vara stödjande genom att erbjuda en grundstruktur.", "erbjuda en grundstruktur."),
        ("Här har distriktet en viktig roll att spela genom att skapa dialog.", "skapa dialog."),
        ("En uppgift för distriktet är att öka sammanhållningen.", "öka sammanhållningen."),
        ("Distriktsstyrelsen och de anställda ska stötta partiföreningar.", "stötta partiföreningar."),
        ("Vänsterpartiet Dalarna behöver bygga upp arbetssätt.", "bygga upp arbetssätt."),
        ("Vi i Vänsterpartiet Dalarna behöver förstå oron.", "förstå oron."),
    ],
)
def test_promises_are_told_from_rhetoric(sentence, promised):
    assert promise(sentence) == promised


PLAIN = SEEDS / "plain-headings.txt"


def test_plain_text_with_plain_headings():
    plan = parse_plan(PLAIN.read_text(encoding="utf-8"))
    assert (plan.title, plan.organisation, plan.year) == (
        "Vänsterpartiet Jämtlands verksamhetsplan 2024",
        "Vänsterpartiet Jämtland",
        2024,
    )
    assert outline(plan) == [
        ("Politiskt", [("prose", "Bjuda in till ett offentligt möte om vården i varje kommun")]),
        (
            "Medlemsvård",
            [("list", "Ringa alla nya medlemmar inom två veckor"), ("list", "Ordna en höstfest för medlemmarna")],
        ),
        (
            "Utbildning",
            [
                ("prose", "Genomföra en studiecirkel om feminism under våren"),
                ("prose", "Erbjuda grundkursen två gånger"),
            ],
        ),
    ]
    [meeting] = plan.sections[0].commitments
    assert meeting.description == (
        "Distriktsstyrelsen kommer att bjuda in till ett offentligt möte om vården i varje kommun."
    )


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
        "# Rubrik\n\nBara prosa här.\n\n## Annan rubrik\n\nMer prosa. Fakta är på Vänsterpartiets sida.",
    ],
)
def test_nothing_plan_like_is_refused_with_a_clear_message(text):
    with pytest.raises(NotAPlan) as caught:
        parse_plan(text)
    assert caught.value.key == "commitments.import.not_a_plan"
    assert t(caught.value.key).startswith("Jag hittar ingen plan i filen: inga åtaganden, varken punkter")


def test_a_plan_with_more_candidates_than_a_plan_holds_is_refused_whole():
    text = "## Allt\n\n" + "".join(f"- Punkt {n}\n" for n in range(MAX_COMMITMENTS + 1))
    with pytest.raises(TooManyCommitments) as caught:
        parse_plan(text)
    assert t(caught.value.key, **caught.value.values) == (
        "Jag hittar fler än 500 åtaganden i filen; högst 500 går att läsa in. Dela upp planen. Inget sparades."
    )
    exactly = parse_plan("## Allt\n\n" + "".join(f"- Punkt {n}\n" for n in range(MAX_COMMITMENTS)))
    assert len(exactly.commitments) == MAX_COMMITMENTS


LINE = st.one_of(
    st.text(max_size=60),
    st.sampled_from(["", "Vi kommer att:", "Vi ska:", "# Rubrik", "**Fet**", "MEDLEMSVÅRD", "- ", "•", "- 43 •"]),
    st.sampled_from(["Medlemsvård", "Distriktet ska ringa alla.", "Vi ska vara rösten.", "Ska vi bli en röst?"]),
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
        assert commitment.title.strip() and len(commitment.title) <= MAX_TITLE
        assert commitment.origin in ("list", "prose")


WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyzåäö", min_size=1, max_size=12)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(WORD, min_size=1, max_size=60).map(" ".join), min_size=1, max_size=8))
def test_no_item_text_is_lost(items):
    """Whatever the title, the description (or the title, when it is the whole item) holds the whole item."""
    plan = parse_plan("## Avsnitt\n\n" + "".join(f"- {item}\n" for item in items))
    assert [(c.description or c.title).casefold() for c in plan.commitments] == [item.casefold() for item in items]
