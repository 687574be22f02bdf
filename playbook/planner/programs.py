"""One residency program as the planner sees it, and the vocabulary of its fields.

Both the applicant's program sheet and the List of Unfilled Programs become `Program`s; the
functions here turn the words people type (`PM&R`, `Internal Medicine - Preliminary`,
`1234140C0`) into the planner's values.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BeforeValidator, Field

from ..specialties import SPECIALTY_LABELS

Position = Literal["categorical", "preliminary", "transitional", "advanced", "physician"]
Setting = Literal["university", "community", "university_affiliated", "unknown"]
ImgHistory = Literal["often", "sometimes", "rarely", "unknown"]
Sponsor = Literal["yes", "no", "unknown"]

POSITIONS: tuple[str, ...] = Position.__args__  # type: ignore[attr-defined]
SETTINGS: tuple[str, ...] = Setting.__args__  # type: ignore[attr-defined]
IMG_HISTORIES: tuple[str, ...] = ImgHistory.__args__  # type: ignore[attr-defined]
POSITION_LABELS = {
    "categorical": "categorical",
    "preliminary": "preliminary PGY-1",
    "transitional": "transitional PGY-1",
    "advanced": "advanced PGY-2",
    "physician": "physician-only (R)",
}
# The letter after the specialty digits of an NRMP program code, e.g. 1234140C0.
CODE_LETTERS = {"C": "categorical", "P": "preliminary", "A": "advanced", "R": "physician"}
_CODE = re.compile(r"^\d{7}[CPAR]\d$")
# Specialties that are a position type as much as a field.
_POSITION_OF = {
    "transitional_year": "transitional", "preliminary_medicine": "preliminary", "preliminary_surgery": "preliminary",
}
_PRELIMINARY_OF = {"internal_medicine": "preliminary_medicine", "general_surgery": "preliminary_surgery"}

US_STATES = frozenset(
    "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND "
    "OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY PR GU VI AS MP".split()
)


@dataclass(frozen=True)
class Program:
    """A program with what is known of it; `researched` is False for one known only from the list."""

    name: str
    specialty: str
    position: str = "categorical"
    code: str = ""
    state: str = ""
    setting: str = "unknown"
    j1: str = "unknown"
    h1b: str = "unknown"
    img_history: str = "unknown"
    resources: str = ""
    notes: str = ""
    researched: bool = True
    specialty_text: str = ""
    positions: int | None = None
    row: int = 0

    @property
    def specialty_label(self) -> str:
        return SPECIALTY_LABELS.get(self.specialty, self.specialty_text or self.specialty)


def normalise_name(name: str) -> str:
    """A program name reduced so that spellings of the same name compare equal."""
    plain = re.sub(r"['’`]", "", name)
    plain = unicodedata.normalize("NFKD", plain).encode("ascii", "ignore").decode().lower()
    plain = plain.replace("&", " and ").replace("saint ", "st ")
    words = re.sub(r"[^a-z0-9]+", " ", plain).split()
    return " ".join(w for w in words if w not in _FILLER)


_FILLER = frozenset({"the", "of", "at", "program", "residency"})


def normalise_code(code: str) -> str:
    return re.sub(r"[\s-]+", "", code).upper()


def check_code(value: str) -> str:
    """An NRMP program code as typed, normalised; empty is allowed."""
    code = normalise_code(value)
    if code and not is_code(code):
        raise ValueError("expected an NRMP program code like 1234140C0 (7 digits, C/P/A/R, a digit) or nothing")
    return code


def check_state(value: str) -> str:
    if value and value.upper() not in US_STATES:
        raise ValueError("expected a two-letter US state code like OH, or nothing")
    return value.upper()


def required(value: Any) -> Any:
    if value is None or not str(value).strip():
        raise ValueError("required, and empty here")
    return value


Required = Annotated[str, BeforeValidator(required), Field(max_length=200)]
Code = Annotated[str, AfterValidator(check_code)]
State = Annotated[str, AfterValidator(check_state)]


def is_code(code: str) -> bool:
    return bool(_CODE.match(code))


def _key(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower().replace("&", " and ")
    return " ".join(re.sub(r"[^a-z0-9]+", " ", plain).split())


_ALIASES = {
    "peds": "pediatrics", "paediatrics": "pediatrics", "pm and r": "pmr", "pmandr": "pmr", "physiatry": "pmr",
    "physical medicine and rehab": "pmr", "physical medicine and rehabilitation": "pmr",
    "im": "internal_medicine", "medicine": "internal_medicine", "fm": "family_medicine",
    "med peds": "med_peds", "internal medicine pediatrics": "med_peds", "medicine pediatrics": "med_peds",
    "ty": "transitional_year", "transitional": "transitional_year", "genetics": "medical_genetics",
    "medical genetics": "medical_genetics", "pediatrics medical genetics": "medical_genetics",
    "internal medicine medical genetics": "medical_genetics", "ob gyn": "obstetrics_gynecology",
    "obstetrics and gynecology": "obstetrics_gynecology", "em": "emergency_medicine", "surgery": "general_surgery",
    "prelim medicine": "preliminary_medicine", "prelim surgery": "preliminary_surgery",
}
SPECIALTY_KEYS: dict[str, str] = {
    **{_key(k): k for k in SPECIALTY_LABELS},
    **{_key(label): k for k, label in SPECIALTY_LABELS.items()},
    **_ALIASES,
}
_POSITION_WORDS = {"preliminary": "preliminary", "prelim": "preliminary", "advanced": "advanced", "pgy 2": "advanced",
                   "categorical": "categorical", "physician": "physician"}


@lru_cache(maxsize=1024)
def read_specialty(text: str) -> tuple[str | None, str | None]:
    """(specialty key or None, position named in the same text or None): 'Medicine-Preliminary'."""
    key = _key(text)
    if key in SPECIALTY_KEYS:
        return SPECIALTY_KEYS[key], None
    for word, position in _POSITION_WORDS.items():
        if re.search(rf"\b{word}\b", key):
            base = " ".join(re.sub(rf"\b{word}\b", " ", key).split())
            if base in SPECIALTY_KEYS:
                return SPECIALTY_KEYS[base], position
    return None, None


@lru_cache(maxsize=256)
def read_position(text: str) -> str | None:
    key = _key(text).replace("pgy 1", "").strip()
    if key in POSITIONS:
        return key
    return _POSITION_WORDS.get(key) or {"transitional year": "transitional", "reserved": "physician"}.get(key)


def settle(program: Program) -> Program:
    """Make specialty and position agree: prelim IM is `preliminary_medicine` + `preliminary`."""
    position = _POSITION_OF.get(program.specialty, program.position)
    specialty = program.specialty
    if position == "preliminary":
        specialty = _PRELIMINARY_OF.get(specialty, specialty)
    if (specialty, position) == (program.specialty, program.position):
        return program
    return replace(program, specialty=specialty, position=position)


def position_from_code(code: str) -> str | None:
    return CODE_LETTERS.get(code[7]) if is_code(code) else None
