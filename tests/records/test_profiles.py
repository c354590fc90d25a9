"""Staff profiles: created and changed as chained rows, chosen per workstation, checked for patient data."""

from __future__ import annotations

import datetime as dt

import pytest

from handbook.records.profiles import (
    ProfileError,
    check_profile,
    choose_profile,
    create_profile,
    current_profile,
    local_profiles,
    people,
    person_key,
    update_profile,
)
from tests.records.conftest import ROLES, START


def test_profiles_create_lists_and_records_row(store):
    """A new person is listed and their creation is a profile row in the chain."""
    profile = create_profile(store, "  Ann   Lee ", "nurse", START, ROLES)
    assert (profile.name, profile.role, profile.start_date) == ("Ann Lee", "nurse", START)
    assert local_profiles(store) == [profile]
    assert [(e.kind, e.payload["start_date"]) for e in store.events()] == [("profile", "2026-01-01")]


def test_profiles_nobody_current_at_first_use(store):
    """On a new workstation nobody is chosen."""
    assert current_profile(store) is None


def test_profiles_choose_switches_current(store):
    """Choosing a person makes them current; switching to another replaces them."""
    ann = create_profile(store, "Ann Lee", "nurse", START, ROLES)
    bo = create_profile(store, "Bo Chen", "prescriber", START, ROLES)
    choose_profile(store, ann)
    assert current_profile(store) == ann
    choose_profile(store, bo)
    assert current_profile(store) == bo


@pytest.mark.parametrize(
    ("name", "role", "reason"),
    [("", "nurse", "Enter the person's name"), ("A" * 61, "nurse", "at most 60"),
     ("Ann 19850412", "nurse", "no record numbers"), ("Ann", "janitor", "Choose a role"),
     ("ann  LEE", "nurse", "already on this workstation")],
)  # fmt: skip
def test_profiles_refused(store, name, role, reason):
    """Empty, long, numbered, unknown role and duplicate (case and spacing ignored) names are refused."""
    create_profile(store, "Ann Lee", "nurse", START, ROLES)
    assert reason in check_profile(name, role, ROLES, local_profiles(store))
    with pytest.raises(ProfileError, match=reason):
        create_profile(store, name, role, START, ROLES)


def test_profiles_update_keeps_earlier_row(store):
    """Changing the role adds a row; the latest row wins and the old one stays in the record."""
    ann = create_profile(store, "Ann Lee", "nurse", START, ROLES)
    changed = update_profile(store, ann, "Ann Lee", "director", dt.date(2026, 2, 1), ROLES)
    assert (changed.id, changed.role) == (ann.id, "director")
    assert local_profiles(store) == [changed]
    assert [e.role for e in store.events(kind="profile")] == ["nurse", "director"]


def test_profiles_update_may_keep_own_name(store):
    """Saving a person under their own name is not a duplicate."""
    ann = create_profile(store, "Ann Lee", "nurse", START, ROLES)
    assert update_profile(store, ann, "ANN LEE", "nurse", START, ROLES).name == "ANN LEE"


def test_profiles_person_key_ignores_case_and_spacing():
    """The cross-workstation key of a name."""
    assert person_key(" Ann  LEE ") == person_key("ann lee") == "ann lee"


def test_profiles_people_merges_same_name(store, clock):
    """Two profiles under one name are one person: latest role, earliest start date."""
    first = create_profile(store, "Ann Lee", "nurse", START, ROLES)
    clock.advance(days=1)
    store.append("profile", "other-id", "ann lee", "director", payload={"start_date": "2026-03-01"})
    (person,) = people(store)
    assert (person.role, person.start_date) == ("director", START)
    assert person.profile_ids == {first.id, "other-id"}
