"""Staff profiles on a shared workstation: a name, a role and a start date. Never patient data.

A profile is created and changed by appending `profile` rows to the chain (the latest row of a profile
wins), so who changed their role or start date, and when, is part of the record. A person is known
across workstations by their name as typed, ignoring case and spacing: the director's merged report
puts "Ann Lee" on two workstations together. Names must therefore be unique in the clinic.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from handbook.errors import HandbookError
from handbook.records.chain import Event
from handbook.records.db import RecordStore

NAME_MAX = 60
_LONG_NUMBER = re.compile(r"\d{5,}")  # record numbers and dates of birth; a staff name never needs one
CURRENT_SETTING = "current_person"


class ProfileError(HandbookError):
    """A profile was refused (empty or duplicate name, unknown role...)."""


def person_key(name: str) -> str:
    """How a person is matched across workstations: the name, case and spacing ignored."""
    return " ".join(str(name).split()).casefold()


def clean_name(name: str) -> str:
    """The name as stored: blanks trimmed, inner runs of spaces made one."""
    return " ".join(str(name).split())


@dataclass(frozen=True, slots=True)
class Profile:
    """One person on one workstation, as last saved."""

    id: str
    name: str
    role: str
    start_date: dt.date
    workstation: str

    @property
    def key(self) -> str:
        """The person's name key (see `person_key`)."""
        return person_key(self.name)


@dataclass(frozen=True, slots=True)
class Person:
    """A person as the records know them, over every workstation: their profiles' ids, the role of their
    most recent profile change and a start date (see `resolve` and `people`).
    """

    key: str
    name: str
    role: str
    start_date: dt.date
    profile_ids: frozenset[str]
    workstations: tuple[str, ...]


def _profiles(events: Iterable[Event]) -> list[tuple[Profile, str]]:
    """(profile, time of its latest row) from profile rows, oldest profile first."""
    latest: dict[str, tuple[Profile, str]] = {}
    order: list[str] = []
    for event in events:
        if event.kind != "profile":
            continue
        try:
            start = dt.date.fromisoformat(str(event.payload.get("start_date", "")))
        except ValueError:
            start = dt.date.fromisoformat(event.recorded_at[:10])
        if event.person_id not in latest:
            order.append(event.person_id)
        profile = Profile(event.person_id, event.person_name, event.role, start, event.workstation)
        latest[event.person_id] = (profile, event.recorded_at)
    return [latest[pid] for pid in order]


def all_profiles(store: RecordStore) -> list[Profile]:
    """Every profile in the records, this workstation's and merged ones, in order of creation."""
    return [profile for profile, _ in _profiles(store.events(kind="profile"))]


def local_profiles(store: RecordStore) -> list[Profile]:
    """The profiles of this workstation (the ones a person chooses from), sorted by name."""
    mine = [p for p in all_profiles(store) if p.workstation == store.workstation]
    return sorted(mine, key=lambda p: p.key)


def check_profile(
    name: str, role: str, roles: Collection[str], existing: Iterable[Profile], exclude_id: str = ""
) -> str | None:
    """Why a name and role cannot be saved, or None. `existing` are this workstation's profiles."""
    cleaned = clean_name(name)
    if not cleaned:
        return "Enter the person's name."
    if len(cleaned) > NAME_MAX:
        return f"A name has at most {NAME_MAX} characters."
    if _LONG_NUMBER.search(cleaned):
        return "A staff name never holds a long number: no record numbers or dates of birth."
    if role not in roles:
        return "Choose a role."
    for profile in existing:
        if profile.id != exclude_id and profile.key == person_key(cleaned):
            return f"'{profile.name}' is already on this workstation: choose it from the list."
    return None


def _save(store: RecordStore, profile_id: str, name: str, role: str, start: dt.date, action: str) -> Profile:
    event = store.append(
        "profile",
        profile_id,
        clean_name(name),
        role,
        payload={"start_date": start.isoformat(), "action": action},
    )
    return Profile(profile_id, event.person_name, role, start, store.workstation)


def create_profile(
    store: RecordStore, name: str, role: str, start_date: dt.date, roles: Collection[str]
) -> Profile:
    """Add a person to this workstation. Raises ProfileError with the reason when refused."""
    reason = check_profile(name, role, roles, local_profiles(store))
    if reason:
        raise ProfileError(reason)
    return _save(store, str(uuid.uuid4()), name, role, start_date, "created")


def update_profile(
    store: RecordStore, profile: Profile, name: str, role: str, start_date: dt.date, roles: Collection[str]
) -> Profile:
    """Change a person's name, role or start date (a new row; the old one stays in the record)."""
    reason = check_profile(name, role, roles, local_profiles(store), exclude_id=profile.id)
    if reason:
        raise ProfileError(reason)
    return _save(store, profile.id, name, role, start_date, "changed")


def current_profile(store: RecordStore) -> Profile | None:
    """The person last chosen on this workstation, or None (first use, or their profile is gone)."""
    chosen = store.get_setting(CURRENT_SETTING)
    return next((p for p in local_profiles(store) if p.id == chosen), None)


def choose_profile(store: RecordStore, profile: Profile | None) -> None:
    """Make a person the current one on this workstation (None: nobody)."""
    store.set_setting(CURRENT_SETTING, profile.id if profile else "")


def resolve(store: RecordStore, who: Profile | Person) -> Person:
    """The person behind a local profile: its name, role and start date, with every profile id (any
    workstation) under the same name, so their acknowledgements elsewhere count once merged.
    """
    if isinstance(who, Person):
        return who
    same = [p for p in all_profiles(store) if p.key == who.key]
    ids = frozenset({who.id, *(p.id for p in same)})
    stations = tuple(sorted({who.workstation, *(p.workstation for p in same)}))
    return Person(who.key, who.name, who.role, who.start_date, ids, stations)


def people(store: RecordStore) -> list[Person]:
    """Everyone in the records, merged by name: role of the most recent profile change, earliest start
    date, every workstation. Sorted by name.
    """
    groups: dict[str, list[tuple[Profile, str]]] = {}
    for profile, at in _profiles(store.events(kind="profile")):
        groups.setdefault(profile.key, []).append((profile, at))
    result = []
    for key, rows in groups.items():
        newest = max(rows, key=lambda row: row[1])[0]
        result.append(
            Person(
                key,
                newest.name,
                newest.role,
                min(p.start_date for p, _ in rows),
                frozenset(p.id for p, _ in rows),
                tuple(sorted({p.workstation for p, _ in rows})),
            )
        )
    return sorted(result, key=lambda p: p.key)
