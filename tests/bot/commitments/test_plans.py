"""The import draft without Discord: what the preview's menus drop, what Confirm stores, and when a file changes
nothing in the plan it is a version of."""

from __future__ import annotations

import pytest

from bot.commitments.plans import Existing, ImportDraft
from bot.errors import UserError

DATA = {
    "key": "import:test",
    "organisation": "Vänsterpartiet Norrbotten",
    "year": 2026,
    "title": "Verksamhetsplan 2026",
    "sections": [
        {
            "title": "Studier",
            "commitments": [
                {"title": "Hålla tio studiecirklar", "description": "", "origin": "list"},
                {"title": "Ordna en skolning", "description": "Vi ska ordna en skolning.", "origin": "prose"},
            ],
        },
        {"title": "Tomt avsnitt", "commitments": []},
        {"title": "Kampanjer", "commitments": [{"title": "Ringa alla medlemmar", "description": "", "origin": "list"}]},
    ],
}


def test_a_page_menu_drops_what_is_chosen_and_keeps_the_rest_of_that_page():
    draft = ImportDraft(DATA)
    draft.drop(range(0, 2), [1, 2])  # 2 is not on the page: the menu cannot have chosen it
    assert draft.dropped == {1} and draft.kept() == [0, 2]
    draft.drop(range(2, 3), [2])
    assert draft.dropped == {1, 2}
    draft.drop(range(0, 2), [])
    assert draft.dropped == {2} and draft.kept() == [0, 1]


def test_confirm_stores_the_kept_candidates_in_their_sections():
    draft = ImportDraft(DATA)
    draft.drop(range(3), [1])
    selected = draft.selected()
    assert [(s["title"], [c["title"] for c in s["commitments"]]) for s in selected["sections"]] == [
        ("Studier", ["Hålla tio studiecirklar"]),
        ("Tomt avsnitt", []),
        ("Kampanjer", ["Ringa alla medlemmar"]),
    ]
    assert [c["title"] for c in DATA["sections"][0]["commitments"]] == ["Hålla tio studiecirklar", "Ordna en skolning"]


def test_dropping_every_candidate_is_refused():
    draft = ImportDraft(DATA)
    draft.drop(range(3), range(3))
    with pytest.raises(UserError) as refused:
        draft.selected()
    assert refused.value.key == "commitments.import.all_dropped"


def test_a_version_is_unchanged_only_when_it_keeps_every_commitment_as_it_is():
    existing = [
        Existing(1, "Hålla tio studiecirklar", "", "Studier"),
        Existing(2, "Ordna en skolning", "Vi ska ordna en skolning.", "Studier"),
        Existing(3, "Ringa alla medlemmar", "", "Kampanjer"),
    ]
    draft = ImportDraft(DATA, 7, "Förslag till verksamhetsplan 2026", existing=existing)
    assert draft.unchanged() and draft.title == "Förslag till verksamhetsplan 2026"
    draft.drop(range(3), [2])
    diff, parts = draft.diff()
    assert not draft.unchanged()
    assert [old.id for old in diff.removed] == [3] and parts == {0: "kept", 1: "kept"}
    assert ImportDraft(DATA).title == "Verksamhetsplan 2026"
