"""Which of her letters go with each application, best first."""

from __future__ import annotations

from ..profile import Letter, Profile
from ..specialties import label
from .strategy import Group

# Specialties whose letters also speak for a related one (a preliminary year is medicine or surgery).
_FAMILY = {
    "preliminary_medicine": ("internal_medicine",),
    "preliminary_surgery": ("general_surgery",),
    "transitional_year": ("internal_medicine",),
    "med_peds": ("internal_medicine", "pediatrics"),
}


class Letters:
    """Her letters in the order to assign them for a program; cached per (group, specialty)."""

    def __init__(self, profile: Profile, per_program: int):
        self.letters = list(enumerate(profile.letters, start=1))
        self.public = profile.visibility == "public"
        self.per_program = per_program
        self._cache: dict[tuple[str, str], tuple[str, ...]] = {}

    def for_program(self, group: Group | None, specialty: str) -> tuple[str, ...]:
        if group is None:
            return ()
        key = (group.id, specialty)
        if key not in self._cache:
            self._cache[key] = self._compute(group, specialty)
        return self._cache[key]

    def _compute(self, group: Group, specialty: str) -> tuple[str, ...]:
        wanted: list[str] = []
        for entry in group.letters:
            wanted += [specialty, *_FAMILY.get(specialty, ())] if entry == "same" else [entry]

        def rank(item: tuple[int, Letter]) -> tuple[int, bool, int]:
            number, letter = item
            place = wanted.index(letter.specialty) if letter.specialty in wanted else len(wanted)
            return place, not letter.us_based, number

        best = sorted(self.letters, key=rank)[: self.per_program]
        return tuple(self.name(n, x) for n, x in best)

    def name(self, number: int, letter: Letter) -> str:
        who = letter.author if letter.author and not self.public else f"letter {number}"
        return f"{who} ({_SHORT.get(letter.specialty) or label(letter.specialty)}{', US' if letter.us_based else ''})"


_SHORT = {"pmr": "PM&R", "medical_genetics": "Medical Genetics"}
