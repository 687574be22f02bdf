"""The commented starter profile that `playbook new` writes, and the starter values `check` warns about."""

from __future__ import annotations

from typing import Any

from .errors import Location

STARTER_PROFILE = """\
# A playbook profile. Every line marked (private) stays out of public builds.
# Check it with: playbook check profile.yaml    Build it with: playbook build profile.yaml
# Editor completion: playbook schema > profile.schema.json

name: Your Name                 # leave out for a public guide about a persona
visibility: private             # private | public
contact:                        # (private)
  email: you@example.org
  phone: "+1 555 010 0000"      # a US number programs can call
medical_school: Your Medical School   # (private)
graduation_year: 2022
citizenship: non_us             # us_citizen | us_img | non_us
visa: j1                        # (private) j1 | h1b | j1_or_h1b | none
specialties:
  targets: [pediatrics]         # pediatrics, medical_genetics, pmr, internal_medicine, ...
  alternatives: [family_medicine]
exams:                          # status: passed | failed | pending | not_taken (score, attempts private)
  step1: {status: passed, attempts: 1}
  step2ck: {status: passed, score: 235, attempts: 1}
  step3: {status: not_taken}
ecfmg: certified                # (private) certified | pending | not_started | not_needed
usce_months: 3                  # (private) months of hands-on US clinical experience
letters:                        # author is private
  - {author: Dr. A. Writer, specialty: pediatrics, us_based: true}
  - {author: Dr. B. Writer, specialty: pediatrics, us_based: false}
match_status: applying          # applying | unmatched | partially_matched | soap_unmatched | reapplicant
cycle: 2027                     # the year of Match Day
timezone: Asia/Kolkata          # your home time zone (IANA name)
languages: [English]
# calendar_overrides:           # correct a date for your cycle (times in ET), e.g. from NRMP:
#   rank_list_deadline: {date: 2027-03-03, time: "21:00", note: NRMP email}
# programs: my-programs.csv     # your program sheet for the SOAP planner (playbook new --programs)
"""


# Values of the starter a real profile replaces: a playbook built with them is someone else's.
STARTER_VALUES: dict[tuple[Any, ...], str] = {
    ("name",): "Your Name",
    ("contact", "email"): "you@example.org",
    ("contact", "phone"): "+1 555 010 0000",
    ("medical_school",): "Your Medical School",
    ("letters", 0, "author"): "Dr. A. Writer",
    ("letters", 1, "author"): "Dr. B. Writer",
}


def starter_profile(file_name: str) -> str:
    """The starter, its first lines naming the file it is written to."""
    return STARTER_PROFILE.replace("profile.yaml", file_name, 2)


def untouched(data: Any, at: Any) -> list[str]:
    """Warnings for the starter's values still in a profile: 'FILE:LINE:COL: warning: …'.

    `data` is the parsed profile, `at(loc)` gives a Location."""
    warnings = []
    for loc, value in STARTER_VALUES.items():
        node = data
        for part in loc:
            try:
                node = node[part]
            except (KeyError, IndexError, TypeError):
                node = None
                break
        if node == value:
            where: Location = at(loc)
            warnings.append(f"{where}: warning: still the starter's {'.'.join(map(str, loc))} (got {value!r}); "
                            "put your own, or delete the line")
    return warnings
