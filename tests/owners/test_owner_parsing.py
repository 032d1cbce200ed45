"""OwnerMatcher / split_owners: run-together titles, separators, aliases, leftovers."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from owners.parsing import KnownRole, OwnerMatcher, OwnerSplit, split_owners

ROLES = (
    KnownRole("ACC Local Policing", ("Assistant Chief Constable Local Policing",)),
    KnownRole("ACC Crime, Justice and Vulnerability"),
    KnownRole("Chief Constable"),
    KnownRole("Deputy Chief Constable", ("DCC",)),
    KnownRole("Police and Crime Commissioner", ("PCC",)),
    KnownRole("Chief Superintendent Local Policing", ("Chief Supt Local Policing",)),
    KnownRole(
        "Head of Corporate Communications & Engagement",
        ("Head of Corporate Communications & Engagement (WP)",),
    ),
    KnownRole("Head of Corporate Communications & Engagement (OPCC)"),
    KnownRole("Corporate Information and Engagement Manager"),
    KnownRole("Digital Channels Manager"),
)
MATCHER = OwnerMatcher(ROLES)
HEAD = "Head of Corporate Communications & Engagement"
HEAD_OPCC = "Head of Corporate Communications & Engagement (OPCC)"
MANAGER = "Corporate Information and Engagement Manager"


@pytest.mark.parametrize(
    ("text", "titles"),
    [
        ("ACC Local Policing", ("ACC Local Policing",)),
        (
            f"{HEAD} ACC Local Policing Chief Superintendent Local Policing",
            (HEAD, "ACC Local Policing", "Chief Superintendent Local Policing"),
        ),
        # Longest match wins: "Deputy Chief Constable" is not "Chief Constable".
        ("Deputy Chief Constable Chief Constable", ("Deputy Chief Constable", "Chief Constable")),
        (f"{HEAD_OPCC} {HEAD}", (HEAD_OPCC, HEAD)),
        # Titles that contain commas, "and" and "&" stay whole.
        (
            "ACC Crime, Justice and Vulnerability ACC Local Policing",
            ("ACC Crime, Justice and Vulnerability", "ACC Local Policing"),
        ),
        (f"{MANAGER} Digital Channels Manager", (MANAGER, "Digital Channels Manager")),
    ],
)
def test_run_together_titles_split_into_known_roles(text, titles):
    assert MATCHER.split(text) == OwnerSplit(titles=titles, unmatched=())


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("Assistant Chief Constable Local Policing", "ACC Local Policing"),
        ("DCC", "Deputy Chief Constable"),
        ("PCC", "Police and Crime Commissioner"),
        ("Chief Supt Local Policing", "Chief Superintendent Local Policing"),
        ("Chief Supt. Local Policing", "Chief Superintendent Local Policing"),
        (f"{HEAD} (WP)", HEAD),
    ],
)
def test_an_alias_gives_its_roles_title(text, title):
    assert MATCHER.split(text).titles == (title,)


@pytest.mark.parametrize(
    "text",
    [
        "acc local policing",
        "ACC LOCAL POLICING",
        "  ACC   Local\n Policing  ",
        "Acc Local\tPolicing",
    ],
)
def test_matching_ignores_case_and_whitespace(text):
    assert MATCHER.split(text) == OwnerSplit(("ACC Local Policing",), ())


def test_ampersand_and_and_are_the_same_inside_a_title():
    assert MATCHER.split("Head of Corporate Communications and Engagement").titles == (HEAD,)
    assert MATCHER.split("Corporate Information & Engagement Manager").titles == (MANAGER,)


@pytest.mark.parametrize(
    "separator", ["\n", ", ", ",", "; ", ";", " and ", " & ", "&", " / ", "/", "\n\n", " ,\n "]
)
def test_separators_between_titles_are_not_owners(separator):
    text = separator.join(["Chief Constable", "DCC", "ACC Crime, Justice and Vulnerability"])
    assert MATCHER.split(text) == OwnerSplit(
        ("Chief Constable", "Deputy Chief Constable", "ACC Crime, Justice and Vulnerability"), ()
    )


@pytest.mark.parametrize(
    ("text", "unmatched"),
    [
        ("ACCESS team", ("ACCESS team",)),  # "ACC" inside a longer word
        ("DCCs", ("DCCs",)),
        ("Chief Constables", ("Chief Constables",)),
        ("ACC Local Policingteam", ("ACC Local Policingteam",)),
    ],
)
def test_a_role_never_matches_inside_a_longer_word(text, unmatched):
    assert MATCHER.split(text) == OwnerSplit((), unmatched)


@pytest.mark.parametrize(
    ("text", "titles", "unmatched"),
    [
        ("Head of Estates ACC Local Policing", ("ACC Local Policing",), ("Head of Estates",)),
        (
            "DCC, Head of Estates, PCC",
            ("Deputy Chief Constable", "Police and Crime Commissioner"),
            ("Head of Estates",),
        ),
        ("ACC Local Policing and Head of Estates", ("ACC Local Policing",), ("Head of Estates",)),
        (
            "ACC Local Policing\nBob Smith\nJo Bloggs",
            ("ACC Local Policing",),
            ("Bob Smith", "Jo Bloggs"),
        ),
        ("Head of Estates", (), ("Head of Estates",)),
        (f"{HEAD} (Interim)", (HEAD,), ("(Interim)",)),
        (
            "Facilities & Estates Lead; PCC",
            ("Police and Crime Commissioner",),
            ("Facilities & Estates Lead",),
        ),
    ],
)
def test_leftover_text_is_unmatched_and_never_a_role(text, titles, unmatched):
    assert MATCHER.split(text) == OwnerSplit(titles, unmatched)


def test_a_role_named_twice_is_listed_once_in_first_position():
    split = MATCHER.split("DCC, Chief Constable and Deputy Chief Constable")
    assert split == OwnerSplit(("Deputy Chief Constable", "Chief Constable"), ())


@pytest.mark.parametrize("text", ["", "   ", "\n", " , ; / & and "])
def test_empty_or_separator_only_text_has_no_owners(text):
    assert MATCHER.split(text) == OwnerSplit((), ())


def test_split_owners_is_the_one_off_form_of_the_matcher():
    assert split_owners("PCC DCC", ROLES) == MATCHER.split("PCC DCC")


def test_a_long_cell_of_repeats_lists_each_role_once():
    text = "\n".join([role.title for role in ROLES] * 200)
    assert MATCHER.split(text) == OwnerSplit(tuple(role.title for role in ROLES), ())


_titles = [role.title for role in ROLES]
_separators = st.sampled_from([" ", "\n", ", ", "; ", " and ", " & ", " / ", ",\n"])


@given(st.permutations(_titles), _separators, st.sampled_from([str, str.upper, str.lower]))
def test_any_permutation_of_titles_splits_back_into_exactly_those_titles(titles, separator, case):
    text = separator.join(case(title) for title in titles)
    assert MATCHER.split(text) == OwnerSplit(tuple(titles), ())


@given(st.text())
def test_splitting_never_raises_and_only_returns_known_titles(text):
    split = MATCHER.split(text)
    assert set(split.titles) <= set(_titles)
    assert len(split.titles) == len(set(split.titles))
    assert all(fragment == fragment.strip() and fragment for fragment in split.unmatched)


_names = [name for role in ROLES for name in (role.title, *role.aliases)]
_pieces = st.sampled_from(_names) | st.sampled_from(["", " ", "Unknown Role", "()", ",", "."])


@given(st.lists(_pieces, max_size=5), st.sampled_from([";", "; ", "\n", " ;\n", ";;"]))
def test_reading_piece_by_piece_agrees_with_the_full_matcher(pieces, separator):
    """Owner text that is a list of whole names is read piece by piece (each distinct piece
    once); whatever it holds, the answer is the full matcher's."""
    text = separator.join(pieces)
    fresh = OwnerMatcher(ROLES)
    assert fresh.split(text) == fresh._split(text)


