"""What content may know about an applicant: the names `when:` conditions and templates see."""

from __future__ import annotations

from typing import Any

from .profile import Profile, private_paths
from .specialties import label


class Blank(str):
    """A value the reader fills in by hand: a program's name, or a private value left out."""

    __slots__ = ()


def facts(profile: Profile, *, redact: bool = False) -> dict[str, Any]:
    """The profile as plain data plus derived values; with `redact`, private values become blanks."""
    data = profile.model_dump(mode="python")
    if redact:
        for path in private_paths():
            _blank_out(data, path.split("."))
    exams = data["exams"]
    for key, exam in exams.items():
        exam["failures"] = profile.exams.__getattribute__(key).failures
        exam["name"] = EXAM_NAMES[key]
    letters = profile.letters
    data.update(
        name=profile.name if profile.name and not redact else Blank("your name"),
        is_guide=profile.name is None,
        needs_visa=profile.visa != "none",
        targets=tuple(profile.specialties.targets),
        alternatives=tuple(profile.specialties.alternatives),
        all_specialties=tuple(profile.specialties.targets + profile.specialties.alternatives),
        target_labels=tuple(label(s) for s in profile.specialties.targets),
        years_since_graduation=profile.years_since_graduation,
        exam_failures=sum(getattr(profile.exams, k).failures for k in EXAM_NAMES),
        us_letters=sum(1 for x in letters if x.us_based),
        letter_specialties=tuple(x.specialty for x in letters),
        first_cycle=profile.match_status in ("applying", "unmatched", "partially_matched"),
    )
    return data


EXAM_NAMES = {"step1": "USMLE Step 1", "step2ck": "USMLE Step 2 CK", "step3": "USMLE Step 3"}


def _blank_out(data: dict[str, Any], path: list[str]) -> None:
    for part in path[:-1]:
        data = data.get(part) if isinstance(data, dict) else None
        if data is None:
            return
    if isinstance(data, dict) and path[-1] in data:
        data[path[-1]] = Blank(f"your {path[-1].replace('_', ' ')}")
    if isinstance(data, list):
        for entry in data:
            _blank_out(entry, path[-1:])


def probe_profile() -> Profile:
    """A profile with every optional part present, so conditions can be checked against it."""
    return Profile.model_validate(
        {
            "name": "Probe",
            "graduation_year": 2020,
            "citizenship": "non_us",
            "visa": "j1",
            "specialties": {"targets": ["pediatrics"], "alternatives": ["family_medicine"]},
            "letters": [{"specialty": "pediatrics", "us_based": True, "author": "Dr. P"}],
            "match_status": "partially_matched",
            "matched_position": {"specialty": "pmr", "position": "advanced"},
            "last_cycle": {"year": 2019, "applications": 1, "interviews": 1, "soap_applications": 1},
            "cycle": 2027,
        }
    )
