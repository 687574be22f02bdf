"""The applicant profile: its schema, its loader, and which of its fields are private."""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator

from .errors import Location, PlaybookError, raise_all
from .specialties import Specialty
from .yamlfile import FieldError, Source, did_you_mean, dotted, load_yaml, validate


def private(description: str, *, situation: bool = False, **kw: Any) -> Any:
    """A field whose value never reaches a public build of a person's profile.

    A `situation` field (visa, ECFMG status, attempts, …) also chooses which steps apply, so a
    guide about a persona may set it and show it; every other private field is personal data.
    """
    extra = {"private": True, "situation": True} if situation else {"private": True}
    return Field(description=description, json_schema_extra=extra, **kw)


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    @field_validator("*", mode="after")
    @classmethod
    def _no_control_characters(cls, value: Any) -> Any:
        """Text is shown on pages, on paper and in terminals: a control character has no place in it."""
        for text in (value if isinstance(value, (list, tuple)) else [value]):
            if isinstance(text, str) and (found := _CONTROL.search(text)):
                raise ValueError(f"control characters such as U+{ord(found.group()):04X} are not allowed here")
        return value


CLOCK = r"^([01][0-9]|2[0-3]):[0-5][0-9]$"
SLUG = r"^[a-z0-9]+(-[a-z0-9]+)*$"
_HOST = r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)*[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_WEB_ADDRESS = re.compile(rf"https?://{_HOST}(?::[0-9]{{1,5}})?(?:/[A-Za-z0-9\-._~%!$&*+,;=:@/]*)?")


def web_address(value: str) -> str:
    """A site address that is safe to write anywhere: http(s), a host name, a plain path.

    No quotes, angle brackets, spaces, control characters, user names or query strings: MkDocs
    writes the address unescaped into every page, so only characters that are inert in HTML pass.
    """
    if len(value) > 500 or not _WEB_ADDRESS.fullmatch(value):
        raise ValueError("expected a web address such as https://you.github.io/repo/ (http or https, a host name, "
                         "a path without quotes, spaces, angle brackets or a query)")
    return value


def _clock(value: str) -> str:
    if not re.fullmatch(CLOCK, value):
        raise ValueError("expected a 24-hour time HH:MM, in Eastern time (ET)")
    return value


Clock = Annotated[str, AfterValidator(_clock), Field(json_schema_extra={"pattern": CLOCK})]


class Moment(Strict):
    """A date and/or a time that replace what a calendar rule gives for one event."""

    date: dt.date | None = Field(None, description="The date, YYYY-MM-DD.")
    time: Clock | None = Field(None, description="The time, HH:MM in America/New_York (ET).")

    @model_validator(mode="after")
    def _date_or_time(self) -> Moment:
        if self.date is None and self.time is None:
            raise ValueError("give a date, a time or both")
        return self


class CalendarOverride(Moment):
    """Your correction of one calendar event, e.g. from an NRMP email for your year."""

    note: str | None = private("Where the correction comes from.", default=None, max_length=200)


class Contact(Strict):
    email: str | None = private("Email address programs can reach you at.", default=None)
    phone: str | None = private("Phone number, ideally a US number.", default=None)
    address: str | None = private("Postal address.", default=None)


class Exam(Strict):
    status: Literal["passed", "failed", "pending", "not_taken"] = Field(
        "not_taken", description="Latest result: passed, failed, pending or not_taken."
    )
    score: int | None = private("Three-digit score, if the exam is scored.", default=None, ge=1, le=300)
    attempts: int = private("Number of attempts so far, passing one included.", situation=True, default=0, ge=0, le=10)

    @property
    def failures(self) -> int:
        passed = 1 if self.status == "passed" else 0
        return max(self.attempts - passed, 0)

    @model_validator(mode="after")
    def _attempts_fit_status(self) -> Exam:
        if self.status in ("passed", "failed") and self.attempts == 0:
            return self.model_copy(update={"attempts": 1})
        return self


class Exams(Strict):
    step1: Exam = Field(default_factory=Exam, description="USMLE Step 1 (pass/fail since 2022).")
    step2ck: Exam = Field(default_factory=Exam, description="USMLE Step 2 CK.")
    step3: Exam = Field(default_factory=Exam, description="USMLE Step 3 (needed for H-1B).")


class Letter(Strict):
    author: str | None = private("Who writes the letter.", default=None)
    specialty: Specialty = Field(description="The writer's specialty.")
    us_based: bool = Field(False, description="True when the writer works in the US.")


class Specialties(Strict):
    targets: list[Specialty] = Field(min_length=1, description="Specialties you aim for first.")
    alternatives: list[Specialty] = Field(
        default_factory=list, description="Specialties you would also train in."
    )


class MatchedPosition(Strict):
    """What a partially matched applicant already holds."""

    specialty: Specialty
    position: Literal["categorical", "advanced", "preliminary", "transitional"]


class LastCycle(Strict):
    """For reapplicants: what happened last time."""

    year: int | None = Field(None, ge=2000, le=2100)
    applications: int | None = private("Programs applied to.", default=None, ge=0, le=2000)
    interviews: int | None = private("Interviews received.", default=None, ge=0, le=500)
    soap_applications: int | None = private("SOAP applications sent.", default=None, ge=0, le=45)
    unmatched_cycles: int = private(
        "Match cycles you have ended without a position, the last one included.", situation=True, default=1,
        ge=1, le=20
    )


class Profile(Strict):
    """One applicant (or, for a public guide, one persona)."""

    name: str | None = Field(None, max_length=120, description="Your name; leave out for a guide.")
    title: str | None = Field(
        None, max_length=120, description="A guide's title, e.g. 'Non-US IMG, pediatrics, needs J-1'; "
        "shown instead of a name in public builds."
    )
    visibility: Literal["private", "public"] = Field(
        "private", description="public leaves every private value out of every output."
    )
    slug: str | None = Field(
        None, max_length=60, description="The site's folder name in a batch (and part of its public address), e.g. "
        "amina-okafor: lower-case letters, digits and dashes. Default: from the title, else the name."
    )
    site_url: str | None = Field(None, description="Public address of the site, e.g. https://you.github.io/repo/.")
    contact: Contact = Field(default_factory=Contact)
    medical_school: str | None = private("Medical school name.", default=None, max_length=200)
    graduation_year: int = Field(ge=1950, le=2100, description="Year of medical-school graduation.")
    citizenship: Literal["us_citizen", "us_img", "non_us"] = Field(
        description="us_citizen (US graduate or citizen), us_img (US citizen or permanent "
        "resident who studied abroad), non_us (needs a visa to train)."
    )
    visa: Literal["j1", "h1b", "j1_or_h1b", "none"] = private("Visa you need to train in the US.", situation=True)
    specialties: Specialties
    exams: Exams = Field(default_factory=Exams)
    ecfmg: Literal["certified", "pending", "not_started", "not_needed"] = private(
        "ECFMG certification status (default: not_needed for us_citizen, else pending).", situation=True,
        default="pending"
    )
    usce_months: int = private("Months of hands-on US clinical experience.", situation=True, default=0, ge=0, le=240)
    letters: list[Letter] = Field(default_factory=list)
    match_status: Literal[
        "applying", "unmatched", "partially_matched", "soap_unmatched", "reapplicant"
    ] = Field(description="Where you stand in the Match.")
    matched_position: MatchedPosition | None = private(
        "For partially_matched: the position you already hold.", situation=True, default=None
    )
    last_cycle: LastCycle | None = Field(None, description="For reapplicants: the last cycle.")
    cycle: int = Field(ge=2000, le=2100, description="Match cycle year (the year of Match Day).")
    timezone: str = Field("America/New_York", description="Your home time zone, an IANA name.")
    languages: list[str] = Field(default_factory=list, description="Languages you speak.")
    calendar_overrides: dict[str, CalendarOverride] = Field(
        default_factory=dict,
        description="Corrections to calendar events for your cycle, by event id, e.g. "
        "soap_round_1: {date: 2027-03-17, time: '12:00'}. They win over every rule.",
    )
    programs: str | None = Field(
        None, min_length=1, max_length=500,
        description="Your program sheet (CSV or YAML), relative to this file; `playbook new --programs` writes one.",
    )

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        if value not in _zones():
            hint = did_you_mean(value, sorted(_zones()))
            raise ValueError(f"unknown time zone; use an IANA name like Asia/Kolkata{hint}")
        return value

    @field_validator("site_url")
    @classmethod
    def _web_address(cls, value: str | None) -> str | None:
        return None if value is None else web_address(value)

    @field_validator("slug")
    @classmethod
    def _slug(cls, value: str | None) -> str | None:
        if value is not None and not re.fullmatch(SLUG, value):
            raise ValueError("expected lower-case letters, digits and single dashes, e.g. amina-okafor")
        return value

    @model_validator(mode="after")
    def _us_graduate_needs_no_ecfmg(self) -> Profile:
        """ECFMG certifies graduates of schools abroad: a US graduate's default is not_needed."""
        if self.citizenship == "us_citizen" and "ecfmg" not in self.model_fields_set:
            return self.model_copy(update={"ecfmg": "not_needed"})
        return self

    @model_validator(mode="after")
    def _consistent(self) -> Profile:
        if self.citizenship != "non_us" and self.visa != "none":
            raise FieldError(("visa",), "only a non_us applicant needs a visa; use none")
        if self.citizenship == "non_us" and self.visa == "none":
            raise FieldError(("visa",), "a non_us applicant needs j1, h1b or j1_or_h1b")
        if self.match_status == "partially_matched" and self.matched_position is None:
            raise FieldError(("match_status",), "partially_matched needs matched_position")
        for event, fix in self.calendar_overrides.items():
            if fix.date and not self.cycle - 1 <= fix.date.year <= self.cycle:
                raise FieldError(
                    ("calendar_overrides", event, "date"),
                    f"a date of the {self.cycle} cycle falls in {self.cycle - 1} or {self.cycle}",
                )
        return self

    @property
    def years_since_graduation(self) -> int:
        return max(self.cycle - self.graduation_year, 0)


@lru_cache(maxsize=1)
def _zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def load_profile(path: Path, event_ids: Iterable[str] | None = None) -> Profile:
    """Read and validate a profile file; every problem is reported with its position.

    With `event_ids` (the calendar's), `calendar_overrides` may only name those events.
    """
    return read_profile(path, event_ids)[0]


def read_profile(path: Path, event_ids: Iterable[str] | None = None) -> tuple[Profile, Source]:
    """The profile and its parsed file, kept for the positions later checks report at."""
    source = Source(str(path), load_yaml(path))
    if not isinstance(source.data, dict):
        raise PlaybookError("a profile must be a mapping of keys to values", Location(str(path)), got=source.data)
    profile = validate(Profile, source.data, source.file)
    if event_ids is not None:
        check_calendar_overrides(profile, source, event_ids)
    return profile, source


def check_calendar_overrides(profile: Profile, source: Source, event_ids: Iterable[str]) -> None:
    """`calendar_overrides` may only name events of the calendar."""
    known = sorted(event_ids)
    raise_all([
        PlaybookError(
            f"calendar_overrides.{dotted((event,))}: unknown calendar event{did_you_mean(event, known)}",
            source.at(("calendar_overrides", event), key=True),
            got=event,
        )
        for event in profile.calendar_overrides
        if event not in known
    ])


def private_paths(model: type[BaseModel] = Profile, prefix: str = "", *, personal: bool = False) -> list[str]:
    """Dotted names of every private field (only the personal ones with `personal`), nested models included."""
    paths: list[str] = []
    for name, field in model.model_fields.items():
        extra = field.json_schema_extra
        dotted = prefix + name
        if isinstance(extra, dict) and extra.get("private"):
            if not (personal and extra.get("situation")):
                paths.append(dotted)
            continue
        inner = _model_in(field.annotation)
        if inner is not None:
            paths.extend(private_paths(inner, dotted + ".", personal=personal))
    return paths


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _model_in(arg)
        if found:
            return found
    return None

