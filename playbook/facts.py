"""What content may know about an applicant: the names `when:` conditions and templates see."""

from __future__ import annotations

from typing import Any

from .profile import Profile, private_paths
from .render.text import MINUS, zone_city
from .specialties import SPECIALTY_LABELS, label


class Blank(str):
    """A value the reader fills in by hand: a program's name, or a private value left out."""

    __slots__ = ()


def facts(profile: Profile, *, redact: bool = False) -> dict[str, Any]:
    """The profile as plain data plus derived values; with `redact`, private values become blanks.

    A guide (a profile without a name) describes a persona, so only its personal values are private.
    """
    data = profile.model_dump(mode="python")
    hidden = private_paths(personal=profile.name is None) if redact else []
    for path in hidden:
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
        us_letters=sum(1 for x in letters if x.us_based),
        letter_specialties=tuple(x.specialty for x in letters),
        letters_in=_count_by_specialty(letters),
        us_letters_in=_count_by_specialty([x for x in letters if x.us_based]),
        first_cycle=profile.match_status in ("applying", "unmatched", "partially_matched"),
        match_week_ahead=profile.match_status in MATCH_WEEK_AHEAD,
        in_bridge_year=profile.match_status in BRIDGE,
        program_specialty=program_specialty(profile),
        home_zone=home_zone(profile.timezone),
        readiness=None,
    )
    data.update(_private_derived(profile, set(hidden)))
    return data


def home_zone(zone: str) -> str:
    """Her time zone as a reader names it: 'Asia/Kolkata' → 'Kolkata'; a fixed offset as the offset it is
    ('Etc/GMT-5' is UTC+5: the sign of those names is the other way round)."""
    if zone in ("UTC", "Etc/UTC", "Etc/GMT", "GMT"):
        return "UTC"
    if zone.startswith("Etc/GMT"):
        offset = zone.removeprefix("Etc/GMT")
        return "UTC" + {"+": MINUS, "-": "+"}[offset[0]] + offset[1:]
    return zone_city(zone)


def program_specialty(profile: Profile) -> str:
    """The specialty a script speaks of: the program's own, so a blank when she applies to several.

    Medical genetics is reached through internal medicine or pediatrics, so genetics is left out
    when she lists other specialties: her SOAP scripts go to their programs, and lead with them.
    """
    names = profile.specialties.targets + profile.specialties.alternatives
    names = [s for s in names if s != "medical_genetics"] or names
    labels = list(dict.fromkeys(label(s) for s in names))
    return labels[0] if len(labels) == 1 else Blank(" / ".join(labels))


def _count_by_specialty(letters: list[Any]) -> dict[str, int]:
    """Letters per specialty, every specialty present so `letters_in.pmr` is checked at load time."""
    counts = dict.fromkeys(SPECIALTY_LABELS, 0)
    for letter in letters:
        counts[letter.specialty] += 1
    return counts


def _private_derived(profile: Profile, hidden: set[str]) -> dict[str, Any]:
    """Values derived from private fields: blanks wherever their field is hidden (a guide shows its situation)."""
    last = profile.last_cycle
    values: dict[str, Any] = {
        "exam_failures": sum(getattr(profile.exams, k).failures for k in EXAM_NAMES),
        "step2ck_score": profile.exams.step2ck.score,
        "interviews_last_cycle": last.interviews if last else None,
        "unmatched_cycles": (last.unmatched_cycles if last else 1) if profile.match_status in BRIDGE else 0,
        "visa_label": VISA_LABELS[profile.visa],
        "failed_exams": tuple(EXAM_NAMES[k] for k in EXAM_NAMES if getattr(profile.exams, k).failures),
    }
    return {key: _blank(key) if DERIVED_FROM[key] in hidden else value for key, value in values.items()}


# The private field each derived value comes from (attempts and scores: Step 1's stands for all).
DERIVED_FROM = {
    "exam_failures": "exams.step1.attempts",
    "step2ck_score": "exams.step2ck.score",
    "interviews_last_cycle": "last_cycle.interviews",
    "unmatched_cycles": "last_cycle.unmatched_cycles",
    "visa_label": "visa",
    "failed_exams": "exams.step1.attempts",
}
# How a blank left for a private value reads ("[your months of US clinical experience]").
BLANK_LABELS = {
    "usce_months": "months of US clinical experience",
    "ecfmg": "ECFMG status",
    "phone": "phone number",
    "author": "letter writer",
    "medical_school": "medical school",
    "matched_position": "position you hold",
    "applications": "applications last cycle",
    "interviews": "interviews last cycle",
    "soap_applications": "SOAP applications last cycle",
    "unmatched_cycles": "cycles without a position",
    "step2ck_score": "Step 2 CK score",
    "visa_label": "visa",
    "exam_failures": "failed exam attempts",
    "failed_exams": "failed exams",
    "interviews_last_cycle": "interviews last cycle",
}


def _blank(key: str) -> Blank:
    return Blank(f"your {BLANK_LABELS.get(key, key.replace('_', ' '))}")


BRIDGE = ("soap_unmatched", "reapplicant")
# Statuses whose playbook leads up to a Match Week: a first cycle, or a reapplicant's new one.
MATCH_WEEK_AHEAD = ("applying", "unmatched", "partially_matched", "reapplicant")
VISA_LABELS = {"j1": "J-1", "h1b": "H-1B", "j1_or_h1b": "J-1 or H-1B", "none": "No visa needed"}


EXAM_NAMES = {"step1": "USMLE Step 1", "step2ck": "USMLE Step 2 CK", "step3": "USMLE Step 3"}


def _blank_out(data: dict[str, Any], path: list[str]) -> None:
    for part in path[:-1]:
        data = data.get(part) if isinstance(data, dict) else None
        if data is None:
            return
    if isinstance(data, dict) and path[-1] in data:
        data[path[-1]] = _blank(path[-1])
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
            "last_cycle": {
                "year": 2019, "applications": 1, "interviews": 1, "soap_applications": 1, "unmatched_cycles": 1
            },
            "cycle": 2027,
        }
    )