def test_a_name_containing_a_separator_turns_piece_by_piece_reading_off():
    matcher = OwnerMatcher([KnownRole("Lead; Support"), KnownRole("Lead"), KnownRole("Support")])
    assert matcher.split("Lead; Support") == OwnerSplit(("Lead; Support",), ())


OVERLAPPING = (
    KnownRole("Head of Communications"),
    KnownRole("Engagement"),
    KnownRole("Head of Communications Engagement"),
    KnownRole("ACC"),
    KnownRole("Local Policing Lead"),
    KnownRole("ACC Local Policing"),
)
_overlapping_names = [role.title for role in OVERLAPPING]


@given(
    st.lists(st.sampled_from(_overlapping_names + ["", "Unknown"]), max_size=4),
    st.sampled_from([";", "\n", "; ", ";\n", " "]),
)
def test_piece_by_piece_reading_agrees_when_names_overlap_across_separators(names, separator):
    """A line break is a space to the matcher, so a name may run across it ("Head of
    Communications\\nEngagement" is one role here): only semicolons divide pieces."""
    text = separator.join(names)
    fresh = OwnerMatcher(OVERLAPPING)
    assert fresh.split(text) == fresh._split(text)


def test_a_name_may_run_across_a_line_break():
    matcher = OwnerMatcher(OVERLAPPING)
    assert matcher.split("Head of Communications\nEngagement").titles == (
        "Head of Communications Engagement",
    )


