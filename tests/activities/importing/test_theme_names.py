"""theme_names.py: existing themes close to a new title are offered, closest first, never chosen."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from activities.importing.theme_names import similar_themes, title_words

EXISTING = [
    "Neighbourhood policing and local engagement",
    "Contact and digital channels",
    "Recruitment",
    "Victims & witnesses",
]


@pytest.mark.parametrize(
    ("new", "offered"),
    [
        ("Neighbourhood policing", "Neighbourhood policing and local engagement"),
        (
            "neighbourhood policing & local engagement",
            "Neighbourhood policing and local engagement",
        ),
        (
            "Neighborhood policing and local engagement",
            "Neighbourhood policing and local engagement",
        ),
        ("Contact & Digital Channels.", "Contact and digital channels"),
        ("Victims and Witnesses", "Victims & witnesses"),
        ("Digital channels", "Contact and digital channels"),
    ],
)
def test_a_close_title_is_offered(new, offered):
    assert [candidate.title for candidate in similar_themes(new, EXISTING)][:1] == [offered]


@pytest.mark.parametrize("new", ["Estates", "Road safety", "", "&"])
def test_an_unrelated_title_is_offered_nothing(new):
    assert similar_themes(new, EXISTING) == []


def test_the_same_words_are_closest_and_say_so():
    [candidate] = similar_themes("VICTIMS AND WITNESSES", EXISTING)
    assert (candidate.closeness, candidate.why) == (1.0, "the same words")


def test_candidates_come_closest_first():
    found = similar_themes("Neighbourhood policing", [*EXISTING, "Neighbourhood policing plan"])
    assert [c.title for c in found] == [
        "Neighbourhood policing plan",
        "Neighbourhood policing and local engagement",
    ]


def test_title_words_ignore_case_punctuation_and_joining_words():
    assert title_words("Victims & the Witnesses!") == ("victims", "witnesses")


@given(st.text(max_size=60), st.lists(st.text(max_size=60), max_size=5))
def test_never_raises_and_offers_only_existing_titles(new, existing):
    assert {c.title for c in similar_themes(new, existing)} <= set(existing)
