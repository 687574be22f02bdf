"""The commented starter profile that `playbook new` writes."""

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