# Unknown names split the same way whatever joins them (issue 13).


@pytest.mark.parametrize(
    ("text", "unmatched"),
    [
        ("Gilly & Alex", ("Gilly", "Alex")),
        ("Gilly and Alex", ("Gilly", "Alex")),
        ("Gilly / Alex", ("Gilly", "Alex")),
        ("Gilly/Alex", ("Gilly", "Alex")),
        ("Gilly + Alex", ("Gilly", "Alex")),
        ("Peta / GM", ("Peta", "GM")),
        ("GM / Peta", ("GM", "Peta")),
        ("Head of Estates and Head of Fleet", ("Head of Estates", "Head of Fleet")),
        ("Gilly, Alex & Sam", ("Gilly", "Alex", "Sam")),
        # One title whose parts share a role word stays whole.
        ("Facilities & Estates Lead", ("Facilities & Estates Lead",)),
        ("Head of Communications & Engagement", ("Head of Communications & Engagement",)),
        ("Comms / Engagement Officer", ("Comms / Engagement Officer",)),
        ("R&D Lead", ("R&D Lead",)),
    ],
)
def test_unknown_names_joined_by_and_ampersand_or_slash_are_separate_owners(text, unmatched):
    assert MATCHER.split(text) == OwnerSplit((), unmatched)


def test_known_titles_containing_and_or_ampersand_still_match_whole_beside_unknown_names():
    split = MATCHER.split(f"Gilly & {HEAD} / Alex")
    assert split == OwnerSplit((HEAD,), ("Gilly", "Alex"))


_people = st.lists(
    st.sampled_from(["Gilly", "Alex", "Peta", "GM", "Jo Bloggs", "Sam"]),
    min_size=1,
    max_size=4,
    unique=True,
)
_any_separator = st.sampled_from([", ", ";", "\n", " & ", " / ", "/", " and ", " + "])


@given(_people, _any_separator)
def test_people_are_the_same_owners_whatever_the_separator(people, separator):
    assert MATCHER.split(separator.join(people)) == OwnerSplit((), tuple(people))


@given(_people, _any_separator)
def test_the_order_written_changes_only_which_owner_leads(people, separator):
    forward = MATCHER.split(separator.join(people)).unmatched
    backward = MATCHER.split(separator.join(reversed(people))).unmatched
    assert sorted(forward) == sorted(backward)
